"""The PDF copy of a signed agreement: for each of the two people from their mentorship page,
and for the program's staff from the relationship's staff page. Anyone else gets the same 404
as for a relationship that does not exist."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bridgeway.core.access import mfa_required
from bridgeway.core.http import AuthedRequest
from bridgeway.relationships.agreement_pdf import agreement_pdf, filename
from bridgeway.relationships.models import Agreement, Relationship
from bridgeway.relationships.selectors import (
    agreement_for_copy,
    relationship_get_for_party,
    relationship_get_for_staff,
)


def _download(request: AuthedRequest, relationship: Relationship, back: str) -> HttpResponse:
    agreement: Agreement | None = agreement_for_copy(relationship)
    if agreement is None:
        raise Http404  # a flash mentorship has no agreement
    if not agreement.complete:
        # Offered only once in force: a copy of a draft could be mistaken for the agreement.
        messages.info(
            request,
            _("The PDF copy is ready once the agreement is in force: both have signed it."),
        )
        return redirect(back, pk=relationship.pk)
    response = HttpResponse(
        agreement_pdf(agreement=agreement, reader=request.user), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(agreement)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def agreement_copy(request: AuthedRequest, pk: int) -> HttpResponse:
    """The mentee's or the mentor's copy, in their language and time zone."""
    relationship = relationship_get_for_party(person=request.user, relationship_id=pk)
    return _download(request, relationship, "relationships:detail")


@mfa_required
def staff_agreement_copy(request: AuthedRequest, pk: int) -> HttpResponse:
    """The copy for the program's staff (in their language and time zone)."""
    relationship = relationship_get_for_staff(person=request.user, relationship_id=pk)
    return _download(request, relationship, "relationships:staff_relationship")

""" "Each one, reach one": a mentor's or alumna's "Invite a colleague" page, and the public
page a colleague opens through the link (see colleagues.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.http import AuthedRequest
from bridgeway.programs import colleagues
from bridgeway.programs.views import program_page


@login_required
def colleague_invite(request: AuthedRequest, pk: int) -> HttpResponse:
    """The person's own link to the program, ready to copy, and the way to replace it."""
    link = colleagues.referral_link_for(person=request.user, program_id=pk)
    url = request.build_absolute_uri(reverse("programs:colleague_link", args=[link.token]))
    applications = colleagues.referral_counts(person=request.user).get(link.program_id, 0)
    return render(
        request,
        "programs/colleague_invite.html",
        {"program": link.program, "link": link, "url": url, "applications": applications},
    )


@login_required
@require_POST
def colleague_link_replace(request: AuthedRequest, pk: int) -> HttpResponse:
    colleagues.referral_link_replace(person=request.user, program_id=pk)
    messages.success(
        request, _("Here is your new link. The old one no longer works; share this one instead.")
    )
    return redirect("programs:colleague_invite", pk=pk)


def colleague_link(request: AuthedRequest, token: str) -> HttpResponse:
    """The program's public page as a colleague opens it, with who invited them."""
    link = colleagues.referral_link_open(token=token)
    colleagues.referral_link_remember(request=request, link=link)
    return program_page(request, link.program, link)

"""What the agency's notifications did for one enrolled person, on the staff side: sent,
failed and why, and sending again."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bridgeway.core.access import mfa_required
from bridgeway.core.http import AuthedRequest, parse_id
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.notifications.outbox import delivery_resend
from bridgeway.notifications.render import summary_in
from bridgeway.notifications.selectors import (
    deliveries_for_staff,
    delivery_counts_for_staff,
    delivery_get_for_staff,
)
from bridgeway.programs.selectors import enrollment_get_for_staff

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.programs.models import Enrollment


def deliveries_panel(*, enrollment: Enrollment, person: Person) -> dict[str, Any] | None:
    """On the staff page of an enrollment: how the agency's notifications fared for this
    person, with a link to the list (a staff enrollment panel, BRIDGEWAY_PANELS)."""
    counts = delivery_counts_for_staff(
        organization=enrollment.program.organization, person=enrollment.person
    )
    return {"enrollment": enrollment, **counts}


@mfa_required
def staff_deliveries(request: AuthedRequest, pk: int) -> HttpResponse:
    """What the agency's notifications did for one person: sent, failed and why, resend."""
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    organization = enrollment.program.organization
    page = paginate(
        request, deliveries_for_staff(organization=organization, person=enrollment.person)
    )
    items = [(d, summary_in(d.notification)) for d in page.object_list]
    return render(
        request,
        "notifications/staff_deliveries.html",
        {"enrollment": enrollment, "organization": organization, "page": page, "items": items},
    )


@mfa_required
@require_POST
def staff_resend(request: AuthedRequest, pk: int, delivery_id: int) -> HttpResponse:
    enrollment = enrollment_get_for_staff(person=request.user, enrollment_id=pk)
    delivery = delivery_get_for_staff(
        organization=enrollment.program.organization, delivery_id=parse_id(delivery_id)
    )
    if delivery is None or delivery.notification.person_id != enrollment.person_id:
        raise Http404
    try:
        delivery_resend(delivery=delivery)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The message is queued to be sent again."))
    return redirect("programs:staff_deliveries", pk=enrollment.pk)

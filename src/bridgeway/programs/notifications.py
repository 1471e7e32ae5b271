"""Kinds of notification about taking part in a program (BRIDGEWAY_NOTIFICATION_KINDS)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind
from bridgeway.programs.models import Enrollment, EnrollmentRole, ProgramInvitation


def _enrollments(items: list[tuple[dict[str, Any], Any]]) -> list[dict[str, Any]]:
    from bridgeway.programs.next_steps import next_steps

    loaded = Enrollment.objects.select_related("program__organization", "person").in_bulk(
        {params["enrollment"] for params, _recipient in items}
    )
    values = []
    for params, _recipient in items:
        enrollment = loaded.get(params["enrollment"])
        if enrollment is None:
            raise Enrollment.DoesNotExist(f"enrollment {params['enrollment']}")
        values.append(
            {
                "enrollment": enrollment,
                "program": enrollment.program.name,
                "program_name": enrollment.program.name,
                "agency": enrollment.program.organization.name,
                "next_steps": next_steps(enrollment) if params.get("with_next_steps") else [],
            }
        )
    return values


APPLICATION_RECEIVED = Kind(
    code="programs.application_received",
    label=_("Your application is received"),
    subject=_("Your application to %(program)s is received"),
    summary=_("%(agency)s has received your application to %(program)s."),
    template="programs/email/application_received.txt",
    contexts=_enrollments,
    needs_answer=True,
    roles=("mentee", "mentor"),
)

READY_TO_MATCH = Kind(
    code="programs.ready_to_match",
    label=_("You are ready to be matched"),
    subject=_("You are ready to be matched"),
    summary=_("You are ready to be matched in %(program)s."),
    template="programs/email/ready.txt",
    contexts=_enrollments,
    needs_answer=True,
    roles=("mentee", "mentor"),
)


def _program_invitation(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    invitation = ProgramInvitation.objects.select_related("program__organization").get(
        pk=params["invitation"]
    )
    return {
        "invitation": invitation,
        "program": invitation.program.name,
        "organization": invitation.program.organization,
        "agency": invitation.program.organization.name,
        "role": EnrollmentRole(invitation.role).label,
    }


PROGRAM_INVITATION = Kind(
    code="programs.invitation",
    label=_("Invitations to a program"),
    subject=_("%(agency)s invites you to %(program)s"),
    summary=_("%(agency)s invites you to %(program)s."),
    template="programs/email/program_invitation.txt",
    context=_program_invitation,
    mandatory=True,
    roles=(),  # sent to an address, before any account: nothing to choose
    texts=False,
)

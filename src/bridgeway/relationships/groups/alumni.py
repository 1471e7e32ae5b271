"""After a circle: the pair's next steps for its mentees. A mentee who finished (the group
reached its end, its goals, or their situation changed) is invited to mentor, the same one
step as after a mentorship; a mentee who wants to go on is sent by staff to look again, back on
the waiting list at the place of their earlier wait."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus
from bridgeway.relationships.closure import alumni_apply, mentee_look_again
from bridgeway.relationships.groups import services
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup
from bridgeway.relationships.models import FINISHED

S = EnrollmentStatus


def invite(group: MentoringGroup, members: list[GroupMember]) -> None:
    """When a group finished: each mentee still in it (not a newcomer who never signed) is
    invited to mentor, in their language, with a link to the one step."""
    for member in members:
        if member.role == EnrollmentRole.MENTEE and not member.must_sign:
            notify(
                kind="relationships.group_alumni_invitation",
                event=f"group:{group.pk}:alumni",
                person=member.enrollment.person,
                role="mentee",
                params={"group": group.pk},
                url=reverse("relationships:group_become_mentor", args=[group.pk]),
                organization=group.program.organization,
            )


@transaction.atomic
def become_mentor(*, group: MentoringGroup, by: Person) -> Enrollment:
    """A mentee who was in the group when it finished applies to mentor in its program."""
    member = (
        GroupMember.objects.filter(
            group=group,
            enrollment__person=by,
            role=EnrollmentRole.MENTEE,
            left_at__isnull=True,
            must_sign=False,
        )
        .select_related("enrollment")
        .first()
    )
    if member is None:
        raise DomainError(_("Only the group's mentees can accept this invitation."))
    if group.status != MentoringGroup.Status.CLOSED or group.close_reason not in FINISHED:
        raise DomainError(_("This invitation opens when a group has finished."))
    mentee = (
        Enrollment.objects.select_for_update()
        .select_related("program")
        .get(pk=member.enrollment_id)
    )
    return alumni_apply(mentee=mentee, by=by)


@transaction.atomic
def rematch(*, group: MentoringGroup, member: GroupMember, by: Person) -> Enrollment:
    """Staff: a mentee of this group, now closed or having left it, looks for a new group (or
    mentor) again."""
    if not services.is_program_staff(by, group.program):
        raise DomainError(_("Only the program's staff can do this."))
    mentee = (
        Enrollment.objects.select_for_update().select_related("person").get(pk=member.enrollment_id)
    )
    ended = group.status == MentoringGroup.Status.CLOSED or member.left_at is not None
    if member.group_id != group.pk or member.role != EnrollmentRole.MENTEE or not ended:
        raise DomainError(_("Only a mentee whose group ended, or who left it, can look again."))
    if mentee.status != S.CLOSED:
        raise DomainError(
            _("%(name)s is already looking again or has moved on (%(status)s).")
            % {"name": mentee.person.name, "status": mentee.get_status_display()}
        )
    ready = mentee_look_again(
        mentee=mentee, by=by, reason=_("Looking for a new group after a group ended.")
    )
    audit_record(
        actor=by,
        organization=group.program.organization,
        action="relationships.group_rematch",
        target=group,
        summary=f"{group.name}: {mentee.person.name}",
        data={"enrollment": mentee.pk},
        subject=mentee.person,
    )
    return ready

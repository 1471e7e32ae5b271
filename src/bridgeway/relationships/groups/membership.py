"""Members joining and leaving a circle after it was formed.

Staff add a mentee waiting for a group, or a second mentor, within the limits (one or two
mentors, two to twelve mentees). Someone added to a group already under way signs its agreement
before taking part: until then they read the agreement only, and meetings, goals, check-ins and
the conversation are not theirs yet. A member leaves by themself or is taken out by staff, with
a reason; a mentee who wants another group goes back to the waiting list at the place of their
earlier wait. A group left with fewer members than it needs is flagged to the program's staff,
never closed without them. Every member is told in their own language; staff actions are
audited; a second click changes nothing."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.models import Membership
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus
from bridgeway.programs.services import enrollment_set_status
from bridgeway.relationships.closure import mentee_look_again
from bridgeway.relationships.groups import services
from bridgeway.relationships.groups.checkins import member_counts, size_reasons
from bridgeway.relationships.groups.meetings import members_of
from bridgeway.relationships.groups.models import (
    MAX_MENTEES,
    MAX_MENTORS,
    GroupAgreement,
    GroupMeeting,
    GroupMember,
    GroupSignature,
    LeaveReason,
    MentoringGroup,
)

S = EnrollmentStatus
G = MentoringGroup.Status


def _locked_group(group: MentoringGroup) -> MentoringGroup:
    return (
        MentoringGroup.objects.select_for_update(of=("self",))
        .select_related("program__organization")
        .get(pk=group.pk)
    )


def _tell(
    member: GroupMember, group: MentoringGroup, kind: str, event: str, params: dict[str, int]
) -> None:
    notify(
        kind=kind,
        event=event,
        person=member.enrollment.person,
        role=member.role,
        params={"group": group.pk, **params},
        url=reverse("relationships:group", args=[group.pk]),
        organization=group.program.organization,
    )


@transaction.atomic
def member_add(*, group: MentoringGroup, enrollment_id: int, by: Person) -> GroupMember:
    """Staff add a mentee or a second mentor to an open group."""
    locked = _locked_group(group)
    if not services.is_program_staff(by, locked.program):
        raise DomainError(_("Only the program's staff add members to a group."))
    if locked.status == G.CLOSED:
        raise DomainError(_("This group is closed; nobody joins it any more."))
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .filter(pk=enrollment_id, program_id=locked.program_id)
        .select_related("person", "program")
        .first()
    )
    if enrollment is None:
        raise DomainError(_("Choose a person of this program from the list."), "enrollment")
    earlier = GroupMember.objects.filter(group=locked, enrollment=enrollment).first()
    if earlier is not None and earlier.left_at is None:
        raise DomainError(
            _("%(name)s is already in this group.") % {"name": enrollment.person.name},
            "enrollment",
        )
    mentors, mentees = member_counts([locked.pk])[locked.pk]
    if enrollment.role == EnrollmentRole.MENTOR:
        if mentors >= MAX_MENTORS:
            raise DomainError(_("A group has two mentors at most."), "enrollment")
        services.check_mentor(enrollment)
    else:
        if mentees >= MAX_MENTEES:
            raise DomainError(
                ngettext(
                    "A group has %(max)d mentee at most.",
                    "A group has %(max)d mentees at most.",
                    MAX_MENTEES,
                )
                % {"max": MAX_MENTEES},
                "enrollment",
            )
        services.check_mentee(enrollment)
    now = timezone.now()
    must_sign = locked.status == G.ACTIVE
    if earlier is not None:  # back in a group they had left
        member = earlier
        member.left_at, member.left_reason, member.left_note, member.left_by = None, "", "", None
        member.joined_at, member.must_sign = now, must_sign
        member.save()
        GroupSignature.objects.filter(member=member).delete()
    else:
        member = GroupMember.objects.create(
            group=locked,
            enrollment=enrollment,
            role=enrollment.role,
            joined_at=now,
            must_sign=must_sign,
        )
    if enrollment.status != S.MATCHED:  # a mentor may already lead another group
        reason = _("In the group “%(name)s”.") % {"name": locked.name}
        enrollment_set_status(enrollment=enrollment, status=S.MATCHED, by=by, reason=reason)
    member.enrollment = enrollment
    stamp = int(now.timestamp())
    _tell(member, locked, "relationships.group_started", f"group:{locked.pk}:joined:{stamp}", {})
    for other in members_of(locked):
        if other.pk != member.pk:
            _tell(
                other,
                locked,
                "relationships.group_member_joined",
                f"group:{locked.pk}:member:{member.pk}:joined:{stamp}",
                {"member": member.pk},
            )
    audit_record(
        actor=by,
        organization=locked.program.organization,
        action="relationships.group_member_add",
        target=locked,
        summary=f"{locked.name}: {enrollment.person.name}",
        data={"enrollment": enrollment.pk, "role": enrollment.role},
        subject=enrollment.person,
    )
    return member


def newcomer_sign(agreement: GroupAgreement, member: GroupMember, typed_name: str) -> None:
    """A member added to a group under way signs (the caller locked the agreement) and takes
    part from now on: the conversation, and the invitations to the meetings to come."""
    from bridgeway.messaging.services import conversation_group_join

    typed_name = " ".join(typed_name.split())
    if not typed_name:
        raise DomainError(_("Type your name to sign."), "typed_name")
    try:
        with transaction.atomic():
            GroupSignature.objects.create(agreement=agreement, member=member, typed_name=typed_name)
    except IntegrityError:
        raise DomainError(_("You have already signed this agreement.")) from None
    member.must_sign = False
    member.save(update_fields=["must_sign"])
    group = agreement.group
    person = member.enrollment.person
    if group.conversation_id is not None:
        conversation_group_join(conversation_id=group.conversation_id, person=person)
    for meeting in GroupMeeting.objects.filter(
        group=group, status=GroupMeeting.Status.SCHEDULED, starts_at__gt=timezone.now()
    ):
        notify(
            kind="relationships.group_meeting_scheduled",
            event=f"group-meeting:{meeting.pk}:scheduled:{meeting.sequence}",
            person=person,
            role=member.role,
            params={"meeting": meeting.pk},
            url=reverse("relationships:group_meeting", args=[meeting.pk]),
            organization=group.program.organization,
        )


@transaction.atomic
def member_leave(
    *,
    group: MentoringGroup,
    member: GroupMember,
    by: Person,
    reason: str,
    note: str = "",
    wants_another: bool = False,
) -> GroupMember:
    """A member leaves the group by themself, or the program's staff take them out."""
    from bridgeway.messaging.services import conversation_group_leave

    locked = _locked_group(group)
    leaving = (
        GroupMember.objects.select_for_update(of=("self",))
        .select_related("enrollment__person")
        .filter(pk=member.pk, group=locked)
        .first()
    )
    if leaving is None:
        raise DomainError(_("This person is not in the group."))
    themself = leaving.enrollment.person_id == by.pk
    if not themself and not services.is_program_staff(by, locked.program):
        raise DomainError(_("Only the member or the program's staff can do this."))
    name = leaving.enrollment.person.name
    if leaving.left_at is not None:
        raise DomainError(
            _("You have already left this group.")
            if themself
            else _("%(name)s has already left this group.") % {"name": name}
        )
    if locked.status == G.CLOSED:
        raise DomainError(_("This group is closed; nobody leaves it any more."))
    if reason not in LeaveReason.values or (reason == LeaveReason.STAFF and themself):
        raise DomainError(_("Choose a reason from the list."), "reason")
    note = note.strip()[:500]
    if reason == LeaveReason.OTHER and not note:
        raise DomainError(_("Say in a few words why."), "note")
    leaving.left_at, leaving.left_by = timezone.now(), by
    leaving.left_reason, leaving.left_note = reason, note
    leaving.save(update_fields=["left_at", "left_by", "left_reason", "left_note"])
    if locked.conversation_id is not None:
        conversation_group_leave(
            conversation_id=locked.conversation_id, person=leaving.enrollment.person
        )
    text = _("Left the group “%(group)s”: %(reason)s") % {
        "group": locked.name,
        "reason": LeaveReason(reason).label,
    }
    back = _release_leaver(leaving, by=by, text=text, wants_another=wants_another)
    _tell(
        leaving,
        locked,
        "relationships.group_you_left",
        f"group:{locked.pk}:member:{leaving.pk}:left:{int(leaving.left_at.timestamp())}",
        {"waiting": int(back)},
    )
    for other in members_of(locked):
        _tell(
            other,
            locked,
            "relationships.group_member_left",
            f"group:{locked.pk}:member:{leaving.pk}:left:{int(leaving.left_at.timestamp())}",
            {"member": leaving.pk},
        )
    audit_record(
        actor=by,
        organization=locked.program.organization,
        action="relationships.group_member_leave",
        target=locked,
        summary=f"{locked.name}: {name}",
        data={"member": leaving.pk, "reason": reason, "note": note, "waiting_list": back},
        subject=leaving.enrollment.person,
    )
    _after_leave(locked, by=by, event=f"{leaving.pk}:{int(leaving.left_at.timestamp())}")
    return leaving


def _release_leaver(leaving: GroupMember, *, by: Person, text: str, wants_another: bool) -> bool:
    """The leaver's enrollment: a mentor's place is free (ready again once they lead nothing
    else); a mentee's closes, or goes back to the waiting list at their place. True when they
    wait again."""
    if leaving.role == EnrollmentRole.MENTOR:
        services.release(leaving, text)
        return False
    enrollment = Enrollment.objects.select_for_update(of=("self",)).get(pk=leaving.enrollment_id)
    if enrollment.status != S.MATCHED:
        return False
    closed = enrollment_set_status(enrollment=enrollment, status=S.CLOSED, by=None, reason=text)
    if not wants_another:
        return False
    mentee_look_again(
        mentee=closed, by=by, reason=_("Looking for another group after leaving one.")
    )
    return True


def _after_leave(group: MentoringGroup, *, by: Person, event: str) -> None:
    """A group still starting whose remaining members have all signed starts now; one left
    with fewer members than it needs is flagged to the program's staff (never closed)."""
    remaining = members_of(group)
    agreement = GroupAgreement.objects.filter(group=group).first()
    if group.status == G.AGREEMENT and agreement is not None and remaining:
        signed = set(agreement.signatures.values_list("member_id", flat=True))
        if all(m.pk in signed for m in remaining) and len(remaining) >= 2:
            services.activate(agreement, by=by)
    reasons: dict[int, list[str]] = {group.pk: []}
    size_reasons(member_counts([group.pk]), reasons)
    if not reasons[group.pk]:
        return
    for membership in Membership.objects.filter(
        organization=group.program.organization
    ).select_related("person"):
        notify(
            kind="relationships.group_below_minimum",
            event=f"group:{group.pk}:below-minimum:{event}",
            person=membership.person,
            role="staff",
            params={"group": group.pk},
            url=reverse("relationships:staff_group", args=[group.pk]),
            organization=group.program.organization,
        )

"""Forming a circle, its agreement and its end.

Staff of a group program form a circle from enrollments ready to be matched: one or two
mentors with a free place (a circle takes one place of each of its mentors) and two to twelve
mentees who are in no other open mentorship or circle. Every member is told in their own
language; the enrollments become "matched". The circle is active once every member has signed
its agreement (or staff start it with a reason, audited): its conversation opens then, and turns
read-only when the circle closes."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import Person
from bridgeway.core.access import staff_memberships
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program
from bridgeway.programs.services import allowed_next_statuses, enrollment_set_status
from bridgeway.relationships.agreements import template_current
from bridgeway.relationships.groups.models import (
    MAX_MENTEES,
    MAX_MENTORS,
    MIN_MENTEES,
    GroupAgreement,
    GroupClosureSurvey,
    GroupMeeting,
    GroupMember,
    GroupSignature,
    MentoringGroup,
)
from bridgeway.relationships.models import (
    AUTOMATIC,
    FINISHED,
    CloseReason,
    ClosureSurvey,
    MeetingChannel,
    MeetingFrequency,
    MentorRequest,
    Relationship,
)

S = EnrollmentStatus
G = MentoringGroup.Status


def is_program_staff(person: Person, program: Program) -> bool:
    return staff_memberships(person).filter(organization_id=program.organization_id).exists()


def member_of(group: MentoringGroup, person: Person) -> GroupMember | None:
    return next(
        (m for m in group.members.all() if m.enrollment.person_id == person.pk and not m.left_at),
        None,
    )


def circles_led(mentor: Enrollment) -> int:
    """Places a mentor holds: their open circles and open mentorships."""
    groups = (
        GroupMember.objects.filter(enrollment=mentor, left_at__isnull=True)
        .exclude(group__status=G.CLOSED)
        .count()
    )
    pairs = Relationship.objects.filter(mentor=mentor).exclude(status="closed").count()
    return groups + pairs


def check_mentee(mentee: Enrollment) -> None:
    name = mentee.person.name
    if mentee.status not in (S.READY, S.WAITLISTED):
        raise DomainError(
            _("%(name)s is not ready to be matched (%(status)s).")
            % {"name": name, "status": mentee.get_status_display()},
            "mentees",
        )
    in_group = (
        GroupMember.objects.filter(enrollment=mentee, left_at__isnull=True)
        .exclude(group__status=G.CLOSED)
        .select_related("group")
        .first()
    )
    if in_group is not None:
        raise DomainError(
            _("%(name)s is already in the group “%(group)s”; a mentee is in one group at a time.")
            % {"name": name, "group": in_group.group.name},
            "mentees",
        )
    if MentorRequest.objects.filter(
        mentee=mentee, status__in=[MentorRequest.Status.WAITING, MentorRequest.Status.QUEUED]
    ).exists():
        raise DomainError(
            _("%(name)s has a request waiting for a mentor's answer; withdraw it first.")
            % {"name": name},
            "mentees",
        )
    if Relationship.objects.filter(mentee=mentee).exclude(status="closed").exists():
        raise DomainError(
            _("%(name)s already has a mentorship under way; close it before adding them.")
            % {"name": name},
            "mentees",
        )


def check_mentor(mentor: Enrollment) -> None:
    name = mentor.person.name
    if mentor.status not in (S.READY, S.MATCHED):
        raise DomainError(
            _("%(name)s is not ready to mentor (%(status)s).")
            % {"name": name, "status": mentor.get_status_display()},
            "mentors",
        )
    today = timezone.localdate()
    if mentor.paused_until is not None and mentor.paused_until >= today:
        raise DomainError(
            _("%(name)s takes no new group until %(date)s.")
            % {"name": name, "date": formats.date_format(mentor.paused_until, "DATE_FORMAT")},
            "mentors",
        )
    capacity = mentor.capacity or mentor.program.mentor_capacity_default
    if circles_led(mentor) >= capacity:
        raise DomainError(
            ngettext(
                "%(name)s already leads %(count)d group, all they can take on.",
                "%(name)s already leads %(count)d groups, all they can take on.",
                capacity,
            )
            % {"name": name, "count": capacity},
            "mentors",
        )


@transaction.atomic
def group_form(
    *,
    program: Program,
    name: str,
    mentor_ids: list[int],
    mentee_ids: list[int],
    by: Person,
) -> MentoringGroup:
    """Staff form a circle (the caller checked they are staff of the program's agency)."""
    if program.kind != Program.Kind.GROUP:
        raise DomainError(_("Groups are formed in group programs only."))
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Give the group a name its members will recognise."), "name")
    mentor_ids, mentee_ids = list(dict.fromkeys(mentor_ids)), list(dict.fromkeys(mentee_ids))
    if not 1 <= len(mentor_ids) <= MAX_MENTORS:
        raise DomainError(_("Choose one or two mentors."), "mentors")
    if not MIN_MENTEES <= len(mentee_ids) <= MAX_MENTEES:
        raise DomainError(
            ngettext(
                "Choose from %(min)d to %(max)d mentee.",
                "Choose from %(min)d to %(max)d mentees.",
                MAX_MENTEES,
            )
            % {"min": MIN_MENTEES, "max": MAX_MENTEES},
            "mentees",
        )
    # Locked in one order, so two coordinators forming groups at once cannot both take a place.
    enrollments = {
        e.pk: e
        for e in Enrollment.objects.select_for_update(of=("self",))
        .filter(pk__in=mentor_ids + mentee_ids, program=program)
        .select_related("person", "program")
        .order_by("pk")
    }
    mentors = [enrollments.get(pk) for pk in mentor_ids]
    mentees = [enrollments.get(pk) for pk in mentee_ids]
    if any(m is None or m.role != EnrollmentRole.MENTOR for m in mentors):
        raise DomainError(_("Choose mentors of this program from the list."), "mentors")
    if any(m is None or m.role != EnrollmentRole.MENTEE for m in mentees):
        raise DomainError(_("Choose mentees of this program from the list."), "mentees")
    for mentor in mentors:
        assert mentor is not None
        check_mentor(mentor)
    for mentee in mentees:
        assert mentee is not None
        check_mentee(mentee)
    now = timezone.now()
    group = MentoringGroup.objects.create(
        program=program,
        name=name[:120],
        planned_end=(now + timedelta(weeks=program.duration_weeks)).date(),
        created_by=by,
    )
    members = [
        GroupMember.objects.create(group=group, enrollment=enrollment, role=enrollment.role)
        for enrollment in [*mentors, *mentees]
        if enrollment is not None
    ]
    template = template_current(program=program)
    GroupAgreement.objects.create(
        group=group,
        template=template,
        version=template.version if template else 0,
        channels=[MeetingChannel.VIDEO, MeetingChannel.MESSAGES],
    )
    reason = _("In the group “%(name)s”.") % {"name": group.name}
    for member in members:
        enrollment = member.enrollment
        if enrollment.status != S.MATCHED and S.MATCHED in allowed_next_statuses(enrollment):
            enrollment_set_status(enrollment=enrollment, status=S.MATCHED, by=by, reason=reason)
        notify(
            kind="relationships.group_started",
            event=f"group:{group.pk}:started",
            person=enrollment.person,
            role=member.role,
            params={"group": group.pk},
            url=reverse("relationships:group", args=[group.pk]),
            organization=program.organization,
        )
    audit_record(
        actor=by,
        organization=program.organization,
        action="relationships.group_form",
        target=group,
        summary=group.name,
        data={"mentors": mentor_ids, "mentees": mentee_ids},
    )
    return group


# --- The agreement ------------------------------------------------------------------------------


def _locked_agreement(agreement: GroupAgreement) -> GroupAgreement:
    locked = (
        GroupAgreement.objects.select_for_update(of=("self",))
        .select_related("group__program__organization", "template")
        .get(pk=agreement.pk)
    )
    if locked.group.status != G.AGREEMENT:
        raise DomainError(_("This agreement is already in force."))
    return locked


def _members(group: MentoringGroup) -> list[GroupMember]:
    return list(
        GroupMember.objects.filter(group=group, left_at__isnull=True).select_related(
            "enrollment__person"
        )
    )


def _member(group: MentoringGroup, person: Person, message: str) -> GroupMember:
    found = next((m for m in _members(group) if m.enrollment.person_id == person.pk), None)
    if found is None:
        raise DomainError(message)
    return found


@transaction.atomic
def agreement_terms(
    *,
    agreement: GroupAgreement,
    by: Person,
    meeting_frequency: str,
    channels: list[str],
    response_days: int,
) -> GroupAgreement:
    """A mentor sets the circle's terms; a change clears the signatures given to other terms."""
    locked = _locked_agreement(agreement)
    member = _member(locked.group, by, _("Only the group's members set its terms."))
    if member.role != EnrollmentRole.MENTOR:
        raise DomainError(_("The group's mentors set the terms; every member then signs."))
    if meeting_frequency not in MeetingFrequency.values:
        raise DomainError(_("Choose how often you meet from the list."), "meeting_frequency")
    chosen = [c for c in MeetingChannel.values if c in set(channels)]
    if not chosen or len(chosen) != len(set(channels)):
        raise DomainError(_("Choose at least one way to meet from the list."), "channels")
    if not 1 <= response_days <= 14:
        raise DomainError(_("Give a number of days from 1 to 14."), "response_days")
    if (locked.meeting_frequency, locked.channels, locked.response_days) != (
        meeting_frequency,
        chosen,
        response_days,
    ):
        locked.meeting_frequency, locked.channels = meeting_frequency, chosen
        locked.response_days = response_days
        locked.save()
        GroupSignature.objects.filter(agreement=locked).delete()
    return locked


@transaction.atomic
def agreement_sign(*, agreement: GroupAgreement, by: Person, typed_name: str) -> GroupAgreement:
    """A member signs with their typed name; the last signature puts the circle in force. A
    member added to a circle already under way signs its agreement in force."""
    locked = (
        GroupAgreement.objects.select_for_update(of=("self",))
        .select_related("group__program__organization", "template")
        .get(pk=agreement.pk)
    )
    member = _member(locked.group, by, _("Only the group's members sign its agreement."))
    if locked.group.status == G.ACTIVE and member.must_sign:
        from bridgeway.relationships.groups.membership import newcomer_sign

        newcomer_sign(locked, member, typed_name)
        return locked
    if locked.group.status != G.AGREEMENT:
        raise DomainError(_("This agreement is already in force."))
    typed_name = " ".join(typed_name.split())
    if not typed_name:
        raise DomainError(_("Type your name to sign."), "typed_name")
    try:
        with transaction.atomic():
            GroupSignature.objects.create(agreement=locked, member=member, typed_name=typed_name)
    except IntegrityError:
        raise DomainError(_("You have already signed this agreement.")) from None
    signed = set(GroupSignature.objects.filter(agreement=locked).values_list("member", flat=True))
    if all(m.pk in signed for m in _members(locked.group)):
        activate(locked, by=by)
    return locked


@transaction.atomic
def agreement_waive(*, agreement: GroupAgreement, by: Person, reason: str) -> GroupAgreement:
    """Staff start the circle without every signature, with the reason kept and audited."""
    locked = _locked_agreement(agreement)
    if not is_program_staff(by, locked.group.program):
        raise DomainError(_("Only the program's staff can start a group without signatures."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for starting without signatures."), "reason")
    locked.waived_by, locked.waived_reason, locked.waived_at = by, reason[:500], timezone.now()
    locked.save()
    activate(locked, by=by)
    return locked


def activate(agreement: GroupAgreement, *, by: Person) -> None:
    from bridgeway.messaging.services import conversation_start_group

    group = agreement.group
    members = _members(group)
    group.status, group.activated_at = G.ACTIVE, timezone.now()
    group.conversation = conversation_start_group(
        program_id=group.program_id,
        organization_id=group.program.organization_id,
        title=group.name,
        people=[m.enrollment.person for m in members],
    )
    group.save(update_fields=["status", "activated_at", "conversation"])
    from bridgeway.relationships.groups.checkins import schedule

    schedule(group)
    audit_record(
        actor=by,
        organization=group.program.organization,
        action="relationships.group_active",
        target=group,
        summary=group.name,
        data={"waived": agreement.waived_at is not None, "reason": agreement.waived_reason},
    )
    for member in members:
        notify(
            kind="relationships.group_active",
            event=f"group:{group.pk}:active",
            person=member.enrollment.person,
            role=member.role,
            params={"group": group.pk},
            url=reverse("relationships:group", args=[group.pk]),
            organization=group.program.organization,
        )


# --- Closure ------------------------------------------------------------------------------------


@transaction.atomic
def group_close(
    *, group: MentoringGroup, by: Person, reason: str, note: str = ""
) -> MentoringGroup:
    """A mentor of the circle, or the program's staff, closes it with a reason."""
    from bridgeway.messaging.services import conversation_close_group

    locked = (
        MentoringGroup.objects.select_for_update(of=("self",))
        .select_related("program__organization")
        .get(pk=group.pk)
    )
    members = _members(locked)
    mine = next((m for m in members if m.enrollment.person_id == by.pk), None)
    mentor = mine is not None and mine.role == EnrollmentRole.MENTOR
    staff = not mentor and is_program_staff(by, locked.program)
    if not mentor and not staff:
        raise DomainError(_("Only the group's mentors or the program's staff can close it."))
    if locked.status == G.CLOSED:
        raise DomainError(_("This group is already closed."))
    if (
        reason not in CloseReason.values
        or reason in AUTOMATIC
        or (reason == CloseReason.STAFF and not staff)
    ):
        raise DomainError(_("Choose a reason from the list."), "reason")
    note = note.strip()[:500]
    if reason == CloseReason.OTHER and not note:
        raise DomainError(_("Say in a few words why it closes."), "note")
    locked.status, locked.closed_at = G.CLOSED, timezone.now()
    locked.close_reason, locked.close_note, locked.closed_by = reason, note, by
    locked.save(update_fields=["status", "closed_at", "close_reason", "close_note", "closed_by"])
    if locked.conversation_id is not None:
        conversation_close_group(conversation_id=locked.conversation_id)
    for meeting in GroupMeeting.objects.filter(group=locked, status=GroupMeeting.Status.SCHEDULED):
        meeting.status = GroupMeeting.Status.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence"])
        for suffix in ("day", "hour", "check"):
            timer_cancel(key=f"group-meeting:{meeting.pk}:{suffix}")
    text = _("Group closed: %(reason)s") % {"reason": CloseReason(reason).label}
    for member in members:
        release(member, text)
        notify(
            kind="relationships.group_closed",
            event=f"group:{locked.pk}:closed",
            person=member.enrollment.person,
            role=member.role,
            params={"group": locked.pk},
            url=reverse("relationships:group_survey", args=[locked.pk]),
            organization=locked.program.organization,
        )
    if reason in FINISHED:
        from bridgeway.relationships.groups.alumni import invite

        invite(locked, members)
    audit_record(
        actor=by,
        organization=locked.program.organization,
        action="relationships.group_close",
        target=locked,
        summary=locked.name,
        data={"reason": reason, "note": note},
    )
    return locked


def release(member: GroupMember, text: str) -> None:
    """A mentee's enrollment closes (alumni when it finished, as for pairs); a mentor's place
    is free, and they are ready again once they lead nothing else."""
    enrollment = Enrollment.objects.select_for_update(of=("self",)).get(pk=member.enrollment_id)
    if enrollment.status != S.MATCHED:
        return
    if member.role == EnrollmentRole.MENTEE:
        enrollment_set_status(enrollment=enrollment, status=S.CLOSED, by=None, reason=text)
        return
    if circles_led(enrollment) == 0:
        enrollment_set_status(enrollment=enrollment, status=S.CLOSED, by=None, reason=text)
        enrollment_set_status(enrollment=enrollment, status=S.READY, by=None, reason=text)


@transaction.atomic
def survey_submit(
    *,
    group: MentoringGroup,
    by: Person,
    satisfaction: int,
    goals_achieved: str,
    would_recommend: bool,
    continue_informally: bool,
    comments: str = "",
) -> GroupClosureSurvey:
    _member(group, by, _("Only the group's members answer this survey."))
    if group.status != G.CLOSED:
        raise DomainError(_("The survey opens when the group closes."))
    if not 1 <= satisfaction <= 5:
        raise DomainError(_("Choose a number from 1 to 5."), "satisfaction")
    if goals_achieved not in ClosureSurvey.Achieved.values:
        raise DomainError(_("Choose an answer from the list."), "goals_achieved")
    try:
        with transaction.atomic():
            return GroupClosureSurvey.objects.create(
                group=group,
                person=by,
                satisfaction=satisfaction,
                goals_achieved=goals_achieved,
                would_recommend=would_recommend,
                continue_informally=continue_informally,
                comments=comments.strip()[:2000],
            )
    except IntegrityError:
        raise DomainError(_("You have already answered this survey. Thank you.")) from None

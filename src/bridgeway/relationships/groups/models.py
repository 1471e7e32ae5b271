"""Group programs: a circle of one or two mentors and several mentees that runs the pair's
lifecycle together — an agreement every member signs, shared goals, meetings a mentor
schedules, and a survey for each member when it closes. Their own tables beside the pair's
(docs/decisions.md, "Group programs"); the choices and rules are the pair's."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.programs.models import Enrollment, EnrollmentRole, Program
from bridgeway.relationships.models import (
    AgreementTemplate,
    CheckIn,
    CloseReason,
    ClosureSurvey,
    Goal,
    MeetingFrequency,
    MeetingKind,
    MeetingLog,
)

MAX_MENTORS = 2
MIN_MENTEES = 2
MAX_MENTEES = 12


class MentoringGroup(models.Model):
    class Status(models.TextChoices):
        AGREEMENT = "agreement", _("Starting: agreement to sign")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=120)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.AGREEMENT
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    planned_end = models.DateField(_("planned end"))
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    close_reason = models.CharField(
        _("why it closed"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = models.CharField(_("in a few words"), max_length=500, blank=True)
    closed_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    conversation = models.OneToOneField(
        "messaging.Conversation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentoring_group",
    )

    class Meta:
        verbose_name = _("mentoring group")
        verbose_name_plural = _("mentoring groups")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return self.name


class LeaveReason(models.TextChoices):
    NO_TIME = "no_time", _("No time for the group any more")
    NOT_FIT = "not_fit", _("The group is not a good fit")
    MOVED_ON = "moved_on", _("A new situation (a job, a move)")
    STAFF = "staff", _("The program's staff decided it")
    OTHER = "other", _("Another reason")


class GroupMember(models.Model):
    """An enrollment in a group, as one of its mentors or mentees. Someone added to a group
    already under way signs its agreement before taking part (`must_sign`)."""

    group = models.ForeignKey(MentoringGroup, on_delete=models.CASCADE, related_name="members")
    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="group_memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=EnrollmentRole.choices)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)
    left_reason = models.CharField(
        _("why they left"), max_length=12, choices=LeaveReason.choices, blank=True
    )
    left_note = models.CharField(_("in a few words"), max_length=500, blank=True)
    left_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    must_sign = models.BooleanField(_("signs the agreement before taking part"), default=False)

    class Meta:
        verbose_name = _("group member")
        verbose_name_plural = _("group members")
        ordering = ["-role", "joined_at", "pk"]  # mentors first
        constraints = [
            models.UniqueConstraint(fields=["group", "enrollment"], name="one_membership_per_group")
        ]

    def __str__(self) -> str:
        return f"{self.group_id}: {self.enrollment_id} ({self.role})"


class GroupAgreement(models.Model):
    """What a circle agrees to; each member signs (typed name and time), or staff waive it
    with a reason."""

    group = models.OneToOneField(MentoringGroup, on_delete=models.CASCADE, related_name="agreement")
    template = models.ForeignKey(
        AgreementTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    meeting_frequency = models.CharField(
        _("how often you meet"),
        max_length=12,
        choices=MeetingFrequency.choices,
        default=MeetingFrequency.FORTNIGHTLY,
    )
    channels = models.JSONField(_("how you meet"), default=list)
    response_days = models.PositiveSmallIntegerField(_("answer messages within (days)"), default=2)
    waived_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    waived_reason = models.CharField(_("reason"), max_length=500, blank=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("group agreement")
        verbose_name_plural = _("group agreements")

    def __str__(self) -> str:
        return f"group agreement {self.group_id}"


class GroupSignature(models.Model):
    agreement = models.ForeignKey(
        GroupAgreement, on_delete=models.CASCADE, related_name="signatures"
    )
    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="signatures")
    typed_name = models.CharField(_("typed name"), max_length=150)
    signed_at = models.DateTimeField(_("signed"), default=timezone.now)

    class Meta:
        verbose_name = _("group signature")
        verbose_name_plural = _("group signatures")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "member"], name="one_signature_per_member")
        ]

    def __str__(self) -> str:
        return f"signature {self.agreement_id} {self.member_id}"


class GroupGoal(models.Model):
    """A goal the circle set, with the pair's prompts (the goal, its measure, by when)."""

    group = models.ForeignKey(MentoringGroup, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    measure = models.CharField(_("how you will know it is met"), max_length=300, blank=True)
    due_date = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Goal.Status.choices, default=Goal.Status.OPEN
    )
    met_at = models.DateTimeField(_("met on"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("group goal")
        verbose_name_plural = _("group goals")
        ordering = ["status", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class GroupGoalNote(models.Model):
    goal = models.ForeignKey(GroupGoal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("progress"), max_length=2000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("group progress note")
        verbose_name_plural = _("group progress notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.goal_id}"


class GroupMeeting(models.Model):
    """A meeting of the circle at one time a mentor chose, sent to every member as a calendar
    invitation, reminded, and answered "did you meet?" by each."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    group = models.ForeignKey(MentoringGroup, on_delete=models.CASCADE, related_name="meetings")
    scheduled_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices)
    link = models.URLField(_("meeting link"), blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    starts_at = models.DateTimeField(_("starts"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED
    )
    # Calendar invitations: raised on every change, so calendars replace the earlier copy.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("group meeting")
        verbose_name_plural = _("group meetings")
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return f"group meeting {self.pk}"


class GroupMeetingLog(models.Model):
    """One member's answer to "did you meet?": hours are counted per person."""

    meeting = models.ForeignKey(GroupMeeting, on_delete=models.CASCADE, related_name="logs")
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(
        _("did you meet?"), max_length=12, choices=MeetingLog.Outcome.choices
    )
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=0)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("group meeting log")
        verbose_name_plural = _("group meeting logs")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_group_log_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.outcome}"


class GroupClosureSurvey(models.Model):
    """Each member's answers when the circle closes (the pair's four questions); staff read
    them, the other members do not."""

    group = models.ForeignKey(
        MentoringGroup, on_delete=models.CASCADE, related_name="closure_surveys"
    )
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    satisfaction = models.PositiveSmallIntegerField(_("how satisfied are you? (1 to 5)"))
    goals_achieved = models.CharField(
        _("did you reach your goals?"), max_length=8, choices=ClosureSurvey.Achieved.choices
    )
    would_recommend = models.BooleanField(_("would you recommend the program?"))
    continue_informally = models.BooleanField(_("will you stay in touch?"))
    comments = models.TextField(_("anything else"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("group closure survey")
        verbose_name_plural = _("group closure surveys")
        constraints = [
            models.UniqueConstraint(fields=["group", "person"], name="one_group_survey_per_person")
        ]

    def __str__(self) -> str:
        return f"survey {self.group_id} {self.person_id}"


class GroupCheckIn(models.Model):
    """One member's answer to the group's mid-point check or monthly question; staff read it,
    the other members do not."""

    group = models.ForeignKey(MentoringGroup, on_delete=models.CASCADE, related_name="check_ins")
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=CheckIn.Kind.choices)
    # Which round it answers (the mid-point, or the month "2026-12"): one answer per round.
    round = models.CharField(max_length=20)
    score = models.PositiveSmallIntegerField(_("how it is going (1 to 5)"))
    needs_help = models.BooleanField(_("I would like the program's help"), default=False)
    comment = models.TextField(_("anything to add"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("group check-in")
        verbose_name_plural = _("group check-ins")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "person", "round"], name="one_group_check_in_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"group check-in {self.group_id} {self.round}"


class GroupStaffContact(models.Model):
    """A contact staff had with a group or its members (a call, a visit), with a note."""

    group = models.ForeignKey(
        MentoringGroup, on_delete=models.CASCADE, related_name="staff_contacts"
    )
    author = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("group staff contact")
        verbose_name_plural = _("group staff contacts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"group contact {self.group_id}"


OPEN = ~Q(group__status=MentoringGroup.Status.CLOSED) & Q(left_at__isnull=True)

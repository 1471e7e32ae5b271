"""Requests to mentors and the relationships they start.

A mentee asks up to three mentors, in order: the first request waits for the mentor's answer
until its deadline, the others wait their turn ("queued"). Each waiting request stands on a
match proposal (matching/), so the match board, the mentor's capacity and "never suggest a
mentor who declined" keep working as they did. An accepted request starts a relationship."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bridgeway.matching.models import MatchProposal
from bridgeway.programs.models import Enrollment, Program

MAX_CHOICES = 3


class DeclineReason(models.TextChoices):
    NO_TIME = "no_time", _("I do not have time right now")
    NOT_A_FIT = "not_a_fit", _("My experience does not fit what this mentee needs")
    LANGUAGE = "language", _("We do not share a language well enough")
    OTHER = "other", _("Another reason")


class MenteeDeclineReason(models.TextChoices):
    """Why a mentee declines a coordinator's proposal (when both confirm). Stored in the same
    field as the mentor's reason, with `declined_by` saying whose it is; staff alone read it."""

    NO_TIME = "no_time", _("I do not have time right now")
    NOT_A_FIT = "not_a_fit", _("This mentor's experience does not fit what I need")
    LANGUAGE = "language", _("We do not share a language well enough")
    OTHER = "other", _("Another reason")


# How long one message of a request's question thread may be, and how many a thread holds.
QUESTION_MAX_LENGTH = 2000
THREAD_MAX_MESSAGES = 40


class MentorRequest(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting its turn")
        WAITING = "waiting", _("Waiting for the mentor's answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Not answered in time")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SKIPPED = "skipped", _("Skipped: the mentor had no free place")

    class Source(models.TextChoices):
        MENTEE = "mentee", _("The mentee's request")
        COORDINATOR = "coordinator", _("The coordinator's proposal")
        REOFFER = "reoffer", _("Offered when the mentor's place freed up")

    class Side(models.TextChoices):
        MENTOR = "mentor", _("The mentor")
        MENTEE = "mentee", _("The mentee")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="mentor_requests")
    mentee = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="requests_sent")
    mentor = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="requests_received"
    )
    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    rank = models.PositiveSmallIntegerField(_("choice"), default=1)
    message = models.TextField(_("message to the mentor"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    proposal = models.OneToOneField(
        MatchProposal, on_delete=models.SET_NULL, null=True, blank=True, related_name="request"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    due_at = models.DateTimeField(_("answer by"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.CharField(
        _("reason"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_note = models.CharField(_("in your words"), max_length=500, blank=True)
    # A coordinator's proposal in a program where both confirm: the mentee answers too, and
    # the relationship starts once both have accepted.
    mentee_confirms = models.BooleanField(_("the mentee confirms too"), default=False)
    mentor_accepted_at = models.DateTimeField(_("accepted by the mentor"), null=True, blank=True)
    mentee_accepted_at = models.DateTimeField(_("accepted by the mentee"), null=True, blank=True)
    declined_by = models.CharField(_("declined by"), max_length=8, choices=Side.choices, blank=True)

    class Meta:
        verbose_name = _("request to a mentor")
        verbose_name_plural = _("requests to mentors")
        ordering = ["rank", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status="waiting"),
                name="one_waiting_request_per_mentee",
            )
        ]
        indexes = [models.Index(fields=["mentee", "status"], name="request_mentee_status")]

    def __str__(self) -> str:
        return f"{self.mentee_id} → {self.mentor_id} ({self.status})"

    def decline_label(self) -> str:
        """The reason in the words of whoever declined (for staff)."""
        if not self.decline_reason:
            return ""
        choices = MenteeDeclineReason if self.declined_by == self.Side.MENTEE else DeclineReason
        return str(dict(choices.choices).get(self.decline_reason, self.decline_reason))


class RequestMessage(models.Model):
    """One message of the question thread on a waiting request: the mentor asks the mentee
    something before answering, the mentee answers; the program's staff read it too."""

    request = models.ForeignKey(MentorRequest, on_delete=models.CASCADE, related_name="thread")
    author = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    side = models.CharField(_("written by"), max_length=8, choices=MentorRequest.Side.choices)
    text = models.TextField(_("message"), max_length=QUESTION_MAX_LENGTH)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("question on a request")
        verbose_name_plural = _("questions on requests")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.side}"


class CloseReason(models.TextChoices):
    COMPLETED = "completed", _("It reached its planned end")
    GOALS_MET = "goals_met", _("Its goals are met")
    NO_TIME = "no_time", _("One of us no longer has time")
    NOT_WORKING = "not_working", _("It is not working for us")
    MOVED_ON = "moved_on", _("The mentee's situation changed (a job, a move)")
    STAFF = "staff", _("The program's staff ended it")
    OTHER = "other", _("Another reason")
    # A flash mentorship (one conversation) closes by itself after its meeting, with one of these.
    FLASH_HELD = "flash_held", _("The conversation took place")
    FLASH_MISSED = "flash_missed", _("The conversation did not take place")
    FLASH_UNCONFIRMED = (
        "flash_unconfirmed",
        _("The conversation's time has passed; neither person said whether it took place"),
    )


FINISHED = (CloseReason.COMPLETED, CloseReason.GOALS_MET, CloseReason.MOVED_ON)
# Set by the app alone, never chosen on a form.
AUTOMATIC = (CloseReason.FLASH_HELD, CloseReason.FLASH_MISSED, CloseReason.FLASH_UNCONFIRMED)


class Relationship(models.Model):
    class Status(models.TextChoices):
        AGREEMENT = "agreement", _("Starting: agreement to sign")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="relationships")
    mentee = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="relationships_as_mentee"
    )
    mentor = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="relationships_as_mentor"
    )
    request = models.OneToOneField(
        MentorRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="relationship"
    )
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
    debrief_note = models.TextField(_("staff debrief"), blank=True, max_length=5000)

    class Meta:
        verbose_name = _("relationship")
        verbose_name_plural = _("relationships")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentee"],
                condition=~Q(status="closed"),
                name="one_open_relationship_per_mentee",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentee_id} ↔ {self.mentor_id}"


class AgreementTemplate(models.Model):
    """A program's mentoring agreement: its text in each language, versioned. The newest
    version is the one new pairs sign; a signed agreement keeps the version it was."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="agreement_templates"
    )
    version = models.PositiveIntegerField(_("version"))
    text = models.JSONField(_("text"), help_text=_("The agreement, one text per language."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("agreement template")
        verbose_name_plural = _("agreement templates")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "version"], name="one_agreement_version_per_program"
            )
        ]

    def __str__(self) -> str:
        return f"{self.program_id} v{self.version}"


class MeetingFrequency(models.TextChoices):
    WEEKLY = "weekly", _("Every week")
    FORTNIGHTLY = "fortnightly", _("Every two weeks")
    MONTHLY = "monthly", _("Every month")


class MeetingChannel(models.TextChoices):
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone")
    IN_PERSON = "in_person", _("In person")
    MESSAGES = "messages", _("Written messages")


class Agreement(models.Model):
    """What a pair agrees to, signed by both (typed name and time) before the relationship
    becomes active, or waived by staff with a reason."""

    relationship = models.OneToOneField(
        Relationship, on_delete=models.CASCADE, related_name="agreement"
    )
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
    mentee_signed_name = models.CharField(max_length=150, blank=True)
    mentee_signed_at = models.DateTimeField(null=True, blank=True)
    mentor_signed_name = models.CharField(max_length=150, blank=True)
    mentor_signed_at = models.DateTimeField(null=True, blank=True)
    # The language of the text each person read when they signed (their copy shows that text).
    mentee_signed_language = models.CharField(max_length=20, blank=True)
    mentor_signed_language = models.CharField(max_length=20, blank=True)
    waived_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    waived_reason = models.CharField(_("reason"), max_length=500, blank=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")

    def __str__(self) -> str:
        return f"agreement {self.relationship_id}"

    @property
    def complete(self) -> bool:
        return bool(self.mentee_signed_at and self.mentor_signed_at) or self.waived_at is not None


class MeetingKind(models.TextChoices):
    VIDEO = "video", _("Video call (a link)")
    PHONE = "phone", _("Phone call")
    IN_PERSON = "in_person", _("In person")


class Meeting(models.Model):
    """A meeting of a pair: proposed with up to three times, one picked by the other person,
    sent to both as a calendar invitation, reminded, and answered "did you meet?" after."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Times proposed")
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="meetings"
    )
    proposed_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices)
    link = models.URLField(_("meeting link"), blank=True)
    place = models.CharField(_("place"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"), default=60)
    # The proposed times (ISO, UTC), in the proposer's order.
    options = models.JSONField(default=list)
    starts_at = models.DateTimeField(_("starts"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    # Calendar invitations: raised on every change, so calendars replace the earlier copy.
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # A repeating meeting: the first one carries the proposed times; once one is picked, each
    # later meeting of the series is a row of its own.
    series = models.ForeignKey(
        "relationships.MeetingSeries",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at", "created_at"]

    def __str__(self) -> str:
        return f"meeting {self.pk}"


class MeetingLog(models.Model):
    """One person's answer to "did you meet?": hours are counted per person."""

    class Outcome(models.TextChoices):
        MET = "met", _("Yes, we met")
        NOT_MET = "not_met", _("No, we did not meet")
        RESCHEDULED = "rescheduled", _("We moved it to another time")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="logs")
    # The meeting's mentorship, kept on the log (a meeting never changes mentorship): the
    # reports count the period's logs of a set of mentorships, and the pairs at risk look up
    # the mentorships logged since a day, without reading every meeting to find them.
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="+", editable=False
    )
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    outcome = models.CharField(_("did you meet?"), max_length=12, choices=Outcome.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=0)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("meeting log")
        verbose_name_plural = _("meeting logs")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_log_per_person")
        ]
        # The pairs at risk look up the mentorships logged in the last weeks (a tenth of the
        # logs): read through this instead of every log.
        indexes = [models.Index(fields=["created_at"], name="meeting_logs_by_answer_time")]

    def __str__(self) -> str:
        return f"{self.meeting_id} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The mentorship is the meeting's, whoever creates the log (bulk_create callers pass it).
        if self.relationship_id is None:
            self.relationship_id = self.meeting.relationship_id
        super().save(*args, **kwargs)


class ClosureSurvey(models.Model):
    """Each person's answers when a mentorship closes; staff read them."""

    class Achieved(models.TextChoices):
        YES = "yes", _("Yes")
        PARTLY = "partly", _("Partly")
        NO = "no", _("No")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="closure_surveys"
    )
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    satisfaction = models.PositiveSmallIntegerField(_("how satisfied are you? (1 to 5)"))
    goals_achieved = models.CharField(
        _("did you reach your goals?"), max_length=8, choices=Achieved.choices
    )
    would_recommend = models.BooleanField(_("would you recommend the program?"))
    continue_informally = models.BooleanField(_("will you stay in touch?"))
    comments = models.TextField(_("anything else"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("closure survey")
        verbose_name_plural = _("closure surveys")
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "person"], name="one_closure_survey_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"survey {self.relationship_id} {self.person_id}"


class Goal(models.Model):
    """A goal the pair set: SMART (specific, measurable, achievable, relevant, time-bound)."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        MET = "met", _("Met")

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    measure = models.CharField(_("how you will know it is met"), max_length=300, blank=True)
    due_date = models.DateField(_("by when"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default="open")
    met_at = models.DateTimeField(_("met on"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["status", "due_date", "pk"]

    def __str__(self) -> str:
        return self.title


class GoalNote(models.Model):
    """A step of progress on a goal, written by either person."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("progress"), max_length=2000)
    created_at = models.DateTimeField(_("written"), default=timezone.now)

    class Meta:
        verbose_name = _("progress note")
        verbose_name_plural = _("progress notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.goal_id}"


class CheckIn(models.Model):
    """One person's answer to the mid-point check or the monthly question; staff read it, the
    other person does not."""

    class Kind(models.TextChoices):
        MIDPOINT = "midpoint", _("Mid-point check")
        PULSE = "pulse", _("Monthly question")

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="check_ins"
    )
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Which round it answers (the mid-point, or the month "2026-12"): one answer per round.
    round = models.CharField(max_length=20)
    score = models.PositiveSmallIntegerField(_("how it is going (1 to 5)"))
    needs_help = models.BooleanField(_("I would like the program's help"), default=False)
    comment = models.TextField(_("anything to add"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "person", "round"], name="one_check_in_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"check-in {self.relationship_id} {self.round}"


class StaffContact(models.Model):
    """A contact staff had with a pair (a call, a message), with a note."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="staff_contacts"
    )
    author = models.ForeignKey(
        "accounts.Person", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("staff contact")
        verbose_name_plural = _("staff contacts")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"contact {self.relationship_id}"


class FlashSurvey(models.Model):
    """Each person's one answer after a flash mentorship's conversation; staff read it, the
    other person does not."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="flash_surveys"
    )
    person = models.ForeignKey("accounts.Person", on_delete=models.CASCADE, related_name="+")
    useful = models.PositiveSmallIntegerField(_("was this conversation useful? (1 to 5)"))
    comment = models.TextField(_("anything to add"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        verbose_name = _("answer about a conversation")
        verbose_name_plural = _("answers about conversations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "person"], name="one_flash_survey_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"flash survey {self.relationship_id} {self.person_id}"


# Recurring meetings and the calendar feed live in their own module; imported here so Django
# finds them.
from bridgeway.relationships.calendar_models import (  # noqa: E402
    CalendarFeed as CalendarFeed,
)
from bridgeway.relationships.calendar_models import (  # noqa: E402
    MeetingSeries as MeetingSeries,
)

# Group programs' tables live beside the pair's (docs/decisions.md); imported here so Django
# registers them with this app.
from bridgeway.relationships.groups.models import (  # noqa: E402, F401
    GroupAgreement,
    GroupClosureSurvey,
    GroupGoal,
    GroupGoalNote,
    GroupMeeting,
    GroupMeetingLog,
    GroupMember,
    GroupSignature,
    MentoringGroup,
)

"""Erasure steps for the person's own records across the apps (steps.py explains how a step
runs): what only they had is deleted, what others keep is blanked of their words, and the
account itself is emptied last, once nothing else needs its name."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db.models import F, Q
from django.utils import timezone
from rest_framework.authtoken.models import Token

from bridgeway.accounts.sessions import sessions_end
from bridgeway.community.circles.models import CircleMember
from bridgeway.community.experts.models import Expert, Question, QuestionPost
from bridgeway.community.models import Follow, Helpful, Moderator, Report, Suspension
from bridgeway.community.sessions.models import Registration
from bridgeway.core.models import Invitation, Membership, NetworkAdmin
from bridgeway.learning.models import LessonCompletion, QuizAttempt, ResourceView
from bridgeway.matching.models import MatchProposal
from bridgeway.notifications.models import ContactSettings, Notification, Preference
from bridgeway.privacy.erasure.published import published_questions_anonymise
from bridgeway.privacy.erasure.steps import Context, blank, delete
from bridgeway.privacy.exports.models import ExportRequest
from bridgeway.programs.intake.models import ConsentRecord, IntakeSubmission, Referral
from bridgeway.programs.models import (
    Enrollment,
    ProgramInvitation,
    ReferralLink,
    StatusChange,
    WaitlistEntry,
)
from bridgeway.programs.questionnaires.models import Answer
from bridgeway.programs.questionnaires.profiles import answers_changed
from bridgeway.programs.screening.models import Reference, ScreeningCheck, SelfAssessmentResult
from bridgeway.relationships.closure import relationship_close_by_app
from bridgeway.relationships.groups.models import (
    GroupCheckIn,
    GroupClosureSurvey,
    GroupGoalNote,
    GroupMeetingLog,
    GroupMember,
    GroupSignature,
)
from bridgeway.relationships.models import (
    Agreement,
    CalendarFeed,
    CheckIn,
    ClosureSurvey,
    FlashSurvey,
    GoalNote,
    Meeting,
    MeetingLog,
    MentorRequest,
    Relationship,
    RequestMessage,
    StaffContact,
)
from bridgeway.reports.assessments.models import Assessment
from bridgeway.reports.models import MonthlyReportSubscription
from bridgeway.reports.partners.models import EmployerLink, PartnerContact
from bridgeway.reports.recognition.models import Certificate, LetterRequest

ENDED = ("closed", "alumni", "withdrawn", "declined")


def programs(ctx: Context) -> None:
    """Applications, answers, screening, training and assessments: deleted. Enrollments stay
    (without their reasons) so that the agency's counts do not change; open ones are withdrawn.
    Mentorships still running are closed, so their conversations are archived."""
    mine = Enrollment.objects.filter(pk__in=ctx.enrollments)
    now = timezone.now()
    open_ones = Relationship.objects.filter(pk__in=ctx.relationships).exclude(status="closed")
    for relationship in open_ones:
        relationship_close_by_app(relationship=relationship, reason="other")
    ctx.add(
        "enrollments withdrawn",
        mine.exclude(status__in=ENDED).update(status="withdrawn", status_changed_at=now),
    )
    blank(ctx, "enrollments", mine, status_reason="")
    blank(ctx, "status changes", StatusChange.objects.filter(enrollment__in=mine), reason="")
    delete(ctx, "waiting list", WaitlistEntry.objects.filter(enrollment__in=mine))
    delete(ctx, "answers", Answer.objects.filter(enrollment__in=mine))
    answers_changed(program_ids=mine.values_list("program_id", flat=True))
    delete(ctx, "screening", ScreeningCheck.objects.filter(enrollment__in=mine))
    delete(ctx, "references", Reference.objects.filter(enrollment__in=mine))
    delete(ctx, "self-assessments", SelfAssessmentResult.objects.filter(enrollment__in=mine))
    delete(ctx, "training", LessonCompletion.objects.filter(enrollment__in=mine))
    delete(ctx, "training", QuizAttempt.objects.filter(enrollment__in=mine))
    delete(ctx, "assessments", Assessment.objects.filter(enrollment__in=mine))
    delete(ctx, "library", ResourceView.objects.filter(person=ctx.person))
    delete(ctx, "intakes", IntakeSubmission.objects.filter(person=ctx.person))
    blank(ctx, "consents", ConsentRecord.objects.filter(person=ctx.person), details={})
    referrals = Referral.objects.filter(from_enrollment__in=mine)
    blank(ctx, "referrals", referrals, note="", shared={}, token="")
    invitations = ProgramInvitation.objects.filter(
        Q(accepted_by=ctx.person) | Q(email__iexact=ctx.person.email)
    )
    delete(ctx, "invitations", invitations)
    delete(ctx, "referral links", ReferralLink.objects.filter(person=ctx.person))
    blank(
        ctx,
        "match proposals",
        MatchProposal.objects.filter(Q(mentee__in=mine) | Q(mentor__in=mine)),
        override_reason="",
        decline_reason="",
    )


def mentorships(ctx: Context) -> None:
    """Mentorships stay for the other person and the agency; the person's own words in them
    (requests, signatures, notes, check-ins, surveys) are deleted or blanked."""
    mine = Enrollment.objects.filter(pk__in=ctx.enrollments)
    relationships = Relationship.objects.filter(pk__in=ctx.relationships)
    requests = MentorRequest.objects.filter(Q(mentee__in=mine) | Q(mentor__in=mine))
    blank(ctx, "requests", requests, message="", decline_note="")
    blank(ctx, "requests", RequestMessage.objects.filter(author=ctx.person), text="")
    blank(ctx, "mentorships", relationships, close_note="", debrief_note="")
    blank(
        ctx,
        "agreements",
        Agreement.objects.filter(relationship__mentee__in=mine),
        mentee_signed_name="",
    )
    blank(
        ctx,
        "agreements",
        Agreement.objects.filter(relationship__mentor__in=mine),
        mentor_signed_name="",
    )
    blank(ctx, "meetings", Meeting.objects.filter(proposed_by=ctx.person), place="", link="")
    delete(ctx, "staff notes", StaffContact.objects.filter(relationship__in=relationships))
    for model in (MeetingLog, ClosureSurvey, CheckIn, FlashSurvey, CalendarFeed):
        delete(ctx, "mentorship records", model._default_manager.filter(person=ctx.person))
    delete(ctx, "goal notes", GoalNote.objects.filter(author=ctx.person))
    members = GroupMember.objects.filter(enrollment__in=mine)
    blank(ctx, "groups", members, left_note="")
    blank(ctx, "groups", GroupSignature.objects.filter(member__in=members), typed_name="")
    for group_model in (GroupMeetingLog, GroupClosureSurvey, GroupCheckIn):
        delete(ctx, "group records", group_model._default_manager.filter(person=ctx.person))
    delete(ctx, "goal notes", GroupGoalNote.objects.filter(author=ctx.person))


def community(ctx: Context) -> None:
    """Forums, circles, sessions and the expert network: the person's follows, marks,
    registrations and roles are deleted; moderation records stay, blanked of their words."""
    for model in (Helpful, Follow, Moderator, Registration, CircleMember):
        delete(ctx, "community", model._default_manager.filter(person=ctx.person))
    blank(ctx, "reports", Report.objects.filter(reporter=ctx.person), text="")
    blank(ctx, "suspensions", Suspension.objects.filter(person=ctx.person), reason="")
    questions = Question.objects.filter(asker=ctx.person)
    # Published answers keep the expert's answer; a question, title or summary still in the
    # asker's words is replaced (published.py). Read before the questions are blanked.
    ctx.add(
        "published questions",
        published_questions_anonymise(
            person=ctx.person, question_ids=list(questions.values_list("pk", flat=True))
        ),
    )
    blank(ctx, "questions", questions, title="", body="", rating_comment="", client_key="")
    blank(ctx, "questions", QuestionPost.objects.filter(author=ctx.person), body="")
    experts = Expert.objects.filter(Q(person=ctx.person) | Q(email__iexact=ctx.person.email))
    for expert in experts:
        Expert.objects.filter(pk=expert.pk).update(
            name="", email=f"erased-{expert.pk}@erased.invalid", token="", person=None
        )
        ctx.add("experts", 1)


def reports(ctx: Context) -> None:
    """Certificates and letters made out to the person, report subscriptions, partner roles."""
    mine = Enrollment.objects.filter(pk__in=ctx.enrollments)
    delete(ctx, "letters", LetterRequest.objects.filter(enrollment__in=mine))
    delete(ctx, "certificates", Certificate.objects.filter(enrollment__in=mine))
    # Certificates others hold that this staff member signed stay valid; they show "A former
    # staff member" of the agency instead of the name (and the title that could point at them).
    signed = Certificate.objects.filter(signed_by=ctx.person)
    blank(ctx, "certificates signed", signed, signer_name="", signer_title="")
    delete(ctx, "subscriptions", MonthlyReportSubscription.objects.filter(person=ctx.person))
    delete(ctx, "partners", EmployerLink.objects.filter(person=ctx.person))
    delete(
        ctx,
        "partners",
        PartnerContact.objects.filter(Q(person=ctx.person) | Q(email__iexact=ctx.person.email)),
    )


def notifications(ctx: Context) -> None:
    """Notifications to the person (and what was sent where), their phone, their choices."""
    delete(
        ctx,
        "notifications",
        Notification.objects.filter(Q(person=ctx.person) | Q(address__iexact=ctx.person.email)),
    )
    delete(ctx, "phone", ContactSettings.objects.filter(person=ctx.person))
    delete(ctx, "preferences", Preference.objects.filter(person=ctx.person))


def account(ctx: Context) -> None:
    """Last: the account can no longer sign in and holds nothing about the person. Its row stays
    for the records above, shown everywhere as "a former participant"."""
    person = ctx.person
    delete(ctx, "staff roles", Membership.objects.filter(person=person))
    delete(ctx, "staff roles", NetworkAdmin.objects.filter(person=person))
    delete(ctx, "invitations", Invitation.objects.filter(email__iexact=person.email))
    delete(ctx, "addresses", EmailAddress.objects.filter(user=person))
    delete(ctx, "two-step", Authenticator.objects.filter(user=person))
    delete(ctx, "API tokens", Token.objects.filter(user=person))
    ctx.add("accounts.SignedInSession", sessions_end(person=person))
    # Copies of their data made for them: the zip goes from storage with the rows.
    exports = ExportRequest.objects.filter(person=person)
    ctx.files += [name for name in exports.values_list("stored_name", flat=True) if name]
    delete(ctx, "data exports", exports)
    type(person).objects.filter(pk=person.pk).update(
        email=f"erased-{person.pk}@erased.invalid",
        display_name="",
        password=make_password(None),  # an unusable password: nothing signs in with it
        is_active=False,
        is_staff=False,
        is_superuser=False,
        last_login=None,
        spoken_languages=[],
        country="",
        arrival_date=None,
        accessibility_needs=[],
        contact_mode="any",
        time_zone=settings.TIME_ZONE,
        # Their sessions are deleted above; a copy a cache still holds ends on its next
        # request all the same (accounts/sessions.py).
        session_generation=F("session_generation") + 1,
        erased_at=person.erased_at or timezone.now(),
    )
    ctx.add("account", 1)

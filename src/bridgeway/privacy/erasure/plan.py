# ruff: noqa: E501  (the plan is a table: one line per model reads better than wrapped ones)
"""The erasure plan: for every kind of record linked to a person, what erasing them does to it
and why. A test (tests/privacy/test_erasure_plan.py) walks every model of the project linked to
a person and fails when one has no planned action, so a new model cannot be forgotten.

Actions:
- delete: the rows are the person's alone and go;
- blank: the rows stay for others or for the agency's counts; the person's words in them go;
- pseudonymise: the rows stay and point at the emptied account, shown as "a former participant";
- keep: the rows stay as they are, for the reason given (they hold nothing about the person);
- follows: the rows hang off another record of the plan and share its fate.
"""

from __future__ import annotations

from dataclasses import dataclass

from bridgeway.privacy.erasure import records, steps
from bridgeway.privacy.erasure.steps import Step

# The steps in the order they run. Closing a mentorship writes to the audit log and tells the
# other person, with the name: the mentions are replaced after every other step, and the
# account is emptied last, once no step needs its name.
STEPS: list[tuple[str, Step]] = [
    ("conversations", steps.conversations),
    ("forums", steps.forums),
    ("concerns", steps.concerns),
    ("programs", records.programs),
    ("mentorships", records.mentorships),
    ("community", records.community),
    ("reports", records.reports),
    ("notifications", records.notifications),
    ("mentions", steps.mentions),
    ("account", records.account),
]

ACTIONS = ("delete", "blank", "pseudonymise", "keep", "follows")


@dataclass(frozen=True)
class Planned:
    action: str
    step: str  # the step that acts ("" for keep and follows)
    why: str


def _p(action: str, step: str, why: str) -> Planned:
    return Planned(action, step, why)


ACCOUNTABILITY = "kept for the others and the agency; shown as a former participant"
AUTHORED = "written by staff for the agency, not about the person"
PLAN: dict[str, Planned] = {
    # accounts, core
    "accounts.Person": _p(
        "pseudonymise", "account", "emptied, cannot sign in; others' records point at it"
    ),
    "accounts.SignedInSession": _p(
        "delete", "account", "the person's signed-in devices: each is signed out"
    ),
    "core.Membership": _p("delete", "account", "the person's staff roles"),
    "core.NetworkAdmin": _p("delete", "account", "the person's network role"),
    "core.Invitation": _p("delete", "account", "invitations to the person's address; others' stay"),
    "core.AuditEvent": _p(
        "pseudonymise",
        "mentions",
        "the log of what staff did is kept; the person's name and address become a former participant",
    ),
    # programs
    "programs.Enrollment": _p(
        "blank", "programs", "kept for the agency's counts; open ones withdrawn, reasons blanked"
    ),
    "programs.StatusChange": _p("blank", "programs", "kept for the counts; reasons blanked"),
    "programs.WaitlistEntry": _p("delete", "programs", "the person's place on a waiting list"),
    "programs.ProgramInvitation": _p(
        "delete", "programs", "invitations the person accepted or were sent to them"
    ),
    "programs.ReferralLink": _p("delete", "programs", "the person's referral link"),
    "programs.Referral": _p("keep", "", "who referred whom, as ids for the counts; no text"),
    "questionnaires.Answer": _p("delete", "programs", "profile and questionnaire answers"),
    "intake.ConsentRecord": _p(
        "blank", "programs", "when consent was given is kept as evidence; its details go"
    ),
    "intake.IntakeSubmission": _p("delete", "programs", "intake answers"),
    "intake.Referral": _p(
        "blank", "programs", "referrals to another agency: the shared data and note go"
    ),
    "screening.ScreeningCheck": _p(
        "delete", "programs", "screening results and notes about the person"
    ),
    "screening.Reference": _p("delete", "programs", "references the person gave"),
    "screening.SelfAssessmentResult": _p("delete", "programs", "self-assessment answers"),
    "learning.Resource": _p("keep", "", AUTHORED),
    "learning.ResourceTopic": _p("keep", "", AUTHORED),
    "learning.ResourceVersion": _p("keep", "", AUTHORED),
    "learning.ResourceView": _p("delete", "programs", "what the person read in the library"),
    "learning.LessonCompletion": _p("delete", "programs", "training progress"),
    "learning.QuizAttempt": _p("delete", "programs", "quiz answers"),
    "matching.MatchProposal": _p(
        "blank", "programs", "kept for match counts; staff's reasons blanked"
    ),
    # relationships and groups
    "relationships.MentorRequest": _p(
        "blank", "mentorships", "kept for the other person; the person's message blanked"
    ),
    "relationships.RequestMessage": _p(
        "blank", "mentorships", "questions before a mentorship: the person's text blanked"
    ),
    "relationships.Relationship": _p(
        "blank", "mentorships", "kept for the other person and the counts; closed; notes blanked"
    ),
    "relationships.AgreementTemplate": _p("keep", "", AUTHORED),
    "relationships.Agreement": _p("blank", "mentorships", "the person's typed signature blanked"),
    "relationships.Meeting": _p(
        "blank",
        "mentorships",
        "meetings stay for the other person; the place or link the person gave blanked",
    ),
    "relationships.MeetingLog": _p("delete", "mentorships", "the person's meeting logs"),
    "relationships.ClosureSurvey": _p("delete", "mentorships", "the person's closure survey"),
    "relationships.Goal": _p("pseudonymise", "", "shared goals stay for the other person"),
    "relationships.GoalNote": _p("delete", "mentorships", "the person's notes on goals"),
    "relationships.CheckIn": _p("delete", "mentorships", "the person's check-ins"),
    "relationships.StaffContact": _p(
        "delete", "mentorships", "staff notes about the person's mentorships"
    ),
    "relationships.FlashSurvey": _p("delete", "mentorships", "the person's survey answers"),
    "relationships.MeetingSeries": _p("follows", "", "with its mentorship"),
    "relationships.CalendarFeed": _p("delete", "mentorships", "the person's calendar feed token"),
    "relationships.MentoringGroup": _p("pseudonymise", "", ACCOUNTABILITY),
    "relationships.GroupMember": _p(
        "blank", "mentorships", "membership kept for the group's history; the note blanked"
    ),
    "relationships.GroupAgreement": _p(
        "keep", "", "the group's agreement; signatures are planned apart"
    ),
    "relationships.GroupSignature": _p(
        "blank", "mentorships", "the person's typed signature blanked"
    ),
    "relationships.GroupGoal": _p("pseudonymise", "", "shared goals stay for the group"),
    "relationships.GroupGoalNote": _p("delete", "mentorships", "the person's notes on group goals"),
    "relationships.GroupMeeting": _p("pseudonymise", "", ACCOUNTABILITY),
    "relationships.GroupMeetingLog": _p("delete", "mentorships", "the person's meeting logs"),
    "relationships.GroupClosureSurvey": _p("delete", "mentorships", "the person's closure survey"),
    "relationships.GroupCheckIn": _p("delete", "mentorships", "the person's check-ins"),
    "relationships.GroupStaffContact": _p(
        "keep", "", "staff notes about a whole group, written by staff"
    ),
    # messaging
    "messaging.Conversation": _p(
        "keep", "", "kept for the others; closed ones deleted by the agency's retention"
    ),
    "messaging.Member": _p("pseudonymise", "conversations", ACCOUNTABILITY),
    "messaging.Message": _p(
        "pseudonymise",
        "conversations",
        "kept for the others until the agency's retention deletes closed conversations",
    ),
    "messaging.MessageEdit": _p("follows", "", "with its message"),
    "messaging.Attachment": _p(
        "delete", "conversations", "the person's files, removed from storage"
    ),
    "messaging.Flag": _p("keep", "", "staff's handling of a flagged message"),
    "messaging.Review": _p("keep", "", "staff reads of a conversation, for accountability"),
    "messaging.Call": _p(
        "follows", "", "call records go with the conversation's messages by retention"
    ),
    "messaging.CallParticipant": _p(
        "follows", "", "call records go with the conversation's messages by retention"
    ),
    # concerns
    "concerns.Concern": _p(
        "blank",
        "concerns",
        "cases kept for accountability; the person's text and notes about them blanked",
    ),
    "concerns.ConcernEvent": _p(
        "blank", "concerns", "the case's history kept; what was written blanked"
    ),
    "concerns.Block": _p("pseudonymise", "", "kept so that a block still holds"),
    # community
    "community.Post": _p("keep", "", AUTHORED),
    "community.PostVersion": _p("keep", "", AUTHORED),
    "community.Space": _p("keep", "", AUTHORED),
    "community.Topic": _p(
        "delete", "forums", "deleted; a topic others replied to is kept with its text removed"
    ),
    "community.Reply": _p("delete", "forums", "the person's replies"),
    "community.Helpful": _p("delete", "community", "the person's helpful marks"),
    "community.Follow": _p("delete", "community", "what the person followed"),
    "community.Moderator": _p("delete", "community", "the person's moderator roles"),
    "community.Report": _p(
        "blank", "community", "moderation records kept; the person's text blanked"
    ),
    "community.Suspension": _p(
        "blank", "community", "moderation records kept; the reason about the person blanked"
    ),
    "community.TopicMove": _p("keep", "", "a moderator's move of a topic"),
    "community.PostFile": _p("delete", "forums", "the person's files, removed from storage"),
    "community.Circle": _p("pseudonymise", "", ACCOUNTABILITY),
    "community.CircleMember": _p("delete", "community", "the person's circle memberships"),
    "community.Prompt": _p("keep", "", AUTHORED),
    "community.PromptDelivery": _p("follows", "", "with its message"),
    "community.Expert": _p(
        "blank", "community", "name and address blanked; answered questions stay"
    ),
    "community.Question": _p(
        "blank", "community", "the person's question text blanked; the expert's answers stay"
    ),
    "community.QuestionPost": _p("blank", "community", "the person's text blanked"),
    "community.PublishedAnswer": _p(
        "keep",
        "",
        "an answer staff published to the library; its question, title or summary still in the asker's words is replaced (the community step, published.py)",
    ),
    "community.Session": _p("keep", "", AUTHORED),
    "community.Registration": _p("delete", "community", "the person's registrations"),
    # reports
    "reports.Assessment": _p("delete", "programs", "the person's assessment answers"),
    "reports.MonthlyReportSubscription": _p("delete", "reports", "the person's report emails"),
    "reports.FunderMapping": _p("keep", "", AUTHORED),
    "reports.Certificate": _p(
        "delete",
        "reports",
        "certificates made out to the person; on others' they signed, their name and title blanked (shown as a former staff member)",
    ),
    "reports.LetterRequest": _p("delete", "reports", "letters the person asked for"),
    "reports.Partner": _p("keep", "", AUTHORED),
    "reports.PartnerContact": _p("delete", "reports", "the person's partner role"),
    "reports.EmployerLink": _p("delete", "reports", "the person's employer link"),
    "reports.SharedLetter": _p("follows", "", "with its employer link"),
    # notifications
    "notifications.Notification": _p(
        "delete",
        "notifications",
        "notifications to the person; others' name them as a former participant",
    ),
    "notifications.Delivery": _p("follows", "", "with its notification"),
    "notifications.ContactSettings": _p("delete", "notifications", "the person's phone number"),
    "notifications.Preference": _p("delete", "notifications", "the person's choices"),
    # privacy
    "privacy_erasure.ErasureRequest": _p(
        "keep", "", "the record that the erasure was asked and done"
    ),
    "privacy_retention.RetentionPolicy": _p("keep", "", "an agency's policy"),
    "privacy_consent.Consent": _p(
        "keep",
        "",
        "evidence of what was agreed, on which version and when; no text; points at the emptied account",
    ),
    "privacy_consent.PurposeText": _p("keep", "", AUTHORED),
    "privacy_exports.ExportRequest": _p(
        "delete", "account", "copies of the person's data made for them; the zip goes with the row"
    ),
    "privacy_breaches.Breach": _p(
        "keep", "", "the agency's breach register, written by staff; kept 24 months by law"
    ),
    "privacy_breaches.BreachChange": _p("keep", "", "corrections of the breach register"),
}

"""Mentoring pairs and groups: what each member wrote is theirs; what the pair agreed is both's."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import NotPersonal, Owner, Personal

MENTEE = Owner("relationship__mentee__person", role="mentee")
MENTOR = Owner("relationship__mentor__person", role="mentor")
STAFF_NOTE = "a staff member's working note; it can speak of the other members"

DECLARATIONS = [
    Personal(
        "relationships.MentorRequest",
        (
            Owner(
                "mentee__person", fields=("message", "rank", "mentee_accepted_at"), role="mentee"
            ),
            Owner(
                "mentor__person",
                fields=("decline_reason", "decline_note", "mentor_accepted_at"),
                role="mentor",
            ),
        ),
        shared=(
            "source",
            "status",
            "created_at",
            "sent_at",
            "due_at",
            "answered_at",
            "mentee_confirms",
            "declined_by",
        ),
        what=_("The mentoring requests you sent or received"),
    ),
    Personal(
        "relationships.RequestMessage",
        (Owner("author"),),
        what=_("What you wrote about a mentoring request"),
    ),
    Personal(
        "relationships.Relationship",
        (
            Owner("mentee__person", fields=(), role="mentee"),
            Owner("mentor__person", fields=(), role="mentor"),
        ),
        shared=("status", "started_at", "planned_end", "activated_at", "closed_at", "close_reason"),
        not_personal={"close_note": STAFF_NOTE, "debrief_note": STAFF_NOTE},
        actors=("closed_by",),
        what=_("Your mentoring relationships: when they started and ended"),
    ),
    NotPersonal(
        "relationships.AgreementTemplate",
        "an agreement's wording, written by the program",
        actors=("created_by",),
    ),
    Personal(
        "relationships.Agreement",
        (
            Owner(
                "relationship__mentee__person",
                fields=("mentee_signed_name", "mentee_signed_at", "mentee_signed_language"),
                role="mentee",
            ),
            Owner(
                "relationship__mentor__person",
                fields=("mentor_signed_name", "mentor_signed_at", "mentor_signed_language"),
                role="mentor",
            ),
        ),
        shared=(
            "version",
            "meeting_frequency",
            "channels",
            "response_days",
            "waived_at",
            "updated_at",
        ),
        not_personal={"waived_reason": "a staff member's working reason"},
        actors=("waived_by",),
        what=_("The mentoring agreements you signed"),
    ),
    Personal(
        "relationships.Meeting",
        (MENTEE, MENTOR),
        actors=("proposed_by",),
        what=_("Meetings with your mentor or mentee"),
    ),
    Personal(
        "relationships.MeetingLog",
        (Owner("person"),),
        what=_("What you logged about your meetings"),
    ),
    Personal(
        "relationships.ClosureSurvey",
        (Owner("person"),),
        what=_("Your answers when a mentorship ended"),
    ),
    Personal(
        "relationships.Goal",
        (MENTEE, MENTOR),
        actors=("created_by",),
        what=_("Your mentorships' goals"),
    ),
    Personal("relationships.GoalNote", (Owner("author"),), what=_("Your notes on goals")),
    Personal("relationships.CheckIn", (Owner("person"),), what=_("Your check-in answers")),
    Personal(
        "relationships.StaffContact",
        (
            Owner("relationship__mentee__person", fields=(), role="mentee"),
            Owner("relationship__mentor__person", fields=(), role="mentor"),
        ),
        shared=("created_at",),
        not_personal={"note": STAFF_NOTE},
        actors=("author",),
        what=_("When staff contacted your pair"),
    ),
    Personal(
        "relationships.FlashSurvey", (Owner("person"),), what=_("Your answers to short surveys")
    ),
    Personal(
        "relationships.MeetingSeries",
        (MENTEE, MENTOR),
        what=_("Regular meetings planned with your mentor or mentee"),
    ),
    Personal(
        "relationships.CalendarFeed",
        (Owner("person"),),
        not_personal={"token_hash": "a one-way hash of your calendar address's secret"},
        what=_("Your calendar subscription"),
    ),
    NotPersonal(
        "relationships.MentoringGroup",
        "a group's name and dates, shared by its members; "
        "each member's part is under group members",
        actors=("closed_by", "created_by"),
    ),
    Personal(
        "relationships.GroupMember",
        (Owner("enrollment__person"),),
        actors=("left_by",),
        what=_("The mentoring groups you belong or belonged to"),
    ),
    NotPersonal(
        "relationships.GroupAgreement",
        "a group's terms, the same for every member; "
        "each member's signature is under group signatures",
        actors=("waived_by",),
    ),
    Personal(
        "relationships.GroupSignature",
        (Owner("member__enrollment__person"),),
        what=_("Your signatures of group agreements"),
    ),
    Personal(
        "relationships.GroupGoal",
        (Owner("created_by", role="author"),),
        what=_("Group goals you wrote"),
    ),
    Personal(
        "relationships.GroupGoalNote", (Owner("author"),), what=_("Your notes on group goals")
    ),
    Personal(
        "relationships.GroupMeeting",
        (Owner("scheduled_by", role="who scheduled it"),),
        what=_("Group meetings you scheduled"),
    ),
    Personal(
        "relationships.GroupMeetingLog",
        (Owner("person"),),
        what=_("What you logged about group meetings"),
    ),
    Personal(
        "relationships.GroupClosureSurvey",
        (Owner("person"),),
        what=_("Your answers when a group ended"),
    ),
    Personal(
        "relationships.GroupCheckIn", (Owner("person"),), what=_("Your group check-in answers")
    ),
    NotPersonal(
        "relationships.GroupStaffContact",
        "a staff member's working note about a whole group",
        actors=("author",),
    ),
]

"""The forum, circles, sessions, news and expert questions."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import LINK_CODE_WHY, NotPersonal, Owner, Personal, StoredFile

MODERATION = "a moderator's working note"
CLIENT_KEY = "a technical key against double sends"
CONTENT = "content written by an agency or the network for everyone it reaches"

DECLARATIONS = [
    NotPersonal("community.Post", CONTENT, actors=("created_by", "sent_by")),
    NotPersonal("community.PostVersion", CONTENT),
    NotPersonal(
        "community.Space",
        "a forum space's name and description, set by staff",
        actors=("created_by",),
    ),
    Personal(
        "community.Topic",
        (Owner("author"),),
        not_personal={
            "review_note": MODERATION,
            "hidden_reason": MODERATION,
            "client_key": CLIENT_KEY,
        },
        actors=("hidden_by",),
        what=_("The forum topics you started"),
    ),
    Personal(
        "community.Reply",
        (Owner("author"),),
        not_personal={
            "review_note": MODERATION,
            "hidden_reason": MODERATION,
            "client_key": CLIENT_KEY,
        },
        actors=("hidden_by",),
        what=_("Your forum replies"),
    ),
    Personal("community.Helpful", (Owner("person"),), what=_("Replies you marked helpful")),
    Personal("community.Follow", (Owner("person"),), what=_("Spaces and topics you follow")),
    Personal(
        "community.Moderator",
        (Owner("person"),),
        actors=("added_by",),
        what=_("Spaces you moderate"),
    ),
    Personal(
        "community.Report",
        (Owner("reporter"),),
        actors=("handled_by",),
        what=_("Forum posts you reported"),
    ),
    Personal(
        "community.Suspension",
        (Owner("person"),),
        actors=("by", "lifted_by"),
        what=_("Suspensions from a forum space"),
    ),
    NotPersonal("community.TopicMove", "a moderator moving a topic between spaces", actors=("by",)),
    Personal(
        "community.PostFile",
        (
            Owner("reply__author", role="author"),
            Owner("topic__author", role="author", where={"reply__isnull": True}),
        ),
        not_personal={
            "stored_name": "the file's random name in storage; the file itself is in the export"
        },
        files=(StoredFile("stored_name", "attachments", name_field="name"),),
        what=_("Files you attached to forum posts"),
    ),
    Personal(
        "community.Circle",
        (Owner("created_by", role="who started it"),),
        not_personal={"close_note": MODERATION, "client_key": CLIENT_KEY},
        actors=("leader_vouched_by", "closed_by"),
        what=_("Circles you started"),
    ),
    Personal(
        "community.CircleMember",
        (Owner("person"),),
        actors=("decided_by",),
        what=_("Circles you joined or asked to join"),
    ),
    NotPersonal(
        "community.Prompt", "a conversation prompt written by a program", actors=("created_by",)
    ),
    NotPersonal("community.PromptDelivery", "which conversation a program's prompt was posted in"),
    NotPersonal("community.ExpertTopic", "an agency's topic for expert questions"),
    Personal(
        "community.Expert",
        (Owner("person", role="expert"), Owner("email", by_email=True, role="expert")),
        not_personal={"token": LINK_CODE_WHY},
        actors=("invited_by",),
        what=_("Your role as an expert answering questions"),
    ),
    Personal(
        "community.Question",
        (Owner("asker"),),
        not_personal={"client_key": CLIENT_KEY, "clock": "the staff's own bookkeeping"},
        actors=("routed_by",),
        what=_("The questions you asked experts"),
    ),
    Personal(
        "community.QuestionPost",
        (Owner("author"),),
        not_personal={"client_key": CLIENT_KEY},
        what=_("What you wrote on expert questions"),
    ),
    NotPersonal(
        "community.PublishedAnswer",
        "an answer published to the library without who asked",
        actors=("published_by",),
    ),
    NotPersonal("community.SessionSeries", "a repeating session's schedule"),
    NotPersonal(
        "community.Session",
        "a group session's description, written by staff",
        actors=("created_by",),
    ),
    Personal(
        "community.Registration", (Owner("person"),), what=_("Group sessions you registered for")
    ),
]

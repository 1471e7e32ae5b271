"""Conversations: a person's own messages, files and calls are theirs; the others' are not."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import NotPersonal, Owner, Personal, StoredFile

DECLARATIONS = [
    NotPersonal(
        "messaging.Conversation",
        "a conversation's kind, title and dates; each member's part is under members and messages",
    ),
    Personal(
        "messaging.Member", (Owner("person"),), what=_("The conversations you take or took part in")
    ),
    Personal(
        "messaging.Message",
        (Owner("author"),),
        not_personal={"client_key": "a technical key against double sends"},
        what=_("The messages you wrote"),
    ),
    Personal(
        "messaging.MessageEdit",
        (Owner("message__author"),),
        what=_("Earlier wordings of messages you edited"),
    ),
    NotPersonal("messaging.MessagingSettings", "a program's messaging settings"),
    Personal(
        "messaging.Flag",
        (Owner("message__author", role="author of the flagged message"),),
        not_personal={"handled_note": "a staff member's working note"},
        actors=("handled_by",),
        what=_(
            "Your messages that matched the program's watch list, and when staff looked at them"
        ),
    ),
    NotPersonal(
        "messaging.Review",
        "a staff member's recorded reason for reading a conversation: "
        "their accountability record, kept in the agency's audit",
        actors=("staff",),
    ),
    Personal("messaging.Call", (Owner("started_by", role="caller"),), what=_("Calls you started")),
    Personal("messaging.CallParticipant", (Owner("person"),), what=_("Calls you joined")),
    Personal(
        "messaging.Attachment",
        (Owner("message__author"),),
        not_personal={
            "stored_name": "the file's random name in storage; the file itself is in the export"
        },
        files=(StoredFile("stored_name", "attachments", name_field="name"),),
        what=_("Files you sent with messages"),
    ),
]

""" "Did you meet?" answered from the email, without signing in.

Each link carries a token signed for one person and one meeting (django.core.signing, its own
salt, valid 30 days). Mail scanners open links, so opening one writes nothing: the page shows
the answer chosen and one button; the answer is recorded by the same service as the meeting
page (meetings.meeting_log), so a second answer is refused the same way. The token answers only
for its own person: someone signed in as another person is asked to sign out first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

from bridgeway.notifications.render import absolute
from bridgeway.relationships.models import Meeting, MeetingLog

SALT = "bridgeway.relationships.meeting-answer"
MAX_AGE = timedelta(days=30)


class AnswerLinkError(Exception):
    """A link that does not answer: tampered with, or too old (then `meeting_id` is known)."""

    def __init__(self, message: str, meeting_id: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.meeting_id = meeting_id


@dataclass(frozen=True)
class AnswerToken:
    meeting_id: int
    person_id: int


def answer_token(*, meeting_id: int, person_id: int) -> str:
    return signing.dumps({"m": meeting_id, "p": person_id}, salt=SALT)


def _ids(data: Any) -> AnswerToken:
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in "mp"):
        raise signing.BadSignature("unexpected content")
    return AnswerToken(meeting_id=data["m"], person_id=data["p"])


def answer_token_read(token: str) -> AnswerToken:
    """The meeting and person a link answers for; AnswerLinkError with a message otherwise."""
    try:
        return _ids(signing.loads(token, salt=SALT, max_age=MAX_AGE))
    except signing.SignatureExpired:
        expired = _ids(signing.loads(token, salt=SALT))
        raise AnswerLinkError(
            _("This link is more than 30 days old and no longer works."), expired.meeting_id
        ) from None
    except signing.BadSignature:
        raise AnswerLinkError(
            _("This link does not work: it may have been cut or changed on the way.")
        ) from None


def answer_url(*, meeting: Meeting, person_id: int, outcome: str) -> str:
    token = answer_token(meeting_id=meeting.pk, person_id=person_id)
    path = reverse("relationships:meeting_answer", args=[token])
    return absolute(f"{path}?outcome={outcome}")


def answer_links(meeting: Meeting, recipient: Any) -> list[tuple[str, str]]:
    """(label, link) for each answer, for the email to `recipient` (none for anyone else)."""
    person_id = getattr(recipient, "pk", None)
    relationship = meeting.relationship
    if person_id not in (relationship.mentee.person_id, relationship.mentor.person_id):
        return []
    met = _("Yes, we met (%(minutes)d minutes)") % {"minutes": meeting.duration_minutes}
    return [
        (met, answer_url(meeting=meeting, person_id=person_id, outcome=MeetingLog.Outcome.MET)),
        (_("No"), answer_url(meeting=meeting, person_id=person_id, outcome="not_met")),
        (_("We moved it"), answer_url(meeting=meeting, person_id=person_id, outcome="rescheduled")),
    ]

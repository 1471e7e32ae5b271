"""Kinds of notification about a request's question thread, proposals both confirm and the
automatic re-offer of a freed place (BRIDGEWAY_NOTIFICATION_KINDS), each in the recipient's
language with dates in their time zone."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.matching.reasons import render_reasons
from bridgeway.notifications.kinds import Kind
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.selectors import questions_for_program
from bridgeway.relationships.models import MentorRequest, RequestMessage
from bridgeway.relationships.notifications import _request

EXCERPT = 200
MENTEE_AND_MENTOR = ("mentee", "mentor")


def _message(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    message = RequestMessage.objects.select_related(
        "request__mentee__person", "request__mentor__person", "request__program"
    ).get(pk=params["message"])
    request = message.request
    text = message.text if len(message.text) <= EXCERPT else message.text[: EXCERPT - 1] + "…"
    return {
        "mentee": request.mentee.person.name,
        "mentor": request.mentor.person.name,
        "program": request.program.name,
        "excerpt": text,
        "message": message.text,
    }


def _half(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    values = _request(params, recipient)
    request: MentorRequest = values["request"]
    mine = getattr(recipient, "pk", None)
    values["who"] = values["mentor"] if request.mentee.person_id == mine else values["mentee"]
    return values


def _ended(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    values = _request(params, recipient)
    request: MentorRequest = values["request"]
    mine = getattr(recipient, "pk", None)
    names = {"mentee": values["mentee"], "mentor": values["mentor"], "program": values["program"]}
    if params.get("what") == "expired":
        if request.mentee.person_id == mine:
            what = _(
                "The proposed mentorship with %(mentor)s was not confirmed in time. Your "
                "coordinator will look for another mentor with you."
            )
        elif request.mentor_accepted_at is not None:
            what = _(
                "The proposed mentorship with %(mentee)s was not confirmed in time by both of "
                "you. Your place is free again."
            )
        else:
            what = _(
                "The proposal of %(mentee)s expired without your answer. Your place is free "
                "again; the coordinator will look for another mentor with them."
            )
    elif request.mentee.person_id == mine:
        what = _(
            "%(mentor)s cannot be your mentor this time. Your coordinator will look for another "
            "mentor with you."
        )
    elif request.mentor.person_id == mine:
        what = _("%(mentee)s has declined the proposed mentorship. Your place is free again.")
    elif request.declined_by == MentorRequest.Side.MENTEE:
        what = _("%(mentee)s declined the proposal of %(mentor)s in %(program)s.")
    else:
        what = _("%(mentor)s declined the proposal of %(mentee)s in %(program)s.")
    values["what"] = what % names
    return values


def _why(request: MentorRequest) -> str:
    """The pair's strongest reasons, in the reader's language."""
    proposal = request.proposal
    if proposal is None:
        return ""
    questions = {q.key: q for q in questions_for_program(program=request.program)}
    shown = [r for r in render_reasons(proposal.reasons, questions) if r.points > 0]
    shown.sort(key=lambda r: -r.points)
    return "; ".join(r.text for r in shown[:3])


def _reoffer(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    values = _request(params, recipient)
    request: MentorRequest = values["request"]
    why = _why(request)
    first = _(
        "A place opened with %(mentor)s, and you are the first on the waiting list who fits "
        "this mentor."
    ) % {"mentor": values["mentor"]}
    if why:
        first += " " + _("Why: %(why)s.") % {"why": why}
    if request.status == MentorRequest.Status.ACCEPTED:
        then = _("Your mentorship begins.")
    elif request.mentee_confirms:
        then = _("Please accept or decline by %(due)s.") % {"due": values["due"]}
    else:
        then = _("We have asked %(mentor)s; you will hear their answer by %(due)s.") % {
            "mentor": values["mentor"],
            "due": values["due"],
        }
    values["what"] = f"{first} {then}"
    values["score"] = request.proposal.score if request.proposal else ""
    values["confirmed_by"] = Program.Confirmation(request.program.requests_confirmed_by).label
    return values


REQUEST_QUESTION = Kind(
    code="relationships.request_question",
    label=gettext_lazy("A mentor's question about your request"),
    subject=gettext_lazy("%(mentor)s has a question for you"),
    summary=gettext_lazy("%(mentor)s asks before answering: “%(excerpt)s”"),
    context=_message,
    needs_answer=True,
    roles=("mentee",),
)

REQUEST_REPLY = Kind(
    code="relationships.request_reply",
    label=gettext_lazy("A mentee's answer to your question about their request"),
    subject=gettext_lazy("%(mentee)s answered your question"),
    summary=gettext_lazy("%(mentee)s answered: “%(excerpt)s”"),
    context=_message,
    needs_answer=True,
    roles=("mentor",),
)

PROPOSAL_TO_CONFIRM = Kind(
    code="relationships.proposal_to_confirm",
    label=gettext_lazy("A mentor your coordinator proposes"),
    subject=gettext_lazy("Your coordinator proposes %(mentor)s as your mentor"),
    summary=gettext_lazy(
        "Your coordinator proposes %(mentor)s as your mentor in %(program)s. Please accept or "
        "decline by %(due)s."
    ),
    context=_request,
    needs_answer=True,
    roles=("mentee",),
)

PROPOSAL_REMINDER = Kind(
    code="relationships.proposal_reminder",
    label=gettext_lazy("Reminders of a proposed mentor waiting for your answer"),
    subject=gettext_lazy("Your answer about %(mentor)s is awaited"),
    summary=gettext_lazy(
        "Reminder: please accept or decline %(mentor)s as your mentor by %(due)s."
    ),
    context=_request,
    needs_answer=True,
    roles=("mentee",),
)

REQUEST_HALF_ACCEPTED = Kind(
    code="relationships.request_half_accepted",
    label=gettext_lazy("The other person said yes to a proposed mentorship"),
    subject=gettext_lazy("%(who)s said yes"),
    summary=gettext_lazy(
        "%(who)s said yes to the proposed mentorship. Your answer is awaited until %(due)s."
    ),
    context=_half,
    needs_answer=True,
    roles=MENTEE_AND_MENTOR,
)

PROPOSAL_ENDED = Kind(
    code="relationships.proposal_ended",
    label=gettext_lazy("A proposed mentorship that will not start"),
    subject=gettext_lazy("News about a proposed mentorship in %(program)s"),
    summary=gettext_lazy("%(what)s"),
    context=_ended,
    roles=("mentee", "mentor", "staff"),
)

REOFFER_MENTEE = Kind(
    code="relationships.reoffer_mentee",
    label=gettext_lazy("A mentor's place opened for you"),
    subject=gettext_lazy("A mentor's place opened for you in %(program)s"),
    summary=gettext_lazy("%(what)s"),
    context=_reoffer,
    needs_answer=True,
    roles=("mentee",),
)

REOFFER_STAFF = Kind(
    code="relationships.reoffer_staff",
    label=gettext_lazy("Freed places offered to waiting mentees"),
    subject=gettext_lazy("A freed place in %(program)s was offered"),
    summary=gettext_lazy(
        "%(mentor)s had a free place in %(program)s; it was offered to %(mentee)s, the first "
        "on the waiting list who fits (score %(score)s). Confirmed by: %(confirmed_by)s."
    ),
    context=_reoffer,
    roles=("staff",),
)

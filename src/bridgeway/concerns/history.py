"""A concern's history in words, for staff or for the person who raised it."""

from __future__ import annotations

from django.utils.translation import gettext as _

from bridgeway.concerns.models import REPORTER_STATUS, Concern, ConcernEvent, Priority

K = ConcernEvent.Kind


def _status(code: str, for_reporter: bool) -> str:
    if code not in Concern.Status.values:
        return code
    if for_reporter:
        return str(REPORTER_STATUS[Concern.Status(code)])
    return str(Concern.Status(code).label)


def _priority(code: str) -> str:
    return str(Priority(code).label) if code in Priority.values else code


def event_sentence(event: ConcernEvent, *, for_reporter: bool) -> str:
    """One line of history. Staff are named to staff; the person who raised the concern reads
    "the program's staff"."""
    data = event.data or {}
    if for_reporter:
        who = _("You") if event.author_id == event.concern.reporter_id else _("The program's staff")
    else:
        who = event.author.name if event.author is not None else _("Bridgeway")
    if event.kind == K.RAISED:
        return _("%(who)s raised the concern.") % {"who": who}
    if event.kind == K.STATUS:
        return _("Status: %(status)s.") % {"status": _status(data.get("to", ""), for_reporter)}
    if event.kind == K.PRIORITY:
        return _("%(who)s set the priority to %(priority)s.") % {
            "who": who,
            "priority": _priority(data.get("to", "")).lower(),
        }
    if event.kind == K.ASSIGNED:
        if data.get("to"):
            return _("%(who)s assigned it to %(name)s.") % {"who": who, "name": data["to"]}
        return _("%(who)s took the assignment away.") % {"who": who}
    if event.kind == K.NOTE:
        return _("Staff note by %(who)s:") % {"who": who}
    if event.kind == K.MESSAGE:
        return _("Message from %(who)s:") % {"who": who}
    if event.kind == K.ANSWER:
        if for_reporter:
            return _("Your answer:")
        return _("Answer from %(who)s:") % {"who": who}
    if event.kind == K.ESCALATED:
        return _("Nobody on staff handled it in time: the agency's admins were told.")
    if event.kind == K.BLOCKED:
        return _("%(who)s blocked the other person of the mentorship.") % {"who": who}
    if event.kind == K.BLOCK_LIFTED:
        return _("The block was lifted.")
    return str(event.get_kind_display())


def history(events: list[ConcernEvent], *, for_reporter: bool) -> list[tuple[ConcernEvent, str]]:
    return [(event, event_sentence(event, for_reporter=for_reporter)) for event in events]

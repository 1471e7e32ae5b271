"""A mentee's suggested mentors: the best few with a free place, diversified so that the same
popular mentor is not shown to everyone, each explained in the mentee's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bridgeway.matching.reasons import ShownReason, render_reasons
from bridgeway.matching.selectors import MENTEE_POOL, matching_context, mentee_key
from bridgeway.matching.services import impressions_get, impressions_record
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.selectors import ProfileCard, profile_cards

SHOWN = 5


@dataclass(frozen=True)
class ShownSuggestion:
    rank: int
    mentor: Enrollment
    score: float
    reasons: list[ShownReason]
    card: ProfileCard


@dataclass
class Suggestions:
    items: list[ShownSuggestion] = field(default_factory=list)
    # Why there is nothing to show, in the mentee's words; empty when items are shown.
    note: str = ""


def suggestions_for_mentee(
    *, mentee: Enrollment, k: int = SHOWN, record: bool = False
) -> Suggestions:
    """Up to `k` mentors for the mentee (the caller has checked it is the mentee's own
    enrollment). Never a mentor who declined this mentee, never a full one. `record` counts
    the mentors shown as impressions (a write: for a mentee's action, never a page view)."""
    if mentee.status not in MENTEE_POOL:
        return Suggestions(note=_("Suggestions appear once you are ready to be matched."))
    program = mentee.program
    # Only this mentee is loaded and scored, against every mentor of the pool.
    context = matching_context(program=program, include_mentee=mentee, mentee_ids=[mentee.pk])
    if context.engine is None:
        return Suggestions(note=_("This program does not suggest mentors yet."))
    mentor_ids = list(context.mentors)
    shown = impressions_get(program=program, mentor_ids=mentor_ids)
    found = context.engine.suggest(mentee_key(mentee.pk), k=k, shown=shown, record=False)
    if not found:
        return Suggestions(
            note=_(
                "No mentor with a free place fits you right now. Your coordinator is looking; "
                "you keep your place on the waiting list."
            )
        )
    if record:
        impressions_record(
            program=program,
            mentee_id=mentee_key(mentee.pk),
            mentor_ids=[s.pair.mentor for s in found],
        )
    context.with_people(*(context.mentors[s.pair.mentor] for s in found))
    cards = profile_cards(
        enrollments=[context.mentors[s.pair.mentor] for s in found], heading_level=3
    )
    items = []
    for suggestion in found:
        mentor = context.mentors[suggestion.pair.mentor]
        items.append(
            ShownSuggestion(
                rank=suggestion.rank,
                mentor=mentor,
                score=suggestion.pair.score,
                reasons=render_reasons(suggestion.pair.reasons, context.questions),
                card=cards[mentor.pk],
            )
        )
    return Suggestions(items=items)

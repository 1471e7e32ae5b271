"""A mentee's suggested mentors: the best few with a free place, diversified so that the same
popular mentor is not shown to everyone, each explained in the mentee's language."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bridgeway.matching.engine import PairScore, Suggestion
from bridgeway.matching.reasons import ShownReason, render_reasons
from bridgeway.matching.selectors import (
    MENTEE_POOL,
    MatchContext,
    enrollment_id_of,
    matching_context,
    mentee_key,
    mentor_key,
)
from bridgeway.matching.services import impressions_get, impressions_record
from bridgeway.privacy.consent.models import PROFILE_WITHDRAWN_NOTE, Purpose
from bridgeway.privacy.consent.selectors import consent_withdrawn
from bridgeway.programs.models import Enrollment, WaitlistEntry
from bridgeway.programs.questionnaires.kept_cards import people_for_cards, rendered_profile_cards
from bridgeway.programs.questionnaires.selectors import ProfileCard, profile_cards

SHOWN = 5


@dataclass(frozen=True)
class ShownSuggestion:
    rank: int
    mentor: Enrollment
    score: float
    reasons: list[ShownReason]
    card: ProfileCard | None  # None when the caller asked for no cards (the API) or HTML
    card_html: str = ""  # the card rendered, when the caller asked for it so (a page)


@dataclass
class Suggestions:
    items: list[ShownSuggestion] = field(default_factory=list)
    # Why there is nothing to show, in the mentee's words; empty when items are shown.
    note: str = ""


def mentee_context(*, mentee: Enrollment) -> MatchContext:
    """The program's engine for one mentee's suggestions: this mentee against every mentor of
    the pool (the mentors kept compiled, answers_cache.py)."""
    return matching_context(program=mentee.program, include_mentee=mentee, mentee_ids=[mentee.pk])


def _suggest(mentee: Enrollment, context: MatchContext, k: int) -> tuple[list[Suggestion], str]:
    """The engine's suggestions for the mentee, or why there are none (in their words)."""
    if mentee.status not in MENTEE_POOL:
        return [], _("Suggestions appear once you are ready to be matched.")
    if mentee_key(mentee.pk) not in context.mentees:
        # Left out of the pool: they withdrew their consent to sharing their profile.
        return [], str(PROFILE_WITHDRAWN_NOTE)
    if context.engine is None:
        return [], _("This program does not suggest mentors yet.")
    shown = impressions_get(program=context.program, mentor_ids=list(context.mentors))
    found = context.engine.suggest(mentee_key(mentee.pk), k=k, shown=shown, record=False)
    if not found:
        return [], _(
            "No mentor with a free place fits you right now. Your coordinator is looking; "
            "you keep your place on the waiting list."
        )
    return found, ""


def suggested_mentor_ids(*, mentee: Enrollment, context: MatchContext, k: int = SHOWN) -> set[int]:
    """The enrollments of the mentors `suggestions_for_mentee` would show the mentee now, from
    a context built for them (`mentee_context`): the ids alone, without reasons or cards."""
    found, _note = _suggest(mentee, context, k)
    return {enrollment_id_of(s.pair.mentor) for s in found}


def suggestions_for_mentee(
    *,
    mentee: Enrollment,
    k: int = SHOWN,
    record: bool = False,
    cards: bool = True,
    rendered: bool = False,
) -> Suggestions:
    """Up to `k` mentors for the mentee (the caller has checked it is the mentee's own
    enrollment). Never a mentor who declined this mentee, never a full one. `record` counts
    the mentors shown as impressions (a write: for a mentee's action, never a page view);
    `cards`: each mentor's profile card; `rendered`: each card's HTML instead, for a page that
    shows them (kept per process while the mentor's card does not change: kept_cards.py)."""
    if mentee.status not in MENTEE_POOL:
        return Suggestions(note=_("Suggestions appear once you are ready to be matched."))
    if consent_withdrawn(person_id=mentee.person_id, purpose=Purpose.MATCHING_PROFILE):
        return Suggestions(note=str(PROFILE_WITHDRAWN_NOTE))
    program = mentee.program
    # Only this mentee is loaded and scored, against every mentor of the pool.
    context = mentee_context(mentee=mentee)
    found, note = _suggest(mentee, context, k)
    if not found:
        return Suggestions(note=note)
    if record:
        impressions_record(
            program=program,
            mentee_id=mentee_key(mentee.pk),
            mentor_ids=[s.pair.mentor for s in found],
        )
    shown = [context.mentors[s.pair.mentor] for s in found]
    html = {}
    if rendered:
        # The people and who hides their sensitive answers, in one query.
        html = rendered_profile_cards(
            enrollments=shown,
            heading_level=3,
            questions=list(context.questions.values()),
            hidden=people_for_cards(enrollments=shown),
        )
    else:
        context.with_people(*shown)
    shown_cards = (
        profile_cards(
            enrollments=shown, heading_level=3, questions=list(context.questions.values())
        )
        if cards and not rendered
        else {}
    )
    items = []
    memo: dict[object, object] = {}  # the questions' words, for the five mentors' reasons
    for suggestion in found:
        mentor = context.mentors[suggestion.pair.mentor]
        items.append(
            ShownSuggestion(
                rank=suggestion.rank,
                mentor=mentor,
                score=suggestion.pair.score,
                reasons=render_reasons(suggestion.pair.reasons, context.questions, memo=memo),
                card=shown_cards.get(mentor.pk),
                card_html=html.get(mentor.pk, ""),
            )
        )
    return Suggestions(items=items)


@dataclass(frozen=True)
class FreedPlaceOffer:
    """The waiting mentee a mentor's freed place goes to, and why (the engine's pair)."""

    mentee: Enrollment
    pair: PairScore
    context: MatchContext


def mentee_for_freed_place(
    *, mentor: Enrollment, skip_mentee_ids: set[int] | frozenset[int] = frozenset()
) -> FreedPlaceOffer | None:
    """The mirror of a mentee's suggestions for one mentor whose place freed up: among the
    program's waiting mentees without an open proposal who meet the program's rules that must
    be met with this mentor (never one this mentor declined, nor an earlier pair), the first
    on the waiting list, then the best score. None when the mentor has no free place, the
    program matches on nothing yet, or nobody fits. One column of the engine is scored, so a
    waiting list of thousands costs one pass over it."""
    context = matching_context(program=mentor.program)
    key = mentor_key(mentor.pk)
    if context.engine is None or context.free.get(key, 0) <= 0:
        return None
    fitting = {
        enrollment_id_of(mentee_id): score
        for mentee_id, score in context.engine.mentees_for(key)
        if enrollment_id_of(mentee_id) not in skip_mentee_ids
    }
    if not fitting:
        return None
    positions = dict(
        WaitlistEntry.objects.filter(program=mentor.program).values_list(
            "enrollment_id", "position"
        )
    )
    unlisted = max(positions.values(), default=0) + 1  # not on the list: after everyone on it
    best = min(fitting, key=lambda pk: (positions.get(pk, unlisted), -fitting[pk], pk))
    mentee = context.mentees[mentee_key(best)]
    return FreedPlaceOffer(
        mentee=mentee, pair=context.score(mentee, context.mentors[key]), context=context
    )

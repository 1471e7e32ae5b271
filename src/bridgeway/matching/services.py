"""State changes for matching: running the proposed assignment (audited), accepting pairs as
match proposals, setting a pair by hand with a reason, withdrawing, and a mentor's decline.

Proposals are the seam to the request/accept lifecycle a later part of the product builds: it
reads open proposals and turns them into requests; a decline recorded here keeps the mentor away
from that mentee in every later run (selectors.matching_context)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from bridgeway.core.services import DomainError, audit_record
from bridgeway.matching.engine import Assignment, PairScore
from bridgeway.matching.models import MatchProposal
from bridgeway.matching.reasons import reason_data
from bridgeway.matching.selectors import (
    OBJECTIVES,
    MatchContext,
    enrollment_id_of,
    matching_context,
    mentee_key,
    mentor_key,
)
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.services import enrollments_lock, program_lock

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

RUN_SECONDS = 24 * 3600
REASON_MAX = 500


@dataclass(frozen=True)
class PairChoice:
    """A pair a coordinator accepts: enrollment ids, and the reason when it overrides the
    engine."""

    mentee_id: int
    mentor_id: int
    reason: str = ""


@dataclass(frozen=True)
class Run:
    """A proposed assignment as shown to a coordinator, and the key that finds it again."""

    context: MatchContext
    assignment: Assignment
    token: str


def _run_key(program: Program, token: str) -> str:
    return f"matching:run:{program.pk}:{token}"


def proposed_pairs(*, program: Program, token: str) -> dict[int, int] | None:
    """{mentee enrollment id: mentor enrollment id} of a run shown earlier, or None when the
    token is unknown or expired."""
    if not token or len(token) > 64:
        return None
    data = cache.get(_run_key(program, token))
    if not isinstance(data, dict):
        return None
    return {int(k): int(v) for k, v in data.get("pairs", {}).items()}


def _check_objective(objective: str) -> None:
    if objective not in OBJECTIVES:
        raise DomainError(_("Choose what the assignment should favour."), "objective")


@transaction.atomic
def assignment_run(*, program: Program, by: Person | None, objective: str = "score") -> Run:
    """Run the proposed assignment for the program's pool. Nothing is proposed yet; the run is
    kept for a day so that accepting its pairs needs no reason."""
    _check_objective(objective)
    context = matching_context(program=program)
    if context.engine is None:
        raise DomainError(
            _("No question of this program has a matching rule yet. Add one to the questionnaire.")
        )
    assignment = context.assign(objective)
    token = secrets.token_urlsafe(12)
    pairs = {enrollment_id_of(p.mentee): enrollment_id_of(p.mentor) for p in assignment.pairs}
    cache.set(_run_key(program, token), {"objective": objective, "pairs": pairs}, RUN_SECONDS)
    audit_record(
        actor=by,
        organization=program.organization,
        action="matching.run",
        target=program,
        summary=_audit_summary(assignment),
        data={
            "objective": objective,
            "matched": assignment.matched,
            "unmatched": len(assignment.unmatched),
            "total_score": assignment.total_score,
        },
    )
    return Run(context=context, assignment=assignment, token=token)


def _audit_summary(assignment: Assignment) -> str:
    return (
        f"{assignment.objective}: {assignment.matched} matched, "
        f"{len(assignment.unmatched)} unmatched, total {assignment.total_score}"
    )


@transaction.atomic
def proposals_accept(
    *,
    program: Program,
    by: Person | None,
    pairs: list[PairChoice],
    proposed: dict[int, int] | None = None,
    source: str = MatchProposal.Source.BULK,
) -> list[MatchProposal]:
    """Accept pairs as match proposals, all or none.

    A pair that differs from the engine's proposal for its mentee (`proposed`, from the run the
    coordinator saw; without a run, a pair scoring below the mentee's best fitting mentor with
    a free place) or that breaks a rule that must be met needs a reason, which is kept with
    the proposal and in the audit log."""
    if not pairs:
        raise DomainError(_("Choose at least one pair to accept."), "pairs")
    # One accept at a time per program (two coordinators' runs see each other's pairs), then
    # the people of the pairs, by id as every change takes them: a mentor's places and a
    # mentee's own requests are guarded by their rows (programs.services.enrollments_lock).
    program_lock(program.pk)
    enrollments_lock([id_ for choice in pairs for id_ in (choice.mentee_id, choice.mentor_id)])
    context = matching_context(program=program)
    if context.engine is None:
        raise DomainError(
            _("No question of this program has a matching rule yet. Add one to the questionnaire.")
        )
    free = dict(context.free)
    seen: set[int] = set()
    created = []
    for choice in pairs:
        mentee = context.mentees.get(mentee_key(choice.mentee_id))
        mentor = context.mentors.get(mentor_key(choice.mentor_id))
        if mentee is None:
            raise DomainError(
                _("This mentee is no longer waiting for a mentor in this program."), "mentee"
            )
        if mentor is None:
            raise DomainError(_("This mentor is not available in this program."), "mentor")
        if choice.mentee_id in seen:
            raise DomainError(
                _("%(name)s is in two pairs; choose one mentor.") % {"name": mentee.person.name},
                "mentee",
            )
        seen.add(choice.mentee_id)
        key = mentor_key(mentor.pk)
        if free[key] <= 0:
            raise DomainError(
                _("%(name)s has no free place left.") % {"name": mentor.person.name}, "mentor"
            )
        pair = context.score(mentee, mentor)
        reason = choice.reason.strip()[:REASON_MAX]
        is_override = not pair.feasible or differs_from_proposal(context, mentee, pair, proposed)
        if is_override and not reason:
            raise DomainError(_override_message(mentee, mentor, pair.feasible), "reason")
        free[key] -= 1
        proposal = _create(
            program=program,
            mentee=mentee,
            mentor=mentor,
            score=pair.score,
            reasons=reason_data(pair.reasons),
            breaks_hard_rule=not pair.feasible,
            source=MatchProposal.Source.MANUAL if is_override else source,
            override_reason=reason if is_override else "",
            by=by,
        )
        created.append(proposal)
    return created


def best_free_mentor(context: MatchContext, mentee: Enrollment) -> PairScore | None:
    """The mentee's best fitting mentor with a free place who meets the program's rules for
    them (by score alone, with no diversification), or None when there is none."""
    assert context.engine is not None
    found = context.engine.suggest(mentee_key(mentee.pk), k=1, shown={}, record=False)
    return found[0].pair if found else None


def differs_from_proposal(
    context: MatchContext, mentee: Enrollment, pair: PairScore, proposed: dict[int, int] | None
) -> bool:
    """Whether a chosen pair needs a reason for differing: from the run's pair for the mentee
    (`proposed`), or without a run, for scoring below the mentee's best free mentor."""
    if proposed is not None:
        return proposed.get(mentee.pk) != enrollment_id_of(pair.mentor)
    best = best_free_mentor(context, mentee)
    return best is not None and pair.score < best.score


def _override_message(mentee: Enrollment, mentor: Enrollment, feasible: bool) -> str:
    names = {"mentee": mentee.person.name, "mentor": mentor.person.name}
    if not feasible:
        return (
            _("%(mentee)s and %(mentor)s break a rule that must be met: give the reason.") % names
        )
    return _("Pairing %(mentee)s with %(mentor)s differs from the proposal: give the reason.") % (
        names
    )


def _create(
    *,
    program: Program,
    mentee: Enrollment,
    mentor: Enrollment,
    score: float,
    reasons: list[dict[str, Any]],
    breaks_hard_rule: bool,
    source: str,
    override_reason: str,
    by: Person | None,
    savepoint: bool = True,
) -> MatchProposal:
    """`savepoint`: the write of the proposal is undone alone when the mentee has an open
    proposal already (the caller is then told so and may go on). False for a caller that
    holds the mentee's lock and found no open proposal of theirs under it: none can appear
    (every proposal is written under its mentee's lock), so the savepoint would protect
    nothing."""
    if mentee.person_id == mentor.person_id:
        # Whatever the path (a choice, a run, a coordinator's override): nobody mentors
        # themselves; their relationship could not even have a conversation.
        raise DomainError(
            _("%(name)s cannot be their own mentor. Choose another mentor.")
            % {"name": mentee.person.name},
            "mentor",
        )
    proposal = MatchProposal(
        program=program,
        mentee=mentee,
        mentor=mentor,
        score=Decimal(str(round(score, 2))),
        reasons=reasons,
        breaks_hard_rule=breaks_hard_rule,
        source=source,
        override_reason=override_reason,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    if not savepoint:
        proposal.save(force_insert=True)
    else:
        try:
            with transaction.atomic():
                proposal.save(force_insert=True)
        except IntegrityError:
            raise DomainError(
                _("%(name)s already has an open proposal.") % {"name": mentee.person.name},
                "mentee",
            ) from None
    audit_record(
        actor=by,
        organization=program.organization,
        action="matching.set" if source == MatchProposal.Source.MANUAL else "matching.accept",
        target=proposal,
        summary=f"{mentee.person.name} → {mentor.person.name} ({proposal.score})",
        data={
            "mentee": mentee.pk,
            "mentor": mentor.pk,
            "score": float(proposal.score),
            "source": source,
            "breaks_hard_rule": breaks_hard_rule,
            "reason": override_reason,
        },
    )
    proposal_changed("created", proposal)
    return proposal


@transaction.atomic
def proposal_set(
    *,
    program: Program,
    by: Person,
    mentee_id: int,
    mentor_id: int,
    reason: str,
    proposed: dict[int, int] | None = None,
) -> MatchProposal:
    """A coordinator sets one pair by hand (a swap is two of these)."""
    return proposals_accept(
        program=program,
        by=by,
        pairs=[PairChoice(mentee_id, mentor_id, reason)],
        proposed=proposed,
        source=MatchProposal.Source.MANUAL,
    )[0]


@transaction.atomic
def proposal_withdraw(*, proposal: MatchProposal, by: Person, reason: str = "") -> None:
    """Staff take back an open proposal; the mentee returns to the pool."""
    updated = MatchProposal.objects.filter(
        pk=proposal.pk, status=MatchProposal.Status.PROPOSED
    ).update(status=MatchProposal.Status.WITHDRAWN, closed_at=timezone.now())
    if not updated:
        raise DomainError(_("This proposal is no longer open."))
    audit_record(
        actor=by,
        organization=proposal.program.organization,
        action="matching.withdraw",
        target=proposal,
        summary=f"{proposal.mentee_id} → {proposal.mentor_id}",
        data={"reason": reason.strip()[:REASON_MAX], "mentor": proposal.mentor.person.name},
        subject=proposal.mentee.person,
    )
    proposal_changed("withdrawn", proposal)


@transaction.atomic
def proposal_decline(*, proposal: MatchProposal, by: Person, reason: str) -> None:
    """The mentor (or, where both confirm, the mentee) declines a proposal, with a reason. The
    mentee returns to the pool and this mentor is never proposed or suggested to them again."""
    both = proposal.program.requests_confirmed_by == Program.Confirmation.BOTH
    by_mentee = both and proposal.mentee.person_id == by.pk
    if proposal.mentor.person_id != by.pk and not by_mentee:
        raise DomainError(_("Only the mentor can decline this proposal."))
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Say briefly why; it helps the coordinator."), "reason")
    updated = MatchProposal.objects.filter(
        pk=proposal.pk, status=MatchProposal.Status.PROPOSED
    ).update(
        status=MatchProposal.Status.DECLINED,
        decline_reason=reason[:REASON_MAX],
        closed_at=timezone.now(),
    )
    if not updated:
        raise DomainError(_("This proposal is no longer open."))
    audit_record(
        actor=by,
        organization=proposal.program.organization,
        action="matching.decline",
        target=proposal,
        summary=f"{proposal.mentee_id} → {proposal.mentor_id}",
        data={
            "reason": reason[:REASON_MAX],
            "mentor": proposal.mentor.person.name,
            "by": "mentee" if by_mentee else "mentor",
        },
        subject=proposal.mentee.person,
    )
    proposal_changed("declined", proposal)


# ---- what happens to a proposal, told to the apps above (relationships) ---------------------


def proposal_changed(event: str, proposal: MatchProposal) -> None:
    """Tell the listeners of BRIDGEWAY_PROPOSAL_LISTENERS (in the caller's transaction) that a
    proposal was "created", "declined" or "withdrawn": the relationships app turns proposals
    into requests with deadlines without this app knowing it."""
    for path in settings.BRIDGEWAY_PROPOSAL_LISTENERS:
        import_string(path)(event, proposal)


def proposal_for_freed_place(
    *, context: MatchContext, mentee: Enrollment, mentor: Enrollment
) -> MatchProposal:
    """A mentor's freed place offered by the system to a waiting mentee who fits (the caller
    holds the program's and the mentor's and mentee's locks and chose the pair from
    `context`); audited without an actor."""
    pair = context.score(mentee, mentor)
    return _create(
        program=context.program,
        mentee=mentee,
        mentor=mentor,
        score=pair.score,
        reasons=reason_data(pair.reasons),
        breaks_hard_rule=not pair.feasible,
        source=MatchProposal.Source.BULK,
        override_reason="",
        by=None,
    )


def proposal_from_choice(
    *,
    mentee: Enrollment,
    mentor: Enrollment,
    by: Person,
    context: MatchContext | None = None,
    none_open: bool = False,
) -> MatchProposal:
    """A mentee's own choice among their suggestions becomes a proposal to that mentor, when
    the mentor still has a free place and meets the program's rules for this mentee.
    `context`: the mentee's engine, when the caller holds both enrollments' locks and brought
    the mentor's places up to date under them (it is then read once for the choice and the
    proposal); without it, the two are locked (by id, `enrollments_lock`) and the engine built
    here. `none_open`: the caller, inside its transaction and with `context`, found under the
    mentee's lock that they have no open proposal: the proposal and its audit row are written
    without savepoints, as they can only fail with the caller's whole change (a refusal comes
    before any write)."""
    if none_open and context is not None and transaction.get_connection().in_atomic_block:
        return _from_choice(mentee=mentee, mentor=mentor, by=by, context=context, savepoint=False)
    with transaction.atomic():
        return _from_choice(mentee=mentee, mentor=mentor, by=by, context=context, savepoint=True)


def _from_choice(
    *,
    mentee: Enrollment,
    mentor: Enrollment,
    by: Person,
    context: MatchContext | None,
    savepoint: bool,
) -> MatchProposal:
    program = mentee.program
    # Scored as the mentee's suggestions are (this mentee against every mentor, with the
    # mentors kept compiled): the proposal records the score and reasons the mentee saw.
    if context is None:
        enrollments_lock([mentee.pk, mentor.pk])
        context = matching_context(program=program, include_mentee=mentee, mentee_ids=[mentee.pk])
    if context.engine is None:
        raise DomainError(_("This program does not suggest mentors yet."))
    key = mentor_key(mentor.pk)
    available = context.mentors.get(key)
    if available is None or context.free.get(key, 0) <= 0:
        raise DomainError(
            _("%(name)s has no free place any more.") % {"name": mentor.person.name}, "mentor"
        )
    pair = context.score(mentee, available)
    if not pair.feasible:
        raise DomainError(
            _("%(name)s does not meet a rule of this program for you.")
            % {"name": mentor.person.name},
            "mentor",
        )
    return _create(
        program=program,
        mentee=mentee,
        mentor=mentor,  # the pool's row of this enrollment, as the caller read it
        score=pair.score,
        reasons=reason_data(pair.reasons),
        breaks_hard_rule=False,
        source=MatchProposal.Source.SUGGESTION,
        override_reason="",
        by=by,
        savepoint=savepoint,
    )


# ---- impressions (diversified suggestions) ----------------------------------------------------

SHOWN_SECONDS = 30 * 24 * 3600


def _shown_key(program_id: int) -> str:
    return f"matching:shown:{program_id}"


def impressions_get(*, program: Program, mentor_ids: list[str]) -> dict[str, int]:
    """How often each mentor was shown to a mentee of the program recently, from the shared
    cache: one key per program, so one read whatever the number of mentors."""
    found = cache.get(_shown_key(program.pk))
    if not isinstance(found, dict):
        return {}
    return {m: int(found[m]) for m in mentor_ids if m in found}


def impressions_record(*, program: Program, mentee_id: str, mentor_ids: list[str]) -> None:
    """Count each mentor once per mentee (a page reloaded is not a new impression). Two
    recordings at the same instant may count one impression once instead of twice: the counts
    only steer which of nearly equal mentors is shown."""
    seen_key = f"matching:seen:{program.pk}:{mentee_id}"
    seen = set(cache.get(seen_key) or [])
    new = [m for m in mentor_ids if m not in seen]
    if not new:
        return
    key = _shown_key(program.pk)
    counts = cache.get(key)
    counts = dict(counts) if isinstance(counts, dict) else {}
    for mentor_id in new:
        counts[mentor_id] = int(counts.get(mentor_id, 0)) + 1
    cache.set(key, counts, SHOWN_SECONDS)
    cache.set(seen_key, sorted(seen | set(new)), SHOWN_SECONDS)

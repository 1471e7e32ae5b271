from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from bridgeway.core.access import mfa_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest, parse_id
from bridgeway.core.pagination import paginate
from bridgeway.core.services import DomainError
from bridgeway.matching import services
from bridgeway.matching.board_html import manual_fields_html, run_form_html
from bridgeway.matching.forms import (
    SEARCH_MAX,
    DeclineForm,
    ManualPairForm,
    RunForm,
    WithdrawForm,
)
from bridgeway.matching.pool import Pool, pool_get
from bridgeway.matching.reasons import hard_criteria, render_reasons
from bridgeway.matching.reasons_html import reasons_list_html
from bridgeway.matching.recruitment import gap_rows
from bridgeway.matching.selectors import (
    PROPOSALS_SHOWN,
    OpenProposals,
    declines_to_rematch_shown,
    enrollment_id_of,
    matching_context,
    mentee_enrollment_get,
    mentee_key,
    mentor_enrollment_get,
    mentor_key,
    open_proposal_for_mentee,
    program_get_for_matching,
    proposal_get_for_mentor,
    proposal_get_for_program,
    summary_numbers,
)
from bridgeway.matching.suggestions import suggestions_for_mentee
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.selectors import profile_card, questions_for_program

SIDES = ("mentee", "mentor")


def _shown_proposals(request: AuthedRequest, pool: Pool) -> Any:
    # Counted with the pool (its open proposals); the first page through the kept SQL.
    page = paginate(
        request,
        OpenProposals(pool.program, pool.proposed),  # type: ignore[arg-type]
        per_page=PROPOSALS_SHOWN,
    )
    questions = pool.questions
    hard = hard_criteria(questions)
    # Each proposal's reasons written in one pass (the HTML of matching/_reasons.html).
    rows = [
        (p, reasons_list_html(render_reasons(p.reasons, questions, hard))) for p in page.object_list
    ]
    return page, rows


def _manual_form(
    program: Program,
    pool: Pool,
    data: Any = None,
    run: str = "",
    initial: dict[str, Any] | None = None,
) -> ManualPairForm:
    return ManualPairForm(
        data,
        mentees=pool.mentees,
        mentors=pool.mentors,
        preview_url=reverse("matching:preview", args=[program.pk]),
        initial={"run": run, **(initial or {})},
    )


def _pool_for(program: Program, values: Any) -> Pool:
    """The pool with the searches and the people chosen in `values` (a GET or a POST)."""
    return pool_get(
        program=program,
        search={side: str(values.get(f"{side}_q", ""))[:SEARCH_MAX] for side in SIDES},
        chosen={side: parse_id(values.get(side)) for side in SIDES},
    )


def _run_rows(run: services.Run) -> dict[str, Any]:
    context, assignment = run.context, run.assignment
    hard = hard_criteria(context.questions)
    pairs = [
        {
            "mentee": context.mentees[p.mentee],
            "mentor": context.mentors[p.mentor],
            "score": p.score,
            "reasons": render_reasons(p.reasons, context.questions, hard),
            "value": f"{enrollment_id_of(p.mentee)}-{enrollment_id_of(p.mentor)}",
        }
        for p in assignment.pairs
    ]
    unmatched = [
        {
            "mentee": context.mentees[u.mentee],
            "reasons": render_reasons(u.reasons, context.questions),
        }
        for u in assignment.unmatched
    ]
    return {
        "token": run.token,
        "objective": assignment.objective,
        "pairs": pairs,
        "unmatched": unmatched,
        "total": assignment.total_score,
        "seconds": assignment.stats.get("seconds", 0),
        "proof": _proof(assignment.stats),
    }


def _proof(stats: dict[str, Any]) -> dict[str, Any] | None:
    """Whether the run is proved optimal and, if its budget stopped the proof first, the most
    its total score could still improve (None: the algorithm proves nothing)."""
    if "proved_optimal" not in stats:
        return None
    return {
        "proved": bool(stats["proved_optimal"]),
        "gap": stats.get("duality_gap", 0),
        "percent": stats.get("duality_gap_percent"),
        "pairs": stats.get("duality_gap_pairs"),
        "stopped_by": stats.get("stopped_by", ""),
    }


@mfa_required
def board(request: AuthedRequest, pk: int) -> HttpResponse:
    """The coordinator's match board: the pool, a proposed assignment on demand (a POST, which
    is audited), the open proposals, and a pair set by hand with a live preview."""
    program = program_get_for_matching(person=request.user, program_id=pk)
    run_form = RunForm(request.POST or None)
    run = None
    if request.method == "POST" and run_form.is_valid():
        try:
            run = services.assignment_run(
                program=program, by=request.user, objective=run_form.cleaned_data["objective"]
            )
        except DomainError as error:
            run_form.add_error(None, error.message)
    # The pools are read as plain values: no engine is built (a run, a POST, has its own).
    pool = pool_get(program=program)
    page, proposals = _shown_proposals(request, pool)
    shown_run_form = run_form if run is None else RunForm(initial=run_form.cleaned_data)
    manual_form = _manual_form(program, pool, run=run.token if run else "")
    return render(
        request,
        "matching/board.html",
        {
            "program": program,
            "organization": program.organization,
            "can_match": pool.can_match,
            "numbers": summary_numbers(run.context) if run else pool.numbers,
            "run_form": shown_run_form,
            # The run form written in one pass when it has no error (matching/board_html.py).
            "run_form_html": run_form_html(shown_run_form),
            "run": _run_rows(run) if run else None,
            "page": page,
            "proposals": proposals,
            "manual_form": manual_form,
            "manual_fields_html": manual_fields_html(manual_form),
            "declines": declines_to_rematch_shown(program=program),
        },
    )


def _pair_list(request: AuthedRequest, proposed: dict[int, int]) -> list[services.PairChoice]:
    if request.POST.get("accept") == "all":
        return [services.PairChoice(mentee, mentor) for mentee, mentor in proposed.items()]
    chosen = []
    for value in request.POST.getlist("pair"):
        mentee, _sep, mentor = value.partition("-")
        if mentee.isdigit() and mentor.isdigit():
            chosen.append(services.PairChoice(int(mentee), int(mentor)))
    return chosen


@require_POST
@mfa_required
def accept(request: AuthedRequest, pk: int) -> HttpResponse:
    """Accept the checked pairs of a proposed assignment, or all of them."""
    program = program_get_for_matching(person=request.user, program_id=pk)
    proposed = services.proposed_pairs(program=program, token=request.POST.get("run", ""))
    if proposed is None:
        messages.error(request, _("This proposed assignment has expired. Run it again."))
        return redirect("matching:board", pk=program.pk)
    try:
        created = services.proposals_accept(
            program=program, by=request.user, pairs=_pair_list(request, proposed), proposed=proposed
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            ngettext("%(count)d pair is proposed.", "%(count)d pairs are proposed.", len(created))
            % {"count": len(created)},
        )
    return redirect("matching:board", pk=program.pk)


def _preview(
    program: Program, mentee_id: int | None, mentor_id: int | None, run: str
) -> dict[str, Any] | None:
    """How well a chosen pair fits, whether it breaks a rule, whether a reason is needed, and
    what pairing them changes: compared with the run the coordinator is looking at, or without
    one with the mentee's best fitting mentor who has a free place. Only this mentee is scored
    (against every mentor): never a whole assignment."""
    if mentee_id is None or mentor_id is None:
        return None
    context = matching_context(program=program, mentee_ids=[mentee_id])
    mentee = context.mentees.get(mentee_key(mentee_id))
    mentor = context.mentors.get(mentor_key(mentor_id))
    if context.engine is None or mentee is None or mentor is None:
        return None
    pair = context.score(mentee, mentor)
    proposed = services.proposed_pairs(program=program, token=run)
    best = services.best_free_mentor(context, mentee)
    if proposed is not None:
        proposed_mentor = context.mentors.get(mentor_key(proposed.get(mentee.pk, 0)))
        differs = proposed_mentor is None or proposed_mentor.pk != mentor.pk
    else:
        proposed_mentor = None
        differs = best is not None and pair.score < best.score
    best_mentor = context.mentors[best.mentor] if best is not None else None
    context.with_people(mentee, mentor, proposed_mentor, best_mentor)
    free = context.free[mentor_key(mentor.pk)]
    return {
        "mentee": mentee,
        "mentor": mentor,
        "score": pair.score,
        "feasible": pair.feasible,
        "reasons": render_reasons(
            pair.reasons, context.questions, hard_criteria(context.questions)
        ),
        "from_run": proposed is not None,
        "proposed_mentor": proposed_mentor,
        "best_mentor": best_mentor,
        "best_score": best.score if best is not None else None,
        "differs": differs,
        "free": free,
        "free_after": max(0, free - 1),
    }


@mfa_required
def pair_set(request: AuthedRequest, pk: int) -> HttpResponse:
    """Set a pair by hand. The preview button (for browsers without JavaScript) asks for this
    page with the chosen pair; saving needs a reason when the pair overrides the proposal."""
    program = program_get_for_matching(person=request.user, program_id=pk)
    values = request.POST if request.method == "POST" else request.GET
    pool = _pool_for(program, values)
    run = str(values.get("run", ""))[:64]
    data = request.POST if request.method == "POST" else None
    if data is None and "find" in request.GET:
        # A search for people (the Find button): the form again with what was typed and
        # chosen, without a preview or an error for what is not chosen yet.
        initial: dict[str, Any] = {f"{side}_q": request.GET.get(f"{side}_q", "") for side in SIDES}
        initial |= {side: parse_id(request.GET.get(side)) for side in SIDES}
        form = _manual_form(program, pool, run=run, initial=initial)
    else:
        if data is None and "mentee" in request.GET:
            data = request.GET
        form = _manual_form(program, pool, data, run=run)
    preview = None
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        preview = _preview(program, cleaned["mentee"], cleaned["mentor"], cleaned["run"])
        if request.method == "POST":
            try:
                services.proposal_set(
                    program=program,
                    by=request.user,
                    mentee_id=cleaned["mentee"],
                    mentor_id=cleaned["mentor"],
                    reason=cleaned["reason"],
                    proposed=services.proposed_pairs(program=program, token=cleaned["run"]),
                )
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                messages.success(request, _("The pair is proposed."))
                return redirect("matching:board", pk=program.pk)
    return render(
        request,
        "matching/pair_set.html",
        {
            "program": program,
            "organization": program.organization,
            "can_match": pool.can_match,
            "form": form,
            "preview": preview,
        },
    )


@require_GET
@mfa_required
def preview(request: AuthedRequest, pk: int) -> HttpResponse:
    """The live compatibility preview of the hand-set form (HTMX)."""
    program = program_get_for_matching(person=request.user, program_id=pk)
    if not request.htmx:
        query = urlencode({k: request.GET.get(k, "") for k in ("mentee", "mentor", "run")})
        return redirect(f"{reverse('matching:pair_set', args=[program.pk])}?{query}")
    shown = _preview(
        program,
        parse_id(request.GET.get("mentee")),
        parse_id(request.GET.get("mentor")),
        request.GET.get("run", "")[:64],
    )
    return render(request, "matching/_preview.html", {"preview": shown})


@require_POST
@mfa_required
def withdraw(request: AuthedRequest, pk: int, proposal_pk: int) -> HttpResponse:
    program = program_get_for_matching(person=request.user, program_id=pk)
    proposal = proposal_get_for_program(program=program, proposal_id=proposal_pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.proposal_withdraw(proposal=proposal, by=request.user, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The proposal for %(name)s is withdrawn; they are back in the pool.")
            % {"name": proposal.mentee.person.name},
        )
    return redirect("matching:board", pk=program.pk)


@mfa_required
def recruitment_gap(request: AuthedRequest, pk: int) -> HttpResponse:
    program = program_get_for_matching(person=request.user, program_id=pk)
    context = matching_context(program=program)
    return render(
        request,
        "matching/gap.html",
        {
            "program": program,
            "organization": program.organization,
            "can_match": context.can_match,
            "numbers": summary_numbers(context),
            "rows": gap_rows(context),
        },
    )


@login_required
def suggestions(request: AuthedRequest, pk: int) -> HttpResponse:
    """A waiting mentee's suggested mentors, explained in their language."""
    mentee = mentee_enrollment_get(person=request.user, enrollment_id=pk)
    # The open proposal is the coordinator's current choice: a mentor they replaced (withdrawn)
    # or who declined is never named here.
    proposal = open_proposal_for_mentee(mentee=mentee)
    context: dict[str, Any] = {"enrollment": mentee, "proposal": proposal}
    if proposal is None:
        # Read only: a page view records nothing (impressions are counted where a mentee acts).
        context["suggestions"] = suggestions_for_mentee(mentee=mentee, record=False, rendered=True)
    else:
        questions = {q.key: q for q in questions_for_program(program=mentee.program)}
        context["proposal_card"] = profile_card(enrollment=proposal.mentor, heading_level=3)
        context["proposal_reasons"] = render_reasons(proposal.reasons, questions)
    return render(request, "matching/suggestions.html", context)


@login_required
def proposal_detail(request: AuthedRequest, pk: int, proposal_pk: int) -> HttpResponse:
    """Why this mentee: for a mentor's open proposal, the mentee's profile and the reasons in
    the mentor's language; the mentor may decline with a reason."""
    mentor = mentor_enrollment_get(person=request.user, enrollment_id=pk)
    proposal = proposal_get_for_mentor(mentor=mentor, proposal_id=proposal_pk)
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_decline(
                proposal=proposal, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("You declined this proposal. Thank you for saying why."))
            return redirect("core:dashboard")
    questions = {q.key: q for q in questions_for_program(program=mentor.program)}
    return render(
        request,
        "matching/proposal.html",
        {
            "enrollment": mentor,
            "proposal": proposal,
            "card": profile_card(enrollment=proposal.mentee, heading_level=2),
            "reasons": render_reasons(proposal.reasons, questions),
            "form": form,
        },
    )

"""Pages of requests and relationships: the mentee asks, the mentor answers, both see their
mentorship, staff follow the requests of a program."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from bridgeway.core import limits
from bridgeway.core.access import ADMIN_ONLY, ANY_STAFF, mfa_required
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.form_html import form_html
from bridgeway.core.http import AuthedRequest, id_or_404, parse_id
from bridgeway.core.limits import person_key
from bridgeway.core.models import StaffRole
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.core.services import DomainError
from bridgeway.core.time_zones import time_zone_label
from bridgeway.dashboard.context_processors import staff_memberships_shown
from bridgeway.matching.reasons_html import reasons_list_html
from bridgeway.matching.suggestions import suggestions_for_mentee
from bridgeway.messaging.selectors import pair_conversation, pair_member
from bridgeway.notifications.render import when
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.selectors import profile_card
from bridgeway.programs.selectors import program_get_for_staff
from bridgeway.relationships import (
    agreements,
    ask_page,
    checkins,
    closure,
    flash,
    flash_views,
    goals,
    meetings,
    services,
)
from bridgeway.relationships.forms import (
    AgreementTemplateForm,
    AskForm,
    CheckInForm,
    CloseForm,
    DebriefForm,
    GoalForm,
    GoalNoteForm,
    MeetingLogForm,
    ProposeForm,
    SignForm,
    StaffContactForm,
    SurveyForm,
    TermsForm,
    WaiveForm,
)
from bridgeway.relationships.groups import checkins as group_checkins
from bridgeway.relationships.groups.selectors import groups_for_list
from bridgeway.relationships.meeting_views import series_context
from bridgeway.relationships.models import FINISHED, MentorRequest, Relationship
from bridgeway.relationships.overdue import ANSWER_DAYS, overdue_groups, overdue_relationships
from bridgeway.relationships.selectors import (
    AllPairsForStaff,
    AllRequestsForStaff,
    agreement_of,
    check_in_answered,
    check_ins_of,
    closure_survey_answered,
    closure_surveys_of,
    cohort_months,
    flash_surveys_of,
    goal_get,
    goals_of,
    meeting_get_for_party,
    meeting_logged,
    meetings_of,
    relationship_get_for_party,
    relationship_get_for_staff,
    relationships_for_program,
    staff_contacts_of,
)
from bridgeway.relationships.series import MAX_MEETINGS, series_cancel_from
from bridgeway.relationships.staff_filters import ListFilterForm
from bridgeway.relationships.staff_list_html import pair_rows_html, request_rows_html


@login_required
def ask(request: AuthedRequest, pk: int) -> HttpResponse:
    """A waiting mentee chooses up to three of their suggested mentors, in order, and writes
    to them; once sent, the page follows the requests."""
    # The enrollment and the page's lists: one query for a mentee who has not asked yet.
    mentee, lists = ask_page.mentee_and_lists(person=request.user, enrollment_id=pk)
    context: dict[str, Any] = {"enrollment": mentee, **lists}
    context["group_program"] = mentee.program.kind == Program.Kind.GROUP
    if any(context[key] for key in ("open_requests", "relationships", "proposal", "group_program")):
        return render(request, "relationships/ask.html", context)
    suggestions = suggestions_for_mentee(
        mentee=mentee, record=request.method == "POST", rendered=True
    )
    mentors = [(item.mentor.pk, item.mentor.person.name) for item in suggestions.items]
    form = AskForm(request.POST or None, mentors=mentors)
    if request.method == "POST" and form.is_valid():
        try:
            limits.hit("request", who=person_key(request.user), request=request)
            services.requests_send(
                mentee=mentee,
                mentor_ids=form.cleaned_data["mentor_ids"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Your request is sent. We will tell you the answer."))
            return redirect("relationships:ask", pk=mentee.pk)
    fields = dict(form.mentor_fields)
    context.update(
        {
            "suggestions": suggestions,
            "form": form,
            # Each mentor's reasons and rank field written in one pass (the same HTML as the
            # reasons' template and Django's widget templates, at a fraction of their cost).
            "items": [
                (item, field, form.rank_html(field), reasons_list_html(item.reasons))
                for item in suggestions.items
                for field in (form[fields[item.mentor.pk]],)
            ],
        }
    )
    return render(request, "relationships/ask.html", context)


@login_required
def relationship_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """My mentorship: the other person, and while it starts, the agreement to settle and sign."""
    relationship = relationship_get_for_party(person=request.user, relationship_id=pk)
    is_mentee = relationship.mentee.person_id == request.user.pk
    other = relationship.mentor if is_mentee else relationship.mentee
    agreement = agreement_of(relationship)
    which = request.POST.get("form")
    terms = sign = None
    if agreement is not None and not agreement.complete:
        terms = TermsForm(
            request.POST if which == "terms" else None,
            initial={
                "meeting_frequency": agreement.meeting_frequency,
                "channels": agreement.channels,
                "response_days": agreement.response_days,
            },
        )
        sign = SignForm(request.POST if which == "sign" else None)
        form = terms if which == "terms" else sign if which == "sign" else None
        if request.method == "POST" and form is not None and form.is_valid():
            try:
                if form is terms:
                    agreements.agreement_terms(
                        agreement=agreement, by=request.user, **form.cleaned_data
                    )
                    messages.success(request, _("The terms are saved. Both of you sign them now."))
                else:
                    agreements.agreement_sign(
                        agreement=agreement, by=request.user, **form.cleaned_data
                    )
                    messages.success(request, _("You signed the agreement."))
            except DomainError as error:
                form_add_domain_error(form, error)
            else:
                return redirect("relationships:detail", pk=relationship.pk)
    return render(
        request,
        "relationships/detail.html",
        {
            "relationship": relationship,
            "other": other,
            "chat": pair_member(relationship_id=relationship.pk, person=request.user),
            "card": profile_card(enrollment=other, heading_level=2),
            "is_mentee": is_mentee,
            "agreement": agreement,
            "agreement_text": agreements.agreement_text(agreement) if agreement else "",
            "agreement_channels": agreements.channel_labels(agreement),
            "i_signed": agreement is not None
            and bool(agreement.mentee_signed_at if is_mentee else agreement.mentor_signed_at),
            "terms": terms,
            "sign": sign,
            "meetings": [
                (
                    m,
                    when(m.starts_at, request.user.time_zone, other.person.time_zone)
                    if m.starts_at
                    else "",
                )
                for m in meetings_of(relationship=relationship)
            ],
            "hours": meetings.hours_of(relationship=relationship, person=request.user),
            "goals": goals_of(relationship=relationship),
            **flash.values(relationship, request.user),
        },
    )


@mfa_required
def staff_relationship(request: AuthedRequest, pk: int) -> HttpResponse:
    """A relationship for its program's staff: where it came from, its agreement (started
    without signatures when there is a reason), closing it, the debrief and the surveys, and a
    new mentor for the mentee."""
    relationship = relationship_get_for_staff(person=request.user, relationship_id=pk)
    agreement = agreement_of(relationship)
    action = request.POST.get("form", "")
    waive = WaiveForm(request.POST if action == "waive" else None)
    close = CloseForm(request.POST if action == "close" else None, staff=True)
    debrief = DebriefForm(
        request.POST if action == "debrief" else None,
        initial={"debrief_note": relationship.debrief_note},
    )
    contact = StaffContactForm(request.POST if action == "contact" else None)
    if request.method == "POST":
        try:
            if action == "waive" and agreement is not None and waive.is_valid():
                agreements.agreement_waive(
                    agreement=agreement, by=request.user, reason=waive.cleaned_data["reason"]
                )
                messages.success(request, _("The mentorship is under way."))
            elif action == "close" and close.is_valid():
                closure.relationship_close(
                    relationship=relationship,
                    by=request.user,
                    reason=close.cleaned_data["reason"],
                    note=close.cleaned_data["note"],
                )
                messages.success(request, _("The mentorship is closed. Both people are told."))
            elif action == "debrief" and debrief.is_valid():
                closure.debrief_save(
                    relationship=relationship,
                    by=request.user,
                    note=debrief.cleaned_data["debrief_note"],
                )
                messages.success(request, _("The debrief is saved."))
            elif action == "contact" and contact.is_valid():
                checkins.staff_contact_add(
                    relationship=relationship, by=request.user, note=contact.cleaned_data["note"]
                )
                messages.success(request, _("The contact is recorded."))
            elif action == "rematch":
                closure.rematch(relationship=relationship, by=request.user)
                messages.success(request, _("The mentee is looking for a new mentor again."))
            else:
                raise _Invalid
        except DomainError as error:
            form = {"waive": waive, "close": close, "debrief": debrief, "contact": contact}.get(
                action
            )
            if form is not None and form.is_bound and hasattr(form, "cleaned_data"):
                form_add_domain_error(form, error)
            else:
                messages.error(request, error.message)
                return redirect("relationships:staff_relationship", pk=relationship.pk)
        except _Invalid:
            pass
        else:
            return redirect("relationships:staff_relationship", pk=relationship.pk)
    return render(
        request,
        "relationships/staff_relationship.html",
        {
            "relationship": relationship,
            "conversation": pair_conversation(relationship_id=relationship.pk),
            "organization": relationship.program.organization,
            "agreement": agreement,
            "agreement_text": agreements.agreement_text(agreement) if agreement else "",
            "agreement_channels": agreements.channel_labels(agreement),
            "waive": waive,
            "close": close,
            "debrief": debrief,
            "surveys": closure_surveys_of(relationship=relationship),
            "contact": contact,
            "contacts": staff_contacts_of(relationship=relationship),
            "check_ins": check_ins_of(relationship=relationship),
            "flash_surveys": flash_surveys_of(relationship=relationship),
            **flash.values(relationship, None),
            "risks": checkins.at_risk(program=relationship.program).get(relationship.pk, []),
            "can_rematch": relationship.status == "closed"
            and relationship.mentee.status == "closed",
        },
    )


class _Invalid(Exception):
    """A form with errors: the page shows them."""


@mfa_required
def agreement_template(request: AuthedRequest, pk: int) -> HttpResponse:
    """The program's agreement text, for its agency's admins: each save is a new version."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ADMIN_ONLY)
    current = agreements.template_current(program=program)
    form = AgreementTemplateForm(
        request.POST or None,
        initial={"text": current.text if current else agreements.default_texts()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreements.template_save(
                program=program, text=form.cleaned_data["text"], by=request.user
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The agreement is saved as a new version."))
            return redirect("relationships:agreement_template", pk=program.pk)
    return render(
        request,
        "relationships/agreement_template.html",
        {
            "program": program,
            "organization": program.organization,
            "form": form,
            "current": current,
        },
    )


# What the staff list's rows show of each person: their name (`Person.name`).
_NAMED = ("display_name", "email", "erased_at")
# The columns the rows show (relationships/staff_list_html.py), rather than every column of
# each pair or request, its two enrollments and their people, 75 rows a page.
_PAIR_COLUMNS = (
    "status",
    "started_at",
    "planned_end",
    *(f"{side}__person__{field}" for side in ("mentee", "mentor") for field in _NAMED),
)
_REQUEST_COLUMNS = (
    "source",
    "status",
    "due_at",
    "decline_reason",
    "declined_by",
    "decline_note",
    "mentee_confirms",
    "mentor_accepted_at",
    "mentee_accepted_at",
    *(f"{side}__person__{field}" for side in ("mentee", "mentor") for field in _NAMED),
)


@mfa_required
def staff_list(request: AuthedRequest, pk: int) -> HttpResponse:
    """A program's requests (with their deadlines and answers) and relationships, for staff."""
    program = program_get_for_staff(person=request.user, program_id=pk, roles=ANY_STAFF)
    is_group = program.kind == Program.Kind.GROUP
    shown = ListFilterForm(request.GET, months=cohort_months(program=program))
    chosen = shown.chosen()
    risks = checkins.at_risk(program=program)
    late = overdue_relationships(program=program)
    group_risks = group_checkins.at_risk(program=program) if is_group else {}
    group_late = overdue_groups(program=program) if is_group else {}
    status, ids = chosen.keep(risks, late)
    group_status, group_ids = chosen.keep(group_risks, group_late)
    # A group program's circles are on the same list, with their own reasons.
    groups = (
        groups_for_list(program=program, status=group_status, ids=group_ids, month=chosen.month)
        if is_group
        else []
    )
    listed: Any = (
        # The list as it opens, unfiltered: counted and its first page by kept SQL.
        AllPairsForStaff(program=program, reader=request.user, columns=_PAIR_COLUMNS, per_page=50)
        if status is None and ids is None and chosen.month is None
        else relationships_for_program(
            program=program, status=status, ids=ids, month=chosen.month, reader=request.user
        ).only(*_PAIR_COLUMNS)
    )
    pairs = paginate(request, listed, per_page=50, param="pairs_page")
    pairs.object_list = list(pairs.object_list)
    # Each row with its own reasons (None: nothing to say), rather than the template looking
    # for its id among every reason of the program on each row; and with its status in words,
    # each status translated once for the page rather than once a row.
    statuses = _labels(Relationship, "status")
    for item, (found_risks, found_late) in [
        *((group, (group_risks, group_late)) for group in groups),
        *((pair, (risks, late)) for pair in pairs.object_list),
    ]:
        setattr(item, "listed_risks", found_risks.get(item.pk))  # noqa: B010 - not a field
        setattr(item, "listed_late", found_late.get(item.pk))  # noqa: B010
    for pair in pairs.object_list:
        setattr(pair, "listed_status", statuses.get(pair.status, pair.status))  # noqa: B010
    # Counted, and its first page with the threads of questions read, by kept SQL.
    listed_requests: Any = AllRequestsForStaff(
        program=program, columns=_REQUEST_COLUMNS, per_page=25
    )
    requests = paginate(request, listed_requests, per_page=25)
    requests.object_list = list(requests.object_list)
    request_statuses = _labels(MentorRequest, "status")
    sources = _labels(MentorRequest, "source")
    for item in requests.object_list:
        setattr(item, "listed_status", request_statuses.get(item.status, item.status))  # noqa: B010
        setattr(item, "listed_source", sources.get(item.source, item.source))  # noqa: B010
    # The person's agencies are read for the header in any case: whether they are an admin of
    # this one is among them (the program is of an active agency of theirs, or it is a 404).
    is_admin = any(
        membership.organization_id == program.organization_id and membership.role == StaffRole.ADMIN
        for membership in staff_memberships_shown(request)
    )
    return render(
        request,
        "relationships/staff_list.html",
        {
            "groups": groups,
            "group_risks": group_risks,
            "group_late": group_late,
            "program": program,
            "organization": program.organization,
            "requests": requests,
            "page_query": query_without_page(request),
            "relationships": pairs,
            "pairs_query": query_without_page(request, "pairs_page"),
            "risks": risks,
            "late": late,
            "answer_days": ANSWER_DAYS,
            "shown": shown,
            "shown_html": shown.html(),
            "filtered": chosen.narrowed,
            "is_admin": is_admin,
            # The rows written in one pass (relationships/staff_list_html.py).
            "pair_rows": pair_rows_html(groups, pairs.object_list),
            "request_rows": request_rows_html(requests.object_list),
        },
    )


def _labels(model: Any, field: str) -> dict[str, str]:
    """A field's choices in words, in the page's language: what `get_FIELD_display` says for
    each value, translated once per process and language (the choices and the catalogs do
    not change while it runs)."""
    key = (model, field, translation.get_language())
    if key not in _LABELS:
        choices = model._meta.get_field(field).flatchoices
        _LABELS[key] = {str(value): str(label) for value, label in choices}
    return _LABELS[key]


# {(model, field, language): the field's choices in words}, for _labels.
_LABELS: dict[tuple[Any, str, str | None], dict[str, str]] = {}


@login_required
def meeting_new(request: AuthedRequest, pk: int) -> HttpResponse:
    """Propose up to three times, typed in one's own time zone."""
    relationship = relationship_get_for_party(person=request.user, relationship_id=pk)
    single = flash.is_flash(relationship)
    form = ProposeForm(request.POST or None, single=single)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.meeting_propose(
                relationship=relationship,
                by=request.user,
                kind=data["kind"],
                times=data["times"],
                duration_minutes=data["duration_minutes"],
                link=data["link"],
                place=data["place"],
                repeat=data["repeat_rule"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(
                request, _("Your times are sent. We will tell you which one is chosen.")
            )
            return redirect("relationships:meeting", pk=meeting.pk)
    return render(
        request,
        "relationships/meeting_new.html",
        {
            "relationship": relationship,
            "form": form,
            "time_zone": time_zone_label(request.user.time_zone),
            "max_meetings": MAX_MEETINGS,
            "single": single,
        },
    )


@login_required
def meeting_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """A meeting: the times in both people's zones; pick one, cancel, or say how it went."""
    meeting = meeting_get_for_party(person=request.user, meeting_id=pk)
    relationship = meeting.relationship
    other = (
        relationship.mentor.person
        if relationship.mentee.person_id == request.user.pk
        else relationship.mentee.person
    )
    log_form = MeetingLogForm(
        request.POST if request.POST.get("form") == "log" else None,
        initial={"outcome": "met", "minutes": meeting.duration_minutes},
    )
    if request.method == "POST":
        action = request.POST.get("form")
        try:
            if action == "pick":
                choice = request.POST.get("option", "")
                meetings.meeting_pick(
                    meeting=meeting,
                    by=request.user,
                    option=int(choice) if choice.isdigit() and len(choice) < 3 else -1,
                )
                messages.success(
                    request, _("The meeting is scheduled. You both get an invitation.")
                )
                return redirect("relationships:meeting", pk=meeting.pk)
            if action == "cancel":
                meetings.meeting_cancel(meeting=meeting, by=request.user)
                messages.success(request, _("The meeting is cancelled. You are both told."))
                return redirect("relationships:meeting", pk=meeting.pk)
            if action == "cancel_series" and meeting.series_id is not None:
                series_cancel_from(meeting=meeting, by=request.user)
                messages.success(
                    request, _("This meeting and the later ones are cancelled. You are both told.")
                )
                return redirect("relationships:meeting", pk=meeting.pk)
            if action == "log" and log_form.is_valid():
                meetings.meeting_log(
                    meeting=meeting,
                    by=request.user,
                    outcome=log_form.cleaned_data["outcome"],
                    minutes=log_form.cleaned_data["minutes"] or 0,
                )
                messages.success(request, _("Thank you. It is noted."))
                return redirect("relationships:meeting", pk=meeting.pk)
        except DomainError as error:
            if action == "log":
                form_add_domain_error(log_form, error)
            else:
                messages.error(request, error.message)
                return redirect("relationships:meeting", pk=meeting.pk)
    zone = request.user.time_zone
    options = [when(option, zone, other.time_zone) for option in meeting.options]
    now = timezone.now()
    return render(
        request,
        "relationships/meeting.html",
        {
            "meeting": meeting,
            "relationship": relationship,
            "other": other,
            "options": list(enumerate(options)),
            "when": when(meeting.starts_at, zone, other.time_zone) if meeting.starts_at else "",
            "can_pick": meeting.status == "proposed" and meeting.proposed_by_id != request.user.pk,
            "can_log": meeting.status == "scheduled"
            and meeting.starts_at is not None
            and meeting.starts_at <= now
            and not meeting_logged(meeting=meeting, person=request.user),
            "log_form": log_form,
            **series_context(meeting, request.user, other),
        },
    )


@login_required
def meeting_calendar(request: AuthedRequest, pk: int) -> HttpResponse:
    """The meeting as a calendar file, for people whose mail program did not add it."""
    meeting = meeting_get_for_party(person=request.user, meeting_id=pk)
    if meeting.starts_at is None:
        raise Http404
    content = meetings.ics(meeting, request.user, cancel=meeting.status == "cancelled")
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


@login_required
def relationship_close_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """Either person closes the mentorship, with a reason; asked before it happens."""
    form = CloseForm(request.POST or None, initial={"reason": request.GET.get("reason", "")})
    if request.method == "POST" and form.is_valid():
        try:
            # Read once, under its lock; someone else's or a missing one is a 404.
            closed = closure.relationship_close_by_party(
                relationship_id=id_or_404(pk),
                by=request.user,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The mentorship is closed. You are both told."))
            return redirect("relationships:survey", pk=closed.pk)
    relationship = relationship_get_for_party(person=request.user, relationship_id=pk)
    context = {"relationship": relationship, "form": form, "form_html": form_html(form)}
    return render(request, "relationships/close.html", context)


@login_required
def survey(request: AuthedRequest, pk: int) -> HttpResponse:
    """Four short questions when the mentorship has closed."""
    relationship = relationship_get_for_party(person=request.user, relationship_id=pk)
    if flash.is_flash(relationship):
        return flash_views.flash_survey(request, relationship)
    answered = closure_survey_answered(relationship=relationship, person=request.user)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            closure.survey_submit(relationship=relationship, by=request.user, **form.cleaned_data)
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. Your answers help the next pairs."))
            return redirect("relationships:survey", pk=relationship.pk)
    is_mentee = relationship.mentee.person_id == request.user.pk
    return render(
        request,
        "relationships/survey.html",
        {
            "relationship": relationship,
            "form": form,
            "answered": answered,
            "closed": relationship.status == "closed",
            "alumni": is_mentee and relationship.close_reason in FINISHED,
        },
    )


@login_required
def become_mentor(request: AuthedRequest, pk: int) -> HttpResponse:
    """The alumni path: one step from a finished mentorship to applying as a mentor."""
    relationship = relationship_get_for_party(person=request.user, relationship_id=pk)
    if request.method == "POST":
        try:
            enrollment = closure.become_mentor(relationship=relationship, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("relationships:become_mentor", pk=relationship.pk)
        messages.success(request, _("Thank you! Your application to mentor is received."))
        return redirect("programs:applied", pk=enrollment.pk)
    return render(
        request,
        "relationships/become_mentor.html",
        {"program": relationship.program, "back": "core:dashboard"},
    )


@login_required
def goals_page(request: AuthedRequest, pk: int) -> HttpResponse:
    """The pair's goals: add one (with prompts that make it specific and measurable), write
    progress, mark it met."""
    relationship = relationship_get_for_party(person=request.user, relationship_id=pk)
    if flash.is_flash(relationship):
        return flash_views.not_used(request, relationship)
    action = request.POST.get("form", "")
    add = GoalForm(request.POST if action == "add" else None)
    note = GoalNoteForm(request.POST if action == "note" else None)
    if request.method == "POST":
        goal = goal_get(relationship=relationship, goal_id=parse_id(request.POST.get("goal")))
        try:
            if action == "add" and add.is_valid():
                goals.goal_add(relationship=relationship, by=request.user, **add.cleaned_data)
                messages.success(request, _("The goal is added."))
                return redirect("relationships:goals", pk=relationship.pk)
            if action == "note" and goal is not None and note.is_valid():
                goals.goal_note(goal=goal, by=request.user, text=note.cleaned_data["text"])
                messages.success(request, _("Your progress is noted."))
                return redirect("relationships:goals", pk=relationship.pk)
            if action == "met" and goal is not None:
                goals.goal_met(goal=goal, by=request.user)
                messages.success(request, _("Well done: the goal is met."))
                return redirect("relationships:goals", pk=relationship.pk)
        except DomainError as error:
            form = add if action == "add" else note if action == "note" else None
            if form is not None and hasattr(form, "cleaned_data"):
                form_add_domain_error(form, error)
            else:
                messages.error(request, error.message)
                return redirect("relationships:goals", pk=relationship.pk)
    return render(
        request,
        "relationships/goals.html",
        {
            "relationship": relationship,
            "goals": goals_of(relationship=relationship),
            "add": add,
            "note": note,
            "can_edit": relationship.status == "active",
        },
    )


@login_required
def check_in(request: AuthedRequest, pk: int, kind: str, round_: str) -> HttpResponse:
    """One question (the mid-point check or the monthly one); staff read the answers."""
    relationship = relationship_get_for_party(person=request.user, relationship_id=pk)
    if kind not in ("midpoint", "pulse") or not checkins.ROUND.match(round_):
        raise Http404
    if flash.is_flash(relationship):
        return flash_views.not_used(request, relationship)
    answered = check_in_answered(relationship=relationship, person=request.user, round_=round_)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and not answered and form.is_valid():
        try:
            checkins.check_in_submit(
                relationship=relationship,
                by=request.user,
                kind=kind,
                round=round_,
                **form.cleaned_data,
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("Thank you. Your answer is with the program's staff."))
            return redirect("relationships:detail", pk=relationship.pk)
    return render(
        request,
        "relationships/check_in.html",
        {
            "relationship": relationship,
            "question": checkins.question(relationship.program, kind),
            "form": form,
            "answered": answered,
        },
    )

"""Pages where staff write, preview, schedule and send posts: an agency's staff for the agency
and its programs (/manage/<agency>/news/), network admins for the network (/network/news/).
All behind two-step verification."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bridgeway.community.news import selectors, services
from bridgeway.community.news.forms import PostForm, ScheduleForm, TestEmailForm
from bridgeway.community.news.models import Post, PostScope, PostState
from bridgeway.community.news.segments import Segment, segment_count_by_language
from bridgeway.community.news.selectors import Scope
from bridgeway.core.access import (
    ANY_STAFF,
    mfa_required,
    network_admin_required,
    organization_get_for_staff,
)
from bridgeway.core.errors import form_add_domain_error
from bridgeway.core.http import AuthedRequest
from bridgeway.core.services import DomainError
from bridgeway.messaging.formatting import render_message
from bridgeway.programs.models import EnrollmentRole, EnrollmentStatus
from bridgeway.programs.questionnaires.codelists import COUNTRIES, OCCUPATIONS, time_zones


def _list(request: AuthedRequest, scope: Scope, new_url: str, **context: object) -> HttpResponse:
    language = request.LANGUAGE_CODE
    posts = [
        (post, selectors.version_for_reader(post, language))
        for post in selectors.posts_of_scope_for_staff(scope=scope)
    ]
    return render(
        request,
        "community/news/staff_list.html",
        {"scope": scope, "posts": posts, "new_url": new_url, **context},
    )


@mfa_required
def agency_posts(request: AuthedRequest, org: str) -> HttpResponse:
    organization, membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    scope = Scope(level=PostScope.AGENCY, network=organization.network, organization=organization)
    return _list(
        request,
        scope,
        reverse("community:news_agency_new", args=[organization.slug]),
        organization=organization,
        membership=membership,
    )


@network_admin_required
def network_posts(request: AuthedRequest) -> HttpResponse:
    network = selectors.network_of_admin(person=request.user)
    if network is None:
        raise Http404
    return _list(
        request,
        Scope(level=PostScope.NETWORK, network=network),
        reverse("community:news_network_new"),
    )


def _write(request: AuthedRequest, scopes: list[tuple[Scope, str]], back: str) -> HttpResponse:
    """The form for a new post, sent to one of `scopes` (scope, label)."""
    by_value = {scope.value: scope for scope, _label in scopes}
    first = scopes[0][0]
    form = PostForm(
        request.POST or None,
        scopes=[(scope.value, label) for scope, label in scopes],
        cohorts=selectors.cohort_starts(scope=first),
    )
    if request.method == "POST" and form.is_valid():
        scope = by_value[form.cleaned_data["scope"]]
        try:
            post = services.post_create(
                by=request.user,
                network=scope.network,
                organization=scope.organization,
                program=scope.program,
                versions=form.versions(),
                client_key=form.cleaned_data["client_key"],
                **form.post_fields(),
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The post is saved as a draft. Check it, then send it."))
            return redirect("community:news_preview", post.pk)
    return render(
        request,
        "community/news/staff_form.html",
        {
            "form": form,
            "back": back,
            "scope_value": first.value,
            "post": None,
            **_count_context(_segment_from_query(first, QueryDict())),
        },
    )


@mfa_required
def agency_post_new(request: AuthedRequest, org: str) -> HttpResponse:
    organization, _membership = organization_get_for_staff(
        person=request.user, slug=org, roles=ANY_STAFF
    )
    agency = Scope(level=PostScope.AGENCY, network=organization.network, organization=organization)
    scopes = [(agency, _("%(agency)s: every program") % {"agency": organization.name})]
    scopes += [
        (
            Scope(
                level=PostScope.PROGRAM,
                network=organization.network,
                organization=organization,
                program=program,
            ),
            program.name,
        )
        for program in selectors.programs_of_agency(organization=organization)
    ]
    return _write(request, scopes, reverse("community:news_agency", args=[organization.slug]))


@network_admin_required
def network_post_new(request: AuthedRequest) -> HttpResponse:
    network = selectors.network_of_admin(person=request.user)
    if network is None:
        raise Http404
    scope = Scope(level=PostScope.NETWORK, network=network)
    return _write(
        request, [(scope, _("The whole network"))], reverse("community:news_network_staff")
    )


def _staff_back(post: Post) -> str:
    if post.organization is not None:
        return reverse("community:news_agency_staff", args=[post.organization.slug])
    return reverse("community:news_network_staff")


@mfa_required
def post_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_manager(person=request.user, post_id=pk)
    if post.state == PostState.SENT:
        return redirect("community:news_preview", post.pk)
    scope = selectors.scope_of_post(post)
    form = PostForm.of(post, request.POST or None, cohorts=selectors.cohort_starts(scope=scope))
    if request.method == "POST" and form.is_valid():
        try:
            services.post_update(
                post=post, by=request.user, versions=form.versions(), **form.post_fields()
            )
        except DomainError as error:
            form_add_domain_error(form, error)
        else:
            messages.success(request, _("The post is saved."))
            return redirect("community:news_preview", post.pk)
    return render(
        request,
        "community/news/staff_form.html",
        {
            "form": form,
            "back": _staff_back(post),
            "scope_value": scope.value,
            "post": post,
            **_count_context(Segment.of_post(post)),
        },
    )


def _reach(post: Post) -> tuple[int, list[tuple[str, int]]]:
    """How many people the post reaches now, and how many read each of its versions."""
    counts = segment_count_by_language(Segment.of_post(post))
    versions = selectors.versions_of(post)
    names = dict(settings.LANGUAGES)
    by_version: dict[str, int] = {}
    for language, people in counts.items():
        read = language if language in versions else post.default_language
        by_version[read] = by_version.get(read, 0) + people
    return sum(counts.values()), [
        (str(names.get(code, code)), by_version.get(code, 0)) for code in versions
    ]


@mfa_required
def post_preview(request: AuthedRequest, pk: int) -> HttpResponse:
    """Each version as it will look, who it reaches, a test email, and send or schedule."""
    post = selectors.post_get_for_manager(person=request.user, post_id=pk)
    names = dict(settings.LANGUAGES)
    versions = [
        (version, str(names.get(version.language, version.language)), render_message(version.body))
        for version in post.versions.all()
    ]
    total, by_version = _reach(post) if post.state != PostState.SENT else (0, [])
    return render(
        request,
        "community/news/staff_preview.html",
        {
            "post": post,
            "scope": selectors.scope_of_post(post),
            "versions": versions,
            "total": total,
            "by_version": by_version,
            "schedule_form": ScheduleForm(time_zone=request.user.time_zone),
            "test_form": TestEmailForm(
                languages=[(v.language, name) for v, name, _html in versions]
            ),
            "back": _staff_back(post),
        },
    )


@mfa_required
@require_POST
def post_send(request: AuthedRequest, pk: int) -> HttpResponse:
    """Send now, schedule, or take a scheduled post back to the drafts."""
    post = selectors.post_get_for_manager(person=request.user, post_id=pk)
    action = request.POST.get("action")
    try:
        if action == "send":
            post, sent = services.post_send(post=post, by=request.user)
            if sent:
                messages.success(request, _("The post is sent."))
            else:
                messages.info(request, _("This post was already sent."))
        elif action == "schedule":
            form = ScheduleForm(request.POST, time_zone=request.user.time_zone)
            if not form.is_valid():
                messages.error(
                    request, _("Give the day and time to send it, for example 2026-09-01 09:00.")
                )
            else:
                post = services.post_schedule(
                    post=post, by=request.user, send_at=form.cleaned_data["send_at"]
                )
                when = timezone.localtime(
                    post.send_at, timezone=form.cleaned_data["send_at"].tzinfo
                )
                messages.success(
                    request,
                    _("The post will be sent on %(when)s (your time).")
                    % {"when": formats.date_format(when, "DATETIME_FORMAT")},
                )
        elif action == "unschedule":
            services.post_unschedule(post=post, by=request.user)
            messages.success(request, _("The post is back in the drafts: it will not be sent."))
        else:
            messages.error(request, _("Choose what to do with the post."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("community:news_preview", post.pk)


@mfa_required
@require_POST
def post_test(request: AuthedRequest, pk: int) -> HttpResponse:
    post = selectors.post_get_for_manager(person=request.user, post_id=pk)
    languages = [(code, code) for code in selectors.versions_of(post)]
    form = TestEmailForm(request.POST, languages=languages)
    if not form.is_valid():
        messages.error(request, _("Choose one of the post's versions."))
    else:
        try:
            services.post_test_email(
                post=post, by=request.user, language=form.cleaned_data["language"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("A test email is on its way to %(email)s.") % {"email": request.user.email},
            )
    return redirect("community:news_preview", post.pk)


def _segment_from_query(scope: Scope, query: QueryDict) -> Segment:
    """The segment a form being filled in describes; values that are not codes are ignored."""

    def codes(name: str, allowed: object) -> tuple[str, ...]:
        return tuple(v for v in query.getlist(name) if v in allowed)  # type: ignore[operator]

    cohort = query.get("cohort_start", "")
    try:
        cohort_start = date.fromisoformat(cohort) if cohort else None
    except ValueError:
        cohort_start = None
    return Segment(
        scope=scope.level,
        network_id=scope.network.pk,
        organization_id=scope.organization.pk if scope.organization else None,
        program_id=scope.program.pk if scope.program else None,
        roles=codes("roles", EnrollmentRole.values),
        statuses=codes("statuses", EnrollmentStatus.values),
        cohort_start=cohort_start,
        languages=codes("languages", dict(settings.LANGUAGES)),
        sectors=codes("sectors", OCCUPATIONS),
        countries=codes("countries", COUNTRIES),
        time_zones=codes("time_zones", time_zones()),
    )


@mfa_required
@require_GET
def segment_count(request: AuthedRequest) -> HttpResponse:
    """The live count under the post form: how many people the filters reach, by language; a
    number only, never names."""
    scope = selectors.scope_for_manager(person=request.user, value=request.GET.get("scope", ""))
    segment = _segment_from_query(scope, request.GET) if scope else None
    return render(request, "community/news/_count.html", _count_context(segment))


def _count_context(segment: Segment | None) -> dict[str, object]:
    counts = segment_count_by_language(segment) if segment is not None else {}
    names = dict(settings.LANGUAGES)
    return {
        "known": segment is not None,
        "total": sum(counts.values()),
        "by_language": [
            (str(names.get(code, code)), people) for code, people in sorted(counts.items())
        ],
    }

"""The library's pages for everyone who sees resources: browse and search with filters, "for
you", a resource with its versions (an expert's answer shown as its sanitized Markdown), and
its file. Opening or downloading counts a view."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from bridgeway.core.http import AuthedRequest
from bridgeway.core.pagination import paginate, query_without_page
from bridgeway.learning.library import selectors, services
from bridgeway.learning.library.forms import FilterForm
from bridgeway.learning.library.foryou import language_name, resources_for_you
from bridgeway.learning.library.models import Kind
from bridgeway.learning.library.search import Filters, resources_found
from bridgeway.messaging.downloads import file_response
from bridgeway.messaging.formatting import render_message

PER_PAGE = 20


def filters_of(form: FilterForm) -> Filters:
    return Filters(
        text=form.value("q"),
        language=form.value("language"),
        sector=form.value("sector"),
        topic=form.value("topic"),
        kind=form.value("kind"),
    )


@login_required
def library(request: AuthedRequest) -> HttpResponse:
    """Suggestions for the person, then every resource they see (or what the search finds)."""
    languages = selectors.languages_listed(person=request.user)
    form = FilterForm(request.GET or None, languages=[(c, language_name(c)) for c in languages])
    filters = filters_of(form)
    found = resources_found(person=request.user, filters=filters)
    page = paginate(request, found, per_page=PER_PAGE)
    suggestions = [] if filters.any else resources_for_you(person=request.user)
    # Each card shows the version in the reader's language (`shown`).
    for resource in [*page.object_list, *(s.resource for s in suggestions)]:
        resource.shown = selectors.version_for_reader(resource, request.user)
    return render(
        request,
        "learning/library/library.html",
        {
            "form": form,
            "filters": filters,
            "page": page,
            "page_query": query_without_page(request),
            "suggestions": suggestions,
            "has_resources": filters.any or bool(page.object_list),
        },
    )


@login_required
@require_safe
def resource(request: AuthedRequest, pk: int) -> HttpResponse:
    found = selectors.resource_get_for_reader(person=request.user, resource_id=pk)
    versions = list(found.versions.all())
    wanted = request.GET.get("language", "")
    shown = next((v for v in versions if v.language == wanted), None)
    shown = shown or selectors.version_for_reader(found, request.user)
    services.view_record(resource=found, person=request.user)
    return render(
        request,
        "learning/library/resource.html",
        {
            "resource": found,
            "version": shown,
            "language": language_name(shown.language),
            "others": [(v, language_name(v.language)) for v in versions if v.pk != shown.pk],
            "topics": [t.get_topic_display() for t in found.topics.all()],
            "manages": selectors.may_manage(person=request.user, resource=found),
            "is_link": found.kind == Kind.LINK,
            "host": urlsplit(shown.url).hostname or "",
            "question_html": render_message(shown.question_text) if shown.is_written else "",
            "answer_html": render_message(shown.answer_text) if shown.is_written else "",
        },
    )


@login_required
@require_safe
def resource_file(request: AuthedRequest, pk: int, version_pk: int) -> HttpResponseBase:
    """A version's file, after the access check; a download counts as a view."""
    found = selectors.resource_get_for_reader(person=request.user, resource_id=pk)
    version = selectors.version_of(resource=found, version_id=version_pk)
    if not version.has_file:
        raise Http404
    response = file_response(request, version)
    if response.status_code == 200 or response.get("Content-Range", "").startswith("bytes 0-"):
        services.view_record(resource=found, person=request.user)
    return response

"""The news as readers see it: the archive of a scope (the network, an agency, a program) and
a post in the reader's language, with links to its other versions. Public posts are open to
anyone; members-only posts need signing in and belonging to the post's scope."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from bridgeway.community.news import selectors
from bridgeway.community.news.selectors import Scope
from bridgeway.core.pagination import paginate
from bridgeway.messaging.formatting import render_message

PER_PAGE = 20


def _archive(request: HttpRequest, scope: Scope) -> HttpResponse:
    posts = selectors.archive_posts(person=request.user, scope=scope)  # type: ignore[arg-type]
    page = paginate(request, posts, per_page=PER_PAGE)
    language = translation.get_language() or settings.LANGUAGE_CODE
    for post in page.object_list:
        post.reader_version = selectors.version_for_reader(post, language)
    return render(
        request,
        "community/news/archive.html",
        {"scope": scope, "page": page, "feed_url": _feed_url(scope)},
    )


def _feed_url(scope: Scope) -> str:
    if scope.program is not None:
        return reverse("community:news_program_feed", args=[scope.program.pk])
    if scope.organization is not None:
        return reverse("community:news_agency_feed", args=[scope.organization.slug])
    return reverse("community:news_network_feed", args=[scope.network.slug])


def network_archive(request: HttpRequest, network: str) -> HttpResponse:
    return _archive(request, selectors.scope_of_network(slug=network))


def agency_archive(request: HttpRequest, org: str) -> HttpResponse:
    return _archive(request, selectors.scope_of_agency(slug=org))


def program_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return _archive(request, selectors.scope_of_program(program_id=pk))


def post(request: HttpRequest, pk: int) -> HttpResponse:
    """A sent post in the reader's language (or the version asked for with ?lang=)."""
    found = selectors.post_get_for_reader(person=request.user, post_id=pk)  # type: ignore[arg-type]
    versions = selectors.versions_of(found)
    asked = request.GET.get("lang", "")
    language = asked if asked in versions else translation.get_language() or ""
    version = selectors.version_for_reader(found, language)
    names = dict(settings.LANGUAGES)
    return render(
        request,
        "community/news/post.html",
        {
            "post": found,
            "version": version,
            "body_html": render_message(version.body),
            "scope": selectors.scope_of_post(found),
            "others": [
                (code, names.get(code, code)) for code in versions if code != version.language
            ],
        },
    )

"""Atom feeds of a scope's public posts (Django's syndication framework), newest first, each
entry in the post's default language with its text as sanitized HTML."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from bridgeway.community.news import selectors
from bridgeway.community.news.models import Post, PostVersion
from bridgeway.community.news.selectors import Scope
from bridgeway.messaging.formatting import render_message


@dataclass(frozen=True)
class Entry:
    post: Post
    version: PostVersion


class ScopeFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def scope(self, request: HttpRequest, **kwargs: Any) -> Scope:
        raise NotImplementedError

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Scope:
        return self.scope(request, **kwargs)

    def title(self, obj: Scope) -> str:
        return _("News of %(name)s") % {"name": obj.name}

    def subtitle(self, obj: Scope) -> str:
        return _("Announcements, newsletters and blog posts of %(name)s") % {"name": obj.name}

    def link(self, obj: Scope) -> str:
        if obj.program is not None:
            return reverse("community:news_program", args=[obj.program.pk])
        if obj.organization is not None:
            return reverse("community:news_agency", args=[obj.organization.slug])
        return reverse("community:news_network", args=[obj.network.slug])

    def items(self, obj: Scope) -> list[Entry]:
        return [
            Entry(post, selectors.version_for_reader(post, post.default_language))
            for post in selectors.feed_posts(scope=obj)
        ]

    def item_title(self, item: Entry) -> str:
        return str(item.version.title)

    def item_description(self, item: Entry) -> str:
        return render_message(item.version.body)

    def item_link(self, item: Entry) -> str:
        return item.post.get_absolute_url()

    def item_pubdate(self, item: Entry) -> datetime | None:
        return item.post.sent_at

    def item_updateddate(self, item: Entry) -> datetime | None:
        return item.post.sent_at

    def item_categories(self, item: Entry) -> list[str]:
        return [str(item.post.get_kind_display())]


class NetworkFeed(ScopeFeed):
    def scope(self, request: HttpRequest, **kwargs: Any) -> Scope:
        return selectors.scope_of_network(slug=kwargs["network"])


class AgencyFeed(ScopeFeed):
    def scope(self, request: HttpRequest, **kwargs: Any) -> Scope:
        return selectors.scope_of_agency(slug=kwargs["org"])


class ProgramFeed(ScopeFeed):
    def scope(self, request: HttpRequest, **kwargs: Any) -> Scope:
        return selectors.scope_of_program(program_id=kwargs["pk"])

"""Kinds of notification of the news (BRIDGEWAY_NOTIFICATION_KINDS): an announcement, and a
newsletter or blog post. Each is its own kind so that a person can turn newsletters off and
keep announcements (preferences page, or the one-click link in every email). The email holds
the post itself, in the recipient's language when the post has a version in it, else in the
post's default language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.community.news.models import Post, PostVersion
from bridgeway.messaging.formatting import render_message
from bridgeway.notifications.kinds import Kind

IMMEDIATE = {"mentee": "immediate", "mentor": "immediate", "staff": "immediate"}


def version_for(post: Post, versions: dict[str, PostVersion], language: str) -> PostVersion:
    """The version a reader of `language` gets: theirs, else the post's default one."""
    return (
        versions.get(language)
        or versions.get(post.default_language)
        or next(iter(versions.values()))
    )


def scope_name(post: Post) -> str:
    if post.program_id is not None:
        return post.program.name  # type: ignore[union-attr]
    if post.organization_id is not None:
        return post.organization.name  # type: ignore[union-attr]
    return post.network.name


def _posts(items: list[tuple[dict[str, Any], Any]]) -> list[dict[str, Any]]:
    """The posts of a batch of notifications, loaded in two queries, each in the version of
    its recipient's language (an address without an account: the language of the notification,
    `params["language"]`, used by the test email)."""
    ids = {params["post"] for params, _recipient in items}
    posts = {
        post.pk: post
        for post in Post.objects.filter(pk__in=ids)
        .select_related("network", "organization", "program")
        .prefetch_related("versions")
    }
    values = []
    for params, recipient in items:
        post = posts[params["post"]]
        language = str(params.get("language") or getattr(recipient, "preferred_language", ""))
        version = version_for(post, {v.language: v for v in post.versions.all()}, language)
        title = version.title
        if params.get("test"):
            title = _("Test: %(title)s") % {"title": title}
        values.append(
            {
                "title": title,
                "lead": version.summary,
                "body": version.body,
                "body_html": render_message(version.body),
                "kind_name": post.get_kind_display(),
                "scope": scope_name(post),
                "test": bool(params.get("test")),
                "language_version": version.language,
            }
        )
    return values


ANNOUNCEMENT = Kind(
    code="community.announcement",
    label=gettext_lazy("Announcements from your programs, agency or network"),
    subject=gettext_lazy("%(title)s"),
    summary=gettext_lazy("Announcement from %(scope)s: “%(title)s”"),
    template="community/news/email.txt",
    html_template="community/news/email.html",
    contexts=_posts,
    email_defaults=IMMEDIATE,
    texts=False,
)

NEWSLETTER = Kind(
    code="community.newsletter",
    label=gettext_lazy("Newsletters and blog posts from your programs, agency or network"),
    subject=gettext_lazy("%(title)s"),
    summary=gettext_lazy("%(kind_name)s from %(scope)s: “%(title)s”"),
    template="community/news/email.txt",
    html_template="community/news/email.html",
    contexts=_posts,
    email_defaults=IMMEDIATE,
    texts=False,
)


def kind_of(post: Post) -> str:
    return ANNOUNCEMENT.code if post.kind == "announcement" else NEWSLETTER.code

"""Writes of the news: a post and its language versions, scheduling, sending, a test email.
Callers have checked that the person manages the post's scope (selectors); these functions
check the rest and write the agency's audit log (network posts: the log without an agency)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.news.delivery import post_deliver
from bridgeway.community.news.models import Post, PostKind, PostScope, PostState, PostVersion
from bridgeway.community.news.notifications import kind_of
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.notifications.timers import timer_cancel, timer_schedule

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Network, Organization
    from bridgeway.programs.models import Program

TIMER_KIND = "community.post_send"
# What a post's form sets besides its scope and versions.
POST_FIELDS = (
    "kind",
    "default_language",
    "visibility",
    "urgent",
    "roles",
    "statuses",
    "cohort_start",
    "languages",
    "sectors",
    "countries",
    "time_zones",
)


@dataclass(frozen=True)
class Version:
    title: str
    body: str
    summary: str = ""


def _timer_key(post: Post) -> str:
    return f"community-post:{post.pk}"


def _audit(post: Post, by: Person | None, action: str, **data: Any) -> None:
    audit_record(
        actor=by,
        action=action,
        organization=post.organization,
        target=post,
        data={"post": post.pk, "kind": post.kind, **data},
    )


def _check(fields: dict[str, Any], versions: dict[str, Version]) -> None:
    offered = dict(settings.LANGUAGES)
    unknown = [code for code in versions if code not in offered]
    if unknown:
        raise DomainError(_("Write the versions in the languages the site offers."))
    if fields.get("default_language") not in versions:
        raise DomainError(
            _(
                "Write the version in the default language: people without a version in their "
                "language read that one."
            ),
            field="default_language",
        )
    for version in versions.values():
        if not version.title.strip() or not version.body.strip():
            raise DomainError(_("Each version needs a title and a text."))
    if fields.get("urgent") and fields.get("kind") != PostKind.ANNOUNCEMENT:
        raise DomainError(_("Only an announcement can be urgent."), field="urgent")


def _editable(post: Post) -> Post:
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.state == PostState.SENT:
        raise DomainError(_("This post has been sent: it can no longer be changed."))
    return post


def _save_versions(post: Post, versions: dict[str, Version]) -> None:
    post.versions.exclude(language__in=list(versions)).delete()
    for language, version in versions.items():
        PostVersion.objects.update_or_create(
            post=post,
            language=language,
            defaults={
                "title": version.title.strip(),
                "summary": version.summary.strip(),
                "body": version.body,
            },
        )


@transaction.atomic
def post_create(
    *,
    by: Person,
    network: Network,
    organization: Organization | None = None,
    program: Program | None = None,
    versions: dict[str, Version],
    client_key: str = "",
    **fields: Any,
) -> Post:
    """A draft post for the network, an agency or a program; the same `client_key` twice (a
    form sent twice) gives back the first."""
    if client_key:
        earlier = Post.objects.filter(created_by=by, client_key=client_key).first()
        if earlier is not None:
            return earlier
    _check(fields, versions)
    if program is not None:
        organization = program.organization
    scope = (
        PostScope.PROGRAM if program else PostScope.AGENCY if organization else PostScope.NETWORK
    )
    try:
        with transaction.atomic():
            post = Post.objects.create(
                scope=scope,
                network=network,
                organization=organization,
                program=program,
                created_by=by,
                client_key=client_key,
                **{name: fields[name] for name in POST_FIELDS if name in fields},
            )
    except IntegrityError:
        return Post.objects.get(created_by=by, client_key=client_key)
    _save_versions(post, versions)
    _audit(post, by, "community.news_create", scope=scope)
    return post


@transaction.atomic
def post_update(*, post: Post, by: Person, versions: dict[str, Version], **fields: Any) -> Post:
    """Change a draft or scheduled post (a scheduled one keeps its time)."""
    post = _editable(post)
    _check({**{name: getattr(post, name) for name in POST_FIELDS}, **fields}, versions)
    changed = [
        name for name in POST_FIELDS if name in fields and getattr(post, name) != fields[name]
    ]
    for name in changed:
        setattr(post, name, fields[name])
    post.save(update_fields=[*changed, "updated_at"])
    _save_versions(post, versions)
    _audit(post, by, "community.news_update", fields=changed)
    return post


@transaction.atomic
def post_schedule(*, post: Post, by: Person, send_at: datetime) -> Post:
    """Send the post at `send_at` (a durable timer: one send, even with several workers)."""
    post = _editable(post)
    if send_at <= timezone.now() + timedelta(minutes=1):
        raise DomainError(_("Choose a time in the future to send it."), field="send_at")
    post.state, post.send_at, post.sent_by = PostState.SCHEDULED, send_at, by
    post.save(update_fields=["state", "send_at", "sent_by", "updated_at"])
    timer_schedule(
        kind=TIMER_KIND,
        key=_timer_key(post),
        due_at=send_at,
        payload={"post": post.pk},
        organization=post.organization,
    )
    _audit(post, by, "community.news_schedule", send_at=send_at.isoformat())
    return post


@transaction.atomic
def post_unschedule(*, post: Post, by: Person) -> Post:
    """A scheduled post goes back to the drafts; nothing is sent."""
    post = _editable(post)
    if post.state != PostState.SCHEDULED:
        return post
    post.state, post.send_at = PostState.DRAFT, None
    post.save(update_fields=["state", "send_at", "updated_at"])
    timer_cancel(key=_timer_key(post))
    _audit(post, by, "community.news_unschedule")
    return post


@transaction.atomic
def post_send(*, post: Post, by: Person | None) -> tuple[Post, bool]:
    """Send the post now to everyone in its segment; (the post, whether this call sent it).
    The row is locked first, so two clicks, or a click and the timer, send it once."""
    post = Post.objects.select_for_update().get(pk=post.pk)
    if post.state == PostState.SENT:
        return post, False
    now = timezone.now()
    post.recipient_count = post_deliver(post=post, now=now)
    post.state, post.sent_at = PostState.SENT, now
    if by is not None:
        post.sent_by = by
    post.save(update_fields=["state", "sent_at", "sent_by", "recipient_count", "updated_at"])
    timer_cancel(key=_timer_key(post))
    _audit(post, by, "community.news_send", recipients=post.recipient_count)
    return post, True


def send_scheduled(timer: Any) -> None:
    """The timer's handler (BRIDGEWAY_TIMER_HANDLERS), in the timer's transaction: a post taken
    back to the drafts, or already sent, is left alone."""
    post = Post.objects.filter(pk=timer.payload.get("post")).select_related("sent_by").first()
    if post is None or post.state != PostState.SCHEDULED:
        return
    post_send(post=post, by=post.sent_by)


@transaction.atomic
def post_test_email(*, post: Post, by: Person, language: str) -> None:
    """The post in `language`, by email to the staff member alone, marked as a test."""
    if not post.versions.filter(language=language).exists():
        raise DomainError(_("This post has no version in that language yet."), field="language")
    notify(
        kind=kind_of(post),
        event=f"community-post-test:{post.pk}:{uuid.uuid4().hex}",
        address=by.email,
        language=language,
        params={"post": post.pk, "language": language, "test": True},
        url=post.get_absolute_url(),
        organization=post.organization,
    )

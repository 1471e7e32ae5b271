"""Moderation of the forums: reports, hiding, reviewing a newcomer's held posts, moving a
topic, suspending a person from a space, naming moderators. Every action is audited (in the
space's agency's log, with the post's author or the suspended person as the person concerned)
and told to the people it concerns in their language. Callers have checked that `by` may
moderate the space (selectors.space_get_for_moderator, post_get_for_moderator); these functions
check the rest."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.access import can_moderate, spaces_readable
from bridgeway.community.models import (
    Moderator,
    PostState,
    Reply,
    Report,
    ReportReason,
    Space,
    Suspension,
    Topic,
    TopicMove,
)
from bridgeway.community.rules import moderation_team, suspension_of
from bridgeway.community.services import _audit, reply_published, topic_published
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import AuditEvent

Post = Topic | Reply


def _topic_of(post: Post) -> Topic:
    return post if isinstance(post, Topic) else post.topic


def _label(post: Post) -> str:
    return f"topic-{post.pk}" if isinstance(post, Topic) else f"reply-{post.pk}"


def post_url(post: Post) -> str:
    topic_url = reverse("community:topic", args=[_topic_of(post).pk])
    return topic_url if isinstance(post, Topic) else f"{topic_url}#reply-{post.pk}"


def _tell_author(post: Post, kind: str, audit: AuditEvent, **params: Any) -> None:
    topic = _topic_of(post)
    notify(
        kind=kind,
        event=f"{kind}:{_label(post)}:{audit.pk}",
        person=post.author,
        params={"topic": topic.pk, **params},
        url=post_url(post),
        organization=topic.space.organization,
    )


def _locked(post: Post) -> Post:
    model = Topic if isinstance(post, Topic) else Reply
    return model.objects.select_for_update(of=("self",)).select_related("author").get(pk=post.pk)  # type: ignore[attr-defined, no-any-return]


# --- Reports ----------------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *, by: Person, topic: Topic, reply: Reply | None = None, reason: str, text: str = ""
) -> Report:
    """A reader reports a topic or a reply to the space's moderators and its staff. One open
    report per person and post: reporting again changes the reason and the words."""
    post: Post = reply if reply is not None else topic
    if post.author_id == by.pk:
        raise DomainError(_("You cannot report your own post."))
    if reason not in ReportReason.values:
        raise DomainError(_("Choose why you report this post."), "reason")
    fields = {"reason": reason, "text": text.strip()[:1000]}
    earlier = Report.objects.filter(
        reporter=by, topic=topic, reply=reply, status=Report.Status.OPEN
    ).first()
    if earlier is not None:
        Report.objects.filter(pk=earlier.pk).update(**fields)
        earlier.refresh_from_db()
        return earlier
    try:
        with transaction.atomic():
            report = Report.objects.create(reporter=by, topic=topic, reply=reply, **fields)
    except IntegrityError:  # the same report sent twice at once
        return Report.objects.get(reporter=by, topic=topic, reply=reply, status="open")
    space = topic.space
    for person, role in moderation_team(space):
        if person.pk in (post.author_id, by.pk):
            continue  # the author never hears who reported them, nor that they were
        notify(
            kind="community.report",
            event=f"community-report:{report.pk}",
            person=person,
            role=role,
            params={"topic": topic.pk, "reason_code": reason},
            url=reverse("community:moderation", args=[space.pk]),
            organization=space.organization,
        )
    return report


def _close_reports(post: Post, by: Person, status: str) -> int:
    reports = Report.objects.filter(status=Report.Status.OPEN)
    reports = (
        reports.filter(topic=post, reply__isnull=True)
        if isinstance(post, Topic)
        else reports.filter(reply=post)
    )
    return reports.update(status=status, handled_by=by, handled_at=timezone.now())


@transaction.atomic
def report_resolve(*, report: Report, by: Person, dismiss: bool) -> Report:
    """Close every open report of the report's post: dismissed (nothing wrong) or handled."""
    post = report.post
    status = Report.Status.DISMISSED if dismiss else Report.Status.ACTED
    if _close_reports(post, by, status):
        _audit(
            report.topic.space,
            by,
            "community.report_dismiss" if dismiss else "community.report_handled",
            target=post,
            reason=report.reason,
        )
    report.refresh_from_db()
    return report


# --- Hiding -----------------------------------------------------------------------------------


@transaction.atomic
def post_hide(*, post: Post, by: Person, reason: str) -> Post:
    """Readers see "hidden by a moderator" instead of the post; its author still reads it,
    with the reason. The post's open reports are handled by it."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Write why you hide this post: its author will read it."), "reason")
    post = _locked(post)
    if post.is_hidden:
        return post
    post.hidden_at, post.hidden_by, post.hidden_reason = timezone.now(), by, reason[:500]
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _close_reports(post, by, Report.Status.ACTED)
    audit = _audit(_topic_of(post).space, by, "community.hide", target=post, reason=reason)
    _tell_author(post, "community.hidden", audit, reason=reason)
    return post


@transaction.atomic
def post_unhide(*, post: Post, by: Person) -> Post:
    post = _locked(post)
    if not post.is_hidden:
        return post
    post.hidden_at, post.hidden_by, post.hidden_reason = None, None, ""
    post.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    audit = _audit(_topic_of(post).space, by, "community.unhide", target=post)
    _tell_author(post, "community.unhidden", audit)
    return post


# --- Review of held posts -----------------------------------------------------------------------


@transaction.atomic
def post_approve(*, post: Post, by: Person) -> Post:
    """A held post is published: readers see it, followers hear of it, its author is told."""
    post = _locked(post)
    if post.state != PostState.HELD:
        raise DomainError(_("This post is not waiting for review any more."))
    post.state = PostState.PUBLISHED
    post.save(update_fields=["state"])
    if isinstance(post, Topic):
        topic_published(post)
    else:
        reply_published(post)
    audit = _audit(_topic_of(post).space, by, "community.approve", target=post)
    _tell_author(post, "community.approved", audit)
    return post


@transaction.atomic
def post_reject(*, post: Post, by: Person, reason: str) -> Post:
    """A held post stays unseen; its author reads why."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Write why you do not approve this post: its author will read it."))
    post = _locked(post)
    if post.state != PostState.HELD:
        raise DomainError(_("This post is not waiting for review any more."))
    post.state, post.review_note = PostState.REJECTED, reason[:500]
    post.save(update_fields=["state", "review_note"])
    audit = _audit(_topic_of(post).space, by, "community.reject", target=post, reason=reason)
    _tell_author(post, "community.rejected", audit, reason=reason)
    return post


# --- Moving -----------------------------------------------------------------------------------


@transaction.atomic
def topic_move(*, topic: Topic, by: Person, to_space: Space) -> Topic:
    """Move a topic (its replies, files, reports and followers with it) to another space the
    moderator moderates. Its address stays; readers of the old space who cannot read the new
    one are told that it moved."""
    topic = (
        Topic.objects.select_for_update(of=("self",))
        .select_related("space", "author")
        .get(pk=topic.pk)
    )
    from_space = topic.space
    if to_space.pk == from_space.pk:
        raise DomainError(_("The topic is already in this space."), "space")
    if not can_moderate(by, to_space):
        raise DomainError(_("Choose a space you moderate."), "space")
    topic.space = to_space
    topic.save(update_fields=["space"])
    TopicMove.objects.create(topic=topic, from_space=from_space, to_space=to_space, by=by)
    audit = _audit(
        from_space, by, "community.move", target=topic, to_space=to_space.pk, to=to_space.name
    )
    if to_space.organization_id != from_space.organization_id:
        _audit(to_space, by, "community.move", target=topic, from_space=from_space.pk)
    if spaces_readable(topic.author).filter(pk=to_space.pk).exists():
        _tell_author(topic, "community.moved", audit, space=to_space.pk)
    return topic


# --- Suspensions ------------------------------------------------------------------------------


def _end_of(day: date, time_zone: str) -> datetime:
    """The moment `day` ends where the person lives."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=ZoneInfo(time_zone))


@transaction.atomic
def suspension_create(
    *, space: Space, by: Person, person: Person, reason: str, until: date | None = None
) -> Suspension:
    """The person may still read the space but not post in it, until the end of `until` in
    their time zone (included), or until a moderator lifts it. They are told why."""
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Write why: the person will read it."), "reason")
    if person.pk == by.pk:
        raise DomainError(_("You cannot suspend yourself."))
    if can_moderate(person, space):
        raise DomainError(_("A moderator of this space cannot be suspended from it."))
    if until is not None and until < timezone.localdate(timezone=ZoneInfo(person.time_zone)):
        raise DomainError(_("Choose today or a later date."), "until")
    current = suspension_of(person=person, space=space)
    if current is not None:
        current.lifted_at, current.lifted_by = timezone.now(), by  # replaced by the new one
        current.save(update_fields=["lifted_at", "lifted_by"])
    suspension = Suspension.objects.create(
        space=space,
        person=person,
        reason=reason[:500],
        until=until,
        ends_at=_end_of(until, person.time_zone) if until else None,
        by=by,
    )
    audit = audit_record(
        actor=by,
        action="community.suspend",
        organization=space.organization,
        target=suspension,
        subject=person,
        data={"space": space.pk, "until": until.isoformat() if until else "", "reason": reason},
    )
    notify(
        kind="community.suspended",
        event=f"community-suspended:{suspension.pk}:{audit.pk}",
        person=person,
        params={
            "space": space.pk,
            "reason": reason,
            "until": until.isoformat() if until else "",
        },
        url=reverse("community:space", args=[space.pk]),
        organization=space.organization,
    )
    return suspension


@transaction.atomic
def suspension_lift(*, suspension: Suspension, by: Person) -> Suspension:
    suspension = Suspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.lifted_at is not None:
        return suspension
    suspension.lifted_at, suspension.lifted_by = timezone.now(), by
    suspension.save(update_fields=["lifted_at", "lifted_by"])
    space = suspension.space
    audit = audit_record(
        actor=by,
        action="community.suspension_lift",
        organization=space.organization,
        target=suspension,
        subject=suspension.person,
        data={"space": space.pk},
    )
    notify(
        kind="community.suspension_lifted",
        event=f"community-lifted:{suspension.pk}:{audit.pk}",
        person=suspension.person,
        params={"space": space.pk},
        url=reverse("community:space", args=[space.pk]),
        organization=space.organization,
    )
    return suspension


# --- Moderators -------------------------------------------------------------------------------


@transaction.atomic
def moderator_add(*, space: Space, by: Person, person: Person) -> Moderator:
    """Staff name a person who reads the space (a participant or staff) its moderator."""
    if not spaces_readable(person).filter(pk=space.pk).exists():
        raise DomainError(_("Nobody with this address can read this space."), "email")
    moderator, created = Moderator.objects.get_or_create(
        space=space, person=person, defaults={"added_by": by}
    )
    if created:
        audit = audit_record(
            actor=by,
            action="community.moderator_add",
            organization=space.organization,
            target=space,
            subject=person,
            data={"space": space.pk},
        )
        notify(
            kind="community.moderator",
            event=f"community-moderator:{moderator.pk}:{audit.pk}",
            person=person,
            params={"space": space.pk},
            url=reverse("community:moderation", args=[space.pk]),
            organization=space.organization,
        )
    return moderator


@transaction.atomic
def moderator_remove(*, moderator: Moderator, by: Person) -> None:
    space = moderator.space
    deleted, _rows = Moderator.objects.filter(pk=moderator.pk).delete()
    if deleted:
        audit_record(
            actor=by,
            action="community.moderator_remove",
            organization=space.organization,
            target=space,
            subject=moderator.person,
            data={"space": space.pk},
        )

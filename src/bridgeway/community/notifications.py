"""Kinds of notification of the community (BRIDGEWAY_NOTIFICATION_KINDS): a new topic in a
followed space, a new reply in a followed topic. They name the topic and its space, never
quote the post: the page behind the link checks that the person may still read it."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _now
from django.utils.translation import gettext_lazy as _

from bridgeway.community.models import ReportReason, Space, Topic
from bridgeway.notifications.kinds import Kind


def _topic(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    topic = Topic.objects.select_related("space").get(pk=params["topic"])
    return {"title": topic.title, "space": topic.space.name}


def _topics(items: list[tuple[dict[str, Any], Any]]) -> list[dict[str, Any]]:
    """`_topic` for a whole list (the bell's page, the API's list, a digest) in one query;
    a topic that is gone fails the list as it fails one."""
    found = Topic.objects.select_related("space").in_bulk({p["topic"] for p, _r in items})
    values = []
    for params, _recipient in items:
        topic = found.get(params["topic"])
        if topic is None:
            raise Topic.DoesNotExist(f"topic {params['topic']}")
        values.append({"title": topic.title, "space": topic.space.name})
    return values


TOPIC = Kind(
    code="community.topic",
    label=_("A new topic in a community space you follow"),
    subject=_("New topic in %(space)s: %(title)s"),
    summary=_("New topic in %(space)s: “%(title)s”."),
    contexts=_topics,
    email_defaults={"mentee": "daily", "person": "daily"},
    texts=False,
)

REPLY = Kind(
    code="community.reply",
    label=_("A new reply in a community topic you follow"),
    subject=_("New reply to %(title)s"),
    summary=_("New reply to “%(title)s” in %(space)s."),
    contexts=_topics,
    email_defaults={"mentee": "daily", "person": "daily"},
    texts=False,
)


# --- Moderation -------------------------------------------------------------------------------
# To the moderators: what waits for them (never who reported, never the post's text). To an
# author: what a moderator did to their post, with the reason they gave. To a suspended person:
# the space, until when and why, in their language.


def _moderation(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    values = _topic(params, recipient) if "topic" in params else {}
    if "space" in params:
        values["space"] = Space.objects.get(pk=params["space"]).name
    if "reason_code" in params:
        values["reason"] = str(ReportReason(params["reason_code"]).label)
    return values


def _suspension(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    values = _moderation(params, recipient)
    if params.get("until"):
        day = formats.date_format(date.fromisoformat(params["until"]), "DATE_FORMAT")
        values["until"] = _now("until %(date)s (included)") % {"date": day}
    else:
        values["until"] = _now("until a moderator lifts the suspension")
    return values


REPORTED = Kind(
    code="community.report",
    label=_("A post is reported in a community space you moderate"),
    subject=_("A post was reported in %(space)s"),
    summary=_("A post in “%(title)s” (%(space)s) was reported: %(reason)s."),
    context=_moderation,
    texts=False,
)

HELD = Kind(
    code="community.held",
    label=_("A newcomer's post waits for review in a community space you moderate"),
    subject=_("A post waits for your review in %(space)s"),
    summary=_("A newcomer's post in “%(title)s” (%(space)s) waits for your review."),
    context=_moderation,
    texts=False,
)

HIDDEN = Kind(
    code="community.hidden",
    label=_("A moderator hides one of your community posts"),
    subject=_("A moderator hid your post in %(space)s"),
    summary=_("A moderator hid your post in “%(title)s” (%(space)s). Reason: %(reason)s"),
    context=_moderation,
    texts=False,
)

UNHIDDEN = Kind(
    code="community.unhidden",
    label=_("A moderator shows one of your community posts again"),
    subject=_("Your post in %(space)s is shown again"),
    summary=_("A moderator shows your post in “%(title)s” (%(space)s) again."),
    context=_moderation,
    texts=False,
)

APPROVED = Kind(
    code="community.approved",
    label=_("A moderator approves your community post"),
    subject=_("Your post in %(space)s is published"),
    summary=_("A moderator approved your post in “%(title)s” (%(space)s): everyone can read it."),
    context=_moderation,
    texts=False,
)

REJECTED = Kind(
    code="community.rejected",
    label=_("A moderator does not approve your community post"),
    subject=_("Your post in %(space)s was not approved"),
    summary=_(
        "A moderator did not approve your post in “%(title)s” (%(space)s). Reason: %(reason)s"
    ),
    context=_moderation,
    texts=False,
)

MOVED = Kind(
    code="community.moved",
    label=_("A moderator moves your community topic to another space"),
    subject=_("Your topic was moved to %(space)s"),
    summary=_("A moderator moved your topic “%(title)s” to %(space)s."),
    context=_moderation,
    texts=False,
)

SUSPENDED = Kind(
    code="community.suspended",
    label=_("You are suspended from a community space"),
    subject=_("You cannot post in %(space)s for now"),
    summary=_(
        "A moderator suspended you from %(space)s %(until)s: you can read it but not post. "
        "Reason: %(reason)s"
    ),
    context=_suspension,
    needs_answer=True,
)

SUSPENSION_LIFTED = Kind(
    code="community.suspension_lifted",
    label=_("Your suspension from a community space is lifted"),
    subject=_("You can post in %(space)s again"),
    summary=_("A moderator lifted your suspension: you can post in %(space)s again."),
    context=_moderation,
)

MODERATOR = Kind(
    code="community.moderator",
    label=_("You are named moderator of a community space"),
    subject=_("You are now a moderator of %(space)s"),
    summary=_(
        "You are now a moderator of %(space)s: you can hide posts, review reports and "
        "newcomers' posts, move and lock topics, and suspend people from the space."
    ),
    context=_moderation,
)

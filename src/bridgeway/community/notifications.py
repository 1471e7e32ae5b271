"""Kinds of notification of the community (BRIDGEWAY_NOTIFICATION_KINDS): a new topic in a
followed space, a new reply in a followed topic. They name the topic and its space, never
quote the post: the page behind the link checks that the person may still read it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.community.models import Topic
from bridgeway.notifications.kinds import Kind


def _topic(params: dict[str, Any], recipient: Any) -> dict[str, Any]:
    topic = Topic.objects.select_related("space").get(pk=params["topic"])
    return {"title": topic.title, "space": topic.space.name}


TOPIC = Kind(
    code="community.topic",
    label=_("A new topic in a community space you follow"),
    subject=_("New topic in %(space)s: %(title)s"),
    summary=_("New topic in %(space)s: “%(title)s”."),
    context=_topic,
    email_defaults={"mentee": "daily", "person": "daily"},
    texts=False,
)

REPLY = Kind(
    code="community.reply",
    label=_("A new reply in a community topic you follow"),
    subject=_("New reply to %(title)s"),
    summary=_("New reply to “%(title)s” in %(space)s."),
    context=_topic,
    email_defaults={"mentee": "daily", "person": "daily"},
    texts=False,
)

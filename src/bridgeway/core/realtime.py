"""Live updates to a person's open pages over the channel layer."""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)


def person_group(person_id: int) -> str:
    return f"person.{person_id}"


def notify_person(*, person_id: int, event: dict[str, Any]) -> None:
    """Send an event to every open page of one person. A page that is closed misses nothing
    durable: the event only refreshes what the database already holds."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            person_group(person_id), {"type": "person.event", "event": event}
        )
    except Exception:  # A live update must never undo or fail the change it reports.
        logger.exception("live update to person %s failed", person_id)

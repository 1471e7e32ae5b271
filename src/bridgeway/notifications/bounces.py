"""Bounces and complaints reported by an email service (django-anymail's tracking webhooks)
mark the delivery undeliverable, with the service's reason, for staff to see. The service's own
message id is kept on the delivery when it is sent (`provider_id`)."""

from __future__ import annotations

from typing import Any

from bridgeway.notifications.models import Delivery

UNDELIVERABLE_EVENTS = {"bounced", "rejected", "failed", "complained"}


def on_tracking(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    if event.event_type not in UNDELIVERABLE_EVENTS or not event.message_id:
        return
    reason = " ".join(
        str(part)
        for part in (esp_name, event.event_type, event.reject_reason, event.description)
        if part
    )
    Delivery.objects.filter(provider_id=str(event.message_id)).update(
        state=Delivery.State.UNDELIVERABLE, last_error=reason[:2000]
    )


def connect() -> None:
    from anymail.signals import tracking

    tracking.connect(on_tracking, dispatch_uid="bridgeway-bounces")

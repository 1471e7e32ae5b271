"""Notifications, their deliveries and the person's contact preferences."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import NotPersonal, Owner, Personal

DECLARATIONS = [
    NotPersonal(
        "notifications.Timer",
        "a scheduled job's bookkeeping; its payload holds row numbers only",
    ),
    Personal(
        "notifications.Notification",
        (Owner("person", role="recipient"),),
        not_personal={
            "params": "the values filled into the notification's wording; "
            "they can name other people",
            "event": "a technical key that keeps a notification from being sent twice",
        },
        what=_("The notifications sent to you: their kind, link and when you read them"),
    ),
    Personal(
        "notifications.Delivery",
        (
            Owner(
                "notification__person",
                fields=("channel", "state", "frequency", "due_at", "sent_to", "sent_at"),
            ),
        ),
        not_personal={
            "last_error": "a mail or text provider's technical error",
            "claim_token": "the worker's technical lock",
            "claimed_at": "the worker's technical lock",
            "message_id": "the email's technical identifier",
            "provider_id": "the provider's technical identifier",
            "attempts": "the worker's retry count",
        },
        what=_("How and when each notification reached you (email, text message)"),
    ),
    Personal(
        "notifications.ContactSettings",
        (Owner("person"),),
        what=_("Your phone number, text message choices and quiet hours"),
    ),
    Personal(
        "notifications.Preference",
        (Owner("person"),),
        what=_("How you chose to hear about each kind of notification"),
    ),
]

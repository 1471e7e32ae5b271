"""Kinds of notification about erasure (BRIDGEWAY_NOTIFICATION_KINDS). None of them names the
person: staff open the request's page to see who it is."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from bridgeway.notifications.kinds import Kind

RECEIVED = Kind(
    code="erasure.received",
    label=_("Your request to delete your account is received"),
    subject=_("We received your request to delete your account"),
    summary=_(
        "We received your request to delete your account and data. Your agency's staff review "
        "it; we will write to you before anything is deleted."
    ),
    mandatory=True,
    roles=("person",),
    texts=False,
)

FAREWELL = Kind(
    code="erasure.farewell",
    label=_("Your account and data are being deleted"),
    subject=_("Your account and data are being deleted"),
    summary=_(
        "Your agency approved your request: your account and data are being deleted now. This "
        "is the last email we send to this address. Thank you for taking part."
    ),
    mandatory=True,
    roles=("person",),
    texts=False,
)

WAITING = Kind(
    code="erasure.waiting",
    label=_("A request to delete an account waits for review"),
    subject=_("A request to delete an account waits for review"),
    summary=_("Erasure request %(request)s waits for review in %(agency)s."),
    needs_answer=True,
    roles=("staff",),
)

DONE = Kind(
    code="erasure.done",
    label=_("An account your agency reviewed is deleted"),
    subject=_("Erasure request %(request)s is done"),
    summary=_(
        "The account of erasure request %(request)s is deleted; its records show a former "
        "participant."
    ),
    roles=("staff",),
)

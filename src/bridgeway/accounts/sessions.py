"""How long a signed-in session lasts, and "sign out everywhere".

Staff (anyone on an agency's staff, or a network admin) are signed out after
`BRIDGEWAY_STAFF_IDLE_MINUTES` without a request (30) and `BRIDGEWAY_STAFF_SESSION_HOURS` after
signing in (12), whatever they do; participants keep the usual two-week session. The times live
in the session itself, so they hold on every web process and node that shares the sessions.
The last-seen time is written at most once a minute, and whether the person is staff is read
again then (so someone who became staff is covered within a minute, without a query on every
request).

"Sign out everywhere" deletes the person's sessions (`accounts.SignedInSession` rows, found by
their `person` column, and their copies in the cache) and raises the person's
`session_generation`: a session signed in under an older number ends on its next request
whatever any cache still holds. Signing out one device (the "Where you are signed in" page)
deletes that session alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.core.cache import caches
from django.db import transaction
from django.db.models import F, Q
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.authtoken.models import Token

from bridgeway.core.access import holds_staff_role
from bridgeway.core.services import audit_record

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

SIGNED_IN_AT = "bw_signed_in_at"
SEEN_AT = "bw_seen_at"
STAFF = "bw_staff"
GENERATION = "bw_generation"
AGENT = "bw_agent"  # the browser's User-Agent when signing in, for "Where you are signed in"
REFRESH_SECONDS = 60


def _now() -> int:
    return int(time.time())


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, user: Person, **_kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    now = _now()
    request.session[SIGNED_IN_AT] = now
    request.session[SEEN_AT] = now
    request.session[STAFF] = holds_staff_role(user)
    request.session[AGENT] = request.META.get("HTTP_USER_AGENT", "")[:300]
    # Read fresh: the object signing in may predate a "sign out everywhere".
    request.session[GENERATION] = (
        type(user).objects.filter(pk=user.pk).values_list("session_generation", flat=True).first()
        or 0
    )


def _ended_because(request: HttpRequest, now: int) -> str | None:
    """Why this session must end now, or None."""
    session = request.session
    user: Any = request.user
    if session.get(GENERATION, 0) != user.session_generation:
        return _("You were signed out on every device. Please sign in again.")
    if not session.get(STAFF):
        return None
    idle_minutes = settings.BRIDGEWAY_STAFF_IDLE_MINUTES
    if now - int(session.get(SEEN_AT, now)) > idle_minutes * 60:
        return ngettext(
            "You were signed out after %(minutes)d minute without activity. Please sign in again.",
            "You were signed out after %(minutes)d minutes without activity. Please sign in again.",
            idle_minutes,
        ) % {"minutes": idle_minutes}
    hours = settings.BRIDGEWAY_STAFF_SESSION_HOURS
    if now - int(session.get(SIGNED_IN_AT, now)) > hours * 3600:
        return ngettext(
            "Staff sessions last %(hours)d hour. Please sign in again.",
            "Staff sessions last %(hours)d hours. Please sign in again.",
            hours,
        ) % {"hours": hours}
    return None


class SessionLimitsMiddleware:
    """Ends a session that is over its time or was signed out everywhere; the request then
    goes on as anonymous, so a page that needs signing in sends the person to the sign-in
    page (with the reason shown there) and an API call answers 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            now = _now()
            session = request.session
            if SIGNED_IN_AT not in session:  # signed in before these limits existed
                session[SIGNED_IN_AT] = now
                session[SEEN_AT] = now
                session[STAFF] = holds_staff_role(user)
                session[GENERATION] = user.session_generation
            reason = _ended_because(request, now)
            if reason is not None:
                logout(request)
                messages.info(request, reason)
            elif now - int(session.get(SEEN_AT, 0)) >= REFRESH_SECONDS:
                session[SEEN_AT] = now
                session[STAFF] = holds_staff_role(user)
        return self.get_response(request)


@transaction.atomic
def sign_out_everywhere(*, person: Person, revoke_token: bool) -> None:
    """End every session of the person (this one too, on its next request), and their API
    token when they ask."""
    from bridgeway.accounts.models import Person

    Person.objects.filter(pk=person.pk).update(session_generation=F("session_generation") + 1)
    sessions_end(person=person)
    revoked = False
    if revoke_token:
        revoked = Token.objects.filter(user=person).delete()[0] > 0
    audit_record(
        actor=person,
        action="account.sign_out_everywhere",
        target=person,
        subject=person,
        summary="signed out on every device" + (", API token revoked" if revoked else ""),
        data={"token_revoked": revoked},
    )


def sign_out_device(*, person: Person, session_key: str) -> bool:
    """End one of the person's sessions (another device's, from "Where you are signed in");
    False when it had already ended."""
    with transaction.atomic():
        ended = sessions_end(person=person, keys=[session_key]) > 0
        if ended:
            audit_record(
                actor=person,
                action="account.sign_out_device",
                target=person,
                subject=person,
                summary="signed out on one device",
            )
    return ended


def sessions_of(person: Person) -> Q:
    """The person's sessions still signed in (not past their end), for the copy of their data
    and the "Where you are signed in" page. Sessions signed out everywhere are deleted, so the
    ones left are all live."""
    from django.utils import timezone

    return Q(person=person.pk, expire_date__gt=timezone.now())


def session_handle(session_key: str) -> str:
    """A name for a session that pages and forms can show: the session's key is the secret the
    browser signs in with, so it never leaves the cookie."""
    return salted_hmac("bridgeway.accounts.sessions.handle", session_key).hexdigest()[:24]


def sessions_end(*, person: Person, keys: Iterable[str] | None = None) -> int:
    """Delete the person's sessions (or those of `keys` among them) from the database and,
    once that is committed, from the cache the session engine reads first; returns how many
    ended. A device whose session is gone is signed out on its next request."""
    from bridgeway.accounts.models import SignedInSession

    rows = SignedInSession.objects.filter(person=person.pk)
    if keys is not None:
        rows = rows.filter(session_key__in=list(keys))
    found = list(rows.values_list("session_key", flat=True))
    if not found:
        return 0
    SignedInSession.objects.filter(session_key__in=found).delete()
    prefix = getattr(import_module(settings.SESSION_ENGINE).SessionStore, "cache_key_prefix", "")
    if prefix:
        # After the commit: a request reading the session between the two would otherwise put
        # the row, still there for it, back in the cache.
        store = caches[settings.SESSION_CACHE_ALIAS]
        transaction.on_commit(lambda: store.delete_many([prefix + key for key in found]))
    return len(found)


def sessions_clear_expired() -> int:
    """Delete the sessions past their end (the daily job, accounts/tasks.py); returns how many.
    The cache forgets its copies by itself when they end."""
    from django.utils import timezone

    from bridgeway.accounts.models import SignedInSession

    return SignedInSession.objects.filter(expire_date__lte=timezone.now()).delete()[0]

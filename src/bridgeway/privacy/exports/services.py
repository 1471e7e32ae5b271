"""Asking for, building, delivering and expiring a person's data export.

A person may have one request being prepared at a time (the database enforces it); asking again
once a copy is ready replaces it (the older file is removed). Building runs in the worker and is
safe to run twice: only a pending request is built, and the row is claimed before it is marked
ready. Files are removed from storage only after the transaction that forgets them commits."""

from __future__ import annotations

import logging
import secrets
import tempfile
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.privacy.exports.builder import export_write
from bridgeway.privacy.exports.models import ExportRequest

if TYPE_CHECKING:
    from bridgeway.core.models import Organization

logger = logging.getLogger(__name__)

LINK_DAYS = 7  # how long the download link works
ANSWER_DAYS = 30  # PIPEDA: a request is answered within 30 days
NEARING_DAYS = 23  # staff see requests still open after this many days
REASON_MAX = 300
SALT = "bridgeway.privacy.export"
STORAGE = "attachments"  # private, and an S3 bucket at scale (settings.STORAGES)


class ExportError(DomainError):
    pass


class ExportGone(Exception):
    """The link expired, or the file was removed: the person asks for a new copy."""


def storage() -> Storage:
    return storages[STORAGE]


def _when(moment: object) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")  # type: ignore[arg-type]


def export_ask(
    *,
    person: Person,
    asked_by: Person,
    organization: Organization | None = None,
    reason: str = "",
) -> ExportRequest:
    """Queue a new export of `person`'s data. Staff ask with their agency and a reason (the
    caller has checked they are its staff and the person is its participant)."""
    reason = reason.strip()[:REASON_MAX]
    if organization is not None and not reason:
        raise ExportError(_("Say why you ask for this person's data."), "reason")
    with transaction.atomic():
        # Two clicks, or the person and staff at once: the second waits here, then sees the first.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        pending = ExportRequest.objects.filter(person=person, status=ExportRequest.Status.PENDING)
        first = pending.first()
        if first is not None:
            if asked_by.pk == person.pk:
                message = _(
                    "You already asked for a copy of your data on %(date)s. We are preparing "
                    "it and will email you when it is ready."
                )
            else:
                message = _(
                    "A copy of this person's data was already asked for on %(date)s and is "
                    "being prepared. They will be emailed when it is ready."
                )
            raise ExportError(message % {"date": _when(first.asked_at)})
        replaced = list(
            ExportRequest.objects.filter(person=person, status=ExportRequest.Status.READY)
        )
        for old in replaced:
            _expire(old)
        try:
            with transaction.atomic():
                export = ExportRequest.objects.create(
                    person=person, asked_by=asked_by, organization=organization, reason=reason
                )
        except IntegrityError as error:  # a request of another process got in first
            raise ExportError(_("A copy of this data is already being prepared.")) from error
        if organization is not None:
            audit_record(
                actor=asked_by,
                action="privacy.export_ask",
                organization=organization,
                target=export,
                subject=person,
                data={"reason": reason},
            )
        export_id = export.pk
        transaction.on_commit(lambda: _queue_build(export_id))
    return export


def _queue_build(export_id: int) -> None:
    from bridgeway.privacy.exports.tasks import build_export

    build_export(export_id)


def export_build(*, export_id: int) -> ExportRequest | None:
    """Write the zip of a pending request, store it and tell the person. None when there is
    nothing to do (built already, or replaced)."""
    export = (
        ExportRequest.objects.select_related("person")
        .filter(pk=export_id, status=ExportRequest.Status.PENDING)
        .first()
    )
    if export is None:
        return None
    person = export.person
    try:
        with tempfile.TemporaryFile() as out:
            written = export_write(person=person, out=out)
            size = out.tell()
            out.seek(0)
            name = storage().save(
                f"exports/{person.pk}/{secrets.token_urlsafe(18)}.zip", File(out, name="data.zip")
            )
    except Exception:
        logger.exception("export %s could not be built", export_id)
        _fail(export_id)
        raise
    with transaction.atomic():
        claimed = ExportRequest.objects.select_for_update().filter(pk=export_id).first()
        if claimed is None or claimed.status != ExportRequest.Status.PENDING:
            transaction.on_commit(lambda: storage().delete(name))
            return None
        now = timezone.now()
        claimed.status = ExportRequest.Status.READY
        claimed.built_at = now
        claimed.expires_at = now + timedelta(days=LINK_DAYS)
        claimed.stored_name = name
        claimed.size = size
        claimed.files = written.files
        claimed.save()
        notify(
            kind="privacy.export_ready",
            event=f"privacy.export_ready:{claimed.pk}",
            person=person,
            params={"export": claimed.pk},
            url=download_url(claimed),
        )
    return claimed


def _fail(export_id: int) -> None:
    with transaction.atomic():
        export = ExportRequest.objects.select_for_update().filter(pk=export_id).first()
        if export is None or export.status != ExportRequest.Status.PENDING:
            return
        export.status = ExportRequest.Status.FAILED
        export.save(update_fields=["status"])
        notify(
            kind="privacy.export_failed",
            event=f"privacy.export_failed:{export.pk}",
            person=export.person,
            params={"export": export.pk},
            url=reverse("privacy_exports:mine"),
        )


def download_url(export: ExportRequest) -> str:
    token = signing.dumps({"export": export.pk}, salt=SALT)
    return reverse("privacy_exports:download", args=[token])


def export_open(*, person: Person, token: str) -> ExportRequest:
    """The person's ready export behind a link. Raises ExportGone for an expired link or
    file, ExportRequest.DoesNotExist for a link that is not theirs or not one at all."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=LINK_DAYS))
    except signing.SignatureExpired as error:
        raise ExportGone from error
    except signing.BadSignature as error:
        raise ExportRequest.DoesNotExist from error
    export_id = data.get("export") if isinstance(data, dict) else None
    if not isinstance(export_id, int):
        raise ExportRequest.DoesNotExist
    export = ExportRequest.objects.filter(pk=export_id, person=person).first()
    if export is None:
        raise ExportRequest.DoesNotExist
    expired = export.expires_at is not None and export.expires_at <= timezone.now()
    if export.status == ExportRequest.Status.EXPIRED or expired:
        raise ExportGone
    if export.status != ExportRequest.Status.READY or not export.stored_name:
        raise ExportRequest.DoesNotExist
    return export


def export_mark_delivered(*, export: ExportRequest) -> None:
    """The first download is when the request was answered (kept for PIPEDA)."""
    ExportRequest.objects.filter(pk=export.pk, delivered_at__isnull=True).update(
        delivered_at=timezone.now()
    )


def _expire(export: ExportRequest) -> None:
    """Forget the file of a ready export (inside the caller's transaction)."""
    name = export.stored_name
    export.status = ExportRequest.Status.EXPIRED
    export.expired_at = timezone.now()
    export.stored_name = ""
    export.save(update_fields=["status", "expired_at", "stored_name"])
    if name:
        transaction.on_commit(lambda: storage().delete(name))


def exports_expire_due(*, now: object = None, batch: int = 200) -> int:
    """Expire the ready exports whose link has run out and remove their files, in batches."""
    moment = now or timezone.now()
    done = 0
    while True:
        with transaction.atomic():
            due = list(
                ExportRequest.objects.select_for_update()
                .filter(status=ExportRequest.Status.READY, expires_at__lte=moment)
                .order_by("pk")[:batch]
            )
            for export in due:
                _expire(export)
        done += len(due)
        if len(due) < batch:
            return done

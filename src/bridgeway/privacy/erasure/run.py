"""Carrying out an approved erasure: the plan's steps in order, each in its own transaction
that also records it done, so a run that stopped half way (a crash, a lost database connection)
is finished by the next run and nothing is ever half-deleted. Stored files are removed after
the commit of the step that deleted their rows, and again by the next run if that failed.

Logs carry the request's id and counts only, never who it was."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.messaging.attachments import storage
from bridgeway.notifications.outbox import deliveries_send_due, notify
from bridgeway.privacy.erasure.models import ErasureRequest
from bridgeway.privacy.erasure.plan import STEPS
from bridgeway.privacy.erasure.steps import context_for, database_forget
from bridgeway.programs.models import Enrollment

logger = logging.getLogger(__name__)


def erasure_run(*, request_id: int) -> bool:
    """Run what is left of an approved erasure; True when it is done (now or before)."""
    request = ErasureRequest.objects.filter(pk=request_id).first()
    if request is None or request.status not in (
        ErasureRequest.Status.APPROVED,
        ErasureRequest.Status.DONE,
    ):
        return False
    files_remove(request_id)
    if request.status == ErasureRequest.Status.DONE:
        return True
    ErasureRequest.objects.filter(pk=request_id).update(attempts=request.attempts + 1)
    # The farewell email leaves before the notifications and the address are deleted.
    deliveries_send_due()
    try:
        for name, step in STEPS:
            _run_step(request_id, name, step)
            files_remove(request_id)
    except Exception as exc:
        ErasureRequest.objects.filter(pk=request_id).update(last_error=type(exc).__name__)
        logger.exception("erasure %s stopped; the next run finishes it", request_id)
        raise
    _finish(request_id)
    return True


def _run_step(request_id: int, name: str, step: object) -> None:
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=request_id)
        if name in locked.steps_done:
            return
        person = Person.objects.get(pk=locked.person_id)
        ctx = context_for(person)
        step(ctx)  # type: ignore[operator]
        counts = dict(locked.counts)
        for key, number in ctx.counts.items():
            counts[key] = counts.get(key, 0) + number
        ErasureRequest.objects.filter(pk=request_id).update(
            steps_done=[*locked.steps_done, name],
            pending_files=[*locked.pending_files, *ctx.files],
            counts=counts,
        )
    logger.info("erasure %s: step %s done", request_id, name)


def files_remove(request_id: int) -> None:
    """Remove from storage the files whose rows are gone; strike off those removed."""
    names = list(
        ErasureRequest.objects.filter(pk=request_id).values_list("pending_files", flat=True)
    )
    pending = names[0] if names else []
    if not pending:
        return
    store = storage()
    left = []
    for name in pending:
        try:
            store.delete(name)  # deleting a missing file is not an error
        except Exception:
            logger.exception("erasure %s: a file could not be removed yet", request_id)
            left.append(name)
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=request_id)
        still = [name for name in locked.pending_files if name in left or name not in pending]
        ErasureRequest.objects.filter(pk=request_id).update(pending_files=still)


def _finish(request_id: int) -> None:
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=request_id)
        if locked.status == ErasureRequest.Status.DONE:
            return
        locked.status = ErasureRequest.Status.DONE
        locked.finished_at = timezone.now()
        locked.last_error = ""
        locked.reason = ""  # staff's words about the person go with the rest
        locked.save(update_fields=["status", "finished_at", "last_error", "reason"])
        from bridgeway.privacy.erasure.services import _staff_of

        agencies = list(locked.organizations.all())
        for agency in agencies:
            for member in _staff_of([agency]):
                notify(
                    kind="erasure.done",
                    event=f"erasure:{locked.pk}:done",
                    person=member,
                    role="staff",
                    organization=agency,
                    params={"request": locked.pk},
                    url=reverse("privacy_erasure:staff_list", args=[agency.slug]) + "?show=done",
                )
    _clear_caches(locked.person_id)
    database_forget()
    logger.info("erasure %s done: %s", request_id, sum(locked.counts.values()))


def _clear_caches(person_id: int) -> None:
    """What processes keep between requests about the person's programs (the mentors' answers
    the matching pages hold) is read again from the database on the next request."""
    from bridgeway.programs.questionnaires.profiles import answers_changed

    program_ids = list(
        Enrollment.objects.filter(person_id=person_id).values_list("program_id", flat=True)
    )
    answers_changed(program_ids=program_ids)


def erasures_resume() -> int:
    """Approved erasures left unfinished (a crash), finished now."""
    done = 0
    for pk in ErasureRequest.objects.filter(status=ErasureRequest.Status.APPROVED).values_list(
        "pk", flat=True
    ):
        try:
            done += erasure_run(request_id=pk)
        except Exception:  # logged in erasure_run; the next sweep tries again
            logger.warning("erasure %s left for the next sweep", pk)
    return done

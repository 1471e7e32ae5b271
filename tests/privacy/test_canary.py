"""The canary: one unique value planted in every personal field of a person that can hold text
(name, email, phone, profile, intake, answers, screening, messages and their edits, posts,
file names and file contents, concern text, staff notes, notifications, the audit log, the
staff's reason for the erasure…), through the product's own services where it has them. The
person is erased, the retention job runs with the clock past the agency's policy, and then the
value is nowhere: not in any column of any table (FTS5 shadow tables included, their blobs
too), not in any file of the storage, not in the cache, not in search results, not in a log
record written during the whole test.

It runs on SQLite, and on PostgreSQL with Redis through tests/with_services.py (the
`postgres-redis` case, marked `services`)."""

from __future__ import annotations

import base64
import logging
import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from bridgeway.community import services as community
from bridgeway.community.search import topics_matching
from bridgeway.concerns.models import Concern, ConcernEvent
from bridgeway.core.services import audit_record
from bridgeway.messaging.models import Conversation, Member, MessageEdit
from bridgeway.messaging.services import message_send
from bridgeway.notifications.models import ContactSettings, Notification
from bridgeway.privacy.erasure.models import ErasureRequest
from bridgeway.privacy.erasure.services import erasure_approve, erasure_request
from bridgeway.privacy.retention.services import retention_run
from bridgeway.programs.intake.models import ConsentRecord
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.programs.screening.models import Reference, ScreeningCheck, ScreeningItem
from bridgeway.relationships.calendar_feed import feed_create
from bridgeway.relationships.models import (
    CheckIn,
    Goal,
    GoalNote,
    MentorRequest,
    Relationship,
    RequestMessage,
    StaffContact,
)
from tests.factories import enable_mfa
from tests.services.needs import postgres_param, require_postgres

pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "Zqx7Canary"
NEEDLE = CANARY.lower()


class _Keep(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info:
            text += logging.Formatter().formatException(record.exc_info)
        self.lines.append(text)


@pytest.fixture(autouse=True)
def _own_files(settings: Any, tmp_path: Path) -> None:
    """This test's stored files in a folder of its own: the suite's workers share the data
    directory, and another test's file (the detector's below, running beside it) must not be
    taken for one this test left behind."""
    attachments = settings.STORAGES["attachments"]
    if "location" in attachments.get("OPTIONS", {}):
        own = {**attachments, "OPTIONS": {**attachments["OPTIONS"], "location": str(tmp_path)}}
        settings.STORAGES = {**settings.STORAGES, "attachments": own}


@pytest.fixture
def logs() -> Iterator[_Keep]:
    """Every log record written during the whole test, at every level."""
    handler = _Keep()
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler
    root.removeHandler(handler)
    root.setLevel(level)


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, f"notes of {CANARY}\n".encode(), "text/plain")


def _plant(world: Any) -> dict[str, Any]:
    """Erin, a mentee of agency A with a mentor (Frank), given the canary everywhere."""
    erin = world.erin
    erin.display_name = f"Erin {CANARY}"
    erin.email = f"erin.{NEEDLE}@example.org"
    erin.country = "PH"
    erin.save()
    ContactSettings.objects.create(person=erin, phone=f"+1 {CANARY}")
    mentee = Enrollment.objects.get(person=erin)
    mentee.status_reason = f"moved {CANARY}"
    mentee.save()
    mentor = Enrollment.objects.get(person=world.frank)
    question = Question.objects.create(
        program=world.program_a, key="story", kind="long_text", text={"en": "Your story"}
    )
    Answer.objects.create(enrollment=mentee, question=question, value=f"My story {CANARY}")
    ConsentRecord.objects.create(person=erin, covers="program", details={"name": CANARY})
    item = ScreeningItem.objects.create(program=world.program_a, kind="interview", label="Talk")
    ScreeningCheck.objects.create(enrollment=mentee, item=item, note=f"Met {CANARY}")
    Reference.objects.create(
        enrollment=mentee, item=item, name=f"Ref of {CANARY}", email="r@example.org"
    )
    request = MentorRequest.objects.create(
        program=world.program_a, mentee=mentee, mentor=mentor, message=f"Hi {CANARY}"
    )
    RequestMessage.objects.create(request=request, author=erin, side="mentee", text=CANARY)
    relationship = Relationship.objects.create(
        program=world.program_a,
        mentee=mentee,
        mentor=mentor,
        request=request,
        status=Relationship.Status.ACTIVE,
        planned_end=timezone.now().date(),
    )
    goal = Goal.objects.create(relationship=relationship, title="Find work", created_by=erin)
    GoalNote.objects.create(goal=goal, author=erin, text=f"Progress {CANARY}")
    CheckIn.objects.create(
        relationship=relationship, person=erin, kind="pulse", score=3, comment=f"Fine {CANARY}"
    )
    StaffContact.objects.create(
        relationship=relationship, author=world.bob, note=f"Called {CANARY}"
    )
    feed_create(person=erin)
    conversation = Conversation.objects.create(
        organization=world.agency_a,
        program=world.program_a,
        kind="pair",
        relationship=relationship,
    )
    Member.objects.create(conversation=conversation, person=erin)
    Member.objects.create(conversation=conversation, person=world.frank)
    message, _new = message_send(
        conversation=conversation,
        author=erin,
        body=f"Hello {CANARY}",
        files=[_file(f"cv-{CANARY}.txt")],
    )
    MessageEdit.objects.create(message=message, body=f"Earlier {CANARY}")
    message_send(conversation=conversation, author=world.frank, body="Welcome, happy to help")
    space = community.space_create(
        by=world.alice,
        network=world.agency_a.network,
        organization=world.agency_a,
        name="Lounge",
    )
    answered = community.topic_create(
        space=space,
        by=erin,
        title=f"Jobs {CANARY}",
        body=f"Where {CANARY}",
        files=[_file(f"topic-{CANARY}.txt")],
    )
    community.reply_create(topic=answered, by=world.frank, body="Try the library")
    community.reply_create(
        topic=answered, by=erin, body=f"Thanks {CANARY}", files=[_file(f"reply-{CANARY}.txt")]
    )
    community.topic_create(space=space, by=erin, title=f"Alone {CANARY}", body=f"{CANARY}")
    concern = Concern.objects.create(
        organization=world.agency_a,
        program=world.program_a,
        relationship=relationship,
        reporter=erin,
        category="conduct",
        description=f"It was {CANARY}",
        status="resolved",
        outcome_note=f"Spoke to {CANARY}",
    )
    ConcernEvent.objects.create(
        concern=concern, kind="note", author=world.bob, text=f"Note on {CANARY}"
    )
    Notification.objects.create(
        person=erin, kind="erasure.received", event="planted", params={"x": CANARY}
    )
    Notification.objects.create(
        person=world.frank,
        kind="erasure.received",
        event="other",
        params={"name": erin.display_name},
    )
    audit_record(
        actor=world.bob,
        action="enrollment.status",
        organization=world.agency_a,
        target=mentee,
        summary=f"{erin.display_name} moved on",
    )
    return {"relationship": relationship, "space": space}


def _columns_with_canary() -> list[str]:
    """Every table, every column (text and blobs), including the FTS5 shadow tables."""
    found = []
    tables = connection.introspection.table_names(include_views=False)
    with connection.cursor() as cursor:
        for table in tables:
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                # Every column, as text. Table names come from the database itself.
                cursor.execute(f"SELECT t::text FROM {quoted} t")  # noqa: S608
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        hit = NEEDLE.encode() in bytes(value).lower()
                    else:
                        hit = NEEDLE in str(value).lower()
                    if hit:
                        found.append(f"{table}: {str(value)[:120]}")
    return found


def _files_with_canary() -> list[str]:
    """Every file of the attachments storage (this test's own folder) and, on SQLite, this
    test's database file with its write-ahead log (free pages and the log keep deleted text)."""
    paths = [
        Path(folder) / name
        for folder, _dirs, names in os.walk(settings.STORAGES["attachments"]["OPTIONS"]["location"])
        for name in names
    ]
    if connection.vendor == "sqlite":
        database = Path(str(connection.settings_dict["NAME"]))
        paths += [Path(f"{database}{end}") for end in ("", "-wal", "-journal")]
    found = []
    for path in paths:
        if not path.is_file():
            continue
        if NEEDLE in path.name.lower() or NEEDLE.encode() in path.read_bytes().lower():
            found.append(str(path))
    return found


def _cache_with_canary() -> list[str]:
    found = []
    for alias in settings.CACHES:
        backend = caches[alias]
        store = getattr(backend, "_cache", None)
        if isinstance(store, dict):  # the in-process cache: keys and pickled values
            found += [
                str(key)
                for key, value in store.items()
                if NEEDLE in str(key).lower() or NEEDLE.encode() in bytes(value).lower()
            ]
        elif hasattr(store, "get_client"):  # Redis: every key of the database, every value
            client = store.get_client(write=False)
            for key in client.scan_iter():
                value = client.dump(key) or b""
                if NEEDLE.encode() in key.lower() or NEEDLE.encode() in value.lower():
                    found.append(key.decode(errors="replace"))
        elif hasattr(backend, "_table"):  # the database cache: values are base64 of a pickle
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT cache_key, value FROM {backend._table}")  # noqa: S608
                for key, value in cursor.fetchall():
                    if NEEDLE in key.lower() or NEEDLE.encode() in base64.b64decode(value).lower():
                        found.append(key)
    return found


def _erase_and_forget(world: Any, logs: _Keep) -> None:
    enable_mfa(world.bob)
    planted = _plant(world)
    request = erasure_request(
        person=world.erin,
        by=world.bob,
        reason=f"{CANARY} called us",
        organization=world.agency_a,
    )
    erasure_approve(request=request, by=world.bob, organization=world.agency_a)
    request.refresh_from_db()
    assert request.status == ErasureRequest.Status.DONE, request.last_error
    assert not request.pending_files
    # The mentor's own words stay; the forum topic he answered stays without Erin's.
    assert (
        planted["relationship"].conversation.messages.filter(body="Welcome, happy to help").exists()
    )
    later = timezone.now() + timedelta(days=365 * 8)
    counts = retention_run(now=later)
    assert counts["messages"] >= 2
    assert counts["notifications"] >= 1
    assert retention_run(now=later)["messages"] == 0  # a second run finds nothing


def _assert_nowhere(world: Any, logs: _Keep) -> None:
    assert _columns_with_canary() == []
    assert _files_with_canary() == []
    assert _cache_with_canary() == []
    assert list(topics_matching(person=world.alice, text=CANARY)) == []
    assert [line for line in logs.lines if NEEDLE in line.lower()] == []


@pytest.mark.parametrize("backend", ["sqlite", postgres_param()])
def test_the_canary_is_nowhere_after_erasure_and_retention(
    backend: str, world: Any, logs: _Keep
) -> None:
    if backend == "postgres":
        require_postgres()
        assert connection.vendor == "postgresql"
    elif connection.vendor != "sqlite":
        pytest.skip("this run is on PostgreSQL: the postgres-redis case covers it")
    _erase_and_forget(world, logs)
    _assert_nowhere(world, logs)


def test_the_canary_test_finds_a_canary_left_behind(world: Any, logs: _Keep) -> None:
    """The detectors themselves work: a value planted and not erased is found everywhere."""
    planted = _plant(world)
    del planted
    assert _columns_with_canary()
    assert _files_with_canary()
    assert list(topics_matching(person=world.alice, text=CANARY))
    logging.getLogger("bridgeway.test").info("a line with %s", CANARY)
    assert [line for line in logs.lines if NEEDLE in line.lower()]
    caches["default"].set("planted", CANARY)
    assert _cache_with_canary()

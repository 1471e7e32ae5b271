"""QUALITY.md "concurrent sends": 1,000 messages, each sent twice (a retry after a lost
answer), by 32 clients at once through the API of a real server (one thread and one database
connection per request), on SQLite here and on PostgreSQL in the run with the servers: 1,000
stored, none lost, none twice, no server error, exactly one "201 Created" per message."""

from __future__ import annotations

import http.client
import json
import queue
import random
import threading
from collections import Counter
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from rest_framework.authtoken.models import Token

from bridgeway.messaging import services
from bridgeway.messaging.models import Message
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 32
MESSAGES = 1000


def test_1000_messages_sent_twice_by_32_clients_are_stored_once_each(
    live_server: Any, cohort: SimpleNamespace, settings: Any
) -> None:
    # 32 people, about 63 requests each: under the API's limit per person; the limit on
    # messages a minute (core/limits.py) is lifted, this test is about storing each once.
    settings.BRIDGEWAY_RATE_LIMITS = {**settings.BRIDGEWAY_RATE_LIMITS, "message": "10000/m"}
    program = cohort.program
    people = [PersonFactory(display_name=f"Member {i}") for i in range(CLIENTS)]
    for person in people:
        EnrollmentFactory(program=program, person=person, role="mentee")
    chat = services.conversation_start_group(
        program_id=program.pk,
        organization_id=program.organization_id,
        title="Peer circle",
        people=people,
    )
    tokens = {person.pk: Token.objects.create(user=person).key for person in people}
    sends = [
        (people[i % CLIENTS].pk, f"key-{i:04d}", f"Message {i}")
        for i in range(MESSAGES)
        for _copy in range(2)
    ]
    random.Random(7).shuffle(sends)
    work: queue.Queue[tuple[int, str, str]] = queue.Queue()
    for send in sends:
        work.put(send)
    answers: list[tuple[str, int, int]] = []
    failures: list[str] = []
    lock = threading.Lock()
    address = urlsplit(live_server.url)
    path = f"/api/v1/conversations/{chat.pk}/messages/"

    def client() -> None:
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        try:
            while True:
                try:
                    author, key, body = work.get_nowait()
                except queue.Empty:
                    return
                connection.request(
                    "POST",
                    path,
                    body=json.dumps({"body": body, "client_key": key}),
                    headers={
                        "Authorization": f"Token {tokens[author]}",
                        "Content-Type": "application/json",
                    },
                )
                response = connection.getresponse()
                payload = response.read()
                with lock:
                    if response.status in (200, 201):
                        answers.append((key, response.status, json.loads(payload)["id"]))
                    else:
                        failures.append(f"{response.status} {payload[:200]!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert not any(thread.is_alive() for thread in threads), "a client did not finish"

    assert failures == []
    stored = list(Message.objects.filter(conversation=chat).values_list("client_key", flat=True))
    assert len(stored) == MESSAGES
    assert len(set(stored)) == MESSAGES
    created = Counter(key for key, status, _id in answers if status == 201)
    assert len(created) == MESSAGES
    assert set(created.values()) == {1}
    # Both copies of a message were answered with the same stored message.
    ids: dict[str, set[int]] = {}
    for key, _status, message_id in answers:
        ids.setdefault(key, set()).add(message_id)
    assert all(len(found) == 1 for found in ids.values())

"""How fast a message reaches the other person's open page, with many pages open.

    python bench/bench_messaging.py                       # 1,000 open pages, 1,000 messages
    python bench/bench_messaging.py --connections 200 --messages 200   # a quick try
    python tests/with_services.py -- python bench/bench_messaging.py   # PostgreSQL + Redis

One server process (`uvicorn bridgeway.config.asgi:application`, production settings: no
DEBUG) on 127.0.0.1, and this asyncio client in another process. `--connections` people, in
pairs, each a conversation of two, all with a page open on /ws/events/ (signed in with a real
session cookie). Then:

(1) latency: `--messages` messages sent through the API (POST .../messages/, token sign-in)
at `--rate` per second, spread over the pairs; for each, the time from just before the POST
to the moment the event reaches the other person's socket. Prints p50, p95, p99 and the worst.
(2) throughput: the same number again, sent as fast as `--senders` concurrent clients can;
prints messages per second stored and delivered to every other side.

The database is a throwaway SQLite file in a temporary folder (WAL, as `make run` uses), or
the one in DATABASE_URL (migrated first: give it an empty database); the channel layer is the
in-memory one of a single process, or Redis when REDIS_URL is set.
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def environment() -> None:
    if "BRIDGEWAY_DATA_DIR" not in os.environ:
        os.environ["BRIDGEWAY_DATA_DIR"] = tempfile.mkdtemp(prefix="bridgeway-bench-")
    os.environ.setdefault("BRIDGEWAY_HTTPS", "0")
    os.environ.setdefault("BRIDGEWAY_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijkl")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bridgeway.config.settings"
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT / "src"), str(ROOT), os.environ.get("PYTHONPATH")])
    )


def prepare(connections: int) -> tuple[list[tuple[int, int, int]], dict[int, str], dict[int, str]]:
    """People in pairs, a conversation each; their sessions and API tokens.
    Returns [(conversation, author, reader)], {person: session key}, {person: token}."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from bridgeway.accounts.models import Person
    from bridgeway.accounts.session_engines.db import SessionStore
    from bridgeway.core.models import Network, Organization
    from bridgeway.messaging.models import Conversation, Member
    from bridgeway.programs.models import Program

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    network = Network.objects.create(name="Bench network", slug="bench-network")
    agency = Organization.objects.create(network=network, name="Bench agency", slug="bench")
    program = Program.objects.create(
        organization=agency, name="Hosts", slug="hosts", summary="Newcomers meet hosts."
    )
    people = Person.objects.bulk_create(
        Person(email=f"p{i}@bench.example", display_name=f"Person {i}") for i in range(connections)
    )
    people = list(Person.objects.order_by("pk"))
    sessions: dict[int, str] = {}
    tokens: dict[int, str] = {}
    pairs = []
    for i in range(0, len(people) - 1, 2):
        author, reader = people[i], people[i + 1]
        chat = Conversation.objects.create(
            organization=agency, program=program, kind="group", title=f"Pair {i}"
        )
        Member.objects.bulk_create(
            [Member(conversation=chat, person=author), Member(conversation=chat, person=reader)]
        )
        pairs.append((chat.pk, author.pk, reader.pk))
        tokens[author.pk] = Token.objects.create(user=author).key
    for person in people:
        store = SessionStore()
        store[SESSION_KEY] = str(person.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = person.get_session_auth_hash()
        store.create()
        sessions[person.pk] = store.session_key or ""
    return pairs, sessions, tokens


class Client:
    def __init__(self, port: int, sessions: dict[int, str]) -> None:
        self.port = port
        self.sessions = sessions
        self.received: dict[tuple[int, int], float] = {}  # (person, message) -> when
        self.sockets: list[Any] = []

    async def listen(self, person: int, cookie_name: str) -> None:
        import websockets

        socket_ = await websockets.connect(
            f"ws://127.0.0.1:{self.port}/ws/events/",
            additional_headers={
                "Cookie": f"{cookie_name}={self.sessions[person]}",
                "Origin": f"http://127.0.0.1:{self.port}",
            },
            max_queue=None,
            open_timeout=60,
        )
        self.sockets.append(socket_)
        async for raw in socket_:
            event = json.loads(raw)
            if event.get("type") == "message":
                self.received[(person, event["message"])] = time.perf_counter()


def post(connection: http.client.HTTPConnection, chat: int, token: str, body: str) -> int:
    connection.request(
        "POST",
        f"/api/v1/conversations/{chat}/messages/",
        body=json.dumps({"body": body, "client_key": uuid.uuid4().hex}),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    response = connection.getresponse()
    payload = response.read()
    if response.status != 201:
        raise RuntimeError(f"{response.status} {payload[:300]!r}")
    return int(json.loads(payload)["id"])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def run(args: argparse.Namespace) -> None:
    pairs, sessions, tokens = await asyncio.to_thread(prepare, args.connections)
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bridgeway.config.asgi:application",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        cwd=ROOT,
    )
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                await asyncio.sleep(0.1)
        client = Client(port, sessions)
        started = time.perf_counter()
        listeners = [asyncio.create_task(client.listen(person, "sessionid")) for person in sessions]
        while len(client.sockets) < len(sessions):
            await asyncio.sleep(0.1)
            failed = [t for t in listeners if t.done() and t.exception()]
            if failed:
                raise RuntimeError(failed[0].exception())
        print(f"{len(client.sockets)} pages open in {time.perf_counter() - started:.1f} s")
        await asyncio.sleep(1)

        # (1) latency at a steady rate
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        sent: list[tuple[int, int, float]] = []  # (reader, message, t0)
        interval = 1 / args.rate
        next_at = time.perf_counter()
        for number in range(args.messages):
            chat, author, reader = pairs[number % len(pairs)]
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            next_at += interval
            t0 = time.perf_counter()
            message = await asyncio.to_thread(post, connection, chat, tokens[author], "hello")
            sent.append((reader, message, t0))
        await asyncio.sleep(2)
        latencies = [
            (client.received[(reader, message)] - t0) * 1000
            for reader, message, t0 in sent
            if (reader, message) in client.received
        ]
        lost = len(sent) - len(latencies)
        print(
            f"latency at {args.rate}/s over {len(sent)} messages: "
            f"p50 {statistics.median(latencies):.1f} ms, p95 {percentile(latencies, 0.95):.1f} ms, "
            f"p99 {percentile(latencies, 0.99):.1f} ms, worst {max(latencies):.1f} ms; "
            f"not delivered: {lost}"
        )

        # (2) throughput with concurrent senders
        queue: asyncio.Queue[tuple[int, int, int]] = asyncio.Queue()
        for number in range(args.messages):
            queue.put_nowait(pairs[number % len(pairs)])
        delivered_ids: list[tuple[int, int]] = []

        async def sender() -> None:
            own = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            while not queue.empty():
                chat, author, reader = queue.get_nowait()
                message = await asyncio.to_thread(post, own, chat, tokens[author], "fast")
                delivered_ids.append((reader, message))

        started = time.perf_counter()
        await asyncio.gather(*(sender() for _ in range(args.senders)))
        stored_in = time.perf_counter() - started
        while not all(key in client.received for key in delivered_ids):
            if time.perf_counter() - started > stored_in + 30:
                break
            await asyncio.sleep(0.01)
        last = max(client.received.get(key, 0.0) for key in delivered_ids)
        missing = sum(key not in client.received for key in delivered_ids)
        print(
            f"throughput with {args.senders} senders: {len(delivered_ids)} messages stored in "
            f"{stored_in:.1f} s ({len(delivered_ids) / stored_in:.0f}/s), all delivered "
            f"{last - started:.1f} s after the first send; not delivered: {missing}"
        )
        print(f"load average: {os.getloadavg()[0]:.1f}")
        for socket_ in client.sockets:
            await socket_.close()
        for task in listeners:
            task.cancel()
    finally:
        server.terminate()
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=50.0, help="messages per second in (1)")
    parser.add_argument("--senders", type=int, default=8)
    args = parser.parse_args()
    environment()
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    asyncio.run(run(args))


if __name__ == "__main__":
    main()

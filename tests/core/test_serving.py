"""`bridgeway serve` with several processes: the connections go to the processes in turn
(bridgeway/serving.py), each is served whole, and a stopped server stops."""

from __future__ import annotations

import asyncio
import collections
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from bridgeway import cli, serving

ROOT = Path(__file__).resolve().parents[2]
BALANCED = "bridgeway.serving:BalancedEventLoop"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start(workers: int, loop: str) -> tuple[subprocess.Popen[bytes], int]:
    """tests/serving_app.py (it answers with its process number) as `bridgeway serve` runs it."""
    port = free_port()
    code = (
        "import uvicorn; uvicorn.run('tests.serving_app:app', host='127.0.0.1', "
        f"port={port}, workers={workers}, loop={loop!r}, lifespan='off', log_level='warning')"
    )
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    }
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            # Every process answers before the test starts counting.
            seen = {ask(port) for _ in range(20)}
        except OSError:
            time.sleep(0.2)
            continue
        if len(seen) == workers:
            return process, port
        time.sleep(0.2)
    process.kill()
    pytest.fail(f"the server on port {port} did not start {workers} answering processes")


def ask(port: int) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        return answer(connection)
    finally:
        connection.close()


def answer(connection: http.client.HTTPConnection) -> str:
    connection.request("GET", "/")
    response = connection.getresponse()
    assert response.status == 200
    return response.read().decode()


def stop(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


def _after_a_moment(call: Any, *args: Any) -> Any:
    """`call` a few milliseconds later: the process that took the last connection has its
    thread back in accept() by then even on a busy machine (a thread that has not yet gone
    back to wait is not in the kernel's turn, so the other process would take two)."""
    time.sleep(0.05)
    return call(*args)


def test_kept_connections_go_to_the_processes_in_turn() -> None:
    """Eight clients that keep their connections open (as a proxy's pool or the load test's
    simulated people do) are shared four and four by two processes, every time; each
    connection stays with its process for every request it carries."""
    process, port = start(2, BALANCED)
    try:
        for _ in range(4):
            connections = [
                http.client.HTTPConnection("127.0.0.1", port, timeout=10) for _ in range(8)
            ]
            served_by = [_after_a_moment(answer, connection) for connection in connections]
            assert sorted(collections.Counter(served_by).values()) == [4, 4]
            for connection, first in zip(connections, served_by, strict=True):
                assert {answer(connection) for _ in range(3)} == {first}
            for connection in connections:
                connection.close()
    finally:
        assert stop(process) == 0


def test_a_server_of_several_processes_stops_when_asked() -> None:
    process, port = start(2, BALANCED)
    kept = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    answer(kept)  # a kept connection does not hold the server up
    started = time.monotonic()
    assert stop(process) == 0
    kept.close()
    assert time.monotonic() - started < 15
    with pytest.raises(ConnectionRefusedError):
        ask(port)


def test_the_event_loop_serves_a_listening_socket_and_stops_taking_connections_when_closed() -> (
    None
):
    """In one process: a server made from a listening socket answers through the accepting
    thread; once closed, the thread ends and the socket takes no connection."""

    class Echo(asyncio.Protocol):
        def connection_made(self, transport: Any) -> None:
            self.transport = transport

        def data_received(self, data: bytes) -> None:
            self.transport.write(data.upper())
            self.transport.close()

    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        listening = socket.create_server(("127.0.0.1", 0))
        port = listening.getsockname()[1]
        server = await loop.create_server(Echo, sock=listening)
        for word in (b"hello", b"bonjour"):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(word)
            assert await reader.read() == word.upper()
            writer.close()
        acceptors = [t for t in threading.enumerate() if t.name == "bridgeway-accept"]
        assert len(acceptors) == 1
        server.close()
        await server.wait_closed()
        await loop.run_in_executor(None, acceptors[0].join, serving.WAKE_SECONDS * 5)
        assert not acceptors[0].is_alive()
        with pytest.raises(ConnectionRefusedError):
            await asyncio.open_connection("127.0.0.1", port)

    loop = serving.BalancedEventLoop()
    try:
        loop.run_until_complete(scenario())
    finally:
        loop.close()


def test_a_server_by_address_listens_as_asyncio_does() -> None:
    async def scenario() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(asyncio.Protocol, "127.0.0.1", 0)
        assert server.is_serving()
        server.close()
        await server.wait_closed()

    loop = serving.BalancedEventLoop()
    try:
        loop.run_until_complete(scenario())
    finally:
        loop.close()


@pytest.mark.parametrize(("workers", "loop"), [(1, "auto"), (2, BALANCED), (4, BALANCED)])
def test_serve_takes_connections_in_turn_only_with_several_processes(
    monkeypatch: pytest.MonkeyPatch, workers: int, loop: str
) -> None:
    import uvicorn

    given: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: given.update(options, app=app))
    assert cli.serve(["--workers", str(workers), "--port", "8123"]) == 0
    assert given["loop"] == loop
    assert given["workers"] == workers
    assert given["app"] == "bridgeway.config.asgi:application"

"""Connections spread evenly over the web processes of `bridgeway serve --workers N`.

Uvicorn's processes share one listening socket and each waits for it in its event loop
(epoll). When a connection arrives the kernel wakes every waiting process in the order they
registered, and the first awake takes it, so the same process takes nearly every connection
that arrives while both are waiting. A browser or a proxy keeps its connections open (nginx's
`keepalive`, Caddy's pool), so one process can end up serving all of them at one core while
the other sits idle: under the mixed traffic of bench/run_mixed_load.py (eight connections)
whole runs went at about half speed, with the machine a third idle (docs/benchmarks.md).

Here each process instead takes connections in a thread blocked in `accept()`. The kernel
hands a new connection to the process that has waited longest (a blocking accept queues at
the tail and is woken from the head), so connections go to the processes in turn. The thread
passes each connection to the event loop, which serves it as Uvicorn would
(`loop.connect_accepted_socket` with Uvicorn's own protocol). The thread wakes every second
(the listening socket's receive timeout) to notice that the server has stopped, so a process
that is shutting down takes no new connections after that second.

Used by `bridgeway serve` when it runs more than one process (Uvicorn's `loop` setting names
the event loop class); one process listens as Uvicorn does.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any

logger = logging.getLogger("bridgeway.serving")

# How often a thread blocked in accept() looks whether its server has stopped.
WAKE_SECONDS = 1
# Out of file descriptors or memory: wait as asyncio does before accepting again.
RETRY_SECONDS = 1.0
_RESOURCES = {errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM}
_NO_TIMEOUT = struct.pack("ll", 0, 0)


class BalancedEventLoop(asyncio.SelectorEventLoop):
    """asyncio's event loop, except that a server given a listening TCP socket takes its
    connections in turn with the other processes sharing that socket."""

    async def create_server(  # type: ignore[override]
        self,
        protocol_factory: Callable[[], asyncio.BaseProtocol],
        host: Any = None,
        port: Any = None,
        *,
        sock: socket.socket | None = None,
        backlog: int = 100,
        start_serving: bool = True,
        **kwargs: Any,
    ) -> asyncio.Server:
        shared = (
            sock is not None
            and start_serving
            and sock.type == socket.SOCK_STREAM
            and sock.family in (socket.AF_INET, socket.AF_INET6)
        )
        server = await super().create_server(
            protocol_factory,
            host,
            port,
            sock=sock,
            backlog=backlog,
            start_serving=start_serving and not shared,
            **kwargs,
        )
        if shared:
            assert sock is not None  # for mypy: `shared` says so
            listening = sock.dup()  # the thread's own descriptor, closed by the thread
            listening.listen(backlog)
            Acceptor(self, server, listening, protocol_factory, kwargs).start()
        return server


class Acceptor(threading.Thread):
    """Takes the connections of one listening socket, one at a time, for one event loop."""

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        server: asyncio.Server,
        listening: socket.socket,
        protocol_factory: Callable[[], asyncio.BaseProtocol],
        options: dict[str, Any],
    ) -> None:
        super().__init__(name="bridgeway-accept", daemon=True)
        self.loop = loop
        self.server = server
        self.listening = listening
        self.protocol_factory = protocol_factory
        self.options = {
            key: options[key]
            for key in ("ssl", "ssl_handshake_timeout", "ssl_shutdown_timeout")
            if options.get(key) is not None
        }
        self.tasks: set[asyncio.Task[Any]] = set()

    def serving(self) -> bool:
        # asyncio's Server forgets its sockets when it is closed (Uvicorn's shutdown).
        return bool(self.server.sockets) and not self.loop.is_closed()

    def run(self) -> None:
        listening = self.listening
        # A blocking accept() that gives up after WAKE_SECONDS (and is woken at once by a
        # connection): the blocking mode and the timeout belong to the socket, which every
        # process sets alike.
        listening.setsockopt(
            socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", WAKE_SECONDS, 0)
        )
        try:
            while self.serving():
                try:
                    listening.setblocking(True)
                    connection, _ = listening.accept()
                except (BlockingIOError, InterruptedError, ConnectionAbortedError):
                    continue  # the timeout, a signal, or a caller who gave up: look again
                except OSError as error:
                    if error.errno not in _RESOURCES:
                        raise
                    logger.error("accepting connections paused for %s s: %s", RETRY_SECONDS, error)
                    time.sleep(RETRY_SECONDS)
                    continue
                try:
                    self.loop.call_soon_threadsafe(self.serve, connection)
                except RuntimeError:  # the event loop has closed
                    connection.close()
                    return
        except OSError as error:
            if self.serving():
                logger.exception("the server stopped accepting connections: %s", error)
        finally:
            listening.close()

    def serve(self, connection: socket.socket) -> None:
        """In the event loop: serve `connection` as the server itself would."""
        # Accepted sockets inherit the listening socket's receive timeout; asyncio reads
        # without blocking, but the connection should carry nothing of the acceptor's.
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, _NO_TIMEOUT)
        task = self.loop.create_task(
            self.loop.connect_accepted_socket(self.protocol_factory, connection, **self.options)
        )
        self.tasks.add(task)
        task.add_done_callback(self._served)

    def _served(self, task: asyncio.Task[Any]) -> None:
        self.tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            # A TLS handshake that failed, a connection reset before it was set up: that
            # connection only (asyncio's own accept loop logs the same way).
            logger.warning("a connection could not be set up: %s", task.exception())

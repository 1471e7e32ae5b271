"""The web server's handler of HTTP requests: Django's ASGI handler, run at less cost per request.

Three changes, each keeping what Django does (docs/decisions.md, "One thread hop per request"):

- **One thread hop.** Every middleware of the project is synchronous, and so are its views.
  Django's ASGI handler still builds its chain for an asynchronous server: the middleware run
  in a worker thread, hand the request back to the event loop to find its view, which hands it
  to the thread again to run the view, and back (four crossings between the loop and the thread
  per request, each a few context switches and futures). This handler runs the whole chain and
  the view in the thread, as Django's WSGI handler does, in one crossing. An asynchronous view
  would still run (Django's synchronous path calls it through `async_to_sync`), and streamed
  answers are sent by Django's ASGI code as before.
- **The view of an address found once.** Django finds a path's view by trying each pattern in
  turn; the project's patterns are many, most of them under includes with an empty prefix, so
  an address near the end of the list (the API, the account pages) tried about 300 patterns on
  every request. The view found for a path is kept (`RESOLVED_KEPT` most recent paths per
  process); each request gets its own copy of the match, and an address that matches nothing is
  looked for again each time. The patterns do not change while a process runs (tests that
  change them clear Django's resolver cache, and the kept views with it: they are kept per
  resolver).
- **Kept threads.** Django runs all of a request's synchronous code in one thread of its own (a
  thread-sensitive context per request: the request's database connection and anything else
  kept per thread are the request's alone). asgiref started a new thread for each request and
  stopped it after, and Django made a new database connection object in each. Each request now
  borrows one of the process's kept threads (`KEPT_THREADS` idle at most; another is started
  when every kept one is busy) and all its synchronous code runs there, as before in its own
  thread; one request at a time per thread, as a threaded WSGI server runs them. A thread is
  lent again only after everything given to it by the request is done (a view whose client went
  away is left to finish, as Django leaves it). The database connection is still closed (or
  given back to the pool) at the end of every request, as `CONN_MAX_AGE` 0 says.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from threading import Lock
from typing import Any

from asgiref.sync import ThreadSensitiveContext, sync_to_async
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase
from django.urls import ResolverMatch, get_resolver, set_urlconf

RESOLVED_KEPT = 4096
KEPT_THREADS = 16  # idle request threads a process keeps


class _Resolved:
    """The most recent paths' matches, per resolver."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.lock = Lock()
        self.matches: OrderedDict[tuple[int, str], tuple[Any, ResolverMatch]] = OrderedDict()

    def resolve(self, resolver: Any, path: str) -> ResolverMatch:
        key = (id(resolver), path)
        with self.lock:
            found = self.matches.get(key)
            if found is not None and found[0] is resolver:
                self.matches.move_to_end(key)
                return _copy(found[1])
        match = resolver.resolve(path)  # raises Resolver404 for an unknown address: not kept
        with self.lock:
            self.matches[key] = (resolver, match)
            if len(self.matches) > self.size:
                self.matches.popitem(last=False)
        return _copy(match)

    def clear(self) -> None:
        with self.lock:
            self.matches.clear()


def _copy(match: ResolverMatch) -> ResolverMatch:
    """A match of its own for each request: middleware may change its arguments."""
    fields = dict(match.__dict__)
    for name in ("kwargs", "captured_kwargs", "extra_kwargs"):
        fields[name] = dict(fields.get(name) or {})
    own = ResolverMatch.__new__(ResolverMatch)  # it refuses copy.copy (no pickling)
    own.__dict__.update(fields)
    return own


RESOLVED = _Resolved(RESOLVED_KEPT)


class _Threads:
    """The request threads of a process: each a one-thread executor, lent to one request at a
    time."""

    def __init__(self, kept: int) -> None:
        self.kept = kept
        self.lock = Lock()
        self.idle: list[ThreadPoolExecutor] = []

    def borrow(self) -> ThreadPoolExecutor:
        with self.lock:
            if self.idle:
                return self.idle.pop()
        return ThreadPoolExecutor(max_workers=1, thread_name_prefix="bridgeway-request")

    def give_back(self, executor: ThreadPoolExecutor) -> None:
        """Lent again once the thread has done everything given to it so far: the marking
        runs in the thread itself, after the request's last call."""
        executor.submit(self._idle, executor)

    def _idle(self, executor: ThreadPoolExecutor) -> None:
        with self.lock:
            if len(self.idle) < self.kept:
                self.idle.append(executor)
                return
        executor.shutdown(wait=False)  # in its own thread: it ends after this call

    def forget(self) -> None:
        """After a fork: the parent's threads are not in the child."""
        self.lock = Lock()
        self.idle = []


THREADS = _Threads(KEPT_THREADS)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=THREADS.forget)


class ApplicationHandler(ASGIHandler):
    """Django's ASGI handler with the synchronous request path (see the module's notes)."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            raise ValueError(f"Django can only handle ASGI/HTTP connections, not {scope['type']}.")
        executor = THREADS.borrow()
        try:
            # The request's synchronous code in the borrowed thread, as Django's own
            # ThreadSensitiveContext() would run it in a new one.
            async with ThreadSensitiveContext(executor=executor):
                await self.handle(scope, receive, send)
        finally:
            THREADS.give_back(executor)

    def load_middleware(self, is_async: bool = False) -> None:
        # The chain as the WSGI handler builds it: synchronous middleware around the
        # synchronous view path, with no adapters between them.
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        response: HttpResponseBase = await sync_to_async(self.get_response, thread_sensitive=True)(
            request
        )
        return response

    def resolve_request(self, request: HttpRequest) -> ResolverMatch:
        urlconf = getattr(request, "urlconf", None)
        if urlconf is not None:
            set_urlconf(urlconf)
        match = RESOLVED.resolve(get_resolver(urlconf), request.path_info)
        request.resolver_match = match
        return match

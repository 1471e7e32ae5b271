"""Mixed traffic of signed-in people over HTTP: mentees, mentors and coordinators of the
seeded network (bench/seed_network.py with bench/seed_activity.py), each simulated user one
person with their own session cookie and API token.

    BENCH_ACCOUNTS=accounts.json locust -f bench/locustfile_mixed.py --headless \\
        -u 16 -r 16 -t 60s --host http://127.0.0.1:8000

(bench/run_mixed_load.py writes the accounts file, starts the servers and runs this.) Six users
in ten are mentees, three mentors, one a coordinator; four in five mentees and mentors are in
a mentorship (with its conversation: the first four of every five started of each role, the
same in every run), the others are not matched yet. What each does, weighted
(every request is a row of its own in the figures):

- mentees and mentors: the dashboard (4), the inbox (3), their conversation (3), sending a
  message there as the page's script does (2: the form posted with HTMX headers, answered with
  the new messages), their matching profile (1), a forum space (1) and a topic (1), and an API
  list (2: their mentorships, notifications or conversations, with their token); people
  without a mentorship open the inbox instead of a conversation and send nothing;
- coordinators: the dashboard (4), a program's match board (2), its mentorships (2) and the
  same list through the API (1), a forum space (1).

Users do not pause (a closed loop): the figures are what the server gives at that concurrency.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, constant, task

ACCOUNTS: dict[str, Any] = json.loads(
    Path(os.environ["BENCH_ACCOUNTS"]).read_text(encoding="utf-8")
)
COOKIE = ACCOUNTS["session_cookie"]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")
NEWEST = re.compile(r'data-newest="(\d+)"')
PAIRED_SHARE = 0.8
API_LISTS = [
    ("/api/v1/relationships/", "API mentorships"),
    ("/api/v1/notifications/", "API notifications"),
    ("/api/v1/conversations/", "API conversations"),
]


def _turns(rows: list[dict[str, Any]]) -> itertools.cycle[dict[str, Any]]:
    rows = list(rows)
    random.Random(len(rows)).shuffle(rows)
    return itertools.cycle(rows)


PEOPLE = {
    (role, paired): _turns(ACCOUNTS["paired" if paired else "free"][role])
    for role in ("mentee", "mentor")
    for paired in (True, False)
}
COORDINATORS = _turns(ACCOUNTS["coordinators"])
STARTED = {"mentee": itertools.count(), "mentor": itertools.count()}


def _paired(role: str) -> bool:
    """Whether the next simulated person of `role` is in a mentorship: the same people every
    run (of every five started, the first four), so that two runs at one concurrency play the
    same mix; a random draw made runs of the same code differ by the share of people without a
    mentorship, whose pages are cheaper."""
    return next(STARTED[role]) % 5 < round(PAIRED_SHARE * 5)


class SignedIn(FastHttpUser):
    abstract = True
    wait_time = constant(0)
    me: dict[str, Any]
    csrf = ""

    def _forum(self) -> list[list[int]]:
        spaces = ACCOUNTS["forum"].get(str(self.me["agency"]), [])
        return spaces + ACCOUNTS["forum"].get("network", [])

    def page(self, path: str, name: str, **kwargs: Any) -> Any:
        cookies = f"{COOKIE}={self.me['session']}"
        if self.csrf:
            cookies += f"; csrftoken={self.csrf}"
        headers = {"Cookie": cookies, **kwargs.pop("headers", {})}
        method = kwargs.pop("method", "GET")
        self.client.cookiejar.clear()  # the Cookie header says who acts
        with self.client.request(
            method,
            path,
            headers=headers,
            name=name,
            catch_response=True,
            allow_redirects=False,
            **kwargs,
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
                return None
            cookie = CSRF_COOKIE.search(response.headers.get("Set-Cookie", "") or "")
            if cookie is not None:
                self.csrf = cookie.group(1)
            return response

    def api(self, path: str, name: str) -> None:
        headers = {"Authorization": f"Token {self.me['token']}", "Accept": "application/json"}
        self.client.cookiejar.clear()
        with self.client.get(path, headers=headers, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")

    def forum_space(self) -> None:
        spaces = self._forum()
        if spaces:
            self.page(f"/community/spaces/{random.choice(spaces)[0]}/", "forum space")

    @task(4)
    def dashboard(self) -> None:
        self.page("/dashboard/", "dashboard")


class Participant(SignedIn):
    abstract = True
    role = "mentee"

    def on_start(self) -> None:
        self.me = next(PEOPLE[(self.role, _paired(self.role))])

    @task(3)
    def inbox(self) -> None:
        self.page("/my/messages/", "inbox")

    @task(3)
    def conversation(self) -> None:
        if "conversation" not in self.me:
            self.inbox()
            return
        self.page(f"/my/messages/{self.me['conversation']}/", "conversation")

    @task(2)
    def send(self) -> None:
        if "conversation" not in self.me:
            self.inbox()
            return
        path = f"/my/messages/{self.me['conversation']}/"
        page = self.page(path, "conversation")
        if page is None:
            return
        field = CSRF_FIELD.search(page.text or "")
        newest = NEWEST.search(page.text or "")
        if field is None or not self.csrf:
            return
        body = {
            "csrfmiddlewaretoken": field.group(1),
            "body": "Thank you, that helps. See you on Saturday.",
            "client_key": uuid.uuid4().hex,
            "after": newest.group(1) if newest else "0",
        }
        self.page(
            path,
            "send message",
            method="POST",
            data=urlencode(body),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "HX-Request": "true",
                "X-CSRFToken": field.group(1),
            },
        )

    @task(1)
    def profile(self) -> None:
        self.page(f"/my/enrollments/{self.me['enrollment']}/profile/", "profile")

    @task(1)
    def space(self) -> None:
        self.forum_space()

    @task(1)
    def topic(self) -> None:
        topics = [row[1:] for row in self._forum() if len(row) > 1]
        if topics:
            self.page(f"/community/topics/{random.choice(random.choice(topics))}/", "forum topic")

    @task(2)
    def api_list(self) -> None:
        path, name = random.choice(API_LISTS)
        self.api(path, name)


class Mentee(Participant):
    weight = 6
    role = "mentee"


class Mentor(Participant):
    weight = 3
    role = "mentor"


class Coordinator(SignedIn):
    weight = 1

    def on_start(self) -> None:
        self.me = next(COORDINATORS)

    def _program(self) -> int:
        return int(random.choice(self.me["programs"]))

    @task(2)
    def match_board(self) -> None:
        self.page(f"/manage/programs/{self._program()}/match/", "match board")

    @task(2)
    def mentorships(self) -> None:
        self.page(f"/manage/programs/{self._program()}/relationships/", "staff mentorships")

    @task(1)
    def api_mentorships(self) -> None:
        self.api(
            f"/api/v1/staff/programs/{self._program()}/relationships/", "API staff mentorships"
        )

    @task(1)
    def space(self) -> None:
        self.forum_space()

"""The request flow over HTTP, as the people do it: each simulated user is one mentee of the
seeded network (bench/seed_network.py), acting with their own API token and session, and the
mentor they ask answers with theirs.

    BENCH_ACCOUNTS=accounts.json locust -f bench/locustfile_requests.py --headless \\
        -u 8 -r 8 -t 60s --host http://127.0.0.1:8000

(bench/run_requests_load.py writes the accounts file, starts the servers and runs this at each
concurrency.) One flow, each step timed under its own name:

1. the mentee lists their suggested mentors (API);
2. opens the page of their suggestions, with each mentor's profile card (the "ask" page);
3. sends a request to the first suggested mentor (API);
4. that mentor lists the requests waiting for their answer (API, the mentor's token);
5. the mentor accepts this mentee's request (API): the mentorship starts;
6. the mentee lists their mentorships (API);
7. the mentee opens "close the mentorship" (page: it asks first) and
8. closes it with a reason (a form post with the page's CSRF token).

A user then takes the next free mentee (a closed mentee cannot ask again). Users do not pause
between steps (a closed loop): the figures are what the server gives at that concurrency. Whole
flows are counted apart (BENCH_FLOWS, a JSON file written when locust stops), for flows per
second and the time of a whole flow.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, constant, events, task
from locust.exception import StopUser

ACCOUNTS: dict[str, Any] = json.loads(
    Path(os.environ["BENCH_ACCOUNTS"]).read_text(encoding="utf-8")
)
FREE = iter(ACCOUNTS["mentees"])
MENTORS: dict[str, str] = ACCOUNTS["mentors"]
COOKIE = ACCOUNTS["session_cookie"]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CSRF_COOKIE = re.compile(r"csrftoken=([^;]+)")


class FlowBroken(Exception):
    """A step answered something other than what the flow needs."""


class FlowDone(Exception):
    """Nothing more to do for this mentee (no mentor to ask)."""


# Whole flows, kept here rather than as locust rows so that locust's figures over every
# request stay figures of requests; written out when locust stops.
FLOWS: dict[str, Any] = {"ms": [], "broken": 0, "unsuggested": 0}


@events.quitting.add_listener
def _write_flows(**_kwargs: Any) -> None:
    with open(os.environ["BENCH_FLOWS"], "w", encoding="utf-8") as out:
        json.dump(FLOWS, out)


class Mentee(FastHttpUser):
    wait_time = constant(0)

    def _api(self, method: str, path: str, token: str, name: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        self.client.cookiejar.clear()  # each step says who acts: nothing carried over
        with self.client.request(
            method, path, headers=headers, name=name, catch_response=True, **kwargs
        ) as response:
            if response.status_code not in (200, 201):
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
                raise FlowBroken(name)
            return response.json()

    def _page(self, method: str, path: str, cookies: str, name: str, **kwargs: Any) -> Any:
        headers = {"Cookie": cookies, **kwargs.pop("headers", {})}
        self.client.cookiejar.clear()
        with self.client.request(
            method,
            path,
            headers=headers,
            name=name,
            catch_response=True,
            allow_redirects=False,
            **kwargs,
        ) as response:
            expected = 302 if method == "POST" else 200
            if response.status_code != expected:
                response.failure(f"{response.status_code}: {(response.text or '')[:200]}")
                raise FlowBroken(name)
            return response

    @task
    def request_flow(self) -> None:
        mentee = next(FREE, None)
        if mentee is None:
            raise StopUser  # every seeded mentee has had their turn
        started = time.perf_counter()
        try:
            self._flow(mentee)
        except FlowBroken:
            FLOWS["broken"] += 1
            return
        except FlowDone:
            return
        FLOWS["ms"].append((time.perf_counter() - started) * 1000)

    def _flow(self, mentee: dict[str, Any]) -> None:
        me, token = mentee["enrollment"], mentee["token"]
        session = f"{COOKIE}={mentee['session']}"
        found = self._api(
            "GET", f"/api/v1/enrollments/{me}/suggestions/", token, "1 suggestions (mentee)"
        )
        mentors = [s["mentor"]["enrollment"] for s in found["suggestions"]]
        mentors = [m for m in mentors if str(m) in MENTORS]
        if not mentors:
            FLOWS["unsuggested"] += 1
            raise FlowDone
        self._page("GET", f"/my/enrollments/{me}/ask/", session, "2 ask page (mentee)")
        mentor = mentors[0]
        self._api(
            "POST",
            f"/api/v1/enrollments/{me}/mentor-requests/",
            token,
            "3 send request (mentee)",
            json={"mentor_ids": [mentor], "message": "I would be glad to learn from you."},
        )
        mentor_token = MENTORS[str(mentor)]
        waiting = self._api(
            "GET",
            f"/api/v1/enrollments/{mentor}/requests-received/",
            mentor_token,
            "4 pending requests (mentor)",
        )
        mine = [r["id"] for r in waiting if r["mentee"]["enrollment"] == me]
        if not mine:
            raise FlowBroken("the request is not among the mentor's")
        relationship = self._api(
            "POST",
            f"/api/v1/enrollments/{mentor}/requests-received/{mine[0]}/accept/",
            mentor_token,
            "5 accept (mentor)",
        )
        self._api("GET", "/api/v1/relationships/", token, "6 relationships (mentee)")
        close = f"/my/relationships/{relationship['id']}/close/"
        page = self._page("GET", close, session, "7 close page (mentee)")
        field = CSRF_FIELD.search(page.text or "")
        cookie = CSRF_COOKIE.search(page.headers.get("Set-Cookie", "") or "")
        if field is None or cookie is None:
            raise FlowBroken("no CSRF token on the close page")
        self._page(
            "POST",
            close,
            f"{session}; csrftoken={cookie.group(1)}",
            "8 close (mentee)",
            data=urlencode({"csrfmiddlewaretoken": field.group(1), "reason": "no_time"}),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

"""A stateful test of the access rules: hypothesis changes a small network the way the app does
— people apply and withdraw, become coordinators or admins and lose the role, ask a mentor and
start a mentorship, close it, look for a new mentor, raise concerns, are referred to another
agency, join and leave a circle — always through the real services, and after every step asks the real pages, signed in
as each person, what they can open and which rows their lists show. Each answer must equal the
plain model of the policy in `policy.py`, written from the documentation.

CI runs a short, derandomised search; `BRIDGEWAY_HYPOTHESIS_PROFILE=thorough` runs a long one
(docs/testing.md).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from copy import deepcopy
from functools import partial
from typing import Any

import pytest
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.access import world as world_module
from tests.access.policy import COORDINATOR, Policy
from tests.access.world import World

hsettings.register_profile(
    "access-ci",
    max_examples=8,
    stateful_step_count=15,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
    # Every step opens dozens of pages: shrinking a failure takes many minutes. CI prints the
    # whole failing sequence; the thorough profile shrinks it.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
hsettings.register_profile(
    "access-thorough",
    max_examples=50,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)
PROFILE = (
    "access-thorough"
    if os.environ.get("BRIDGEWAY_HYPOTHESIS_PROFILE") == "thorough"
    else "access-ci"
)
# The thorough run checks every person against every object after every step.
FULL_EVERY_STEP = PROFILE == "access-thorough"

POOL = range(len(world_module.POOL))
PROGRAMS = world_module.PROGRAMS
AGENCIES = world_module.AGENCIES
SEED = (
    ("p0", "program-a1", "mentee"),
    ("p1", "program-a1", "mentor"),
    ("p2", "program-b1", "mentee"),
    ("p3", "program-b1", "mentor"),
)
# Each kind of object's addresses (pages and API) and the policy's rule for them.
PAGES = {
    "enrollment": [("programs:staff_enrollment", "sees_enrollment")],
    "relationship": [
        ("relationships:detail", "sees_relationship"),
        ("api:relationship-detail", "sees_relationship"),
        ("relationships:staff_relationship", "sees_relationship_as_staff"),
        ("api:staff-relationship-detail", "sees_relationship_as_staff"),
    ],
    "concern": [
        ("concerns:my_detail", "sees_own_concern"),
        ("api:concern-detail", "sees_own_concern"),
        ("concerns:staff_detail", "sees_concern_as_staff"),
        ("api:staff-concern-detail", "sees_concern_as_staff"),
    ],
    "referral": [("intake:referral_detail", "sees_referral")],
    "space": [("community:space", "sees_space")],
}
ANY = st.integers(min_value=0, max_value=1000)  # an index into a list the model holds


class AccessRules(RuleBasedStateMachine):
    """One example: a fresh small network inside a savepoint, rolled back at its end."""

    def __init__(self) -> None:
        super().__init__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        self.world = World.build()
        self.policy: Policy = self.world.policy
        self.clients: dict[str, Client] = {}
        for name, person in self.world.people.items():
            client = Client()
            client.force_login(person)
            self.clients[name] = client
        self._before = _snapshot(self.policy)
        self._failed = False

    # -- what happens in the network -------------------------------------------------------

    @initialize()
    def start(self) -> None:
        """Each program starts with a mentee and a mentor ready to be matched (p0 and p1 in
        agency A's first program, p2 and p3 in agency B's), so that a few steps reach a
        mentorship, its conversation and its concerns."""
        for name, program, role in SEED:
            self.world.apply(name, program, role)
        mentee, mentor = sorted(self.policy.enrollments)[:2]
        self.world.match(mentee, mentor)
        self.world.open_circle()
        self._before = _snapshot(self.policy)
        self.check_everything()

    @rule(who=st.sampled_from(POOL), program=st.sampled_from(PROGRAMS), mentor=st.booleans())
    def apply(self, who: int, program: str, mentor: bool) -> None:
        """A person applies; the agency's admin moves them on to "ready to be matched"."""
        self.world.apply(world_module.POOL[who], program, "mentor" if mentor else "mentee")

    @precondition(lambda self: bool(self.policy.enrollments))
    @rule(index=ANY)
    def withdraw(self, index: int) -> None:
        self.world.withdraw(_pick(sorted(self.policy.enrollments), index))

    @rule(
        who=st.sampled_from(POOL),
        agency=st.sampled_from([*AGENCIES, "theirs"]),
        admin=st.booleans(),
    )
    def give_staff_role(self, who: int, agency: str, admin: bool) -> None:
        """An admin invites the person to the staff (they accept), or changes their role;
        often in the agency where the person takes part (a mentor becomes a coordinator)."""
        name = world_module.POOL[who]
        if agency == "theirs":
            theirs = sorted(
                world_module.PROGRAM_AGENCY[e.program]
                for e in self.policy.enrollments.values()
                if e.person == name
            )
            agency = theirs[0] if theirs else AGENCIES[0]
        self.world.give_role(name, agency, "admin" if admin else COORDINATOR)

    @precondition(lambda self: any(p in world_module.POOL for p, _a in self.policy.staff))
    @rule(index=ANY)
    def take_staff_role_away(self, index: int) -> None:
        pairs = sorted(pair for pair in self.policy.staff if pair[0] in world_module.POOL)
        self.world.take_role(*_pick(pairs, index))

    @precondition(lambda self: bool(self.world.enrollments_in_role("mentee")))
    @rule(mentee=ANY, mentor=ANY)
    def start_mentorship(self, mentee: int, mentor: int) -> None:
        """A mentee asks a mentor of their program, who accepts; the agency's admin starts
        the mentorship without waiting for signatures."""
        chosen = _pick(self.world.enrollments_in_role("mentee"), mentee)
        program = self.policy.enrollments[chosen].program
        mentors = [
            pk
            for pk in self.world.enrollments_in_role("mentor")
            if self.policy.enrollments[pk].program == program
        ]
        if mentors:
            self.world.match(chosen, _pick(mentors, mentor))

    @precondition(lambda self: bool(self.policy.relationships))
    @rule(index=ANY, closer=st.sampled_from(["mentee", "mentor", "staff"]))
    def close_mentorship(self, index: int, closer: str) -> None:
        self.world.close(_pick(sorted(self.policy.relationships), index), closer)

    @precondition(lambda self: any(r.closed for r in self.policy.relationships.values()))
    @rule(index=ANY)
    def look_for_a_new_mentor(self, index: int) -> None:
        closed = sorted(pk for pk, r in self.policy.relationships.items() if r.closed)
        self.world.rematch(_pick(closed, index))

    @precondition(lambda self: bool(self.policy.relationships))
    @rule(index=ANY, by_mentee=st.booleans())
    def raise_concern(self, index: int, by_mentee: bool) -> None:
        self.world.raise_concern(_pick(sorted(self.policy.relationships), index), by_mentee)

    @precondition(lambda self: bool(self.policy.enrollments))
    @rule(index=ANY, program=st.sampled_from(PROGRAMS))
    def refer(self, index: int, program: str) -> None:
        self.world.refer(_pick(sorted(self.policy.enrollments), index), program)

    @precondition(
        lambda self: any(
            r.status in ("pending", "consented") for r in self.policy.referrals.values()
        )
    )
    @rule(index=ANY, consent=st.booleans())
    def answer_referral(self, index: int, consent: bool) -> None:
        """The person answers a pending referral; the receiving agency takes a consented one."""
        open_ = sorted(
            pk for pk, r in self.policy.referrals.items() if r.status in ("pending", "consented")
        )
        self.world.answer_referral(_pick(open_, index), consent)

    @rule(who=st.sampled_from(POOL), join=st.booleans())
    def join_or_leave_the_circle(self, who: int, join: bool) -> None:
        name = world_module.POOL[who]
        if join:
            self.world.join_circle(name)
        else:
            self.world.leave_circle(name)

    # -- what each person sees -------------------------------------------------------------

    @invariant()
    def each_person_sees_what_the_policy_allows(self) -> None:
        """After each step: every page of every object the step made or changed, as every
        person; every page of every object, as every person whose roles or enrollments the
        step changed; and every person's lists. The thorough profile, and the end of each
        example, check every person against every object."""
        if FULL_EVERY_STEP:
            self.check_everything()
            return
        people, objects = self._touched()
        self._check(lambda name, key: name in people or key in objects)

    def teardown(self) -> None:
        try:
            if not self._failed:  # else the failure already reported stays the one shown
                self.check_everything()
        finally:
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)

    def check_everything(self) -> None:
        self._check(lambda name, key: True)

    def _touched(self) -> tuple[set[str], set[tuple[str, int]]]:
        """Who and what changed in the model since the last check."""
        before, now = self._before, _snapshot(self.policy)
        self._before = now
        objects = {key for key, value in now.items() if before.get(key) != value}
        people: set[str] = set()
        for key in objects | {key for key in before if key not in now}:
            kind = key[0]
            if kind.startswith("staff:"):  # a role given, changed or taken away
                people.add(kind.split(":")[1])
            elif kind == "enrollment":  # what the person reaches as a participant
                people.add((before.get(key) or now[key]).person)
            elif kind == "circle":  # its members changed: who reads the circle's space
                objects.add(("space", key[1]))
        return people, objects

    def _check(self, wanted: Callable[[str, tuple[str, int]], bool]) -> None:
        mismatches: list[str] = []
        for name, client in self.clients.items():
            for key, what, url, expected in self._pages(name):
                if not wanted(name, key):
                    continue
                response = client.get(url)
                if not _answers(response, expected):
                    mismatches.append(
                        f"{name} opened {what} ({url}): {response.status_code} "
                        f"{response.get('Location', '')}, the policy says {_said(expected)}"
                    )
            mismatches.extend(self._lists(name, client))
        self._failed = bool(mismatches)
        assert not mismatches, "\n".join(mismatches) + "\n" + self.world.describe()

    def _pages(self, name: str) -> Iterator[tuple[tuple[str, int], str, str, bool | str]]:
        """(the object's key, what it is, its address, what the policy answers) for every
        page and API address of every object of the model."""
        p = self.policy
        for kind, rows in (
            ("enrollment", p.enrollments),
            ("relationship", p.relationships),
            ("concern", p.concerns),
            ("referral", p.referrals),
            ("space", p.spaces),
        ):
            for pk in rows:
                for url_name, answer in PAGES[kind]:
                    allowed = getattr(p, answer)(name, pk)
                    yield (kind, pk), f"{kind} {pk}", _url(url_name, pk), allowed
        for pk, relationship in p.relationships.items():
            chat = relationship.conversation
            if chat is None:
                continue
            key, what = ("relationship", pk), f"mentorship {pk}'s conversation"
            own = _url("messaging:conversation", chat)
            yield key, what, own, p.sees_conversation(name, pk)
            yield key, what, _url("api:conversation-detail", chat), p.sees_conversation(name, pk)
            as_staff = (
                own
                if p.staff_conversation_is_own(name, pk)
                else p.sees_conversation_as_staff(name, pk)
            )
            yield key, what, _url("messaging:staff_conversation", chat), as_staff

    def _lists(self, name: str, client: Client) -> Iterator[str]:
        """The lists a person reads show exactly the rows the policy lets them open."""
        p = self.policy
        checks: list[tuple[str, Callable[[int], bool], dict[int, str]]] = [
            (
                _url("messaging:inbox"),
                lambda pk: p.sees_conversation(name, pk),
                {
                    pk: _url("messaging:conversation", r.conversation)
                    for pk, r in p.relationships.items()
                    if r.conversation is not None
                },
            ),
            (
                _url("concerns:my_list"),
                lambda pk: p.sees_own_concern(name, pk),
                {pk: _url("concerns:my_detail", pk) for pk in p.concerns},
            ),
        ]
        for agency in AGENCIES:
            if p.is_staff(name, agency):
                checks.append(
                    (
                        _url("concerns:staff_list", agency),
                        partial(_staff_lists_concern, p, name, agency),
                        {pk: _url("concerns:staff_detail", pk) for pk in p.concerns},
                    )
                )
        for program, agency in world_module.PROGRAM_AGENCY.items():
            if p.is_staff(name, agency):
                checks.append(
                    (
                        _url("relationships:staff_list", self.world.programs[program].pk),
                        partial(_staff_lists_relationship, p, name, program),
                        {
                            pk: _url("relationships:staff_relationship", pk)
                            for pk in p.relationships
                        },
                    )
                )
        for url, allowed, links in checks:
            if not links:
                continue
            html = client.get(url).content.decode()
            for pk, link in links.items():
                shown = f'href="{link}"' in html
                if shown != allowed(pk):
                    yield f"{name}'s list {url} {'shows' if shown else 'leaves out'} {link}"


def _staff_lists_concern(policy: Policy, name: str, agency: str, pk: int) -> bool:
    return policy.concerns[pk].agency == agency and policy.sees_concern_as_staff(name, pk)


def _staff_lists_relationship(policy: Policy, name: str, program: str, pk: int) -> bool:
    return policy.relationships[pk].program == program and policy.sees_relationship_as_staff(
        name, pk
    )


def _answers(response: HttpResponseBase, expected: bool | str) -> bool:
    """200 for a page the person may open; 403 or 404 for one they may not (the same 404 as a
    missing id, mostly); a redirect to the given address where the policy sends them on."""
    if isinstance(expected, str):
        return response.status_code == 302 and response["Location"] == expected
    if expected:
        return response.status_code == 200
    return response.status_code in (403, 404)


def _said(expected: bool | str) -> str:
    if isinstance(expected, str):
        return f"a redirect to {expected}"
    return "200" if expected else "403 or 404"


def _snapshot(policy: Policy) -> dict[tuple[str, int], Any]:
    """Every object of the model under a key, and each person's staff roles under theirs."""
    rows: dict[tuple[str, int], Any] = {}
    for kind in ("enrollments", "relationships", "concerns", "referrals", "spaces", "circles"):
        for pk, value in getattr(policy, kind).items():
            rows[(kind[:-1], pk)] = deepcopy(value)
    for (person, agency), role in policy.staff.items():
        rows[("staff:" + person + ":" + agency, 0)] = role
    return rows


def _pick(items: list[Any], index: int) -> Any:
    return items[index % len(items)]


def _url(name: str, *args: Any) -> str:
    return reverse(name, args=args)


@pytest.mark.django_db
def test_what_each_person_sees_equals_the_policy(settings: Any) -> None:
    # Pages are opened hundreds of times by the same few people: no limit is what is tested.
    settings.BRIDGEWAY_RATE_LIMITS = dict.fromkeys(settings.BRIDGEWAY_RATE_LIMITS, "100000/m")
    run_state_machine_as_test(AccessRules, settings=hsettings.get_profile(PROFILE))

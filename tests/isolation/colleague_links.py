"""Isolation entries for colleague invitation links ("each one, reach one"): a link of agency
A's mentor answers every role of agency B like a link that does not exist (it belongs to a
program that is not listed), and B's people, who are neither mentors nor alumni of A's
program, get the same 404 for its "Invite a colleague" page and replacing a link."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.programs.models import Referral, ReferralLink
from tests.isolation._shared import NO_IDS, Entry, pk_of

MISSING_TOKEN = "x" * 43
FINGERPRINT_MODELS = [ReferralLink, Referral]

MATRIX: dict[str, Entry] = {
    "programs:colleague_link": lambda a: [
        ({"token": a.colleague_link.token}, {"token": MISSING_TOKEN})
    ],
    "programs:colleague_invite": pk_of("program"),
    "programs:colleague_link_replace": pk_of("program"),
    "api:colleague-links": NO_IDS,
    "api:colleague-link": pk_of("program", "program"),
    "api:colleague-link-replace": pk_of("program", "program"),
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    a.colleague_link = ReferralLink.objects.create(program=a.hidden_program, person=world.frank)

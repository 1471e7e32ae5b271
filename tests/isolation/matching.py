"""Isolation entries for matching: agency A's open proposal carries the canary (in its reason
and its reasons); agency B tries A's program, enrollment and proposal ids on every address,
also under B's own program."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.matching.models import MatchProposal
from tests.isolation._shared import CANARY, MISSING, Entry, Pair, pk_of

# Rows a request by agency B must never change (added to the matrix fingerprint).
FINGERPRINT_MODELS = [MatchProposal]


def _withdraw(a: SimpleNamespace) -> list[Pair]:
    pk = a.match_proposal.pk
    return [
        ({"pk": a.program.pk, "proposal_pk": pk}, {"pk": MISSING, "proposal_pk": MISSING}),
        # B's own program in the address with A's proposal.
        ({"pk": a.b_program.pk, "proposal_pk": pk}, {"pk": a.b_program.pk, "proposal_pk": MISSING}),
    ]


def _mentor_proposal(a: SimpleNamespace) -> list[Pair]:
    pk = a.match_proposal.pk
    return [
        (
            {"pk": a.mentor_enrollment.pk, "proposal_pk": pk},
            {"pk": MISSING, "proposal_pk": MISSING},
        ),
        (
            {"pk": a.matching_mentor_b.pk, "proposal_pk": pk},
            {"pk": a.matching_mentor_b.pk, "proposal_pk": MISSING},
        ),
    ]


MATRIX: dict[str, Entry] = {
    "matching:board": pk_of("program"),
    "matching:accept": pk_of("program"),
    "matching:pair_set": pk_of("program"),
    "matching:preview": pk_of("program"),
    "matching:withdraw": _withdraw,
    "matching:recruitment_gap": pk_of("program"),
    "matching:suggestions": pk_of("enrollment"),
    "matching:proposal": _mentor_proposal,
    "api:matching-run": pk_of("program"),
    "api:matching-accept": pk_of("program"),
    "api:matching-preview": pk_of("program"),
    "api:matching-recruitment-gap": pk_of("program"),
    "api:matching-suggestions": pk_of("enrollment"),
    "api:matching-suggested-mentor": lambda a: [
        (
            {"pk": a.enrollment.pk, "mentor_pk": a.mentor_enrollment.pk},
            {"pk": MISSING, "mentor_pk": MISSING},
        )
    ],
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    from tests.factories import EnrollmentFactory, PersonFactory

    a.match_proposal = MatchProposal.objects.create(
        program=a.program,
        mentee=a.enrollment,
        mentor=a.mentor_enrollment,
        score=80,
        reasons=[{"criterion": "x", "code": "unknown", "params": {}, "text": f"Why {CANARY}"}],
        source=MatchProposal.Source.MANUAL,
        override_reason=f"Reason {CANARY}",
    )
    a.matching_mentor_b = EnrollmentFactory(
        program=world.program_b,
        person=PersonFactory(email="b-matching-mentor@example.org"),
        role="mentor",
    )

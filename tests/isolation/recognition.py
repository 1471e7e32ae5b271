"""Isolation entries for recognition: agency A's mentor Frank finished a mentorship and holds
a certificate and a letter to his employer, and asked for another letter; all carry A's canary
(his name). Agency B's people get the same 404 as for ids that do not exist.

The public verification page answers anyone who holds a code — that is its purpose, and the
code (about 50 bits) is the holder's to share — so the matrix checks it with a code one
character off A's real one: a near miss answers exactly like any unknown code."""

from __future__ import annotations

from types import SimpleNamespace

from bridgeway.programs.models import Enrollment
from bridgeway.reports.recognition import letters, services
from bridgeway.reports.recognition.models import CODE_ALPHABET, Certificate, LetterRequest
from tests.isolation._shared import CANARY, MISSING, NO_IDS, Entry, Pair, pk_of

FINGERPRINT_MODELS = [Certificate, LetterRequest]


def _certificates(a: SimpleNamespace) -> list[Pair]:
    return [
        ({"pk": c.pk}, {"pk": MISSING}) for c in (a.recognition_certificate, a.recognition_letter)
    ]


def _near_miss(a: SimpleNamespace) -> list[Pair]:
    code = a.recognition_certificate.code
    other = next(ch for ch in CODE_ALPHABET if ch != code[-1])
    return [({"code": code[:-1] + other}, {"code": "ABCDEFGHJK"})]


MATRIX: dict[str, Entry] = {
    "reports:recognition_mine": NO_IDS,
    "reports:recognition_letter_new": NO_IDS,
    "reports:recognition_pdf": _certificates,
    "reports:recognition_program": pk_of("program"),
    "reports:recognition_issue_all": pk_of("program"),
    "reports:recognition_issue": pk_of("enrollment"),
    "reports:recognition_staff_pdf": _certificates,
    "reports:recognition_revoke": _certificates,
    "reports:recognition_letter": pk_of("recognition_request"),
    "reports:verify": NO_IDS,
    "reports:verify_code": _near_miss,
    "api:recognition-mine": NO_IDS,
    "api:recognition-program": pk_of("program"),
    "api:recognition-issue": pk_of("mentor_enrollment"),
    "api:recognition-revoke": _certificates,
    "api:recognition-verify": _near_miss,
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    from tests.reports.recognition.conftest import finished_pair, log

    mentee = Enrollment.objects.get(person=world.erin)
    mentor = Enrollment.objects.get(person=world.frank)
    log(finished_pair(mentee, mentor), world.frank, 90)
    a.recognition_certificate, _new = services.certificate_issue(
        enrollment=mentor, by=world.alice, signer_title=f"Director {CANARY}"
    )
    first = letters.letter_request(
        enrollment=mentor,
        recipient_name=f"Manager {CANARY}",
        recipient_email="manager@employer.example",
        employer=f"Employer {CANARY}",
        language="en",
        send_by_email=False,
        consent=True,
    )
    a.recognition_letter = letters.letter_issue(
        request=first, by=world.alice, signer_title=f"Director {CANARY}"
    )
    a.recognition_request = letters.letter_request(
        enrollment=mentor,
        recipient_name=f"Other manager {CANARY}",
        recipient_email="other@employer.example",
        employer=f"Employer {CANARY}",
        language="en",
        send_by_email=True,
        consent=True,
    )

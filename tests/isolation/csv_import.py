"""Isolation entries for program invitations (participants import): agency A's invitation to a
person answers every role of agency B exactly like a link that does not exist, and a B person's
answer changes nothing."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from bridgeway.programs.models import ProgramInvitation
from tests.isolation._shared import CANARY, Entry

MISSING_TOKEN = "x" * 43
FINGERPRINT_MODELS = [ProgramInvitation]

MATRIX: dict[str, Entry] = {
    "programs:program_invitation": lambda a: [
        ({"token": a.program_invitation.token}, {"token": MISSING_TOKEN})
    ],
}


def extend(world: SimpleNamespace, a: SimpleNamespace) -> None:
    a.program_invitation = ProgramInvitation.objects.create(
        program=world.program_a,
        email=f"invited-{CANARY}@example.org",
        role="mentee",
        details={"name": f"Invited {CANARY}"},
        invited_by=world.bob,
        expires_at=timezone.now() + timedelta(days=30),
    )

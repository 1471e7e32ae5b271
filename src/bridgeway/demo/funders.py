"""Funder exports for `make run`: Maple's professional cohort asks its mentees for their IRCC
client ID (UCI) and date of birth, which the iCARE-style mappings read. Most of the cohort's past
mentees answered; a few left their date of birth out and one typed a UCI too short, so the check
of a recent month lists them by name. Maple also uploaded a mapping of its own — one row per
meeting, for a city funder — to show that a new funder needs a file, not code. Running it again
changes nothing."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from bridgeway.accounts.models import Person
from bridgeway.demo.network import DEMO_DOMAIN
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.questionnaires.models import Answer, Question
from bridgeway.reports.funders.services import mapping_upload

QUESTIONS = {
    "uci": (
        {"en": "IRCC client ID (UCI)", "fr": "Numéro de client d'IRCC (IUC)"},
        {
            "en": "On your IRCC documents: 0000-0000 or 00-0000-0000. Our funder asks for it.",
            "fr": "Sur vos documents d'IRCC : 0000-0000 ou 00-0000-0000. Notre bailleur de "
            "fonds le demande.",
        },
    ),
    "date_of_birth": (
        {"en": "Date of birth", "fr": "Date de naissance"},
        {"en": "Written like 1990-04-12.", "fr": "Écrite comme 1990-04-12."},
    ),
}

CITY_MAPPING = """# One row per mentoring session held, for the city's newcomer fund
# (an example of a mapping an agency writes itself: no code was needed).
[mapping]
funder = "City newcomer fund"
name = "Mentoring sessions"
key = "maple-city-sessions"
version = 1
rows = "meeting"

[[columns]]
header = "Participant number"
source = "person.id"
type = "integer"
required = true

[[columns]]
header = "Session date"
source = "meeting.date"
type = "date"
format = "%d/%m/%Y"
required = true

[[columns]]
header = "Minutes"
source = "meeting.minutes"
type = "integer"
min = 1
required = true

[[columns]]
header = "Format"
source = "meeting.kind"
type = "code"
values = { video = "Online", phone = "Phone", in_person = "In person" }
required = true

[[columns]]
header = "Country of origin or residence"
source = "person.country"
type = "code"
unmapped = "name"
"""


def _question(program: Program, key: str, position: int) -> Question:
    text, help_text = QUESTIONS[key]
    question, _created = Question.objects.get_or_create(
        program=program,
        key=key,
        defaults={
            "kind": Question.Kind.TEXT,
            "audience": "mentee",
            "text": text,
            "help_text": help_text,
            "max_length": 20,
            "position": position,
        },
    )
    return question


@transaction.atomic
def demo_funders() -> None:
    program = Program.objects.filter(slug="professional-bridge").first()
    admin = Person.objects.filter(email=f"maple.admin@{DEMO_DOMAIN}").first()
    if program is None or admin is None:
        return
    last = Question.objects.filter(program=program).order_by("-position").first()
    start = (last.position if last else 0) + 1
    uci, born = _question(program, "uci", start), _question(program, "date_of_birth", start + 1)
    mentees = Enrollment.objects.filter(
        program=program, role="mentee", person__email__startswith="past.mentee."
    ).order_by("pk")
    for i, mentee in enumerate(mentees):
        number = "12345" if i == 7 else f"{10 + i:02d}-{4000 + i:04d}-{7000 + i:04d}"
        Answer.objects.get_or_create(enrollment=mentee, question=uci, defaults={"value": number})
        if i % 9 != 4:
            birthday = date(1975 + i % 25, 1 + i % 12, 1 + i % 28).isoformat()
            Answer.objects.get_or_create(
                enrollment=mentee, question=born, defaults={"value": birthday}
            )
    mapping_upload(
        organization=program.organization, by=admin, text=CITY_MAPPING, file_name="city.toml"
    )

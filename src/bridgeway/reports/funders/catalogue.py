"""The fixed catalogue of Bridgeway fields a funder mapping may read, by name.

A mapping file names its sources from this list (`person.country`, `relationship.hours`…) or
reads the answer to one of the program's own questions (`intake.answer:<question key>`), which is
how an agency fills a field Bridgeway does not hold itself (a client's UCI, a date of birth, a
postal code). Each source says which rows it can fill: a figure of one mentorship has no meaning
on a row of one participant, and the parser refuses the mix by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal

from django.db.models import Choices
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bridgeway.accounts.models import AccessibilityNeed, ContactMode
from bridgeway.core.i18n import translated
from bridgeway.programs.models import Enrollment, EnrollmentRole, EnrollmentStatus, Program
from bridgeway.programs.questionnaires.codelists import COUNTRIES, LANGUAGES, OCCUPATIONS
from bridgeway.programs.questionnaires.models import QuestionKind
from bridgeway.relationships.models import CloseReason, Meeting, MeetingKind, Relationship

Unit = Literal["participant", "relationship", "meeting"]
UNITS: tuple[Unit, ...] = ("participant", "relationship", "meeting")
# What a source gives: the column's type must be able to take it.
Kind = Literal["text", "code", "list", "date", "integer", "decimal", "answer"]
ANSWER_PREFIX = "intake.answer:"
Names = Callable[[str, str], str | None]  # (value, language) → its name, or None


@dataclass
class Answer:
    """One answer to a program question, with what it takes to name its values."""

    kind: str
    value: Any
    choices: dict[str, dict[str, str]] = field(default_factory=dict)
    # Accommodation needs, or a question its staff marked sensitive (privacy/consent).
    sensitive: bool = False


@dataclass
class Figures:
    """Counts over the export's period, computed per row by rows.py."""

    mentorships: int = 0
    meetings: int = 0
    minutes: int = 0
    first_on: date | None = None
    last_on: date | None = None
    ongoing: bool = False
    referrals: int = 0


@dataclass
class RowData:
    """Everything one row reads. `enrollment` is the client's: the participant's own, or the
    mentee's for a mentorship or one of its meetings."""

    enrollment: Enrollment
    start: date
    end: date
    answers: dict[str, Answer]
    figures: Figures
    relationship: Relationship | None = None
    meeting: Meeting | None = None
    meeting_minutes: int = 0
    # The person withdrew their consent to sensitive information: those fields stay empty.
    sensitive_hidden: bool = False


def _accessibility_needs(row: RowData) -> list[str]:
    """Empty once the person withdrew their consent to sensitive information."""
    return [] if row.sensitive_hidden else list(row.enrollment.person.accessibility_needs or [])


@dataclass(frozen=True)
class Source:
    name: str
    label: Promise
    kind: Kind
    units: tuple[Unit, ...]
    read: Callable[[RowData], Any]
    names: Names | None = None


def _code_list(codes: dict[str, dict[str, str]]) -> Names:
    return lambda value, language: translated(codes[value], language) if value in codes else None


def _choices(choices: type[Choices]) -> Names:
    def name(value: str, language: str) -> str | None:
        labels = dict(choices.choices)
        if value not in labels:
            return None
        with translation.override(language):
            return str(labels[value])

    return name


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _outcome(relationship: Relationship) -> str:
    if relationship.status != Relationship.Status.CLOSED:
        return "ongoing"
    return "completed" if relationship.close_reason in COMPLETED_REASONS else "ended_early"


COMPLETED_REASONS = (
    CloseReason.COMPLETED,
    CloseReason.GOALS_MET,
    CloseReason.MOVED_ON,
    CloseReason.FLASH_HELD,
)
OUTCOMES: dict[str, dict[str, str]] = {
    "ongoing": {"en": "Ongoing", "fr": "En cours"},
    "completed": {"en": "Completed", "fr": "Terminé"},
    "ended_early": {"en": "Ended early", "fr": "Terminé avant la fin prévue"},
}

ALL: tuple[Unit, ...] = UNITS
PARTICIPANT: tuple[Unit, ...] = ("participant",)
PAIR: tuple[Unit, ...] = ("relationship", "meeting")
MEETING: tuple[Unit, ...] = ("meeting",)


def _rel(row: RowData) -> Relationship:
    assert row.relationship is not None
    return row.relationship


def _meeting(row: RowData) -> Meeting:
    assert row.meeting is not None
    return row.meeting


def _program(row: RowData) -> Program:
    return row.enrollment.program


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)


# fmt: off
_SOURCES = [
    Source("person.id", _("Bridgeway's number for the person"), "integer", ALL,
           lambda r: r.enrollment.person_id),
    Source("person.name", _("Name"), "text", ALL, lambda r: r.enrollment.person.name),
    Source("person.email", _("Email address"), "text", ALL, lambda r: r.enrollment.person.email),
    Source("person.country", _("Country in the profile (ISO 3166 code)"), "code", ALL,
           lambda r: r.enrollment.person.country, _code_list(COUNTRIES)),
    Source("person.languages", _("Languages spoken (codes)"), "list", ALL,
           lambda r: list(r.enrollment.person.spoken_languages or []), _code_list(LANGUAGES)),
    Source("person.first_language", _("First language listed"), "code", ALL,
           lambda r: next(iter(r.enrollment.person.spoken_languages or []), ""),
           _code_list(LANGUAGES)),
    Source("person.preferred_language", _("Language of the pages and messages (en, fr)"),
           "code", ALL, lambda r: r.enrollment.person.preferred_language, _code_list(LANGUAGES)),
    Source("person.arrival_date", _("Date of arrival in Canada"), "date", ALL,
           lambda r: r.enrollment.person.arrival_date),
    Source("person.accessibility_needs", _("Accessibility needs (codes)"), "list", ALL,
           lambda r: _accessibility_needs(r),
           _choices(AccessibilityNeed)),
    Source("person.contact_mode", _("Preferred contact"), "code", ALL,
           lambda r: r.enrollment.person.contact_mode, _choices(ContactMode)),
    Source("enrollment.id", _("Bridgeway's number for the enrollment"), "integer", ALL,
           lambda r: r.enrollment.pk),
    Source("enrollment.role", _("Role in the program"), "code", ALL,
           lambda r: r.enrollment.role, _choices(EnrollmentRole)),
    Source("enrollment.status", _("Where the enrollment stands today"), "code", ALL,
           lambda r: r.enrollment.status, _choices(EnrollmentStatus)),
    Source("enrollment.applied_on", _("Date of the application"), "date", ALL,
           lambda r: _day(r.enrollment.created_at)),
    Source("program.id", _("Bridgeway's number for the program"), "integer", ALL,
           lambda r: _program(r).pk),
    Source("program.name", _("Program"), "text", ALL, lambda r: _program(r).name),
    Source("program.language", _("Language of the program's texts"), "code", ALL,
           lambda r: _program(r).content_language, _code_list(LANGUAGES)),
    Source("program.kind", _("Kind of program"), "code", ALL, lambda r: _program(r).kind,
           _choices(Program.Kind)),
    Source("program.purpose", _("Purpose of the program"), "code", ALL,
           lambda r: _program(r).purpose, _choices(Program.Purpose)),
    Source("agency.name", _("Agency"), "text", ALL, lambda r: _program(r).organization.name),
    Source("period.start", _("First day of the export's period"), "date", ALL,
           lambda r: r.start),
    Source("period.end", _("Last day of the export's period"), "date", ALL, lambda r: r.end),
    Source("participant.mentorships", _("Mentorships (pairs and groups) during the period"),
           "integer", PARTICIPANT, lambda r: r.figures.mentorships),
    Source("participant.meetings", _("Meetings held during the period"), "integer",
           PARTICIPANT, lambda r: r.figures.meetings),
    Source("participant.hours", _("Hours of meetings during the period"), "decimal",
           PARTICIPANT, lambda r: _hours(r.figures.minutes)),
    Source("participant.minutes", _("Minutes of meetings during the period"), "integer",
           PARTICIPANT, lambda r: r.figures.minutes),
    Source("participant.first_service_on", _("Start of their first mentorship of the period"),
           "date", PARTICIPANT, lambda r: r.figures.first_on),
    Source("participant.last_service_on",
           _("End of their last mentorship of the period (empty while one goes on)"),
           "date", PARTICIPANT, lambda r: None if r.figures.ongoing else r.figures.last_on),
    Source("participant.referrals",
           _("Referrals to other agencies' programs they agreed to during the period"),
           "integer", PARTICIPANT, lambda r: r.figures.referrals),
    Source("relationship.id", _("Bridgeway's number for the mentorship"), "integer", PAIR,
           lambda r: _rel(r).pk),
    Source("relationship.started_on", _("Start of the mentorship"), "date", PAIR,
           lambda r: _day(_rel(r).activated_at or _rel(r).started_at)),
    Source("relationship.ended_on", _("End of the mentorship (empty while it goes on)"),
           "date", PAIR, lambda r: _day(_rel(r).closed_at)),
    Source("relationship.planned_end", _("Planned end of the mentorship"), "date", PAIR,
           lambda r: _rel(r).planned_end),
    Source("relationship.outcome", _("Ongoing, completed or ended early"), "code", PAIR,
           lambda r: _outcome(_rel(r)), _code_list(OUTCOMES)),
    Source("relationship.close_reason", _("Why the mentorship closed"), "code", PAIR,
           lambda r: _rel(r).close_reason, _choices(CloseReason)),
    Source("relationship.meetings", _("Meetings of the pair held during the period"),
           "integer", ("relationship",), lambda r: r.figures.meetings),
    Source("relationship.hours", _("Hours of the pair's meetings during the period"),
           "decimal", ("relationship",), lambda r: _hours(r.figures.minutes)),
    Source("relationship.minutes", _("Minutes of the pair's meetings during the period"),
           "integer", ("relationship",), lambda r: r.figures.minutes),
    Source("mentor.id", _("Bridgeway's number for the mentor"), "integer", PAIR,
           lambda r: _rel(r).mentor.person_id),
    Source("mentor.name", _("Mentor's name"), "text", PAIR,
           lambda r: _rel(r).mentor.person.name),
    Source("meeting.id", _("Bridgeway's number for the meeting"), "integer", MEETING,
           lambda r: _meeting(r).pk),
    Source("meeting.date", _("Date of the meeting"), "date", MEETING,
           lambda r: _day(_meeting(r).starts_at)),
    Source("meeting.kind", _("Video, phone or in person"), "code", MEETING,
           lambda r: _meeting(r).kind, _choices(MeetingKind)),
    Source("meeting.minutes", _("Minutes of the meeting"), "integer", MEETING,
           lambda r: r.meeting_minutes),
    Source("meeting.hours", _("Hours of the meeting"), "decimal", MEETING,
           lambda r: _hours(r.meeting_minutes)),
]
# fmt: on
SOURCES: dict[str, Source] = {source.name: source for source in _SOURCES}

_ANSWER_NAMES: dict[str, dict[str, dict[str, str]]] = {
    QuestionKind.COUNTRY: COUNTRIES,
    QuestionKind.LANGUAGES: LANGUAGES,
    QuestionKind.OCCUPATION: OCCUPATIONS,
}


def answer_key(name: str) -> str | None:
    """The question key of an `intake.answer:<key>` source, or None for another source."""
    return name[len(ANSWER_PREFIX) :] if name.startswith(ANSWER_PREFIX) else None


def answer_value(answer: Answer | None) -> Any:
    """An answer as a mapping reads it: a languages answer ({code: level}) is its codes."""
    if answer is None:
        return None
    if answer.kind == QuestionKind.LANGUAGES and isinstance(answer.value, dict):
        return list(answer.value)
    return answer.value


def answer_name(answer: Answer | None, value: str, language: str) -> str | None:
    """The name of one value of an answer: a choice's label, a country's or language's name."""
    if answer is None:
        return None
    if answer.choices:
        label = answer.choices.get(value)
        return translated(label, language) if label else None
    codes = _ANSWER_NAMES.get(answer.kind)
    if codes is not None:
        return _code_list(codes)(value, language)
    return None

"""Whose data a report counts (an agency's programs, or the whole network's) and the filters a
reader chose: the period, an agency, a program, a cohort, and the participants' language,
country and sector."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from django.db.models import Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from bridgeway.core.models import Network, Organization
from bridgeway.programs.models import Program
from bridgeway.programs.questionnaires.models import Answer, QuestionKind

Level = Literal["agency", "network"]


@dataclass(frozen=True)
class ReportFilter:
    """The reader's choices. Dates are whole days in the reader's time zone, both included."""

    start: date
    end: date
    organization_id: int | None = None  # network reports only
    program_id: int | None = None
    cohort: str = ""  # the month a program's cohort starts: "2026-09"
    language: str = ""  # a language the participant speaks
    country: str = ""  # the country in the participant's profile
    sector: str = ""  # a NOC 2021 broad occupational category: "3"

    @property
    def filters_people(self) -> bool:
        return bool(self.language or self.country or self.sector)

    def window(self) -> tuple[datetime, datetime]:
        """[start, end) as moments in the active time zone."""
        zone = timezone.get_current_timezone()
        start = datetime.combine(self.start, time.min, tzinfo=zone)
        end = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=zone)
        return start, end

    def as_query(self) -> dict[str, str]:
        """The filters as the dashboard's query string (for links and exports)."""
        values = {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "agency": str(self.organization_id or ""),
            "program": str(self.program_id or ""),
            "cohort": self.cohort,
            "language": self.language,
            "country": self.country,
            "sector": self.sector,
        }
        return {key: value for key, value in values.items() if value}


def default_filter(today: date | None = None) -> ReportFilter:
    """The last twelve months, to today."""
    today = today or timezone.localdate()
    return ReportFilter(start=today.replace(day=1) - timedelta(days=334), end=today)


@dataclass(frozen=True)
class Scope:
    """The agencies a report counts. Network reports hide small counts (figures.py)."""

    level: Level
    organization_ids: tuple[int, ...]
    organization: Organization | None = None
    network: Network | None = None

    @property
    def suppress(self) -> bool:
        return self.level == "network"

    @property
    def name(self) -> str:
        if self.organization is not None:
            return self.organization.name
        return self.network.name if self.network is not None else ""


def scope_programs(scope: Scope, chosen: ReportFilter) -> QuerySet[Program]:
    programs = Program.objects.filter(organization_id__in=scope.organization_ids)
    if chosen.organization_id:
        programs = programs.filter(organization_id=chosen.organization_id)
    if chosen.program_id:
        programs = programs.filter(pk=chosen.program_id)
    if chosen.cohort:
        year, month = (int(part) for part in chosen.cohort.split("-"))
        programs = programs.filter(cohort_start__year=year, cohort_start__month=month)
    return programs


def participant_q(chosen: ReportFilter, enrollment: str = "") -> Q:
    """The people filters on an enrollment: `enrollment` is the path from the queried model to
    the enrollment ("" for Enrollment itself, "mentee" for a relationship's mentee)."""
    prefix = f"{enrollment}__" if enrollment else ""
    q = Q()
    if chosen.language:
        # The languages are a JSON list of codes; its text holds each code in quotes.
        q &= Q(**{f"{prefix}person__spoken_languages__icontains": f'"{chosen.language}"'})
    if chosen.country:
        q &= Q(**{f"{prefix}person__country": chosen.country})
    if chosen.sector:
        answers = (
            Answer.objects.filter(
                enrollment_id=OuterRef(f"{enrollment}_id" if enrollment else "pk")
            )
            .annotate(as_text=Cast("value", TextField()))
            .filter(
                Q(question__kind=QuestionKind.OCCUPATION, value=chosen.sector)
                | Q(question__kind=QuestionKind.NOC_CODE, as_text__startswith=f'"{chosen.sector}')
            )
        )
        q &= Q(Exists(answers))
    return q

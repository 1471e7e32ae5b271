""" "For you": the resources that fit a person's profile best, each with the reasons in plain
words ("In French", "For your sector: health").

What is read: the person's programs and roles (their enrollments that are not withdrawn or
declined), their languages (preferred language, languages spoken and the languages answered in
a profile), their occupation sector (an "occupation" answer, or the first digit of a NOC code)
and whether they have arrived in Canada (the arrival date of their account or profile). A
resource for another sector or the other side of the arrival (or for a sector or an arrival the
profile does not give) is left out; one in none of the person's languages comes after the
others, and only for another reason."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.core.i18n import translated
from bridgeway.learning.library.access import resources_listed
from bridgeway.learning.library.models import Arrival, Resource
from bridgeway.programs.models import EnrollmentRole, EnrollmentStatus
from bridgeway.programs.questionnaires.codelists import LANGUAGES, NOC_CATEGORY_WORDS
from bridgeway.programs.questionnaires.models import QuestionKind as K
from bridgeway.programs.questionnaires.selectors import answers_of_kinds
from bridgeway.programs.reach import Audience, Level, participant_enrollments

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

SHOWN = 6
CANDIDATES = 300  # the newest resources considered


@dataclass
class Profile:
    programs: dict[int, str] = field(default_factory=dict)
    roles: set[str] = field(default_factory=set)
    alumni: bool = False
    languages: list[str] = field(default_factory=list)  # the preferred one first
    sector: str = ""
    arrival: str = ""  # Arrival.BEFORE, Arrival.AFTER or "" when unknown


@dataclass
class Suggestion:
    resource: Resource
    score: int
    reasons: list[str]


def _arrival_of(day: Any) -> str:
    if isinstance(day, str):
        try:
            day = date.fromisoformat(day[:10])
        except ValueError:
            return ""
    if not isinstance(day, date):
        return ""
    return Arrival.BEFORE if day > timezone.localdate() else Arrival.AFTER


def profile_of(person: Person) -> Profile:
    """What the ranking reads of a person, in three queries."""
    profile = Profile()
    enrollments = participant_enrollments(person)
    for program_id, name, role, status in enrollments.values_list(
        "program_id", "program__name", "role", "status"
    ):
        profile.programs[program_id] = name
        profile.roles.add(role)
        profile.alumni |= status == EnrollmentStatus.ALUMNI
    languages = [person.preferred_language, *(person.spoken_languages or [])]
    arrival = _arrival_of(person.arrival_date)
    for kind, value in answers_of_kinds(
        enrollments=enrollments, kinds=[K.LANGUAGES, K.OCCUPATION, K.NOC_CODE, K.ARRIVAL_DATE]
    ):
        if kind == K.LANGUAGES and isinstance(value, dict):
            languages += list(value)
        elif kind in (K.OCCUPATION, K.NOC_CODE) and isinstance(value, str) and value:
            profile.sector = profile.sector or value[:1]
        elif kind == K.ARRIVAL_DATE and not arrival:
            arrival = _arrival_of(value)
    profile.languages = [code.split("-")[0] for code in dict.fromkeys(languages) if code]
    profile.arrival = arrival
    return profile


def language_name(code: str) -> str:
    return translated(LANGUAGES.get(code)) or code


def _score(resource: Resource, profile: Profile) -> tuple[int, list[str]] | None:
    """The resource's fit and its reasons, or None when it is not for this person."""
    if resource.sector and resource.sector != profile.sector:
        return None
    if resource.arrival and resource.arrival != profile.arrival:
        return None
    score, reasons = 0, []
    if resource.level == Level.PROGRAM and resource.program_id in profile.programs:
        score += 3
        reasons.append(
            _("From your program: %(program)s") % {"program": profile.programs[resource.program_id]}
        )
    audience_reasons: dict[str, tuple[bool, str]] = {
        Audience.MENTORS: (EnrollmentRole.MENTOR in profile.roles, _("For mentors")),
        Audience.MENTEES: (EnrollmentRole.MENTEE in profile.roles, _("For mentees")),
        Audience.ALUMNI: (profile.alumni, _("For alumni")),
    }
    fits, words = audience_reasons.get(resource.audience, (False, ""))
    if fits:
        score += 2
        reasons.append(words)
    if resource.sector:
        score += 3
        reasons.append(
            _("For your sector: %(sector)s")
            % {"sector": translated(NOC_CATEGORY_WORDS.get(resource.sector))}
        )
    if resource.arrival == Arrival.BEFORE:
        score += 2
        reasons.append(_("For before you arrive"))
    elif resource.arrival == Arrival.AFTER:
        score += 2
        reasons.append(_("For your first months in Canada"))
    have = [v.language for v in resource.versions.all()]
    spoken = [code for code in profile.languages if code in have]
    if spoken:
        score += 2 if spoken[0] == profile.languages[0] else 1
        reasons.append(_("In %(language)s") % {"language": language_name(spoken[0])})
    else:
        score -= 1
    return score, reasons


def resources_for_you(*, person: Person, limit: int = SHOWN) -> list[Suggestion]:
    """The best-fitting resources with their reasons, best first (the newest among equals);
    only resources with at least one reason."""
    profile = profile_of(person)
    candidates = (
        resources_listed(person)
        .select_related("program", "organization")
        .prefetch_related("versions", "topics")
        .order_by("-created_at", "-pk")[:CANDIDATES]
    )
    suggestions = []
    for resource in candidates:
        scored = _score(resource, profile)
        if scored is not None and scored[1] and scored[0] > 0:
            suggestions.append(Suggestion(resource, *scored))
    suggestions.sort(key=lambda s: -s.score)  # stable: the newest first among equals
    return suggestions[:limit]

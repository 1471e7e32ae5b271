"""What `make run` adds to the demo network so every capability has something to show:
ready-made questionnaires with answers, orientation, a screening checklist, a self-assessment,
and a larger professional cohort (a waiting list and a match board worth looking at).

The browser tests use the plain demo (`demo_load`); this runs only from the `demo` command.
Running it again changes nothing that is already there."""

from __future__ import annotations

import contextlib
import random
from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.demo.network import DEMO_DOMAIN, DEMO_PASSWORD
from bridgeway.learning import services as learning
from bridgeway.learning.progress import lesson_complete
from bridgeway.learning.quizzes import quiz_submit
from bridgeway.learning.selectors import modules_for_program, passed_attempt, quiz_questions
from bridgeway.programs.models import Enrollment, EnrollmentStatus, Program
from bridgeway.programs.questionnaires.codelists import LANGUAGES
from bridgeway.programs.questionnaires.models import Answer
from bridgeway.programs.questionnaires.profiles import profile_save
from bridgeway.programs.questionnaires.selectors import questions_for_program
from bridgeway.programs.questionnaires.services import questionnaire_start
from bridgeway.programs.screening import assessments, checklists
from bridgeway.programs.screening import services as screening
from bridgeway.programs.screening.selectors import (
    assessment_for_program,
    assessment_is_open,
    checklist,
    latest_result,
)
from bridgeway.programs.services import ACTIVE_STATUSES
from bridgeway.programs.waitlist import waitlist_sync

S = EnrollmentStatus
STARTERS = {
    "welcome-hosts": "hosting",
    "professional-bridge": "professional",
    "enterprise-ability": "entrepreneurs",
}
# (first name, last name, home country, time zone, languages with levels, writes about in)
NEWCOMERS = [
    ("Samir", "Haddad", "LB", "Asia/Beirut", {"ar": "native", "fr": "fluent", "en": "basic"}),
    ("Leila", "Ahmadi", "IR", "Asia/Tehran", {"fa": "native", "en": "conversational"}),
    ("Tesfaye", "Bekele", "ET", "Africa/Addis_Ababa", {"am": "native", "en": "fluent"}),
    ("Ana", "Souza", "BR", "America/Sao_Paulo", {"pt": "native", "en": "conversational"}),
    ("Ravi", "Iyer", "IN", "Asia/Kolkata", {"hi": "native", "en": "fluent"}),
    ("Mei", "Lin", "CN", "Asia/Shanghai", {"zh": "native", "en": "conversational"}),
    ("Oksana", "Melnyk", "UA", "Europe/Kyiv", {"uk": "native", "en": "conversational"}),
    ("Carlos", "Mejía", "CO", "America/Bogota", {"es": "native", "fr": "basic"}),
    ("Amina", "Yusuf", "SO", "Africa/Mogadishu", {"so": "native", "ar": "fluent", "en": "fluent"}),
    ("Farid", "Noori", "AF", "Asia/Kabul", {"fa": "native", "ps": "fluent", "en": "basic"}),
    ("Grace", "Okoye", "NG", "Africa/Lagos", {"en": "fluent", "ig": "native"}),
    ("Maricel", "Reyes", "PH", "Asia/Manila", {"tl": "native", "en": "fluent"}),
    ("Youssef", "Benali", "MA", "Africa/Casablanca", {"ar": "native", "fr": "fluent"}),
    ("Nour", "Khalil", "SY", "Asia/Damascus", {"ar": "native", "en": "conversational"}),
    ("Dmitri", "Volkov", "CA", "America/Toronto", {"ru": "native", "uk": "fluent", "en": "fluent"}),
    ("Lucía", "Fernández", "CA", "America/Montreal", {"es": "native", "fr": "conversational"}),
    ("Kwabena", "Asante", "GH", "Africa/Accra", {"en": "fluent", "ak": "native"}),
    ("Hana", "Tesfay", "ER", "Africa/Asmara", {"ti": "native", "en": "conversational"}),
    ("Arjun", "Singh", "CA", "America/Vancouver", {"pa": "native", "en": "fluent"}),
    ("Sara", "Rahman", "BD", "Asia/Dhaka", {"bn": "native", "en": "fluent"}),
]
MENTORS = [
    ("Claire", "Bouchard", "America/Montreal", {"fr": "native", "en": "fluent"}),
    ("Michael", "Chen", "America/Toronto", {"en": "native", "zh": "fluent"}),
    ("Rana", "Saleh", "America/Toronto", {"ar": "native", "en": "fluent", "fr": "conversational"}),
    ("Tom", "MacDonald", "America/Halifax", {"en": "native"}),
    ("Parisa", "Karimi", "America/Vancouver", {"fa": "native", "en": "fluent"}),
    ("Diego", "Ramírez", "America/Edmonton", {"es": "native", "en": "fluent"}),
    ("Anita", "Sharma", "America/Toronto", {"hi": "native", "pa": "fluent", "en": "native"}),
    ("Jean-Paul", "Mbeki", "America/Montreal", {"fr": "native", "en": "fluent", "sw": "fluent"}),
]
ABOUT = {
    "0": "I managed teams and budgets and want to lead again in Canada.",
    "1": "Accountant with ten years in audit and tax; preparing for the CPA.",
    "2": "Software developer working with Python and databases.",
    "3": "Registered nurse with intensive-care experience, working on licensing.",
    "4": "Teacher and social worker who wants to work with families.",
    "7": "Electrician and building trades supervisor.",
}


LANGUAGE_CODES = set(LANGUAGES)
# The generated people's languages with their levels, by email.
LEVELS_BY_PERSON: dict[str, dict[str, str]] = {}


def _person(
    local: str, name: str, language: str, tz: str, spoken: list[str], country: str
) -> Person:
    email = f"{local}@{DEMO_DOMAIN}"
    person, created = Person.objects.get_or_create(
        email=email,
        defaults={
            "display_name": name,
            "preferred_language": language,
            "time_zone": tz,
            "spoken_languages": spoken,
            "country": country,
        },
    )
    if created:
        person.set_password(DEMO_PASSWORD)
        person.save(update_fields=["password"])
        EmailAddress.objects.create(user=person, email=email, verified=True, primary=True)
    return person


def _answers(program: Program, person: Person, role: str, rng: random.Random) -> dict[str, Any]:
    """Plausible answers to the program's ready-made questions."""
    known = LEVELS_BY_PERSON.get(person.email) or {
        code: ("native", "fluent", "conversational")[min(i, 2)]
        for i, code in enumerate(person.spoken_languages or [])
    }
    languages = {code: level for code, level in known.items() if code in LANGUAGE_CODES}
    occupation = rng.choice(list(ABOUT))
    answers: dict[str, Any] = {}
    for question in questions_for_program(program=program):
        if question.audience not in (role, "both"):
            continue
        kind, key = question.kind, question.key
        if kind == "languages":
            answers[key] = languages
        elif kind == "time_zone":
            answers[key] = person.time_zone
        elif kind == "country":
            answers[key] = person.country or "CA"
        elif kind == "city":
            answers[key] = rng.choice(["Toronto", "Montréal", "Winnipeg"])
        elif kind == "occupation":
            answers[key] = occupation
        elif kind == "availability":
            slots = [
                f"{day}-{part}"
                for day in ("mon", "tue", "wed", "thu", "sat")
                for part in ("morning", "evening")
            ]
            answers[key] = rng.sample(slots, 4)
        elif kind in ("multiple_choice", "single_choice"):
            values = [choice["value"] for choice in question.choices]
            answers[key] = (
                rng.sample(values, min(2, len(values)))
                if kind == "multiple_choice"
                else rng.choice(values)
            )
        elif kind == "scale":
            answers[key] = rng.randint(question.scale_min or 1, question.scale_max or 5)
        elif kind == "text":
            answers[key] = ABOUT[occupation]
        elif kind == "noc_code":
            answers[key] = NOC_FOR_GROUP[occupation]
        else:
            answers.update(newcomer_answers(question, rng))
    return answers


# A unit group of NOC 2021 for each occupation group of ABOUT.
NOC_FOR_GROUP = {
    "0": "00012",  # senior managers - financial, communications and other business services
    "1": "11100",  # financial auditors and accountants
    "2": "21231",  # software engineers and designers
    "3": "31301",  # registered nurses
    "4": "41200",  # university professors and lecturers
    "7": "72200",  # electricians
}


def newcomer_answers(question: Any, rng: random.Random) -> dict[str, Any]:
    """Answers to the newcomer questions: an arrival in the coming months, hosts' available
    dates around then, and a few accommodations asked for and offered."""
    today = timezone.localdate()
    kind, key = question.kind, question.key
    if kind == "arrival_date" and rng.random() < 0.8:  # the others are already here
        return {key: (today + timedelta(days=rng.randint(10, 150))).isoformat()}
    if kind == "available_dates":
        if rng.random() < 0.3:
            return {key: "flexible"}
        start = today + timedelta(days=rng.randint(0, 90))
        return {key: {"from": start.isoformat(), "to": (start + timedelta(days=120)).isoformat()}}
    if kind == "accommodation_needs" and rng.random() < 0.4:
        need = rng.choice(["interpreter", "captions", "plain_language", "phone_only"])
        return {key: [{"need": need, "essential": need == "interpreter"}]}
    if kind == "accommodation_offers":
        return {key: rng.sample(["interpreter", "captions", "plain_language", "phone_only"], 2)}
    return {}


def _ensure(call: Any, **kwargs: Any) -> None:
    with contextlib.suppress(DomainError):  # already set up by an earlier run
        call(**kwargs)


@transaction.atomic
def demo_enrich() -> None:
    rng = random.Random(2026)
    for slug, starter in STARTERS.items():
        program = Program.objects.select_related("organization").get(slug=slug)
        admin = Person.objects.get(
            memberships__organization=program.organization, memberships__role="admin"
        )
        _ensure(questionnaire_start, program=program, by=admin, starter=starter)
        if slug != "enterprise-ability":
            _ensure(learning.orientation_copy, program=program, by=admin, audience="mentor")
            _ensure(learning.orientation_copy, program=program, by=admin, audience="mentee")
            _ensure(checklists.items_add_defaults, program=program, by=admin)
        if slug == "professional-bridge":
            _ensure(assessments.assessment_add_defaults, program=program, by=admin)

    cohort = Program.objects.get(slug="professional-bridge")
    for index, (first, last, country, tz, languages) in enumerate(NEWCOMERS):
        person = _person(
            f"newcomer.{first.lower()}", f"{first} {last}", "en", tz, list(languages), country
        )
        LEVELS_BY_PERSON[person.email] = languages
        enrollment, created = Enrollment.objects.get_or_create(
            program=cohort,
            person=person,
            role="mentee",
            defaults={"status": EnrollmentStatus.READY if index % 5 else EnrollmentStatus.TRAINING},
        )
        if created:
            waitlist_sync(enrollment=enrollment)
    for first, last, tz, languages in MENTORS:
        person = _person(
            f"volunteer.{first.lower()}", f"{first} {last}", "en", tz, list(languages), "CA"
        )
        LEVELS_BY_PERSON[person.email] = languages
        Enrollment.objects.get_or_create(
            program=cohort,
            person=person,
            role="mentor",
            defaults={"status": EnrollmentStatus.READY, "capacity": rng.randint(1, 3)},
        )

    enrollments = Enrollment.objects.filter(program__slug__in=STARTERS).select_related(
        "program", "person"
    )
    answered = set(Answer.objects.values_list("enrollment_id", flat=True))
    for enrollment in enrollments.order_by("pk"):
        if enrollment.pk in answered or enrollment.status not in ACTIVE_STATUSES:
            continue  # answered, or closed since by another part of the demo (a second run)
        answers = _answers(enrollment.program, enrollment.person, enrollment.role, rng)
        profile_save(enrollment=enrollment, by=enrollment.person, answers=answers)
    for enrollment in enrollments.order_by("pk"):
        _meet_requirements(enrollment)
    _mentorships(cohort)


def _mentorships(cohort: Program) -> None:
    """Mentorships to show, made through the services people use: the first newcomers of the
    cohort ask two of their suggested mentors; two are accepted and signed (one with a goal and
    a meeting planned, the other with a concern the coordinator is looking into), the third
    still waits for the mentor's answer."""
    from datetime import time

    from bridgeway.matching.suggestions import suggestions_for_mentee
    from bridgeway.relationships import agreements, goals, meetings, services
    from bridgeway.relationships.models import MentorRequest, Relationship

    if Relationship.objects.filter(program=cohort).exists():
        return  # made by an earlier run
    mentees = list(
        Enrollment.objects.filter(
            program=cohort,
            role="mentee",
            status=EnrollmentStatus.READY,
            person__email__startswith="newcomer.",
        )
        .select_related("person", "program")
        .order_by("pk")[:12]
    )
    index = 0
    for mentee in mentees:
        if index == 3:
            break
        items = suggestions_for_mentee(mentee=mentee, record=False).items
        if not items:
            continue
        with contextlib.suppress(DomainError):
            services.requests_send(
                mentee=mentee,
                mentor_ids=[item.mentor.pk for item in items[:2]],
                message="I arrived this year and would like to learn how hiring works here.",
                by=mentee.person,
            )
        waiting = (
            MentorRequest.objects.filter(mentee=mentee, status="waiting")
            .select_related("mentor__person")
            .first()
        )
        if waiting is None:
            continue
        index += 1
        if index == 3:
            continue  # the third request waits for the mentor's answer
        relationship = services.request_accept(request=waiting, by=waiting.mentor.person)
        assert relationship is not None  # a mentee's own request: the mentor's yes starts it
        for person in (mentee.person, waiting.mentor.person):
            agreements.agreement_sign(
                agreement=relationship.agreement, by=person, typed_name=person.name
            )
        relationship.refresh_from_db()
        _first_messages(relationship, mentee=mentee.person, mentor=waiting.mentor.person)
        if index == 1:
            goals.goal_add(
                relationship=relationship,
                by=mentee.person,
                title="Send my résumé to five employers in my field",
                measure="five applications sent",
                due_date=timezone.localdate() + timedelta(days=45),
            )
            day = timezone.localdate() + timedelta(days=5)
            meeting = meetings.meeting_propose(
                relationship=relationship,
                by=mentee.person,
                kind="video",
                link="https://meet.example.org/demo",
                times=[(day, time(18, 0)), (day + timedelta(days=1), time(9, 0))],
            )
            meetings.meeting_pick(meeting=meeting, by=waiting.mentor.person, option=0)
        else:
            _a_concern(relationship, mentee=mentee.person)


def _a_concern(relationship: Any, *, mentee: Person) -> None:
    """A concern for staff to see: the mentee raised one, the coordinator took it up."""
    from bridgeway.concerns import services as concerns
    from bridgeway.core.models import Membership

    concern = concerns.concern_raise(
        by=mentee,
        category="inactivity",
        description="My mentor has not answered my last two messages. Is everything all right?",
        relationship=relationship,
        about=relationship.mentor.person,
        client_key=f"demo-concern-{relationship.pk}",
    )
    staff = (
        Membership.objects.filter(organization=relationship.program.organization)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    if staff is not None:
        concerns.concern_update(concern=concern, by=staff.person, status="in_progress")
        concerns.concern_note(
            concern=concern,
            by=staff.person,
            text="Called the mentor: a busy month at work, back next week.",
        )


def _first_messages(relationship: Any, *, mentee: Person, mentor: Person) -> None:
    """A first exchange in the pair's conversation, sent the way the page sends it."""
    from bridgeway.messaging.models import Conversation
    from bridgeway.messaging.services import message_send

    chat = Conversation.objects.get(relationship=relationship)
    lines = [
        (mentor, "Welcome! I am glad we are matched. **What would help you most** this month?"),
        (mentee, "Thank you! I would like to:\n\n- improve my résumé\n- understand interviews"),
        (mentor, "Good plan. Send me your résumé here and we can look at it in our first call."),
    ]
    for number, (author, text) in enumerate(lines):
        message_send(
            conversation=chat,
            author=author,
            body=text,
            client_key=f"demo-{relationship.pk}-{number}",
        )


# A person in training has been approved: their screening is behind them. A person ready to
# match (or waiting, or matched) has finished their training too.
PAST_SCREENING = {S.TRAINING, S.READY, S.WAITLISTED, S.MATCHED}
PAST_TRAINING = {S.READY, S.WAITLISTED, S.MATCHED}


def _meet_requirements(enrollment: Enrollment) -> None:
    """Record, through the same services people and staff use, what the enrollment's status
    says is done, so that the demo never shows someone ready to match with their training
    unfinished or their checks missing."""
    program = enrollment.program
    admin = Person.objects.filter(
        memberships__organization=program.organization, memberships__role="admin"
    ).first()
    if enrollment.status in PAST_SCREENING and admin is not None:
        for row in checklist(enrollment=enrollment):
            if row.item.required and not row.is_cleared:
                screening.check_record(
                    enrollment=enrollment,
                    item=row.item,
                    status="passed",
                    by=admin,
                    completed_on=timezone.localdate() - timedelta(days=7),
                )
        assessment = assessment_for_program(program=program)
        if (
            enrollment.role == "mentor"
            and assessment is not None
            and assessment_is_open(assessment)
            and latest_result(enrollment=enrollment) is None
        ):
            best = {
                question.pk: max(question.choices.all(), key=lambda choice: choice.points).pk
                for question in assessment.questions.all()
            }
            assessments.assessment_submit(enrollment=enrollment, answers=best)
    if enrollment.status in PAST_TRAINING:
        for module in modules_for_program(program=program):
            if not module.required or module.audience not in (enrollment.role, "both"):
                continue
            for lesson in module.lessons.all():
                lesson_complete(enrollment=enrollment, lesson=lesson)
            if passed_attempt(enrollment=enrollment, module=module) is None and (
                questions := quiz_questions(module=module)
            ):
                right = {
                    question.pk: [c.pk for c in question.choices.all() if c.is_correct]
                    for question in questions
                }
                quiz_submit(enrollment=enrollment, module=module, answers=right)

"""The dashboard's enrollment cards and their panels, written in one pass
(dashboard/cards_html.py), are byte for byte what `core/_my_enrollments.html` and the panels'
templates write: in English and French, in two time zones, for every state a card or panel
shows, with names that need escaping and a program named in another language than the page's;
and the page itself shows them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from bridgeway.core.dashboard import enrollment_panels
from bridgeway.dashboard.cards_html import WRITERS, enrollment_cards_html
from bridgeway.programs.models import Enrollment
from bridgeway.programs.selectors import enrollments_of_person
from bridgeway.relationships.groups.models import GroupMember, MentoringGroup
from bridgeway.relationships.models import MentorRequest, Relationship
from tests.factories import EnrollmentFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "fr")
TIME_ZONES = ("America/Vancouver", "Asia/Tokyo")
# Late in the evening in UTC: the day differs between the two time zones.
DUE = datetime(2026, 3, 14, 23, 30, tzinfo=UTC)
NASTY = '<b>O\'Brien & "Co"</b>'


def _same(cards: list[tuple[Any, list[tuple[str, dict[str, Any]]]]]) -> None:
    """The cards written in Python are the template's, in each language and time zone."""
    request = RequestFactory().get("/dashboard/")
    request.user = cards[0][0].person
    for language in LANGUAGES:
        for zone in TIME_ZONES:
            with translation.override(language), timezone.override(zone):
                expected = render_to_string(
                    "core/_my_enrollments.html", {"enrollments": cards}, request
                )
                got = enrollment_cards_html(cards, request)
            assert got.splitlines() == expected.splitlines(), (language, zone)
            assert got == expected, (language, zone)


@pytest.fixture
def person() -> Any:
    return PersonFactory(display_name=NASTY)


@pytest.fixture
def program() -> Any:
    program = ProgramFactory(name="Mentorat <pour> tous", content_language="fr")
    program.organization.name = NASTY
    program.organization.save()
    return program


@pytest.mark.parametrize(
    ("role", "status", "reason"),
    [
        (role, status, reason)
        for role in ("mentee", "mentor")
        for status in Enrollment.Status.values
        for reason in ("", NASTY)
    ],
)
def test_a_card_in_every_status_without_panels(
    person: Any, program: Any, role: str, status: str, reason: str
) -> None:
    enrollment = EnrollmentFactory(
        person=person, program=program, role=role, status=status, status_reason=reason
    )
    _same([(enrollment, [])])


def _named(name: str) -> SimpleNamespace:
    return SimpleNamespace(person=SimpleNamespace(name=name))


def _relationship(pk: int, mentee_id: int, status: str) -> SimpleNamespace:
    return SimpleNamespace(
        pk=pk,
        mentee_id=mentee_id,
        mentor=_named("Mentor " + NASTY),
        mentee=_named("Mentee " + NASTY),
        get_status_display=lambda: Relationship.Status(status).label,
    )


def _module(pk: int, complete: bool) -> SimpleNamespace:
    return SimpleNamespace(module=SimpleNamespace(pk=pk), complete=complete)


def _progress(enrollment: Any, modules: list[Any], gates: bool) -> SimpleNamespace:
    done = [m for m in modules if m.complete]
    return SimpleNamespace(
        enrollment=enrollment,
        total=len(modules),
        completed=len(done),
        is_complete=len(done) == len(modules),
        gates_matching=gates,
        next_module=next((m for m in modules if not m.complete), None),
    )


def _panels(enrollment: Any) -> list[tuple[str, dict[str, Any]]]:
    """Every panel in each of its states, on one card."""
    e = enrollment
    item = SimpleNamespace(
        label={"en": "Police check " + NASTY, "fr": "Vérification " + NASTY},
        instructions={"en": "Bring ID <now>", "fr": "Apportez <une pièce>"},
        kind="reference",
    )
    plain = SimpleNamespace(label="First aid", instructions="", kind="document")
    rows = [
        SimpleNamespace(item=item, is_cleared=False, status=status)
        for status in ("expired", "failed", "pending")
    ] + [
        SimpleNamespace(item=plain, is_cleared=True, status="passed"),
        SimpleNamespace(item=plain, is_cleared=False, status="pending"),
    ]
    result = SimpleNamespace(score=72)
    estimate = SimpleNamespace
    request = SimpleNamespace(pk=5, mentee=_named(NASTY), due_at=DUE, mentor_accepted_at=None)
    accepted = SimpleNamespace(pk=6, mentee=_named("Zoé"), due_at=DUE, mentor_accepted_at=DUE)
    proposal = SimpleNamespace(pk=7, mentor=_named(NASTY), due_at=DUE)
    group = SimpleNamespace(pk=8, name=NASTY, get_status_display=lambda: "Active")
    referral = SimpleNamespace(
        token="tok-en_1", to_program=ProgramFactory(name="Next <step>", content_language="en")
    )
    referral.to_program.organization.name = NASTY
    return [
        ("screening/panels/enrollment.html", {"enrollment": e, "rows": [], "assessment": None}),
        ("screening/panels/enrollment.html", {"enrollment": e, "rows": rows, "assessment": None}),
        ("screening/panels/enrollment.html", {"enrollment": e, "rows": [], "assessment": 1}),
        (
            "screening/panels/enrollment.html",
            {"enrollment": e, "rows": rows, "assessment": 1, "result": result, "advice": NASTY},
        ),
        (
            "screening/panels/enrollment.html",
            {"enrollment": e, "rows": [], "assessment": 1, "result": result, "advice": ""},
        ),
        ("questionnaires/_panel_profile.html", {"enrollment": e, "answered": 2, "required": 5}),
        ("questionnaires/_panel_profile.html", {"enrollment": e, "answered": 5, "required": 5}),
        ("questionnaires/_panel_profile.html", {"enrollment": e, "answered": 0, "required": 0}),
        *(
            (
                "learning/_panel_progress.html",
                {"enrollment": e, "progress": _progress(e, modules, gates)},
            )
            for modules in ([_module(1, True), _module(2, False)], [_module(1, True)])
            for gates in (True, False)
        ),
        ("matching/_panel_suggestions.html", {"enrollment": e}),
        ("relationships/_panel.html", {"enrollment": e, "requests": [request, accepted]}),
        ("relationships/_panel.html", {"enrollment": e, "to_confirm": [proposal]}),
        (
            "relationships/_panel.html",
            {
                "enrollment": e,
                "relationships": [
                    (_relationship(3, e.pk, "active"), ""),
                    (_relationship(4, e.pk + 1, "agreement"), ""),
                    (_relationship(9, e.pk, "closed"), ""),
                    (_relationship(10, e.pk, "active"), "Meet on " + NASTY),
                ],
                "requests": [request],
                "to_confirm": [proposal],
            },
        ),
        ("relationships/group/_panel.html", {"enrollment": e, "groups": [group, group]}),
        *(
            (
                "programs/_panel_waiting.html",
                {"estimate": estimate(position=3, waiting=1200, weeks=weeks)},
            )
            for weeks in (None, 0, 1, 6)
        ),
        ("intake/_panel_open_referrals.html", {"referrals": []}),
        ("intake/_panel_open_referrals.html", {"referrals": [referral, referral]}),
        ("consent/_panel_profile_withdrawn.html", {"note": NASTY, "since": DUE}),
    ]


@pytest.mark.parametrize("kind", ["one_to_one", "group"])
@pytest.mark.parametrize("training_required", [True, False])
@pytest.mark.parametrize("status", ["ready", "matched", "training", "paused", "closed"])
def test_every_panel_in_every_state(
    person: Any, program: Any, kind: str, training_required: bool, status: str
) -> None:
    program.kind = kind
    program.training_required = training_required
    program.save()
    enrollment = EnrollmentFactory(person=person, program=program, role="mentee", status=status)
    _same([(enrollment, _panels(enrollment))])


def test_several_cards_in_a_program_in_the_page_language(person: Any) -> None:
    cards = [
        (
            EnrollmentFactory(
                person=person,
                program=ProgramFactory(name="Careers & you", content_language="en"),
                status=status,
            ),
            [],
        )
        for status in ("waitlisted", "withdrawn", "alumni")
    ]
    _same(cards)


@pytest.fixture
def gina() -> SimpleNamespace:
    """Gina, a mentor with a mentorship, one being agreed and two requests waiting for her answer,
    and a waiting mentee in a group program with a proposal to confirm and a group."""
    program = ProgramFactory(name="Bridges", content_language="fr")
    groups = ProgramFactory(name="Circles", kind="group")
    gina = PersonFactory(display_name="Gina <G>")
    as_mentor = EnrollmentFactory(program=program, person=gina, role="mentor", status="matched")
    as_mentee = EnrollmentFactory(program=groups, person=gina, role="mentee", status="waitlisted")
    mentor = EnrollmentFactory(program=groups, role="mentor", status="matched")
    for status in ("active", "agreement"):
        Relationship.objects.create(
            program=program,
            mentee=EnrollmentFactory(program=program, status="matched"),
            mentor=as_mentor,
            status=status,
            planned_end=date.today() + timedelta(days=90),
        )
    for accepted in (None, timezone.now()):
        MentorRequest.objects.create(
            program=program,
            mentee=EnrollmentFactory(program=program, person=PersonFactory(display_name="Ana & B")),
            mentor=as_mentor,
            source="suggested",
            status=MentorRequest.Status.WAITING,
            due_at=DUE,
            mentor_accepted_at=accepted,
        )
    MentorRequest.objects.create(
        program=groups,
        mentee=as_mentee,
        mentor=mentor,
        source="suggested",
        status=MentorRequest.Status.WAITING,
        due_at=DUE,
        mentee_confirms=True,
    )
    group = MentoringGroup.objects.create(
        program=groups, name="Les <lundis>", status="active", planned_end=date.today()
    )
    GroupMember.objects.create(group=group, enrollment=as_mentee, role="mentee")
    return SimpleNamespace(person=gina, as_mentor=as_mentor, as_mentee=as_mentee)


def test_the_panels_a_person_reads_are_the_templates(gina: SimpleNamespace) -> None:
    enrollments = enrollments_of_person(person=gina.person)
    panels = enrollment_panels(enrollments=enrollments, person=gina.person)
    shown = {template for found in panels.values() for template, _ in found}
    assert {"relationships/_panel.html", "relationships/group/_panel.html"} <= shown
    _same([(e, panels[e.pk]) for e in enrollments])


def test_the_page_shows_the_cards(client: Client, gina: SimpleNamespace) -> None:
    client.force_login(gina.person)
    page = client.get("/dashboard/").content.decode()
    assert 'id="mentee-heading"' in page
    assert 'id="mentor-heading"' in page
    assert page.count('<li class="card" id="enrollment-') == 2
    assert "Les &lt;lundis&gt;" in page
    assert reverse("programs:withdraw", args=[gina.as_mentee.pk]) in page
    assert reverse("programs:colleague_invite", args=[gina.as_mentor.program_id]) in page


def test_a_panel_without_a_writer_is_rendered_by_its_template(
    person: Any, program: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    for template in ("questionnaires/_panel_profile.html", "relationships/group/_panel.html"):
        monkeypatch.delitem(WRITERS, template)
    enrollment = EnrollmentFactory(person=person, program=program, status="waitlisted")
    _same([(enrollment, _panels(enrollment))])

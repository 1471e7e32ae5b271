"""Staff: admins add a ready-made instrument in one step and build their own with the
questionnaire's kinds; coordinators read; other agencies get 404."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.core.models import AuditEvent
from bridgeway.reports.assessments.models import Instrument, InstrumentQuestion

pytestmark = pytest.mark.django_db


def test_an_admin_adds_a_ready_made_instrument_once(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    url = reverse("reports:assessment_ready_made", args=[world.program_a.pk])
    client.post(url, {"name": "mentee"})
    again = client.post(url, {"name": "mentee"}, follow=True)
    assert "This program already has this ready-made instrument." in again.content.decode()
    instrument = Instrument.objects.get(program=world.program_a)
    keys = list(instrument.questions.values_list("key", flat=True))
    assert keys[:3] == ["confidence_skills", "network_size", "workplace_norms"]
    assert "employment" in keys
    assert instrument.moments == ["before", "midpoint", "closure", "follow_up_3", "follow_up_6"]
    assert instrument.title["fr"] == "Votre recherche d’emploi et votre confiance"
    assert AuditEvent.objects.filter(action="assessments.instrument_add").count() == 1
    page = client.get(reverse("reports:assessment_instruments", args=[world.program_a.pk]))
    assert "Your job search and your confidence" in page.content.decode()


def test_an_admin_builds_an_instrument_with_the_questionnaire_s_kinds(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("reports:assessment_instrument_new", args=[world.program_a.pk]),
        {"audience": "mentee", "title_en": "Settling in", "moments": ["before", "closure"]},
    )
    instrument = Instrument.objects.get(program=world.program_a)
    assert response.status_code == 302
    new = reverse("reports:assessment_question_new", args=[world.program_a.pk, instrument.pk])
    client.post(
        f"{new}?kind=scale",
        {
            "kind": "scale",
            "key": "belonging",
            "text_en": "How at home do you feel here?",
            "scale_min": "1",
            "scale_max": "5",
        },
    )
    client.post(
        new,
        {
            "kind": "number",
            "key": "contacts",
            "text_en": "How many people do you know here?",
            "scale_min": "0",
            "scale_max": "200",
        },
    )
    bad = client.post(
        new, {"kind": "scale", "key": "Bad Key", "text_en": "x", "scale_min": "1", "scale_max": "5"}
    )
    assert "Use lowercase letters, digits and underscores" in bad.content.decode()
    questions = list(InstrumentQuestion.objects.filter(instrument=instrument))
    assert [(q.key, q.kind, q.scale_min, q.scale_max) for q in questions] == [
        ("belonging", "scale", 1, 5),
        ("contacts", "number", 0, 200),
    ]


def test_a_coordinator_reads_but_does_not_change(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    program = world.program_a
    assert (
        client.get(reverse("reports:assessment_instruments", args=[program.pk])).status_code == 200
    )
    response = client.post(
        reverse("reports:assessment_ready_made", args=[program.pk]), {"name": "mentee"}
    )
    assert response.status_code == 404
    assert not Instrument.objects.exists()


def test_another_agency_and_participants_get_404(client: Client, world: SimpleNamespace) -> None:
    program = world.program_a
    for person in (world.carol, world.dave, world.erin):
        client.force_login(person)
        for name in ("reports:assessment_instruments", "reports:assessment_instrument_new"):
            assert client.get(reverse(name, args=[program.pk])).status_code == 404
    client.force_login(world.alice)
    assert client.get(reverse("reports:network_assessments")).status_code == 404

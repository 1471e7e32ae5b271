"""The audit log reads as the agency's admin would say it: a label for every action, the
details in the reader's language, who acted and whom it concerned; participants' withdrawals,
applications and intake consents are logged for the agency concerned; the log filters by
action and pages through."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from bridgeway.core.audit import ACTION_LABELS, action_label, event_detail
from bridgeway.core.models import AuditEvent
from bridgeway.core.services import audit_record, membership_change_role
from bridgeway.programs import services
from bridgeway.programs.models import Enrollment, EnrollmentStatus
from tests.factories import ProgramFactory
from tests.intake.test_intake import URL, apply_data

pytestmark = pytest.mark.django_db


def _log(client: Client, **params: str) -> str:
    return client.get(reverse("core:agency_audit", args=["agency-a"]), params).content.decode()


def test_every_action_the_code_writes_has_a_label() -> None:
    import pathlib
    import re

    source = pathlib.Path(__file__).parents[2] / "src" / "bridgeway"
    written = set()
    for path in source.rglob("*.py"):
        text = path.read_text()
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', text))
        written |= set(re.findall(r'_audit\([^)]*?"([a-z_]+\.[a-z_.]+)"', text))
    assert written, "no audit action found"
    assert written <= set(ACTION_LABELS), sorted(written - set(ACTION_LABELS))


def test_a_withdrawal_is_logged_for_the_agency_with_who_and_why(
    client: Client, world: SimpleNamespace
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    services.enrollment_withdraw(enrollment=enrollment, by=world.erin, reason="I found a job")
    event = AuditEvent.objects.get(action="enrollment.withdraw")
    assert event.organization == world.agency_a
    assert event.actor == world.erin
    assert event.subject == world.erin
    client.force_login(world.alice)
    page = _log(client)
    assert "Participant withdrew" in page
    assert "from “Applied” to “Withdrawn”. Reason: I found a job" in page
    assert world.erin.name in page
    assert "enrollment.withdraw" not in page.replace('value="enrollment.withdraw"', "")


def test_the_details_are_worded_in_the_readers_language(
    client: Client, world: SimpleNamespace
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    services.enrollment_set_status(enrollment=enrollment, status="screening", by=world.bob)
    event = AuditEvent.objects.get(action="enrollment.status")
    with translation.override("fr"):
        french = event_detail(event)
        label = action_label(event.action)
        screening_in_french = str(EnrollmentStatus.SCREENING.label)
    with translation.override("en"):
        assert event_detail(event) == "from “Applied” to “Screening”"
    # Worded when read: the status names come out in French, not the stored English summary.
    assert screening_in_french in french
    assert french
    assert french != event.summary
    assert label
    client.force_login(world.alice)
    page = _log(client)
    assert world.bob.name in page  # who acted
    assert world.erin.name in page  # whom it concerned


def test_an_older_row_without_details_keeps_its_summary(
    client: Client, world: SimpleNamespace
) -> None:
    AuditEvent.objects.create(
        organization=world.agency_a, action="enrollment.status", summary="applied → screening"
    )
    AuditEvent.objects.create(
        organization=world.agency_a, action="something.old", summary="kept as written"
    )
    client.force_login(world.alice)
    page = _log(client)
    assert "applied → screening" in page
    assert "kept as written" in page
    assert "Bridgeway (automatic)" in page


def test_a_staff_role_change_names_both_roles(world: SimpleNamespace) -> None:
    membership = world.bob.memberships.get()
    membership_change_role(membership=membership, role="admin", by=world.alice)
    event = AuditEvent.objects.get(action="membership.change_role")
    assert event_detail(event) == "from Coordinator to Agency admin"
    assert event.subject == world.bob


def test_an_intake_logs_the_application_and_consent_for_each_agency(
    client: Client, world: SimpleNamespace
) -> None:
    hosts = ProgramFactory(
        organization=world.agency_a,
        name="Welcome Before Arrival",
        slug="before",
        purpose="hosting",
        is_pre_arrival=True,
        languages=["ar", "fr"],
    )
    careers = world.program_b
    response = client.post(URL, apply_data(hosts))
    assert response.status_code in (200, 302)
    consent = AuditEvent.objects.get(action="intake.consent")
    assert consent.organization == hosts.organization
    assert consent.subject is not None
    assert "consent text version 1" in event_detail(consent)
    assert AuditEvent.objects.filter(
        action="enrollment.apply", organization=hosts.organization
    ).exists()
    assert not AuditEvent.objects.filter(organization=careers.organization).exists()


def test_the_log_filters_by_action_and_pages(client: Client, world: SimpleNamespace) -> None:
    for number in range(60):
        audit_record(
            actor=world.alice,
            organization=world.agency_a,
            action="waitlist.move",
            data={"from": 2, "to": 1, "reason": f"move {number}"},
        )
    audit_record(actor=world.alice, organization=world.agency_a, action="organization.update")
    client.force_login(world.alice)
    page = _log(client, action="organization.update")
    assert "Agency settings changed" in page
    assert "Moved on the waiting list" not in page.split("<table")[1]
    page = _log(client, action="waitlist.move")
    assert "from place 2 to place 1. Reason: move 59" in page
    assert "Page 1 of 2" in page
    assert "move 0<" in _log(client, action="waitlist.move", page="2")
    assert '<option value="waitlist.move" selected>Moved on the waiting list</option>' in page


def test_the_same_row_reads_in_french_and_in_english_whoever_wrote_it(
    client: Client, world: SimpleNamespace
) -> None:
    """Worded at display time: a withdrawal made on a French page reads in English for an
    English-speaking admin, and in French for a French-speaking one."""
    enrollment = Enrollment.objects.get(person=world.erin)
    with translation.override("fr"):
        services.enrollment_withdraw(enrollment=enrollment, by=world.erin, reason="J'ai un emploi")
    client.force_login(world.alice)
    world.alice.preferred_language = "en"
    world.alice.save(update_fields=["preferred_language"])
    english = _log(client)
    assert "Participant withdrew" in english
    assert "from “Applied” to “Withdrawn”. Reason: J&#x27;ai un emploi" in english
    assert "Retrait" not in english
    world.alice.preferred_language = "fr"
    world.alice.save(update_fields=["preferred_language"])
    french = _log(client)
    assert "Retrait d’une personne participante" in french
    assert "Candidature reçue" in french
    assert "Retiré" in french
    assert "Motif" in french
    assert "Participant withdrew" not in french
    assert "Reason:" not in french
    assert world.erin.name in french

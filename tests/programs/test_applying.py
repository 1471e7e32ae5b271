"""Applying to a program: the confirmation page and email say what happens next in this
program, and withdrawing asks first."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bridgeway.programs.models import Enrollment, EnrollmentStatus
from bridgeway.programs.screening import assessments, checklists
from tests.factories import PersonFactory
from tests.learning.conftest import make_module
from tests.questionnaires.conftest import make_question

pytestmark = pytest.mark.django_db


def _apply(client: Client, person: Any, program: Any, role: str, capture: Any) -> Any:
    client.force_login(person)
    with capture(execute=True):
        return client.post(reverse("programs:detail", args=[program.pk]), {"role": role})


def test_it_shows_this_programs_next_steps_after_applying(
    client: Client, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    program = world.program_a
    checklists.items_add_defaults(program=program, by=world.alice)  # references, interview…
    assessments.assessment_add_defaults(program=program, by=world.alice)
    make_question(world, "time_zone", is_required=True)
    program.training_required = True
    program.save(update_fields=["training_required"])
    make_module(program, audience="mentor")
    person = PersonFactory()

    response = _apply(client, person, program, "mentor", django_capture_on_commit_callbacks)

    enrollment = Enrollment.objects.get(person=person, program=program)
    assert response["Location"] == reverse("programs:applied", args=[enrollment.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Application received" in page
    assert "A coordinator at Agency A reads your application" in page
    assert reverse("screening:self_assessment", args=[enrollment.pk]) in page
    assert reverse("screening:references", args=[enrollment.pk]) in page
    assert "Interview" in page
    assert "Fill in your profile: 1 required question to answer." in page
    assert "Finish the orientation training: 1 module." in page
    assert "proposes a mentee to you" in page


def test_a_mentee_of_a_program_asking_nothing_learns_about_the_waiting_list(
    client: Client, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    person = PersonFactory()
    response = _apply(client, person, world.program_b, "mentee", django_capture_on_commit_callbacks)
    page = client.get(response["Location"]).content.decode()
    assert "waiting list" in page
    assert "Screening" not in page
    assert "profile" not in page


def test_the_confirmation_email_is_in_the_persons_language(
    client: Client, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    checklists.items_add_defaults(program=world.program_a, by=world.alice)
    person = PersonFactory(display_name="Samira", preferred_language="fr")
    _apply(client, person, world.program_a, "mentor", django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [person.email]
    assert "Welcome Hosts A" in message.subject
    assert message.body.startswith("Bonjour Samira,")
    enrollment = Enrollment.objects.get(person=person)
    assert reverse("screening:references", args=[enrollment.pk]) in message.body


def test_someone_else_cannot_read_the_confirmation(client: Client, world: SimpleNamespace) -> None:
    erin_enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.mallory)
    response = client.get(reverse("programs:applied", args=[erin_enrollment.pk]))
    assert response.status_code == 404


def test_applying_again_after_withdrawing_is_confirmed_too(
    client: Client, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.save(update_fields=["status"])
    _apply(client, world.erin, world.program_a, "mentee", django_capture_on_commit_callbacks)
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.APPLIED
    assert len(mail.outbox) == 1


def test_withdraw_asks_first_and_a_get_changes_nothing(
    client: Client, world: SimpleNamespace
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.erin)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("programs:withdraw", args=[enrollment.pk])}"' in dashboard
    page = client.get(reverse("programs:withdraw", args=[enrollment.pk])).content.decode()
    assert "Withdraw from" in page
    assert "What withdrawing means" in page
    assert '<label for="id_reason">' in page
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.APPLIED


def test_withdrawing_keeps_what_the_person_says_about_why(
    client: Client, world: SimpleNamespace
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.erin)
    response = client.post(
        reverse("programs:withdraw", args=[enrollment.pk]), {"reason": "I found a job."}
    )
    assert response["Location"] == reverse("core:dashboard")
    enrollment.refresh_from_db()
    assert enrollment.status == EnrollmentStatus.WITHDRAWN
    assert enrollment.status_reason == "Withdrawn by the participant: I found a job."


def test_the_withdraw_page_of_someone_elses_enrollment_is_404(
    client: Client, world: SimpleNamespace
) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.mallory)
    assert client.get(reverse("programs:withdraw", args=[enrollment.pk])).status_code == 404

"""A free-text answer is stored with the matching engine's vector of its text, whichever way it
is written, and a vector the running engine cannot read is replaced."""

from __future__ import annotations

import importlib
from datetime import datetime
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from huey.contrib.djhuey import HUEY
from rest_framework.test import APIClient

from bridgeway.matching.engine import text_vector
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires import profiles, services
from bridgeway.programs.questionnaires.models import Answer
from bridgeway.programs.questionnaires.tasks import refresh_text_vectors
from tests.questionnaires.conftest import make_question

pytestmark = pytest.mark.django_db

ABOUT = "Nurse for ten years; I love gardening."


@pytest.fixture
def profile(world: SimpleNamespace) -> SimpleNamespace:
    """Erin's enrollment in a program that asks for a few words about oneself and a time zone."""
    make_question(world, "text", key="about", rule="similar_text")
    make_question(world, "time_zone")
    return SimpleNamespace(erin=Enrollment.objects.get(person=world.erin), world=world)


def _save(profile: SimpleNamespace, **answers: object) -> None:
    profiles.profile_save(enrollment=profile.erin, by=profile.world.erin, answers=answers)


def _vector(enrollment: Enrollment, key: str) -> str:
    return Answer.objects.get(enrollment=enrollment, question__key=key).text_vector


def test_it_stores_the_vector_of_a_text_answer_and_none_for_other_answers(profile) -> None:
    _save(profile, about=f"  {ABOUT} ", time_zone="Asia/Damascus")
    assert _vector(profile.erin, "about") == text_vector(ABOUT)  # of the text as stored
    assert _vector(profile.erin, "time_zone") == ""


def test_changing_the_text_changes_the_vector(profile) -> None:
    _save(profile, about=ABOUT)
    _save(profile, about="Engineer; I build bridges.")
    assert _vector(profile.erin, "about") == text_vector("Engineer; I build bridges.")


def test_removing_the_text_removes_its_vector(profile) -> None:
    _save(profile, about=ABOUT)
    _save(profile, about="")
    assert not Answer.objects.filter(enrollment=profile.erin, question__key="about").exists()


def test_the_api_stores_the_vector_and_does_not_show_it(profile) -> None:
    api = APIClient()
    api.force_authenticate(profile.world.erin)
    url = reverse("api:enrollment-answers", args=[profile.erin.pk])
    response = api.put(url, {"about": ABOUT}, format="json")
    assert response.status_code == 200
    assert response.json()["answers"] == {"about": ABOUT}
    assert _vector(profile.erin, "about") == text_vector(ABOUT)


def test_editing_the_question_keeps_the_vectors_of_answers_that_still_fit(profile) -> None:
    _save(profile, about=ABOUT)
    question = profile.erin.program.questions.get(key="about")
    services.question_update(question=question, by=profile.world.alice, max_length=100)
    assert _vector(profile.erin, "about") == text_vector(ABOUT)
    services.question_update(question=question, by=profile.world.alice, max_length=10)
    assert not Answer.objects.filter(question=question).exists()  # too long now: removed


def test_refresh_replaces_missing_and_older_vectors_once(profile) -> None:
    _save(profile, about=ABOUT, time_zone="Asia/Damascus")
    frank = Enrollment.objects.get(person=profile.world.frank)
    profiles.profile_save(enrollment=frank, by=profile.world.frank, answers={"about": "Banker"})
    Answer.objects.filter(enrollment=profile.erin, question__key="about").update(
        text_vector="c0:AAAA"
    )
    Answer.objects.filter(enrollment=frank).update(text_vector="")
    assert profiles.text_vectors_refresh(batch_size=1) == 2
    assert _vector(profile.erin, "about") == text_vector(ABOUT)
    assert _vector(frank, "about") == text_vector("Banker")
    assert _vector(profile.erin, "time_zone") == ""
    assert profiles.text_vectors_refresh() == 0


def test_the_refresh_runs_daily_and_on_demand(profile) -> None:
    due = HUEY.read_periodic(datetime(2030, 1, 1, 4, 10))
    assert any(isinstance(task, refresh_text_vectors.task_class) for task in due)
    _save(profile, about=ABOUT)
    Answer.objects.update(text_vector="")
    out = StringIO()
    call_command("refresh-text-vectors", stdout=out)
    assert out.getvalue().strip() == "refreshed: 1"
    assert _vector(profile.erin, "about") == text_vector(ABOUT)


def test_the_migration_fills_the_vectors_of_existing_text_answers(profile, monkeypatch) -> None:
    _save(profile, about=ABOUT, time_zone="Asia/Damascus")
    frank = Enrollment.objects.get(person=profile.world.frank)
    profiles.profile_save(enrollment=frank, by=profile.world.frank, answers={"about": "Banker"})
    Answer.objects.update(text_vector="")
    migration = importlib.import_module(
        "bridgeway.programs.questionnaires.migrations.0002_answer_text_vector"
    )
    monkeypatch.setattr(migration, "BATCH", 1)
    migration.fill_vectors(apps, None)
    assert _vector(profile.erin, "about") == text_vector(ABOUT)
    assert _vector(frank, "about") == text_vector("Banker")
    assert _vector(profile.erin, "time_zone") == ""

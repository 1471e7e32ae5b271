"""Withdrawing a consent stops the processing it covers, from the next time it would happen:
no more SMS or WhatsApp (email and the app still), out of suggestions and the match board, no
new referral, no new assessment and out of the reports, sensitive answers hidden from staff,
matching, referrals and funder exports."""

from __future__ import annotations

import json
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.matching.pool import pool_get
from bridgeway.matching.selectors import matching_context, mentee_key, mentor_key
from bridgeway.matching.suggestions import suggestions_for_mentee
from bridgeway.notifications.models import ContactSettings, Delivery
from bridgeway.notifications.outbox import deliveries_send_due, notify
from bridgeway.notifications.services import contact_update
from bridgeway.privacy.consent.models import Consent, Purpose
from bridgeway.privacy.consent.services import consent_give, consent_withdraw
from bridgeway.programs.intake.models import Referral
from bridgeway.programs.intake.referrals import referral_create, referral_preview
from bridgeway.programs.questionnaires.models import Answer, Question, QuestionKind
from bridgeway.programs.questionnaires.selectors import answers_and_vectors_for_program
from bridgeway.programs.questionnaires.services import question_create
from bridgeway.reports.assessments.moments import assessment_send
from bridgeway.reports.assessments.selectors import program_results
from tests.matching.conftest import cohort  # noqa: F401 - the matching cohort, shared
from tests.reports.assessments.conftest import answered, known  # noqa: F401

pytestmark = pytest.mark.django_db

KIND = "programs.application_received"
PAGE = Consent.Source.PAGE


def _tell(person: Person, event: str) -> None:
    enrollment = person.enrollments.first()
    notify(
        kind=KIND,
        event=event,
        person=person,
        role="mentee",
        params={"enrollment": enrollment.pk if enrollment else 0},
        url="/dashboard/",
    )


@pytest.fixture
def texts(settings: Any, tmp_path: Any) -> Any:
    settings.BRIDGEWAY_TEXT_BACKEND = "bridgeway.notifications.texting.FileBackend"
    settings.BRIDGEWAY_TEXT_FILE = str(tmp_path / "texts.jsonl")
    return tmp_path / "texts.jsonl"


def _sent(texts: Any) -> list[dict[str, Any]]:
    if not texts.exists():
        return []
    return [json.loads(line) for line in texts.read_text().splitlines()]


def test_texts_stop_but_email_still_goes_once_the_consent_is_withdrawn(
    erin: Person, texts: Any, client: Client
) -> None:
    contact_update(
        person=erin,
        phone="+639171234567",
        sms=True,
        whatsapp=True,
        quiet_start=None,
        quiet_end=None,
    )
    consent_give(person=erin, purpose=Purpose.TEXTING, source=PAGE)
    _tell(erin, "before")  # queued by SMS, WhatsApp and email
    consent_withdraw(person=erin, purpose=Purpose.TEXTING, source=PAGE)
    _tell(erin, "after")
    later = timezone.now() + timedelta(days=1)
    deliveries_send_due(now=later)
    assert _sent(texts) == []  # neither the queued texts nor new ones went out
    after = Delivery.objects.filter(notification__event="after")
    assert set(after.values_list("channel", flat=True)) == {"email"}
    assert after.get().state == Delivery.State.SENT
    before = dict(
        Delivery.objects.filter(notification__event="before").values_list("channel", "state")
    )
    assert before == {
        "email": Delivery.State.SENT,
        "sms": Delivery.State.UNDELIVERABLE,
        "whatsapp": Delivery.State.UNDELIVERABLE,
    }
    client.force_login(erin)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "You withdrew your consent to text messages" in page
    # Given again: texts go out again.
    consent_give(person=erin, purpose=Purpose.TEXTING, source=PAGE)
    _tell(erin, "again")
    deliveries_send_due(now=later)
    assert {t["channel"] for t in _sent(texts)} == {"sms", "whatsapp"}


def test_a_withdrawn_profile_leaves_suggestions_and_the_board(
    cohort: SimpleNamespace,  # noqa: F811
    client: Client,
) -> None:
    dana, amal = cohort.dana, cohort.amal
    before = matching_context(program=cohort.program)
    assert mentor_key(dana.pk) in before.mentors
    assert mentee_key(amal.pk) in before.mentees
    consent_withdraw(person=dana.person, purpose=Purpose.MATCHING_PROFILE, source=PAGE)
    consent_withdraw(person=amal.person, purpose=Purpose.MATCHING_PROFILE, source=PAGE)
    after = matching_context(program=cohort.program)
    assert mentor_key(dana.pk) not in after.mentors
    assert mentee_key(amal.pk) not in after.mentees
    shown = suggestions_for_mentee(mentee=cohort.bo)
    assert dana.pk not in {s.mentor.pk for s in shown.items}
    # Amal is told why she sees no mentor, on her suggestions and her dashboard.
    assert "not suggested to anyone" in suggestions_for_mentee(mentee=amal).note
    client.force_login(amal.person)
    dashboard = client.get(reverse("core:dashboard")).content.decode()
    assert "You withdrew your consent to sharing your matching profile" in dashboard
    # The coordinators' board no longer lists them.
    pool = pool_get(program=cohort.program)
    assert str(amal.pk) not in {value for value, _label in pool.mentees.choices}
    assert str(dana.pk) not in {value for value, _label in pool.mentors.choices}
    client.force_login(cohort.world.bob)
    board = client.get(reverse("matching:board", args=[cohort.program.pk])).content.decode()
    assert "Amal" not in board
    assert "Dana" not in board
    # Given again: back in the pool.
    consent_give(person=dana.person, purpose=Purpose.MATCHING_PROFILE, source=PAGE)
    assert mentor_key(dana.pk) in matching_context(program=cohort.program).mentors


def test_no_new_referral_once_the_person_withdrew(world: SimpleNamespace, erin: Person) -> None:
    enrollment = erin.enrollments.get()
    consent_withdraw(person=erin, purpose=Purpose.REFERRAL, source=PAGE)
    with pytest.raises(DomainError, match="withdrew their consent to referrals"):
        referral_create(
            enrollment=enrollment,
            to_program=world.program_b,
            shared_fields=["languages"],
            note="",
            by=world.bob,
        )
    assert not Referral.objects.exists()


def test_no_new_assessment_and_out_of_the_results(known: SimpleNamespace) -> None:  # noqa: F811
    first = known.people[0]
    consent_withdraw(person=first.person, purpose=Purpose.EVALUATION, source=PAGE)
    assert (
        assessment_send(instrument=known.instrument, enrollment=first, moment="follow_up_3") is None
    )
    results = {
        r.question.key: r for r in program_results(instrument=known.instrument, after="closure")
    }
    assert results["confidence_skills"].change.n == 4
    assert "Mentee 1" not in {name for name, *_rest in results["confidence_skills"].people}


def test_sensitive_answers_are_hidden_from_staff_matching_and_referrals(
    world: SimpleNamespace, erin: Person, client: Client
) -> None:
    erin.accessibility_needs = ["captions"]
    erin.save(update_fields=["accessibility_needs"])
    enrollment = erin.enrollments.get()
    client.force_login(world.bob)
    url = reverse("questionnaires:staff_profile", args=[enrollment.pk])
    shown = client.get(url).content.decode()
    consent_withdraw(person=erin, purpose=Purpose.SENSITIVE, source=PAGE)
    hidden = client.get(url).content.decode()
    assert "Needs captions on video calls" in shown
    assert "withdrew their consent to sensitive information" not in shown
    assert "withdrew their consent to sensitive information" in hidden
    assert "Needs captions on video calls" not in hidden
    referral = Referral(
        from_enrollment=enrollment,
        to_program=world.program_b,
        shared_fields=["name", "accessibility_needs"],
        expires_at=Referral.default_expiry(),
    )
    assert referral_preview(referral=referral)["accessibility_needs"] == []


def test_matching_and_staff_no_longer_read_sensitive_answers(
    world: SimpleNamespace, erin: Person, client: Client
) -> None:
    program, enrollment = world.program_a, erin.enrollments.get()
    needs = Question.objects.create(
        program=program, key="needs", kind=QuestionKind.ACCOMMODATION_NEEDS, audience="mentee"
    )
    where = Question.objects.create(
        program=program, key="where", kind=QuestionKind.COUNTRY, audience="mentee"
    )
    # A question of the program's own that its staff marked sensitive.
    status = question_create(
        program=program,
        by=world.alice,
        kind=QuestionKind.TEXT,
        key="status",
        audience="mentee",
        text={"en": "Your immigration status", "fr": "Votre statut d'immigration"},
        is_sensitive=True,
    )
    Answer.objects.create(
        enrollment=enrollment, question=needs, value=[{"need": "captions", "essential": True}]
    )
    Answer.objects.create(enrollment=enrollment, question=where, value="CA")
    Answer.objects.create(enrollment=enrollment, question=status, value="Refugee claimant")
    answers, _vectors = answers_and_vectors_for_program(program=program)
    assert set(answers[enrollment.pk]) == {"needs", "where", "status"}
    client.force_login(world.bob)
    url = reverse("questionnaires:staff_profile", args=[enrollment.pk])
    assert "Refugee claimant" in client.get(url).content.decode()
    consent_withdraw(person=erin, purpose=Purpose.SENSITIVE, source=PAGE)
    answers, _vectors = answers_and_vectors_for_program(program=program)
    assert set(answers[enrollment.pk]) == {"where"}
    page = client.get(url).content.decode()
    assert "Refugee claimant" not in page
    assert "withdrew their consent to sensitive information" in page


def test_texting_consent_is_given_from_the_notification_preferences_in_one_step(
    erin: Person, texts: Any, client: Client
) -> None:
    from bridgeway.core.models import AuditEvent

    contact_update(
        person=erin,
        phone="+639171234567",
        sms=False,
        whatsapp=False,
        quiet_start=None,
        quiet_end=None,
    )
    consent_withdraw(person=erin, purpose=Purpose.TEXTING, source=PAGE)
    client.force_login(erin)
    url = reverse("notifications:preferences")
    page = client.get(url).content.decode()
    assert "nothing is sent by SMS or WhatsApp" in page
    assert "Text messages need your consent again" in page
    assert "we send you short notices there" in page  # the consent's current text
    assert 'aria-describedby="texting-consent-text' in page

    # Choosing texts without agreeing is refused, and nothing is saved.
    posted = {"form": "contact", "phone": "+63 917 123 4567", "sms": "on"}
    refused = client.post(url, posted).content.decode()
    assert "Text messages need your consent: tick the box" in refused
    assert 'aria-invalid="true"' in refused
    erin.contact_settings.refresh_from_db()
    assert not erin.contact_settings.can_text("sms")
    _tell(erin, "before")
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    assert _sent(texts) == []  # none before

    # Choosing texts and agreeing: one submit.
    response = client.post(
        url, {**posted, "texts_consent": "on", "texts_consent_version": "1"}, follow=True
    )
    page = response.content.decode()
    assert "your consent to text messages is recorded" in page
    assert "nothing is sent by SMS or WhatsApp" not in page
    assert "Text messages need your consent" not in page
    assert "You agreed to text messages on" in page
    consent = Consent.objects.get(person=erin, purpose=Purpose.TEXTING, current=True)
    assert (consent.holds, consent.source, consent.text.version) == (
        True,
        Consent.Source.CONTACT,
        1,
    )
    assert consent.given_at is not None
    assert AuditEvent.objects.filter(action="consent.give", subject=erin).count() == 1
    _tell(erin, "after")
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    assert [t["channel"] for t in _sent(texts)] == ["sms"]  # the text goes after consent
    # Withdrawing stays on "What you agreed to".
    mine = client.get(reverse("consent:mine")).content.decode()
    assert reverse("consent:withdraw") in mine


def test_a_text_changed_meanwhile_is_read_again_before_agreeing(
    erin: Person, client: Client, grace: Person
) -> None:
    from bridgeway.privacy.consent.services import purpose_text_publish

    client.force_login(erin)
    url = reverse("notifications:preferences")
    purpose_text_publish(
        purpose=Purpose.TEXTING,
        text={"en": "Texts, version two.", "fr": "Textos, version deux."},
        meaning_changed=True,
        by=grace,
    )
    posted = {
        "form": "contact",
        "phone": "+63 917 123 4567",
        "sms": "on",
        "texts_consent": "on",
        "texts_consent_version": "1",  # the page was read before the new version
    }
    page = client.post(url, posted).content.decode()
    assert "has just changed. Please read it again." in page
    assert "Texts, version two." in page
    assert not Consent.objects.filter(person=erin, purpose=Purpose.TEXTING).exists()
    assert not ContactSettings.objects.filter(person=erin, phone="+639171234567").exists()

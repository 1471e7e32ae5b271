"""The public intake: questions, programs that fit, one application with consent."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.programs.intake.models import ConsentRecord, IntakeSubmission
from bridgeway.programs.models import Enrollment
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "help": ["settle", "career"],
    "country": "MA",
    "arrival_date": "2099-09-01",
    "languages": ["ar", "fr"],
    "occupation": "3",
}
URL = "/start/"


def apply_data(*programs: Any, **extra: Any) -> dict[str, Any]:
    return {
        **ANSWERS,
        "programs": [p.pk for p in programs],
        "name": "Samira",
        "email": "samira@example.org",
        "preferred_language": "fr",
        "consent": "on",
        "consent_version": "1",
        **extra,
    }


def code_from(body: str) -> str:
    match = re.search(r"^\s*([A-Z0-9]{3,5}-?[A-Z0-9]{3,5})\s*$", body, re.MULTILINE)
    assert match, body
    return match.group(1)


def test_the_questions_page_works_before_any_account(client: Client) -> None:
    response = client.get(URL)
    assert response.status_code == 200
    assert b"What help are you looking for?" in response.content
    assert b"Which languages do you speak?" in response.content


def test_it_shows_only_the_programs_that_fit_with_why(
    client: Client, hosts: Any, careers: Any, program_a: Any
) -> None:
    response = client.get(URL, ANSWERS)
    content = response.content.decode()
    assert "Welcome Before Arrival" in content
    assert "Helps before you arrive" in content
    assert "Works in a language you speak: Arabic, French" in content
    # Not pre-arrival, no cohort date: cannot take someone who is not in Canada yet.
    assert "Health Careers" not in content
    assert program_a.name not in content


def test_a_newcomer_in_canada_sees_programs_of_every_agency(
    client: Client, hosts: Any, careers: Any
) -> None:
    answers = {**ANSWERS, "country": "CA", "city": "Toronto", "arrival_date": ""}
    content = client.get(URL, answers).content.decode()
    assert "Welcome Before Arrival" in content
    assert "Health Careers" in content
    assert "For people in your field: Health occupations" in content


def test_each_question_says_what_is_wrong(client: Client) -> None:
    response = client.get(URL, {"country": "CA", "arrival_date": "soon"})
    content = response.content.decode()
    assert "Choose at least one kind of help." in content
    assert "Choose at least one language you speak." in content
    assert "Tell us the city where you live in Canada." in content


def test_when_nothing_fits_it_says_so_and_offers_the_directory(client: Client, hosts: Any) -> None:
    content = client.get(URL, {**ANSWERS, "help": ["business"]}).content.decode()
    assert "No program fits your answers yet" in content
    assert 'href="/"' in content


def test_applying_creates_the_account_the_consent_and_the_enrollments(
    client: Client, hosts: Any
) -> None:
    response = client.post(URL, apply_data(hosts))
    person = Person.objects.get(email="samira@example.org")
    assert not person.has_usable_password()
    assert person.preferred_language == "fr"
    assert person.time_zone == "Africa/Casablanca"  # Morocco has a single time zone
    assert person.spoken_languages == ["ar", "fr"]
    assert not EmailAddress.objects.get(user=person).verified
    enrollment = Enrollment.objects.get(person=person)
    assert (enrollment.program, enrollment.role, enrollment.status) == (
        hosts,
        "mentee",
        "applied",
    )
    record = ConsentRecord.objects.get(person=person)
    assert record.consent_text.version == 1
    assert record.covers == "intake"
    assert IntakeSubmission.objects.get(person=person).answers["languages"] == ["ar", "fr"]
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_confirm_login_code"))


def test_the_emailed_code_leads_to_what_happens_next(client: Client, hosts: Any) -> None:
    response = client.post(URL, apply_data(hosts))
    confirm_page = response["Location"]
    next_url = parse_qs(urlsplit(confirm_page).query)["next"][0]
    response = client.post(
        confirm_page, {"code": code_from(mail.outbox[-1].body), "next": next_url}
    )
    assert response["Location"] == next_url
    response = client.get(next_url, follow=True)
    enrollment = Enrollment.objects.get(person__email="samira@example.org")
    assert response.redirect_chain[-1][0] == reverse("programs:applied", args=[enrollment.pk])
    page = response.content.decode()
    assert "Welcome Before Arrival" in page
    assert "La suite" in page  # Samira applied in French: the page speaks French to her
    assert EmailAddress.objects.get(email="samira@example.org").verified


def test_without_consent_nothing_is_written(client: Client, hosts: Any) -> None:
    data = apply_data(hosts)
    del data["consent"]
    response = client.post(URL, data)
    assert response.status_code == 200
    assert "Tick the box to agree. Without it we cannot apply." in response.content.decode()
    assert not Person.objects.filter(email="samira@example.org").exists()
    assert not IntakeSubmission.objects.exists()


def test_a_bad_email_is_named_and_nothing_is_written(client: Client, hosts: Any) -> None:
    response = client.post(URL, apply_data(hosts, email="samira-at-example"))
    assert "Enter an email address like name@example.com." in response.content.decode()
    assert not IntakeSubmission.objects.exists()


def test_a_program_that_does_not_fit_cannot_be_posted(
    client: Client, hosts: Any, careers: Any
) -> None:
    response = client.post(URL, apply_data(hosts, careers))
    assert "Choose among the programs shown." in response.content.decode()
    assert not Enrollment.objects.filter(program__in=[hosts, careers]).exists()
    assert not Person.objects.filter(email="samira@example.org").exists()


def test_an_existing_address_gets_the_same_answer_and_nothing_happens_until_its_owner_confirms(
    client: Client, hosts: Any, erin: Person
) -> None:
    new = client.post(URL, apply_data(hosts))
    Client().logout()
    other = Client().post(URL, apply_data(hosts, email="ERIN@example.org", name="Someone"))
    assert new.status_code == other.status_code == 302
    assert new["Location"].split("next=")[0] == other["Location"].split("next=")[0]
    erin.refresh_from_db()
    assert erin.display_name == "Erin"
    assert not Enrollment.objects.filter(person=erin, program=hosts).exists()
    submission = IntakeSubmission.objects.get(person=erin)
    assert submission.status == "pending"

    owner = Client()
    owner.force_login(erin)
    page = owner.get(reverse("intake:confirm", args=[submission.token]))
    assert "Welcome Before Arrival" in page.content.decode()
    owner.post(reverse("intake:confirm", args=[submission.token]))
    assert Enrollment.objects.filter(person=erin, program=hosts, status="applied").exists()
    assert ConsentRecord.objects.filter(person=erin, covers="intake").exists()


def test_someone_else_cannot_confirm_an_intake(client: Client, hosts: Any, erin: Person) -> None:
    client.post(URL, apply_data(hosts, email="erin@example.org"))
    submission = IntakeSubmission.objects.get(person=erin)
    client.force_login(PersonFactory())
    response = client.post(reverse("intake:confirm", args=[submission.token]))
    assert response.status_code == 404
    assert not Enrollment.objects.filter(person=erin, program=hosts).exists()


def test_a_signed_in_person_applies_at_once(client: Client, hosts: Any, erin: Person) -> None:
    client.force_login(erin)
    data = {k: v for k, v in apply_data(hosts).items() if k not in ("name", "email")}
    response = client.post(URL, data)
    enrollment = Enrollment.objects.get(person=erin, program=hosts)
    assert response["Location"] == reverse("programs:applied", args=[enrollment.pk])
    erin.refresh_from_db()
    assert erin.country == "MA"


def test_i_want_to_help_applies_as_a_mentor(client: Client, network: Any, agency_a: Any) -> None:
    from tests.factories import ProgramFactory

    program = ProgramFactory(organization=agency_a, purpose="hosting", name="Hosts")
    data = apply_data(
        program,
        help=["volunteer"],
        country="CA",
        city="Toronto",
        arrival_date="",
        time_zone="America/Toronto",
    )
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()
    assert Enrollment.objects.get(program=program).role == "mentor"


def test_posted_role_status_or_staff_flags_change_nothing(client: Client, hosts: Any) -> None:
    client.post(URL, apply_data(hosts, role="mentor", status="matched", is_staff="true"))
    enrollment = Enrollment.objects.get(program=hosts)
    assert (enrollment.role, enrollment.status) == ("mentee", "applied")
    assert not enrollment.person.is_staff


def test_submissions_are_limited_per_connection(client: Client, hosts: Any) -> None:
    for number in range(10):
        client.post(URL, apply_data(hosts, email=f"p{number}@example.org"))
    response = client.post(URL, apply_data(hosts, email="eleventh@example.org"))
    assert "Too many applications came from your connection." in response.content.decode()
    assert not Person.objects.filter(email="eleventh@example.org").exists()


def test_a_changed_consent_text_must_be_read_again(client: Client, hosts: Any) -> None:
    response = client.post(URL, apply_data(hosts, consent_version="99"))
    assert "The consent text has just changed." in response.content.decode()
    assert not Person.objects.filter(email="samira@example.org").exists()


def test_the_page_speaks_the_visitors_language(client: Client) -> None:
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.content.decode().count('lang="fr"') >= 1

""" "Each one, reach one" through every door: an application made through the "no wrong door"
intake or the API after a colleague's link is counted for the colleague, like one made on the
program's page; and the mentor reads their links and counts through the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.programs.intake.models import IntakeSubmission
from bridgeway.programs.models import Enrollment, Referral, ReferralLink
from tests.factories import EnrollmentFactory, PersonFactory
from tests.intake.test_intake import URL, apply_data

pytestmark = pytest.mark.django_db

API_ANSWERS = {
    "help": ["settle"],
    "country": "MA",
    "arrival_date": "2099-09-01",
    "languages": ["ar"],
}


@pytest.fixture
def olga(hosts: Any) -> Person:
    """A mentor of the hosting program, who shares her link."""
    person = PersonFactory(display_name="Olga Ivanova")
    EnrollmentFactory(program=hosts, person=person, role="mentor")
    return person


def link_of(person: Person, program: Any) -> ReferralLink:
    return ReferralLink.objects.create(program=program, person=person)


def referrals() -> list[tuple[str, str]]:
    return [(r.referrer.display_name, r.applicant.email) for r in Referral.objects.all()]


def test_a_colleague_who_opens_the_link_then_uses_the_intake_is_counted(
    client: Client, hosts: Any, careers: Any, olga: Person
) -> None:
    link = link_of(olga, hosts)
    page = client.get(reverse("programs:colleague_link", args=[link.token])).content.decode()
    assert reverse("intake:start") in page  # "Not sure this is the right program for you?"
    fits = client.get(URL, {**apply_data(hosts), "country": "CA", "city": "Toronto"})
    content = fits.content.decode()
    # Only the program the link is for says who invited them.
    assert content.count("Invited by Olga, who mentors in this program") == 1
    assert content.index("Invited by Olga") > content.index("Welcome Before Arrival")

    client.post(URL, apply_data(hosts))
    assert referrals() == [("Olga Ivanova", "samira@example.org")]
    referral = Referral.objects.get()
    assert referral.enrollment == Enrollment.objects.get(person__email="samira@example.org")


def test_the_code_carried_in_the_address_counts_in_a_new_visit(
    client: Client, hosts: Any, olga: Person
) -> None:
    link = link_of(olga, hosts)
    client.get(URL, {"via": link.token})  # the questions page, not an error
    assert "What help are you looking for?" in client.get(URL, {"via": link.token}).content.decode()
    client.post(URL, apply_data(hosts))
    assert referrals() == [("Olga Ivanova", "samira@example.org")]


def test_an_unknown_or_replaced_code_changes_nothing_for_the_applicant(
    client: Client, hosts: Any, olga: Person
) -> None:
    link = link_of(olga, hosts)
    link.replaced_at = link.created_at
    link.save(update_fields=["replaced_at"])
    assert client.get(URL, {"via": link.token}).status_code == 200
    assert client.get(URL, {"via": "x" * 43}).status_code == 200
    response = client.post(URL, {**apply_data(hosts), "via": link.token})
    assert response.status_code == 302
    assert Enrollment.objects.filter(person__email="samira@example.org").exists()
    assert not Referral.objects.exists()


def test_an_existing_account_is_counted_when_it_confirms_later_in_another_browser(
    client: Client, hosts: Any, olga: Person, erin: Person
) -> None:
    link = link_of(olga, hosts)
    client.get(URL, {"via": link.token})
    client.post(URL, apply_data(hosts, email="erin@example.org"))
    submission = IntakeSubmission.objects.get(person=erin)
    assert submission.colleague_codes == [link.token]
    assert not Referral.objects.exists()  # nothing happens before its owner confirms

    owner = Client()
    owner.force_login(erin)
    owner.post(reverse("intake:confirm", args=[submission.token]))
    assert referrals() == [("Olga Ivanova", "erin@example.org")]


def test_someone_already_in_the_program_is_not_counted_again(
    client: Client, hosts: Any, olga: Person, erin: Person
) -> None:
    EnrollmentFactory(program=hosts, person=erin, role="mentee")
    link = link_of(olga, hosts)
    client.force_login(erin)
    client.get(reverse("programs:colleague_link", args=[link.token]))
    client.post(URL, {k: v for k, v in apply_data(hosts).items() if k != "email"})
    assert Enrollment.objects.filter(person=erin, program=hosts).count() == 1
    assert not Referral.objects.exists()


def test_the_intake_api_takes_the_whole_link_or_its_code(
    client: Client, hosts: Any, olga: Person, django_capture_on_commit_callbacks: Any
) -> None:
    link = link_of(olga, hosts)
    data = {
        **API_ANSWERS,
        "programs": [hosts.pk],
        "name": "Samira",
        "email": "samira@example.org",
        "consent": True,
        "consent_version": 1,
        "colleague_link": f"https://bridgeway.example/join/{link.token}/",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/intake/", data, content_type="application/json")
    assert response.status_code == 202
    assert referrals() == [("Olga Ivanova", "samira@example.org")]

    data = {**data, "email": "yusuf@example.org", "name": "Yusuf", "colleague_link": "nope"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/intake/", data, content_type="application/json")
    assert response.status_code == 202  # an unknown code does not stop the application
    assert Enrollment.objects.filter(person__email="yusuf@example.org").exists()
    assert len(referrals()) == 1


def test_applying_through_the_api_with_the_code_counts_only_for_that_program(
    client: Client, hosts: Any, program_a: Any, olga: Person, erin: Person
) -> None:
    link = link_of(olga, hosts)
    client.force_login(erin)
    body = {"program": program_a.pk, "role": "mentor", "colleague_link": link.token}
    response = client.post("/api/v1/enrollments/apply/", body, content_type="application/json")
    assert response.status_code == 201
    assert not Referral.objects.exists()  # the link is for another program
    body = {"program": hosts.pk, "role": "mentee", "colleague_link": link.token}
    response = client.post("/api/v1/enrollments/apply/", body, content_type="application/json")
    assert response.status_code == 201
    assert referrals() == [("Olga Ivanova", "erin@example.org")]


def test_a_mentor_reads_their_links_and_how_many_applied_through_the_api(
    client: Client, hosts: Any, olga: Person
) -> None:
    client.force_login(olga)
    response = client.get("/api/v1/colleague-links/")
    assert response.status_code == 200
    (row,) = response.json()
    assert (row["program"], row["code"], row["url"]) == (hosts.pk, None, None)
    one = client.get(f"/api/v1/colleague-links/{hosts.pk}/").json()  # made when first asked
    link = ReferralLink.objects.get(person=olga)
    assert one["code"] == link.token
    assert one["url"].endswith(f"/join/{link.token}/")
    assert one["applications"] == 0
    assert client.get("/api/v1/colleague-links/").json()[0]["code"] == link.token

    for email in ("a@example.org", "b@example.org"):
        colleague = Client()
        colleague.get(reverse("programs:colleague_link", args=[link.token]))
        colleague.post(URL, apply_data(hosts, email=email))
    one = client.get(f"/api/v1/colleague-links/{hosts.pk}/").json()
    assert (one["code"], one["applications"]) == (link.token, 2)
    page = client.get(reverse("programs:colleague_invite", args=[hosts.pk])).content.decode()
    assert "2 colleagues have applied to this program through your links so far." in page

    replaced = client.post(f"/api/v1/colleague-links/{hosts.pk}/replace/").json()
    assert replaced["code"] != link.token
    assert replaced["applications"] == 2  # applications already counted stay counted
    assert client.get(reverse("programs:colleague_link", args=[link.token])).status_code == 404


def test_a_mentee_who_is_not_alumni_has_no_link_in_the_api(
    client: Client, hosts: Any, erin: Person
) -> None:
    client.force_login(erin)
    assert client.get("/api/v1/colleague-links/").json() == []
    assert client.get(f"/api/v1/colleague-links/{hosts.pk}/").status_code == 404
    assert client.post(f"/api/v1/colleague-links/{hosts.pk}/replace/").status_code == 404
    assert client.get("/api/v1/colleague-links/987654321/").status_code == 404
    assert not ReferralLink.objects.exists()
    Client().logout()
    assert Client().get("/api/v1/colleague-links/").status_code in (401, 403)

""" "Each one, reach one": mentors and alumni share a personal link; applications through it are
counted once per applicant for the person who shared it, and staff see the counts."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.programs.models import Enrollment, Referral, ReferralLink
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _link_url(client: Client, person: Any, program: Any) -> str:
    client.force_login(person)
    page = client.get(reverse("programs:colleague_invite", args=[program.pk]))
    assert page.status_code == 200
    link = ReferralLink.objects.get(program=program, person=person, replaced_at=None)
    url = reverse("programs:colleague_link", args=[link.token])
    assert url in page.content.decode()
    client.logout()
    return url


def test_a_colleague_opens_the_link_signs_in_applies_and_is_counted_once(
    client: Client, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    world.frank.display_name = "Frank Tremblay"
    world.frank.save(update_fields=["display_name"])
    url = _link_url(client, world.frank, world.program_a)

    page = client.get(url).content.decode()
    assert "Invited by Frank," in page
    assert "Tremblay" not in page
    assert "frank@example.org" not in page
    # Not signed in: applying sends them to sign in (or sign up) and back to the link.
    response = client.post(url, {"role": "mentee"})
    assert response.status_code == 302
    assert "next=" + url in response["Location"]

    colleague = PersonFactory(display_name="Nadia")
    client.force_login(colleague)  # login keeps the link remembered in the session
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programs:detail", args=[world.program_a.pk]), {"role": "mentor"}
        )
        client.post(url, {"role": "mentee"})  # a second role through the link
    assert response.status_code == 302
    referral = Referral.objects.get(program=world.program_a)
    assert (referral.referrer, referral.applicant) == (world.frank, colleague)
    assert Enrollment.objects.filter(person=colleague).count() == 2
    assert Referral.objects.count() == 1


def test_the_same_link_stays_until_replaced_and_the_old_one_then_404s(
    client: Client, world: SimpleNamespace
) -> None:
    first = _link_url(client, world.frank, world.program_a)
    assert _link_url(client, world.frank, world.program_a) == first

    client.force_login(world.frank)
    response = client.post(reverse("programs:colleague_link_replace", args=[world.program_a.pk]))
    assert response.status_code == 302
    client.logout()
    second = _link_url(client, world.frank, world.program_a)
    assert second != first
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.get(reverse("programs:colleague_link", args=["x" * 43])).status_code == 404


def test_a_mentee_who_is_not_alumni_gets_no_link_and_an_alumna_does(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.erin)
    invite = reverse("programs:colleague_invite", args=[world.program_a.pk])
    assert client.get(invite).status_code == 404
    replace = reverse("programs:colleague_link_replace", args=[world.program_a.pk])
    assert client.post(replace).status_code == 404
    assert "Invite a colleague" not in client.get(reverse("core:dashboard")).content.decode()
    assert not ReferralLink.objects.exists()

    Enrollment.objects.filter(person=world.erin).update(status="alumni")
    assert "Invite a colleague" in client.get(reverse("core:dashboard")).content.decode()
    assert client.get(invite).status_code == 200


def test_a_link_stops_working_when_its_owner_withdraws_and_never_counts_oneself(
    client: Client, world: SimpleNamespace
) -> None:
    url = _link_url(client, world.frank, world.program_a)
    client.force_login(world.frank)
    client.post(url, {"role": "mentee"})  # Frank applying through his own link
    assert not Referral.objects.exists()
    Enrollment.objects.filter(person=world.frank).update(status="withdrawn")
    assert client.get(url).status_code == 404


def test_staff_see_how_many_applied_through_links_and_who_referred_most(
    client: Client, world: SimpleNamespace, django_capture_on_commit_callbacks: Any
) -> None:
    olga = PersonFactory(display_name="Olga Ivanova")
    EnrollmentFactory(program=world.program_a, person=olga, role="mentee", status="alumni")
    frank_url = _link_url(client, world.frank, world.program_a)
    olga_url = _link_url(client, olga, world.program_a)
    staff_page = reverse("programs:staff_program", args=[world.program_a.pk])
    client.force_login(world.alice)
    assert "No one has applied through a colleague" in client.get(staff_page).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        for url in (olga_url, olga_url, frank_url):
            client.force_login(PersonFactory())
            client.post(url, {"role": "mentee"})
    client.force_login(world.alice)
    page = client.get(staff_page).content.decode()
    assert "3 people applied through links shared by mentors and alumni." in page
    assert page.index("Olga Ivanova") < page.index("Frank")
    assert "<td>Olga Ivanova</td><td>2</td>" in page


def test_the_demo_mentor_has_a_link_and_two_colleagues_who_applied(client: Client) -> None:
    from bridgeway.demo.colleagues import demo_colleagues
    from bridgeway.demo.network import DEMO_DOMAIN, demo_load

    demo_load()
    demo_colleagues()
    demo_colleagues()  # loading again changes nothing
    daniel = Person.objects.get(email=f"mentor.daniel@{DEMO_DOMAIN}")
    link = ReferralLink.objects.get(person=daniel)
    assert Referral.objects.filter(link=link).count() == 2
    client.force_login(daniel)
    page = client.get(reverse("programs:colleague_invite", args=[link.program_id])).content
    assert "2 colleagues have applied to this program through your links so far." in page.decode()

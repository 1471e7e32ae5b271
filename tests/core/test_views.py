from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bridgeway.core.models import AuditEvent, Invitation, Membership, Organization
from bridgeway.programs.models import Enrollment
from tests.factories import MembershipFactory, PersonFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_the_directory_lists_listed_programs_of_every_agency(
    client: Client, world: SimpleNamespace
) -> None:
    ProgramFactory(organization=world.agency_a, name="Unlisted draft", is_published=False)
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    assert b"Welcome Hosts A" in response.content
    assert b"Career Bridge B" in response.content
    assert b"Unlisted draft" not in response.content


def test_the_directory_searches_and_says_when_nothing_matches(
    client: Client, world: SimpleNamespace
) -> None:
    response = client.get(reverse("core:home"), {"q": "career"})
    assert b"Career Bridge B" in response.content
    assert b"Welcome Hosts A" not in response.content
    response = client.get(reverse("core:home"), {"q": "no such thing"})
    assert b"No program matches your search" in response.content


def test_the_directory_pages_through_many_programs(client: Client, agency_a: object) -> None:
    for n in range(30):
        ProgramFactory(organization=agency_a, name=f"Program {n:02d}")
    first = client.get(reverse("core:home"))
    assert b"Page 1 of 3" in first.content
    last = client.get(reverse("core:home"), {"page": "99"})
    assert b"Page 3 of 3" in last.content


def test_the_directory_answers_htmx_with_the_list_only(
    client: Client, world: SimpleNamespace
) -> None:
    response = client.get(reverse("core:home"), {"q": "career"}, headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    assert b"Career Bridge B" in response.content


def test_a_mentee_sees_their_programs_and_status(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.erin)
    response = client.get(reverse("core:dashboard"))
    assert b"Programs where I am a mentee" in response.content
    assert b"Welcome Hosts A" in response.content
    assert b"Applied" in response.content


def test_someone_new_is_invited_to_browse_programs(client: Client, mallory: object) -> None:
    client.force_login(mallory)
    response = client.get(reverse("core:dashboard"))
    assert b"You have not joined a program yet" in response.content


def test_the_coordinator_sees_counts_by_status(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    response = client.get(reverse("core:agency_overview", args=["agency-a"]))
    assert response.status_code == 200
    program = response.context["page"].object_list[0]
    assert program.count_applied == 2
    assert program.count_total == 2


def test_the_coordinator_dashboard_keeps_its_query_count_as_programs_grow(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.bob)
    url = reverse("core:agency_overview", args=["agency-a"])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        ProgramFactory(organization=world.agency_a, name=f"More {n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_staff_without_two_step_verification_are_sent_to_set_it_up(
    client: Client, agency_a: Organization
) -> None:
    newcomer = PersonFactory()
    MembershipFactory(organization=agency_a, person=newcomer, role="admin")
    client.force_login(newcomer)
    response = client.get(reverse("core:agency_overview", args=["agency-a"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:mfa_required")
    response = client.post(
        reverse("programs:program_new", args=["agency-a"]), {"name": "x", "slug": "x"}
    )
    assert response.status_code == 302
    assert not agency_a.programs.filter(slug="x").exists()


def test_a_coordinator_cannot_open_admin_pages(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.bob)
    for name in ("core:agency_staff", "core:agency_settings", "core:agency_audit"):
        assert client.get(reverse(name, args=["agency-a"])).status_code == 403


def test_an_admin_invites_staff_and_the_audit_log_shows_it(
    client: Client, world: SimpleNamespace, django_capture_on_commit_callbacks: object
) -> None:
    client.force_login(world.alice)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = client.post(
            reverse("core:agency_staff", args=["agency-a"]),
            {"email": "zoe@agency-a.org", "role": "coordinator"},
        )
    assert response.status_code == 302
    assert Invitation.objects.filter(email="zoe@agency-a.org").exists()
    log = client.get(reverse("core:agency_audit", args=["agency-a"]))
    assert b"Staff member invited" in log.content
    assert b"zoe@agency-a.org" in log.content


def test_an_invalid_invitation_shows_the_field_error(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.alice)
    response = client.post(
        reverse("core:agency_staff", args=["agency-a"]), {"email": "not-an-email", "role": "boss"}
    )
    assert response.status_code == 200
    assert b"Enter a valid email address." in response.content
    assert b"Select a valid choice." in response.content
    assert not Invitation.objects.exists()


def test_field_errors_come_in_the_persons_language(client: Client, world: SimpleNamespace) -> None:
    world.alice.preferred_language = "fr"
    world.alice.save()
    client.force_login(world.alice)
    response = client.post(
        reverse("core:agency_staff", args=["agency-a"]), {"email": "not-an-email", "role": "admin"}
    )
    assert b"Saisissez une adresse e-mail valide." in response.content
    assert b'lang="fr"' in response.content


def test_the_invited_person_accepts_and_becomes_staff(
    client: Client, world: SimpleNamespace
) -> None:
    invitation = Invitation.objects.create(
        organization=world.agency_a,
        email="zoe@agency-a.org",
        role="coordinator",
        expires_at=Invitation.default_expiry(),
    )
    zoe = PersonFactory(email="zoe@agency-a.org")
    client.force_login(zoe)
    url = reverse("core:invitation_accept", args=[invitation.token])
    assert b"Join Agency A" in client.get(url).content
    client.post(url)
    assert Membership.objects.get(person=zoe).role == "coordinator"


def test_changing_a_status_from_the_enrollment_page(client: Client, world: SimpleNamespace) -> None:
    enrollment = Enrollment.objects.get(person=world.erin)
    client.force_login(world.bob)
    url = reverse("programs:staff_enrollment", args=[enrollment.pk])
    response = client.post(url, {"status": "screening", "reason": ""})
    assert response.status_code == 302
    enrollment.refresh_from_db()
    assert enrollment.status == "screening"
    response = client.post(url, {"status": "alumni"})
    assert b"Select a valid choice." in response.content
    enrollment.refresh_from_db()
    assert enrollment.status == "screening"


def test_the_network_admin_creates_an_agency_and_invites_its_admin(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.grace)
    response = client.post(
        reverse("core:network_agency_new"),
        {
            "name": "Harbour Services",
            "slug": "harbour",
            "is_active": "on",
            "admin-email": "h@h.org",
        },
    )
    assert response.status_code == 302
    harbour = Organization.objects.get(slug="harbour")
    assert harbour.invitations.get().email == "h@h.org"
    assert AuditEvent.objects.filter(action="organization.create", organization=harbour).exists()


def test_an_agency_cannot_take_a_reserved_short_name(
    client: Client, world: SimpleNamespace
) -> None:
    client.force_login(world.grace)
    response = client.post(
        reverse("core:network_agency_new"),
        {"name": "P", "slug": "programs", "admin-email": "h@h.org"},
    )
    assert response.status_code == 200
    assert b"This short name is reserved" in response.content


def test_agency_staff_are_not_network_admins(client: Client, world: SimpleNamespace) -> None:
    client.force_login(world.alice)
    assert client.get(reverse("core:network_agencies")).status_code == 404


def test_unknown_pages_answer_a_friendly_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from bridgeway.core import services
from bridgeway.core.models import AuditEvent, Invitation, Membership, Organization
from bridgeway.core.services import DomainError
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_an_invitation_is_emailed_after_commit(
    world: SimpleNamespace, django_capture_on_commit_callbacks: object
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        invitation = services.invitation_create(
            organization=world.agency_a,
            email="New@Agency-A.org",
            role="coordinator",
            by=world.alice,
        )
    assert invitation.email == "new@agency-a.org"
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    assert "Agency A" in mail.outbox[0].subject


def test_a_staff_invitation_names_the_site_as_the_network_calls_it(
    world: SimpleNamespace, django_capture_on_commit_callbacks: object, settings: Any
) -> None:
    settings.BRIDGEWAY_SITE_NAME = "Newcomer Mentoring Network"
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        services.invitation_create(
            organization=world.agency_a,
            email="new@agency-a.org",
            role="coordinator",
            by=world.alice,
        )
    (message,) = mail.outbox
    assert message.subject == "You are invited to join Agency A on Newcomer Mentoring Network"
    assert "join Agency A on Newcomer Mentoring Network as" in message.body
    assert "Bridgeway" not in message.subject + message.body


def test_accepting_an_invitation_makes_the_person_staff_once(world: SimpleNamespace) -> None:
    invitation = services.invitation_create(
        organization=world.agency_a, email="nina@agency-a.org", role="coordinator", by=world.alice
    )
    nina = PersonFactory(email="nina@agency-a.org")
    services.invitation_accept(invitation=invitation, person=nina)
    assert Membership.objects.get(person=nina).role == "coordinator"
    with pytest.raises(DomainError):
        services.invitation_accept(invitation=invitation, person=nina)
    assert Membership.objects.filter(person=nina).count() == 1


def test_an_invitation_cannot_be_used_by_another_address(world: SimpleNamespace) -> None:
    invitation = services.invitation_create(
        organization=world.agency_a, email="nina@agency-a.org", role="admin", by=world.alice
    )
    with pytest.raises(DomainError):
        services.invitation_accept(invitation=invitation, person=world.mallory)
    assert not Membership.objects.filter(person=world.mallory).exists()
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_stale_invitations_expire_and_running_it_again_changes_nothing(
    world: SimpleNamespace,
) -> None:
    stale = services.invitation_create(
        organization=world.agency_a, email="old@agency-a.org", role="admin", by=world.alice
    )
    fresh = services.invitation_create(
        organization=world.agency_a, email="new@agency-a.org", role="admin", by=world.alice
    )
    Invitation.objects.filter(pk=stale.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert services.invitations_expire() == 1
    assert services.invitations_expire() == 0
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == Invitation.Status.EXPIRED
    assert fresh.status == Invitation.Status.PENDING
    with pytest.raises(DomainError):
        services.invitation_accept(invitation=stale, person=PersonFactory(email="old@agency-a.org"))


def test_the_last_admin_cannot_leave_or_be_demoted(world: SimpleNamespace) -> None:
    alice_membership = Membership.objects.get(person=world.alice)
    with pytest.raises(DomainError):
        services.membership_remove(membership=alice_membership, by=world.alice)
    with pytest.raises(DomainError):
        services.membership_change_role(
            membership=alice_membership, role="coordinator", by=world.alice
        )
    bob_membership = Membership.objects.get(person=world.bob)
    services.membership_change_role(membership=bob_membership, role="admin", by=world.alice)
    services.membership_remove(membership=alice_membership, by=world.bob)
    assert not Membership.objects.filter(person=world.alice).exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "membership.change_role" in actions
    assert "membership.remove" in actions


def test_inviting_someone_already_on_staff_is_refused(world: SimpleNamespace) -> None:
    with pytest.raises(DomainError) as error:
        services.invitation_create(
            organization=world.agency_a, email="bob@agency-a.org", role="admin", by=world.alice
        )
    assert error.value.field == "email"


def test_a_new_invitation_replaces_the_pending_one(world: SimpleNamespace) -> None:
    first = services.invitation_create(
        organization=world.agency_a, email="x@agency-a.org", role="admin", by=world.alice
    )
    services.invitation_create(
        organization=world.agency_a, email="x@agency-a.org", role="coordinator", by=world.alice
    )
    first.refresh_from_db()
    assert first.status == Invitation.Status.REVOKED
    assert Invitation.objects.filter(status=Invitation.Status.PENDING).count() == 1


@pytest.mark.django_db
def test_an_agency_edit_keeps_a_concurrent_edit_of_another_setting(
    world: SimpleNamespace,
) -> None:
    stale = Organization.objects.get(pk=world.agency_a.pk)  # read before the other edit
    Organization.objects.filter(pk=stale.pk).update(city="Halifax")
    services.organization_update(organization=stale, by=world.alice, name="Agency A+")
    fresh = Organization.objects.get(pk=stale.pk)
    assert (fresh.name, fresh.city) == ("Agency A+", "Halifax")


@pytest.mark.parametrize(
    ("account_language", "chosen", "expected"),
    [
        ("en", "fr", "You are invited"),  # the account's own language wins
        ("fr", "en", "Vous êtes invité"),
        (None, "fr", "Vous êtes invité"),  # no account: the language the inviter chose
        (None, "", "You are invited"),  # nothing chosen: the site's language
    ],
)
def test_an_invitation_is_written_in_the_invited_person_s_language(
    world: SimpleNamespace,
    django_capture_on_commit_callbacks: Any,
    account_language: str | None,
    chosen: str,
    expected: str,
) -> None:
    if account_language:
        PersonFactory(email="lea@example.org", preferred_language=account_language)
    world.alice.preferred_language = "fr" if account_language == "en" else "en"
    world.alice.save(update_fields=["preferred_language"])
    with (
        translation.override(world.alice.preferred_language),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.invitation_create(
            organization=world.agency_a,
            email="lea@example.org",
            role="coordinator",
            by=world.alice,
            language=chosen,
        )
    assert mail.outbox[-1].subject.startswith(expected)

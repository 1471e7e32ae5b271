"""The agreement: terms the pair choose, both signatures (or a staff waiver with a reason)
before the mentorship is under way, and the program's text in versions and languages."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.core.services import DomainError
from bridgeway.notifications.models import Notification
from bridgeway.relationships import agreements, services
from bridgeway.relationships.models import Agreement, Relationship

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(cohort: SimpleNamespace) -> Relationship:
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    return services.request_accept(request=request, by=cohort.dana.person)


def test_both_sign_the_same_terms_before_the_mentorship_is_under_way(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    agreement = pair.agreement
    amal, dana = cohort.amal.person, cohort.dana.person
    agreements.agreement_sign(agreement=agreement, by=amal, typed_name="Amal Haddad")
    # Dana changes the terms: Amal's signature was for other terms, so it is cleared.
    agreements.agreement_terms(
        agreement=agreement,
        by=dana,
        meeting_frequency="weekly",
        channels=["phone"],
        response_days=3,
    )
    agreement.refresh_from_db()
    assert agreement.mentee_signed_at is None
    agreements.agreement_sign(agreement=agreement, by=dana, typed_name="Dana")
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.AGREEMENT
    agreements.agreement_sign(agreement=agreement, by=amal, typed_name="  Amal   Haddad ")
    pair.refresh_from_db()
    agreement.refresh_from_db()
    assert pair.status == Relationship.Status.ACTIVE
    assert agreement.mentee_signed_name == "Amal Haddad"
    assert Notification.objects.filter(kind="relationships.active").count() == 2
    with pytest.raises(DomainError, match="already in force"):
        agreements.agreement_sign(agreement=agreement, by=amal, typed_name="Amal")


def test_someone_else_cannot_sign_and_a_blank_name_is_refused(
    pair: Relationship, cohort: SimpleNamespace
) -> None:
    with pytest.raises(DomainError, match="Only the mentee and the mentor"):
        agreements.agreement_sign(agreement=pair.agreement, by=cohort.fay.person, typed_name="Fay")
    with pytest.raises(DomainError, match="Type your name"):
        agreements.agreement_sign(agreement=pair.agreement, by=cohort.amal.person, typed_name=" ")
    with pytest.raises(DomainError, match="at least one way to meet"):
        agreements.agreement_terms(
            agreement=pair.agreement,
            by=cohort.amal.person,
            meeting_frequency="weekly",
            channels=["carrier pigeon"],
            response_days=2,
        )


def test_staff_start_it_without_signatures_only_with_a_reason(
    client: Client, pair: Relationship, cohort: SimpleNamespace
) -> None:
    client.force_login(cohort.world.bob)
    url = reverse("relationships:staff_relationship", args=[pair.pk])
    page = client.post(url, {"form": "waive", "reason": " "}).content.decode()
    assert "This field is required." in page
    response = client.post(url, {"form": "waive", "reason": "Amal signed on paper at the office."})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ACTIVE
    assert Agreement.objects.get().waived_reason == "Amal signed on paper at the office."
    client.force_login(cohort.world.carol)  # another agency's admin
    assert client.get(url).status_code == 404


def test_the_program_text_is_versioned_and_read_in_each_persons_language(
    client: Client, cohort: SimpleNamespace
) -> None:
    program = cohort.program
    alice = cohort.world.alice
    client.force_login(cohort.world.bob)  # a coordinator: admins write the agreement
    url = reverse("relationships:agreement_template", args=[program.pk])
    assert client.get(url).status_code == 404  # like every admin-only page of a program
    client.force_login(alice)
    page = client.get(url).content.decode()
    assert "What we share stays between us." in page  # the default, to start from
    client.post(url, {"text_en": "We meet. v1", "text_fr": "Nous nous voyons. v1"})
    client.post(url, {"text_en": "We meet. v2", "text_fr": "Nous nous voyons. v2"})
    assert agreements.template_current(program=program).version == 2
    [request] = services.requests_send(
        mentee=cohort.amal, mentor_ids=[cohort.dana.pk], message="", by=cohort.amal.person
    )
    pair = services.request_accept(request=request, by=cohort.dana.person)
    assert pair.agreement.version == 2
    amal = cohort.amal.person
    amal.preferred_language = "fr"
    amal.save()
    client.force_login(amal)
    page = client.get(
        reverse("relationships:detail", args=[pair.pk]), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()
    assert "Nous nous voyons. v2" in page


def test_signing_on_the_page(client: Client, pair: Relationship, cohort: SimpleNamespace) -> None:
    url = reverse("relationships:detail", args=[pair.pk])
    client.force_login(cohort.amal.person)
    page = client.post(url, {"form": "sign", "typed_name": ""}).content.decode()
    assert "This field is required." in page
    client.post(url, {"form": "sign", "typed_name": "Amal"})
    page = client.get(url).content.decode()
    assert "You signed. Waiting for Dana." in page
    client.force_login(cohort.dana.person)
    client.post(url, {"form": "sign", "typed_name": "Dana"})
    pair.refresh_from_db()
    assert pair.status == Relationship.Status.ACTIVE
    page = client.get(url).content.decode()
    assert "Signed by the mentee, Amal, on" in page
    assert 'name="typed_name"' not in page


def test_the_default_text_exists_in_every_site_language() -> None:
    texts: dict[str, Any] = agreements.default_texts()
    assert set(texts) == {"en", "fr"}
    assert texts["fr"] != texts["en"]

"""Answers published before the library held them move into it with the migration: each one a
resource of kind "answer" for its agency, found by search, archived when it had been
withdrawn, its old address leading there."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bridgeway.community.experts.models import PublishedAnswer
from bridgeway.learning.library.search import Filters, resources_found
from tests.factories import EnrollmentFactory, OrganizationFactory, PersonFactory

BEFORE = [("community", "0008_sessions"), ("learning", "0002_resource_library")]
AFTER = [("community", "0010_answers_in_library"), ("learning", "0003_published_answers")]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _published_before(apps: Any, organization_id: int, publisher_id: int) -> list[int]:
    topic = apps.get_model("community", "ExpertTopic").objects.create(
        organization_id=organization_id, name="Housing"
    )
    made = apps.get_model("community", "PublishedAnswer").objects
    live = made.create(
        organization_id=organization_id,
        topic=topic,
        title="Deposits in Ontario",
        question_text="Can a landlord keep a **deposit**?",
        answer_text="Only for the last month's rent.",
        published_by_id=publisher_id,
    )
    withdrawn = made.create(
        organization_id=organization_id,
        title="Repairs",
        question_text="Who pays for repairs?",
        answer_text="The landlord.",
        published_by_id=publisher_id,
        withdrawn_at=timezone.now(),
    )
    return [live.pk, withdrawn.pk]


@pytest.mark.django_db(transaction=True)
def test_published_answers_move_into_the_library(client: Client) -> None:
    organization = OrganizationFactory()
    publisher = PersonFactory(preferred_language="fr")
    reader = PersonFactory()
    EnrollmentFactory(person=reader, program__organization=organization)
    try:
        old = _migrate(BEFORE)
        live_pk, withdrawn_pk = _published_before(old, organization.pk, publisher.pk)
        _migrate(AFTER)

        live = PublishedAnswer.objects.select_related("resource").get(pk=live_pk)
        resource = live.resource
        assert (resource.kind, resource.level, resource.organization_id, resource.archived) == (
            "answer",
            "agency",
            organization.pk,
            False,
        )
        version = resource.versions.get()
        assert (version.language, version.title, version.summary) == (
            "fr",  # the publisher's language
            "Deposits in Ontario",
            "Can a landlord keep a deposit?",
        )
        assert PublishedAnswer.objects.get(pk=withdrawn_pk).resource.archived
        found = resources_found(person=reader, filters=Filters(text="last month"))
        assert list(found) == [resource]
        client.force_login(reader)
        answer = client.get(reverse("community:answer", args=[live_pk]))
        assert answer.url == reverse("learning:resource", args=[resource.pk])

    finally:  # the next tests find every migration applied
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            executor.migrate(executor.loader.graph.leaf_nodes())

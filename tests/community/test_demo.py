from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.community.models import Prompt, Space, Topic
from bridgeway.demo.community import demo_community
from bridgeway.demo.network import DEMO_DOMAIN, demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_welcome_space_that_a_mentee_reads_once(client: Client) -> None:
    demo_load()
    demo_community()
    demo_community()
    assert Space.objects.count() == 2
    topic = Topic.objects.get(title="Welcome — start here")
    assert topic.pinned
    assert topic.reply_count == 1
    statuses = sorted(Prompt.objects.values_list("status", flat=True))
    assert statuses == ["scheduled", "sent"]  # week 1 posted, week 2 to come
    client.force_login(Person.objects.get(email=f"mentee.yara@{DEMO_DOMAIN}"))
    page = client.get(reverse("community:home")).content.decode()
    assert "Welcome to the network" in page
    assert "Mentors&#x27; corner" not in page


def test_the_demo_mentors_corner_has_a_moderator_and_a_queue(client: Client) -> None:
    demo_load()
    demo_community()
    corner = Space.objects.get(audience="mentors")
    assert corner.hold_first_posts == 2
    moderator = corner.moderators.get().person
    client.force_login(moderator)
    queue = reverse("community:moderation", args=[corner.pk])
    assert (
        "50% off" not in client.get(queue).content.decode()
    )  # reports list the post, not its text
    assert "An ad." in client.get(queue).content.decode()
    assert "Hello from a new mentor" in client.get(queue, {"show": "held"}).content.decode()

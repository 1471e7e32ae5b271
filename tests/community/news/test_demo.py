from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.community.news.models import Post, PostState
from bridgeway.demo.network import DEMO_DOMAIN, demo_load
from bridgeway.demo.news import demo_news
from bridgeway.notifications.models import Timer

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_sent_newsletter_and_a_scheduled_announcement_once(
    client: Client,
) -> None:
    demo_load()
    demo_news()
    demo_news()
    newsletter = Post.objects.get(kind="newsletter")
    assert newsletter.state == PostState.SENT
    assert newsletter.recipient_count > 0
    assert set(newsletter.versions.values_list("language", flat=True)) == {"en", "fr"}
    announcement = Post.objects.get(kind="announcement")
    assert announcement.state == PostState.SCHEDULED
    assert Timer.objects.get(key=f"community-post:{announcement.pk}").state == "pending"
    page = client.get(reverse("community:news_agency", args=["maple"])).content.decode()
    assert "Maple news" in page  # public: no sign-in needed
    client.force_login(Person.objects.get(email=f"mentee.yara@{DEMO_DOMAIN}"))
    assert "Maple news" in client.get(newsletter.get_absolute_url()).content.decode()

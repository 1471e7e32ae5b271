"""The outbox as a person meets it: written with the change, sent after commit in their
language, never twice, held through quiet hours, gathered in summaries, switched off in one
click, and shown in the bell."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta
from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.notifications.digests import digests_send_due
from bridgeway.notifications.email import unsubscribe_url
from bridgeway.notifications.models import Delivery, Notification, Preference
from bridgeway.notifications.outbox import Notice, deliveries_send_due, notify, notify_many
from bridgeway.notifications.render import when
from bridgeway.notifications.services import contact_update
from tests.clock import next_local
from tests.factories import EnrollmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

KIND = "programs.application_received"


def _tell(person: Person, enrollment: Any, event: str = "e1") -> Notification | None:
    return notify(
        kind=KIND,
        event=event,
        person=person,
        role=enrollment.role,
        params={"enrollment": enrollment.pk},
        url="/dashboard/",
        organization=enrollment.program.organization,
    )


@pytest.fixture
def samira(program_a: Any) -> tuple[Person, Any]:
    person = PersonFactory(display_name="Samira", preferred_language="fr", time_zone="Asia/Manila")
    return person, EnrollmentFactory(program=program_a, person=person, role="mentee")


def test_a_notification_leaves_only_after_commit_once_and_in_the_recipients_language(
    samira: tuple[Person, Any], django_capture_on_commit_callbacks: Any
) -> None:
    person, enrollment = samira
    noon_manila = next_local(time(12, 0), "Asia/Manila")  # not quiet hours
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert _tell(person, enrollment) is not None
        assert _tell(person, enrollment) is None  # the same event again: a retried job
    assert not mail.outbox  # nothing before commit
    assert len(callbacks) >= 1
    deliveries_send_due(now=noon_manila)
    [message] = mail.outbox
    assert message.to == [person.email]
    assert message.subject == "Votre candidature à Welcome Hosts A est reçue"
    assert message.body.startswith("Bonjour Samira,")
    html = message.alternatives[0][0]
    assert '<html lang="fr">' in html
    assert message.extra_headers["Message-ID"].startswith("<delivery-")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    deliveries_send_due(now=noon_manila + timedelta(hours=1))
    assert len(mail.outbox) == 1  # sent once
    delivery = Delivery.objects.get()
    assert delivery.state == "sent"
    assert delivery.sent_to == person.email


def test_quiet_hours_hold_a_message_until_morning_where_the_person_lives(
    samira: tuple[Person, Any], monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.BRIDGEWAY_DEFAULT_QUIET_HOURS = "21:00-08:00"  # the deployment's default
    person, enrollment = samira
    late = datetime(2026, 12, 7, 15, 0, tzinfo=UTC)  # 23:00 in Manila
    monkeypatch.setattr(timezone, "now", lambda: late)
    _tell(person, enrollment)
    delivery = Delivery.objects.get()
    assert delivery.due_at == datetime(2026, 12, 8, 0, 0, tzinfo=UTC)  # 08:00 in Manila
    deliveries_send_due(now=late + timedelta(hours=1))
    assert not mail.outbox
    deliveries_send_due(now=delivery.due_at)
    assert len(mail.outbox) == 1


def test_a_weekly_summary_gathers_what_is_unread_once(frank: Person, program_a: Any) -> None:
    enrollment = frank.enrollments.get()
    Preference.objects.create(person=frank, kind=KIND, channel="email", frequency="weekly")
    first, second = _tell(frank, enrollment, "a"), _tell(frank, enrollment, "b")
    assert first is not None
    assert second is not None
    assert set(Delivery.objects.values_list("state", flat=True)) == {"digest"}
    second.read_at = timezone.now()  # read in the app meanwhile
    second.save()
    monday_morning = next_local(time(8, 5), "America/Toronto", weekday=0)
    assert digests_send_due(now=monday_morning) == 1
    assert digests_send_due(now=monday_morning + timedelta(hours=1)) == 0  # once
    deliveries_send_due(now=monday_morning)
    [message] = mail.outbox
    assert "this week and is still unread (1 notification)" in message.body
    assert message.body.count("has received your application") == 1
    assert (
        dict(Delivery.objects.filter(digest__isnull=True).values_list("notification", "state"))[
            second.pk
        ]
        == "skipped"
    )
    # Nothing new next week: nothing is sent.
    assert digests_send_due(now=monday_morning + timedelta(days=7)) == 0


def test_one_click_unsubscribe_asks_on_get_and_switches_off_on_post(
    erin: Person, client: Client
) -> None:
    enrollment = erin.enrollments.get()
    notification = _tell(erin, enrollment)
    assert notification is not None
    url = unsubscribe_url(notification)
    response = Client().get(url)
    assert response.status_code == 200
    assert not Preference.objects.exists()  # a mail scanner opening the link changes nothing
    response = Client().post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert Preference.objects.get(person=erin, kind=KIND).frequency == "off"
    _tell(erin, enrollment, "later")
    assert Delivery.objects.filter(notification__event="later").count() == 0
    assert Client().get(url[:-5] + "xxxxx/").status_code == 404


def test_the_bell_counts_unread_and_opening_one_marks_it_read(erin: Person, client: Client) -> None:
    enrollment = erin.enrollments.get()
    notification = _tell(erin, enrollment)
    assert notification is not None
    client.force_login(erin)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert '<span class="badge">1</span>' in page
    listing = client.get(reverse("notifications:list")).content.decode()
    assert "has received your application to Welcome Hosts A" in listing
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "data-bell-count hidden" in page
    # Someone else's notification is "not found", like one that does not exist.
    mallory = PersonFactory()
    client.force_login(mallory)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_a_phone_number_is_checked_and_kept_in_e164_with_the_opt_in_time(
    erin: Person, client: Client, settings: Any, tmp_path: Any
) -> None:
    client.force_login(erin)
    url = reverse("notifications:preferences")
    response = client.post(url, {"form": "contact", "phone": "12345", "sms": "on"})
    assert "This number does not exist in the country it names" in response.content.decode()
    # Turning text messages on asks for the consent to them in the same submit.
    posted = {"form": "contact", "phone": "+63 917 123 4567", "sms": "on"}
    refused = client.post(url, posted).content.decode()
    assert "Text messages need your consent" in refused
    client.post(url, {**posted, "texts_consent": "on", "texts_consent_version": "1"})
    contact = erin.contact_settings
    contact.refresh_from_db()
    assert contact.phone == "+639171234567"
    assert contact.sms_opt_in_at is not None
    # Something that needs an answer now goes by text too (the file backend records it).
    settings.BRIDGEWAY_TEXT_BACKEND = "bridgeway.notifications.texting.FileBackend"
    settings.BRIDGEWAY_TEXT_FILE = str(tmp_path / "texts.jsonl")
    _tell(erin, erin.enrollments.get())
    deliveries_send_due(now=timezone.now() + timedelta(days=1))
    [line] = (tmp_path / "texts.jsonl").read_text().splitlines()
    sent = json.loads(line)
    assert sent["to"] == "+639171234567"
    assert sent["channel"] == "sms"
    assert "has received your application" in sent["body"]


def test_stop_from_the_phone_stops_text_messages(
    erin: Person, client: Client, settings: Any
) -> None:
    import base64
    import hashlib
    import hmac

    contact_update(
        person=erin,
        phone="+639171234567",
        sms=True,
        whatsapp=False,
        quiet_start=None,
        quiet_end=None,
    )
    settings.TWILIO_AUTH_TOKEN = "secret"
    url = reverse("notifications:text_inbound")
    data = {"From": "+639171234567", "Body": "stop"}
    assert Client().post(url, data).status_code == 403  # unsigned
    signed = settings.SITE_URL + url + "".join(f"{k}{data[k]}" for k in sorted(data))
    signature = base64.b64encode(hmac.new(b"secret", signed.encode(), hashlib.sha1).digest())
    response = Client().post(url, data, HTTP_X_TWILIO_SIGNATURE=signature.decode())
    assert response.status_code == 200
    erin.contact_settings.refresh_from_db()
    assert erin.contact_settings.sms_stopped_at is not None
    assert not erin.contact_settings.can_text("sms")


def test_a_time_reads_in_both_peoples_time_zones() -> None:
    moment = datetime(2026, 12, 8, 11, 0, tzinfo=UTC)
    assert when(moment, "Asia/Manila", "America/Toronto") == "Tue 19:00 in Manila, 06:00 in Toronto"
    assert when(moment, "America/Toronto", "America/Toronto") == "Tue 06:00 in Toronto"


def test_notifications_of_a_row_written_now_are_inserted_without_a_savepoint() -> None:
    # `new`: the caller vouches that nothing can be there yet; a notification that is there
    # all the same fails the change instead of being passed over.
    notice = Notice(kind=KIND, event="enrollment:1:new", person=PersonFactory())
    with CaptureQueriesContext(connection) as queries:  # in the test's transaction
        [written] = notify_many([notice], new=True)
    assert written is not None
    assert written.deliveries.count() == 1  # type: ignore[attr-defined]
    assert not [q for q in queries if "SAVEPOINT" in q["sql"]]
    with pytest.raises(IntegrityError), transaction.atomic():
        notify_many([notice], new=True)
    assert notify_many([notice]) == [None]  # without `new`: a retried job, passed over

"""Ask-an-Expert as participants and experts use it: asking, anonymity to the expert, the
expert's inbox holding only their questions, answering and asking back, rating by the asker
only, and the published answers (in the resource library)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from bridgeway.accounts.models import Person
from bridgeway.community.experts import services, staff_services
from bridgeway.community.experts.models import Expert, ExpertTopic, Question, QuestionPost
from bridgeway.notifications.models import Delivery, Notification
from bridgeway.notifications.render import recipient_language, summary_in
from tests.community.experts.conftest import ask
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_mentee_asks_once_even_when_sending_twice_and_staff_are_told(
    client: Client, world: SimpleNamespace, housing: ExpertTopic
) -> None:
    client.force_login(world.erin)
    page = client.get(reverse("community:ask")).content.decode()
    assert "Housing" in page
    data = {
        "topic": str(housing.pk),
        "title": "Can my landlord keep my deposit?",
        "body": "I moved out in **May**. <script>alert(1)</script>",
        "anonymous": "on",
        "client_key": "k1",
    }
    response = client.post(reverse("community:ask"), data, follow=True)
    client.post(reverse("community:ask"), data)
    question = Question.objects.get()
    assert (question.organization, question.status, question.anonymous) == (
        world.agency_a,
        "new",
        True,
    )
    body = response.content.decode()
    assert "Your question is sent" in body
    assert "<strong>May</strong>" in body
    assert "<script>" not in body
    told = Notification.objects.filter(kind="community.question_new")
    assert {n.person.email for n in told} == {"alice@agency-a.org", "bob@agency-a.org"}


def test_a_topic_of_another_agency_cannot_be_chosen(
    client: Client, world: SimpleNamespace, housing: ExpertTopic
) -> None:
    other = staff_services.topic_save(organization=world.agency_b, by=world.carol, name="Taxes")
    client.force_login(world.erin)
    response = client.post(
        reverse("community:ask"), {"topic": str(other.pk), "title": "Hi", "body": "x"}
    )
    assert "Choose one of the topics in the list." in response.content.decode()
    assert not Question.objects.exists()


def test_someone_in_no_program_sees_an_empty_state(
    client: Client, world: SimpleNamespace, housing: ExpertTopic
) -> None:
    client.force_login(world.mallory)
    page = client.get(reverse("community:ask")).content.decode()
    assert "Your agency has no expert topics yet" in page
    assert (
        "You have not asked an expert anything yet"
        in client.get(reverse("community:my_questions")).content.decode()
    )
    assert (
        "You are not an expert of any agency"
        in client.get(reverse("community:expert_inbox")).content.decode()
    )


def test_an_anonymous_asker_is_hidden_from_the_expert_never_from_staff(
    client: Client, world: SimpleNamespace, routed: Question, xavier: Person
) -> None:
    client.force_login(xavier)
    page = client.get(reverse("community:question", args=[routed.pk])).content.decode()
    assert "Can my landlord keep my deposit?" in page
    assert "A participant (anonymous)" in page
    assert world.erin.name not in page
    client.force_login(world.bob)
    staff_page = client.get(
        reverse("community:staff_question", args=["agency-a", routed.pk])
    ).content.decode()
    assert world.erin.name in staff_page
    client.force_login(world.erin)
    own = client.get(reverse("community:question", args=[routed.pk])).content.decode()
    assert "Your name is hidden from the expert" in own


def test_a_named_asker_is_shown_to_the_expert(
    client: Client, world: SimpleNamespace, housing: ExpertTopic, expert: Expert, xavier: Person
) -> None:
    question = ask(world, housing, anonymous=False)
    staff_services.question_route(question=question, expert=expert, by=world.bob)
    client.force_login(xavier)
    page = client.get(reverse("community:question", args=[question.pk])).content.decode()
    assert world.erin.name in page


def test_the_expert_sees_only_the_questions_routed_to_them(
    client: Client, world: SimpleNamespace, housing: ExpertTopic, routed: Question, xavier: Person
) -> None:
    waiting = ask(world, housing)  # not routed yet
    other_expert = staff_services.expert_accept(
        expert=staff_services.expert_invite(
            organization=world.agency_a,
            by=world.alice,
            email="yuki@example.org",
            name="Yuki",
            topics=[housing],
        ),
        person=PersonFactory(email="yuki@example.org"),
    )
    elsewhere = staff_services.question_route(
        question=ask(world, housing), expert=other_expert, by=world.bob
    )
    client.force_login(xavier)
    inbox = client.get(reverse("community:expert_inbox")).content.decode()
    assert inbox.count("Can my landlord keep my deposit?") == 1
    for hidden in (waiting, elsewhere):
        assert client.get(reverse("community:question", args=[hidden.pk])).status_code == 404
    # A peer of the asker (same program) sees nothing either.
    client.force_login(world.frank)
    assert client.get(reverse("community:question", args=[routed.pk])).status_code == 404


def test_the_expert_answers_and_the_asker_is_told_in_their_language(
    client: Client, world: SimpleNamespace, routed: Question, xavier: Person
) -> None:
    world.erin.preferred_language = "fr"
    world.erin.save(update_fields=["preferred_language"])
    client.force_login(xavier)
    url = reverse("community:question", args=[routed.pk])
    data = {
        "action": "answer",
        "expert-body": "Usually **no**.",
        "expert-asks_back": "0",
        "expert-client_key": "a1",
    }
    client.post(url, data)
    client.post(url, data)  # sent twice: one answer
    routed.refresh_from_db()
    assert routed.status == "answered"
    assert routed.first_answer_at is not None
    assert QuestionPost.objects.filter(kind="answer").count() == 1
    told = Notification.objects.get(kind="community.question_answered")
    assert told.person == world.erin
    # Written in Erin's language when it goes out (the French words come with the catalog).
    assert recipient_language(told) == "fr"
    assert Delivery.objects.filter(notification=told, channel="email").exists()
    assert "Can my landlord keep my deposit?" in summary_in(told)


def test_asking_back_waits_for_the_asker_whose_reply_restarts_the_clock(
    client: Client, world: SimpleNamespace, routed: Question, xavier: Person
) -> None:
    first_clock = routed.clock
    services.expert_post(question=routed, by=xavier, body="Which province?", asks_back=True)
    routed.refresh_from_db()
    assert routed.status == "waiting"
    assert Notification.objects.filter(kind="community.question_asked_back").count() == 1
    client.force_login(world.erin)
    url = reverse("community:question", args=[routed.pk])
    assert "Answer the expert" in client.get(url).content.decode()
    client.post(url, {"action": "reply", "reply-body": "Ontario.", "reply-client_key": "r1"})
    routed.refresh_from_db()
    assert routed.status == "routed"
    assert routed.clock == first_clock + 1
    assert Notification.objects.get(kind="community.question_reply").person == xavier


def test_only_the_asker_rates_and_only_after_an_answer(
    client: Client, world: SimpleNamespace, routed: Question, xavier: Person
) -> None:
    client.force_login(world.erin)
    url = reverse("community:question", args=[routed.pk])
    assert "Rate the answer" not in client.get(url).content.decode()
    client.post(url, {"action": "rate", "rating-rating": "5"})
    routed.refresh_from_db()
    assert routed.rating is None
    services.expert_post(question=routed, by=xavier, body="No.")
    client.force_login(xavier)
    client.post(url, {"action": "rate", "rating-rating": "1"})  # the expert cannot
    routed.refresh_from_db()
    assert routed.rating is None
    client.force_login(world.erin)
    response = client.post(url, {"action": "rate", "rating-rating": "9"})
    assert "Select a valid choice" in response.content.decode()
    client.post(url, {"action": "rate", "rating-rating": "4", "rating-comment": "Clear, thanks"})
    routed.refresh_from_db()
    assert (routed.rating, routed.rating_comment) == (4, "Clear, thanks")
    client.force_login(xavier)
    assert "rated your answer 4 out of 5" in client.get(url).content.decode()


def test_the_expert_accepts_the_invitation_with_the_invited_address_only(
    client: Client, world: SimpleNamespace, housing: ExpertTopic
) -> None:
    invited = staff_services.expert_invite(
        organization=world.agency_a,
        by=world.alice,
        email="lena@example.org",
        name="Lena",
        topics=[housing],
        language="fr",
    )
    email = Notification.objects.get(kind="community.expert_invitation")
    assert (email.address, email.language) == ("lena@example.org", "fr")
    url = reverse("community:expert_join", args=[invited.token])
    client.force_login(world.frank)
    page = client.get(url).content.decode()
    assert "This invitation is not for this account" in page
    client.post(url)
    invited.refresh_from_db()
    assert invited.status == "invited"
    lena = PersonFactory(email="lena@example.org")  # signs up later, with the address
    client.force_login(lena)
    response = client.post(url, follow=True)
    assert "You are an expert of Agency A" in response.content.decode()
    invited.refresh_from_db()
    assert (invited.status, invited.person) == ("active", lena)


def test_published_answers_are_read_in_the_library_without_the_askers_name(
    client: Client, world: SimpleNamespace, answered: Question
) -> None:
    published = staff_services.answer_publish(
        question=answered,
        by=world.bob,
        title="Deposits when moving out",
        question_text="Can a landlord keep a deposit?",
        answer_text="In Ontario a deposit is the last month's rent.",
        language="en",
        topics=["housing"],
    )
    resource_url = reverse("learning:resource", args=[published.resource_id])
    client.force_login(world.frank)  # a member of the agency, not the asker
    library = reverse("learning:library")
    listing = client.get(library, {"q": "landlord ontario"}).content.decode()
    assert "Deposits when moving out" in listing
    assert "Deposits" in client.get(library, {"kind": "answer"}).content.decode()
    page = client.get(resource_url).content.decode()
    assert "last month" in page
    assert "The expert's answer" in page
    assert world.erin.name not in page
    # The addresses from before the library lead there.
    assert client.get(reverse("community:answers")).url == f"{library}?kind=answer"
    assert client.get(reverse("community:answer", args=[published.pk])).url == resource_url
    client.force_login(world.mallory)  # in no program of the agency
    assert client.get(resource_url).status_code == 404
    assert client.get(reverse("community:answer", args=[published.pk])).status_code == 404
    assert "Deposits" not in client.get(library).content.decode()
    staff_services.answer_withdraw(published=published, by=world.bob)
    client.force_login(world.frank)
    assert client.get(resource_url).status_code == 404
    assert client.get(reverse("community:answer", args=[published.pk])).status_code == 404

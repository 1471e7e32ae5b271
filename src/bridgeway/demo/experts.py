"""The demo's Ask-an-Expert at Maple: two topics, Lina Moreau (a tenant lawyer with no
enrollment) as the expert who accepted, a question of Yara's routed to her and waiting, and
one she answered, which Yara rated and the coordinator published in the resource library
(for everyone at Maple, on housing and rights). Written through the
services, once (a second run finds them)."""

from __future__ import annotations

from django.db import transaction

from bridgeway.accounts.models import Person
from bridgeway.community.experts import services, staff_services
from bridgeway.community.experts.models import ExpertTopic
from bridgeway.core.models import Organization
from bridgeway.demo.network import DEMO_DOMAIN, DemoSignIn, _person

ANSWER = """In Ontario a landlord may only ask for a **rent deposit** of one month's rent (or
one week's, for weekly rent), used for your last month. A "damage deposit" is not allowed.

- Ask for a receipt for every payment.
- The landlord pays you interest on the deposit every year.
- If they keep money they should not, you can apply to the Landlord and Tenant Board."""


@transaction.atomic
def demo_experts() -> DemoSignIn:
    maple = Organization.objects.get(slug="maple")
    lina = _person("expert.lina", "Lina Moreau", "fr", ["fr", "en"], "CA", "America/Toronto", [])
    sign_in = DemoSignIn(lina.email, "expert (Ask an expert)")
    if ExpertTopic.objects.filter(organization=maple).exists():
        return sign_in
    coordinator = Person.objects.get(email=f"maple.coordinator@{DEMO_DOMAIN}")
    housing = staff_services.topic_save(
        organization=maple,
        by=coordinator,
        name="Housing and tenancy",
        description="Leases, deposits, repairs, your rights as a tenant.",
        target_amount=3,
        target_unit="days",
    )
    staff_services.topic_save(
        organization=maple,
        by=coordinator,
        name="Recognition of credentials",
        description="Diplomas, licences and regulated professions.",
        target_amount=48,
        target_unit="hours",
    )
    expert = staff_services.expert_invite(
        organization=maple,
        by=coordinator,
        email=lina.email,
        name="Lina Moreau (tenant lawyer)",
        topics=[housing],
        language="fr",
    )
    expert = staff_services.expert_accept(expert=expert, person=lina)
    yara = Person.objects.get(email=f"mentee.yara@{DEMO_DOMAIN}")
    waiting = services.question_ask(
        by=yara,
        topic=housing,
        title="My landlord wants three months of rent in advance — is that allowed?",
        body="We arrive in Toronto next month. The landlord asks for **three months** before "
        "giving us the keys.",
        anonymous=True,
    )
    staff_services.question_route(question=waiting, expert=expert, by=coordinator)
    answered = services.question_ask(
        by=yara,
        topic=housing,
        title="Can a landlord keep my deposit when I move out?",
        body="A friend says the landlord keeps the deposit for cleaning. Is that true?",
    )
    staff_services.question_route(question=answered, expert=expert, by=coordinator)
    services.expert_post(question=answered, by=lina, body=ANSWER)
    services.question_rate(question=answered, by=yara, rating=5, comment="Very clear, thank you!")
    staff_services.answer_publish(
        question=answered,
        by=coordinator,
        title="Deposits in Ontario: what a landlord may ask and keep",
        question_text="Can a landlord keep a tenant's deposit for cleaning when they move out?",
        answer_text=ANSWER,
        language="en",
        audience="everyone",
        topics=["housing", "rights"],
    )
    return sign_in

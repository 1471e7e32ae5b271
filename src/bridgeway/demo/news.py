"""The demo's news: a public bilingual newsletter of Maple already sent to its participants,
and an announcement to the network's mentors scheduled for next week. Written through the
services, once (a second run finds them)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from bridgeway.accounts.models import Person
from bridgeway.community.news import services
from bridgeway.community.news.models import Post
from bridgeway.core.models import Network, Organization
from bridgeway.demo.network import DEMO_DOMAIN

NEWSLETTER_EN = services.Version(
    title="Maple news: autumn cohort, winter clothing drive",
    summary="The autumn cohort starts, and coats for the first winter.",
    body="""Welcome to the newcomers who joined Maple this month!

- **Autumn cohort**: the Professional Bridge cohort starts on Monday. Mentors, watch for \
your first requests.
- **Winter clothing drive**: warm coats and boots for families arriving before December. \
Drop them at the office, Monday to Thursday.
- **English and French conversation circles** meet every Wednesday evening.

Questions? Write to [hello@maple.example](mailto:hello@maple.example).""",
)
NEWSLETTER_FR = services.Version(
    title="Nouvelles de Maple : cohorte d’automne, collecte de vêtements d’hiver",
    summary="La cohorte d’automne commence, et des manteaux pour le premier hiver.",
    body="""Bienvenue aux personnes arrivées chez Maple ce mois-ci!

- **Cohorte d’automne** : la cohorte Professional Bridge commence lundi. Mentors, surveillez \
vos premières demandes.
- **Collecte de vêtements d’hiver** : manteaux et bottes pour les familles qui arrivent avant \
décembre. Déposez-les au bureau, du lundi au jeudi.
- **Cercles de conversation en anglais et en français** chaque mercredi soir.

Des questions? Écrivez à [hello@maple.example](mailto:hello@maple.example).""",
)
ANNOUNCEMENT_EN = services.Version(
    title="Mentor orientation refresher next week",
    body="A one-hour online refresher for every mentor of the network: listening well, \
setting goals together, and when to call your coordinator. The link comes by email.",
)
ANNOUNCEMENT_FR = services.Version(
    title="Rappel de l’orientation des mentors la semaine prochaine",
    body="Une heure en ligne pour tous les mentors du réseau : bien écouter, fixer des \
objectifs ensemble, et quand appeler votre coordonnatrice. Le lien arrive par courriel.",
)


@transaction.atomic
def demo_news() -> None:
    network = Network.objects.get(slug="demo")
    if Post.objects.filter(network=network).exists():
        return
    maple = Organization.objects.get(slug="maple")
    coordinator = Person.objects.get(email=f"maple.coordinator@{DEMO_DOMAIN}")
    newsletter = services.post_create(
        by=coordinator,
        network=network,
        organization=maple,
        kind="newsletter",
        default_language="en",
        visibility="public",
        versions={"en": NEWSLETTER_EN, "fr": NEWSLETTER_FR},
    )
    services.post_send(post=newsletter, by=coordinator)
    admin = Person.objects.get(email=f"network@{DEMO_DOMAIN}")
    announcement = services.post_create(
        by=admin,
        network=network,
        kind="announcement",
        default_language="en",
        roles=["mentor"],
        versions={"en": ANNOUNCEMENT_EN, "fr": ANNOUNCEMENT_FR},
    )
    services.post_schedule(post=announcement, by=admin, send_at=timezone.now() + timedelta(days=7))

"""Ready-made questionnaires a program can start from, then edit like any other.

Each question is written as the data `services.question_create` takes; texts in English and
French."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


def _t(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def _choices(*rows: tuple[str, str, str]) -> list[dict[str, Any]]:
    return [{"value": value, "label": _t(en, fr)} for value, en, fr in rows]


LANGUAGES = {
    "key": "languages",
    "kind": "languages",
    "audience": "both",
    "text": _t(
        "Which languages do you speak, and how well?",
        "Quelles langues parlez-vous, et à quel niveau?",
    ),
    "help_text": _t(
        "We look for a match who shares at least one language with you.",
        "Nous cherchons une personne qui partage au moins une langue avec vous.",
    ),
    "is_required": True,
    "rule": "required_overlap",
    "rule_weight": 8,
    "rule_is_hard": True,
    "rule_params": {"min_level": "conversational"},
}
TIME_ZONE = {
    "key": "time_zone",
    "kind": "time_zone",
    "audience": "both",
    "text": _t("Which time zone are you in?", "Dans quel fuseau horaire êtes-vous?"),
    "help_text": _t(
        "If you have not arrived yet, choose where you live now.",
        "Si vous n'êtes pas encore arrivé, choisissez l'endroit où vous vivez maintenant.",
    ),
    "is_required": True,
    "rule": "max_distance",
    "rule_weight": 4,
    "rule_is_hard": False,
    "rule_params": {"max_distance": 8},
}
AVAILABILITY = {
    "key": "availability",
    "kind": "availability",
    "audience": "both",
    "text": _t("When are you usually free to meet?", "Quand êtes-vous habituellement libre?"),
    # The form itself says which time zone the times are in (profile_forms.answer_field).
    "help_text": _t(
        "Tick every time you could usually meet, even if only some weeks.",
        "Cochez chaque moment où vous pourriez habituellement vous rencontrer, même si ce "
        "n’est pas toutes les semaines.",
    ),
    "is_required": True,
    "rule": "required_overlap",
    "rule_weight": 5,
    "rule_is_hard": False,
    "rule_params": {"min_shared": 2},
}
ABOUT = {
    "key": "about",
    "kind": "text",
    "audience": "both",
    "text": _t("Tell us a little about yourself.", "Parlez-nous un peu de vous."),
    "help_text": _t(
        "Your interests, your family, what you hope for. A few sentences are enough.",
        "Vos intérêts, votre famille, vos espoirs. Quelques phrases suffisent.",
    ),
    "is_required": False,
    "max_length": 1000,
    "rule": "similar_text",
    "rule_weight": 2,
    "rule_is_hard": False,
    "rule_params": {},
}

HOSTING = [
    LANGUAGES,
    {
        "key": "city",
        "kind": "city",
        "audience": "both",
        "text": _t(
            "In which city will you live (or do you live) in Canada?",
            "Dans quelle ville habiterez-vous (ou habitez-vous) au Canada?",
        ),
        "is_required": True,
        "rule": "same_value",
        "rule_weight": 6,
        "rule_is_hard": False,
        "rule_params": {},
    },
    {
        "key": "country",
        "kind": "country",
        "audience": "mentee",
        "text": _t("Which country do you live in now?", "Dans quel pays vivez-vous maintenant?"),
        "is_required": False,
    },
    TIME_ZONE,
    {
        "key": "settlement_help",
        "kind": "multiple_choice",
        "audience": "both",
        "text": _t(
            "Mentees: what would you like help with? Hosts: what can you help with?",
            "Personnes mentorées : pour quoi aimeriez-vous de l'aide? "
            "Hôtes : pour quoi pouvez-vous aider?",
        ),
        "is_required": True,
        "choices": _choices(
            ("housing", "Finding housing", "Trouver un logement"),
            ("banking", "Banking and money", "Banque et argent"),
            ("schools", "Schools and child care", "Écoles et garde d'enfants"),
            ("health", "Health care", "Soins de santé"),
            ("work", "Looking for work", "Recherche d'emploi"),
            ("language", "Practising English or French", "Pratiquer l'anglais ou le français"),
            ("community", "Meeting people and community life", "Rencontres et vie de quartier"),
        ),
        "rule": "covers",
        "rule_weight": 7,
        "rule_is_hard": False,
        "rule_params": {"min_shared": 1},
    },
    AVAILABILITY,
    # The hosts' questions first: the newcomers' rules name them.
    {
        "key": "host_dates",
        "kind": "available_dates",
        "audience": "mentor",
        "text": _t(
            "When can you welcome a newcomer?",
            "Quand pouvez-vous accueillir une personne nouvellement arrivée?",
        ),
        "help_text": _t(
            "We suggest you to newcomers who arrive while you are available.",
            "Nous vous proposons aux personnes qui arrivent pendant que vous êtes disponible.",
        ),
        "is_required": False,
    },
    {
        "key": "accommodation_offers",
        "kind": "accommodation_offers",
        "audience": "mentor",
        "text": _t(
            "Which of these can you offer?", "Lesquels de ces accommodements pouvez-vous offrir?"
        ),
        "is_required": False,
    },
    {
        "key": "arrival",
        "kind": "arrival_date",
        "audience": "mentee",
        "text": _t(
            "When do you expect to arrive in Canada?",
            "Quand pensez-vous arriver au Canada?",
        ),
        "help_text": _t(
            "We look for a host who is available in the weeks around your arrival.",
            "Nous cherchons un hôte disponible dans les semaines autour de votre arrivée.",
        ),
        "is_required": False,
        "rule": "around_arrival",
        "rule_weight": 5,
        "rule_is_hard": False,
        "rule_params": {"weeks": 4, "dates_key": "host_dates"},
    },
    {
        "key": "accommodation_needs",
        "kind": "accommodation_needs",
        "audience": "mentee",
        "text": _t(
            "Do you need any of these to take part?",
            "Avez-vous besoin de l'un de ces accommodements pour participer?",
        ),
        "is_required": False,
        "rule": "needs_offered",
        "rule_weight": 4,
        "rule_is_hard": True,
        "rule_params": {"offers_key": "accommodation_offers"},
    },
    ABOUT,
]

PROFESSIONAL = [
    {
        "key": "occupation",
        "kind": "occupation",
        "audience": "both",
        "text": _t("What is your field of work?", "Quel est votre domaine de travail?"),
        "help_text": _t(
            "The group of the National Occupational Classification your work belongs to.",
            "Le groupe de la Classification nationale des professions de votre travail.",
        ),
        "is_required": True,
        "rule": "same_value",
        "rule_weight": 10,
        "rule_is_hard": True,
        "rule_params": {},
    },
    {
        "key": "noc",
        "kind": "noc_code",
        "audience": "both",
        "text": _t(
            "What is your occupation's NOC code?",
            "Quel est le code CNP de votre profession?",
        ),
        "help_text": _t(
            "Mentees: the occupation you want to work in. Mentors: the one you work in. The same "
            "occupation counts most, then the same category or the same level of training.",
            "Personnes mentorées : la profession que vous visez. Mentors : celle que vous "
            "exercez. La même profession compte le plus, puis la même catégorie ou le même "
            "niveau de formation.",
        ),
        "is_required": False,
        "rule": "close_occupation",
        "rule_weight": 6,
        "rule_is_hard": False,
        "rule_params": {"broad_category": 50, "teer": 25},
    },
    {
        "key": "experience",
        "kind": "scale",
        "audience": "both",
        "text": _t(
            "How many years have you worked in this field?",
            "Depuis combien d'années travaillez-vous dans ce domaine?",
        ),
        "is_required": False,
        "scale_min": 0,
        "scale_max": 5,
        "scale_min_label": _t("Less than a year", "Moins d'un an"),
        "scale_max_label": _t("Five years or more", "Cinq ans ou plus"),
    },
    {
        "key": "career_goals",
        "kind": "multiple_choice",
        "audience": "both",
        "text": _t(
            "Mentees: what do you want to work on? Mentors: what can you help with?",
            "Personnes mentorées : sur quoi voulez-vous travailler? "
            "Mentors : sur quoi pouvez-vous aider?",
        ),
        "is_required": True,
        "choices": _choices(
            ("licensing", "Credentials and licensing", "Reconnaissance des diplômes et permis"),
            ("job_search", "Job search and résumé", "Recherche d'emploi et CV"),
            ("interviews", "Job interviews", "Entrevues d'embauche"),
            ("networking", "Professional network", "Réseau professionnel"),
            ("workplace", "Workplace culture in Canada", "Culture du travail au Canada"),
        ),
        "rule": "covers",
        "rule_weight": 6,
        "rule_is_hard": False,
        "rule_params": {"min_shared": 1},
    },
    LANGUAGES,
    TIME_ZONE,
    AVAILABILITY,
    ABOUT,
]

ENTREPRENEURS = [
    {
        "key": "business_stage",
        "kind": "single_choice",
        "audience": "mentee",
        "text": _t("Where is your business today?", "Où en est votre entreprise aujourd'hui?"),
        "is_required": True,
        "choices": _choices(
            ("idea", "An idea", "Une idée"),
            ("starting", "Starting up", "En démarrage"),
            ("running", "Running, I want it to grow", "En activité, je veux la faire grandir"),
        ),
    },
    {
        "key": "sector",
        "kind": "single_choice",
        "audience": "both",
        "text": _t("In which sector is the business?", "Dans quel secteur est l'entreprise?"),
        "help_text": _t(
            "Mentors: the sector you know best.",
            "Mentors : le secteur que vous connaissez le mieux.",
        ),
        "is_required": True,
        "choices": _choices(
            ("retail", "Retail and online sales", "Commerce de détail et vente en ligne"),
            ("food", "Food and catering", "Alimentation et traiteur"),
            (
                "services",
                "Services to people or businesses",
                "Services aux personnes ou entreprises",
            ),
            ("technology", "Technology", "Technologie"),
            ("arts", "Arts and crafts", "Arts et artisanat"),
            ("other", "Another sector", "Un autre secteur"),
        ),
        "rule": "same_value",
        "rule_weight": 6,
        "rule_is_hard": False,
        "rule_params": {},
    },
    {
        "key": "business_help",
        "kind": "multiple_choice",
        "audience": "both",
        "text": _t(
            "Entrepreneurs: what do you need help with? Mentors: what can you help with?",
            "Entrepreneurs : de quelle aide avez-vous besoin? "
            "Mentors : pour quoi pouvez-vous aider?",
        ),
        "is_required": True,
        "choices": _choices(
            ("plan", "Business plan", "Plan d'affaires"),
            ("funding", "Funding and grants", "Financement et subventions"),
            ("marketing", "Marketing and first customers", "Marketing et premiers clients"),
            ("accounting", "Accounting and taxes", "Comptabilité et impôts"),
            (
                "accommodation",
                "Running a business with a disability",
                "Gérer une entreprise en situation de handicap",
            ),
        ),
        "rule": "covers",
        "rule_weight": 8,
        "rule_is_hard": False,
        "rule_params": {"min_shared": 1},
    },
    {
        "key": "confidence",
        "kind": "scale",
        "audience": "mentee",
        "text": _t(
            "How confident do you feel about running your business?",
            "À quel point vous sentez-vous confiant pour gérer votre entreprise?",
        ),
        "is_required": False,
        "scale_min": 1,
        "scale_max": 5,
        "scale_min_label": _t("Not confident", "Pas confiant"),
        "scale_max_label": _t("Very confident", "Très confiant"),
    },
    LANGUAGES,
    AVAILABILITY,
    ABOUT,
]

STARTERS: dict[str, tuple[Any, list[dict[str, Any]]]] = {
    "hosting": (_("Host program (settlement)"), HOSTING),
    "professional": (_("Professional cohort"), PROFESSIONAL),
    "entrepreneurs": (_("Entrepreneurs"), ENTREPRENEURS),
}


def starter_choices() -> list[tuple[str, str]]:
    return [(key, str(label)) for key, (label, _questions) in STARTERS.items()]

"""Ready-made instruments, from the success measures the seed programs name, in English and
French. A program adds one in one step and may then edit it; the question keys stay the same
in every program, which is what lets the network add the answers up."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from bridgeway.reports.assessments.models import NUMBER, Moment

SCALE, CHOICE = "scale", "single_choice"
ALL_MOMENTS = list(Moment.values)
MENTORSHIP = [Moment.BEFORE, Moment.MIDPOINT, Moment.CLOSURE]
AFTER_START = [Moment.MIDPOINT, Moment.CLOSURE]

NOT_AT_ALL = {"en": "Not at all", "fr": "Pas du tout"}
VERY = {"en": "Very well", "fr": "Très bien"}
NOT_CONFIDENT = {"en": "Not confident at all", "fr": "Pas du tout confiant·e"}
CONFIDENT = {"en": "Very confident", "fr": "Très confiant·e"}


def _scale(key: str, en: str, fr: str, low: dict[str, str], high: dict[str, str]) -> dict[str, Any]:
    return {
        "key": key,
        "kind": SCALE,
        "text": {"en": en, "fr": fr},
        "scale_min": 1,
        "scale_max": 5,
        "scale_min_label": low,
        "scale_max_label": high,
    }


def _number(key: str, en: str, fr: str, high: int = 500) -> dict[str, Any]:
    return {
        "key": key,
        "kind": NUMBER,
        "text": {"en": en, "fr": fr},
        "scale_min": 0,
        "scale_max": high,
    }


MENTEE_QUESTIONS: list[dict[str, Any]] = [
    _scale(
        "confidence_skills",
        "How confident are you presenting your skills and experience to an employer in Canada?",
        "À quel point êtes-vous confiant·e pour présenter vos compétences et votre expérience "
        "à un employeur au Canada ?",
        NOT_CONFIDENT,
        CONFIDENT,
    ),
    _number(
        "network_size",
        "How many people working in your field in Canada could you ask for advice or a referral?",
        "Combien de personnes travaillant dans votre domaine au Canada pourriez-vous consulter "
        "ou solliciter pour une recommandation ?",
    ),
    _scale(
        "workplace_norms",
        "How well do you understand the ways of working in Canadian workplaces (the unwritten "
        "rules)?",
        "Dans quelle mesure comprenez-vous les façons de travailler dans les milieux de travail "
        "canadiens (les règles non écrites) ?",
        NOT_AT_ALL,
        VERY,
    ),
    _scale(
        "labour_market",
        "How well do you understand the labour market in your field in Canada?",
        "Dans quelle mesure comprenez-vous le marché du travail de votre domaine au Canada ?",
        NOT_AT_ALL,
        VERY,
    ),
    _scale(
        "resources_awareness",
        "How well do you know the programs and resources that can help you find work?",
        "Dans quelle mesure connaissez-vous les programmes et les ressources qui peuvent vous "
        "aider à trouver un emploi ?",
        NOT_AT_ALL,
        VERY,
    ),
    _number(
        "applications_sent",
        "How many job applications did you send in the last 30 days?",
        "Combien de candidatures avez-vous envoyées au cours des 30 derniers jours ?",
    ),
    _number(
        "interviews",
        "How many job interviews did you have in the last 30 days?",
        "Combien d’entrevues d’emploi avez-vous eues au cours des 30 derniers jours ?",
        high=100,
    ),
    {
        "key": "employment",
        "kind": CHOICE,
        "text": {
            "en": "Do you have paid work now?",
            "fr": "Avez-vous un emploi rémunéré en ce moment ?",
        },
        "choices": [
            {
                "value": "in_field",
                "label": {
                    "en": "Yes, meaningful work in my field or close to it",
                    "fr": "Oui, un emploi qui a du sens dans mon domaine ou un domaine proche",
                },
            },
            {
                "value": "outside_field",
                "label": {"en": "Yes, but not in my field", "fr": "Oui, mais pas dans mon domaine"},
            },
            {
                "value": "not_working",
                "label": {"en": "No, not at the moment", "fr": "Non, pas pour le moment"},
            },
        ],
    },
]

MENTOR_QUESTIONS: list[dict[str, Any]] = [
    _scale(
        "confidence_guiding",
        "How confident are you guiding a newcomer into your profession in Canada?",
        "À quel point êtes-vous confiant·e pour guider une personne nouvellement arrivée dans "
        "votre profession au Canada ?",
        NOT_CONFIDENT,
        CONFIDENT,
    ),
    _number(
        "resources_known",
        "How many programs or services for newcomers could you point someone to?",
        "Vers combien de programmes ou de services pour personnes nouvellement arrivées "
        "pourriez-vous orienter quelqu’un ?",
        high=100,
    ),
    _number(
        "own_network",
        "How many people in your field could you introduce a newcomer to?",
        "À combien de personnes de votre domaine pourriez-vous présenter une personne "
        "nouvellement arrivée ?",
    ),
    _scale(
        "coaching_skills",
        "How would you rate your coaching skills: listening, asking questions, giving feedback?",
        "Comment évaluez-vous vos compétences d’accompagnement : écouter, poser des questions, "
        "donner de la rétroaction ?",
        {"en": "Beginner", "fr": "Débutant·e"},
        {"en": "Very skilled", "fr": "Très habile"},
    ),
    {
        **_scale(
            "satisfaction",
            "How satisfied are you with your experience as a mentor?",
            "Quelle est votre satisfaction à l’égard de votre expérience de mentor ?",
            {"en": "Not satisfied", "fr": "Pas satisfait·e"},
            {"en": "Very satisfied", "fr": "Très satisfait·e"},
        ),
        "moments": AFTER_START,
    },
]

READY_MADE: dict[str, dict[str, Any]] = {
    "mentee": {
        "label": _("Mentees: confidence, network, job search and employment"),
        "audience_label": _("Mentees"),
        "title": {
            "en": "Your job search and your confidence",
            "fr": "Votre recherche d’emploi et votre confiance",
        },
        "intro": {
            "en": "A few questions to see what changes for you during the program and after it. "
            "Program staff read your answers; your mentor does not.",
            "fr": "Quelques questions pour voir ce qui change pour vous pendant le programme et "
            "après. L’équipe du programme lit vos réponses ; votre mentor ne les voit pas.",
        },
        "moments": ALL_MOMENTS,
        "questions": MENTEE_QUESTIONS,
    },
    "mentor": {
        "label": _("Mentors: confidence, resources, network, coaching and satisfaction"),
        "audience_label": _("Mentors"),
        "title": {"en": "Your experience as a mentor", "fr": "Votre expérience de mentor"},
        "intro": {
            "en": "A few questions to see what the program changes for you as a mentor. Program "
            "staff read your answers; your mentee does not.",
            "fr": "Quelques questions pour voir ce que le programme change pour vous en tant "
            "que mentor. L’équipe du programme lit vos réponses ; votre mentoré·e ne les voit pas.",
        },
        "moments": MENTORSHIP,
        "questions": MENTOR_QUESTIONS,
    },
}

# The keys of the ready-made questions the network adds up, with their kind.
READY_MADE_KEYS = {
    (name, question["key"]): question["kind"]
    for name, spec in READY_MADE.items()
    for question in spec["questions"]
}

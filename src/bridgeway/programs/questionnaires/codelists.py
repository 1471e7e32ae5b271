"""Seeded code lists the questions draw on: occupations, languages, proficiency levels,
countries, time zones and the week's availability slots.

Names are data in English and French ({language: text}, shown with core.i18n.translated), so the
lists need neither the network nor a translation catalog entry per name."""

from __future__ import annotations

import unicodedata
import zoneinfo
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from bridgeway.core.i18n import translated
from bridgeway.core.time_zones import time_zone_choices as core_time_zone_choices
from bridgeway.programs.questionnaires.countries import COUNTRIES

# The ten broad occupational categories of the National Occupational Classification (NOC) 2021;
# the first digit of every NOC code.
OCCUPATIONS: dict[str, dict[str, str]] = {
    "0": {
        "en": "Legislative and senior management occupations",
        "fr": "Membres des corps législatifs et cadres supérieurs",
    },
    "1": {
        "en": "Business, finance and administration occupations",
        "fr": "Affaires, finance et administration",
    },
    "2": {
        "en": "Natural and applied sciences and related occupations",
        "fr": "Sciences naturelles et appliquées et domaines apparentés",
    },
    "3": {"en": "Health occupations", "fr": "Secteur de la santé"},
    "4": {
        "en": "Occupations in education, law and social, community and government services",
        "fr": "Enseignement, droit et services sociaux, communautaires et gouvernementaux",
    },
    "5": {
        "en": "Occupations in art, culture, recreation and sport",
        "fr": "Arts, culture, sports et loisirs",
    },
    "6": {"en": "Sales and service occupations", "fr": "Vente et services"},
    "7": {
        "en": "Trades, transport and equipment operators and related occupations",
        "fr": "Métiers, transport, machinerie et domaines apparentés",
    },
    "8": {
        "en": "Natural resources, agriculture and related production occupations",
        "fr": "Ressources naturelles, agriculture et production connexe",
    },
    "9": {
        "en": "Occupations in manufacturing and utilities",
        "fr": "Fabrication et services d'utilité publique",
    },
}

# The same categories in the short words an explanation uses: "both in health".
NOC_CATEGORY_WORDS: dict[str, dict[str, str]] = {
    "0": {
        "en": "legislative and senior management",
        "fr": "membres des corps législatifs et cadres supérieurs",
    },
    "1": {
        "en": "business, finance and administration",
        "fr": "affaires, finance et administration",
    },
    "2": {"en": "natural and applied sciences", "fr": "sciences naturelles et appliquées"},
    "3": {"en": "health", "fr": "santé"},
    "4": {
        "en": "education, law and social, community and government services",
        "fr": "enseignement, droit et services sociaux, communautaires et gouvernementaux",
    },
    "5": {"en": "art, culture, recreation and sport", "fr": "arts, culture, sports et loisirs"},
    "6": {"en": "sales and service", "fr": "vente et services"},
    "7": {
        "en": "trades, transport and equipment operation",
        "fr": "métiers, transport et machinerie",
    },
    "8": {
        "en": "natural resources, agriculture and related production",
        "fr": "ressources naturelles, agriculture et production connexe",
    },
    "9": {"en": "manufacturing and utilities", "fr": "fabrication et services d'utilité publique"},
}
# TEER (training, education, experience and responsibilities): the second digit of a NOC code.
NOC_TEER: dict[str, dict[str, str]] = {
    "0": {"en": "management occupations", "fr": "postes de gestion"},
    "1": {"en": "usually a university degree", "fr": "habituellement un diplôme universitaire"},
    "2": {
        "en": "usually a college diploma, an apprenticeship of 2 years or more, or supervision",
        "fr": "habituellement un diplôme collégial, un apprentissage de 2 ans ou plus, ou de la "
        "supervision",
    },
    "3": {
        "en": "usually a college diploma, an apprenticeship under 2 years, or on-the-job training",
        "fr": "habituellement un diplôme collégial, un apprentissage de moins de 2 ans, ou une "
        "formation en cours d'emploi",
    },
    "4": {
        "en": "usually a high school diploma or several weeks of on-the-job training",
        "fr": "habituellement un diplôme d'études secondaires ou quelques semaines de formation "
        "en cours d'emploi",
    },
    "5": {
        "en": "usually short work demonstration and no formal education",
        "fr": "habituellement une courte démonstration du travail, sans scolarité exigée",
    },
}
# Accommodations a mentee may need and a mentor may offer, as an explanation names them.
ACCOMMODATIONS: dict[str, dict[str, str]] = {
    "interpreter": {"en": "an interpreter", "fr": "un interprète"},
    "captions": {"en": "captions", "fr": "des sous-titres"},
    "phone_only": {
        "en": "phone or voice calls only",
        "fr": "des appels téléphoniques ou vocaux seulement",
    },
    "plain_language": {"en": "plain language", "fr": "un langage clair et simple"},
    "sign_language": {"en": "sign language", "fr": "la langue des signes"},
    "text_only": {"en": "written messages only", "fr": "des messages écrits seulement"},
    "screen_reader": {
        "en": "documents that work with a screen reader",
        "fr": "des documents lisibles par un lecteur d'écran",
    },
    "large_text": {"en": "large text", "fr": "de gros caractères"},
    "extra_time": {"en": "extra time in meetings", "fr": "plus de temps lors des rencontres"},
}

# Languages common among newcomers to Canada and in Canada, with sign languages.
LANGUAGES: dict[str, dict[str, str]] = {
    "en": {"en": "English", "fr": "Anglais"},
    "fr": {"en": "French", "fr": "Français"},
    "ase": {"en": "American Sign Language (ASL)", "fr": "Langue des signes américaine (ASL)"},
    "fcs": {"en": "Quebec Sign Language (LSQ)", "fr": "Langue des signes québécoise (LSQ)"},
    "ar": {"en": "Arabic", "fr": "Arabe"},
    "fa": {"en": "Farsi (Persian)", "fr": "Farsi (persan)"},
    "prs": {"en": "Dari", "fr": "Dari"},
    "ps": {"en": "Pashto", "fr": "Pachto"},
    "ti": {"en": "Tigrinya", "fr": "Tigrigna"},
    "am": {"en": "Amharic", "fr": "Amharique"},
    "om": {"en": "Oromo", "fr": "Oromo"},
    "so": {"en": "Somali", "fr": "Somali"},
    "sw": {"en": "Swahili", "fr": "Swahili"},
    "uk": {"en": "Ukrainian", "fr": "Ukrainien"},
    "ru": {"en": "Russian", "fr": "Russe"},
    "pl": {"en": "Polish", "fr": "Polonais"},
    "ro": {"en": "Romanian", "fr": "Roumain"},
    "hr": {"en": "Croatian", "fr": "Croate"},
    "sr": {"en": "Serbian", "fr": "Serbe"},
    "bs": {"en": "Bosnian", "fr": "Bosniaque"},
    "sq": {"en": "Albanian", "fr": "Albanais"},
    "el": {"en": "Greek", "fr": "Grec"},
    "hy": {"en": "Armenian", "fr": "Arménien"},
    "ka": {"en": "Georgian", "fr": "Géorgien"},
    "tr": {"en": "Turkish", "fr": "Turc"},
    "az": {"en": "Azerbaijani", "fr": "Azerbaïdjanais"},
    "ckb": {"en": "Kurdish (Sorani)", "fr": "Kurde (sorani)"},
    "kmr": {"en": "Kurdish (Kurmanji)", "fr": "Kurde (kurmandji)"},
    "he": {"en": "Hebrew", "fr": "Hébreu"},
    "es": {"en": "Spanish", "fr": "Espagnol"},
    "pt": {"en": "Portuguese", "fr": "Portugais"},
    "it": {"en": "Italian", "fr": "Italien"},
    "de": {"en": "German", "fr": "Allemand"},
    "ht": {"en": "Haitian Creole", "fr": "Créole haïtien"},
    "tl": {"en": "Tagalog (Filipino)", "fr": "Tagalog (filipino)"},
    "pa": {"en": "Punjabi", "fr": "Pendjabi"},
    "ur": {"en": "Urdu", "fr": "Ourdou"},
    "hi": {"en": "Hindi", "fr": "Hindi"},
    "bn": {"en": "Bengali", "fr": "Bengali"},
    "gu": {"en": "Gujarati", "fr": "Goudjarati"},
    "ta": {"en": "Tamil", "fr": "Tamoul"},
    "te": {"en": "Telugu", "fr": "Télougou"},
    "ml": {"en": "Malayalam", "fr": "Malayalam"},
    "mr": {"en": "Marathi", "fr": "Marathi"},
    "ne": {"en": "Nepali", "fr": "Népalais"},
    "si": {"en": "Sinhala", "fr": "Cingalais"},
    "cmn": {"en": "Mandarin", "fr": "Mandarin"},
    "yue": {"en": "Cantonese", "fr": "Cantonais"},
    "ko": {"en": "Korean", "fr": "Coréen"},
    "ja": {"en": "Japanese", "fr": "Japonais"},
    "vi": {"en": "Vietnamese", "fr": "Vietnamien"},
    "th": {"en": "Thai", "fr": "Thaï"},
    "km": {"en": "Khmer", "fr": "Khmer"},
    "my": {"en": "Burmese", "fr": "Birman"},
    "id": {"en": "Indonesian", "fr": "Indonésien"},
    "ms": {"en": "Malay", "fr": "Malais"},
    "uz": {"en": "Uzbek", "fr": "Ouzbek"},
    "ln": {"en": "Lingala", "fr": "Lingala"},
    "rw": {"en": "Kinyarwanda", "fr": "Kinyarwanda"},
    "rn": {"en": "Kirundi", "fr": "Kirundi"},
    "yo": {"en": "Yoruba", "fr": "Yoruba"},
    "ig": {"en": "Igbo", "fr": "Igbo"},
    "ha": {"en": "Hausa", "fr": "Haoussa"},
    "ff": {"en": "Fula", "fr": "Peul"},
    "wo": {"en": "Wolof", "fr": "Wolof"},
    "ak": {"en": "Akan (Twi)", "fr": "Akan (twi)"},
    "iu": {"en": "Inuktitut", "fr": "Inuktitut"},
    "cr": {"en": "Cree", "fr": "Cri"},
}

# Proficiency, weakest first; the rank is what a "minimum level" compares.
LEVELS: dict[str, object] = {
    "basic": _("Basic"),
    "conversational": _("Conversational"),
    "fluent": _("Fluent"),
    "native": _("Native or first language"),
}
LEVEL_RANK = {code: rank for rank, code in enumerate(LEVELS, start=1)}
# The Canadian Language Benchmarks (NCLC in French), for a languages question on that scale:
# "clb7" is CLB 7 in English and NCLC 7 in French (the engine reads the code as CLB 7).
BENCHMARKS = {f"clb{level}": level for level in range(1, 13)}


def level_label(level: str, language: str = "") -> str:
    """A level in words: "Fluent", "CLB 7", or "NCLC 7" for French."""
    if level in BENCHMARKS:
        name = "NCLC" if language == "fr" else "CLB"
        return f"{name} {BENCHMARKS[level]}"
    return str(LEVELS.get(level, level))


def benchmark_choices() -> list[tuple[str, str]]:
    return [(code, f"CLB / NCLC {level}") for code, level in BENCHMARKS.items()]


DAYS = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
PARTS_OF_DAY = {
    "morning": _("Morning"),
    "afternoon": _("Afternoon"),
    "evening": _("Evening"),
}
# An availability slot is "<day>-<part>", e.g. "mon-evening", in the person's own time zone.
SLOTS = [f"{day}-{part}" for day in DAYS for part in PARTS_OF_DAY]


def slot_label(slot: str) -> str:
    day, _sep, part = slot.partition("-")
    return _("%(day)s %(part)s") % {
        "day": DAYS.get(day, day),
        "part": str(PARTS_OF_DAY.get(part, part)).lower(),
    }


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def sorted_choices(names: dict[str, dict[str, str]]) -> list[tuple[str, str]]:
    """(code, name in the reader's language), in alphabetical order of the name."""
    return sorted(((code, translated(label)) for code, label in names.items()), key=_sort_key)


def _sort_key(choice: tuple[str, str]) -> str:
    # Accented capitals ("Égypte", "Îles") sort with their base letter.
    text = unicodedata.normalize("NFKD", choice[1]).encode("ascii", "ignore").decode()
    return text.casefold()


def occupation_choices() -> list[tuple[str, str]]:
    return [(code, translated(label)) for code, label in OCCUPATIONS.items()]


def language_choices() -> list[tuple[str, str]]:
    return sorted_choices(LANGUAGES)


def country_choices() -> list[tuple[str, str]]:
    return sorted_choices(COUNTRIES)


def time_zone_choices(*, keep: str = "") -> list[tuple[str, list[tuple[str, str]]]]:
    return core_time_zone_choices(keep=keep)

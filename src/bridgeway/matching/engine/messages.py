"""English templates of every sentence the engine produces, keyed by a stable code.

The engine cannot import Django, so a reason travels as data (code + params) with an English
rendering. Each literal is wrapped in `gettext_noop` so that `makemessages` extracts it; the app
translates by looking the code up here and formatting the translated template with the params.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def gettext_noop(s: str) -> str:
    """Marks a string for extraction without translating it (same name as Django's)."""
    return s


TEMPLATES: dict[str, str] = {
    # pair reasons
    "shared_language": gettext_noop("You both speak {languages}."),
    "no_shared_language": gettext_noop("No shared language at the required level."),
    "shared_items": gettext_noop("You share {items}."),
    "no_shared_items": gettext_noop("Nothing in common for {attribute}."),
    "same_value": gettext_noop("Same {attribute}: {value}."),
    "same_sector": gettext_noop("You both work in {value}."),
    "target_occupation": gettext_noop("Works in {value}, your target occupation."),
    "different_value": gettext_noop("{attribute}: {value}, not {wanted}."),
    "needs_covered": gettext_noop("Can help with {covered}."),
    "needs_partly_covered": gettext_noop("Can help with {covered}, not with {missing}."),
    "needs_not_covered": gettext_noop("Cannot help with {missing}."),
    "same_time_zone": gettext_noop("You are in the same time zone."),
    "one_hour_apart": gettext_noop("1 hour apart."),
    "hours_apart": gettext_noop("{hours} hours apart."),
    "too_many_hours_apart": gettext_noop("{hours} hours apart, more than {max} hours."),
    "close_values": gettext_noop("{attribute}: {distance} apart."),
    "too_far_apart": gettext_noop("{attribute}: {distance} apart, more than {max}."),
    "mentee_preference_met": gettext_noop("Matches your preference for {attribute}: {value}."),
    "mentee_preference_not_met": gettext_noop(
        "Not your preferred {attribute} ({wanted}): {value}."
    ),
    "mentor_preference_met": gettext_noop("Fits the mentor's preference for {attribute}."),
    "mentor_preference_not_met": gettext_noop(
        "Does not fit the mentor's preference for {attribute} ({wanted})."
    ),
    "no_preference": gettext_noop("No preference about {attribute}."),
    "similar_text": gettext_noop("Similar words in what you wrote ({percent}% similar)."),
    "little_text_in_common": gettext_noop("Little in common in what you wrote."),
    "not_answered": gettext_noop("You did not answer about {attribute}, so it does not count."),
    "mentor_not_answered": gettext_noop("The mentor has not answered about {attribute}."),
    "excluded_same_value": gettext_noop(
        "Same {attribute} ({value}), which this program does not allow."
    ),
    "shared_language_at_level": gettext_noop("You both speak {languages} ({level} or above)."),
    "same_occupation": gettext_noop("You have the same occupation (NOC {code})."),
    "same_noc_category": gettext_noop(
        "Your occupations are both in {category_name} (NOC category {category})."
    ),
    "same_noc_teer": gettext_noop("Your occupations are both TEER {teer} in NOC: {teer_name}."),
    "same_noc_category_and_teer": gettext_noop(
        "Your occupations are both in {category_name} (NOC category {category}) and both "
        "TEER {teer}."
    ),
    "different_occupation": gettext_noop(
        "Your occupations are not close in NOC ({mine} and {theirs})."
    ),
    "available_around_arrival": gettext_noop(
        "Available in the {weeks} weeks before and after your arrival on {arrival}."
    ),
    "available_part_from": gettext_noop(
        "Available from {from}: {days} of the {total} days around your arrival on {arrival}."
    ),
    "available_part_to": gettext_noop(
        "Available until {to}: {days} of the {total} days around your arrival on {arrival}."
    ),
    "available_part_between": gettext_noop(
        "Available from {from} to {to}: {days} of the {total} days around your arrival on "
        "{arrival}."
    ),
    "available_only_after": gettext_noop(
        "Available only from {from}, more than {weeks} weeks after your arrival on {arrival}."
    ),
    "available_only_before": gettext_noop(
        "Available only until {to}, more than {weeks} weeks before your arrival on {arrival}."
    ),
    "not_available_between": gettext_noop(
        "Available from {from} to {to}, not within {weeks} weeks of your arrival on {arrival}."
    ),
    "accommodations_offered": gettext_noop("Offers {offered}, which you asked for."),
    "accommodations_partly_offered": gettext_noop(
        "Offers {offered}, which you asked for, but not {missing}."
    ),
    "accommodations_not_offered": gettext_noop("Does not offer {missing}, which you asked for."),
    "accommodations_essential_partly": gettext_noop(
        "Offers {offered}, but not {missing}, which you need."
    ),
    "accommodations_essential_missing": gettext_noop("Does not offer {missing}, which you need."),
    "excluded_declined": gettext_noop("A request between you was declined before."),
    "excluded_earlier_pair": gettext_noop("You were paired before."),
    "excluded_listed": gettext_noop("This pair is excluded."),
    # why a mentee has no mentor
    "unmatched_no_language": gettext_noop("No mentor speaks {languages} at the required level."),
    "unmatched_no_value": gettext_noop("No mentor with {attribute}: {value}."),
    "unmatched_no_items": gettext_noop("No mentor shares {attribute}: {items}."),
    "unmatched_no_cover": gettext_noop("No mentor offers help with {needs}."),
    "unmatched_no_time_zone": gettext_noop("No mentor within {max} hours of your time zone."),
    "unmatched_no_distance": gettext_noop("No mentor within {max} for {attribute}."),
    "unmatched_no_preference": gettext_noop("No mentor with your preferred {attribute}: {wanted}."),
    "unmatched_no_mentor_preference": gettext_noop(
        "No mentor whose preference for {attribute} you fit."
    ),
    "unmatched_no_occupation": gettext_noop("No mentor with an occupation close to NOC {codes}."),
    "unmatched_no_arrival": gettext_noop(
        "No mentor is available within {weeks} weeks of your arrival on {arrival}."
    ),
    "unmatched_no_accommodation": gettext_noop("No mentor offers {needs}."),
    "unmatched_combination": gettext_noop("No mentor meets all of these together: {criteria}."),
    "unmatched_no_mentors": gettext_noop("No mentor has joined this program yet."),
    "unmatched_excluded": gettext_noop("Every compatible mentor is excluded for this mentee."),
    "unmatched_all_full": gettext_noop(
        "Every compatible mentor is at capacity ({mentors} compatible)."
    ),
    "unmatched_not_reached": gettext_noop(
        "Compatible mentors have places, but this method did not reach them."
    ),
    # recruitment gap
    "gap_group": gettext_noop(
        "{needs}: {mentees} mentees waiting, {mentors} mentors with free places."
    ),
    "gap_any_mentor": gettext_noop("any mentor"),
}


# Words for the engine's own explanations (the app shows its code lists' names in the reader's
# language instead: programs/questionnaires/codelists.py).
# The ten broad occupational categories of NOC 2021: the first digit of a unit group's code.
NOC_CATEGORY_LABELS: dict[str, str] = {
    "0": "legislative and senior management",
    "1": "business, finance and administration",
    "2": "natural and applied sciences",
    "3": "health",
    "4": "education, law and social, community and government services",
    "5": "art, culture, recreation and sport",
    "6": "sales and service",
    "7": "trades, transport and equipment operation",
    "8": "natural resources, agriculture and related production",
    "9": "manufacturing and utilities",
}
# TEER (Training, Education, Experience and Responsibilities): the second digit.
NOC_TEER_LABELS: dict[str, str] = {
    "0": "management occupations",
    "1": "usually a university degree",
    "2": "usually a college diploma, an apprenticeship of 2 years or more, or supervision",
    "3": "usually a college diploma, an apprenticeship under 2 years, or on-the-job training",
    "4": "usually a high school diploma or several weeks of on-the-job training",
    "5": "usually short work demonstration and no formal education",
}
ACCOMMODATION_LABELS: dict[str, str] = {
    "interpreter": "an interpreter",
    "captions": "captions",
    "phone_only": "phone or voice calls only",
    "plain_language": "plain language",
    "sign_language": "sign language",
    "text_only": "written messages only",
    "screen_reader": "documents that work with a screen reader",
    "large_text": "large text",
    "extra_time": "extra time in meetings",
}


def join_words(items: Sequence[str]) -> str:
    """English list joining ("Arabic, Farsi and Pashto"); the app joins in its own language."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def render(code: str, params: Mapping[str, Any]) -> str:
    """The English sentence for `code`; list params are joined with `join_words`."""
    flat = {k: join_words(v) if isinstance(v, list | tuple) else v for k, v in params.items()}
    return TEMPLATES[code].format(**flat)

"""Every sentence of the matching engine, marked for translation where `make messages` looks.

The engine (matching/engine/messages.py) cannot import Django and the catalog build skips its
folder, so its English templates are repeated here as literals; a test keeps both the same.
reasons.py translates with these."""

from __future__ import annotations

from django.utils.translation import gettext_noop

ENGINE_SENTENCES: dict[str, str] = {
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
    "excluded_declined": gettext_noop("A request between you was declined before."),
    "excluded_earlier_pair": gettext_noop("You were paired before."),
    "excluded_listed": gettext_noop("This pair is excluded."),
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
    "unmatched_combination": gettext_noop("No mentor meets all of these together: {criteria}."),
    "unmatched_no_mentors": gettext_noop("No mentor has joined this program yet."),
    "unmatched_excluded": gettext_noop("Every compatible mentor is excluded for this mentee."),
    "unmatched_all_full": gettext_noop(
        "Every compatible mentor is at capacity ({mentors} compatible)."
    ),
    "unmatched_not_reached": gettext_noop(
        "Compatible mentors have places, but this method did not reach them."
    ),
    "gap_group": gettext_noop(
        "{needs}: {mentees} mentees waiting, {mentors} mentors with free places."
    ),
    "gap_any_mentor": gettext_noop("any mentor"),
}

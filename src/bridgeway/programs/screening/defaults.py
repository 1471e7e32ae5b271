"""The checklist and self-assessment offered to a program that has none yet. Admins add them
with one button and then edit them like any other item; the texts are stored in every
language the catalog translates."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from bridgeway.programs.screening.models import ScreeningItem

K = ScreeningItem.Kind
A = ScreeningItem.Audience
POLICE_CHECK_DAYS = 3 * 365


@dataclass(frozen=True)
class DefaultItem:
    kind: str
    label: Promise
    instructions: Promise
    audience: str
    valid_for_days: int | None = None


_REFERENCE_HELP = _(
    "Give the name, email and phone number of someone who has known you for at least two "
    "years and is not a relative. We contact them ourselves."
)

CHECKLIST = [
    DefaultItem(K.REFERENCE, _("First reference"), _REFERENCE_HELP, A.MENTOR),
    DefaultItem(K.REFERENCE, _("Second reference"), _REFERENCE_HELP, A.MENTOR),
    DefaultItem(
        K.INTERVIEW,
        _("Interview with a coordinator"),
        _(
            "A 30-minute conversation, by video or in person, about why you want to mentor "
            "and how much time you have."
        ),
        A.MENTOR,
    ),
    DefaultItem(
        K.POLICE_CHECK,
        _("Police check"),
        _(
            "A police information check that includes the vulnerable sector. We send you a "
            "letter to take to your local police service. It is valid for 3 years."
        ),
        A.MENTOR,
        POLICE_CHECK_DAYS,
    ),
]

THRESHOLD = 60
INTRO = _(
    "These 8 questions help you see whether mentoring fits you now. There are no trick "
    "questions: answer as you would really act. You can take it again at any time."
)
ADVICE_ABOVE = _(
    "You have a good sense of what mentoring asks. In training you will practise these "
    "situations with other mentors."
)
ADVICE_BELOW = _(
    "Some of your answers differ from what works well in mentoring. Read the orientation "
    "guide and talk with your coordinator, then take the self-assessment again."
)

# (question, [(answer, points), …]); the best answer of each question is worth 3 points.
QUESTIONS: list[tuple[Promise, list[tuple[Promise, int]]]] = [
    (
        _("How much time can you give to mentoring each month, for the whole program?"),
        [
            (_("Less than 2 hours"), 0),
            (_("2 to 4 hours"), 2),
            (_("More than 4 hours"), 3),
        ],
    ),
    (
        _("Your mentee tells you about a problem. What do you usually do first?"),
        [
            (_("Tell them what to do"), 0),
            (_("Tell them about a time this happened to me"), 1),
            (_("Ask questions to understand their situation"), 3),
        ],
    ),
    (
        _(
            "Your mentee does something differently from the way it is usually done here. "
            "What do you do?"
        ),
        [
            (_("Tell them our way is the right way"), 0),
            (_("Say nothing"), 1),
            (_("Ask how it is done where they come from, then explain what people here expect"), 3),
        ],
    ),
    (
        _("Your mentee asks to borrow money. What do you do?"),
        [
            (_("Lend it: they need help"), 0),
            (_("Say no and stop answering their messages"), 1),
            (_("Say no kindly, and tell the coordinator, who knows which services can help"), 3),
        ],
    ),
    (
        _("Your mentee tells you about a health problem. Who may you tell?"),
        [
            (_("Anyone who could give advice"), 0),
            (_("My friends, without giving the name"), 1),
            (_("No one, unless someone is in danger: then only the coordinator"), 3),
        ],
    ),
    (
        _("You cannot go to a meeting you planned. What do you do?"),
        [
            (_("Nothing: they will understand"), 0),
            (_("Send a message just before the meeting"), 1),
            (_("Tell your mentee as early as possible and offer another time"), 3),
        ],
    ),
    (
        _("Your mentee is still learning English or French. How do you adapt?"),
        [
            (_("I speak faster so that we cover more"), 0),
            (_("I correct every mistake"), 1),
            (
                _(
                    "I use short sentences, check that we understand each other "
                    "and write down key words"
                ),
                3,
            ),
        ],
    ),
    (
        _("Your mentee has not answered for two weeks. What do you do?"),
        [
            (_("End the mentoring"), 0),
            (_("Wait until they write"), 1),
            (_("Send a friendly message, and tell the coordinator if there is still no answer"), 3),
        ],
    ),
]

"""Profile questions and the person's answers."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import NotPersonal, Owner, Personal

DECLARATIONS = [
    NotPersonal(
        "questionnaires.Question", "a question's wording, the same for everyone in the program"
    ),
    Personal(
        "questionnaires.Answer",
        (Owner("enrollment__person"),),
        not_personal={
            "text_vector": "a search index made from the answer's words; "
            "the answer itself is exported"
        },
        what=_("Your answers to your programs' profile questions"),
    ),
]

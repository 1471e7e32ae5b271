"""Screening steps and self-assessments."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import NotPersonal, Owner, Personal

DECLARATIONS = [
    NotPersonal("screening.ScreeningItem", "a program's screening step, the same for everyone"),
    Personal(
        "screening.ScreeningCheck",
        (Owner("enrollment__person"),),
        actors=("checked_by",),
        what=_("Your screening steps (such as a background check) and their results"),
    ),
    Personal(
        "screening.Reference",
        (Owner("enrollment__person", role="who gave the reference's details"),),
        what=_("The references you named, as you gave them"),
    ),
    NotPersonal("screening.SelfAssessment", "a program's self-assessment, the same for everyone"),
    NotPersonal("screening.SelfAssessmentQuestion", "a self-assessment question's wording"),
    NotPersonal("screening.SelfAssessmentChoice", "a self-assessment answer's wording"),
    Personal(
        "screening.SelfAssessmentResult",
        (Owner("enrollment__person"),),
        what=_("Your self-assessment scores and answers"),
    ),
]

"""The library and training: the content is the agencies'; what the person did is theirs."""

from django.utils.translation import gettext_lazy as _

from bridgeway.core.personal import NotPersonal, Owner, Personal

CONTENT = "learning content written by an agency or the network"

DECLARATIONS = [
    NotPersonal("learning.Resource", CONTENT, actors=("created_by",)),
    NotPersonal("learning.ResourceTopic", CONTENT),
    NotPersonal("learning.ResourceVersion", CONTENT),
    Personal(
        "learning.ResourceView",
        (Owner("person"),),
        what=_("The library resources you opened, by day"),
    ),
    NotPersonal("learning.TrainingModule", CONTENT),
    NotPersonal("learning.Lesson", CONTENT),
    NotPersonal("learning.QuizQuestion", CONTENT),
    NotPersonal("learning.QuizChoice", CONTENT),
    Personal(
        "learning.LessonCompletion",
        (Owner("enrollment__person"),),
        what=_("The training lessons you completed"),
    ),
    Personal(
        "learning.QuizAttempt",
        (Owner("enrollment__person"),),
        not_personal={"submission_key": "a technical key against double submits"},
        what=_("Your quiz attempts, scores and answers"),
    ),
]

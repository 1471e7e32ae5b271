"""Choice sets the API schema names once (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]) that
are built from code lists rather than declared as choices."""

from bridgeway.programs.questionnaires.codelists import LANGUAGES

PROFILE_LANGUAGES = sorted(LANGUAGES)

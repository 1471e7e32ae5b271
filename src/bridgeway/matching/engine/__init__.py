"""Bridgeway's matching engine: pure Python and NumPy, no Django.

Build an `Engine` from a `ProgramSpec` and `Participant`s, then `score`, `suggest`, `assign`
and `recruitment_gap`. File formats: docs/matching-format.md; API: docs/matching-engine.md.
"""

from .assignment import Assignment, Unmatched
from .engine import Engine, PairScore, Reason, Suggestion
from .errors import FormatError
from .gap import GapGroup
from .mentor_side import MentorSide
from .messages import TEMPLATES, gettext_noop, render
from .participants import Exclusion, Participant, load_participants, parse_participants
from .spec import FORMAT_VERSION, Criterion, ProgramSpec
from .text import text_vector

__all__ = [
    "FORMAT_VERSION",
    "TEMPLATES",
    "Assignment",
    "Criterion",
    "Engine",
    "Exclusion",
    "FormatError",
    "GapGroup",
    "MentorSide",
    "PairScore",
    "Participant",
    "ProgramSpec",
    "Reason",
    "Suggestion",
    "Unmatched",
    "gettext_noop",
    "load_participants",
    "parse_participants",
    "render",
    "text_vector",
]

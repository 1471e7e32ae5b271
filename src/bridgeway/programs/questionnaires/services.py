"""State changes of questionnaires, by agency admins and audited: questions, their order,
ready-made starters. Staff taking a profile requirement away moves on the people in training it
alone held back. A person's answers are saved in profiles.py."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from bridgeway.core.ordering import order_move
from bridgeway.core.services import DomainError, audit_record
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.questionnaires.models import Answer, Audience, Question, QuestionKind
from bridgeway.programs.questionnaires.profiles import answers_changed, answers_write
from bridgeway.programs.questionnaires.rules import rule_check
from bridgeway.programs.questionnaires.selectors import (
    enrollments_held_back_by_question,
    questions_for_program,
)
from bridgeway.programs.questionnaires.starters import STARTERS
from bridgeway.programs.questionnaires.values import clean_value
from bridgeway.programs.requirements import requirement_lifted

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

K = QuestionKind
CHOICE_KINDS = (K.SINGLE_CHOICE, K.MULTIPLE_CHOICE)
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
MAX_CHOICES = 40
SCALE_LIMIT = 100
MAX_SCALE_STEPS = 11  # 0 to 10: each step is a radio button on a phone
EDITABLE = (
    "key",
    "audience",
    "text",
    "help_text",
    "is_required",
    "is_sensitive",
    "choices",
    "scale_min",
    "scale_max",
    "scale_min_label",
    "scale_max_label",
    "max_length",
    "rule",
    "rule_weight",
    "rule_is_hard",
    "rule_params",
)
# Fields of a question whose change can take a requirement off someone (the audience: off a
# role). Other edits can only remove answers that no longer fit, which lifts nothing.
REQUIREMENT_FIELDS = {"is_required", "audience"}


class QuestionFields(TypedDict, total=False):
    """What staff set on a question. On an edit, fields left out keep their value."""

    key: str
    audience: str
    text: dict[str, str]
    help_text: dict[str, str]
    is_required: bool
    is_sensitive: bool
    choices: list[dict[str, Any]]
    scale_min: int | None
    scale_max: int | None
    scale_min_label: dict[str, str]
    scale_max_label: dict[str, str]
    max_length: int
    rule: str
    rule_weight: int
    rule_is_hard: bool
    rule_params: dict[str, Any]


def _question_data(
    *, program: Program, kind: str, data: dict[str, Any], question: Question | None = None
) -> dict[str, Any]:
    """The question's fields checked and completed; raises DomainError naming the field."""
    clean = {name: data[name] for name in EDITABLE if name in data}
    if question is not None:
        clean = {**{name: getattr(question, name) for name in EDITABLE}, **clean}
    key = str(clean.get("key", "")).strip()
    if not KEY_PATTERN.match(key):
        raise DomainError(
            _("Use lowercase letters, digits and underscores, starting with a letter."), "key"
        )
    clash = Question.objects.filter(program=program, key=key)
    if question is not None:
        clash = clash.exclude(pk=question.pk)
    if clash.exists():
        raise DomainError(_("Another question of this program uses this key."), "key")
    clean["key"] = key
    if clean.get("audience", Audience.BOTH) not in Audience.values:
        raise DomainError(_("Choose who is asked this question."), "audience")
    clean.setdefault("audience", Audience.BOTH)
    clean["text"] = _texts(clean.get("text"), "text", required=True)
    clean["help_text"] = _texts(clean.get("help_text"), "help_text")
    clean["choices"] = _checked_choices(kind, clean.get("choices") or [])
    clean.update(_checked_scale(kind, clean))
    max_length = clean.get("max_length", 1000)
    if (
        isinstance(max_length, bool)
        or not isinstance(max_length, int)
        or not 1 <= max_length <= 5000
    ):
        raise DomainError(_("Give a number of characters from 1 to 5000."), "max_length")
    weight = clean.get("rule_weight", 5)
    if isinstance(weight, bool) or not isinstance(weight, int) or not 0 <= weight <= 10:
        raise DomainError(_("Give a weight from 0 to 10."), "rule_weight")
    clean["rule"] = clean.get("rule") or "none"
    clean["is_sensitive"] = bool(clean.get("is_sensitive", False))
    clean["rule_is_hard"] = bool(clean.get("rule_is_hard", False)) and clean["rule"] != "none"
    other_kinds = dict(
        Question.objects.filter(program=program).exclude(key=key).values_list("key", "kind")
    )
    others = set(other_kinds)
    span = (clean["scale_max"] - clean["scale_min"]) if kind == K.SCALE else None
    clean["rule_params"] = rule_check(
        kind=kind,
        audience=clean["audience"],
        rule=clean["rule"],
        params=clean.get("rule_params") or {},
        is_hard=clean["rule_is_hard"],
        scale_span=span,
        other_keys=others,
        other_kinds=other_kinds,
    )
    return clean


def _texts(value: Any, field: str, *, required: bool = False) -> dict[str, str]:
    """{language: text} with known languages only; the default language when required."""
    languages = {code for code, _name in settings.LANGUAGES}
    if not isinstance(value, dict):
        value = {}
    texts = {
        code: text.strip()
        for code, text in value.items()
        if code in languages and isinstance(text, str) and text.strip()
    }
    if any(len(text) > 2000 for text in texts.values()):
        raise DomainError(_("Keep each text under 2000 characters."), field)
    if required and not texts.get(settings.LANGUAGE_CODE):
        default = dict(settings.LANGUAGES)[settings.LANGUAGE_CODE]
        raise DomainError(
            _("Write this text at least in %(language)s.") % {"language": default}, field
        )
    return texts


def _checked_choices(kind: str, choices: list[Any]) -> list[dict[str, Any]]:
    if kind not in CHOICE_KINDS:
        return []
    if not isinstance(choices, list) or len(choices) < 2:
        raise DomainError(_("Give at least two choices."), "choices")
    if len(choices) > MAX_CHOICES:
        raise DomainError(
            ngettext(
                "Give at most %(count)d choice.", "Give at most %(count)d choices.", MAX_CHOICES
            )
            % {"count": MAX_CHOICES},
            "choices",
        )
    seen: set[str] = set()
    clean = []
    for choice in choices:
        value = choice.get("value") if isinstance(choice, dict) else None
        if not isinstance(value, str) or not KEY_PATTERN.match(value) or value in seen:
            raise DomainError(_("Each choice needs its own short code."), "choices")
        seen.add(value)
        label = _texts(choice.get("label"), "choices", required=True)
        clean.append({"value": value, "label": label})
    return clean


def _checked_scale(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    if kind != K.SCALE:
        return {"scale_min": None, "scale_max": None, "scale_min_label": {}, "scale_max_label": {}}
    low, high = data.get("scale_min"), data.get("scale_max")
    numbers = all(isinstance(n, int) and not isinstance(n, bool) for n in (low, high))
    if not numbers or not -SCALE_LIMIT <= low <= high <= SCALE_LIMIT:  # type: ignore[operator]
        raise DomainError(_("Give whole numbers from -100 to 100."), "scale_min")
    if not 1 <= high - low < MAX_SCALE_STEPS:  # type: ignore[operator]
        raise DomainError(
            _("The highest value must be above the lowest, with at most 11 steps."), "scale_max"
        )
    return {
        "scale_min": low,
        "scale_max": high,
        "scale_min_label": _texts(data.get("scale_min_label"), "scale_min_label"),
        "scale_max_label": _texts(data.get("scale_max_label"), "scale_max_label"),
    }


@transaction.atomic
def question_create(
    *, program: Program, by: Person, kind: str, **fields: Unpack[QuestionFields]
) -> Question:
    if kind not in K.values:
        raise DomainError(_("Choose a kind of question from the list."), "kind")
    # One position at a time.
    Program.objects.select_for_update(no_key=True).filter(pk=program.pk).first()
    clean = _question_data(program=program, kind=kind, data=dict(fields))
    last = Question.objects.filter(program=program).aggregate(last=Max("position"))["last"]
    question = Question.objects.create(
        program=program, kind=kind, position=(last or 0) + 1, **clean
    )
    _audit(by, question, "question.create")
    return question


@transaction.atomic
def question_update(
    *, question: Question, by: Person, **fields: Unpack[QuestionFields]
) -> Question:
    """Edit a question; its kind stays. Answers that no longer fit (a removed choice, a value
    outside a narrower scale) are removed so the matching engine only reads valid answers."""
    question = Question.objects.select_for_update().select_related("program").get(pk=question.pk)
    clean = _question_data(
        program=question.program, kind=question.kind, data=dict(fields), question=question
    )
    changes = sorted(name for name, value in clean.items() if getattr(question, name) != value)
    if not changes:
        return question
    lifts = question.is_required and bool(REQUIREMENT_FIELDS.intersection(changes))
    held_back = enrollments_held_back_by_question(question=question) if lifts else []
    for name, value in clean.items():
        setattr(question, name, value)
    question.save()
    pruned = _prune_answers(question)
    _audit(by, question, "question.update", {"changes": changes, "answers_removed": pruned})
    released = [e for e in held_back if not (question.is_required and question.asked_of(e.role))]
    if released:
        reason = (
            gettext_lazy(
                "Profile requirement removed: the question “%(question)s” is now optional."
            )
            if not question.is_required
            else gettext_lazy(
                "Profile requirement removed: the question “%(question)s” is no longer asked of "
                "this role."
            )
        )
        _release(released, question=question, reason=reason)
    return question


def _prune_answers(question: Question) -> int:
    """Remove what no longer fits the question from its answers; returns how many changed."""
    removed, changed = [], []
    for answer in Answer.objects.select_for_update().filter(question=question):
        value = answer.value
        if question.kind == K.MULTIPLE_CHOICE and isinstance(value, list):
            value = [item for item in value if item in question.choice_labels()]
        try:
            value = clean_value(question, value)
        except ValidationError:
            value = None
        if value is None:
            removed.append(answer.pk)
        elif value != answer.value:
            answer.value = value
            answer.question = question
            changed.append(answer)
    if Answer.objects.filter(pk__in=removed).delete()[0]:
        answers_changed(program_ids=[question.program_id])
    answers_write(changed=changed)
    return len(removed) + len(changed)


@transaction.atomic
def question_move(*, question: Question, by: Person, direction: str) -> None:
    """Swap a question with its neighbour above ("up") or below ("down")."""
    rows = questions_for_program(program=question.program)
    if order_move(
        rows=rows, item=question, direction=direction, field="position", also_save=("updated_at",)
    ):
        question.refresh_from_db(fields=["position"])
        _audit(
            by, question, "question.move", {"direction": direction, "position": question.position}
        )


@transaction.atomic
def question_delete(*, question: Question, by: Person) -> int:
    """Delete a question with its answers; returns the number of answers deleted. The people in
    training whose profile it alone kept incomplete become ready."""
    answers = question.answers.count()
    held_back = enrollments_held_back_by_question(question=question)
    _audit(by, question, "question.delete", {"answers_deleted": answers})
    question.delete()
    _release(
        held_back,
        question=question,
        reason=gettext_lazy(
            "Profile requirement removed: the question “%(question)s” was deleted."
        ),
    )
    return answers


def _release(held_back: list[Enrollment], *, question: Question, reason: Promise) -> None:
    """After staff took `question` off the profile of the people `held_back`, move on those
    whom nothing else blocks, as if they had answered it. `reason` names the question as
    %(question)s."""
    requirement_lifted(
        held_back=held_back, reason=reason, names={"question": lambda: question.label}
    )


@transaction.atomic
def questionnaire_start(*, program: Program, by: Person, starter: str) -> list[Question]:
    """Fill an empty questionnaire from a ready-made one."""
    if starter not in STARTERS:
        raise DomainError(_("Choose a starting point from the list."), "starter")
    Program.objects.select_for_update(no_key=True).filter(pk=program.pk).first()
    if Question.objects.filter(program=program).exists():
        raise DomainError(
            _("This program already has questions. Start from a template only when it has none."),
            "starter",
        )
    questions = []
    for position, spec in enumerate(STARTERS[starter][1], start=1):
        data = {name: value for name, value in spec.items() if name != "kind"}
        clean = _question_data(program=program, kind=spec["kind"], data=data)
        questions.append(
            Question.objects.create(program=program, kind=spec["kind"], position=position, **clean)
        )
    audit_record(
        actor=by,
        organization=program.organization,
        action="questionnaire.start",
        target=program,
        summary=f"{starter}: {len(questions)}",
        data={"starter": starter, "keys": [q.key for q in questions]},
    )
    return questions


def _audit(by: Person, question: Question, action: str, data: dict[str, Any] | None = None) -> None:
    audit_record(
        actor=by,
        organization=question.program.organization,
        action=action,
        target=question,
        summary=f"{question.program.name}: {question.key}",
        data={"program": question.program_id, **(data or {})},
    )

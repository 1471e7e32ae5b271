"""A person's profile: their answers to the program's questions (all or nothing, checked
against each question), their accessibility needs and preferred contact, and what the profile
still lacks before matching. Questions themselves are set up in services.py."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.accounts.models import AccessibilityNeed, ContactMode
from bridgeway.core.services import DomainError
from bridgeway.programs.models import Enrollment
from bridgeway.programs.questionnaires.models import Answer, Question, QuestionKind
from bridgeway.programs.questionnaires.selectors import (
    profile_completeness,
    questions_for_role,
)
from bridgeway.programs.questionnaires.values import clean_value, matching_vector, vector_prefix
from bridgeway.programs.services import (
    ACTIVE_STATUSES,
    enrollment_advance_if_ready,
)

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person


K = QuestionKind


class AnswersInvalid(DomainError):
    """Some answers were refused; `errors` maps each question key to its message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(_("Some answers need a correction; nothing was saved."))
        self.errors = errors


@transaction.atomic
def profile_save(
    *,
    enrollment: Enrollment,
    by: Person,
    answers: dict[str, Any],
    accessibility_needs: list[str] | None = None,
    contact_mode: str | None = None,
) -> tuple[int, int]:
    """Save the person's answers for the keys given (an empty value clears one; keys left out
    keep their answer) and, when given, their accessibility needs and preferred contact.
    All or nothing: any refused answer raises AnswersInvalid. Returns the completeness."""
    if enrollment.person_id != by.pk:
        raise DomainError(_("Only the person can change their own profile."))
    if enrollment.status not in ACTIVE_STATUSES:
        raise DomainError(_("This enrollment is closed; its profile can no longer change."))
    questions = {
        q.key: q for q in questions_for_role(program=enrollment.program, role=enrollment.role)
    }
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    for key, raw in answers.items():
        question = questions.get(key)
        if question is None:
            errors[key] = _("This program asks you no question with this key.")
            continue
        try:
            cleaned[key] = clean_value(question, raw)
        except ValidationError as error:
            errors[key] = " ".join(error.messages)
    if accessibility_needs is not None and not set(accessibility_needs) <= set(
        AccessibilityNeed.values
    ):
        errors["accessibility_needs"] = _("Choose needs from the list.")
    if contact_mode is not None and contact_mode not in ContactMode.values:
        errors["contact_mode"] = _("Choose a way to be contacted from the list.")
    if errors:
        raise AnswersInvalid(errors)
    _store_answers(enrollment, questions, cleaned)
    _store_accommodation(by, accessibility_needs, contact_mode)
    answered, required = profile_completeness(enrollment)
    if answered == required:
        enrollment_advance_if_ready(enrollment=enrollment)
    return answered, required


def _store_answers(
    enrollment: Enrollment, questions: dict[str, Question], cleaned: dict[str, Any]
) -> None:
    existing = {
        answer.question_id: answer
        for answer in Answer.objects.select_for_update().filter(enrollment=enrollment)
    }
    cleared = [questions[key].pk for key, value in cleaned.items() if value is None]
    if Answer.objects.filter(enrollment=enrollment, question_id__in=cleared).delete()[0]:
        answers_changed(program_ids=[enrollment.program_id])
    new, changed = [], []
    for key, value in cleaned.items():
        if value is None:
            continue
        answer = existing.get(questions[key].pk)
        if answer is None:
            new.append(Answer(enrollment=enrollment, question=questions[key], value=value))
        elif answer.value != value:
            answer.value = value
            answer.question = questions[key]
            changed.append(answer)
    answers_write(new=new, changed=changed)


def _version_key(program_id: int) -> str:
    return f"questionnaires:answers:{program_id}"


def answers_version(*, program_id: int) -> str | None:
    """A token that changes whenever an answer of the program is written or removed (None
    until the first change is recorded): pages that keep answers between requests compare it
    (matching/answers_cache.py). One read of the shared cache."""
    value = cache.get(_version_key(program_id))
    return value if isinstance(value, str) else None


def answers_changed(*, program_ids: Iterable[int]) -> None:
    """Give the programs' answers a new version token, now and again once the transaction
    commits: a reader that kept the old rows under the first token sees the second one."""
    keys = [_version_key(pk) for pk in set(program_ids)]
    if not keys:
        return

    def bump() -> None:
        cache.set_many({key: secrets.token_hex(8) for key in keys}, timeout=None)

    bump()
    transaction.on_commit(bump)


@transaction.atomic
def answers_write(*, new: Sequence[Answer] = (), changed: Sequence[Answer] = ()) -> None:
    """Create the `new` answers and save the new values of the `changed` ones, each free-text
    answer with the matching vector of its text (values.matching_vector).

    Every answer is written through here, so a stored vector always belongs to the text beside
    it. Values are cleaned and not empty (an emptied answer is deleted instead, its vector with
    it); each answer's `question` is loaded. Checking who may write is the caller's part."""
    for answer in (*new, *changed):
        answer.text_vector = matching_vector(answer.question, answer.value)
    now = timezone.now()
    for answer in changed:
        answer.updated_at = now  # bulk_update skips auto_now
    Answer.objects.bulk_create(new)
    if changed:
        Answer.objects.bulk_update(changed, ["value", "text_vector", "updated_at"])
    answers_changed(program_ids={answer.question.program_id for answer in (*new, *changed)})


def text_vectors_refresh(*, batch_size: int = 500) -> int:
    """Give each free-text answer the vector of the engine now running, batch by batch:
    answers whose vector is missing or from an older engine format. Until then matching
    analyses their text instead, with the same scores. Safe to run twice and beside profile
    saves (a batch's answers are locked while rewritten); returns how many answers changed."""
    stale = (
        Answer.objects.filter(question__kind=K.TEXT)
        .exclude(text_vector__startswith=vector_prefix())
        .select_related("question")
        .order_by("pk")
    )
    refreshed, after = 0, 0
    while True:
        with transaction.atomic():
            batch = list(stale.filter(pk__gt=after).select_for_update(of=("self",))[:batch_size])
            for answer in batch:
                answer.text_vector = matching_vector(answer.question, answer.value)
            Answer.objects.bulk_update(batch, ["text_vector"])
        if len(batch) < batch_size:
            return refreshed + len(batch)
        refreshed += len(batch)
        after = batch[-1].pk


def _store_accommodation(person: Person, needs: list[str] | None, contact_mode: str | None) -> None:
    fields = []
    if needs is not None:
        person.accessibility_needs = [need for need in AccessibilityNeed.values if need in needs]
        fields.append("accessibility_needs")
    if contact_mode is not None:
        person.contact_mode = contact_mode
        fields.append("contact_mode")
    if fields:
        person.save(update_fields=fields)


def profile_blockers(enrollment: Enrollment) -> list[str]:
    """Readiness check: every required question of the person's role is answered."""
    answered, required = profile_completeness(enrollment)
    missing = required - answered
    if missing <= 0:
        return []
    return [
        ngettext(
            "%(count)d required profile question is not answered yet.",
            "%(count)d required profile questions are not answered yet.",
            missing,
        )
        % {"count": missing}
    ]

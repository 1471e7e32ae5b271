"""A circle's goals, with the pair's prompts and rules (a blank goal or a date in the past is
refused; ten in progress at most). Every member writes progress and marks a goal met."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.relationships.goals import MAX_GOALS
from bridgeway.relationships.groups.meetings import members_of, sign_first
from bridgeway.relationships.groups.models import GroupGoal, GroupGoalNote, MentoringGroup
from bridgeway.relationships.models import Goal


def _member(group: MentoringGroup, person: Person) -> None:
    if not any(m.enrollment.person_id == person.pk for m in members_of(group)):
        sign_first(group, person)
        raise DomainError(_("Only the group's members set its goals."))
    if group.status != MentoringGroup.Status.ACTIVE:
        raise DomainError(_("Goals are set while the group is under way."))


@transaction.atomic
def goal_add(
    *,
    group: MentoringGroup,
    by: Person,
    title: str,
    measure: str = "",
    due_date: date | None = None,
) -> GroupGoal:
    _member(group, by)
    title = " ".join(title.split())
    if not title:
        raise DomainError(_("Write the goal in a few words."), "title")
    if due_date is not None and due_date < timezone.localdate():
        raise DomainError(_("Choose a date from today on."), "due_date")
    MentoringGroup.objects.select_for_update().filter(pk=group.pk).first()
    if GroupGoal.objects.filter(group=group, status=Goal.Status.OPEN).count() >= MAX_GOALS:
        raise DomainError(_("Ten goals in progress is plenty: mark one as met first."))
    return GroupGoal.objects.create(
        group=group,
        title=title[:200],
        measure=measure.strip()[:300],
        due_date=due_date,
        created_by=by,
    )


@transaction.atomic
def goal_note(*, goal: GroupGoal, by: Person, text: str) -> GroupGoalNote:
    _member(goal.group, by)
    text = text.strip()
    if not text:
        raise DomainError(_("Write what moved forward."), "text")
    return GroupGoalNote.objects.create(goal=goal, author=by, text=text[:2000])


@transaction.atomic
def goal_met(*, goal: GroupGoal, by: Person) -> GroupGoal:
    locked = (
        GroupGoal.objects.select_for_update(of=("self",)).select_related("group").get(pk=goal.pk)
    )
    _member(locked.group, by)
    if locked.status == Goal.Status.MET:
        raise DomainError(_("This goal is already met."))
    locked.status, locked.met_at = Goal.Status.MET, timezone.now()
    locked.save(update_fields=["status", "met_at"])
    return locked

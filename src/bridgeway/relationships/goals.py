"""Goals and their progress. When every goal of a pair is met and the program closes
mentorships on goals met, both are asked whether to close."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.services import DomainError
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Program
from bridgeway.relationships.models import Goal, GoalNote, Relationship

MAX_GOALS = 10


def _party(relationship: Relationship, person: Person) -> None:
    if person.pk not in (relationship.mentee.person_id, relationship.mentor.person_id):
        raise DomainError(_("Only the mentee and the mentor set their goals."))
    if relationship.status != Relationship.Status.ACTIVE:
        raise DomainError(_("Goals are set while the mentorship is under way."))
    if relationship.program.kind == Program.Kind.FLASH:
        raise DomainError(_("A flash mentorship is a single conversation: it has no goals."))


@transaction.atomic
def goal_add(
    *,
    relationship: Relationship,
    by: Person,
    title: str,
    measure: str = "",
    due_date: date | None = None,
) -> Goal:
    _party(relationship, by)
    title = " ".join(title.split())
    if not title:
        raise DomainError(_("Write the goal in a few words."), "title")
    if due_date is not None and due_date < timezone.localdate():
        raise DomainError(_("Choose a date from today on."), "due_date")
    if relationship.goals.filter(status=Goal.Status.OPEN).count() >= MAX_GOALS:
        raise DomainError(_("Ten goals in progress is plenty: mark one as met first."))
    return Goal.objects.create(
        relationship=relationship,
        title=title[:200],
        measure=measure.strip()[:300],
        due_date=due_date,
        created_by=by,
    )


@transaction.atomic
def goal_note(*, goal: Goal, by: Person, text: str) -> GoalNote:
    _party(goal.relationship, by)
    text = text.strip()
    if not text:
        raise DomainError(_("Write what moved forward."), "text")
    return GoalNote.objects.create(goal=goal, author=by, text=text[:2000])


@transaction.atomic
def goal_met(*, goal: Goal, by: Person) -> Goal:
    locked = (
        Goal.objects.select_for_update(of=("self",))
        .select_related(
            "relationship__mentee__person", "relationship__mentor__person", "relationship__program"
        )
        .get(pk=goal.pk)
    )
    relationship = locked.relationship
    _party(relationship, by)
    if locked.status == Goal.Status.MET:
        raise DomainError(_("This goal is already met."))
    locked.status, locked.met_at = Goal.Status.MET, timezone.now()
    locked.save(update_fields=["status", "met_at"])
    all_met = not relationship.goals.filter(status=Goal.Status.OPEN).exists()
    if all_met and relationship.program.close_when_goals_met:
        for enrollment, role in ((relationship.mentee, "mentee"), (relationship.mentor, "mentor")):
            notify(
                kind="relationships.goals_met",
                event=f"relationship:{relationship.pk}:goals-met:{locked.pk}",
                person=enrollment.person,
                role=role,
                params={"relationship": relationship.pk},
                url=reverse("relationships:close", args=[relationship.pk]) + "?reason=goals_met",
                organization=relationship.program.organization,
            )
    return locked

"""The members of a circle as its leader and its staff manage them: answering requests to
join (the leader or staff), inviting a participant and taking a member out (staff). Each is
told in their own language; every decision is in the agency's audit log; a second click
changes nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.community.circles.membership import (
    activate,
    deactivate,
    locked,
    member_count,
    stamp,
    tell,
)
from bridgeway.community.circles.models import Circle, CircleKind, CircleMember
from bridgeway.community.circles.rules import may_be_member
from bridgeway.community.circles.services import audit
from bridgeway.core.services import DomainError

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

Status = CircleMember.Status


def _locked_member(circle: Circle, member: CircleMember) -> CircleMember:
    found = (
        CircleMember.objects.select_for_update()
        .select_related("person")
        .filter(pk=member.pk, circle=circle)
        .first()
    )
    if found is None:
        raise DomainError(_("This person is not in this circle."))
    return found


def _role_words(circle: Circle) -> str:
    if circle.kind == CircleKind.MENTORS:
        return _("an accepted mentor of %(scope)s") % {"scope": circle.scope_name}
    return _("an accepted mentee of %(scope)s") % {"scope": circle.scope_name}


def _check_room(circle: Circle, field: str = "") -> None:
    if member_count(circle) >= circle.capacity:
        raise DomainError(
            _("The circle is full: raise its places, or wait until a member leaves."), field
        )


@transaction.atomic
def request_decide(
    *, circle: Circle, member: CircleMember, by: Person, approve: bool
) -> CircleMember:
    """The leader or staff answer a request to join: approved, the person is in and told
    (welcome); declined, they are told kindly and may ask again later."""
    circle = locked(circle)
    member = _locked_member(circle, member)
    done = Status.ACTIVE if approve else Status.DECLINED
    if member.status == done:
        return member  # answered twice
    if member.status != Status.REQUESTED:
        raise DomainError(_("This request was already answered or taken back."))
    if not circle.is_active:
        raise DomainError(_("This circle has closed."))
    if approve:
        if not may_be_member(member.person, circle):
            raise DomainError(
                _("%(name)s can no longer join: they are not %(who)s any more.")
                % {"name": member.person.name, "who": _role_words(circle)}
            )
        _check_room(circle)
        activate(circle, member, by=by)
        tell(circle, member.person, "community.circle_approved", f"approved:{member.pk}:{stamp()}")
    else:
        member.status, member.decided_by = Status.DECLINED, by
        member.save(update_fields=["status", "decided_by"])
        tell(circle, member.person, "community.circle_declined", f"declined:{member.pk}:{stamp()}")
    action = "community.circle_approve" if approve else "community.circle_decline"
    audit(circle, by, action, subject=member.person)
    return member


@transaction.atomic
def member_invite(*, circle: Circle, by: Person, person: Person) -> CircleMember:
    """Staff invite a participant the circle is for; they accept or say no on its page. A
    person who had asked to join is let in at once."""
    circle = locked(circle)
    if not circle.is_active:
        raise DomainError(_("This circle has closed."))
    member = (
        CircleMember.objects.select_for_update()
        .select_related("person")
        .filter(circle=circle, person=person)
        .first()
    )
    if member is not None and member.status == Status.INVITED:
        return member  # invited twice
    if member is not None and member.status == Status.ACTIVE:
        raise DomainError(_("%(name)s is already in this circle.") % {"name": person.name}, "email")
    if not may_be_member(person, circle):
        raise DomainError(
            _("Only %(who)s can be invited to this circle.") % {"who": _role_words(circle)},
            "email",
        )
    _check_room(circle, "email")
    if member is not None and member.status == Status.REQUESTED:
        return request_decide(circle=circle, member=member, by=by, approve=True)
    if member is None:
        member = CircleMember(circle=circle, person=person)
    member.role, member.status, member.decided_by = CircleMember.Role.MEMBER, Status.INVITED, by
    member.asked_at = timezone.now()
    member.save()
    tell(circle, person, "community.circle_invitation", f"invited:{member.pk}:{stamp()}")
    audit(circle, by, "community.circle_invite", subject=person)
    return member


@transaction.atomic
def member_remove(*, circle: Circle, member: CircleMember, by: Person, note: str = "") -> None:
    """Staff take a member out (they are told, with the staff's words), or take back an
    invitation not yet answered."""
    circle = locked(circle)
    member = _locked_member(circle, member)
    if member.status not in (Status.ACTIVE, Status.INVITED):
        return  # already out
    if member.is_leader:
        raise DomainError(
            _("Name another leader before taking the leader out, or close the circle.")
        )
    note = note.strip()[:500]
    if member.status == Status.INVITED:
        member.status, member.decided_by = Status.LEFT, by
        member.save(update_fields=["status", "decided_by"])
        audit(circle, by, "community.circle_uninvite", subject=member.person)
        return
    deactivate(circle, member, Status.REMOVED, by=by)
    tell(
        circle,
        member.person,
        "community.circle_removed",
        f"removed:{member.pk}:{stamp()}",
        note=note,
    )
    audit(circle, by, "community.circle_remove", subject=member.person, note=note)

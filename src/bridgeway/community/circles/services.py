"""Writes of circles by staff: open one (with its space and its leader), change it, name
another leader, close it. Callers have checked that the person manages the circle's agency
(selectors); these functions check the rest, tell the people concerned in their language and
write the agency's audit log."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bridgeway.community.circles.membership import (
    activate,
    deactivate,
    leader_member,
    locked,
    member_count,
    stamp,
    tell,
)
from bridgeway.community.circles.models import (
    MAX_MEMBERS,
    Circle,
    CircleKind,
    CircleMember,
    Joining,
)
from bridgeway.community.circles.rules import is_seasoned, may_lead
from bridgeway.community.models import Audience, Moderator, Space
from bridgeway.community.services import space_create
from bridgeway.core.services import DomainError, audit_record
from bridgeway.messaging.models import Conversation
from bridgeway.messaging.services import conversation_close_group
from bridgeway.programs.questionnaires.codelists import OCCUPATIONS

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person
    from bridgeway.core.models import Organization
    from bridgeway.programs.models import Program

Status = CircleMember.Status
Role = CircleMember.Role
FIELDS = ("name", "need", "sector", "language", "description", "capacity", "joining")


@dataclass(frozen=True)
class CircleFields:
    name: str
    need: str
    sector: str
    language: str
    description: str
    capacity: int
    joining: str = Joining.OPEN

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name.strip(),
            "need": self.need.strip(),
            "sector": self.sector,
            "language": self.language,
            "description": self.description.strip(),
            "capacity": self.capacity,
            "joining": self.joining,
        }


def audit(
    circle: Circle, by: Person, action: str, subject: Person | None = None, **data: Any
) -> None:
    audit_record(
        actor=by,
        action=action,
        organization=circle.organization,
        target=circle,
        subject=subject,
        data={"circle": circle.pk, "name": circle.name, **data},
    )


def _check(fields: CircleFields, kind: str) -> None:
    if not fields.name.strip():
        raise DomainError(_("Give the circle a name."), "name")
    if kind == CircleKind.MENTEES and not fields.need.strip():
        raise DomainError(
            _(
                "Say what need brings the mentees together, for example “job search in health "
                "care”."
            ),
            "need",
        )
    if fields.sector and fields.sector not in OCCUPATIONS:
        raise DomainError(_("Choose an occupation group from the list, or none."), "sector")
    if fields.language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose a language the site offers."), "language")
    if fields.joining not in Joining.values:
        raise DomainError(_("Choose how people join."), "joining")
    if not 2 <= fields.capacity <= MAX_MEMBERS:
        raise DomainError(
            _("Give a number of places from 2 to %(max)d.") % {"max": MAX_MEMBERS}, "capacity"
        )


def _check_leader(circle: Circle, leader: Person, vouch: bool) -> bool:
    """Whether a staff member's word is needed and given for this leader (a mentors' circle
    led by a mentor without a completed mentorship); refuses a leader the circle may not
    have."""
    if not may_lead(leader, circle):
        raise DomainError(
            _("Choose a mentor of %(scope)s whose application was accepted.")
            % {"scope": circle.scope_name},
            "leader",
        )
    if circle.kind != CircleKind.MENTORS or is_seasoned(leader, circle):
        return False
    if not vouch:
        raise DomainError(
            _(
                "%(name)s has not completed a mentorship here yet. A mentors' circle is led by "
                "a seasoned mentor: choose another one, or vouch for their experience."
            )
            % {"name": leader.name},
            "leader",
        )
    return True


def _lead(circle: Circle, leader: Person, by: Person) -> CircleMember:
    """Make the person the circle's leader (the caller demoted the one before): a place in
    the circle, the conversation, and the moderation tools of its space."""
    member = CircleMember.objects.select_for_update().filter(circle=circle, person=leader).first()
    if member is None:
        member = CircleMember(circle=circle, person=leader)
    member.role = Role.LEADER
    if member.status == Status.ACTIVE:
        member.save(update_fields=["role"])
    else:
        activate(circle, member, by=by)
    Moderator.objects.get_or_create(
        space_id=circle.space_id, person=leader, defaults={"added_by": by}
    )
    tell(circle, leader, "community.circle_leader", f"leader:{member.pk}:{stamp()}", leader=True)
    return member


@transaction.atomic
def circle_create(
    *,
    by: Person,
    organization: Organization,
    program: Program | None,
    kind: str,
    fields: CircleFields,
    leader: Person,
    vouch: bool = False,
    client_key: str = "",
) -> Circle:
    """Open a circle with its members-only space and its leader; the form sent twice opens it
    once."""
    if client_key:
        existing = Circle.objects.filter(created_by=by, client_key=client_key).first()
        if existing is not None:
            return existing
    if kind not in CircleKind.values:
        raise DomainError(_("Choose the kind of circle."), "kind")
    _check(fields, kind)
    circle = Circle(
        kind=kind,
        level="program" if program is not None else "agency",
        organization=organization,
        program=program,
        created_by=by,
        client_key=client_key,
        **fields.values(),
    )
    vouched = _check_leader(circle, leader, vouch)
    circle.space = space_create(
        by=by,
        network=organization.network,
        organization=organization,
        program=program,
        name=circle.name,
        description=circle.need,
        audience=Audience.MENTORS if kind == CircleKind.MENTORS else Audience.MENTEES,
    )
    circle.leader_vouched_by = by if vouched else None
    circle.save()
    _lead(circle, leader, by)
    audit(circle, by, "community.circle_create", subject=leader, kind=kind, vouched=vouched)
    return circle


@transaction.atomic
def circle_update(*, circle: Circle, by: Person, fields: CircleFields) -> Circle:
    circle = locked(circle)
    if not circle.is_active:
        raise DomainError(_("This circle has closed: it can no longer be changed."))
    _check(fields, circle.kind)
    members = member_count(circle)
    if fields.capacity < members:
        raise DomainError(
            ngettext(
                "%(count)d member is in the circle already: keep at least that many places.",
                "%(count)d members are in the circle already: keep at least that many places.",
                members,
            )
            % {"count": members},
            "capacity",
        )
    values = fields.values()
    changed = [name for name in FIELDS if getattr(circle, name) != values[name]]
    if not changed:
        return circle
    for name in changed:
        setattr(circle, name, values[name])
    circle.save(update_fields=[*changed, "updated_at"])
    if "name" in changed or "need" in changed:
        Space.objects.filter(pk=circle.space_id).update(
            name=circle.name, description=circle.need, updated_at=timezone.now()
        )
    if "name" in changed and circle.conversation_id is not None:
        Conversation.objects.filter(pk=circle.conversation_id).update(title=circle.name[:200])
    audit(circle, by, "community.circle_update", fields=changed)
    return circle


@transaction.atomic
def leader_set(*, circle: Circle, by: Person, leader: Person, vouch: bool = False) -> Circle:
    """Name another leader. The one before stays as a member of a mentors' circle while there
    is a place; they leave a mentees' circle (they were there to lead it). Both are told."""
    circle = locked(circle)
    if not circle.is_active:
        raise DomainError(_("This circle has closed: it can no longer be changed."))
    current = leader_member(circle)
    if current is not None and current.person_id == leader.pk:
        return circle  # named twice
    vouched = _check_leader(circle, leader, vouch)
    if current is not None:
        current.role = Role.MEMBER
        current.save(update_fields=["role"])
        Moderator.objects.filter(space_id=circle.space_id, person_id=current.person_id).delete()
        new_is_member = CircleMember.objects.filter(
            circle=circle, person=leader, status=Status.ACTIVE
        ).exists()
        room = member_count(circle) - (1 if new_is_member else 0) <= circle.capacity
        if circle.kind != CircleKind.MENTORS or not room:
            deactivate(circle, current, Status.LEFT, by=by)
        tell(
            circle,
            current.person,
            "community.circle_leader_replaced",
            f"replaced:{current.pk}:{stamp()}",
            leader=True,
            stays=current.status == Status.ACTIVE,
        )
    _lead(circle, leader, by)
    circle.leader_vouched_by = by if vouched else None
    circle.save(update_fields=["leader_vouched_by", "updated_at"])
    audit(
        circle,
        by,
        "community.circle_leader",
        subject=leader,
        previous=current.person_id if current is not None else None,
        vouched=vouched,
    )
    return circle


@transaction.atomic
def circle_close(*, circle: Circle, by: Person, note: str = "") -> Circle:
    """Close the circle: its conversation and space stay readable to its members and take
    nothing new, its coming sessions are cancelled (those registered are told), waiting
    requests and invitations end, and the members are told. Twice changes nothing."""
    from bridgeway.community.circles.selectors import coming_sessions
    from bridgeway.community.sessions.services import session_cancel

    circle = locked(circle)
    if not circle.is_active:
        return circle
    circle.status, circle.closed_at, circle.closed_by = Circle.Status.CLOSED, timezone.now(), by
    circle.close_note = note.strip()[:500]
    circle.save(update_fields=["status", "closed_at", "closed_by", "close_note", "updated_at"])
    if circle.conversation_id is not None:
        conversation_close_group(conversation_id=circle.conversation_id)
    for session in coming_sessions(circle=circle).filter(starts_at__gt=timezone.now()):
        session_cancel(session=session, by=by)
    told = CircleMember.objects.filter(
        circle=circle, status__in=[Status.ACTIVE, Status.REQUESTED, Status.INVITED]
    ).select_related("person")
    for member in told:
        if member.status != Status.ACTIVE:  # a request or an invitation ends with the circle
            member.status, member.left_at = Status.LEFT, circle.closed_at
            member.save(update_fields=["status", "left_at"])
            continue
        tell(
            circle,
            member.person,
            "community.circle_closed",
            "closed",
            leader=member.role == Role.LEADER,
        )
    audit(circle, by, "community.circle_close", note=circle.close_note)
    return circle

"""A coordinator's proposal that both people confirm (`requests_confirmed_by` = "both").

The proposal goes to the mentor and to the mentee, each accepts or declines within the mentor's
answer window (one deadline, one reminder to whoever has not answered). The relationship starts
once both have accepted; a decline by either ends it, and the pair is never proposed or
suggested again (a declined match proposal, as for a mentor's decline). The mentee's reason is
read by the program's staff only. Everyone is told in their own language."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bridgeway.accounts.models import Person
from bridgeway.core.models import Membership
from bridgeway.core.services import DomainError
from bridgeway.matching.services import proposal_decline
from bridgeway.notifications.outbox import notify
from bridgeway.relationships.models import MenteeDeclineReason, MentorRequest, Relationship

R = MentorRequest.Status
Side = MentorRequest.Side


def _url(name: str, *args: int) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def _waiting_for_mentee(request: MentorRequest, by: Person) -> MentorRequest:
    locked = (
        MentorRequest.objects.select_for_update(of=("self",))
        .select_related("mentee__person", "mentor__person", "program__organization", "proposal")
        .get(pk=request.pk)
    )
    if locked.mentee.person_id != by.pk or not locked.mentee_confirms:
        raise DomainError(_("Only the mentee this mentor was proposed to can answer."))
    if locked.status == R.ACCEPTED or locked.mentee_accepted_at is not None:
        raise DomainError(_("You have already accepted this proposal."))
    if locked.status == R.EXPIRED:
        raise DomainError(
            _("This proposal expired before your answer; your coordinator will be in touch.")
        )
    if locked.status != R.WAITING:
        raise DomainError(_("This proposal has already been answered."))
    return locked


def side_accepts(request: MentorRequest, *, side: str, by: Person) -> Relationship | None:
    """One of the two says yes (the caller locked the waiting request). The second yes starts
    the relationship; after the first, the other person is told their answer is awaited."""
    from bridgeway.relationships.services import accept_now

    now = timezone.now()
    if side == Side.MENTOR:
        request.mentor_accepted_at = now
        request.save(update_fields=["mentor_accepted_at"])
    else:
        request.mentee_accepted_at = now
        request.save(update_fields=["mentee_accepted_at"])
    if request.mentor_accepted_at is not None and request.mentee_accepted_at is not None:
        return accept_now(request, by=by)
    if side == Side.MENTOR:
        other, role = request.mentee, "mentee"
        url = _url("relationships:mentee_request", request.mentee_id, request.pk)
    else:
        other, role = request.mentor, "mentor"
        url = _url("relationships:request", request.mentor_id, request.pk)
    notify(
        kind="relationships.request_half_accepted",
        event=f"request:{request.pk}:accepted-by-{side}",
        person=other.person,
        role=role,
        params={"request": request.pk},
        url=url,
        organization=request.program.organization,
    )
    return None


@transaction.atomic
def request_accept_as_mentee(*, request: MentorRequest, by: Person) -> Relationship | None:
    """The mentee says yes to a proposal both confirm; None while the mentor's yes is awaited."""
    locked = _waiting_for_mentee(request, by)
    return side_accepts(locked, side=Side.MENTEE, by=by)


@transaction.atomic
def request_decline_as_mentee(
    *, request: MentorRequest, by: Person, reason: str, note: str = ""
) -> MentorRequest:
    """The mentee says no, with a reason from the list (and their words): only staff read it.
    The mentor and staff are told; this mentor is not proposed to this mentee again."""
    locked = _waiting_for_mentee(request, by)
    if reason not in MenteeDeclineReason.values:
        raise DomainError(_("Choose a reason from the list."), "reason")
    note = note.strip()[:500]
    if reason == MenteeDeclineReason.OTHER and not note:
        raise DomainError(_("Say briefly why; it helps your coordinator."), "note")
    locked.decline_reason, locked.decline_note = reason, note
    locked.declined_by = Side.MENTEE
    locked.save(update_fields=["decline_reason", "decline_note", "declined_by"])
    label = str(MenteeDeclineReason(reason).label)
    text = _("The mentee declined: %(reason)s") % {
        "reason": f"{label}. {note}".strip() if note else label
    }
    assert locked.proposal is not None
    proposal_decline(proposal=locked.proposal, by=by, reason=text)
    locked.refresh_from_db()
    return locked


def proposal_ended_tell(request: MentorRequest, *, what: str) -> None:
    """After a decline of a proposal both confirm: the one who did not decline and the
    program's staff are told (the reason stays with staff)."""
    organization = request.program.organization
    params = {"request": request.pk, "what": what}
    if request.declined_by == Side.MENTEE:
        told = [(request.mentor.person, "mentor", _url("core:dashboard"))]
    else:
        told = [
            (
                request.mentee.person,
                "mentee",
                _url("relationships:mentee_request", request.mentee_id, request.pk),
            )
        ]
    for person, role, url in told:
        notify(
            kind="relationships.proposal_ended",
            event=f"request:{request.pk}:ended",
            person=person,
            role=role,
            params=params,
            url=url,
            organization=organization,
        )
    for membership in Membership.objects.filter(organization=organization).select_related("person"):
        notify(
            kind="relationships.proposal_ended",
            event=f"request:{request.pk}:ended",
            person=membership.person,
            role="staff",
            params=params,
            url=_url("relationships:staff_list", request.program_id),
            organization=organization,
        )

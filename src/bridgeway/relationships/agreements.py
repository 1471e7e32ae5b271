"""Mentoring agreements: the program's text (versioned, in several languages), the terms the
pair choose (how often and how they meet, how fast they answer), both signatures, or a
staff waiver with a reason. The relationship becomes active only then."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.accounts.models import Person
from bridgeway.core.i18n import translated
from bridgeway.core.kept_queries import KeptObjects
from bridgeway.core.services import DomainError, audit_record
from bridgeway.notifications.outbox import notify
from bridgeway.programs.models import Program
from bridgeway.relationships.models import (
    Agreement,
    AgreementTemplate,
    GroupAgreement,
    MeetingChannel,
    MeetingFrequency,
    Relationship,
)

# The text a program's pairs sign until its staff write their own, in each site language.
DEFAULT_TEXT = gettext_lazy(
    "We agree to meet at the rhythm and in the ways written above, and to answer each other's "
    "messages within the days written above. If one of us cannot make a meeting, we say so "
    "as early as we can.\n\n"
    "What we share stays between us. We do not share each other's contact details, documents "
    "or stories with anyone else without asking first. Program staff may read our "
    "conversations only to keep us safe, and they record when they do.\n\n"
    "If something does not feel right, either of us can raise a concern with the program's "
    "staff at any time, in confidence.\n\n"
    "This mentorship ends on the end date written above, unless we agree with the program's "
    "staff to end it earlier or to continue."
)

# The text a group signs until the program's staff write their own.
DEFAULT_GROUP_TEXT = gettext_lazy(
    "We agree to meet at the rhythm and in the ways written above, and to answer the group's "
    "messages within the days written above. If one of us cannot make a meeting, we say so "
    "as early as we can.\n\n"
    "What is shared in the group stays in the group. We do not share another member's contact "
    "details, documents or stories with anyone else without asking first. Program staff may "
    "read the group's conversation only to keep us safe, and they record when they do.\n\n"
    "If something does not feel right, any of us can raise a concern with the program's staff "
    "at any time, in confidence.\n\n"
    "This group ends on the end date written above, unless the mentors agree with the "
    "program's staff to end it earlier or to continue."
)


def default_texts() -> dict[str, str]:
    """The default agreement in each site language, for staff to start from."""
    from django.conf import settings
    from django.utils import translation

    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(DEFAULT_TEXT)
    return texts


def channel_labels(agreement: Agreement | GroupAgreement | None) -> list[str]:
    if agreement is None:
        return []
    return [str(MeetingChannel(c).label) for c in agreement.channels if c in MeetingChannel.values]


# The program's current agreement, read by every mentorship that starts: compiled once per
# process.
_template_current = KeptObjects(
    lambda program_id: AgreementTemplate.objects.filter(program_id=program_id).order_by("-version")[
        :1
    ],
    int,
)


def template_current(*, program: Program) -> AgreementTemplate | None:
    template: AgreementTemplate | None = _template_current.first(program.pk)
    return template


def agreement_text(agreement: Agreement | GroupAgreement, language: str | None = None) -> str:
    """The agreement's text in `language` (the active one by default)."""
    if agreement.template is not None:
        return translated(agreement.template.text, language)
    from django.utils import translation

    default = DEFAULT_GROUP_TEXT if isinstance(agreement, GroupAgreement) else DEFAULT_TEXT
    with translation.override(language or translation.get_language()):
        return str(default)


def text_language(agreement: Agreement, language: str | None = None) -> str:
    """The language code of the text `agreement_text` gives for `language`: the program's
    text may lack that language and fall back to the site's, or to any it has."""
    from django.conf import settings
    from django.utils import translation

    wanted = (language or translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if agreement.template is None:
        return wanted
    texts = agreement.template.text if isinstance(agreement.template.text, dict) else {}
    for code in (wanted, settings.LANGUAGE_CODE):
        if texts.get(code):
            return str(code)
    return next((str(code) for code, text in texts.items() if text), wanted)


@transaction.atomic
def template_save(*, program: Program, text: dict[str, str], by: Person) -> AgreementTemplate:
    """A new version of the program's agreement; pairs who already signed keep theirs."""
    if not any(value.strip() for value in text.values()):
        raise DomainError(_("Write the agreement at least in one language."), "text")
    Program.objects.select_for_update(no_key=True).filter(pk=program.pk).first()
    latest = AgreementTemplate.objects.filter(program=program).aggregate(v=Max("version"))["v"]
    template = AgreementTemplate.objects.create(
        program=program, version=(latest or 0) + 1, text=text, created_by=by
    )
    audit_record(
        actor=by,
        organization=program.organization,
        action="relationships.agreement_template",
        target=template,
        summary=f"{program.name} v{template.version}",
        data={"version": template.version},
    )
    return template


def agreement_start(relationship: Relationship) -> Agreement:
    template = template_current(program=relationship.program)
    return Agreement.objects.create(
        relationship=relationship,
        template=template,
        version=template.version if template else 0,
        channels=[MeetingChannel.VIDEO, MeetingChannel.MESSAGES],
    )


def _party(agreement: Agreement, person: Person) -> str:
    relationship = agreement.relationship
    if relationship.mentee.person_id == person.pk:
        return "mentee"
    if relationship.mentor.person_id == person.pk:
        return "mentor"
    raise DomainError(_("Only the mentee and the mentor sign their agreement."))


def _locked(agreement: Agreement) -> Agreement:
    locked = (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("relationship__mentee__person", "relationship__mentor__person")
        .select_related("relationship__program__organization", "template")
        .get(pk=agreement.pk)
    )
    if locked.complete or locked.relationship.status != Relationship.Status.AGREEMENT:
        raise DomainError(_("This agreement is already in force."))
    return locked


@transaction.atomic
def agreement_terms(
    *,
    agreement: Agreement,
    by: Person,
    meeting_frequency: str,
    channels: list[str],
    response_days: int,
) -> Agreement:
    """Either party sets the terms; a change clears a signature given to other terms."""
    locked = _locked(agreement)
    _party(locked, by)
    if meeting_frequency not in MeetingFrequency.values:
        raise DomainError(_("Choose how often you meet from the list."), "meeting_frequency")
    chosen = [c for c in MeetingChannel.values if c in set(channels)]
    if not chosen or len(chosen) != len(set(channels)):
        raise DomainError(_("Choose at least one way to meet from the list."), "channels")
    if not 1 <= response_days <= 14:
        raise DomainError(_("Give a number of days from 1 to 14."), "response_days")
    changed = (locked.meeting_frequency, locked.channels, locked.response_days) != (
        meeting_frequency,
        chosen,
        response_days,
    )
    if changed:
        locked.meeting_frequency, locked.channels = meeting_frequency, chosen
        locked.response_days = response_days
        locked.mentee_signed_at = locked.mentor_signed_at = None
        locked.mentee_signed_name = locked.mentor_signed_name = ""
        locked.mentee_signed_language = locked.mentor_signed_language = ""
        locked.save()
    return locked


@transaction.atomic
def agreement_sign(*, agreement: Agreement, by: Person, typed_name: str) -> Agreement:
    """Sign with one's typed name; the second signature puts the relationship in force."""
    locked = _locked(agreement)
    party = _party(locked, by)
    typed_name = " ".join(typed_name.split())
    if not typed_name:
        raise DomainError(_("Type your name to sign."), "typed_name")
    if getattr(locked, f"{party}_signed_at"):
        raise DomainError(_("You have already signed this agreement."))
    setattr(locked, f"{party}_signed_name", typed_name[:150])
    setattr(locked, f"{party}_signed_at", timezone.now())
    # The text they read is the one in the language of the page they signed on.
    setattr(locked, f"{party}_signed_language", text_language(locked))
    locked.save()
    if locked.complete:
        _activate(locked, by=by)
    return locked


@transaction.atomic
def agreement_waive(*, agreement: Agreement, by: Person, reason: str) -> Agreement:
    """Staff start the relationship without signatures (the caller checked they are staff of
    the program's agency), with the reason kept."""
    locked = _locked(agreement)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Give the reason for starting without signatures."), "reason")
    locked.waived_by, locked.waived_reason, locked.waived_at = by, reason[:500], timezone.now()
    locked.save()
    _activate(locked, by=by)
    return locked


def _activate(agreement: Agreement, *, by: Person) -> None:
    relationship = agreement.relationship
    relationship.status = Relationship.Status.ACTIVE
    relationship.activated_at = timezone.now()
    relationship.save(update_fields=["status", "activated_at"])
    from bridgeway.messaging.services import conversation_open_for_relationship
    from bridgeway.relationships.checkins import schedule
    from bridgeway.reports.assessments.moments import relationship_started

    schedule(relationship)
    relationship_started(relationship)
    conversation_open_for_relationship(relationship=relationship)
    audit_record(
        actor=by,
        organization=relationship.program.organization,
        action="relationships.active",
        target=relationship,
        summary=f"{relationship.mentee.person.name} ↔ {relationship.mentor.person.name}",
        data={"waived": agreement.waived_at is not None, "reason": agreement.waived_reason},
        subject=relationship.mentee.person,
    )
    from django.urls import reverse

    for enrollment, role in ((relationship.mentee, "mentee"), (relationship.mentor, "mentor")):
        notify(
            kind="relationships.active",
            event=f"relationship:{relationship.pk}:active",
            person=enrollment.person,
            role=role,
            params={"relationship": relationship.pk},
            url=reverse("relationships:detail", args=[relationship.pk]),
            organization=relationship.program.organization,
        )

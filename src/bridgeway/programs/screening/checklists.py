"""A program's screening checklist, set up by agency admins: items, their order, the
suggested defaults. Taking a required item away moves on the people it alone held back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Max
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bridgeway.core.i18n import translated
from bridgeway.core.ordering import order_move
from bridgeway.core.services import DomainError, audit_record, changed_fields
from bridgeway.programs.models import Enrollment, Program
from bridgeway.programs.requirements import requirement_lifted
from bridgeway.programs.screening import defaults
from bridgeway.programs.screening.models import (
    ScreeningCheck,
    ScreeningItem,
)
from bridgeway.programs.screening.selectors import (
    enrollments_held_back_by_item,
)
from bridgeway.programs.screening.services import in_every_language, screening_audit

if TYPE_CHECKING:
    from bridgeway.accounts.models import Person

# Fields of an item whose change can take a requirement off someone (the audience: off a role).
# A new validity period applies to checks recorded from then on, so it lifts nothing.
REQUIREMENT_FIELDS = {"required", "audience"}
C = ScreeningCheck.Status


# --- Checklist items (agency admins) ------------------------------------------------------------


def _item_fields(
    *,
    kind: str,
    label: dict[str, str],
    audience: str,
    instructions: dict[str, str] | None,
    required: bool,
    valid_for_days: int | None,
) -> dict[str, Any]:
    """The item's stored fields, checked."""
    if kind not in ScreeningItem.Kind.values:
        raise DomainError(_("Choose the kind of check."), field="kind")
    if audience not in ScreeningItem.Audience.values:
        raise DomainError(_("Choose who the check is for."), field="audience")
    if not translated(label):
        raise DomainError(_("Give the check a name."), field="label")
    if valid_for_days is not None and not 1 <= valid_for_days <= 3650:
        raise DomainError(_("A check is valid for 1 to 3650 days."), field="valid_for_days")
    return {
        "kind": kind,
        "label": label,
        "audience": audience,
        "instructions": instructions or {},
        "required": bool(required),
        "valid_for_days": valid_for_days,
    }


@transaction.atomic
def item_create(
    *,
    program: Program,
    by: Person,
    kind: str,
    label: dict[str, str],
    audience: str,
    instructions: dict[str, str] | None = None,
    required: bool = False,
    valid_for_days: int | None = None,
) -> ScreeningItem:
    fields = _item_fields(
        kind=kind,
        label=label,
        audience=audience,
        instructions=instructions,
        required=required,
        valid_for_days=valid_for_days,
    )
    top = ScreeningItem.objects.filter(program=program).aggregate(top=Max("order"))["top"]
    item = ScreeningItem.objects.create(program=program, order=(top or 0) + 1, **fields)
    screening_audit(by, program, "screening.item_create", item, item.name)
    return item


@transaction.atomic
def item_update(
    *,
    item: ScreeningItem,
    by: Person,
    kind: str,
    label: dict[str, str],
    audience: str,
    instructions: dict[str, str] | None = None,
    required: bool = False,
    valid_for_days: int | None = None,
) -> ScreeningItem:
    data = _item_fields(
        kind=kind,
        label=label,
        audience=audience,
        instructions=instructions,
        required=required,
        valid_for_days=valid_for_days,
    )
    changes = changed_fields(item, data)
    if not changes:
        return item
    lifts = item.required and bool(REQUIREMENT_FIELDS & changes.keys())
    held_back = enrollments_held_back_by_item(item=item) if lifts else []
    for name, value in data.items():
        setattr(item, name, value)
    item.save()
    audit_record(
        actor=by,
        organization=item.program.organization,
        action="screening.item_update",
        target=item,
        summary=f"{item.name}: {', '.join(sorted(changes))}",
        data={"changes": changes},
    )
    released = [e for e in held_back if not _item_requires(item, e.role)]
    if released:
        reason = (
            gettext_lazy("Screening requirement removed: “%(item)s” is no longer required.")
            if not item.required
            else gettext_lazy(
                "Screening requirement removed: “%(item)s” is no longer part of this role's "
                "checklist."
            )
        )
        _release(released, item=item, reason=reason)
    return item


@transaction.atomic
def item_delete(*, item: ScreeningItem, by: Person) -> None:
    """Only an item with no recorded check can go: checks are part of people's records. The
    people in training it alone held back become ready."""
    recorded = ScreeningCheck.objects.filter(item=item).exclude(status=C.PENDING)
    if recorded.exists():
        raise DomainError(
            _(
                "Checks were already recorded for “%(item)s”, so it cannot be deleted. "
                "Make it not required instead."
            )
            % {"item": item.name}
        )
    held_back = enrollments_held_back_by_item(item=item)
    screening_audit(by, item.program, "screening.item_delete", item, item.name)
    item.delete()
    _release(
        held_back,
        item=item,
        reason=gettext_lazy(
            "Screening requirement removed: “%(item)s” was deleted from the checklist."
        ),
    )


def _item_requires(item: ScreeningItem, role: str) -> bool:
    return item.required and item.audience in (role, ScreeningItem.Audience.BOTH)


def _release(held_back: list[Enrollment], *, item: ScreeningItem, reason: Promise) -> None:
    """After staff took `item` off the checklist of the people `held_back`, move on those whom
    nothing else blocks, as if their check had passed. `reason` names the item as %(item)s."""
    requirement_lifted(held_back=held_back, reason=reason, names={"item": lambda: item.name})


@transaction.atomic
def item_move(*, item: ScreeningItem, by: Person, direction: str) -> None:
    rows = ScreeningItem.objects.filter(program=item.program)
    if order_move(rows=rows, item=item, direction=direction):
        screening_audit(by, item.program, "screening.item_move", item, f"{item.name} {direction}")


@transaction.atomic
def items_add_defaults(*, program: Program, by: Person) -> list[ScreeningItem]:
    """The suggested checklist for a program that has none yet."""
    Program.objects.select_for_update(no_key=True).filter(pk=program.pk).first()
    if ScreeningItem.objects.filter(program=program).exists():
        raise DomainError(_("This program already has a checklist."))
    items = [
        ScreeningItem.objects.create(
            program=program,
            kind=entry.kind,
            label=in_every_language(entry.label),
            instructions=in_every_language(entry.instructions),
            audience=entry.audience,
            required=True,
            valid_for_days=entry.valid_for_days,
            order=order,
        )
        for order, entry in enumerate(defaults.CHECKLIST, start=1)
    ]
    screening_audit(by, program, "screening.items_defaults", program, f"{len(items)} items")
    return items

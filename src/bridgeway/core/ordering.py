"""Lists that staff put in order (checklist items, questions, modules, lessons): one way to move
an entry up or down."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from bridgeway.core.services import DomainError

DIRECTIONS = ("up", "down")


def order_move(
    *,
    rows: models.QuerySet[Any],
    item: models.Model,
    direction: str,
    field: str = "order",
    also_save: tuple[str, ...] = (),
) -> bool:
    """Swap `item` with its neighbour above ("up") or below ("down") among `rows` and number
    them 1…n in `field`, locking the list so that two moves at once cannot tangle it. Returns
    False, changing nothing, when the item is already first or last. Call it inside a
    transaction; `also_save` names fields the model's save() refreshes (such as updated_at)."""
    if direction not in DIRECTIONS:
        raise DomainError(_("Choose to move it up or down."), field="direction")
    ordered = list(rows.select_for_update().order_by(field, "pk"))
    index = next(i for i, row in enumerate(ordered) if row.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(ordered):
        return False
    ordered[index], ordered[target] = ordered[target], ordered[index]
    changed = []
    for position, row in enumerate(ordered, start=1):
        if getattr(row, field) != position:
            setattr(row, field, position)
            changed.append(row)
    for row in changed:
        row.save(update_fields=[field, *also_save])
    return True

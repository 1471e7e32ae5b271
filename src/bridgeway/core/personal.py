"""The words every app uses to declare what of its data is personal, and whose.

Each app lists its models in its own `privacy.py` (``DECLARATIONS = [...]``), beside its
models; `bridgeway.privacy.registry` collects them and a test walks every model of the project
against them (tests/privacy/test_registry.py). The declarations say *what is personal and
whose it is*, nothing about how it is shown: the export (privacy/exports) and erasure read the
same lists. This module is on the ground floor (no imports of the apps) so that `core`,
`accounts` and `notifications` can declare their own models too.

- `Personal`: rows that belong to one or more people. Each `Owner` is an ORM path from the row
  to a person (``"author"``, ``"enrollment__person"``, ``"relationship__mentee__person"``) with
  the fields that are that person's; fields every owner shares go in `shared`. Fields that look
  personal but are not (a staff note's author's wording, a token, a hash) are listed in
  `not_personal` with the reason. `actors` are links to the staff or people who *did*
  something to the row (checked by, handled by): it is not their row, but erasure needs them.
  `files` are the fields naming a stored file of the owner's (in a `storages` alias).
- `NotPersonal`: models that hold nothing personal (a program, a question's wording), with the
  reason in one line, and the `actors` they record.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

# An owner's fields: a tuple of field names, or ALL: every concrete field of the model that is
# not a link, not the primary key, not another owner's and not declared `not_personal`.
ALL = "__all__"


@dataclass(frozen=True)
class Owner:
    path: str  # ORM path from the row to a Person ("" for the Person row itself)
    fields: tuple[str, ...] | str = ALL
    role: str = ""  # in plain words, whose row this is to them: "author", "mentee"…
    # The path is a field holding an email address rather than a link (an invitation sent to
    # someone who may have no account yet): the row is theirs when it holds their address.
    by_email: bool = False
    # Only rows matching these ORM conditions are this owner's: a file of a forum topic is the
    # topic author's when it is not attached to a reply ({"reply__isnull": True}).
    where: Mapping[str, object] = field(default_factory=dict)
    # For rows no ORM path leads from to a person (a signed-in session keeps whose it is inside
    # its signed data): the dotted path of a function(person) -> Q selecting the person's rows.
    finder: str = ""


@dataclass(frozen=True)
class StoredFile:
    field: str  # the field holding the file's name in the storage
    storage: str = "attachments"  # an alias of settings.STORAGES
    name_field: str = ""  # the field holding the name the person gave the file


@dataclass(frozen=True)
class Personal:
    model: str  # "app_label.ModelName"
    owners: tuple[Owner, ...]
    shared: tuple[str, ...] = ()  # fields personal to every owner of the row
    not_personal: Mapping[str, str] = field(default_factory=dict)  # field -> why not
    actors: tuple[str, ...] = ()  # links to people who acted on the row (staff, moderators)
    files: tuple[StoredFile, ...] = ()
    what: str | Promise = ""  # one line, in the owner's words: what these rows are


@dataclass(frozen=True)
class NotPersonal:
    model: str
    reason: str
    actors: tuple[str, ...] = ()


Declaration = Personal | NotPersonal

# The reason most often given for a field that is not exported.
LINK_CODE_WHY = "a secret link code: anyone holding the file could use it"

"""The one error the engine raises for bad input, naming where the problem is."""

from __future__ import annotations


class FormatError(ValueError):
    """A spec or participant record does not follow docs/matching-format.md.

    `field` is a dotted path inside the record (``criteria[2].weight``, ``answers.languages``);
    `path` and `line` are filled in by the file readers so the message names the file and line.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        path: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.path = path
        self.line = line

    def located(self, *, path: str | None = None, line: int | None = None) -> FormatError:
        """The same error with a file and line attached (keeps any already known)."""
        return FormatError(
            self.message,
            field=self.field,
            path=self.path or path,
            line=self.line if self.line is not None else line,
        )

    def prefixed(self, prefix: str) -> FormatError:
        """The same error with `prefix` put in front of the field path."""
        field = prefix if not self.field else f"{prefix}.{self.field}"
        if self.field and self.field.startswith("["):
            field = f"{prefix}{self.field}"
        return FormatError(self.message, field=field, path=self.path, line=self.line)

    def __str__(self) -> str:
        where = []
        if self.path:
            where.append(self.path)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.field:
            where.append(f"field '{self.field}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message

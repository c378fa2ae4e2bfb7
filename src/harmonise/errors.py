"""The exception tree.

A finding about content is an :class:`~harmonise.issues.Issue` in a report; an exception means
"could not even read this" (DESIGN.md §2, principle 4). Every exception carries what a person needs
to act: which file, which line, and what to do.
"""

from __future__ import annotations

from pathlib import Path


class HarmoniseError(Exception):
    """Base class of every error harmonise raises on purpose."""


class InputError(HarmoniseError):
    """An input could not be read at all.

    Attributes:
        message: What went wrong, in words a data producer understands.
        path: The file concerned, if any.
        line: The 1-based line in that file, if known.
        hint: What to do about it.
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class UnsupportedFormatError(InputError):
    """The input is readable but is not a format (or version) harmonise reads."""


class ConfigError(HarmoniseError):
    """The settings are inconsistent or point to something that does not exist."""


class NotFoundError(HarmoniseError):
    """A requested item (by URN, name or path) is not in the registry or catalog."""


class CatalogError(HarmoniseError):
    """The derived catalog is missing, stale or could not be built."""

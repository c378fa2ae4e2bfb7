"""DDI URNs: ``urn:ddi:<agency>:<id>:<version>``.

Patterns from STANDARDS.md Appendix A (the DDI-L 3.3 ``r:URN`` canonical form, §2.3). The XSD's
ID pattern has a known quirk after the dot (``[A-Zz-z0-9*@$-_]``, a range); the registry mints only
IDs matching ``ID_SAFE`` with at most one dot part, and parses the canonical form case-insensitively
on the ``urn:ddi:`` prefix. Formatting is deterministic: always lower-case ``urn:ddi:``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

AGENCY = r"[a-zA-Z0-9\-]{1,63}(\.[a-zA-Z0-9\-]{1,63})*"
ID_SAFE = r"[A-Za-z0-9\*@$\-_]+"
ID_CANONICAL = r"[A-Za-z0-9\*@$\-_]+(\.[A-Za-z0-9\*@$\-_]+)?"
VERSION = r"[0-9]+(\.[0-9]+)*"
URN_CANONICAL = r"[Uu][Rr][Nn]:[Dd][Dd][Ii]:" + AGENCY + ":" + ID_CANONICAL + ":" + VERSION

_PARSE = re.compile(
    r"[Uu][Rr][Nn]:[Dd][Dd][Ii]:(?P<agency>" + AGENCY + r"):(?P<id>" + ID_CANONICAL + r")"
    r"(?::(?P<version>" + VERSION + r"))?"
)
_AGENCY_RE = re.compile(AGENCY)
_ID_RE = re.compile(ID_CANONICAL)
_VERSION_RE = re.compile(VERSION)
_UNSAFE = re.compile(r"[^A-Za-z0-9\*@$\-_]+")


class UrnError(ValueError):
    """A string is not a DDI URN, or a part of one is malformed."""


def safe_id(text: str) -> str:
    """Turn any text into an ID the registry may mint (``ID_SAFE``), deterministically.

    Runs of characters outside the pattern become one ``-``; leading/trailing ``-`` are dropped.

    Args:
        text: Any label, variable name or file name.

    Returns:
        A non-empty ID matching ``ID_SAFE``.
    """
    cleaned = _UNSAFE.sub("-", text).strip("-")
    return cleaned or "x"


class Urn:
    """A DDI URN (agency, id, version); ``version`` is None for a late-bound reference.

    Instances are immutable, hashable and ordered by their text. Pydantic fields typed ``Urn``
    accept a string and serialise to the canonical string.
    """

    __slots__ = ("_agency", "_id", "_version")

    def __init__(self, agency: str, id: str, version: str | None = "1.0.0") -> None:
        if len(agency) > 253 or not _AGENCY_RE.fullmatch(agency):
            raise UrnError(f"invalid DDI agency {agency!r}")
        if not _ID_RE.fullmatch(id):
            raise UrnError(f"invalid DDI ID {id!r}")
        if version is not None and not _VERSION_RE.fullmatch(version):
            raise UrnError(f"invalid DDI version {version!r}")
        self._agency = agency
        self._id = id
        self._version = version

    @property
    def agency(self) -> str:
        """The maintenance agency, e.g. ``org.example.migreg``."""
        return self._agency

    @property
    def id(self) -> str:
        """The item ID, unique within the agency."""
        return self._id

    @property
    def version(self) -> str | None:
        """The version (``1.0.0``), or None when the URN is not version-pinned."""
        return self._version

    @property
    def is_pinned(self) -> bool:
        """True when the URN names one version."""
        return self._version is not None

    def unversioned(self) -> Urn:
        """The same item without a version."""
        return Urn(self._agency, self._id, None)

    def with_version(self, version: str) -> Urn:
        """The same item at another version."""
        return Urn(self._agency, self._id, version)

    def child(self, suffix: str, version: str | None = None) -> Urn:
        """A deterministic URN for a part of this item (``<id>.<suffix>`` when allowed).

        DDI allows one dot part in an ID; when this ID already has one, the suffix is joined
        with ``-`` instead.
        """
        part = safe_id(suffix)
        new_id = f"{self._id}-{part}" if "." in self._id else f"{self._id}.{part}"
        return Urn(self._agency, new_id, version if version is not None else self._version)

    @classmethod
    def parse(cls, text: str, *, require_version: bool = True) -> Urn:
        """Parse a canonical DDI URN.

        Args:
            text: ``urn:ddi:agency:id:version`` (prefix case-insensitive).
            require_version: Reject URNs without a version part.

        Returns:
            The URN.

        Raises:
            UrnError: When the text is not a canonical DDI URN.
        """
        m = _PARSE.fullmatch(text.strip())
        if m is None:
            raise UrnError(f"not a DDI URN: {text!r} (expected urn:ddi:<agency>:<id>:<version>)")
        if require_version and m["version"] is None:
            raise UrnError(f"DDI URN has no version: {text!r}")
        return cls(m["agency"], m["id"], m["version"])

    @staticmethod
    def is_urn(text: str) -> bool:
        """True when ``text`` is a canonical DDI URN (versioned or not)."""
        return _PARSE.fullmatch(text.strip()) is not None

    def __str__(self) -> str:
        base = f"urn:ddi:{self._agency}:{self._id}"
        return f"{base}:{self._version}" if self._version is not None else base

    def __repr__(self) -> str:
        return f"Urn({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Urn):
            return str(self) == str(other)
        return NotImplemented

    def __lt__(self, other: Urn) -> bool:
        return str(self) < str(other)

    def __hash__(self) -> int:
        return hash(str(self))

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: Any) -> Urn:
            if isinstance(value, Urn):
                return value
            if isinstance(value, str):
                try:
                    return cls.parse(value, require_version=False)
                except UrnError as exc:
                    raise ValueError(str(exc)) from exc
            raise ValueError("a DDI URN must be a string")

        return core_schema.json_or_python_schema(
            json_schema=core_schema.no_info_plain_validator_function(validate),
            python_schema=core_schema.no_info_plain_validator_function(validate),
            serialization=core_schema.to_string_ser_schema(),
            metadata={
                "pydantic_js_functions": [
                    lambda _s, _h: {
                        "type": "string",
                        "format": "ddi-urn",
                        "pattern": "^" + URN_CANONICAL + "$",
                    }
                ]
            },
        )


def version_key(version: str) -> tuple[int, ...]:
    """Sort key for dotted versions: ``1.10.0`` sorts after ``1.9.3``."""
    return tuple(int(p) for p in version.split("."))

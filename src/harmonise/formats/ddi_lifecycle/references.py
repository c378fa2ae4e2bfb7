"""DDI-L identification and references: URNs, Agency/ID/Version triples, and a compact index.

Implements STANDARDS.md §2.3 (identification: ``r:URN`` and/or ``r:Agency`` + ``r:ID`` +
``r:Version``; the deprecated URN form is accepted on input and turned into the canonical one) and
§2.4 (``r:…Reference``: the same choice, ``r:TypeOfObject``, ``r:UserAttributePair``, and the
``lateBound`` attribute). The index keeps one small entry per identifiable (agency, id, version,
kind, line) so that unversioned or late-bound references resolve to the latest version.

Deviations: a reference without a version is treated like a late-bound one (it resolves to the
latest version held in the document and is reported), whatever its ``lateBound`` attribute says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from harmonise.formats.ddi_lifecycle.namespaces import normalise, tag
from harmonise.model.urn import AGENCY, VERSION, Urn, UrnError, version_key

_DEPRECATED = re.compile(
    r"[Uu][Rr][Nn]:[Dd][Dd][Ii]:(?P<agency>" + AGENCY + r"):[A-Za-z]+:"
    r"(?P<maint>[A-Za-z0-9\*@$\-_]+)"
    r"(?::[A-Za-z]+:(?P<obj>[A-Za-z0-9\*@$\-_]+))?:(?P<version>" + VERSION + r")"
)

_URN = tag("r", "URN")
_AGENCY = tag("r", "Agency")
_ID = tag("r", "ID")
_VERSION = tag("r", "Version")
_TYPE = tag("r", "TypeOfObject")
_PAIR = tag("r", "UserAttributePair")
_KEY = tag("r", "AttributeKey")
_VALUE = tag("r", "AttributeValue")


class IdentityError(ValueError):
    """An identifiable or a reference has no usable identification."""


def text_of(element: Any) -> str:
    """The element's text with surrounding white space removed (``""`` when none)."""
    value = element.text if element is not None else None
    return value.strip() if isinstance(value, str) else ""


def parse_urn_text(text: str) -> Urn:
    """Parse a canonical or deprecated DDI URN into a canonical :class:`Urn`.

    Args:
        text: ``urn:ddi:agency:id:version`` or ``urn:ddi:agency:Type:MaintID[:Type:ObjID]:version``.

    Returns:
        The canonical URN (``MaintID.ObjID`` for a deprecated one naming a part).

    Raises:
        UrnError: When the text is neither form.
    """
    value = text.strip()
    m = _DEPRECATED.fullmatch(value)
    if m is not None:
        ident = m["maint"] + (f".{m['obj']}" if m["obj"] else "")
        return Urn(m["agency"], ident, m["version"])
    return Urn.parse(value, require_version=False)


def identity(element: Any) -> Urn:
    """The URN of an identifiable element from its ``r:URN`` or Agency/ID/Version children.

    The URN wins when both are given (STANDARDS.md §2.4). A missing ``r:Version`` gives an
    unversioned URN.

    Raises:
        IdentityError: When neither a URN nor an agency and ID are present, or they are malformed.
    """
    urn_text = agency = ident = version = None
    for child in element:
        t = normalise(child.tag) if isinstance(child.tag, str) else ""
        if t == _URN:
            urn_text = text_of(child)
        elif t == _AGENCY:
            agency = text_of(child)
        elif t == _ID:
            ident = text_of(child)
        elif t == _VERSION:
            version = text_of(child)
        elif t not in (_URN, _AGENCY, _ID, _VERSION):
            break
    try:
        if urn_text:
            return parse_urn_text(urn_text)
        if agency and ident:
            return Urn(agency, ident, version or None)
    except UrnError as exc:
        raise IdentityError(str(exc)) from exc
    missing = [n for n, v in (("r:Agency", agency), ("r:ID", ident)) if not v]
    raise IdentityError("no r:URN and no " + " / ".join(missing))


def user_pairs(element: Any) -> dict[str, str]:
    """The ``r:UserAttributePair`` key/value children of an element (last one wins)."""
    pairs: dict[str, str] = {}
    for child in element:
        if isinstance(child.tag, str) and normalise(child.tag) == _PAIR:
            key = value = ""
            for part in child:
                if not isinstance(part.tag, str):
                    continue
                if normalise(part.tag) == _KEY:
                    key = text_of(part)
                elif normalise(part.tag) == _VALUE:
                    value = text_of(part)
            if key:
                pairs[key] = value
    return pairs


@dataclass(frozen=True)
class Reference:
    """A parsed ``r:…Reference``."""

    urn: Urn
    type_of_object: str
    late_bound: bool
    line: int | None
    pairs: dict[str, str] = field(default_factory=dict)


def reference(element: Any) -> Reference:
    """Parse a reference element.

    Raises:
        IdentityError: When it has no usable identification.
    """
    urn = identity(element)
    kind = ""
    for child in element:
        if isinstance(child.tag, str) and normalise(child.tag) == _TYPE:
            kind = text_of(child)
    late = (element.get("lateBound") or "false").strip() in ("true", "1")
    return Reference(urn, kind, late, element.sourceline, user_pairs(element))


@dataclass
class IndexEntry:
    """One identifiable held in the document: what it is and where."""

    kind: str
    line: int | None


class IdentifiableIndex:
    """Compact index of identifiables: (agency, id) -> {version: entry}."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], dict[str, IndexEntry]] = {}

    def add(self, urn: Urn, kind: str, line: int | None) -> IndexEntry | None:
        """Record an identifiable; returns the earlier entry when the URN is already present."""
        versions = self._items.setdefault((urn.agency, urn.id), {})
        key = urn.version or ""
        earlier = versions.get(key)
        if earlier is None:
            versions[key] = IndexEntry(kind, line)
        return earlier

    def __len__(self) -> int:
        return sum(len(v) for v in self._items.values())

    def resolve(self, urn: Urn) -> Urn | None:
        """The held URN a reference points to: exact when pinned, else the latest version."""
        versions = self._items.get((urn.agency, urn.id))
        if not versions:
            return None
        if urn.version is not None:
            return urn if urn.version in versions else None
        pinned = [v for v in versions if v]
        if not pinned:
            return urn
        return urn.with_version(max(pinned, key=version_key))

    def kind(self, urn: Urn) -> str | None:
        """The element name of a held identifiable, or None."""
        versions = self._items.get((urn.agency, urn.id))
        if not versions:
            return None
        entry = versions.get(urn.version or "")
        return entry.kind if entry is not None else None

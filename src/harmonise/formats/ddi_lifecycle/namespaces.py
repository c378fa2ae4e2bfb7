"""DDI-Lifecycle namespaces and tag helpers (STANDARDS.md §2.1, Appendix A).

The writer always emits 3.3 (``ddi:<module>:3_3``) with the prefixes used inside ``instance.xsd``.
The reader accepts 3.3 and 3.2 (``ddi:<module>:3_2``): the element names it needs are the same in
both versions, so a 3.2 tag is mapped onto its 3.3 twin before dispatch.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

#: Module names per prefix, as in ``instance.xsd`` 3.3.
MODULES: Final[dict[str, str]] = {
    "ddi": "instance",
    "r": "reusable",
    "c": "conceptualcomponent",
    "d": "datacollection",
    "l": "logicalproduct",
    "cm": "comparative",
    "s": "studyunit",
    "g": "group",
    "a": "archive",
    "p": "physicaldataproduct",
    "pi": "physicalinstance",
    "ds": "dataset",
    "pr": "ddiprofile",
}

#: 3.3 namespace per prefix.
NS33: Final[dict[str, str]] = {p: f"ddi:{m}:3_3" for p, m in MODULES.items()}
#: 3.2 namespace per prefix (read-compatible).
NS32: Final[dict[str, str]] = {p: f"ddi:{m}:3_2" for p, m in MODULES.items()}
#: Namespace map the writer declares on its root (the prefixes of STANDARDS.md §2.1).
WRITE_NSMAP: Final[dict[str, str]] = {
    p: ns for p, ns in NS33.items() if p in ("ddi", "r", "c", "d", "l", "cm", "s")
}
XML_LANG: Final[str] = "{http://www.w3.org/XML/1998/namespace}lang"

_TO33: Final[dict[str, str]] = {NS32[p]: NS33[p] for p in MODULES}
_KNOWN: Final[frozenset[str]] = frozenset(NS33.values()) | frozenset(NS32.values())


def tag(prefix: str, local: str) -> str:
    """The Clark-notation 3.3 tag, e.g. ``tag("r", "URN")`` -> ``{ddi:reusable:3_3}URN``."""
    return f"{{{NS33[prefix]}}}{local}"


@lru_cache(maxsize=4096)
def normalise(clark: str) -> str:
    """Map a 3.2 tag onto its 3.3 twin; other tags are returned unchanged (cached: tags repeat)."""
    if clark.startswith("{"):
        ns, _, local = clark[1:].partition("}")
        target = _TO33.get(ns)
        if target is not None:
            return f"{{{target}}}{local}"
    return clark


def namespace_of(clark: str) -> str:
    """The namespace part of a Clark-notation tag (``""`` when none)."""
    return clark[1:].partition("}")[0] if clark.startswith("{") else ""


def is_ddi_lifecycle(namespace: str) -> bool:
    """True for a DDI-L 3.2 or 3.3 module namespace."""
    return namespace in _KNOWN


def version_of(namespace: str) -> str | None:
    """``"3.3"`` or ``"3.2"`` for a DDI-L namespace, else None."""
    if namespace in NS33.values():
        return "3.3"
    if namespace in NS32.values():
        return "3.2"
    return None

"""DDI-Codebook namespaces, element helpers and the missType vocabulary (STANDARDS.md §1.1, §1.2).

DDI-C files come in three namespace situations: ``ddi:codebook:2_5`` (the current schema),
``http://www.icpsr.umich.edu/DDI`` (1.2.2 as NADA and Nesstar export it) and no namespace (old
DTD-based files). Element names are the same in all three, so the reader compares local names.
``ddi:codebook:2_6`` is accepted too (backward compatible in content) with a warning.

Deviation: ``missType`` is free text in the schema; it is mapped case-insensitively onto the
project's :class:`~harmonise.model.MissingType` and the raw text is kept beside it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from harmonise.model import MissingType, SourceFormat

DDIC25_NS = "ddi:codebook:2_5"
DDIC26_NS = "ddi:codebook:2_6"
DDIC_LEGACY_NS = "http://www.icpsr.umich.edu/DDI"
OAI_PMH_NS = "http://www.openarchives.org/OAI/2.0/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: The deprecated GLOBALS attribute that older files use instead of ``xml:lang``.
LEGACY_LANG = "xml-lang"

#: Namespace of a ``codeBook`` root -> the source format it means.
CODEBOOK_NAMESPACES: dict[str, SourceFormat] = {
    DDIC25_NS: SourceFormat.DDI_CODEBOOK_2_5,
    DDIC26_NS: SourceFormat.DDI_CODEBOOK_2_5,
    DDIC_LEGACY_NS: SourceFormat.DDI_CODEBOOK_LEGACY,
    "": SourceFormat.DDI_CODEBOOK_NO_NAMESPACE,
}


def local_name(tag: object) -> str:
    """The local part of an lxml tag (``{ns}var`` -> ``var``); ``""`` for comments and PIs."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def namespace_of(tag: str) -> str:
    """The namespace URI of an lxml tag, ``""`` when it has none."""
    return tag[1:].partition("}")[0] if tag.startswith("{") else ""


def lang_of(element: etree._Element) -> str:
    """The language of an element, inherited from its ancestors as XML prescribes.

    ``xml:lang`` wins over the deprecated ``xml-lang``; ``""`` means no language was given.
    """
    node: etree._Element | None = element
    while node is not None:
        lang = node.get(XML_LANG)
        if lang is None:
            lang = node.get(LEGACY_LANG)
        if lang is not None:
            return lang.strip()
        node = node.getparent()
    return ""


_BLANK_RUNS = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """Strip every line and drop runs of blank lines (exports indent text with the markup).

    Idempotent, so a written and re-read text stays equal.
    """
    lines = [line.strip() for line in text.strip().splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines))


def text_of(element: etree._Element) -> str:
    """All text inside an element (mixed content and XHTML children included), normalized."""
    return normalize_text("".join(str(t) for t in element.itertext()))


_MISSING_WORDS: tuple[tuple[tuple[str, ...], MissingType], ...] = (
    (
        ("dontknow", "don't know", "dont know", "do not know", "dk", "no sabe", "nuk e di"),
        MissingType.DONT_KNOW,
    ),
    (("refused", "refusal", "ref", "rechaza", "no responde", "refuzoi"), MissingType.REFUSED),
    (
        (
            "inap",
            "inap.",
            "inapplicable",
            "not applicable",
            "notapplicable",
            "n/a",
            "na",
            "no aplica",
            "nuk aplikohet",
        ),
        MissingType.NOT_APPLICABLE,
    ),
    (
        ("no response", "noresponse", "nonresponse", "non-response", "no answer", "missing"),
        MissingType.NO_RESPONSE,
    ),
    (("sysmiss", "system missing", "systemmissing", "sys miss"), MissingType.SYSTEM_MISSING),
    (("inconsistent", "inconsistency", "invalid"), MissingType.INCONSISTENT),
)
_MISSING_LOOKUP = {word: kind for words, kind in _MISSING_WORDS for word in words}


@lru_cache(maxsize=512)
def missing_type(text: str | None) -> MissingType | None:
    """Map a DDI-C ``missType`` text onto :class:`MissingType` (case-insensitive).

    Returns None for an empty text; :attr:`MissingType.OTHER` for text that names no known kind.
    """
    if text is None or not text.strip():
        return None
    key = " ".join(text.strip().lower().split())
    if key in _MISSING_LOOKUP:
        return _MISSING_LOOKUP[key]
    squeezed = key.replace("_", "").replace("-", "").replace(" ", "").replace("'", "")
    for word, kind in _MISSING_LOOKUP.items():
        if squeezed == word.replace(" ", "").replace("'", "").replace("-", ""):
            return kind
    return MissingType.OTHER


#: How the writer spells each missing type in ``missType`` when the source text is unknown.
MISSING_TYPE_TEXT: dict[MissingType, str] = {
    MissingType.DONT_KNOW: "dontknow",
    MissingType.REFUSED: "refused",
    MissingType.NOT_APPLICABLE: "inap",
    MissingType.NO_RESPONSE: "no response",
    MissingType.SYSTEM_MISSING: "sysmiss",
    MissingType.INCONSISTENT: "inconsistent",
    MissingType.OTHER: "other",
}

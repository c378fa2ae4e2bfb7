"""Element builders for writing DDI-L 3.3 (STANDARDS.md §2.3-§2.5).

Small functions that make ``lxml`` elements in the 3.3 namespaces: the identification block of
identifiable/versionable/maintainable objects, references (always by canonical ``r:URN``),
multilingual ``r:String`` / ``r:Content`` containers and ``r:UserAttributePair``. Content models
are sequences, so callers append children in XSD order.

Deviation: the writer identifies every object by ``r:URN`` only (the schema allows the URN, the
Agency/ID/Version triple, or both).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from lxml import etree

from harmonise.formats.ddi_lifecycle.namespaces import WRITE_NSMAP, XML_LANG, tag
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn

Element = etree._Element

#: Prefix of the AttributeKeys harmonise writes for model fields DDI-L has no element for.
PAIR_PREFIX = "harmonise:"


def el(prefix: str, local: str, text: str | None = None, **attrs: str) -> Element:
    """A new 3.3 element with optional text and attributes."""
    node = etree.Element(tag(prefix, local))
    for key, value in attrs.items():
        node.set(key, value)
    if text is not None:
        node.text = text
    return node


def sub(parent: Element, prefix: str, local: str, text: str | None = None, **attrs: str) -> Element:
    """Append a new 3.3 element to ``parent`` and return it."""
    node = el(prefix, local, text, **attrs)
    parent.append(node)
    return node


def pair(key: str, value: str) -> Element:
    """An ``r:UserAttributePair`` with a ``harmonise:`` key."""
    node = el("r", "UserAttributePair")
    sub(node, "r", "AttributeKey", PAIR_PREFIX + key)
    sub(node, "r", "AttributeValue", value)
    return node


def head(parent: Element, urn: Urn, pairs: Mapping[str, str | None] | None = None) -> None:
    """Append the identification block: ``r:URN`` then ``r:UserAttributePair*``."""
    sub(parent, "r", "URN", str(urn))
    for key, value in (pairs or {}).items():
        if value is not None and value != "":
            parent.append(pair(key, value))


def ref(
    prefix: str,
    local: str,
    urn: Urn,
    type_of_object: str,
    pairs: Mapping[str, str] | None = None,
) -> Element:
    """A reference element by canonical URN (never late-bound, STANDARDS.md §2.4)."""
    node = el(prefix, local)
    sub(node, "r", "URN", str(urn))
    sub(node, "r", "TypeOfObject", type_of_object)
    for key, value in (pairs or {}).items():
        node.append(pair(key, value))
    return node


def _lang(node: Element, lang: str) -> None:
    if lang:
        node.set(XML_LANG, lang)


def strings(parent: Element, prefix: str, local: str, text: LocalizedText) -> Element | None:
    """Append a Name-like element holding one ``r:String`` per language (None when empty)."""
    if not text.root:
        return None
    node = sub(parent, prefix, local)
    for lang, value in text.items():
        _lang(sub(node, "r", "String", value), lang)
    return node


def contents(parent: Element, prefix: str, local: str, text: LocalizedText) -> Element | None:
    """Append a Label/Description-like element holding one ``r:Content`` per language."""
    if not text.root:
        return None
    node = sub(parent, prefix, local)
    for lang, value in text.items():
        _lang(sub(node, "r", "Content", value), lang)
    return node


def name(parent: Element, prefix: str, local: str, value: str) -> Element | None:
    """Append a Name element with one untagged ``r:String`` (None when empty)."""
    if not value:
        return None
    node = sub(parent, prefix, local)
    sub(node, "r", "String", value)
    return node


def fragment_instance(fragments: Iterable[Element], top: Iterable[Element] = ()) -> bytes:
    """Serialise a ``FragmentInstance`` with the given top-level references and fragments."""
    root = etree.Element(tag("ddi", "FragmentInstance"), nsmap=WRITE_NSMAP)
    for reference in top:
        reference.tag = tag("ddi", "TopLevelReference")
        root.append(reference)
    for item in fragments:
        holder = sub(root, "ddi", "Fragment")
        holder.append(item)
    etree.cleanup_namespaces(root, top_nsmap=WRITE_NSMAP)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def decimal_text(value: float) -> str:
    """A float as an ``xs:decimal`` lexical form (no exponent)."""
    if value == int(value):
        return str(int(value))
    text = repr(value)
    if "e" in text or "E" in text:
        return format(value, "f").rstrip("0").rstrip(".")
    return text


def minted_category_urn(code_list: Urn, position: int) -> Urn:
    """The URN the writer gives a code's category that has none: ``<list>-CAT<n>``."""
    return Urn(code_list.agency, f"{code_list.id}-CAT{position}", code_list.version)


def code_urn(code_list: Urn, position: int) -> Urn:
    """The URN of the n-th code of a list: ``<list>.C<n>`` (STANDARDS.md §2.3 scoping form)."""
    return code_list.child(f"C{position}")


def category_scheme_urn(code_list: Urn) -> Urn:
    """The URN of the CategoryScheme the writer puts a code list's categories in."""
    return Urn(code_list.agency, f"{code_list.id}-CS", code_list.version)

"""Hardened XML parsing shared by every XML reader (DESIGN.md §2 principle 5).

Parser options are passed explicitly rather than relying on lxml defaults, which changed between
releases: no entity resolution (XXE), no DTD loading, no network, no huge trees (libxml2's limits
on depth, text size and entity amplification stay on). libxml2 older than 2.11 lacks the
entity-amplification limit, so harmonise refuses to run on it.
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from lxml import etree

from harmonise.errors import InputError

MIN_LIBXML2 = (2, 11, 0)

#: Options for every tree parser and iterparse call.
SAFE_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "dtd_validation": False,
    "remove_pis": True,
}


def check_libxml2() -> None:
    """Refuse to parse with a libxml2 that lacks the entity-amplification limit.

    Raises:
        InputError: When the linked libxml2 is older than 2.11.
    """
    version = etree.LIBXML_VERSION
    if version < MIN_LIBXML2:
        raise InputError(
            "libxml2 {} is too old to parse untrusted XML safely".format(
                ".".join(map(str, version))
            ),
            hint="install lxml >= 5.2 (it bundles libxml2 >= 2.11)",
        )


def safe_parser(**extra: Any) -> etree.XMLParser:
    """A tree parser with the hardened options."""
    check_libxml2()
    return etree.XMLParser(**{**SAFE_OPTIONS, **extra})


def _reject_doctype_entities(path: Path, head: bytes) -> None:
    """Refuse documents that declare entities: XXE and expansion bombs start with one."""
    sniff = head
    for bom, enc in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            sniff = head[len(bom) :].decode(enc, errors="ignore").encode("utf-8", "ignore")
    if b"<!ENTITY" in sniff or b"<!entity" in sniff:
        raise InputError(
            "the document declares XML entities, which harmonise does not expand",
            path=path,
            hint="remove the DOCTYPE's <!ENTITY> declarations; DDI files never need them",
        )


def syntax_error(path: str | Path, exc: etree.XMLSyntaxError) -> InputError:
    """Turn an lxml syntax error into an :class:`InputError` with file and line."""
    line = exc.lineno if getattr(exc, "lineno", None) else None
    msg = str(exc.msg if getattr(exc, "msg", None) else exc)
    hint = "check that the file is complete and well-formed XML"
    low = msg.lower()
    if "encoding" in low or "input is not proper utf-8" in low or "bytes:" in low:
        hint = "the encoding declaration does not match the bytes; re-save the file as UTF-8"
    elif "premature end" in low or "extra content" in low or "end of data" in low:
        hint = "the file looks truncated; fetch or export it again"
    elif "entity" in low:
        hint = "entity declarations and references are not expanded; remove them"
    return InputError(f"not well-formed XML: {msg}", path=path, line=line, hint=hint)


def open_checked(path: str | Path, head_bytes: int = 65536) -> IO[bytes]:
    """Open a file for parsing after refusing entity declarations in its head.

    Args:
        path: The XML file.
        head_bytes: How much of the start to inspect for a DOCTYPE with entities.

    Returns:
        A binary file object positioned at the start.

    Raises:
        InputError: When the file is missing, empty, or declares entities.
    """
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as exc:
        raise InputError(f"cannot open file: {exc.strerror}", path=p) from exc
    head = fh.read(head_bytes)
    if not head.strip():
        fh.close()
        raise InputError("the file is empty", path=p, hint="export the file again")
    try:
        _reject_doctype_entities(p, head)
    except InputError:
        fh.close()
        raise
    fh.seek(0)
    return fh


def iterparse_safely(
    path: str | Path,
    events: tuple[str, ...] = ("start", "end"),
    tag: Any = None,
) -> Iterator[tuple[str, Any]]:
    """Stream ``(event, element)`` pairs from an XML file with the hardened options.

    Syntax errors become :class:`InputError` with file and line.
    """
    check_libxml2()
    fh = open_checked(path)
    try:
        context = etree.iterparse(fh, events=events, tag=tag, **SAFE_OPTIONS)
        try:
            yield from context
        except etree.XMLSyntaxError as exc:
            raise syntax_error(path, exc) from exc
    finally:
        fh.close()


def parse_safely(path: str | Path) -> etree._ElementTree:
    """Parse a whole XML file into a tree with the hardened options.

    Raises:
        InputError: When the file cannot be read or is not well-formed.
    """
    fh = open_checked(path)
    try:
        return etree.parse(fh, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise syntax_error(path, exc) from exc
    finally:
        fh.close()


def parse_bytes_safely(data: bytes, name: str = "<upload>") -> etree._Element:
    """Parse XML from bytes (an upload) with the hardened options."""
    if not data.strip():
        raise InputError("the document is empty", path=name)
    _reject_doctype_entities(Path(name), data[:65536])
    try:
        return etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as exc:
        raise syntax_error(name, exc) from exc

"""XML Schema validation against the official DDI XSDs (lxml ``XMLSchema``).

The schemas are not shipped with harmonise; callers pass the folder (tests use
``../shared/testdata/schemas``). Compiled schemas are cached per entry-point path.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from harmonise.errors import InputError
from harmonise.formats.xml_safety import safe_parser


@lru_cache(maxsize=8)
def load_schema(entry_point: str | Path) -> etree.XMLSchema:
    """Compile an XSD entry point (e.g. ``.../ddi-lifecycle-3.3/instance.xsd``), offline.

    Raises:
        InputError: When the schema cannot be read or compiled.
    """
    path = Path(entry_point)
    try:
        doc = etree.parse(str(path), safe_parser())
        return etree.XMLSchema(doc)
    except (OSError, etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise InputError(f"cannot load XML schema: {exc}", path=path) from exc


def schema_errors(document: bytes | etree._Element, entry_point: str | Path) -> list[str]:
    """Validate a document and return its schema errors as ``line N: message`` strings.

    An empty list means the document is valid.
    """
    schema = load_schema(str(entry_point))
    root = etree.fromstring(document, safe_parser()) if isinstance(document, bytes) else document
    if schema.validate(root):
        return []
    log: Any = schema.error_log
    return [f"line {entry.line}: {entry.message}" for entry in log]

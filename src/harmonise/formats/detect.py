"""Format detection and one entry point for reading any DDI metadata file.

:func:`detect_format` looks only at the start of a file (the root element and, for an OAI-PMH
response, the first ``codeBook`` inside it; STANDARDS.md §1.1, §2.1), so it is cheap on large
files. :func:`read_metadata` dispatches to the DDI-Codebook, DDI-Lifecycle or CSPro dictionary
reader (a ``.dcf`` in either the classic text or the CSPro 8 JSON form).

DDI-C is recognised in its three namespace situations (``ddi:codebook:2_5``, the 1.2.2
``http://www.icpsr.umich.edu/DDI`` and none); DDI-L by any ``ddi:<module>:3_3`` or ``3_2`` root
namespace. Non-XML files are classified by extension (CSPro ``.dcf``; SPSS/Stata microdata).
"""

from __future__ import annotations

import codecs
import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from harmonise.errors import InputError, UnsupportedFormatError
from harmonise.formats.cspro import read_cspro
from harmonise.formats.ddi_codebook import read_ddi_codebook, sniff_root
from harmonise.formats.ddi_codebook.namespaces import (
    CODEBOOK_NAMESPACES,
    local_name,
    namespace_of,
)
from harmonise.issues import Report
from harmonise.model import MetadataPackage, SourceFormat

_DDIL_NS = re.compile(r"ddi:[a-z_]+:3_(?P<minor>[23])")
_MICRODATA_SUFFIXES = {".sav", ".zsav", ".por", ".dta"}
_DDI_CODEBOOK_FORMATS = frozenset(CODEBOOK_NAMESPACES.values())
_DDI_LIFECYCLE_FORMATS = frozenset({SourceFormat.DDI_LIFECYCLE_3_3, SourceFormat.DDI_LIFECYCLE_3_2})


@dataclass(frozen=True)
class FormatInfo:
    """What detection found.

    Attributes:
        format: The source format.
        version: The version the document declares (``codeBook/@version``), if any.
        root: The local name of the root element (``""`` for non-XML files).
        namespace: The namespace of the DDI root (``codeBook`` or DDI-L root), if any.
    """

    format: SourceFormat
    version: str | None = None
    root: str = ""
    namespace: str = ""


def _looks_like_xml(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            head = fh.read(512)
    except OSError as exc:
        raise InputError(f"cannot open file: {exc.strerror}", path=path) from exc
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return head[len(bom) :].decode(encoding, errors="ignore").lstrip().startswith("<")
    return head.lstrip().startswith(b"<")


def describe_format(path: str | Path) -> FormatInfo:
    """Detect a file's format and the version it declares.

    Args:
        path: Any file.

    Returns:
        What was found; ``SourceFormat.OTHER`` when the format is not one harmonise knows.

    Raises:
        InputError: When the file cannot be opened, or is XML that is not well-formed.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError("no such file", path=p, hint="check the path")
    if not _looks_like_xml(p):
        suffix = p.suffix.lower()
        if suffix == ".dcf":
            return FormatInfo(SourceFormat.CSPRO)
        if suffix in _MICRODATA_SUFFIXES:
            return FormatInfo(SourceFormat.SPSS)
        return FormatInfo(SourceFormat.OTHER)
    info = sniff_root(p)
    root = local_name(info.root)
    if info.codebook is not None:
        ns = namespace_of(info.codebook)
        fmt = CODEBOOK_NAMESPACES.get(ns, SourceFormat.DDI_CODEBOOK_2_5)
        return FormatInfo(fmt, info.version, root, ns)
    ns = namespace_of(info.root)
    match = _DDIL_NS.fullmatch(ns)
    if match is not None:
        fmt = (
            SourceFormat.DDI_LIFECYCLE_3_3
            if match["minor"] == "3"
            else (SourceFormat.DDI_LIFECYCLE_3_2)
        )
        return FormatInfo(fmt, "3." + match["minor"], root, ns)
    return FormatInfo(SourceFormat.OTHER, None, root, ns)


def detect_format(path: str | Path) -> SourceFormat:
    """The format of a file, from its first bytes and root element.

    Args:
        path: Any file.

    Returns:
        The source format (``SourceFormat.OTHER`` when unknown).

    Raises:
        InputError: When the file cannot be opened or its XML is not well-formed.
    """
    return describe_format(path).format


Reader = Callable[[str | Path], tuple[MetadataPackage, Report]]


def lifecycle_reader() -> Reader | None:
    """The DDI-L reader (``harmonise.formats.ddi_lifecycle.read_ddi_lifecycle``) if available."""
    try:
        module = importlib.import_module("harmonise.formats.ddi_lifecycle")
    except ImportError:
        return None
    reader = getattr(module, "read_ddi_lifecycle", None)
    return cast(Reader, reader) if callable(reader) else None


def read_metadata(path: str | Path) -> tuple[MetadataPackage, Report]:
    """Read any DDI file (Codebook or Lifecycle) or CSPro dictionary into a package and a report.

    Args:
        path: A DDI-C 2.5/1.2.2 codebook (also inside an OAI-PMH response), a DDI-L 3.3/3.2
            instance or a CSPro ``.dcf`` dictionary.

    Returns:
        The package and the findings.

    Raises:
        InputError: When the file cannot be read.
        UnsupportedFormatError: When it is not DDI, or its reader is not available.
    """
    info = describe_format(path)
    if info.format is SourceFormat.CSPRO:
        return read_cspro(path)
    if info.format in _DDI_CODEBOOK_FORMATS or info.root == "OAI-PMH":
        return read_ddi_codebook(path)
    if info.format in _DDI_LIFECYCLE_FORMATS:
        reader = lifecycle_reader()
        if reader is None:
            raise UnsupportedFormatError(
                f"this is DDI-Lifecycle {info.version}, which harmonise cannot read yet",
                path=path,
                hint="the DDI-L reader (harmonise.formats.ddi_lifecycle.read_ddi_lifecycle) "
                "is not part of this build",
            )
        return reader(path)
    what = f"the root element is {info.root!r}" if info.root else f"format {info.format.value}"
    raise UnsupportedFormatError(
        f"not a DDI metadata file: {what}",
        path=path,
        hint="harmonise reads DDI-Codebook 2.5/1.2.2 and DDI-Lifecycle 3.3/3.2 XML and CSPro "
        ".dcf dictionaries",
    )

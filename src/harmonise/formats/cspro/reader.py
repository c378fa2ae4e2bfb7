"""Entry points for CSPro dictionaries: read either form, check it, map it to the model.

:func:`read_cspro_dictionary` chooses the form from the first character (``{`` for the CSPro 8
JSON form, ``[`` for the classic text form), fills in relative positions and runs the
structural checks of :func:`~harmonise.formats.cspro.dictionary.check_dictionary`.
:func:`read_cspro` is the reader of the common contract: ``(MetadataPackage, Report)``.
"""

from __future__ import annotations

from pathlib import Path

from harmonise.errors import InputError
from harmonise.formats.cspro.dictionary import (
    CsproDictionary,
    IssueSink,
    assign_positions,
    check_dictionary,
    drop_oversized,
    read_dictionary_text,
)
from harmonise.formats.cspro.dictionary_json import parse_json_dictionary
from harmonise.formats.cspro.dictionary_text import parse_text_dictionary
from harmonise.formats.cspro.mapping import dictionary_to_package
from harmonise.issues import Report
from harmonise.model import MetadataPackage


def read_cspro_dictionary(path: str | Path) -> tuple[CsproDictionary, Report]:
    """Read a CSPro ``.dcf`` dictionary in the classic text form or the CSPro 8 JSON form.

    Args:
        path: The dictionary file.

    Returns:
        The dictionary (positions filled in) and a report of every finding with file and line.

    Raises:
        InputError: When the file cannot be read or is not a CSPro dictionary at all.
    """
    file = Path(path)
    text = read_dictionary_text(file)
    sink = IssueSink(str(path))
    head = text.lstrip()[:1]
    if head == "{":
        dictionary = parse_json_dictionary(text, sink)
    elif head == "[":
        dictionary = parse_text_dictionary(text, sink)
    else:
        raise InputError(
            "this is not a CSPro dictionary",
            path=file,
            line=1,
            hint="a .dcf file starts with [Dictionary] (classic) or '{' (CSPro 8 JSON)",
        )
    dictionary = assign_positions(drop_oversized(dictionary, sink))
    check_dictionary(dictionary, sink)
    return dictionary, Report.of(sink.issues, inputs=[str(path)])


def read_cspro(
    path: str | Path, *, study_id: str | None = None, version: str = "1.0.0"
) -> tuple[MetadataPackage, Report]:
    """Read a CSPro dictionary into a metadata package (variables, code lists, record groups).

    Args:
        path: The dictionary file.
        study_id: Study ID of the minted URNs (default: the dictionary name).
        version: Version of the minted URNs.

    Returns:
        The package and the report of findings.

    Raises:
        InputError: When the file cannot be read or is not a CSPro dictionary at all.
    """
    dictionary, report = read_cspro_dictionary(path)
    sink = IssueSink(str(path))
    package = dictionary_to_package(dictionary, study_id=study_id, version=version, sink=sink)
    return package, report.merge(Report.of(sink.issues))

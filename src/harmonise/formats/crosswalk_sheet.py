"""Crosswalk spreadsheets (CSV, XLSX, legacy XLS) in two layouts, read into crosswalk rows.

Issue 4 part A §2. Layouts:

* **long**: one row per (source code, target code) pair, e.g. the ILO ISCO-88↔08 table
  (``corrtab88-08.xls``) or the digclass ``isco88_to_isco08.csv``. Optional columns give a
  partial-correspondence flag (ILO's ``p``), a note, labels.
* **translation** (IPUMS style): one row per core code, one column per study; each source code sits
  on the row of the core code it maps to. A cell may hold several codes separated by ``,`` ``;``
  ``|`` or a line break; a source code on several rows is a split.

What spreadsheets do is tolerated and reported, never fatal: a UTF-8 BOM, ``;``/tab delimiters,
Windows-1252 text (warning), trailing blanks, a title row above the header (the header is the
first row naming the requested columns), Excel numbers (``1110.0`` → ``"1110"``, zero-padded to
``width`` when given: Excel drops leading zeros), Excel dates in code cells (error: the code is
lost; the row is skipped), footnote rows (``(1) ...`` with no codes) and footnote markers on codes
(``2(2)``: the code is kept, the row becomes *undetermined* and carries the footnote text). Each
finding is an Issue with ``Location(file=, row=, column=)`` (1-based rows as a spreadsheet shows
them; column letters). A file that cannot be opened, or lacks a column requested by header
text, raises InputError; a column requested by position that no row reaches is an error finding
(``sheet-column-missing`` on the header row, naming the columns seen) and no rows are read. The CSV
delimiter is chosen by :func:`detect_delimiter` (not ``csv.Sniffer``, which gives up on rows of
uneven width and so read ``;`` files as one column).

Deviation: grouping is by source code (one association per source code, its targets in sheet
order); n–m blocks are formed by the exports (formats.xkos), not here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from harmonise.errors import InputError
from harmonise.issues.report import Issue, Location, Report, Severity
from harmonise.model.crosswalk import (
    CodeAssociation,
    Crosswalk,
    MatchSemantic,
    RuleType,
)
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Largest spreadsheet read."""

MAX_ROWS = 1_000_000
"""Rows beyond this are not read (a warning says so)."""

MAX_COLUMNS = 500
"""Columns beyond this are ignored."""

MAX_CELLS = 20_000_000
"""Reading stops after this many cells (a compressed XLSX can expand enormously)."""

HEADER_SEARCH_ROWS = 30
"""The header must be within the first this many rows."""

DELIMITER_SAMPLE_ROWS = 50
"""CSV records looked at to choose the delimiter."""

DELIMITER_SAMPLE_CHARS = 64_000
"""Characters looked at to choose the delimiter."""

_DELIMITERS = (",", ";", "\t", "|")
_HINT_COLUMNS = "name the columns with --source/--target (header text, letter or 1-based number)"
_FOOTNOTE_ROW = re.compile(r"^\(\s*(\d{1,3})\s*\)\s*(.+)$", re.DOTALL)
_FOOTNOTE_MARK = re.compile(r"^(.*?)\s*\(\s*(\d{1,3})\s*\)$")
_SPLIT = re.compile(r"[,;|\n]")


class SheetLayout(StrEnum):
    """How codes are laid out in the sheet."""

    LONG = "long"
    TRANSLATION = "translation"


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its kind (text, number, date, bool, empty, error) and its text."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One source→target pair read from a sheet (either layout).

    ``target`` is ``""`` for an unmatched source code and ``source`` is ``""`` for an unmatched
    target code.
    """

    row: int
    source: str
    target: str
    partial: bool = False
    undetermined: bool = False
    note: str = ""
    source_label: str = ""
    target_label: str = ""


@dataclass(slots=True)
class SheetMapping:
    """The rows of one crosswalk read from a sheet (for the translation layout: one study)."""

    name: str
    rows: list[SheetRow] = field(default_factory=list)


# --- reading cells ----------------------------------------------------------------------------


def column_letter(index: int) -> str:
    """Spreadsheet column letters for a 0-based column index (0 → A, 26 → AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _number_text(value: float) -> str:
    if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def _check_size(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=path) from exc
    if size > MAX_FILE_BYTES:
        raise InputError(f"file is {size} bytes; the limit is {MAX_FILE_BYTES}", path=path)


def _csv_rows(path: Path, issues: list[Issue]) -> Iterator[list[Cell]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        issues.append(
            Issue(
                code="sheet-not-utf8",
                severity=Severity.WARNING,
                message="the file is not UTF-8; read it as Windows-1252",
                location=Location(file=str(path), line=line),
                hint="save the sheet as CSV UTF-8",
            )
        )
        text = raw.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise InputError("the file holds NUL bytes: it is not a CSV text file", path=path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=detect_delimiter(text))
    try:
        for record in reader:
            yield [Cell("text" if v.strip() else "empty", v) for v in record[:MAX_COLUMNS]]
    except csv.Error as exc:
        raise InputError(f"CSV is malformed: {exc}", path=path, line=reader.line_num) from exc


def detect_delimiter(text: str) -> str:
    """The field delimiter of CSV text: ``,`` ``;`` tab or ``|``.

    ``csv.Sniffer`` gives up when rows have different numbers of fields (an empty target written
    as ``2;`` next to ``1;1;note``) and a comma fallback then reads a semicolon file as one
    column. Instead each candidate splits the first :data:`DELIMITER_SAMPLE_ROWS` records (quotes
    respected, so ``"1;2"`` is one field): the delimiter that splits the most records wins, ties
    broken by the number of fields it gives the first split record (the header), then by the
    order ``,`` ``;`` tab ``|``.

    Args:
        text: The decoded file (only its beginning is looked at).

    Returns:
        The delimiter (``,`` when no candidate splits any record).
    """
    sample = text[:DELIMITER_SAMPLE_CHARS]
    if len(text) > DELIMITER_SAMPLE_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    best = ","
    best_score = (0, 0)
    for delimiter in _DELIMITERS:
        split = 0
        header_fields = 0
        reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
        try:
            for number, record in enumerate(reader):
                if number >= DELIMITER_SAMPLE_ROWS:
                    break
                if len(record) > 1:
                    split += 1
                    header_fields = header_fields or len(record)
        except csv.Error:
            pass  # a malformed sample scores what it read; the full read reports the error
        score = (split, header_fields)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _xlsx_rows(path: Path, sheet: str | int | None) -> Iterator[list[Cell]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a broken zip or XML
        raise InputError(f"cannot open as XLSX: {exc}", path=path) from exc
    try:
        names = book.sheetnames
        chosen = _choose_sheet(path, names, sheet)
        for values in book[chosen].iter_rows(values_only=True, max_col=MAX_COLUMNS):
            yield [_python_cell(v) for v in values]
    finally:
        book.close()


def _python_cell(value: object) -> Cell:
    if value is None:
        return Cell("empty", "")
    if isinstance(value, bool):
        return Cell("bool", str(value).upper())
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return Cell("date", value.isoformat())
    if isinstance(value, int):
        return Cell("number", str(value))
    if isinstance(value, float):
        return Cell("number", _number_text(value))
    text = str(value)
    return Cell("text" if text.strip() else "empty", text)


def _xls_rows(path: Path, sheet: str | int | None) -> Iterator[list[Cell]]:
    import xlrd

    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except Exception as exc:  # xlrd raises XLRDError, struct.error, ... on broken files
        raise InputError(f"cannot open as XLS: {exc}", path=path) from exc
    try:
        names = book.sheet_names()
        chosen = _choose_sheet(path, names, sheet)
        data = book.sheet_by_name(chosen)
        for r in range(data.nrows):
            cells: list[Cell] = []
            for c in range(min(data.ncols, MAX_COLUMNS)):
                kind = data.cell_type(r, c)
                value = data.cell_value(r, c)
                if kind == xlrd.XL_CELL_TEXT:
                    cells.append(Cell("text" if str(value).strip() else "empty", str(value)))
                elif kind == xlrd.XL_CELL_NUMBER:
                    cells.append(Cell("number", _number_text(float(value))))
                elif kind == xlrd.XL_CELL_DATE:
                    cells.append(Cell("date", str(value)))
                elif kind == xlrd.XL_CELL_BOOLEAN:
                    cells.append(Cell("bool", "TRUE" if value else "FALSE"))
                elif kind == xlrd.XL_CELL_ERROR:
                    cells.append(Cell("error", "#ERROR"))
                else:
                    cells.append(Cell("empty", ""))
            yield cells
    finally:
        book.release_resources()


def _choose_sheet(path: Path, names: Sequence[str], sheet: str | int | None) -> str:
    if not names:
        raise InputError("the workbook has no sheets", path=path)
    if sheet is None:
        return names[0]
    if isinstance(sheet, int) or sheet.isdigit():
        index = int(sheet) - 1
        if 0 <= index < len(names):
            return names[index]
    elif sheet in names:
        return sheet
    raise InputError(
        f"no sheet {sheet!r}", path=path, hint="sheets: " + ", ".join(repr(n) for n in names)
    )


def read_cells(path: str | Path, sheet: str | int | None = None) -> tuple[list[list[Cell]], Report]:
    """Every row of a CSV/XLSX/XLS sheet as typed cells (capped at ``MAX_ROWS``).

    Args:
        path: ``.csv``/``.tsv``/``.txt``, ``.xlsx``/``.xlsm`` or ``.xls``.
        sheet: Sheet name or 1-based number (workbooks; default the first sheet).

    Returns:
        The rows (row 1 is index 0; trailing empty cells of a row are dropped) and a report of
        what could not be read cleanly.

    Raises:
        InputError: The file cannot be opened or is not a spreadsheet.
    """
    file = Path(path)
    _check_size(file)
    issues: list[Issue] = []
    suffix = file.suffix.lower()
    with file.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"PK\x03\x04") or suffix in (".xlsx", ".xlsm"):
        source = _xlsx_rows(file, sheet)
    elif magic.startswith(b"\xd0\xcf\x11\xe0") or suffix == ".xls":
        source = _xls_rows(file, sheet)
    else:
        source = _csv_rows(file, issues)
    rows: list[list[Cell]] = []
    cells = 0
    for record in source:
        while record and record[-1].kind == "empty":
            record.pop()
        cells += len(record)
        if len(rows) >= MAX_ROWS or cells > MAX_CELLS:
            issues.append(
                Issue(
                    code="sheet-too-large",
                    severity=Severity.ERROR,
                    message=f"only the first {len(rows)} rows were read "
                    f"(limits: {MAX_ROWS} rows, {MAX_CELLS} cells)",
                    location=Location(file=str(file), row=len(rows) + 1),
                    hint="split the sheet, or delete unused columns and rows",
                )
            )
            break
        rows.append(record)
    return rows, Report.of(issues, [str(file)])


# --- columns ----------------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _find_header(rows: list[list[Cell]], wanted: Sequence[str]) -> int:
    """Index of the first row that names every wanted column given by header text."""
    names = [_norm(w) for w in wanted if not _is_position(w)]
    if not names:
        return 0
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        headers = {_norm(c.text) for c in row}
        if all(n in headers for n in names):
            return index
    return -1


def _is_position(spec: str) -> bool:
    return spec.isdigit() or bool(re.fullmatch(r"[A-Z]{1,3}", spec))


def _column_index(spec: str, header: list[Cell]) -> int | None:
    if spec.isdigit():
        return int(spec) - 1
    if re.fullmatch(r"[A-Z]{1,3}", spec) and _norm(spec) not in {_norm(c.text) for c in header}:
        index = 0
        for ch in spec:
            index = index * 26 + ord(ch) - 64
        return index - 1
    for i, cell in enumerate(header):
        if _norm(cell.text) == _norm(spec):
            return i
    return None


def _columns(
    path: Path, rows: list[list[Cell]], specs: dict[str, str | None]
) -> tuple[int, dict[str, int]]:
    given = {k: v for k, v in specs.items() if v}
    header_index = _find_header(rows, list(given.values()))
    header = rows[header_index] if 0 <= header_index < len(rows) else []
    found: dict[str, int] = {}
    for key, spec in given.items():
        index = _column_index(spec, header) if header_index >= 0 else None
        if index is None:
            seen = ", ".join(repr(c.text.strip()) for c in header if c.text.strip())
            if not seen and rows:
                seen = ", ".join(repr(c.text.strip()) for c in rows[0] if c.text.strip())
            raise InputError(
                f"no column {spec!r} in the first {HEADER_SEARCH_ROWS} rows",
                path=path,
                hint=f"{_HINT_COLUMNS}; headers seen: {seen or 'none'}",
            )
        found[key] = index
    return header_index, found


def _absent_columns(
    path: Path, rows: list[list[Cell]], header_index: int, required: dict[str, int]
) -> list[Issue]:
    """One error per required column that no row reaches (a positional column past the sheet)."""
    width = max((len(r) for r in rows), default=0)
    header = rows[header_index] if 0 <= header_index < len(rows) else []
    seen = ", ".join(repr(c.text.strip()) for c in header if c.text.strip()) or "none"
    return [
        Issue(
            code="sheet-column-missing",
            severity=Severity.ERROR,
            message=f"the {role.replace('_', ' ')} column {column_letter(index)} is not in "
            f"the sheet, which has {width} column{'' if width == 1 else 's'}; "
            f"columns seen: {seen}; no rows were read",
            location=Location(file=str(path), row=header_index + 1, column=column_letter(index)),
            hint="save the sheet with one code per column (delimiter , ; tab or |), or "
            + _HINT_COLUMNS,
        )
        for role, index in required.items()
        if index >= width
    ]


# --- codes ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Reader:
    path: Path
    issues: list[Issue]
    width: dict[str, int | None]
    number_columns: set[int] = field(default_factory=set)

    def loc(self, row: int, column: int) -> Location:
        return Location(file=str(self.path), row=row, column=column_letter(column))

    def code(self, cell: Cell, row: int, column: int, side: str) -> tuple[str, str | None] | None:
        """(code, footnote number) of a code cell; None when the cell gives no usable code."""
        if cell.kind == "empty":
            return ("", None)
        if cell.kind in ("date", "bool", "error"):
            self.issues.append(
                Issue(
                    code=f"sheet-code-is-{'date' if cell.kind == 'date' else cell.kind}",
                    severity=Severity.ERROR,
                    message=f"the {side} code cell holds {cell.kind} {cell.text!r}, not a code; "
                    "the row is skipped",
                    location=self.loc(row, column),
                    hint="format the column as Text before typing codes",
                )
            )
            return None
        text = cell.text.strip()
        footnote: str | None = None
        marked = _FOOTNOTE_MARK.match(text)
        if marked and marked.group(1):
            text, footnote = marked.group(1).strip(), marked.group(2)
        width = self.width.get(side)
        if cell.kind == "number":
            if column not in self.number_columns:
                self.number_columns.add(column)
                self.issues.append(
                    Issue(
                        code="sheet-code-from-number",
                        severity=Severity.INFO if width else Severity.WARNING,
                        message=f"{side} codes in this column are stored as numbers"
                        + (f"; zero-padded to {width} digits" if width else ""),
                        location=self.loc(row, column),
                        hint=None if width else "give the code width so leading zeros come back",
                    )
                )
            if width and text.isdigit():
                text = text.zfill(width)
        return (text, footnote)


def _footnotes(rows: list[list[Cell]], start: int) -> dict[str, tuple[int, str]]:
    """Footnote rows: ``(n) text`` in the first non-empty cell and nothing else on the row."""
    notes: dict[str, tuple[int, str]] = {}
    for index in range(start, len(rows)):
        filled = [c for c in rows[index] if c.kind != "empty"]
        if len(filled) == 1 and filled[0].kind == "text":
            match = _FOOTNOTE_ROW.match(filled[0].text.strip())
            if match:
                notes[match.group(1)] = (index + 1, " ".join(match.group(2).split()))
    return notes


def _cell(row: list[Cell], index: int | None) -> Cell:
    if index is None or index >= len(row):
        return Cell("empty", "")
    return row[index]


def read_long_sheet(
    path: str | Path,
    *,
    source: str = "1",
    target: str = "2",
    partial: str | None = None,
    partial_marker: str = "p",
    note: str | None = None,
    source_label: str | None = None,
    target_label: str | None = None,
    sheet: str | int | None = None,
    source_width: int | None = None,
    target_width: int | None = None,
) -> tuple[SheetMapping, Report]:
    """Read a long-layout crosswalk sheet (one row per source→target pair).

    Args:
        path: CSV, XLSX or XLS file.
        source: Source-code column: header text, letter (``B``) or 1-based number.
        target: Target-code column, likewise.
        partial: Optional column flagging partial correspondences.
        partial_marker: The flag value in that column (case-insensitive), ILO's ``p``.
        note: Optional note/comment column.
        source_label: Optional source label column.
        target_label: Optional target label column.
        sheet: Sheet name or 1-based number (workbooks).
        source_width: Zero-pad numeric source codes to this many digits (Excel drops zeros).
        target_width: Likewise for target codes.

    Returns:
        The rows and a report (row/column of every cell that could not be read cleanly).

    Raises:
        InputError: The file cannot be opened, or a named column is not there.
    """
    file = Path(path)
    cells, cell_report = read_cells(file, sheet)
    header_index, cols = _columns(
        file,
        cells,
        {
            "source": source,
            "target": target,
            "partial": partial,
            "note": note,
            "source_label": source_label,
            "target_label": target_label,
        },
    )
    mapping = SheetMapping(name=file.stem)
    issues = _absent_columns(
        file, cells, header_index, {"source": cols["source"], "target": cols["target"]}
    )
    if issues:
        return mapping, cell_report.merge(Report.of(issues))
    reader = _Reader(file, issues, {"source": source_width, "target": target_width})
    footnotes = _footnotes(cells, header_index + 1)
    seen: dict[tuple[str, str], int] = {}
    footnote_rows = {n for n, _ in footnotes.values()}
    for index in range(header_index + 1, len(cells)):
        row_number = index + 1
        row = cells[index]
        if row_number in footnote_rows:
            continue
        src = reader.code(_cell(row, cols["source"]), row_number, cols["source"], "source")
        tgt = reader.code(_cell(row, cols["target"]), row_number, cols["target"], "target")
        if src is None or tgt is None:
            continue
        (s, s_note), (t, t_note) = src, tgt
        if not s and not t:
            continue
        flagged = _cell(row, cols.get("partial")).text.strip().casefold()
        texts = [_cell(row, cols.get("note")).text.strip()]
        marks = [m for m in (s_note, t_note) if m]
        for mark in marks:
            text = footnotes.get(mark, (0, ""))[1]
            texts.append(f"({mark}) {text}".strip())
            issues.append(
                Issue(
                    code="sheet-footnote-code",
                    severity=Severity.INFO,
                    message=f"code with footnote ({mark}) read as undetermined"
                    + ("" if mark in footnotes else "; the footnote text was not found"),
                    location=reader.loc(row_number, cols["source"] if s_note else cols["target"]),
                )
            )
        key = (s, t)
        if key in seen:
            issues.append(
                Issue(
                    code="sheet-duplicate-row",
                    severity=Severity.WARNING,
                    message=f"{s or '(none)'} → {t or '(none)'} repeats row {seen[key]}",
                    location=Location(file=str(file), row=row_number),
                )
            )
            continue
        seen[key] = row_number
        mapping.rows.append(
            SheetRow(
                row=row_number,
                source=s,
                target=t,
                partial=bool(partial) and flagged == partial_marker.casefold(),
                undetermined=bool(marks),
                note="; ".join(x for x in texts if x),
                source_label=_cell(row, cols.get("source_label")).text.strip(),
                target_label=_cell(row, cols.get("target_label")).text.strip(),
            )
        )
    for number, (row_number, _text) in sorted(footnotes.items()):
        issues.append(
            Issue(
                code="sheet-footnote-row",
                severity=Severity.INFO,
                message=f"footnote ({number}) is not a code row; kept as a note",
                location=Location(file=str(file), row=row_number),
            )
        )
    return mapping, cell_report.merge(Report.of(issues))


def read_translation_sheet(
    path: str | Path,
    *,
    core: str = "1",
    studies: Sequence[str] | None = None,
    sheet: str | int | None = None,
    core_width: int | None = None,
    source_width: int | None = None,
) -> tuple[list[SheetMapping], Report]:
    """Read an IPUMS-style translation table: one row per core code, one column per study.

    Args:
        path: CSV, XLSX or XLS file.
        core: The core-code column (header text, letter or 1-based number).
        studies: The study columns; default every other column whose header does not start with
            ``label``, ``description``, ``note`` or ``comment``.
        sheet: Sheet name or 1-based number (workbooks).
        core_width: Zero-pad numeric core codes to this many digits.
        source_width: Zero-pad numeric study codes to this many digits.

    Returns:
        One mapping per study column (named after its header) and a report.

    Raises:
        InputError: The file cannot be opened, or a named column is not there.
    """
    file = Path(path)
    cells, cell_report = read_cells(file, sheet)
    specs: dict[str, str | None] = {"core": core}
    for i, name in enumerate(studies or ()):
        specs[f"study{i}"] = name
    header_index, cols = _columns(file, cells, specs)
    header = cells[header_index] if 0 <= header_index < len(cells) else []
    if studies:
        study_cols = [cols[f"study{i}"] for i in range(len(studies))]
    else:
        skip = ("label", "description", "note", "comment", "title")
        study_cols = [
            i
            for i, c in enumerate(header)
            if i != cols["core"] and c.text.strip() and not _norm(c.text).startswith(skip)
        ]
    issues = _absent_columns(file, cells, header_index, {"core": cols["core"]})
    if not issues and not study_cols:
        issues = _absent_columns(file, cells, header_index, {"study": max(1, cols["core"] + 1)})
    if issues:
        return [], cell_report.merge(Report.of(issues))
    reader = _Reader(file, issues, {"target": core_width, "source": source_width})
    mappings = [
        SheetMapping(name=_cell(header, i).text.strip() or column_letter(i)) for i in study_cols
    ]
    seen: list[dict[tuple[str, str], int]] = [{} for _ in study_cols]
    for index in range(header_index + 1, len(cells)):
        row = cells[index]
        row_number = index + 1
        got = reader.code(_cell(row, cols["core"]), row_number, cols["core"], "target")
        if got is None:
            continue
        target = got[0]
        for k, column in enumerate(study_cols):
            cell = _cell(row, column)
            parts = (
                [Cell(cell.kind, p) for p in _SPLIT.split(cell.text)]
                if cell.kind == "text"
                else [cell]
            )
            for part in parts:
                code = reader.code(part, row_number, column, "source")
                if code is None or not code[0]:
                    continue
                if not target:
                    issues.append(
                        Issue(
                            code="sheet-no-core-code",
                            severity=Severity.ERROR,
                            message=f"source code {code[0]!r} sits on a row without a core code",
                            location=reader.loc(row_number, column),
                        )
                    )
                    continue
                key = (code[0], target)
                if key in seen[k]:
                    issues.append(
                        Issue(
                            code="sheet-duplicate-row",
                            severity=Severity.WARNING,
                            message=f"{code[0]} → {target} repeats row {seen[k][key]}",
                            location=reader.loc(row_number, column),
                        )
                    )
                    continue
                seen[k][key] = row_number
                mappings[k].rows.append(
                    SheetRow(
                        row=row_number, source=code[0], target=target, undetermined=bool(code[1])
                    )
                )
            if target and not cell.text.strip():
                # a core code this study never reaches (kept only if no other row reaches it)
                mappings[k].rows.append(SheetRow(row=row_number, source="", target=target))
    return mappings, cell_report.merge(Report.of(issues))


# --- rows to a crosswalk ----------------------------------------------------------------------


def crosswalk_from_rows(
    rows: Sequence[SheetRow],
    *,
    urn: Urn,
    source_variable: Urn,
    target_variable: Urn,
    source_code_list: Urn | None = None,
    target_code_list: Urn | None = None,
    label: LocalizedText | None = None,
    issued: dt.date | None = None,
) -> Crosswalk:
    """Group sheet rows into a crosswalk: one association per source code, targets in order.

    A row flagged partial makes its association ``semantic: close`` (so its computed status is at
    best partial); a footnote-coded row makes it ``undetermined``. Rows without a source code
    give ``unmatched_targets`` (unless the target is reached elsewhere).

    Args:
        rows: Rows from :func:`read_long_sheet` or :func:`read_translation_sheet`.
        urn: URN of the new crosswalk version.
        source_variable: The (pinned) source variable.
        target_variable: The (pinned) core variable.
        source_code_list: Its code list, if known.
        target_code_list: The core code list, if known.
        label: Title.
        issued: Publication date (``dcterms:issued``, mandatory in XKOS exports).

    Returns:
        The crosswalk (cardinality and status are computed from it, never stored).
    """
    by_source: dict[str, list[SheetRow]] = {}
    reached: set[str] = set()
    for row in rows:
        if row.source:
            by_source.setdefault(row.source, []).append(row)
            if row.target:
                reached.add(row.target)
    associations: list[CodeAssociation] = []
    for source, group in by_source.items():
        targets = tuple(dict.fromkeys(r.target for r in group if r.target))
        rule = RuleType.RECODE
        if any(r.undetermined for r in group):
            rule = RuleType.UNDETERMINED
        elif not targets:
            rule = RuleType.IMPOSSIBLE
        notes = "; ".join(dict.fromkeys(r.note for r in group if r.note))
        associations.append(
            CodeAssociation(
                sources=(source,),
                targets=targets,
                rule=rule,
                semantic=MatchSemantic.CLOSE if any(r.partial for r in group) else None,
                note=LocalizedText({"": notes}) if notes else LocalizedText(),
            )
        )
    unmatched = tuple(
        dict.fromkeys(
            r.target for r in rows if not r.source and r.target and r.target not in reached
        )
    )
    return Crosswalk(
        urn=urn,
        label=label or LocalizedText(),
        source_variable=source_variable,
        source_code_list=source_code_list,
        target_variable=target_variable,
        target_code_list=target_code_list,
        associations=tuple(associations),
        unmatched_targets=unmatched,
        issued=issued,
    )


__all__ = [
    "Cell",
    "SheetLayout",
    "SheetMapping",
    "SheetRow",
    "column_letter",
    "crosswalk_from_rows",
    "detect_delimiter",
    "read_cells",
    "read_long_sheet",
    "read_translation_sheet",
]

"""CSPro fixed-width data files read through their dictionary, streamed into Arrow tables.

A CSPro text data file holds one record per line; the record type sits at the dictionary's
``RecordTypeStart``/``RecordTypeLen`` and decides which items the line holds (hierarchical
files mix record types, e.g. HOUSING and PERSON lines of one questionnaire). Positions are
absolute (relative positions are resolved when the dictionary is read); CSPro trims trailing
blanks, so a line may be shorter than its record but never longer.

The reader works block by block (a few megabytes of lines at a time, so memory stays bounded
whatever the file size) and never makes a Python object per line. An ASCII block becomes a
(lines x record width) byte matrix, blank-padded, built with one numpy gather: record types are
compared column-wise, text items are sliced as views, numeric items are turned into numbers
byte position by byte position. A block holding other UTF-8 becomes one Arrow string array and
is sliced with ``pyarrow.compute.utf8_slice_codeunits``, which counts characters as CSPro 7+
does. Each batch is an Arrow record batch per record type with a ``_line`` column (1-based
line in the file), the id items (text, leading zeros kept) and the record's items: alpha items
as text (trailing blanks dropped), numeric items as int64 (float64 with decimals; implied
decimals applied; blank = null, CSPro's NOTAPPL).

Findings (file and line, at most :data:`MAX_FINDINGS_PER_KIND` of each kind with a count of the
rest): unknown record type, line longer than its record, text in a numeric item, a value
outside the item's primary value set (blanks are not checked), invalid UTF-8, and per
questionnaire (a run of lines with the same first-level ids) more records of a type than its
maximum or no record of a required type.

Deviations: an item with ``occurrences`` gives columns ``NAME_1``...; record counts are checked
for the first level only; values of alpha items are only checked against discrete values (alpha
ranges are skipped).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from harmonise.errors import InputError
from harmonise.formats.cspro.dictionary import CsproDictionary, DictionaryItem, DictionaryRecord
from harmonise.formats.cspro.mapping import Column, columns_of
from harmonise.issues import Issue, Location, Report, Severity

#: Bytes read per block; a block becomes one batch per record type.
BLOCK_BYTES = 4 * 1024 * 1024
#: Largest byte matrix of one block (short lines of a wide record take the text path).
MATRIX_BYTES = 64 * 1024 * 1024
#: A line longer than this is not CSPro data (CSPro records are at most 32,000 characters).
MAX_LINE_BYTES = 1024 * 1024
#: Findings of one kind (code and item) kept with their line; the rest are counted.
MAX_FINDINGS_PER_KIND = 5

_INTEGER = r"^-?[0-9]+$"
_DECIMAL = r"^-?([0-9]+\.?[0-9]*|\.[0-9]+)$"
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RecordLayout:
    """Where a record's columns sit, and how each is read."""

    record: DictionaryRecord
    columns: tuple[Column, ...]
    id_names: frozenset[str]
    length: int

    @property
    def names(self) -> list[str]:
        """Column names of the record's table, ``_line`` first."""
        return ["_line", *(c.name for c in self.columns)]


def record_layouts(dictionary: CsproDictionary) -> list[RecordLayout]:
    """One layout per record type: the id items it carries, then its own items."""
    all_columns = columns_of(dictionary)
    layouts = []
    for record in dictionary.records:
        ids = dictionary.id_items_for(record)
        id_names = frozenset(i.name for i in ids)
        cols = tuple(
            c for c in all_columns if (c.record is None and c.item.name in id_names)
        ) + tuple(c for c in all_columns if c.record == record.name)
        layouts.append(RecordLayout(record, cols, id_names, dictionary.record_length(record)))
    return layouts


def arrow_type(item: DictionaryItem, *, as_id: bool = False) -> pa.DataType:
    """The Arrow type of an item's column."""
    if as_id or not item.is_numeric:
        return pa.string()
    if item.decimals or item.length > 18:
        return pa.float64()
    return pa.int64()


def schema_of(layout: RecordLayout) -> pa.Schema:
    """The Arrow schema of a record's table."""
    fields = [pa.field("_line", pa.int64(), nullable=False)]
    for column in layout.columns:
        fields.append(pa.field(column.name, arrow_type(column.item, as_id=column.record is None)))
    return pa.schema(fields)


@dataclass
class DataFindings:
    """Findings of one data file, bounded: a few of each kind with lines, then counts."""

    file: str
    issues: list[Issue] = field(default_factory=list)
    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    severities: dict[tuple[str, str], Severity] = field(default_factory=dict)
    lines: int = 0  # lines read so far (blank and unknown lines included)

    def wants(self, code: str, key: str) -> int:
        """How many more findings of this kind are kept with their line."""
        return max(0, MAX_FINDINGS_PER_KIND - self.counts[(code, key)])

    def add(
        self,
        code: str,
        key: str,
        message: str,
        line: int | None,
        *,
        severity: Severity = Severity.ERROR,
        hint: str | None = None,
    ) -> None:
        """Record one finding (kept only while fewer than the cap of its kind)."""
        self.severities[(code, key)] = severity
        if self.counts[(code, key)] < MAX_FINDINGS_PER_KIND:
            self.issues.append(
                Issue(
                    code=code,
                    severity=severity,
                    message=message,
                    location=Location(file=self.file, line=line),
                    hint=hint,
                )
            )
        self.counts[(code, key)] += 1

    def count(self, code: str, key: str, number: int) -> None:
        """Count findings beyond the cap without building them."""
        self.counts[(code, key)] += number

    def report(self) -> Report:
        """The findings, each capped kind followed by one finding counting the rest."""
        issues = list(self.issues)
        for (code, key), total in self.counts.items():
            if total > MAX_FINDINGS_PER_KIND:
                issues.append(
                    Issue(
                        code=code,
                        severity=self.severities[(code, key)],
                        message=f"{total - MAX_FINDINGS_PER_KIND:,} more lines like this"
                        + (f" ({key})" if key else "")
                        + f"; {total:,} in all",
                        location=Location(file=self.file),
                    )
                )
        return Report.of(issues, inputs=[self.file])


@dataclass
class CsproData:
    """A whole data file read into memory: one table per record type."""

    tables: dict[str, pa.Table]
    lines: int

    @property
    def counts(self) -> dict[str, int]:
        """Number of lines per record type."""
        return {name: table.num_rows for name, table in self.tables.items()}


def _blocks(path: Path, block_bytes: int) -> Iterator[tuple[int, bytes]]:
    """Blocks of whole lines with the 1-based number of their first line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read the data file: {exc.strerror or exc}", path=path) from exc
    with handle:
        carry = b""
        first_line = 1
        first = True
        while True:
            chunk = handle.read(block_bytes)
            if first:
                first = False
                if chunk.startswith(_BOM):
                    chunk = chunk[len(_BOM) :]
                if b"\x00" in chunk[:4096]:
                    raise InputError(
                        "this is a binary file, not a CSPro text data file",
                        path=path,
                        hint="export the data as a text (.dat) file; .csdb is not read",
                    )
            buf = carry + chunk
            if not chunk:
                if buf:
                    yield first_line, buf
                return
            cut = buf.rfind(b"\n")
            if cut == -1:
                if len(buf) > MAX_LINE_BYTES:
                    raise InputError(
                        f"line {first_line} is longer than {MAX_LINE_BYTES:,} bytes",
                        path=path,
                        line=first_line,
                        hint="this does not look like CSPro fixed-width data",
                    )
                carry = buf
                continue
            block, carry = buf[: cut + 1], buf[cut + 1 :]
            yield first_line, block
            first_line += block.count(b"\n")


class _TextLines:
    """Lines of any UTF-8 text as one Arrow string array; positions count characters."""

    def __init__(self, lines: pa.StringArray) -> None:
        self.lines = lines
        self.lengths: np.ndarray = pc.utf8_length(lines).to_numpy(zero_copy_only=False)

    def __len__(self) -> int:
        return len(self.lines)

    def take(self, rows: np.ndarray) -> _TextLines:
        return _TextLines(self.lines.take(pa.array(rows)))

    def text(self, start: int, length: int) -> pa.Array:
        return pc.utf8_slice_codeunits(self.lines, start - 1, start - 1 + length)

    def equals(self, start: int, length: int, value: str) -> np.ndarray:
        same = pc.equal(self.text(start, length), value.ljust(length))
        result: np.ndarray = same.to_numpy(zero_copy_only=False)
        return result

    def numbers(self, start: int, item: DictionaryItem) -> tuple[pa.Array, np.ndarray]:
        return _numbers(self.text(start, item.length), item)


class _ByteLines:
    """ASCII lines as a (lines x width) byte matrix padded with blanks: slicing is a view."""

    def __init__(self, matrix: np.ndarray, lengths: np.ndarray) -> None:
        self.matrix = matrix
        self.lengths = lengths
        self._by_position: np.ndarray | None = None

    @property
    def by_position(self) -> np.ndarray:
        """The matrix transposed (one contiguous row per byte position), made once."""
        if self._by_position is None:
            self._by_position = np.ascontiguousarray(self.matrix.T)
        return self._by_position

    def __len__(self) -> int:
        return len(self.matrix)

    def take(self, rows: np.ndarray) -> _ByteLines:
        return _ByteLines(self.matrix[rows], self.lengths[rows])

    def _bytes(self, start: int, length: int) -> np.ndarray:
        return self.matrix[:, start - 1 : start - 1 + length]

    def text(self, start: int, length: int) -> pa.Array:
        block = np.ascontiguousarray(self._bytes(start, length))
        count, width = block.shape
        offsets = np.arange(0, (count + 1) * width, width, dtype=np.int32)
        return pa.StringArray.from_buffers(
            count, pa.py_buffer(offsets.tobytes()), pa.py_buffer(block.tobytes())
        )

    def equals(self, start: int, length: int, value: str) -> np.ndarray:
        try:
            wanted = np.frombuffer(value.ljust(length).encode("ascii"), dtype=np.uint8)
        except UnicodeEncodeError:
            return np.zeros(len(self), dtype=bool)
        result: np.ndarray = np.all(self._bytes(start, length) == wanted, axis=1)
        return result

    def numbers(self, start: int, item: DictionaryItem) -> tuple[pa.Array, np.ndarray]:
        """Digits to numbers with numpy; anything but right-aligned digits takes the text path."""
        width = item.length
        if item.decimal_char or width > 18:
            return _numbers(self.text(start, width), item)
        columns = self.by_position[start - 1 : start - 1 + width]
        count = columns.shape[1]
        values = np.zeros(count, dtype=np.int64)
        seen = np.zeros(count, dtype=bool)
        digits_seen = np.zeros(count, dtype=bool)
        negative = np.zeros(count, dtype=bool)
        ok = np.ones(count, dtype=bool)
        for position in columns:  # one byte position at a time: 1-D, contiguous
            digit = position - 48
            is_digit = digit < 10  # uint8 arithmetic wraps: only '0'..'9' fall below 10
            is_space = position == 32
            is_minus = (position == 45) & ~seen
            ok &= (is_digit | is_minus | is_space) & ~(seen & is_space)
            negative |= is_minus
            values = values * 10 + np.where(is_digit, digit, 0)
            seen |= ~is_space
            digits_seen |= is_digit
        blank = ~seen
        if not np.all(blank | (ok & digits_seen)):
            return _numbers(self.text(start, width), item)
        values = np.where(negative, -values, values)
        if item.decimals:
            array = pa.array(values / 10.0**item.decimals, type=pa.float64(), mask=blank)
        else:
            array = pa.array(values, type=pa.int64(), mask=blank)
        return array, np.zeros(len(values), dtype=bool)


def _split_block(
    block: bytes, first_line: int, width: int, findings: DataFindings
) -> _TextLines | _ByteLines:
    """The lines of a block (line ends dropped): a byte matrix when ASCII, else Arrow text."""
    data = np.frombuffer(block, dtype=np.uint8)
    newlines = np.flatnonzero(data == 10)
    ends = newlines if block.endswith(b"\n") else np.append(newlines, len(block))
    starts = np.zeros(len(ends), dtype=np.int64)
    starts[1:] = ends[:-1] + 1
    carriage = (ends > starts) & (data[np.maximum(ends - 1, 0)] == 13)
    lengths = ends - carriage - starts
    if len(starts) * width <= MATRIX_BYTES and not np.any(data >= 128):
        padded = np.concatenate([data, np.full(width, 32, dtype=np.uint8)])
        matrix = np.lib.stride_tricks.sliding_window_view(padded, width)[starts]
        matrix[np.arange(width)[None, :] >= lengths[:, None]] = 32
        return _ByteLines(matrix, lengths)
    offsets = np.zeros(len(ends) + 1, dtype=np.int32)
    offsets[1:] = ends + 1
    offsets[-1] = min(int(offsets[-1]), len(block))
    array = pa.StringArray.from_buffers(
        len(ends), pa.py_buffer(offsets.tobytes()), pa.py_buffer(block)
    )
    try:
        array.validate(full=True)
    except pa.ArrowInvalid:
        texts = []
        for number, raw in enumerate(block.split(b"\n")[: len(ends)], start=first_line):
            try:
                texts.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                findings.add(
                    "cspro-data-not-utf8",
                    "",
                    "the line is not valid UTF-8; undecodable bytes were replaced",
                    number,
                    hint="save the data file as UTF-8 (CSPro 7+ writes UTF-8)",
                )
                texts.append(raw.decode("utf-8", errors="replace"))
        array = pa.array(texts, type=pa.string())
    return _TextLines(pc.utf8_rtrim(array, characters="\r\n"))


def _numbers(raw: pa.Array, item: DictionaryItem) -> tuple[pa.Array, np.ndarray]:
    """Parse a numeric item from text: (values with blanks as null, mask of non-numbers)."""
    text = pc.utf8_trim_whitespace(raw)
    blank = pc.equal(pc.utf8_length(text), 0)
    pattern = _DECIMAL if item.decimal_char else _INTEGER
    good = pc.match_substring_regex(text, pattern)
    bad = pc.and_(pc.invert(good), pc.invert(blank))
    usable = pc.if_else(good, text, pa.scalar(None, pa.string()))
    target = arrow_type(item)
    if item.decimal_char and item.decimals == 0 and target == pa.int64():
        values = pc.cast(pc.cast(usable, pa.float64()), pa.int64(), safe=False)
    else:
        values = pc.cast(usable, target)
    if item.decimals and not item.decimal_char:
        values = pc.divide(values, pa.scalar(10.0**item.decimals))
    mask: np.ndarray = bad.to_numpy(zero_copy_only=False)
    return values, mask


def _value_set_check(item: DictionaryItem) -> tuple[pa.Array | None, list[tuple[float, float]]]:
    """The allowed discrete values and ranges of the primary value set (empty: no check)."""
    if not item.value_sets or not item.value_sets[0].values:
        return None, []
    discretes: list[object] = []
    ranges: list[tuple[float, float]] = []
    for value in item.value_sets[0].values:
        for pair in value.pairs:
            if item.is_numeric:
                try:
                    low = float(pair.low) if pair.low.strip() else None
                    high = float(pair.high) if pair.high is not None else None
                except ValueError:
                    continue
                if low is None:
                    continue
                if high is not None:
                    ranges.append((low, high))
                else:
                    discretes.append(low)
            elif pair.is_range:
                return None, []  # alpha ranges: not checked
            else:
                discretes.append(pair.low.rstrip())
    kind = pa.float64() if item.is_numeric else pa.string()
    return pa.array(discretes, type=kind), ranges


def _outside(values: pa.Array, allowed: pa.Array, ranges: list[tuple[float, float]]) -> np.ndarray:
    """Mask of the non-null values that are neither an allowed value nor in a range."""
    if pa.types.is_string(values.type):
        inside = pc.is_in(values, value_set=allowed)
        result: np.ndarray = _bool(pc.and_(pc.invert(inside), pc.is_valid(values)))
        return result
    numbers = np.asarray(values.to_numpy(zero_copy_only=False), dtype=np.float64)
    outside = ~np.isin(numbers, allowed.to_numpy(zero_copy_only=False))
    for low, high in ranges:
        outside &= ~((numbers >= low) & (numbers <= high))
    return outside & ~np.isnan(numbers)


class _Checks:
    """Per-item value-set checks, prepared once per file."""

    def __init__(self, layouts: list[RecordLayout]) -> None:
        self.sets: dict[str, tuple[pa.Array | None, list[tuple[float, float]]]] = {}
        for layout in layouts:
            for column in layout.columns:
                if column.item.name not in self.sets:
                    self.sets[column.item.name] = _value_set_check(column.item)


def _report_lines(
    findings: DataFindings,
    code: str,
    *,
    key: str,
    mask: np.ndarray,
    line_numbers: np.ndarray,
    message: str,
    severity: Severity = Severity.ERROR,
    hint: str | None = None,
    values: pa.Array | None = None,
) -> None:
    hits = np.flatnonzero(mask)
    if not len(hits):
        return
    wanted = findings.wants(code, key)
    for index in hits[:wanted]:
        text = message
        if values is not None:
            text = message.format(value=values[int(index)].as_py())
        findings.add(code, key, text, int(line_numbers[index]), severity=severity, hint=hint)
    findings.count(code, key, max(0, len(hits) - wanted))
    if len(hits) > wanted:
        findings.severities[(code, key)] = severity


def _bool(mask: pa.Array) -> np.ndarray:
    result: np.ndarray = mask.to_numpy(zero_copy_only=False)
    return result


def _record_batch(
    layout: RecordLayout,
    lines: _TextLines | _ByteLines,
    line_numbers: np.ndarray,
    findings: DataFindings,
    checks: _Checks,
) -> pa.RecordBatch:
    arrays: list[pa.Array] = [pa.array(line_numbers, type=pa.int64())]
    _report_lines(
        findings,
        "cspro-data-line-too-long",
        key=layout.record.name,
        mask=lines.lengths > layout.length,
        line_numbers=line_numbers,
        message=f"the line is longer than the {layout.length} characters of record "
        f"{layout.record.name}",
        hint="check the record length in the dictionary, or the line for stray characters",
    )
    for column in layout.columns:
        item = column.item
        start = column.start or 1
        if column.record is None:
            arrays.append(pc.utf8_trim_whitespace(lines.text(start, item.length)))
            continue
        allowed, ranges = checks.sets[item.name]
        if not item.is_numeric:
            values = pc.utf8_rtrim_whitespace(lines.text(start, item.length))
            arrays.append(values)
            if allowed is not None:
                outside = _outside(values, allowed, ranges) & (_bool(pc.utf8_length(values)) > 0)
                _report_lines(
                    findings,
                    "cspro-value-outside-value-set",
                    key=column.name,
                    mask=outside,
                    line_numbers=line_numbers,
                    message=f"{column.name} = {{value!r}} is not in value set "
                    f"{item.value_sets[0].name}",
                    severity=Severity.WARNING,
                    values=values,
                )
            continue
        numbers, bad = lines.numbers(start, item)
        arrays.append(numbers)
        if bad.any():
            _report_lines(
                findings,
                "cspro-data-invalid-number",
                key=column.name,
                mask=bad,
                line_numbers=line_numbers,
                message=f"{column.name} holds {{value!r}}, not a number",
                hint="a numeric item holds digits (and a decimal mark if the dictionary says so)",
                values=lines.text(start, item.length),
            )
        if allowed is not None:
            _report_lines(
                findings,
                "cspro-value-outside-value-set",
                key=column.name,
                mask=_outside(numbers, allowed, ranges),
                line_numbers=line_numbers,
                message=f"{column.name} = {{value}} is not in value set {item.value_sets[0].name}",
                severity=Severity.WARNING,
                values=numbers,
            )
    return pa.RecordBatch.from_arrays(arrays, schema=schema_of(layout))


class _CaseTracker:
    """Counts each first-level record type per questionnaire (case), across blocks.

    A case is a run of consecutive lines with the same first-level id items, as CSPro writes
    them. A closed case with more lines of a record type than its maximum, or with no line of
    a required record type, is a finding at the case's first line.
    """

    def __init__(self, dictionary: CsproDictionary, layouts: list[RecordLayout]) -> None:
        level = dictionary.levels[0] if dictionary.levels else None
        self.ids = [
            (item.start, item.length)
            for item in (level.id_items if level is not None else ())
            if item.start is not None and not item.is_binary
        ]
        self.records = [
            (n, layout.record)
            for n, layout in enumerate(layouts)
            if level is not None and layout.record in level.records
        ]
        self.open_key: str | None = None
        self.open_line = 0
        self.open_counts = np.zeros(len(layouts), dtype=np.int64)

    def feed(
        self,
        lines: _TextLines | _ByteLines,
        numbers: np.ndarray,
        masks: list[np.ndarray],
        findings: DataFindings,
    ) -> None:
        if not self.ids or not self.records:
            return
        rows = np.flatnonzero(np.logical_or.reduce(masks))
        if not len(rows):
            return
        kept = lines.take(rows)
        keys = pc.binary_join_element_wise(
            *(kept.text(start, length) for start, length in self.ids), ""
        )
        first_key = keys[0].as_py()
        starts_new = self.open_key is None or first_key != self.open_key
        if starts_new and self.open_key is not None:
            self._judge(self.open_counts[None, :], np.array([self.open_line]), findings)
        new = np.empty(len(rows), dtype=bool)
        new[0] = starts_new
        if len(rows) > 1:
            new[1:] = _bool(pc.not_equal(keys[1:], keys[:-1]))
        case = np.cumsum(new)  # 0: the case carried over from the previous block
        last = int(case[-1])
        counts = np.zeros((last + 1, len(masks)), dtype=np.int64)
        for n, mask in enumerate(masks):
            counts[:, n] = np.bincount(case[mask[rows]], minlength=last + 1)
        first_lines = np.empty(last + 1, dtype=np.int64)
        first_lines[0] = self.open_line
        first_lines[1:] = numbers[rows][new]
        if not starts_new:
            counts[0] += self.open_counts
        closed = range(0 if not starts_new else 1, last)
        if closed:
            self._judge(counts[closed.start : last], first_lines[closed.start : last], findings)
        self.open_key = keys[-1].as_py()
        self.open_line = int(first_lines[last])
        self.open_counts = counts[last]

    def close(self, findings: DataFindings) -> None:
        """Judge the last case of the file."""
        if self.open_key is not None:
            self._judge(self.open_counts[None, :], np.array([self.open_line]), findings)
            self.open_key = None

    def _judge(self, counts: np.ndarray, first_lines: np.ndarray, findings: DataFindings) -> None:
        found: list[tuple[int, str, str, str, Severity]] = []
        for n, record in self.records:
            for case in np.flatnonzero(counts[:, n] > record.max_records):
                found.append(
                    (
                        int(first_lines[case]),
                        "cspro-data-too-many-records",
                        record.name,
                        f"the questionnaire starting here has {int(counts[case, n])} "
                        f"{record.name} records; the dictionary allows {record.max_records}",
                        Severity.ERROR,
                    )
                )
            if record.required:
                for case in np.flatnonzero(counts[:, n] == 0):
                    found.append(
                        (
                            int(first_lines[case]),
                            "cspro-data-required-record-missing",
                            record.name,
                            f"the questionnaire starting here has no {record.name} record, "
                            "which the dictionary requires",
                            Severity.WARNING,
                        )
                    )
        for line, code, key, message, severity in sorted(found, key=lambda f: f[0]):
            findings.add(code, key, message, line, severity=severity)


def iter_cspro_batches(
    path: str | Path,
    dictionary: CsproDictionary,
    findings: DataFindings,
    *,
    block_bytes: int = BLOCK_BYTES,
) -> Iterator[tuple[str, pa.RecordBatch]]:
    """Stream a CSPro data file as ``(record name, Arrow record batch)`` pairs.

    Args:
        path: The data file.
        dictionary: Its dictionary (from ``read_cspro_dictionary``).
        findings: Receives the findings (unknown record types, bad numbers, values outside
            value sets, lines too long) with their line numbers.
        block_bytes: Bytes read at a time (memory is bounded by a few times this).

    Yields:
        One batch per record type present in each block, in block order.

    Raises:
        InputError: When the file cannot be read or is not a text data file.
    """
    file = Path(path)
    layouts = record_layouts(dictionary)
    if not layouts:
        raise InputError("the dictionary has no records to read data with", path=file)
    checks = _Checks(layouts)
    rt_start = dictionary.record_type_start
    rt_len = dictionary.record_type_length
    width = max(
        [rt_start + rt_len - 1, *(layout.length for layout in layouts)]
        + [c.end or 0 for layout in layouts for c in layout.columns]
    )
    cases = _CaseTracker(dictionary, layouts)
    for first_line, block in _blocks(file, block_bytes):
        lines = _split_block(block, first_line, width, findings)
        numbers = np.arange(first_line, first_line + len(lines), dtype=np.int64)
        findings.lines = first_line + len(lines) - 1
        present = lines.lengths > 0
        if rt_len == 0:
            masks = [present]
        else:
            masks = [
                present & lines.equals(rt_start, rt_len, layout.record.type_value)
                for layout in layouts
            ]
            unknown = present & ~np.logical_or.reduce(masks)
            if unknown.any():
                _report_lines(
                    findings,
                    "cspro-data-unknown-record-type",
                    key="",
                    mask=unknown,
                    line_numbers=numbers,
                    message="record type {value!r} is not in the dictionary",
                    hint="every line starts with the type value of one of the dictionary's records",
                    values=lines.text(rt_start, rt_len),
                )
        if rt_len:
            cases.feed(lines, numbers, masks, findings)
        for layout, mask in zip(layouts, masks, strict=False):
            selected = np.flatnonzero(mask)
            if not len(selected):
                continue
            yield (
                layout.record.name,
                _record_batch(layout, lines.take(selected), numbers[selected], findings, checks),
            )
    cases.close(findings)


def read_cspro_data(
    path: str | Path, dictionary: CsproDictionary, *, block_bytes: int = BLOCK_BYTES
) -> tuple[CsproData, Report]:
    """Read a whole CSPro data file into one Arrow table per record type.

    Use :func:`iter_cspro_batches` for files too large for memory.

    Args:
        path: The data file.
        dictionary: Its dictionary.
        block_bytes: Bytes read at a time.

    Returns:
        The tables (every record type of the dictionary, empty when absent) and the findings.

    Raises:
        InputError: When the file cannot be read or is not a text data file.
    """
    findings = DataFindings(str(path))
    batches: dict[str, list[pa.RecordBatch]] = {}
    for name, batch in iter_cspro_batches(path, dictionary, findings, block_bytes=block_bytes):
        batches.setdefault(name, []).append(batch)
    tables = {
        layout.record.name: pa.Table.from_batches(
            batches.get(layout.record.name, []), schema=schema_of(layout)
        )
        for layout in record_layouts(dictionary)
    }
    return CsproData(tables=tables, lines=findings.lines), findings.report()

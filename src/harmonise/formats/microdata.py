"""Microdata files: SPSS (.sav/.zsav/.por), Stata (.dta), CSV and Parquet.

Three entry points (docs/contracts): :func:`read_microdata_info` (columns, variable labels,
value labels, user-missing values, row count; the file's data is not loaded),
:func:`iter_microdata_batches` (streaming :class:`pyarrow.RecordBatch` es of at most
``batch_rows`` rows, codes kept as stored) and :func:`value_counts` (counts per code value as
text, vectorised with ``pyarrow.compute.value_counts`` per batch).

Conventions and deviations:

* SPSS and Stata are read with pyreadstat, ``user_missing=True`` (user-missing codes such as 98
  stay in the data) and ``disable_datetime_conversion=True``: dates stay the numbers the file
  stores (SPSS seconds since 1582-10-14, Stata days since 1960-01-01). A date the file holds
  out of Python's range (``haven/spss/datetime.sav``) is therefore no crash; the info reports it
  as a ``microdata-date-out-of-range`` finding.
* Stata extended missing values (``.a``-``.z``) are written ``.a``; a numeric column holding
  them becomes a text column in batches (numbers as canonical text, ``7`` not ``7.0``).
* CSV columns are read as text (leading zeros are codes: ``0110``); empty cells are null.
* Code values as text: integral numbers without decimals (``7``), other numbers in Python's
  shortest repr, null as ``""`` (the validator's system-missing key).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.csv as pacsv  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pyreadstat

from harmonise.errors import InputError, UnsupportedFormatError
from harmonise.issues import Issue, Location, Severity


class MicrodataFormat(StrEnum):
    """The microdata formats read here."""

    SPSS = "spss"
    SPSS_PORTABLE = "spss-portable"
    STATA = "stata"
    CSV = "csv"
    PARQUET = "parquet"


_SUFFIXES = {
    ".sav": MicrodataFormat.SPSS,
    ".zsav": MicrodataFormat.SPSS,
    ".por": MicrodataFormat.SPSS_PORTABLE,
    ".dta": MicrodataFormat.STATA,
    ".csv": MicrodataFormat.CSV,
    ".parquet": MicrodataFormat.PARQUET,
    ".pq": MicrodataFormat.PARQUET,
}

_READERS: dict[MicrodataFormat, Any] = {
    MicrodataFormat.SPSS: pyreadstat.read_sav,
    MicrodataFormat.SPSS_PORTABLE: pyreadstat.read_por,
    MicrodataFormat.STATA: pyreadstat.read_dta,
}

#: SPSS/Stata display formats that hold dates or times.
_DATE_PREFIXES = ("DATE", "ADATE", "EDATE", "SDATE", "JDATE", "DATETIME", "TIME", "%t", "%d")

#: Rows per batch when counting values (one column at a time, so memory stays bounded).
COUNT_BATCH_ROWS = 500_000

#: Suffixes this module reads.
MICRODATA_SUFFIXES: frozenset[str] = frozenset(_SUFFIXES)


@dataclass(frozen=True)
class MissingRange:
    """A user-missing range (SPSS ``MISSING VALUES x (lo THRU hi)``); lo == hi for one value."""

    low: float | str
    high: float | str


@dataclass(frozen=True)
class ColumnInfo:
    """One column of a microdata file.

    Attributes:
        name: Column name as in the file.
        label: Variable label, or None.
        kind: ``numeric`` or ``text`` (as stored).
        display_format: SPSS/Stata display format (``F8.2``, ``%td``), or None.
        value_labels: Value label per code value (value as text, see the module docstring).
        user_missing: Discrete user-missing values as text (SPSS) or tags (Stata ``.a``).
        missing_ranges: User-missing ranges (SPSS).
        is_date: True when the display format is a date, time or datetime.
    """

    name: str
    label: str | None = None
    kind: str = "numeric"
    display_format: str | None = None
    value_labels: dict[str, str] = field(default_factory=dict)
    user_missing: tuple[str, ...] = ()
    missing_ranges: tuple[MissingRange, ...] = ()
    is_date: bool = False

    def is_missing(self, value: str) -> bool:
        """True when ``value`` (as text) is user-missing, or a Stata extended missing ``.a``."""
        if value in self.user_missing:
            return True
        if len(value) == 2 and value[0] == "." and value[1].isalpha():
            return True
        try:
            number = float(value)
        except ValueError:
            return False
        return any(
            isinstance(r.low, float) and isinstance(r.high, float) and r.low <= number <= r.high
            for r in self.missing_ranges
        )


@dataclass(frozen=True)
class MicrodataInfo:
    """What a microdata file holds, without its data.

    Attributes:
        path: The file.
        format: Its format.
        columns: The columns, in file order.
        row_count: Number of records.
        file_label: The file label, if any.
        encoding: The character encoding the file declares, if any.
        issues: Findings about the file (e.g. dates out of range).
    """

    path: Path
    format: MicrodataFormat
    columns: tuple[ColumnInfo, ...]
    row_count: int
    file_label: str | None = None
    encoding: str | None = None
    issues: tuple[Issue, ...] = ()

    def column(self, name: str) -> ColumnInfo | None:
        """The column with this name, or None."""
        for c in self.columns:
            if c.name == name:
                return c
        return None

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in order."""
        return tuple(c.name for c in self.columns)


def value_text(value: object) -> str:
    """A stored value as code text: ``7.0`` -> ``"7"``, None/NaN -> ``""``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def detect_microdata_format(path: str | Path) -> MicrodataFormat:
    """The format of a microdata file, by its suffix.

    Raises:
        UnsupportedFormatError: When the suffix is not one of :data:`MICRODATA_SUFFIXES`.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in _SUFFIXES:
        raise UnsupportedFormatError(
            f"not a microdata file ({suffix or 'no suffix'})",
            path=path,
            hint="use .sav, .zsav, .por, .dta, .csv or .parquet",
        )
    return _SUFFIXES[suffix]


def _existing(path: str | Path) -> Path:
    p = Path(path)
    if not p.is_file():
        raise InputError("file not found", path=p, hint="check the path")
    return p


def _readstat_error(path: Path, exc: Exception) -> InputError:
    return InputError(
        f"could not read the file: {exc}",
        path=path,
        hint="is it a valid SPSS/Stata file? Re-save it from the statistical package",
    )


def _read_stat(fmt: MicrodataFormat, path: Path, **kw: Any) -> tuple[pd.DataFrame, Any]:
    reader = _READERS[fmt]
    if fmt is not MicrodataFormat.SPSS_PORTABLE:
        kw.setdefault("user_missing", True)
    try:
        return reader(str(path), **kw)  # type: ignore[no-any-return]
    except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, UnicodeDecodeError) as exc:
        raise _readstat_error(path, exc) from exc


def _label_key(value: object, stata_tag: bool) -> str:
    if stata_tag and isinstance(value, str):
        return "." + value
    return value_text(value)


def _stat_columns(fmt: MicrodataFormat, meta: Any) -> tuple[ColumnInfo, ...]:
    labels = list(meta.column_labels or [])
    columns: list[ColumnInfo] = []
    stata = fmt is MicrodataFormat.STATA
    for i, name in enumerate(meta.column_names):
        rs_type = (meta.readstat_variable_types or {}).get(name, "double")
        kind = "text" if rs_type == "string" else "numeric"
        display = (meta.original_variable_types or {}).get(name)
        value_labels = {
            _label_key(k, stata and kind == "numeric"): str(v)
            for k, v in (meta.variable_value_labels or {}).get(name, {}).items()
        }
        ranges: list[MissingRange] = []
        discrete: list[str] = []
        for r in (meta.missing_ranges or {}).get(name, []):
            lo, hi = r["lo"], r["hi"]
            if lo == hi:
                discrete.append(value_text(lo))
            else:
                ranges.append(
                    MissingRange(
                        float(lo) if isinstance(lo, int | float) else str(lo),
                        float(hi) if isinstance(hi, int | float) else str(hi),
                    )
                )
        for tag in (meta.missing_user_values or {}).get(name, []):
            text = "." + str(tag) if stata else value_text(tag)
            if text not in discrete:
                discrete.append(text)
        label = labels[i] if i < len(labels) else None
        columns.append(
            ColumnInfo(
                name=name,
                label=label or None,
                kind=kind,
                display_format=display,
                value_labels=value_labels,
                user_missing=tuple(discrete),
                missing_ranges=tuple(ranges),
                is_date=bool(display)
                and str(display).upper().startswith(tuple(p.upper() for p in _DATE_PREFIXES)),
            )
        )
    return tuple(columns)


def _date_issues(fmt: MicrodataFormat, path: Path, columns: Sequence[ColumnInfo]) -> list[Issue]:
    issues: list[Issue] = []
    for col in columns:
        if not col.is_date or col.kind != "numeric":
            continue
        try:
            for _ in pyreadstat.read_file_in_chunks(
                _READERS[fmt], str(path), chunksize=100_000, usecols=[col.name]
            ):
                pass
        except (OverflowError, ValueError) as exc:
            issues.append(
                Issue(
                    code="microdata-date-out-of-range",
                    severity=Severity.WARNING,
                    message=f"column {col.name} ({col.display_format}) holds a date outside the "
                    f"representable range ({exc}); its values are kept as stored numbers",
                    location=Location(file=str(path), column=col.name),
                    hint="check the date values in the statistical package",
                )
            )
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError) as exc:
            raise _readstat_error(path, exc) from exc
    return issues


def _csv_names(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh), None)
    except UnicodeDecodeError as exc:
        raise InputError(
            "the CSV file is not UTF-8", path=path, line=1, hint="save it as UTF-8"
        ) from exc
    if not header:
        raise InputError("the CSV file is empty", path=path, line=1, hint="add a header row")
    return header


def _csv_options(path: Path, columns: Sequence[str] | None) -> dict[str, Any]:
    names = _csv_names(path)
    return {
        "read_options": pacsv.ReadOptions(block_size=1 << 22),
        "convert_options": pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names},
            include_columns=list(columns) if columns is not None else None,
            null_values=[""],
            strings_can_be_null=True,
        ),
    }


def read_microdata_info(path: str | Path) -> MicrodataInfo:
    """Read the description of a microdata file (its data is only streamed to count rows).

    Args:
        path: A .sav, .zsav, .por, .dta, .csv or .parquet file.

    Returns:
        Columns with labels, value labels and user-missing values, and the row count.

    Raises:
        InputError: When the file does not exist or cannot be read.
        UnsupportedFormatError: When the suffix is not a microdata format.
    """
    fmt = detect_microdata_format(path)
    p = _existing(path)
    if fmt in _READERS:
        _, meta = _read_stat(fmt, p, metadataonly=True)
        columns = _stat_columns(fmt, meta)
        rows = meta.number_rows
        if rows is None or rows < 0:
            first = [columns[0].name] if columns else None
            rows = sum(b.num_rows for b in iter_microdata_batches(p, columns=first))
        return MicrodataInfo(
            path=p,
            format=fmt,
            columns=columns,
            row_count=int(rows),
            file_label=meta.file_label or None,
            encoding=meta.file_encoding or None,
            issues=tuple(_date_issues(fmt, p, columns)),
        )
    if fmt is MicrodataFormat.PARQUET:
        try:
            pf = pq.ParquetFile(p)
        except (pa.ArrowInvalid, OSError) as exc:
            raise InputError(f"could not read the Parquet file: {exc}", path=p) from exc
        schema = pf.schema_arrow
        columns = tuple(
            ColumnInfo(
                name=f.name,
                kind="text"
                if pa.types.is_string(f.type) or pa.types.is_large_string(f.type)
                else "numeric",
            )
            for f in schema
        )
        return MicrodataInfo(path=p, format=fmt, columns=columns, row_count=pf.metadata.num_rows)
    names = _csv_names(p)
    rows = sum(b.num_rows for b in iter_microdata_batches(p, columns=names[:1]))
    return MicrodataInfo(
        path=p,
        format=fmt,
        columns=tuple(ColumnInfo(name=n, kind="text") for n in names),
        row_count=rows,
        encoding="utf-8",
    )


def _tagged_to_text(series: pd.Series) -> pd.Series:
    def one(v: object) -> str | None:
        if isinstance(v, str):
            return "." + v
        text = value_text(v)
        return text or None

    return series.map(one).astype("string")


def _frame_to_batch(df: pd.DataFrame, meta: Any) -> pa.RecordBatch:
    types = meta.readstat_variable_types or {}
    for name in df.columns:
        if types.get(name, "string") != "string" and df[name].dtype.kind not in "fiub":
            df[name] = _tagged_to_text(df[name])
        elif types.get(name) == "float" and df[name].dtype == np.float64:
            df[name] = df[name].astype(np.float32)  # as stored: Stata float is 4 bytes
    return pa.RecordBatch.from_pandas(df, preserve_index=False)


def _rechunk(batches: Iterator[pa.RecordBatch], size: int) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        for start in range(0, batch.num_rows, size):
            yield batch.slice(start, size)


def iter_microdata_batches(
    path: str | Path, columns: Sequence[str] | None = None, batch_rows: int = 100_000
) -> Iterator[pa.RecordBatch]:
    """Stream a microdata file as record batches of at most ``batch_rows`` rows.

    Args:
        path: A .sav, .zsav, .por, .dta, .csv or .parquet file.
        columns: Columns to read (all when None).
        batch_rows: Largest batch.

    Yields:
        Record batches, codes kept as stored (see the module docstring).

    Raises:
        InputError: When the file cannot be read or a column does not exist.
    """
    fmt = detect_microdata_format(path)
    p = _existing(path)
    if batch_rows < 1:
        raise ValueError("batch_rows must be positive")
    cols = list(columns) if columns is not None else None
    if fmt in _READERS:
        kw: dict[str, Any] = {"disable_datetime_conversion": True}
        if fmt is not MicrodataFormat.SPSS_PORTABLE:
            kw["user_missing"] = True
        if cols is not None:
            kw["usecols"] = cols
        try:
            for df, meta in pyreadstat.read_file_in_chunks(
                _READERS[fmt], str(p), chunksize=batch_rows, **kw
            ):
                yield _frame_to_batch(df, meta)
        except (pyreadstat.ReadstatError, pyreadstat.PyreadstatError, UnicodeDecodeError) as exc:
            raise _readstat_error(p, exc) from exc
        return
    try:
        if fmt is MicrodataFormat.PARQUET:
            yield from pq.ParquetFile(p).iter_batches(batch_size=batch_rows, columns=cols)
            return
        reader = pacsv.open_csv(p, **_csv_options(p, cols))
        yield from _rechunk(iter(reader), batch_rows)
    except (pa.ArrowInvalid, pa.ArrowKeyError, OSError) as exc:
        raise InputError(f"could not read the file: {exc}", path=p) from exc


def value_counts(path: str | Path, columns: Sequence[str]) -> dict[str, dict[str, int]]:
    """Count each code value of some columns, streaming the file.

    Args:
        path: A microdata file.
        columns: The columns to count.

    Returns:
        For each column, the number of records per value as text (``"7"``, ``"98"``, ``".a"``);
        empty / system-missing records under ``""``.

    Raises:
        InputError: When the file cannot be read or a column does not exist.
    """
    present = set(read_column_names(path))
    missing = [c for c in columns if c not in present]
    if missing:
        raise InputError(
            "column(s) not in the file: " + ", ".join(missing),
            path=path,
            hint="check the variable names against the data file",
        )
    parts: dict[str, list[pa.StructArray]] = {c: [] for c in columns}
    single: set[str] = set()
    # larger batches than the streaming default: fewer per-batch count tables to merge
    for batch in iter_microdata_batches(path, columns=columns, batch_rows=COUNT_BATCH_ROWS):
        for name in columns:
            column = batch.column(name)
            if pa.types.is_float32(column.type):
                single.add(name)
            parts[name].append(pc.value_counts(column))
    result: dict[str, dict[str, int]] = {}
    for name, counted in parts.items():
        result[name] = _merge_counts(counted, name in single)
    return result


def _merge_counts(parts: list[pa.StructArray], single: bool) -> dict[str, int]:
    """Sum per-batch value counts (vectorised) and key them by value text."""
    if not parts:
        return {}
    values = pa.chunked_array([p.field("values") for p in parts])
    counts = pa.chunked_array([p.field("counts") for p in parts])
    table = pa.table({"v": values, "n": counts})
    if len(parts) > 1:
        table = table.group_by("v", use_threads=False).aggregate([("n", "sum")])
    count_name = next(c for c in table.column_names if c != "v")
    value_list = table.column("v").to_pylist()
    count_list = table.column(count_name).to_pylist()
    merged: dict[str, int] = {}
    for value, n in zip(value_list, count_list, strict=True):
        # a float32 value prints as the decimal it was typed as (5.1, not 5.099999904632568)
        if single and isinstance(value, float) and not math.isnan(value):
            key = value_text(float(str(np.float32(value))))
        else:
            key = value_text(value)
        merged[key] = merged.get(key, 0) + n
    return merged


def read_column_names(path: str | Path) -> tuple[str, ...]:
    """The column names of a microdata file (cheap: metadata or header only)."""
    fmt = detect_microdata_format(path)
    p = _existing(path)
    if fmt in _READERS:
        _, meta = _read_stat(fmt, p, metadataonly=True)
        return tuple(meta.column_names)
    if fmt is MicrodataFormat.PARQUET:
        try:
            return tuple(pq.ParquetFile(p).schema_arrow.names)
        except (pa.ArrowInvalid, OSError) as exc:
            raise InputError(f"could not read the Parquet file: {exc}", path=p) from exc
    return tuple(_csv_names(p))

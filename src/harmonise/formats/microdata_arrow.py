"""Stream SPSS and Stata microdata as Arrow record batches (pyreadstat, in chunks).

A small stop-gap for the harmonisation engine until ``harmonise.formats.microdata``
(``iter_microdata_batches``) lands: codes are kept as stored (numbers stay numbers, strings stay
strings), user-defined missing values are read as their codes (``user_missing=True``) so the
crosswalk sees them, and the file is never held in memory whole (``chunksize`` rows at a time).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped]
import pyreadstat

from harmonise.errors import InputError

_READERS = {
    ".sav": "read_sav",
    ".zsav": "read_sav",
    ".por": "read_por",
    ".dta": "read_dta",
}


def microdata_format(path: Path) -> str:
    """``spss``, ``stata``, ``csv`` or ``parquet`` from a file's suffix.

    Raises:
        InputError: For any other suffix.
    """
    suffix = path.suffix.lower()
    if suffix in (".sav", ".zsav", ".por"):
        return "spss"
    if suffix == ".dta":
        return "stata"
    if suffix == ".csv":
        return "csv"
    if suffix == ".parquet":
        return "parquet"
    raise InputError(
        f"unsupported microdata format {suffix or '(no suffix)'}",
        path=path,
        hint="use SPSS (.sav/.zsav/.por), Stata (.dta), CSV or Parquet",
    )


def iter_arrow_batches(
    path: Path, batch_rows: int = 100_000
) -> tuple[pa.Schema, Iterator[pa.RecordBatch]]:
    """The schema and a lazy iterator of record batches of an SPSS or Stata file.

    Args:
        path: The .sav/.zsav/.por/.dta file.
        batch_rows: Rows per batch.

    Returns:
        (schema, batches); the first chunk is read to learn the schema.

    Raises:
        InputError: When the file is missing or pyreadstat cannot read it.
    """
    name = _READERS.get(path.suffix.lower())
    if name is None:
        raise InputError("not an SPSS or Stata file", path=path)
    if not path.is_file():
        raise InputError("microdata file not found", path=path)
    reader = getattr(pyreadstat, name)
    try:
        if name == "read_por":
            chunks = pyreadstat.read_file_in_chunks(reader, str(path), chunksize=batch_rows)
        else:
            chunks = pyreadstat.read_file_in_chunks(
                reader, str(path), chunksize=batch_rows, user_missing=True
            )
        first, _meta = next(chunks)
    except StopIteration:
        raise InputError("microdata file has no records", path=path) from None
    except Exception as exc:  # pyreadstat raises its own ReadstatError and others
        raise InputError(f"cannot read microdata: {exc}", path=path) from None
    first_batch = pa.RecordBatch.from_pandas(first, preserve_index=False)
    schema = first_batch.schema

    def batches() -> Iterator[pa.RecordBatch]:
        yield first_batch
        for frame, _m in chunks:
            yield pa.RecordBatch.from_pandas(frame, schema=schema, preserve_index=False)

    return schema, batches()

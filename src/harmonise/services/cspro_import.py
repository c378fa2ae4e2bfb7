"""Use case: import a CSPro dictionary (and its data) into the registry as a DDI-C study version.

``harmonise import cspro`` calls :func:`import_cspro`: read the dictionary
(:mod:`harmonise.formats.cspro`), stream the data file when one is given to count records per
type and compute category frequencies and summary statistics, map everything onto a
:class:`~harmonise.model.MetadataPackage`, and write it as a DDI-C 2.5 codebook to
``registry/studies/<STUDY>/<VERSION>/codebook.xml`` (DESIGN.md §5). Published versions are
immutable (DESIGN.md §2): an existing version folder is never written into; without an explicit
version the next one is taken (``1.0.0`` for a new study, else the latest with its minor part
raised: ``1.0.0`` -> ``1.1.0``).

Statistics (DDI-C ``sumStat``/``catStat``, STANDARDS.md §1.4): ``vald`` counts values that are
neither blank nor a missing code, ``invd`` the rest; coded variables get a frequency per code
(blank counted under the blank NOTAPPL code when the value set has one); numeric variables
without codes get min, max, mean and standard deviation. Id items are counted on the lines of
the first record type of their level, so each line of that record counts once.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from harmonise.config import DEFAULT_AGENCY
from harmonise.errors import InputError
from harmonise.formats.cspro import (
    ColumnStatistics,
    CsproDictionary,
    dictionary_to_package,
    read_cspro_dictionary,
)
from harmonise.formats.cspro.data import DataFindings, iter_cspro_batches, record_layouts
from harmonise.formats.cspro.dictionary import DictionaryItem, IssueSink, canonical_code
from harmonise.formats.cspro.mapping import code_list_of
from harmonise.issues import Report
from harmonise.model import (
    CategoryFrequency,
    DataFile,
    MetadataPackage,
    StudyKind,
    SummaryStatistics,
    Urn,
    safe_id,
    version_key,
)

_VERSION = re.compile(r"[0-9]+(\.[0-9]+)*")


@dataclass
class _Accumulator:
    """Running statistics of one column over streamed batches."""

    item: DictionaryItem
    coded: bool
    missing: frozenset[str]
    counts: Counter[str] = field(default_factory=Counter)
    valid: int = 0
    invalid: int = 0
    total: float = 0.0
    squares: float = 0.0
    low: float | None = None
    high: float | None = None

    n: int = 0

    def add(self, column: pa.Array) -> None:
        """Take one batch of the column into account."""
        nulls = column.null_count
        self.invalid += nulls
        self.valid += len(column) - nulls
        if self.coded or self.missing:
            for entry in pc.value_counts(column).to_pylist():
                value, count = entry["values"], entry["counts"]
                key = "" if value is None else canonical_code(str(value), self.item)
                self.counts[key] += count
        if self.coded or not (
            pa.types.is_integer(column.type) or pa.types.is_floating(column.type)
        ):
            return
        numbers = pc.cast(column, pa.float64())
        missing = [float(v) for v in self.missing if v]
        if missing:
            numbers = numbers.filter(pc.invert(pc.is_in(numbers, value_set=pa.array(missing))))
        used = len(numbers) - numbers.null_count
        if not used:
            return
        self.n += used
        self.total += pc.sum(numbers).as_py() or 0.0
        self.squares += pc.sum(pc.multiply(numbers, numbers)).as_py() or 0.0
        bounds = pc.min_max(numbers).as_py()
        low, high = bounds["min"], bounds["max"]
        self.low = low if self.low is None else min(self.low, low)
        self.high = high if self.high is None else max(self.high, high)

    def result(self, code_values: list[str]) -> ColumnStatistics:
        """Frequencies per code (in code-list order) and summary statistics."""
        missing_hits = sum(self.counts.get(k, 0) for k in self.missing if k != "")
        valid = self.valid - missing_hits
        invalid = self.invalid + missing_hits
        summary: dict[str, float | None] = {"valid": float(valid), "invalid": float(invalid)}
        n = self.n
        if not self.coded and n and self.low is not None:
            mean = self.total / n
            variance = max(0.0, self.squares / n - mean * mean) * n / (n - 1) if n > 1 else 0.0
            summary.update(
                minimum=self.low, maximum=self.high, mean=mean, stdev=math.sqrt(variance)
            )
        frequencies = tuple(
            CategoryFrequency(value=v, frequency=float(self.counts.get(v, 0))) for v in code_values
        )
        return ColumnStatistics(
            frequencies=frequencies if self.coded else (),
            summary=SummaryStatistics(**summary),
        )


@dataclass(frozen=True)
class CsproImportResult:
    """What an import did."""

    package: MetadataPackage
    report: Report
    dictionary: CsproDictionary
    study_id: str
    version: str
    codebook: Path | None = None
    record_counts: dict[str, int] = field(default_factory=dict)


def next_version(study_dir: Path) -> str:
    """The next free version of a study folder: ``1.0.0``, else the latest with minor + 1."""
    if not study_dir.is_dir():
        return "1.0.0"
    versions = [p.name for p in study_dir.iterdir() if p.is_dir() and _VERSION.fullmatch(p.name)]
    if not versions:
        return "1.0.0"
    latest = max(versions, key=version_key)
    parts = [int(p) for p in latest.split(".")] + [0, 0]
    return f"{parts[0]}.{parts[1] + 1}.0"


def build_cspro_package(
    dictionary_path: str | Path,
    *,
    data_path: str | Path | None = None,
    study_id: str | None = None,
    version: str = "1.0.0",
    agency: str = DEFAULT_AGENCY,
    kind: StudyKind = StudyKind.SURVEY,
) -> CsproImportResult:
    """Read a dictionary (and its data) into a package without writing anything.

    Args:
        dictionary_path: The ``.dcf`` file (classic or CSPro 8 JSON).
        data_path: Its fixed-width data file, for counts, frequencies and statistics.
        study_id: The study ID (default: the dictionary name).
        version: Version of the study and of every minted URN.
        agency: Agency of the minted URNs.
        kind: Survey or census.

    Returns:
        The package, every finding, and the number of lines per record type.

    Raises:
        InputError: When a file cannot be read at all.
    """
    dictionary, report = read_cspro_dictionary(dictionary_path)
    key = safe_id(study_id or dictionary.name)
    statistics: dict[str, ColumnStatistics] = {}
    counts: dict[str, int] = {}
    data_file: DataFile | None = None
    if data_path is not None:
        statistics, counts, data_report = _statistics(Path(data_path), dictionary, key, agency)
        report = report.merge(data_report)
        data_file = DataFile(
            id="F1",
            name=Path(data_path).name,
            cases=sum(counts.values()),
            format="CSPro fixed-width text",
        )
    sink = IssueSink(str(dictionary_path))
    package = dictionary_to_package(
        dictionary,
        study_id=key,
        version=version,
        agency=agency,
        kind=kind,
        data_file=data_file,
        statistics=statistics,
        sink=sink,
    )
    report = report.merge(Report.of(sink.issues))
    return CsproImportResult(
        package=package,
        report=report,
        dictionary=dictionary,
        study_id=key,
        version=version,
        record_counts=counts,
    )


def _statistics(
    data_path: Path, dictionary: CsproDictionary, study_key: str, agency: str
) -> tuple[dict[str, ColumnStatistics], dict[str, int], Report]:
    layouts = record_layouts(dictionary)
    # id items are counted on the first record type of their level
    id_home: dict[str, str] = {}
    for level in dictionary.levels:
        if level.records:
            for item in level.id_items:
                id_home.setdefault(item.name, level.records[0].name)
    accumulators: dict[str, _Accumulator] = {}
    code_values: dict[str, list[str]] = {}
    for layout in layouts:
        for column in layout.columns:
            if column.name in accumulators:
                continue
            item = column.item
            values: list[str] = []
            missing: frozenset[str] = frozenset()
            if item.value_sets:
                cl = code_list_of(item.value_sets[0], item, Urn(agency, study_key, "1.0.0"))
                values = list(cl.values)
                missing = frozenset(c.value for c in cl.codes if c.missing)
            code_values[column.name] = values
            coded = any(v not in missing for v in values)
            accumulators[column.name] = _Accumulator(item, coded, missing)
    counts: dict[str, int] = {layout.record.name: 0 for layout in layouts}
    findings = DataFindings(str(data_path))
    for record, batch in iter_cspro_batches(data_path, dictionary, findings):
        counts[record] += batch.num_rows
        for name in batch.schema.names[1:]:
            if name in id_home and id_home[name] != record:
                continue
            accumulators[name].add(batch.column(name))
    stats = {name: acc.result(code_values[name]) for name, acc in accumulators.items()}
    return stats, counts, findings.report()


def import_cspro(
    dictionary_path: str | Path,
    *,
    registry_dir: str | Path,
    data_path: str | Path | None = None,
    study_id: str | None = None,
    version: str | None = None,
    agency: str = DEFAULT_AGENCY,
    kind: StudyKind = StudyKind.SURVEY,
) -> CsproImportResult:
    """Import a CSPro dictionary into the registry as a new study version (DDI-C 2.5).

    Args:
        dictionary_path: The ``.dcf`` file.
        registry_dir: The registry folder (holds ``studies/``).
        data_path: The data file, for record counts, frequencies and statistics.
        study_id: The study ID (default: the dictionary name).
        version: The version to create; it must not exist yet (default: the next free one).
        agency: Agency of the minted URNs.
        kind: Survey or census.

    Returns:
        What was done, including the path of the codebook written.

    Raises:
        InputError: When a file cannot be read, or the version exists already.
    """
    from harmonise.formats.ddi_codebook import write_ddi_codebook

    dictionary, _ = read_cspro_dictionary(dictionary_path)
    key = safe_id(study_id or dictionary.name)
    study_dir = Path(registry_dir) / "studies" / key
    chosen = version or next_version(study_dir)
    if not _VERSION.fullmatch(chosen):
        raise InputError(
            f"{chosen!r} is not a version", hint="write versions as numbers with dots: 1.2.0"
        )
    target = study_dir / chosen
    if target.exists():
        raise InputError(
            f"study {key} version {chosen} exists already; published versions are never "
            "overwritten",
            path=target,
            hint="leave out --version to take the next free version",
        )
    result = build_cspro_package(
        dictionary_path,
        data_path=data_path,
        study_id=key,
        version=chosen,
        agency=agency,
        kind=kind,
    )
    try:
        target.mkdir(parents=True, exist_ok=False)
    except FileExistsError as exc:
        raise InputError(
            f"study {key} version {chosen} was created meanwhile", path=target
        ) from exc
    codebook = target / "codebook.xml"
    write_ddi_codebook(result.package, codebook)
    return CsproImportResult(
        package=result.package,
        report=result.report,
        dictionary=result.dictionary,
        study_id=key,
        version=chosen,
        codebook=codebook,
        record_counts=result.record_counts,
    )

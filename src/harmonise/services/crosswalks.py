"""Crosswalk use cases: new versions, immutable publishing, history and diffs, summaries.

Implements issue 4 part A §1 (versioning) on top of the YAML form in
:mod:`harmonise.formats.crosswalk_file` (DESIGN.md §2 principle 2: a change is a new version, never
an edit in place). Version numbers follow the reason: a conceptual, real-life or code-list change
bumps the major part, a translation or correction the minor part, a typo the patch part.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from harmonise.config import DEFAULT_AGENCY
from harmonise.errors import HarmoniseError, InputError
from harmonise.formats.crosswalk_exports import CodeType, ExportFormat, export_crosswalks
from harmonise.formats.crosswalk_file import (
    crosswalk_file_name,
    crosswalk_file_text,
    load_crosswalks,
    read_crosswalk_file,
)
from harmonise.formats.crosswalk_sheet import (
    SheetLayout,
    SheetMapping,
    crosswalk_from_rows,
    read_long_sheet,
    read_translation_sheet,
)
from harmonise.issues.report import Report
from harmonise.model.crosswalk import (
    Cardinality,
    ChangeReason,
    CodeAssociation,
    Crosswalk,
    CrosswalkVersionInfo,
    HarmonisationStatus,
    association_cardinalities,
    association_statuses,
    crosswalk_status,
)
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn, UrnError, safe_id, version_key


class VersionExistsError(HarmoniseError):
    """Publishing would overwrite or duplicate a published crosswalk version."""


_MAJOR = {
    ChangeReason.CONCEPTUAL_CHANGE,
    ChangeReason.REAL_LIFE_CHANGE,
    ChangeReason.CODE_LIST_CHANGE,
}
_PATCH = {ChangeReason.TYPO}


def next_version(version: str, reason: ChangeReason) -> str:
    """The version after ``version`` for a change of kind ``reason``.

    Args:
        version: A dotted version such as ``1.2.0`` (missing parts count as 0).
        reason: Why the new version is made.

    Returns:
        ``2.0.0`` for a conceptual/real-life/code-list change of ``1.2.3``, ``1.2.4`` for a typo,
        ``1.3.0`` otherwise.
    """
    parts = [*version_key(version), 0, 0][:3]
    if reason in _MAJOR:
        return f"{parts[0] + 1}.0.0"
    if reason in _PATCH:
        return f"{parts[0]}.{parts[1]}.{parts[2] + 1}"
    return f"{parts[0]}.{parts[1] + 1}.0"


_FROZEN_FIELDS = frozenset({"urn", "version_info"})


def new_version(
    crosswalk: Crosswalk,
    changes: Mapping[str, Any],
    author: str,
    reason: ChangeReason,
    note: str | None = None,
    *,
    date: dt.date | None = None,
    version: str | None = None,
) -> Crosswalk:
    """Make the next version of a crosswalk (the given one is left as it is).

    Args:
        crosswalk: The current version.
        changes: New values of Crosswalk fields (e.g. ``{"associations": (...)}``); ``urn`` and
            ``version_info`` are set here and may not be given.
        author: Who made the change.
        reason: Typed reason; decides the version bump when ``version`` is not given.
        note: What changed, in words.
        date: Date of the version (today when omitted); also the new ``issued`` date.
        version: An explicit new version; it must sort after the current one.

    Returns:
        The new version, with ``version_info.previous`` pointing at ``crosswalk.urn``.

    Raises:
        ValueError: ``changes`` names an unknown or reserved field, or ``version`` does not
            come after the current version.
    """
    unknown = set(changes) - set(Crosswalk.model_fields)
    if unknown:
        raise ValueError(f"unknown crosswalk fields: {', '.join(sorted(unknown))}")
    reserved = set(changes) & _FROZEN_FIELDS
    if reserved:
        raise ValueError(f"{', '.join(sorted(reserved))} is set by new_version, not by changes")
    current = crosswalk.urn.version or "1.0.0"
    target = version or next_version(current, reason)
    if crosswalk.urn.version is not None and version_key(target) <= version_key(current):
        raise ValueError(f"new version {target} must come after {current}")
    when = date or dt.date.today()
    data = crosswalk.model_dump()
    data.update(changes)
    data["urn"] = crosswalk.urn.with_version(target)
    data["issued"] = changes.get("issued", when)
    data["version_info"] = CrosswalkVersionInfo(
        author=author, date=when, reason=reason, note=note, previous=crosswalk.urn
    )
    return Crosswalk.model_validate(data)


def publish(crosswalk: Crosswalk, folder: str | Path) -> Path:
    """Write a crosswalk version as a new file in ``folder``; never overwrites.

    Args:
        crosswalk: The version to publish (its URN must carry a version).
        folder: The study version's ``crosswalks/`` folder (created if absent).

    Returns:
        The path written.

    Raises:
        VersionExistsError: A file of that name exists, or another file holds the same URN.
        harmonise.errors.InputError: An existing crosswalk file in the folder cannot be read.
    """
    if crosswalk.urn.version is None:
        raise VersionExistsError(f"{crosswalk.urn} has no version; publish needs a pinned URN")
    root = Path(folder)
    root.mkdir(parents=True, exist_ok=True)
    for existing in load_crosswalks(root):
        if existing.urn == crosswalk.urn:
            raise VersionExistsError(
                f"{crosswalk.urn} is already published in {root}; make a new version instead"
            )
    path = root / crosswalk_file_name(crosswalk)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(crosswalk_file_text(crosswalk))
    except FileExistsError as exc:
        raise VersionExistsError(f"{path} exists; published versions are never edited") from exc
    return path


def history(crosswalks: Iterable[Crosswalk], crosswalk_id: str) -> list[Crosswalk]:
    """Every version of one crosswalk, oldest first.

    Args:
        crosswalks: Any crosswalk versions (e.g. from ``load_crosswalks``).
        crosswalk_id: The ID part of the URN.

    Returns:
        The versions with that ID, sorted by version.
    """
    versions = [cw for cw in crosswalks if cw.urn.id == crosswalk_id]
    return sorted(versions, key=lambda cw: version_key(cw.urn.version or "0"))


def history_of_file(path: str | Path) -> list[Crosswalk]:
    """Every version of the crosswalk in ``path``, from the files in the same folder."""
    file = Path(path)
    crosswalk = read_crosswalk_file(file)
    return history(load_crosswalks(file.parent), crosswalk.urn.id)


class FieldChange(BaseModel):
    """A crosswalk-level field that differs between two versions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    field: str = Field(description="Field name, e.g. target_code_list.")
    before: str | None = Field(description="Old value as text.")
    after: str | None = Field(description="New value as text.")


class CodeChange(BaseModel):
    """How the mapping of one source code changed between two versions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["added", "removed", "changed"] = Field(description="What happened.")
    source: str = Field(description="Source code ('' for rows without source codes).")
    before: str | None = Field(description="Old mapping, as text.")
    after: str | None = Field(description="New mapping, as text.")


class CrosswalkDiff(BaseModel):
    """What changed from one crosswalk version to another."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    old: str = Field(description="URN of the older version.")
    new: str = Field(description="URN of the newer version.")
    fields: tuple[FieldChange, ...] = Field(default=(), description="Changed fields.")
    codes: tuple[CodeChange, ...] = Field(default=(), description="Changed code mappings.")

    @property
    def empty(self) -> bool:
        """True when nothing but the URN and provenance differ."""
        return not self.fields and not self.codes


def _describe_rows(rows: Sequence[CodeAssociation]) -> str:
    parts = []
    for a in rows:
        text = "→ " + (", ".join(a.targets) if a.targets else "(none)") + f" [{a.rule.value}"
        if a.semantic is not None:
            text += f", {a.semantic.value}"
        if a.condition:
            text += f", when {a.condition}"
        if a.expression:
            text += f", = {a.expression}"
        parts.append(text + "]")
    return "; ".join(parts)


def _rows_by_source(crosswalk: Crosswalk) -> dict[str, list[CodeAssociation]]:
    rows: dict[str, list[CodeAssociation]] = {}
    for a in crosswalk.associations:
        for s in a.sources or ("",):
            rows.setdefault(s, []).append(a)
    return rows


_COMPARED_FIELDS = (
    "label",
    "source_variable",
    "source_code_list",
    "target_variable",
    "target_code_list",
    "study",
    "unmatched_targets",
    "comparability",
    "missing_treatment",
)


def _as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def diff(old: Crosswalk, new: Crosswalk) -> CrosswalkDiff:
    """Compare two crosswalk versions field by field and source code by source code.

    Args:
        old: The earlier version.
        new: The later version.

    Returns:
        The differences (provenance fields ``urn``, ``version_info`` and ``issued`` are ignored).
    """
    fields = tuple(
        FieldChange(
            field=name, before=_as_text(getattr(old, name)), after=_as_text(getattr(new, name))
        )
        for name in _COMPARED_FIELDS
        if getattr(old, name) != getattr(new, name)
    )
    before, after = _rows_by_source(old), _rows_by_source(new)
    codes: list[CodeChange] = []
    for source in sorted(set(before) | set(after), key=lambda s: (len(s), s)):
        b = _describe_rows(before[source]) if source in before else None
        a = _describe_rows(after[source]) if source in after else None
        if b == a:
            continue
        kind: Literal["added", "removed", "changed"] = (
            "added" if b is None else "removed" if a is None else "changed"
        )
        codes.append(CodeChange(kind=kind, source=source, before=b, after=a))
    return CrosswalkDiff(old=str(old.urn), new=str(new.urn), fields=fields, codes=tuple(codes))


class CrosswalkSummary(BaseModel):
    """Computed facts about one crosswalk version (for ``crosswalk show`` and the API)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    urn: str = Field(description="The crosswalk version.")
    associations: int = Field(description="Number of associations.")
    source_codes: int = Field(description="Distinct source codes.")
    target_codes: int = Field(description="Distinct target codes reached.")
    unmatched_targets: int = Field(description="Target codes declared unmatched.")
    cardinality: dict[str, int] = Field(description="Associations per computed cardinality.")
    status: dict[str, int] = Field(description="Associations per computed status.")
    overall_status: HarmonisationStatus = Field(description="Roll-up over all source codes.")


def summarize(crosswalk: Crosswalk) -> CrosswalkSummary:
    """Count associations by computed cardinality and status and roll the status up (§6.2–6.3).

    Args:
        crosswalk: The crosswalk version.

    Returns:
        The summary.
    """
    cardinality = Counter(association_cardinalities(crosswalk))
    status = Counter(association_statuses(crosswalk))
    sources = {s for a in crosswalk.associations for s in a.sources}
    targets = {t for a in crosswalk.associations for t in a.targets}
    return CrosswalkSummary(
        urn=str(crosswalk.urn),
        associations=len(crosswalk.associations),
        source_codes=len(sources),
        target_codes=len(targets),
        unmatched_targets=len(crosswalk.unmatched_targets),
        cardinality={c.value: cardinality[c] for c in Cardinality if cardinality[c]},
        status={s.value: status[s] for s in HarmonisationStatus if status[s]},
        overall_status=crosswalk_status(crosswalk),
    )


class SheetImport(BaseModel):
    """How to read a crosswalk sheet and what to call the result (``crosswalk import``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    layout: SheetLayout = Field(default=SheetLayout.LONG, description="long or translation.")
    source: str = Field(default="1", description="Long: source-code column.")
    target: str = Field(default="2", description="Long: target-code column.")
    partial: str | None = Field(default=None, description="Long: partial-flag column.")
    partial_marker: str = Field(default="p", description="Long: the partial flag value.")
    note: str | None = Field(default=None, description="Long: note column.")
    core: str = Field(default="1", description="Translation: core-code column.")
    study: str | None = Field(default=None, description="Translation: the study column.")
    sheet: str | None = Field(default=None, description="Workbook sheet (name or number).")
    source_width: int | None = Field(default=None, description="Zero-pad source codes.")
    target_width: int | None = Field(default=None, description="Zero-pad target codes.")
    urn: str | None = Field(default=None, description="URN of the new crosswalk version.")
    source_variable: str = Field(description="URN of the (pinned) source variable.")
    target_variable: str = Field(description="URN of the (pinned) core variable.")
    source_code_list: str | None = Field(default=None, description="URN of its code list.")
    target_code_list: str | None = Field(default=None, description="URN of the core code list.")
    label: str | None = Field(default=None, description="English title.")
    author: str | None = Field(default=None, description="Who made this version.")
    issued: dt.date | None = Field(default=None, description="Publication date (default today).")


def _pinned(text: str, what: str) -> Urn:
    try:
        urn = Urn.parse(text)
    except UrnError as exc:
        raise InputError(f"{what}: {exc}", hint="give a version-pinned DDI URN") from exc
    return urn


def import_sheet(path: str | Path, spec: SheetImport) -> tuple[Crosswalk, Report]:
    """Read a CSV/XLSX/XLS crosswalk sheet into a new crosswalk version (not yet published).

    Args:
        path: The sheet.
        spec: Layout, columns and the identifiers of the result.

    Returns:
        The crosswalk and a report of every cell that could not be read cleanly.

    Raises:
        InputError: The sheet cannot be read, a column is missing, or a URN is malformed.
    """
    file = Path(path)
    mapping: SheetMapping
    if spec.layout is SheetLayout.LONG:
        mapping, report = read_long_sheet(
            file,
            source=spec.source,
            target=spec.target,
            partial=spec.partial,
            partial_marker=spec.partial_marker,
            note=spec.note,
            sheet=spec.sheet,
            source_width=spec.source_width,
            target_width=spec.target_width,
        )
    else:
        mappings, report = read_translation_sheet(
            file,
            core=spec.core,
            studies=[spec.study] if spec.study else None,
            sheet=spec.sheet,
            core_width=spec.target_width,
            source_width=spec.source_width,
        )
        if len(mappings) != 1:
            names = ", ".join(m.name for m in mappings) or "none"
            raise InputError(
                f"the translation table has {len(mappings)} study columns ({names})",
                path=file,
                hint="choose one with --study",
            )
        mapping = mappings[0]
    today = spec.issued or dt.date.today()
    urn = (
        _pinned(spec.urn, "--urn")
        if spec.urn
        else Urn(DEFAULT_AGENCY, "CW-" + safe_id(file.stem), "1.0.0")
    )
    crosswalk = crosswalk_from_rows(
        mapping.rows,
        urn=urn,
        source_variable=_pinned(spec.source_variable, "--source-variable"),
        target_variable=_pinned(spec.target_variable, "--target-variable"),
        source_code_list=(
            _pinned(spec.source_code_list, "--source-code-list") if spec.source_code_list else None
        ),
        target_code_list=(
            _pinned(spec.target_code_list, "--target-code-list") if spec.target_code_list else None
        ),
        label=LocalizedText({"en": spec.label}) if spec.label else None,
        issued=today,
    )
    if spec.author:
        crosswalk = crosswalk.model_copy(
            update={
                "version_info": CrosswalkVersionInfo(
                    author=spec.author,
                    date=today,
                    reason=ChangeReason.INITIAL,
                    note=f"imported from {file.name}",
                )
            }
        )
    return crosswalk, report


def export_files(
    paths: Sequence[str | Path],
    fmt: ExportFormat | str,
    *,
    source_name: str | None = None,
    target_name: str | None = None,
    source_type: CodeType = "auto",
    target_type: CodeType = "auto",
    table: str = "data",
    iri_base: str | None = None,
) -> bytes:
    """Export crosswalk files (the YAML form) in any export format.

    Args:
        paths: One or more crosswalk files.
        fmt: An :class:`~harmonise.formats.crosswalk_exports.ExportFormat` value.
        source_name: Source variable name in the data (syntax formats).
        target_name: Harmonised variable name (syntax formats).
        source_type: ``auto``, ``numeric`` or ``string`` (syntax formats).
        target_type: Likewise for target codes.
        table: SQL table name.
        iri_base: IRI base for XKOS (default the registry's).

    Returns:
        The exported document.

    Raises:
        InputError: A file cannot be read, or a condition/expression in it is invalid.
    """
    crosswalks = [read_crosswalk_file(p) for p in paths]
    extra: dict[str, Any] = {"iri_base": iri_base} if iri_base else {}
    try:
        return export_crosswalks(
            crosswalks,
            fmt,
            source_name=source_name,
            target_name=target_name,
            source_type=source_type,
            target_type=target_type,
            table=table,
            **extra,
        )
    except ValueError as exc:
        raise InputError(f"cannot export: {exc}", path=str(paths[0]) if paths else None) from exc


__all__ = [
    "CodeChange",
    "CrosswalkDiff",
    "CrosswalkSummary",
    "FieldChange",
    "SheetImport",
    "VersionExistsError",
    "diff",
    "export_files",
    "history",
    "history_of_file",
    "import_sheet",
    "new_version",
    "next_version",
    "publish",
    "summarize",
]

"""The ``inspect`` use case: what a newcomer wants to know about any registry file.

Issue 3 §9 ("harmonise inspect summarises each file"). DDI files and CSPro ``.dcf`` dictionaries
are detected (:mod:`harmonise.formats.detect`) and read through
:func:`~harmonise.formats.detect.read_metadata`; the summary gives the study, the counts of
variables, questions, categories and languages, and every finding. Other registry files get a
short summary in the same shape:

* microdata (``.sav`` ``.zsav`` ``.por`` ``.dta`` ``.parquet``, :mod:`harmonise.formats.microdata`):
  ``counts`` holds ``variables`` (columns), ``questions`` 0, ``categories`` (value labels),
  ``languages`` 0, ``rows``, ``labelled_variables`` (with a variable label),
  ``variables_with_value_labels``, ``value_labels`` and ``user_missing`` (columns with
  user-missing values or ranges);
* crosswalk YAML (``format: harmonise-crosswalk/...``): associations, source and target codes,
  unmatched targets, and the rolled-up status in ``details``;
* figure definitions (registry/figures/*.yaml): studies, breakdowns, the indicator in ``details``;
* the programme settings (registry/programme.yaml): agency, countries, modules, languages;
* SKOS/XKOS vocabularies (``.ttl`` ``.rdf`` ``.nt`` ``.jsonld``): concept schemes, concepts,
  code lists and categories.

The same :class:`Inspection` feeds the rich table and the ``--json`` document of the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harmonise.errors import UnsupportedFormatError
from harmonise.formats.crosswalk_file import read_crosswalk_file
from harmonise.formats.detect import describe_format, read_metadata
from harmonise.formats.figure_definition import read_figure_definition
from harmonise.formats.microdata import read_microdata_info
from harmonise.formats.skos import read_skos
from harmonise.issues import Issue, Report
from harmonise.model import MetadataPackage
from harmonise.model.crosswalk import crosswalk_status
from harmonise.services.registry import read_programme

MICRODATA_SUFFIXES = frozenset({".sav", ".zsav", ".por", ".dta", ".parquet"})
"""Files summarised as microdata."""

SKOS_SUFFIXES = frozenset({".ttl", ".rdf", ".owl", ".nt", ".jsonld"})
"""Files summarised as SKOS/XKOS vocabularies."""

YAML_SUFFIXES = frozenset({".yaml", ".yml"})
"""Files summarised as crosswalks or figure definitions (by their content)."""

_YAML_HEAD_BYTES = 8192


class StudySummary(BaseModel):
    """The study a file describes, in brief."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    urn: str = Field(description="DDI URN of the study.")
    title: str = Field(default="", description="Title (English when available).")
    identifiers: list[str] = Field(default_factory=list, description="IDNo values.")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code.")
    year: int | None = Field(default=None, description="Reference year.")
    version: str | None = Field(default=None, description="Version statement.")


class Inspection(BaseModel):
    """Everything ``harmonise inspect`` reports about one file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str = Field(description="The file as given.")
    format: str = Field(description="Detected source format, e.g. ddi-codebook-2.5.")
    version: str | None = Field(default=None, description="Version the document declares.")
    root: str = Field(default="", description="Root element of the document.")
    agency: str | None = Field(default=None, description="Agency of the package's URNs.")
    study: StudySummary | None = Field(default=None, description="The study, if any.")
    counts: dict[str, int] = Field(description="variables, questions, categories, languages...")
    languages: list[str] = Field(default_factory=list, description="Language tags used.")
    details: dict[str, str] = Field(
        default_factory=dict,
        description="Further facts for files that are not DDI (e.g. a crosswalk's variables).",
    )
    report: Report = Field(description="Findings of the reader.")

    @property
    def exit_code(self) -> int:
        """0 when read cleanly (warnings allowed), 1 when the report holds errors."""
        return 0 if self.report.valid else 1

    def to_json(self) -> dict[str, Any]:
        """The ``--json`` document (``counts`` holds variables/questions/categories/languages)."""
        return {
            "file": self.file,
            "format": self.format,
            "version": self.version,
            "root": self.root,
            "agency": self.agency,
            "study": self.study.model_dump() if self.study else None,
            "counts": dict(self.counts),
            "languages": list(self.languages),
            "details": dict(self.details),
            "valid": self.report.valid,
            "issue_counts": self.report.counts(),
            "issues": [issue.model_dump(mode="json") for issue in self.report.issues],
        }


def summarise(path: str | Path, package: MetadataPackage, report: Report) -> Inspection:
    """Summarise an already-read package (used by :func:`inspect_file`)."""
    info = describe_format(path)
    study = package.study
    summary = None
    if study is not None:
        summary = StudySummary(
            urn=str(study.urn),
            title=study.title.best(("en", "es", "sq")),
            identifiers=list(dict.fromkeys(i.value for i in study.identifiers)),
            country=study.country,
            year=study.year,
            version=study.version,
        )
    return Inspection(
        file=str(path),
        format=package.source_format.value,
        version=info.version,
        root=info.root,
        agency=package.agency,
        study=summary,
        counts=package.counts(),
        languages=list(package.languages),
        report=report,
    )


def _inspect_microdata(path: Path) -> Inspection:
    info = read_microdata_info(path)
    value_labels = sum(len(c.value_labels) for c in info.columns)
    details = {"file label": info.file_label or "", "encoding": info.encoding or ""}
    return Inspection(
        file=str(path),
        format=info.format.value,
        counts={
            "variables": len(info.columns),
            "questions": 0,
            "categories": value_labels,
            "languages": 0,
            "rows": info.row_count,
            "labelled_variables": sum(1 for c in info.columns if c.label),
            "variables_with_value_labels": sum(1 for c in info.columns if c.value_labels),
            "value_labels": value_labels,
            "user_missing": sum(1 for c in info.columns if c.user_missing or c.missing_ranges),
        },
        details={k: v for k, v in details.items() if v},
        report=Report.of(info.issues, [str(path)]),
    )


def _inspect_crosswalk(path: Path) -> Inspection:
    crosswalk = read_crosswalk_file(path)
    sources = {s for a in crosswalk.associations for s in a.sources}
    targets = {t for a in crosswalk.associations for t in a.targets}
    details = {
        "crosswalk": str(crosswalk.urn),
        "title": crosswalk.label.best(("en", "es", "sq")),
        "source variable": str(crosswalk.source_variable),
        "target variable": str(crosswalk.target_variable),
        "status": crosswalk_status(crosswalk).value,
    }
    if crosswalk.version_info is not None and crosswalk.version_info.previous is not None:
        details["revises"] = str(crosswalk.version_info.previous)
    return Inspection(
        file=str(path),
        format="harmonise-crosswalk",
        agency=crosswalk.urn.agency,
        counts={
            "associations": len(crosswalk.associations),
            "source_codes": len(sources),
            "target_codes": len(targets),
            "unmatched_targets": len(crosswalk.unmatched_targets),
            "languages": len([t for t in crosswalk.label.languages if t]),
        },
        languages=sorted(t for t in crosswalk.label.languages if t),
        details={k: v for k, v in details.items() if v},
        report=Report.of([], [str(path)]),
    )


def _inspect_figure(path: Path) -> Inspection:
    figure = read_figure_definition(path)
    details = {
        "figure": str(figure.urn),
        "title": figure.title.best(("en", "es", "sq")),
        "indicator": figure.indicator.type.value
        + (f": {figure.indicator.expression}" if figure.indicator.expression else ""),
        "universe": figure.universe or "",
        "weight": figure.weight or "",
        "study IDs": ", ".join(figure.studies),
    }
    return Inspection(
        file=str(path),
        format="harmonise-figure",
        agency=figure.agency,
        counts={
            "studies": len(figure.studies),
            "breakdowns": len(figure.breakdowns),
            "languages": len([t for t in figure.title.languages if t]),
        },
        languages=sorted(t for t in figure.title.languages if t),
        details={k: v for k, v in details.items() if v},
        report=Report.of([], [str(path)]),
    )


def _inspect_programme(path: Path) -> Inspection:
    issues: list[Issue] = []
    data = read_programme(path.parent, issues)
    countries = data.get("countries") or []
    languages = [str(x) for x in data.get("languages") or []]
    title = data.get("title")
    details = {
        "agency": str(data.get("agency") or ""),
        "IRI base": str(data.get("iri_base") or ""),
        "title": str(title.get("en", "")) if isinstance(title, dict) else str(title or ""),
        "studies": ", ".join(
            str(c.get("study", "")) for c in countries if isinstance(c, dict) and c.get("study")
        ),
    }
    return Inspection(
        file=str(path),
        format="harmonise-programme",
        agency=str(data["agency"]) if data.get("agency") else None,
        counts={
            "countries": len(countries),
            "modules": len(data.get("modules") or []),
            "languages": len(languages),
        },
        languages=languages,
        details={k: v for k, v in details.items() if v},
        report=Report.of(issues, [str(path)]),
    )


def _inspect_yaml(path: Path) -> Inspection:
    try:
        with path.open("rb") as handle:
            head = handle.read(_YAML_HEAD_BYTES).decode("utf-8", errors="replace")
    except OSError as exc:
        raise UnsupportedFormatError(f"cannot open file: {exc.strerror}", path=path) from exc
    keys = {line.split(":", 1)[0].strip() for line in head.splitlines() if ":" in line}
    if "format" in keys and "harmonise-crosswalk/" in head:
        return _inspect_crosswalk(path)
    if "indicator" in keys:
        return _inspect_figure(path)
    if path.name == "programme.yaml":
        return _inspect_programme(path)
    raise UnsupportedFormatError(
        "this YAML file is neither a harmonise crosswalk, a figure definition nor programme.yaml",
        path=path,
        hint="a crosswalk starts with 'format: harmonise-crosswalk/1'; a figure definition "
        "has an 'indicator' key",
    )


def _inspect_skos(path: Path) -> Inspection:
    content, report = read_skos(path)
    languages: set[str] = set()
    for scheme in content.concept_schemes:
        languages.update(scheme.label.languages)
        for concept in scheme.concepts:
            languages.update(concept.label.languages)
    for code_list in content.code_lists:
        languages.update(code_list.languages)
    languages.discard("")
    return Inspection(
        file=str(path),
        format="skos",
        counts={
            "concept_schemes": len(content.concept_schemes),
            "concepts": sum(len(s.concepts) for s in content.concept_schemes)
            + len(content.concepts),
            "code_lists": len(content.code_lists),
            "categories": sum(len(c.codes) for c in content.code_lists),
            "languages": len(languages),
        },
        languages=sorted(languages),
        report=report,
    )


def inspect_file(path: str | Path) -> Inspection:
    """Detect, read and summarise one registry file.

    Args:
        path: A DDI-Codebook or DDI-Lifecycle file, a CSPro dictionary, a microdata file, a
            crosswalk or figure definition YAML file, or a SKOS vocabulary.

    Returns:
        The inspection.

    Raises:
        InputError: When the file cannot be read (also when it is none of these formats).
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix in MICRODATA_SUFFIXES:
        return _inspect_microdata(file)
    if suffix in YAML_SUFFIXES:
        return _inspect_yaml(file)
    if suffix in SKOS_SUFFIXES:
        return _inspect_skos(file)
    package, report = read_metadata(path)
    return summarise(path, package, report)

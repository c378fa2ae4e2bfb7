"""The ``inspect`` use case: what a newcomer wants to know about any DDI file.

Detects the format and version (:mod:`harmonise.formats.detect`), reads the file through
:func:`~harmonise.formats.detect.read_metadata` (DDI-Codebook or DDI-Lifecycle), and summarises
the study, the counts of variables, questions, categories and languages, and every finding.
The same :class:`Inspection` feeds the rich table and the ``--json`` document of the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from harmonise.formats.detect import describe_format, read_metadata
from harmonise.issues import Report
from harmonise.model import MetadataPackage


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


def inspect_file(path: str | Path) -> Inspection:
    """Detect, read and summarise one DDI file.

    Args:
        path: A DDI-Codebook or DDI-Lifecycle file.

    Returns:
        The inspection.

    Raises:
        InputError: When the file cannot be read (also when it is not DDI, or its reader is
            not available yet).
    """
    package, report = read_metadata(path)
    return summarise(path, package, report)

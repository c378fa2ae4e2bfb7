"""Issues and reports.

A report collects every finding of one run so that a data producer sees all problems at once.
Modelled on the error-catalogue idea of frictionless (stable codes, ``flatten`` for one-line test
assertions), written for this project.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

_CODE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class Severity(StrEnum):
    """How serious a finding is. ``error`` makes ``harmonise validate`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Sort key: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Location(BaseModel):
    """Where a finding is: any of file, line, column, row, XPath or URN."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    file: str | None = Field(default=None, description="File path as given by the user.")
    line: int | None = Field(default=None, description="1-based line in the file.")
    column: str | None = Field(default=None, description="Column name or letter in a sheet.")
    row: int | None = Field(default=None, description="1-based row in a sheet or table.")
    xpath: str | None = Field(default=None, description="XPath of the element concerned.")
    urn: str | None = Field(default=None, description="DDI URN of the item concerned.")

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file + (f":{self.line}" if self.line else ""))
        elif self.line:
            parts.append(f"line {self.line}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        if self.xpath:
            parts.append(self.xpath)
        if self.urn:
            parts.append(self.urn)
        return ", ".join(parts)


class Issue(BaseModel):
    """One finding."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(description="Stable kebab-case rule code, never reused.")
    severity: Severity = Field(description="error, warning or info.")
    message: str = Field(description="What is wrong, in plain words.")
    location: Location = Field(default_factory=Location, description="Where it is.")
    hint: str | None = Field(default=None, description="What to do about it.")

    @field_validator("code")
    @classmethod
    def _kebab(cls, value: str) -> str:
        if not _CODE.fullmatch(value):
            raise ValueError(f"issue code must be kebab-case, got {value!r}")
        return value

    def get(self, dotted: str) -> Any:
        """Return a field by dotted path, e.g. ``"location.line"``."""
        value: Any = self
        for part in dotted.split("."):
            value = getattr(value, part)
        return value.value if isinstance(value, Severity) else value


class Report(BaseModel):
    """Every finding of one run over one or more inputs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    issues: tuple[Issue, ...] = Field(default=(), description="The findings, in order found.")
    inputs: tuple[str, ...] = Field(default=(), description="What was examined.")

    @property
    def valid(self) -> bool:
        """True when no finding is at error level."""
        return not any(i.severity is Severity.ERROR for i in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        """The error-level findings."""
        return tuple(i for i in self.issues if i.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        """The warning-level findings."""
        return tuple(i for i in self.issues if i.severity is Severity.WARNING)

    def __iter__(self) -> Iterator[Issue]:  # type: ignore[override]
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def counts(self) -> dict[str, int]:
        """Number of findings per severity (all three keys present)."""
        c = Counter(i.severity.value for i in self.issues)
        return {s.value: c.get(s.value, 0) for s in Severity}

    def by_code(self) -> dict[str, int]:
        """Number of findings per rule code."""
        return dict(Counter(i.code for i in self.issues))

    def flatten(self, spec: Sequence[str] = ("code",)) -> list[Any]:
        """Flatten the findings for a one-line assertion.

        Args:
            spec: Dotted field names, e.g. ``["code", "location.row"]``.

        Returns:
            One value per issue when ``spec`` has one name, else one list per issue.
        """
        if len(spec) == 1:
            return [i.get(spec[0]) for i in self.issues]
        return [[i.get(s) for s in spec] for i in self.issues]

    def sorted(self) -> Report:
        """The same report with errors first, then by file and line."""
        key = lambda i: (  # noqa: E731
            i.severity.rank,
            i.location.file or "",
            i.location.line or 0,
            i.location.row or 0,
        )
        return Report(issues=tuple(sorted(self.issues, key=key)), inputs=self.inputs)

    def merge(self, *others: Report) -> Report:
        """A report holding this report's findings followed by the others'."""
        issues = list(self.issues)
        inputs = list(self.inputs)
        for other in others:
            issues.extend(other.issues)
            inputs.extend(x for x in other.inputs if x not in inputs)
        return Report(issues=tuple(issues), inputs=tuple(inputs))

    @classmethod
    def of(cls, issues: Iterable[Issue], inputs: Iterable[str] = ()) -> Report:
        """Build a report from any iterable of issues."""
        return cls(issues=tuple(issues), inputs=tuple(inputs))

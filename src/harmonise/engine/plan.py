"""The compiled harmonisation plan: an explicit, engine-neutral object.

A plan says, for one study, how each core (harmonised) column is produced from the study's
microdata: through a **mapping table** joined on the source code (the relational form of a
recode crosswalk), a **case** list (case-when rules and numeric recodes, as safe expressions),
a **copy** (direct rule) or **nothing** (an impossible mapping). DuckDB executes it today
(:mod:`harmonise.engine.duckdb_runner`); Spark could execute the same object tomorrow
(docs/spark.md). It holds text and codes only, never SQL.

Follows the Maelstrom rule categories (STANDARDS.md §6.1) and the SDR control-variable idea: each
harmonised column can carry its source variable, rule type and status alongside.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from harmonise.model.base import DomainModel
from harmonise.model.crosswalk import HarmonisationStatus, RuleType
from harmonise.model.urn import Urn


class ColumnKind(StrEnum):
    """How a harmonised column is produced."""

    LOOKUP = "lookup"
    CASE = "case"
    COPY = "copy"
    NOTHING = "nothing"


class ValueType(StrEnum):
    """The type of a harmonised column."""

    INTEGER = "integer"
    DOUBLE = "double"
    TEXT = "text"


class MappingRow(DomainModel):
    """One source code and what it becomes."""

    source: str = Field(description="Source code value as text.")
    target: str | None = Field(description="Target code value, None when it maps to nothing.")
    rule: RuleType = Field(description="Rule type of the association.")
    status: HarmonisationStatus = Field(description="Status of the association.")


class CaseBranch(DomainModel):
    """One ``WHEN`` of a case list; the first matching branch wins."""

    sources: tuple[str, ...] = Field(default=(), description="Source codes; empty = any value.")
    condition: str | None = Field(default=None, description="Extra condition (safe expression).")
    target: str | None = Field(default=None, description="Constant target code.")
    expression: str | None = Field(default=None, description="Computed target (safe expression).")
    rule: RuleType = Field(description="Rule type.")
    status: HarmonisationStatus = Field(description="Status of the association.")


class ColumnPlan(DomainModel):
    """How one harmonised column is produced from one source column."""

    target: str = Field(description="Core variable name (output column).")
    target_type: ValueType = Field(description="Output type.")
    source: str = Field(description="Source column name in the study's data.")
    kind: ColumnKind = Field(description="lookup, case, copy or nothing.")
    mapping: tuple[MappingRow, ...] = Field(default=(), description="Rows of a lookup.")
    branches: tuple[CaseBranch, ...] = Field(default=(), description="Branches of a case.")
    crosswalk: Urn = Field(description="Crosswalk version it comes from.")
    source_variable: Urn = Field(description="Source variable URN.")
    target_variable: Urn = Field(description="Core variable URN.")
    status: HarmonisationStatus = Field(description="Crosswalk status (before data).")
    source_missing: tuple[str, ...] = Field(default=(), description="Declared missing codes.")
    value_labels: tuple[tuple[str, str], ...] = Field(
        default=(), description="(core code, English or first label) pairs."
    )

    @property
    def covered_sources(self) -> frozenset[str] | None:
        """Source codes the plan covers; None when any value is covered or none needs to be.

        A copy or an open case branch takes any value; a column that is impossible throughout
        (``nothing``) is already reported as such, so its codes are not checked one by one.
        """
        if self.kind in (ColumnKind.COPY, ColumnKind.NOTHING):
            return None
        if self.kind is ColumnKind.LOOKUP:
            return frozenset(r.source for r in self.mapping)
        if self.kind is ColumnKind.CASE and any(not b.sources for b in self.branches):
            return None
        return frozenset(s for b in self.branches for s in b.sources)


class HarmonisationPlan(DomainModel):
    """Everything needed to harmonise one study's microdata."""

    study: str = Field(description="Study ID, e.g. ECU-2025.")
    version: str = Field(description="Study version.")
    country: str = Field(description="ISO 3166-1 alpha-3, written to the country column.")
    columns: tuple[ColumnPlan, ...] = Field(default=(), description="One per core variable.")

    @property
    def source_columns(self) -> tuple[str, ...]:
        """The source columns the plan reads, without repeats."""
        return tuple(dict.fromkeys(c.source for c in self.columns))

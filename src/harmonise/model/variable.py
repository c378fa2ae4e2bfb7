"""Variables with their statistics, and core variables.

DDI-C ``var``; DDI-L ``l:Variable`` and ``l:RepresentedVariable`` (STANDARDS.md §1.4, §2.7).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from harmonise.model.base import DomainModel
from harmonise.model.question import Universe
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn


class RepresentationKind(StrEnum):
    """How a variable's values are represented (DDI-C ``representationType``)."""

    CODE = "code"
    NUMERIC = "numeric"
    TEXT = "text"
    DATETIME = "datetime"
    OTHER = "other"


class SummaryStatistics(DomainModel):
    """Summary statistics (DDI-C ``sumStat`` types; values kept as written)."""

    valid: float | None = Field(default=None, description="Number of valid cases (vald).")
    invalid: float | None = Field(default=None, description="Number of invalid cases (invd).")
    minimum: float | None = Field(default=None, description="Minimum (min).")
    maximum: float | None = Field(default=None, description="Maximum (max).")
    mean: float | None = Field(default=None, description="Mean (mean).")
    median: float | None = Field(default=None, description="Median (medn).")
    mode: float | None = Field(default=None, description="Mode (mode).")
    stdev: float | None = Field(default=None, description="Standard deviation (stdev).")

    def __bool__(self) -> bool:
        return any(v is not None for v in self.model_dump().values())


class CategoryFrequency(DomainModel):
    """How often a code occurs (DDI-C ``catStat type="freq"``)."""

    value: str = Field(description="The code value.")
    frequency: float = Field(description="Count (or weighted count).")
    weighted: bool = Field(default=False, description="True when weighted.")


class DataLocation(DomainModel):
    """Where a variable sits in a fixed-width record (DDI-C ``location``)."""

    start: int | None = Field(default=None, description="1-based start position.")
    end: int | None = Field(default=None, description="1-based end position.")
    width: int | None = Field(default=None, description="Width in characters.")
    record_type: str | None = Field(default=None, description="Record type, e.g. CSPro PERSON.")


class Variable(DomainModel):
    """A variable of a data file, with its question, code list and statistics."""

    urn: Urn = Field(description="DDI URN of the variable.")
    name: str = Field(description="Short name as in the data file, e.g. ``p03``.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="Label per language.")
    question: Urn | None = Field(default=None, description="The question that measured it.")
    code_list: Urn | None = Field(default=None, description="Its code list, if coded.")
    representation: RepresentationKind = Field(
        default=RepresentationKind.OTHER, description="How values are represented."
    )
    decimals: int | None = Field(default=None, description="Decimal places.")
    interval: str | None = Field(default=None, description="``discrete`` or ``contin``.")
    minimum: float | None = Field(default=None, description="Smallest valid value (valrng).")
    maximum: float | None = Field(default=None, description="Largest valid value (valrng).")
    universe: Universe | None = Field(default=None, description="Who the variable covers.")
    concepts: tuple[Urn, ...] = Field(default=(), description="Concepts it measures.")
    concept_labels: tuple[str, ...] = Field(
        default=(), description="Concept names as written inline (DDI-C ``concept``)."
    )
    files: tuple[str, ...] = Field(default=(), description="IDs of the data files holding it.")
    location: DataLocation | None = Field(default=None, description="Fixed-width position.")
    statistics: SummaryStatistics = Field(
        default_factory=SummaryStatistics, description="Summary statistics."
    )
    frequencies: tuple[CategoryFrequency, ...] = Field(
        default=(), description="Category frequencies."
    )
    is_weight: bool = Field(default=False, description="True for a weight variable.")
    weight_variable: str | None = Field(default=None, description="Name of its weight variable.")
    notes: LocalizedText = Field(default_factory=LocalizedText, description="Notes.")
    derivation: LocalizedText = Field(
        default_factory=LocalizedText, description="How it was derived (DDI-C drvdesc)."
    )
    source_variable: Urn | None = Field(
        default=None, description="The variable it was derived from (DDI-L SourceVariable)."
    )
    represented_variable: Urn | None = Field(
        default=None, description="The core variable it instantiates (RepresentedVariable)."
    )
    study: Urn | None = Field(default=None, description="The study it belongs to.")

    def frequency(self, value: str) -> float | None:
        """The frequency recorded for a code value, if any."""
        for f in self.frequencies:
            if f.value == value and not f.weighted:
                return f.frequency
        return None


class CoreVariable(Variable):
    """A variable of the programme's common core (a DDI-L RepresentedVariable)."""

    module: str | None = Field(default=None, description="Core module, e.g. ``MIG``.")

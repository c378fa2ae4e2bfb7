"""Published figures: their definition over core variables, their values and lineage refs.

A figure definition (``registry/figures/<ID>.yaml``, contracts "Figure definition YAML") names an
indicator over **core** variable names, a universe filter, an optional weight and breakdowns; every
figure is computed by country. A :class:`Figure` holds the computed values and the URNs/IRIs of
its lineage (the harmonised dataset, the crosswalk versions, the PROV record; STANDARDS.md §4.2).

Deviation: the DDI has no "figure" item; the figure's URN follows the registry's DDI URN pattern
(``urn:ddi:<agency>:<id>:<version>``) so the API can serve it like any other item.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, model_validator

from harmonise.config import DEFAULT_AGENCY
from harmonise.model.base import DomainModel
from harmonise.model.text import LocalizedText
from harmonise.model.urn import ID_SAFE, VERSION, Urn


class IndicatorType(StrEnum):
    """What a figure measures over its universe."""

    PROPORTION = "proportion"
    MEAN = "mean"
    TOTAL = "total"
    COUNT = "count"


class Indicator(DomainModel):
    """The indicator: a type and (except for ``count``) a safe expression over core variables."""

    type: IndicatorType = Field(description="proportion, mean, total or count.")
    expression: str | None = Field(
        default=None,
        description="Boolean (proportion) or numeric (mean, total) safe expression; "
        "omitted for count.",
    )

    @model_validator(mode="after")
    def _expression_when_needed(self) -> Indicator:
        if self.type is not IndicatorType.COUNT and not (self.expression or "").strip():
            raise ValueError(f"a {self.type.value} indicator needs an expression")
        if self.type is IndicatorType.COUNT and self.expression:
            raise ValueError("a count indicator takes no expression (it counts the universe)")
        return self


class FigureDefinition(DomainModel):
    """What a published figure computes (the figure definition YAML)."""

    id: str = Field(pattern="^" + ID_SAFE + "$", description="DDI-safe ID.")
    version: str = Field(default="1.0.0", pattern="^" + VERSION + "$", description="Version.")
    title: LocalizedText = Field(default_factory=LocalizedText, description="Title per language.")
    description: LocalizedText = Field(
        default_factory=LocalizedText, description="Description per language."
    )
    universe: str | None = Field(
        default=None, description="Safe expression over core variables selecting the population."
    )
    indicator: Indicator = Field(description="The indicator.")
    weight: str | None = Field(default=None, description="Core weight variable, if weighted.")
    breakdowns: tuple[str, ...] = Field(
        default=(), description="Extra core variables to break down by (country always)."
    )
    studies: tuple[str, ...] = Field(
        default=(), description="Study IDs (latest version of each), e.g. ECU-2025."
    )
    decimals: int = Field(default=1, ge=0, le=10, description="Decimals of the published value.")
    agency: str = Field(default=DEFAULT_AGENCY, description="Agency of the figure's URN.")

    @property
    def urn(self) -> Urn:
        """The figure's URN, ``urn:ddi:<agency>:<id>:<version>``."""
        return Urn(self.agency, self.id, self.version)


class ValueStatus(StrEnum):
    """Whether a figure value could be computed."""

    COMPUTED = "computed"
    NOT_COMPUTED = "not-computed"


class FigureValue(DomainModel):
    """One published value: a country (and breakdown cell) with its estimate."""

    study: str = Field(description="Study ID, e.g. ECU-2025.")
    country: str = Field(description="ISO 3166-1 alpha-3 code.")
    breakdown: tuple[tuple[str, str], ...] = Field(
        default=(), description="(core variable, code) pairs of the cell; empty for the total."
    )
    status: ValueStatus = Field(default=ValueStatus.COMPUTED, description="Computed or not.")
    value: float | None = Field(default=None, description="The published (rounded) value.")
    exact: float | None = Field(default=None, description="The unrounded estimate.")
    numerator: float | None = Field(default=None, description="Weighted numerator.")
    denominator: float | None = Field(default=None, description="Weighted denominator.")
    unweighted_n: int = Field(default=0, ge=0, description="Records in the cell's universe.")
    footnotes: tuple[str, ...] = Field(default=(), description="Caveats, e.g. partial mappings.")
    reason: str | None = Field(default=None, description="Why it was not computed.")


class Figure(DomainModel):
    """A computed figure: its definition, values and the identifiers of its lineage."""

    definition: FigureDefinition = Field(description="The definition it was computed from.")
    definition_sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the definition file."
    )
    values: tuple[FigureValue, ...] = Field(default=(), description="Values, sorted.")
    dataset: Urn = Field(description="The one harmonised dataset version it was computed from.")
    dataset_sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the harmonised dataset file."
    )
    crosswalks: tuple[Urn, ...] = Field(default=(), description="Every crosswalk version used.")
    run: str = Field(description="IRI of the tabulation run (prov:Activity).")
    software: str = Field(description="Software and version, e.g. harmonise 0.1.0.")
    computed_at: dt.datetime = Field(description="When the tabulation ran (UTC).")

    @property
    def urn(self) -> Urn:
        """The figure's URN."""
        return self.definition.urn

"""Datasets: a data file on disk identified by its content (STANDARDS.md §4.3)."""

from __future__ import annotations

from pydantic import Field

from harmonise.model.base import DomainModel
from harmonise.model.urn import Urn


class Dataset(DomainModel):
    """A microdata or harmonised data file, identified by SHA-256."""

    urn: Urn = Field(description="DDI URN of the dataset.")
    path: str = Field(description="Path relative to the registry root.")
    format: str = Field(description="spss, stata, csv, parquet or cspro.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the file bytes.")
    study: Urn | None = Field(default=None, description="The study it belongs to.")
    rows: int | None = Field(default=None, description="Number of records.")
    weight_variable: str | None = Field(default=None, description="Name of the weight column.")

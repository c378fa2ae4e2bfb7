"""Studies, their data files and variable groups.

DDI-C ``stdyDscr``, ``fileDscr``, ``varGrp``; DDI-L ``s:StudyUnit`` (STANDARDS.md §1.3).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from harmonise.model.base import DomainModel
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn


class StudyKind(StrEnum):
    """What kind of study it is."""

    SURVEY = "survey"
    CENSUS = "census"
    QUALITATIVE = "qualitative"
    OTHER = "other"


class Identifier(DomainModel):
    """An identifier of the study (DDI-C ``IDNo`` with its agency)."""

    value: str = Field(description="The identifier, e.g. ``ECU_2025_MIGCH_v01``.")
    agency: str | None = Field(default=None, description="Who assigned it.")


class Organization(DomainModel):
    """A producer, funder, distributor or fieldwork partner."""

    name: str = Field(description="Name.")
    abbreviation: str | None = Field(default=None, description="Abbreviation.")
    role: str | None = Field(default=None, description="Role, e.g. producer, funder, partner.")
    affiliation: str | None = Field(default=None, description="Parent organization.")


class DataFile(DomainModel):
    """A data file of the study (DDI-C ``fileDscr``)."""

    id: str = Field(description="Document-local ID that variables point to (``F1``).")
    name: str = Field(default="", description="File name.")
    uri: str | None = Field(default=None, description="Where the file is.")
    description: LocalizedText = Field(default_factory=LocalizedText, description="Contents.")
    cases: int | None = Field(default=None, description="Number of records.")
    variables: int | None = Field(default=None, description="Number of variables.")
    format: str | None = Field(default=None, description="File format, e.g. SPSS.")


class VariableGroup(DomainModel):
    """A group of variables (DDI-C ``varGrp``): a section, a grid, a record type..."""

    id: str = Field(description="Document-local ID.")
    name: str | None = Field(default=None, description="Short name.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="Label.")
    type: str = Field(default="other", description="DDI-C varGrp type (section, grid, ...).")
    variables: tuple[str, ...] = Field(default=(), description="Names of member variables.")
    groups: tuple[str, ...] = Field(default=(), description="IDs of nested groups.")
    concepts: tuple[str, ...] = Field(default=(), description="Concept names.")


class Study(DomainModel):
    """A study: one survey, census or qualitative round in one country."""

    urn: Urn = Field(description="DDI URN of the study.")
    title: LocalizedText = Field(default_factory=LocalizedText, description="Title.")
    alternative_title: LocalizedText = Field(default_factory=LocalizedText, description="Alt.")
    identifiers: tuple[Identifier, ...] = Field(default=(), description="IDNo values.")
    country: str | None = Field(default=None, description="ISO 3166-1 alpha-3 code, e.g. ECU.")
    nation: LocalizedText = Field(default_factory=LocalizedText, description="Country as written.")
    year: int | None = Field(default=None, description="Reference year.")
    languages: tuple[str, ...] = Field(default=(), description="Languages of the study.")
    kind: StudyKind = Field(default=StudyKind.SURVEY, description="Kind of study.")
    abstract: LocalizedText = Field(default_factory=LocalizedText, description="Abstract.")
    producers: tuple[Organization, ...] = Field(default=(), description="Authoring entities.")
    partners: tuple[Organization, ...] = Field(default=(), description="Other partners.")
    series: LocalizedText = Field(default_factory=LocalizedText, description="Series name.")
    version: str | None = Field(default=None, description="Version statement.")
    version_date: dt.date | None = Field(default=None, description="Version date.")
    version_notes: LocalizedText = Field(default_factory=LocalizedText, description="Changes.")
    sample_design: LocalizedText = Field(default_factory=LocalizedText, description="Sampling.")
    collection_mode: LocalizedText = Field(default_factory=LocalizedText, description="Mode.")
    fieldwork_start: dt.date | None = Field(default=None, description="Fieldwork start.")
    fieldwork_end: dt.date | None = Field(default=None, description="Fieldwork end.")
    universe: LocalizedText = Field(default_factory=LocalizedText, description="Population.")
    analysis_units: tuple[str, ...] = Field(default=(), description="Units of analysis.")
    keywords: tuple[str, ...] = Field(default=(), description="Keywords.")
    files: tuple[DataFile, ...] = Field(default=(), description="Data files.")
    groups: tuple[VariableGroup, ...] = Field(default=(), description="Variable groups.")

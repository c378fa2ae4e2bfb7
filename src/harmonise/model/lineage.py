"""Lineage records: what a harmonisation or tabulation run used and generated.

The process lineage of STANDARDS.md §4.2 as plain domain objects; ``harmonise.formats.prov``
writes it as W3C PROV-O (Turtle, JSON-LD) and reads it back. The structural lineage (variable →
question → instrument → study) is copied in at run time, so an old figure still traces to the
question wording and crosswalk version it was computed from after the registry has moved on.

Every entity is identified by its DDI URN where it has one, else by an IRI under the registry's
IRI base (``https://id.example.org/migreg/``); the IRI carries the version or the checksum.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from harmonise.model.base import DomainModel
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn


class FileRef(DomainModel):
    """A data file read or written by a run, identified by its content."""

    path: str = Field(description="Path relative to the project root (or as given).")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the bytes.")
    format: str = Field(description="spss, stata, csv or parquet.")
    rows: int | None = Field(default=None, description="Number of records.")
    study: str | None = Field(default=None, description="Study ID, e.g. ECU-2025.")


class QuestionRef(DomainModel):
    """A question as asked, with its wording in every language of the study."""

    urn: Urn = Field(description="DDI URN of the question.")
    name: str = Field(default="", description="Question number, e.g. HL14.")
    text: LocalizedText = Field(default_factory=LocalizedText, description="Literal wording.")
    instrument: Urn | None = Field(default=None, description="Questionnaire it belongs to.")


class SourceVariableRef(DomainModel):
    """A country variable a harmonised variable was derived from."""

    urn: Urn = Field(description="DDI URN of the variable.")
    name: str = Field(description="Column name in the data file.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="Label.")
    question: QuestionRef | None = Field(default=None, description="Question that measured it.")
    study: str = Field(description="Study ID.")
    file: str | None = Field(default=None, description="Path of the data file holding it.")


class CrosswalkRef(DomainModel):
    """A crosswalk version used as a plan (``prov:Plan``)."""

    urn: Urn = Field(description="DDI URN of the crosswalk version.")
    study: str = Field(description="Study ID.")
    source_variable: Urn = Field(description="Country variable.")
    target_variable: Urn = Field(description="Core variable.")
    target_name: str = Field(description="Core variable name (harmonised column).")
    status: str = Field(description="Computed harmonisation status on the data.")
    previous: Urn | None = Field(default=None, description="The version it revises.")


class StudyRef(DomainModel):
    """A study version whose data went into a run."""

    id: str = Field(description="Study ID, e.g. ECU-2025.")
    version: str = Field(description="Study version, e.g. 2.0.0.")
    country: str = Field(description="ISO 3166-1 alpha-3.")
    urn: Urn | None = Field(default=None, description="DDI URN of the study.")


class RunRef(DomainModel):
    """A run (``prov:Activity``) with its software, parameters and time."""

    iri: str = Field(description="IRI of the activity.")
    kind: str = Field(description="harmonise or tabulate.")
    started: dt.datetime = Field(description="prov:startedAtTime (UTC).")
    ended: dt.datetime = Field(description="prov:endedAtTime (UTC).")
    software: str = Field(description="Software agent and version.")
    parameters: tuple[tuple[str, str], ...] = Field(default=(), description="Run parameters.")


class HarmonisationLineage(DomainModel):
    """The lineage of one harmonised dataset version."""

    dataset: Urn = Field(description="DDI URN of the harmonised dataset version.")
    output: FileRef = Field(description="The harmonised Parquet file.")
    run: RunRef = Field(description="The harmonisation run.")
    studies: tuple[StudyRef, ...] = Field(default=(), description="Studies pooled.")
    inputs: tuple[FileRef, ...] = Field(default=(), description="Microdata files read.")
    crosswalks: tuple[CrosswalkRef, ...] = Field(default=(), description="Plans used.")
    variables: tuple[SourceVariableRef, ...] = Field(default=(), description="Source variables.")


class FigureLineage(DomainModel):
    """The lineage of one computed figure version: one harmonised dataset and a run."""

    figure: Urn = Field(description="DDI URN of the figure (definition version).")
    title: LocalizedText = Field(default_factory=LocalizedText, description="Figure title.")
    definition: FileRef = Field(description="The figure definition file.")
    values: FileRef = Field(description="The published values file.")
    core_variables: tuple[str, ...] = Field(default=(), description="Core variables used.")
    run: RunRef = Field(description="The tabulation run.")
    harmonisation: HarmonisationLineage = Field(description="How its dataset was made.")

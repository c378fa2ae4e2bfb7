"""Concepts and concept schemes.

DDI-L ``c:Concept``/``c:ConceptScheme``; SKOS (STANDARDS.md §2.8, §3.2).
"""

from __future__ import annotations

from pydantic import Field

from harmonise.model.base import DomainModel
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn


class Concept(DomainModel):
    """A concept: what a question or variable is about."""

    urn: Urn = Field(description="DDI URN of the concept.")
    iri: str | None = Field(default=None, description="SKOS IRI, when published as RDF.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="skos:prefLabel.")
    alt_labels: tuple[LocalizedText, ...] = Field(default=(), description="skos:altLabel.")
    definition: LocalizedText = Field(
        default_factory=LocalizedText, description="skos:definition / r:Description."
    )
    notation: str | None = Field(default=None, description="skos:notation.")
    broader: tuple[Urn, ...] = Field(default=(), description="Broader concepts in the scheme.")
    scheme: Urn | None = Field(default=None, description="The scheme holding it.")


class ConceptScheme(DomainModel):
    """A set of concepts (SKOS ConceptScheme)."""

    urn: Urn = Field(description="DDI URN of the scheme.")
    iri: str | None = Field(default=None, description="SKOS IRI.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="Label.")
    concepts: tuple[Concept, ...] = Field(default=(), description="Its concepts.")

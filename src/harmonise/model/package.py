"""A metadata package: everything one DDI file (or registry folder) describes.

Modelled after DDI-L's ResourcePackage/DDIInstance: items are held once and refer to each other
by URN; :class:`MetadataPackage` offers the look-ups.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from pydantic import Field

from harmonise.model.base import DomainModel
from harmonise.model.codelist import CodeList
from harmonise.model.concept import Concept, ConceptScheme
from harmonise.model.crosswalk import Crosswalk
from harmonise.model.question import Instrument, Question, Universe
from harmonise.model.study import Study
from harmonise.model.urn import Urn, version_key
from harmonise.model.variable import CoreVariable, Variable


class SourceFormat(StrEnum):
    """The format a package was read from."""

    DDI_CODEBOOK_2_5 = "ddi-codebook-2.5"
    DDI_CODEBOOK_LEGACY = "ddi-codebook-1.2.2"
    DDI_CODEBOOK_NO_NAMESPACE = "ddi-codebook-no-namespace"
    DDI_LIFECYCLE_3_3 = "ddi-lifecycle-3.3"
    DDI_LIFECYCLE_3_2 = "ddi-lifecycle-3.2"
    CSPRO = "cspro"
    SPSS = "spss"
    OTHER = "other"


class MetadataPackage(DomainModel):
    """All items read from one source, each held once."""

    source_format: SourceFormat = Field(default=SourceFormat.OTHER, description="Read from.")
    agency: str | None = Field(default=None, description="Main maintenance agency.")
    study: Study | None = Field(default=None, description="The study, if the source has one.")
    instruments: tuple[Instrument, ...] = Field(default=(), description="Instruments.")
    questions: tuple[Question, ...] = Field(default=(), description="Questions.")
    code_lists: tuple[CodeList, ...] = Field(default=(), description="Code lists.")
    variables: tuple[Variable, ...] = Field(default=(), description="Variables.")
    core_variables: tuple[CoreVariable, ...] = Field(default=(), description="Core variables.")
    concept_schemes: tuple[ConceptScheme, ...] = Field(default=(), description="Schemes.")
    concepts: tuple[Concept, ...] = Field(default=(), description="Concepts outside schemes.")
    universes: tuple[Universe, ...] = Field(default=(), description="Managed universes.")
    crosswalks: tuple[Crosswalk, ...] = Field(default=(), description="Crosswalks.")

    def code_list(self, urn: Urn | None) -> CodeList | None:
        """The code list with this URN (ignoring version when unpinned), or None."""
        if urn is None:
            return None
        return _find(self.code_lists, urn)

    def question(self, urn: Urn | None) -> Question | None:
        """The question with this URN, or None."""
        if urn is None:
            return None
        return _find(self.questions, urn)

    def variable(self, name: str) -> Variable | None:
        """The first variable with this name (case-sensitive), or None."""
        for v in self.variables:
            if v.name == name:
                return v
        for cv in self.core_variables:
            if cv.name == name:
                return cv
        return None

    def all_concepts(self) -> tuple[Concept, ...]:
        """Concepts in schemes and loose ones."""
        return tuple(c for s in self.concept_schemes for c in s.concepts) + self.concepts

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language tag used by any text in the package."""
        langs: set[str] = set()
        if self.study is not None:
            langs.update(self.study.languages)
            langs.update(self.study.title.languages)
        for q in self.questions:
            langs.update(q.languages)
        for cl in self.code_lists:
            langs.update(cl.languages)
        for v in (*self.variables, *self.core_variables):
            langs.update(v.label.languages)
        for c in self.all_concepts():
            langs.update(c.label.languages)
        return tuple(sorted(langs))

    def counts(self) -> dict[str, int]:
        """Counts of variables, questions, categories and languages (``harmonise inspect``)."""
        return {
            "variables": len(self.variables) + len(self.core_variables),
            "questions": len(self.questions),
            "categories": sum(len(cl.codes) for cl in self.code_lists),
            "code_lists": len(self.code_lists),
            "concepts": len(self.all_concepts()),
            "crosswalks": len(self.crosswalks),
            "languages": len(self.languages),
        }


_T = TypeVar("_T", bound=DomainModel)


def _urn_of(item: DomainModel) -> Urn | None:
    value = getattr(item, "urn", None)
    return value if isinstance(value, Urn) else None


def _find(items: tuple[_T, ...], urn: Urn) -> _T | None:
    for item in items:
        if _urn_of(item) == urn:
            return item
    if urn.is_pinned:
        return None
    same = [(u, i) for i in items if (u := _urn_of(i)) is not None and u.unversioned() == urn]
    if not same:
        return None
    return max(same, key=lambda pair: version_key(pair[0].version or "0"))[1]

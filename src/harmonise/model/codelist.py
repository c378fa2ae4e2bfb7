"""Code lists, codes and categories.

DDI-L ``l:CodeList``/``l:Code``/``l:Category``; DDI-C ``catgry``; SKOS ``ConceptScheme``/``Concept``
with ``skos:notation`` (STANDARDS.md §3.5).

Missing categories are kept apart from valid ones and carry a typed :class:`MissingType`
(STANDARDS.md §6.3 ``mig:missingType``).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from harmonise.model.base import DomainModel
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn


class MissingType(StrEnum):
    """Why a value is missing (project vocabulary, STANDARDS.md §6.3)."""

    DONT_KNOW = "dontKnow"
    REFUSED = "refused"
    NO_RESPONSE = "noResponse"
    NOT_APPLICABLE = "notApplicable"
    INCONSISTENT = "inconsistent"
    SYSTEM_MISSING = "systemMissing"
    OTHER = "other"


class Category(DomainModel):
    """The meaning of a code: a label in one or more languages."""

    urn: Urn | None = Field(default=None, description="DDI URN of the Category, if it has one.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="Label per language.")
    description: LocalizedText = Field(
        default_factory=LocalizedText, description="Longer text (DDI-C ``txt``)."
    )


class Code(DomainModel):
    """A code value with its category, and whether it stands for a missing value."""

    value: str = Field(description="The code value as text, leading zeros kept (``07``).")
    category: Category = Field(default_factory=Category, description="What the code means.")
    missing: bool = Field(default=False, description="True for a missing-value code.")
    missing_type: MissingType | None = Field(
        default=None, description="The kind of missing value, when ``missing``."
    )
    missing_type_text: str | None = Field(
        default=None, description="The missing type as written in the source (DDI-C missType)."
    )
    level: int = Field(default=1, ge=1, description="Depth in a hierarchical list (1 = top).")
    parent: str | None = Field(default=None, description="Value of the broader code, if any.")

    @model_validator(mode="after")
    def _missing_type_needs_missing(self) -> Code:
        if self.missing_type is not None and not self.missing:
            raise ValueError("a code with a missing_type must be marked missing")
        return self

    @property
    def label(self) -> LocalizedText:
        """The category label."""
        return self.category.label


class CodeList(DomainModel):
    """An ordered list of codes (DDI-L CodeList; a SKOS ConceptScheme with notations)."""

    urn: Urn = Field(description="DDI URN of the code list.")
    name: str = Field(default="", description="Short name.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="Label per language.")
    codes: tuple[Code, ...] = Field(default=(), description="The codes, in order.")

    @property
    def valid_codes(self) -> tuple[Code, ...]:
        """Codes that are not missing values."""
        return tuple(c for c in self.codes if not c.missing)

    @property
    def missing_codes(self) -> tuple[Code, ...]:
        """Codes that stand for missing values."""
        return tuple(c for c in self.codes if c.missing)

    @property
    def values(self) -> tuple[str, ...]:
        """All code values in order."""
        return tuple(c.value for c in self.codes)

    def code(self, value: str) -> Code | None:
        """The first code with this value, or None."""
        for c in self.codes:
            if c.value == value:
                return c
        return None

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages of the category labels."""
        langs = {lang for c in self.codes for lang in c.category.label.languages}
        return tuple(sorted(langs | set(self.label.languages)))

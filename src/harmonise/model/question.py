"""Questions, universes and instruments.

DDI-L ``d:QuestionItem``, ``c:Universe``, ``d:Instrument``; DDI-C ``qstn``, ``universe``
(STANDARDS.md §1.4, §2.6, §2.8).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field

from harmonise.model.base import DomainModel
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn


class ResponseDomainKind(StrEnum):
    """The kind of answer a question takes (DDI-C ``responseDomainType``; DDI-L domains)."""

    CODE = "code"
    CATEGORY = "category"
    NUMERIC = "numeric"
    TEXT = "text"
    DATETIME = "datetime"
    GEOGRAPHIC = "geographic"
    MULTIPLE = "multiple"
    OTHER = "other"


class ResponseDomain(DomainModel):
    """What an answer may be: codes from a list, a number in a range, free text..."""

    kind: ResponseDomainKind = Field(default=ResponseDomainKind.OTHER, description="Domain kind.")
    code_list: Urn | None = Field(default=None, description="Code list of a code domain.")
    minimum: float | None = Field(default=None, description="Smallest valid number.")
    maximum: float | None = Field(default=None, description="Largest valid number.")
    decimals: int | None = Field(default=None, description="Decimal places of a number.")
    max_length: int | None = Field(default=None, description="Longest text answer.")
    unit: str | None = Field(default=None, description="Unit of a numeric answer.")


class Universe(DomainModel):
    """The population a question or variable applies to (a filter)."""

    urn: Urn | None = Field(default=None, description="DDI URN, when a managed Universe.")
    text: LocalizedText = Field(default_factory=LocalizedText, description="Description.")
    included: bool = Field(default=True, description="False for an exclusion (DDI-C clusion=E).")
    condition: str | None = Field(
        default=None, description="Machine-readable filter, e.g. ``age < 18``, when known."
    )


class Question(DomainModel):
    """A question as asked: literal text, pre/post text, interviewer instructions."""

    urn: Urn = Field(description="DDI URN of the question.")
    name: str = Field(default="", description="Question name/number, e.g. ``HL3``.")
    text: LocalizedText = Field(default_factory=LocalizedText, description="Literal wording.")
    pre_text: LocalizedText = Field(
        default_factory=LocalizedText, description="Text read before (DDI-C preQTxt)."
    )
    post_text: LocalizedText = Field(
        default_factory=LocalizedText, description="Text read after (DDI-C postQTxt)."
    )
    interviewer_instructions: LocalizedText = Field(
        default_factory=LocalizedText, description="Instructions to the interviewer."
    )
    response_domain: ResponseDomain = Field(
        default_factory=ResponseDomain, description="What the answer may be."
    )
    universe: Universe | None = Field(default=None, description="Who is asked.")
    concepts: tuple[Urn, ...] = Field(default=(), description="Concepts the question measures.")
    module: str | None = Field(default=None, description="Questionnaire module, e.g. ``HL``.")
    sequence: int | None = Field(default=None, description="Position in the instrument.")
    reference_period: str | None = Field(
        default=None, description="Reference period as ISO 8601 duration, e.g. ``P12M``."
    )

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages of the question's texts."""
        langs: set[str] = set()
        for t in (self.text, self.pre_text, self.post_text, self.interviewer_instructions):
            langs.update(t.languages)
        return tuple(sorted(langs))


class InstrumentKind(StrEnum):
    """What an instrument is (DDI CV TypeOfInstrument, simplified)."""

    QUESTIONNAIRE = "questionnaire"
    FOCUS_GROUP_GUIDE = "focus-group-guide"
    INTERVIEW_GUIDE = "interview-guide"
    OTHER = "other"


class Module(DomainModel):
    """A section of a questionnaire (MICS modules: HL, ED, ...)."""

    name: str = Field(description="Module code, e.g. ``HL``.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="Module title.")
    questions: tuple[Urn, ...] = Field(default=(), description="Questions in order.")


class Instrument(DomainModel):
    """A questionnaire or a qualitative guide (DDI-L ``d:Instrument``)."""

    urn: Urn = Field(description="DDI URN of the instrument.")
    name: str = Field(default="", description="Short name.")
    label: LocalizedText = Field(default_factory=LocalizedText, description="Title.")
    kind: InstrumentKind = Field(default=InstrumentKind.QUESTIONNAIRE, description="Kind.")
    modules: tuple[Module, ...] = Field(default=(), description="Sections in order.")
    languages: tuple[str, ...] = Field(default=(), description="Languages it was fielded in.")

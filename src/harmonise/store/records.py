"""The catalog's unit of content: one searchable, retrievable item (a flat record).

The services layer turns the registry's model objects into :class:`CatalogItem` records; the
SQLite catalog stores them (with the item's model JSON) and the search index indexes them. Item
types follow the DDI/SKOS names of DESIGN.md §4.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

#: Languages with their own text fields in the index; anything else goes to :data:`OTHER_LANG`.
INDEX_LANGUAGES: tuple[str, ...] = ("en", "es", "sq")
#: The bucket for text without a language tag or in a language not listed above.
OTHER_LANG = "xx"


class ItemType(StrEnum):
    """What kind of item a record is."""

    STUDY = "study"
    VARIABLE = "variable"
    CORE_VARIABLE = "core-variable"
    QUESTION = "question"
    CODE_LIST = "code-list"
    CATEGORY = "category"
    CONCEPT = "concept"
    CONCEPT_SCHEME = "concept-scheme"
    CROSSWALK = "crosswalk"
    INSTRUMENT = "instrument"
    FIGURE = "figure"


def language_bucket(lang: str) -> str:
    """The index language for a BCP 47 tag: ``es-EC`` gives ``es``; unknown gives ``xx``."""
    base = lang.split("-", maxsplit=1)[0].lower()
    return base if base in INDEX_LANGUAGES else OTHER_LANG


@dataclass(frozen=True)
class CatalogItem:
    """One item of the catalog, flattened for storage and search.

    Attributes:
        urn: The item's DDI URN (version-pinned), its key.
        type: What the item is.
        name: Short name (variable name, question number, code value...).
        label: Display label in the item's best language.
        study: Study ID (``ECU-2025``), empty for programme-wide items.
        study_version: The study version, empty when none.
        country: ISO 3166-1 alpha-3 code, empty when none.
        module: Questionnaire module, empty when none.
        languages: Languages the item has text in (BCP 47 tags).
        concepts: IDs of the concepts it measures (facet values).
        status: Harmonisation status of its latest crosswalk, empty when none.
        texts: Text per language: labels, question wording, category labels.
        concept_texts: Text per language reached through its concepts and core variable, which
            is how a query in one language finds the variants in the others.
        parent: URN of the item it belongs to (a category's code list), empty when none.
        current: False for items of a study version that a newer version supersedes.
        json: The item's model JSON, served by the API as stored.
    """

    urn: str
    type: ItemType
    name: str
    label: str
    json: str
    study: str = ""
    study_version: str = ""
    country: str = ""
    module: str = ""
    languages: tuple[str, ...] = ()
    concepts: tuple[str, ...] = ()
    status: str = ""
    parent: str = ""
    current: bool = True
    texts: dict[str, list[str]] = field(default_factory=dict)
    concept_texts: dict[str, list[str]] = field(default_factory=dict)

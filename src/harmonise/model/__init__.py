"""The domain model: DDI and SKOS concepts as immutable pydantic objects.

Rule: imports nothing from harmonise but ``config`` and ``errors``; no XML, pandas or Flask.
"""

from harmonise.model.codelist import Category, Code, CodeList, MissingType
from harmonise.model.concept import Concept, ConceptScheme
from harmonise.model.crosswalk import (
    Cardinality,
    ChangeReason,
    CodeAssociation,
    CommonalityType,
    Comparability,
    Crosswalk,
    CrosswalkVersionInfo,
    HarmonisationStatus,
    MatchSemantic,
    RuleType,
)
from harmonise.model.dataset import Dataset
from harmonise.model.package import MetadataPackage, SourceFormat
from harmonise.model.question import (
    Instrument,
    InstrumentKind,
    Module,
    Question,
    ResponseDomain,
    ResponseDomainKind,
    Universe,
)
from harmonise.model.study import (
    DataFile,
    Identifier,
    Organization,
    Study,
    StudyKind,
    VariableGroup,
)
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn, UrnError, safe_id, version_key
from harmonise.model.variable import (
    CategoryFrequency,
    CoreVariable,
    DataLocation,
    RepresentationKind,
    SummaryStatistics,
    Variable,
)

__all__ = [
    "Cardinality",
    "Category",
    "CategoryFrequency",
    "ChangeReason",
    "Code",
    "CodeAssociation",
    "CodeList",
    "CommonalityType",
    "Comparability",
    "Concept",
    "ConceptScheme",
    "CoreVariable",
    "Crosswalk",
    "CrosswalkVersionInfo",
    "DataFile",
    "DataLocation",
    "Dataset",
    "HarmonisationStatus",
    "Identifier",
    "Instrument",
    "InstrumentKind",
    "LocalizedText",
    "MatchSemantic",
    "MetadataPackage",
    "MissingType",
    "Module",
    "Organization",
    "Question",
    "RepresentationKind",
    "ResponseDomain",
    "ResponseDomainKind",
    "RuleType",
    "SourceFormat",
    "Study",
    "StudyKind",
    "SummaryStatistics",
    "Universe",
    "Urn",
    "UrnError",
    "Variable",
    "VariableGroup",
    "safe_id",
    "version_key",
]

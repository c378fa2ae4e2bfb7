"""The SKOS vocabularies of vocabularies/: programme concepts, core code lists, mapping terms.

Concepts and code lists are serialised with the project's own exporter
(:mod:`harmonise.formats.rdf_export`, the STANDARDS.md §3.5 alignment: ``dcterms:identifier`` =
DDI URN, ``skos:notation`` = code value, ``mig:isMissing``/``mig:missingType`` on missing
categories), so the IRIs here are the ones the catalog graph uses. The mapping vocabulary
(§6.3: ``mig:cardinality``, ``mig:status``, ``mig:semantic``, ``mig:missingType`` values) is
defined once here as SKOS concept schemes plus RDF properties in the ``mig:`` namespace.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from harmonise.formats.rdf_export import MIG, add_code_list, add_concept_scheme, new_graph
from harmonise.model import LocalizedText
from migreg import codelists as cl
from migreg.build import concept_scheme
from migreg.text import t

_NOTE = (
    "ILLUSTRATIVE vocabulary of the harmonise demonstration registry; Spanish and Albanian "
    "labels are illustrative translations."
)


def _labels(g: Graph, node: URIRef, prop: URIRef, text: LocalizedText) -> None:
    for lang, value in text.items():
        g.add((node, prop, Literal(value, lang=lang or None)))


def concepts_graph() -> Graph:
    """The programme's concept scheme."""
    g = new_graph()
    scheme = concept_scheme()
    node = add_concept_scheme(g, scheme)
    g.add((node, OWL.versionInfo, Literal(scheme.urn.version)))
    g.add((node, SKOS.scopeNote, Literal(_NOTE, lang="en")))
    for child, _, parent in list(g.triples((None, SKOS.broader, None))):
        g.add((parent, SKOS.narrower, child))
    return g


def code_lists_graph() -> Graph:
    """The core code lists as concept schemes with notations."""
    g = new_graph()
    for definition in cl.CORE_CODE_LISTS:
        node = add_code_list(g, definition.to_model())
        g.add((node, SKOS.scopeNote, Literal(_NOTE, lang="en")))
        if definition is cl.COUNTRY:
            g.add(
                (
                    node,
                    SKOS.scopeNote,
                    Literal(
                        "Complete ISO 3166-1 list (numeric codes as notations) taken from the "
                        "pycountry package, plus 998/999 missing codes.",
                        lang="en",
                    ),
                )
            )
    return g


_MAPPING_SCHEMES: tuple[
    tuple[str, LocalizedText, tuple[tuple[str, LocalizedText, str], ...]], ...
] = (
    (
        "CardinalityScheme",
        t(
            "Mapping cardinality",
            "Cardinalidad de la correspondencia",
            "Kardinaliteti i korrespondencës",
        ),
        (
            ("OneToOne", t("One-to-one", "Uno a uno", "Një me një"), "|t(s)| = 1 and |s(t)| = 1."),
            (
                "ManyToOne",
                t("Many-to-one (merge)", "Muchos a uno (fusión)", "Shumë me një (bashkim)"),
                "|t(s)| = 1 and |s(t)| > 1.",
            ),
            (
                "OneToMany",
                t("One-to-many (split)", "Uno a muchos (división)", "Një me shumë (ndarje)"),
                "|t(s)| > 1: needs another variable, a rule or imputation.",
            ),
            ("ManyToMany", t("Many-to-many", "Muchos a muchos", "Shumë me shumë"), "An n-m block."),
            (
                "UnmatchedSource",
                t("Unmatched source", "Origen sin correspondencia", "Burim pa korrespondencë"),
                "|t(s)| = 0: the source value has no target.",
            ),
            (
                "UnmatchedTarget",
                t("Unmatched target", "Destino sin correspondencia", "Objektiv pa korrespondencë"),
                "|s(t)| = 0: the target category never occurs in this source.",
            ),
        ),
    ),
    (
        "StatusScheme",
        t("Harmonisation status", "Estado de armonización", "Statusi i harmonizimit"),
        (
            (
                "Complete",
                t("Complete", "Completa", "E plotë"),
                "The target can be generated without loss of meaning.",
            ),
            (
                "Partial",
                t("Partial", "Parcial", "E pjesshme"),
                "The target can be generated with some loss or approximation.",
            ),
            (
                "Impossible",
                t("Impossible", "Imposible", "E pamundur"),
                "The target cannot be generated from this source.",
            ),
            (
                "Undetermined",
                t("Undetermined", "Indeterminada", "E papërcaktuar"),
                "Not yet assessed.",
            ),
        ),
    ),
    (
        "SemanticScheme",
        t("Match semantics", "Semántica de la correspondencia", "Semantika e korrespondencës"),
        (
            ("exact", t("Exact", "Exacta", "E saktë"), "Serialised as skos:exactMatch."),
            (
                "broader",
                t("Target broader", "Destino más amplio", "Objektivi më i gjerë"),
                "Serialised as skos:broadMatch.",
            ),
            (
                "narrower",
                t("Target narrower", "Destino más estrecho", "Objektivi më i ngushtë"),
                "Serialised as skos:narrowMatch.",
            ),
            ("close", t("Close", "Cercana", "E afërt"), "Serialised as skos:closeMatch."),
            (
                "related",
                t("Related", "Relacionada", "E lidhur"),
                "Serialised as skos:relatedMatch.",
            ),
        ),
    ),
    (
        "MissingTypeScheme",
        t("Missing-value type", "Tipo de valor perdido", "Lloji i vlerës që mungon"),
        (
            ("dontKnow", t("Don't know", "No sabe", "Nuk e di"), "The respondent did not know."),
            ("refused", t("Refused", "Se negó", "Refuzoi"), "The respondent refused to answer."),
            (
                "noResponse",
                t("No response", "Sin respuesta", "Pa përgjigje"),
                "No answer recorded.",
            ),
            (
                "notApplicable",
                t("Not applicable", "No aplica", "Nuk aplikohet"),
                "Outside the question's universe.",
            ),
            (
                "inconsistent",
                t("Inconsistent", "Inconsistente", "Jokonsistente"),
                "Set to missing by an edit check.",
            ),
            (
                "systemMissing",
                t("System missing", "Perdido por el sistema", "Mungesë sistemi"),
                "No value in the data file.",
            ),
            ("other", t("Other", "Otro", "Tjetër"), "Any other kind of missing value."),
        ),
    ),
)

_PROPERTIES: tuple[tuple[str, str, str | None], ...] = (
    (
        "cardinality",
        "Computed cardinality of an association (never typed in).",
        "CardinalityScheme",
    ),
    ("status", "Harmonisation status of an association or a crosswalk.", "StatusScheme"),
    (
        "semantic",
        "How the target relates to the source ('the target is ... than the source').",
        "SemanticScheme",
    ),
    ("missingType", "Kind of missing value of a category.", "MissingTypeScheme"),
    ("isMissing", "True on a category that stands for a missing value.", None),
    ("sourceScheme", "The source scheme of a correspondence (direction made explicit).", None),
    ("targetScheme", "The target scheme of a correspondence (direction made explicit).", None),
)


def mapping_graph() -> Graph:
    """The project mapping vocabulary (STANDARDS.md §6.3) as SKOS and RDF properties."""
    g = new_graph()
    g.bind("rdfs", RDFS)
    for scheme_name, label, members in _MAPPING_SCHEMES:
        scheme = MIG[scheme_name]
        g.add((scheme, RDF.type, SKOS.ConceptScheme))
        g.add((scheme, DCTERMS.identifier, Literal(f"urn:ddi:{cl.AGENCY}:MIG-{scheme_name}:1.0.0")))
        g.add((scheme, OWL.versionInfo, Literal("1.0.0")))
        _labels(g, scheme, SKOS.prefLabel, label)
        for name, member_label, definition in members:
            concept = MIG[name]
            g.add((concept, RDF.type, SKOS.Concept))
            g.add((concept, SKOS.inScheme, scheme))
            g.add((concept, SKOS.topConceptOf, scheme))
            g.add((scheme, SKOS.hasTopConcept, concept))
            _labels(g, concept, SKOS.prefLabel, member_label)
            g.add((concept, SKOS.definition, Literal(definition, lang="en")))
    for name, comment, scheme_name in _PROPERTIES:
        prop = MIG[name]
        g.add((prop, RDF.type, RDF.Property))
        g.add((prop, RDFS.label, Literal(name, lang="en")))
        g.add((prop, RDFS.comment, Literal(comment, lang="en")))
        if scheme_name is not None:
            g.add((prop, RDFS.range, SKOS.Concept))
            g.add((prop, RDFS.seeAlso, MIG[scheme_name]))
    return g


def turtle(g: Graph) -> bytes:
    """Serialise a graph as Turtle (rdflib sorts subjects, so the output is stable)."""
    return g.serialize(format="turtle", encoding="utf-8")


VOCABULARIES = {
    "migreg-concepts.ttl": concepts_graph,
    "migreg-core-codelists.ttl": code_lists_graph,
    "migreg-mapping.ttl": mapping_graph,
}

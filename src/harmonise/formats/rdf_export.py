"""Registry items as RDF: SKOS for code lists and concepts, DCTERMS for the other DDI items.

Follows the DDI ↔ SKOS alignment of STANDARDS.md §3.5: a code list is a ``skos:ConceptScheme`` whose
concepts carry the code value as ``skos:notation`` and the category labels as language-tagged
``skos:prefLabel``; the DDI URN goes in ``dcterms:identifier``; missing categories get
``mig:isMissing true`` and ``mig:missingType`` (§6.3). IRIs are minted from the URN under the
registry's IRI base, e.g. ``https://id.example.org/migreg/cl/CL-REL-CORE/2.0.0/`` (§3.4 pattern).
Variables, questions and studies are described with DCTERMS/RDFS and link to their concepts and
code lists, which is what the catalog graph and the API need; this is a project convention, not
the DDI-RDF (Disco) vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS
from rdflib.term import Node

from harmonise.config import DEFAULT_IRI_BASE
from harmonise.model import (
    CodeList,
    Concept,
    ConceptScheme,
    LocalizedText,
    Question,
    Study,
    Urn,
    Variable,
)

MIG = Namespace(DEFAULT_IRI_BASE + "ns#")
XKOS = Namespace("http://rdf-vocabulary.ddialliance.org/xkos#")

_KIND_PATH = {
    "code-list": "cl",
    "concept": "concept",
    "concept-scheme": "scheme",
    "variable": "variable",
    "question": "question",
    "study": "study",
}


def item_iri(urn: Urn, kind: str, iri_base: str = DEFAULT_IRI_BASE) -> URIRef:
    """The IRI of a registry item: ``<base><kind>/<id>/<version>`` (``/`` ends a scheme IRI)."""
    path = _KIND_PATH.get(kind, "item")
    tail = "/" if kind == "code-list" else ""
    return URIRef(f"{iri_base}{path}/{urn.id}/{urn.version or 'latest'}{tail}")


Triple = tuple[Node, Node, Node]


class TripleSink(Protocol):
    """Where the ``add_*`` functions put triples.

    An rdflib :class:`Graph` or a :class:`TripleCollector`; only ``add`` is used.
    """

    def add(self, triple: Triple, /) -> object:
        """Add one triple."""


class TripleCollector:
    """A write-only triple sink: distinct triples in the order first added.

    Far cheaper than an rdflib :class:`Graph` (no indexes) when the triples go straight into
    another store, as the catalog build does with Oxigraph (issue 5 §7).
    """

    def __init__(self) -> None:
        self._triples: dict[Triple, None] = {}

    def add(self, triple: Triple, /) -> TripleCollector:
        """Add one triple (a repeat is ignored)."""
        self._triples[triple] = None
        return self

    def bind(self, prefix: str, namespace: object) -> None:
        """Prefixes mean nothing to a triple list; accepted so code may treat it as a graph."""

    def __len__(self) -> int:
        return len(self._triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self._triples)


def new_graph() -> Graph:
    """An empty graph with the registry's prefixes bound."""
    g = Graph()
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    g.bind("xkos", XKOS)
    g.bind("mig", MIG)
    g.bind("owl", OWL)
    return g


def _texts(g: TripleSink, subject: URIRef, prop: URIRef, text: LocalizedText) -> None:
    for lang, value in text.items():
        if value.strip():
            g.add((subject, prop, Literal(value, lang=lang or None)))


def add_code_list(g: TripleSink, cl: CodeList, iri_base: str = DEFAULT_IRI_BASE) -> URIRef:
    """Add a code list as a SKOS concept scheme with one flat XKOS level."""
    scheme = item_iri(cl.urn, "code-list", iri_base)
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    g.add((scheme, DCTERMS.identifier, Literal(str(cl.urn))))
    if cl.urn.version:
        g.add((scheme, OWL.versionInfo, Literal(cl.urn.version)))
    _texts(g, scheme, SKOS.prefLabel, cl.label or LocalizedText.of(cl.name or cl.urn.id, "en"))
    level = URIRef(str(scheme) + "level-1")
    g.add((level, RDF.type, XKOS.ClassificationLevel))
    g.add((level, XKOS.depth, Literal(1)))
    g.add((scheme, XKOS.numberOfLevels, Literal(1, datatype=XSD.positiveInteger)))
    levels = BNode()
    g.add((scheme, XKOS.levels, levels))
    g.add((levels, RDF.first, level))
    g.add((levels, RDF.rest, RDF.nil))
    for code in cl.codes:
        concept = URIRef(str(scheme) + code_path(code.value))
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.inScheme, scheme))
        g.add((concept, SKOS.topConceptOf, scheme))
        g.add((scheme, SKOS.hasTopConcept, concept))
        g.add((level, SKOS.member, concept))
        g.add((concept, SKOS.notation, Literal(code.value)))
        _texts(g, concept, SKOS.prefLabel, code.category.label)
        if code.category.urn is not None:
            g.add((concept, DCTERMS.identifier, Literal(str(code.category.urn))))
        if code.missing:
            g.add((concept, MIG.isMissing, Literal(True)))
            if code.missing_type is not None:
                g.add((concept, MIG.missingType, MIG[code.missing_type.value]))
    return scheme


def code_path(value: str) -> str:
    """A code value as an IRI path segment (percent-encoding anything unsafe)."""
    from urllib.parse import quote

    return quote(value, safe="") or "_"


def add_concept(
    g: TripleSink, concept: Concept, scheme: URIRef | None = None, iri_base: str = DEFAULT_IRI_BASE
) -> URIRef:
    """Add a concept (with its own IRI when it has one)."""
    node = URIRef(concept.iri) if concept.iri else item_iri(concept.urn, "concept", iri_base)
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, DCTERMS.identifier, Literal(str(concept.urn))))
    _texts(g, node, SKOS.prefLabel, concept.label)
    _texts(g, node, SKOS.definition, concept.definition)
    for alt in concept.alt_labels:
        _texts(g, node, SKOS.altLabel, alt)
    if concept.notation:
        g.add((node, SKOS.notation, Literal(concept.notation)))
    if scheme is not None:
        g.add((node, SKOS.inScheme, scheme))
    return node


def add_concept_scheme(
    g: TripleSink, scheme: ConceptScheme, iri_base: str = DEFAULT_IRI_BASE
) -> URIRef:
    """Add a concept scheme and all its concepts."""
    node = URIRef(scheme.iri) if scheme.iri else item_iri(scheme.urn, "concept-scheme", iri_base)
    g.add((node, RDF.type, SKOS.ConceptScheme))
    g.add((node, DCTERMS.identifier, Literal(str(scheme.urn))))
    _texts(g, node, SKOS.prefLabel, scheme.label)
    broader_of: dict[str, URIRef] = {}
    for concept in scheme.concepts:
        c = add_concept(g, concept, node, iri_base)
        broader_of[str(concept.urn)] = c
        if not concept.broader:
            g.add((node, SKOS.hasTopConcept, c))
    for concept in scheme.concepts:
        for b in concept.broader:
            target = broader_of.get(str(b))
            if target is not None:
                g.add((broader_of[str(concept.urn)], SKOS.broader, target))
    return node


def add_question(g: TripleSink, q: Question, iri_base: str = DEFAULT_IRI_BASE) -> URIRef:
    """Add a question: its wording per language and the concepts it measures."""
    node = item_iri(q.urn, "question", iri_base)
    g.add((node, RDF.type, MIG.Question))
    g.add((node, DCTERMS.identifier, Literal(str(q.urn))))
    if q.name:
        g.add((node, RDFS.label, Literal(q.name)))
    _texts(g, node, MIG.questionText, q.text)
    _texts(g, node, MIG.interviewerInstruction, q.interviewer_instructions)
    for c in q.concepts:
        g.add((node, DCTERMS.subject, item_iri(c, "concept", iri_base)))
    return node


def add_variable(
    g: TripleSink, v: Variable, iri_base: str = DEFAULT_IRI_BASE, study: URIRef | None = None
) -> URIRef:
    """Add a variable with links to its question, code list, concepts and study."""
    node = item_iri(v.urn, "variable", iri_base)
    g.add((node, RDF.type, MIG.Variable))
    g.add((node, DCTERMS.identifier, Literal(str(v.urn))))
    g.add((node, MIG.name, Literal(v.name)))
    _texts(g, node, RDFS.label, v.label)
    if v.question is not None:
        g.add((node, MIG.question, item_iri(v.question, "question", iri_base)))
    if v.code_list is not None:
        g.add((node, MIG.codeList, item_iri(v.code_list, "code-list", iri_base)))
    for c in v.concepts:
        g.add((node, DCTERMS.subject, item_iri(c, "concept", iri_base)))
    if study is not None:
        g.add((node, DCTERMS.isPartOf, study))
    return node


def add_study(g: TripleSink, study: Study, iri_base: str = DEFAULT_IRI_BASE) -> URIRef:
    """Add a study with its title, country and year."""
    node = item_iri(study.urn, "study", iri_base)
    g.add((node, RDF.type, MIG.Study))
    g.add((node, DCTERMS.identifier, Literal(str(study.urn))))
    _texts(g, node, DCTERMS.title, study.title)
    if study.country:
        g.add((node, DCTERMS.spatial, Literal(study.country)))
    if study.year:
        g.add((node, DCTERMS.temporal, Literal(str(study.year))))
    return node


def serialize(g: Graph, fmt: str) -> bytes:
    """Serialise as ``turtle`` or ``json-ld`` (UTF-8 bytes)."""
    if fmt in ("jsonld", "json-ld"):
        data = g.serialize(format="json-ld", indent=2)
    else:
        data = g.serialize(format="turtle")
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def graph_of(items: Iterable[object], iri_base: str = DEFAULT_IRI_BASE) -> Graph:
    """A graph describing any mix of code lists, concepts, schemes, questions, variables."""
    g = new_graph()
    add_items(g, items, iri_base)
    return g


def triples_of(items: Iterable[object], iri_base: str = DEFAULT_IRI_BASE) -> TripleCollector:
    """The triples of :func:`graph_of` without building an rdflib graph (for bulk loading)."""
    sink = TripleCollector()
    add_items(sink, items, iri_base)
    return sink


def add_items(g: TripleSink, items: Iterable[object], iri_base: str = DEFAULT_IRI_BASE) -> None:
    """Add any mix of code lists, concepts, schemes, questions, variables and studies."""
    for item in items:
        if isinstance(item, CodeList):
            add_code_list(g, item, iri_base)
        elif isinstance(item, ConceptScheme):
            add_concept_scheme(g, item, iri_base)
        elif isinstance(item, Concept):
            add_concept(g, item, None, iri_base)
        elif isinstance(item, Question):
            add_question(g, item, iri_base)
        elif isinstance(item, Variable):
            add_variable(g, item, iri_base)
        elif isinstance(item, Study):
            add_study(g, item, iri_base)


def ntriples_to_turtle(ntriples: str) -> str:
    """Re-serialise an N-Triples document as Turtle."""
    return Graph().parse(data=ntriples, format="nt").serialize(format="turtle")

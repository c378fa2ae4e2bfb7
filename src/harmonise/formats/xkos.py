"""Crosswalks as XKOS correspondences (Turtle, JSON-LD): writer and reader.

Implements STANDARDS.md §3.3–3.5 and §6.3:

* one ``xkos:Correspondence`` per crosswalk version (IRI ``<base>corr/<id>/<version>``, as the
  catalog uses) with the mandatory ``skos:prefLabel@en`` and ``dcterms:issued`` (xsd:date) of
  the XKOS best practice, ``xkos:compares`` both schemes, and ``mig:sourceScheme`` /
  ``mig:targetScheme`` for the direction;
* one ``xkos:ConceptAssociation`` per **connected block** of associations (an n–m relation is
  never broken into 1–1 pieces), with ``xkos:sourceConcept`` / ``xkos:targetConcept`` and the
  computed ``mig:cardinality`` / ``mig:status`` (worst status in the block);
* SKOS mapping relations from each source concept to its target concepts, from the association's
  semantic (exact → ``skos:exactMatch``, broader → ``skos:broadMatch``, …);
* concepts as ``skos:Concept`` with ``skos:notation`` (the code) and ``skos:inScheme``; code list
  IRIs as :func:`harmonise.formats.rdf_export.item_iri` mints them, so the graphs join.

Project extensions (namespace ``mig:`` = ``<base>ns#``) keep the export lossless so the reader
returns the same crosswalk: ``mig:row`` nodes inside a block with several rows; ``mig:rowIndex``
(the order of the rows); ordered code lists ``mig:sourceCodes`` / ``mig:targetCodes`` where the
sorted notations would not give the order back (RDF sets have no order); ``mig:rule``,
``mig:condition``, ``mig:expression``; comparability (``mig:commonalityNote``,
``mig:differenceNote``, ``mig:commonalityType``, ``mig:commonalityWeight``);
``mig:missingTreatment``; declared unmatched targets (``mig:declaredUnmatched``); provenance
(``dcterms:creator`` a ``dcterms:Agent``, ``dcterms:created``, ``mig:changeReason``,
``prov:wasRevisionOf``, and ``skos:changeNote`` as an IRI ``xkos:ExplanatoryNote`` with
``xkos:plainText``, ``dcterms:language``, ``dcat:version`` and ``dcterms:issued``, as the
best-practice shapes require). Every referenced DDI item carries its URN as ``dcterms:identifier``.

Deviations: change notes are tagged ``@en`` (the model does not record their language); the
reader accepts XKOS written by others, but minting URNs for items without a
``dcterms:identifier`` is reported (``xkos-minted-urn``) rather than guessed silently. JSON-LD with
a remote ``@context`` is refused (it would need network access).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, SKOS
from rdflib.term import Node

from harmonise.config import DEFAULT_AGENCY, DEFAULT_IRI_BASE
from harmonise.errors import InputError
from harmonise.formats.rdf_export import TripleCollector, TripleSink, code_path, item_iri
from harmonise.issues.report import Issue, Location, Report, Severity
from harmonise.model.crosswalk import (
    ChangeReason,
    CodeAssociation,
    CommonalityType,
    Comparability,
    Crosswalk,
    CrosswalkVersionInfo,
    HarmonisationStatus,
    MatchSemantic,
    RuleType,
    association_statuses,
    block_cardinality,
    connected_blocks,
    crosswalk_status,
)
from harmonise.model.text import LocalizedText
from harmonise.model.urn import Urn, UrnError, safe_id

XKOS = Namespace("http://rdf-vocabulary.ddialliance.org/xkos#")
DCAT_VERSION = URIRef("http://www.w3.org/ns/dcat#version")  # DCAT 3; not in rdflib's DCAT

NOTE_LANGUAGE = "en"
"""Language tag of version change notes (the model keeps them as untagged text)."""

MAX_BYTES = 64 * 1024 * 1024
"""Largest XKOS document read."""

_MATCH = {
    MatchSemantic.EXACT: SKOS.exactMatch,
    MatchSemantic.BROADER: SKOS.broadMatch,
    MatchSemantic.NARROWER: SKOS.narrowMatch,
    MatchSemantic.CLOSE: SKOS.closeMatch,
    MatchSemantic.RELATED: SKOS.relatedMatch,
}
_STATUS_RANK = {
    HarmonisationStatus.COMPLETE: 0,
    HarmonisationStatus.PARTIAL: 1,
    HarmonisationStatus.UNDETERMINED: 2,
    HarmonisationStatus.IMPOSSIBLE: 3,
}


def _camel(value: str) -> str:
    """``one-to-many`` → ``OneToMany``, ``case-when`` → ``CaseWhen``."""
    return "".join(part[:1].upper() + part[1:] for part in value.split("-"))


def _uncamel(name: str) -> str:
    out: list[str] = []
    for ch in name:
        if ch.isupper() and out:
            out.append("-")
        out.append(ch.lower())
    return "".join(out)


def mig_namespace(iri_base: str = DEFAULT_IRI_BASE) -> Namespace:
    """The project vocabulary namespace (``<base>ns#``, STANDARDS.md §3.4 ``mig:``)."""
    return Namespace(iri_base + "ns#")


def correspondence_iri(urn: Urn, iri_base: str = DEFAULT_IRI_BASE) -> URIRef:
    """The IRI of a crosswalk version as an XKOS correspondence."""
    return URIRef(f"{iri_base}corr/{urn.id}/{urn.version or 'latest'}")


# --- writing ----------------------------------------------------------------------------------


class _Writer:
    def __init__(self, iri_base: str, sink: TripleCollector | None = None) -> None:
        self.base = iri_base
        self.mig = mig_namespace(iri_base)
        self.graph: Graph | None = None
        self.g: TripleSink
        if sink is not None:
            self.g = sink
            return
        self.graph = self.g = Graph()
        for prefix, ns in (
            ("skos", SKOS),
            ("xkos", XKOS),
            ("dcterms", DCTERMS),
            ("prov", PROV),
            ("owl", OWL),
            ("xsd", XSD),
            ("mig", self.mig),
        ):
            self.graph.bind(prefix, ns)

    def item(self, urn: Urn, kind: str) -> URIRef:
        node = item_iri(urn, kind, self.base)
        self.g.add((node, DCTERMS.identifier, Literal(str(urn))))
        return node

    def texts(self, subject: Node, prop: URIRef, text: LocalizedText) -> None:
        for lang, value in sorted(text.root.items()):
            self.g.add((subject, prop, Literal(value, lang=lang or None)))

    def codes(self, subject: Node, prop: URIRef, codes: Sequence[str]) -> None:
        if list(codes) == sorted(set(codes)):
            return  # the reader recovers sorted codes from the concepts' notations
        # an rdf:List written out (what rdflib's Collection writes), so any sink will do
        head = BNode()
        node: BNode | URIRef = head
        for n, code in enumerate(codes):
            self.g.add((node, RDF.first, Literal(code)))
            rest: BNode | URIRef = BNode() if n + 1 < len(codes) else RDF.nil
            self.g.add((node, RDF.rest, rest))
            node = rest
        self.g.add((subject, prop, head))

    def comparability(self, subject: Node, c: Comparability) -> None:
        self.texts(subject, self.mig.commonalityNote, c.commonality)
        self.texts(subject, self.mig.differenceNote, c.difference)
        if c.commonality_type is not None:
            self.g.add((subject, self.mig.commonalityType, Literal(c.commonality_type.value)))
        if c.commonality_weight is not None:
            self.g.add((subject, self.mig.commonalityWeight, Literal(c.commonality_weight)))

    def row(
        self, node: Node, a: CodeAssociation, source: URIRef, target: URIRef, *, nested: bool
    ) -> None:
        g, mig = self.g, self.mig
        source_prop = mig.sourceConcept if nested else XKOS.sourceConcept
        target_prop = mig.targetConcept if nested else XKOS.targetConcept
        for code in a.sources:
            g.add((node, source_prop, self.concept(source, code)))
        for code in a.targets:
            g.add((node, target_prop, self.concept(target, code)))
        if a.semantic is not None:
            for s in a.sources:
                for t in a.targets:
                    g.add((self.concept(source, s), _MATCH[a.semantic], self.concept(target, t)))
            g.add((node, mig.semantic, mig[_camel(a.semantic.value)]))
        self.codes(node, mig.sourceCodes, a.sources)
        self.codes(node, mig.targetCodes, a.targets)
        g.add((node, mig.rule, mig[_camel(a.rule.value)]))
        if a.condition is not None:
            g.add((node, mig.condition, Literal(a.condition)))
        if a.expression is not None:
            g.add((node, mig.expression, Literal(a.expression)))
        self.comparability(node, a.comparability)
        self.texts(node, SKOS.note, a.note)

    def concept(self, scheme: URIRef, code: str) -> URIRef:
        node = URIRef(str(scheme) + code_path(code))
        self.g.add((node, RDF.type, SKOS.Concept))
        self.g.add((node, SKOS.notation, Literal(code)))
        self.g.add((node, SKOS.inScheme, scheme))
        return node

    def scheme(self, code_list: Urn | None, variable: Urn) -> URIRef:
        if code_list is not None:
            return self.item(code_list, "code-list")
        # no pinned code list: a scheme IRI under the variable, without a dcterms:identifier
        return URIRef(str(item_iri(variable, "variable", self.base)) + "/codes/")

    def crosswalk(self, cw: Crosswalk) -> URIRef:
        g, mig = self.g, self.mig
        corr = correspondence_iri(cw.urn, self.base)
        g.add((corr, RDF.type, XKOS.Correspondence))
        g.add((corr, DCTERMS.identifier, Literal(str(cw.urn))))
        if cw.urn.version:
            g.add((corr, OWL.versionInfo, Literal(cw.urn.version)))
        label = cw.label
        if not label.get("en"):
            title = f"Crosswalk {cw.urn.id} {cw.urn.version or ''}".strip()
            g.add((corr, SKOS.prefLabel, Literal(title, lang="en")))
            g.add((corr, mig.generatedLabel, Literal(True)))
        self.texts(corr, SKOS.prefLabel, label)
        issued = cw.issued or (cw.version_info.date if cw.version_info else None)
        if issued is not None:
            g.add((corr, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
            if cw.issued is None:
                g.add((corr, mig.issuedFromVersionDate, Literal(True)))
        source = self.scheme(cw.source_code_list, cw.source_variable)
        target = self.scheme(cw.target_code_list, cw.target_variable)
        g.add((corr, XKOS.compares, source))
        g.add((corr, XKOS.compares, target))
        g.add((corr, mig.sourceScheme, source))
        g.add((corr, mig.targetScheme, target))
        g.add((corr, mig.sourceVariable, self.item(cw.source_variable, "variable")))
        g.add((corr, mig.targetVariable, self.item(cw.target_variable, "variable")))
        if cw.study is not None:
            g.add((corr, mig.study, self.item(cw.study, "study")))
        g.add((corr, mig.status, mig[_camel(crosswalk_status(cw).value)]))
        if cw.missing_treatment is not None:
            g.add((corr, mig.missingTreatment, Literal(cw.missing_treatment)))
        self.comparability(corr, cw.comparability)
        self.provenance(corr, cw)
        statuses = association_statuses(cw)
        blocks = connected_blocks(cw)
        for number, block in enumerate(blocks, start=1):
            node = URIRef(f"{corr}/a{number}")
            g.add((corr, XKOS.madeOf, node))
            g.add((node, RDF.type, XKOS.ConceptAssociation))
            g.add((node, mig.cardinality, mig[_camel(block_cardinality(cw, block).value)]))
            worst = max((statuses[i] for i in block), key=_STATUS_RANK.__getitem__)
            g.add((node, mig.status, mig[_camel(worst.value)]))
            if len(block) == 1:
                self.row(node, cw.associations[block[0]], source, target, nested=False)
                g.add((node, mig.rowIndex, Literal(block[0])))
                continue
            for k, index in enumerate(block, start=1):
                a = cw.associations[index]
                for code in a.sources:
                    g.add((node, XKOS.sourceConcept, self.concept(source, code)))
                for code in a.targets:
                    g.add((node, XKOS.targetConcept, self.concept(target, code)))
                row = URIRef(f"{node}/r{k}")
                g.add((node, mig.row, row))
                g.add((row, mig.rowIndex, Literal(index)))
                self.row(row, a, source, target, nested=True)
        for k, code in enumerate(cw.unmatched_targets):
            node = URIRef(f"{corr}/a{len(blocks) + k + 1}")
            g.add((corr, XKOS.madeOf, node))
            g.add((node, RDF.type, XKOS.ConceptAssociation))
            g.add((node, mig.rowIndex, Literal(k)))
            g.add((node, XKOS.targetConcept, self.concept(target, code)))
            g.add((node, mig.cardinality, mig.UnmatchedTarget))
            g.add((node, mig.declaredUnmatched, Literal(True)))
        return corr

    def provenance(self, corr: URIRef, cw: Crosswalk) -> None:
        info = cw.version_info
        if info is None:
            return
        g, mig = self.g, self.mig
        agent = BNode()
        g.add((corr, DCTERMS.creator, agent))
        g.add((agent, RDF.type, DCTERMS.Agent))
        g.add((agent, RDFS.label, Literal(info.author)))
        g.add((corr, DCTERMS.created, Literal(info.date.isoformat(), datatype=XSD.date)))
        g.add((corr, mig.changeReason, mig[_camel(info.reason.value)]))
        if info.note is not None:
            # XKOS best practice: a change note is an IRI xkos:ExplanatoryNote (TimestampedNote)
            note = URIRef(f"{corr}/change-note")
            g.add((corr, SKOS.changeNote, note))
            g.add((note, RDF.type, XKOS.ExplanatoryNote))
            g.add((note, XKOS.plainText, Literal(info.note, lang=NOTE_LANGUAGE)))
            g.add((note, DCTERMS.language, Literal(NOTE_LANGUAGE, datatype=XSD.language)))
            g.add((note, DCAT_VERSION, Literal(1, datatype=XSD.int)))
            issued = dt.datetime.combine(info.date, dt.time())
            g.add((note, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.dateTime)))
        if info.previous is not None:
            previous = correspondence_iri(info.previous, self.base)
            g.add((corr, PROV.wasRevisionOf, previous))
            g.add((previous, DCTERMS.identifier, Literal(str(info.previous))))


def xkos_graph(crosswalks: Iterable[Crosswalk], iri_base: str = DEFAULT_IRI_BASE) -> Graph:
    """The XKOS graph of one or more crosswalk versions.

    Args:
        crosswalks: The crosswalk versions.
        iri_base: The registry's IRI base (``Settings.iri_base``).

    Returns:
        An rdflib graph with the registry prefixes bound.
    """
    writer = _Writer(iri_base)
    for cw in crosswalks:
        writer.crosswalk(cw)
    assert writer.graph is not None
    return writer.graph


def xkos_triples(
    crosswalks: Iterable[Crosswalk], iri_base: str = DEFAULT_IRI_BASE
) -> TripleCollector:
    """The triples of :func:`xkos_graph` without building an rdflib graph.

    For bulk loading into another store (the catalog's Oxigraph graph, issue 5 §7): an rdflib
    graph indexes every triple three ways, which the build does not need.

    Args:
        crosswalks: The crosswalk versions.
        iri_base: The registry's IRI base (``Settings.iri_base``).

    Returns:
        The distinct triples in the order first written.
    """
    sink = TripleCollector()
    writer = _Writer(iri_base, sink)
    for cw in crosswalks:
        writer.crosswalk(cw)
    return sink


def xkos_bytes(
    crosswalks: Iterable[Crosswalk], fmt: str = "turtle", iri_base: str = DEFAULT_IRI_BASE
) -> bytes:
    """Serialise crosswalks as XKOS in ``turtle`` or ``json-ld`` (UTF-8).

    Args:
        crosswalks: The crosswalk versions.
        fmt: ``turtle`` or ``json-ld``.
        iri_base: The registry's IRI base.

    Returns:
        The document.
    """
    graph = xkos_graph(crosswalks, iri_base)
    if fmt in ("json-ld", "jsonld"):
        data = graph.serialize(format="json-ld", indent=2, auto_compact=True)
    elif fmt in ("turtle", "ttl"):
        data = graph.serialize(format="turtle")
    else:
        raise ValueError(f"unknown RDF format {fmt!r} (turtle or json-ld)")
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


# --- reading ----------------------------------------------------------------------------------


def _remote_context(value: Any) -> bool:
    if isinstance(value, dict):
        return any(
            (k == "@context" and _context_is_remote(v)) or _remote_context(v)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return any(_remote_context(v) for v in value)
    return False


def _context_is_remote(context: Any) -> bool:
    if isinstance(context, str):
        return True
    if isinstance(context, list):
        return any(_context_is_remote(c) for c in context)
    if isinstance(context, dict):
        return "@import" in context
    return False


def parse_xkos(data: bytes, fmt: str, source: str = "<bytes>") -> Graph:
    """Parse an XKOS document without network access.

    Raises:
        InputError: Not parseable, too large, or JSON-LD with a remote ``@context``.
    """
    if len(data) > MAX_BYTES:
        raise InputError(f"document is {len(data)} bytes; the limit is {MAX_BYTES}", path=source)
    graph = Graph()
    try:
        if fmt in ("json-ld", "jsonld"):
            doc = json.loads(data.decode("utf-8-sig"))
            if _remote_context(doc):
                raise InputError(
                    "JSON-LD with a remote @context is not read (it would need the network)",
                    path=source,
                    hint="inline the context",
                )
            graph.parse(data=json.dumps(doc), format="json-ld")
        elif fmt in ("turtle", "ttl"):
            graph.parse(data=data.decode("utf-8-sig"), format="turtle")
        else:
            raise ValueError(f"unknown RDF format {fmt!r} (turtle or json-ld)")
    except InputError:
        raise
    except (ValueError, SyntaxError, UnicodeDecodeError, RecursionError) as exc:
        raise InputError(f"cannot parse {fmt}: {exc}", path=source) from exc
    except Exception as exc:  # rdflib's parsers raise their own, undocumented types
        raise InputError(f"cannot parse {fmt}: {exc}", path=source) from exc
    return graph


class _Reader:
    def __init__(self, g: Graph, iri_base: str, source: str) -> None:
        self.g = g
        self.mig = mig_namespace(iri_base)
        self.source = source
        self.issues: list[Issue] = []

    def one(self, s: Node, p: URIRef) -> Node | None:
        return next(iter(sorted(self.g.objects(s, p), key=str)), None)

    def text(self, s: Node, p: URIRef) -> LocalizedText:
        return LocalizedText(
            {o.language or "": str(o) for o in self.g.objects(s, p) if isinstance(o, Literal)}
        )

    def urn(self, node: Node | None, what: str, fallback: str | None = None) -> Urn | None:
        if node is None:
            return None
        ident = self.one(node, DCTERMS.identifier)
        if ident is not None:
            try:
                return Urn.parse(str(ident), require_version=False)
            except UrnError:
                pass
        minted = Urn(DEFAULT_AGENCY, safe_id(fallback or str(node).rstrip("/").split("/")[-1]))
        self.issues.append(
            Issue(
                code="xkos-minted-urn",
                severity=Severity.WARNING,
                message=f"{what} {node} has no DDI URN (dcterms:identifier); minted {minted}",
                location=Location(file=self.source, urn=str(minted)),
            )
        )
        return minted

    def enum_name(self, node: Node | None) -> str | None:
        if node is None:
            return None
        text = str(node)
        return _uncamel(text.rsplit("#", 1)[-1].rsplit("/", 1)[-1])

    def codes(self, node: Node, ordered: URIRef, concepts: URIRef) -> tuple[str, ...]:
        head = self.one(node, ordered)
        if head is not None:
            return tuple(str(x) for x in Collection(self.g, head))
        found = []
        for concept in self.g.objects(node, concepts):
            notation = self.one(concept, SKOS.notation)
            found.append(str(notation) if notation is not None else str(concept).rsplit("/", 1)[-1])
        return tuple(sorted(found))

    def comparability(self, node: Node) -> Comparability:
        kind = self.one(node, self.mig.commonalityType)
        weight = self.one(node, self.mig.commonalityWeight)
        return Comparability(
            commonality=self.text(node, self.mig.commonalityNote),
            difference=self.text(node, self.mig.differenceNote),
            commonality_type=CommonalityType(str(kind)) if kind is not None else None,
            commonality_weight=float(weight.toPython()) if isinstance(weight, Literal) else None,
        )

    def association(self, node: Node, nested: bool) -> CodeAssociation:
        mig = self.mig
        sources = self.codes(
            node, mig.sourceCodes, mig.sourceConcept if nested else XKOS.sourceConcept
        )
        targets = self.codes(
            node, mig.targetCodes, mig.targetConcept if nested else XKOS.targetConcept
        )
        rule = self.enum_name(self.one(node, mig.rule))
        semantic = self.enum_name(self.one(node, mig.semantic))
        if semantic is None:
            semantic = self.match_semantic(node, nested)
        condition = self.one(node, mig.condition)
        expression = self.one(node, mig.expression)
        return CodeAssociation(
            sources=sources,
            targets=targets,
            rule=RuleType(rule) if rule else RuleType.RECODE,
            semantic=MatchSemantic(semantic) if semantic else None,
            condition=str(condition) if condition is not None else None,
            expression=str(expression) if expression is not None else None,
            comparability=self.comparability(node),
            note=self.text(node, SKOS.note),
        )

    def match_semantic(self, node: Node, nested: bool) -> str | None:
        """For foreign XKOS: the SKOS mapping relation used between the concepts, if just one."""
        mig = self.mig
        found: set[str] = set()
        sources = list(self.g.objects(node, mig.sourceConcept if nested else XKOS.sourceConcept))
        targets = set(self.g.objects(node, mig.targetConcept if nested else XKOS.targetConcept))
        for s in sources:
            for semantic, prop in _MATCH.items():
                if any(t in targets for t in self.g.objects(s, prop)):
                    found.add(semantic.value)
        return found.pop() if len(found) == 1 else None

    def crosswalk(self, corr: Node) -> Crosswalk:
        g, mig = self.g, self.mig
        urn = self.urn(corr, "correspondence")
        assert urn is not None
        source_scheme = self.one(corr, mig.sourceScheme)
        target_scheme = self.one(corr, mig.targetScheme)
        if source_scheme is None or target_scheme is None:
            compared = sorted(g.objects(corr, XKOS.compares), key=str)
            if len(compared) == 2 and source_scheme is None and target_scheme is None:
                source_scheme, target_scheme = compared
        label = self.text(corr, SKOS.prefLabel)
        if self.one(corr, mig.generatedLabel) is not None:
            label = LocalizedText({k: v for k, v in label.root.items() if k != "en"})
        issued_node = self.one(corr, DCTERMS.issued)
        issued: dt.date | None = None
        if isinstance(issued_node, Literal) and self.one(corr, mig.issuedFromVersionDate) is None:
            issued = dt.date.fromisoformat(str(issued_node)[:10])
        rows: list[tuple[int, CodeAssociation]] = []
        unmatched: list[tuple[int, str]] = []
        for node in g.objects(corr, XKOS.madeOf):
            position = self.one(node, mig.rowIndex)
            order = int(position.toPython()) if isinstance(position, Literal) else 10**9
            if self.one(node, mig.declaredUnmatched) is not None:
                unmatched.extend(
                    (order, c) for c in self.codes(node, mig.targetCodes, XKOS.targetConcept)
                )
                continue
            nested = sorted(g.objects(node, mig.row), key=str)
            members = [(n, True) for n in nested] or [(node, False)]
            for member, is_nested in members:
                index = self.one(member, mig.rowIndex)
                key = int(index.toPython()) if isinstance(index, Literal) else 10**9
                rows.append((key, self.association(member, is_nested)))
        rows.sort(key=lambda r: (r[0], r[1].sources, r[1].targets))
        unmatched.sort()
        source_variable = self.urn(
            self.one(corr, mig.sourceVariable), "source variable"
        ) or self.urn(source_scheme, "source scheme")
        target_variable = self.urn(
            self.one(corr, mig.targetVariable), "target variable"
        ) or self.urn(target_scheme, "target scheme")
        return Crosswalk(
            urn=urn,
            label=label,
            source_variable=source_variable or Urn(DEFAULT_AGENCY, "unknown-source"),
            source_code_list=self.scheme_urn(source_scheme),
            target_variable=target_variable or Urn(DEFAULT_AGENCY, "unknown-target"),
            target_code_list=self.scheme_urn(target_scheme),
            study=self.urn(self.one(corr, mig.study), "study"),
            associations=tuple(a for _, a in rows),
            unmatched_targets=tuple(c for _, c in unmatched),
            comparability=self.comparability(corr),
            missing_treatment=_str(self.one(corr, mig.missingTreatment)),
            version_info=self.version_info(corr),
            issued=issued,
        )

    def scheme_urn(self, scheme: Node | None) -> Urn | None:
        if scheme is None:
            return None
        ident = self.one(scheme, DCTERMS.identifier)
        if ident is None:
            return None
        try:
            return Urn.parse(str(ident), require_version=False)
        except UrnError:
            return None

    def change_note(self, corr: Node) -> str | None:
        note = self.one(corr, SKOS.changeNote)
        if note is None or isinstance(note, Literal):
            return _str(note)
        return _str(self.one(note, XKOS.plainText))

    def version_info(self, corr: Node) -> CrosswalkVersionInfo | None:
        mig = self.mig
        agent = self.one(corr, DCTERMS.creator)
        created = self.one(corr, DCTERMS.created)
        if agent is None or created is None:
            return None
        author = self.one(agent, RDFS.label) if not isinstance(agent, Literal) else agent
        reason = self.enum_name(self.one(corr, mig.changeReason))
        previous = self.one(corr, PROV.wasRevisionOf)
        return CrosswalkVersionInfo(
            author=str(author) if author is not None else str(agent),
            date=dt.date.fromisoformat(str(created)[:10]),
            reason=ChangeReason(reason) if reason else ChangeReason.INITIAL,
            note=self.change_note(corr),
            previous=self.urn(previous, "previous version") if previous is not None else None,
        )


def _str(node: Node | None) -> str | None:
    return str(node) if node is not None else None


def crosswalks_from_graph(
    graph: Graph, iri_base: str = DEFAULT_IRI_BASE, source: str = "<graph>"
) -> tuple[list[Crosswalk], Report]:
    """Every XKOS correspondence in a graph as a crosswalk.

    Args:
        graph: The RDF graph.
        iri_base: The IRI base whose ``ns#`` holds the project properties.
        source: File name for issue locations.

    Returns:
        The crosswalks (sorted by IRI) and a report of what had to be minted or was unreadable.
    """
    reader = _Reader(graph, iri_base, source)
    result: list[Crosswalk] = []
    for corr in sorted(set(graph.subjects(RDF.type, XKOS.Correspondence)), key=str):
        try:
            result.append(reader.crosswalk(corr))
        except (ValueError, TypeError) as exc:
            reader.issues.append(
                Issue(
                    code="xkos-unreadable-correspondence",
                    severity=Severity.ERROR,
                    message=f"correspondence {corr} could not be read: {exc}",
                    location=Location(file=source),
                )
            )
    return result, Report.of(reader.issues, [source])


def read_xkos(
    path: str | Path, fmt: str | None = None, iri_base: str = DEFAULT_IRI_BASE
) -> tuple[list[Crosswalk], Report]:
    """Read the crosswalks in an XKOS Turtle or JSON-LD file.

    Args:
        path: ``.ttl`` or ``.jsonld``/``.json`` file.
        fmt: ``turtle`` or ``json-ld``; from the suffix when omitted.
        iri_base: The IRI base of the project vocabulary.

    Returns:
        The crosswalks and a report.

    Raises:
        InputError: The file cannot be read or parsed.
    """
    file = Path(path)
    chosen = fmt or ("json-ld" if file.suffix.lower() in (".jsonld", ".json") else "turtle")
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror}", path=file) from exc
    graph = parse_xkos(data, chosen, str(file))
    return crosswalks_from_graph(graph, iri_base, str(file))


__all__ = [
    "XKOS",
    "correspondence_iri",
    "crosswalks_from_graph",
    "mig_namespace",
    "parse_xkos",
    "read_xkos",
    "xkos_bytes",
    "xkos_graph",
]

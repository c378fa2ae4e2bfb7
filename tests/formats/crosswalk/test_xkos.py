"""XKOS export/import of crosswalks: SHACL conformance, round trips, n–m blocks."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pyshacl
import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from harmonise.errors import InputError
from harmonise.formats.crosswalk_sheet import crosswalk_from_rows, read_long_sheet
from harmonise.formats.xkos import (
    XKOS,
    crosswalks_from_graph,
    mig_namespace,
    parse_xkos,
    read_xkos,
    xkos_bytes,
)
from harmonise.model.crosswalk import Crosswalk, association_cardinalities
from harmonise.model.urn import Urn
from tests.formats.crosswalk.test_crosswalk_file import _relationship_crosswalk

MIG = mig_namespace()
AGENCY = "org.example.migreg"


@pytest.fixture(scope="module")
def shapes(schemas: Path) -> Graph:
    return Graph().parse(schemas / "xkos" / "xkos-best-practices-conformance-shapes.ttl")


@pytest.fixture(scope="module")
def isco(testdata: Path) -> Crosswalk:
    mapping, _ = read_long_sheet(
        testdata / "crosswalks" / "ilo-isco" / "corrtab88-08.csv",
        source="ISCO-88 code",
        target="ISCO 08 Code",
        partial="ISCO-08 part",
    )
    return crosswalk_from_rows(
        mapping.rows,
        urn=Urn(AGENCY, "CW-ISCO88-08", "1.0.0"),
        source_variable=Urn(AGENCY, "ISCO-88", "1.0.0"),
        target_variable=Urn(AGENCY, "ISCO-08", "1.0.0"),
        source_code_list=Urn(AGENCY, "CL-ISCO-88", "1.0.0"),
        target_code_list=Urn(AGENCY, "CL-ISCO-08", "1.0.0"),
        issued=dt.date(2025, 1, 15),
    )


def _conforms(graph: Graph, shapes: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes)
    return bool(conforms), str(text)


@pytest.mark.parametrize("fmt", ["turtle", "json-ld"])
def test_relationship_round_trip_and_shacl(fmt: str, shapes: Graph) -> None:
    crosswalk = _relationship_crosswalk()
    data = xkos_bytes([crosswalk], fmt)
    graph = parse_xkos(data, fmt)
    assert _conforms(graph, shapes) == (True, _conforms(graph, shapes)[1])
    again, report = crosswalks_from_graph(graph)
    assert (again, report.flatten()) == ([crosswalk], [])
    assert isomorphic(graph, parse_xkos(xkos_bytes(again, fmt), fmt))


def test_skos_match_relations_and_computed_values() -> None:
    graph = parse_xkos(xkos_bytes([_relationship_crosswalk()]), "turtle")
    base = "https://id.example.org/migreg/cl/"
    src, tgt = base + "V-ECU-REL-CL/2.0.0/", base + "CL-REL-CORE/1.0.0/"
    assert (URIRef(src + "04"), SKOS.broadMatch, URIRef(tgt + "10")) in graph
    assert (URIRef(src + "07"), SKOS.narrowMatch, URIRef(tgt + "06")) in graph
    assert (URIRef(src + "01"), SKOS.exactMatch, URIRef(tgt + "01")) in graph
    cardinalities = sorted(str(o).rsplit("#")[-1] for o in graph.objects(None, MIG.cardinality))
    assert cardinalities == [
        "ManyToOne",
        "OneToMany",
        "OneToOne",
        "OneToOne",
        "OneToOne",
        "UnmatchedSource",
        "UnmatchedTarget",
    ]


def test_isco_n_to_m_blocks_are_single_associations(isco: Crosswalk, shapes: Graph) -> None:
    graph = parse_xkos(xkos_bytes([isco]), "turtle")
    assert _conforms(graph, shapes)[0]
    # independent: connected components of the (source, target) bipartite graph by BFS
    edges: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for a in isco.associations:
        for s in a.sources:
            for t in a.targets:
                edges.setdefault(("s", s), set()).add(("t", t))
                edges.setdefault(("t", t), set()).add(("s", s))
    seen: set[tuple[str, str]] = set()
    components = []
    for start in edges:
        if start in seen:
            continue
        stack, members = [start], set()
        while stack:
            node = stack.pop()
            if node in members:
                continue
            members.add(node)
            stack.extend(edges[node] - members)
        seen |= members
        components.append(members)
    associations = list(graph.subjects(RDF.type, XKOS.ConceptAssociation))
    assert len(associations) == len(components)
    sizes = sorted(
        (
            len(set(graph.objects(a, XKOS.sourceConcept))),
            len(set(graph.objects(a, XKOS.targetConcept))),
        )
        for a in associations
    )
    assert sizes == sorted(
        (sum(k == "s" for k, _ in c), sum(k == "t" for k, _ in c)) for c in components
    )
    many = [a for a in associations if (a, MIG.cardinality, MIG.ManyToMany) in graph]
    assert len(many) == sum(
        1 for c in components if sum(k == "s" for k, _ in c) > 1 and sum(k == "t" for k, _ in c) > 1
    )
    again, _ = crosswalks_from_graph(graph)
    assert again == [isco]
    assert association_cardinalities(again[0]) == association_cardinalities(isco)


def test_foreign_xkos_from_standards_example() -> None:
    turtle = b"""
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xkos: <http://rdf-vocabulary.ddialliance.org/xkos#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix core: <https://example.org/cl/core/> .
@prefix ec: <https://example.org/cl/ec/> .
@prefix corr: <https://example.org/corr/ec-core/> .
ec:07 skos:notation "7" ; skos:narrowMatch core:06 , core:07 .
core:06 skos:notation "06" . core:07 skos:notation "07" .
corr: a xkos:Correspondence ; skos:prefLabel "EC to core"@en ;
  dcterms:issued "2025-01-15"^^xsd:date ; xkos:compares ec: , core: ; xkos:madeOf corr:a07 .
corr:a07 a xkos:ConceptAssociation ; xkos:sourceConcept ec:07 ;
  xkos:targetConcept core:06 , core:07 .
"""
    crosswalks, report = crosswalks_from_graph(parse_xkos(turtle, "turtle"))
    assert [(a.sources, a.targets, a.semantic) for a in crosswalks[0].associations] == [
        (("7",), ("06", "07"), "narrower")
    ]
    assert report.flatten() == ["xkos-minted-urn"] * 3


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("remote-context.jsonld", json.dumps({"@context": "https://example.org/ctx"}), "remote"),
        ("import-context.jsonld", json.dumps({"@context": {"@import": "https://x"}}), "remote"),
        ("broken.ttl", "<a> <b> .", "cannot parse"),
        ("broken.jsonld", "{", "cannot parse"),
    ],
)
def test_hostile_documents_raise_input_error(
    tmp_path: Path, name: str, content: str, fragment: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=fragment):
        read_xkos(path)


def test_read_xkos_file(tmp_path: Path) -> None:
    path = tmp_path / "relationship.ttl"
    path.write_bytes(xkos_bytes([_relationship_crosswalk()]))
    crosswalks, report = read_xkos(path)
    assert (crosswalks, report.flatten()) == ([_relationship_crosswalk()], [])

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from harmonise.errors import CatalogError
from harmonise.store.graph import CatalogGraph, SparqlError, SparqlTimeout, write_graph

TTL = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://id.example.org/migreg/concept/C-REMIT> a skos:Concept ;
    skos:prefLabel "Remittances"@en , "Remesas"@es , "Remitancat"@sq .
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> CatalogGraph:
    base = tmp_path_factory.mktemp("graph")
    ttl = base / "concepts.ttl"
    ttl.write_text(TTL, encoding="utf-8")
    triples = [
        (URIRef(f"https://id.example.org/migreg/variable/V{n}/1.0.0"), RDF.type, SKOS.Concept)
        for n in range(30)
    ]
    triples.append((triples[0][0], SKOS.prefLabel, Literal("Variable", lang="en")))
    count = write_graph(base / "graph", [ttl], triples)
    assert count == 4 + 31
    return CatalogGraph(base / "graph")


def test_select_gives_w3c_json_results(graph: CatalogGraph) -> None:
    result = graph.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?l WHERE { ?c skos:prefLabel ?l FILTER(lang(?l) = 'sq') }"
    )
    assert result.to_json() == {
        "head": {"vars": ["l"]},
        "results": {
            "bindings": [{"l": {"type": "literal", "value": "Remitancat", "xml:lang": "sq"}}]
        },
    }


def test_ask_and_construct(graph: CatalogGraph) -> None:
    assert graph.query("ASK { ?s ?p 'nothing' }").to_json() == {"head": {}, "boolean": False}
    built = graph.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "CONSTRUCT { ?c <urn:x:label> ?l } WHERE { ?c skos:prefLabel ?l FILTER(lang(?l) = 'es') }"
    )
    assert built.ntriples == (
        '<https://id.example.org/migreg/concept/C-REMIT> <urn:x:label> "Remesas"@es .'
    )


def test_result_limit_truncates(graph: CatalogGraph) -> None:
    result = graph.query("SELECT ?s WHERE { ?s a ?t }", max_results=5)
    assert (len(result.bindings), result.truncated) == (5, True)


def test_time_limit(graph: CatalogGraph) -> None:
    with pytest.raises(SparqlTimeout):
        graph.query("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", timeout=0.0)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service <http://example.org/> { ?s ?p ?o } }", "SERVICE"),
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "syntax error"),
        ("SELECT WHERE {", "syntax error"),
    ],
)
def test_refused_queries(graph: CatalogGraph, query: str, message: str) -> None:
    with pytest.raises(SparqlError, match=message):
        graph.query(query)


def test_the_word_service_inside_a_string_is_fine(graph: CatalogGraph) -> None:
    result = graph.query("SELECT * WHERE { ?s ?p ?o FILTER(?o = 'SERVICE') } # SERVICE")
    assert result.bindings == ()


def test_rdflib_api_over_the_store(graph: CatalogGraph) -> None:
    concept = URIRef("https://id.example.org/migreg/concept/C-REMIT")
    labels = set(graph.graph.objects(concept, SKOS.prefLabel))
    assert Literal("Remesas", lang="es") in labels


def test_missing_graph_is_a_catalog_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no RDF graph"):
        CatalogGraph(tmp_path / "none")


def test_broken_turtle_is_a_catalog_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("this is not turtle", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"bad\.ttl"):
        write_graph(tmp_path / "g", [bad], [])

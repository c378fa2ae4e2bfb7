"""Triple lists for bulk loading (issue 5 §7) hold exactly the triples of the rdflib graphs."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Graph
from rdflib.compare import isomorphic

from harmonise.formats.crosswalk_file import read_crosswalk_file
from harmonise.formats.ddi_codebook import read_ddi_codebook
from harmonise.formats.rdf_export import TripleCollector, graph_of, triples_of
from harmonise.formats.xkos import crosswalks_from_graph, xkos_graph, xkos_triples
from harmonise.model.crosswalk import Crosswalk
from tests.conftest import PROJECT_ROOT

STUDIES = PROJECT_ROOT / "registry" / "studies"
CROSSWALK_FILES = sorted(STUDIES.glob("*/*/crosswalks/*.yaml"))
CODEBOOKS = sorted(STUDIES.glob("*/*/codebook.xml"))


def _graph(triples: TripleCollector) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


@pytest.fixture(scope="module")
def crosswalks() -> list[Crosswalk]:
    if not CROSSWALK_FILES:
        pytest.skip("the registry has no crosswalk files yet")
    # a dozen crosswalks keep the graph comparison quick; one more gets an association whose
    # target codes are out of order, which XKOS writes as an ordered rdf:List
    found = [read_crosswalk_file(path) for path in CROSSWALK_FILES[:12]]
    for path in CROSSWALK_FILES:
        cw = read_crosswalk_file(path)
        for n, a in enumerate(cw.associations):
            if len(a.targets) > 1:
                turned = a.model_copy(update={"targets": tuple(sorted(a.targets, reverse=True))})
                rows = (*cw.associations[:n], turned, *cw.associations[n + 1 :])
                return [*found, cw.model_copy(update={"associations": rows})]
    pytest.skip("no registry crosswalk maps a code onto several codes")


def test_collector_keeps_distinct_triples_in_first_added_order() -> None:
    graph = Graph().parse(data="<urn:a> <urn:p> 1, 2 .", format="turtle")
    one, two = sorted(graph, key=lambda t: str(t[2]))
    sink = TripleCollector()
    for triple in (two, one, two):
        sink.add(triple)
    assert list(sink) == [two, one]


def test_xkos_triples_are_the_xkos_graph(crosswalks: list[Crosswalk]) -> None:
    triples = xkos_triples(crosswalks)
    assert any(p == RDF.first for _, p, _ in triples)
    assert isomorphic(_graph(triples), xkos_graph(crosswalks))


def test_xkos_triples_read_back_as_the_same_crosswalks(crosswalks: list[Crosswalk]) -> None:
    # ordered code lists are written as rdf:Lists by hand now: the reader must still see them
    found, report = crosswalks_from_graph(_graph(xkos_triples(crosswalks)))
    assert report.flatten(["code"]) == []
    assert found == crosswalks_from_graph(xkos_graph(crosswalks))[0]
    assert found[-1].associations == crosswalks[-1].associations


@pytest.mark.parametrize("path", CODEBOOKS, ids=lambda p: "-".join(p.parts[-3:-1]))
def test_item_triples_are_the_item_graph(path: Path) -> None:
    package, _ = read_ddi_codebook(path)
    items = [*package.code_lists, *package.questions, *package.variables, package.study]
    assert isomorphic(_graph(triples_of(items)), graph_of(items))

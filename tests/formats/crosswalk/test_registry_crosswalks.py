"""The programme registry's crosswalks: canonical text, valid expressions, XKOS, every export."""

from __future__ import annotations

from pathlib import Path

import pyshacl
import pytest
from rdflib import Graph

from harmonise.formats.crosswalk_exports import ExportFormat, export_crosswalks
from harmonise.formats.crosswalk_file import crosswalk_file_text, read_crosswalk_file
from harmonise.formats.xkos import crosswalks_from_graph, parse_xkos, xkos_bytes
from harmonise.model.crosswalk import Crosswalk
from harmonise.model.expression import parse_expression
from tests.conftest import PROJECT_ROOT

STUDIES = PROJECT_ROOT / "registry" / "studies"
FILES = sorted(STUDIES.glob("*/*/crosswalks/*.yaml"))
needs_registry = pytest.mark.skipif(not FILES, reason="the registry has no crosswalk files yet")


@needs_registry
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_registry_file_is_canonical_with_valid_expressions(path: Path) -> None:
    crosswalk = read_crosswalk_file(path)
    assert crosswalk_file_text(crosswalk) == path.read_text(encoding="utf-8")
    for a in crosswalk.associations:
        for text in (a.condition, a.expression):
            if text is not None:
                parse_expression(text)


@pytest.fixture(scope="module")
def registry_crosswalks() -> list[Crosswalk]:
    return [read_crosswalk_file(p) for p in FILES]


@needs_registry
@pytest.mark.parametrize(
    "fmt",
    [f for f in ExportFormat if f not in (ExportFormat.XKOS_TTL, ExportFormat.XKOS_JSONLD)],
)
def test_registry_exports(registry_crosswalks: list[Crosswalk], fmt: ExportFormat) -> None:
    data = export_crosswalks(registry_crosswalks, fmt)
    if fmt in (ExportFormat.SPSS, ExportFormat.STATA, ExportFormat.R, ExportFormat.SQL):
        assert data.decode().count("Crosswalk urn:ddi:") == len(registry_crosswalks)
    else:
        assert data


@needs_registry
def test_latest_ecuador_xkos_round_trip_and_shapes(schemas: Path) -> None:
    folder = max(STUDIES.glob("ECU-2025/*/crosswalks"), key=lambda p: p.parent.name)
    crosswalks = [read_crosswalk_file(p) for p in sorted(folder.glob("*.yaml"))]
    graph = parse_xkos(xkos_bytes(crosswalks), "turtle")
    shapes = Graph().parse(schemas / "xkos" / "xkos-best-practices-conformance-shapes.ttl")
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes)
    assert conforms, text
    again, report = crosswalks_from_graph(graph)
    key = lambda cw: str(cw.urn)  # noqa: E731
    assert (sorted(again, key=key), report.flatten()) == (sorted(crosswalks, key=key), [])

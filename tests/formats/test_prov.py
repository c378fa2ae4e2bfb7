from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from harmonise.errors import InputError
from harmonise.formats.prov import (
    figure_graph,
    graph_bytes,
    harmonisation_graph,
    read_figure_lineage,
    read_harmonisation_lineage,
    write_prov,
)
from harmonise.model import LocalizedText, Urn
from harmonise.model.lineage import (
    CrosswalkRef,
    FigureLineage,
    FileRef,
    HarmonisationLineage,
    QuestionRef,
    RunRef,
    SourceVariableRef,
    StudyRef,
)

A = "org.example.migreg"
T0 = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _file(name: str, digit: str, study: str | None = None) -> FileRef:
    return FileRef(path=name, sha256=digit * 64, format="spss", rows=10, study=study)


def _lineage() -> FigureLineage:
    question = QuestionRef(
        urn=Urn(A, "Q-ECU-HL14", "2.0.0"),
        name="HL14",
        text=LocalizedText({"es": "¿Dónde vive la madre?", "en": "Where does the mother live?"}),
        instrument=Urn(A, "INST-ECU", "2.0.0"),
    )
    harmonisation = HarmonisationLineage(
        dataset=Urn(A, "H-ECU-2025-ALB-2025-abc", "1"),
        output=FileRef(path="h.parquet", sha256="c" * 64, format="parquet", rows=20),
        run=RunRef(
            iri="https://id.example.org/migreg/run/harmonise-x",
            kind="harmonise",
            started=T0,
            ended=T0 + dt.timedelta(seconds=3),
            software="harmonise 0.1.0",
            parameters=(("control_columns", "false"), ("studies", "ALB-2025 ECU-2025")),
        ),
        studies=(
            StudyRef(id="ALB-2025", version="1.0.0", country="ALB"),
            StudyRef(
                id="ECU-2025", version="2.0.0", country="ECU", urn=Urn(A, "ECU-2025", "2.0.0")
            ),
        ),
        inputs=(_file("alb.sav", "a", "ALB-2025"), _file("ecu.sav", "b", "ECU-2025")),
        crosswalks=(
            CrosswalkRef(
                urn=Urn(A, "XW-ECU-HL14", "1.1.0"),
                study="ECU-2025",
                source_variable=Urn(A, "V-ECU-HL14", "2.0.0"),
                target_variable=Urn(A, "CV-mother_abroad", "1.0.0"),
                target_name="mother_abroad",
                status="partial",
                previous=Urn(A, "XW-ECU-HL14", "1.0.0"),
            ),
        ),
        variables=(
            SourceVariableRef(
                urn=Urn(A, "V-ECU-HL14", "2.0.0"),
                name="hl14",
                label=LocalizedText({"es": "Madre en el extranjero"}),
                question=question,
                study="ECU-2025",
                file="ecu.sav",
            ),
        ),
    )
    return FigureLineage(
        figure=Urn(A, "FIG-CHILD-PARENT-ABROAD", "1.0.0"),
        title=LocalizedText({"en": "Children with a parent abroad", "sq": "Fëmijë"}),
        definition=FileRef(path="fig.yaml", sha256="d" * 64, format="yaml"),
        values=FileRef(path="fig.json", sha256="e" * 64, format="json"),
        core_variables=("age", "mother_abroad"),
        run=RunRef(
            iri="https://id.example.org/migreg/run/tabulate-x",
            kind="tabulate",
            started=T0,
            ended=T0,
            software="harmonise 0.1.0",
        ),
        harmonisation=harmonisation,
    )


@pytest.mark.parametrize("suffix", [".prov.ttl", ".prov.jsonld"])
def test_figure_lineage_round_trips(tmp_path: Path, suffix: str) -> None:
    lineage = _lineage()
    path = tmp_path / f"fig{suffix}"
    write_prov(figure_graph(lineage), path)
    assert read_figure_lineage(path) == lineage


def test_turtle_and_json_ld_hold_the_same_graph() -> None:
    g = figure_graph(_lineage())
    turtle = Graph().parse(data=graph_bytes(g, "turtle"), format="turtle")
    jsonld = Graph().parse(data=graph_bytes(g, "json-ld"), format="json-ld")
    assert isomorphic(turtle, jsonld)


def test_harmonisation_lineage_round_trips(tmp_path: Path) -> None:
    lineage = _lineage().harmonisation
    path = tmp_path / "h.prov.ttl"
    write_prov(harmonisation_graph(lineage), path)
    assert read_harmonisation_lineage(path) == lineage


def test_chain_reaches_plans_sources_and_questions() -> None:
    g = figure_graph(_lineage())
    query = """
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX mig: <https://id.example.org/migreg/ns#>
        SELECT DISTINCT ?x WHERE {
          <urn:ddi:org.example.migreg:FIG-CHILD-PARENT-ABROAD:1.0.0>
            (prov:wasDerivedFrom|prov:wasGeneratedBy|prov:used|mig:measuredBy)+ ?x }
    """
    reached = {str(row[0]) for row in g.query(query)}
    assert {
        "urn:ddi:org.example.migreg:H-ECU-2025-ALB-2025-abc:1",
        "urn:ddi:org.example.migreg:XW-ECU-HL14:1.1.0",
        "urn:ddi:org.example.migreg:V-ECU-HL14:2.0.0",
        "urn:ddi:org.example.migreg:Q-ECU-HL14:2.0.0",
        "https://id.example.org/migreg/file/" + "a" * 64,
        "https://id.example.org/migreg/run/harmonise-x",
    } <= reached
    plans = {
        str(r[0])
        for r in g.query(
            "PREFIX prov: <http://www.w3.org/ns/prov#> SELECT ?p WHERE "
            "{ ?run prov:qualifiedAssociation/prov:hadPlan ?p }"
        )
    }
    assert plans == {"urn:ddi:org.example.migreg:XW-ECU-HL14:1.1.0"}


def test_broken_record_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.prov.ttl"
    path.write_text("@prefix prov: <http://www.w3.org/ns/prov#> .\n<a> prov:used", encoding="utf-8")
    with pytest.raises(InputError, match="not a readable turtle"):
        read_figure_lineage(path)


def test_record_without_figure_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "h.prov.ttl"
    write_prov(harmonisation_graph(_lineage().harmonisation), path)
    with pytest.raises(InputError, match="expected one figure, found 0"):
        read_figure_lineage(path)

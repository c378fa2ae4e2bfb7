"""The inspect use case (services.inspection)."""

from __future__ import annotations

from pathlib import Path

import pytest

from harmonise.errors import InputError
from harmonise.services.inspection import inspect_file


def test_inspects_a_multilingual_codebook(testdata: Path) -> None:
    result = inspect_file(testdata / "ddi-codebook-2.5/cessda/fsd-3307.xml")
    assert (result.format, result.version, result.root) == ("ddi-codebook-2.5", "2.5", "codeBook")
    assert result.study is not None
    assert result.study.title == "Child Barometer 2018"
    assert result.study.identifiers == ["FSD3307", "urn:nbn:fi:fsd:T-FSD3307"]
    assert result.languages == ["en", "fi"]
    assert result.exit_code == 0
    document = result.to_json()
    counts = document["counts"]
    assert {k: counts[k] for k in ("variables", "questions", "categories", "languages")} == {
        "variables": 78,
        "questions": 78,
        "categories": 275,
        "languages": 2,
    }
    assert document["issues"][0]["code"] == "missing-file-id"


def test_error_level_issues_give_exit_code_1(tmp_path: Path) -> None:
    path = tmp_path / "dangling.xml"
    path.write_text(
        '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt><titl>T</titl>'
        "<IDNo>T1</IDNo></titlStmt></citation></stdyDscr>"
        '<dataDscr><var ID="V1" name="a" files="F9"/></dataDscr></codeBook>',
        encoding="utf-8",
    )
    result = inspect_file(path)
    assert result.report.flatten() == ["dangling-file-reference"]
    assert result.exit_code == 1


def test_unreadable_file_raises(testdata: Path) -> None:
    with pytest.raises(InputError):
        inspect_file(testdata / "ddi-codebook-2.5/cessda/ukds-7481-not-wellformed.xml-invalid")


# --- registry files that are not DDI (issue 3 §9: inspect summarises each file) --------------


@pytest.mark.parametrize("study", ["ECU-2025/2.0.0", "ALB-2025/1.0.0"])
def test_inspects_registry_microdata(project_root: Path, study: str) -> None:
    import pyreadstat

    path = project_root / "registry/studies" / study / "data/persons.sav"
    _, meta = pyreadstat.read_sav(str(path), metadataonly=True, user_missing=True)
    value_labels = sum(len(meta.variable_value_labels.get(n, {})) for n in meta.column_names)
    result = inspect_file(path)
    assert (result.format, result.exit_code, result.study) == ("spss", 0, None)
    assert result.counts == {
        "variables": len(meta.column_names),
        "questions": 0,
        "categories": value_labels,
        "languages": 0,
        "rows": meta.number_rows,
        "labelled_variables": sum(1 for label in meta.column_labels if label),
        "variables_with_value_labels": len(meta.variable_value_labels),
        "value_labels": value_labels,
        "user_missing": len(meta.missing_ranges),
    }
    assert result.to_json()["counts"]["rows"] > 0


@pytest.mark.parametrize(
    "name", ["popstan-census/Census Dictionary.dcf", "csprousers-tests/TestDict.dcf"]
)
def test_inspects_cspro_dictionaries(testdata: Path, name: str) -> None:
    path = testdata / "cspro" / name
    text = path.read_text(encoding="utf-8-sig")
    items = text.count("\n[Item]") if text.lstrip().startswith("[") else None
    result = inspect_file(path)
    assert (result.format, result.counts["questions"]) == ("cspro", 0)
    assert result.study is not None
    if items is not None:
        assert result.counts["variables"] == items
    else:
        assert result.counts["variables"] > 0


def test_inspects_a_registry_crosswalk(project_root: Path) -> None:
    import yaml

    path = project_root / "registry/studies/ECU-2025/2.0.0/crosswalks/XW-ECU-rel_head_2.0.0.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = inspect_file(path)
    assert (result.format, result.agency, result.exit_code) == (
        "harmonise-crosswalk",
        "org.example.migreg",
        0,
    )
    assert result.counts["associations"] == len(document["associations"])
    assert result.counts["source_codes"] == len(
        {s for a in document["associations"] for s in a["sources"]}
    )
    assert (result.details["crosswalk"], result.details["target variable"]) == (
        document["urn"],
        document["target"]["variable"],
    )


def test_inspects_a_vocabulary(project_root: Path) -> None:
    import rdflib
    from rdflib.namespace import RDF, SKOS

    path = project_root / "vocabularies/migreg-core-codelists.ttl"
    graph = rdflib.Graph().parse(path)
    result = inspect_file(path)
    assert (result.format, result.exit_code) == ("skos", 0)
    assert result.counts["concept_schemes"] == len(
        set(graph.subjects(RDF.type, SKOS.ConceptScheme))
    )
    assert result.languages == sorted(
        {o.language for o in graph.objects(None, SKOS.prefLabel) if o.language}
    )


def test_yaml_that_is_no_crosswalk_or_figure_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.yaml"
    path.write_text("agency: org.example.migreg\n", encoding="utf-8")
    with pytest.raises(InputError, match="neither a harmonise crosswalk"):
        inspect_file(path)


def test_inspects_the_programme_settings(project_root: Path) -> None:
    import yaml

    path = project_root / "registry/programme.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    result = inspect_file(path)
    assert (result.format, result.agency, result.languages) == (
        "harmonise-programme",
        document["agency"],
        document["languages"],
    )
    assert result.counts["countries"] == len(document["countries"])

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from harmonise.cli.main import cli
from harmonise.services.catalog import build_catalog
from tests.services.catalog_content import sample_content
from tests.services.test_catalog import project


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("cli-search")
    build_catalog(project(folder), source=sample_content())
    return folder


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, root: Path) -> CliRunner:
    monkeypatch.delenv("HARMONISE_CATALOG", raising=False)
    monkeypatch.setenv("HARMONISE_ROOT", str(root))
    return CliRunner()


def test_search_prints_ranked_hits_and_facets(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["search", "hl3", "--type", "variable"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "1-2 of 2 results for 'hl3'"
    assert lines[1].startswith(
        "  1. [variable] hl3  ¿La madre del niño vive en el extranjero?  (ECU"
    )
    assert "facets:" in lines
    assert "  country: ALB (1), ECU (1)" in lines


def test_search_json_with_filters(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["search", "remesas", "--country", "alb", "--type", "variable", "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(h["name"], h["country"]) for h in data["hits"]] == [("q7", "ALB")]
    assert data["facets"]["country"] == {"ALB": 1}


def test_search_language_restriction(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["search", "remesas", "--lang", "sq", "--type", "variable", "--json"]
    )
    assert [h["name"] for h in json.loads(result.output)["hits"]] == ["q7"]


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "x" * 10_000, "\x01(", "-"])
def test_bad_queries_answer_with_exit_0(runner: CliRunner, query: str) -> None:
    result = runner.invoke(cli, ["search", query])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_no_catalog_exits_1_with_a_hint(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    project(tmp_path)
    monkeypatch.delenv("HARMONISE_CATALOG", raising=False)
    monkeypatch.setenv("HARMONISE_ROOT", str(tmp_path))
    result = CliRunner().invoke(cli, ["search", "remesas"])
    assert result.exit_code == 1
    assert "run `harmonise build` first" in result.output

"""Figure definitions: schema, core-variable names, the weighted population estimate; the
committed figure values (registry/figures/values) are reproduced from the committed files."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harmonise.config import Settings
from harmonise.formats.figure_definition import read_figure_definition
from harmonise.model import MetadataPackage
from harmonise.model.expression import names as expression_names
from harmonise.model.expression import parse_expression
from harmonise.model.figure import IndicatorType
from harmonise.services.figures import compute_figures, definition_paths
from harmonise.services.harmonisation import registry_studies
from harmonise.services.registry import load_registry
from tests.registry.conftest import REGISTRY, ROOT

#: The timestamp the committed values were computed with
#: (``harmonise figures compute --timestamp 2026-01-15T00:00:00``).
PUBLISHED_AT = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)


def _definitions() -> list:  # type: ignore[type-arg]
    return [read_figure_definition(p) for p in sorted((REGISTRY / "figures").glob("*.yaml"))]


def test_figures_present() -> None:
    assert [d.id for d in _definitions()] == [
        "FIG-CHILD-BOTH-PARENTS-ABROAD",
        "FIG-CHILD-PARENT-ABROAD",
        "FIG-CHILDREN-PARENT-ABROAD-TOTAL",
        "FIG-REMIT-HH-EDUCATION",
        "FIG-SCHOOL-ATTEND-NO-PARENT-ABROAD",
        "FIG-SCHOOL-ATTEND-PARENT-ABROAD",
    ]


def test_expressions_use_core_variables_only(core: MetadataPackage) -> None:
    core_names = {v.name for v in core.core_variables}
    unknown = []
    for d in _definitions():
        assert d.studies == ("ECU-2025", "ALB-2025")
        for text in (d.universe, d.indicator.expression):
            if text:
                unknown += [
                    n for n in expression_names(parse_expression(text)) if n not in core_names
                ]
        unknown += [n for n in (d.weight, *d.breakdowns) if n and n not in core_names]
    assert unknown == []


def test_weighted_population_estimate() -> None:
    totals = [
        d.id
        for d in _definitions()
        if d.indicator.type in (IndicatorType.COUNT, IndicatorType.TOTAL) and d.weight
    ]
    assert totals == ["FIG-CHILDREN-PARENT-ABROAD-TOTAL"]


@pytest.mark.slow
def test_committed_figure_values_are_reproduced_exactly(tmp_path: Path) -> None:
    committed = REGISTRY / "figures" / "values"
    published = sorted(p.relative_to(committed) for p in committed.glob("*/*/*.json"))
    definitions = sorted(p.stem for p in (REGISTRY / "figures").glob("*.yaml"))
    # every definition has committed values, and nothing else does
    assert sorted({p.parts[0] for p in published}) == definitions
    settings = Settings.from_root(ROOT)
    content = load_registry(settings)
    studies, _ = registry_studies(content)
    runs = compute_figures(
        definition_paths(settings),
        studies,
        content.core,
        values_dir=tmp_path / "values",
        harmonised_dir=tmp_path / "harmonised",
        root=ROOT,
        now=PUBLISHED_AT,
        iri_base=settings.iri_base,
    )
    assert [r.figure is not None for r in runs] == [True] * len(definitions)
    recomputed = sorted(
        p.relative_to(tmp_path / "values") for p in tmp_path.glob("values/*/*/*.json")
    )
    assert recomputed == published
    differing = [
        str(p)
        for p in published
        if (committed / p).read_bytes() != (tmp_path / "values" / p).read_bytes()
    ]
    assert differing == []


_REWRITE_PROV = """
import sys
from pathlib import Path
from harmonise.formats.prov import figure_graph, graph_bytes, read_figure_lineage
for ttl in sorted(Path(sys.argv[1]).glob("*/*/*.prov.ttl")):
    graph = figure_graph(read_figure_lineage(ttl))
    for fmt, path in (("turtle", ttl), ("json-ld", ttl.with_suffix(".jsonld"))):
        print(path.name, fmt, graph_bytes(graph, fmt) == path.read_bytes())
"""


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_committed_prov_records_serialise_to_the_same_bytes(hash_seed: str) -> None:
    # regression: random blank-node labels and store order made every run's PROV bytes differ
    values = REGISTRY / "figures" / "values"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    out = subprocess.run(
        [sys.executable, "-c", _REWRITE_PROV, str(values)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.splitlines()
    assert len(out) == 2 * len(list(values.glob("*/*/*.prov.ttl"))) > 0
    assert [line for line in out if not line.endswith(" True")] == []

"""Figure definitions: schema, core-variable names, the weighted population estimate."""

from __future__ import annotations

from harmonise.formats.figure_definition import read_figure_definition
from harmonise.model import MetadataPackage
from harmonise.model.expression import names as expression_names
from harmonise.model.expression import parse_expression
from harmonise.model.figure import IndicatorType
from tests.registry.conftest import REGISTRY


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

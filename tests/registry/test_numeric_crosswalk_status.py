"""Numeric crosswalks of the registry (age, weights, days absent...) are complete everywhere:
through crosswalk_status, the catalog's concordance (services.browse, /api/v1/concordance) and
the validator's figure-coverage rule 24."""

from __future__ import annotations

import pytest

from harmonise.config import Settings
from harmonise.model import Crosswalk, HarmonisationStatus
from harmonise.model.crosswalk import crosswalk_status
from harmonise.services.browse import Browser
from harmonise.services.registry import load_registry
from harmonise.validate import check_figure_coverage
from tests.registry.conftest import ROOT


def _numeric(crosswalks: dict[tuple[str, str], list[Crosswalk]]) -> list[Crosswalk]:
    return [cw for found in crosswalks.values() for cw in found if cw.source_code_list is None]


def test_numeric_crosswalks_are_complete(
    crosswalks: dict[tuple[str, str], list[Crosswalk]],
) -> None:
    numeric = _numeric(crosswalks)
    targets = {cw.target_variable.id for cw in numeric}
    assert {"CV-age", "CV-weight_person", "CV-weight_hh", "CV-days_absent"} <= targets
    assert {str(cw.urn): crosswalk_status(cw) for cw in numeric} == {
        str(cw.urn): HarmonisationStatus.COMPLETE for cw in numeric
    }


@pytest.mark.slow
def test_concordance_and_rule_24_agree(
    crosswalks: dict[tuple[str, str], list[Crosswalk]],
) -> None:
    numeric = {str(cw.urn) for cw in _numeric(crosswalks)}
    content = load_registry(Settings.from_root(ROOT))
    matrix = Browser(content, "test").concordance()
    cells = {c.crosswalk: c.status for row in matrix.rows for c in row.cells if c.crosswalk}
    shown = {urn: status for urn, status in cells.items() if urn in numeric}
    # the concordance shows the latest versions: Ecuador 2.0.0 and Albania 1.0.0
    assert len(shown) == len([u for u in numeric if "ECU" not in u or u.endswith(":2.0.0")])
    assert set(shown.values()) == {HarmonisationStatus.COMPLETE}
    core = {cv.urn.unversioned(): cv for cv in content.core.core_variables}
    for (study, version), found in sorted(crosswalks.items()):
        variables = [
            core[cw.target_variable.unversioned()] for cw in found if str(cw.urn) in numeric
        ]
        issues = check_figure_coverage("FIG-NUMERIC", variables, {f"{study}-{version}": found})
        assert [i.code for i in issues] == []

from __future__ import annotations

import datetime as dt
from pathlib import Path

from harmonise.model import MatchSemantic
from harmonise.model.figure import Indicator, IndicatorType, ValueStatus
from harmonise.services.figures import compute_figure, published_records, read_figure_values
from tests.services.harmonisation_world import (
    ALB,
    ECU,
    FRAMES,
    core_package,
    definition,
    parent_crosswalk,
    study,
    write_definition,
    write_sav,
)

NOW = dt.datetime(2026, 3, 2, 10, 0, tzinfo=dt.UTC)


def _compute(root: Path, studies: list, defn_path: Path | None = None, now: dt.datetime = NOW):
    return compute_figure(
        defn_path or write_definition(root),
        studies,
        core_package(),
        values_dir=root / "registry" / "figures" / "values",
        harmonised_dir=root / ".catalog" / "harmonised",
        root=root,
        now=now,
    )


def _expected_share(ages, mothers, fathers, weights) -> float:
    num = den = 0.0
    for a, m, f, w in zip(ages, mothers, fathers, weights, strict=True):
        if a < 18:
            den += w
            num += w if (m == 1 or f == 1) else 0.0
    return 100 * num / den


def test_weighted_share_by_country(tmp_path: Path) -> None:
    run = _compute(tmp_path, [study(ECU, tmp_path), study(ALB, tmp_path)])
    assert run.report.flatten() == []
    assert run.figure is not None
    got = {v.country: v.exact for v in run.figure.values}
    # Ecuador: the 17-year-old's mother is "does not know" (9 -> core missing 8) and the father
    # is not abroad, so the indicator is unknown and the record leaves numerator and denominator
    assert got == {
        "ALB": _expected_share([2, 15, 10], [2, 1, 2], [1, 2, 2], [2.0, 2.0, 4.0]),
        "ECU": _expected_share([5, 12, 3, 8], [1, 2, 1, 2], [2, 2, 3, 1], [1.5, 2.0, 3.0, 0.5]),
    }
    assert [v.value for v in run.figure.values] == [50.0, round(got["ECU"], 1)]


def test_recomputing_from_the_files_gives_the_published_value(tmp_path: Path) -> None:
    studies = [study(ECU, tmp_path), study(ALB, tmp_path)]
    first = _compute(tmp_path, studies)
    assert first.figure is not None
    published = read_figure_values(first.files[0])
    again = _compute(tmp_path / "again", studies, write_definition(tmp_path / "again"))
    assert again.figure is not None
    assert again.figure.values == published.values
    assert again.figure.dataset == published.dataset


def test_changed_crosswalk_row_gives_new_lineage_and_keeps_the_old(tmp_path: Path) -> None:
    studies = [study(ECU, tmp_path), study(ALB, tmp_path)]
    old = _compute(tmp_path, studies)
    # version 1.1.0 of the mother crosswalk: "does not know" (9) now maps to "no" (2)
    changed = parent_crosswalk(ECU, "mother_abroad", version="1.1.0")
    changed = changed.model_copy(
        update={
            "associations": (
                changed.associations[0],
                changed.associations[1].model_copy(update={"sources": ("2", "3", "9")}),
            )
        }
    )
    new_ecu = study(ECU, tmp_path, extra=(changed,))
    new = _compute(tmp_path, [new_ecu, studies[1]], now=NOW + dt.timedelta(days=1))
    assert old.figure is not None
    assert new.figure is not None
    assert old.figure.dataset != new.figure.dataset
    old_xw = {str(u) for u in old.figure.crosswalks if "XW-ECU-p14" in str(u)}
    new_xw = {str(u) for u in new.figure.crosswalks if "XW-ECU-p14" in str(u)}
    assert (old_xw, new_xw) == (
        {"urn:ddi:org.example.migreg:XW-ECU-p14:1.0.0"},
        {"urn:ddi:org.example.migreg:XW-ECU-p14:1.1.0"},
    )
    records = published_records(
        tmp_path / "registry" / "figures" / "values", old.figure.definition.id
    )
    assert [r[0].dataset for r in records] == [new.figure.dataset, old.figure.dataset]
    ecu_old = next(v for v in old.figure.values if v.country == "ECU")
    ecu_new = next(v for v in new.figure.values if v.country == "ECU")
    assert ecu_new.exact != ecu_old.exact


def test_partial_mapping_is_a_footnote(tmp_path: Path) -> None:
    partial = parent_crosswalk(
        ALB, "mother_abroad", version="1.0.1", abroad_semantic=MatchSemantic.CLOSE
    )
    run = _compute(tmp_path, [study(ECU, tmp_path), study(ALB, tmp_path, extra=(partial,))])
    assert run.figure is not None
    alb = next(v for v in run.figure.values if v.country == "ALB")
    assert alb.status is ValueStatus.COMPUTED
    assert alb.footnotes == (
        "mother_abroad: the ALB-2025 mapping is partial (crosswalk "
        "urn:ddi:org.example.migreg:XW-ALB-hl14:1.0.1); categories are not fully comparable",
    )


def test_impossible_mapping_is_not_computed_for_that_country(tmp_path: Path) -> None:
    from harmonise.model import CodeAssociation, RuleType

    impossible = parent_crosswalk(ALB, "father_abroad", version="2.0.0").model_copy(
        update={
            "associations": (
                CodeAssociation(sources=("1", "2", "3", "9"), targets=(), rule=RuleType.IMPOSSIBLE),
            )
        }
    )
    run = _compute(tmp_path, [study(ECU, tmp_path), study(ALB, tmp_path, extra=(impossible,))])
    assert run.figure is not None
    assert next((v.country, v.status.value, v.reason) for v in run.figure.values) == (
        "ALB",
        "not-computed",
        "the mapping of father_abroad is impossible (urn:ddi:org.example.migreg:XW-ALB-hl16:2.0.0)",
    )
    assert run.figure.values[1].status is ValueStatus.COMPUTED


def test_uncovered_codes_stop_the_country_not_the_figure(tmp_path: Path) -> None:
    ecu = study(ECU, tmp_path)
    frame = {k: list(v) for k, v in FRAMES["ECU"].items()}
    frame["p14"][0] = 7
    write_sav(ECU, tmp_path / "data", frame)
    run = _compute(tmp_path, [ecu, study(ALB, tmp_path)])
    assert run.report.flatten(["code", "location.column"]) == [["code-not-in-crosswalk", "p14"]]
    assert run.figure is not None
    ecu_value = next(v for v in run.figure.values if v.country == "ECU")
    assert (ecu_value.status, ecu_value.value) == (ValueStatus.NOT_COMPUTED, None)


def test_unknown_core_variable_is_a_finding_and_nothing_is_written(tmp_path: Path) -> None:
    defn = definition(
        indicator=Indicator(type=IndicatorType.PROPORTION, expression="sibling_abroad == 1")
    )
    run = _compute(tmp_path, [study(ECU, tmp_path)], write_definition(tmp_path, defn))
    assert run.report.flatten(["code", "severity"]) == [["figure-unknown-variable", "error"]]
    assert run.figure is None
    assert not (tmp_path / "registry" / "figures" / "values").exists()


def test_missing_data_file_is_a_finding(tmp_path: Path) -> None:
    ecu = study(ECU, tmp_path)
    ecu.data_file.unlink()
    run = _compute(tmp_path, [ecu, study(ALB, tmp_path)])
    assert run.report.flatten() == ["data-file-missing"]
    assert run.figure is not None
    assert [(v.country, v.status.value) for v in run.figure.values] == [
        ("ALB", "computed"),
        ("ECU", "not-computed"),
    ]


def test_count_and_mean_indicators(tmp_path: Path) -> None:
    count = definition(
        id="FIG-CHILDREN", indicator=Indicator(type=IndicatorType.COUNT), weight=None
    )
    run = _compute(
        tmp_path, [study(ECU, tmp_path), study(ALB, tmp_path)], write_definition(tmp_path, count)
    )
    assert run.figure is not None
    assert [(v.country, v.value) for v in run.figure.values] == [("ALB", 3.0), ("ECU", 5.0)]
    mean = definition(
        id="FIG-MEAN-AGE",
        universe=None,
        indicator=Indicator(type=IndicatorType.MEAN, expression="age"),
        decimals=2,
    )
    run = _compute(tmp_path, [study(ALB, tmp_path)], write_definition(tmp_path, mean))
    assert run.figure is not None
    assert [v.value for v in run.figure.values] == [
        round((2 * 2 + 15 * 2 + 60 * 1 + 10 * 4) / 9.0, 2)
    ]

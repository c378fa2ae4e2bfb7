from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from harmonise.engine.sql import UnknownNameError
from harmonise.engine.tabulate import tabulate
from harmonise.model.figure import FigureDefinition, Indicator, IndicatorType


def _data(tmp_path: Path) -> Path:
    path = tmp_path / "h.parquet"
    pd.DataFrame(
        {
            "study": ["A", "A", "A", "A", "B"],
            "country": ["ALB", "ALB", "ALB", "ALB", "ECU"],
            "sex": [1, 2, 2, 1, 1],
            "age": [4.0, 9.0, 30.0, 7.0, 3.0],
            "abroad": [1, 2, 1, 8, 1],
            "w": [2.0, 1.0, 1.0, 5.0, 1.0],
        }
    ).to_parquet(path, index=False)
    return path


def _defn(**kw: object) -> FigureDefinition:
    values: dict[str, object] = {
        "id": "F",
        "universe": "age < 18",
        "indicator": Indicator(type=IndicatorType.PROPORTION, expression="abroad == 1"),
        "weight": "w",
    }
    values.update(kw)
    return FigureDefinition.model_validate(values)


def test_breakdowns_and_declared_missing(tmp_path: Path) -> None:
    cells = tabulate(_data(tmp_path), _defn(breakdowns=("sex",)), missing={"abroad": ("8",)})
    assert [(c.country, c.breakdown, c.estimate, c.unweighted_n) for c in cells] == [
        ("ALB", (("sex", "1"),), 100.0, 1),
        ("ALB", (("sex", "2"),), 0.0, 1),
        ("ECU", (("sex", "1"),), 100.0, 1),
    ]


def test_missing_code_counts_as_a_value_when_not_declared(tmp_path: Path) -> None:
    cells = tabulate(_data(tmp_path), _defn())
    assert [(c.country, c.estimate) for c in cells] == [("ALB", 100 * 2.0 / 8.0), ("ECU", 100.0)]


def test_total_and_count(tmp_path: Path) -> None:
    total = tabulate(
        _data(tmp_path), _defn(indicator=Indicator(type=IndicatorType.TOTAL, expression="age"))
    )
    assert [c.estimate for c in total] == [2 * 4.0 + 9.0 + 5 * 7.0, 3.0]
    count = tabulate(
        _data(tmp_path), _defn(indicator=Indicator(type=IndicatorType.COUNT), weight=None)
    )
    assert [c.estimate for c in count] == [3.0, 1.0]


def test_unknown_breakdown_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError):
        tabulate(_data(tmp_path), _defn(breakdowns=("region",)))

"""Seeded generator of the SYNTHETIC microdata: one person-level SPSS file per country.

About 3,000 households and 12,000 persons per country; household variables are repeated on
every person row, with the household id and the line number as keys. The joint distributions
are plausible, not estimated from any real survey: migrant households are more common in
high-emigration provinces, children with a parent abroad live more often in households that
receive remittances and are more often cared for by a grandmother, and so on.

Values are first drawn in CORE codes and then written in NATIONAL codes by inverting the
country's crosswalk (for a national code that several core codes map from, e.g. Ecuador's
"parent or parent-in-law", any core code picks it). A few items are drawn in national codes
directly (education levels, remittance channels, Ecuador's 6-month remittance receipt).

Deliberate data-quality defects (documented in docs/registry.md) let the validator find
something: Ecuador has an undeclared remittance-channel code 7 in three households; Albania has
one person aged 140, outside the declared range 0-95.

Everything is driven by ``numpy.random.default_rng(seed)``: the same seed gives the same data
and the same bytes.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyreadstat

from migreg.countries import ALBANIA, ECUADOR, CountryDef
from migreg.national import NationalVar, national_variables

SEEDS = {"ECU-2025": 20250218, "ALB-2025": 20250008}
HOUSEHOLDS = 3000

Row = dict[str, Any]


class _Draw:
    """Thin helpers over a numpy Generator."""

    def __init__(self, seed: int) -> None:
        self.rng = np.random.default_rng(seed)

    def p(self, prob: float) -> bool:
        return bool(self.rng.random() < prob)

    def yn(self, prob: float, dk: float = 0.006, nr: float = 0.002) -> str:
        u = self.rng.random()
        if u < dk:
            return "8"
        if u < dk + nr:
            return "9"
        return "1" if self.rng.random() < prob else "2"

    def pick(self, values: Sequence[str], weights: Sequence[float]) -> str:
        cumulative = list(accumulate(float(w) for w in weights))
        index = bisect_right(cumulative, self.rng.random() * cumulative[-1])
        return str(values[min(index, len(values) - 1)])

    def int_between(self, low: int, high: int) -> int:
        return int(self.rng.integers(low, high + 1))


# --- country parameters ---------------------------------------------------------------------

_PARAMS: dict[str, dict[str, Any]] = {
    "ECU-2025": {
        "regions": (
            ("1", 0.2, 0.34),
            ("3", 0.1, 0.38),
            ("9", 0.25, 0.12),
            ("11", 0.1, 0.3),
            ("14", 0.05, 0.32),
            ("17", 0.3, 0.14),
        ),
        "households_total": 2_600_000,
        "urban": 0.64,
        "dest": (
            ("840", 0.55),
            ("724", 0.24),
            ("380", 0.07),
            ("152", 0.04),
            ("124", 0.03),
            ("276", 0.02),
            ("826", 0.02),
            ("250", 0.02),
            ("998", 0.01),
        ),
        "reason": (0.7, 0.12, 0.04, 0.03, 0.08, 0.03),
        "years": (1998, 2024),
        "migrant_male": 0.6,
        "intend": 0.12,
        "insurance": 0.38,
        "work": (0.07, 0.16),
        "educ_use": 0.5,
        "channel": (("1", 0.25), ("2", 0.58), ("3", 0.13), ("4", 0.04)),
    },
    "ALB-2025": {
        "regions": tuple(
            (str(i), w, m)
            for i, w, m in (
                (1, 0.05, 0.42),
                (2, 0.05, 0.5),
                (3, 0.1, 0.3),
                (4, 0.1, 0.4),
                (5, 0.1, 0.45),
                (6, 0.03, 0.4),
                (7, 0.07, 0.42),
                (8, 0.03, 0.5),
                (9, 0.05, 0.42),
                (10, 0.07, 0.45),
                (11, 0.3, 0.22),
                (12, 0.05, 0.38),
            )
        ),
        "households_total": 750_000,
        "urban": 0.62,
        "dest": (
            ("380", 0.38),
            ("300", 0.3),
            ("276", 0.1),
            ("826", 0.08),
            ("840", 0.05),
            ("250", 0.03),
            ("056", 0.03),
            ("998", 0.03),
        ),
        "reason": (0.78, 0.1, 0.06, 0.03, 0.01, 0.02),
        "years": (1991, 2024),
        "migrant_male": 0.65,
        "intend": 0.2,
        "insurance": 0.62,
        "work": (0.05, 0.1),
        "educ_use": 0.35,
        "channel": (("1", 0.15), ("2", 0.45), ("3", 0.05), ("4", 0.2), ("5", 0.12), ("6", 0.03)),
    },
}


def _person(line: int, rel: str, sex: str, age: int) -> Row:
    return {"line_no": line, "rel_head": rel, "sex": sex, "age": age}


def _household_members(d: _Draw, migrant: bool) -> tuple[list[Row], bool, bool]:
    """The roster in core codes; also whether the head's spouse and a parent are abroad."""
    head_age = d.int_between(22, 82)
    spouse_abroad = migrant and d.p(0.4)
    head_female = d.p(0.65 if spouse_abroad else 0.27)
    members = [_person(1, "01", "2" if head_female else "1", head_age)]
    if not spouse_abroad and d.p(0.72 if head_age < 70 else 0.5):
        members.append(
            _person(0, "02", "1" if head_female else "2", max(18, head_age + d.int_between(-8, 4)))
        )
    child_age_max = min(30, head_age - 17)
    for _ in range(int(d.rng.poisson(2.6 if head_age < 55 else 0.9))):
        if child_age_max < 0:
            break
        rel = "10" if d.p(0.03) else "03"
        members.append(_person(0, rel, d.pick(("1", "2"), (1, 1)), d.int_between(0, child_age_max)))
    grand = head_age > 45 and d.p(0.55 if migrant else 0.2)
    if grand:
        for _ in range(1 + int(d.rng.poisson(1.0))):
            members.append(_person(0, "05", d.pick(("1", "2"), (1, 1)), d.int_between(0, 17)))
        if d.p(0.3):
            members.append(_person(0, "04", d.pick(("1", "2"), (1, 2)), d.int_between(20, 45)))
    if d.p(0.07):
        members.append(
            _person(
                0,
                d.pick(("06", "07"), (2, 1)),
                d.pick(("1", "2"), (1, 2)),
                min(95, head_age + d.int_between(18, 32)),
            )
        )
    if d.p(0.06):
        members.append(
            _person(
                0, d.pick(("08", "09"), (1, 2)), d.pick(("1", "2"), (1, 1)), d.int_between(5, 70)
            )
        )
    if d.p(0.025):
        members.append(_person(0, "11", "2", d.int_between(16, 60)))
    if d.p(0.002):
        members.append(_person(0, "98", d.pick(("1", "2"), (1, 1)), d.int_between(18, 60)))
    for i, m in enumerate(members, start=1):
        m["line_no"] = i
    return members, spouse_abroad, head_female


def _child_items(
    d: _Draw, m: Row, hh: Row, spouse_abroad: bool, head_female: bool, *, params: dict[str, Any]
) -> None:
    age = m["age"]
    migrant = hh["hh_member_abroad"] == "1"
    m["mother_alive"] = d.yn(0.985)
    m["father_alive"] = d.yn(0.97)
    p_mother = p_father = 0.0
    if migrant:
        if m["rel_head"] == "03":
            p_father = 0.75 if (spouse_abroad and head_female) else 0.08
            p_mother = 0.7 if (spouse_abroad and not head_female) else 0.04
        elif m["rel_head"] == "05":
            p_mother, p_father = 0.55, 0.6
        else:
            p_mother, p_father = 0.12, 0.15
    elif m["rel_head"] == "05":
        p_mother, p_father = 0.04, 0.05
    m["mother_abroad"] = d.yn(p_mother) if m["mother_alive"] == "1" else "2"
    m["father_abroad"] = d.yn(p_father) if m["father_alive"] == "1" else "2"
    abroad = m["mother_abroad"] == "1" or m["father_abroad"] == "1"
    if m["rel_head"] == "05":
        m["caregiver"] = d.pick(
            ("3", "4", "5", "1"), (0.62, 0.13, 0.1, 0.15 if not abroad else 0.0)
        )
    elif m["mother_abroad"] == "1":
        m["caregiver"] = d.pick(("2", "3", "5", "6", "7"), (0.35, 0.42, 0.1, 0.08, 0.05))
    else:
        m["caregiver"] = d.pick(("1", "2", "3", "98"), (0.9, 0.04, 0.05, 0.01))
    if abroad:
        m["contact_freq"] = d.pick(
            ("1", "2", "3", "4", "5", "8"), (0.28, 0.42, 0.16, 0.08, 0.05, 0.01)
        )
        m["parent_visit"] = d.yn(0.22)
        m["caregiver_change"] = d.yn(0.55 if m["mother_abroad"] == "1" else 0.12)
    m["ill_2w"] = d.yn(0.28 if age < 5 else 0.15)
    if m["ill_2w"] == "1":
        m["care_sought"] = d.yn(0.72 if hh.get("remit_receive") == "1" else 0.62)
    m["health_insurance"] = d.yn(
        params["insurance"] + (0.08 if hh.get("remit_receive") == "1" else 0)
    )
    m["func_difficulty"] = d.yn(0.035)
    if age >= 5:
        m["ever_school"] = d.yn(0.985 if age < 15 else 0.96, dk=0.002, nr=0.0)
        if m["ever_school"] == "1":
            p_attend = 0.97 if age < 15 else 0.8
            if hh.get("remit_receive") == "1":
                p_attend += 0.02
            if abroad and age >= 15:
                p_attend -= 0.06
            m["school_attend"] = d.yn(min(p_attend, 0.995))
            m["grade_repeat"] = d.yn(0.12 if abroad else 0.08)
            m["days_absent"] = min(20, int(d.rng.poisson(1.3)))
        rural = hh["area"] == "2"
        p_work = params["work"][1] if rural else params["work"][0]
        if hh.get("remit_receive") == "1":
            p_work *= 0.7
        if age >= 12:
            p_work *= 1.8
        m["child_work_econ"] = d.yn(p_work)
        if m["child_work_econ"] == "1":
            m["child_work_hours"] = d.int_between(2, 45)
        m["child_chores"] = d.yn(0.45 + 0.02 * (age - 5))


def _household(
    d: _Draw, hh_id: int, region: str, migration_rate: float, params: dict[str, Any]
) -> tuple[Row, list[Row], bool, bool]:
    migrant = d.p(migration_rate)
    members, spouse_abroad, head_female = _household_members(d, migrant)
    hh: Row = {"hh_id": hh_id, "region": region}
    hh["area"] = "1" if d.p(params["urban"]) else "2"
    hh["hh_size"] = len(members)
    hh["hh_member_abroad"] = "1" if migrant else "2"
    if migrant:
        hh["n_abroad"] = 1 + int(d.rng.poisson(0.5)) + (1 if spouse_abroad and d.p(0.2) else 0)
        dests = params["dest"]
        hh["dest_country"] = d.pick([v for v, _ in dests], [w for _, w in dests])
        hh["migr_reason"] = d.pick(("1", "2", "3", "4", "5", "6"), params["reason"])
        low, high = params["years"]
        hh["migr_year"] = d.int_between(low, high)
        hh["migr_sex"] = (
            "2"
            if spouse_abroad and not head_female
            else (
                "1"
                if spouse_abroad
                else d.pick(("1", "2"), (params["migrant_male"], 1 - params["migrant_male"]))
            )
        )
        hh["contact_hh"] = d.pick(("1", "2", "3", "4", "5", "8"), (0.3, 0.4, 0.15, 0.1, 0.04, 0.01))
    hh["return_migrant"] = d.yn(0.15 if migrant else 0.06)
    hh["intend_migrate"] = d.yn(params["intend"] * (1.5 if migrant else 1.0))
    hh["remit_receive"] = d.yn(0.74 if migrant else 0.05)
    if hh["remit_receive"] == "1":
        hh["remit_freq"] = d.pick(("1", "2", "3", "4", "8"), (0.45, 0.25, 0.12, 0.17, 0.01))
        hh["remit_amount"] = round(float(min(100000, d.rng.lognormal(np.log(2400), 0.8))), 0)
        uses = {
            "remit_use_food": d.yn(0.86),
            "remit_use_educ": d.yn(params["educ_use"] + (0.1 if migrant else 0)),
            "remit_use_health": d.yn(0.42),
            "remit_use_house": d.yn(0.27),
            "remit_use_debt": d.yn(0.2),
            "remit_use_business": d.yn(0.08),
        }
        hh.update(uses)
        candidates = [
            code
            for code, key in zip(("1", "2", "3", "4", "5", "6"), uses, strict=True)
            if uses[key] == "1"
        ]
        hh["remit_main_use"] = (
            d.pick(candidates, [3.0 if c == "1" else 1.0 for c in candidates])
            if candidates
            else "7"
        )
    hh["remit_inkind"] = d.yn(0.35 if migrant else 0.03)
    return hh, members, spouse_abroad, head_female


def _core_rows(country: CountryDef, seed: int, households: int) -> list[Row]:
    """Person rows in core codes (plus a few national-only keys prefixed with ``_``)."""
    d = _Draw(seed)
    params = _PARAMS[country.study]
    regions = params["regions"]
    region_codes = [r for r, _, _ in regions]
    region_weights = [w for _, w, _ in regions]
    rates = {r: m for r, _, m in regions}
    rows: list[Row] = []
    for serial in range(1, households + 1):
        region = d.pick(region_codes, region_weights)
        hh_id = int(region) * 100_000 + serial
        hh, members, spouse_abroad, head_female = _household(
            d, hh_id, region, rates[region], params
        )
        for m in members:
            if m["age"] < 18:
                _child_items(d, m, hh, spouse_abroad, head_female, params=params)
        _national_only(d, country, hh, members, params)
        rows.extend({**hh, **m} for m in members)
    _weights(d, rows, params)
    return rows


def _national_only(
    d: _Draw, country: CountryDef, hh: Row, members: list[Row], params: dict[str, Any]
) -> None:
    """Items drawn in national codes: education level, remittance channel, specific items."""
    migrant = hh["hh_member_abroad"] == "1"
    if hh["remit_receive"] == "1":
        channels = params["channel"]
        hh["_channel"] = d.pick([v for v, _ in channels], [w for _, w in channels])
        if d.p(0.004):
            hh["_channel"] = "9" if country is ALBANIA else "99"
        hh["_remit6"] = "1" if d.p(0.88) else "2"
    elif hh["remit_receive"] == "2":
        hh["_remit6"] = "2"
    else:
        hh["_remit6"] = "98" if hh["remit_receive"] == "8" else "99"
    if country is ECUADOR:
        hh["_bdh"] = "1" if d.p(0.09 if migrant else 0.16) else "2"
        if migrant:
            hh["_route"] = d.pick(
                ("1", "2", "98"), (0.18 if hh.get("migr_year", 0) >= 2019 else 0.06, 0.9, 0.01)
            )
    else:
        hh["_ne"] = "1" if d.p(0.05 if migrant else 0.11) else "2"
        hh["_land"] = "1" if d.p(0.35 if hh["area"] == "1" else 0.8) else "2"
        if migrant:
            hh["_seasonal"] = "1" if d.p(0.3 if hh.get("dest_country") == "300" else 0.08) else "2"
    for m in members:
        age = m["age"]
        if country is ECUADOR:
            m["_ethnic"] = d.pick(
                ("1", "2", "3", "4", "5", "6", "98"), (0.09, 0.04, 0.05, 0.77, 0.03, 0.01, 0.01)
            )
        if m.get("ever_school") != "1":
            continue
        repeated = m.get("grade_repeat") == "1"
        if country is ECUADOR:
            if age <= 14 or (age == 15 and repeated):
                m["_level"] = "2" if age == 5 and d.p(0.1) else "3"
                if m["_level"] == "3":
                    m["_grade"] = max(0, min(10, age - 5 - (1 if repeated else 0)))
            else:
                m["_level"] = "4"
        else:
            if age == 5:
                m["_level"] = "1"
            elif age <= 10:
                m["_level"] = "2"
            elif age <= 14 or (age == 15 and repeated):
                m["_level"] = "3"
            else:
                m["_level"] = "4"
            m["_lang"] = "1" if d.p(0.35 if migrant else 0.12) else "2"


def _weights(d: _Draw, rows: list[Row], params: dict[str, Any]) -> None:
    """Stratum (region x area) expansion weights with a non-response adjustment."""
    households: dict[int, tuple[str, str]] = {}
    for r in rows:
        households[r["hh_id"]] = (r["region"], r["area"])
    sampled: dict[tuple[str, str], int] = {}
    for stratum in households.values():
        sampled[stratum] = sampled.get(stratum, 0) + 1
    shares = {r: w for r, w, _ in params["regions"]}
    total_share = sum(shares.values())
    weights: dict[int, float] = {}
    for hh_id, (region, area) in households.items():
        area_share = params["urban"] if area == "1" else 1 - params["urban"]
        population = params["households_total"] * shares[region] / total_share * area_share
        adjust = 1.0 + float(d.rng.uniform(-0.12, 0.12))
        weights[hh_id] = round(population / sampled[(region, area)] * adjust, 4)
    for r in rows:
        r["weight_hh"] = weights[r["hh_id"]]
        r["weight_person"] = weights[r["hh_id"]]


# --- national encoding ----------------------------------------------------------------------


def _inverse(var: NationalVar) -> dict[str, list[str]]:
    """Core value -> national values, from the crosswalk rows (unconditional rows first)."""
    inverse: dict[str, list[str]] = {}
    for assoc in var.associations:
        for target in assoc.targets:
            for source in assoc.sources:
                inverse.setdefault(target, [])
                if source not in inverse[target]:
                    inverse[target].append(source)
    return inverse


_NATIONAL_KEYS = {
    "provincia": "region",
    "qarku": "region",
    "s1p06": "_ethnic",
    "s3p03": "_grade",
    "s4p07": "_route",
    "s5p08": "_bdh",
    "q407": "_seasonal",
    "q512": "_ne",
    "q513": "_land",
    "q306": "_lang",
}


def _encoder(var: NationalVar, country: CountryDef, d: _Draw) -> Callable[[Row], float]:
    """A function giving the national value of ``var`` for a person row (NaN = sysmis)."""
    core = var.core_var
    if core is None:
        key = _NATIONAL_KEYS[var.name]
        return lambda row: _number(row.get(key))
    if core == "isced_level":
        return lambda row: _number(row.get("_level"))
    if core == "remit_channel":
        return lambda row: _number(row.get("_channel"))
    if core == "remit_receive" and country is ECUADOR and var.reference_period == "P6M":
        return lambda row: _number(row.get("_remit6"))
    if core == "contact_freq" and var.level == "hh":
        dk = country.one_digit_missing[0]
        return lambda row: _number({"8": dk}.get(row.get("contact_hh"), row.get("contact_hh")))
    if core in ("remit_use_educ", "remit_use_health") and country is ALBANIA:
        # Albania asks "education or health" once (q506; q506b is its copy).
        return lambda row: _number(
            _either_yes(row.get("remit_use_educ"), row.get("remit_use_health"))
        )
    if var.code_list is None:
        return lambda row: _number(row.get(core))
    inverse = _inverse(var)

    def encode(row: Row) -> float:
        raw = row.get(core)
        if raw is None:
            return np.nan
        candidates = inverse.get(str(raw))
        if not candidates:
            raise ValueError(f"{var.name}: no national code for core value {raw!r}")
        if len(candidates) == 1:
            return float(candidates[0])
        return float(d.pick(candidates, [1.0] * len(candidates)))

    return encode


def _number(value: object) -> float:
    return np.nan if value is None else float(value)  # type: ignore[arg-type]


def _either_yes(first: str | None, second: str | None) -> str | None:
    if first is None:
        return None
    if "1" in (first, second):
        return "1"
    if first in ("8", "9"):
        return first
    return "2"


def generate_frame(
    country: CountryDef, households: int = HOUSEHOLDS, seed: int | None = None
) -> pd.DataFrame:
    """The national person-level data of a country, as a DataFrame of floats (NaN = sysmis).

    Args:
        country: The country definition.
        households: Number of households to draw.
        seed: Random seed; the country's default seed when omitted.

    Returns:
        One column per national variable, in questionnaire order, sorted by household and line.
    """
    seed = SEEDS[country.study] if seed is None else seed
    rows = _core_rows(country, seed, households)
    d = _Draw(seed + 1)
    variables = national_variables(country)
    columns: dict[str, list[float]] = {}
    for var in variables:
        encode = _encoder(var, country, d)
        columns[var.name] = [encode(row) for row in rows]
    frame = pd.DataFrame(columns)
    _inject_defects(country, frame)
    return frame


def _inject_defects(country: CountryDef, frame: pd.DataFrame) -> None:
    """The documented data-quality defects (docs/registry.md)."""
    if country is ECUADOR:
        channel = country.names["remit_channel"]
        hh_col = country.design_names["hh_id"]
        receiving = frame.loc[frame[channel].notna(), hh_col].drop_duplicates().iloc[[5, 17, 40]]
        frame.loc[frame[hh_col].isin(receiving), channel] = 7.0
    else:
        age = country.names["age"]
        adults = frame.index[frame[age] >= 60]
        frame.loc[adults[3], age] = 140.0


def write_sav(country: CountryDef, frame: pd.DataFrame, path: Path) -> None:
    """Write the data as an SPSS .sav (bytecode-compressed) with labels and user-missing codes.

    Args:
        country: The country definition (labels in the national language).
        frame: Data from :func:`generate_frame`.
        path: Target file.
    """
    variables = national_variables(country)
    lang = country.lang
    labels = {v.name: v.label.get(lang) or v.label.best() for v in variables}
    value_labels: dict[str, dict[int | float, str]] = {}
    missing: dict[str, list[int | float | str | Any]] = {}
    formats: dict[str, str] = {}
    measures: dict[str, str] = {}
    for v in variables:
        if v.code_list is not None:
            value_labels[v.name] = {
                int(c.value): c.label.get(lang) or c.label.best() for c in v.code_list.codes
            }
            miss = [int(c.value) for c in v.code_list.codes if c.missing is not None]
            if miss:
                missing[v.name] = miss[:3]
            width = max(len(c.value) for c in v.code_list.codes)
            formats[v.name] = f"F{width}.0"
            measures[v.name] = "nominal"
        else:
            formats[v.name] = f"F12.{v.decimals}" if v.decimals else "F8.0"
            measures[v.name] = "scale"
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=f"{country.study} SYNTHETIC microdata (illustrative, not official)",
        column_labels=labels,
        row_compress=True,
        variable_value_labels=value_labels,
        missing_ranges=missing,
        variable_format=formats,
        variable_measure=measures,
    )
    _fix_creation_stamp(path)


#: Creation date/time written into every .sav header, so regenerating gives identical bytes.
CREATION_STAMP = b"15 Jul 2500:00:00"


def _fix_creation_stamp(path: Path) -> None:
    """Overwrite the header's creation date and time (offsets 92-108 of an SPSS system file).

    ReadStat stamps the wall-clock time; a fixed stamp makes the build reproducible (the same
    idea as SOURCE_DATE_EPOCH).
    """
    data = bytearray(path.read_bytes())
    if data[:4] not in (b"$FL2", b"$FL3"):
        raise ValueError(f"{path}: not an SPSS system file")
    data[92:109] = CREATION_STAMP
    path.write_bytes(bytes(data))

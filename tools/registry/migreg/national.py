"""Resolve a country definition into its national variables (one per data column).

Applies the default adaptation rules of :mod:`migreg.countries` (national language wording,
national missing codes, exact code-by-code crosswalk) and the overrides, for one questionnaire
version. The result drives the codebook, the crosswalks and the microdata generator alike, so
the three cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from harmonise.model import LocalizedText, MatchSemantic, RuleType
from migreg import codelists as cl
from migreg.codelists import CodeDef, CodeListDef
from migreg.core import DESIGN_VARIABLES, QUESTIONS, UNIVERSES, QuestionDef
from migreg.countries import (
    ECU_PRETEST_DROPPED,
    ECU_REL_PRETEST,
    Adaptation,
    AssocDef,
    CountryDef,
    a,
)


@dataclass(frozen=True)
class NationalVar:
    """A national variable: a data column with its metadata and (for core items) its mapping."""

    name: str
    module: str
    level: str
    concept: str
    label: LocalizedText
    text: LocalizedText | None
    instruction: LocalizedText | None
    code_list: CodeListDef | None
    minimum: float | None
    maximum: float | None
    universe_text: LocalizedText | None
    universe_condition: str | None
    reference_period: str | None
    core: QuestionDef | None = None
    core_design: str | None = None
    associations: tuple[AssocDef, ...] = ()
    unmatched_targets: tuple[str, ...] = ()
    adaptation: Adaptation | None = None
    is_weight: bool = False
    decimals: int = 0

    @property
    def core_var(self) -> str | None:
        """The core variable this one maps onto, if any."""
        if self.core is not None:
            return self.core.var
        return self.core_design


def _national(text: LocalizedText | None, lang: str) -> LocalizedText | None:
    if text is None:
        return None
    return LocalizedText({k: v for k, v in text.root.items() if k in ("en", lang)})


def _rename_condition(condition: str | None, names: dict[str, str]) -> str | None:
    if condition is None:
        return None
    return re.sub(r"\b[a-z_][a-z0-9_]*\b", lambda m: names.get(m.group(0), m.group(0)), condition)


def _national_list(
    core_list: CodeListDef, country: CountryDef
) -> tuple[CodeListDef, dict[str, str]]:
    """The core list in national dress: national labels and the country's one-digit missing codes.

    Returns the list and the national -> core value map.
    """
    codes: list[CodeDef] = []
    to_core: dict[str, str] = {}
    dk_code, nr_code = country.one_digit_missing
    for code in core_list.codes:
        # SPSS stores numbers: a national list has no leading zeros ("008" is written 8).
        value = str(int(code.value))
        if code.missing is cl.DK and value == "8":
            value = dk_code
        elif code.missing is cl.NR and value == "9":
            value = nr_code
        label = _national(code.label, country.lang) or code.label
        if not label.get(country.lang):
            label = code.label
        codes.append(CodeDef(value, label, code.missing))
        to_core[value] = code.value
    national = CodeListDef(
        f"{country.iso3}-{core_list.id}",
        core_list.name,
        _national(core_list.label, country.lang) or core_list.label,
        tuple(codes),
    )
    return national, to_core


def national_variables(country: CountryDef, pretest: bool = False) -> tuple[NationalVar, ...]:
    """Every national variable of a country's questionnaire, in questionnaire order.

    Args:
        country: The country definition.
        pretest: For Ecuador, the pre-test version (1.0.0) instead of the final one.

    Returns:
        Design variables first, then each adapted core question followed by any
        country-specific question placed after it.
    """
    lang = country.lang
    names = dict(country.names) | dict(country.design_names)
    result: list[NationalVar] = []
    for design in DESIGN_VARIABLES:
        result.append(
            NationalVar(
                name=country.design_names[design.var],
                module="HH",
                level="hh" if design.var != "weight_person" else "person",
                concept=design.concept,
                label=_national(design.label, lang) or design.label,
                text=None,
                instruction=None,
                code_list=None,
                minimum=None,
                maximum=None,
                universe_text=None,
                universe_condition=None,
                reference_period=None,
                core_design=design.var,
                is_weight=design.is_weight,
                decimals=design.decimals,
            )
        )
    for question in QUESTIONS:
        if question.var not in country.names:
            continue
        adaptation = country.adaptations.get(question.var, Adaptation())
        code_list = adaptation.code_list
        associations = adaptation.associations
        if pretest and question.var == "rel_head":
            code_list = ECU_REL_PRETEST
            associations = (
                (*associations[:9], a("10", "11"), *associations[-2:]) if associations else None
            )
        if pretest and question.var == "remit_receive":
            adaptation = Adaptation()
            associations = None
        if question.code_list is not None and code_list is None:
            code_list, to_core = _national_list(question.code_list, country)
            if associations is None:
                associations = tuple(
                    AssocDef(
                        (value,),
                        (core,),
                        RuleType.DIRECT if value == core else RuleType.RECODE,
                        MatchSemantic.EXACT,
                    )
                    for value, core in to_core.items()
                )
        if question.code_list is None and associations is None:
            associations = ()
        universe = UNIVERSES[adaptation.universe or question.universe]
        result.append(
            NationalVar(
                name=country.names[question.var],
                module=question.module,
                level=adaptation.level or question.level,
                concept=question.concept,
                label=adaptation.label or _national(question.label, lang) or question.label,
                text=adaptation.text or _national(question.text, lang),
                instruction=_national(question.instruction, lang),
                code_list=code_list,
                minimum=question.minimum,
                maximum=question.maximum,
                universe_text=_national(universe.text, lang),
                universe_condition=_rename_condition(universe.condition, names),
                reference_period=adaptation.reference_period or question.reference_period,
                core=question,
                associations=associations or (),
                unmatched_targets=adaptation.unmatched_targets,
                adaptation=adaptation,
                decimals=question.decimals,
            )
        )
        result.extend(_specific_after(country, question.var, names, result, pretest))
    return tuple(result)


def _specific_after(
    country: CountryDef,
    anchor: str,
    names: dict[str, str],
    so_far: list[NationalVar],
    pretest: bool,
) -> list[NationalVar]:
    placed: list[NationalVar] = []
    anchors = {anchor, names.get(anchor, anchor)}
    for spec in country.specific:
        if spec.after not in anchors or (pretest and spec.name in ECU_PRETEST_DROPPED):
            continue
        module = next((v.module for v in reversed(so_far)), "HH")
        var = NationalVar(
            name=spec.name,
            module=module,
            level=spec.level,
            concept=spec.concept,
            label=spec.label,
            text=spec.text,
            instruction=None,
            code_list=spec.code_list,
            minimum=spec.minimum,
            maximum=spec.maximum,
            universe_text=spec.universe,
            universe_condition=spec.universe_condition,
            reference_period=None,
        )
        placed.append(var)
        anchors.add(spec.name)
        placed.extend(_specific_after(country, spec.name, names, [*so_far, var], pretest))
        anchors.discard(spec.name)
    return placed

"""Small synthetic studies and crosswalks for the engine tests (built in tmp_path)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from harmonise.engine.compile import CrosswalkBinding
from harmonise.model import (
    Category,
    Code,
    CodeAssociation,
    CodeList,
    Crosswalk,
    LocalizedText,
    MissingType,
    RuleType,
    Urn,
)

AGENCY = "org.example.migreg"


def urn(id_: str, version: str = "1.0.0") -> Urn:
    return Urn(AGENCY, id_, version)


def code_list(id_: str, codes: dict[str, str], missing: tuple[str, ...] = ()) -> CodeList:
    return CodeList(
        urn=urn(id_),
        codes=tuple(
            Code(
                value=v,
                category=Category(label=LocalizedText({"en": label})),
                missing=v in missing,
                missing_type=MissingType.DONT_KNOW if v in missing else None,
            )
            for v, label in codes.items()
        ),
    )


CORE_SEX = code_list("CL-SEX", {"1": "Male", "2": "Female"})
CORE_YESNO = code_list("CL-YESNO", {"1": "Yes", "2": "No", "8": "Don't know"}, ("8",))


def recode(sources: list[str], targets: list[str], **kw: object) -> CodeAssociation:
    return CodeAssociation(sources=tuple(sources), targets=tuple(targets), **kw)  # type: ignore[arg-type]


def sex_crosswalk(version: str = "1.0.0", female: str = "2") -> Crosswalk:
    return Crosswalk(
        urn=urn("XW-ECU-SEX", version),
        source_variable=urn("V-ECU-p02"),
        target_variable=urn("CV-sex"),
        associations=(recode(["1"], ["1"]), recode(["6"], [female])),
    )


def abroad_crosswalk(prefix: str, source: str) -> Crosswalk:
    return Crosswalk(
        urn=urn(f"XW-{prefix}-{source}"),
        source_variable=urn(f"V-{prefix}-{source}"),
        target_variable=urn(f"CV-{source}"),
        associations=(recode(["1"], ["1"]), recode(["2", "3"], ["2"]), recode(["9"], ["8"])),
    )


def age_crosswalk(prefix: str) -> Crosswalk:
    return Crosswalk(
        urn=urn(f"XW-{prefix}-age"),
        source_variable=urn(f"V-{prefix}-age"),
        target_variable=urn("CV-age"),
        associations=(CodeAssociation(rule=RuleType.DIRECT),),
    )


def ecuador_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "p02": [1.0, 6.0, 6.0, 1.0, 6.0],
            "age": [5.0, 12.0, 40.0, 17.0, 3.0],
            "mother": [1.0, 2.0, 3.0, 9.0, 1.0],
            "father": [2.0, 2.0, 1.0, 2.0, None],
            "wt": [1.0, 2.0, 1.0, 1.0, 3.0],
        }
    )


def ecuador_bindings(sex: Crosswalk | None = None) -> list[CrosswalkBinding]:
    return [
        CrosswalkBinding(sex or sex_crosswalk(), "p02", "sex", target_codes=CORE_SEX),
        CrosswalkBinding(age_crosswalk("ECU"), "age", "age"),
        CrosswalkBinding(
            abroad_crosswalk("ECU", "mother"), "mother", "mother_abroad", target_codes=CORE_YESNO
        ),
        CrosswalkBinding(
            abroad_crosswalk("ECU", "father"), "father", "father_abroad", target_codes=CORE_YESNO
        ),
        CrosswalkBinding(
            Crosswalk(
                urn=urn("XW-ECU-wt"),
                source_variable=urn("V-ECU-wt"),
                target_variable=urn("CV-weight"),
                associations=(CodeAssociation(rule=RuleType.DIRECT),),
            ),
            "wt",
            "weight_person",
        ),
    ]


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    frame.to_parquet(path, index=False)
    return path

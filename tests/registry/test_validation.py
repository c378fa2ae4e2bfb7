"""The project's validator finds exactly the documented defects in the registry, nothing else."""

from __future__ import annotations

import pytest

from harmonise.formats.microdata import value_counts
from harmonise.issues import Severity
from harmonise.model import Crosswalk, MetadataPackage
from harmonise.validate.catalogue import validate_crosswalk
from harmonise.validate.context import CrosswalkContext
from tests.registry.conftest import STUDY_VERSIONS, study_folder

DOCUMENTED_ERRORS = {
    ("ECU-2025", "1.0.0"): [],
    ("ECU-2025", "2.0.0"): [
        ("data-code-undeclared", "urn:ddi:org.example.migreg:XW-ECU-remit_channel:2.0.0")
    ],
    ("ALB-2025", "1.0.0"): [
        ("data-value-out-of-range", "urn:ddi:org.example.migreg:XW-ALB-age:1.0.0")
    ],
}


@pytest.mark.parametrize(("study", "version"), STUDY_VERSIONS)
def test_crosswalk_and_data_rules(
    crosswalks: dict[tuple[str, str], list[Crosswalk]],
    codebooks: dict[tuple[str, str], MetadataPackage],
    core: MetadataPackage,
    study: str,
    version: str,
) -> None:
    package = codebooks[(study, version)]
    data = study_folder(study, version) / "data" / "persons.sav"
    counts = value_counts(data, [v.name for v in package.variables]) if data.exists() else None
    errors = []
    for cw in crosswalks[(study, version)]:
        source = next(v for v in package.variables if v.urn == cw.source_variable)
        target = next(v for v in core.core_variables if v.urn == cw.target_variable)
        context = CrosswalkContext(
            crosswalk=cw,
            source_code_list=package.code_list(cw.source_code_list),
            target_code_list=core.code_list(cw.target_code_list),
            source_variable=source,
            target_variable=target,
            value_counts=counts[source.name] if counts else None,
        )
        report = validate_crosswalk(context)
        errors += [(i.code, str(cw.urn)) for i in report.issues if i.severity is Severity.ERROR]
    assert errors == DOCUMENTED_ERRORS[(study, version)]

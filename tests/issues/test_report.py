import pytest
from pydantic import ValidationError

from harmonise.issues import Issue, Location, Report, Severity


def test_flatten_and_validity():
    report = Report.of(
        [
            Issue(
                code="undeclared-code",
                severity=Severity.ERROR,
                message="m",
                location=Location(file="a.csv", row=3),
            ),
            Issue(code="unused-code", severity=Severity.WARNING, message="m"),
        ]
    )
    assert report.flatten(["code", "location.row"]) == [
        ["undeclared-code", 3],
        ["unused-code", None],
    ]
    assert report.flatten(["severity"]) == ["error", "warning"]
    assert not report.valid
    assert report.counts() == {"error": 1, "warning": 1, "info": 0}


def test_codes_must_be_kebab_case():
    with pytest.raises(ValidationError):
        Issue(code="Bad_Code", severity=Severity.INFO, message="m")

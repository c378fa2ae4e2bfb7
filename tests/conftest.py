"""Shared fixtures: the real test data in ``../shared/testdata`` and the project root."""

from __future__ import annotations

from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _find_testdata() -> Path | None:
    for folder in (PROJECT_ROOT, *PROJECT_ROOT.parents):
        candidate = folder / "shared" / "testdata"
        if candidate.is_dir():
            return candidate
    return None


TESTDATA: Path | None = _find_testdata()


@pytest.fixture(scope="session")
def testdata() -> Path:
    """The folder of real files written by others (``../shared/testdata``); skips when absent."""
    if TESTDATA is None:
        pytest.skip("../shared/testdata not found: real-data tests need the shared test data")
    return TESTDATA


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The repository root (holds registry/ and vocabularies/)."""
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def schemas(testdata: Path) -> Path:
    """The official XSDs and XKOS shapes."""
    return testdata / "schemas"

"""The API under test: the bundled demo registry, with its catalog built once in a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from harmonise.app import create_app
from harmonise.config import Settings
from harmonise.services.catalog import build_catalog
from tests.api.resource_kinds import KINDS


@pytest.fixture(scope="session")
def demo_settings(project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for the repository's registry, with the catalog in a temporary folder."""
    catalog = tmp_path_factory.mktemp("catalog")
    settings = Settings.from_root(project_root, catalog_dir=catalog)
    build_catalog(settings)
    return settings


@pytest.fixture(scope="session")
def app(demo_settings: Settings) -> Iterator[Flask]:
    yield create_app(demo_settings, TESTING=True)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def some(app: Flask) -> dict[str, str]:
    """A URN of each kind of item, found through the API itself."""
    c = app.test_client()
    found: dict[str, str] = {}
    for kind in KINDS:
        items = c.get(f"/api/v1/{kind}?per_page=1").get_json()["items"]
        assert items, f"the demo registry has no {kind}"
        found[kind] = items[0]["urn"]
    return found

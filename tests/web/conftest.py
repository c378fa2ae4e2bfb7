"""The web pages under test: a temporary copy of the demo project with its figures computed.

The registry, vocabularies and web assets are copied once per session into a temporary project
(figures are computed into that copy, never into the repository) and the catalog is built there.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from harmonise.app import create_app
from harmonise.config import Settings
from harmonise.services.catalog import build_catalog
from harmonise.services.figures import compute_registry_figures


@pytest.fixture(scope="session")
def web_settings(project_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings for a temporary copy of the project with computed figures and a built catalog."""
    root = tmp_path_factory.mktemp("project")
    for folder in ("registry", "vocabularies", "web"):
        shutil.copytree(project_root / folder, root / folder)
    settings = Settings.from_root(root, catalog_dir=root / ".catalog")
    compute_registry_figures(settings, now=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    build_catalog(settings)
    return settings


@pytest.fixture(scope="session")
def web_app(web_settings: Settings) -> Iterator[Flask]:
    """The application over the temporary project."""
    yield create_app(web_settings, TESTING=True)


@pytest.fixture
def client(web_app: Flask) -> FlaskClient:
    """A Flask test client."""
    return web_app.test_client()


@pytest.fixture(scope="session")
def page_urls(web_app: Flask) -> dict[str, str]:
    """One address of every kind of page, found through the API (nothing hard-coded)."""
    c = web_app.test_client()

    def first(kind: str, **params: str) -> str:
        query = "&".join(f"{k}={v}" for k, v in {"per_page": "1", **params}.items())
        items = c.get(f"/api/v1/{kind}?{query}").get_json()["items"]
        assert items, f"the demo registry has no {kind}"
        return str(items[0]["urn"])

    variable = first("variables", study="ECU-2025")
    crosswalk = c.get(f"/api/v1/crosswalks?source={variable}").get_json()["items"][0]["urn"]
    body = c.get(f"/api/v1/crosswalks/{crosswalk}").get_json()["crosswalk"]
    return {
        "home": "/",
        "search": "/search?q=remesas",
        "validate": "/validate",
        "variable": f"/variables/{variable}",
        "core-variable": f"/core-variables/{body['target_variable']}",
        "crosswalk": f"/crosswalks/{crosswalk}",
        "question": f"/questions/{first('questions', study='ALB-2025')}",
        "figure": f"/figures/{first('figures')}",
    }

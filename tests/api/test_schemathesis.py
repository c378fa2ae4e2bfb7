"""Property-based run of schemathesis against the OpenAPI document: no 5xx, every response conforms."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_schema(app):
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    loaded = schemathesis.openapi.from_dict(doc)
    loaded.app = app
    return loaded


@schema.parametrize()
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.filter_too_much])
def test_api_conforms_to_its_openapi_document(case, app):
    response = case.call(app=app)
    assert response.status_code < 500, response.text[:500]
    case.validate_response(response)

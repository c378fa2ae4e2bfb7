"""Property-based run of schemathesis against the OpenAPI document: no 5xx, responses conform."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import negative_data_rejection, positive_data_acceptance

schema = schemathesis.pytest.from_fixture("api_schema")

#: Operations whose inputs are languages of their own (SPARQL text, uploaded files): a
#: schema-valid string can still be a syntax error (and an ill-typed one may still parse), so
#: neither "valid data accepted" nor "invalid data rejected" applies there.
FREE_FORM = ("/sparql", "/validate")


@pytest.fixture(scope="module")
def api_schema(app):
    doc = app.test_client().get("/api/v1/openapi.json").get_json()
    loaded = schemathesis.openapi.from_dict(doc)
    loaded.app = app
    return loaded


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_conforms_to_its_openapi_document(case, app):
    # the WSGI test client does not decompress: ask for identity encoding
    response = case.call(app=app, headers={"Accept-Encoding": "identity"})
    assert response.status_code < 500, response.text[:500]
    free = case.path in FREE_FORM
    excluded = [positive_data_acceptance, negative_data_rejection] if free else []
    case.validate_response(response, excluded_checks=excluded)

"""The generated OpenAPI schema is valid OpenAPI, its docs page is served from our own
static files, and every documented operation is in the access matrix (which calls it)."""

import json

import pytest
from openapi_spec_validator import validate

from api.api import api
from tests.api.test_access_matrix import API_MATRIX


def test_the_schema_validates():
    validate(json.loads(json.dumps(api.get_openapi_schema(), default=str)))


def test_every_documented_operation_is_called_by_the_access_matrix():
    documented = {
        (method, op["operationId"])
        for path, ops in api.get_openapi_schema()["paths"].items()
        for method, op in ops.items()
    }
    assert len(documented) == len(API_MATRIX)
    paths = api.get_openapi_schema()["paths"].values()
    assert all(op["security"] for ops in paths for op in ops.values())


@pytest.mark.django_db
def test_the_docs_page_loads_no_script_from_elsewhere(client, recruiter):
    client.force_login(recruiter)
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    assert client.get("/api/v1/openapi.json").json()["info"]["title"] == "Accord API"

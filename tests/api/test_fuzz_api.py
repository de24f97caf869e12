"""Hostile input to every API operation, as any role with a token: never a 500, always
JSON, and a refused request (4xx) changes no row (the token's own use aside).

The operations are the OpenAPI schema's (so one added to the API is fuzzed at once), their
URL arguments the access matrix's objects. Query parameters and JSON bodies are filled
from the schema's field names with the fuzz test's hostile values and wrong JSON types;
some bodies are not JSON at all."""

import json
import re

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from api.api import api
from tests.api.helpers import bearer
from tests.api.test_access_matrix import API_MATRIX, api_objects  # noqa: F401 — a fixture
from tests.test_fuzz_forms import EXAMPLES, HOSTILE, RANDOM, checksums

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("fuzz")]

ROLES = ["recruiter", "hiring_manager", "interviewer", "agency_recruiter", "hr_lead"]
TOKEN_TABLE = "api_accesstoken"  # each request stamps "last used" and counts the minute

json_value = st.recursive(
    st.one_of(
        st.sampled_from(HOSTILE),
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**30), max_value=10**30),
        st.floats(allow_nan=False),
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=6,
)


def test_hostile_input_never_breaks_the_api(client, request, api_objects):  # noqa: F811
    people = {role: request.getfixturevalue(role) for role in ROLES}
    headers = {role: bearer(person) for role, person in people.items()}
    for name, (method, _body, _expected, kwargs) in sorted(API_MATRIX.items()):
        url = reverse(name, kwargs=kwargs(api_objects) if kwargs else None)
        _fuzz(client, url, method, name, headers)


def _fields_of(url: str, method: str) -> tuple[list[str], list[str]]:
    schema = api.get_openapi_schema()
    components = schema.get("components", {}).get("schemas", {})
    for path, ops in schema["paths"].items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
        if not re.fullmatch(pattern, url) or method not in ops:
            continue
        op = ops[method]
        query = [p["name"] for p in op.get("parameters", []) if p["in"] == "query"]
        content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        ref = content.get("schema", {}).get("$ref", "")
        body = list(components[ref.rsplit("/", 1)[1]]["properties"]) if ref else []
        return query, body
    raise AssertionError(f"{method} {url} is not in the schema")


def _fuzz(client, url, method, name, headers):
    query, body = _fields_of(url, method)

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not RANDOM,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def fuzz(data):
        role = data.draw(st.sampled_from(ROLES))
        params = {
            key: data.draw(st.sampled_from(HOSTILE) | st.text(max_size=20))
            for key in query
            if data.draw(st.booleans())
        }
        before = checksums()
        if method == "get":
            response = client.get(url, params, **headers[role])
        else:
            if data.draw(st.integers(0, 5)) == 0:
                raw = data.draw(st.sampled_from(["not json", "\x00", "[1,", "{}" * 1000, ""]))
            else:
                payload = {
                    key: data.draw(json_value) for key in body if data.draw(st.integers(0, 3))
                }
                raw = json.dumps(payload)
            response = client.generic(method.upper(), url, raw, "application/json", **headers[role])
        where = f"{role} {method.upper()} {url} ({name})"
        assert response.status_code < 500, f"{where}: {response.status_code}"
        assert response["Content-Type"].startswith("application/json"), where
        json.loads(response.content)
        if 400 <= response.status_code < 500:
            after = checksums()
            changed = [t for t in before if before[t] != after.get(t) and t != TOKEN_TABLE]
            assert not changed, f"{where} answered {response.status_code} but wrote {changed}"

    fuzz()

"""The README's "Integrations" curl examples, run through Django's test client."""

import json
import re
import shlex
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from tests.api.helpers import bearer, sent_for_signature


def _examples() -> list[str]:
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    section = readme.split("## Integrations", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line for line in block.splitlines() if line.startswith("curl ")]


def _run(client, line: str, values: dict):
    for name, value in values.items():
        line = line.replace(f"${name}", str(value))
    words = shlex.split(line)[1:]
    method, headers, body, url = "GET", {}, None, None
    while words:
        word = words.pop(0)
        if word == "-X":
            method = words.pop(0)
        elif word == "-H":
            name, _, value = words.pop(0).partition(": ")
            headers["HTTP_" + name.upper().replace("-", "_")] = value
        elif word == "-d":
            body = json.loads(words.pop(0))
        else:
            url = word
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    headers.pop("HTTP_CONTENT_TYPE", None)
    if method == "GET":
        return client.get(path, **headers)
    return client.generic(method, path, json.dumps(body), "application/json", **headers)


@pytest.mark.django_db
def test_the_readme_curl_examples_answer(
    client, requisition, recruiter, hr_generalist, hiring_manager
):
    sent_for_signature(requisition, recruiter=recruiter)
    token = bearer(recruiter)["HTTP_AUTHORIZATION"].removeprefix("Bearer ")
    values = {
        "ACCORD_TOKEN": token,
        "REQUISITION": requisition.pk,
        "RECRUITER": recruiter.pk,
        "HR": hr_generalist.pk,
        "MANAGER": hiring_manager.pk,
    }
    examples = _examples()
    assert len(examples) >= 4
    for line in examples:
        response = _run(client, line, values)
        assert response.status_code in (200, 201), (line, response.content)

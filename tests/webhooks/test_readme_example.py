"""The README's worked example of verifying a webhook: its numbers are right, and the
receiver it shows accepts our signature and refuses a changed body."""

import re
from pathlib import Path

from django.conf import settings

from webhooks.signing import signature, verify

README = (Path(settings.BASE_DIR) / "README.md").read_text()
SECTION = README.partition("**Verifying, a worked example**")[2].partition("**Microsoft Teams.**")[
    0
]


def test_the_worked_example_signs_as_the_readme_says():
    secret = re.search(r"the secret `(whsec_[^`]+)`", SECTION).group(1)
    timestamp = int(re.search(r"`Accord-Timestamp: (\d+)`", SECTION).group(1))
    body = re.search(r"```json\n(.*)\n```", SECTION).group(1).encode()
    header = re.search(r"`Accord-Signature: (v1=[0-9a-f]{64})`", SECTION).group(1)
    assert signature(secret, timestamp, body) == header
    assert verify(secret, header, str(timestamp), body, now=timestamp + 10)
    assert not verify(secret, header, str(timestamp), body + b" ", now=timestamp + 10)


def test_the_python_receiver_in_the_readme_accepts_what_we_send(monkeypatch):
    code = re.search(r"```python\n(.*?)```", SECTION, re.S).group(1)
    namespace = {}
    exec(code, namespace)  # noqa: S102 — the README's own example, run as written
    secret, timestamp, body = "whsec_test", 1765130400, b'{"id":"evt_1"}'
    headers = {
        "Accord-Timestamp": str(timestamp),
        "Accord-Signature": signature(secret, timestamp, body),
    }
    monkeypatch.setattr(namespace["time"], "time", lambda: timestamp + 60)
    assert namespace["verify"](secret, headers, body)
    assert not namespace["verify"]("whsec_other", headers, body)

"""Issue 18: "tokens are never written to logs" — an email button's token rides in the
query string, which neither the access log nor Django's request log writes."""

import logging
import re
from pathlib import Path

import pytest
from django.urls import reverse

from commitments.actions import mint_token
from tests.factories import make_commitment

ROOT = Path(__file__).resolve().parents[2]


def test_the_access_log_writes_the_path_without_its_query_string():
    config = (ROOT / "gunicorn.conf.py").read_text()
    log_format = re.search(r"access_log_format = '(.*)'", config).group(1)
    assert "%(U)s" in log_format
    assert "%(r)s" not in log_format and "%(q)s" not in log_format


@pytest.mark.django_db
def test_a_refused_button_logs_its_path_not_its_token(
    client, caplog, traveller, requisition, hiring_manager
):
    commitment = make_commitment(requisition, hiring_manager)
    token = mint_token(person=hiring_manager, commitment=commitment, action="advance")
    commitment.state = "met"
    commitment.save(update_fields=["state"])
    with caplog.at_level(logging.DEBUG):
        response = client.get(reverse("commitments:email-action"), {"t": token})
    assert response.status_code == 410
    assert token not in caplog.text and token.split(":")[0] not in caplog.text

"""The Agreement tab once a version is out: the agreement in force, the editor folded."""

import pytest
from django.urls import reverse

from tests.checkins.agreements import activate_agreement

pytestmark = pytest.mark.django_db


def test_the_editor_is_folded_once_a_version_is_in_force_and_opens_on_request(
    client, requisition, recruiter, hiring_manager, hr_generalist
):
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    client.force_login(recruiter)
    url = reverse("intake:agreement", kwargs={"pk": requisition.pk})
    folded = client.get(url).content.decode()
    assert "In force: version 1" in folded
    assert 'href="?edit=1#editor-title"' in folded
    assert 'id="section-role_profile"' not in folded and 'id="matrix"' not in folded
    opened = client.get(url, {"edit": "1"}).content.decode()
    assert 'id="section-role_profile"' in opened and 'id="matrix"' in opened
    assert len(folded) < len(opened) / 2

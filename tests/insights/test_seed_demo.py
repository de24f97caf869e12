from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from commitments.models import Commitment
from hiring.models import Requisition

pytestmark = pytest.mark.django_db


def test_seed_demo_loads_every_apps_demo_data_once():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    call_command("seed_demo", stdout=out)

    assert "Demo data loaded." in out.getvalue()
    assert "Demo data already loaded." in out.getvalue()
    assert User.objects.filter(username__in=["recruiter", "hr", "manager"]).count() == 3
    assert Requisition.objects.count() == 4
    # The demo's commitments are real ones, opened by the domain functions that owe them.
    assert Commitment.objects.filter(title__startswith="Review Priya Nair").count() == 1

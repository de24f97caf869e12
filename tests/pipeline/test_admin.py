import pytest
from django.urls import reverse

from pipeline.models import DispositionReason

pytestmark = pytest.mark.django_db


def test_the_seeded_disposition_reasons_carry_the_seeds_kinds_on_both_sides():
    codes = dict(DispositionReason.objects.values_list("code", "side"))
    assert codes["knockout_answer"] == "ours"
    assert codes["skills_gap"] == "ours"
    assert codes["salary_expectations"] == "ours"
    assert codes["position_filled"] == "ours"
    assert codes["candidate_withdrew"] == "candidate"


def test_an_admin_adds_and_retires_disposition_reasons(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:pipeline_dispositionreason_add"),
        {
            "code": "visa",
            "label": "Needs visa sponsorship",
            "side": "ours",
            "position": 9,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    reason = DispositionReason.objects.get(code="visa")
    assert reason.is_active and reason.closes_as == "rejected"
    change = reverse("admin:pipeline_dispositionreason_change", args=[reason.pk])
    client.post(change, {"label": reason.label, "side": "ours", "position": 9})
    reason.refresh_from_db()
    assert not reason.is_active, "retired, not deleted"
    from pipeline.forms import MoveForm

    assert reason not in MoveForm().fields["reason"].queryset
    for name in ("pipeline_dispositionreason_changelist", "pipeline_application_changelist"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200

import pytest
from django.core.exceptions import ValidationError

from intake.drafting import save_section
from intake.models import Agreement

pytestmark = pytest.mark.django_db


def test_the_domain_function_refuses_four_must_haves_and_stores_nothing(
    requisition, recruiter, brief
):
    with pytest.raises(ValidationError):
        save_section(
            requisition=requisition,
            section="role_profile",
            value={**brief, "must_haves": ["a", "b", "c", "d"]},
            edited_by=recruiter,
        )
    assert not Agreement.objects.exists()


def test_an_inverted_salary_band_is_refused(requisition, recruiter):
    with pytest.raises(ValidationError):
        save_section(
            requisition=requisition,
            section="budget",
            value={"salary_min": 90000, "salary_max": 10, "salary_currency": "GBP"},
            edited_by=recruiter,
        )

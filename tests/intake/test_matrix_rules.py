"""The responsibility matrix's rule on one row: no database."""

import pytest
from django.core.exceptions import ValidationError

from intake.matrix import row_problem
from intake.models import ResponsibilityTemplateStep


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"recruiter": "R", "hr_generalist": "A", "hiring_manager": ""}, ""),
        ({"recruiter": "R", "hr_generalist": "R", "hiring_manager": "A"}, ""),
        ({"recruiter": "R", "hr_generalist": "C", "hiring_manager": "I"}, "Nobody is Accountable"),
        ({"recruiter": "A", "hr_generalist": "A", "hiring_manager": "R"}, "2 parties"),
        ({"recruiter": "A", "hr_generalist": "C", "hiring_manager": "I"}, "Nobody is Responsible"),
    ],
)
def test_each_step_needs_exactly_one_a_and_at_least_one_r(cells, problem):
    found = row_problem(cells)
    assert (problem in found) if problem else found == ""


def test_the_admin_row_form_refuses_a_broken_row():
    row = ResponsibilityTemplateStep(step="x", recruiter="C", hr_generalist="C")
    with pytest.raises(ValidationError):
        row.clean()

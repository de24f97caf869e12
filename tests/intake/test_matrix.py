import pytest
from django.core.exceptions import ValidationError

from intake.drafting import cycle_matrix_cell
from intake.matrix import CYCLE, default_matrix, matrix_problems
from intake.models import CycleStep, ResponsibilityTemplateStep
from intake.signatures import send_for_signature

pytestmark = pytest.mark.django_db


def test_the_seeded_default_template_keeps_the_rule_on_all_fourteen_steps():
    assert ResponsibilityTemplateStep.objects.count() == 14
    assert matrix_problems(default_matrix()) == {}


def test_a_click_cycles_r_a_c_i_blank_and_back(draft, requisition, recruiter):
    step, party = CycleStep.SOURCING, "hiring_manager"
    start = draft.matrix[step][party]
    seen = []
    for _ in CYCLE:
        agreement = cycle_matrix_cell(
            requisition=requisition, step=step, party=party, edited_by=recruiter
        )
        seen.append(agreement.matrix[step][party])
    assert seen[-1] == start
    assert set(seen) == set(CYCLE)
    assert agreement.pk == draft.pk


def test_a_broken_matrix_blocks_sending(draft, requisition, recruiter):
    # Sourcing: recruiter R → A gives two As (HR is A already) and no R.
    cycle_matrix_cell(
        requisition=requisition, step=CycleStep.SOURCING, party="recruiter", edited_by=recruiter
    )
    with pytest.raises(ValidationError) as error:
        send_for_signature(requisition=requisition, sent_by=recruiter)
    assert "sourcing" in " ".join(error.value.messages)
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_admin_template_is_copied_into_a_new_agreement(requisition, recruiter, brief):
    from intake.drafting import save_section

    ResponsibilityTemplateStep.objects.filter(step=CycleStep.SOURCING).update(
        recruiter="A", hr_generalist="R", hiring_manager="R"
    )
    agreement, _ = save_section(
        requisition=requisition, section="role_profile", value=brief, edited_by=recruiter
    )
    assert agreement.matrix[CycleStep.SOURCING] == {
        "recruiter": "A",
        "hr_generalist": "R",
        "hiring_manager": "R",
    }
    ResponsibilityTemplateStep.objects.filter(step=CycleStep.SOURCING).update(recruiter="I")
    agreement.refresh_from_db()
    assert agreement.matrix[CycleStep.SOURCING]["recruiter"] == "A"


def test_consecutive_matrix_clicks_by_one_person_fold_into_one_journal_entry(
    requisition, recruiter, hr_generalist
):
    from datetime import timedelta

    import time_machine

    from hiring.models import Activity
    from intake.drafting import cycle_matrix_cell

    def click(step, party, by):
        cycle_matrix_cell(requisition=requisition, step=step, party=party, edited_by=by)

    def edits():
        return Activity.objects.filter(requisition=requisition, kind="agreement_edited")

    # The case: fixing two cells took eight clicks (R→A→C→I→blank→R…).
    for _ in range(4):
        click("sourcing", "recruiter", recruiter)
    for _ in range(4):
        click("screening", "hiring_manager", recruiter)
    [entry] = edits()
    assert entry.summary.startswith("Agreement v1 matrix: ")
    assert "Sourcing × Recruiter R → blank" in entry.summary
    assert "Screening × Hiring manager" in entry.summary
    assert set(entry.details["changes"]) == {"Sourcing × Recruiter", "Screening × Hiring manager"}

    # Someone else, or the same person much later, starts a new entry.
    click("sourcing", "recruiter", hr_generalist)
    assert edits().count() == 2
    with time_machine.travel(timedelta(minutes=10)):
        click("sourcing", "recruiter", hr_generalist)
    assert edits().count() == 3


def test_a_cell_clicked_round_to_where_it_was_drops_out_of_the_entry(requisition, recruiter):
    from hiring.models import Activity
    from intake.drafting import cycle_matrix_cell

    for _ in range(5):  # R → A → C → I → blank → R
        cycle_matrix_cell(
            requisition=requisition, step="sourcing", party="recruiter", edited_by=recruiter
        )
    entry = Activity.objects.get(requisition=requisition, kind="agreement_edited")
    assert entry.summary.endswith("back as it was")

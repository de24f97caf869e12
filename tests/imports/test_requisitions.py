"""Importing requisitions: the preview writes nothing, the import goes through
create_requisition and assign_hiring_team, a re-run matches, refusals say row and column."""

import pytest

from hiring.models import Activity, Requisition
from imports import running
from imports.models import ImportRow, ImportRun

from .helpers import csv_bytes, requisition_rows, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(recruiter, hr_generalist, hiring_manager, interviewer):
    return recruiter, hr_generalist, hiring_manager, interviewer


def preview(content, by, name="searches.csv", kind="requisitions"):
    run = running.start(kind=kind, upload=upload(content, name), by=by)
    while running.check_some(run.pk):
        pass
    run.refresh_from_db()
    return run


def do_import(run, by):
    assert running.confirm(run, by)
    while running.import_some(run.pk):
        pass
    run.refresh_from_db()
    return run


def outcomes(run, field="outcome"):
    return {r.number: getattr(r, field) for r in run.rows.all()}


BROKEN = {
    3: {"hiring_manager": "nobody@example.com"},
    5: {"headcount": "0"},
    8: {"employment_type": "Sometimes", "title": ""},
}


def test_preview_writes_nothing_and_says_why_row_by_row(team, hr_lead):
    before = Activity.objects.count()
    run = preview(csv_bytes(requisition_rows(10)), hr_lead)
    assert run.state == ImportRun.State.PREVIEWED
    assert Requisition.objects.count() == 0
    assert Activity.objects.count() == before
    assert set(outcomes(run).values()) == {"create"}


def test_refused_rows_name_their_column_and_the_rest_is_created(team, hr_lead):
    rows = requisition_rows(10)
    for i, change in BROKEN.items():
        rows[i - 1].update(change)
    run = preview(csv_bytes(rows), hr_lead)
    refused = {r.number - 1: r for r in run.rows.filter(outcome="refuse")}
    assert sorted(refused) == [3, 5, 8]
    assert refused[3].problem_for("hiring_manager") == [
        "No active person “nobody@example.com” in Accord."
    ]
    assert refused[5].problem_for("headcount")
    assert refused[8].problem_for("employment_type")[0].startswith("“Sometimes” is not one of")
    assert refused[8].problem_for("title")

    run = do_import(run, hr_lead)
    assert run.state == ImportRun.State.DONE
    assert Requisition.objects.count() == 7
    made = Requisition.objects.with_team().get(external_id="REQ-001")
    assert made.state == "draft" and made.created_by == hr_lead
    assert made.recruiter.username == "riya" and made.hiring_manager.username == "daniel"
    assert [p.username for p in made.interviewers] == ["aiko"]
    kinds = list(made.activities.values_list("kind", flat=True).order_by("pk"))
    assert kinds == ["created", "team_changed", "imported"]


def test_a_rerun_matches_what_exists_and_creates_only_the_fixed_rows(team, hr_lead):
    rows = requisition_rows(10)
    for i, change in BROKEN.items():
        rows[i - 1].update(change)
    do_import(preview(csv_bytes(rows), hr_lead), hr_lead)
    assert Requisition.objects.count() == 7

    fixed = requisition_rows(10)
    again = preview(xlsx_bytes(fixed), hr_lead, name="searches.xlsx")
    assert sorted(outcomes(again).values()).count("match") == 7
    assert sorted(n - 1 for n, o in outcomes(again).items() if o == "create") == [3, 5, 8]
    again = do_import(again, hr_lead)
    assert Requisition.objects.count() == 10
    assert sorted(outcomes(again, "result").values()) == ["created"] * 3 + ["matched"] * 7

    third = do_import(preview(csv_bytes(fixed), hr_lead), hr_lead)
    assert set(outcomes(third, "result").values()) == {"matched"}
    assert Requisition.objects.count() == 10


def test_repeated_ids_and_hostile_cells_are_refused_before_anything_runs(team, hr_lead):
    rows = requisition_rows(3)
    rows[1]["external_id"] = "REQ-001"
    rows[2]["title"] = '=HYPERLINK("http://evil.example","x")'
    run = preview(csv_bytes(rows), hr_lead)
    refused = {r.number: r for r in run.rows.filter(outcome="refuse")}
    assert refused[3].problem_for("external_id") == [
        "The same external id as row 2: each once per file."
    ]
    assert "formula" in refused[4].problem_for("title")[0]
    assert Requisition.objects.count() == 0


def test_a_row_done_between_preview_and_import_is_matched_not_doubled(team, hr_lead):
    first = preview(csv_bytes(requisition_rows(2)), hr_lead)
    second = preview(csv_bytes(requisition_rows(2)), hr_lead)
    do_import(first, hr_lead)
    second = do_import(second, hr_lead)
    assert set(outcomes(second, "result").values()) == {"matched"}
    assert Requisition.objects.count() == 2


def test_confirm_only_once_and_only_by_the_importer(team, hr_lead, admin_user):
    run = preview(csv_bytes(requisition_rows(1)), hr_lead)
    assert not running.confirm(run, admin_user)
    assert running.confirm(run, hr_lead)
    assert not running.confirm(run, hr_lead)
    assert ImportRow.objects.filter(run=run, result="").count() == 1


def test_a_formula_in_a_workbook_is_refused_in_its_column(team, hr_lead):
    content = xlsx_bytes(requisition_rows(2), formulas=[("B3", '=HYPERLINK("http://x","y")')])
    run = preview(content, hr_lead, name="s.xlsx")
    row = run.rows.get(number=3)
    assert row.outcome == "refuse"
    assert row.problem_for("title") == ["This cell is a formula; type the value itself instead."]


def test_a_huge_cell_is_refused_and_only_its_start_kept(team, hr_lead):
    rows = requisition_rows(1)
    rows[0]["reason_detail"] = "x" * 200_000
    run = preview(csv_bytes(rows), hr_lead)
    row = run.rows.get()
    assert row.outcome == "refuse"
    assert "200,000 characters" in row.problem_for("reason_detail")[0]
    assert len(row.data["reason_detail"]) == 201


def test_an_id_taken_by_another_import_at_the_same_moment_is_refused_not_a_crash(
    team, hr_lead, monkeypatch
):
    from django.db import IntegrityError

    from imports import requisitions

    def racing(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(requisitions, "create_requisition", racing)
    run = preview(csv_bytes(requisition_rows(1)), hr_lead)
    assert run.rows.get().problem_for("external_id")[0].startswith("A search of this external id")

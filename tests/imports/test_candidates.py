"""Importing candidates: through add_candidate and move_application with every gate, only
into searches the importer may add to, matched on a re-run, erased with the person."""

import pytest

from hiring.models import Requisition
from imports.candidates import COLUMNS
from imports.models import ImportedApplication, ImportRow
from pipeline.models import Application, Candidate
from pipeline.reasons import ensure_default_reasons
from privacy.erasure import erase_candidate
from tests.factories import RequisitionFactory
from tests.pipeline.helpers import activate_agreement

from .helpers import csv_bytes
from .test_requisitions import do_import, outcomes, preview

pytestmark = pytest.mark.django_db
HEADER = [c.name for c in COLUMNS]


@pytest.fixture
def search(requisition, recruiter, hiring_manager, hr_generalist):
    ensure_default_reasons()
    requisition.external_id = "REQ-7"
    requisition.save(update_fields=["external_id"])
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    return requisition


def person(i, **extra):
    return {
        "external_id": f"APP-{i}",
        "requisition": "REQ-7",
        "name": f"Person {i}",
        "email": f"person{i}@example.com",
        "source": "Job boards",
        **extra,
    }


def test_candidates_go_in_at_their_stage_through_the_gates(search, recruiter):
    rows = [
        person(1),
        person(2, stage="screening"),
        person(3, stage="rejected", reason="Skills gap on a must-have"),
        person(4, stage="submitted"),  # the screening gate stops it: not screened
        person(5, requisition="NOPE"),
        person(6, source="Carrier pigeon"),
        person(7, email="not an email"),
    ]
    run = preview(csv_bytes(rows, HEADER), recruiter, kind="candidates")
    got = outcomes(run)
    assert [got[n] for n in range(2, 9)] == ["create"] * 3 + ["refuse"] * 4
    refused = {r.number - 1: r for r in run.rows.filter(outcome="refuse")}
    assert refused[4].problem_for("stage")[0].startswith("Accord stops it at Screening")
    assert refused[5].problem_for("requisition") == ["No search “NOPE” that you can open."]
    assert "not a source of this search" in refused[6].problem_for("source")[0]
    assert refused[7].problem_for("email")
    assert not Application.objects.exists()

    run = do_import(run, recruiter)
    stages = dict(Application.objects.values_list("imported_as__external_id", "stage"))
    assert stages == {"APP-1": "applied", "APP-2": "screening", "APP-3": "rejected"}
    assert search.activities.filter(kind="imported").count() == 1

    again = do_import(preview(csv_bytes(rows, HEADER), recruiter, kind="candidates"), recruiter)
    assert sorted(outcomes(again, "result").values()) == ["matched"] * 3 + ["refused"] * 4
    assert Application.objects.count() == 3


def test_only_who_may_add_candidates_to_the_search(search, hiring_manager, outsider, hr_lead):
    for who, message in (
        (hiring_manager, "The search's recruiter and HR add candidates to it; you cannot."),
        (outsider, "No search “REQ-7” that you can open."),
    ):
        run = preview(csv_bytes([person(1)], HEADER), who, kind="candidates")
        assert run.rows.get().problem_for("requisition") == [message]
    run = preview(csv_bytes([person(1)], HEADER), hr_lead, kind="candidates")
    assert run.rows.get().outcome == "create"


def test_an_agency_recruiter_never_learns_of_another_recruiters_candidate(
    search, recruiter, agency_recruiter, hr_generalist
):
    from hiring.models import HiringTeamMember
    from tests.factories import TeamRole, put_on_team

    do_import(
        preview(csv_bytes([person(1)], HEADER), hr_generalist, kind="candidates"), hr_generalist
    )
    HiringTeamMember.objects.filter(requisition=search, user=recruiter).delete()
    put_on_team(search, agency_recruiter, TeamRole.RECRUITER)
    run = preview(csv_bytes([person(1)], HEADER), agency_recruiter, kind="candidates")
    row = run.rows.get()
    assert row.outcome == "refuse"
    assert row.problem_for("external_id")[0].startswith("Another recruiter's candidate")
    assert "Person 1" not in str(row.problems) and "person1@" not in str(row.problems)


def test_a_closed_search_takes_nobody(recruiter):
    RequisitionFactory(created_by=recruiter, state="filled", external_id="REQ-7")
    Requisition.objects.filter(external_id="REQ-7").first()
    from tests.factories import TeamRole, put_on_team

    put_on_team(Requisition.objects.get(external_id="REQ-7"), recruiter, TeamRole.RECRUITER)
    run = preview(csv_bytes([person(1)], HEADER), recruiter, kind="candidates")
    assert "closed" in run.rows.get().problem_for("requisition")[0]


def test_erasure_blanks_the_imported_cells_that_name_the_person(search, recruiter, hr_lead):
    do_import(
        preview(csv_bytes([person(1), person(2)], HEADER), recruiter, kind="candidates"), recruiter
    )
    gone = Candidate.objects.get(email="person1@example.com")
    erase_candidate(candidate=gone, by=hr_lead)
    rows = {r.number: r for r in ImportRow.objects.all()}
    assert "Person 1" not in str(rows[2].data) and "person1@" not in str(rows[2].data)
    assert "Person 1" not in rows[2].note
    assert rows[3].data["name"] == "Person 2"
    ids = ImportedApplication.objects.order_by("external_id").values_list("external_id", flat=True)
    assert list(ids) == ["", "APP-2"]


def test_the_subject_access_export_lists_the_imported_cells(search, recruiter, hr_lead):
    import io
    import json
    import zipfile

    from privacy.exports import export_candidate

    do_import(
        preview(csv_bytes([person(1), person(2)], HEADER), recruiter, kind="candidates"),
        recruiter,
    )
    one = Candidate.objects.get(email="person1@example.com")
    archive = zipfile.ZipFile(io.BytesIO(export_candidate(candidate=one, by=hr_lead)))
    held = json.loads(archive.read("held.json"))
    assert [r["data"]["email"] for r in held["imports.ImportRow"]] == ["person1@example.com"]
    assert [r["external_id"] for r in held["imports.ImportedApplication"]] == ["APP-1"]

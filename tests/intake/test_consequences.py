"""Issue 21, "agreed consequences": a deadline still missed after the last escalation tells
the late person's own manager and the agreement's HR lead, and marks the search at risk on
the status board until the work is met — carried out by the sweep exactly once, and not at
all where the agreement agreed nothing or the search is on hold."""

import csv
import io

import pytest
from django.urls import reverse

from commitments.ledger import meet_commitments
from commitments.models import Commitment, Notification, Step
from hiring.lifecycle import move_requisition
from hiring.models import Activity
from intake.consequences import apply_consequences, at_risk_requisition_ids
from intake.drafting import save_section
from intake.models import Consequence
from tests.factories import UserFactory, make_commitment
from tests.pipeline.helpers import activate_agreement

pytestmark = pytest.mark.django_db


@pytest.fixture
def boss(hiring_manager):
    person = UserFactory(username="boss", first_name="Bea", last_name="Boss", role="hiring_manager")
    hiring_manager.reports_to = person
    hiring_manager.save(update_fields=["reports_to"])
    return person


@pytest.fixture
def lead():
    return UserFactory(username="lead", first_name="Lee", last_name="Lead", role="hr_generalist")


def _agree(requisition, recruiter, hiring_manager, hr_generalist, **consequences):
    save_section(
        requisition=requisition, section="consequences", value=consequences, edited_by=recruiter
    )
    return activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )


def _past_the_last_escalation(requisition, owner):
    commitment = make_commitment(requisition, owner)
    Commitment.objects.filter(pk=commitment.pk).update(last_step=Step.SECOND_ESCALATION)
    return commitment


def test_consequence_after_the_last_escalation_tells_the_manager_and_hr_lead_once(
    requisition, recruiter, hiring_manager, hr_generalist, boss, lead
):
    _agree(
        requisition,
        recruiter,
        hiring_manager,
        hr_generalist,
        tell_owners_manager=True,
        hr_lead={"id": lead.pk, "name": lead.display_name},
        mark_at_risk=True,
    )
    late = _past_the_last_escalation(requisition, hiring_manager)
    not_yet = make_commitment(requisition, hiring_manager, kind="answer_question", title="Other")
    written = apply_consequences()
    assert [c.commitment_id for c in written] == [late.pk]
    assert apply_consequences() == [], "a second sweep carries out nothing again"
    told = Notification.objects.filter(key=f"consequence:{late.pk}")
    assert sorted(told.values_list("recipient__username", flat=True)) == ["boss", "lead"]
    assert Consequence.objects.get().told[0]["as"] == f"{hiring_manager.display_name}'s manager"
    assert Activity.objects.filter(kind="consequence_applied").count() == 1
    assert at_risk_requisition_ids([requisition.pk]) == {requisition.pk}
    assert not Consequence.objects.filter(commitment=not_yet).exists()


def _csv_at_risk(client, board) -> list[str]:
    response = client.get(board, {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, *rows = csv.reader(io.StringIO(text))
    return [row[header.index("At risk")] for row in rows]


def test_consequence_at_risk_shows_on_the_status_board_until_the_work_is_met(
    client, requisition, recruiter, hiring_manager, hr_generalist
):
    _agree(
        requisition,
        recruiter,
        hiring_manager,
        hr_generalist,
        tell_owners_manager=False,
        hr_lead=None,
        mark_at_risk=True,
    )
    late = _past_the_last_escalation(requisition, hiring_manager)
    apply_consequences()
    client.force_login(hr_generalist)
    board = reverse("insights:status-board")
    assert ">At risk</span>" in client.get(board).content.decode()
    assert _csv_at_risk(client, board) == ["yes"]  # the CSV says what the board shows
    meet_commitments(subject=late.subject, kind=late.kind)
    assert ">At risk</span>" not in client.get(board).content.decode()
    assert _csv_at_risk(client, board) == [""]
    assert at_risk_requisition_ids([requisition.pk]) == set()


def test_consequence_none_agreed_tells_nobody_and_marks_nothing(
    requisition, recruiter, hiring_manager, hr_generalist, boss
):
    _agree(
        requisition,
        recruiter,
        hiring_manager,
        hr_generalist,
        tell_owners_manager=False,
        hr_lead=None,
        mark_at_risk=False,
    )
    _past_the_last_escalation(requisition, hiring_manager)
    assert len(apply_consequences()) == 1  # looked at once, and nothing to do
    assert not Notification.objects.filter(key__startswith="consequence:").exists()
    assert at_risk_requisition_ids([requisition.pk]) == set()


def test_consequence_on_a_search_on_hold_is_not_carried_out(
    requisition, recruiter, hiring_manager, hr_generalist, boss
):
    _agree(
        requisition,
        recruiter,
        hiring_manager,
        hr_generalist,
        tell_owners_manager=True,
        hr_lead=None,
        mark_at_risk=True,
    )
    _past_the_last_escalation(requisition, hiring_manager)
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hr_generalist, reason="Budget"
    )
    assert apply_consequences() == []
    assert not Consequence.objects.exists()

"""Issue 25, findings 4 and 5: a search's end leaves nobody untold, and marking it filled is
a confirmed step with the hires against the headcount."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.lifecycle import move_requisition
from hiring.models import Activity
from pipeline.brief_check import BriefReason
from pipeline.models import Application, Stage
from pipeline.stages import move_application
from tests.pipeline.helpers import reason, screened, submitted

pytestmark = pytest.mark.django_db


def _fill_url(requisition):
    return reverse("pipeline:requisition-fill", kwargs={"pk": requisition.pk})


def _informs():
    return Commitment.objects.filter(kind=CommitmentKind.INFORM_CANDIDATE)


@pytest.fixture
def three(active, requisition, recruiter, hiring_manager):
    """Ann screened, Bo awaiting the manager's review (both in play), Cy rejected earlier
    and not told yet."""
    ann = screened(requisition, recruiter, name="Ann Ames")
    bo = submitted(requisition, recruiter, name="Bo Berg")
    cy = submitted(requisition, recruiter, name="Cy Cole")
    move_application(
        application=cy,
        to_stage="rejected",
        by=hiring_manager,
        reason=reason("skills_gap"),
        against_brief=BriefReason("must:0"),
    )
    return ann, bo, cy


def test_finding_4_filling_a_search_closes_everyone_in_play_and_keeps_them_to_be_told(
    client, three, requisition, recruiter, hr_generalist
):
    ann, bo, cy = three
    assert _informs().filter(state="open").count() == 1
    move_requisition(
        requisition=requisition,
        to_state="filled",
        moved_by=hr_generalist,
        outside_note="An internal move",
    )
    for application in (ann, bo):
        application.refresh_from_db()
        assert application.stage == Stage.REJECTED
        assert application.disposition_reason.code == "position_filled"
    told = {c.subject_id: c for c in _informs()}
    assert set(told) == {ann.pk, bo.pk, cy.pk}
    assert all(c.state == Commitment.State.OPEN for c in told.values()), "not withdrawn"
    assert told[ann.pk].owner == recruiter and told[ann.pk].title == "Tell Ann Ames the outcome"
    # What is not about telling a candidate ended with the search.
    review = Commitment.objects.get(kind=CommitmentKind.REVIEW_CANDIDATE, subject_id=bo.pk)
    assert review.state == Commitment.State.WITHDRAWN
    entry = Activity.objects.filter(kind=Activity.Kind.STATE_CHANGED).latest("pk")
    assert "2 candidates still in play closed as “Position filled”" in entry.summary

    # The message is written for them and can be sent on the filled search; sending meets it.
    client.force_login(recruiter)
    page = client.get(told[ann.pk].url)
    assert page.status_code == 200 and "Dear Ann" in page.context["text"]
    # It says the role was filled, not that someone decided against her.
    assert "We have now filled the role" in page.context["text"]
    assert "After careful thought" not in page.context["text"]
    assert client.post(told[ann.pk].url).status_code == 302
    assert _informs().get(subject_id=ann.pk).state == Commitment.State.MET


def test_finding_4_cancelling_a_search_closes_everyone_in_play_as_search_cancelled(
    three, requisition, recruiter
):
    ann, bo, _cy = three
    move_requisition(
        requisition=requisition, to_state="cancelled", moved_by=recruiter, reason="No budget"
    )
    codes = set(
        Application.objects.filter(pk__in=[ann.pk, bo.pk]).values_list(
            "disposition_reason__code", flat=True
        )
    )
    assert codes == {"search_cancelled"}
    assert _informs().filter(state="open").count() == 3


def test_finding_5_mark_filled_is_a_confirmation_with_the_hires_against_the_headcount(
    client, three, requisition, recruiter
):
    client.force_login(recruiter)
    overview = client.get(reverse("hiring:requisition-detail", kwargs={"pk": requisition.pk}))
    assert _fill_url(requisition) in overview.content.decode()
    # The one-click move of old is refused.
    response = client.post(
        reverse("hiring:requisition-move", kwargs={"pk": requisition.pk}),
        {"to_state": "filled"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    requisition.refresh_from_db()
    assert requisition.state == "open"
    page = client.get(_fill_url(requisition))
    assert page.status_code == 200
    text = page.content.decode()
    assert "0 of 1 hired in Accord" in text and "Candidates still in play: 2" in text
    assert "Only HR can confirm" in text


def test_finding_5_zero_hires_is_refused_unless_hr_confirms_it_was_filled_outside(
    client, three, requisition, recruiter, hr_generalist
):
    client.force_login(recruiter)
    assert client.post(_fill_url(requisition)).status_code == 422
    with pytest.raises(ValidationError, match="Only HR can confirm"):
        move_requisition(
            requisition=requisition, to_state="filled", moved_by=recruiter, outside_note="x"
        )
    client.force_login(hr_generalist)
    response = client.post(_fill_url(requisition), {"outside": "on", "note": "  "})
    assert response.status_code == 422
    assert response.context["form"].errors["note"]
    requisition.refresh_from_db()
    assert requisition.state == "open"
    assert Application.objects.filter(stage=Stage.REJECTED).count() == 1

    response = client.post(_fill_url(requisition), {"outside": "on", "note": "Internal move"})
    assert response.status_code == 302
    requisition.refresh_from_db()
    assert requisition.state == "filled"
    entry = Activity.objects.filter(kind=Activity.Kind.STATE_CHANGED).latest("pk")
    assert entry.actor == hr_generalist
    assert "filled outside Accord — Internal move" in entry.summary


def test_finding_5_a_hire_in_accord_fills_without_the_outside_note(
    active, requisition, recruiter, hiring_manager, monkeypatch
):
    from pipeline import stages

    monkeypatch.setattr(stages.MOVE_GATES, "_hooks", [])  # the offer's acceptance aside
    hired = submitted(requisition, recruiter)
    for key in ("interview:0", "interview:1", "offer", "hired"):
        move_application(application=hired, to_stage=key, by=hiring_manager)
    move_requisition(requisition=requisition, to_state="filled", moved_by=recruiter)
    requisition.refresh_from_db()
    assert requisition.state == "filled"


def test_finding_5_the_requisition_page_says_what_is_missing_to_work_the_search(
    client, requisition, recruiter, hiring_manager, hr_generalist
):
    from tests.pipeline.helpers import activate_agreement

    url = reverse("hiring:requisition-detail", kwargs={"pk": requisition.pk})
    client.force_login(recruiter)
    text = client.get(url).content.decode()
    assert "Before the search can be worked" in text
    assert "Intake meeting" in text and "Not scheduled" in text
    assert "Agreement in force" in text and "None yet" in text
    activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )
    assert "Before the search can be worked" not in client.get(url).content.decode()

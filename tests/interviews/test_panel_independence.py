"""Issue 25, finding 2: a panel that cannot peek. Whoever sits on a candidate's interview
panel — the hiring manager, the recruiter and HR as much as an interviewer — reads the other
panel members' scorecards only after submitting their own, on every page, partial and
export; off the panel, the search's leads read them as before (interviews.feedback
.may_see_others, the one rule)."""

from datetime import timedelta

import pytest
from django.urls import reverse

from interviews.feedback import may_see_others, submit_scorecard
from tests.factories import TeamRole, put_on_team

from .helpers import past_interview

pytestmark = pytest.mark.django_db

RATED = [
    {"area": "Python in production", "rating": 4, "note": "Ran the ledger"},
    {"area": "Owns on-call", "rating": 3, "note": ""},
    {"area": "PostgreSQL", "rating": 2, "note": ""},
]


def submit(interview, author, recommendation="strong_no"):
    return submit_scorecard(
        interview=interview,
        author=author,
        ratings=RATED,
        recommendation=recommendation,
        notes=f"Notes by {author.first_name}",
        now=interview.ends_at + timedelta(minutes=1),
    )


def app_url(name, application):
    return reverse(name, kwargs={"pk": application.requisition_id, "application": application.pk})


def iv_url(name, interview):
    return reverse(name, kwargs={"pk": interview.requisition_id, "interview": interview.pk})


@pytest.fixture
def panel_interview(application, recruiter, interviewer, hiring_manager):
    """The technical interview, held an hour ago, with Aiko and the hiring manager."""
    return past_interview(application, panel=[interviewer, hiring_manager], scheduled_by=recruiter)


def test_finding_2_a_hiring_manager_on_the_panel_reads_no_other_scorecard_before_their_own(
    client, panel_interview, interviewer, hiring_manager
):
    application = panel_interview.application
    submit(panel_interview, interviewer)
    client.force_login(hiring_manager)

    debrief = client.get(app_url("interviews:debrief", application))
    page = debrief.content.decode()
    assert debrief.status_code == 200 and debrief.context["held"]
    assert "Notes by Aiko" not in page and "Ran the ledger" not in page
    assert "Strong no" not in page and "Your scorecard first" in page
    assert iv_url("interviews:scorecard", panel_interview) in page
    assert not debrief.context["can_decide"]
    others = client.get(iv_url("interviews:scorecard-others", panel_interview), HTTP_HX_REQUEST="1")
    assert others.status_code == 403
    decide = client.post(app_url("interviews:debrief-decide", application), {"outcome": "reject"})
    assert decide.status_code == 403
    journal = client.get(
        reverse("hiring:requisition-journal", kwargs={"pk": application.requisition_id})
    )
    assert journal.status_code == 200
    assert "Submitted the scorecard for Jane Doe" not in journal.content.decode()

    submit(panel_interview, hiring_manager, recommendation="yes")
    debrief = client.get(app_url("interviews:debrief", application))
    assert not debrief.context["held"] and "Notes by Aiko" in debrief.content.decode()
    others = client.get(iv_url("interviews:scorecard-others", panel_interview), HTTP_HX_REQUEST="1")
    assert others.status_code == 200 and "Notes by Aiko" in others.content.decode()
    journal = client.get(
        reverse("hiring:requisition-journal", kwargs={"pk": application.requisition_id})
    )
    assert "Submitted the scorecard for Jane Doe (Technical interview): strong no" in (
        journal.content.decode()
    )


def test_finding_2_off_the_panel_the_recruiter_and_hr_read_every_scorecard_as_before(
    client, panel_interview, interviewer, recruiter, hr_generalist
):
    submit(panel_interview, interviewer)
    application = panel_interview.application
    for person in (recruiter, hr_generalist):
        assert may_see_others(application=application, user=person)
        client.force_login(person)
        page = client.get(app_url("interviews:debrief", application))
        assert page.status_code == 200 and "Notes by Aiko" in page.content.decode()


def test_finding_2_the_recruiter_on_a_panel_keeps_the_same_rule(
    application, recruiter, interviewer
):
    screen = past_interview(application, panel=[recruiter, interviewer], scheduled_by=recruiter)
    submit(screen, interviewer)
    assert not may_see_others(application=application, user=recruiter)
    submit(screen, recruiter)
    assert may_see_others(application=application, user=recruiter)


def test_finding_2_a_later_interview_of_the_same_candidate_holds_the_earlier_cards_back_too(
    application, recruiter, interviewer, hiring_manager, panel_interview
):
    """Sitting on two of the candidate's panels, one's own first card does not open the
    others' while the second is owed: no opinion before each of one's own is written."""
    later = past_interview(application, panel=[hiring_manager], scheduled_by=recruiter)
    submit(panel_interview, interviewer)
    submit(panel_interview, hiring_manager)
    assert not may_see_others(application=application, user=hiring_manager)
    submit(later, hiring_manager)
    assert may_see_others(application=application, user=hiring_manager)


def test_finding_2_the_personal_data_export_waits_for_an_hr_lead_on_the_panel(
    client, application, recruiter, interviewer, hr_lead
):
    put_on_team(application.requisition, hr_lead, TeamRole.INTERVIEWER)
    interview = past_interview(application, panel=[interviewer, hr_lead], scheduled_by=recruiter)
    submit(interview, interviewer)
    client.force_login(hr_lead)
    url = reverse(
        "privacy:candidate-export",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )
    page = client.get(app_url("privacy:candidate", application))
    assert page.context["export_held"] and "waits for yours" in page.content.decode()
    assert client.post(url).status_code == 403
    submit(interview, hr_lead)
    assert client.post(url).status_code == 200

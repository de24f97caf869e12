from datetime import timedelta

import pytest
import time_machine
from django.core import signing
from django.urls import reverse

from interviews.models import Survey
from interviews.surveys import (
    SALT,
    SurveyLinkRefused,
    answer_survey,
    issue_survey,
    survey_figures,
    survey_for_token,
)

from .helpers import make_application

pytestmark = pytest.mark.django_db

ANSWERS = {
    "rating_respect": 5,
    "rating_preparation": 4,
    "rating_organisation": 3,
    "rating_communication": 4,
}


def test_a_survey_link_opens_once(interview):
    survey, token = issue_survey(interview=interview)
    assert survey_for_token(token) == survey
    answer_survey(token=token, ratings=ANSWERS, comment="Kind people")
    with pytest.raises(SurveyLinkRefused) as refused:
        survey_for_token(token)
    assert refused.value.reason == "used"
    with pytest.raises(SurveyLinkRefused):
        answer_survey(token=token, ratings=ANSWERS, comment="again")


def test_only_a_hash_of_the_secret_is_stored(interview):
    survey, token = issue_survey(interview=interview)
    secret = signing.loads(token, salt=SALT)["k"]
    assert secret not in survey.token_hash and len(survey.token_hash) == 64


def test_an_expired_link_is_refused(interview):
    survey, token = issue_survey(interview=interview)
    later = survey.expires_at + timedelta(minutes=1)
    with time_machine.travel(later), pytest.raises(SurveyLinkRefused) as refused:
        survey_for_token(token)
    assert refused.value.reason == "expired"


@pytest.mark.parametrize("kind", ["tampered", "wrong secret", "other salt", "garbage"])
def test_a_forged_link_is_refused(interview, kind):
    survey, token = issue_survey(interview=interview)
    forged = {
        "tampered": token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        "wrong secret": signing.dumps({"s": survey.pk, "k": "guess"}, salt=SALT),
        "other salt": signing.dumps({"s": survey.pk, "k": "guess"}, salt="x"),
        "garbage": "not-a-token",
    }[kind]
    with pytest.raises(SurveyLinkRefused) as refused:
        survey_for_token(forged)
    assert refused.value.reason == "forged"


def test_the_survey_page_needs_no_login_and_refuses_reuse(client, interview):
    _, token = issue_survey(interview=interview)
    url = reverse("interviews:survey", kwargs={"token": token})
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    assert client.post(url, {"rating_respect": "9"}).status_code == 422
    data = {name: str(value) for name, value in ANSWERS.items()}
    assert client.post(url, data).status_code == 200
    assert client.get(url).status_code == 410
    assert (
        client.get(reverse("interviews:survey", kwargs={"token": "x" + token})).status_code == 404
    )


def test_answers_show_only_in_aggregate_and_from_three(
    interview, requisition, recruiter, second_interviewer, hiring_manager, starts_at
):
    from interviews.scheduling import schedule_interview

    interviews = [interview]
    for name in ("Omar Reyes", "Li Wei"):
        application = make_application(requisition, recruiter, name=name)
        interviews.append(
            schedule_interview(
                application=application,
                stage_index=0,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1),
                location="Room",
                notes="",
                interviewers=[second_interviewer],
                scheduled_by=recruiter,
            )
        )
    for i, item in enumerate(interviews):
        _, token = issue_survey(interview=item)
        if i < 2:
            answer_survey(token=token, ratings=ANSWERS, comment="")
    assert survey_figures(about="recruiter") == []  # two answers: nothing shown
    answer_survey(token=token, ratings={**ANSWERS, "rating_respect": 2}, comment="")
    (row,) = survey_figures(about="recruiter")
    assert row["answers"] == 3 and row["name"] == recruiter.display_name
    assert dict(row["scores"])[Survey.QUESTIONS["rating_respect"]] == 4.0
    (manager_row,) = survey_figures(about="hiring_manager")
    assert manager_row["name"] == hiring_manager.display_name


def test_each_person_sees_only_their_own_averages_and_hr_leads_see_all(
    client,
    interview,
    requisition,
    recruiter,
    second_interviewer,
    hiring_manager,
    hr_generalist,
    hr_lead,
    starts_at,
):
    from django.urls import reverse

    from interviews.scheduling import schedule_interview

    interviews = [interview]
    for name in ("Omar Reyes", "Li Wei"):
        interviews.append(
            schedule_interview(
                application=make_application(requisition, recruiter, name=name),
                stage_index=0,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(hours=1),
                location="Room",
                notes="",
                interviewers=[second_interviewer],
                scheduled_by=recruiter,
            )
        )
    for item in interviews:
        _, token = issue_survey(interview=item)
        answer_survey(token=token, ratings=ANSWERS, comment="")
    url = reverse("interviews:survey-results")
    seen = {}
    for person in (recruiter, hiring_manager, hr_generalist, hr_lead):
        client.force_login(person)
        page = client.get(url)
        seen[person.username] = (
            [r["name"] for r in page.context["recruiters"]],
            [r["name"] for r in page.context["managers"]],
        )
    assert seen == {
        "riya": ([recruiter.display_name], []),
        "daniel": ([], [hiring_manager.display_name]),
        "hannah": ([], []),  # HR on the search but not a lead: no one else's averages
        "lead": ([recruiter.display_name], [hiring_manager.display_name]),
    }

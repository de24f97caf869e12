"""Every API operation × every role, by token → the status it must answer.

The same people and search as `tests/test_access_matrix.py` (whose
`test_every_url_is_in_the_matrix` fails on an API route missing here). Anonymous means no
token: 401. Each person calls with a read-write token of their own, so what decides is the
person, through the same doors as the pages: off the search 404, on it but not for this 403.
"""

import pytest
from django.urls import reverse

from tests.access import ROLES, expect, off_the_search, wrong_answers
from tests.api.helpers import bearer

# Off the search: 404; no token: 401.
on_requisition = off_the_search(anonymous=401)


# A body the schema accepts and the form refuses (no title, no such people): 422 for those
# who may draft a search, 403 for those who may not.
BAD_REQUISITION = {
    "title": "",
    "department": "x",
    "location": "x",
    "team": {"recruiter": 0, "hr_generalist": 0, "hiring_manager": 0},
}

# name: (method, body, expected statuses, URL kwargs from the objects)
API_MATRIX = {
    "api:requisition-list": ("get", None, expect(200, anonymous=401), None),
    "api:requisition-create": (
        "post",
        BAD_REQUISITION,
        expect(422, anonymous=401, agency_recruiter=403, interviewer=403),
        None,
    ),
    "api:requisition-detail": (
        "get",
        None,
        on_requisition(200),
        lambda o: {"pk": o["requisition"].pk},
    ),
    "api:commitment-list": ("get", None, expect(200, anonymous=401), None),
    # "Not mine" without a reason: 422 for its owner, 403 for the leads who see it.
    "api:commitment-decline": (
        "post",
        {"reason_code": ""},
        on_requisition(403, interviewer=403, hiring_manager=422),
        lambda o: {"pk": o["commitment"].pk},
    ),
    # More time with no date: 422 for its owner, 403 for the others who see it.
    "api:commitment-more-time": (
        "post",
        {"date": "", "reason": "x"},
        on_requisition(403, hiring_manager=422),
        lambda o: {"pk": o["commitment"].pk},
    ),
    # Nothing waits for an answer on it: 404 for those who see it, 403 for the interviewer.
    "api:commitment-answer": (
        "post",
        {"accept": "yes"},
        on_requisition(404, interviewer=403),
        lambda o: {"pk": o["commitment"].pk},
    ),
    # Candidates: the search's door first (404 off it), then the pipeline's own rules.
    "api:application-list": (
        "get",
        None,
        on_requisition(200),
        lambda o: {"pk": o["requisition"].pk},
    ),
    "api:application-detail": (
        "get",
        None,
        on_requisition(200),
        lambda o: {"pk": o["requisition"].pk, "application": o["application"].pk},
    ),
    # An email the form refuses: 422 for who adds candidates, 403 for the others on it.
    "api:application-create": (
        "post",
        {"name": "X", "email": "not an email", "source": "referrals"},
        on_requisition(422, hiring_manager=403, interviewer=403),
        lambda o: {"pk": o["requisition"].pk},
    ),
    # An offer before every scorecard is in: the gate says no (422), nothing changes.
    "api:application-move": (
        "post",
        {"to_stage": "offer"},
        on_requisition(422),
        lambda o: {"pk": o["requisition"].pk, "application": o["application"].pk},
    ),
    # No file sent: 422 for who keeps résumés, 403 for the others who see the candidate.
    "api:application-resume": (
        "post",
        {},
        on_requisition(422, hiring_manager=403, interviewer=403),
        lambda o: {"pk": o["requisition"].pk, "application": o["application"].pk},
    ),
    "api:scorecard-list": (
        "get",
        None,
        on_requisition(200),
        lambda o: {"pk": o["requisition"].pk, "application": o["application"].pk},
    ),
    "api:agreement-detail": (
        "get",
        None,
        on_requisition(200),
        lambda o: {"pk": o["requisition"].pk},
    ),
    "api:interview-list": (
        "get",
        None,
        on_requisition(200),
        lambda o: {"pk": o["requisition"].pk},
    ),
    # Check-ins are the search's private side: 403 for an interviewer, as the tab.
    "api:checkin-list": (
        "get",
        None,
        on_requisition(200, interviewer=403),
        lambda o: {"pk": o["requisition"].pk},
    ),
    "api:commitment-detail": (
        "get",
        None,
        on_requisition(200, interviewer=403),
        lambda o: {"pk": o["commitment"].pk},
    ),
    # Waive the hiring manager's review without the reason the form asks: the other side and
    # HR 422 (the form), its owner 422 (the page's "Only HR or the other side can do this."),
    # the interviewer 403 as on the commitment's page.
    "api:commitment-act": (
        "post",
        {},
        on_requisition(422, interviewer=403),
        lambda o: {"pk": o["commitment"].pk, "action": "waive"},
    ),
    # Scheduling with nothing filled in: the form's messages (422) for who schedules, 403
    # for the interviewer, as the page.
    # The actions of a review: what each may do, by the page's rule of who sees it.
    "api:commitment-actions": (
        "get",
        None,
        on_requisition(200, interviewer=403),
        lambda o: {"pk": o["commitment"].pk},
    ),
    "api:interview-create": (
        "post",
        {"stage": 0, "date": "", "time": "", "location": "", "interviewers": []},
        on_requisition(422, interviewer=403),
        lambda o: {"pk": o["requisition"].pk, "application": o["application"].pk},
    ),
    # A scorecard without ratings or recommendation: 422 for its panel (the interviewer and
    # the hiring manager), 403 for everyone else on the search, as the scorecard page.
    "api:scorecard-submit": (
        "post",
        {"ratings": [], "recommendation": ""},
        on_requisition(403, interviewer=422, hiring_manager=422),
        lambda o: {"pk": o["requisition"].pk, "interview": o["interview"].pk},
    ),
    # v1 is in force, no longer awaiting signatures: the three who sign 422, others 403.
    "api:agreement-sign": (
        "post",
        None,
        on_requisition(403, recruiter=422, hr_generalist=422, hiring_manager=422),
        lambda o: {"pk": o["requisition"].pk, "version": 1},
    ),
    # Figures (the pages' rules): the scoreboard shows everyone their own pairs; the
    # organisation's figures are for HR leads and admins; a search's for its leads and those
    # who see every search; a person's for themselves; a pair's for its two.
    "api:figures-scoreboard": ("get", None, expect(200, anonymous=401), None),
    "api:figures-organisation": (
        "get",
        None,
        expect(403, anonymous=401, hr_lead=200, admin_user=200),
        None,
    ),
    # With no filters: the organisation's rows, for HR leads and admins (as the page).
    "api:figure-rows": (
        "get",
        None,
        expect(403, anonymous=401, hr_lead=200, admin_user=200),
        None,
    ),
    "api:figure-rows-checkins": (
        "get",
        None,
        expect(403, anonymous=401, hr_lead=200, admin_user=200),
        None,
    ),
    "api:figure-rows-applications": (
        "get",
        None,
        expect(403, anonymous=401, hr_lead=200, admin_user=200),
        None,
    ),
    "api:figure-rows-searches": (
        "get",
        None,
        expect(403, anonymous=401, hr_lead=200, admin_user=200),
        None,
    ),
    "api:figures-requisition": (
        "get",
        None,
        on_requisition(200, interviewer=403),
        lambda o: {"pk": o["requisition"].pk},
    ),
    "api:figures-person": (
        "get",
        None,
        expect(403, anonymous=401, hiring_manager=200, hr_lead=200, admin_user=200),
        lambda o: {"pk": o["commitment"].owner_id},
    ),
    "api:figures-pair": (
        "get",
        None,
        expect(403, anonymous=401, recruiter=200, hiring_manager=200, hr_lead=200, admin_user=200),
        lambda o: {"recruiter": o["requisition"].recruiter.pk, "manager": o["commitment"].owner_id},
    ),
}


@pytest.fixture
def api_objects(requisition, recruiter, hiring_manager, hr_generalist, interviewer):
    """Jane Doe at her first interview (the interviewer and the hiring manager on its panel,
    no scorecard in yet) under an active agreement, and a commitment of the hiring manager."""
    from interviews.models import Interview
    from pipeline.models import Application
    from tests.factories import make_commitment
    from tests.interviews.helpers import matrix_objects

    matrix_objects(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        interviewer=interviewer,
        manager_on_panel=True,
    )
    application = Application.objects.get(requisition=requisition)
    return {
        "requisition": requisition,
        "commitment": make_commitment(requisition, hiring_manager),
        "application": application,
        "interview": Interview.objects.get(application=application),
    }


def test_api_access(api_objects, request, client):
    people = {role: request.getfixturevalue(role) for role in ROLES if role != "anonymous"}
    headers = {role: bearer(person) for role, person in people.items()}
    headers["anonymous"] = {}
    wrong = []
    for name, (method, body, expected, kwargs) in sorted(API_MATRIX.items()):
        url = reverse(name, kwargs=kwargs(api_objects) if kwargs else None)

        def ask(role, name=name, method=method, body=body, url=url):
            if body is None:
                response = getattr(client, method)(url, **headers[role])
            else:
                response = getattr(client, method)(
                    url, body, content_type="application/json", **headers[role]
                )
            assert response["Content-Type"].startswith("application/json"), (name, role)
            return response.status_code

        wrong += wrong_answers(name, method, url, expected, ask)
    assert wrong == [], "\n".join(wrong)

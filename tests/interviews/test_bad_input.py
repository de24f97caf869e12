"""Malformed, hostile and out-of-range input on every interviews form: a form error or a
clear 4xx, never a 500 and nothing changed (on PostgreSQL, which refuses NUL bytes)."""

import pytest

from interviews.models import CandidateMessage, Interview, Offer, Scorecard, Survey

from .helpers import matrix_objects

pytestmark = pytest.mark.django_db

NUL = "bad\x00text"


@pytest.fixture
def objects(requisition, recruiter, hiring_manager, hr_generalist, interviewer):
    return matrix_objects(
        requisition,
        recruiter=recruiter,
        hiring_manager=hiring_manager,
        hr_generalist=hr_generalist,
        interviewer=interviewer,
    )


CASES = [
    # (who, path, data)
    (
        "recruiter",
        "/requisitions/{pk}/candidates/{application}/interviews/new/",
        {
            "stage": "x",
            "date": "9999-12-31",
            "time": "25:99",
            "length": "-5",
            "location": "a\r\nb",
            "interviewers": ["abc", "999999"],
            "notes": NUL,
            "confirm": "True",
        },
    ),
    (
        "recruiter",
        "/requisitions/{pk}/interviews/{interview}/edit/",
        {"date": "2020-13-45", "time": "x", "length": "99999999999", "location": NUL},
    ),
    ("recruiter", "/requisitions/{pk}/interviews/{interview}/cancel/", {"reason": NUL}),
    (
        "interviewer",
        "/requisitions/{pk}/interviews/{interview}/scorecard/",
        {"rating_0": "9", "rating_1": NUL, "recommendation": "maybe", "notes": NUL},
    ),
    (
        "interviewer",
        "/requisitions/{pk}/interviews/{interview}/scorecard/draft/",
        {"rating_0": "-1", "note_0": NUL, "recommendation": "x" * 500},
    ),
    (
        "hiring_manager",
        "/requisitions/{pk}/candidates/{application}/debrief/decide/",
        {"outcome": "bogus", "disposition_reason": "abc", "note": NUL},
    ),
    (
        "hiring_manager",
        "/requisitions/{pk}/candidates/{application}/debrief/decide/",
        {"outcome": "reject", "disposition_reason": "999999"},
    ),
    (
        "hr_generalist",
        "/requisitions/{pk}/candidates/{application}/offer/",
        {"salary": "9e99", "start_date": "2020-13-45", "outside_band_reason": NUL},
    ),
    (
        "recruiter",
        "/requisitions/{pk}/candidates/{application}/offer/close/",
        {"answer": "maybe", "decline_reason": "abc"},
    ),
]


@pytest.mark.parametrize("who,path,data", CASES)
def test_bad_input_never_gives_a_server_error(who, path, data, objects, client, request):
    from tests.services import require_postgres

    require_postgres()
    client.force_login(request.getfixturevalue(who))
    ids = {**objects["application"], **objects["interview"]}
    before = (Interview.objects.count(), Scorecard.objects.count(), list(Offer.objects.values()))
    response = client.post(path.format(**ids), data, HTTP_HX_REQUEST="true")
    assert 400 <= response.status_code < 500, response.status_code
    assert before == (
        Interview.objects.count(),
        Scorecard.objects.count(),
        list(Offer.objects.values()),
    )
    assert Interview.objects.get().state == "scheduled"


def test_unknown_messages_and_tokens_are_404(objects, client, recruiter):
    client.force_login(recruiter)
    ids = objects["application"]
    assert (
        client.get(
            f"/requisitions/{ids['pk']}/candidates/{ids['application']}/messages/bogus/"
        ).status_code
        == 404
    )
    client.logout()
    assert client.post("/survey/" + "A" * 400 + "/", {"comment": NUL}).status_code == 404
    assert (
        not Survey.objects.exists() and not CandidateMessage.objects.filter(kind="thanks").exists()
    )

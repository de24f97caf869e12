"""Malformed, out-of-range and unknown input on every form and parameter: a clear 4xx or a
form error, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path,method,data",
    [
        ("/requisitions/{pk}/agreement/sections/nope/", "post", {}),
        (
            "/requisitions/{pk}/agreement/sections/role_profile/",
            "post",
            {"must_haves": "a\nb\nc\nd", "shortlist_size": "-3"},
        ),
        (
            "/requisitions/{pk}/agreement/sections/service_levels/",
            "post",
            {"sign_agreement-amount": "abc"},
        ),
        (
            "/requisitions/{pk}/agreement/sections/interview_plan/",
            "post",
            {"stage-0-length": "99999999999"},
        ),
        (
            "/requisitions/{pk}/agreement/sections/budget/",
            "post",
            {"salary_min": "9e99", "salary_max": "-1"},
        ),
        ("/requisitions/{pk}/agreement/sections/communication/", "post", {"checkin_time": "25:99"}),
        ("/requisitions/{pk}/agreement/matrix/nostep/recruiter/", "post", {}),
        ("/requisitions/{pk}/agreement/matrix/sourcing/nobody/", "post", {}),
        ("/requisitions/{pk}/agreement/versions/999/", "get", None),
        ("/requisitions/{pk}/agreement/versions/999/diff/", "get", None),
        ("/requisitions/{pk}/agreement/versions/999/sign/", "post", {}),
        ("/requisitions/{pk}/agreement/versions/1/diff/", "get", None),
        (
            "/requisitions/{pk}/agreement/intake/",
            "post",
            {
                "date": "2020-13-45",
                "time": "x",
                "duration_minutes": "-5",
                "channel": "fax",
                "attendees": ["abc"],
            },
        ),
        ("/requisitions/{pk}/agreement/decline/", "post", {"reason": "x" * 5000}),
        ("/requisitions/{pk}/agreement/?part=bogus", "get", None),
        ("/requisitions/{pk}/status-update/", "post", {"progress": "x" * 5000}),
        ("/requisitions/{pk}/move/", "post", {"to_state": "on_hold", "reason": "x" * 1000}),
        ("/requisitions/{pk}/team/", "post", {"recruiter": "abc", "interviewers": ["x"]}),
        ("/notifications/?page=-1", "get", None),
        ("/requisitions/?page=99999&state=open", "get", None),
    ],
)
def test_bad_input_never_gives_a_server_error(
    client, requisition, recruiter, hr_generalist, path, method, data
):
    from intake.drafting import draft_for_editing

    draft_for_editing(requisition=requisition, edited_by=recruiter)
    for user in (recruiter, hr_generalist):
        client.force_login(user)
        url = path.format(pk=requisition.pk)
        r = getattr(client, method)(url, data or {}) if data is not None else client.get(url)
        assert r.status_code < 500, (user, url, r.status_code)

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from intake.drafting import save_section
from intake.models import Agreement, IntakeSession, SearchDecline

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def url(name, requisition, **kwargs):
    return reverse(f"intake:{name}", kwargs={"pk": requisition.pk, **kwargs})


def role_profile_post(**overrides):
    data = {
        "role_profile-must_haves": "Python in production\nOwns on-call",
        "role_profile-nice_to_haves": "PostgreSQL\nCelery\nMentoring",
        "role_profile-qualifications": "",
        "role_profile-team_description": "Payments",
        "role_profile-past_hires": "",
        "role_profile-knockout_questions": "Right to work in the UK? | Yes",
        "role_profile-shortlist_size": "4",
    }
    data.update(overrides)
    return data


def test_the_agreement_page_shows_the_editor_to_the_recruiter(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.get(url("agreement", requisition))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="section-role_profile"' in html
    assert 'id="matrix-row-offer_preparation"' in html
    assert not Agreement.objects.exists()  # reading starts no draft


def test_saving_a_section_returns_only_its_partial_and_starts_the_draft(
    client, requisition, recruiter
):
    client.force_login(recruiter)
    response = client.post(
        url("section-save", requisition, section="role_profile"), role_profile_post(), **HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="section-role_profile"')
    assert "Role profile saved." in html
    assert "journal-changed" in response["HX-Trigger"]
    draft = Agreement.objects.get()
    assert draft.role_profile["must_haves"] == ["Python in production", "Owns on-call"]
    assert draft.role_profile["knockout_questions"] == [
        {"question": "Right to work in the UK?", "answer": "Yes"}
    ]


def test_two_nice_to_haves_save_with_a_warning(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.post(
        url("section-save", requisition, section="role_profile"),
        role_profile_post(**{"role_profile-nice_to_haves": "PostgreSQL\nCelery"}),
        **HX,
    )
    assert response.status_code == 200
    assert "Three to five nice-to-haves are advised" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"role_profile-must_haves": ""}, "must_haves", "at least one must-have"),
        ({"role_profile-must_haves": "a\nb\nc\nd"}, "must_haves", "3 must-haves at most"),
        ({"role_profile-nice_to_haves": "1\n2\n3\n4\n5\n6"}, "nice_to_haves", "5 nice-to-haves"),
        ({"role_profile-knockout_questions": "No answer here"}, "knockout_questions", "Line 1"),
        ({"role_profile-shortlist_size": "0"}, "shortlist_size", "greater than or equal to 1"),
        ({"role_profile-shortlist_size": "lots"}, "shortlist_size", "whole number"),
    ],
)
def test_bad_role_profile_input_is_shown_next_to_its_field_and_saves_nothing(
    client, requisition, recruiter, overrides, field, message
):
    client.force_login(recruiter)
    response = client.post(
        url("section-save", requisition, section="role_profile"),
        role_profile_post(**overrides),
        **HX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="id_role_profile-{field}_error"' in html
    assert message in html
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    ("section", "data", "field"),
    [
        (
            "budget",
            {
                "budget-salary_min": "90000",
                "budget-salary_max": "100",
                "budget-salary_currency": "GBP",
            },
            "salary_max",
        ),
        (
            "interview_plan",
            {
                "interview_plan-stage-TOTAL_FORMS": "1",
                "interview_plan-stage-INITIAL_FORMS": "0",
                "interview_plan-stage-0-name": "Tech",
                "interview_plan-stage-0-length": "",
            },
            "stage-0-length",
        ),
        ("communication", {"communication-checkin_cadence": "hourly"}, "checkin_cadence"),
        ("sourcing", {"sourcing-channels": ["carrier_pigeon"]}, "channels"),
        (
            "service_levels",
            {"service_levels-review_candidate_amount": "-3"},
            "review_candidate_amount",
        ),
    ],
)
def test_every_section_answers_422_with_the_error_next_to_the_field(
    client, requisition, recruiter, section, data, field
):
    client.force_login(recruiter)
    response = client.post(url("section-save", requisition, section=section), data, **HX)
    assert response.status_code == 422
    assert f'id="id_{section}-{field}_error"' in response.content.decode()
    assert not Agreement.objects.exists()


def test_the_interview_plan_stores_ordered_stages_with_team_interviewers(
    client, requisition, recruiter, interviewer, brief
):
    save_section(requisition=requisition, section="role_profile", value=brief, edited_by=recruiter)
    client.force_login(recruiter)
    response = client.post(
        url("section-save", requisition, section="interview_plan"),
        {
            "interview_plan-stage-TOTAL_FORMS": "3",
            "interview_plan-stage-INITIAL_FORMS": "0",
            "interview_plan-stage-0-name": "Screen",
            "interview_plan-stage-0-length": "30",
            "interview_plan-stage-0-focus": ["Owns on-call"],
            "interview_plan-stage-1-name": "Technical",
            "interview_plan-stage-1-length": "60",
            "interview_plan-stage-1-other_focus": "System design, Testing",
            "interview_plan-stage-1-interviewers": [str(interviewer.pk)],
            "interview_plan-stage-2-name": "",
        },
        **HX,
    )
    assert response.status_code == 200
    stages = Agreement.objects.get().interview_plan["stages"]
    assert [s["name"] for s in stages] == ["Screen", "Technical"]
    assert stages[1]["focus_areas"] == ["System design", "Testing"]
    assert stages[1]["interviewers"] == [{"id": interviewer.pk, "name": interviewer.display_name}]


def test_an_interviewer_cannot_edit_and_sees_only_the_interview_plan(
    client, requisition, interviewer, sent, sign_all
):
    sign_all(sent)
    client.force_login(interviewer)
    response = client.post(
        url("section-save", requisition, section="role_profile"), role_profile_post(), **HX
    )
    assert response.status_code == 403
    page = client.get(url("version-detail", requisition, version=1)).content.decode()
    assert "Interview plan" in page
    assert "Role profile" not in page
    assert "Salary band" not in page
    assert 'id="section-' not in client.get(url("agreement", requisition)).content.decode()


def test_an_agency_recruiter_does_not_see_the_budget_unless_shared(
    client, requisition, agency_recruiter, recruiter, sent, sign_all
):
    from hiring.models import HiringTeamMember

    sign_all(sent)
    HiringTeamMember.objects.filter(requisition=requisition, role="recruiter").update(
        user=agency_recruiter
    )
    client.force_login(agency_recruiter)
    page = client.get(url("version-detail", requisition, version=1)).content.decode()
    assert "Role profile" in page and "Salary band" not in page
    response = client.post(url("section-save", requisition, section="budget"), {}, **HX)
    assert response.status_code == 403


def test_a_matrix_click_returns_the_row_with_its_rule_break(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.post(
        url("matrix-cell", requisition, step="sourcing", party="recruiter"), **HX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<tr id="matrix-row-sourcing"')
    assert "matrix__row--broken" in html and "nobody is Responsible" in html
    assert Agreement.objects.get().matrix["sourcing"]["recruiter"] == "A"


def test_sending_a_broken_draft_redirects_to_the_reason_and_a_refresh_posts_nothing(
    client, requisition, recruiter, draft
):
    client.force_login(recruiter)
    client.post(url("matrix-cell", requisition, step="sourcing", party="recruiter"))
    response = client.post(url("agreement-send", requisition), follow=True)
    assert response.redirect_chain[-1][1] == 302  # post/redirect/get
    assert response.request["REQUEST_METHOD"] == "GET"
    assert "break" in response.content.decode()
    draft.refresh_from_db()
    assert draft.state == "draft"


def test_the_sign_flow_through_the_pages(
    client, requisition, recruiter, hiring_manager, hr_generalist, draft
):
    client.force_login(recruiter)
    assert client.post(url("agreement-send", requisition)).status_code == 302
    for person in (recruiter, hiring_manager, hr_generalist):
        client.force_login(person)
        response = client.post(url("version-sign", requisition, version=1))
        assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(url("agreement", requisition)).content.decode()
    assert "In force" in page and "Version 1" in page


def test_a_stale_or_second_signature_is_a_clear_refusal_not_a_500(
    client, requisition, recruiter, sent
):
    client.force_login(recruiter)
    assert client.post(url("version-sign", requisition, version=1)).status_code == 302
    response = client.post(url("version-sign", requisition, version=1), follow=True)
    assert response.status_code == 200 and response.redirect_chain
    assert "already signed" in response.content.decode()
    assert client.post(url("version-sign", requisition, version=7)).status_code == 404


def test_the_diff_page_highlights_what_changed(
    client, requisition, recruiter, sent, sign_all, brief
):
    sign_all(sent)
    save_section(
        requisition=requisition,
        section="role_profile",
        value={**brief, "must_haves": ["Python in production", "Kotlin"]},
        edited_by=recruiter,
    )
    client.force_login(recruiter)
    html = client.get(url("version-diff", requisition, version=2)).content.decode()
    assert '<li class="diff__line diff__line--removed">' in html
    assert "<del>Owns on-call</del>" in html
    assert "<ins>Kotlin</ins>" in html
    assert "No change" in html  # the untouched parts say so
    assert client.get(url("version-diff", requisition, version=1)).status_code == 200


def test_schedule_the_intake_and_download_its_ics(client, requisition, recruiter, hiring_manager):
    client.force_login(recruiter)
    day = timezone.localdate() + timedelta(days=5)
    response = client.post(
        url("intake-schedule", requisition),
        {
            "date": day.isoformat(),
            "time": "10:30",
            "duration_minutes": "60",
            "channel": "video",
            "where": "",
            "attendees": [str(recruiter.pk), str(hiring_manager.pk)],
        },
    )
    assert response.status_code == 302
    session = IntakeSession.objects.get()
    assert session.attendees.count() == 2
    ics = client.get(url("intake-ics", requisition))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Intake" in ics.content
    refused = client.post(url("intake-held", requisition), follow=True)  # not before it starts
    assert refused.redirect_chain
    assert b"can be marked held from then on" in refused.content
    session.refresh_from_db()
    assert not session.is_held
    with time_machine.travel(session.starts_at + timedelta(minutes=1)):
        client.force_login(recruiter)  # days later: a fresh session
        assert client.post(url("intake-held", requisition)).status_code == 302
    session.refresh_from_db()
    assert session.is_held


def test_scheduling_in_the_past_is_refused_next_to_the_date(client, requisition, recruiter):
    client.force_login(recruiter)
    response = client.post(
        url("intake-schedule", requisition),
        {
            "date": "2001-01-01",
            "time": "10:00",
            "duration_minutes": "60",
            "channel": "video",
            "attendees": [str(recruiter.pk)],
        },
    )
    assert response.status_code == 422
    assert 'id="id_date_error"' in response.content.decode()
    assert not IntakeSession.objects.exists()


def test_declining_shows_on_the_agreement_page(client, requisition, recruiter):
    client.force_login(recruiter)
    assert client.post(url("search-decline", requisition), {"reason": ""}).status_code == 422
    response = client.post(url("search-decline", requisition), {"reason": "Budget is unrealistic"})
    assert response.status_code == 302
    assert SearchDecline.objects.get().reason == "Budget is unrealistic"
    page = client.get(url("agreement", requisition)).content.decode()
    assert "Budget is unrealistic" in page


def test_non_members_get_404(client, requisition, outsider):
    client.force_login(outsider)
    assert client.get(url("agreement", requisition)).status_code == 404


def test_a_refused_section_keeps_what_was_typed(client, requisition, recruiter):
    client.force_login(recruiter)
    typed = "Python in production\nPayments\nOn-call\nKotlin"
    response = client.post(
        url("section-save", requisition, section="role_profile"),
        role_profile_post(
            **{"role_profile-must_haves": typed, "role_profile-team_description": "Ledger team"}
        ),
        **HX,
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert typed in html and "Ledger team" in html
    assert 'aria-invalid="true"' in html


def test_saving_after_sending_starts_the_next_draft_and_leaves_the_sent_version_alone(
    client, requisition, recruiter, sent
):
    client.force_login(recruiter)
    response = client.post(
        url("section-save", requisition, section="role_profile"),
        role_profile_post(**{"role_profile-shortlist_size": "9"}),
        **HX,
    )
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.state == "awaiting_signatures" and sent.role_profile["shortlist_size"] == 4
    assert Agreement.objects.get(version=2, state="draft").role_profile["shortlist_size"] == 9

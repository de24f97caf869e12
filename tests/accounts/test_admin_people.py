"""The admin cannot bypass the product (finding 3, the parts outside the search's
lifecycle): the journal is read-only to everyone, a candidate is erased, never deleted,
and people are invited — one by one or from a CSV with a preview — with a way in by email."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import User
from hiring.journal import record_activity
from hiring.models import Activity
from outbox.mail import build_message
from outbox.models import OutboundEmail
from pipeline.models import Candidate
from privacy.models import Erasure

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_finding_3_the_journal_is_read_only_in_the_admin_even_to_superusers(
    admin_client, requisition, recruiter
):
    entry = record_activity(
        requisition=requisition, actor=recruiter, kind=Activity.Kind.EDITED, summary="Brief edited"
    )
    change = reverse("admin:hiring_activity_change", args=[entry.pk])
    delete = reverse("admin:hiring_activity_delete", args=[entry.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="summary"' not in page.text
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    listing = admin_client.post(
        reverse("admin:hiring_activity_changelist"),
        {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"},
    )
    assert listing.status_code in (200, 302)
    assert Activity.objects.filter(pk=entry.pk).exists()
    assert admin_client.get(reverse("admin:hiring_activity_add")).status_code == 403


def test_finding_3_a_candidate_is_erased_from_the_admin_never_deleted(
    admin_client, admin_user, recruiter
):
    candidate = Candidate.objects.create(
        name="Jane Doe", email="jane@example.com", created_by=recruiter
    )
    delete = reverse("admin:pipeline_candidate_delete", args=[candidate.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:pipeline_candidate_changelist")
    assert "delete_selected" not in admin_client.get(changelist).text
    asked = admin_client.post(
        changelist, {"action": "erase_personal_data", "_selected_action": [candidate.pk]}
    )
    assert asked.status_code == 200 and "Type ERASE to confirm" in asked.text
    assert not Erasure.objects.exists()
    admin_client.post(
        changelist,
        {"action": "erase_personal_data", "_selected_action": [candidate.pk], "confirm": "ERASE"},
    )
    candidate.refresh_from_db()
    assert candidate.name.startswith("Erased candidate")
    assert Erasure.objects.get().erased_by == admin_user


def test_finding_3_an_admin_invites_a_person_who_gets_a_set_password_link_in_plain_and_html(
    admin_client, admin_user, settings
):
    response = admin_client.post(
        reverse("admin:accounts_user_invite"),
        {
            "email": "Nia.Lopez@example.com",
            "first_name": "Nia",
            "last_name": "Lopez",
            "role": "hiring_manager",
            "job_title": "Head of Payments",
        },
    )
    assert response.status_code == 302
    person = User.objects.get(email="Nia.Lopez@example.com")
    assert (person.role, person.username, person.has_usable_password()) == (
        "hiring_manager",
        "nia.lopez",
        False,
    )
    email = OutboundEmail.objects.get(to=["Nia.Lopez@example.com"])
    message = build_message(email).message()
    assert {"text/plain", "text/html"} <= {p.get_content_type() for p in message.walk()}
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", email.text).group(0)
    path = link.split(settings.ACCORD_BASE_URL.rstrip("/"), 1)[1]
    admin_client.logout()
    form = admin_client.get(path, follow=True)
    assert form.status_code == 200 and "new_password1" in form.text
    admin_client.force_login(admin_user)
    again = admin_client.post(
        reverse("admin:accounts_user_invite"),
        {
            "email": "nia.lopez@EXAMPLE.com",
            "first_name": "N",
            "last_name": "L",
            "role": "recruiter",
        },
    )
    assert again.status_code == 200 and "already has an account" in again.text


def test_an_invitation_with_single_sign_on_leads_to_the_company_sign_in(admin_client, settings):
    settings.ACCORD_OIDC_ISSUER = "https://sso.example.com"
    settings.OIDC_RP_CLIENT_ID = "accord"
    admin_client.post(
        reverse("admin:accounts_user_invite"),
        {"email": "kim@example.com", "first_name": "Kim", "last_name": "Ro", "role": "interviewer"},
    )
    email = OutboundEmail.objects.get(to=["kim@example.com"])
    assert "company account" in email.text and "/accounts/login/" in email.text
    assert "password-reset" not in email.text


def test_finding_3_people_are_imported_from_a_csv_after_a_preview_row_by_row(
    admin_client, recruiter
):
    csv_text = (
        "email,first_name,last_name,role,agency_name\n"
        "ana@example.com,Ana,Silva,Recruiter,Talentbridge\n"
        f"{recruiter.email},Riya,Patel,recruiter,\n"
        "not-an-email,Bo,Li,interviewer,\n"
        "cy@example.com,Cy,Ng,Hiring manager,\n"
        "dee@example.com,Dee,Ok,astronaut,\n"
    )
    url = reverse("admin:accounts_user_import")
    upload = SimpleUploadedFile("people.csv", ("\ufeff" + csv_text).encode(), "text/csv")
    preview = admin_client.post(url, {"file": upload})
    assert preview.status_code == 200
    text = preview.text
    assert "2 of 5 people will be invited" in text
    assert "already has an account" in text and "not an email address" in text
    assert "unknown role" in text
    assert User.objects.filter(email__in=["ana@example.com", "cy@example.com"]).count() == 0
    payload = re.search(r'name="payload" value="([^"]+)"', text).group(1)
    tampered = admin_client.post(url, {"payload": payload[:-3] + "xyz"}, follow=True)
    assert "upload the file again" in tampered.text
    done = admin_client.post(url, {"payload": payload})
    assert done.status_code == 302
    ana = User.objects.get(email="ana@example.com")
    assert (ana.role, ana.agency_name) == ("recruiter", "Talentbridge")
    assert User.objects.get(email="cy@example.com").role == "hiring_manager"
    assert sum("ana@example.com" in e.to for e in OutboundEmail.objects.all()) == 1


def test_a_csv_without_the_needed_columns_is_refused_whole(admin_client):
    upload = SimpleUploadedFile("people.csv", b"mail,name\na@example.com,A\n", "text/csv")
    response = admin_client.post(reverse("admin:accounts_user_import"), {"file": upload})
    assert "needs the columns" in response.text
    assert 'name="payload"' not in response.text


@pytest.mark.parametrize("who", ["recruiter", "hr_generalist", "hiring_manager"])
def test_only_admins_invite(client, request, who):
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("admin:accounts_user_invite"))
    assert response.status_code in (302, 403)

import pytest
from django.urls import reverse

from commitments.models import Notification
from commitments.sweep import sweep
from tests.clock import london
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalated(review_commitment, traveller):
    traveller.to(london(26, 10))
    sweep()
    return review_commitment


def test_the_bell_counts_unread_notifications(client, escalated, hiring_manager):
    client.force_login(hiring_manager)
    response = client.get(reverse("commitments:notification-badge"), headers={"HX-Request": "1"})
    html = response.content.decode()
    assert ">1<" in html and "unread" in html
    assert "<html" not in html


def test_opening_a_notification_marks_it_read_and_lands_on_the_fulfilling_page(
    client, escalated, hiring_manager
):
    client.force_login(hiring_manager)
    note = Notification.objects.get(recipient=hiring_manager)
    response = client.post(reverse("commitments:notification-open", args=[note.pk]))
    assert response.status_code == 302
    assert response.url == escalated.url
    note.refresh_from_db()
    assert note.read_at is not None


def test_nobody_opens_someone_elses_notification(client, escalated, recruiter, hiring_manager):
    client.force_login(recruiter)
    note = Notification.objects.get(recipient=hiring_manager)
    assert client.post(reverse("commitments:notification-open", args=[note.pk])).status_code == 404


def test_an_offsite_url_is_never_followed(client, hiring_manager):
    note = Notification.objects.create(recipient=hiring_manager, text="x", url="https://evil.test/")
    client.force_login(hiring_manager)
    response = client.post(reverse("commitments:notification-open", args=[note.pk]))
    assert response.url == reverse("commitments:notification-list")


def test_mark_all_read(client, escalated, hiring_manager):
    client.force_login(hiring_manager)
    client.post(reverse("commitments:notification-read-all"))
    assert not Notification.objects.filter(recipient=hiring_manager).unread().exists()


def test_the_list_shows_my_notifications_with_fixed_queries(
    client, escalated, recruiter, django_assert_num_queries
):
    for n in range(40):
        Notification.objects.create(recipient=recruiter, text=f"note {n}", url="/")
    client.force_login(recruiter)
    with django_assert_num_queries(5):  # session, user, count, page, unread count
        response = client.get(reverse("commitments:notification-list"))
    assert len(response.context["page"].object_list) == 30


def test_choosing_the_daily_digest(client, hiring_manager):
    client.force_login(hiring_manager)
    day = {"workday_starts": "09:00", "workday_ends": "17:30", "time_zone": ""}
    response = client.post(reverse("commitments:preferences"), {"reminder_email": "digest", **day})
    assert response.status_code == 302
    hiring_manager.refresh_from_db()
    assert hiring_manager.reminder_email == "digest"
    response = client.post(reverse("commitments:preferences"), {"reminder_email": "hourly", **day})
    assert response.status_code == 422
    hiring_manager.refresh_from_db()
    assert hiring_manager.reminder_email == "digest"


def test_the_working_day_and_time_zone_are_a_personal_choice(client, hiring_manager):
    client.force_login(hiring_manager)
    url = reverse("commitments:preferences")
    chosen = {"reminder_email": "immediate", "time_zone": "America/New_York"}
    response = client.post(url, {**chosen, "workday_starts": "08:00", "workday_ends": "16:00"})
    assert response.status_code == 302
    hiring_manager.refresh_from_db()
    assert (hiring_manager.time_zone, str(hiring_manager.workday_starts)) == (
        "America/New_York",
        "08:00:00",
    )
    backwards = client.post(url, {**chosen, "workday_starts": "17:00", "workday_ends": "09:00"})
    assert backwards.status_code == 422
    assert "end after it starts" in backwards.content.decode()
    unknown = client.post(
        url,
        {**chosen, "time_zone": "Mars/Olympus", "workday_starts": "9:00", "workday_ends": "17:00"},
    )
    assert unknown.status_code == 422


def test_waiving_needs_a_reason_next_to_the_field(client, review_commitment, recruiter):
    client.force_login(recruiter)
    url = reverse("commitments:commitment-waive", args=[review_commitment.pk])
    response = client.post(url, {"reason": ""})
    assert response.status_code == 422
    assert "This field is required" in response.content.decode()
    review_commitment.refresh_from_db()
    assert review_commitment.state == "open"
    assert client.post(url, {"reason": "Role re-scoped"}).status_code == 302
    review_commitment.refresh_from_db()
    assert review_commitment.state == "waived"


def test_the_owner_cannot_waive_their_own_commitment(client, review_commitment, hiring_manager):
    client.force_login(hiring_manager)
    url = reverse("commitments:commitment-waive", args=[review_commitment.pk])
    assert client.get(url).status_code == 403


def test_outsiders_cannot_see_a_commitment(client, review_commitment):
    client.force_login(UserFactory(role="hr_generalist"))
    url = reverse("commitments:commitment-waive", args=[review_commitment.pk])
    assert client.get(url).status_code == 404


def test_the_overview_card_counts_both_sides_the_same_way(client, escalated, hr_generalist):
    client.force_login(hr_generalist)
    response = client.get(
        reverse("commitments:requisition-commitments", args=[escalated.requisition_id]),
        headers={"HX-Request": "1"},
    )
    sides = {s["key"]: s for s in response.context["sides"]}
    assert sides["hiring_manager"]["overdue"] == 1
    assert sides["recruiter"]["open"] == 0
    assert "Waive" in response.content.decode()


@pytest.mark.parametrize("history", [3, 80])
def test_the_commitments_page_lists_open_first_pages_the_settled_in_fixed_queries(
    history, client, requisition, hiring_manager, recruiter, django_assert_max_num_queries
):
    """Open ones by due date, then the settled ones the latest first, 25 a page; the
    figures from one aggregate, whatever the search's history."""
    from commitments.ledger import meet_commitments
    from tests.factories import make_commitment

    for n in range(history):
        make_commitment(requisition, hiring_manager, title=f"Old {n}", subject=recruiter)
        meet_commitments(subject=recruiter, kind="review_candidate")
    make_commitment(requisition, hiring_manager, title="Review Ann", subject=hiring_manager)
    client.force_login(recruiter)
    url = reverse("commitments:requisition-commitments", args=[requisition.pk])
    client.get(url)
    # session, user and its permissions (3), the search and team (2), the figures, the open,
    # the settled page, the tabs' counts (4)
    with django_assert_max_num_queries(13):
        response = client.get(url)
    body = response.content.decode()
    assert body.index("Review Ann") < body.index(f"Old {history - 1}")  # open first
    assert len(response.context["settled_rows"]) == min(history, 25)
    assert response.context["settled"].paginator.count == history
    sides = {s["key"]: s for s in response.context["sides"]}
    assert (sides["hiring_manager"]["open"], sides["hiring_manager"]["met"]) == (1, history)

"""Settings → Webhooks: admins register an endpoint (its secret shown once), are refused a
bad address next to the field (422, nothing made), send a test event, read the log, retry a
failed delivery, regenerate the secret, delete; the list costs the same queries however many
endpoints it shows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from webhooks.models import Delivery, Endpoint
from webhooks.recording import create_endpoint

pytestmark = pytest.mark.django_db
LIST = "/settings/webhooks/"


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def make_endpoint(name="x"):
    return create_endpoint(
        by=None, name=name, kind="signed", url="https://a.example/", events=["requisition.on_hold"]
    )


def form(**changes):
    return {
        "name": "ATS sync",
        "kind": "signed",
        "url": "https://hooks.example.com/accord",
        "events": ["requisition.on_hold", "commitment.overdue"],
        **changes,
    }


def test_an_admin_registers_an_endpoint_and_sees_its_secret_once(admin_client, admin_user):
    response = admin_client.post(LIST, form())
    assert response.status_code == 201
    endpoint = Endpoint.objects.get()
    assert endpoint.secret.startswith("whsec_") and len(endpoint.secret) > 40
    assert endpoint.events == ["commitment.overdue", "requisition.on_hold"]
    assert endpoint.created_by == admin_user
    assert endpoint.secret in response.content.decode()
    page = admin_client.get(reverse("webhooks:endpoint-detail", args=[endpoint.pk]))
    assert endpoint.secret not in page.content.decode()  # only its first characters now
    assert endpoint.secret_hint in page.content.decode()


def test_a_teams_endpoint_has_no_secret(admin_client):
    assert admin_client.post(LIST, form(kind="teams")).status_code == 201
    assert Endpoint.objects.get().secret == ""


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "Only http:// and https://"),
        ("ftp://files.example.com/", "Only http:// and https://"),
        ("javascript:alert(1)", "Only http:// and https://"),
        ("https://", "needs a host name"),
        ("http://user:secret@hooks.example.com/", "user name and password"),
        ("http://169.254.169.254/latest/meta-data/", "private network"),
        ("http://127.0.0.1:6379/", "private network"),
        ("http://localhost:5432/", "private network"),
        ("http://[::1]/", "private network"),
        ("http://10.1.2.3/", "private network"),
        ("https://hooks.example.com:99999/", "not a web address"),
    ],
)
def test_a_bad_address_is_refused_next_to_the_field(admin_client, url, message):
    response = admin_client.post(LIST, form(url=url))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Endpoint.objects.exists()


def test_no_events_or_an_unknown_one_is_refused(admin_client):
    assert admin_client.post(LIST, form(events=[])).status_code == 422
    assert admin_client.post(LIST, form(events=["payroll.leaked"])).status_code == 422
    assert not Endpoint.objects.exists()


def test_an_allowed_network_may_be_used(admin_client, settings):
    settings.ACCORD_WEBHOOKS_ALLOWED_NETWORKS = ["10.20.0.0/16"]
    assert admin_client.post(LIST, form(url="http://10.20.3.4/hooks")).status_code == 201


def test_nobody_but_an_admin_may_see_or_change_webhooks(client, recruiter, hr_lead):
    endpoint = make_endpoint()
    for person in (recruiter, hr_lead):
        client.force_login(person)
        assert client.get(LIST).status_code == 403
        assert client.post(LIST, form()).status_code == 403
        assert client.post(f"{LIST}{endpoint.pk}/delete/").status_code == 403
    assert Endpoint.objects.count() == 1


def test_send_a_test_event_then_read_it_in_the_log(admin_client, monkeypatch):
    endpoint = make_endpoint()
    response = admin_client.post(f"{LIST}{endpoint.pk}/test/", follow=True)
    delivery = Delivery.objects.get()
    assert delivery.is_test and delivery.event == "webhook.test"
    text = response.content.decode()
    assert "A test event is on its way" in text
    assert "A test event, sent from the settings page" in text
    assert 'hx-trigger="every 2s"' in text  # the log refreshes while it is on its way
    Delivery.objects.update(state="delivered", last_status=200, last_duration_ms=12)
    log = admin_client.get(f"{LIST}{endpoint.pk}/log/").content.decode()
    assert "Delivered" in log and "HTTP 200 in 12 ms" in log
    assert "every 2s" not in log  # nothing on its way: it stops refreshing


def test_edit_pause_and_bad_edit(admin_client):
    endpoint = make_endpoint()
    url = f"{LIST}{endpoint.pk}/"
    response = admin_client.post(url, form(name="Renamed", url="http://10.0.0.1/"))
    assert response.status_code == 422
    endpoint.refresh_from_db()
    assert endpoint.name == "x"
    assert admin_client.post(url, form(name="Renamed", active="")).status_code == 302
    endpoint.refresh_from_db()
    assert (endpoint.name, endpoint.active, endpoint.kind) == ("Renamed", False, "signed")


def test_regenerate_the_secret(admin_client):
    endpoint = make_endpoint()
    old = endpoint.secret
    response = admin_client.post(f"{LIST}{endpoint.pk}/secret/")
    endpoint.refresh_from_db()
    assert endpoint.secret != old and endpoint.secret in response.content.decode()


def test_retry_a_failed_delivery_and_delete(admin_client, django_capture_on_commit_callbacks):
    endpoint = make_endpoint()
    failed = Delivery.objects.create(
        endpoint=endpoint, event_key="k", event="requisition.on_hold", body="{}",
        state="failed", give_up_at=timezone.now(), attempts=30, last_error="Answered 500",
    )  # fmt: skip
    page = admin_client.get(f"{LIST}{endpoint.pk}/").content.decode()
    assert "Failed" in page and "Answered 500" in page and "Retry" in page
    listing = admin_client.get(LIST).content.decode()
    assert 'badge--cancelled">1<' in listing  # the failed count, shown on the list
    with django_capture_on_commit_callbacks() as callbacks:
        admin_client.post(f"{LIST}{endpoint.pk}/deliveries/{failed.pk}/retry/")
    failed.refresh_from_db()
    assert failed.state == "pending" and failed.give_up_at > timezone.now()
    assert len(callbacks) == 1  # its send task, on commit
    assert admin_client.post(f"{LIST}{endpoint.pk}/delete/").status_code == 302
    assert not Endpoint.objects.exists() and not Delivery.objects.exists()


def test_the_list_costs_the_same_queries_for_one_or_ten(admin_client, django_assert_num_queries):
    def make(n):
        for i in range(n):
            e = make_endpoint(name=f"e{i}")
            Delivery.objects.create(
                endpoint=e, event_key="k", event="x", body="{}", give_up_at=timezone.now()
            )

    make(1)
    admin_client.get(LIST)
    # session, user, endpoints with their figures, messages none
    with django_assert_num_queries(3):
        admin_client.get(LIST)
    make(9)
    with django_assert_num_queries(3):
        assert admin_client.get(LIST).content.decode().count("/settings/webhooks/") >= 10


def test_the_log_costs_the_same_queries_for_one_or_fifty(
    admin_client, requisition, django_assert_num_queries
):
    endpoint = make_endpoint()

    def make(n, start):
        for i in range(start, start + n):
            Delivery.objects.create(
                endpoint=endpoint, event_key=f"k{i}", event="requisition.on_hold", body="{}",
                requisition=requisition, give_up_at=timezone.now(), state="delivered",
            )  # fmt: skip

    make(1, 0)
    log = f"{LIST}{endpoint.pk}/log/"
    admin_client.get(log)
    with django_assert_num_queries(4):  # session, user, endpoint, the log with its searches
        admin_client.get(log)
    make(60, 1)
    with django_assert_num_queries(4):
        text = admin_client.get(log).content.decode()
    assert text.count(requisition.title) == 50  # the latest 50

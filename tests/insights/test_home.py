import pytest
from django.urls import reverse

from tests.factories import make_commitment

pytestmark = pytest.mark.django_db


def test_waiting_on_me_lists_my_open_commitments_soonest_first(
    client, requisition, hiring_manager, recruiter, django_assert_max_num_queries
):
    for n, days in enumerate([5, 1, 3]):
        make_commitment(
            requisition,
            hiring_manager,
            kind="action_item",
            subject=requisition.team_members.all()[n],
            title=f"Item due in {days}",
            days=days,
        )
    client.force_login(hiring_manager)
    # session, user, permissions (2), commitments, counts, searches, their teams
    with django_assert_max_num_queries(8):
        response = client.get(reverse("insights:home"))
    titles = [c.title for c in response.context["waiting"]]
    assert titles == ["Item due in 1", "Item due in 3", "Item due in 5"]
    client.force_login(recruiter)
    assert client.get(reverse("insights:home")).context["waiting"] == []

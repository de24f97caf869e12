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
    # session, user, permission, commitments, counts, searches, their teams, what others
    # owe (waiting on others), and what is coming up (insights.agenda: interviews, lead
    # memberships, check-ins, intake meetings)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("insights:home"))
    titles = [c.title for c in response.context["waiting"]]
    assert titles == ["Item due in 1", "Item due in 3", "Item due in 5"]
    client.force_login(recruiter)
    assert client.get(reverse("insights:home")).context["waiting"] == []


def test_waiting_on_others_shows_whose_court_the_ball_is_in_longest_wait_first(
    client, traveller, requisition, recruiter, hiring_manager, interviewer
):
    from tests.clock import london

    review = make_commitment(requisition, hiring_manager, title="Review Ann", subject=recruiter)
    traveller.to(london(24, 10))
    make_commitment(requisition, interviewer, party="interviewer", title="Scorecard for Ann")
    make_commitment(
        requisition, recruiter, party="recruiter", title="Status update", kind="status_update"
    )
    traveller.to(london(26, 10))
    client.force_login(recruiter)
    others = client.get(reverse("insights:home")).context["others"]
    assert [(person, [c.title for c in items]) for person, items in others["groups"]] == [
        (hiring_manager, ["Review Ann"]),
        (interviewer, ["Scorecard for Ann"]),
    ]
    assert (others["total"], others["overdue"]) == (2, 1)
    assert review.title not in [
        c.title for c in client.get(reverse("insights:home")).context["waiting"]
    ]
    # The hiring manager waits on the recruiter and on their own panel.
    client.force_login(hiring_manager)
    groups = client.get(reverse("insights:home")).context["others"]["groups"]
    assert [person for person, _items in groups] == [interviewer, recruiter]
    # An interviewer holds no lead part: nobody owes them anything.
    client.force_login(interviewer)
    assert client.get(reverse("insights:home")).context["others"]["groups"] == []


@pytest.mark.parametrize("count", [2, 20])
def test_waiting_on_others_takes_the_same_queries_at_two_sizes(
    client, recruiter, django_assert_max_num_queries, count
):
    from tests.factories import RequisitionFactory, TeamRole, UserFactory, put_on_team

    for _ in range(count):
        search = RequisitionFactory(state="open")
        manager = UserFactory(role="hiring_manager")
        put_on_team(search, recruiter, TeamRole.RECRUITER)
        put_on_team(search, manager, TeamRole.HIRING_MANAGER)
        make_commitment(search, manager)
    client.force_login(recruiter)
    # the home page's 12, and waiting on others: its rows
    with django_assert_max_num_queries(13):
        response = client.get(reverse("insights:home"))
    assert response.context["others"]["total"] == count


def test_an_agency_recruiter_does_not_wait_on_candidates_they_do_not_see(
    client, requisition, agency_recruiter, recruiter, hiring_manager
):
    from hiring.models import HiringTeamMember
    from tests.interviews.helpers import make_application

    HiringTeamMember.objects.filter(requisition=requisition, user=recruiter).update(
        user=agency_recruiter
    )
    theirs = make_application(requisition, agency_recruiter, name="Own Pick", stage="submitted")
    other = make_application(requisition, recruiter, name="Someone Else", stage="submitted")
    make_commitment(requisition, hiring_manager, title="Review Own Pick", subject=theirs)
    make_commitment(requisition, hiring_manager, title="Review Someone Else", subject=other)
    client.force_login(agency_recruiter)
    [(person, items)] = client.get(reverse("insights:home")).context["others"]["groups"]
    assert [c.title for c in items] == ["Review Own Pick"]


def test_hr_leads_see_first_the_pairs_that_slipped(
    client, traveller, requisition, hr_lead, recruiter, hiring_manager
):
    """Issue 17: the pair scoreboard is the first thing HR sees. Those who see every search
    get the pairs with a side under 80 % on time over the last 30 days on top of their home,
    with the way to the scoreboard; nobody else gets the card."""
    from commitments.ledger import meet_commitments
    from tests.clock import london
    from tests.insights.test_figure_pages import owe

    met = owe(requisition, hiring_manager)
    owe(requisition, hiring_manager)  # left overdue
    update = owe(requisition, recruiter, party="recruiter", kind="status_update")
    traveller.to(london(24, 11))
    meet_commitments(subject=met.subject, kind=met.kind)
    meet_commitments(subject=update.subject, kind=update.kind)
    traveller.to(london(26, 12))
    client.force_login(hr_lead)
    response = client.get(reverse("insights:home"))
    pairs = response.context["pairs"]
    assert (pairs["slipping"], pairs["pairs"]) == (1, 1)
    row = pairs["rows"][0]
    assert (row.recruiter, row.hiring_manager) == (recruiter, hiring_manager)
    page = response.content.decode()
    assert page.index("Is the agreement kept?") < page.index("Coming up")
    assert '<strong class="pct--low">50%</strong> on time' in page
    assert reverse("insights:scoreboard") in page
    for person in (recruiter, hiring_manager):
        client.force_login(person)
        assert client.get(reverse("insights:home")).context["pairs"] is None


@pytest.mark.parametrize("count", [2, 20])
def test_an_hr_leads_home_takes_the_same_queries_at_two_sizes(
    client, traveller, hr_lead, django_assert_max_num_queries, count
):
    from tests.clock import london
    from tests.insights.test_figure_pages import many_pairs

    many_pairs(count)
    traveller.to(london(27, 12))  # every one overdue: every pair slipped
    client.force_login(hr_lead)
    # the home page's 13, and the pairs: commitments (summary rows, edges), check-ins,
    # pulse answers, people
    with django_assert_max_num_queries(13 + 5):
        response = client.get(reverse("insights:home"))
    assert response.context["pairs"]["slipping"] == count
    assert len(response.context["pairs"]["rows"]) == min(count, 5)

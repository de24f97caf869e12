"""One person in many searches without a leak (issue 20, finding 1): a candidate's record is
shared only among people who may see one of its applications; anyone else who adds the same
email starts a profile of their own, and HR leads merge the two."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hiring.models import Activity
from pipeline.models import Application, Candidate
from privacy.merging import merge_candidates
from tests.factories import RequisitionFactory, UserFactory, put_on_team
from tests.pipeline.helpers import add

pytestmark = pytest.mark.django_db

HUGO = {
    "name": "Hugo Martin",
    "phone": "+33 6 12 34 56 78",
    "linkedin_url": "https://www.linkedin.com/in/hugo-martin-secret",
    "notes": "Team A: wants to relocate, salary talks confidential",
}


@pytest.fixture
def hugo(requisition, recruiter):
    """Hugo in the first team's search, added by its internal recruiter."""
    return add(requisition, recruiter, email="hugo.martin@example.com", **HUGO)


@pytest.fixture
def agency_search(agency_recruiter):
    search = RequisitionFactory(state="open")
    put_on_team(search, agency_recruiter, "recruiter")
    return search


@pytest.fixture
def other_team_search(outsider):
    search = RequisitionFactory(state="open")
    put_on_team(search, outsider, "recruiter")
    return search


def _add_by_form(client, user, search, **fields):
    client.force_login(user)
    data = {"name": "H. Martin", "email": "HUGO.MARTIN@example.com", "source": "referrals"}
    return client.post(
        reverse("pipeline:candidate-add", kwargs={"pk": search.pk}), {**data, **fields}
    )


def _leaks(text):
    return [value for value in HUGO.values() if value in text]


@pytest.mark.parametrize("who", ["agency", "other_team"])
def test_someone_who_cannot_see_the_person_starts_a_profile_of_their_own(
    client, hugo, who, agency_recruiter, outsider, agency_search, other_team_search
):
    user, search = {
        "agency": (agency_recruiter, agency_search),
        "other_team": (outsider, other_team_search),
    }[who]
    response = _add_by_form(client, user, search, location="Paris", current_company="Acme")
    assert response.status_code == 302
    new = Application.objects.get(requisition=search)
    assert new.candidate_id != hugo.candidate_id
    assert new.candidate.email == "HUGO.MARTIN@example.com" and new.candidate.name == "H. Martin"
    hugo.candidate.refresh_from_db()
    assert hugo.candidate.location == "" and hugo.candidate.current_company == "", (
        "nothing written into the other team's record"
    )
    # Neither the pages they reach nor the journal show anything of the other record.
    for page in (
        response["Location"],
        reverse("pipeline:application-detail", kwargs={"pk": search.pk, "application": new.pk}),
        reverse("hiring:requisition-journal", kwargs={"pk": search.pk}),
    ):
        assert _leaks(client.get(page).content.decode()) == []
    entry = Activity.objects.get(requisition=search, kind="candidate_added")
    assert "already known" not in entry.summary and "Hugo" not in entry.summary


def test_someone_who_sees_the_person_elsewhere_links_to_the_same_record(client, hugo, recruiter):
    second = RequisitionFactory(state="open")
    put_on_team(second, recruiter, "recruiter")
    response = _add_by_form(client, recruiter, second, location="Lyon", phone="+1 555")
    assert response.status_code == 302
    linked = Application.objects.get(requisition=second)
    assert linked.candidate_id == hugo.candidate_id and Candidate.objects.count() == 1
    hugo.candidate.refresh_from_db()
    assert hugo.candidate.phone == HUGO["phone"], "what is on file stays"
    assert hugo.candidate.location == "Lyon", "an empty field is filled by someone who sees it"
    entry = Activity.objects.get(requisition=second, kind="candidate_added")
    assert "another search" not in entry.summary


def test_the_same_search_refuses_a_second_entry_naming_only_who_the_adder_may_see(
    client, hugo, hr_generalist, agency_recruiter, agency_search
):
    # HR puts Hugo into the agency's search; the agency sees only whom it sourced.
    put_on_team(agency_search, hr_generalist, "hr_generalist")
    add(agency_search, hr_generalist, email="hugo.martin@example.com", name="Hugo Martin")
    response = _add_by_form(client, agency_recruiter, agency_search)
    assert response.status_code == 422
    error = response.context["form"].errors["email"][0]
    assert "already in this search" in error and "Hugo" not in error and _leaks(error) == []
    response = _add_by_form(client, hr_generalist, agency_search)
    assert response.status_code == 422
    assert "Hugo Martin" in response.context["form"].errors["email"][0]
    assert Application.objects.count() == 2 and Candidate.objects.count() == 1


def test_an_hr_lead_sees_the_possible_duplicate_and_merges_it_journaled(
    client, hugo, hr_lead, agency_recruiter, agency_search
):
    _add_by_form(client, agency_recruiter, agency_search, location="Paris")
    other = Application.objects.get(requisition=agency_search)
    client.force_login(hr_lead)
    candidate_page = reverse(
        "pipeline:application-detail", kwargs={"pk": hugo.requisition_id, "application": hugo.pk}
    )
    assert "possible duplicate" in client.get(candidate_page).content.decode()
    privacy_page = reverse(
        "privacy:candidate", kwargs={"pk": hugo.requisition_id, "application": hugo.pk}
    )
    page = client.get(privacy_page).content.decode()
    assert "Possible duplicate" in page and agency_search.title in page
    merge = privacy_page + "merge/"
    response = client.post(merge, {"other": other.candidate_id})
    assert response.status_code == 302
    assert Candidate.objects.count() == 1
    other.refresh_from_db()
    assert other.candidate_id == hugo.candidate_id
    hugo.candidate.refresh_from_db()
    assert hugo.candidate.name == "Hugo Martin" and hugo.candidate.location == "Paris"
    added = Activity.objects.get(requisition=agency_search, kind="candidate_added")
    assert added.details["candidate"] == hugo.candidate_id, "the journal follows the merge"
    merged = Activity.objects.filter(kind="candidates_merged")
    assert {e.requisition_id for e in merged} == {hugo.requisition_id, agency_search.pk}
    for entry in merged:
        assert entry.actor == hr_lead and "Hugo" not in entry.summary
        assert hugo.requisition.title not in entry.summary
        assert agency_search.title not in entry.summary
    assert "possible duplicate" not in client.get(candidate_page).content.decode()


def test_a_merge_refuses_two_profiles_in_one_search(hugo, hr_lead, agency_recruiter):
    lone = Candidate.objects.create(
        name="Hugo M", email="hugo.martin@example.com", created_by=agency_recruiter
    )
    Application.objects.create(
        requisition=hugo.requisition, candidate=lone, sourced_by=agency_recruiter
    )
    with pytest.raises(ValidationError, match="Both profiles are in"):
        merge_candidates(keep=hugo.candidate, other=lone, by=hr_lead)
    assert Candidate.objects.count() == 2


def test_the_team_and_interviewers_cannot_merge(client, hugo, recruiter, hr_generalist):
    other = Candidate.objects.create(
        name="H", email="hugo.martin@example.com", created_by=UserFactory()
    )
    url = reverse(
        "privacy:candidate-merge", kwargs={"pk": hugo.requisition_id, "application": hugo.pk}
    )
    for user in (recruiter, hr_generalist):
        client.force_login(user)
        assert client.post(url, {"other": other.pk}).status_code == 403
    assert Candidate.objects.count() == 2

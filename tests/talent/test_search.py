"""Searching the pool and finding similar people (issue 22): ranking on a small hand-built
pool, who may see what, erasure, and a constant number of queries."""

import pytest
from django.urls import reverse

from pipeline.models import Application, Stage
from talent.models import PoolDocument, TermStat
from talent.search import pool_for, search_pool
from talent.similar import find_similar
from tests.services import require_postgres
from tests.talent.pool import backend_pool, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool(requisition, recruiter):
    return backend_pool(requisition, recruiter)


def _names(results):
    return [getattr(r, "document", r).name for r in results]


def test_a_keyword_search_ranks_and_marks_what_it_found(pool, recruiter):
    results = search_pool(pool_for(recruiter), "reconciliation")
    assert _names(results) == ["Cleo Close", "Rita Ref"] or set(_names(results)) == {
        "Cleo Close",
        "Rita Ref",
    }
    assert "<mark>reconciliation</mark>" in str(results[0].snippet)


def test_the_name_counts_more_than_a_word_in_a_resume(pool, recruiter):
    person(Application.objects.first().requisition, recruiter, "Kafka Jones", "gardening")
    results = search_pool(pool_for(recruiter), "kafka")
    assert _names(results)[0] == "Kafka Jones"


def test_filters_narrow_the_pool(pool, recruiter):
    assert set(_names(search_pool(pool_for(recruiter, outcome="hired"), ""))) == {
        "Rita Ref",
        "Rob Ref",
    }
    reached_hired = pool_for(recruiter, reached=5)
    assert set(reached_hired.values_list("name", flat=True)) == {"Rita Ref", "Rob Ref"}
    assert set(pool_for(recruiter, department="engineering").values_list("name", flat=True)) >= {
        "Rita Ref",
        "Cleo Close",
    }


def test_find_similar_puts_the_obviously_closest_first(pool, recruiter):
    matches = find_similar(
        documents=pool_for(recruiter), references=[pool["ref1"].pool, pool["ref2"].pool]
    )
    assert _names(matches)[0] == "Cleo Close"
    assert "Rita Ref" not in _names(matches)  # the references and the hired are left out
    why = {w.lower() for w in matches[0].shared_words}
    assert {"rust", "kafka", "ledger"} <= why


def test_a_person_sharing_only_common_words_is_not_ranked_above_one_sharing_distinctive_ones(
    pool, recruiter
):
    names = _names(
        find_similar(
            documents=pool_for(recruiter), references=[pool["ref1"].pool, pool["ref2"].pool]
        )
    )
    assert "Sam Some" in names
    assert "Cory Common" not in names or names.index("Sam Some") < names.index("Cory Common")


def test_an_erased_person_vanishes_from_the_pool(pool, recruiter, admin_user):
    from privacy.erasure import erase_candidate  # noqa: PLC0415 — the floor above

    erase_candidate(candidate=pool["closest"], by=admin_user)
    assert not PoolDocument.objects.filter(pk=pool["closest"].pk).exists()
    assert "Cleo Close" not in _names(search_pool(pool_for(recruiter), "reconciliation"))
    names = _names(find_similar(documents=pool_for(recruiter), references=[pool["ref1"].pool]))
    assert "Cleo Close" not in names and not any(n.startswith("Erased") for n in names)


def test_an_erased_persons_own_words_leave_the_word_counts_at_once(pool, admin_user):
    """The hourly word counts never keep a word only an erased person had (their name):
    the document's trigger forgets it in the erasure's transaction (talent 0004)."""
    from privacy.erasure import erase_candidate  # noqa: PLC0415 — the floor above

    require_postgres()  # the word counts are PostgreSQL's (ts_stat); SQLite scans instead
    counts = dict(TermStat.objects.values_list("word", "documents"))
    assert counts.get("cleo") == 1, "a word only Cleo Close has"
    shared = next(w for w, n in counts.items() if w and n > 2)
    erase_candidate(candidate=pool["closest"], by=admin_user)
    after = dict(TermStat.objects.values_list("word", "documents"))
    assert "cleo" not in after
    assert after[""] == counts[""] - 1
    assert after[shared] in (counts[shared], counts[shared] - 1)
    assert min(after.values()) > 0, "no word is kept that nobody holds"


def test_the_pool_leaves_out_those_past_the_retention_period(pool, recruiter, settings):
    from django.utils import timezone  # noqa: PLC0415

    PoolDocument.objects.filter(pk=pool["common"].pk).update(
        last_closed_at=timezone.now() - timezone.timedelta(days=800)
    )
    assert not pool_for(recruiter).filter(pk=pool["common"].pk).exists()
    settings.ACCORD_CANDIDATE_RETENTION_MONTHS = 0
    assert pool_for(recruiter).filter(pk=pool["common"].pk).exists()


def test_an_agency_recruiter_searches_only_the_people_they_put_forward(
    pool, requisition, agency_recruiter
):
    from tests.factories import RequisitionFactory, TeamRole, put_on_team  # noqa: PLC0415

    theirs = RequisitionFactory(created_by=agency_recruiter, state="open")
    put_on_team(theirs, agency_recruiter, TeamRole.RECRUITER)
    mine = person(theirs, agency_recruiter, "Agnes Agency", "rust kafka ledger")
    names = set(pool_for(agency_recruiter).values_list("name", flat=True))
    assert names == {mine.name}


@pytest.mark.parametrize("role", ["hiring_manager", "interviewer"])
def test_hiring_managers_and_interviewers_do_not_search_the_pool(pool, request, role):
    assert not pool_for(request.getfixturevalue(role)).exists()


def test_the_pool_page_runs_the_same_number_of_queries_whatever_it_shows(
    pool, requisition, recruiter, client, django_assert_max_num_queries
):
    client.force_login(recruiter)
    url = reverse("talent:pool")
    with django_assert_max_num_queries(9) as few:
        client.get(url, {"q": "rust", "search": requisition.pk})
    for n in range(10):
        person(requisition, recruiter, f"More Rust{n}", "rust ledger payments")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"q": "rust", "search": requisition.pk})
    assert page.content.decode().count('class="pool-result"') >= 12


def test_the_similar_page_runs_a_constant_number_of_queries(
    pool, requisition, recruiter, client, django_assert_max_num_queries
):
    require_postgres()  # the counted path; SQLite's scan weighs the words as they are now
    client.force_login(recruiter)
    url = reverse("talent:similar")
    refs = {"ref": [pool["ref1"].pk, pool["ref2"].pk], "search": requisition.pk}
    with django_assert_max_num_queries(13) as few:
        client.get(url, refs)
    for n in range(10):
        person(requisition, recruiter, f"More Rust{n}", "rust ledger kafka reconciliation")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, refs)
    assert "More Rust" in page.content.decode()


def test_add_to_this_search_makes_an_application_from_the_talent_pool(
    pool, active, requisition, recruiter, client
):
    client.force_login(recruiter)
    silver = pool["closest"]
    response = client.post(reverse("talent:add-to-search", args=[requisition.pk, silver.pk]))
    application = Application.objects.get(requisition=requisition, candidate=silver)
    assert response.status_code == 302
    assert (application.stage, application.source) == (Stage.APPLIED, "talent_pool")
    assert silver.applications.count() == 2  # the earlier search's history stays
    again = client.post(reverse("talent:add-to-search", args=[requisition.pk, silver.pk]))
    assert again.status_code == 302 and silver.applications.count() == 2


def test_a_hiring_manager_cannot_add_from_the_pool(pool, requisition, hiring_manager, client):
    client.force_login(hiring_manager)
    response = client.post(
        reverse("talent:add-to-search", args=[requisition.pk, pool["closest"].pk])
    )
    assert response.status_code == 403


def test_the_subject_access_export_includes_the_text_read_and_the_pool_document(pool, admin_user):
    import io  # noqa: PLC0415
    import json  # noqa: PLC0415
    import zipfile  # noqa: PLC0415

    from privacy.exports import export_candidate  # noqa: PLC0415 — the floor above

    archive = zipfile.ZipFile(
        io.BytesIO(export_candidate(candidate=pool["closest"], by=admin_user))
    )
    held = json.loads(archive.read("held.json"))
    assert "reconciliation" in held["talent.ResumeText"][0]["text"]
    assert held["talent.PoolDocument"][0]["name"] == "Cleo Close"


def test_the_plain_scan_of_the_embedded_sqlite_default_ranks_the_same_way(pool, recruiter):
    """talent.scan is what SQLite uses; it is plain Python, so it runs here too."""
    from talent import scan  # noqa: PLC0415

    found = scan.search(pool_for(recruiter), "reconciliation", limit=10)
    assert {d.name for d, _score, _snippet in found} == {"Cleo Close", "Rita Ref"}
    assert "<mark>reconciliation</mark>" in str(found[0][2])
    assert scan.search(pool_for(recruiter), "reconciliation nothinglikethis", limit=10) == []
    matches = scan.similar(pool_for(recruiter), [pool["ref1"].pool, pool["ref2"].pool], limit=10)
    names = [m.document.name for m in matches]
    assert names[0] == "Cleo Close"
    assert "Cory Common" not in names or names.index("Sam Some") < names.index("Cory Common")


def test_a_recruiter_searches_only_the_people_of_searches_they_see_and_hr_leads_everyone(
    pool, requisition, outsider, hr_lead, hr_generalist
):
    """Issue 20's rule for records: shared only with who may see one of its applications."""
    assert not pool_for(outsider).exists()
    assert set(pool_for(hr_generalist).values_list("name", flat=True)) == {"Sam Some"}
    assert pool_for(hr_lead).count() == PoolDocument.objects.count()


def test_the_new_team_sees_the_earlier_search_only_where_their_rights_allow(
    pool, active, requisition, recruiter, hiring_manager, interviewer, client
):
    """Added from the pool, the person's earlier application (its scorecards) stays with
    the earlier search's team: the new search's manager and interviewers do not see it."""
    from talent.adding import add_from_pool  # noqa: PLC0415

    silver = pool["closest"]
    earlier = silver.applications.get()
    added = add_from_pool(requisition=requisition, candidate_id=silver.pk, by=recruiter)
    for reader in (hiring_manager, interviewer):
        assert not Application.objects.visible_to(reader).filter(pk=earlier.pk).exists()
    assert Application.objects.visible_to(hiring_manager).filter(pk=added.pk).exists()
    client.force_login(hiring_manager)
    assert client.get(reverse("talent:person", args=[silver.pk])).status_code == 403

"""No commitment without a page where its owner meets it (DESIGN: "No commitment kind exists
without a page where its owner meets it"; issue 9: the demo's dead ends).

KINDS is the table: each kind → the page its `url` opens → the action (URL name) on that
page whose request meets it. A kind added to CommitmentKind without a row fails here, as
does a row naming a URL that does not exist, and any commitment the demo opens whose link
does not lead to its kind's page.
"""

from urllib.parse import urlsplit

import pytest
from django.urls import resolve

from commitments.service_terms import CommitmentKind
from tests.test_access_matrix import _all_url_names

KINDS = {
    # kind: (the page in its url, the action on it that meets it)
    CommitmentKind.SIGN_AGREEMENT: ("intake:agreement", "intake:version-sign"),
    CommitmentKind.PRESENT_SHORTLIST: ("pipeline:shortlist", "pipeline:shortlist"),
    CommitmentKind.REVIEW_CANDIDATE: ("pipeline:review-application", "pipeline:review-decide"),
    CommitmentKind.ANSWER_QUESTION: ("pipeline:application-detail", "pipeline:question-answer"),
    CommitmentKind.INTERVIEW_FEEDBACK: ("interviews:scorecard", "interviews:scorecard"),
    CommitmentKind.STATUS_UPDATE: ("checkins:status-update", "checkins:status-update"),
    CommitmentKind.RECORD_CHECKIN: ("checkins:checkin-record", "checkins:checkin-record"),
    CommitmentKind.PREPARE_OFFER: ("interviews:offer", "interviews:offer"),
    CommitmentKind.INFORM_CANDIDATE: ("interviews:message", "interviews:message"),
    CommitmentKind.DEBRIEF_DECISION: ("interviews:debrief", "interviews:debrief-decide"),
    CommitmentKind.EXTEND_OFFER: ("interviews:offer", "interviews:offer-extend"),
    CommitmentKind.ACTION_ITEM: ("checkins:action-item", "checkins:action-item"),
    CommitmentKind.RECALIBRATE: ("pipeline:brief-check", "pipeline:brief-check-propose"),
    CommitmentKind.STAGE_LIMIT: ("pipeline:application-detail", "pipeline:application-move"),
    CommitmentKind.CALIBRATION_PROFILES: ("intake:calibration", "intake:calibration-present"),
    CommitmentKind.CALIBRATION_REVIEW: ("intake:calibration", "intake:calibration-mark"),
}


def test_every_commitment_kind_has_a_page_and_an_action_that_meets_it():
    assert set(CommitmentKind.values) - set(KINDS) == set(), "add a row: kind → page → action"
    names = set(_all_url_names())
    for kind, (page, action) in KINDS.items():
        assert page in names, f"{kind}: no page {page}"
        assert action in names, f"{kind}: no action {action}"


@pytest.mark.slow
@pytest.mark.django_db
def test_every_commitment_the_demo_opens_links_to_the_page_of_its_kind(settings, tmp_path):
    from commitments.models import Commitment
    from insights.management.commands.seed_demo import seed

    settings.MEDIA_ROOT = tmp_path / "media"
    seed()
    wrong = []
    for commitment in Commitment.objects.order_by("pk"):
        page = resolve(urlsplit(commitment.url).path).view_name
        if page != KINDS[commitment.kind][0]:
            wrong.append(f"{commitment.kind} “{commitment.title}” → {commitment.url} ({page})")
    assert wrong == [], "commitments whose link is not where their owner meets them"
    assert set(Commitment.objects.values_list("kind", flat=True)) >= {
        CommitmentKind.REVIEW_CANDIDATE,
        CommitmentKind.ANSWER_QUESTION,
        CommitmentKind.PRESENT_SHORTLIST,
        CommitmentKind.DEBRIEF_DECISION,
    }

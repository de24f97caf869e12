"""The search figures against cases computed by hand: time to fill with a hold taken out,
time to the first shortlist, time in each stage, the funnel, offers and surveys."""

from datetime import datetime, timedelta

import pytest

from hiring.lifecycle import move_requisition
from insights.figures import (
    REQUISITION,
    Period,
    Scope,
    Spread,
    funnel,
    nearest_rank,
    offer_figures,
    survey_figures,
    time_in_stage,
    time_to_fill,
)
from pipeline.models import StageChange
from tests.clock import LONDON
from tests.factories import UserFactory
from tests.interviews.helpers import make_application

pytestmark = pytest.mark.django_db

NOVEMBER = Period.between(datetime(2026, 11, 1).date(), datetime(2026, 11, 30).date())


def nov(day, hour=9):
    return datetime(2026, 11, day, hour, tzinfo=LONDON)


def test_nearest_rank_percentiles_by_hand():
    values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3]  # sorted: 1 1 2 3 3 4 5 5 6 9
    assert nearest_rank(values, 0.5) == 3  # the 5th
    assert nearest_rank(values, 0.9) == 6  # the 9th
    assert Spread.of([]) == Spread(0, None, None)


def test_time_to_fill_takes_the_hold_out_in_calendar_and_business_days(
    traveller, hr_lead, recruiter, hr_generalist, requisition
):
    requisition.state, requisition.opened_at = "open", nov(2)
    requisition.save()
    traveller.to(nov(9))
    move_requisition(
        requisition=requisition, to_state="on_hold", moved_by=hr_generalist, reason="x"
    )
    traveller.to(nov(16))
    move_requisition(requisition=requisition, to_state="open", moved_by=hr_generalist)
    traveller.to(nov(23))
    move_requisition(
        requisition=requisition,
        to_state="filled",
        moved_by=hr_generalist,
        outside_note="An internal move",
    )
    figures = time_to_fill(hr_lead, Scope(kind=REQUISITION, requisition=requisition), NOVEMBER)
    # 21 days open, 7 on hold; 15 business days (2–20 Nov), 5 of them on hold.
    assert figures.calendar == Spread(1, 14.0, 14.0)
    assert figures.business == Spread(1, 10.0, 10.0)
    assert dict(figures.distribution)["up to 30 days"] == 1


def test_time_in_stage_counts_the_stays_that_ended(hr_lead, requisition, recruiter):
    app = make_application(requisition, recruiter, name="Ann One", stage="submitted")
    for stage, day in (("applied", 2), ("screening", 4), ("submitted", 9)):
        StageChange.objects.create(
            application=app, to_stage=stage, to_label=stage, by=recruiter, at=nov(day)
        )
    stays = dict(time_in_stage(hr_lead, Scope(kind=REQUISITION, requisition=requisition), NOVEMBER))
    assert stays["Applied"] == Spread(1, 2.0, 2.0)
    assert stays["Screening"] == Spread(1, 5.0, 5.0)
    assert "With the manager" not in stays  # still there: not ended


def test_time_in_stage_ends_a_stay_at_the_next_later_move_even_after_the_period(
    hr_lead, requisition, recruiter
):
    """The next move is the first one *later* than the stay began (two moves recorded at
    the same moment end no stay), and it may fall after the period; a stay that began before
    the period is not counted."""
    app = make_application(requisition, recruiter, name="Bo Two", stage="interview")
    moves = (
        ("applied", datetime(2026, 10, 20, 9, tzinfo=LONDON)),  # before the period
        ("screening", nov(3)),
        ("submitted", nov(3)),  # recorded at the same moment as the screening
        ("interview", nov(28)),
        ("offer", datetime(2026, 12, 5, 9, tzinfo=LONDON)),  # after the period
    )
    for stage, at in moves:
        StageChange.objects.create(
            application=app, to_stage=stage, to_label=stage, by=recruiter, at=at
        )
    stays = dict(time_in_stage(hr_lead, Scope(kind=REQUISITION, requisition=requisition), NOVEMBER))
    assert "Applied" not in stays
    assert stays["Screening"] == Spread(1, 25.0, 25.0)
    assert stays["With the manager"] == Spread(1, 25.0, 25.0)
    assert stays["Interviews"] == Spread(1, 7.0, 7.0)
    assert "At offer" not in stays


def test_the_funnel_and_the_shortlist_to_hire_ratio(traveller, hr_lead, requisition, recruiter):
    from interviews.models import Offer

    traveller.to(nov(10))
    hired = make_application(requisition, recruiter, name="Hal Hired", stage="hired")
    make_application(requisition, recruiter, name="Sue Submitted", stage="submitted")
    fresh = make_application(requisition, recruiter, name="Al Applied", stage="applied")
    fresh.submitted_at = None
    fresh.save()
    Offer.objects.create(
        application=hired, requisition=requisition, state="accepted", closed_at=nov(12)
    )
    traveller.to(nov(20))
    found = funnel(hr_lead, Scope(kind=REQUISITION, requisition=requisition), NOVEMBER)
    assert [(label, n) for label, n, _ in found.steps] == [
        ("Added", 3),
        ("Submitted", 2),
        ("Interviewed", 0),
        ("Offered", 1),
        ("Hired", 1),
    ]
    assert found.steps[1][2] == 67  # 2 of 3 submitted
    assert found.submitted_per_hire == 2.0


def test_offer_acceptance(hr_lead, requisition, recruiter):
    from interviews.models import Offer

    for name, state in (("Ann A", "accepted"), ("Ben B", "declined"), ("Cy C", "accepted")):
        app = make_application(requisition, recruiter, name=name, stage="offer")
        Offer.objects.create(
            application=app, requisition=requisition, state=state, closed_at=nov(5)
        )
    offers = offer_figures(hr_lead, Scope(kind=REQUISITION, requisition=requisition), NOVEMBER)
    assert (offers.accepted, offers.declined, offers.acceptance_pct) == (2, 1, 67)


def test_survey_averages_show_from_three_answers(hr_lead, requisition, recruiter, hiring_manager):
    from interviews.models import Interview, Survey

    scope = Scope(kind=REQUISITION, requisition=requisition)

    def answer(n, respect):
        app = make_application(requisition, recruiter, name=f"Cand{n} Doe", stage="interview")
        interview = Interview.objects.create(
            requisition=requisition,
            application=app,
            stage_index=0,
            stage_name="Screen",
            starts_at=nov(3),
            ends_at=nov(3) + timedelta(hours=1),
            location="Room",
            scheduled_by=recruiter,
        )
        Survey.objects.create(
            interview=interview,
            token_hash=f"h{n}",
            recruiter=recruiter,
            hiring_manager=hiring_manager,
            expires_at=nov(30),
            answered_at=nov(4),
            rating_respect=respect,
        )

    answer(1, 5)
    answer(2, 4)
    assert survey_figures(hr_lead, scope, NOVEMBER) == (2, [])
    answer(3, 3)
    count, averages = survey_figures(hr_lead, scope, NOVEMBER)
    assert count == 3
    assert averages == [("You were treated with courtesy and respect", 4.0)]
    other = UserFactory(role="recruiter")
    from insights.figures import PERSON

    assert survey_figures(hr_lead, Scope(kind=PERSON, person=other), NOVEMBER)[0] == 0

"""The home's rows drawn by `{% commitment_row %}` and `{% agenda_item %}` (in Python, for
speed: issue 24) are the HTML their templates drew: those templates are kept beside this
test and both are compared, for every state a row shows, read from another time zone."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import timezone

from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.models import Requisition
from insights.agenda import Meeting

HERE = Path(__file__).parent
OLD = "{% load reader_time %}"


def _same(old_file, tag, values):
    old = Template(OLD + (HERE / old_file).read_text()).render(Context(values))
    new = Template("{% load home_rows %}" + tag).render(Context(values))
    assert new.strip() == old.strip()


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Tokyo"])
def test_a_commitment_row_is_the_html_its_template_drew(zone):
    search = Requisition(pk=3, title="Data <lead> & co", time_zone="Europe/London")
    now = timezone.now()
    with timezone.override(zone):
        for due, paused in ((now - timedelta(days=2), None), (now + timedelta(days=3), None)):
            for paused_at in (paused, now - timedelta(hours=1)):
                commitment = Commitment(
                    pk=7,
                    kind=CommitmentKind.values[0],
                    requisition=search,
                    title="Review “Ana” <b>now</b>",
                    url="/requisitions/3/?x=1&y=2",
                    state=Commitment.State.OPEN,
                    due_at=due,
                    started_at=now - timedelta(days=5),
                    paused_at=paused_at,
                )
                _same(
                    "home_commitment_row.html",
                    "{% commitment_row commitment %}",
                    {"commitment": commitment},
                )


@pytest.mark.parametrize("zone", ["Europe/London", "America/New_York"])
def test_an_agenda_item_is_the_html_its_template_drew(zone):
    search = Requisition(pk=3, title="Data <lead>", time_zone="Europe/London")
    starts = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)
    with timezone.override(zone):
        for kind, scorecard, where, areas in (
            ("interview", "submitted", "Room <1>", ["SQL & joins", "<Design>"]),
            ("interview", "open", "", []),
            ("interview", "opens", "Video", ["One"]),
            ("checkin", "", "Phone", []),
            ("intake", "", "", []),
        ):
            meeting = Meeting(
                kind=kind,
                starts_at=starts,
                ends_at=starts + timedelta(minutes=45),
                title="Technical with <Ana> & “Bo”",
                url="/interviews/1/?a=1&b=2",
                requisition=search,
                where=where,
                focus_areas=areas,
                scorecard_url="/scorecard/1/",
                scorecard=scorecard,
            )
            _same("home_agenda_item.html", "{% agenda_item m %}", {"m": meeting})


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Tokyo"])
def test_an_awaited_row_is_the_html_its_template_drew(zone):
    search = Requisition(pk=3, title="Data <lead> & co", time_zone="Europe/London")
    now = timezone.now()
    with timezone.override(zone):
        for due in (now - timedelta(days=2), now + timedelta(hours=5)):
            for paused_at in (None, now - timedelta(hours=1)):
                commitment = Commitment(
                    pk=9,
                    kind=CommitmentKind.values[0],
                    requisition=search,
                    title="Scorecard from “Bo” <i>late</i>",
                    party=Commitment._meta.get_field("party").choices[0][0],
                    state=Commitment.State.OPEN,
                    due_at=due,
                    started_at=now - timedelta(days=4, hours=3),
                    paused_at=paused_at,
                )
                _same(
                    "home_awaited_row.html",
                    "{% awaited_row commitment now %}",
                    {"commitment": commitment, "now": now},
                )

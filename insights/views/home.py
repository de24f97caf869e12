""" "Waiting on me": each person's own queue (DESIGN, "Status and analytics")."""

from collections import defaultdict

from django.db.models import Count, F, Q
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from commitments.models import Commitment
from commitments.visibility import hidden_commitments
from hiring.doors import requisitions_for
from hiring.models import Requisition

from .. import figures as f
from ..agenda import agenda_for


@require_GET
def home(request):
    """ "Waiting on me": my open commitments, soonest due first; what is coming up for me
    (the meetings I sit in, today and the next days); then my active searches."""
    user = request.user
    waiting = list(
        Commitment.objects.open()
        .owed_by(user)
        .filter(requisition__in=requisitions_for(request))
        .select_related("requisition")
        # Running clocks first, soonest due first; paused ones (search on hold) after them.
        .order_by(F("paused_at").asc(nulls_first=True), "due_at")[:50]
    )
    mine = Requisition.objects.filter(team_members__user=user)
    counts = mine.aggregate(
        open=Count("pk", filter=Q(state=Requisition.State.OPEN), distinct=True),
        draft=Count("pk", filter=Q(state=Requisition.State.DRAFT), distinct=True),
        on_hold=Count("pk", filter=Q(state=Requisition.State.ON_HOLD), distinct=True),
    )
    active = (
        Requisition.objects.filter(pk__in=mine.values("pk"))
        .exclude(state__in=[Requisition.State.FILLED, Requisition.State.CANCELLED])
        .with_team()
        .order_by("target_start_date", "-created_at")[:10]
    )
    now = timezone.now()
    others = waiting_on_others(request)
    agenda = agenda_for(user, visible=requisitions_for(request), now=now)
    pairs = pairs_slipping(user, now) if f.sees_everyone(user) else None
    return render(
        request,
        "insights/home.html",
        {
            "waiting": waiting,
            "overdue": sum(1 for c in waiting if c.is_overdue),
            "now": now,
            "counts": counts,
            "requisitions": active,
            "others": others,
            "agenda": agenda,
            "coming": sum(len(day.meetings) for day in agenda),
            "pairs": pairs,
        },
    )


def _worst_of_pair(row) -> int | None:
    """The lower on-time % of the pair's two directions (the recruiter's side, the hiring
    manager's) when it is under SLIPPING_BELOW, else None: what the card shows, worst
    first. HR's own commitments on the pair's searches are not the pair's."""
    values = [row.side(side).on_time_pct for side in f.PAIR_SIDES]
    values = [value for value in values if value is not None]
    worst = min(values) if values else None
    return worst if worst is not None and worst < f.SLIPPING_BELOW else None


PAIRS_ON_HOME = 5
PAIRS_PERIOD_DAYS = 30


def pairs_slipping(viewer, now) -> dict:
    """For those who see every search (HR leads, admins): the pair scoreboard's first rows
    where the agreement is not kept, on top of their home (issue 17: the first thing HR
    sees) — the pairs with a side under SLIPPING_BELOW % on time over the last 30 days,
    the worst first, and how many pairs worked together at all. (A tie keeps the
    recruiter's name order.)"""
    period = f.Period.last(PAIRS_PERIOD_DAYS, now=now)
    rows = f.pair_rows(viewer, f.Scope(kind=f.ORGANISATION), period, sort="slipping", now=now)
    slipping = sorted(
        (row for row in rows if _worst_of_pair(row) is not None),
        key=lambda row: (_worst_of_pair(row), row.recruiter.display_name),
    )
    query = f"?period={PAIRS_PERIOD_DAYS}"
    for row in slipping[:PAIRS_ON_HOME]:
        row.page_url = reverse("insights:figures-pair", args=row.key) + query
    return {
        "rows": slipping[:PAIRS_ON_HOME],
        "slipping": len(slipping),
        "pairs": len(rows),
        "days": PAIRS_PERIOD_DAYS,
        "below": f.SLIPPING_BELOW,
        "scoreboard_url": reverse("insights:scoreboard") + query,
    }


WAITING_ON_OTHERS_SHOWN = 40


def waiting_on_others(request) -> dict:
    """ "Waiting on others", beside "Waiting on me": what this person waits for on their
    searches, from whom, since when — the longest wait first, grouped by the person whose
    court the ball is in. Two queries (three for an agency recruiter, who does not see what
    is owed about candidates another recruiter sourced: commitments.visibility)."""
    user = request.user
    awaited = Commitment.objects.awaited_by(user).filter(requisition__in=requisitions_for(request))
    rows = list(
        awaited.select_related("owner", "requisition").order_by("started_at", "pk")[
            :WAITING_ON_OTHERS_SHOWN
        ]
    )
    if user.is_agency_recruiter and rows:
        hidden = set()
        by_requisition = defaultdict(list)
        for row in rows:
            by_requisition[row.requisition].append(row)
        for requisition, theirs in by_requisition.items():
            hidden |= hidden_commitments(requisition=requisition, user=user, commitments=theirs)
        rows = [row for row in rows if row.pk not in hidden]
    groups = {}
    for row in rows:
        groups.setdefault(row.owner, []).append(row)
    return {
        "groups": sorted(groups.items(), key=lambda item: item[1][0].started_at),
        "shown": len(rows),
        "total": awaited.count() if len(rows) >= WAITING_ON_OTHERS_SHOWN else len(rows),
        "overdue": sum(1 for row in rows if row.is_overdue),
    }

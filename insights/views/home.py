""" "Waiting on me": each person's own queue (DESIGN, "Status and analytics")."""

from collections import defaultdict

from django.db.models import Count, F, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from commitments.models import Commitment
from commitments.visibility import hidden_commitments
from hiring.doors import requisitions_for
from hiring.models import Requisition

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
        },
    )


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

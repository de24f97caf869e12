""" "Waiting on me": each person's own queue (DESIGN, "Status and analytics")."""

from django.db.models import Count, F, Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from commitments.models import Commitment
from hiring.doors import requisitions_for
from hiring.models import Requisition


@require_GET
def home(request):
    """ "Waiting on me": my open commitments, soonest due first; then my active searches."""
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
    return render(
        request,
        "insights/home.html",
        {
            "waiting": waiting,
            "overdue": sum(1 for c in waiting if c.is_overdue),
            "now": now,
            "counts": counts,
            "requisitions": active,
        },
    )

from django.db.models import Count, F, Q

from ..service_terms import Party
from .commitment import Commitment

# The two sides of the table (and HR), for figures measured the same way in both directions.
SIDES = (
    (Party.RECRUITER, "Recruiter", (Party.RECRUITER,)),
    (Party.HR_GENERALIST, "HR generalist", (Party.HR_GENERALIST,)),
    (Party.HIRING_MANAGER, "Hiring manager side", (Party.HIRING_MANAGER, Party.INTERVIEWER)),
)


def side_figures_of(commitments, now):
    """`side_figures` from one aggregate over these rows (a search's commitments), not a
    list of every one it ever had: the commitments page of a busy search loaded 10,000."""
    State = Commitment.State
    running = Q(state=State.OPEN, paused_at__isnull=True)
    counts = {
        row["party"]: row
        for row in commitments.order_by()
        .values("party")
        .annotate(
            open=Count("pk", filter=Q(state=State.OPEN)),
            overdue=Count("pk", filter=running & Q(due_at__lt=now)),
            paused=Count("pk", filter=Q(state=State.OPEN, paused_at__isnull=False)),
            met=Count("pk", filter=Q(state=State.MET)),
            on_time=Count("pk", filter=Q(state=State.MET, met_at__lte=F("due_at"))),
            settled=Count("pk", filter=~Q(state=State.OPEN)),
        )
    }
    figures = []
    for key, label, parties in SIDES:
        mine = [counts[p] for p in parties if p in counts]
        total = {
            n: sum(row[n] for row in mine) for n in ("open", "overdue", "paused", "met", "settled")
        }
        on_time = sum(row["on_time"] for row in mine)
        figures.append(
            {
                "key": key,
                "label": label,
                **total,
                "on_time_pct": round(100 * on_time / total["met"]) if total["met"] else None,
            }
        )
    return figures


def side_figures(commitments, now):
    """Open / overdue / met-on-time per side, from one list of a search's commitments.
    Both directions are measured the same way (DESIGN: "Both directions count the same")."""
    figures = []
    for key, label, parties in SIDES:
        mine = [c for c in commitments if c.party in parties]
        open_ = [c for c in mine if c.state == Commitment.State.OPEN]
        met = [c for c in mine if c.state == Commitment.State.MET]
        on_time = [c for c in met if c.met_at <= c.due_at]
        figures.append(
            {
                "key": key,
                "label": label,
                "open": len(open_),
                "overdue": sum(1 for c in open_ if c.paused_at is None and c.due_at < now),
                "paused": sum(1 for c in open_ if c.paused_at is not None),
                "met": len(met),
                "on_time_pct": round(100 * len(on_time) / len(met)) if met else None,
            }
        )
    return figures

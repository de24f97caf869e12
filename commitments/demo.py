"""The demo's reminders and notices, as they happened. Called by
`insights/management/commands/seed_demo.py` once every app has played its history on the
`hiring.demo.DemoClock`."""

from datetime import timedelta

from django.db.models import F, Min
from django.utils import timezone

from accounts.models import User

from .models import Commitment, Notification
from .sweep import sweep

# However the ladder stands, the replay ends: a step that cannot be written (an owner who
# left the team) is looked at again a minute later, for ever.
MOST_SWEEPS = 500


def replay_the_ladder(clock) -> int:
    """Sweep at every moment a reminder step fell due before the present, as beat would
    have: a review left waiting three days has its nudge, reminder and escalation at the
    times they went out (not one catch-up step written today). Returns the sweeps run."""
    sweeps, last = 0, None
    while sweeps < MOST_SWEEPS:
        due = Commitment.objects.ladder_due(clock.present).aggregate(at=Min("next_step_at"))["at"]
        if due is None:
            break
        moment = due if last is None else max(due, last + timedelta(minutes=1))
        if moment > clock.present:
            break
        clock.go(moment)
        sweep(now=moment)
        sweeps, last = sweeps + 1, moment
    clock.back_to_present()
    return sweeps


def read_the_past(*, present, read_within=timedelta(hours=2)) -> int:
    """People read what reached them: a notice from before today (in its reader's own time
    zone) was read within two hours of arriving; today's stay new, so the bell opens on what
    is live, as it does for someone who was in Accord yesterday."""
    read = 0
    for person in User.objects.filter(notifications__read_at__isnull=True).distinct():
        today = timezone.localtime(present, person.zone).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        read += Notification.objects.filter(
            recipient=person, read_at__isnull=True, created_at__lt=today
        ).update(read_at=F("created_at") + read_within, awaiting_digest=False)
    return read

"""Demo check-ins: the Senior Backend Engineer search has met weekly for five weeks (held
records with blockers and action items, pulses from both sides), its latest check-in is
waiting to be recorded (one before the history was missed), and the next ones are on the calendar.

Called by `insights/management/commands/seed_demo.py`:

    from checkins import demo as checkins_demo
    checkins_demo.seed_checkins(people, requisitions)
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from .models import CheckIn, CheckInSeries
from .records import (
    ActionItemDraft,
    answer_pulse,
    complete_action_item,
    open_due_records,
    record_checkin,
)
from .schedule import extend_series
from .series import plan_for

HISTORY = [
    # progress, blockers, pulses (recruiter, manager, hr), action item (owner, text, done note)
    (
        "Sourcing started on three boards and through referrals; 14 applied.",
        "",
        (4, 4, 4),
        ("recruiter", "Share the first five profiles", "Sent five profiles on Thursday."),
    ),
    (
        "Eight screened, four submitted to the hiring manager.",
        "Feedback on submitted candidates takes more than a week.",
        (3, 4, 3),
        ("manager", "Review the four submitted candidates", "Reviewed all four; two advance."),
    ),
    (
        "Two in the first interview; one withdrew (counter-offer).",
        "No interview slots in the hiring manager's calendar next week.",
        (2, 3, 3),
        ("manager", "Block two interview slots a week", "Tuesdays and Thursdays 14:00 blocked."),
    ),
    (
        "Interview slots fixed; three candidates in interviews, feedback within a day.",
        "",
        (4, 4, 5),
        ("manager", "Decide on the pay band for senior candidates", None),
    ),
]


def seed_checkins(people, requisitions):
    backend = requisitions["Senior Backend Engineer"]
    series = CheckInSeries.objects.current().filter(requisition=backend).first()
    plan = plan_for(backend)
    if series is None or plan is None:
        return
    now = timezone.now()
    by = {"recruiter": people["recruiter"], "manager": people["manager"], "hr": people["hr"]}
    # The same rule, started six weeks ago on the same wall clock: the search's history.
    zone = ZoneInfo(series.time_zone)
    local = series.starts_at.astimezone(zone).replace(tzinfo=None)
    series.starts_at = (local - timedelta(weeks=6)).replace(tzinfo=zone)
    series.save(update_fields=["starts_at"])
    extend_series(series=series, now=series.starts_at - timedelta(minutes=1), announce=False)
    extend_series(series=series, now=now, announce=False)
    past = list(series.checkins.filter(ends_at__lt=now).order_by("starts_at"))
    recorded, latest = past[:-1], past[-1:]
    older, recent = recorded[: -len(HISTORY)], recorded[-len(HISTORY) :]
    for checkin in older:
        record_checkin(
            checkin=checkin,
            recorded_by=by["recruiter"],
            held=False,
            missed_reason="The hiring manager was at the leadership offsite.",
            now=checkin.ends_at + timedelta(hours=2),
        )
    for checkin, (progress, blockers, scores, item) in zip(recent, HISTORY, strict=False):
        moment = checkin.ends_at + timedelta(hours=1)
        owner, text, done = item
        record_checkin(
            checkin=checkin,
            recorded_by=by["recruiter"],
            held=True,
            progress=progress,
            blockers=blockers,
            action_items=[ActionItemDraft(text, by[owner], (moment + timedelta(days=3)).date())],
            now=moment,
        )
        checkin.refresh_from_db()
        for person, score in zip(("recruiter", "manager", "hr"), scores, strict=True):
            answer_pulse(checkin=checkin, person=by[person], score=score)
        if done:
            action = checkin.action_items.get()
            complete_action_item(
                item=action, done_by=action.owner, note=done, now=moment + timedelta(days=2)
            )
    # The latest one is waiting for its record: the recruiter owes it.
    if latest:
        open_due_records(now=now)
    return CheckIn.objects.filter(requisition=backend).count()

"""Demo check-ins, each recorded on its day (`hiring.demo.DemoClock`): the Senior Backend
Engineer search has met weekly since its agreement came into force (the first one missed,
then held records with blockers and action items, pulses from both sides), its latest
check-in is waiting to be recorded, and the next ones are on the calendar. The Data
Analyst's agency recruiter held theirs until the search was put on hold.

Called by `insights/management/commands/seed_demo.py`:

    from checkins import demo as checkins_demo
    checkins_demo.seed_checkins(people, requisitions, clock)
"""

from datetime import timedelta

from .models import CheckIn, CheckInSeries
from .records import (
    ActionItemDraft,
    answer_pulse,
    complete_action_item,
    open_due_records,
    record_checkin,
)

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
        ("manager", "Review the four submitted candidates", "Reviewed all four; three advance."),
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


ANALYST = [
    "Two agency candidates in screening; the internal applicant added by HR.",
    "Shortlist of two with the hiring manager; case-study slots agreed.",
    "Finance asks to pause the hire until the quarter's budget review.",
]


def seed_checkins(people, requisitions, clock):
    backend = requisitions["Senior Backend Engineer"]
    by = {"recruiter": people["recruiter"], "manager": people["manager"], "hr": people["hr"]}
    # Every check-in that has ended, across searches, in the order they happened.
    past = list(
        CheckIn.objects.filter(
            series__in=CheckInSeries.objects.filter(requisition__in=requisitions.values()),
            state=CheckIn.State.SCHEDULED,
            ends_at__lt=clock.present,
        )
        .select_related("series", "requisition")
        .order_by("starts_at")
    )
    ours = [c for c in past if c.requisition_id == backend.pk]
    recorded, latest = ours[:-1], ours[-1:]
    stories = {c.pk: ("missed", None) for c in recorded[: -len(HISTORY)]}
    stories |= {c.pk: ("held", h) for c, h in zip(recorded[-len(HISTORY) :], HISTORY, strict=False)}
    theirs = [c for c in past if c.requisition_id == requisitions["Data Analyst"].pk]
    stories |= {c.pk: ("analyst", text) for c, text in zip(theirs, ANALYST, strict=False)}

    for checkin in past:
        clock.go(checkin.ends_at + timedelta(minutes=1))
        open_due_records()  # as beat does every few minutes: "record the check-in" is owed
        story, details = stories.get(checkin.pk, (None, None))
        if story == "missed":
            clock.go(checkin.ends_at + timedelta(hours=2))
            record_checkin(
                checkin=checkin,
                recorded_by=by["recruiter"],
                held=False,
                missed_reason="The hiring manager was at the leadership offsite.",
            )
        elif story == "analyst":
            clock.go(checkin.ends_at + timedelta(hours=1, minutes=30))
            record_checkin(
                checkin=checkin, recorded_by=people["agency"], held=True, progress=details
            )
        elif story == "held":
            _held(checkin, details, by, clock)
    # The latest one is waiting for its record: the recruiter owes it.
    return CheckIn.objects.filter(requisition=backend).count() if latest else 0


def _held(checkin, history, by, clock):
    progress, blockers, scores, (owner, text, done) = history
    moment = clock.go(checkin.ends_at + timedelta(hours=1))
    record_checkin(
        checkin=checkin,
        recorded_by=by["recruiter"],
        held=True,
        progress=progress,
        blockers=blockers,
        action_items=[ActionItemDraft(text, by[owner], (moment + timedelta(days=3)).date())],
    )
    checkin.refresh_from_db()
    # Each side answers the pulse when they read the prompt: within the day.
    for (person, score), hours in zip(
        zip(("recruiter", "manager", "hr"), scores, strict=True), (1, 3, 5), strict=True
    ):
        clock.go(moment + timedelta(hours=hours))
        answer_pulse(checkin=checkin, person=by[person], score=score)
    if done:
        clock.go(moment + timedelta(days=2))
        action = checkin.action_items.get()
        complete_action_item(item=action, done_by=action.owner, note=done)

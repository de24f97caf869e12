"""Seeding check-in series and their occurrences, records, the pulse, action items and the
weekly status-update requests."""

from __future__ import annotations

from datetime import time as clock
from datetime import timedelta
from zoneinfo import ZoneInfo

from checkins.models import (
    ActionItem,
    CheckIn,
    CheckInSeries,
    PulseAnswer,
    PulseSide,
    StatusUpdateRequest,
)
from checkins.series import rrule_for
from commitments.service_terms import Party
from hiring.models import Requisition, TeamRole

from .shape import BATCH, friday_on_or_before, weekday_at


class CheckInSeeding:
    """Check-ins, the pulse, action items and status-update requests (a part of `_Seeder`)."""

    # --- check-ins, pulse, action items, status-update requests ---------------------
    def checkins(self):
        now = self.now
        series_reqs = [r for r in self.reqs if r.state != Requisition.State.DRAFT]
        active = sum(1 for r in series_reqs if r.state == Requisition.State.OPEN)
        # Past occurrences per series, so that with ~8 weeks ahead on the active ones the
        # total is the size's number of check-ins.
        per = max(1, round((self.shape.checkins - 8 * active) / len(series_reqs)))
        series_rows = []
        for req in series_reqs:
            zone = ZoneInfo(req.time_zone)
            first = weekday_at(req.opened_at + timedelta(days=4), 1, clock(10, 0), zone)
            if req.is_closed:
                state = CheckInSeries.State.ENDED
            elif req.state == Requisition.State.ON_HOLD:
                state = CheckInSeries.State.SUSPENDED
            else:
                state = CheckInSeries.State.ACTIVE
            series_rows.append(
                CheckInSeries(
                    requisition=req,
                    agreement_version=1,
                    rrule=rrule_for("weekly", 1),
                    starts_at=first,
                    until=req.closed_at,
                    time_zone=req.time_zone,
                    duration_minutes=30,
                    channel="video",
                    leader_party=Party.RECRUITER,
                    attendee_parties=[
                        str(r) for r in (Party.RECRUITER, Party.HR_GENERALIST, Party.HIRING_MANAGER)
                    ],
                    state=state,
                    created_at=req.opened_at,
                    ended_at=req.closed_at,
                )
            )
        series = CheckInSeries.objects.bulk_create(series_rows, batch_size=BATCH)
        rows = []
        for i, s in enumerate(series):
            req = s.requisition
            # Active series reach 8 weeks ahead less a few days, so the daily roll-forward
            # has its usual work (about one new occurrence a week per series).
            if s.state == CheckInSeries.State.ACTIVE:
                end = now + timedelta(weeks=8) - timedelta(days=i % 7)
            else:
                end = min(req.closed_at or now, now)
            slots, at = [], s.starts_at
            while at < end:
                slots.append(at)
                at += timedelta(weeks=1)  # same wall-clock time in the series' zone
            past = [t for t in slots if t < now][-per:]
            starts = past + [t for t in slots if t >= now]
            weeks_ahead = len(starts) - len(past)
            for j, start in enumerate(starts):
                if start < now - timedelta(minutes=30):
                    if j == len(starts) - weeks_ahead - 1 and i % 4 == 0:
                        state = CheckIn.State.SCHEDULED  # just passed: the record is owed
                    elif j % 10 == 9:
                        state = CheckIn.State.MISSED
                    elif j % 13 == 12:
                        state = CheckIn.State.CANCELLED
                    else:
                        state = CheckIn.State.HELD
                else:
                    state = CheckIn.State.SCHEDULED
                past_one = start < now
                recorded = state in (CheckIn.State.HELD, CheckIn.State.MISSED)
                rows.append(
                    CheckIn(
                        series=s,
                        requisition=req,
                        recurrence_id=start,
                        starts_at=start,
                        ends_at=start + timedelta(minutes=30),
                        state=state,
                        record_opened_at=start + timedelta(minutes=30) if past_one else None,
                        recorded_at=start + timedelta(hours=2) if recorded else None,
                        recorded_by=self.team[req.pk][TeamRole.RECRUITER] if recorded else None,
                        progress="Three candidates in interviews; one offer out."
                        if state == CheckIn.State.HELD
                        else "",
                        blockers="Scorecards come in late." if j % 3 == 0 and recorded else "",
                        missed_reason="The hiring manager was travelling."
                        if state == CheckIn.State.MISSED
                        else "",
                        cancel_reason="Public holiday." if state == CheckIn.State.CANCELLED else "",
                        snapshot={"stages": {"applied": 6, "screening": 5, "interview": 4}}
                        if state == CheckIn.State.HELD
                        else {},
                    )
                )
        self.checkin_rows = CheckIn.objects.bulk_create(rows, batch_size=BATCH)
        last = {}
        for c in self.checkin_rows:
            last[c.series_id] = max(last.get(c.series_id, c.starts_at), c.starts_at)
        for s in series:
            s.generated_until = last.get(s.pk)
        CheckInSeries.objects.bulk_update(series, ["generated_until"], batch_size=1000)
        pulses, items = [], []
        for k, c in enumerate(self.checkin_rows):
            if c.state != CheckIn.State.HELD:
                continue
            team = self.team[c.requisition_id]
            for person, side in (
                (team[TeamRole.RECRUITER], PulseSide.RECRUITING),
                (team[TeamRole.HIRING_MANAGER], PulseSide.HIRING),
            ):
                pulses.append(
                    PulseAnswer(
                        checkin=c,
                        requisition_id=c.requisition_id,
                        person=person,
                        side=side,
                        score=2 + (k + len(side)) % 4,
                        comment="Feedback came quickly this week." if k % 5 == 0 else "",
                        answered_at=c.ends_at + timedelta(hours=1),
                    )
                )
            if k % 2 == 0:
                owner = team[(TeamRole.RECRUITER, TeamRole.HIRING_MANAGER)[k % 4 // 2]]
                due = (c.starts_at + timedelta(days=3)).date()
                items.append(
                    ActionItem(
                        checkin=c,
                        requisition_id=c.requisition_id,
                        text="Send two more profiles from the referral list.",
                        owner=owner,
                        due_on=due,
                        created_by=team[TeamRole.RECRUITER],
                        created_at=c.ends_at,
                        done_at=None if k % 10 == 0 else c.ends_at + timedelta(days=2),
                        done_note="" if k % 10 == 0 else "Done.",
                    )
                )
        PulseAnswer.objects.bulk_create(pulses, batch_size=BATCH)
        self.action_items = ActionItem.objects.bulk_create(items, batch_size=BATCH)
        requests = []
        for req in self.reqs:
            if req.state == Requisition.State.DRAFT:
                continue
            end = (req.closed_at or now).date()
            day = friday_on_or_before(end)
            while day > req.opened_at.date() and (end - day).days <= 70:  # ten weeks
                requests.append(StatusUpdateRequest(requisition=req, due_on=day))
                day -= timedelta(weeks=1)
        self.status_requests = StatusUpdateRequest.objects.bulk_create(requests, batch_size=BATCH)

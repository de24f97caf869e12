"""Seeding the journal of every search and each person's bell of notifications."""

from __future__ import annotations

from datetime import timedelta

from commitments.models import Notification
from hiring.models import Activity, TeamRole
from pipeline.models import Stage

from .shape import BATCH


class JournalSeeding:
    """The journal and the bell (a part of `_Seeder`)."""

    # --- the journal and the bell -------------------------------------------------
    def journal_and_bell(self):
        entries = []
        for req in self.reqs:
            team = self.team[req.pk]
            entries.append(
                Activity(
                    requisition=req,
                    actor=team[TeamRole.RECRUITER],
                    kind="created",
                    summary=f"Opened {req.title}",
                    created_at=req.created_at,
                )
            )
        for app in self.apps:
            recruiter = self.team[app.requisition_id][TeamRole.RECRUITER]
            entries.append(
                Activity(
                    requisition_id=app.requisition_id,
                    actor=recruiter,
                    kind="candidate_added",
                    summary=f"Added {app.candidate.name}",
                    details={"application": app.pk},
                    created_at=app.created_at,
                )
            )
            if app.stage != Stage.APPLIED:
                entries.append(
                    Activity(
                        requisition_id=app.requisition_id,
                        actor=recruiter,
                        kind="candidate_moved",
                        summary=f"Moved {app.candidate.name} to {app.stage_label}",
                        details={"application": app.pk},
                        created_at=app.stage_changed_at,
                    )
                )
        for interview in self.interview_rows:
            entries.append(
                Activity(
                    requisition_id=interview.requisition_id,
                    actor=self.team[interview.requisition_id][TeamRole.RECRUITER],
                    kind="interview_scheduled",
                    summary=f"Scheduled {interview.stage_name} with "
                    f"{interview.application.candidate.name}",
                    details={"interview": interview.pk},
                    created_at=interview.created_at,
                )
            )
        for c in self.checkin_rows:
            if c.recorded_at:
                entries.append(
                    Activity(
                        requisition_id=c.requisition_id,
                        actor=c.recorded_by,
                        kind="checkin_recorded",
                        summary=f"Recorded the check-in of {c.starts_at:%d %b}",
                        details={"checkin": c.pk},
                        created_at=c.recorded_at,
                    )
                )
        for start in range(0, len(entries), 20_000):
            Activity.objects.bulk_create(entries[start : start + 20_000], batch_size=BATCH)
        bell = []
        for k, user in enumerate(self.users):
            for j in range(30):
                req = self.reqs[(k * 7 + j) % len(self.reqs)]
                bell.append(
                    Notification(
                        recipient=user,
                        requisition=req,
                        level=("info", "warning", "danger")[j % 3],
                        text=f"“Review a candidate” on {req.title} is due in 4 business hours.",
                        url=f"/requisitions/{req.pk}/",
                        created_at=self.now - timedelta(hours=5 * j + k % 5),
                        read_at=None if j < 4 else self.now - timedelta(hours=5 * j),
                    )
                )
        Notification.objects.bulk_create(bell, batch_size=BATCH)

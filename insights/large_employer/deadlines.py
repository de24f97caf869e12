"""Seeding the commitments every earlier row owes: met on time or late, open, overdue,
waived, paused on hold, handed over late, and withdrawn up to the size's total."""

from __future__ import annotations

from datetime import datetime, timedelta
from datetime import time as clock
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType

from checkins.models import ActionItem, CheckIn, StatusUpdateRequest
from checkins.records import action_item_url, record_url
from commitments.business_time import BusinessCalendar
from commitments.models import Commitment
from commitments.service_terms import CommitmentKind
from hiring.models import Requisition, TeamRole
from intake.models import Agreement, Signer
from intake.signatures import agreement_url
from interviews.feedback import scorecard_path
from interviews.models import Interview, Offer, Scorecard
from interviews.offers import offer_path
from pipeline.models import Application, Stage
from pipeline.stages import application_url, review_url

from .shape import BATCH, LEAD_JOB, LEADS


class CommitmentSeeding:
    """The commitments of every search (a part of `_Seeder`)."""

    # --- commitments --------------------------------------------------------------
    def commitments(self):
        now = self.now
        ct = {
            m: ContentType.objects.get_for_model(m).pk
            for m in (
                Agreement,
                Application,
                Interview,
                CheckIn,
                ActionItem,
                StatusUpdateRequest,
                Offer,
            )
        }
        reqs = {r.pk: r for r in self.reqs}
        rows: list[Commitment] = []
        calendars = {}

        def calendar(req) -> BusinessCalendar:
            key = (req.time_zone, req.country)
            if key not in calendars:
                calendars[key] = BusinessCalendar.for_requisition(req)
            return calendars[key]

        def add(
            kind,
            req_id,
            owner,
            party,
            model,
            subject_id,
            title,
            url,
            started,
            term_hours,
            open_=False,
            withdrawn=False,
            k=0,
        ):
            due = started + timedelta(hours=term_hours * 3)  # business hours ≈ 3 × wall hours
            req = reqs[req_id]
            if open_ and req.is_closed:
                open_, withdrawn = False, True
            row = Commitment(
                kind=kind,
                requisition_id=req_id,
                owner=owner,
                party=party,
                subject_type_id=ct[model],
                subject_id=subject_id,
                title=title[:200],
                url=url,
                started_at=started,
                due_at=due,
                nudge_at=due - timedelta(hours=4) if term_hours > 4 else None,
                escalate_at=due + timedelta(days=1),
                second_escalate_at=due + timedelta(days=3),
                created_at=started,
            )
            if withdrawn:
                row.state = Commitment.State.WITHDRAWN
                row.withdrawn_at = min(started + timedelta(hours=5), now)
                row.withdrawn_reason = "The interview was moved."
            elif open_:
                sent = [s for s, at in row.ladder() if at <= now]
                row.last_step = max(sent) if sent else 0
                row.next_step_at = row.next_step_after(row.last_step)
                if req.state == Requisition.State.ON_HOLD:
                    row.paused_at, row.next_step_at = req.closed_at or now, None
                    row.paused_remaining = due - now
            elif k % 37 == 11 and party in LEADS:
                # Released with a reason by HR (a candidate who withdrew by phone, …).
                row.state = Commitment.State.WAIVED
                row.waived_at = min(started + timedelta(hours=2), now)
                row.waived_by = self.team[req_id][TeamRole.HR_GENERALIST]
                row.waived_reason = "The candidate withdrew by phone."
            else:
                row.state = Commitment.State.MET
                late = k % 4 == 0
                row.met_at = min(
                    due + timedelta(hours=6) if late else due - timedelta(hours=2 + k % 9), now
                )
                row.met_at = max(row.met_at, started + timedelta(minutes=5))
                row.met_in = calendar(req).between(started, row.met_at)
                if late and k % 53 == 1 and party in LEADS:
                    # Handed over after its deadline: the lateness stays with whoever held it.
                    row.late_owner = self._pick(LEAD_JOB[party], k + 1)
            rows.append(row)

        R, H, M = TeamRole.RECRUITER, TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER
        for k, a in enumerate(self.agreements):
            team = self.team[a.requisition_id]
            for j, party in enumerate(
                (Signer.RECRUITER, Signer.HIRING_MANAGER, Signer.HR_GENERALIST)
            ):
                add(
                    CommitmentKind.SIGN_AGREEMENT,
                    a.requisition_id,
                    team[party],
                    party,
                    Agreement,
                    a.pk,
                    f"Sign agreement v{a.version}",
                    agreement_url(a),
                    a.sent_at,
                    16,
                    k=k + j,
                )
            if a.version == 1:
                add(
                    CommitmentKind.PRESENT_SHORTLIST,
                    a.requisition_id,
                    team[R],
                    R,
                    Agreement,
                    a.pk,
                    "Present the first shortlist",
                    f"/requisitions/{a.requisition_id}/shortlist/",
                    a.activated_at,
                    80,
                    k=k,
                )
        for k, app in enumerate(self.apps):
            team = self.team[app.requisition_id]
            name = app.candidate.name
            if app.submitted_at:
                open_ = app.stage == Stage.SUBMITTED and not app.question_open
                add(
                    CommitmentKind.REVIEW_CANDIDATE,
                    app.requisition_id,
                    team[M],
                    M,
                    Application,
                    app.pk,
                    f"Review {name}",
                    review_url(app),
                    app.submitted_at,
                    16,
                    open_=open_,
                    k=k,
                )
            if app.stage == Stage.REJECTED:
                add(
                    CommitmentKind.INFORM_CANDIDATE,
                    app.requisition_id,
                    team[R],
                    R,
                    Application,
                    app.pk,
                    f"Tell {name} the outcome",
                    application_url(app),
                    app.stage_changed_at,
                    24,
                    open_=k % 7 == 0 and app.stage_changed_at > now - timedelta(days=6),
                    k=k,
                )
        submitted = {
            (s.interview_id, s.author_id)
            for s in Scorecard.objects.only("interview_id", "author_id")
        }
        for k, interview in enumerate(self.interview_rows):
            if interview.ends_at >= now:
                continue
            for person in self.panels[interview.pk]:
                party = (
                    M
                    if person.pk == self.team[interview.requisition_id][M].pk
                    else TeamRole.INTERVIEWER
                )
                add(
                    CommitmentKind.INTERVIEW_FEEDBACK,
                    interview.requisition_id,
                    person,
                    party,
                    Interview,
                    interview.pk,
                    f"Scorecard for {interview.application.candidate.name}",
                    scorecard_path(interview),
                    interview.ends_at,
                    8,
                    open_=(interview.pk, person.pk) not in submitted,
                    k=k,
                )
        for k, offer in enumerate(self.offers):
            team = self.team[offer.requisition_id]
            add(
                CommitmentKind.PREPARE_OFFER,
                offer.requisition_id,
                team[H],
                H,
                Offer,
                offer.pk,
                f"Prepare the offer for {offer.application.candidate.name}",
                offer_path(offer.application),
                offer.created_at,
                16,
                open_=offer.state == Offer.State.PREPARING,
                k=k,
            )
        for k, c in enumerate(self.checkin_rows):
            if c.record_opened_at is None or c.state == CheckIn.State.CANCELLED:
                continue
            team = self.team[c.requisition_id]
            add(
                CommitmentKind.RECORD_CHECKIN,
                c.requisition_id,
                team[R],
                R,
                CheckIn,
                c.pk,
                "Record the check-in",
                record_url(c),
                c.ends_at,
                8,
                open_=c.state == CheckIn.State.SCHEDULED,
                k=k,
            )
        for k, item in enumerate(self.action_items):
            party = R if item.owner_id == self.team[item.requisition_id][R].pk else M
            add(
                CommitmentKind.ACTION_ITEM,
                item.requisition_id,
                item.owner,
                party,
                ActionItem,
                item.pk,
                f"Action item: {item.text}",
                action_item_url(item),
                item.created_at,
                24,
                open_=item.done_at is None,
                k=k,
            )
        for k, request in enumerate(self.status_requests):
            req = reqs[request.requisition_id]
            zone = ZoneInfo(req.time_zone)
            started = datetime.combine(request.due_on, clock(9, 0), tzinfo=zone)
            add(
                CommitmentKind.STATUS_UPDATE,
                req.pk,
                self.team[req.pk][R],
                R,
                StatusUpdateRequest,
                request.pk,
                "Send this week's status update",
                f"/requisitions/{req.pk}/status-update/",
                started,
                3,
                open_=k % 9 == 0 and started > now - timedelta(days=7),
                k=k,
            )
        # Rescheduled interviews, superseded versions, hand-overs: withdrawn promises, which
        # the pages and figures must leave out, up to the size's total.
        feedback = [r for r in rows if r.kind == CommitmentKind.INTERVIEW_FEEDBACK]
        k = 0
        while len(rows) < self.shape.commitments and feedback:
            base = feedback[k % len(feedback)]
            started = base.started_at - timedelta(days=1 + k // len(feedback))
            add(
                base.kind,
                base.requisition_id,
                base.owner,
                base.party,
                Interview,
                base.subject_id,
                base.title,
                base.url,
                started,
                8,
                withdrawn=True,
                k=k,
            )
            k += 1
        for start in range(0, len(rows), 20_000):
            Commitment.objects.bulk_create(rows[start : start + 20_000], batch_size=BATCH)
        self.commitment_count = len(rows)

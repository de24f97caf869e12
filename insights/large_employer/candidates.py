"""Seeding candidates and applications with their stage history and screening, then
interviews, scorecards and offers."""

from __future__ import annotations

from datetime import timedelta

from hiring.models import Requisition, TeamRole
from interviews.models import Interview, Offer, Recommendation, Scorecard
from pipeline.models import (
    Application,
    Candidate,
    DispositionReason,
    ScreeningForm,
    Stage,
    StageChange,
)

from .shape import (
    BATCH,
    CLOSED_STAGES,
    FIRST,
    INTERVIEW_STAGES,
    LAST,
    MUST_HAVES,
    NICE_TO_HAVES,
    STAGE_PATTERN,
    TITLES,
)


class CandidateSeeding:
    """Candidates, applications, interviews, scorecards and offers (a part of `_Seeder`)."""

    # --- candidates and applications ------------------------------------------------
    def applications(self):
        shape, now = self.shape, self.now
        reasons = {
            side: DispositionReason.objects.filter(side=side).order_by("position", "pk").first()
            for side in DispositionReason.Side.values
        }
        live = [r for r in self.reqs if r.state != Requisition.State.DRAFT]
        big, others = live[0], live[1:]
        per, extra = divmod(shape.applications - shape.big_search, len(others))
        plan = [(big, shape.big_search)] + [
            (r, per + (1 if k < extra else 0)) for k, r in enumerate(others)
        ]
        number = 0
        for start in range(0, len(plan), 100):
            candidates, apps = [], []
            for req, count in plan[start : start + 100]:
                filled = req.state == Requisition.State.FILLED
                for k in range(count):
                    number += 1
                    stage, round_ = STAGE_PATTERN[k % len(STAGE_PATTERN)]
                    if filled and k == 15:
                        stage = Stage.HIRED
                    if req.is_closed and stage not in (Stage.HIRED, *CLOSED_STAGES):
                        stage, round_ = Stage.REJECTED, None
                    age = (k * 13) % 90 + 1
                    created = max(req.opened_at, now - timedelta(days=age + 10))
                    if self.spread and req.pk != big.pk:
                        window = (req.closed_at or now) - req.opened_at
                        created = req.opened_at + window * ((k * 13) % 97) / 100
                    changed = created + timedelta(days=min(age, 9), hours=k % 8)
                    changed = min(changed, now - timedelta(hours=1 + k % 30))
                    if self.spread and req.closed_at:
                        changed = min(changed, req.closed_at - timedelta(hours=1 + k % 30))
                        changed = max(changed, created)
                    reason = None
                    if stage == Stage.REJECTED:
                        reason = reasons[DispositionReason.Side.OURS]
                    elif stage == Stage.WITHDRAWN:
                        reason = reasons[DispositionReason.Side.CANDIDATE]
                    candidate = Candidate(
                        name=f"{FIRST[number % len(FIRST)]} {LAST[(number // 30) % len(LAST)]}",
                        email=f"c{number}@candidates.example",
                        phone=f"+44 20 7946 {number % 10000:04d}",
                        location=req.location,
                        current_title=TITLES[(number * 5) % len(TITLES)],
                        current_company=f"Company {number % 500}",
                        created_by=self.team[req.pk][TeamRole.RECRUITER],
                        created_at=created,
                    )
                    candidates.append(candidate)
                    past_screening = stage not in (Stage.APPLIED, Stage.SCREENING)
                    apps.append(
                        Application(
                            requisition=req,
                            candidate=candidate,
                            stage=stage,
                            interview_round=round_,
                            interview_stage_name=INTERVIEW_STAGES[round_][0]
                            if round_ is not None
                            else "",
                            stage_changed_at=changed,
                            source=("job_boards", "referrals", "inbound")[k % 3],
                            sourced_by=self.team[req.pk][TeamRole.RECRUITER],
                            submitted_at=changed - timedelta(days=2)
                            if past_screening and stage != Stage.WITHDRAWN
                            else None,
                            question_open=stage == Stage.SUBMITTED and k % 4 == 3,
                            disposition_reason=reason,
                            closed_at=changed if reason else None,
                            created_at=created,
                        )
                    )
            Candidate.objects.bulk_create(candidates, batch_size=BATCH)
            Application.objects.bulk_create(apps, batch_size=BATCH)
            self.apps.extend(apps)
            self._history(apps)

    def _history(self, apps):
        changes, forms = [], []
        for app in apps:
            recruiter = self.team[app.requisition_id][TeamRole.RECRUITER]
            changes.append(
                StageChange(
                    application=app,
                    to_stage=Stage.APPLIED,
                    to_label=Stage.APPLIED.label,
                    by=recruiter,
                    at=app.created_at,
                )
            )
            if app.stage != Stage.APPLIED:
                changes.append(
                    StageChange(
                        application=app,
                        from_stage=Stage.APPLIED,
                        from_label=Stage.APPLIED.label,
                        to_stage=app.stage,
                        to_round=app.interview_round,
                        to_label=app.stage_label,
                        by=recruiter,
                        at=app.stage_changed_at,
                        reason=app.disposition_reason,
                    )
                )
            if app.stage != Stage.APPLIED:
                done = app.stage != Stage.SCREENING
                forms.append(
                    ScreeningForm(
                        application=app,
                        agreement_version=1,
                        knockout_answers=[
                            {"question": "Right to work here?", "expected": "Yes", "answer": "Yes"}
                        ],
                        must_have_ratings=[
                            {"criterion": c, "rating": 3, "note": "Seen in production."}
                            for c in MUST_HAVES
                        ],
                        nice_to_have_ratings=[
                            {"criterion": c, "rating": None, "note": ""} for c in NICE_TO_HAVES
                        ],
                        summary="Strong on every must-have." if done else "",
                        completed_at=app.stage_changed_at if done else None,
                        completed_by=recruiter if done else None,
                    )
                )
        StageChange.objects.bulk_create(changes, batch_size=BATCH)
        ScreeningForm.objects.bulk_create(forms, batch_size=BATCH)

    # --- interviews, scorecards, offers -------------------------------------------
    def interviews(self):
        now, target = self.now, self.shape.interviews
        wanted = []  # (application, round)
        for app in self.apps:
            if app.stage == Stage.INTERVIEW:
                wanted.extend((app, r) for r in range(app.interview_round + 1))
            elif app.stage in (Stage.OFFER, Stage.HIRED):
                wanted.extend((app, r) for r in range(len(INTERVIEW_STAGES)))
        rejected = [a for a in self.apps if a.stage == Stage.REJECTED and a.submitted_at]
        wanted.extend((a, 0) for a in rejected[: max(0, target - len(wanted))])
        wanted = wanted[:target]
        rows = []
        for k, (app, round_) in enumerate(wanted):
            name, minutes, focus = INTERVIEW_STAGES[round_]
            current = app.stage == Stage.INTERVIEW and round_ == app.interview_round
            if current and k % 3 == 0:
                starts = now + timedelta(days=1 + k % 9, hours=k % 6)  # coming up
            else:
                starts = app.stage_changed_at - timedelta(days=2 * (3 - round_))
                starts = min(starts, now - timedelta(hours=2 + k % 40))
            starts = starts.replace(minute=0, second=0, microsecond=0)
            rows.append(
                Interview(
                    requisition_id=app.requisition_id,
                    application=app,
                    stage_index=round_,
                    stage_name=name,
                    focus_areas=focus,
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=minutes),
                    location="https://meet.example.com/interview",
                    notes="Ask about the last migration they led.",
                    scheduled_by=self.team[app.requisition_id][TeamRole.RECRUITER],
                    feedback_opened_at=starts + timedelta(minutes=minutes)
                    if starts < now
                    else None,
                    created_at=starts - timedelta(days=3),
                )
            )
        self.interview_rows = Interview.objects.bulk_create(rows, batch_size=BATCH)
        through = Interview.interviewers.through
        links, scorecards = [], []
        for k, interview in enumerate(self.interview_rows):
            req = interview.requisition_id
            panel = [
                self.panel[req][k % 3],
                self.team[req][TeamRole.HIRING_MANAGER]
                if interview.stage_index
                else self.panel[req][(k + 1) % 3],
            ]
            self.panels[interview.pk] = panel
            for person in panel:
                links.append(through(interview_id=interview.pk, user_id=person.pk))
            if interview.ends_at >= self.now:
                continue
            for j, person in enumerate(panel):
                missing = interview.application.stage == Stage.INTERVIEW and (k + j) % 5 == 0
                if missing:
                    continue  # feedback still owed: an open commitment below
                scorecards.append(
                    Scorecard(
                        interview=interview,
                        author=person,
                        ratings=[
                            {"area": a, "rating": 2 + (k + j) % 3, "note": "Clear examples."}
                            for a in interview.focus_areas
                        ],
                        recommendation=(Recommendation.YES, Recommendation.STRONG_YES)[(k + j) % 2]
                        if interview.application.stage != Stage.REJECTED
                        else Recommendation.NO,
                        notes="Walked through the design with trade-offs.",
                        state=Scorecard.State.SUBMITTED,
                        submitted_at=interview.ends_at + timedelta(hours=3 + j),
                        updated_at=interview.ends_at + timedelta(hours=3 + j),
                    )
                )
        through.objects.bulk_create(links, batch_size=BATCH)
        Scorecard.objects.bulk_create(scorecards, batch_size=BATCH)
        offers = []
        for k, app in enumerate(self.apps):
            if app.stage not in (Stage.OFFER, Stage.HIRED):
                continue
            hr = self.team[app.requisition_id][TeamRole.HR_GENERALIST]
            hired = app.stage == Stage.HIRED
            state = (
                Offer.State.ACCEPTED
                if hired
                else (Offer.State.PREPARING, Offer.State.EXTENDED)[k % 2]
            )
            prepared = state != Offer.State.PREPARING
            offers.append(
                Offer(
                    application=app,
                    requisition_id=app.requisition_id,
                    state=state,
                    salary=55_000,
                    salary_currency="GBP",
                    start_date=(self.now + timedelta(days=45)).date(),
                    prepared_by=hr if prepared else None,
                    prepared_at=app.stage_changed_at if prepared else None,
                    extended_by=hr if prepared else None,
                    extended_at=app.stage_changed_at + timedelta(hours=4) if prepared else None,
                    closed_by=hr if hired else None,
                    closed_at=app.stage_changed_at + timedelta(days=2) if hired else None,
                    created_at=app.stage_changed_at,
                )
            )
        self.offers = Offer.objects.bulk_create(offers, batch_size=BATCH)

"""Issue 7's property: whatever happens to a search — moves, agreement versions sent and
signed, people handed over, time passing with the sweep running — no reminder is ever
written for a commitment of a closed or on-hold search, nor to someone who cannot act on it
at that moment, and no reminder email is due outside its recipient's working day.

Issue 18 adds owners' answers to the histories — "not mine" (accepted or given back) and "I
need more time" (accepted or refused) — and absences, with or without a stand-in: no
reminder after an accepted decline, none to whoever declined while it waits, none to anyone
away, and the ladder always matches the current deadline.

Issue 21 adds the agreement's learning: the calibration round opened when a version comes
into force (its profiles presented, the manager's marking), candidates left at screening past
the agreed stage limit (the stage-limit sweep runs with every tick), and the agreed
consequences after the last escalation (their sweep too): the same properties hold for those
kinds, and a consequence is only ever carried out on an open search.

The commitments' summary rows (`commitments.tallies`, kept by triggers in the statement that
changes a commitment) must equal, after every history, a recomputation from the commitments
themselves: the histories meet and waive commitments too, on top of every path above.

Each example runs in a savepoint that is rolled back, so examples never see each other.
"""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.absences import end_absence, follow_absences, set_absence
from commitments.answers import (
    answer_decline,
    answer_extension,
    ask_for_more_time,
    decline_commitment,
    may_answer,
)
from commitments.business_time import BusinessCalendar
from commitments.ledger import Ladder, meet_commitments, waive_commitment
from commitments.models import (
    Absence,
    Commitment,
    CommitmentAnswer,
    Notification,
    Reminder,
    Step,
)
from commitments.sweep import sweep
from commitments.tallies import (
    kept_department_tallies,
    kept_tallies,
    recomputed_department_tallies,
    recomputed_tallies,
)
from hiring.lifecycle import move_requisition
from hiring.models import Requisition
from hiring.team import assign_hiring_team
from intake.calibration import present_profiles
from intake.consequences import apply_consequences
from intake.drafting import save_section
from intake.models import Agreement, CalibrationRound
from intake.signatures import send_for_signature, sign_agreement
from pipeline.stage_limits import open_stage_limit_commitments
from tests.clock import LONDON
from tests.examples import examples
from tests.factories import UserFactory, make_commitment
from tests.pipeline.helpers import add, screen

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 23, 8, 0, tzinfo=LONDON)  # a Monday, before the working day
BRIEF = {
    "must_haves": ["Python in production"],
    "nice_to_haves": ["PostgreSQL", "Celery", "Mentoring"],
    "qualifications": "",
    "team_description": "",
    "past_hires": "",
    "knockout_questions": [],
    "shortlist_size": 3,
}
PARTS = ("recruiter", "hiring_manager", "hr_generalist")

actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("move"),
            st.sampled_from(["open", "on_hold", "filled", "cancelled"]),
            st.sampled_from(PARTS),
        ),
        st.tuples(st.just("send"), st.just(""), st.just("recruiter")),
        st.tuples(st.just("sign"), st.just(""), st.sampled_from(PARTS)),
        st.tuples(st.just("hand_over"), st.just(""), st.sampled_from(PARTS)),
        st.tuples(st.just("review"), st.just(""), st.just("hiring_manager")),
        st.tuples(st.just("decline"), st.just(""), st.sampled_from(PARTS)),
        st.tuples(st.just("answer_decline"), st.sampled_from(["yes", "no"]), st.just("")),
        st.tuples(st.just("extend"), st.integers(min_value=1, max_value=3), st.sampled_from(PARTS)),
        st.tuples(st.just("answer_extension"), st.sampled_from(["yes", "no"]), st.just("")),
        st.tuples(st.just("away"), st.sampled_from(["deputy", ""]), st.sampled_from(PARTS)),
        st.tuples(st.just("back"), st.just(""), st.sampled_from(PARTS)),
        st.tuples(st.just("present"), st.just(""), st.just("recruiter")),
        st.tuples(st.just("candidate"), st.just(""), st.just("recruiter")),
        st.tuples(st.just("meet"), st.just(""), st.sampled_from(PARTS)),
        st.tuples(st.just("waive"), st.just(""), st.just("hr_generalist")),
        # Time passing, weighted so that deadlines, escalations and weekends come round.
        st.tuples(st.just("tick"), st.integers(min_value=1, max_value=30), st.just("")),
        st.tuples(st.just("tick"), st.integers(min_value=12, max_value=72), st.just("")),
        st.tuples(st.just("tick"), st.integers(min_value=12, max_value=72), st.just("")),
    ),
    min_size=4,
    max_size=18,
)


def _holder(requisition, part):
    return requisition.member(part)


def _fresh(requisition):
    return Requisition.objects.with_team().get(pk=requisition.pk)


def _check_reminders(written, now):
    for reminder in written:
        commitment = reminder.commitment
        requisition = _fresh(commitment.requisition)
        assert requisition.state == Requisition.State.OPEN or requisition.state == "draft", (
            f"a reminder on a {requisition.state} search"
        )
        assert commitment.state == Commitment.State.OPEN and commitment.paused_at is None
        if reminder.recipient_id == commitment.owner_id and commitment.party in PARTS:
            assert _holder(requisition, commitment.party) == reminder.recipient, (
                "reminded someone who no longer holds the part"
            )
        if commitment.kind == "sign_agreement":
            agreement = Agreement.objects.get(pk=commitment.subject_id)
            assert agreement.state == Agreement.State.AWAITING_SIGNATURES
            if commitment.declined_by_id is not None:
                # A signer said "not mine": HR's part is to accept the reason or give it
                # back, which they can do now, on the commitment's own page.
                link = Notification.objects.filter(reminder=reminder).values_list("url", flat=True)
                link = link.first()
                assert link == f"/commitments/{commitment.pk}/", "a decline's reminder"
            elif commitment.party == "hr_generalist":
                valid = {s.party for s in agreement.signatures.filter(voided_at__isnull=True)}
                assert {"recruiter", "hiring_manager"} <= valid, "HR reminded before their turn"
        if reminder.step >= Step.ESCALATION:
            assert reminder.recipient.is_active
        assert reminder.recipient_id != commitment.declined_by_id, "reminded whoever declined it"
        away = Absence.objects.away_now().filter(person=reminder.recipient_id)
        assert not away.exists(), "reminded someone away"
        if reminder.email_id:
            person = reminder.recipient
            local = reminder.email.send_after.astimezone(person.zone)
            assert local.weekday() < 5, "a reminder email due at the weekend"
            assert person.workday_starts <= local.time() < person.workday_ends, (
                f"a reminder email due at {local:%H:%M}, outside the working day"
            )


def _check_ladders(requisition):
    """Every open commitment's ladder is the one its current deadline gives."""
    ladder = Ladder.default()
    for c in Commitment.objects.running().filter(requisition=requisition):
        calendar = BusinessCalendar.for_requisition(requisition)
        assert c.escalate_at == calendar.add_hours(c.due_at, ladder.escalate_after)
        assert c.second_escalate_at == calendar.add_hours(c.due_at, ladder.second_escalate_after)


def _answer(requisition, kind, accept: bool):
    """Whoever may answer the first pending answer of `kind` on the search, answers it."""
    pending = (
        CommitmentAnswer.objects.pending()
        .filter(commitment__requisition=requisition, kind=kind)
        .select_related("commitment")
        .first()
    )
    if pending is None:
        return
    commitment = pending.commitment
    commitment.requisition = requisition
    pending.commitment = commitment
    for part in PARTS:
        person = _holder(requisition, part)
        if person is not None and may_answer(pending, person):
            answer = answer_decline if kind == "decline" else answer_extension
            answer(commitment=commitment, by=person, accept=accept, note="It is yours")
            return


def _run(actions_, team, interviewer):
    requisition = Requisition.objects.get(pk=team["requisition"].pk)
    clock = START
    with time_machine.travel(clock, tick=False) as machine:
        for kind, arg, who in actions_:
            requisition = _fresh(requisition)
            actor = _holder(requisition, who) if who else None
            try:
                with transaction.atomic():
                    if kind == "move" and actor is not None:
                        move_requisition(
                            requisition=requisition, to_state=arg, moved_by=actor, reason="why"
                        )
                    elif kind == "send" and actor is not None:
                        save_section(
                            requisition=requisition,
                            section="role_profile",
                            value=BRIEF,
                            edited_by=actor,
                        )
                        send_for_signature(requisition=requisition, sent_by=actor)
                    elif kind == "sign" and actor is not None:
                        awaiting = Agreement.objects.filter(
                            requisition=requisition, state=Agreement.State.AWAITING_SIGNATURES
                        ).first()
                        if awaiting:
                            sign_agreement(
                                agreement=awaiting, signer=actor, version=awaiting.version
                            )
                    elif kind == "hand_over":
                        role = {"hr_generalist": "hr_generalist"}.get(who, who)
                        parts = {p: _holder(requisition, p) for p in PARTS}
                        parts[who] = UserFactory(role=role)
                        assign_hiring_team(
                            requisition=requisition,
                            changed_by=parts["hr_generalist"]
                            if who != "hr_generalist"
                            else team["admin"],
                            interviewers=[interviewer],
                            **parts,
                        )
                    elif kind == "review" and actor is not None and not requisition.is_closed:
                        make_commitment(requisition, actor)
                    elif kind in ("decline", "extend") and actor is not None:
                        owed = Commitment.objects.running().filter(owner=actor).first()
                        if owed is not None and kind == "decline":
                            decline_commitment(
                                commitment=owed, by=actor, reason_code="other", reason="x"
                            )
                        elif owed is not None:
                            calendar = BusinessCalendar.for_requisition(requisition)
                            ask_for_more_time(
                                commitment=owed,
                                by=actor,
                                due_at=calendar.add_hours(owed.due_at, 8 * arg),
                                reason="x",
                            )
                    elif kind == "away" and actor is not None:
                        deputy = UserFactory(role=who) if arg else None
                        set_absence(
                            person=actor,
                            starts_on=clock.date(),
                            ends_on=clock.date() + timedelta(days=3),
                            deputy=deputy,
                            set_by=actor,
                        )
                    elif kind == "back":
                        for absence in Absence.objects.away_now()[:1]:
                            end_absence(absence=absence, now=clock, ended_by=absence.person)
                    elif kind == "present" and actor is not None:
                        round_ = CalibrationRound.objects.filter(requisition=requisition).first()
                        if round_ is not None:
                            round_.requisition = requisition
                            profiles = [{"label": f"Profile {i}", "summary": ""} for i in range(3)]
                            present_profiles(round_=round_, profiles=profiles, by=actor)
                    elif kind == "candidate" and actor is not None:
                        applicant = add(requisition, actor, name=f"Cand {clock:%d%H%M}")
                        if Agreement.objects.filter(requisition=requisition, state="active"):
                            screen(applicant, actor, complete=False)  # at screening, limited
                    elif kind == "meet" and actor is not None:
                        owed = Commitment.objects.open().filter(owner=actor).first()
                        if owed is not None:
                            meet_commitments(subject=owed.subject, kind=owed.kind, owner=actor)
                    elif kind == "waive" and actor is not None:
                        owed = Commitment.objects.open().exclude(owner=actor).first()
                        if owed is not None:
                            waive_commitment(commitment=owed, waived_by=actor, reason="Not needed")
                    elif kind == "answer_decline":
                        _answer(requisition, "decline", arg == "yes")
                    elif kind == "answer_extension":
                        _answer(requisition, "extend", arg == "yes")
            except (PermissionDenied, ValidationError):
                pass
            if kind == "tick":
                clock += timedelta(hours=arg)
                machine.move_to(clock)
                before = set(Reminder.objects.values_list("pk", flat=True))
                follow_absences(now=clock)
                open_stage_limit_commitments(now=clock)
                sweep(now=clock)
                if apply_consequences(now=clock):
                    state = _fresh(requisition).state
                    assert state == Requisition.State.OPEN, f"a consequence on a {state} search"
                written = Reminder.objects.exclude(pk__in=before).select_related(
                    "commitment", "recipient", "email"
                )
                _check_reminders(list(written), clock)
                _check_ladders(_fresh(requisition))


@settings(
    max_examples=examples(50),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(actions_=actions)
def test_no_reminder_nobody_can_act_on(
    actions_, requisition, recruiter, hr_generalist, hiring_manager, interviewer, admin_user
):
    team = {"requisition": requisition, "admin": admin_user}
    with transaction.atomic():
        _run(actions_, team, interviewer)
        assert kept_tallies() == recomputed_tallies(), "the summary rows drifted from the facts"
        if connection.vendor == "postgresql":  # SQLite keeps no department summaries
            assert kept_department_tallies() == recomputed_department_tallies()
        transaction.set_rollback(True)

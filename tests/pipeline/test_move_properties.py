"""Issue 25, finding 1, as a property: whatever sequence of moves, screenings, questions and
answers random people try on two candidates, no application ever reaches a stage its gates
forbid or by the hand of someone the agreement's matrix does not let decide it, a refused
move changes nothing, and no open commitment is withdrawn by a move that did not meet it
(the candidate's own withdrawal excepted: it ends what was owed on them, openly).

Each example runs in a savepoint that is rolled back, so examples never see each other.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commitments.models import Commitment
from pipeline.brief_check import BriefReason
from pipeline.models import Application, ScreeningForm, Stage
from pipeline.review import answer_question, ask_recruiter
from pipeline.stages import move_application
from tests.examples import examples
from tests.pipeline.helpers import add, reason, screen

pytestmark = pytest.mark.django_db

PEOPLE = ("recruiter", "hr_generalist", "hiring_manager", "interviewer", "admin_user", "outsider")
TARGETS = (
    "applied",
    "screening",
    "submitted",
    "interview:0",
    "interview:1",
    "offer",
    "hired",
    "rejected",
    "withdrawn",
)
ORDER = ["applied", "screening", "submitted", "interview:0", "interview:1", "offer", "hired"]

# Who decides each kind of move under the default matrix (DESIGN.md's template), written out
# here rather than read from the code under test. Admins stand in for anyone.
DECIDERS = {
    "screening": {"recruiter", "hr_generalist"},
    "review": {"hiring_manager"},
    "debrief": {"hiring_manager"},
    "offer": {"recruiter", "hr_generalist", "hiring_manager"},
    "withdrawal": {"recruiter", "hr_generalist", "hiring_manager"},
    "back": {"recruiter", "hr_generalist"},
}

actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("move"),
            st.integers(0, 1),
            st.sampled_from(TARGETS),
            st.sampled_from(PEOPLE),
            st.sampled_from(["skills_gap", "no_response", None]),
        ),
        st.tuples(
            st.just("screen"),
            st.integers(0, 1),
            st.sampled_from(["Yes", "Yes", "No"]),
            st.just("recruiter"),
            st.just(None),
        ),
        st.tuples(
            st.just("ask"), st.integers(0, 1), st.just(""), st.just("hiring_manager"), st.just(None)
        ),
        st.tuples(
            st.just("answer"), st.integers(0, 1), st.just(""), st.just("recruiter"), st.just(None)
        ),
    ),
    min_size=3,
    max_size=16,
)


def _kind_of(before_key: str, after_key: str) -> str:
    """The decision a move made, from the stages alone."""
    if after_key == "withdrawn":
        return "withdrawal"
    if before_key in ("rejected", "withdrawn"):
        return "back"
    if after_key != "rejected" and ORDER.index(after_key) < ORDER.index(before_key):
        return "back"
    if before_key in ("applied", "screening"):
        return "screening"
    if before_key == "submitted":
        return "review"
    if before_key.startswith("interview"):
        return "debrief"
    return "offer"


def _state(application):
    row = Application.objects.get(pk=application.pk)
    return (row.stage_key, row.disposition_reason_id, row.question_open, row.submitted_at)


def _open_commitments():
    return {c.pk: c for c in Commitment.objects.open().only("pk", "kind", "subject_id", "owner_id")}


def _screening_passes(application) -> bool:
    form = ScreeningForm.objects.filter(application=application).first()
    return form is not None and form.is_complete and not form.failed_knockouts()


def _run(actions_, people, applications):
    for kind, index, arg, who, why in actions_:
        application = Application.objects.get(pk=applications[index].pk)
        actor = people[who]
        before, owed = _state(application), _open_commitments()
        passes = _screening_passes(application)
        moved = False
        try:
            with transaction.atomic():
                if kind == "move":
                    move_application(
                        application=application,
                        to_stage=arg,
                        by=actor,
                        reason=reason(why) if why else None,
                        # The manager's rejections say what the brief's candidate lacks.
                        against_brief=BriefReason("must:0"),
                    )
                    moved = True
                elif kind == "screen":
                    screen(application, actor, answers={"ko_0": arg})
                elif kind == "ask":
                    ask_recruiter(application=application, by=actor, text="Notice period?")
                elif kind == "answer":
                    question = application.questions.filter(answered_at=None).first()
                    if question is not None:
                        answer_question(question=question, by=actor, answer="Four weeks")
        except (PermissionDenied, ValidationError):
            assert _state(application) == before, "a refused action changed the application"
            assert set(_open_commitments()) == set(owed), "a refused action changed commitments"
            continue
        if not moved:
            continue
        after = _state(application)
        row = Application.objects.select_related("disposition_reason").get(pk=application.pk)
        decision = _kind_of(before[0], after[0])
        assert who == "admin_user" or who in DECIDERS[decision], (
            f"{who} made the {decision} move {before[0]} → {after[0]}"
        )
        if after[0] in ("rejected", "withdrawn"):
            assert row.disposition_reason is not None
            assert row.disposition_reason.closes_as == after[0]
        else:
            assert row.disposition_reason is None
        if after[0] == "submitted":
            assert passes, "submitted without a complete screening that passes its knock-outs"
        # No interviews were ever held: the offer gate keeps everyone short of an offer.
        assert after[0] not in ("offer", "hired")
        closed = ("rejected", "withdrawn")
        if decision != "back" and before[0] not in closed and after[0] not in closed:
            assert ORDER.index(after[0]) == ORDER.index(before[0]) + 1, "skipped a step"
        now_open = _open_commitments()
        for pk, commitment in owed.items():
            if pk in now_open:
                continue
            ended = Commitment.objects.get(pk=pk)
            assert ended.state == Commitment.State.MET or (
                ended.state == Commitment.State.WITHDRAWN and after[0] == Stage.WITHDRAWN
            ), f"{commitment.kind} {ended.state} by the move {before[0]} → {after[0]} of {who}"


@settings(
    max_examples=examples(40),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(actions_=actions)
def test_finding_1_no_move_by_anyone_breaks_a_gate_or_withdraws_what_it_did_not_meet(
    actions_,
    active,
    requisition,
    recruiter,
    hr_generalist,
    hiring_manager,
    interviewer,
    admin_user,
    outsider,
):
    people = {
        "recruiter": recruiter,
        "hr_generalist": hr_generalist,
        "hiring_manager": hiring_manager,
        "interviewer": interviewer,
        "admin_user": admin_user,
        "outsider": outsider,
    }
    with transaction.atomic():
        applications = [
            add(requisition, recruiter, name="Ann Ames"),
            add(requisition, recruiter, name="Bo Berg"),
        ]
        _run(actions_, people, applications)
        transaction.set_rollback(True)

"""Decisions nobody may sit on (issue 25, finding 3): the hiring decision after a debrief and
the offer's extension are commitments with a deadline from the agreement, met on the pages
where they are made (the debrief, the offer), reminded and escalated by the sweep like any
other.

- "Decide after the debrief" opens when the last scorecard of the candidate's current
  interview round lands, for the party the active matrix makes Accountable for "interview
  feedback and debrief" (the hiring manager by default), and is met when that person moves
  the candidate on from the round (advance, offer, reject); anybody else's move withdraws it.
- "Extend the offer" opens when the offer is prepared, for the party Responsible for "offer
  extension and closing", and is met when it is recorded as extended.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from commitments.ledger import meet_commitments, open_commitment, withdraw_commitments
from commitments.models import Commitment
from commitments.notices import notify_event
from commitments.service_terms import CommitmentKind
from intake.agreements import service_term_for
from pipeline.models import Stage

from . import access
from .debrief import candidate_interviews, missing_scorecards
from .models import Interview, Offer


def debrief_path(application) -> str:
    return reverse(
        "interviews:debrief",
        kwargs={"pk": application.requisition_id, "application": application.pk},
    )


def current_round_interviews(application, interviews=None) -> list:
    """The candidate's interviews (not cancelled) of the round they are at now; none when
    they are not interviewing."""
    if application.stage != Stage.INTERVIEW:
        return []
    interviews = candidate_interviews(application) if interviews is None else interviews
    return [i for i in interviews if i.stage_index == application.interview_round]


def open_debrief_decision_if_ready(*, interview, author, now=None):
    """After a scorecard of `interview` is submitted: when it was the last one of the
    candidate's current round, open "decide after the debrief" for the decider(s) and, when
    the round had a panel (two scorecards or more), tell the recruiter and the hiring
    manager once ("ready to debrief", one notice per round).
    A late scorecard of an earlier round, or a round whose other interviews are still to
    come, opens and tells nothing. Returns the commitments opened."""
    application = interview.application
    requisition = interview.requisition
    if requisition.is_closed or interview.stage_index != application.interview_round:
        return []
    round_ = current_round_interviews(application)
    if not round_ or missing_scorecards(application, round_):
        return []
    stage = interview.stage_name
    name = application.candidate.name
    term = service_term_for(requisition, CommitmentKind.DEBRIEF_DECISION)
    opened = [
        open_commitment(
            kind=CommitmentKind.DEBRIEF_DECISION,
            requisition=requisition,
            owner=person,
            party=party,
            subject=application,
            title=f"Decide on {name} after the {stage}",
            url=debrief_path(application),
            started_at=now,
            term=term,
        )
        for person, party in access.people_for(requisition, access.debrief_deciders(requisition))
    ]
    if sum(len(i.interviewers.all()) for i in round_) < 2:
        # One person's scorecard is no panel to debrief: the decision is owed (the home
        # shows it, the ladder nudges), but "ready to debrief" after every one-person stage
        # was noise (issue 25, finding 7).
        return opened
    notify_event(
        event="interviews.debrief_ready",
        requisition=requisition,
        actor=author,
        text=f"Every scorecard for {name} ({stage}) is in: ready to debrief",
        url=debrief_path(application),
        key=f"debrief-ready-{application.pk}-{application.interview_round}",
    )
    return opened


def settle_debrief_decision(*, application, change, by) -> None:
    """A move out of an interview round settles its decision: met by the decision (onwards,
    an offer or a rejection: only a decider, or an admin standing in, may make it —
    `pipeline.rights`), withdrawn when the candidate withdrew (nobody is counted late). A
    move back while it is open is refused (`offers.gate_offer_and_hire`, issue 25)."""
    if change.from_stage != Stage.INTERVIEW:
        return
    if change.to_stage != Stage.WITHDRAWN:
        meet_commitments(subject=application, kind=CommitmentKind.DEBRIEF_DECISION)
    withdraw_commitments(
        subject=application,
        kind=CommitmentKind.DEBRIEF_DECISION,
        reason="The candidate moved on from the round.",
    )


def open_offer_extension(*, offer, now=None) -> list:
    """The offer is prepared: "extend the offer" for the people of the party Responsible for
    offer extension (the first to extend it meets them all)."""
    requisition = offer.requisition
    application = offer.application
    term = service_term_for(requisition, CommitmentKind.EXTEND_OFFER)
    return [
        open_commitment(
            kind=CommitmentKind.EXTEND_OFFER,
            requisition=requisition,
            owner=person,
            party=party,
            subject=offer,
            title=f"Extend the offer to {application.candidate.name}",
            url=reverse(
                "interviews:offer",
                kwargs={"pk": requisition.pk, "application": application.pk},
            ),
            started_at=now,
            term=term,
        )
        for person, party in access.people_for(requisition, access.offer_extenders(requisition))
    ]


def waits_covered(*, application_ids) -> set[int]:
    """Of `application_ids`, those whose wait an open commitment here covers: feedback owed
    on one of their interviews, or their offer's preparation or extension (pipeline's stage
    limits open nothing for them). Three queries."""
    covered = set()
    for model in (Interview, Offer):
        subjects = dict(
            model.objects.filter(application_id__in=application_ids).values_list(
                "pk", "application_id"
            )
        )
        if not subjects:
            continue
        open_on = Commitment.objects.open().filter(
            subject_type=ContentType.objects.get_for_model(model), subject_id__in=list(subjects)
        )
        covered |= {subjects[pk] for pk in open_on.values_list("subject_id", flat=True)}
    return covered

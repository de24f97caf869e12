"""Service levels as values: who owes what, within how much business time.

The agreement (intake) stores one per commitment kind; until a requisition has an active
agreement, DEFAULT_SERVICE_LEVELS (DESIGN.md's table) apply.
"""

from dataclasses import dataclass

from django.db import models

from hiring.models import TeamRole

from .business_time import hours_per_day


class CommitmentKind(models.TextChoices):
    """Every promise Accord holds someone to. Beside each: who acts, on which page, and why
    they can act the moment it opens (issue 7: "can the owner act on it right now?"). Any
    kind opens paused on a search on hold and never on a closed one (commitments.ledger)."""

    # Each signer, on the agreement page (intake), once it is their turn: the recruiter and
    # the hiring manager when the version is sent; HR only when the last of those two has
    # signed, because HR cannot countersign before (intake.signatures.open_signing_turns).
    SIGN_AGREEMENT = "sign_agreement", "Sign the agreement"
    # The recruiter, on the Candidates tab (pipeline), from the agreement coming into force:
    # sourcing and submitting can start at once; met by the Nth submission, N = shortlist size.
    PRESENT_SHORTLIST = "present_shortlist", "Present the first shortlist"
    # The hiring manager, on the review page (pipeline), from the submission: the candidate,
    # the screening form and the résumé are there to decide on.
    REVIEW_CANDIDATE = "review_candidate", "Review a submitted candidate"
    # Each interviewer, on their scorecard page (interviews), opened by the sweep once the
    # interview has ended: they have met the candidate, so they can rate them now.
    INTERVIEW_FEEDBACK = "interview_feedback", "Submit interview feedback"
    # The recruiter, on the status-update form (checkins), on the agreed weekday: writing an
    # update needs nothing from anybody else.
    STATUS_UPDATE = "status_update", "Send the status update to the hiring manager"
    # The check-in's leader, on its record page (checkins), once its time has passed: the
    # meeting took place or not, so held/missed can be recorded now.
    RECORD_CHECKIN = "record_checkin", "Record the check-in"
    # The party Responsible for offer preparation in the active matrix, on the offer page
    # (interviews), opened when the candidate moves to "offer" — only once every scorecard is in.
    PREPARE_OFFER = "prepare_offer", "Prepare the offer"
    # Whoever the active matrix makes Accountable for "interview feedback and debrief" (the
    # hiring manager by default), on the debrief page (interviews), opened when the last
    # scorecard of the candidate's current interview round lands: every opinion is there to
    # decide on (advance, offer or reject). Met by that decision; withdrawn when someone
    # else moves the candidate on (issue 25, finding 3).
    DEBRIEF_DECISION = "debrief_decision", "Decide after the debrief"
    # The party Responsible for "offer extension and closing", on the offer page
    # (interviews), opened when the offer is prepared: its terms are written, so it can be
    # put to the candidate now. Met by recording it as extended (issue 25, finding 3).
    EXTEND_OFFER = "extend_offer", "Extend the offer"
    # The party Responsible for following up unsuccessful candidates, on the rejection
    # message's page (interviews): the candidate is rejected, so the message can go now.
    INFORM_CANDIDATE = "inform_candidate", "Inform an unsuccessful candidate"
    # The team member a check-in named, on the action item's page (checkins): agreed at the
    # check-in, marked done there with a note.
    ACTION_ITEM = "action_item", "Action item from a check-in"
    # The recruiter, on the candidate's page in pipeline, answers what the hiring manager asked
    # in the review; the question is already there to answer.
    ANSWER_QUESTION = "answer_question", "Answer the hiring manager's question"
    # The recruiter, on the brief check (pipeline), when the hiring manager's rejections and
    # the brief in force disagree (issue 21): the rejections are shown beside the brief, so
    # the amended version can be proposed at once. Met by proposing it for signature.
    RECALIBRATE = "recalibrate", "Revisit the brief with the hiring manager"
    # The party whose move it is (the agreement's stage limits), on the candidate's page or
    # the review (pipeline), once a candidate has sat past the agreed limit and nothing else
    # open covers the wait (issue 21): the candidate is theirs to move now. Met by the move.
    STAGE_LIMIT = "stage_limit", "Move a candidate on past the agreed stage limit"
    # The calibration round right after signing (issue 21), on its page (intake): the
    # recruiter presents 3–5 profiles within the agreed days (nothing else is needed to pick
    # them); then the hiring manager marks each against every must-have within their agreed
    # review time (the profiles are on the page). Met by presenting, and by marking.
    CALIBRATION_PROFILES = "calibration_profiles", "Present the calibration profiles"
    CALIBRATION_REVIEW = "calibration_review", "Mark the calibration profiles"


class Unit(models.TextChoices):
    BUSINESS_HOURS = "business_hours", "business hours"
    BUSINESS_DAYS = "business_days", "business days"
    END_OF_DAY = "end_of_day", "end of that business day"


# Who owes a commitment: a part on the hiring team (hiring.TeamRole: the first three sign
# the agreement, interviewers sit on the hiring manager's side), or whoever an action item
# or a check-in names. Derived from TeamRole so the values exist in one place only.
Party = models.TextChoices(
    "Party",
    [(role.name, (role.value, role.label)) for role in TeamRole]
    + [("NAMED", ("named", "Whoever it names"))],
)


@dataclass(frozen=True)
class ServiceTerm:
    owner_party: str
    amount: int
    unit: str

    @property
    def business_hours(self) -> int:
        if self.unit == Unit.BUSINESS_DAYS:
            return self.amount * hours_per_day()
        return self.amount

    def __str__(self):
        if self.unit == Unit.END_OF_DAY:
            return "by the end of that business day"
        label = Unit(self.unit).label
        if self.amount == 1:
            label = label.rstrip("s")
        return f"within {self.amount} {label}"


# DESIGN.md, "Commitments, reminders and escalation": the defaults of every agreement.
DEFAULT_SERVICE_LEVELS: dict[str, ServiceTerm] = {
    CommitmentKind.SIGN_AGREEMENT: ServiceTerm(Party.NAMED, 2, Unit.BUSINESS_DAYS),
    CommitmentKind.PRESENT_SHORTLIST: ServiceTerm(Party.RECRUITER, 10, Unit.BUSINESS_DAYS),
    CommitmentKind.REVIEW_CANDIDATE: ServiceTerm(Party.HIRING_MANAGER, 2, Unit.BUSINESS_DAYS),
    CommitmentKind.INTERVIEW_FEEDBACK: ServiceTerm(Party.INTERVIEWER, 1, Unit.BUSINESS_DAYS),
    CommitmentKind.STATUS_UPDATE: ServiceTerm(Party.RECRUITER, 0, Unit.END_OF_DAY),
    CommitmentKind.RECORD_CHECKIN: ServiceTerm(Party.NAMED, 1, Unit.BUSINESS_DAYS),
    CommitmentKind.PREPARE_OFFER: ServiceTerm(Party.HR_GENERALIST, 2, Unit.BUSINESS_DAYS),
    CommitmentKind.INFORM_CANDIDATE: ServiceTerm(Party.RECRUITER, 3, Unit.BUSINESS_DAYS),
    CommitmentKind.DEBRIEF_DECISION: ServiceTerm(Party.HIRING_MANAGER, 2, Unit.BUSINESS_DAYS),
    CommitmentKind.EXTEND_OFFER: ServiceTerm(Party.RECRUITER, 1, Unit.BUSINESS_DAYS),
    CommitmentKind.ACTION_ITEM: ServiceTerm(Party.NAMED, 0, Unit.END_OF_DAY),
    CommitmentKind.ANSWER_QUESTION: ServiceTerm(Party.RECRUITER, 1, Unit.BUSINESS_DAYS),
    CommitmentKind.RECALIBRATE: ServiceTerm(Party.RECRUITER, 5, Unit.BUSINESS_DAYS),
}

# Kinds whose deadline another section of the agreement sets: not in the service-level table.
TERMS_ELSEWHERE: frozenset[str] = frozenset(
    {
        CommitmentKind.STAGE_LIMIT,
        CommitmentKind.CALIBRATION_PROFILES,  # the calibration section's days
        CommitmentKind.CALIBRATION_REVIEW,  # the manager's review time
    }
)


# Kinds a search's end does not cancel: "tell the candidate the outcome" is owed precisely
# because the search closed (issue 25, finding 4: filling a search withdrew it, and the
# candidates still in play were never told). Filled or cancelled withdraws everything else.
OUTLIVES_ITS_SEARCH: frozenset[str] = frozenset({CommitmentKind.INFORM_CANDIDATE})

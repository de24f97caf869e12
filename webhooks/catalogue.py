"""The events an endpoint may be sent: every notice of `EVENT_AUDIENCE` and the commitment's
own moments (`commitments.events.COMMITMENT_EVENTS`), each with the words the settings page
and a Teams card use. tests/webhooks/test_catalogue.py fails when an event has no words here."""

from commitments.events import COMMITMENT_EVENTS
from commitments.notices import EVENT_AUDIENCE

TEST_EVENT = "webhook.test"

LABELS = {
    "team.added": "Someone was added to a hiring team",
    "team.removed": "Someone was removed from a hiring team",
    "commitment.declined": "A commitment's owner said “not mine”",
    "commitment.decline_answered": "A “not mine” was accepted or given back",
    "commitment.more_time": "A commitment's owner asked for more time",
    "commitment.more_time_answered": "A request for more time was answered",
    "commitment.reminded_again": "An owner was reminded again",
    "commitment.consequence": "An agreed consequence of a missed deadline applied",
    **COMMITMENT_EVENTS,
    "absence.started": "Someone is away, with a stand-in",
    "agreement.to_sign": "An agreement waits for a signature",
    "agreement.sent": "An agreement version was sent for signature",
    "agreement.superseded": "An unsigned agreement version was replaced",
    "agreement.active": "An agreement came into force",
    "requisition.declined": "A search was declined at intake",
    "requisition.on_hold": "A search was put on hold",
    "requisition.reopened": "A search was reopened",
    "requisition.filled": "A search was filled",
    "requisition.cancelled": "A search was cancelled",
    "intake.scheduled": "An intake meeting was scheduled",
    "intake.moved": "An intake meeting was moved",
    "intake.cancelled": "An intake meeting was cancelled",
    "checkins.scheduled": "A check-in schedule was set or changed",
    "checkins.moved": "A check-in was moved",
    "checkins.cancelled": "A check-in was cancelled",
    "checkins.pulse": "A held check-in's pulse was asked",
    "checkins.missed": "A check-in was missed",
    "checkins.action_item": "An action item was given",
    "candidates.submitted": "Candidates were submitted for review",
    "candidate.question": "A hiring manager asked about a candidate",
    "candidate.answered": "A question about a candidate was answered",
    "candidate.withdrew": "A candidate awaiting review withdrew",
    "brief.disagrees": "Rejections disagree with the brief",
    "interviews.scheduled": "An interview was scheduled",
    "interviews.moved": "An interview was moved",
    "interviews.cancelled": "An interview was cancelled",
    "interviews.ended": "An interview ended",
    "interviews.debrief_ready": "Every scorecard is in: ready to debrief",
    "offers.prepared": "An offer was prepared",
    "offers.accepted": "An offer was accepted",
    "offers.declined": "An offer was declined",
    TEST_EVENT: "A test event, sent from the settings page",
}

GROUPS = {
    "commitment": "Commitments and deadlines",
    "requisition": "Searches",
    "agreement": "Agreements",
    "team": "Hiring teams and absences",
    "absence": "Hiring teams and absences",
    "intake": "Intake meetings",
    "checkins": "Check-ins",
    "candidates": "Candidates",
    "candidate": "Candidates",
    "brief": "Candidates",
    "interviews": "Interviews and offers",
    "offers": "Interviews and offers",
}

# Every event an endpoint may choose (the test event is sent on demand, never chosen).
EVENTS = tuple(sorted({*EVENT_AUDIENCE, *COMMITMENT_EVENTS}))


def label(event: str) -> str:
    return LABELS.get(event, event)


def grouped_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The events as the form's grouped choices, in the groups' order above."""
    groups: dict[str, list] = {}
    for name in dict.fromkeys(GROUPS.values()):
        groups[name] = []
    for event in EVENTS:
        groups[GROUPS[event.partition(".")[0]]].append((event, label(event)))
    return [(name, choices) for name, choices in groups.items() if choices]

"""The commitments' tables, a module per topic: the commitment and its ladder, what the
ladder wrote (reminders, notifications), the side figures, and the owners' answers."""

from .absence import Absence, AbsenceQuerySet
from .answers import AnswerQuerySet, CommitmentAnswer
from .commitment import (
    Commitment,
    CommitmentQuerySet,
    Step,
    cancel_waiting_emails,
    counterpart_parties,
)
from .figures import SIDES, side_figures, side_figures_of
from .notification import Notification, NotificationQuerySet, Reminder
from .tally import (
    COUNT_NAMES,
    TALLY_COUNTS,
    TALLY_STEP_HOURS,
    CommitmentTally,
    DepartmentTally,
    TallyVersion,
)
from .tokens import ActionToken, token_digest

__all__ = [
    "Absence",
    "AbsenceQuerySet",
    "ActionToken",
    "SIDES",
    "TALLY_COUNTS",
    "TALLY_STEP_HOURS",
    "AnswerQuerySet",
    "Commitment",
    "CommitmentAnswer",
    "COUNT_NAMES",
    "CommitmentQuerySet",
    "CommitmentTally",
    "DepartmentTally",
    "TallyVersion",
    "Notification",
    "NotificationQuerySet",
    "Reminder",
    "Step",
    "cancel_waiting_emails",
    "counterpart_parties",
    "side_figures",
    "side_figures_of",
    "token_digest",
]

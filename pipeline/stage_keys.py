"""Stage keys and their order: what `move_application` accepts and where "next" is.

A key is "applied", "screening", "submitted", "interview:<round>" (round = index into the
active agreement's interview plan; plain "interview" means the next round), "offer",
"hired", "rejected" or "withdrawn". Nothing here reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError

from .models import Application, Stage


class MoveRefused(ValidationError):
    pass


@dataclass(frozen=True)
class Target:
    stage: str
    round: int | None = None

    @property
    def key(self) -> str:
        return f"interview:{self.round}" if self.stage == Stage.INTERVIEW else self.stage


def parse_stage_key(key: str, *, current: Application | None = None) -> Target:
    stage, _, rest = str(key).partition(":")
    if stage not in Stage.values:
        raise MoveRefused("Choose a stage.")
    if stage != Stage.INTERVIEW:
        if rest:
            raise MoveRefused("Choose a stage.")
        return Target(stage)
    if rest == "":
        if current is not None and current.stage == Stage.INTERVIEW:
            return Target(stage, current.interview_round + 1)
        return Target(stage, 0)
    if not rest.isdigit() or int(rest) > 50:
        raise MoveRefused("Choose a stage.")
    return Target(stage, int(rest))


def rank(stage: str, round_: int | None) -> tuple[int, int]:
    order = {
        Stage.APPLIED: 0,
        Stage.SCREENING: 1,
        Stage.SUBMITTED: 2,
        Stage.INTERVIEW: 3,
        Stage.OFFER: 4,
        Stage.HIRED: 5,
    }
    return (order[stage], round_ or 0)


def open_stage_keys(plan_stages: int) -> list[str]:
    """The open stages of a search in order, interview rounds from its plan."""
    return [
        Stage.APPLIED,
        Stage.SCREENING,
        Stage.SUBMITTED,
        *[f"interview:{i}" for i in range(plan_stages)],
        Stage.OFFER,
        Stage.HIRED,
    ]


def next_stage_key(application: Application, plan_stages: int) -> str | None:
    """Where "advance" takes an application, or None when it cannot go further."""
    keys = open_stage_keys(plan_stages)
    if application.stage_key not in keys:
        return None
    index = keys.index(application.stage_key)
    return keys[index + 1] if index + 1 < len(keys) else None


def key_label(key: str, plan, *, lower: bool = False) -> str:
    """A stage key in words: the plan's name for an interview round (as written)."""
    if key.startswith("interview:"):
        return plan[int(key.split(":")[1])].name
    label = str(Stage(key).label)
    return label.lower() if lower else label

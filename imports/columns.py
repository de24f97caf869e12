"""The columns each kind of file has: what the preview checks, the template files and the
page that documents them are all made from these lists."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False
    example: str = ""


def choice_lookup(choices) -> dict[str, str]:
    """A choice by its code or its label, any case: "full_time", "Full-time"."""
    found = {}
    for value, label in choices:
        found[str(value).lower()] = value
        found[str(label).lower()] = value
    return found


def choice_help(choices) -> str:
    return "one of: " + ", ".join(str(label) for _, label in choices)

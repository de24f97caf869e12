"""The responsibility matrix: recruiting-cycle step × party → R / A / C / I.

DESIGN.md: "every step has exactly one Accountable and at least one Responsible".
A matrix is a plain dict {step: {party: letter}} so a frozen version stores it as it was.
"""

from .models import CycleStep, Letter, ResponsibilityTemplateStep, Signer, row_problem

# A click on a cell moves it one place along this cycle; "" is a blank cell.
CYCLE = ["R", "A", "C", "I", ""]

# Seeded into ResponsibilityTemplateStep by migration 0002 and used when the table is empty.
BUILT_IN_TEMPLATE = {
    CycleStep.HIRING_STRATEGY: ("R", "C", "A"),
    CycleStep.JOB_AD_APPROVAL: ("R", "C", "A"),
    CycleStep.SOURCING: ("R", "A", "I"),
    CycleStep.SCREENING: ("R", "A", "I"),
    CycleStep.SHORTLIST_PRESENTATION: ("R", "I", "A"),
    CycleStep.INTERVIEW_SCHEDULING: ("R", "A", "C"),
    CycleStep.INTERVIEWING: ("C", "R", "A"),
    CycleStep.INTERVIEW_FEEDBACK: ("R", "C", "A"),
    CycleStep.REFERENCE_CHECKS: ("R", "A", "I"),
    CycleStep.OFFER_PREPARATION: ("C", "R", "A"),
    CycleStep.OFFER_CLOSING: ("R", "A", "C"),
    CycleStep.CANDIDATE_FOLLOW_UP: ("R", "A", "I"),
    CycleStep.STATUS_UPDATES: ("R", "A", "I"),
    CycleStep.ONBOARDING_HANDOFF: ("I", "R", "A"),
}
PARTIES = list(Signer.values)  # recruiter, hr_generalist, hiring_manager: the columns


def next_letter(letter: str) -> str:
    return CYCLE[(CYCLE.index(letter) + 1) % len(CYCLE)] if letter in CYCLE else CYCLE[0]


def matrix_problems(matrix: dict) -> dict[str, str]:
    """{step: problem} for every step that breaks the rule; empty when the matrix keeps it."""
    problems = {}
    for step in CycleStep.values:
        if problem := row_problem(matrix.get(step, {})):
            problems[step] = problem
    return problems


def default_matrix() -> dict:
    """A copy of the admin's template (or the built-in one for steps it lacks)."""
    matrix = {
        step: dict(zip(PARTIES, letters, strict=True))
        for step, letters in BUILT_IN_TEMPLATE.items()
    }
    for row in ResponsibilityTemplateStep.objects.all():
        matrix[row.step] = row.cells()
    return {step: matrix[step] for step in CycleStep.values}


def rows(matrix: dict) -> list[dict]:
    """The matrix in step order, ready to show: label, cells in party order, problem."""
    return [
        {
            "step": step,
            "label": label,
            "cells": [(party, matrix.get(step, {}).get(party, "")) for party in PARTIES],
            "problem": row_problem(matrix.get(step, {})),
        }
        for step, label in CycleStep.choices
    ]


def letter_label(letter: str) -> str:
    return Letter(letter).label if letter else "blank"

"""Cells the figures pages and the status board repeat many times a page, built in Python.

`{% on_time_pct tally rows %}`: an on-time percentage with its words (never colour alone),
linked to the rows it is of — the markup `insights/_pct.html` had, built in Python because
the scoreboard shows it up to ten times a pair and 25 pairs a page (an include there cost
more than the figures behind it). Give the `Tally`, the rows link without its outcome and
optionally `small=True` (the percentage alone)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

NOTHING = mark_safe(  # noqa: S308 — a constant
    '<span class="muted">—<span class="visually-hidden"> nothing settled</span></span>'
)
DASH = mark_safe('<span class="muted">—</span>')  # noqa: S308 — a constant


@register.simple_tag
def on_time_pct(tally, rows, small=False):
    pct = getattr(tally, "on_time_pct", None)
    if pct is None:
        return NOTHING
    tone = " pct--low" if pct < 80 else " pct--high" if pct >= 95 else ""
    link = format_html(
        '<a class="pct{}" href="{}&amp;outcome=decided"><strong>{}%</strong> on time</a>',
        tone,
        rows,
        pct,
    )
    if small:
        return link
    overdue = ""
    if tally.overdue:
        overdue = format_html(
            ' · <a class="side__overdue" href="{}&amp;outcome=overdue">{} overdue</a>',
            rows,
            tally.overdue,
        )
    median = tally.median
    half = format_html(" · half within {}", median) if median else ""
    return format_html(
        '{}<small class="muted pct__of">{} of {}{}{}</small>',
        link,
        tally.met_on_time,
        tally.decided,
        overdue,
        half,
    )


def _count(side, name):
    if isinstance(side, dict):
        return side.get(name)
    return getattr(side, name, None)


@register.simple_tag
def side_cell(side):
    """`{% side_cell figures.recruiter %}`: a side's open commitments on the status board,
    with how many are overdue in words ("3 open · 1 overdue"), else a dash — the markup
    `insights/side_cell.html` had (three a row, fifty rows a page)."""
    opened = _count(side, "open")
    if not opened:
        return DASH
    overdue = _count(side, "overdue")
    if overdue:
        return format_html(
            '{} open · <strong class="side__overdue">{} overdue</strong>', opened, overdue
        )
    return format_html("{} open", opened)

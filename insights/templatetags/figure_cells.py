"""`{% on_time_pct tally rows %}`: an on-time percentage with its words (never colour alone),
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

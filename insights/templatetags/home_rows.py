"""The home's long lists drawn in Python: a hiring manager at a large employer has 50 of
their own commitments, 40 awaited from others and 50-odd meetings in the week on one page
(84 KB), and as template nodes those rows were most of the page's time. The same HTML the
rows' templates drew (tests/insights/test_home_rows.py keeps those templates and compares).
"""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from config.dates import date, time
from config.links import reverse
from hiring.templatetags.reader_time import zone_if_other

register = template.Library()


def _due(commitment) -> str:
    moment = commitment.due_at
    return format_html(
        "{}{}",
        date(template_localtime(moment), "D j M, H:i"),
        zone_if_other(moment, commitment.requisition),
    )


@register.simple_tag
def commitment_row(commitment):
    """One of "Your commitments": title, when it is due (in the reader's zone), the search,
    the kind, when it was asked and the link to say "not mine"."""
    overdue, paused = commitment.is_overdue, commitment.is_paused
    if overdue:
        state = " commitment--overdue"
    elif paused:
        state = " commitment--paused"
    else:
        state = ""
    if paused:
        due = "Paused · the search is on hold"
    elif overdue:
        due = format_html("Overdue · was due {}", _due(commitment))
    else:
        due = format_html("Due {}", _due(commitment))
    return format_html(
        '<li class="commitment{}">\n'
        '      <a class="commitment__title" href="{}">{}</a>\n'
        '      <span class="commitment__due">{}</span>\n'
        '      <small class="muted commitment__meta">{} · {} · asked {} · <a href="{}">Not mine '
        "or need more time?</a></small>\n"
        "    </li>",
        state,
        commitment.url,
        commitment.title,
        due,
        commitment.requisition.title,
        commitment.get_kind_display(),
        date(template_localtime(commitment.started_at), "j M"),
        reverse("commitments:commitment-detail", args=[commitment.pk]),
    )


@register.simple_tag
def agenda_item(m):
    """One meeting of "Coming up": its hours (in the reader's zone), what and where, the
    plan, and for an interview the scorecard's state."""
    starts = template_localtime(m.starts_at)
    hours = time(starts, "H:i")
    where = format_html(' · <span class="break">{}</span>', m.where) if m.where else ""
    plan = ""
    if m.focus_areas:
        joined = mark_safe(" · ".join(conditional_escape(area) for area in m.focus_areas))
        plan = format_html(
            '<p class="agenda__plan"><span class="muted">The plan:</span> {}</p>', joined
        )
    action = ""
    if m.kind == "interview":
        if m.scorecard == "submitted":
            card = format_html('<a href="{}">Scorecard submitted</a>', m.scorecard_url)
        elif m.scorecard == "open":
            card = format_html(
                '<a class="btn btn--primary btn--sm" href="{}">Write your scorecard</a>',
                m.scorecard_url,
            )
        else:
            card = format_html('<span class="muted">Scorecard opens at {}</span>', hours)
        action = format_html('\n      <span class="agenda__action">{}</span>\n      ', card)
    return format_html(
        '<li class="agenda__item agenda__item--{}">\n'
        '      <span class="agenda__time"><span class="agenda__hours"><time datetime="{}">{}'
        "</time>–{}</span>{}</span>\n"
        '      <div class="agenda__what">\n'
        '        <a class="agenda__title" href="{}">{}</a>\n'
        '        <small class="muted">{}{}</small>\n'
        "        {}\n"
        "      </div>\n"
        "      {}\n"
        "    </li>",
        m.kind,
        date(starts, "c"),
        hours,
        time(template_localtime(m.ends_at), "H:i"),
        zone_if_other(m.starts_at, m.requisition),
        m.url,
        m.title,
        m.requisition.title,
        where,
        plan,
        action,
    )

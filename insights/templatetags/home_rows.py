"""The home's long lists drawn in Python: a hiring manager at a large employer has 50 of
their own commitments, 40 awaited from others and 50-odd meetings in the week on one page
(84 KB), and as template nodes those rows were most of the page's time. The same HTML the
rows' templates drew (tests/insights/test_home_rows.py keeps those templates and compares).
Every value goes through `config.html_text.text`, as `{{ value }}` would.
"""

from django import template
from django.template.defaultfilters import timesince_filter
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from config.dates import date, time
from config.html_text import text as _e
from config.links import reverse
from hiring.templatetags.reader_time import zone_if_other

register = template.Library()


def _state(commitment) -> tuple[str, bool, bool]:
    overdue, paused = commitment.is_overdue, commitment.is_paused
    state = " commitment--overdue" if overdue else " commitment--paused" if paused else ""
    return state, overdue, paused


def _due(commitment, overdue, paused, zone) -> str:
    if paused:
        return "Paused · the search is on hold"
    when = _e(date(template_localtime(commitment.due_at), "D j M, H:i"))
    if zone:
        when += _e(zone_if_other(commitment.due_at, commitment.requisition))
    return f"Overdue · was due {when}" if overdue else f"Due {when}"


@register.simple_tag
def commitment_row(commitment):
    """One of "Your commitments": title, when it is due (in the reader's zone), the search,
    the kind, when it was asked and the link to say "not mine"."""
    state, overdue, paused = _state(commitment)
    detail = reverse("commitments:commitment-detail", args=[commitment.pk])
    return mark_safe(  # noqa: S308 — every value went through _e
        f'<li class="commitment{state}">\n'
        f'      <a class="commitment__title" href="{_e(commitment.url)}">'
        f"{_e(commitment.title)}</a>\n"
        f'      <span class="commitment__due">{_due(commitment, overdue, paused, True)}</span>\n'
        f'      <small class="muted commitment__meta">{_e(commitment.requisition.title)} · '
        f"{_e(commitment.get_kind_display())} · asked "
        f"{_e(date(template_localtime(commitment.started_at), 'j M'))} · "
        f'<a href="{_e(detail)}">Not mine or need more time?</a></small>\n'
        "    </li>"
    )


@register.simple_tag
def awaited_row(commitment, now):
    """One of "Waiting on others": what is awaited, when it is due (in the reader's zone),
    the search, whose side owes it and how long it has been waited for."""
    state, overdue, paused = _state(commitment)
    search = reverse("hiring:requisition-detail", args=[commitment.requisition_id])
    since = date(template_localtime(commitment.started_at), "D j M")
    return mark_safe(  # noqa: S308 — every value went through _e
        f'<li class="commitment{state}">\n'
        f'        <a class="commitment__title" href="{_e(search)}">{_e(commitment.title)}</a>\n'
        f'        <span class="commitment__due">{_due(commitment, overdue, paused, False)}'
        "</span>\n"
        f'        <small class="muted commitment__meta">{_e(commitment.requisition.title)} · '
        f"{_e(commitment.get_party_display())} · waiting since {_e(since)} "
        f"({_e(timesince_filter(commitment.started_at, now))})</small>\n"
        "      </li>"
    )


@register.simple_tag
def agenda_item(m):
    """One meeting of "Coming up": its hours (in the reader's zone), what and where, the
    plan, and for an interview the scorecard's state."""
    starts = template_localtime(m.starts_at)
    hours = _e(time(starts, "H:i"))
    where = f' · <span class="break">{_e(m.where)}</span>' if m.where else ""
    plan = ""
    if m.focus_areas:
        joined = " · ".join(_e(area) for area in m.focus_areas)
        plan = f'<p class="agenda__plan"><span class="muted">The plan:</span> {joined}</p>'
    action = ""
    if m.kind == "interview":
        if m.scorecard == "submitted":
            card = f'<a href="{_e(m.scorecard_url)}">Scorecard submitted</a>'
        elif m.scorecard == "open":
            card = (
                f'<a class="btn btn--primary btn--sm" href="{_e(m.scorecard_url)}">'
                "Write your scorecard</a>"
            )
        else:
            card = f'<span class="muted">Scorecard opens at {hours}</span>'
        action = f'\n      <span class="agenda__action">{card}</span>\n      '
    return mark_safe(  # noqa: S308 — every value went through _e
        f'<li class="agenda__item agenda__item--{_e(m.kind)}">\n'
        '      <span class="agenda__time"><span class="agenda__hours">'
        f'<time datetime="{_e(date(starts, "c"))}">{hours}</time>–'
        f"{_e(time(template_localtime(m.ends_at), 'H:i'))}</span>"
        f"{_e(zone_if_other(m.starts_at, m.requisition))}</span>\n"
        '      <div class="agenda__what">\n'
        f'        <a class="agenda__title" href="{_e(m.url)}">{_e(m.title)}</a>\n'
        f'        <small class="muted">{_e(m.requisition.title)}{where}</small>\n'
        f"        {plan}\n"
        "      </div>\n"
        f"      {action}\n"
        "    </li>"
    )

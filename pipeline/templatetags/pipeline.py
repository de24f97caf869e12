from django import template
from django.utils.formats import localize
from django.utils.html import format_html

from ..closing import readiness

register = template.Library()


@register.inclusion_tag("pipeline/_readiness_card.html")
def readiness_card(requisition):
    """The overview's "Before the search can be worked" card: what is missing, plainly
    (issue 25, finding 5: a search was opened and worked with no intake and no agreement)."""
    return {"requisition": requisition, "steps": readiness(requisition)}


@register.simple_tag(takes_context=True)
def board_card(context, a, column_key):
    """One card of the board, drawn in Python: a board shows up to 20 cards a column (more
    with "show more"), and each card as template nodes cost about as much as the rest of
    the page together. The same HTML the card's template drew (tests/pipeline/
    test_board_card.py holds that template and compares)."""
    c = a.candidate
    refused = context.get("move_error_for") == a.pk
    drag = ""
    if context.get("can_drag") and column_key != "closed":
        drag = format_html(' draggable="true" data-move-url="{}"', a.move_url)
    title = format_html(" · {}", c.current_title) if c.current_title else ""
    late = ""
    if a.over_limit:
        late = format_html(
            '<span class="tag tag--late" title="Past the agreed {} business days at this '
            'stage">Past limit</span>',
            localize(a.over_limit.days),
        )
    if column_key == "closed":
        reason = a.disposition_reason.label if a.disposition_reason else ""
        holder = format_html('<span class="muted">{}</span>', reason)
    elif a.ball:
        holder = format_html(
            '<span class="ball ball--{}">{}{}</span>',
            a.ball,
            a.ball_label,
            " · question" if a.question_open else "",
        )
    else:
        holder = ""
    error = ""
    if refused:
        error = format_html(
            '<p class="app-card__error" role="alert">{}</p>', context.get("move_error", "")
        )
    if a.review_url:
        action = format_html(
            '\n          <a class="btn btn--sm btn--ghost app-card__review" href="{}">Review '
            '<span aria-hidden="true">→</span><span class="visually-hidden"> {}</span></a>\n'
            "          ",
            a.review_url,
            c.name,
        )
    elif a.next_key:
        action = format_html(
            '\n          <form class="app-card__move" method="post" action="{0}" hx-post="{0}" '
            'hx-target="#candidates" hx-swap="outerHTML">\n'
            '            {1}<input type="hidden" name="to_stage" value="{2}">\n'
            '            <button class="btn btn--sm btn--ghost" type="submit">{3} '
            '<span aria-hidden="true">→</span><span class="visually-hidden"> ({4})</span>'
            "</button>\n          </form>\n          ",
            a.move_url,
            context.get("csrf_input", ""),
            a.next_key,
            a.next_label,
            c.name,
        )
    else:
        action = ""
    return format_html(
        '<li class="app-card{}" id="card-{}"{}>\n'
        '          <a class="app-card__name" href="{}">{}</a>\n'
        '          <span class="app-card__meta">{}{}</span>\n'
        '          <span class="app-card__foot">\n'
        '            <span class="app-card__days" title="Days in this stage">{}d</span>\n'
        "            {}\n"
        "            {}\n"
        "          </span>\n"
        "          {}\n"
        "          {}\n"
        "        </li>",
        " app-card--refused" if refused else "",
        a.pk,
        drag,
        a.url,
        c.name,
        a.source_label,
        title,
        localize(a.days),
        late,
        holder,
        error,
        action,
    )

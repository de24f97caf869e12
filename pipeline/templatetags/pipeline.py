from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from config.dates import date
from config.html_text import text as _e

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
    name = _e(c.name)
    refused = context.get("move_error_for") == a.pk
    drag = ""
    if context.get("can_drag") and column_key != "closed":
        drag = f' draggable="true" data-move-url="{_e(a.move_url)}"'
    title = f" · {_e(c.current_title)}" if c.current_title else ""
    late = ""
    if a.over_limit:
        late = (
            f'<span class="tag tag--late" title="Past the agreed {_e(a.over_limit.days)} '
            'business days at this stage">Past limit</span>'
        )
    if column_key == "closed":
        reason = a.disposition_reason.label if a.disposition_reason else ""
        holder = f'<span class="muted">{_e(reason)}</span>'
    elif a.ball:
        question = " · question" if a.question_open else ""
        holder = f'<span class="ball ball--{_e(a.ball)}">{_e(a.ball_label)}{question}</span>'
    else:
        holder = ""
    error = ""
    if refused:
        error = f'<p class="app-card__error" role="alert">{_e(context.get("move_error", ""))}</p>'
    if a.review_url:
        action = (
            '\n          <a class="btn btn--sm btn--ghost app-card__review" '
            f'href="{_e(a.review_url)}">Review <span aria-hidden="true">→</span>'
            f'<span class="visually-hidden"> {name}</span></a>\n          '
        )
    elif a.next_key:
        move = _e(a.move_url)
        action = (
            f'\n          <form class="app-card__move" method="post" action="{move}" '
            f'hx-post="{move}" hx-target="#candidates" hx-swap="outerHTML">\n'
            f'            {_e(context.get("csrf_input", ""))}<input type="hidden" '
            f'name="to_stage" value="{_e(a.next_key)}">\n'
            f'            <button class="btn btn--sm btn--ghost" type="submit">'
            f'{_e(a.next_label)} <span aria-hidden="true">→</span><span '
            f'class="visually-hidden"> ({name})</span></button>\n          </form>\n          '
        )
    else:
        action = ""
    return mark_safe(  # noqa: S308 — every value above went through _e
        f'<li class="app-card{" app-card--refused" if refused else ""}" id="card-{_e(a.pk)}"'
        f"{drag}>\n"
        f'          <a class="app-card__name" href="{_e(a.url)}">{name}</a>\n'
        f'          <span class="app-card__meta">{_e(a.source_label)}{title}</span>\n'
        '          <span class="app-card__foot">\n'
        f'            <span class="app-card__days" title="Days in this stage">{_e(a.days)}d'
        "</span>\n"
        f"            {late}\n"
        f"            {holder}\n"
        "          </span>\n"
        f"          {error}\n"
        f"          {action}\n"
        "        </li>"
    )


@register.simple_tag
def list_row(a):
    """One row of the candidates list (50 a page), drawn in Python like a board card: the
    same HTML its template drew (tests/pipeline/test_board_card.py compares)."""
    c = a.candidate
    company = f" · {_e(c.current_company)}" if c.current_company else ""
    reason = ""
    if a.is_closed:
        label = a.disposition_reason.label if a.disposition_reason else ""
        reason = f' <small class="muted">· {_e(label)}</small>'
    late = ""
    if a.over_limit:
        late = (
            f' <span class="tag tag--late" title="Past the agreed {_e(a.over_limit.days)} '
            'business days at this stage">Past limit</span>'
        )
    added = date(template_localtime(a.created_at), "j M")
    return mark_safe(  # noqa: S308 — every value went through _e
        "<tr>\n"
        f'          <th scope="row"><a class="row-link" href="{_e(a.url)}">{_e(c.name)}</a>'
        f'<small class="muted">{_e(c.current_title or "")}{company}</small></th>\n'
        f'          <td data-label="Stage">{_e(a.stage_label)}{reason}</td>\n'
        f'          <td data-label="Days in stage" class="num">{_e(a.days)}{late}</td>\n'
        f'          <td data-label="Source">{_e(a.source_label)}</td>\n'
        f'          <td data-label="Added">{_e(added)}</td>\n'
        f'          <td data-label="With">{_e(a.ball_label or "—")}</td>\n'
        "        </tr>"
    )

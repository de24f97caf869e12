from django import template

from ..closing import readiness

register = template.Library()


@register.inclusion_tag("pipeline/_readiness_card.html")
def readiness_card(requisition):
    """The overview's "Before the search can be worked" card: what is missing, plainly
    (issue 25, finding 5: a search was opened and worked with no intake and no agreement)."""
    return {"requisition": requisition, "steps": readiness(requisition)}

from django import template

from ..brief_check import describe

register = template.Library()


@register.filter
def brief_reason(against: dict) -> str:
    """A rejection's reason against the brief as one line: "lacks …" / "not in the brief: …"."""
    return describe(against or {})

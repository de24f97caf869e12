"""`{{ value }}` for rows drawn in Python (the board's cards, the home's rows): the text
Django's template would write, built with f-strings instead of `format_html`, whose
lazy-aware escaping of every value cost more than the rows' own work (issue 24)."""

import html

from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import SafeData


def text(value) -> str:
    """`{{ value }}` in a template: safe text as it is, else escaped as Django escapes
    (html.escape of its text); a number or date localized first, as the template does (a
    whole number without a thousands separator is its digits)."""
    if isinstance(value, SafeData):
        return value
    if value.__class__ is int and not settings.USE_THOUSAND_SEPARATOR:
        return str(value)
    if value.__class__ is not str:
        value = localize(value)
    return html.escape(str(value))

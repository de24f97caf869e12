"""One rule for every view that answers htmx with a fragment of its own page.

A view whose links push a URL (`hx-push-url`) must answer that URL with the whole page when
the whole page is wanted: a plain visit, a boosted link, or htmx's history restore (Back to a
pushed URL when htmx's history cache misses — it is off, see base.html — swaps whatever it
gets into <body>). And since one URL answers two ways, the response varies on the headers
that choose, so no cache between serves the fragment as the page.
"""

from django.views.decorators.vary import vary_on_headers

varies_on_htmx = vary_on_headers("HX-Request", "HX-History-Restore-Request")


def page_or_fragment(request, template: str, fragment: str) -> str:
    """`template#fragment` for an htmx request that swaps part of the page, else `template`."""
    htmx = request.htmx
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        return f"{template}#{fragment}"
    return template

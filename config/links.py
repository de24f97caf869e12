"""`reverse` and the `{% url %}` tag, remembered: the same link is worked out once per process,
not once per row and per request (issue 24: 20-70 reversals a page, ~50 µs each under load —
the navigation alone is a dozen on every page).

A link depends on the URL table (the resolver: a new table, as `override_settings(ROOT_URLCONF=...)`
or `clear_url_caches()` makes, is a new resolver and so a new key), the script prefix, the
name, its arguments and the current application; all of them are the key. Only names and
arguments that are plain `int` or `str` (or a template's literal) are remembered; anything
else, and every failure, is Django's `reverse` as it is. The memory is bounded: at `_SIZE`
links it starts over.

Installed as a template builtin (settings.TEMPLATES), after Django's, so `{% url %}` in every
template is this one.
"""

from django import template
from django.template import defaulttags
from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString

register = template.Library()

_SIZE = 8192
_remembered: dict = {}
# A template's string literal is a SafeString: the same text, the same link.
_PLAIN = frozenset({int, str, SafeString})


def reverse(viewname, args=None, kwargs=None, current_app=None) -> str:
    """django.urls.reverse(viewname, args=..., kwargs=..., current_app=...), remembered."""
    args = tuple(args) if args else ()
    named = tuple(kwargs.items()) if kwargs else ()
    if (
        type(viewname) not in _PLAIN
        or any(type(value) not in _PLAIN for value in args)
        or any(type(value) not in _PLAIN for _, value in named)
        or (current_app is not None and type(current_app) is not str)
    ):
        return django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    key = (get_resolver(get_urlconf()), get_script_prefix(), viewname, args, named, current_app)
    try:
        return _remembered[key]
    except KeyError:
        pass
    url = django_reverse(viewname, args=args, kwargs=kwargs, current_app=current_app)
    if len(_remembered) >= _SIZE:
        _remembered.clear()
    _remembered[key] = url
    return url


class URLNode(defaulttags.URLNode):
    """Django's URLNode.render, through the remembered `reverse`."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = reverse(view_name, args=args, kwargs=kwargs, current_app=current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        if context.autoescape:
            url = conditional_escape(url)
        return url


@register.tag
def url(parser, token):
    """Django's `{% url %}` (the same syntax, parsed by Django's own tag)."""
    node = defaulttags.url(parser, token)
    return URLNode(node.view_name, node.args, node.kwargs, node.asvar)

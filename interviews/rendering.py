"""Rendering the admin-editable candidate messages safely.

An admin writes the texts in Django's template language, but they are rendered by an engine
of their own: no template loaders (so `include` and `extends` find nothing), no tag
libraries to `load`, and a context of plain strings and lists built here — no model object
whose attributes or methods a template could walk to reach data it should not print.
"""

from __future__ import annotations

import re

from django.template import Context, Engine, TemplateSyntaxError
from django.utils.html import escape, linebreaks

_ENGINE = Engine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    autoescape=False,  # plain-text email; the HTML part is escaped as a whole below
    string_if_invalid="",
)

# Tags that reach outside the message's own context, or show it whole.
_FORBIDDEN = re.compile(r"{%-?\s*(load|include|extends|debug|ssi|csrf_token|url)\b")

# The placeholders a template may use, with what they hold; shown to the admin.
PLACEHOLDERS = {
    "candidate_first_name": "the candidate's first name",
    "candidate_name": "the candidate's full name",
    "job_title": "the requisition's title",
    "organisation": "the employer's name",
    "recruiter_name": "the search's recruiter",
    "hiring_manager_name": "the hiring manager",
    "hiring_manager_title": "the hiring manager's job title",
    "stage": "the interview stage",
    "focus_areas": "list: what the stage covers",
    "interviewers": "list: each with .name and .title",
    "starts": "the interview's start, in the search's time zone",
    "length_minutes": "how long the interview lasts",
    "time_zone": "the search's time zone",
    "where": "the place or video link",
    "survey_url": "the private survey link (thanks message)",
    "start_date": "the offered start date (offer message)",
    "search_ended": '"filled" or "cancelled" when the search\'s end closed the application, '
    "else empty (rejection message)",
}

SAMPLE_CONTEXT = {
    "candidate_first_name": "Jane",
    "candidate_name": "Jane Doe",
    "job_title": "Senior Backend Engineer",
    "organisation": "Northwind Labs",
    "recruiter_name": "Riya Patel",
    "hiring_manager_name": "Daniel Weiss",
    "hiring_manager_title": "Head of Engineering",
    "stage": "Technical interview",
    "focus_areas": ["Python services in production", "Payment systems"],
    "interviewers": [
        {"name": "Aiko Tanaka", "title": "Staff engineer"},
        {"name": "Daniel Weiss", "title": "Head of Engineering"},
    ],
    "starts": "Tue 1 Dec 2026, 10:00",
    "length_minutes": 60,
    "time_zone": "Europe/London",
    "where": "https://meet.example.com/abc",
    "survey_url": "https://accord.example.com/survey/…",
    "start_date": "1 Feb 2027",
    "search_ended": "",
}


class TemplateProblem(ValueError):
    """The admin's text cannot be rendered; the message says where."""


def check_template(source: str) -> None:
    """Raise TemplateProblem when `source` uses a forbidden tag or does not compile."""
    if match := _FORBIDDEN.search(source):
        raise TemplateProblem(f"The tag “{match.group(1)}” is not allowed in candidate messages.")
    try:
        _ENGINE.from_string(source).render(Context(SAMPLE_CONTEXT))
    except TemplateSyntaxError as error:
        raise TemplateProblem(f"The template does not read: {error}") from error
    except Exception as error:  # a filter given a bad argument, say
        raise TemplateProblem(f"The template does not render: {error}") from error


def render_text(source: str, context: dict) -> str:
    """Render one admin text with a plain context. Never raises for a stored template:
    one that no longer renders gives its source back, so a message is never lost."""
    try:
        check_template(source)
        return _ENGINE.from_string(source).render(Context(context)).strip()
    except TemplateProblem:
        return source


def render_subject(source: str, context: dict) -> str:
    """One line, at most 200 characters: a subject can carry no header break."""
    return " ".join(render_text(source, context).split())[:200]


def text_to_html(text: str) -> str:
    return f'<div style="font-family:sans-serif;line-height:1.5">{linebreaks(escape(text))}</div>'

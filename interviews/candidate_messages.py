"""Messages to candidates at the milestones (seed 004: "a pre-interview preparation email or
an interview follow-up"): interview preparation, thanks after the interview (with the
survey link), and the decision (rejection or offer).

Each is rendered from its admin-editable template with the application's data
(`interviews.rendering`: a restricted engine on a plain context), previewed by whoever sends
it, queued through the outbox with a stable key (so it goes once, with a stable
Message-ID), kept as a CandidateMessage and written in the journal. Sending the rejection
meets the "inform an unsuccessful candidate" commitment in the same transaction.
"""

from __future__ import annotations

from email.utils import formataddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from commitments.ledger import meet_commitments
from commitments.service_terms import CommitmentKind
from hiring.journal import record_activity
from hiring.models import Activity
from outbox.mail import queue_email
from pipeline.models import Stage

from . import access
from .models import CandidateMessage, MessageTemplate
from .rendering import render_subject, render_text, text_to_html
from .surveys import issue_survey, survey_url

Kind = MessageTemplate.Kind

# The disposition reasons a search's end closes its candidates with (pipeline.closing), as
# the rejection's `search_ended`.
SEARCH_ENDINGS = {"position_filled": "filled", "search_cancelled": "cancelled"}

DEFAULT_TEMPLATES = {
    Kind.PREPARATION: (
        "Your {{ stage }} for {{ job_title }}: {{ starts }}",
        """Dear {{ candidate_first_name }},

Thank you for your time so far. Here is what to expect at your {{ stage }} for the \
{{ job_title }} role at {{ organisation }}.

When: {{ starts }} ({{ time_zone }}), {{ length_minutes }} minutes
Where: {{ where }}

What we will talk about:
{% for area in focus_areas %}- {{ area }}
{% endfor %}
Who you will meet:
{% for person in interviewers %}- {{ person.name }}{% if person.title %}, {{ person.title }}\
{% endif %}
{% endfor %}{% if hiring_manager_name %}
{{ hiring_manager_name }}{% if hiring_manager_title %} ({{ hiring_manager_title }}){% endif %} \
is the hiring manager: the person this role reports to.{% endif %}

If you need to move the interview or need any adjustment, just reply to this email.

Best wishes,
{{ recruiter_name }}""",
    ),
    Kind.THANKS: (
        "Thank you for your {{ stage }}, {{ candidate_first_name }}",
        """Dear {{ candidate_first_name }},

Thank you for meeting us for the {{ stage }} for {{ job_title }}. We will be in touch \
about the next step soon.

Could you spare two minutes to tell us how we treated you? The survey is private, your \
answers are only ever read together with others', and the link works once:
{{ survey_url }}

Best wishes,
{{ recruiter_name }}""",
    ),
    Kind.REJECTION: (
        "Your application for {{ job_title }}",
        """Dear {{ candidate_first_name }},

Thank you for the time you gave us for the {{ job_title }} role at {{ organisation }}. \
{% if search_ended == "filled" %}We have now filled the role, so we will not be taking \
your application further.{% elif search_ended == "cancelled" %}We have decided not to fill \
the role after all, so we have closed the search and will not be taking your application \
further. This is no reflection on you.{% else %}After careful thought we have decided not \
to take your application further.{% endif %}

We know this is not the news you hoped for. Thank you again, and we wish you well.

Best wishes,
{{ recruiter_name }}""",
    ),
    Kind.OFFER: (
        "Our offer: {{ job_title }} at {{ organisation }}",
        """Dear {{ candidate_first_name }},

We are delighted to offer you the {{ job_title }} role at {{ organisation }}\
{% if start_date %}, starting on {{ start_date }}{% endif %}. The written offer with \
all its details follows from us shortly.

{{ hiring_manager_name }} and the whole team are looking forward to working with you.

Best wishes,
{{ recruiter_name }}""",
    ),
}


def template_for(kind: str) -> tuple[str, str]:
    row = MessageTemplate.objects.filter(kind=kind).first()
    return (row.subject, row.body) if row else DEFAULT_TEMPLATES[kind]


def _first_name(name: str) -> str:
    return (name.split() or [""])[0]


def base_context(application) -> dict:
    """Plain strings about the application: all a template can ever reach."""
    requisition = application.requisition
    manager, recruiter = requisition.hiring_manager, requisition.recruiter
    return {
        "candidate_first_name": _first_name(application.candidate.name),
        "candidate_name": application.candidate.name,
        "job_title": requisition.title,
        "organisation": settings.ACCORD_ORGANISATION_NAME,
        "recruiter_name": recruiter.display_name if recruiter else "",
        "hiring_manager_name": manager.display_name if manager else "",
        "hiring_manager_title": manager.job_title if manager else "",
        "time_zone": requisition.time_zone,
    }


def interview_context(interview, panel=None) -> dict:
    """`panel`: the interviewers, for an interview not saved yet (a preview)."""
    zone = ZoneInfo(interview.requisition.time_zone)
    panel = interview.interviewers.all() if panel is None else panel
    start = timezone.localtime(interview.starts_at, zone)
    return {
        **base_context(interview.application),
        "stage": interview.stage_name,
        "focus_areas": [str(a) for a in interview.focus_areas],
        "interviewers": [{"name": p.display_name, "title": p.job_title} for p in panel],
        "starts": f"{date_format(start, 'D j M Y')}, {start:%H:%M}",
        "length_minutes": interview.length_minutes,
        "where": interview.location,
    }


def render_message(kind: str, context: dict) -> tuple[str, str]:
    subject, body = template_for(kind)
    return render_subject(subject, context), render_text(body, context)


def preparation_message(interview, panel=None) -> tuple[str, str]:
    return render_message(Kind.PREPARATION, interview_context(interview, panel))


def message_context(*, kind: str, application, interview=None, survey_link: str = "") -> dict:
    context = interview_context(interview) if interview else base_context(application)
    if kind == Kind.THANKS:
        context["survey_url"] = survey_link or "(the private survey link is added when sent)"
    if kind == Kind.REJECTION:
        # A search that ended closed the candidates still in play (pipeline.closing): the
        # message says so instead of a decision about them that nobody made.
        code = getattr(application.disposition_reason, "code", "")
        context["search_ended"] = SEARCH_ENDINGS.get(code, "")
    if kind == Kind.OFFER:
        offer = getattr(application, "offer", None)
        if offer is not None and offer.start_date:
            context["start_date"] = date_format(offer.start_date, "j F Y")
    return context


def message_key(*, kind: str, application, interview=None) -> str:
    """One message of a kind per interview (thanks) or per application (a decision)."""
    if interview is not None:
        return f"candidate-{application.pk}-interview-{interview.pk}-{kind}"
    return f"candidate-{application.pk}-{kind}"


def preview_message(*, kind: str, application, interview=None) -> tuple[str, str]:
    return render_message(
        kind, message_context(kind=kind, application=application, interview=interview)
    )


def sendable_kinds(application, interview=None) -> list[str]:
    """The messages that make sense now: thanks after an interview that ended, the
    rejection once rejected, the offer once an offer is prepared."""
    if interview is not None:
        return [Kind.THANKS] if interview.has_ended and not interview.is_cancelled else []
    kinds = []
    if application.stage == Stage.REJECTED:
        kinds.append(Kind.REJECTION)
    offer = getattr(application, "offer", None)
    if offer is not None and offer.state in ("prepared", "extended", "accepted"):
        kinds.append(Kind.OFFER)
    return kinds


def candidate_reply_to(requisition, fallback=None) -> str | None:
    """Where a candidate's reply goes: the search's recruiter (who runs candidate contact),
    else whoever sent the message."""
    for person in (requisition.recruiter, fallback):
        if person is not None and person.email:
            return formataddr((person.display_name, person.email))
    return None


@transaction.atomic
def send_candidate_message(
    *, kind: str, application, sent_by, interview=None, now=None
) -> CandidateMessage:
    """Render, queue and record one milestone message; once per kind and interview or
    application (a second send is refused). The thanks message carries a new survey link."""
    requisition = application.requisition
    if not access.can_send_messages(requisition, sent_by):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager message candidates.")
    if kind not in sendable_kinds(application, interview):
        raise ValidationError("This message cannot be sent now.")
    key = message_key(kind=kind, application=application, interview=interview)
    if CandidateMessage.objects.filter(key=key).exists():
        raise ValidationError("This message was already sent.")
    link = ""
    if kind == Kind.THANKS:
        _, token = issue_survey(interview=interview, now=now)
        link = survey_url(token)
    context = message_context(
        kind=kind, application=application, interview=interview, survey_link=link
    )
    subject, text = render_message(kind, context)
    candidate = application.candidate
    queue_email(
        key=key,
        to=candidate.email,
        subject=subject,
        text=text,
        html=text_to_html(text),
        requisition=requisition,
        # Replies reach the search's recruiter, who runs candidate contact (DESIGN).
        reply_to=candidate_reply_to(requisition, sent_by),
        sender=requisition.recruiter or sent_by,
    )
    # What the team can read later: the survey link is the candidate's alone, so the copy
    # kept here (and shown on the page) holds a placeholder instead.
    kept = text.replace(link, "(the candidate's private survey link)") if link else text
    message = CandidateMessage.objects.create(
        application=application,
        interview=interview,
        kind=kind,
        key=key,
        to=candidate.email,
        subject=subject[:200],
        text=kept,
        sent_by=sent_by,
    )
    record_activity(
        requisition=requisition,
        actor=sent_by,
        kind=Activity.Kind.CANDIDATE_MESSAGED,
        summary=f"Sent {candidate.name} the message “{Kind(kind).label}”",
        details={"application": application.pk, "kind": kind, "message": message.pk},
    )
    if kind == Kind.REJECTION:
        meet_commitments(subject=application, kind=CommitmentKind.INFORM_CANDIDATE)
    return message

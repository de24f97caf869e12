"""Messages to the candidate — the rejection, the offer, the thanks after an interview —
previewed, then sent: fronts `interviews/candidate_messages.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from hiring.doors import requisition_for
from pipeline.doors import application_for

from .. import access
from ..candidate_messages import (
    Kind,
    message_key,
    preview_message,
    send_candidate_message,
    sendable_kinds,
)
from ..doors import interview_for
from ..models import CandidateMessage


def _message_page(request, requisition, application, kind, interview=None):
    if not access.can_send_messages(requisition, request.user):
        raise PermissionDenied("Only the recruiter, HR or the hiring manager message candidates.")
    status, problem = 200, ""
    if request.method == "POST":
        try:
            send_candidate_message(
                kind=kind, application=application, interview=interview, sent_by=request.user
            )
        except ValidationError as error:
            status, problem = 422, " ".join(error.messages)
        else:
            messages.success(request, "Message sent to the candidate.")
            if interview is not None:
                return redirect(
                    "interviews:interview-detail", pk=requisition.pk, interview=interview.pk
                )
            return redirect("interviews:debrief", pk=requisition.pk, application=application.pk)
    subject, text = preview_message(kind=kind, application=application, interview=interview)
    sent = CandidateMessage.objects.filter(
        key=message_key(kind=kind, application=application, interview=interview)
    ).first()
    return render(
        request,
        "interviews/message.html",
        {
            "requisition": requisition,
            "application": application,
            "interview": interview,
            "kind": kind,
            "kind_label": Kind(kind).label,
            "subject": sent.subject if sent else subject,
            "text": sent.text if sent else text,
            "sent": sent,
            "sendable": kind in sendable_kinds(application, interview),
            "problem": problem,
            "show_private_tabs": requisition.can_read_journal(request.user),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def message(request, pk, application, kind):
    """Preview, then send, a decision message (rejection or offer)."""
    if kind not in (Kind.REJECTION, Kind.OFFER):
        raise Http404("No such message.")
    requisition = requisition_for(request, pk)
    application = application_for(request, requisition, application)
    return _message_page(request, requisition, application, kind)


@require_http_methods(["GET", "POST"])
def interview_thanks(request, pk, interview):
    """Preview, then send, the thanks after the interview with the survey link."""
    requisition = requisition_for(request, pk)
    interview = interview_for(request, requisition, interview)
    return _message_page(request, requisition, interview.application, Kind.THANKS, interview)

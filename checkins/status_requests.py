"""The weekly status update as beat and the worker see it (DESIGN: "send status update to
the HM | recruiter | weekly, on the agreed day | end of that day"): who sends it on which
day, the request opened on that day, and the email that carries a sent update to the hiring
manager. The recruiter's side — sending one — is `checkins.status_updates`."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from commitments.business_time import BusinessCalendar
from commitments.ledger import open_commitment
from commitments.service_terms import CommitmentKind, Party, ServiceTerm
from commitments.wording import absolute_url
from hiring.models import Requisition, TeamRole
from intake.agreements import active_agreement_for
from intake.models import term_from_row
from outbox.mail import queue_email

from .models import StatusUpdate, StatusUpdateRequest

DEFAULT_WEEKDAY = 4  # Friday, until an active agreement names the day


@dataclass(frozen=True)
class AgreedStatusUpdate:
    """Who sends the weekly status update, on which day, within what term."""

    weekday: int  # 0 = Monday
    party: str
    term: ServiceTerm


def agreed_status_update(requisition) -> AgreedStatusUpdate:
    """Read from the active agreement once (the organisation's defaults without one)."""
    agreement = active_agreement_for(requisition)
    plan = agreement.communication_plan if agreement else None
    weekday = getattr(plan, "status_update_weekday", None)
    return AgreedStatusUpdate(
        weekday=DEFAULT_WEEKDAY if weekday is None else int(weekday),
        party=getattr(plan, "status_update_party", None) or Party.RECRUITER,
        term=agreement.service_term(CommitmentKind.STATUS_UPDATE)
        if agreement
        else term_from_row(CommitmentKind.STATUS_UPDATE, None),
    )


def request_status_updates(*, now=None) -> int:
    """Open today's status-update commitment on every open search whose agreed day it is
    (in the search's own time zone, on a business day). Safe to run every hour."""
    now = now or timezone.now()
    opened = 0
    for requisition in Requisition.objects.filter(state=Requisition.State.OPEN).with_team():
        calendar = BusinessCalendar.for_requisition(requisition)
        today = timezone.localtime(now, calendar.zone).date()
        agreed = agreed_status_update(requisition)
        if today.weekday() != agreed.weekday:
            continue
        if not calendar.is_business_day(today):
            continue
        owner = requisition.member(agreed.party)
        if owner is None:
            continue
        try:
            with transaction.atomic():
                request = StatusUpdateRequest.objects.create(requisition=requisition, due_on=today)
                open_commitment(
                    kind=CommitmentKind.STATUS_UPDATE,
                    requisition=requisition,
                    owner=owner,
                    party=agreed.party,
                    subject=request,
                    title=f"Send this week's status update to "
                    f"{getattr(requisition.hiring_manager, 'display_name', 'the hiring manager')}",
                    url=reverse("checkins:status-update", args=[requisition.pk]),
                    started_at=max(now, calendar.at(today, calendar.day_start)),
                    term=agreed.term,
                )
        except IntegrityError:
            continue  # already requested today
        opened += 1
    return opened


def email_status_update(status_update_id: int) -> bool:
    """Email the hiring manager; the conditional update makes a redelivered task a no-op."""
    claimed = StatusUpdate.objects.filter(pk=status_update_id, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    update = StatusUpdate.objects.select_related("requisition", "author").get(pk=status_update_id)
    manager = update.requisition.team_members.filter(role=TeamRole.HIRING_MANAGER).first()
    if manager is None or not manager.user.email:
        return False
    context = {
        "update": update,
        "manager": manager.user,
        "url": absolute_url(reverse("hiring:requisition-detail", args=[update.requisition_id])),
    }
    # The outbox sends it (and retries it) after this commits; the key makes it once.
    queue_email(
        key=f"status-update-{update.pk}",
        to=manager.user.email,
        subject=f"Status update: {update.requisition.title}",
        text=render_to_string("emails/status_update.txt", context),
        html=render_to_string("emails/status_update.html", context),
        reply_to=update.author.email or None,
        requisition=update.requisition,
    )
    return True

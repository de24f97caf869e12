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
from commitments.ledger import Promise, open_commitments
from commitments.service_terms import CommitmentKind, Party, ServiceTerm
from commitments.wording import absolute_url
from config.bulk_insert import insert_rows
from hiring.models import Requisition, TeamRole
from intake.agreements import TermsInForce
from outbox.mail import queue_email

from .models import StatusUpdate, StatusUpdateRequest

DEFAULT_WEEKDAY = 4  # Friday, until an active agreement names the day


@dataclass(frozen=True)
class AgreedStatusUpdate:
    """Who sends the weekly status update, on which day, within what term."""

    weekday: int  # 0 = Monday
    party: str
    term: ServiceTerm


def agreed_status_update(requisition, terms: TermsInForce | None = None) -> AgreedStatusUpdate:
    """Read from the active agreement once (the organisation's defaults without one);
    `terms`: the agreements of many searches, read at once by a periodic task."""
    terms = terms or TermsInForce([requisition])
    plan = terms.communication_plan(requisition)
    weekday = getattr(plan, "status_update_weekday", None)
    return AgreedStatusUpdate(
        weekday=DEFAULT_WEEKDAY if weekday is None else int(weekday),
        party=getattr(plan, "status_update_party", None) or Party.RECRUITER,
        term=terms.term(requisition, CommitmentKind.STATUS_UPDATE),
    )


def request_status_updates(*, now=None, batch_size: int = 500) -> int:
    """Open today's status-update commitment on every open search whose agreed day it is
    (in the search's own time zone, on a business day). Safe to run every hour.

    Nine queries per batch of searches whatever their number: the searches with their
    teams and their people, their agreements, today's requests already made, one INSERT of
    the new requests (the unique key makes a second run find them made), and the commitments
    (`open_commitments`), in one transaction per batch."""
    now = now or timezone.now()
    opened = 0
    searches = Requisition.objects.filter(state=Requisition.State.OPEN).order_by("pk")
    last = 0
    while True:
        batch = list(searches.filter(pk__gt=last).with_team_shared()[:batch_size])
        if not batch:
            return opened
        last = batch[-1].pk
        with transaction.atomic():
            opened += _request_batch(batch, now=now)


def _request_batch(requisitions, *, now) -> int:
    terms = TermsInForce(requisitions)
    due = []  # (requisition, today, owner, agreed)
    for requisition in requisitions:
        calendar = BusinessCalendar.for_requisition(requisition)
        today = timezone.localtime(now, calendar.zone).date()
        agreed = agreed_status_update(requisition, terms)
        if today.weekday() != agreed.weekday or not calendar.is_business_day(today):
            continue
        owner = requisition.member(agreed.party)
        if owner is not None:
            due.append((requisition, today, owner, agreed))
    if not due:
        return 0
    made = set(
        StatusUpdateRequest.objects.filter(
            requisition__in=[r for r, *_ in due], due_on__in={day for _, day, *_ in due}
        ).values_list("requisition_id", "due_on")
    )
    due = [d for d in due if (d[0].pk, d[1]) not in made]
    requests = [StatusUpdateRequest(requisition=r, due_on=day) for r, day, *_ in due]
    try:
        with transaction.atomic():
            insert_rows(requests)
    except IntegrityError:
        return 0  # another run is making today's requests at this moment: it opens them
    promises = []
    for (requisition, today, owner, agreed), request in zip(due, requests, strict=True):
        calendar = BusinessCalendar.for_requisition(requisition)
        manager = getattr(requisition.hiring_manager, "display_name", "the hiring manager")
        promises.append(
            Promise(
                kind=CommitmentKind.STATUS_UPDATE,
                requisition=requisition,
                owner=owner,
                party=agreed.party,
                subject=request,
                title=f"Send this week's status update to {manager}",
                url=reverse("checkins:status-update", args=[requisition.pk]),
                started_at=max(now, calendar.at(today, calendar.day_start)),
                term=agreed.term,
            )
        )
    return len(open_commitments(promises))


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

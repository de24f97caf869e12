"""Telling people about events that concern them, besides the reminder ladder (issue 7,
DESIGN "people are told of events that concern them").

`EVENT_AUDIENCE` is the one table of event → who is told: parts of the hiring team, and
"named" for the people the caller names (the person added to a team, the signer whose turn
it is, a meeting's attendees). The person who caused the event is never told of their own
act. Each person gets one in-app notification at once and one email — now (inside their
working day, in their own time zone) or in their daily digest, as they chose. Both are
idempotent on the event's `key`: telling twice (a retried request) tells once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import ReminderEmail
from hiring.models import TeamRole
from outbox.mail import build_email, queue_email, queue_emails

from .delivery import Direct, _Skeleton, _slot, hand_to_channels
from .events import Event, announce
from .models import Notification
from .wording import absolute_url

RECRUITER, HR, HM, INTERVIEWERS = (
    TeamRole.RECRUITER,
    TeamRole.HR_GENERALIST,
    TeamRole.HIRING_MANAGER,
    TeamRole.INTERVIEWER,
)
NAMED = "named"
LEADS = (RECRUITER, HR, HM)

EVENT_AUDIENCE: dict[str, tuple[str, ...]] = {
    # The hiring team
    "team.added": (NAMED,),  # the person added: "you were added to this search"
    "team.removed": (NAMED,),  # the person removed, so they know why it left their list
    # A commitment's owner answering it honestly (commitments.answers)
    "commitment.declined": (NAMED,),  # whoever's part it is: accept the reason or give it back
    "commitment.decline_answered": (NAMED,),  # the owner who declined it
    "commitment.more_time": (NAMED,),  # the counterpart and HR, who may accept a new deadline
    "commitment.more_time_answered": (NAMED,),  # the owner who asked
    "absence.started": (NAMED,),  # the search's other leads: who is away and who stands in
    "commitment.reminded_again": (NAMED,),  # the owner, when the other side asks from a button
    # The agreement
    "agreement.to_sign": (NAMED,),  # a signer whose turn it is (HR only once both signed)
    "agreement.sent": LEADS,  # version N sent for signature
    "agreement.superseded": LEADS,  # an unsigned version replaced by a newer one
    "agreement.active": LEADS,  # all three signed: the version is in force
    # The search's state
    "requisition.declined": (HR, HM),  # the recruiter passed at intake
    "requisition.on_hold": LEADS,
    "requisition.reopened": LEADS,
    "requisition.filled": (*LEADS, INTERVIEWERS),
    "requisition.cancelled": (*LEADS, INTERVIEWERS),
    # The intake meeting (the email carries the calendar update separately, see invites)
    "intake.scheduled": (NAMED,),  # its attendees
    "intake.moved": (NAMED,),
    "intake.cancelled": (NAMED,),
    # Check-ins (checkins app; the invite email carries the calendar change separately)
    "checkins.scheduled": (NAMED,),  # the series' attendees: the schedule is set or changed
    "checkins.moved": (NAMED,),  # the occurrence's attendees
    "checkins.cancelled": (NAMED,),  # the occurrence's attendees
    "checkins.pulse": (NAMED,),  # attendees of a held check-in: the pulse link
    "checkins.missed": LEADS,  # a missed check-in concerns both sides and HR
    "checkins.action_item": (NAMED,),  # the team member an action item names
    # Candidates (pipeline)
    "candidates.submitted": (HM,),  # one notice per batch the recruiter submits for review
    "candidate.question": (NAMED,),  # the recruiter the hiring manager asked about a candidate
    "candidate.answered": (NAMED,),  # the manager who asked: the candidate is back in the queue
    "candidate.withdrew": (HM,),  # a candidate awaiting review withdrew: no review owed now
    # A deadline still missed after the last escalation (issue 21): whom the agreement names
    "commitment.consequence": (NAMED,),
    # The manager's rejections and the brief disagree (issue 21): the recruiter and HR
    "brief.disagrees": (RECRUITER, HR),
    # Interviews (interviews app; the panel's invite email carries the calendar change)
    "interviews.scheduled": (NAMED,),  # the panel, in the app (email=False: the invite is it)
    "interviews.moved": (NAMED,),  # the panel after the change, in the app
    "interviews.cancelled": (NAMED,),  # the panel, in the app
    "interviews.ended": (NAMED,),  # its panel, at once: the scorecard prompt (seed 004)
    "interviews.debrief_ready": (RECRUITER, HM),  # every scorecard of a candidate is in
    "offers.prepared": (NAMED,),  # the people of the party Responsible for extending it
    "offers.accepted": (*LEADS, INTERVIEWERS),  # a headcount filled
    "offers.declined": LEADS,
}


def audience(
    *, event: str, requisition, actor=None, people: Iterable = (), exclude: Iterable = ()
) -> list:
    """Who `event` on `requisition` tells, per EVENT_AUDIENCE, less the actor and anyone in
    `exclude` (told already in another way: one notice per event per person, never the same
    event twice in two wordings); each person once."""
    try:
        parts = EVENT_AUDIENCE[event]
    except KeyError:
        raise ValueError(f"Unknown event {event!r}: add it to EVENT_AUDIENCE.") from None
    found = {}
    if NAMED in parts:
        for person in people or ():
            found.setdefault(person.pk, person)
    team_parts = set(parts) - {NAMED}
    if team_parts:
        for member in requisition.team_members.all():
            if member.role in team_parts:
                found.setdefault(member.user_id, member.user)
    left_out = {person.pk for person in exclude or ()}
    return [
        p
        for p in found.values()
        if p.is_active and (actor is None or p.pk != actor.pk) and p.pk not in left_out
    ]


@transaction.atomic
def notify_event(
    *,
    event: str,
    requisition,
    text: str,
    url: str,
    key: str,
    actor=None,
    people: Iterable | None = None,
    email_subject: str | None = None,
    email_text: str | None = None,
    exclude: Iterable | None = None,
    email: bool = True,
    buttons=None,
    meeting_at=None,
) -> int:
    """Tell everyone `event` concerns, in the app at once and by email; returns how many.

    Call it inside the event's transaction: if the event rolls back, nobody was told.
    `email=False` when the event sends its own email (a meeting's calendar invite).
    `buttons(person)`: what that person may do about it right now, as buttons in the email
    (commitments.actions.buttons), when the event asks something of them.
    `meeting_at`: the start of the meeting the notice announces; a meeting already begun is
    not announced (issue 25, finding 7: notices about a past meeting are not sent).
    """
    now = timezone.now()
    # The floors above follow every event (webhooks), whoever it tells, in this transaction.
    announce([Event(event, key[:200], now, requisition=requisition, url=url, actor=actor)])
    if meeting_at is not None and meeting_at <= now:
        return 0
    told = 0
    told_of = audience(
        event=event, requisition=requisition, actor=actor, people=people, exclude=exclude
    )
    for person in told_of:
        wants_digest = (
            email and person.reminder_email == ReminderEmail.DIGEST and bool(person.email)
        )
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=person,
                    requisition=requisition,
                    key=key[:200],
                    level="info",
                    text=text[:400],
                    url=url[:300],
                    created_at=now,
                    awaiting_digest=wants_digest,
                )
        except IntegrityError:
            continue  # this person was already told of this event
        told += 1
        if email and person.email and not wants_digest:
            carried = buttons(person) if buttons else ()
            sent = _queue_notice_email(
                person=person,
                requisition=requisition,
                key=key,
                subject=email_subject or f"{requisition.title}: {text}",
                text=email_text or text,
                url=url,
                now=now,
                buttons=carried,
            )
            hand_to_channels(
                [Direct(sent, person, requisition, text=text, url=url, buttons=tuple(carried))]
            )
    return told


def _notice_email(*, person, requisition, key, subject, text, url, now, buttons=()):
    """The unsaved email of one notice (see `build_email`)."""
    context = {
        "buttons": buttons,
        "person": person,
        "text": text,
        "url": absolute_url(url),
        "requisition": requisition,
        "preferences_url": absolute_url("/notifications/preferences/"),
        "organisation": settings.ACCORD_ORGANISATION_NAME,
    }
    return build_email(
        key=f"notice:{key}:u{person.pk}"[:200],
        to=person.email,
        subject=f"Accord: {subject}",
        text=render_to_string("emails/notice.txt", context),
        html=render_to_string("emails/notice.html", context),
        requisition=requisition,
        send_after=person.next_working_moment(now),
        now=now,
    )


class NoticeEmails:
    """Notice emails without buttons, many at a time (the feedback sweep prompts a thousand
    panels at once): both templates rendered once with slots, filled per email (rendering
    them was most of that sweep's Python). The same text as `_notice_email` (a test
    compares)."""

    def __init__(self):
        context = {
            "buttons": (),
            "person": {"first_name": _slot("greeting"), "display_name": _slot("greeting")},
            "text": _slot("text"),
            "url": _slot("url"),
            "requisition": {"title": _slot("search")},
            "preferences_url": _slot("preferences"),
            "organisation": settings.ACCORD_ORGANISATION_NAME,
        }
        self.text = _Skeleton(render_to_string("emails/notice.txt", context), escaped=False)
        self.html = _Skeleton(render_to_string("emails/notice.html", context), escaped=True)
        self.preferences_url = absolute_url("/notifications/preferences/")

    def build(self, *, person, requisition, key, subject, text, url, now):
        values = {
            "greeting": person.first_name or person.display_name,
            "text": text,
            "url": absolute_url(url),
            "search": requisition.title,
            "preferences": self.preferences_url,
        }
        return build_email(
            key=f"notice:{key}:u{person.pk}"[:200],
            to=person.email,
            subject=f"Accord: {subject}",
            text=self.text.fill(values),
            html=self.html.fill(values),
            requisition=requisition,
            send_after=person.next_working_moment(now),
            now=now,
        )


def _queue_notice_email(**email):
    e = _notice_email(**email)
    return queue_email(
        key=e.key,
        to=e.to,
        subject=e.subject,
        text=e.text,
        html=e.html,
        requisition=e.requisition,
        send_after=e.send_after,
    )


@dataclass(frozen=True)
class Notice:
    """One event to tell, with the arguments of `notify_event` (for `notify_events`)."""

    event: str
    requisition: object
    text: str
    url: str
    key: str
    people: tuple = ()
    actor: object = None


def notify_events(notices) -> int:
    """`notify_event` for many events at once (the sweeps that tell a panel their interview
    ended, say), in four queries whatever their number: who was told already, one INSERT of
    notifications, and the emails through `queue_emails`. The audience of a team part reads
    `requisition.team_members`: prefetch it. Returns how many people were told."""
    now = timezone.now()
    notices = list(notices)
    announce(
        Event(n.event, n.key[:200], now, requisition=n.requisition, url=n.url, actor=n.actor)
        for n in notices
    )
    wanted = []  # (notice, person)
    for notice in notices:
        for person in audience(
            event=notice.event,
            requisition=notice.requisition,
            actor=notice.actor,
            people=notice.people,
        ):
            wanted.append((notice, person))
    if not wanted:
        return 0
    told_before = set(
        Notification.objects.filter(key__in={n.key[:200] for n, _ in wanted}).values_list(
            "recipient_id", "key"
        )
    )
    rows, emails, seen, said, writer = [], [], set(), {}, None
    for notice, person in wanted:
        key = notice.key[:200]
        if (person.pk, key) in told_before or (person.pk, key) in seen:
            continue
        seen.add((person.pk, key))
        wants_digest = person.reminder_email == ReminderEmail.DIGEST and bool(person.email)
        rows.append(
            Notification(
                recipient=person,
                requisition=notice.requisition,
                key=key,
                level="info",
                text=notice.text[:400],
                url=notice.url[:300],
                created_at=now,
                awaiting_digest=wants_digest,
            )
        )
        if person.email and not wants_digest:
            said[f"notice:{notice.key}:u{person.pk}"[:200]] = (notice, person)
            writer = writer or NoticeEmails()
            emails.append(
                writer.build(
                    person=person,
                    requisition=notice.requisition,
                    key=notice.key,
                    subject=f"{notice.requisition.title}: {notice.text}",
                    text=notice.text,
                    url=notice.url,
                    now=now,
                )
            )
    # A concurrent teller of the same event: the constraint keeps theirs (ON CONFLICT).
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    hand_to_channels(
        Direct(
            e,
            said[e.key][1],
            said[e.key][0].requisition,
            text=said[e.key][0].text,
            url=said[e.key][0].url,
        )
        for e in queue_emails(emails)
    )
    return len(rows)


def mark_notices_read(*, recipient=None, key: str = "", url: str = "", now=None) -> int:
    """A notice is read once its subject is acted on (issue 25, finding 7: the pulse prompt
    stayed new after answering): mark `recipient`'s unread event notices of `key` (or
    pointing at `url`) read. Returns how many."""
    if not key and not url:
        raise ValueError("Give the notice's key or the page it points at.")
    rows = Notification.objects.filter(read_at__isnull=True, reminder__isnull=True)
    if recipient is not None:
        rows = rows.filter(recipient=recipient)
    if key:
        rows = rows.filter(key=key[:200])
    if url:
        rows = rows.filter(url=url[:300])
    return rows.update(read_at=now or timezone.now())

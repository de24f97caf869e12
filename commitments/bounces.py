"""Telling people in the app that an email bounced (the mail server refused it for good).

The outbox sits below this floor and knows no notifications; it calls the listener
registered in `outbox.delivery.BOUNCE_LISTENERS` (CommitmentsConfig.ready) after the
bounce commits. Told: the person
the email spoke for (its sender, e.g. the recruiter of a candidate message) and every
active admin, once per email each (the notification's key). Never by email: an address
that bounces is what they are being told about, and a notice email could bounce as well.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Role, User
from outbox.models import OutboundEmail

from .models import Notification


def tell_of_bounce(email: OutboundEmail) -> int:
    """In-app notices for `email`'s sender and the admins; returns how many were written."""
    admins = User.objects.filter(is_active=True).filter(role=Role.ADMIN) | User.objects.filter(
        is_active=True, is_superuser=True
    )
    people = {person.pk: person for person in admins}
    if email.sender_id and email.sender and email.sender.is_active:
        people.setdefault(email.sender_id, email.sender)
    recipients = ", ".join(email.to)
    told = 0
    for person in people.values():
        is_admin = person.is_admin
        url = reverse("health:email-list") if is_admin else ""
        if not url and email.requisition_id:
            url = reverse("hiring:requisition-detail", kwargs={"pk": email.requisition_id})
        text = f"An email to {recipients} could not be delivered: the mail server refused it."
        if is_admin:
            text += " See Emails that need attention."
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=person,
                    requisition=email.requisition,
                    key=f"email-bounced:{email.pk}",
                    level="warning",
                    text=f"{text} ({email.subject})"[:400],
                    url=url[:300],
                )
        except IntegrityError:
            continue  # already told of this bounce
        told += 1
    return told

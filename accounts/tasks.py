"""Celery tasks: a few lines each, safe to run twice."""

from celery import shared_task

from .password_reset import send_reset_link


@shared_task
def send_password_reset_link(email):
    """Enqueued by the reset page for every valid address, known or not (the page's timing
    says nothing). Twice: the outbox key keeps it to one email per quarter hour."""
    return send_reset_link(email=email)

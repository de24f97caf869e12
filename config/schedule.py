"""The beat schedule: every periodic task with its period and expiry, built by
config/settings.py from the tick lengths it reads (kept apart so settings stays one screen of
values; each app's tasks are listed here with why)."""

from celery.schedules import crontab


def beat_schedule(*, sweep_every: float, reminder_sweep_every: float, tick_expires: float) -> dict:
    return {
        # How many pool documents hold each word, for "find similar" (talent.similar).
        "refresh-talent-term-stats": {
            "task": "talent.tasks.refresh_term_stats",
            "schedule": crontab(minute=25),
        },
        "erase-expired-candidates": {
            "task": "privacy.tasks.erase_expired_candidates",
            "schedule": crontab(hour=3, minute=40),
        },
        # Imports whose worker was lost pick up where they stopped; old runs' rows are deleted.
        "continue-imports": {
            "task": "imports.tasks.continue_imports",
            "schedule": sweep_every,
            "options": {"expires": sweep_every * 0.9},
        },
        "forget-old-imports": {
            "task": "imports.tasks.forget_old_imports",
            "schedule": crontab(hour=3, minute=50),
        },
        "heartbeat": {"task": "health.tasks.record_heartbeat", "schedule": crontab()},
        # A tick not started in time is dropped: the next one covers the same rows.
        "sweep-commitments": {
            "task": "commitments.tasks.sweep_commitments",
            "schedule": reminder_sweep_every,
            "options": {"expires": tick_expires},
        },
        "hand-over-commitments": {
            "task": "commitments.tasks.hand_over_commitments",
            "schedule": sweep_every,
        },
        # Absences whose first day came begin, those past their last day end (issue 18).
        "follow-absences": {
            "task": "commitments.tasks.follow_absences",
            "schedule": sweep_every,
        },
        # Retries whose backoff is over, and messages the broker lost (outbox.delivery).
        "dispatch-due-emails": {
            "task": "outbox.tasks.dispatch_due_emails",
            "schedule": sweep_every,
            "options": {"expires": tick_expires},
        },
        # Webhook retries whose back-off is over, and sends the broker lost (webhooks.sending).
        "dispatch-due-webhooks": {
            "task": "webhooks.tasks.dispatch_due_deliveries",
            "schedule": sweep_every,
            "options": {"expires": tick_expires},
        },
        "prune-webhook-deliveries": {
            "task": "webhooks.tasks.prune_deliveries",
            "schedule": crontab(hour=3, minute=55),
        },
        # Slack messages whose working day came, retries, tasks the broker lost (slack.delivery).
        "dispatch-due-slack-messages": {
            "task": "slack.tasks.dispatch_due_slack_messages",
            "schedule": sweep_every,
            "options": {"expires": tick_expires},
        },
        # Each person's digest goes at the start of their own working day (their time zone).
        "weekly-summaries": {
            "task": "insights.tasks.send_weekly_summaries",
            "schedule": crontab(minute="*/15"),
            "options": {"expires": 14 * 60},
        },
        "daily-digests": {
            "task": "commitments.tasks.send_daily_digests",
            "schedule": crontab(minute="*/15"),
        },
        "status-update-requests": {
            "task": "checkins.tasks.request_status_updates",
            "schedule": crontab(minute=5),
        },
        # Check-in occurrences 8 weeks ahead (idempotent), and the record owed once each passed.
        "roll-checkins-forward": {
            "task": "checkins.tasks.roll_checkins_forward",
            "schedule": crontab(hour=2, minute=15),
        },
        "open-checkin-records": {
            "task": "checkins.tasks.open_checkin_records",
            "schedule": sweep_every,
            "options": {"expires": sweep_every * 0.9},
        },
        # The check-in's agenda, the morning of, in each attendee's working day (once each).
        "checkin-agendas": {
            "task": "checkins.tasks.send_checkin_agendas",
            "schedule": crontab(minute="*/15"),
            "options": {"expires": 14 * 60},
        },
        # Deadlines still missed after the last escalation: the agreed consequences, once each.
        "apply-consequences": {
            "task": "intake.tasks.apply_consequences",
            "schedule": sweep_every,
            "options": {"expires": sweep_every * 0.9},
        },
        # Candidates past their agreed stage limit (issue 21; one open per candidate and owner).
        "open-stage-limit-commitments": {
            "task": "pipeline.tasks.open_stage_limit_commitments",
            "schedule": sweep_every,
            "options": {"expires": sweep_every * 0.9},
        },
        # The feedback owed by each interviewer once an interview has ended (claims its rows).
        "open-feedback-commitments": {
            "task": "interviews.tasks.open_feedback_commitments",
            "schedule": sweep_every,
            "options": {"expires": sweep_every * 0.9},
        },
    }

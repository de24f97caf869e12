"""What the pipeline tells people: the hiring manager, of candidates submitted for review.

Used by a single move (`pipeline.stages.move_application`) and a batch
(`pipeline.submissions.submit_applications`), which tells once for the whole batch.
"""

from __future__ import annotations

from django.urls import reverse

from commitments.notices import notify_event


def notify_submitted(*, applications, by) -> int:
    """One notice to the hiring manager for these submissions (idempotent per batch)."""
    if not applications:
        return 0
    requisition = applications[0].requisition
    names = [a.candidate.name for a in applications]
    if len(names) == 1:
        text = f"{names[0]} was submitted for your review on {requisition.title}"
    else:
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        text = (
            f"{len(names)} candidates were submitted for your review on "
            f"{requisition.title}: {shown}"
        )
    ids = "-".join(str(a.pk) for a in sorted(applications, key=lambda a: a.pk))
    stamp = max(a.stage_changed_at for a in applications).strftime("%Y%m%d%H%M%S%f")
    return notify_event(
        event="candidates.submitted",
        requisition=requisition,
        actor=by,
        text=text,
        url=reverse("pipeline:review", kwargs={"pk": requisition.pk}),
        key=f"submitted:{requisition.pk}:{ids}:{stamp}"[:200],
        email_subject=f"{requisition.title}: {len(names)} candidate"
        f"{'s' if len(names) != 1 else ''} to review",
    )

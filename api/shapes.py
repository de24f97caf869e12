"""Rows as the API shows them: built from what the pages' own rules let the reader see."""

from django.conf import settings
from django.urls import reverse


def absolute(path: str) -> str:
    return settings.ACCORD_BASE_URL.rstrip("/") + path


def person(user) -> dict:
    return {"id": user.pk, "name": user.display_name, "email": user.email}


def requisition(row, reader) -> dict:
    return {
        **{
            f: getattr(row, f)
            for f in (
                "id",
                "title",
                "department",
                "location",
                "country",
                "time_zone",
                "headcount",
                "employment_type",
                "priority",
                "state",
                "target_start_date",
                "opened_at",
                "closed_at",
                "created_at",
            )
        },
        "salary_band": row.salary_band if row.salary_visible_to(reader) else None,
        "team": [{"role": m.role, "person": person(m.user)} for m in row.team_members.all()],
        "url": absolute(reverse("hiring:requisition-detail", kwargs={"pk": row.pk})),
    }


def commitment(row, now) -> dict:
    return {
        **{
            f: getattr(row, f)
            for f in (
                "id",
                "requisition_id",
                "kind",
                "title",
                "party",
                "state",
                "started_at",
                "due_at",
                "met_at",
            )
        },
        "owner": person(row.owner),
        "is_overdue": row.state == row.State.OPEN and row.due_at < now,
        "url": absolute(reverse("commitments:commitment-detail", kwargs={"pk": row.pk})),
    }


def application(row, *, salary_visible: bool) -> dict:
    candidate = row.candidate
    return {
        **{
            f: getattr(row, f)
            for f in (
                "id",
                "requisition_id",
                "stage",
                "stage_key",
                "stage_label",
                "stage_changed_at",
                "source",
                "created_at",
            )
        },
        "candidate": {
            f: getattr(candidate, f)
            for f in ("id", "name", "email", "current_title", "current_company", "location")
        },
        "salary_expectation": row.salary_expectation if salary_visible else None,
        "has_resume": row.resume_id is not None,
        "history": [
            {
                "from_stage": change.from_stage,
                "to_stage": change.to_stage,
                "to_label": change.to_label,
                "at": change.at,
                "by": person(change.by) if change.by else None,
                "reason": change.reason.label if change.reason else None,
                "note": change.note,
            }
            for change in row.stage_changes.all()
        ],
        "url": absolute(
            reverse(
                "pipeline:application-detail",
                kwargs={"pk": row.requisition_id, "application": row.pk},
            )
        ),
    }


def interview(row) -> dict:
    return {
        "id": row.pk,
        "application_id": row.application_id,
        "candidate_name": row.application.candidate.name,
        "stage_name": row.stage_name,
        "focus_areas": list(row.focus_areas),
        "starts_at": row.starts_at,
        "ends_at": row.ends_at,
        "location": row.location,
        "state": row.state,
        "interviewers": [person(u) for u in row.interviewers.all()],
    }


def scorecard(card) -> dict:
    return {
        "id": card.pk,
        "interview_id": card.interview_id,
        "author": person(card.author),
        "state": card.state,
        "recommendation": card.recommendation,
        "ratings": [
            {"area": str(r.get("area", "")), "rating": r.get("rating"), "note": r.get("note", "")}
            for r in card.ratings
        ],
        "notes": card.notes,
        "submitted_at": card.submitted_at,
    }


def checkin(row) -> dict:
    return {
        **{
            f: getattr(row, f)
            for f in (
                "id",
                "requisition_id",
                "starts_at",
                "ends_at",
                "state",
                "recorded_at",
                "progress",
                "blockers",
                "missed_reason",
            )
        },
        "recorded_by": person(row.recorded_by) if row.recorded_by else None,
    }

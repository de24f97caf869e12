"""Reading a stored résumé's text into its `ResumeText` (talent.extraction does the reading)."""

from __future__ import annotations

from django.utils import timezone

from pipeline.models import Resume

from .extraction import NOTHING_READ, read_text
from .models import ResumeText


def read_resume(*, resume_id: int) -> int | None:
    """Read the file and store its text or the reason none was read; return the
    candidate's id, or None when the résumé is gone (replaced and erased, say). Reading
    twice stores the same thing twice."""
    resume = Resume.objects.filter(pk=resume_id).first()
    if resume is None:
        return None
    try:
        with resume.file.open("rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        reading_text, problem = "", f"{NOTHING_READ}: the file is missing from storage"
    else:
        reading = read_text(content, resume.kind)
        reading_text, problem = reading.text, reading.problem
    state = ResumeText.State.FAILED if problem else ResumeText.State.READ
    ResumeText.objects.update_or_create(
        resume_id=resume_id,
        defaults={
            "state": state,
            "text": reading_text,
            "problem": problem,
            "read_at": timezone.now(),
        },
    )
    return resume.candidate_id


def give_up(*, resume_id: int) -> int | None:
    """The task's time limit passed: say so on the candidate, and carry on without it."""
    resume = Resume.objects.filter(pk=resume_id).first()
    if resume is None:
        return None
    ResumeText.objects.update_or_create(
        resume_id=resume_id,
        defaults={
            "state": ResumeText.State.FAILED,
            "text": "",
            "problem": f"{NOTHING_READ}: reading it took too long",
            "read_at": timezone.now(),
        },
    )
    return resume.candidate_id

"""The demo's talent pool: every demo résumé read and every candidate's document built, as
the worker would after each change (the tasks enqueued on commit do the same again,
idempotently, when `make run`'s worker starts)."""

from pipeline.models import Candidate, Resume

from .indexing import refresh_document
from .reading import read_resume
from .similar import refresh_term_stats


def build_the_pool():
    for resume_id in Resume.objects.values_list("pk", flat=True):
        read_resume(resume_id=resume_id)
    for candidate_id in Candidate.objects.values_list("pk", flat=True):
        refresh_document(candidate_id=candidate_id)
    refresh_term_stats()

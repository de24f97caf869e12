import pytest

from tests.pipeline.helpers import activate_agreement


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _reasons(request):
    """The migration's disposition reasons, again if a transactional test flushed them."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        from pipeline.reasons import ensure_default_reasons  # noqa: PLC0415 — needs the db

        ensure_default_reasons()


@pytest.fixture
def active(requisition, recruiter, hiring_manager, hr_generalist):
    """The search's agreement v1, signed by all three (tests.pipeline.helpers.BRIEF)."""
    return activate_agreement(
        requisition, recruiter=recruiter, hiring_manager=hiring_manager, hr_generalist=hr_generalist
    )

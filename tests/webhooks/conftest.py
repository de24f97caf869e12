import pytest

from tests.webhooks.receiver import Receiver


@pytest.fixture
def receiver(settings):
    """A local receiver, and 127.0.0.1 let in (webhooks go to public addresses only)."""
    settings.ACCORD_WEBHOOKS_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    started = Receiver().start()
    yield started
    started.stop()

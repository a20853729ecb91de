"""Fixtures of the outbox tests: the test kinds and their templates, a sender through the real SMTP server, and the
real services (tests/integration.py)."""

import pytest

from besokshjem.outbox import services
from besokshjem.outbox.models import Message
from besokshjem.outbox.registry import register, unregister
from tests.integration import broker, integration, mailbox, postgresql, smtp, smtp_backend, worker  # noqa: F401

from .kinds import KINDS, PLAIN, TEMPLATES_DIR


@pytest.fixture
def kinds(settings):
    """The test kinds are registered and their templates found; afterwards neither is."""
    template = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**template, "DIRS": [*template["DIRS"], TEMPLATES_DIR]}, *settings.TEMPLATES[1:]]
    register(*KINDS)
    yield KINDS
    unregister(*(kind.name for kind in KINDS))


@pytest.fixture
def worker_options() -> dict:
    """The worker registers the test kinds too."""
    return {"include": ("tests.outbox.worker_kinds",)}


@pytest.fixture
def write(kinds):
    """Write one message of a test kind to `target` (a kommune), addressed to the kommune itself by default."""
    def write_message(target, *, kind=PLAIN.name, recipient=None, language="nb", **extra) -> Message | None:
        return services.message_write(kind=kind, target=target, recipient=recipient or f"post@{target.slug}.example.no",
                                      language=language, municipality=extra.pop("municipality", target), **extra)

    return write_message

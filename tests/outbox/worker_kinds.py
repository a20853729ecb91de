"""Imported by a test worker (`celery worker --include tests.outbox.worker_kinds`): the test kinds and their
templates, as the test process has them."""

from django.conf import settings
from django.test.utils import override_settings

from besokshjem.outbox.registry import register

from .kinds import KINDS, TEMPLATES_DIR

register(*KINDS)
override_settings(TEMPLATES=[{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES_DIR]}]).enable()

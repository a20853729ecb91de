"""Celery finds an app's tasks in <app>.tasks: these are the areas' tasks."""

from .intake import tasks as intake_tasks  # noqa: F401
from .retention import tasks as retention_tasks  # noqa: F401
from .volunteer import tasks as volunteer_tasks  # noqa: F401

"""The Celery application. Broker from REDIS_URL; eager in-process without it."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "besokshjem.settings")

app = Celery("besokshjem")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

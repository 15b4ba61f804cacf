"""The Celery app, in the layout Celery documents for Django.

`celery -A reintegra worker` and `celery -A reintegra beat` (Procfile, deploy/). The app
reads CELERY_* from Django's settings and finds each app's `tasks.py` by itself; nothing
here touches the database or calls django.setup() on import.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reintegra.settings")

app = Celery("reintegra")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

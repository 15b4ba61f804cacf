"""The beat schedule names tasks Celery knows; a task run twice sends once."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.utils import timezone

from notifications import tasks
from notifications.tests.conftest import evening
from reintegra.celery import app


def test_the_beat_schedule_names_registered_tasks():
    app.loader.import_default_modules()
    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"notifications.send_due", "notifications.send_digests"} <= names
    assert names <= set(app.tasks)


@pytest.mark.django_db
def test_the_task_twice_sends_each_reminder_once(world, smtp, monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: evening(world["today"]))
    first = tasks.send_due_task()
    second = tasks.send_due_task()
    assert first["reminders"] == 2 and second["reminders"] == 0
    assert len(smtp.received) == 2


def test_slots_survive_the_trip_through_the_broker():
    import datetime as dt

    slot = (dt.date(2026, 3, 2), dt.time(9), dt.time(13, 30))
    assert tasks.slot_from_data(tasks.slot_to_data(slot)) == slot

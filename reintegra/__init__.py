"""Reintegra's project package: settings, URLs, the Celery app and the WSGI/ASGI entry."""

# The Celery app is loaded with Django, so that @shared_task binds to it (Celery's Django layout).
from reintegra.celery import app as celery_app

__all__ = ["celery_app"]

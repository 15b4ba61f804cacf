"""gunicorn settings for Reintegra (Procfile and deploy/reintegra-web.service use this file).

Environment: GUNICORN_BIND (default 127.0.0.1:$PORT, PORT default 8601), WEB_CONCURRENCY (worker processes,
default 2 × cores + 1), GUNICORN_TIMEOUT (seconds, default 60). Long work never runs in a request: it
goes to the Celery worker (jobs/), so the timeout stays short.
"""

import os

# GUNICORN_BIND, else PORT (honcho gives each of `-c web=2` its own), on this machine only:
# the reverse proxy (deploy/nginx-reintegra.conf) is what faces the network.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8601')}"
# gunicorn's own advice for sync workers: 2 × cores + 1 (a process waiting for the database leaves its core to another)
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so that a slow leak never grows without bound.
max_requests = 2000
max_requests_jitter = 200
preload_app = False  # each worker imports Django itself and opens its own database connection
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# One JSON object a line, without the query string (search terms may be names) and without
# the user agent: method, path (ids only), status, bytes, duration in microseconds.
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "method": "%(m)s", "path": "%(U)s", '
    '"status": "%(s)s", "bytes": "%(B)s", "duration_us": "%(D)s"}'
)

# Reintegra — `make demo` and `make test` are all a fresh machine needs; `make serve` runs the production stack.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# What QR codes and credential ids point to: the address the demo serves on (0.0.0.0 listens
# everywhere, so name localhost instead); set REINTEGRA_PUBLIC_URL to override.
PUBLIC_HOST := $(if $(filter 0.0.0.0,$(HOST)),localhost,$(HOST))
DEMO_PUBLIC_URL = $(or $(REINTEGRA_PUBLIC_URL),http://$(PUBLIC_HOST):$(PORT))
# The independent credential verifier (Digital Bazaar's, through Node) the tests run.
NODE_VERIFIER := certificates/tests/node
APT_PACKAGES := chromium fonts-noto-core fonts-noto-ui-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils gettext

.PHONY: demo test lint bench system-deps install messages serve clean node-deps

# Debian packages WeasyPrint, the PDF checks and the browser tests need.
system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: system-deps $(STAMP) messages node-deps

# npm ci from the committed lock file; without node the tests that need it say so and skip.
node-deps:
	@if command -v npm >/dev/null; then \
	  [ $(NODE_VERIFIER)/node_modules/.package-lock.json -nt $(NODE_VERIFIER)/package-lock.json ] || \
	  (cd $(NODE_VERIFIER) && npm ci --no-audit --no-fund --loglevel=error); \
	else echo "node/npm not found: the independent (Node) credential verifier tests will be skipped"; fi

messages: $(STAMP)
	@DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

demo: install
	@mkdir -p var
	@test -f var/demo-secret || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/demo-secret
	@export DJANGO_DEBUG=1 REINTEGRA_DEMO=1 DJANGO_SECRET_KEY=$$(cat var/demo-secret) REINTEGRA_PUBLIC_URL=$(DEMO_PUBLIC_URL); \
	$(BIN)/python manage.py migrate -v 0 && \
	{ $(BIN)/python manage.py seed_demo --if-empty; } && \
	echo && echo "Reintegra demo: http://$(HOST):$(PORT)/  (logins above; password: reintegra-demo)" && echo && \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	REINTEGRA_TESTING=1 $(BIN)/pytest -q -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	REINTEGRA_TESTING=1 $(BIN)/mypy .
	REINTEGRA_TESTING=1 $(BIN)/python manage.py makemigrations --check --dry-run -v 1

# The production stack on this machine (docs/operations.md): gunicorn, a Celery worker and beat
# from the Procfile, run by honcho, against PostgreSQL and Redis. Settings come from the
# environment; what is unset gets a local default, and the secret and field key are made
# once in var/ (a real installation sets its own, see docs/operations.md).
SERVE_PORT ?= 8601
serve: install
	@mkdir -p var
	@test -f var/serve-secret || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/serve-secret
	@test -f var/serve-field-key || $(BIN)/python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())" > var/serve-field-key
	@export DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/reintegra} \
	  CELERY_BROKER_URL=$${CELERY_BROKER_URL:-redis://127.0.0.1:6379/0} REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/1} \
	  DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-$$(cat var/serve-secret)} \
	  REINTEGRA_FIELD_KEYS=$${REINTEGRA_FIELD_KEYS:-$$(cat var/serve-field-key)} \
	  SECURE_SSL_REDIRECT=$${SECURE_SSL_REDIRECT:-0} SECURE_COOKIES=$${SECURE_COOKIES:-0} \
	  GUNICORN_BIND=$${GUNICORN_BIND:-$(HOST):$(SERVE_PORT)} PATH=$(CURDIR)/$(BIN):$$PATH; \
	$(BIN)/python manage.py migrate -v 0 && $(BIN)/python manage.py collectstatic --noinput -v 0 && \
	echo "Reintegra: http://$${GUNICORN_BIND}/  (health: /health/, readiness: /ready/)" && \
	exec $(BIN)/honcho --procfile Procfile start

bench: install
	@for f in bench/bench_*.py; do [ -e "$$f" ] || continue; echo "== $$f"; REINTEGRA_TESTING=1 $(BIN)/python $$f || exit 1; done

clean:
	rm -rf var/reintegra.sqlite3*

# Reintegra — `make demo` and `make test` are all a fresh machine needs.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
APT_PACKAGES := chromium fonts-noto-core fonts-noto-ui-core libpango-1.0-0 libpangoft2-1.0-0 poppler-utils gettext

.PHONY: demo test lint bench system-deps install messages serve clean

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

install: system-deps $(STAMP) messages

messages: $(STAMP)
	@DJANGO_DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv -v 0

demo: install
	@mkdir -p var
	@test -f var/demo-secret || $(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > var/demo-secret
	@export DJANGO_DEBUG=1 REINTEGRA_DEMO=1 DJANGO_SECRET_KEY=$$(cat var/demo-secret); \
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

bench: install
	@for f in bench/bench_*.py; do [ -e "$$f" ] || continue; echo "== $$f"; REINTEGRA_TESTING=1 $(BIN)/python $$f || exit 1; done

clean:
	rm -rf var/reintegra.sqlite3*

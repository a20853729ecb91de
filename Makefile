# The two commands of the README: `make run` (portal with demo data) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
DEV := DEBUG=true
# Where `make run` serves the portal: `make run PORT=8001` (on the command line; a shell's own HOST is not taken).
# Links in e-mails are built from SITE_URL, so `make run` sets it to this address; give SITE_URL on the command line
# only when a proxy serves the portal elsewhere.
HOST := 127.0.0.1
PORT := 8000
SITE_URL := http://$(HOST):$(PORT)
RUN := $(DEV) SITE_URL=$(SITE_URL)

.PHONY: run test install lint messages bench

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(RUN) $(PY) manage.py migrate --noinput
	@if command -v msgfmt >/dev/null; then $(RUN) $(PY) manage.py compilemessages --ignore=.venv -v0; else echo "msgfmt not found: using the committed .mo catalogues"; fi
	$(RUN) $(PY) manage.py seed_demo
	$(RUN) $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest -n 2

lint: install
	$(VENV)/bin/ruff check .
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

messages: install
	$(DEV) $(PY) manage.py makemessages -l nb -l en --ignore=.venv --ignore=tests --ignore=staticfiles
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv

# Every page at full scale against the baseline (docs/benchmarks.md): PostgreSQL, gunicorn, wrk; ~15 minutes.
bench: install
	@command -v wrk >/dev/null || apt-get install -y wrk
	$(PY) scripts/bench_pages.py

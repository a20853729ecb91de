# The two commands of the README: `make run` (portal with demo data) and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
DEV := DEBUG=true

.PHONY: run test install lint messages bench

$(VENV)/.installed: requirements.txt
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q -r requirements.txt
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV) $(PY) manage.py migrate --noinput
	@if command -v msgfmt >/dev/null; then $(DEV) $(PY) manage.py compilemessages --ignore=.venv -v0; else echo "msgfmt not found: using the committed .mo catalogues"; fi
	$(DEV) $(PY) manage.py seed_demo
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

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

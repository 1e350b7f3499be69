# Kombel: `make demo` serves the demo, `make test` runs the whole suite. See README.md.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
KOMBEL := $(BIN)/kombel
STAMP := $(VENV)/.installed

.PHONY: demo test venv serve lint typecheck bench messages clean-demo

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

demo: venv
	DEBUG=1 $(KOMBEL) migrate --noinput
	DEBUG=1 $(KOMBEL) seed-demo --if-empty
	@DEBUG=1 $(KOMBEL) demo-info
	@# The worker runs the tasks (reminders, escalations); the loop stands in for a daily cron.
	@trap 'kill 0' INT TERM EXIT; \
	  DEBUG=1 $(KOMBEL) db_worker & \
	  while true; do DEBUG=1 $(KOMBEL) escalate-overdue >/dev/null; \
	    DEBUG=1 $(KOMBEL) purge-deletions >/dev/null; sleep 3600; done & \
	  DEBUG=1 $(KOMBEL) runserver --noreload 127.0.0.1:8000

# -rs lists skipped tests with their reason (e.g. browser tests without /usr/bin/chromium).
test: venv
	$(BIN)/pytest -n 2 -rs $(PYTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: venv
	$(BIN)/mypy

bench: venv
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Each app keeps its own catalogue (src/kombel/<app>/locale/); templates/ and the project's own
# modules use src/kombel/locale/. makemessages puts each string in the nearest one.
messages: venv
	cd src/kombel && DEBUG=1 ../../$(KOMBEL) makemessages -l id --no-location --ignore 'settings*.py'
	for po in src/kombel/locale/id/LC_MESSAGES/django.po src/kombel/*/locale/id/LC_MESSAGES/django.po; do \
	  msgattrib --no-obsolete -o $$po $$po; done
	cd src/kombel && DEBUG=1 ../../$(KOMBEL) compilemessages -l id

clean-demo:
	rm -f var/kombel.sqlite3 var/kombel.sqlite3-wal var/kombel.sqlite3-shm

# The two commands of the README: `make run` and `make test`. Everything else is set-up they need.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := app.py

.PHONY: run test setup test-setup translations chromium postgres node clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-dev.txt $(VENV)/.installed
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d translations

setup: $(VENV)/.installed translations
	$(BIN)/flask db upgrade
	$(BIN)/flask content check > /dev/null
	$(BIN)/flask demo

run: setup
	$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers 2 --access-logfile - app:app

chromium:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium >/dev/null)

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done

node_modules/.installed: package.json package-lock.json
	npm ci --silent --no-audit --no-fund
	touch $@

test-setup: $(VENV)/.test-installed translations chromium postgres node_modules/.installed

test: test-setup
	TEST_DATABASE_URL=$${TEST_DATABASE_URL-postgresql://postgres@127.0.0.1:5432/test} \
	  $(BIN)/python -m pytest

clean:
	rm -rf $(VENV) node_modules instance

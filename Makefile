# Bridgeway: `make run` for the demo, `make test` for the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export BRIDGEWAY_DATA_DIR ?= $(CURDIR)/var

.PHONY: install run serve worker demo test lint typecheck migrations-check pytest pytest-sqlite pytest-scale messages clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

# The embedded demo: SQLite, the job worker beside the web server, on http://127.0.0.1:8000.
run: install
	BRIDGEWAY_HTTPS=0 $(BIN)/bridgeway migrate --noinput -v0
	BRIDGEWAY_HTTPS=0 $(BIN)/bridgeway createcachetable
	BRIDGEWAY_HTTPS=0 $(BIN)/bridgeway collectstatic --noinput -v0
	BRIDGEWAY_HTTPS=0 $(BIN)/bridgeway demo
	@echo "Starting the job worker and the web server on http://127.0.0.1:8000 (Ctrl-C stops both)"
	BRIDGEWAY_HTTPS=0 $(BIN)/bridgeway worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	BRIDGEWAY_HTTPS=0 $(BIN)/bridgeway serve

test: install lint typecheck migrations-check pytest

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

migrations-check: install
	DJANGO_SETTINGS_MODULE=bridgeway.config.settings_test $(BIN)/python manage.py makemigrations --check --dry-run

# The suite on SQLite (with the browser tests), then again on PostgreSQL and Redis.
pytest: pytest-sqlite pytest-scale

pytest-sqlite: install
	$(BIN)/python -m pytest

pytest-scale: install
	$(BIN)/python tests/with_services.py -- $(BIN)/python -m pytest -m "not e2e"

messages: install
	cd src/bridgeway && DJANGO_SETTINGS_MODULE=bridgeway.config.settings_test \
		../../$(BIN)/django-admin makemessages -l fr --no-location && \
		../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

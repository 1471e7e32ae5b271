# Bridgeway: `make run` for the demo, `make test` for the whole suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export BRIDGEWAY_DATA_DIR ?= $(CURDIR)/var

.PHONY: install lock run serve worker demo test lint security typecheck migrations-check pytest pytest-sqlite pytest-scale messages clean

# Installs are locked: every package, its exact version and the hashes of its files come from
# requirements.lock, so a release upstream never changes what a fresh clone gets. Only wheels are
# taken (nothing is built from source), and the project itself is installed without resolving
# anything. `make lock` upgrades the lock on purpose (see docs/operations.md).
$(BIN)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps --only-binary=:all: -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	$(BIN)/python -m pip check
	touch $@

install: $(BIN)/.installed

# Re-resolve every dependency to its newest release allowed by pyproject.toml and rewrite
# requirements.lock with hashes. Commit the result on its own, after `make test` passes.
PIP_TOOLS_VERSION := 7.7.0
lock:
	$(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet "pip-tools==$(PIP_TOOLS_VERSION)"
	$(VENV)-lock/bin/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe --strip-extras \
		--all-build-deps --extra dev --no-emit-index-url --no-emit-find-links \
		--output-file requirements.lock pyproject.toml
	rm -rf $(VENV)-lock

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

test: install lint security typecheck migrations-check pytest

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

# bandit over src/ (config in pyproject.toml): any finding of medium or high severity fails.
security: install
	$(BIN)/bandit -c pyproject.toml -r src --severity-level medium --quiet

typecheck: install
	$(BIN)/mypy

migrations-check: install
	DJANGO_SETTINGS_MODULE=bridgeway.config.settings_test $(BIN)/python manage.py makemigrations --check --dry-run

# The suite on SQLite (with the browser tests), then again on PostgreSQL and Redis.
pytest: pytest-sqlite pytest-scale

# -n auto: one test process per core (pytest-xdist); each has its own test database.
pytest-sqlite: install
	$(BIN)/python -m pytest -n auto

pytest-scale: install
	$(BIN)/python tests/with_services.py -- $(BIN)/python -m pytest -n auto -m "not e2e"

messages: install
	cd src/bridgeway && DJANGO_SETTINGS_MODULE=bridgeway.config.settings_test \
		../../$(BIN)/django-admin makemessages -l fr --no-location && \
		../../$(BIN)/django-admin compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

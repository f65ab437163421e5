# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# WeasyPrint (PDF, CJK fonts, fast font subsetting) and gettext (translations).
RUN_PACKAGES := gettext fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0
TEST_PACKAGES := $(RUN_PACKAGES) chromium curl

.PHONY: run test setup-run lint format messages clean fuzz

run: setup-run
	@echo ""
	@echo "Serving on http://127.0.0.1:8000 (SQLite, background jobs in-process). Ctrl-C stops."
	$(BIN)/python manage.py runserver 127.0.0.1:8000

# Everything `make run` does before serving; CI runs it to check the first-run path.
setup-run: $(BIN)/.installed
	@bash scripts/system_packages.sh $(RUN_PACKAGES)
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py seed_demo

# Two test processes (pytest-xdist), a module each at a time: each has its own test database
# and Celery queue. TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= 2

test: $(BIN)/.installed
	@bash scripts/system_packages.sh $(TEST_PACKAGES)
	$(BIN)/python manage.py compilemessages --ignore=.venv -v0
	$(BIN)/pytest -n $(TEST_WORKERS) --dist loadscope

# The schema fuzzer run longer than the suite's bounded run (docs/production.md).
FUZZ_EXAMPLES ?= 200

fuzz: $(BIN)/.installed
	SCHEMA_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) SCHEMA_FUZZ_SEED=$${SCHEMA_FUZZ_SEED:-random} \
		$(BIN)/pytest -n 0 -s tests/test_schema_fuzz.py -k every_answer

$(BIN)/.installed: pyproject.toml
	@$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || bash scripts/system_packages.sh python3-venv
	test -x $(BIN)/pip || (rm -rf $(VENV) && $(PYTHON) -m venv $(VENV))
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(BIN)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: $(BIN)/.installed
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm staticfiles

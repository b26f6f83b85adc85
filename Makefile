# Two commands on a fresh machine:  `make run` (the app on the bundled data)  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python

.PHONY: run test install install-dev chromium index lint bench

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

index: install
	$(PY) -m geo index

run: index
	$(VENV)/bin/streamlit run app.py

chromium:
	@bash scripts/ensure-chromium.sh

test: install-dev chromium
	$(PY) -m geo index
	$(PY) -m pytest

lint: install-dev
	$(VENV)/bin/ruff check geo tests app.py benchmarks

bench: install-dev chromium index
	$(PY) benchmarks/bench_gazetteer.py
	$(PY) benchmarks/bench_extract.py
	$(PY) benchmarks/bench_map.py
	$(PY) benchmarks/bench_app.py
	$(PY) benchmarks/bench_fusion.py
	$(PY) benchmarks/bench_map_100k.py
	$(PY) benchmarks/bench_corpus.py

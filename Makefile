# Two commands do all the set-up on a fresh machine with Python 3.11+ and pip:
#   make        build every handout into output/
#   make test   run the test suite
# Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all handouts test check bench clean

all: handouts

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

handouts: $(STAMP)
	$(PY) generate.py

check: $(STAMP)
	$(PY) generate.py --check

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) bench/bench_render.py
	$(PY) bench/bench_catalogue.py

clean:
	rm -rf $(VENV) output/*.pdf

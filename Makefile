# Two commands do all the set-up on a fresh machine with Python 3.11+ and pip:
#   make        build every handout into output/
#   make test   run the test suite
# Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all handouts test check bench clean chromium pixels

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

test: $(STAMP) chromium
	$(PY) -m pytest

# Write new reference pages for tests/test_pixels.py after a change meant to alter them
# (look at the tests/pixels/*.diff.png a failing run leaves first).
pixels: $(STAMP)
	HANDOUTS_UPDATE_PIXELS=1 $(PY) -m pytest -q tests/test_pixels.py

# The catalogue page's browser test drives Debian's Chromium (Playwright's own browser download
# is not used). Installed once where we are root, as in CI; elsewhere the test is skipped.
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's chromium for the browser test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "chromium is not installed (sudo apt-get install chromium): the browser test will be skipped" >&2; \
	  fi; }

bench: $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,bench]'
	$(PY) bench/bench_render.py
	$(PY) bench/bench_catalogue.py

clean:
	rm -rf $(VENV) output/*.pdf

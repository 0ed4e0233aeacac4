# Two commands do all the set-up on a fresh machine with Python 3.11+ and pip:
#   make        build every handout into output/
#   make test   run the test suite
# Both create the virtual environment .venv on first use.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: all handouts test check schemas bench clean chromium poppler xliff-schema pixels extractors

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

# Write schema/*.schema.json (and the README's handout key table) again from the declarations
# in the code, after changing one; tests/test_schemas.py fails while they differ.
schemas: $(STAMP)
	$(PY) -m handoutgen.schemas

test: $(STAMP) chromium poppler xliff-schema
	$(PY) -m pytest

# Poppler's pdfinfo -struct-text reads the tagged text as assistive technology on Linux does;
# one test uses it (and bench/extractors.py uses pdftotext). Installed like chromium.
poppler:
	@command -v pdfinfo >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's poppler-utils for the structure-text test"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null; \
	  else \
	    echo "poppler-utils is not installed (sudo apt-get install poppler-utils): one test will be skipped" >&2; \
	  fi; }

# The OASIS XLIFF 1.2 schema the XLIFF test validates exports against: Debian ships it in
# Symfony's translation component (no PHP runtime needed). Installed like poppler.
XLIFF_XSD := /usr/share/php/Symfony/Component/Translation/Resources/schemas/xliff-core-1.2-strict.xsd
xliff-schema:
	@test -f $(XLIFF_XSD) || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian's php-symfony-translation for the XLIFF 1.2 schema"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      php-symfony-translation >/dev/null; \
	  else \
	    echo "the XLIFF 1.2 schema is not installed (sudo apt-get install php-symfony-translation): one test will be skipped" >&2; \
	  fi; }

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
	$(PY) bench/bench_peers.py

# Six PDF text extractors on the shipped handout (README "Text extraction"): pdftotext from
# Debian's poppler-utils, PDF.js from the npm registry.
extractors: $(STAMP) poppler
	$(PY) -m pip install --quiet -e '.[test,bench]'
	npm ci --prefix bench --silent
	$(PY) bench/extractors.py --markdown

clean:
	rm -rf $(VENV) output/*.pdf

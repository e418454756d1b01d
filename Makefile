# Two commands do all the set-up on a fresh machine with python3 and make:
#   make figures   regenerate every figure into figures/
#   make test      run the whole test suite (library, figures, notebooks, lint)
#   make test-browser  run every notebook in JupyterLab in headless Chromium (needs Debian's
#                      chromium: apt-get install chromium); screenshots in build/browser/
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
export OMP_NUM_THREADS := 1
export OPENBLAS_NUM_THREADS := 1
export MPLBACKEND := Agg

.PHONY: figures test test-browser lint bench setup clean

setup: $(STAMP)

# The lock file pins every package (the plotting stack exactly) so figures are byte-identical.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

figures: $(STAMP)
	PYTHONHASHSEED=0 $(BIN)/python -m textlib.figures --out figures

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/nbstripout --verify notebooks/*.ipynb

test: $(STAMP) lint
	$(BIN)/python -m pytest --nbmake tests notebooks

# Browser tests are marked `browser` and left out of `make test` (pyproject.toml addopts).
test-browser: $(STAMP)
	$(BIN)/python -m pytest -m browser tests/browser

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py --quick
	$(BIN)/python benchmarks/reuse.py --docs 1000 --old 20

clean:
	rm -rf $(VENV) .cache .pytest_cache

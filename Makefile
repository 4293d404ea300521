# onrecord — set-up, demo, tests. `make demo` and `make test` work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test fuzz install bench bench-web eval train clean browser

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==24.3.1
	# torch first: anything that needs it must find this CPU build, not pull a CUDA one
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e '.[test,web,postgres,ray]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/onrecord demo

# Debian's Chromium, driven by Playwright in tests/test_browser.py (no browser download)
browser:
	scripts/apt-ensure /usr/bin/chromium chromium fonts-dejavu-core

# A throwaway PostgreSQL (scripts/pg-test-server) for the store contract suite, stopped however pytest ends.
test: $(STAMP) browser
	url=$$(scripts/pg-test-server start) && trap 'scripts/pg-test-server stop' EXIT && trap 'exit 130' INT TERM && \
	ONRECORD_TEST_PG="$$url" $(BIN)/python -m pytest -q

# The property tests, five rounds of fresh random examples (the suite's own run is derandomised)
fuzz: $(STAMP)
	for round in 1 2 3 4 5; do HYPOTHESIS_PROFILE=explore $(BIN)/python -m pytest -q -x \
	  tests/test_properties.py tests/test_warc_damage.py tests/test_spanindex.py tests/test_transcripts.py || exit 1; done

bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py --json bench/results/ingest.json

# 20 clients against `onrecord serve` on a store of 10k statements, driven by wrk
bench-web: $(STAMP)
	scripts/apt-ensure wrk wrk
	$(BIN)/python bench/bench_web.py --json bench/results/web.json

# Rebuilds the shipped tagger weights (onrecord/data/encoder) from PolNeAR train:
# two taggers averaged into one: minutes on a GPU, five to eight hours on 2 cores
# with bfloat16 (the plain tagger: 3 learning rates x 10 epochs; the rule-feature
# one: 6 epochs; 9 to 14 minutes an epoch as the machine allows). Never run by CI.
train: $(STAMP)
	$(BIN)/python -m onrecord.nlp.training --data ../shared/data/polnear --out onrecord/data/encoder

eval: $(STAMP)
	$(BIN)/onrecord eval polnear ../shared/data/polnear/dev

clean:
	-scripts/pg-test-server stop
	rm -rf $(VENV) onrecord.db onrecord.db-wal onrecord.db-shm .pytest_cache .hypothesis

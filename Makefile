PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: venv demo test eval clean

$(BIN)/bulletin: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/bulletin

venv: $(BIN)/bulletin

# Ingesting is idempotent, so the demo adds the samples to ./index without wiping it; an index
# an older bulletin wrote (another schema version) is converted with rebuild first.
demo: venv
	@if [ -e index/bulletin.json ] && ! $(BIN)/bulletin stats --index index > /dev/null 2>&1; then \
		$(BIN)/bulletin rebuild --index index; fi
	$(BIN)/bulletin ingest samples/ --index index
	$(BIN)/bulletin search 电动自行车 --limit 3 --index index
	$(BIN)/bulletin timeline 燕宇社区 --index index
	$(BIN)/bulletin summary --community 荣兴温泉公寓社区 --top 10 --index index
	$(BIN)/bulletin trends --period 2024-09..2024-12 --base 2024-05..2024-08 --top 5 --index index

test: venv
	$(BIN)/python -m pytest -q

# Split accuracy against gold boundaries (needs ../shared for the 1998 pages), then the
# real pages' gold is checked and their fields scored (benchmarks/realpages).
eval: venv
	$(BIN)/python benchmarks/split_eval.py
	$(BIN)/python benchmarks/realpages/check_gold.py
	$(BIN)/python benchmarks/field_eval.py

clean:
	rm -rf $(VENV) build *.egg-info

# Speed and memory at archive scale against the peers (issue 5; needs ../shared, 15-20 min).
# Options through BENCH, e.g. make bench BENCH="--small-only --runs 3".
.PHONY: bench
bench: venv
	$(BIN)/python benchmarks/run.py $(BENCH)

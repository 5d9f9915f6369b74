PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_INDEX := $(VENV)/demo-index

.PHONY: venv demo test eval clean

$(BIN)/bulletin: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(BIN)/bulletin

venv: $(BIN)/bulletin

demo: venv
	rm -rf $(DEMO_INDEX)
	$(BIN)/bulletin --index $(DEMO_INDEX) ingest samples/
	$(BIN)/bulletin --index $(DEMO_INDEX) search 电动自行车 --limit 3
	$(BIN)/bulletin --index $(DEMO_INDEX) timeline 燕宇社区
	$(BIN)/bulletin --index $(DEMO_INDEX) summary --community 荣兴温泉公寓社区 --top 10

test: venv
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) build *.egg-info

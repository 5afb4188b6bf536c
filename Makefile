# Kaoping — two commands matter: `make demo` and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= demo-output
UI_PORT ?= 8501
# make demo DEMO_UI=0 stops after writing the results, without starting the UI
DEMO_UI ?= 1
SEED ?= $(firstword $(wildcard ../shared/seed/*.txt) examples/city-government-narrative.md)
# Debian packages that tests marked @pytest.mark.system need (.ci/run installs them;
# tests/test_system_marker.py checks this list covers every marker in use).
SYSTEM_PACKAGES := libreoffice-calc-nogui libreoffice-writer-nogui fonts-noto-cjk fontconfig chromium postgresql fonts-noto-color-emoji

.PHONY: demo test lint typecheck unit system-deps clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(STAMP)
	@rm -rf $(OUT) && mkdir -p $(OUT)/scores
	@for f in examples/*.yaml; do \
		name=$$(basename $$f .yaml); \
		$(BIN)/kaoping score $$f --format json > $(OUT)/scores/$$name.json; \
		$(BIN)/kaoping score $$f --format md > $(OUT)/scores/$$name.md; \
	done
	@$(BIN)/kaoping convert examples/batch-2023.csv --out $(OUT)/metrics
	@$(BIN)/kaoping rank examples/batch-2023.csv --quota seoul-units --format json > $(OUT)/ranking.json
	@$(BIN)/kaoping rank examples/batch-2023.csv --quota seoul-units --format md > $(OUT)/ranking.md
	@$(BIN)/kaoping review examples/city-government.yaml examples/city-government-narrative.md > $(OUT)/review.md
	@$(BIN)/kaoping review examples/city-government.yaml examples/city-government-narrative.md --format json > $(OUT)/review.json
	@KAOPING_HOME=$(OUT)/home $(BIN)/kaoping ingest $(SEED) --kind report
	@KAOPING_HOME=$(OUT)/home $(BIN)/kaoping search "首爾市政府對所屬機關評級的比例" -k 3 --format json > $(OUT)/search.json
	@mkdir -p $(OUT)/drafts && for f in examples/*.yaml; do \
		name=$$(basename $$f .yaml); \
		for ext in md docx odt; do KAOPING_HOME=$(OUT)/home $(BIN)/kaoping draft $$f --out $(OUT)/drafts/$$name.$$ext 2>/dev/null; done; \
	done
	@$(BIN)/kaoping score examples/central-ministry.yaml
	@echo ""
	@echo "結果在 $(OUT)/：scores/（各機關分數）、metrics/（批次表格拆出的指標檔）、ranking.md（首爾 S30/A50/B20 比例評等）、drafts/（自評報告草稿 .md／.docx／.odt）、review.md（敘述與資料不一致之審查意見）、search.json（文件庫檢索結果；文件庫在 $(OUT)/home）"
	@echo "Results are in $(OUT)/: scores/ (per agency), metrics/ (split from the batch table), ranking.md (Seoul S30/A50/B20 quota), drafts/ (self-evaluation drafts as .md/.docx/.odt), review.md (gaps between narrative and data), search.json (library search; the library is in $(OUT)/home)"
	@if [ "$(DEMO_UI)" != "0" ]; then \
		echo ""; \
		echo "考評介面 Kaoping UI: http://127.0.0.1:$(UI_PORT)  （本機單一使用者；Ctrl-C 結束 / Ctrl-C to stop）"; \
		KAOPING_HOME=$(OUT)/home $(BIN)/kaoping ui --local --host 127.0.0.1 --port $(UI_PORT); \
	fi

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n auto

test: lint typecheck unit

system-deps:
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(SYSTEM_PACKAGES)

clean:
	rm -rf $(OUT) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# README pictures of the UI (docs/screenshots/draft.png, review.png). Needs Debian's chromium
# and fonts-noto-cjk (make system-deps); Playwright drives /usr/bin/chromium, nothing is downloaded.
.PHONY: screenshots
screenshots: $(STAMP)
	$(BIN)/python ui/screenshots.py

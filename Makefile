# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo lint-demo test check docs docs-gen install bench clean chromium neovim vsix vendor-vconsole

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The wheelhouse lets the pre-commit hook test install minis-py into pre-commit's own env offline, and the GitHub
# Action's test install it with its audit extra (Playwright).
WHEELHOUSE := .cache/wheelhouse

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test,docs,server]'
	$(BIN)/python -m pip wheel --quiet --wheel-dir $(WHEELHOUSE) '.[audit]' hatchling
	touch $(STAMP)

install: $(STAMP)

# The main job: scaffold a demo Mini (once) and run it under `minis-py dev` with the mock TikTok.
# Open the printed Preview URL, click "Show my profile", Allow: the page shows the mock user the backend fetched.
DEMO_KEY ?= awdemo00000001
demo: $(STAMP)
	@[ -d demo ] || $(BIN)/minis-py init demo --yes --client-key $(DEMO_KEY)
	$(BIN)/minis-py dev demo

# The checks on the two example projects (one clean, one showing many rules).
lint-demo: $(STAMP)
	@echo "== examples/clean-mini (expect: no findings)"
	$(BIN)/minis-py lint examples/clean-mini --output-format full
	@echo
	@echo "== examples/broken-mini (expect: many findings)"
	@$(BIN)/minis-py lint examples/broken-mini --output-format full || echo "(minis-py exited $$? because of the findings, as expected)"

# The browser tests drive Debian's Chromium (never a downloaded browser); install it when missing.
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing Debian's chromium with apt (for the browser tests)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

# The editor test drives Debian's Neovim (headless, its built-in LSP client on `minis-py server`); install it when missing.
neovim:
	@if ! command -v nvim >/dev/null; then \
	  echo "installing Debian's neovim with apt (for the editor test)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq neovim >/dev/null; \
	fi

# The VS Code extension (editors/vscode/) as dist/minis-py-<version>.vsix, with @vscode/vsce from npm (node_modules under .cache/).
vsix:
	$(BIN)/python editors/vscode/build.py --out dist

# Style and types (pyproject.toml: [tool.ruff], [tool.mypy]); `make test`, and so CI, runs it first.
check: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The docs site (mkdocs.yml) into site/, with --strict: a broken link, anchor or a page outside the nav fails it.
# First the pages' generated parts (rule pages, tables, options, counts) are checked against the code: `make docs-gen` writes them.
docs: $(STAMP)
	$(BIN)/python docs/docgen.py --check
	$(BIN)/mkdocs build --strict --quiet

docs-gen: $(STAMP)
	$(BIN)/python docs/docgen.py

# pytest exits 5 when it collects nothing: that is a broken suite, so it fails here with a clear line.
test: $(STAMP) chromium neovim check docs
	@$(BIN)/python -m pytest -q -p no:cacheprovider; status=$$?; \
	if [ $$status -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$status

bench: $(STAMP)
	@command -v wrk >/dev/null || { if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python bench/lint_bench.py
	$(BIN)/python bench/mock_bench.py
	$(BIN)/python bench/dev_bench.py
	$(BIN)/python bench/server_bench.py

# vConsole for pages that load TikTok's copy (minis_cli/mock/vendor/vconsole/README.md): the npm package, pinned.
VCONSOLE_VERSION ?= 3.15.1
vendor-vconsole:
	rm -rf .cache/vconsole && mkdir -p .cache/vconsole
	cd .cache/vconsole && npm pack --silent vconsole@$(VCONSOLE_VERSION) && tar xzf vconsole-$(VCONSOLE_VERSION).tgz && sha256sum vconsole-$(VCONSOLE_VERSION).tgz
	cp .cache/vconsole/package/dist/vconsole.min.js .cache/vconsole/package/LICENSE minis_cli/mock/vendor/vconsole/

clean:
	rm -rf $(VENV) .pytest_cache .minis-cache .minis/cache dist build demo .pytest-artifacts .cache site

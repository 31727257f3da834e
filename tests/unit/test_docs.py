"""The docs hold to the code (issue 32 item 5; issue 28: the README once said 58 rules when there were 66). Their
generated parts (the rule pages, the tables, each command's options, every count) are what docs/docgen.py makes from
the code today; the README stays a front page whose links resolve; every option a command page explains is one the
command has; every command has a page; the architecture page names every module and package. `make docs` then builds
the site with --strict, which checks the links between pages."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"


def docgen() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docgen", ROOT / "docs" / "docgen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_generated_parts_are_what_the_code_makes_today() -> None:
    changed, orphans = docgen().stale()
    stale = sorted(str(p.relative_to(ROOT)) for p in [*changed, *orphans])
    assert not stale, f"stale (regenerate with `make docs-gen`): {', '.join(stale)}"


def test_a_generated_block_is_rewritten_and_an_unknown_one_refused() -> None:
    gen = docgen()
    text = "<!-- gen:count rules -->1<!-- /gen:count --> rules\n\n<!-- gen:cli rule -->\nold\n<!-- /gen:cli -->\n"
    out = gen.render_blocks(text, "docs/x.md")
    assert out.startswith(f"<!-- gen:count rules -->{len(gen.rules())}<!-- /gen:count --> rules")
    assert "minis-py rule [OPTIONS]" in out and "old" not in out and out.endswith("\n\n<!-- /gen:cli -->\n")
    try:
        gen.render_blocks("<!-- gen:nope -->x<!-- /gen:nope -->", "docs/x.md")
    except KeyError as error:
        assert "nope" in str(error)
    else:
        raise AssertionError("an unknown block was accepted")


def test_the_readme_is_a_front_page() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 300, f"README.md has {len(lines)} lines: move the detail into docs/"


def test_relative_links_in_the_readme_resolve() -> None:
    text = README.read_text(encoding="utf-8")
    targets = [t for t in re.findall(r"\]\(([^)\s#]+)(?:#[^)]*)?\)", text) if "://" not in t]
    assert targets
    for target in targets:
        assert (ROOT / target).exists(), f"README.md links to {target}, which does not exist"


def test_every_command_has_a_page_with_its_generated_options() -> None:
    gen = docgen()
    for path, _ in gen.commands():
        page = ROOT / gen.command_page(path)
        assert page.exists(), f"`minis-py {' '.join(path)}` has no page: write {page.relative_to(ROOT)}"
        assert f"<!-- gen:cli {' '.join(path)} -->" in page.read_text(encoding="utf-8"), f"{page.name} lacks its options block"


def test_every_option_a_command_page_explains_is_one_the_command_has() -> None:
    gen = docgen()
    pages: dict[str, set[str]] = {}
    for path, command in gen.commands():
        names = pages.setdefault(gen.command_page(path), set())
        names.update(o for p in command.params for o in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ())))
    global_options = {o for p in gen.cli_root().params for o in p.opts} | {"-h", "--help"}
    for page, names in pages.items():
        rows = [line for line in (ROOT / page).read_text(encoding="utf-8").splitlines() if line.startswith("| `-")]
        named = {flag for row in rows for flag in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", row.split("|")[1])}
        assert named <= names | global_options, f"{page} explains options its command does not have: {sorted(named - names - global_options)}"


def test_the_architecture_page_names_every_module_and_package() -> None:
    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "minis_cli"
    names = [p.name for p in package.glob("*.py") if p.name != "__init__.py"]
    names += [f"{p.name}/" for p in package.iterdir() if (p / "__init__.py").exists()]
    names += [f"{p.name}/" for sub in ("lint", "mock") for p in (package / sub).iterdir() if (p / "__init__.py").exists()]
    missing = [name for name in names if name not in page]
    assert not missing, f"docs/architecture.md does not name {', '.join(missing)}: add each to the layout and its layer"

"""Counted nouns (issue 28): "1 warning", "2 errors", never "error(s)", "1 warnings" or "0 fixable with --fix"."""

from __future__ import annotations

import json
import re
from pathlib import Path

from minis_cli.wording import noun, plural

SOURCES = Path(__file__).resolve().parents[2] / "minis_cli"


def test_plural() -> None:
    assert [plural(n, "error") for n in (0, 1, 2)] == ["0 errors", "1 error", "2 errors"]
    assert plural(1, "fix") == "1 fix" and plural(3, "fix") == "3 fixes" and plural(2, "empty file") == "2 empty files"
    assert noun(1, "blocks", "block") == "blocks" and noun(2, "blocks", "block") == "block"


def test_no_message_in_the_tree_counts_by_hand() -> None:
    """Every count minis-py prints goes through wording.plural: no "(s)", no inline `'s' if n != 1`."""
    by_hand = re.compile(r"""(?<![\w.])(?!https?\(|wss?\()[a-z]{4,}\(s\)|[a-z]\(es\)|['"]e?s['"] if \w""")
    found = [
        f"{path.relative_to(SOURCES)}:{number}: {line.strip()}"
        for path in sorted(SOURCES.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if by_hand.search(line) and "wording" not in path.name
    ]
    assert found == []


def test_lint_and_fix_summaries_count_in_words(cli, make_project) -> None:
    root = make_project({"package.json": json.dumps({"name": "x", "devDependencies": {"vite": "^5"}})})
    run = cli("lint", "--output-format", "concise", cwd=root)
    summary = run.stdout.rstrip().splitlines()[-1]
    assert summary == "1 fixable with --fix --unsafe-fixes (none with --fix alone)", run.stdout  # not "0 fixable with --fix"
    fixed = cli("lint", "--fix", "--unsafe-fixes", cwd=root)
    assert "Fixed 1 finding in 1 file." in fixed.stderr, fixed.stderr
    (root / "episode.html").write_text("<!doctype html><video src='/ep1.mp4'></video>")
    # a page of the Vite build (one at the root that is no build input is never shipped: no runtime rule reads it)
    (root / "vite.config.js").write_text("export default { build: { rollupOptions: { input: ['index.html', 'episode.html'] } } };\n")
    over = cli("lint", "--max-warnings", "0", cwd=root)
    assert "minis-py: 1 warning, more than --max-warnings 0" in over.stderr, over.stderr

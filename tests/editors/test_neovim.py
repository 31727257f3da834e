"""Issue 34: a real editor. Debian's Neovim, headless, with its built-in LSP client on `minis-py server`: open a file,
see the finding, pick its fix from the code action menu, see the finding cleared (tests/editors/neovim_test.lua).
`make test` installs neovim with apt when it is missing (`make neovim`); here it is a failure in CI, a skip elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from minis_cli.lint.model import Example
from minis_cli.lint.rules import example_files

pytestmark = pytest.mark.editor
SCRIPT = Path(__file__).with_name("neovim_test.lua")
WRONG_KEY = "awwrong123456"


def neovim() -> str:
    found = shutil.which("nvim")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nvim is missing: `make test` installs Debian's neovim first (make neovim)")
        pytest.skip("nvim is not installed (make neovim)")
    return found


def test_neovim_shows_the_finding_applies_its_fix_and_the_finding_goes(tmp_path: Path) -> None:
    nvim = neovim()
    root = tmp_path / "app"
    for path, content in example_files(Example({})).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content if isinstance(content, bytes) else content.encode())
    page = root / "index.html"
    page.write_text(page.read_text().replace('"awexample123"', f'"{WRONG_KEY}"'))
    out = tmp_path / "result.json"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_STATE_HOME": str(tmp_path / "state"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "MINIS_PYTHON": sys.executable,
        "MINIS_ROOT": str(root),
        "MINIS_FILE": str(page),
        "MINIS_RULE": "MN104",
        "MINIS_NVIM_OUT": str(out),
    }
    from minis_cli.localstate import STATE_DIR_ENV

    if STATE_DIR_ENV in os.environ:
        env[STATE_DIR_ENV] = os.environ[STATE_DIR_ENV]
    done = subprocess.run(
        [nvim, "--headless", "-u", "NONE", "-i", "NONE", "-n", "-c", f"luafile {SCRIPT}"],
        env=env,
        cwd=root,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
    )
    assert out.exists(), f"nvim wrote nothing (exit {done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}"
    result = json.loads(out.read_text())
    assert "error" not in result, result
    (finding,) = result["diagnostics"]
    assert finding["code"] == "MN104" and finding["source"] == "minis-py" and WRONG_KEY in finding["message"]
    assert finding["href"].endswith("/docs/rules/MN104.md")
    line = page.read_text().splitlines()[finding["lnum"]]
    assert line[finding["col"] : finding["end_col"]] == f'"{WRONG_KEY}"'
    assert "MN104 client-key-mismatch" in result["hover"]
    assert any(title.startswith("Fix MN104") for title in result["titles"])
    assert any(title.startswith("Ignore MN104 on this line") for title in result["titles"])
    assert result["cleared"] is True, result
    assert '"awexample123"' in result["text"] and WRONG_KEY not in result["text"]

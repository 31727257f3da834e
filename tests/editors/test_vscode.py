"""Issue 34: the VS Code extension (editors/vscode/) packaged into a .vsix with @vscode/vsce from the npm registry, as
`make vsix` does (editors/vscode/build.py; node_modules cached under .cache/). What is in the package: the client,
its manifest with minis-py's version, vscode-languageclient; each setting it declares is one the server reads."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from minis_cli import __version__
from minis_cli.server.session import Settings, read_settings

pytestmark = pytest.mark.editor
EXTENSION = Path(__file__).resolve().parents[2] / "editors" / "vscode"


def needs_npm() -> None:
    if shutil.which("npm") is None or shutil.which("node") is None:
        if os.environ.get("CI"):
            pytest.fail("Node.js and npm are needed to package the VS Code extension")
        pytest.skip("Node.js and npm are not installed")


def test_the_extension_is_packaged_into_a_vsix(tmp_path: Path) -> None:
    needs_npm()
    done = subprocess.run([sys.executable, str(EXTENSION / "build.py"), "--out", str(tmp_path)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    vsix = tmp_path / f"minis-py-{__version__}.vsix"
    assert vsix.is_file()
    with zipfile.ZipFile(vsix) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("extension/package.json"))
        client = archive.read("extension/extension.js").decode()
        vsixmanifest = archive.read("extension.vsixmanifest").decode()
    assert "extension/node_modules/vscode-languageclient/node.js" in names
    assert not any(name.endswith(("build.py", ".vsix")) for name in names)
    assert manifest["version"] == __version__ and manifest["main"] == "./extension.js"
    assert f'Version="{__version__}"' in vsixmanifest
    assert "args: ['server']" in client and "vscode-languageclient/node" in client
    assert subprocess.run(["node", "--check", str(EXTENSION / "extension.js")]).returncode == 0


def test_every_setting_the_extension_declares_is_one_the_server_reads() -> None:
    manifest = json.loads((EXTENSION / "package.json").read_text())
    properties = manifest["contributes"]["configuration"]["properties"]
    client_only = {"minis-py.path", "minis-py.trace.server"}
    defaults = {key.removeprefix("minis-py."): spec["default"] for key, spec in properties.items() if key not in client_only}
    settings, problems = read_settings({"minis-py": defaults}, Settings())
    assert problems == [] and settings == Settings()  # VS Code sends every default: they mean "not set"
    chosen = {"select": ["MN1"], "ignore": ["MN408"], "clientKey": "awkey", "unsafeFixes": True, "ruleDocsUrl": "https://d.example/{id}", "debounce": 50}
    assert set(chosen) == set(defaults)
    settings, problems = read_settings({"minis-py": chosen}, Settings())
    assert problems == []
    assert settings == Settings(("MN1",), ("MN408",), "awkey", True, "https://d.example/{id}", 50)
    assert manifest["version"] == __version__

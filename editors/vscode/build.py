"""Package the VS Code extension into a .vsix with @vscode/vsce from the npm registry (`make vsix`, and the editor test).

    python editors/vscode/build.py [--out DIR]     # default: dist/minis-py-<version>.vsix

The extension's files are copied to .cache/vscode-extension/, its dependencies installed there from
package-lock.json (npm ci, production only; kept between runs while the lock file is the same), and vsce (pinned,
installed once into .cache/vsce/) packages them: nothing is written into editors/vscode/.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CACHE = REPO / ".cache"
VSCE_VERSION = "3.9.2"  # the last line of vsce that runs on Node.js 20 (4.x needs 22)
FILES = ("package.json", "package-lock.json", "extension.js", "README.md", "LICENSE", ".vscodeignore")
NPM = ["npm", "--no-audit", "--no-fund", "--loglevel=error"]


def version() -> str:
    """minis-py's version: the extension's must be the same."""
    found = re.search(r'__version__ = "([^"]+)"', (REPO / "minis_cli" / "__init__.py").read_text())
    assert found is not None
    return found.group(1)


def vsce() -> Path:
    tools = CACHE / "vsce"
    binary = tools / "node_modules" / ".bin" / "vsce"
    installed = tools / "node_modules" / "@vscode" / "vsce" / "package.json"
    if not binary.exists() or json.loads(installed.read_text()).get("version") != VSCE_VERSION:
        tools.mkdir(parents=True, exist_ok=True)
        subprocess.run([*NPM, "install", "--prefix", str(tools), f"@vscode/vsce@{VSCE_VERSION}"], check=True)
    return binary


def package(out: Path) -> Path:
    manifest = json.loads((HERE / "package.json").read_text())
    if manifest["version"] != version():
        raise SystemExit(f"editors/vscode/package.json says {manifest['version']}, minis-py is {version()}: make them the same")
    work = CACHE / "vscode-extension"
    work.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copy2(HERE / name, work / name)
    lock = hashlib.sha256((HERE / "package-lock.json").read_bytes()).hexdigest()
    stamp = work / "node_modules" / ".minis-lock"
    if not stamp.exists() or stamp.read_text() != lock:
        subprocess.run([*NPM, "ci", "--omit=dev"], cwd=work, check=True)
        stamp.write_text(lock)
    out.mkdir(parents=True, exist_ok=True)
    target = out.resolve() / f"{manifest['name']}-{manifest['version']}.vsix"
    subprocess.run([str(vsce()), "package", "--out", str(target)], cwd=work, check=True, stdin=subprocess.DEVNULL)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "dist")
    print(package(parser.parse_args().out))


if __name__ == "__main__":
    main()

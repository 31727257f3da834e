"""init: render a template into a new project, atomically (a temp folder beside the target, then a rename)."""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import ExitCode, MinisError
from .paths import templates_dir

TEMPLATES = ("drama", "game")
SHARED = "shared"  # files every template gets (the backend, its tests, the store)
TEMPLATE_SUFFIX = ".j2"
# Shared files a template does without: a native game has no page (no src/ page scripts, styles or icons, no
# front-end build, no static file server to test); its own game.js, src/ and tests take their place.
SHARED_SKIPPED = {"game": ("src/", "scripts/build.js", "test/static.test.js")}
_NPM_NAME = re.compile(r"^(?:@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$")


# init's staging folder beside the target, `.NAME.minis-init-<pid>-<host>-<random>` (minis_cli.tempfiles)
STAGING_PREFIX = r"\..+\.minis-init-"


class InitRefused(MinisError):
    exit_code = ExitCode.FINDINGS


@dataclass(frozen=True)
class InitRequest:
    directory: Path
    template: str
    client_key: str
    name: str
    force: bool = False
    dev_port: int = 3000
    ad_unit_id: str = "mock-rewarded-1"  # the game template's rewarded ad (the mock serves any id)


@dataclass
class InitResult:
    directory: Path
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # existing files --force kept


def npm_name(directory_name: str) -> str:
    """A valid npm package name from a folder name, or a MinisError saying why there is none."""
    name = directory_name.strip().lower()
    name = re.sub(r"[^a-z0-9._~-]+", "-", name).strip("-._")
    if not name or not _NPM_NAME.match(name) or len(name) > 214:
        raise MinisError(f"cannot make an npm package name from '{directory_name}'", "Pass one with --name, e.g. --name my-mini.")
    return name


def check_name(name: str) -> str:
    if not _NPM_NAME.match(name) or len(name) > 214 or name.startswith((".", "_")):
        raise MinisError(f"'{name}' is not a valid npm package name", "Use lower case letters, digits and '-', e.g. my-mini.")
    return name


def check_client_key(key: str) -> str:
    key = key.strip()
    if not re.fullmatch(r"[A-Za-z0-9_.-]{4,128}", key):
        raise MinisError(f"'{key}' does not look like a client key", "Copy it from your app's page on the TikTok developer portal (letters and digits).")
    return key


def render_files(request: InitRequest) -> dict[str, bytes]:
    """Every file of the new project, rendered: the template's own files over the shared ones."""
    from jinja2 import Environment, StrictUndefined

    base = templates_dir()
    if request.template not in TEMPLATES or not (base / request.template).is_dir():
        raise MinisError(f"unknown template '{request.template}'", f"Use one of: {', '.join(TEMPLATES)}.")
    env = Environment(keep_trailing_newline=True, undefined=StrictUndefined, autoescape=False)
    context = {
        "name": request.name,
        "client_key": request.client_key,
        "template": request.template,
        "dev_port": request.dev_port,
        "minis_py_version": __version__,
        "ad_unit_id": request.ad_unit_id,
    }
    files: dict[str, bytes] = {}
    for folder in (base / SHARED, base / request.template):
        for path in sorted(folder.rglob("*")):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            relative = path.relative_to(folder).as_posix()
            if folder.name == SHARED and relative.startswith(SHARED_SKIPPED.get(request.template, ())):
                continue
            if relative.endswith(TEMPLATE_SUFFIX):
                relative = relative[: -len(TEMPLATE_SUFFIX)]
                files[relative] = env.from_string(path.read_text(encoding="utf-8")).render(context).encode("utf-8")
            else:
                files[relative] = path.read_bytes()
    # dotfiles travel as "dot-name" (npm and some tools drop real dotfiles from packages)
    files = {re.sub(r"(^|/)dot-", r"\1.", name): content for name, content in files.items()}
    files.update(local_state_files())
    return files


def local_state_files() -> dict[str, bytes]:
    """.minis/: this machine's state, never committed. minis-py.json records the minis-py that created the
    project, so its scripts and tests find it when it is not on PATH (scripts/minis-py.js)."""
    record = {"command": [sys.executable, "-m", "minis_cli"], "version": __version__}
    return {
        ".minis/.gitignore": b"# created by minis-py: local state, never committed\n*\n",
        ".minis/minis-py.json": (json.dumps(record, indent=2) + "\n").encode(),
    }


def is_empty_dir(path: Path) -> bool:
    return path.is_dir() and not any(path.iterdir())


def init_project(request: InitRequest) -> InitResult:
    """Write the project. A non-empty folder is refused (nothing written) unless --force, which adds the
    missing files and never deletes or overwrites one."""
    target = request.directory
    if target.exists() and not target.is_dir():
        raise InitRefused(f"{target} exists and is not a folder", "Choose another name for the project folder.")
    if target.is_dir() and not is_empty_dir(target) and not request.force:
        raise InitRefused(f"{target} is not empty; nothing was written", "Choose an empty or new folder, or pass --force to add only the missing files.")
    files = render_files(request)
    target.parent.mkdir(parents=True, exist_ok=True)
    from .tempfiles import clean_stale, make_dir

    clean_stale(target.parent, STAGING_PREFIX, "", folders=True)  # what an interrupted init left
    staging = make_dir(target.parent, f".{target.name}.minis-init-")  # the usual mode (0777 less the umask)
    result = InitResult(target)
    try:
        for relative, content in files.items():
            path = staging / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        if not target.exists() or is_empty_dir(target):
            if target.exists():
                target.rmdir()
            os.rename(staging, target)  # the whole project appears at once
            result.written = sorted(files)
            return result
        for relative in sorted(files):  # --force into a non-empty folder: file by file, never overwriting
            destination = target / relative
            if destination.exists():
                result.skipped.append(relative)
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, destination)
            result.written.append(relative)
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)

"""The dev script a project without one gets: its framework's dev server, else Python's static server. `init
--existing` adds it to package.json, and so does MN003's fix when the dependencies make the command obvious."""

from __future__ import annotations

import json
from pathlib import Path

from .fixes import Edit, member_edit
from .project import PACKAGE_JSON, Project

DEV_PORT = 3000


def dev_command(project: Project) -> str:
    """A dev script for a project that has none: its framework's dev server, else Python's static server
    (minis-py runs on Python, so it is there)."""
    deps: dict[str, object] = {}
    document = project.package_json.document if project.package_json else None
    for section in ("dependencies", "devDependencies"):
        value = document.get((section,)) if document is not None else None
        if isinstance(value, dict):
            deps.update(value)
    if "vite" in deps:
        return f"vite --port {DEV_PORT}"
    if "next" in deps:
        return f"next dev -p {DEV_PORT}"
    if "react-scripts" in deps:
        return "react-scripts start"
    if "@vue/cli-service" in deps:
        return f"vue-cli-service serve --port {DEV_PORT}"
    folder = str(Path(project.entry_html).parent.as_posix()) if "/" in project.entry_html else "."
    return f"python3 -m http.server {DEV_PORT} --bind 127.0.0.1" + (f" --directory {folder}" if folder != "." else "")


def dev_script_edit(project: Project, obvious_only: bool = False) -> tuple[Edit, str] | None:
    """The edit adding a "dev" script to package.json and its command (`init --existing`, and MN003's fix, which
    takes only a command the dependencies make obvious: not the static-server fallback). An empty or non-string
    "dev" is replaced and a null "scripts" becomes an object, never a second key of the same name; "scripts"
    holding anything else has no edit (None)."""
    file = project.package_json
    if file is None or file.document is None:
        return None
    command = dev_command(project)
    if obvious_only and command.startswith("python3 -m http.server"):
        return None
    text = project.read(PACKAGE_JSON).text or ""
    scripts = file.document.get(("scripts",))
    if isinstance(scripts, dict):
        return member_edit(text, file.document, ("scripts",), "dev", json.dumps(command)), command
    if file.document.has(("scripts",)) and scripts is not None:
        return None
    if file.document.value_range(()) is None or not isinstance(file.document.value, dict):
        return None
    return member_edit(text, file.document, (), "scripts", json.dumps({"dev": command})), command

"""init --existing: adopt a project someone already has, as TikTok's `minis init` does, changing only what
must change (minis.config.json, the entry page's SDK tag and init call, a dev script when there is none),
keeping each file's formatting, and showing the diff. Everything is computed before anything is written."""

from __future__ import annotations

import difflib
import json
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .config import CONFIG_FILENAME
from .devscript import DEV_PORT, dev_command, dev_script_edit
from .errors import ExitCode, MinisError
from .fixes import TEMP_SUFFIX, apply_edits, apply_member, insert_member
from .kinds import ENGINE_GAME, MINI, NATIVE_GAME
from .project import GAMES_CONFIG, PACKAGE_JSON, PROJECT_CONFIG, Project
from .scaffold import check_client_key, npm_name
from .source.files import read_text
from .source.page import build_page, loads_sdk
from .source.sdk import init_calls, placeholder_key, sdk_insertion
from .targets import hbuilderx_refusal, library_refusal, mini_program_refusal
from .tempfiles import clean_stale, make_file


class AdoptRefused(MinisError):
    exit_code = ExitCode.FINDINGS


@dataclass
class Change:
    path: str
    before: str | None  # None: a new file
    after: str
    why: str

    def diff(self, shown: str | None = None) -> str:
        """The change as a unified diff; ``shown``: the path as the user sees it (from their folder), else
        the path in the project. A path outside the folder (``../``) is given whole, with no ``a/``/``b/``."""
        path = shown or self.path
        whole = path.startswith("../") or path == ".." or os.path.isabs(path) or re.match(r"[A-Za-z]:[\\/]|\\\\", path) is not None
        old, new = (path, path) if whole else (f"a/{path}", f"b/{path}")
        lines = difflib.unified_diff(
            (self.before or "").splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=old if self.before is not None else "/dev/null",
            tofile=new,
        )
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


@dataclass
class AdoptPlan:
    root: Path
    kind: str
    client_key: str
    changes: list[Change] = field(default_factory=list)


def plan_adoption(root: Path, client_key: str | None) -> AdoptPlan:
    """What adopting ``root`` changes; raises AdoptRefused (nothing written) when it cannot be done safely."""
    if not root.is_dir():
        raise AdoptRefused(f"{root} is not a folder", "Pass the folder of the project to adopt.")
    project = Project(root)
    for file in (project.package_json, project.config_file, project.games_config_file, project.project_config_file):
        if file is not None and file.error is not None:
            raise AdoptRefused(f"{file.path}:{file.error.line}:{file.error.column}: {file.error.message}; nothing was written", "Fix the JSON first.")
    if project.mini_program is not None and not project.is_native_game and project.config_file is None and project.games_config_file is None:
        message, hint = mini_program_refusal(project.mini_program)
        raise AdoptRefused(f"{message}; nothing was written", hint)
    if project.is_library:  # an SDK other projects import: its page and config belong to them
        message, hint = library_refusal(project.library)  # type: ignore[arg-type]
        raise AdoptRefused(f"{message}; nothing was written", hint)
    if project.hbuilderx_targets is not None and not loads_sdk(project):
        # serving its source would serve .vue files no browser runs: HBuilderX compiles it (held-out round 35)
        message, hint = hbuilderx_refusal(project.hbuilderx_targets)
        raise AdoptRefused(f"{message}; nothing was written", hint)
    key = _client_key(project, client_key)
    if project.is_native_game:
        return _adopt_native_game(project, key)
    if project.engine is not None:
        return _adopt_engine_project(project, key)
    if project.package_json is None and not project.has_entry_html:
        raise AdoptRefused(
            f"{root} has neither package.json nor an entry page ({project.entry_html}); nothing was written",
            "Run it in the project's folder, or start a new one with `minis-py init DIR`.",
        )
    plan = AdoptPlan(root, MINI.name, key)  # a legacy HTML game too: its page gets the tag and init as a Mini's
    page = _page_change(project, key)
    if page is not None:
        plan.changes.append(page)
    package = _package_change(project)
    if package is not None:
        plan.changes.append(package)
    config = _config_change(project, key, package)
    if config is not None:
        plan.changes.append(config)
    return plan


def _client_key(project: Project, given: str | None) -> str:

    if given:
        key = check_client_key(given)
        literal = project.init_call_client_key()
        if literal is not None and literal.value != key:
            raise AdoptRefused(
                f"{project.entry_html} already initialises the SDK with '{literal.value}', not '{key}'; nothing was written",
                f"Pass --client-key {literal.value}, or fix the page's init call first.",
            )
        return key
    expected = project.expected_client_key(init_call=True)  # what the project already has, the init call's literal included
    if expected is not None:
        return expected.value
    raise MinisError("--client-key is required: the project has no client key yet", "Pass your app's client key: minis-py init --existing --client-key <key>.")


# --- the entry page ---------------------------------------------------------------------------------


def _page_change(project: Project, key: str) -> Change | None:

    entry = project.entry_html
    if not project.has_entry_html:
        raise AdoptRefused(
            "no entry page: none of index.html, public/index.html, src/index.html exists (or build.htmlEntry); nothing was written",
            "Point build.htmlEntry in minis.config.json at your page (for Next.js: its static export), then run this again.",
        )
    text = project.read(entry).text
    if text is None:
        raise AdoptRefused(f"{entry} cannot be read; nothing was written", "Fix its permissions or encoding (UTF-8).")
    page = build_page(project)
    has_sdk = page is not None and any(ps.is_sdk for ps in page.scripts)
    has_init = page is not None and bool(init_calls(page))
    if has_sdk and has_init:
        return None  # a placeholder key in it is MN105's to mend (`lint --fix`): adopting only inserts

    edit = sdk_insertion(text, not has_sdk, None if has_init else key)  # the code lint --fix uses (MN101, MN102)
    if edit is None:
        raise AdoptRefused(f"{entry} has no <head> to put the SDK tag in; nothing was written", "Add <head></head> to the page, then run this again.")
    new = apply_edits(text, [edit])
    what = " and ".join(w for w, needed in (("the SDK tag", not has_sdk), ("TTMinis.init", not has_init)) if needed)
    return Change(entry, text, new, f"{what} after <head>")


# --- package.json -------------------------------------------------------------------------------------


def _package_change(project: Project) -> Change | None:
    file = project.package_json
    if file is None:
        name = _npm_name(project.root.name)
        content = json.dumps({"name": name, "private": True, "scripts": {"dev": dev_command(project)}}, indent=2) + "\n"
        return Change(PACKAGE_JSON, None, content, "a package.json with a dev script (minis-py dev runs it)")
    document = file.document
    assert document is not None
    scripts = document.get(("scripts",))
    if isinstance(scripts, dict) and any(isinstance(scripts.get(n), str) and scripts[n].strip() for n in ("dev", "start")):
        return None
    if document.has(("scripts",)) and not isinstance(scripts, dict) and scripts is not None:
        raise AdoptRefused(
            f'{PACKAGE_JSON}: "scripts" is {_json_kind(scripts)}, not an object; nothing was written',
            'Make it an object, e.g. "scripts": { "dev": "vite" }, then run this again.',
        )
    text = project.read(PACKAGE_JSON).text or ""
    found = dev_script_edit(project)
    if found is None:
        raise AdoptRefused(f"{PACKAGE_JSON} is not a JSON object; nothing was written", 'Fix it first: it holds { "name": ..., "scripts": { ... } }.')

    if isinstance(scripts, dict) and "dev" in scripts:
        why = f'a "dev" script ({found[1]}): its "dev" was {_json_kind(scripts["dev"])}'
    elif scripts is None and document.has(("scripts",)):
        why = f'a "dev" script ({found[1]}): "scripts" was null'
    else:
        why = f'a "dev" script ({found[1]}): it had neither dev nor start'
    return Change(PACKAGE_JSON, text, apply_edits(text, [found[0]]), why)


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return "an empty string" if not value.strip() else "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "an array" if isinstance(value, list) else "an object"


def _npm_name(folder: str) -> str:

    try:
        return npm_name(folder)
    except MinisError:
        return "my-mini"


# --- minis.config.json / project.config.json -------------------------------------------------------------


def _config_change(project: Project, key: str, package: Change | None) -> Change | None:
    file, name = project.config_file, CONFIG_FILENAME
    if file is None and project.games_config_file is not None:
        file, name = project.games_config_file, GAMES_CONFIG  # a games-CLI project keeps its key in minigame.config.json
    has_key = any(isinstance(k.value, str) and not placeholder_key(k.value) for k in project.configured_keys())
    if file is None:
        port = _dev_port(project, package)
        config: dict[str, object] = {"dev": {"clientKey": key, "port": port}}
        build: dict[str, str] = {}
        output = _output_dir(project)
        if output:
            build["outputDir"] = output
        if project.entry_html != "index.html":
            build["htmlEntry"] = project.entry_html
        if build:
            config["build"] = build
        content = json.dumps(config, indent=2) + "\n"
        return Change(CONFIG_FILENAME, None, content, "minis.config.json with dev.clientKey (where TikTok's CLIs read it) and dev.port")
    if has_key:
        return None
    assert file.document is not None
    text = project.read(name).text or ""
    dev = file.document.get(("dev",))
    if isinstance(dev, dict):
        had = dev.get("clientKey")
        new = apply_member(text, file.document, ("dev",), "clientKey", json.dumps(key))
        if "clientKey" in dev:
            return Change(name, text, new, f"dev.clientKey (where TikTok's CLIs read it) in place of {json.dumps(had)}")
        return Change(name, text, new, "dev.clientKey (where TikTok's CLIs read it)")
    if file.document.has(("dev",)) and dev is not None:
        raise AdoptRefused(
            f'{name}: "dev" is {_json_kind(dev)}, not an object; nothing was written',
            f'Make it an object, e.g. "dev": {{ "clientKey": "{key}" }}, then run this again.',
        )
    new = apply_member(text, file.document, (), "dev", json.dumps({"clientKey": key}))
    return Change(name, text, new, "dev.clientKey (where TikTok's CLIs read it)")


def _output_dir(project: Project) -> str | None:
    """Where the project's own build writes, when its tooling says (Vite and Vue CLI: dist/, CRA: build/)."""
    document = project.package_json.document if project.package_json else None
    deps: dict[str, object] = {}
    for section in ("dependencies", "devDependencies"):
        value = document.get((section,)) if document is not None else None
        if isinstance(value, dict):
            deps.update(value)
    if "vite" in deps or "@vue/cli-service" in deps or any(project.exists(f"vite.config.{e}") for e in ("js", "ts", "mjs", "mts")):
        return "dist"
    if "react-scripts" in deps:
        return "build"
    return None


def _dev_port(project: Project, package: Change | None) -> int:
    if package is not None:
        match = re.search(r"(?:--port |-p |http\.server )(\d+)", package.after)
        if match:
            return int(match.group(1))
    script = project.dev_script()
    found = project.script_port(script) if script else None
    return found[0] if found else DEV_PORT


def _adopt_native_game(project: Project, key: str, label: str = "") -> AdoptPlan:
    """The appid in the game's project.config.json (`label`: the folder the package is in, for the messages)."""
    plan = AdoptPlan(project.root, NATIVE_GAME.name, key)
    file = project.project_config_file or project.devtools_project_file  # the devtools' project above, naming this its root
    if file is None:
        plan.changes.append(Change(PROJECT_CONFIG, None, json.dumps({"appid": key}, indent=2) + "\n", "project.config.json with the game's appid"))
        return plan
    assert file.document is not None
    appid = file.document.get(("appid",))
    if isinstance(appid, str) and appid.strip() and not placeholder_key(appid):
        if appid.strip() != key:  # another app's key: which is right is the developer's call, as for a page's init call
            shown = posixpath.normpath(posixpath.join(label, file.path)) if label else file.path
            raise AdoptRefused(
                f"{shown} already has the appid '{appid}', not '{key}'; nothing was written",
                f"Pass --client-key {appid}, or change the appid in {shown} first.",
            )
        return plan
    text = (project.read(PROJECT_CONFIG) if file.path == PROJECT_CONFIG else read_text(project.root / file.path)).text or ""
    found = file.document.value_range(("appid",))
    if found is not None:
        start, end = found
        new = text[:start] + json.dumps(key) + text[end:]
    else:
        new = insert_member(text, file.document, (), "appid", json.dumps(key))
    plan.changes.append(Change(file.path, text, new, "the game's appid"))
    return plan


def _adopt_engine_project(project: Project, key: str) -> AdoptPlan:
    """An engine's source project is adopted as its build target needs: the appid in the mini-game build's
    project.config.json (the package TikTok's tools read), and, for an engine with build templates (Cocos Creator's
    build-templates/<target>/, copied into every build), the same file there, so a rebuild keeps it. Never an npm dev
    script, minis.config.json or a page: the engine builds the package."""
    engine = project.engine
    assert engine is not None
    if engine.output is None:
        why, fix = engine.missing_build
        raise AdoptRefused(f"{why}; nothing was written", fix)
    plan = AdoptPlan(project.root, ENGINE_GAME.name, key)
    built = Project(engine.output)
    if built.project_config_file is not None and built.project_config_file.error is not None:
        error = built.project_config_file.error
        raise AdoptRefused(f"{engine.label()}/{PROJECT_CONFIG}:{error.line}:{error.column}: {error.message}; nothing was written", "Fix the JSON first.")
    label = engine.label()
    for change in _adopt_native_game(built, key, label).changes:
        path = posixpath.normpath(f"{label}/{change.path}")  # the build's own file, or the project's devtools file naming it
        where = f"in {engine.engine.name}'s build" if path.startswith(f"{label}/") else f"in the devtools project that names {label}/ its root"
        plan.changes.append(Change(path, change.before, change.after, f"{change.why}, {where}"))
    folder = engine.template_folder()
    if built.project_config_file is None and built.devtools_project_file is not None:
        folder = None  # the build's project file is the devtools project above it: no build of the engine writes one to template
    if folder is not None:
        template = Project(project.root / folder)
        if template.project_config_file is not None:
            if template.project_config_file.error is not None:
                error = template.project_config_file.error
                raise AdoptRefused(f"{folder}/{PROJECT_CONFIG}:{error.line}:{error.column}: {error.message}; nothing was written", "Fix the JSON first.")
            changes = _adopt_native_game(template, key).changes
        else:  # the build's own file, with the appid: whether the engine copies or merges it, the next build keeps it
            text = plan.changes[0].after if plan.changes else built.read(PROJECT_CONFIG).text or ""
            changes = [Change(PROJECT_CONFIG, None, text, "the game's appid")] if text.strip() else []
        for change in changes:
            why = f"{change.why}, in the build template {engine.engine.name} copies into each build"
            plan.changes.append(Change(f"{folder}/{change.path}", change.before, change.after, why))
    return plan


def apply(plan: AdoptPlan) -> None:
    """Write every change: each file through a temp file and a rename, all prepared before any is replaced (a
    full disk or a read-only folder leaves every file as it was). A new file gets the usual mode (0666 less
    the umask), a changed one keeps its own."""

    staged: list[tuple[Path, Path]] = []
    try:
        for change in plan.changes:
            target = plan.root / change.path
            target.parent.mkdir(parents=True, exist_ok=True)  # an engine's build-template folder may not exist yet
            clean_stale(target.parent, re.escape(f".{target.name}."), TEMP_SUFFIX)
            handle, temp = make_file(target.parent, f".{target.name}.", TEMP_SUFFIX)
            staged.append((temp, target))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(change.after)
            if target.exists():
                os.chmod(temp, target.stat().st_mode & 0o7777)
        for temp, target in staged:
            os.replace(temp, target)
    finally:
        for temp, _ in staged:
            if temp.exists():
                temp.unlink()

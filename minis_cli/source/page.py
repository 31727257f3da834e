"""The page: the entry HTML's scripts in order, each with its code (inline, or the local file and the modules
it imports), and how a module specifier resolves to a project file. Page rules (Scope.PAGE) read it; `dev`
and `init --existing` build it too."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from ..lint.context import PageContext, PageScript
from ..project import Project
from ..tiktok import is_absolute_url, sdk_kind
from .html import scan_html
from .modules import load_module_graph, resolve_import

if TYPE_CHECKING:
    from .javascript import Script


def build_page(project: Project, expected: object) -> PageContext | None:
    """The entry HTML's scripts in order, each with its code (inline, or the local file and its imports)."""
    from .javascript import Script

    path = project.entry_html
    if project.is_native_runtime or not project.exists(path):
        return None  # a native game has no page: game.js is checked file by file (an engine's source: its scripts)
    text = project.read(path).text
    if text is None:
        return None
    html = scan_html(text)
    env = dict(project.env_files)
    scripts: list[PageScript] = []
    seen: set[str] = set()
    for order, element in enumerate(html.scripts()):
        src = element.get("src")
        page_script = PageScript(element, order, src, None)
        if src is not None:
            page_script.is_sdk = sdk_kind(src) is not None
            if not page_script.is_sdk and not is_absolute_url(src):
                local = resolve_local(project, path, src)
                page_script.local_path = local
                if local is not None:
                    page_script.code.extend(load_module_graph(project, local, seen))
        elif html.is_js_script(element) and element.content_end > element.content_start:
            inline = Script(text[element.content_start : element.content_end], "js", element.content_start, html.index, path)
            page_script.code.append(inline)
            if page_script.is_module:
                for spec, _ in inline.imports:
                    local = resolve_import(project, path, spec)
                    if local is not None:
                        page_script.code.extend(load_module_graph(project, local, seen))
        scripts.append(page_script)
    _share_sdk_aliases(project, [script for ps in scripts for script in ps.code])
    return PageContext(project, expected, path, html, scripts, env)  # type: ignore[arg-type]


def _share_sdk_aliases(project: Project, scripts: list[Script]) -> None:
    """`export const sdk = window.TTMinis` in one module, `import { sdk } from './sdk'` in another: the
    importer's `sdk.init(...)` is TTMinis.init. Followed until nothing changes (re-exports chain)."""
    from .modules import adopted_names
    from .sdkrefs import Dispatcher, exported_dispatchers

    by_path: dict[str, list[Script]] = {}
    for script in scripts:
        by_path.setdefault(script.path, []).append(script)
    for _ in range(5):
        changed = False
        for script in scripts:
            adopted: dict[str, str] = {}
            dispatchers: dict[str, Dispatcher] = {}
            for spec, exported, local in script.imported_names():
                target = resolve_import(project, script.path, spec)
                for provider in by_path.get(target or "", ()):
                    # the name, a function returning the SDK (`getSdk().pay(...)`), an object's member (`minis.sdk`), a
                    # dispatch wrapper (`callSdk('pay', ...)`): issue 30
                    adopted.update(adopted_names(provider.exported_sdk_aliases(), exported, local))
                    dispatchers.update(adopted_names(exported_dispatchers(provider), exported, local))
            if adopted and any(script.sdk_aliases.get(k) != v for k, v in adopted.items()):
                script.adopt_aliases(adopted)
                changed = True
            if dispatchers and any(script.sdk_dispatchers.get(k) != v for k, v in dispatchers.items()):
                script.adopt_dispatchers(dispatchers)
                changed = True
        if not changed:
            return


def resolve_local(project: Project, html_path: str, src: str) -> str | None:
    """A <script src> to a project file: root-relative (Vite; in the build folder for a page in it), relative to the
    HTML, or under public/."""
    clean = src.split("?", 1)[0].split("#", 1)[0]
    if not clean:
        return None
    candidates = []
    if clean.startswith("/"):
        output = (project.config.output_dir or "").strip("/").removeprefix("./")
        if output and output != "." and html_path.startswith(output + "/"):
            candidates.append(f"{output}/{clean.lstrip('/')}")  # a build's page (Next.js's out/): its folder is the site's root
        candidates += [clean.lstrip("/"), "public/" + clean.lstrip("/")]
    else:
        candidates.append(posixpath.normpath(posixpath.join(posixpath.dirname(html_path), clean)))
    for candidate in candidates:
        if not candidate.startswith("..") and project.exists(candidate):
            return candidate
    return None

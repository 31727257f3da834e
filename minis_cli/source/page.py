"""The page: the entry HTML's scripts in order, each with its code (inline, or the local file and the modules
it imports). The page rules (Scope.PAGE) read it as lint's PageContext; the client-key resolver and `init --existing`
read it too."""

from __future__ import annotations

import posixpath
from typing import Protocol

from ..config import MinisConfig
from ..records import field, record
from ..tiktok import is_absolute_url, sdk_kind
from .files import Files
from .html import Element, HtmlDocument, scan_html
from .javascript import Script
from .modules import adopted_names, load_module_graph, resolve_import
from .sdkrefs import Dispatcher, exported_dispatchers


class PageProject(Files, Protocol):
    """What a page is read from: the project's files, where its entry page is, its .env files (project.Project)."""

    @property
    def entry_html(self) -> str: ...

    @property
    def is_native_runtime(self) -> bool: ...

    @property
    def config(self) -> MinisConfig: ...

    @property
    def env_files(self) -> dict[str, str]: ...

    def env_source(self, name: str) -> str | None: ...


@record
class PageScript:
    """A <script> element of the entry HTML, in document order, with what it runs."""

    element: Element
    order: int  # document order among the page's scripts
    src: str | None
    local_path: str | None  # the project file an `src` resolves to
    code: list[Script] = field(default_factory=list)  # inline code, or the file and what it imports
    is_sdk: bool = False

    @property
    def is_module(self) -> bool:
        return (self.element.get("type") or "").strip().lower() == "module"

    @property
    def is_async(self) -> bool:
        return (self.element.has("async") and self.src is not None) or (self.is_module and self.element.has("async"))

    @property
    def is_deferred(self) -> bool:
        return self.is_module or (self.src is not None and self.element.has("defer"))

    @property
    def execution_key(self) -> tuple[int, int]:
        """When it runs: classic scripts in document order, then deferred/module ones, async last."""
        if self.is_async:
            return (2, self.order)
        if self.is_deferred:
            return (1, self.order)
        return (0, self.order)


@record
class Page:
    """The entry HTML and the code it runs: the scripts in order, and the local files they load."""

    project: PageProject
    path: str
    html: HtmlDocument
    scripts: list[PageScript]
    env: dict[str, str]  # Vite env: .env files in precedence, for %VITE_X% and import.meta.env

    @property
    def code(self) -> list[tuple[PageScript, Script]]:
        return [(page_script, script) for page_script in self.scripts for script in page_script.code]


def build_page(project: PageProject) -> Page | None:
    """The entry HTML's scripts in order, each with its code (inline, or the local file and its imports)."""
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
    return Page(project, path, html, scripts, env)


def _share_sdk_aliases(project: PageProject, scripts: list[Script]) -> None:
    """`export const sdk = window.TTMinis` in one module, `import { sdk } from './sdk'` in another: the
    importer's `sdk.init(...)` is TTMinis.init. Followed until nothing changes (re-exports chain)."""
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


def resolve_local(project: PageProject, html_path: str, src: str) -> str | None:
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


def loads_sdk(project: PageProject) -> bool:
    """The project's entry page loads the Minis SDK: a Mini (or one on its way), however else it looks (dev's and
    init --existing's refusals of an unadopted multi-target or HBuilderX project ask)."""
    page = build_page(project)
    return page is not None and any(script.is_sdk for script in page.scripts)

"""What a rule's check() is given: the project, the page, or one file, and how it reports a finding."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..kinds import BY_NAME
from ..positions import LineIndex, Span
from ..project import ExpectedClientKey, Project
from ..records import record
from ..source.html import HtmlDocument, scan_html
from ..source.javascript import Script, scripts_in
from ..source.modules import imported_aliases
from ..source.page import Page, build_page
from ..source.syntax import GAME_NAMESPACES, Call, dialect_for
from .model import Severity


@record(frozen=True)
class Finding:
    """What a check yields; the engine turns it into a Diagnostic with the rule's id and defaults."""

    span: Span | None
    message: str
    hint: str | None = None
    severity: Severity | None = None
    path: str | None = None  # defaults to the file (or page, or project file) being checked
    autofix: Any = None  # a fixes.Fix: the edits that mend it (lint --fix), in its file unless the Fix names one


def _games_namespace_call(call: Call) -> bool:
    """A call on `tt.` or `wx.` (or the global object's), which the reader takes for TTMinis.game's: in a Mini's
    WebView no SDK of TikTok's answers to those names (TikTok Minis expose window.TTMinis; its games SDK answers to tt
    and wx in games), so such a call is another platform's (a uni-app or Taro page's Douyin code: held-out round 35)."""
    if not call.callee.startswith("TTMinis.game."):
        return False
    written = re.sub(r"^(?:window|globalThis|self|GameGlobal)\.", "", call.written or call.callee)
    return written.split(".", 1)[0] in GAME_NAMESPACES  # (not a name the code gave `window.TTMinis.game`: `this.tt`)


_OWN_CLASS = re.compile(r"(?<![\w$.])(?:class|function)[ \t]+TTMinis\b")
_IMPORTED = re.compile(r"""import[ \t]*(?:\{[^}]*?\bTTMinis\b[^}]*\}|TTMinis)[ \t]*from[ \t]*['"](\.{1,2}/[^'"\r\n]+)['"]""")


def _own_ttminis(script: Script, root: str | None) -> bool:
    """The code's own class (or function) named TTMinis, declared here or imported from a project module that declares
    it (a Cocos component `export class TTMinis extends Component` wrapping `tt`: held-out round 36): its
    `TTMinis.ensureInitialized()` is that class's, not the SDK's."""
    text = script.text
    if _OWN_CLASS.search(text):
        return True
    match = _IMPORTED.search(text)
    if match is None or root is None:
        return False
    from ..source.modules import _Files, resolve_import  # start-up: only a file importing a TTMinis of its own asks

    files = _Files(root)
    found = resolve_import(files, script.path, match.group(1))
    return found is not None and bool(_OWN_CLASS.search(files.read(found).text or ""))


def _written_on(script: Script, call: Call, name: str) -> bool:
    """The call is written on the bare name (`TTMinis.x()`, not `window.TTMinis.x()`, which is the global's)."""
    callee = call.node.child_by_field_name("function")
    return callee is not None and re.match(rf"{name}\s*(?:\?\.|\.)", script.source(callee)) is not None


@record
class ProjectContext:
    project: Project
    expected: ExpectedClientKey | None
    page: Callable[[], PageContext | None] = lambda: None  # the entry page, built on first use

    def client_key(self) -> ExpectedClientKey | None:
        """The one resolver's whole answer: `expected`, else the key the page's init call passes (its last step, from
        the page the engine built)."""
        return self.expected if self.expected is not None else self.project.init_call_client_key(self.page())


@record
class PageContext(Page):
    """The page as a page rule sees it: the page, the project it belongs to, and the key its init calls must pass."""

    project: Project
    expected: ExpectedClientKey | None = None


def page_context(project: Project, expected: ExpectedClientKey | None) -> PageContext | None:
    """The project's entry page for the page rules (None: it has none)."""
    page = build_page(project)
    return None if page is None else PageContext(project, page.path, page.html, page.scripts, page.env, expected)


class FileContext:
    """One front-end file: its HTML (if any) and every script in it, parsed on first use."""

    def __init__(
        self,
        path: str,
        text: str,
        secrets: tuple[str, ...] = (),
        trusted_domains: tuple[str, ...] = (),
        read_problem: str | None = None,
        problem_offset: int | None = None,
        kind: str = "mini",
        proxy_prefixes: tuple[tuple[str, str], ...] = (),
        root: str | None = None,
    ) -> None:
        self.path = path
        self.text = text
        self.secrets = secrets
        self.trusted_domains = trusted_domains
        self.read_problem = read_problem
        self.kind = kind  # Project.kind (minis_cli/kinds.py)
        self.proxy_prefixes = proxy_prefixes  # (path prefix, where it is set): only a dev proxy answers them
        self.problem_offset = problem_offset
        self.is_html = path.lower().endswith((".html", ".htm", ".vue", ".svelte"))  # markup with <script> blocks
        self.html: HtmlDocument | None = scan_html(text) if self.is_html else None
        self._dialect = dialect_for(path)
        self._scripts: list[Script] | None = None
        self.lower: list[str] = []  # [text.lower()] once computed (ascii_lower); shared with the prefilter's index
        # Set by the engine's prefilter: inline scripts this does not match are not parsed.
        self.focus: Callable[[int, int], bool] | None = None
        self.root = root  # the project folder: the SDK names this file imports are looked up there
        self.sdk_modules: tuple[str, ...] = ()  # the project modules whose SDK names this file's checks used

    def ascii_lower(self) -> str | None:
        """The text lower-cased, if it is ASCII (then every offset is kept); None otherwise. Computed once."""
        if not self.text.isascii():
            return None
        if not self.lower:
            self.lower.append(self.text.lower())
        return self.lower[0]

    def script_ranges(self) -> list[tuple[int, int]]:
        """The offsets of the page's inline JS <script> contents (what scripts_in parses)."""
        if self.html is None:
            return [(0, len(self.text))]
        return [
            (e.content_start, e.content_end)
            for e in self.html.scripts()
            if e.get("src") is None and self.html.is_js_script(e) and e.content_end > e.content_start
        ]

    @property
    def is_game(self) -> bool:
        return BY_NAME[self.kind].game

    @property
    def native_runtime(self) -> bool:
        """Code for TikTok's native runtime: a native game's, or an engine's source project's game scripts."""
        return BY_NAME[self.kind].native_runtime

    @property
    def index(self) -> LineIndex:
        if self.html is not None:
            return self.html.index
        if self._scripts:
            return self._scripts[0].host_index
        self._index = getattr(self, "_index", None) or LineIndex(self.text)
        return self._index

    @property
    def parsed_scripts(self) -> list[Script]:
        """The scripts parsed so far (by a rule that read `scripts`, or to tell the file's side); parses nothing."""
        return self._scripts or []

    @property
    def scripts(self) -> list[Script]:
        """The file's JavaScript: the file itself, or each inline JS <script> of an HTML file."""
        if self._scripts is None:
            if self.html is None:
                script = Script(self.text, self._dialect, path=self.path)
                self._scripts = [script, *script.embedded]  # and SDK code in strings a page runs (Next.js __html)
            else:
                self._scripts = scripts_in(self.path, self.text, self.focus, self.html)
            if self.root is not None:
                self._adopt_imported_sdk_names(self._scripts)
            if not self.is_game:
                for script in self._scripts:  # (a Mini's page has no tt: the games SDK answers to it in games only)
                    script.calls = [call for call in script.calls if not _games_namespace_call(call)]
            for script in self._scripts:
                if b"TTMinis" in script.data and _own_ttminis(script, self.root):
                    script.calls = [call for call in script.calls if not _written_on(script, call, "TTMinis")]
        return self._scripts

    def _adopt_imported_sdk_names(self, scripts: list[Script]) -> None:
        """`import { getSdk } from './tiktok'`: the SDK's names from the project's other modules (issue 30)."""
        modules: list[str] = []
        for script in scripts:
            aliases, dispatchers, used = imported_aliases(self.root or "", script)
            if aliases:
                script.adopt_aliases(aliases)
            if dispatchers:
                script.adopt_dispatchers(dispatchers)
            modules += [m for m in used if m not in modules]
        self.sdk_modules = tuple(modules)

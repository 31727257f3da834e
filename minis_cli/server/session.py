"""What the language server knows and does, without the protocol: the editor's settings, a lint of one project
root with the open buffers laid over the files on disk, its findings redacted and grouped by file, and what an
editor asks of a finding (its fix, a suppression comment, its rule explained, every fix of a file at once).

The lint is `minis-py lint`'s own (engine.run) with the open buffers as the project's overlays, the same seam as
`lint - --stdin-filename`: the same answers on the same content. A root keeps its results in a MemoryCache between
runs (by content digest, as the CLI's cache file), so a re-check after an edit parses the edited file and little else.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from ..config import CONFIG_FILENAME
from ..errors import ConfigError, UsageError
from ..fixes import SAFE, Fix
from ..lint.cache import ResultCache
from ..lint.model import Diagnostic, LintOptions, Rule
from ..positions import LineIndex, Span
from ..project import GAMES_CONFIG, PACKAGE_JSON, PROJECT_CONFIG, Project
from ..records import field, record
from ..source.files import language_of
from ..source.html import scan_html

SECTION = "minis-py"  # the settings' section (workspace/configuration) and the code action kind's suffix
FIX_ALL_KIND = "source.fixAll.minis-py"
CONFIG_NAMES = frozenset({CONFIG_FILENAME, GAMES_CONFIG, PROJECT_CONFIG, PACKAGE_JSON, "game.json"})
# The rule pages (docs/rules/MNxxx.md) where the project's repository shows them (mkdocs.yml's repo_url); a team
# serving the docs site sets rule-docs-url to its own address, e.g. "https://docs.example.com/rules/{id}/".
DEFAULT_RULE_DOCS_URL = "https://github.com/minis-py/minis-py/blob/main/docs/rules/{id}.md"
DEFAULT_DEBOUNCE_MS = 150
# The settings' names: the CLI's flags without their dashes (select, ignore, client-key, unsafe-fixes); camelCase
# spellings as editors' settings usually have them (VS Code's minis-py.clientKey) are the same settings.
ALIASES = {
    "clientKey": "client-key",
    "client_key": "client-key",
    "unsafeFixes": "unsafe-fixes",
    "unsafe_fixes": "unsafe-fixes",
    "ruleDocsUrl": "rule-docs-url",
    "rule_docs_url": "rule-docs-url",
}
KNOWN = ("select", "ignore", "client-key", "unsafe-fixes", "rule-docs-url", "debounce")
IGNORED_KEYS = frozenset({"trace", "path", "enable", "args"})  # the editor client's own (VS Code: minis-py.trace.server, .path)


# The files an engine project's whole-project findings point at (engines.py's markers: Cocos Creator 2's project.json,
# LayaAir's <name>.laya, Egret's egretProperties.json, Unity's ProjectSettings/ProjectVersion.txt): handled so that an
# editor showing one shows what lint says of the project there (MN504, MN509 on a Unity game).
ENGINE_MARKER_NAMES = frozenset({"project.json", "egretProperties.json", "ProjectVersion.txt", "creator.d.ts"})


def handled(path: Path | str) -> bool:
    """A file the server lints: HTML, JS/TS/JSX/TSX, Vue, Svelte, the config files, .env files, an engine project's marker."""
    name = Path(path).name
    return language_of(name) is not None or name in CONFIG_NAMES or name.startswith(".env") or name in ENGINE_MARKER_NAMES or name.endswith(".laya")


class Superseded(Exception):
    """The run's buffers changed while it ran: its answers would be stale."""


@record(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None  # replaces package.json's select, as --select
    ignore: tuple[str, ...] = ()  # added to package.json's ignore, as --ignore
    client_key: str | None = None  # as --client-key
    unsafe_fixes: bool = False  # fix-all applies the unsafe fixes too (each is offered on its own either way)
    rule_docs_url: str = DEFAULT_RULE_DOCS_URL  # "{id}" is the rule's id
    debounce: int = DEFAULT_DEBOUNCE_MS  # ms after the last edit before a re-check


def read_settings(raw: object, base: Settings) -> tuple[Settings, list[str]]:
    """The editor's settings (initializationOptions, or workspace/configuration's "minis-py" section) over `base`;
    and what was wrong in them, one line each (that setting is left as it was)."""
    if not isinstance(raw, Mapping):
        return base, ([] if raw is None else [f"the {SECTION} settings must be an object, not {type(raw).__name__}"])
    if isinstance(raw.get(SECTION), Mapping):
        raw = raw[SECTION]
    assert isinstance(raw, Mapping)
    values: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in raw.items():
        name = ALIASES.get(key, key)
        if name in IGNORED_KEYS or value is None or value == "" or value == []:
            continue  # not set (an editor's default: VS Code sends every setting it declares)
        if name not in KNOWN:
            problems.append(f"unknown setting '{key}' (known: {', '.join(KNOWN)})")
            continue
        try:
            values[name.replace("-", "_")] = _setting(name, value)
        except (UsageError, ValueError) as error:
            problems.append(f"setting '{key}': {error.message if isinstance(error, UsageError) else error}")
    from ..records import replace

    return replace(base, **values), problems


def _setting(name: str, value: object) -> object:
    from ..lint.settings import rule_selectors

    if name in ("select", "ignore"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise ValueError("must be a list of rule ids, or a comma-separated string")
        return rule_selectors(items, f"the editor's {name} setting")
    if name == "client-key":
        if not isinstance(value, str):
            raise ValueError("must be a string")
        return value.strip() or None
    if name == "unsafe-fixes":
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if name == "rule-docs-url":
        if not isinstance(value, str) or "{id}" not in value:
            raise ValueError('must be a URL with "{id}" where the rule id goes')
        return value
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10_000:
        raise ValueError("must be a number of milliseconds, 0 to 10000")
    return value


# --- the cache a root keeps between runs --------------------------------------------------------------------------


class MemoryCache(ResultCache):
    """ResultCache's lookups, kept in this process between runs instead of a file: what a run used or made is what
    the next run can find (the entries of files no longer checked are dropped), so memory stays flat over edits."""

    def __init__(self, root: Path) -> None:  # neither the file nor the user's key: nothing is read or written
        self.path = self.root = root
        self.notice = None
        self._key = None
        self._old: dict[str, Any] = {}
        self._new: dict[str, Any] = {}
        self._old_stats: dict[str, tuple[tuple[int, int, int, int] | None, str]] = {}
        self._new_stats: dict[str, tuple[tuple[int, int, int, int] | None, str]] = {}
        self._dirty = False

    def begin(self) -> None:
        """Before a run: what an unfinished run put is forgotten (what the last finished one kept stays)."""
        self._new, self._new_stats = {}, {}

    def save(self) -> None:
        """After a finished run: what it used or made is what the next run finds."""
        self._old, self._old_stats = self._new, self._new_stats
        self._new, self._new_stats = {}, {}

    def __len__(self) -> int:
        return len(self._old)


# --- one root's run ------------------------------------------------------------------------------------------------


@record
class RootResult:
    """A run over one project root: each overlaid file's findings (redacted as every report is), the texts they
    were found in, or why there are none (a configuration error the CLI would exit 2 for)."""

    root: Path
    texts: dict[str, str] = field(default_factory=dict)  # the overlays the run saw: path -> text
    findings: dict[str, list[Diagnostic]] = field(default_factory=dict)  # every overlaid path, [] when clean
    error: str | None = None


def lint_options(project: Project, settings: Settings, only: Iterable[str], use_cache: bool = True) -> LintOptions:
    """`minis-py lint`'s options for these files: package.json's settings with the editor's over them, as the CLI's
    flags go over them (select replaces, ignore adds). ConfigError for a malformed "minis-py" object."""
    from ..lint.settings import load_settings

    found = load_settings(project)
    return LintOptions(
        select=settings.select if settings.select is not None else found.select,
        ignore=found.ignore + settings.ignore,
        per_file_ignores=found.per_file_ignores,
        client_key=settings.client_key,
        only_paths=tuple(sorted(only)),
        use_cache=use_cache,
        jobs=1,  # never a fork from this process (its threads): the buffers of one root are a few files
    )


def lint_root(
    root: Path,
    overlays: Mapping[str, str],
    settings: Settings,
    cache: MemoryCache | None,
    environ: Mapping[str, str],
    stale: Callable[[], bool] = lambda: False,
) -> RootResult:
    """The findings in the open files of one project root; Superseded when `stale()` turns true meanwhile."""
    from ..lint.engine import run

    result = RootResult(root, dict(overlays), {path: [] for path in overlays})
    if not overlays:
        return result
    project = Project(root, overlays=dict(overlays), environ=environ)
    try:
        options = lint_options(project, settings, overlays, use_cache=cache is not None)
    except ConfigError as error:
        result.error = f"{error.message}" + (f" ({error.hint})" if error.hint else "")
        return result

    def progress(done: int, total: int) -> None:
        if stale():
            raise Superseded

    if cache is not None:
        cache.begin()
    linted = run(project, options, progress, cache)
    if stale():
        raise Superseded
    for diagnostic in redacted(project, linted.diagnostics, linted.secrets):
        result.findings.setdefault(diagnostic.path, []).append(diagnostic)
    return result


def redacted(project: Project, diagnostics: list[Diagnostic], secrets: Iterable[str]) -> list[Diagnostic]:
    """Every client secret masked in the messages and hints, as every report format masks them (report.Redactor)."""
    from ..lint.report import Redactor
    from ..records import replace

    redact = Redactor(secrets)
    for path in {d.path for d in diagnostics}:
        text = project.read(path).text if project.exists(path) else None
        if text:
            redact.learn(text)
    return [replace(d, message=redact(d.message), hint=redact(d.hint)) for d in diagnostics]


def fix_all(root: Path, overlays: Mapping[str, str], settings: Settings, path: str, environ: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """`lint --fix` on one file in memory (the safe fixes, the unsafe ones too with unsafe-fixes): each file it
    changes (the file itself, or another a fix names) -> (text before, text after). Nothing is written."""
    from ..lint.fixing import fix_project

    project = Project(root, overlays=dict(overlays), environ=environ)
    try:
        options = lint_options(project, settings, [path], use_cache=False)
    except ConfigError:
        return {}
    return dict(fix_project(project, options, settings.unsafe_fixes).files)


# --- positions -----------------------------------------------------------------------------------------------------


def units(text: str, encoding: str) -> int:
    """The length of `text` in the client's position units: UTF-16 code units (LSP's default), UTF-8 bytes or code points."""
    if text.isascii() or encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text) + sum(1 for c in text if ord(c) > 0xFFFF)


class Lines:
    """A text's lines, for positions in the client's units: (0-based line, character) from minis-py's 1-based
    line:column in code points, or from a character offset."""

    def __init__(self, text: str, encoding: str) -> None:
        self.index = LineIndex(text)
        self.encoding = encoding

    def position(self, line: int, column: int) -> tuple[int, int]:
        if line > self.index.line_count:
            return self.index.line_count - 1, units(self.index.line_text(self.index.line_count), self.encoding)
        text = self.index.line_text(line)
        return line - 1, units(text[: max(0, column - 1)], self.encoding)

    def at(self, offset: int) -> tuple[int, int]:
        return self.position(*self.index.position(offset))

    def span(self, span: Span | None) -> tuple[tuple[int, int], tuple[int, int]]:
        if span is None:  # a whole-file finding: the start of the file, as `lint` prints 1:1
            return (0, 0), (0, 0)
        return self.position(span.line, span.column), self.position(span.end_line, span.end_column)


def edits_of(fix: Fix, text: str, encoding: str) -> list[tuple[tuple[int, int], tuple[int, int], str]]:
    """A fix's edits as (start, end, new text), positions in the client's units."""
    lines = Lines(text, encoding)
    return [(lines.at(edit.start), lines.at(edit.end), edit.text) for edit in fix.edits]


def smallest_edit(before: str, after: str) -> tuple[int, int, str]:
    """One replacement that turns `before` into `after`: the changed middle only (offsets in `before`)."""
    start = 0
    limit = min(len(before), len(after))
    while start < limit and before[start] == after[start]:
        start += 1
    end_before, end_after = len(before), len(after)
    while end_before > start and end_after > start and before[end_before - 1] == after[end_after - 1]:
        end_before -= 1
        end_after -= 1
    return start, end_before, after[start:end_after]


# --- what an editor asks of a finding ------------------------------------------------------------------------------


def fix_title(fix: Fix, rule_id: str) -> str:
    if fix.applicability == SAFE:
        return f"Fix {rule_id}: {fix.message}"
    return f"Fix {rule_id}: {fix.message} (unsafe fix: review it)"


_SUPPRESSION = re.compile(r"minis-py:\s*ignore\b[ \t]*((?:MN\d{3}[\s,]*)*)", re.I)


def suppression_edit(path: str, text: str, line: int, rule_id: str) -> tuple[int, int, str] | None:
    """The edit (offsets, new text) that makes `minis-py: ignore RULE` cover a 1-based line: the id added to a
    suppression comment already covering it, else a comment of the file's kind on its own line above (it covers
    the next line: source.html.suppressions); None for a file with no comments (JSON)."""
    name = path.rsplit("/", 1)[-1].lower()
    if name.endswith(".json"):
        return None
    index = LineIndex(text)
    if not 1 <= line <= index.line_count:
        return None
    starts = [0]
    for _ in range(1, index.line_count):
        starts.append(text.index("\n", starts[-1]) + 1)
    own = index.line_text(line)
    above = index.line_text(line - 1) if line > 1 else ""
    for number, candidate in ((line, own), (line - 1, above)):
        match = _SUPPRESSION.search(candidate)
        if match is None or number < 1:
            continue
        before = candidate[: match.start()].strip()
        alone = before in ("", "//", "/*", "<!--", "{/*", "#")
        if (number == line and alone) or (number == line - 1 and not alone):
            continue  # that comment covers another line
        ids = match.group(1).rstrip(" \t,")
        if not ids:
            return None  # it covers every rule already
        at = starts[number - 1] + match.start(1) + len(ids)
        return at, at, f", {rule_id}"
    indent = own[: len(own) - len(own.lstrip())]
    comment = _comment(name, text, starts[line - 1], own, above, f"minis-py: ignore {rule_id}")
    at = starts[line - 1]
    newline = "\r\n" if text[at:].split("\n", 1)[0].endswith("\r") else "\n"
    return at, at, f"{indent}{comment}{newline}"


def _comment(name: str, text: str, offset: int, line: str, above: str, body: str) -> str:
    if name.startswith(".env"):
        return f"# {body}"
    if language_of(name) in ("html", "sfc"):
        inside = next((e.name for e in scan_html(text).elements if e.name in ("script", "style") and e.content_start <= offset < e.content_end), None)
        return {"script": f"// {body}", "style": f"/* {body} */"}.get(inside or "", f"<!-- {body} -->")
    if name.endswith((".jsx", ".tsx")) and line.lstrip().startswith("<") and above.rstrip().endswith(">"):
        return "{/* " + body + " */}"  # among a JSX element's children
    return f"// {body}"


def hover_markdown(rule: Rule, diagnostic: Diagnostic, url: str) -> str:
    """The rule explained, as `minis-py rule ID` does: what it finds, why, what to try, its fix, and its page."""
    parts = [f"**{rule.id} {rule.name}** ({diagnostic.severity.value})", diagnostic.message, rule.summary, f"**Why.** {rule.rationale}"]
    parts.append(f"**What to try.** {diagnostic.hint or rule.fix}")
    if rule.autofix != "none":
        flag = "`lint --fix`" if rule.autofix == SAFE else "`lint --fix --unsafe-fixes`"
        parts.append(f"**Fix** ({rule.autofix}, {flag}): {rule.autofix_note}")
    parts.append(f"Silence it on a line with `minis-py: ignore {rule.id}` in a comment. [{rule.id} in the docs]({url})")
    return "\n\n".join(parts)


def rule_url(template: str, rule_id: str) -> str:
    return template.replace("{id}", rule_id)

"""The check engine's data: severities, diagnostics, rules and their documented examples, and what a run is
asked (LintOptions) and answers (LintResult): the types rules, the engine and every report format share."""

from __future__ import annotations

import bisect
import enum
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from ..positions import Span
from ..records import field, record


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def letter(self) -> str:
        return "E" if self is Severity.ERROR else "W"


class Scope(enum.Enum):
    """What a rule's check() looks at."""

    PROJECT = "project"  # package.json, minis.config.json, the environment
    PAGE = "page"  # the entry HTML and the scripts it loads, in order
    FILE = "file"  # one file at a time (cacheable by content hash)


@record(frozen=True)
class Format:
    """A report format, declared by its module as `FORMAT` (lint/report/NAME.py; lint/formats.py collects them)."""

    name: str  # `--output-format NAME`, and the module lint/report/NAME.py
    summary: str
    machine: bool = False  # a document for tools: nothing else is written to stdout around it
    colour: bool = False  # coloured on a terminal (unless NO_COLOR)


@record(frozen=True)
class Diagnostic:
    """One finding: where, which rule, what, and what to try."""

    path: str
    span: Span | None
    rule_id: str
    message: str
    severity: Severity
    hint: str = ""
    autofix: Any = field(default=None, compare=False)  # a fixes.Fix (path set), or None

    @property
    def sort_key(self) -> tuple[str, Span, str, str]:
        """Report order: by file, then position (whole-file findings first), then rule."""
        return self.path, self.span or _FILE_START, self.rule_id, self.message


_FILE_START = Span(0, 0, 0, 0)


@record(frozen=True)
class Example:
    """A documented example project: files laid over the baseline project (None deletes a file)."""

    files: Mapping[str, str | bytes | None]
    client_key: str | None = None  # as --client-key
    environ: Mapping[str, str] = field(default_factory=dict)
    note: str = ""


class GeneratedFiles(Mapping):
    """An example's files where some are made on first read: a rule's example with a 4 MB asset would otherwise
    build it at every start of every command (~2 ms). Reads as the dict of every file."""

    def __init__(self, files: Mapping[str, str | bytes | None], generated: Mapping[str, Callable[[], str | bytes]]) -> None:
        self._files = dict(files)
        self._generated = dict(generated)

    def __getitem__(self, path: str) -> str | bytes | None:
        if path not in self._files and path in self._generated:
            self._files[path] = self._generated[path]()
        return self._files[path]

    def __iter__(self):
        return iter({**self._files, **dict.fromkeys(self._generated)})

    def __len__(self) -> int:
        return len(self._files.keys() | self._generated.keys())

    def __repr__(self) -> str:
        return repr(dict(self.items()))


@record(frozen=True)
class Rule:
    """A check and its documentation; `minis-py rule ID`, the rule pages (docs/rules/, made by docs/docgen.py) and SARIF render from this."""

    id: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    fix: str
    bad: Example
    good: Example
    scope: Scope
    check: Callable[..., Any] = field(compare=False, repr=False)
    # Necessary conditions, one of which must hold in a script's text for this rule to find anything in
    # it; never the detection itself (that is tree-sitter's). Scripts no selected rule's triggers match
    # are not parsed at all: the prefilter of the bulk path (see docs/performance.md: The lint).
    triggers: tuple[Trigger, ...] = ()
    # The call names (a plain callee, or a method's name: `eval`, `setItem`) whose calls the check reads from
    # Script.calls besides the SDK's own (TTMinis./tt./wx. calls are always there). The tree-sitter query
    # captures exactly the union of these (the engine hands them to javascript.capture_calls): a name no rule declares is
    # never captured.
    calls: tuple[str, ...] = ()
    # Whether the rule can fire at all with this file's settings (MN407 needs trustedDomains).
    active: Callable[[Any], bool] | None = field(default=None, compare=False, repr=False)
    # Whether it reads an HTML file's markup too (MN404, MN405, MN408, MN301); the others read only the
    # scripts, so in a page only the <script> ranges are searched for their triggers.
    markup: bool = False
    # What `lint --fix` can do: "safe", "unsafe" (only with --unsafe-fixes) or "none"; and why, in the docs.
    autofix: str = "none"
    autofix_note: str = ""
    # A check over the project as a whole besides the rule's own scope (a Unity project's C#, which no file check reads:
    # MN501, MN503); called with the ProjectContext, yielding Findings that name their files
    project_check: Callable[..., Any] | None = field(default=None, compare=False, repr=False)

    @property
    def family(self) -> str:
        return self.id[:3] + "xx"

    def triggered(self, text: str, start: int = 0, end: int | None = None) -> bool:
        """Whether this rule could find anything in text[start:end] (always, for a rule without triggers)."""
        return not self.triggers or any(t.found_in(text, start, end) for t in self.triggers)


_IDENTIFIER_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


@lru_cache(maxsize=64)
def _automaton(anchors: tuple[str, ...], ascii_text: bool = False) -> Any:
    """One Aho-Corasick automaton for a set of anchors (ahocorasick-rs: Rust's aho-corasick as a DFA): every
    occurrence of every anchor in one pass over the text, instead of one scan per anchor. For an ASCII text, the
    automaton over bytes (the text encoded, whose byte offsets are its character offsets): its str automaton
    spends about as long turning each match's byte offset into a character offset as finding the matches."""
    from ahocorasick_rs import AhoCorasick, BytesAhoCorasick, Implementation, MatchKind

    if ascii_text:
        return BytesAhoCorasick([a.encode("utf-8", "surrogatepass") for a in anchors], matchkind=MatchKind.Standard, implementation=Implementation.DFA)
    return AhoCorasick(anchors, matchkind=MatchKind.Standard, implementation=Implementation.DFA)


class AnchorIndex:
    """Where each trigger anchor occurs in one file's text, found once and shared by every rule and every inline
    script's range: `prepare` finds all the anchors the file's rules need in one pass (an Aho-Corasick
    automaton); an anchor not prepared is found alone (a literal-led regex for whole identifiers, str.find)."""

    __slots__ = ("_all", "_answers", "_found", "_lower", "ranges", "text")

    def __init__(self, text: str, ranges: list[tuple[int, int]] | None = None, lower: list[str] | None = None) -> None:
        self.text = text
        self.ranges = ranges  # only these parts of the text are searched (a page's scripts); None: all of it
        self._found: dict[tuple[str, bool], list[int]] = {}
        self._all: dict[str, list[int]] = {}  # anchor -> every occurrence's start (prepared)
        # The text lower-cased, computed once (an ASCII text keeps its offsets): a cell shared with the file's
        # FileContext.lower, so every case-insensitive check of the file lower-cases it at most once.
        self._lower: list[str] = lower if lower is not None else []
        # found_with's answers, (trigger, start, end) -> bool: rules that share a trigger ask once per range.
        self._answers: dict[tuple[Trigger, int, int], bool] = {}

    def contains_folded(self, needle: str, start: int, end: int) -> bool:
        """`needle in text[start:end].lower()` (needle lower-cased): an ASCII text is lower-cased once for every
        trigger and range, since its lower-casing keeps every offset; any other text slice by slice. When the
        one pass (`prepare`) looked for every ASCII case variant of the needle over the whole text (an ASCII text
        with ranges None), their occurrences answer without lower-casing or scanning the text at all."""
        text = self.text
        if not text.isascii():
            return needle in text[start:end].lower()
        if self.ranges is None:
            variants = case_variants(needle)
            if variants and all(v in self._all for v in variants):
                size = len(needle)
                for variant in variants:
                    positions = self._all[variant]
                    i = bisect.bisect_left(positions, start)
                    if i < len(positions) and positions[i] + size <= end:
                        return True
                return False
        if not self._lower:
            self._lower.append(text.lower())
        return self._lower[0].find(needle, start, end) != -1

    def prepare(self, anchors: Iterable[str]) -> None:
        wanted = frozenset(a for a in anchors if a and a not in self._all)
        if not wanted:
            return
        order = tuple(sorted(wanted))
        lists: list[list[int]] = [[] for _ in order]
        text = self.text
        ascii_text = text.isascii()
        automaton = _automaton(order, ascii_text)
        for start, end in self.ranges if self.ranges is not None else ((0, len(text)),):
            if end > start:
                piece = text if start == 0 and end == len(text) else text[start:end]
                part: str | bytes = piece.encode("ascii") if ascii_text else piece
                # (anchor number, start, end) of every occurrence, overlapping ones included, in order of their end
                for number, position, _ in automaton.find_matches_as_indexes(part, overlapping=True):
                    lists[number].append(position + start)
        for anchor, positions in zip(order, lists):
            positions.sort()  # by start: an anchor's occurrences came in order of their end, the same order
            self._all[anchor] = positions

    def may_contain(self, anchor: str) -> bool:
        """False when a pass over this index's text found no occurrence of the anchor (then no trigger on it can
        match); True when it found some, or when the anchor was not part of the pass."""
        found = self._all.get(anchor)
        return found is None or bool(found)

    def prepare_within(self, whole: AnchorIndex) -> None:
        """This index's occurrences (its ranges of the same text) taken from `whole`'s, with no second pass."""
        assert self.ranges is not None and whole.text is self.text
        ranges = sorted(self.ranges)  # a page's script elements: a few ranges, apart from one another
        for anchor, every in whole._all.items():
            if anchor in self._all:
                continue
            size, inside = len(anchor), []
            for start, end in ranges if every else ():  # the occurrences that start and end inside a range: one slice each
                low = bisect.bisect_left(every, start)
                inside += every[low : bisect.bisect_right(every, end - size, low)]
            self._all[anchor] = inside

    def positions(self, anchor: str, word: bool) -> list[int]:
        key = (anchor, word)
        found = self._found.get(key)
        if found is None and anchor in self._all:
            every = self._all[anchor]
            found = every if not word else self._words(anchor, every)
            self._found[key] = found
        if found is None:
            found = []
            text = self.text
            for start, end in self.ranges if self.ranges is not None else ((0, len(text)),):
                if word:
                    found += [m.start() for m in _word_pattern(re.escape(anchor)).finditer(text, start, end)]
                else:
                    position = text.find(anchor, start, end)
                    while position != -1:
                        found.append(position)
                        position = text.find(anchor, position + 1, end)
            self._found[key] = found
        return found

    def _words(self, anchor: str, every: list[int]) -> list[int]:
        """The occurrences that are whole identifiers, as _word_pattern decides: no identifier character just
        before (looking past a range's start, as a regex's lookbehind does) or just after (within the range)."""
        text, size, ident = self.text, len(anchor), _IDENTIFIER_CHARS
        ends = [end for _, end in self.ranges] if self.ranges is not None else [len(text)]
        starts = [start for start, _ in self.ranges] if self.ranges is not None else [0]
        out = []
        for position in every:
            if position > 0 and text[position - 1] in ident:
                continue
            after = position + size
            limit = ends[bisect.bisect_right(starts, position) - 1]
            if after < limit and text[after] in ident:
                continue
            out.append(position)
        return out


@lru_cache(maxsize=64)
def case_variants(needle: str) -> tuple[str, ...]:
    """Every ASCII upper/lower-case spelling of a lower-case ASCII needle (what an ASCII text's lower() maps onto
    it); () when the needle is not lower-case ASCII or has more than 8 letters (2**8 spellings at most)."""
    if not needle or not needle.isascii() or needle != needle.lower() or sum(c.isalpha() for c in needle) > 8:
        return ()
    spellings = [""]
    for c in needle:
        spellings = [s + v for s in spellings for v in ((c, c.upper()) if c.isalpha() else (c,))]
    return tuple(spellings)


@lru_cache(maxsize=512)
def _word_pattern(escaped: str) -> re.Pattern[str]:
    return re.compile(f"{escaped}(?<![A-Za-z0-9_$]{escaped})(?![A-Za-z0-9_$])")


@record(frozen=True)
class Trigger:
    """Text a finding needs: the anchor (found with str.find, at C speed), then optionally a regex that
    must match right after it (for example `=` after `location.href`, allowing comments between)."""

    anchor: str
    then: str = ""
    word: bool = True  # the anchor is a whole identifier, not part of a longer one
    ignore_case: bool = False

    def __hash__(self) -> int:
        # Computed once: the engine's sets and found_with's answers hash each trigger many times a file.
        cached: int | None = self.__dict__.get("_hash")
        if cached is None:
            cached = self.__dict__["_hash"] = hash((self.anchor, self.then, self.word, self.ignore_case))
        return cached

    def __getstate__(self) -> dict[str, Any]:
        # A string's hash differs between processes: a pickled trigger recomputes its own.
        return {k: v for k, v in self.__dict__.items() if k != "_hash"}

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        """A whole-identifier anchor (and what must follow it) as one regex: the literal comes first, so the
        regex engine scans for it at C speed, and the look-behind after it rules out a longer identifier, so
        short anchors (`tt`, `wx`) cost no Python loop over their every occurrence."""
        if not self.word and not self.then:
            return None
        anchor = re.escape(self.anchor)
        word = f"(?<![A-Za-z0-9_$]{anchor})(?![A-Za-z0-9_$])" if self.word else ""
        follow = f"(?:{self.then})" if self.then else ""
        return re.compile(anchor + word + follow, re.I if self.ignore_case else 0)

    def found_with(self, index: AnchorIndex, start: int = 0, end: int | None = None) -> bool:
        """found_in, with the anchor's occurrences looked up once per file (every rule and every inline
        script's range then reuses them)."""
        text = index.text
        end = len(text) if end is None else end
        key = (self, start, end)
        answer = index._answers.get(key)
        if answer is None:
            answer = index._answers[key] = self._found_with(index, text, start, end)
        return answer

    def _found_with(self, index: AnchorIndex, text: str, start: int, end: int) -> bool:
        if self.ignore_case:
            if self.word or self.then:
                return self.found_in(text, start, end)
            return index.contains_folded(self.anchor.lower(), start, end)
        positions = index.positions(self.anchor, self.word)
        size = len(self.anchor)
        follow = self._follow
        for position in positions[bisect.bisect_left(positions, start) :]:
            if position + size > end:
                return False
            if follow is None or follow.match(text, position + size, end):
                return True
        return False

    @cached_property
    def _follow(self) -> re.Pattern[str] | None:
        return re.compile(self.then) if self.then else None

    def found_in(self, text: str, start: int = 0, end: int | None = None) -> bool:
        end = len(text) if end is None else end
        pattern = self._pattern
        if pattern is not None:
            return pattern.search(text, start, end) is not None
        if self.ignore_case:
            return self.anchor.lower() in text[start:end].lower()
        return text.find(self.anchor, start, end) != -1


# --- a run: what it is asked and what it answers ----------------------------------------------------


@record(frozen=True)
class LintOptions:
    """What to check and how; built by `minis-py lint`, `dev`'s pre-flight and `init`'s self-check."""

    select: tuple[str, ...] | None = None  # rule ids or prefixes (MN1, MN10...); None: every rule
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    client_key: str | None = None
    only_paths: tuple[str, ...] | None = None  # report only these files/folders (relative posix; "" = all)
    jobs: int | None = None
    use_cache: bool = True
    prefilter: bool = True  # skip parsing scripts no selected rule's triggers match (same findings, faster)

    def selects(self, rule_id: str) -> bool:
        chosen = self.select is None or any(rule_id.startswith(prefix) for prefix in self.select)
        return chosen and not any(rule_id.startswith(prefix) for prefix in self.ignore)


@record(frozen=True)
class FileReport:
    """A file the checks read, and which side it is on."""

    path: str
    side: str  # "frontend" or "backend"
    why: str


@record
class LintResult:
    root: Path
    diagnostics: list[Diagnostic]
    files: list[FileReport] = field(default_factory=list)
    cache_hits: int = 0
    secrets: tuple[str, ...] = ()  # the client secret values known for the project: reports mask them
    notices: tuple[str, ...] = ()  # one line each, for stderr (a lint cache that failed its integrity check)

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity.value == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity.value == "warning")

"""HTML scanning with exact positions, and the suppression comments of any source file.

The HTML side is a tokenizer after the WHATWG tokenization states that matter to the checks: tags and
their attributes, comments, and raw-text elements (script, style, textarea, title...), whose content is
never read as markup. It keeps only the elements rules look at, so the bulk path runs at regex speed
(see docs/performance.md: The lint). JavaScript is parsed with tree-sitter in ``javascript.py``.
"""

from __future__ import annotations

import re
from functools import cache

from ..positions import LineIndex, Span
from ..records import field, record

# Elements whose content is not markup: a "<script" inside a <textarea> or <style> is text.
RAW_TEXT_ELEMENTS = frozenset({"script", "style", "textarea", "title", "xmp", "noembed", "noframes", "iframe"})
ELEMENTS_OF_INTEREST = frozenset({"script", "link", "iframe", "video", "style", "base"})
JS_SCRIPT_TYPES = frozenset({"", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript", "text/jsx", "text/babel"})

# One regex finds the next element of interest: its possessive prefix consumes, inside the regex engine,
# text, end tags, doctype, every other start tag (quote-aware, so a "<script" inside an attribute value
# is not a tag) and the content of raw-text elements nobody checks. Python sees only what matters.
# The alternatives exclude one another (each starts with a different character after "<", or a different tag
# name and a delimiter), so they are ordered by how often a page needs them: text, end tags, other tags.
# Tag names are matched case-insensitively with explicit character classes rather than re.IGNORECASE, which
# makes the engine fold every character it compares (~25% of the scan): _CASELESS gives each letter the
# characters re.IGNORECASE matches it with (the Kelvin sign with k, the long s with s, dotted and dotless I
# with i), so the matches are the same; a test compares the two on every code point.
_CASELESS_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_LETTER = "[A-Za-z\u0130\u0131\u017f\u212a]"  # what [A-Za-z] matches under re.IGNORECASE


def _caseless(word: str) -> str:
    """`word` (lower-case letters) as a pattern matching what re.IGNORECASE would match it with."""
    return "".join(f"[{c}{c.upper()}{_CASELESS_EXTRA.get(c, '')}]" for c in word)


def _names(names: str) -> str:
    """The names as one alternation factored by common prefixes (s(?:cript|tyle)|...): the regex engine tries
    the alternatives of a branch in turn, and at an ordinary tag (`<div`) each failed first letter is a step."""
    return _trie(sorted(names.split("|")))


def _trie(words: list[str]) -> str:
    branches = []
    for first in dict.fromkeys(word[0] for word in words):
        rests = [word[1:] for word in words if word[0] == first]
        if len(rests) == 1:
            branches.append(_caseless(first + rests[0]))
        else:
            assert "" not in rests  # no name is a prefix of another here
            branches.append(_caseless(first) + f"(?:{_trie(rests)})")
    return branches[0] if len(branches) == 1 else "|".join(branches)


_ATTRS = r"""(?:[^>=]++|=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))*+>"""
_INTEREST = "script|style|iframe|link|video|base"
_OTHER_RAW = "textarea|title|xmp|noembed|noframes"
# The first letters of those names, as one class: most tags (`<div`) are told apart by it in one step.
_FIRST_LETTERS = "".join(sorted({c for name in (_INTEREST + "|" + _OTHER_RAW).split("|") for c in _caseless(name[0])[1:-1]}))
_SKIP = (
    r"(?:[^<]++"
    r"|<[!?/](?!--)[^>]*+>"
    + rf"|<(?!(?=[{_FIRST_LETTERS}])(?:{_names(_INTEREST + '|' + _OTHER_RAW)})[\s/>]){_LETTER}[^\s/>]*+{_ATTRS}"
    + rf"|<(?![!?/]|{_LETTER})"
    + "".join(rf"|<{_caseless(raw)}(?=[\s/>]){_ATTRS}(?:[^<]++|<(?!/{_caseless(raw)}[\s/>]))*+" for raw in _OTHER_RAW.split("|"))
    + r")*+"
)
_NEXT_SOURCE = _SKIP + rf"(?:(?P<comment><!--)|<(?P<name>{_names(_INTEREST)})(?=[\s/>])(?P<attrs>{_ATTRS}))"


@cache
def _scanner() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    """Compiled on first use: a run whose results all come from the cache never pays for it."""
    closing = {name: re.compile(rf"</{name}[\s/>]", re.I) for name in RAW_TEXT_ELEMENTS}
    return re.compile(_NEXT_SOURCE, re.S), closing


_ATTRIBUTE = re.compile(r"""([^\s"'>/=][^\s"'>/=]*+)(?:\s*=\s*(?:"([^"]*+)"|'([^']*+)'|([^\s>]++)))?""")


@record(frozen=True)
class Attribute:
    name: str  # lower-case
    value: str | None  # None for a bare attribute
    start: int  # offsets of the whole attribute
    end: int
    value_start: int  # offsets of the value (the name's when bare)
    value_end: int


@record(frozen=True)
class Element:
    """A start tag of interest, with its attributes and (for raw-text elements) the content's range."""

    name: str
    start: int
    end: int  # end of the start tag
    attributes: tuple[Attribute, ...]
    content_start: int = -1
    content_end: int = -1

    def attribute(self, name: str) -> Attribute | None:
        for attribute in self.attributes:
            if attribute.name == name:
                return attribute
        return None

    def get(self, name: str) -> str | None:
        found = self.attribute(name)
        if found is None:
            return None
        return found.value if found.value is not None else ""

    def has(self, name: str) -> bool:
        return self.attribute(name) is not None

    @property
    def content(self) -> tuple[int, int]:
        return self.content_start, self.content_end


@record
class HtmlDocument:
    """An HTML file scanned for the elements the checks need."""

    text: str
    elements: list[Element] = field(default_factory=list)
    _index: LineIndex | None = None

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.text)
        return self._index

    def span(self, start: int, end: int) -> Span:
        return self.index.span(start, end)

    def scripts(self) -> list[Element]:
        return [e for e in self.elements if e.name == "script"]

    def is_js_script(self, element: Element) -> bool:
        kind = (element.get("type") or "").strip().lower()
        return kind in JS_SCRIPT_TYPES


def scan_html(text: str) -> HtmlDocument:
    """Find the elements of interest in document order. Never raises; malformed markup is skipped."""
    document = HtmlDocument(text)
    keep = document.elements
    next_pattern, closings = _scanner()
    match_next = next_pattern.match
    length = len(text)
    pos = 0
    while pos < length:
        match = match_next(text, pos)
        if match is None:  # the end, or a tag still open at the end (dropped, as browsers do)
            break
        if match.group("comment"):  # up to "-->" ("<!-->" and "<!--->" end at once)
            after = match.end()
            if text.startswith(">", after) or text.startswith("->", after):
                pos = text.index(">", after) + 1
                continue
            close = text.find("-->", after)
            if close == -1:
                break
            pos = close + 3
            continue
        name = match.group("name").lower()
        start = match.start("name") - 1
        end = match.end()
        attributes = _attributes(text, match.start("attrs"), end - 1)
        content_start = content_end = -1
        pos = end
        if name in RAW_TEXT_ELEMENTS:
            closing = closings[name].search(text, end)
            content_start = end
            content_end = closing.start() if closing else length
            pos = content_end
        keep.append(Element(name, start, end, attributes, content_start, content_end))
    return document


def _attributes(text: str, start: int, end: int) -> tuple[Attribute, ...]:
    found = []
    seen = set()
    for match in _ATTRIBUTE.finditer(text, start, end):
        name = match.group(1).lower()
        if name in seen:  # the first of duplicate attributes wins, as in browsers
            continue
        seen.add(name)
        for group in (2, 3, 4):
            if match.group(group) is not None:
                value = _unescape(match.group(group))
                value_start, value_end = match.span(group)
                break
        else:
            value, (value_start, value_end) = None, match.span(1)
        found.append(Attribute(name, value, match.start(), match.end(), value_start, value_end))
    return tuple(found)


_CHAR_REF = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|amp|lt|gt|quot|apos);")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _unescape(value: str) -> str:
    if "&" not in value:
        return value

    def replace(match: re.Match[str]) -> str:
        ref = match.group(1)
        if ref[0] != "#":
            return _NAMED[ref]
        code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
        return chr(code) if 0 < code < 0x110000 else "\ufffd"

    return _CHAR_REF.sub(replace, value)


# --- inline suppressions ---------------------------------------------------------------------------

_SUPPRESSION = re.compile(r"minis-py:\s*ignore\b[ \t]*((?:MN\d{3}[\s,]*)*)", re.I)


def suppressions(text: str) -> dict[int, frozenset[str] | None]:
    """Lines covered by `minis-py: ignore [IDS]` comments -> the ids, or None for every rule.

    A comment alone on its line covers the next line; a comment after code covers its own line.
    """
    covered: dict[int, frozenset[str] | None] = {}
    if "minis-py" not in text:
        return covered
    index = None
    for match in _SUPPRESSION.finditer(text):
        index = index or LineIndex(text)
        line, column = index.position(match.start())
        before = text[match.start() - column + 1 : match.start()].strip()
        target = line + 1 if before in ("", "//", "/*", "<!--", "{/*", "#") else line
        ids = frozenset(re.findall(r"MN\d{3}", match.group(1).upper())) or None
        previous = covered.get(target, frozenset())
        covered[target] = None if ids is None or previous is None else previous | ids
    return covered

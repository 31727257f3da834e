"""Loading JSON with precise line:column errors and spans; the minis.config.json keys."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .positions import LineIndex, Span

JsonPath = tuple[str | int, ...]


class JsonError(Exception):
    """A JSON text that does not parse, with the 1-based position of the problem."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} at line {line}, column {column}")
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class JsonDocument:
    """A parsed JSON file: its value, and where each key and value stands in the text."""

    value: Any
    index: LineIndex
    _spans: dict[JsonPath, tuple[tuple[int, int] | None, tuple[int, int]]] = field(repr=False)

    def get(self, path: JsonPath, default: Any = None) -> Any:
        node = self.value
        for part in path:
            if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
                node = node[part]
            elif isinstance(part, str) and isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return default
        return node

    def has(self, path: JsonPath) -> bool:
        sentinel = object()
        return self.get(path, sentinel) is not sentinel

    def value_span(self, path: JsonPath) -> Span | None:
        found = self._spans.get(path)
        return self.index.span(*found[1]) if found else None

    def key_span(self, path: JsonPath) -> Span | None:
        """The span of the key naming ``path`` (falls back to the value's span for array items)."""
        found = self._spans.get(path)
        if not found:
            return None
        return self.index.span(*(found[0] or found[1]))


def parse_json(text: str) -> JsonDocument:
    """Parse JSON text, raising JsonError with the line and column of the first problem."""
    if text.startswith("\ufeff"):
        text = " " + text[1:]  # npm strips a BOM; keep columns where an editor shows them
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise JsonError(exc.msg, exc.lineno, exc.colno) from None
    except RecursionError:
        raise JsonError("nested too deeply", 1, 1) from None
    return JsonDocument(value, LineIndex(text), _locate(text))


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+', re.S)


@dataclass
class _Frame:
    is_object: bool
    path: JsonPath
    start: int
    own_key: tuple[int, int] | None
    key: str | None = None
    key_span: tuple[int, int] | None = None
    expect_key: bool = True
    index: int = 0


def _locate(text: str) -> dict[JsonPath, tuple[tuple[int, int] | None, tuple[int, int]]]:
    """Spans of every key and value of a text already known to be valid JSON (iterative: no depth limit)."""
    spans: dict[JsonPath, tuple[tuple[int, int] | None, tuple[int, int]]] = {}
    stack: list[_Frame] = []

    def slot() -> tuple[JsonPath, tuple[int, int] | None]:
        if not stack:
            return (), None
        top = stack[-1]
        if top.is_object:
            return top.path + (top.key or "",), top.key_span
        return top.path + (top.index,), None

    for match in _TOKEN.finditer(text):
        token = match.group()
        start, end = match.span()
        if token in ("{", "["):
            path, key_span = slot()
            stack.append(_Frame(token == "{", path, start, key_span))
        elif token in ("}", "]"):
            frame = stack.pop()
            spans[frame.path] = (frame.own_key, (frame.start, end))
        elif token == ",":
            if stack:
                top = stack[-1]
                if top.is_object:
                    top.expect_key = True
                else:
                    top.index += 1
        elif token == ":":
            continue
        elif stack and stack[-1].is_object and stack[-1].expect_key:
            top = stack[-1]
            top.key = json.loads(token)
            top.key_span = (start, end)
            top.expect_key = False
        else:
            path, key_span = slot()
            spans[path] = (key_span, (start, end))
    return spans


# --- minis.config.json -------------------------------------------------------------------------

SCHEMA_FILE = Path(__file__).resolve().parent / "schemas" / "minis.config.schema.json"


def config_schema_text() -> str:
    """The JSON Schema of minis.config.json that ships in the package (`minis-py schema`)."""
    return SCHEMA_FILE.read_text(encoding="utf-8")

CONFIG_FILENAME = "minis.config.json"

# TikTok's documented keys, with the older doc spellings mapped to the newer ones.
KNOWN_KEYS: dict[str, set[str] | None] = {
    "$schema": None,
    "clientKey": None,  # minis-py extension
    "dev": {"port", "host"},
    "build": {"outputDir", "output", "htmlEntry"},
    "navbar": {"style", "bgColorLight", "bgColorDark", "lightModeBgColor", "darkModeBgColor"},
    "domain": {"trustedDomains", "allowList"},
}
OLD_SPELLINGS: dict[JsonPath, JsonPath] = {
    ("build", "output"): ("build", "outputDir"),
    ("navbar", "lightModeBgColor"): ("navbar", "bgColorLight"),
    ("navbar", "darkModeBgColor"): ("navbar", "bgColorDark"),
    ("domain", "allowList"): ("domain", "trustedDomains"),
}
SECRET_KEYS = ("client_secret", "clientSecret")
MAX_TRUSTED_DOMAINS = 20
DEFAULT_DEV_PORT = 3000
DEFAULT_DEV_HOST = "localhost"

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
_TRUSTED_ORIGIN = re.compile(r"https://[A-Za-z0-9.-]+(:\d{1,5})?")


@dataclass(frozen=True)
class ConfigProblem:
    """One key of minis.config.json that minis-py cannot accept (MN005) or does not know (MN006)."""

    path: JsonPath
    message: str
    hint: str
    unknown: bool = False


@dataclass(frozen=True)
class MinisConfig:
    """minis.config.json resolved to typed values with TikTok's defaults (the newer spellings win)."""

    client_key: str | None = None
    dev_port: int = DEFAULT_DEV_PORT
    dev_host: str = DEFAULT_DEV_HOST
    output_dir: str | None = None
    html_entry: str | None = None
    navbar_style: str = "default"
    trusted_domains: tuple[str, ...] = ()


def _lookup(doc: JsonDocument, path: JsonPath) -> tuple[JsonPath, Any] | None:
    """The value at ``path`` or at its older spelling, with the path actually used."""
    if doc.has(path):
        return path, doc.get(path)
    for old, new in OLD_SPELLINGS.items():
        if new == path and doc.has(old):
            return old, doc.get(old)
    return None


def read_minis_config(doc: JsonDocument | None) -> MinisConfig:
    """Typed settings from a parsed config; values of the wrong type fall back to the defaults."""
    if doc is None or not isinstance(doc.value, dict):
        return MinisConfig()

    def text(path: JsonPath) -> str | None:
        found = _lookup(doc, path)
        return found[1] if found and isinstance(found[1], str) and found[1].strip() else None

    port = DEFAULT_DEV_PORT
    found = _lookup(doc, ("dev", "port"))
    if found is not None and _port_value(found[1]) is not None:
        port = _port_value(found[1]) or DEFAULT_DEV_PORT
    domains = _lookup(doc, ("domain", "trustedDomains"))
    trusted = tuple(d for d in domains[1] if isinstance(d, str)) if domains and isinstance(domains[1], list) else ()
    style = text(("navbar", "style"))
    return MinisConfig(
        client_key=doc.get(("clientKey",)) if isinstance(doc.get(("clientKey",)), str) else None,
        dev_port=port,
        dev_host=text(("dev", "host")) or DEFAULT_DEV_HOST,
        output_dir=text(("build", "outputDir")),
        html_entry=text(("build", "htmlEntry")),
        navbar_style=style if style in ("default", "custom") else "default",
        trusted_domains=trusted,
    )


def _port_value(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= 65535 else None


def check_minis_config(doc: JsonDocument) -> list[ConfigProblem]:
    """Every problem with a parsed minis.config.json, in document order of the keys checked."""
    import difflib

    problems: list[ConfigProblem] = []
    root = doc.value
    if not isinstance(root, dict):
        return [ConfigProblem((), "minis.config.json must be a JSON object", 'Start the file with "{" and list the settings as keys.')]

    for key, value in root.items():
        if key in SECRET_KEYS:
            continue  # MN009 reports it, as an error
        if key not in KNOWN_KEYS:
            near = difflib.get_close_matches(key, [k for k in KNOWN_KEYS if k != "$schema"], n=1)
            hint = f"Did you mean '{near[0]}'?" if near else "Remove it, or check TikTok's minis.config.json reference."
            problems.append(ConfigProblem((key,), f"unknown key '{key}'", hint, unknown=True))
            continue
        children = KNOWN_KEYS[key]
        if children is None:
            continue
        if not isinstance(value, dict):
            problems.append(ConfigProblem((key,), f"'{key}' must be an object", f'Write it as "{key}": {{ ... }}.'))
            continue
        for child in value:
            if child not in children:
                near = difflib.get_close_matches(child, sorted(children), n=1)
                hint = f"Did you mean '{key}.{near[0]}'?" if near else f"Known keys under '{key}': {', '.join(sorted(children))}."
                problems.append(ConfigProblem((key, child), f"unknown key '{key}.{child}'", hint, unknown=True))

    if "clientKey" in root:
        key = root["clientKey"]
        if not isinstance(key, str) or not key.strip():
            problems.append(ConfigProblem(("clientKey",), "'clientKey' must be a non-empty string", "Copy the client key from your app's page on the TikTok developer portal."))
    if doc.has(("dev", "port")) and _port_value(doc.get(("dev", "port"))) is None:
        problems.append(ConfigProblem(("dev", "port"), f"'dev.port' must be a port number from 1 to 65535, not {json.dumps(doc.get(('dev', 'port')))}", 'Use a number such as "port": 3000.'))
    if doc.has(("dev", "host")):
        host = doc.get(("dev", "host"))
        if not isinstance(host, str) or not host.strip():
            problems.append(ConfigProblem(("dev", "host"), "'dev.host' must be a non-empty host name", 'Use "localhost" (the default) or "127.0.0.1".'))
    for path in (("build", "outputDir"), ("build", "output"), ("build", "htmlEntry")):
        if doc.has(path):
            value = doc.get(path)
            dotted = ".".join(map(str, path))
            if not isinstance(value, str) or not value.strip():
                problems.append(ConfigProblem(path, f"'{dotted}' must be a non-empty relative path", f'Use a path relative to the project root, such as "{"dist" if path[1] != "htmlEntry" else "index.html"}".'))
            elif value.startswith("/") or ".." in value.replace("\\", "/").split("/"):
                problems.append(ConfigProblem(path, f"'{dotted}' must stay inside the project, not '{value}'", "Use a path relative to the project root without '..'."))
    if doc.has(("navbar", "style")) and doc.get(("navbar", "style")) not in ("default", "custom"):
        problems.append(ConfigProblem(("navbar", "style"), f"'navbar.style' must be \"default\" or \"custom\", not {json.dumps(doc.get(('navbar', 'style')))}", 'Use "default" for TikTok\'s navigation bar or "custom" to draw your own.'))
    for name in ("bgColorLight", "bgColorDark", "lightModeBgColor", "darkModeBgColor"):
        path = ("navbar", name)
        if doc.has(path):
            colour = doc.get(path)
            if not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
                problems.append(ConfigProblem(path, f"'navbar.{name}' must be a colour as #rrggbb, not {json.dumps(colour)}", 'Write six hex digits, such as "#ffffff".'))
    for name in ("trustedDomains", "allowList"):
        path = ("domain", name)
        if doc.has(path):
            problems.extend(_check_trusted_domains(doc, path))
    return problems


def _check_trusted_domains(doc: JsonDocument, path: JsonPath) -> list[ConfigProblem]:
    domains = doc.get(path)
    dotted = ".".join(map(str, path))
    if not isinstance(domains, list):
        return [ConfigProblem(path, f"'{dotted}' must be a list of https origins", 'Write it as ["https://api.example.com"].')]
    problems = []
    if len(domains) > MAX_TRUSTED_DOMAINS:
        problems.append(ConfigProblem(path, f"'{dotted}' lists {len(domains)} domains; TikTok allows at most {MAX_TRUSTED_DOMAINS}", "Keep the origins your Mini really calls."))
    for i, origin in enumerate(domains):
        item = path + (i,)
        if not isinstance(origin, str):
            problems.append(ConfigProblem(item, f"'{dotted}[{i}]' must be a string", 'Write an origin such as "https://api.example.com".'))
        elif "*" in origin:
            problems.append(ConfigProblem(item, f"trusted domain '{origin}' has a wildcard", "List each origin in full; TikTok does not accept wildcards."))
        elif not origin.startswith("https://"):
            problems.append(ConfigProblem(item, f"trusted domain '{origin}' is not https", "TikTok only calls https origins: use https://."))
        elif not _TRUSTED_ORIGIN.fullmatch(origin.rstrip("/")) or origin.count("/") > 3 or (origin.count("/") == 3 and not origin.endswith("/")):
            problems.append(ConfigProblem(item, f"trusted domain '{origin}' has a path or is not an origin", "Keep only scheme and host, such as https://api.example.com."))
    return problems

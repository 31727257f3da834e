"""Loading JSON with precise line:column errors and spans; the minis.config.json keys."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from .positions import LineIndex, Span
from .records import field, record

JsonPath = tuple[str | int, ...]


class JsonError(Exception):
    """A JSON text that does not parse, with the 1-based position of the problem."""

    def __init__(self, message: str, line: int, column: int) -> None:
        super().__init__(f"{message} at line {line}, column {column}")
        self.message = message
        self.line = line
        self.column = column


@record(frozen=True)
class JsonDocument:
    """A parsed JSON file: its value, and where each key and value stands in the text."""

    value: Any
    index: LineIndex
    _spans: dict[JsonPath, tuple[tuple[int, int] | None, tuple[int, int]]] = field(repr=False)

    def get(self, path: JsonPath, default: Any = None) -> Any:
        node = self.value
        for part in path:
            if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                continue
            if isinstance(node, dict) and isinstance(part, str) and part in node:
                node = node[part]
                continue
            return default
        return node

    def has(self, path: JsonPath) -> bool:
        sentinel = object()
        return self.get(path, sentinel) is not sentinel

    def value_span(self, path: JsonPath) -> Span | None:
        found = self._spans.get(path)
        return self.index.span(*found[1]) if found else None

    def value_range(self, path: JsonPath) -> tuple[int, int] | None:
        """The character offsets of the value at ``path`` (for edits that keep the file's formatting)."""
        found = self._spans.get(path)
        return found[1] if found else None

    def key_range(self, path: JsonPath) -> tuple[int, int] | None:
        """The character offsets of the key naming ``path``, quotes included (None for array items)."""
        found = self._spans.get(path)
        return found[0] if found else None

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


@record
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

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_FILE = SCHEMA_DIR / "minis.config.schema.json"
GAMES_CONFIG_FILENAME = "minigame.config.json"


def config_schema_text(filename: str = "minis.config.json") -> str:
    """The JSON Schema of minis.config.json (or minigame.config.json) that ships in the package (`minis-py schema`)."""
    return (SCHEMA_DIR / filename.replace(".json", ".schema.json")).read_text(encoding="utf-8")


CONFIG_FILENAME = "minis.config.json"


def _known_keys(filename: str = "minis.config.json") -> dict[str, set[str] | None]:
    """TikTok's documented keys (and minis-py's clientKey), two levels deep, from the shipped schema."""
    schema = json.loads(config_schema_text(filename))
    return {key: set(node["properties"]) if isinstance(node, dict) and "properties" in node else None for key, node in schema["properties"].items()}


KNOWN_KEYS: dict[str, set[str] | None] = _known_keys()
GAMES_KNOWN_KEYS: dict[str, set[str] | None] = _known_keys(GAMES_CONFIG_FILENAME)
# Where a config may hold the client key, in the resolver's order (dev.clientKey first: where TikTok's CLIs read it).
# A file holds one only at a path its schema knows: the one list MN006 (unknown keys) and the key resolver (MN008,
# MN010, lint's expected key, dev, build) both read, so no key is both unknown and used. Both schemas know
# `clientKey` and `client_key` (RULES.md: MN008 counts either in either config).
CLIENT_KEY_PATHS: tuple[tuple[tuple[str, ...], ...], ...] = ((("dev", "clientKey"),), (("clientKey",), ("client_key",)))


def is_known_key(filename: str, path: JsonPath) -> bool:
    """Whether minis.config.json's (or minigame.config.json's) schema has this key (two levels deep)."""
    known = GAMES_KNOWN_KEYS if filename == GAMES_CONFIG_FILENAME else KNOWN_KEYS
    if not path or path[0] not in known:
        return False
    children = known[path[0]]
    return len(path) == 1 or (children is not None and len(path) == 2 and path[1] in children)


# Keys of other platforms' configs (WeChat/Douyin game.json, project.config.json) seen in TikTok configs:
# named as such, with TikTok's equivalent where there is one.
FOREIGN_KEYS: dict[str, tuple[str, str | None]] = {
    "deviceOrientation": ("WeChat/Douyin game.json", "orientation"),
    "showStatusBar": ("WeChat/Douyin game.json", None),
    "networkTimeout": ("WeChat/Douyin game.json", None),
    "subpackages": ("WeChat/Douyin game.json", None),
    "subPackages": ("Douyin game.json", None),
    "workers": ("WeChat game.json", None),
    "appid": ("WeChat/Douyin project.config.json", "dev.clientKey"),
    "projectname": ("WeChat/Douyin project.config.json", "dev.name"),
}
# The older doc spellings, mapped to the newer ones.
OLD_SPELLINGS: dict[JsonPath, JsonPath] = {
    ("build", "output"): ("build", "outputDir"),
    ("navbar", "lightModeBgColor"): ("navbar", "bgColorLight"),
    ("navbar", "darkModeBgColor"): ("navbar", "bgColorDark"),
    ("domain", "allowList"): ("domain", "trustedDomains"),
}
SECRET_KEYS = ("client_secret", "clientSecret")
DEFAULT_DEV_PORT = 3000
DEFAULT_DEV_HOST = "localhost"


@record(frozen=True)
class ConfigProblem:
    """One key of minis.config.json that minis-py cannot accept (MN005) or does not know (MN006)."""

    path: JsonPath
    message: str
    hint: str
    unknown: bool = False
    rename: str | None = None  # the one known key it is a near miss of (MN006's unsafe fix renames it)


@record(frozen=True)
class MinisConfig:
    """minis.config.json resolved to typed values with TikTok's defaults (the newer spellings win)."""

    client_key: str | None = None  # top-level clientKey, else client_key (minis-py's first home for it)
    dev_client_key: str | None = None  # dev.clientKey: where TikTok's CLIs read it
    dev_entry: str | None = None  # dev.entry: the page's path on the dev server (e.g. /tiktok)
    dev_port: int = DEFAULT_DEV_PORT
    dev_host: str = DEFAULT_DEV_HOST
    output_dir: str | None = None
    html_entry: str | None = None
    navbar_style: str = "default"
    navbar_bg_light: str | None = None  # navbar.bgColorLight (older: lightModeBgColor)
    navbar_bg_dark: str | None = None
    orientation: str = "VERTICAL"  # "HORIZONTAL": a landscape game
    trusted_domains: tuple[str, ...] = ()
    dev_game_allow_apis: tuple[str, ...] = ()  # dev.gameAllowApis: undocumented APIs the game host provides (minis-py only)
    dev_game_remote_bundles: bool = True  # dev.gameRemoteBundles: a Cocos export's remote/ answers its remote-bundle downloads (minis-py only)


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
    allow = doc.get(("dev", "gameAllowApis")) if doc.has(("dev", "gameAllowApis")) else None
    allowed: tuple[str, ...] = ()
    if isinstance(allow, list):
        from .sdk_api import ALLOWABLE_GAME_APIS  # start-up: sdk_api reads sdk_api.json; only a config with dev.gameAllowApis needs it

        allowed = tuple(dict.fromkeys(a for a in allow if isinstance(a, str) and a in ALLOWABLE_GAME_APIS))
    return MinisConfig(
        client_key=next((doc.get((k,)) for k in ("clientKey", "client_key") if isinstance(doc.get((k,)), str)), None),
        dev_client_key=text(("dev", "clientKey")),
        dev_entry=entry if (entry := text(("dev", "entry"))) and entry.startswith("/") else None,
        dev_port=port,
        dev_host=text(("dev", "host")) or DEFAULT_DEV_HOST,
        output_dir=text(("build", "outputDir")),
        html_entry=text(("build", "htmlEntry")),
        navbar_style=style if style in ("default", "custom") else "default",
        navbar_bg_light=text(("navbar", "bgColorLight")),
        navbar_bg_dark=text(("navbar", "bgColorDark")),
        orientation="HORIZONTAL" if text(("orientation",)) == "HORIZONTAL" else "VERTICAL",
        trusted_domains=trusted,
        dev_game_allow_apis=allowed,
        dev_game_remote_bundles=doc.get(("dev", "gameRemoteBundles")) is not False,
    )


def _port_value(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # JSON Schema's integer: 3000.0 is 3000
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    else:
        return None
    return number if 1 <= number <= 65535 else None


# A key that is a comment, not a setting: JSON has no comments, so configs carry them as `_comment`/`__comment_dev`,
# JSON Schema's `$comment` keyword, or npm's `"//"` convention (real games configs annotate their keys this way).
_COMMENT_KEY = re.compile(r"^(?://.*|[_$#]+comments?(?:[_\-.]\w*)?)$", re.I)


def check_minis_config(doc: JsonDocument, filename: str = "minis.config.json") -> list[ConfigProblem]:
    """Every problem with a parsed minis.config.json (or minigame.config.json): unknown keys (MN006) and,
    from the shipped JSON Schema, values minis-py cannot accept (MN005 / MN012); in document order. A
    client secret is MN009's."""
    known_keys = GAMES_KNOWN_KEYS if filename == GAMES_CONFIG_FILENAME else KNOWN_KEYS
    root = doc.value
    problems: list[ConfigProblem] = []
    if isinstance(root, dict):
        for key, value in root.items():
            if key in SECRET_KEYS:
                continue  # MN009 reports it, as an error
            if key not in known_keys:
                if _COMMENT_KEY.match(key):
                    continue
                if key in FOREIGN_KEYS:
                    platform, equivalent = FOREIGN_KEYS[key]
                    hint = f"TikTok's equivalent is '{equivalent}'." if equivalent else "TikTok does not read it here: remove it."
                    problems.append(ConfigProblem((key,), f"'{key}' is a {platform} key, not one of {filename}", hint, unknown=True))
                    continue
                import difflib  # for the suggestion only: a config without unknown keys never loads it

                near = difflib.get_close_matches(key, [k for k in known_keys if k != "$schema"], n=1)
                hint = f"Did you mean '{near[0]}'?" if near else f"Remove it, or check TikTok's {filename} reference."
                problems.append(ConfigProblem((key,), f"unknown key '{key}'", hint, unknown=True, rename=near[0] if near and near[0] not in root else None))
                continue
            children = known_keys[key]
            if children is None or not isinstance(value, dict):
                continue
            for child in value:
                if child not in children and not _COMMENT_KEY.match(child):
                    import difflib

                    near = difflib.get_close_matches(child, sorted(children), n=1)
                    hint = f"Did you mean '{key}.{near[0]}'?" if near else f"Known keys under '{key}': {', '.join(sorted(children))}."
                    problems.append(
                        ConfigProblem(
                            (key, child), f"unknown key '{key}.{child}'", hint, unknown=True, rename=near[0] if near and near[0] not in value else None
                        )
                    )

    seen: set[JsonPath] = set()
    for error in config_validator(filename).errors(root):
        if error.node.get("x-rule", "MN005") != "MN005" or error.path in seen:
            continue  # the first problem of each value is the one to fix
        seen.add(error.path)
        problems.append(
            ConfigProblem(error.path, _describe(error.path, error.value, error.message, filename), error.hint or f"Check TikTok's {filename} reference.")
        )

    def position(problem: ConfigProblem) -> tuple[int, int, int]:
        span = doc.key_span(problem.path) if problem.unknown else doc.value_span(problem.path)
        return (span.line, span.column, 0 if problem.unknown else 1) if span else (0, 0, 0)

    return sorted(problems, key=position)


def _describe(path: JsonPath, value: Any, message: str, filename: str = "minis.config.json") -> str:
    if not path:
        return f"{filename} {message}"
    dotted = "".join(f"[{p}]" if isinstance(p, int) else (f".{p}" if i else p) for i, p in enumerate(path))
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else ""
    return f"'{dotted}' {message}" + (f" (found {shown})" if shown and len(shown) <= 80 else "")


_VALIDATORS: dict[str, object] = {}


def config_validator(filename: str = "minis.config.json"):
    """The validator of the shipped schema (MN005 checks with the very file `minis-py schema` prints)."""
    if filename not in _VALIDATORS:
        from .schemacheck import Validator  # start-up: only a config being checked needs the schema validator

        _VALIDATORS[filename] = Validator(json.loads(config_schema_text(filename)))
    return _VALIDATORS[filename]

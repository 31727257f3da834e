"""Project: root discovery, package.json, minis.config.json, the file set, the expected client key."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .config import CONFIG_FILENAME, JsonDocument, JsonError, MinisConfig, parse_json, read_minis_config

PACKAGE_JSON = "package.json"
ENTRY_HTML_CANDIDATES = ("index.html", "public/index.html", "src/index.html")
BACKEND_DIRS = frozenset({"server", "api", "backend", "functions"})
ALWAYS_EXCLUDED_DIRS = frozenset({"node_modules", ".git", ".minis", ".hg", ".svn", "__pycache__", ".venv", ".minis-cache"})
HTML_SUFFIXES = (".html", ".htm")
JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx")
TS_SUFFIXES = (".ts", ".mts", ".cts", ".tsx")
# Vite's order, lowest precedence first: a later file overrides an earlier one.
ENV_FILES = (".env", ".env.local", ".env.development", ".env.development.local")
SECRET_ENV_NAMES = ("TIKTOK_CLIENT_SECRET", "MINIS_CLIENT_SECRET")
MOCK_SECRET_FILE = ".minis/client_secret"


@dataclass(frozen=True)
class ExpectedClientKey:
    """The client key the page must pass to TTMinis.init, and where it came from."""

    value: str
    source: str  # "--client-key", "MINIS_CLIENT_KEY" or "minis.config.json"


@dataclass(frozen=True)
class JsonFile:
    """package.json or minis.config.json as read: the parsed document, or the parse error."""

    path: str
    document: JsonDocument | None
    error: JsonError | None = None


@dataclass(frozen=True)
class SourceFile:
    """One file the checks read: its path relative to the root (posix) and its language."""

    path: str
    language: str  # "html", "js" or "ts"
    in_backend_dir: bool


@dataclass(frozen=True)
class FileText:
    """A file's text as minis-py reads it, or why it could not be read."""

    text: str | None
    problem: str | None = None  # "cannot be read: ...", "is not valid UTF-8 ..."
    problem_offset: int | None = None  # character offset of the first undecodable byte


def language_of(path: str) -> str | None:
    lower = path.lower()
    if lower.endswith(HTML_SUFFIXES):
        return "html"
    if lower.endswith(".d.ts"):
        return None
    if lower.endswith(JS_SUFFIXES):
        return "js"
    if lower.endswith(TS_SUFFIXES):
        return "ts"
    return None


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` holding package.json or minis.config.json (else ``start``)."""
    start = start if start.is_dir() else start.parent
    for folder in (start, *start.parents):
        if (folder / PACKAGE_JSON).is_file() or (folder / CONFIG_FILENAME).is_file():
            return folder
    return start


def read_text(path: Path) -> FileText:
    """Read a file as UTF-8; problems become a message, never an exception."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FileText(None, f"cannot be read: {exc.strerror or exc}")
    try:
        return FileText(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", "replace")
        offset = len(data[: exc.start].decode("utf-8", "replace"))
        return FileText(text, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", offset)


@dataclass
class Project:
    """A Minis project on disk, as the checks, dev and build see it."""

    root: Path
    overlays: Mapping[str, str] = field(default_factory=dict)  # path -> text (stdin for editors)
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    everything_frontend = False  # a build output: every file ships to the browser, nothing is backend

    @classmethod
    def discover(cls, start: Path, **kwargs: object) -> Project:
        return cls(find_root(start.resolve()), **kwargs)  # type: ignore[arg-type]

    # --- the two JSON files ---------------------------------------------------------------------

    def _json_file(self, name: str) -> JsonFile | None:
        if name in self.overlays:
            text = FileText(self.overlays[name])
        elif (self.root / name).is_file():
            text = read_text(self.root / name)
        else:
            return None
        if text.text is None:
            return JsonFile(name, None, JsonError(text.problem or "cannot be read", 1, 1))
        try:
            return JsonFile(name, parse_json(text.text))
        except JsonError as exc:
            return JsonFile(name, None, exc)

    @cached_property
    def package_json(self) -> JsonFile | None:
        return self._json_file(PACKAGE_JSON)

    @cached_property
    def config_file(self) -> JsonFile | None:
        return self._json_file(CONFIG_FILENAME)

    @cached_property
    def config(self) -> MinisConfig:
        return read_minis_config(self.config_file.document if self.config_file else None)

    def expected_client_key(self, flag: str | None = None) -> ExpectedClientKey | None:
        """The one resolver of the key the page must use: ``--client-key`` > ``MINIS_CLIENT_KEY`` >
        ``dev.clientKey`` (where TikTok's CLIs read it) > ``clientKey`` in minis.config.json."""
        if flag:
            return ExpectedClientKey(flag, "--client-key")
        if self.environ.get("MINIS_CLIENT_KEY"):
            return ExpectedClientKey(self.environ["MINIS_CLIENT_KEY"], "MINIS_CLIENT_KEY")
        if self.config.dev_client_key:
            return ExpectedClientKey(self.config.dev_client_key, f"{CONFIG_FILENAME} dev.clientKey")
        if self.config.client_key:
            return ExpectedClientKey(self.config.client_key, CONFIG_FILENAME)
        return None

    # --- the entry HTML and the file set -------------------------------------------------------

    @cached_property
    def entry_html(self) -> str:
        """The entry HTML's path (which may not exist): build.htmlEntry, else the first default that exists."""
        if self.config.html_entry:
            return Path(self.config.html_entry.replace("\\", "/")).as_posix().lstrip("./") or "index.html"
        for candidate in ENTRY_HTML_CANDIDATES:
            if candidate in self.overlays or (self.root / candidate).is_file():
                return candidate
        return ENTRY_HTML_CANDIDATES[0]

    def exists(self, path: str) -> bool:
        return path in self.overlays or (self.root / path).is_file()

    def read(self, path: str) -> FileText:
        if path in self.overlays:
            return FileText(self.overlays[path])
        return read_text(self.root / path)

    @cached_property
    def files(self) -> list[SourceFile]:
        """HTML and JS/TS files under the root, minus node_modules, .git, .minis, the build output
        and what .gitignore files ignore; sorted by path."""
        return self.files_within(None)

    def files_within(self, scope: tuple[str, ...] | None) -> list[SourceFile]:
        """The file set, limited to these relative files and folders ("" is the root). A file named
        explicitly is checked even where .gitignore would leave it out, as other linters do."""
        if scope is not None and "" in scope:
            scope = None
        excluded = set()
        if self.config.output_dir:
            excluded.add(Path(self.config.output_dir).as_posix().strip("/"))
        found = set(_walk(self.root, excluded, scope))
        found.update(path for path in self.overlays if language_of(path))
        if scope is not None:
            found.update(path for path in scope if language_of(path) and (self.root / path).is_file())
        return [
            SourceFile(path, language_of(path) or "js", path.split("/", 1)[0] in BACKEND_DIRS)
            for path in sorted(found)
        ]

    # --- environment files and secrets ---------------------------------------------------------

    @cached_property
    def env_files(self) -> dict[str, str]:
        """Variables from .env, .env.local, .env.development, .env.development.local (Vite's precedence)."""
        merged: dict[str, str] = {}
        for name in ENV_FILES:
            text = read_text(self.root / name) if (self.root / name).is_file() else None
            if text and text.text is not None:
                merged.update(parse_dotenv(text.text))
        return merged

    def env_source(self, name: str) -> str | None:
        """Which .env file gives ``name`` its value (the highest-precedence one)."""
        for file in reversed(ENV_FILES):
            path = self.root / file
            if path.is_file():
                text = read_text(path).text
                if text is not None and name in parse_dotenv(text):
                    return file
        return None

    @cached_property
    def known_secrets(self) -> tuple[str, ...]:
        """Client secret values minis-py knows of: the environment, the .env files, the mock's own."""
        secrets = {self.environ.get(name, "") for name in SECRET_ENV_NAMES}
        secrets.update(self.env_files.get(name, "") for name in SECRET_ENV_NAMES)
        mock_secret = self.root / MOCK_SECRET_FILE
        if mock_secret.is_file():
            secrets.add((read_text(mock_secret).text or "").strip())
        # Very short values would match everywhere: a real secret is long.
        return tuple(sorted(s for s in secrets if len(s) >= 8))


_DOTENV_LINE = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*(.*?)\s*$")


def parse_dotenv(text: str) -> dict[str, str]:
    """KEY=VALUE lines as Vite's dotenv reads them: comments, `export`, single/double quotes."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        match = _DOTENV_LINE.match(line)
        if not match:
            continue
        key, raw = match.groups()
        if raw[:1] in ("'", '"', "`") and raw.find(raw[0], 1) != -1:
            value = raw[1 : raw.find(raw[0], 1)]
            if raw[0] == '"':
                value = value.replace("\\n", "\n")
        else:
            value = raw.split(" #", 1)[0].strip()
        values[key] = value
    return values


def _walk(root: Path, excluded: set[str], scope: tuple[str, ...] | None = None) -> Iterator[str]:
    """Relative posix paths of lintable files; never follows directory symlinks (no loops). With a
    scope, only folders on the way to or inside its paths are read."""
    folders = tuple(s.rstrip("/") + "/" for s in scope) if scope is not None else None
    stack: list[tuple[Path, str, tuple[tuple[str, object], ...]]] = [(root, "", ())]
    while stack:
        folder, rel, specs = stack.pop()
        gitignore = folder / ".gitignore"
        if gitignore.is_file():
            from pathspec import GitIgnoreSpec

            text = read_text(gitignore).text or ""
            specs = specs + ((rel, GitIgnoreSpec.from_lines(text.splitlines())),)
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            path = f"{rel}{entry.name}"
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            if is_dir:
                if entry.name in ALWAYS_EXCLUDED_DIRS or path in excluded or _ignored(specs, path + "/"):
                    continue
                if folders is not None and not any(f.startswith(path + "/") or (path + "/").startswith(f) for f in folders):
                    continue
                stack.append((Path(entry.path), path + "/", specs))
            elif language_of(entry.name) and _is_regular_file(entry) and not _ignored(specs, path):
                if folders is None or any(path.startswith(f) for f in folders):
                    yield path


def _is_regular_file(entry: os.DirEntry[str]) -> bool:
    """Regular files only (through symlinks): a FIFO or device named app.js must not block the run."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _ignored(specs: tuple[tuple[str, object], ...], path: str) -> bool:
    ignored = False
    for base, spec in specs:
        if not path.startswith(base):
            continue
        result = spec.check_file(path[len(base):])  # type: ignore[attr-defined]
        if result.include is not None:
            ignored = result.include
    return ignored

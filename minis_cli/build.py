"""`minis-py build`: check the project's built output and package it as a deterministic minis.zip.

Runs after the project's own build (`"build": "vite build && minis-py build"`). Nothing is written
until every check has passed: the output folder and its entry HTML exist, no file is empty, the
platform (MN4xx) and secret (MN3xx) rules find no error in the real bundle, and minis.config.json is
valid. Then minis.config.json is copied into the output, minis.manifest.json describes the tree, and
the zip is written atomically: entries sorted, timestamps and permissions fixed, so the same input
gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .config import CONFIG_FILENAME, MinisConfig
from .errors import ExitCode, MinisError, file_system_error
from .lint.model import Diagnostic, Severity
from .project import ExpectedClientKey, Project, SourceFile
from .records import record, replace
from .source.files import LITTER_FOLDERS, is_litter, language_of
from .wording import noun, plural

MANIFEST_FILENAME = "minis.manifest.json"
DEFAULT_ZIP_NAME = "minis.zip"
MIB = 1024 * 1024
WARN_BYTES = 50 * MIB  # TikTok's upload gets slow and reviews flag it past this
MAX_BYTES = 200 * MIB
BUILD_RULES = ("MN1", "MN3", "MN4")  # the SDK on the built page, secrets and platform restrictions, on the real bundle
SOURCE_RULES_IN_BUILD = ("MN016",)  # about the project, not a file: from the source
# warnings while developing, refusals when packaging. MN408: minis-player (Nov 24, 2026) "After you submit mini drama
# content for review, you must play it with Mini Drama Player. Third-party players and native HTML video aren't allowed".
ERRORS_IN_BUILD = frozenset({"MN016", "MN112", "MN408"})
CONFIG_RULES = ("MN002", "MN005", "MN009")  # minis.config.json ships in the zip: it must be valid and secret-free
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold: no build time leaks into the bytes
FILE_MODE = 0o100644
# Already compressed: deflating them again costs time and gains nothing.
STORED_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico", ".mp3", ".mp4", ".m4a", ".webm", ".ogg", ".woff", ".woff2", ".zip", ".gz", ".br", ".zst"}
)


class BuildError(MinisError):
    """The build output cannot be packaged: the project needs fixing, so exit 1 like findings."""

    exit_code = ExitCode.FINDINGS


class BuildFindings(BuildError):
    """The checks found errors in the built output; the diagnostics go to the report."""

    def __init__(self, message: str, hint: str, diagnostics: list[Diagnostic]) -> None:
        super().__init__(message, hint)
        self.diagnostics = diagnostics


@dataclass(frozen=True)
class BuildFile:
    path: str  # relative to the output folder, posix
    size: int
    sha256: str = ""


@dataclass
class BuildResult:
    root: Path
    output_dir: str  # relative to the project root, posix
    zip_path: Path
    zip_size: int
    files: list[BuildFile]
    warnings: list[Diagnostic] = field(default_factory=list)
    checked: int = 0  # HTML and JS/TS files the rules read
    notes: list[str] = field(default_factory=list)  # warnings about the package as a whole
    checked_label: str = "HTML/JS files (MN1xx SDK, MN3xx secrets, MN4xx platform)"
    info: list[str] = field(default_factory=list)  # facts for the summary (a native game's sizes against TikTok's limits)

    @property
    def total_size(self) -> int:
        return sum(f.size for f in self.files)


@record
class BuildOutput(Project):
    """The built output folder seen as a project by the check engine: every file ships to the browser,
    nothing is ignored, and the secrets and settings come from the source project."""

    source: Project | None = None
    entry: str = "index.html"
    lintable: tuple[str, ...] = ()
    everything_frontend = True

    @cached_property
    def config(self) -> MinisConfig:
        return self.source.config if self.source else MinisConfig()

    @cached_property
    def known_secrets(self) -> tuple[str, ...]:
        return self.source.known_secrets if self.source else ()

    @cached_property
    def env_files(self) -> dict[str, str]:
        return self.source.env_files if self.source else {}

    @cached_property
    def config_file(self):
        return self.source.config_file if self.source else None

    @cached_property
    def games_config_file(self):
        return self.source.games_config_file if self.source else None

    def configured_client_key(self, flag: str | None = None) -> ExpectedClientKey | None:
        return self.source.configured_client_key(flag) if self.source else super().configured_client_key(flag)

    @cached_property
    def entry_html(self) -> str:
        return self.entry

    def files_within(self, scope: tuple[str, ...] | None) -> list[SourceFile]:
        return [SourceFile(path, language_of(path) or "js", False) for path in self.lintable]


def output_folder(project: Project) -> str:
    """build.outputDir (or its older spelling build.output), as a clean relative posix path."""
    configured = project.config.output_dir
    if project.config_file is None and project.is_library:
        from .targets import library_refusal  # start-up: only a build of a library asks

        raise BuildError(*library_refusal(project.library))  # type: ignore[arg-type]
    if project.config_file is None:
        raise BuildError(f"no {CONFIG_FILENAME} in {project.root}", "Run minis-py build in a Minis project (minis-py init creates one).")
    error = project.config_file.error
    if error is not None:
        raise BuildError(
            f"{CONFIG_FILENAME}:{error.line}:{error.column}: {error.message}",
            "Fix the JSON; `minis-py lint` shows it in context. The file ships in the package, so it must parse.",
        )
    if not configured:
        raise BuildError(
            f"{CONFIG_FILENAME} does not say where the build output is", 'Add "build": { "outputDir": "dist" } (the folder your own build writes).'
        )
    folder = Path(configured.replace("\\", "/")).as_posix().strip("/")
    inside = (project.root / folder).resolve()
    if inside == project.root.resolve() or project.root.resolve() not in inside.parents:
        raise BuildError(
            f"build.outputDir '{configured}' must be a folder inside the project that your build writes, not the project itself",
            'Point it at the build output, such as "dist"; packaging the project root would ship the backend and node_modules.',
        )
    return folder


def output_entry(project: Project, out: Path, folder: str) -> str:
    """The entry HTML inside the output: the source entry's file name at the output root (index.html)."""
    name = Path(project.entry_html).name or "index.html"
    for candidate in dict.fromkeys((name, "index.html")):
        if (out / candidate).is_file():
            return candidate
    raise BuildError(
        f"the build output {folder}/ has no entry HTML ({folder}/{name})",
        "Check that your build writes the page there, or set build.outputDir to the folder it writes.",
    )


def collect(out: Path, folder: str, skip: set[str]) -> tuple[list[BuildFile], list[str]]:
    """Every file under the output folder, sorted; problems (empty, unreadable, special) refuse the build."""
    files: list[BuildFile] = []
    problems: list[str] = []
    real_out = Path(os.path.realpath(out))
    for dirpath, dirnames, filenames in os.walk(out, onerror=lambda e: problems.append(f"{e.filename}: cannot be read ({e.strerror})")):
        rel_dir = Path(dirpath).relative_to(out).as_posix()
        rel_dir = "" if rel_dir == "." else rel_dir + "/"
        dirnames[:] = [name for name in dirnames if name not in LITTER_FOLDERS]  # macOS's zip litter: never uploaded
        for name in list(dirnames):
            if os.path.islink(os.path.join(dirpath, name)):
                dirnames.remove(name)
                problems.append(f"{folder}/{rel_dir}{name}/ is a symbolic link to a folder (copy the files instead)")
        for name in filenames:
            rel = rel_dir + name
            if is_litter(name) or rel in skip:  # operating-system litter never belongs in an upload
                continue
            try:
                info = os.stat(os.path.join(dirpath, name))
            except OSError as exc:
                problems.append(f"{folder}/{rel}: cannot be read ({exc.strerror})")
                continue
            if not stat.S_ISREG(info.st_mode):
                problems.append(f"{folder}/{rel} is not a regular file")
                continue
            full = os.path.join(dirpath, name)
            if os.path.islink(full) and not Path(os.path.realpath(full)).is_relative_to(real_out):
                problems.append(f"{folder}/{rel} is a symbolic link out of the build output (to {os.path.realpath(full)})")
                continue
            files.append(BuildFile(rel, info.st_size))
    files.sort(key=lambda f: f.path)
    return files, problems


def run_checks(project: Project, out: Path, folder: str, entry: str, files: list[BuildFile]) -> list[Diagnostic]:
    """MN3xx and MN4xx over the built files (paths reported under the output folder), and the config rules."""
    import fnmatch

    from .lint.engine import run
    from .lint.model import LintOptions
    from .lint.settings import load_settings

    settings = load_settings(project)
    config_check = run(project, LintOptions(select=CONFIG_RULES + SOURCE_RULES_IN_BUILD, ignore=settings.ignore, use_cache=False))
    lintable = tuple(f.path for f in files if language_of(f.path))
    built = BuildOutput(out, environ=project.environ, source=project, entry=entry, lintable=lintable)
    result = run(built, LintOptions(select=BUILD_RULES, ignore=settings.ignore, use_cache=False))
    found = [d for d in config_check.diagnostics if d.path == CONFIG_FILENAME or d.rule_id in SOURCE_RULES_IN_BUILD]
    found = [replace(d, severity=Severity.ERROR) if d.rule_id in ERRORS_IN_BUILD else d for d in found]
    for diagnostic in result.diagnostics:
        moved = replace(diagnostic, path=f"{folder}/{diagnostic.path}")
        if moved.rule_id in ERRORS_IN_BUILD:
            moved = replace(moved, severity=Severity.ERROR)
        if not any(fnmatch.fnmatch(moved.path, pattern) and any(moved.rule_id.startswith(i) for i in ids) for pattern, ids in settings.per_file_ignores):
            found.append(moved)
    found.sort(key=lambda d: d.sort_key)
    return found


def manifest(paths: list[str]) -> dict[str, object]:
    """minis.manifest.json in the shape TikTok's CLI writes (`ttdx minis build:after`; seen committed next to
    its output): {"name": "minis.manifest.json", "resource_list": [{"type": "file", "name": ...},
    {"type": "folder", "name": ..., "children": [...]}]}, base names, folders nested, the manifest listing
    itself. Sizes and digests are in the build report, not here: TikTok's file has none."""
    root: list[dict[str, object]] = []
    folders: dict[str, list[dict[str, object]]] = {"": root}
    for path in sorted(set(paths) | {MANIFEST_FILENAME}):
        parts = path.split("/")
        parent = ""
        for part in parts[:-1]:
            key = f"{parent}{part}/"
            if key not in folders:
                folders[key] = []
                folders[parent].append({"type": "folder", "name": part, "children": folders[key]})
            parent = key
        folders[parent].append({"type": "file", "name": parts[-1]})
    for children in folders.values():
        children.sort(key=lambda child: (child["type"] != "file", child["name"]))
    return {"name": MANIFEST_FILENAME, "resource_list": root}


def _digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_zip(out: Path, files: list[BuildFile], target: Path, extra: dict[str, bytes]) -> int:
    """Write the zip atomically (a temp file beside ``target``, then rename); returns its size.
    ``extra`` holds files not yet on disk (the config copy, the manifest), packaged from memory."""
    target.parent.mkdir(parents=True, exist_ok=True)
    from .tempfiles import clean_stale, make_file

    clean_stale(target.parent, re.escape(f".{target.name}."), ".tmp")  # what an interrupted build left
    handle, temp_path = make_file(target.parent, f".{target.name}.", ".tmp")
    os.close(handle)
    temp = str(temp_path)
    try:
        with zipfile.ZipFile(temp, "w") as archive:
            for file in files:  # already sorted by path
                info = zipfile.ZipInfo(file.path, date_time=ZIP_EPOCH)
                info.create_system = 3  # Unix, so the permissions below are read
                info.external_attr = FILE_MODE << 16
                info.compress_type = zipfile.ZIP_STORED if Path(file.path).suffix.lower() in STORED_SUFFIXES else zipfile.ZIP_DEFLATED
                with archive.open(info, "w", force_zip64=file.size >= zipfile.ZIP64_LIMIT) as sink:
                    if file.path in extra:
                        sink.write(extra[file.path])
                    else:
                        with (out / file.path).open("rb") as source:
                            shutil.copyfileobj(source, sink, 1 << 20)
        size = os.path.getsize(temp)
        if size > MAX_BYTES:
            raise BuildError(
                f"the package would be {human_size(size)}, over TikTok's {MAX_BYTES // MIB} MB limit",
                "Load large media from your CDN (a trusted domain) instead of shipping it in the package.",
            )
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        return size
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def _write_replacing(path: Path, data: bytes) -> None:
    """``data`` into ``path`` through a temp file and a rename: a full disk never leaves half a file."""
    from .tempfiles import clean_stale, make_file

    clean_stale(path.parent, re.escape(f".{path.name}."), ".tmp")
    handle, temp = make_file(path.parent, f".{path.name}.", ".tmp")
    try:
        with os.fdopen(handle, "wb") as sink:
            sink.write(data)
        os.replace(temp, path)
    finally:
        if os.path.lexists(temp):
            os.unlink(temp)


def _refuse_on_errors(diagnostics: list[Diagnostic], on_findings: Callable[[list[Diagnostic]], None] | None, where: str, hint: str) -> None:
    """Nothing is packaged when the checks found an error: the findings are reported, then BuildFindings."""
    errors = [d for d in diagnostics if d.severity.value == "error"]
    if errors:
        if on_findings:
            on_findings(diagnostics)
        raise BuildFindings(f"{plural(len(errors), 'error')} {where}; nothing was packaged", hint, diagnostics)


def _package(out: Path, files: list[BuildFile], target: Path, extra: dict[str, bytes], copy_extra: bool = False) -> int:
    """write_zip, then (a Mini) the config copy and manifest into the output; a write failure is a clear error."""
    try:
        size = write_zip(out, files, target, extra)
        for name, data in extra.items() if copy_extra else ():
            _write_replacing(out / name, data)
        return size
    except OSError as error:
        known = file_system_error(error, f"cannot write {error.filename or target}")
        if known is not None:
            raise known from None
        raise MinisError(
            f"cannot write {error.filename or target}: {error.strerror or error}",
            "Check that the folder exists and is writable (--out names where the zip goes).",
        ) from None


# A native game's package is its source (no build output folder): the game rules, secrets and the platform
# rules over the package files, errors refusing the upload ZIP; the size limits and empty files are errors here.
NATIVE_RULES = ("MN0", "MN3", "MN5")
ERRORS_IN_NATIVE_BUILD = frozenset({"MN016", "MN021", "MN022", "MN508"})  # warnings in lint, refusals when packaging


# A URL to this computer (a game's dev backend): on a phone it names the phone itself, so the game cannot reach it.
LOOPBACK_URL = re.compile(r"\b(?:https?|wss?)://(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0)(?::\d+)?(?![\w.-])", re.IGNORECASE)
LOOPBACK_SHOWN = 3


def loopback_urls(root: Path, paths: list[str]) -> list[str]:
    """`path:line (url)` for each loopback URL in the package's scripts and JSON files, in path order."""
    found = []
    for path in paths:
        if not (language_of(path) or path.endswith(".json")):
            continue
        try:
            text = (root / path).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for match in LOOPBACK_URL.finditer(text):
            found.append(f"{path}:{text.count(chr(10), 0, match.start()) + 1} ({match.group(0)})")
    return found


def build_native(project: Project, out_file: Path | None = None, on_findings: Callable[[list[Diagnostic]], None] | None = None) -> BuildResult:
    """A native-runtime game: its package (gamepkg.package_files: the root minus packOptions.ignore, dot-files
    and node_modules) checked and zipped as TikTok's upload ZIP, reproducibly. Nothing written on refusal."""
    from . import gamepkg
    from .lint.engine import run
    from .lint.model import LintOptions
    from .lint.settings import load_settings

    root = project.root
    target = (out_file if out_file is not None else root / DEFAULT_ZIP_NAME).resolve()
    listed = gamepkg.package_files(root)
    try:
        inside = target.relative_to(root.resolve()).as_posix()
    except ValueError:
        inside = None
    listed = [p for p in listed if p != inside and not p.endswith(".zip.tmp")]
    if "game.js" not in listed:
        raise BuildError("the package has no game.js at its root", "A native game starts at game.js; check packOptions.ignore in project.config.json.")
    from .engines import plugin_refusal  # start-up: only a native game's build asks

    refused = plugin_refusal(root)
    if refused is not None:  # on a phone the game stops at requirePlugin: TikTok has no mini-game plugins
        raise BuildError(*refused)
    pointers = gamepkg.lfs_pointers(root, listed)
    if pointers:  # zipped, the phone would get 130-byte text files in place of the images and audio
        shown = ", ".join(pointers[:3]) + (f" and {len(pointers) - 3} more" if len(pointers) > 3 else "")
        raise BuildError(
            f"{plural(len(pointers), 'file')} of the package "
            f"{noun(len(pointers), 'is a Git LFS pointer, not the file itself', 'are Git LFS pointers, not the files themselves')}: {shown}",
            "Fetch the files with `git lfs pull` (in GitHub Actions: actions/checkout with `lfs: true`), then run minis-py build again.",
        )
    files = [BuildFile(p, (root / p).stat().st_size) for p in listed]
    settings = load_settings(project)
    result = run(project, LintOptions(select=NATIVE_RULES, ignore=settings.ignore, use_cache=False))
    packaged = set(listed)
    diagnostics = []
    for d in result.diagnostics:
        if d.path not in packaged and d.rule_id.startswith("MN3") and not d.path.endswith(".json"):
            continue  # a secret in the backend (server/) is the backend's: it is not uploaded
        diagnostics.append(replace(d, severity=Severity.ERROR) if d.rule_id in ERRORS_IN_NATIVE_BUILD else d)
    _refuse_on_errors(diagnostics, on_findings, "in the game's package", "Fix the findings above, then run minis-py build again.")
    files = [replace(f, sha256=_digest(root / f.path)) for f in files]
    zip_size = _package(root, files, target, {})
    warnings = [d for d in diagnostics if d.severity.value != "error"]
    checked = sum(1 for f in files if language_of(f.path))
    built = BuildResult(
        root, ".", target, zip_size, files, warnings, checked, checked_label="JS files of the native game (MN0xx package, MN3xx secrets, MN5xx games)"
    )
    loopback = loopback_urls(root, listed)
    if loopback:
        shown = ", ".join(loopback[:LOOPBACK_SHOWN]) + (f" and {len(loopback) - LOOPBACK_SHOWN} more" if len(loopback) > LOOPBACK_SHOWN else "")
        built.notes.append(
            f"the package still points at this computer: {shown}. On a phone that is the phone itself, so the game cannot "
            "reach its backend: use your backend's https origin, listed in the app's trusted domains (the game template: BACKEND in src/config.js)"
        )
    remote = gamepkg.remote_bundles(root)
    remote_size = gamepkg.remote_folder_size(root, remote) if remote is not None else None
    if remote is not None and remote_size is not None:  # package_files left it out: Cocos's docs have it uploaded to the server
        built.info.append(
            f"{remote.folder}/ ({plural(remote_size[0], 'file')}, {human_size(remote_size[1])}) is not in the zip: the Cocos export's remote bundles, "
            f"which it downloads from {remote.server} ({remote.settings}); upload {remote.folder}/ there"
        )
    sizes = gamepkg.sizes(root, listed)
    built.info.append(
        f"native game package: main {human_size(sizes.main)} of {gamepkg.MAIN_LIMIT // MIB} MB, total {human_size(sizes.total)} of "
        f"{gamepkg.TOTAL_LIMIT // MIB} MB" + "".join(f", subpackage {r}/ {human_size(n)}" for r, n in sizes.subpackages.items())
    )
    return built


def build(project: Project, out_file: Path | None = None, on_findings: Callable[[list[Diagnostic]], None] | None = None) -> BuildResult:
    """Check the built output and package it. Raises BuildError (exit 1) with nothing written on refusal."""
    if project.is_native_game:
        return build_native(project, out_file, on_findings)
    if project.engine is not None:  # an engine's source project: its mini-game build is the package
        if project.engine.output is None:
            raise BuildError(*project.engine.missing_build)
        built = Project(project.engine.output, environ=project.environ)
        return build_native(built, out_file if out_file is not None else project.root / DEFAULT_ZIP_NAME, on_findings)
    if (project.root / "game.json").is_file() and not project.has_entry_html:
        raise BuildError(
            "game.json is here but game.js is not: a native game starts at game.js",
            "Restore game.js at the project root (or run minis-py build in the game's folder).",
        )
    folder = output_folder(project)
    out = project.root / folder
    if not out.is_dir():
        raise BuildError(
            f"the build output {folder}/ does not exist",
            "Run your own build first (for example `npm run build`), then minis-py build; build.outputDir names the folder.",
        )
    entry = output_entry(project, out, folder)
    target = (out_file if out_file is not None else project.root / DEFAULT_ZIP_NAME).resolve()
    skip = {MANIFEST_FILENAME, CONFIG_FILENAME}
    try:
        inside = target.relative_to(out.resolve()).as_posix()
        skip.add(inside)
    except ValueError:
        pass
    files, problems = collect(out, folder, skip)
    if problems:
        raise BuildError("the build output has files that cannot be packaged:\n  " + "\n  ".join(problems), "Fix or remove them, then build again.")
    empty = [f"{folder}/{f.path}" for f in files if f.size == 0]
    if empty:
        listing = "\n  ".join(empty)
        raise BuildError(
            f"{plural(len(empty), 'empty file')} in the build output (TikTok refuses zero-byte files):\n  {listing}",
            "Remove them or give them content; an empty file is usually a build step that failed half-way.",
        )

    diagnostics = run_checks(project, out, folder, entry, files)
    _refuse_on_errors(
        diagnostics, on_findings, "in the build", "Fix the findings above in the source, then run your build again (it ends with minis-py build)."
    )

    # The config copy and the manifest go into the zip from memory, and onto disk only once it is written.
    config_bytes = (project.root / CONFIG_FILENAME).read_bytes()
    files = [replace(f, sha256=_digest(out / f.path)) for f in files]
    files.append(BuildFile(CONFIG_FILENAME, len(config_bytes), hashlib.sha256(config_bytes).hexdigest()))
    files.sort(key=lambda f: f.path)
    manifest_bytes = (json.dumps(manifest([f.path for f in files]), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    packaged = sorted([*files, BuildFile(MANIFEST_FILENAME, len(manifest_bytes))], key=lambda f: f.path)
    extra = {CONFIG_FILENAME: config_bytes, MANIFEST_FILENAME: manifest_bytes}
    zip_size = _package(out, packaged, target, extra, copy_extra=True)
    warnings = [d for d in diagnostics if d.severity.value != "error"]
    checked = sum(1 for f in files if language_of(f.path))
    result = BuildResult(project.root, folder, target, zip_size, packaged, warnings, checked)
    if zip_size > WARN_BYTES:
        result.notes.append(
            f"the package is {human_size(zip_size)}, over {WARN_BYTES // MIB} MB: TikTok users wait for every byte "
            "(load large media from a CDN on a trusted domain)"
        )
    if project.output_dir_is_source:
        result.notes.append(
            f"build.outputDir '{folder}' holds the project's sources ({project.output_dir_is_source}), so the package is the "
            "sources, not a build (MN013): point build.outputDir at the folder your build writes"
        )
    return result


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < MIB:
        return f"{size / 1024:.1f} KB"
    return f"{size / MIB:.1f} MB"

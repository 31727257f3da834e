"""What a game's npm dependencies do for the capabilities MN504 and MN509 look for. A framework installed from npm
can create the rewarded ad or log in for the game (Gongxh0901/KunpoDemo: `kunpo.MiniHelper.ad().showAds(...)`, whose
kunpocc package creates the ad); lint reads the project's own files, not node_modules. So, for a dependency that
package.json declares (`dependencies`) and the game's scripts import:

- installed (node_modules/<name>/package.json at the project root): its code is read for a call of the API on the
  games namespace (`tt.createRewardedVideoAd(`, `wx["login"](`, `TTMinis.game.addShortcut(`; not its .d.ts typings,
  which declare every API), bounded in files and bytes; a call there counts as the game's.
- not installed: what it does cannot be seen. When the game's code visibly hands the capability to it (a call
  through a name imported from it, directly or re-exported by one of the game's modules, whose member names say so:
  `ad`, `ads`, `rewarded` for the rewarded ad, `login`, `shortcut`, `mission`/`entrance`/`sidebar`), the finding says
  the capability is left to that dependency and cannot be checked until it is installed; otherwise the finding
  stands and its hint names the uninstalled dependencies the game imports.

Asked only when a finding is about to be reported, so a game that calls the APIs itself costs nothing."""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING

from ..source.files import read_regular
from ..source.modules import _Files, resolve_import

if TYPE_CHECKING:
    from ..project import Project

CAPABILITY_WORDS = {
    "createRewardedVideoAd": frozenset({"ad", "ads", "rewarded"}),  # or reward or rewards with video in one name: _names
    "login": frozenset({"login", "signin", "logon"}),
    "addShortcut": frozenset({"shortcut", "shortcuts"}),
    "startEntranceMission": frozenset({"mission", "missions", "entrance", "sidebar"}),
}
_SPECIFIER = re.compile(r"""(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)['"]([^'"\r\n]{1,200})['"]""")
_IMPORT = re.compile(r"""\bimport\s++(?:type\s++)?([^;'"]*?)(?<!\s)\s++from\s*+['"]([^'"\r\n]{1,200})['"]""")  # linear in blanks
_REEXPORT_LIST = re.compile(r"""\bexport\s*\{([^}]*)\}\s*(?:from\s*['"]([^'"\r\n]{1,200})['"])?""")
_SCRIPT = re.compile(r"\.(?:[cm]?[jt]sx?)$")
_MAX_FILES, _MAX_BYTES = 400, 8 << 20  # of one installed package
_MAX_FOLDERS = 4000  # of one installed package's walk: a tree of empty folders ends it too


def package_name(spec: str) -> str | None:
    """`kunpocc/dist/x` -> kunpocc, `@scope/pkg/x` -> @scope/pkg; None for a relative or absolute path."""
    if spec.startswith((".", "/")) or not spec:
        return None
    parts = spec.split("/")
    return "/".join(parts[:2]) if spec.startswith("@") and len(parts) > 1 else parts[0]


class GameDependencies:
    """The declared dependencies the game's scripts import: which are installed, and what the game hands them."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.root = str(project.root)
        package = project.package_json
        document = package.document if package is not None else None
        value = document.value if document is not None else None
        declared = value.get("dependencies") if isinstance(value, dict) else None
        self.declared = set(declared) if isinstance(declared, dict) else set()
        self.texts: dict[str, str] = {}
        imported: set[str] = set()
        if self.declared:
            for file in project.files:
                if file.in_backend_dir or not _SCRIPT.search(file.path) or file.path.endswith(".d.ts"):
                    continue
                text = project.read(file.path).text or ""
                names = {name for m in _SPECIFIER.finditer(text) if (name := package_name(m.group(1))) is not None} & self.declared
                self.texts[file.path] = text
                imported |= names
        self.imported = sorted(imported)
        # the folder the user named (Project.bounds), which the reads stay inside: node_modules/<name> may be a link, as
        # pnpm's into node_modules/.pnpm/ are; one that leads out of it (a checkout's node_modules/x -> /etc) is not read
        self.bounds = os.path.realpath(project.bounds if project.bounds is not None else project.root)
        self.installed = [name for name in self.imported if os.path.isfile(os.path.join(self.root, "node_modules", name, "package.json"))]
        self.uninstalled = [name for name in self.imported if name not in self.installed]

    def _inside(self, path: str) -> bool:
        real = os.path.realpath(path)
        return real == self.bounds or real.startswith(self.bounds + os.sep)

    def installed_calls(self, api: str) -> bool:
        """Does an installed dependency's code call `api` on the games namespace (`tt.api(`, `window["wx"]["api"](`)?"""
        call = re.compile(rf"""(?:(?<![\w$])(?:tt|wx|game)|\[\s*["'](?:tt|wx)["']\s*\])\s*(?:\.\s*{api}|\[\s*["']{api}["']\s*\])\s*\(""")
        for name in self.installed:
            package = os.path.join(self.root, "node_modules", name)
            if not self._inside(package):
                continue
            seen, size, folders = 0, 0, 0
            for base, dirs, files in os.walk(package):  # links to folders inside are not followed (no loops)
                folders += 1
                dirs[:] = sorted(d for d in dirs if d != "node_modules" and not d.startswith("."))
                for file in sorted(files):
                    if not _SCRIPT.search(file) or file.endswith(".d.ts"):
                        continue
                    path = os.path.join(base, file)
                    # a regular file inside the bounds only: never a link out of them, nor to a FIFO or /dev/zero
                    data = read_regular(path, _MAX_BYTES - size, partial=True) if self._inside(path) else None
                    if data is None:
                        continue
                    seen += 1
                    size += len(data)
                    text = data.decode("utf-8", "replace")
                    if api in text and call.search(text):
                        return True
                    if seen >= _MAX_FILES or size >= _MAX_BYTES:
                        break
                if seen >= _MAX_FILES or size >= _MAX_BYTES or folders >= _MAX_FOLDERS:
                    break  # the caps end the walk, not only the reads
        return False

    def handed(self, api: str) -> tuple[str, str, int, str] | None:
        """(dependency, file, line, the call as written without its arguments) where the game hands `api`'s
        capability to an uninstalled dependency: `kunpo.MiniHelper.ad().showAds({...})` with kunpo from kunpocc."""
        if not self.uninstalled or api not in CAPABILITY_WORDS:
            return None
        for path, text in sorted(self.texts.items()):
            for local, name in sorted(self._bound(path, text).items()):
                for use in re.finditer(rf"(?<![\w$.]){re.escape(local)}(?![\w$])", text):
                    pieces = _chain(text, use.end())
                    if any(member is not None and _names(api, member) for member in pieces) and None in pieces:
                        written = local + "".join("()" if member is None else "." + member for member in pieces)
                        return name, path, text.count("\n", 0, use.start()) + 1, written
        return None

    def _bound(self, path: str, text: str) -> dict[str, str]:
        """The names a file binds to uninstalled dependencies (local -> dependency): its own imports of them, and
        names it imports from a module of the game that re-exports one (`export { kunpo }` after
        `import * as kunpo from "kunpocc"`, one hop)."""
        bound: dict[str, str] = {}
        for clause, spec in _IMPORT.findall(text):
            name = package_name(spec)
            if name in self.uninstalled:
                bound.update(dict.fromkeys(_locals(clause), name))
            elif name is None:
                module = resolve_import(_Files(self.root), path, spec)
                offered = self._reexported(module) if module is not None else {}
                for imported, local in _specifiers(clause):
                    if imported in offered:
                        bound[local] = offered[imported]
        return bound

    def _reexported(self, path: str) -> dict[str, str]:
        text = self.texts.get(path)
        if text is None:
            return {}
        own = {local: name for clause, spec in _IMPORT.findall(text) if (name := package_name(spec)) in self.uninstalled for local in _locals(clause)}
        offered: dict[str, str] = {}
        for names, spec in _REEXPORT_LIST.findall(text):
            source = package_name(spec) if spec else None
            for local, exported in _specifiers("{" + names + "}"):
                if source is not None and source in self.uninstalled:
                    offered[exported] = source
                elif not spec and local in own:
                    offered[exported] = own[local]
        return offered


_CAMEL = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])")
_PROMISE = frozenset({"then", "catch", "finally"})


def _names(api: str, member: str) -> bool:
    """Whether a member's name says it does `api`, by its whole camel-case words (held-out round 8: `uploadVideo`,
    uploading a screen recording, is no rewarded ad; `showAds`, `ad()`, `showRewarded`, `playRewardVideo` are)."""
    said = {word.lower() for word in _CAMEL.findall(member)}
    if api == "createRewardedVideoAd":
        return bool(said & {"ad", "ads", "rewarded"}) or bool(said & {"reward", "rewards"} and "video" in said)
    return bool(said & CAPABILITY_WORDS[api])


def _chain(text: str, at: int) -> list[str | None]:
    """The member accesses and calls written after a name at `at` (`.a.b(...).c(...)`: ["a", "b", None, "c", None],
    None for a call), up to a Promise's then/catch/finally (what follows is the game's own callback code)."""
    pieces: list[str | None] = []
    i, end = at, len(text)
    while len(pieces) < 32:
        j = i
        while j < end and text[j] in " \t\r\n":
            j += 1
        dot = 2 if text.startswith("?.", j) else 1 if text.startswith(".", j) and not text.startswith("...", j) else 0
        if dot:
            member = re.match(r"\s*([\w$]+)", text[j + dot : j + dot + 200])
            if member is None or member.group(1) in _PROMISE:
                break
            pieces.append(member.group(1))
            i = j + dot + member.end()
        elif j < end and text[j] == "(":
            close = _closing(text, j)
            if close is None:
                break
            pieces.append(None)
            i = close + 1
        else:
            break
    return pieces


def _closing(text: str, start: int) -> int | None:
    """The index of the parenthesis closing the one at `start`, strings and comments skipped (roughly: a regular
    expression literal holding a parenthesis misleads it), within 20,000 characters."""
    depth, i, end = 0, start, min(len(text), start + 20000)
    while i < end:
        c = text[i]
        if c in "'\"`":
            i += 1
            while i < end and text[i] != c:
                i += 2 if text[i] == "\\" else 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            if i < 0:
                return None
        elif text.startswith("/*", i):
            i = text.find("*/", i + 2) + 1
            if i <= 0:
                return None
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _locals(clause: str) -> list[str]:
    """The local names an import clause binds: `* as k`, a default, `{ a, b as c }`."""
    found = re.findall(r"\*\s*as\s+([\w$]+)", clause)
    default = re.match(r"\s*([\w$]+)\s*(?:,|$)", clause)
    if default is not None and default.group(1) != "type":
        found.append(default.group(1))
    found += [local for _, local in _specifiers(clause)]
    return found


def _specifiers(clause: str) -> list[tuple[str, str]]:
    """`{ a, b as c }` -> [(a, a), (b, c)]."""
    braces = re.search(r"\{([^}]*)\}", clause)
    found = []
    for part in braces.group(1).split(",") if braces is not None else ():
        names = re.findall(r"[\w$]+", part.replace(" as ", " "))
        names = [n for n in names if n != "type"]
        if names:
            found.append((names[0], names[-1]))
    return found


def listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def uninstalled_note(dependencies: GameDependencies) -> str:
    """The hint's sentence naming the dependencies the game imports that are not installed ('' when none)."""
    names = dependencies.uninstalled
    if not names:
        return ""
    it = "it" if len(names) == 1 else "them"
    return (
        f" The game imports {listed(names)}, which package.json declares but node_modules does not hold: if "
        f"{'it does' if it == 'it' else 'one of them does'} this, install {it} (npm install) and lint again, and minis-py reads {it}."
    )


def handed_clause(handed: list[tuple[str, tuple[str, str, int, str]]]) -> str:
    """'leaves the rewarded ad to kunpocc (kunpo.MiniHelper.ad().showAds() in x.ts:57)': what the game hands to
    uninstalled dependencies, grouped by dependency."""
    by_name: dict[str, list[str]] = {}
    where: dict[str, str] = {}
    for label, (name, path, line, written) in handed:
        by_name.setdefault(name, []).append(label)
        where.setdefault(name, f"{written} in {path}:{line}")
    return "; ".join(f"{listed(labels)} to {name} ({where[name]})" for name, labels in by_name.items())

"""Bundled native games: a plain npm project (TypeScript or JavaScript sources, a bundler) whose mini-game target is a
subfolder holding the game's `game.json` (and usually `project.config.json`) that a package.json script fills with
`game.js`: `"build:douyin": "vite build --config vite.douyin.config.ts"` with `build.outDir: 'douyin'`, webpack's
`output.path`, rollup's `output.dir`/`file`, esbuild's `--outdir`/`--outfile`, or simply a script naming the folder.

It is the engine-project model (engines.py) with the bundler in the engine's place: the sources are the game's scripts
(the games rules, never the web-Mini project errors: no page, no minis.config.json), the subfolder is the mini-game build
that `dev`, `build` and the package checks use, and with no game.js yet they say in one line which script writes it.
TikTok's runtime loads "game.js" as a mini game's entry with game.json beside it
([mini-games-technical-overview](https://developers.tiktok.com/docs/en/mini-games-technical-overview)) and answers to
`tt` as Douyin's does, so of several platform folders TikTok's target is taken first, then Douyin's, then WeChat's
(engines.platform_rank), and the one taken is said."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shlex
from pathlib import Path

from .engines import Engine, EngineProject, find_outputs, platform_rank, tsconfig_out_dir
from .source.files import CONFIG_LIMIT, read_regular, read_regular_text

_TOOLS = {"vite": "Vite", "webpack": "webpack", "rollup": "Rollup", "esbuild": "esbuild", "tsup": "tsup", "parcel": "Parcel"}
_DEFAULT_CONFIGS = {
    "vite": ("vite.config.ts", "vite.config.js", "vite.config.mts", "vite.config.mjs"),
    "webpack": ("webpack.config.js", "webpack.config.ts", "webpack.config.cjs", "webpack.config.mjs"),
    "rollup": ("rollup.config.js", "rollup.config.mjs", "rollup.config.ts"),
}
_RUNNERS = frozenset({"npx", "cross-env", "env", "dotenv", "pnpm", "yarn", "bunx", "exec", "--"})
_STRING = r"""['"`]([^'"`$]+)['"`]"""
# An output folder or file in a bundler's config: vite build.outDir, webpack output.path, rollup output.dir/file,
# esbuild outdir/outfile; a literal, or path.resolve/join(__dirname, literal).
_OUTPUT = re.compile(rf"""\b(outDir|outdir|outfile|path|dir|file)\s*:\s*(?:(?:path\.)?(?:resolve|join)\(\s*__dirname\s*,\s*)?{_STRING}""")
_ROOT = re.compile(rf"""\broot\s*:\s*{_STRING}""")
_ENTRY = re.compile(r"""\b(?:entry|input|entryPoints)\s*:\s*""")
_QUOTED = re.compile(_STRING)
_SCRIPT_SUFFIXES = (".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx")


_OTHER_STORE_SCRIPT = re.compile(
    r"(?i)(?:^|[-_:.])(?:qq|ks|kwai|kuaishou|oppo|vivo|hw|huawei|bd|baidu|swan|alipay|taobao|xiaomi|honor|qg|vv|meizu|4399)(?:$|[-_:.])"
)


# a script that reads the package and writes nothing of it: `"check": "node --check douyin-minigame/game.js && node
# check_project.mjs douyin-minigame"` names the folder without building it
_READ_ONLY_SCRIPT = re.compile(
    r"(?i)^(?:check|lint|test|tests|verify|validate|type-?check|tsc|format|fmt|prettier|serve|preview|open|upload|clean|analy[sz]e|size|doctor)(?:$|[-_:.])"
)
_OUT_OPTIONS = ("--outfile", "--outdir", "--out-dir", "--output-path", "--output", "-o", "-d")


def _json(path: Path) -> object:
    data = read_regular(path, CONFIG_LIMIT)  # a regular file only: never a link to /dev/zero or a FIFO
    try:
        return json.loads(data.decode("utf-8")) if data is not None else None
    except ValueError:
        return None


def _read(path: Path) -> str:
    return read_regular_text(path) or ""


def _norm(path: str, base: str = "") -> str | None:
    """A path relative to the project root ('' the root itself), or None when it leaves the project."""
    joined = posixpath.normpath(posixpath.join(base, path.strip().removeprefix("./")))
    if joined.startswith("..") or posixpath.isabs(joined):
        return None
    return "" if joined == "." else joined


def _target_of(root: Path, path: str | None) -> str | None:
    """The mini-game target folder a path names: the folder holding game.json, or a devtools project.config.json whose
    compileType is "game" (`douyin/project.config.json` committed, game.json and game.js left to the build), that it is,
    or whose file it is."""
    if not path:
        return None
    for candidate in (path, posixpath.dirname(path)):
        if not candidate or (root / candidate / "package.json").is_file():
            continue
        if (root / candidate / "game.json").is_file():
            return candidate
        config = _json(root / candidate / "project.config.json")
        if isinstance(config, dict) and config.get("compileType") == "game":
            return candidate
    return None


_COPY_DEST = re.compile(r"""\b(dest|to)\s*:\s*['"`]([^'"`$]*)['"`]""")
_TIKTOK_CONFIGS = ("minis.config.json", "minigame.config.json")


def _copied_to(text: str, name: str, output: str) -> bool:
    """Whether a bundler config copies the root's file `name` into the folder `output` (rollup-plugin-copy's `{ src:
    'game.json', dest: 'dist' }`, copy-webpack-plugin's `{ from: 'game.json', to: ... }`): an entry naming the file with
    that destination, or with none (copy-webpack-plugin's default, the output folder; its `to` is relative to that
    folder, `'.'` or the file's own name). Review of a3278bc: a config copying project.config.json only into dist/wechat
    was taken as copying it into dist/douyin."""
    for quoted in re.finditer(rf"""['"`](?:\./)?{re.escape(name)}['"`]""", text):
        start = text.rfind("{", 0, quoted.start())
        end = text.find("}", quoted.end())
        entry = text[start + 1 : end] if start != -1 and end != -1 and "{" not in text[start + 1 : quoted.start()] else ""
        dest = _COPY_DEST.search(entry)
        if dest is None:
            return True
        where = dest.group(2)
        if dest.group(1) == "to":  # copy-webpack-plugin's `to` is relative to the output folder, and may name the file
            if "[" in posixpath.basename(where):  # a template for the name (`[name][ext]`, `[path][name][ext]`)
                where = posixpath.dirname(where.replace("[path]", ""))
            where = posixpath.join(output, where)
            if posixpath.basename(_norm(where) or "") == name:
                where = posixpath.dirname(_norm(where) or "")
        if _norm(where) == _norm(output):
            return True
    return False


def _copied_package(root: Path, config: str, output: str) -> str | None:
    """The folder a bundler config writes `game.js` into and copies the project's own game.json to, before any build made
    it: the package's folder. Held-out round 21: a canvas game keeps game.json and project.config.json at its root
    beside game.src.js, and rollup writes dist/game.js and copies them there; dist/ is not committed. Never for a
    project with TikTok's own config (an HTML game copying a levels file named game.json is no native game)."""
    folder = posixpath.dirname(output)
    if posixpath.basename(output) != "game.js" or not folder or not (root / "game.json").is_file():
        return None
    if any((root / name).is_file() for name in _TIKTOK_CONFIGS):
        return None
    return folder if _copied_to(_read(root / config), "game.json", folder) else None


def _copied_files(root: Path, command: str, target: str) -> tuple[str, ...]:
    """The project's mini-game files at its root that the command's bundler config copies into the package `target`
    (as _copied_package finds them): game.json, project.config.json."""
    found: list[str] = []
    for tokens in _segments(command):
        tool = posixpath.basename(tokens[0]).lower()
        config = _option(tokens, "--config", "-c")
        if config is None and tool in _DEFAULT_CONFIGS and (tool != "rollup" or "-c" in tokens or "--config" in tokens):
            config = next((c for c in _DEFAULT_CONFIGS[tool] if (root / c).is_file()), None)
        path = _norm(config) if config is not None else None
        text = _read(root / path) if path else ""
        for name in ("game.json", "project.config.json"):
            if (root / name).is_file() and _copied_to(text, name, target):
                found.append(name)
    return tuple(dict.fromkeys(found))


def _segments(command: str) -> list[list[str]]:
    out = []
    # `&` alone: cmd.exe's separator (`rmdir /s /q dist 2>nul & rollup -c`) and a shell's background; not `2>&1`
    for part in re.split(r"&&|\|\||;|\||(?<![<>])&(?!>)", command):
        try:
            tokens = shlex.split(part)
        except ValueError:
            tokens = part.split()
        while tokens and (tokens[0] in _RUNNERS or re.fullmatch(r"\w+=\S*", tokens[0]) or tokens[0] in ("run",)):
            tokens = tokens[1:]
        if tokens:
            out.append(tokens)
    return out


def _option(tokens: list[str], *names: str) -> str | None:
    for index, token in enumerate(tokens):
        for name in names:
            if token == name and index + 1 < len(tokens) and not tokens[index + 1].startswith("-"):
                return tokens[index + 1]
            if token.startswith(name + "="):
                return token.split("=", 1)[1]
    return None


def _from_config(root: Path, config: str) -> tuple[list[str], list[str]]:
    """(output paths, entry paths) a bundler config declares, relative to the root."""
    text = _read(root / config)
    if not text:
        return [], []
    base = posixpath.dirname(config)
    found_root = _ROOT.search(text)
    if found_root is not None:
        base = _norm(found_root.group(1), base) or base
    outputs = [p for m in _OUTPUT.finditer(text) if (p := _norm(m.group(2), base)) is not None]
    entries = [p for value in _entry_values(text) if (p := _norm(value, posixpath.dirname(config))) is not None]
    return outputs, entries


def _entry_values(text: str) -> list[str]:
    """Every path a config's `entry`/`input`/`entryPoints` names: a string, or each string of its array or object (webpack's
    `entry: { game: './src/game.ts', 'openDataContext/index': './src/openData/index.ts' }`, rollup's `input: [a, b]`);
    an object's keys are output names, not paths. Review of a3278bc: the second entry was dropped, and the open data
    context's files it imports were taken as outside the bundle."""
    found: list[str] = []
    for match in _ENTRY.finditer(text):
        at = match.end()
        opener = text[at : at + 1]
        if opener not in ("[", "{"):
            quoted = _QUOTED.match(text, at)
            if quoted is not None:
                found.append(quoted.group(1))
            continue
        closer, depth, end = {"[": "]", "{": "}"}[opener], 0, at
        while end < len(text) and end - at < 4000:
            depth += text[end] == opener
            depth -= text[end] == closer
            end += 1
            if depth == 0:
                break
        body = text[at + 1 : end - 1]
        for quoted in _QUOTED.finditer(body):
            after = body[quoted.end() :].lstrip()
            if opener == "{" and after.startswith(":"):
                continue  # a key: the bundle's name for the entry
            found.append(quoted.group(1))
    return found


def _script_targets(root: Path, name: str, command: str) -> list[tuple[str, str, str, list[str]]]:
    """(target folder, tool's name, why, entries) for each mini-game target folder the script writes."""
    found = []
    for tokens in _segments(command):
        tool = posixpath.basename(tokens[0]).lower()
        label = _TOOLS.get(tool, "npm")
        entries = [p for t in tokens[1:] if t.endswith(_SCRIPT_SUFFIXES) and (p := _norm(t)) and (root / p).is_file()]
        config = _option(tokens, "--config", "-c")
        if config is None and tool in _DEFAULT_CONFIGS and (tool != "rollup" or "-c" in tokens or "--config" in tokens):
            config = next((c for c in _DEFAULT_CONFIGS[tool] if (root / c).is_file()), None)
        if config is not None and (config_path := _norm(config)) and (root / config_path).is_file():
            outputs, config_entries = _from_config(root, config_path)
            for output in outputs:
                target = _target_of(root, output) or _copied_package(root, config_path, output)
                if target is not None:
                    found.append((target, label, f"{config_path} writes {output}", config_entries or entries))
        for token in tokens[1:]:
            value = token.split("=", 1)[1] if token.startswith("-") and "=" in token else token
            target = _target_of(root, _norm(value) if not value.startswith("-") else None)
            if target is not None:
                found.append((target, label, f"its command names {target}/", entries))
    return found


# A script the project runs with Node that writes a mini-game package itself (a `scripts/build.ts` calling esbuild's or
# Vite's JS API, then writeFile(path.join(outDir, 'game.json'), ...)): `node scripts/build.js`, `node --import tsx
# scripts/build.ts`, `tsx`, `ts-node`, `bun`, `zx`.
_SCRIPT_RUNNERS = frozenset({"node", "tsx", "ts-node", "ts-node-esm", "bun", "zx", "esno", "esrun", "vite-node", "jiti"})
_WRITES_PACKAGE = re.compile(r"""['"`]game\.json['"`]""")
_FOLDER_LITERAL = re.compile(r"""['"`]([\w.-]+(?:/[\w.-]+)*)['"`]""")
_OUT_BASES = ("dist", "build", "release", "output", "out")
_BASE_JOINED = re.compile(r"""['"`](?:\./)?([\w.-]+(?:/[\w.-]+)*)/['"`]\s*\+""")


def _script_file(root: Path, tokens: list[str]) -> str | None:
    """The project's own script file a command runs with Node or a TypeScript runner, or None."""
    if posixpath.basename(tokens[0]).lower() not in _SCRIPT_RUNNERS:
        return None
    for token in tokens[1:]:
        if token.startswith("-"):
            continue
        if token.endswith(_SCRIPT_SUFFIXES) and (path := _norm(token)) and (root / path).is_file():
            return path
    return None


def _written_targets(root: Path, command: str) -> list[tuple[str, str, str, list[str]]]:
    """(target folder, "npm", why, entries) for the mini-game package a script of the project's own writes: its text
    writes a game.json and names a platform's folder ('douyin', 'tt', 'wechat', ...); the folder is the literal path that
    ends in that name, or the name under the build folder the script names ('dist'). Entries: the literal paths of
    existing scripts it names."""
    found = []
    for tokens in _segments(command):
        script = _script_file(root, tokens)
        if script is None:
            continue
        text = _read(root / script)
        if not text or not _WRITES_PACKAGE.search(text):
            continue
        literals = [m.group(1) for m in _FOLDER_LITERAL.finditer(text)]
        # the platform the command asks for (`publish.js -p tt`, `build.ts --platform douyin`), else the one the script names
        asked = [t for t in tokens[1:] if not t.startswith("-") and platform_rank(t) in (0, 1, 2) and t != "bin" and "/" not in t and "." not in t]
        names = {posixpath.basename(literal) for literal in literals if "." not in posixpath.basename(literal)}
        platforms = asked or sorted(
            (name for name in names if platform_rank(name) in (0, 1, 2) and name not in ("bin",)), key=lambda name: (platform_rank(name) or 0, name)
        )
        if not platforms:
            continue
        platform = platforms[0]
        paths = [literal for literal in literals if posixpath.basename(literal) == platform and "/" in literal and (_norm(literal) or "").count("/") <= 2]
        joined = [m.group(1) for m in _BASE_JOINED.finditer(text)]  # `"./release/" + this._platformStr`
        base = next((b for b in joined if b.split("/", 1)[0] in _OUT_BASES), None)
        if base is None:
            base = next((b for b in _OUT_BASES if b in literals or any(literal.startswith(b + "/") for literal in literals)), None)
        target = _norm(paths[0]) if paths else _norm(posixpath.join(base, platform)) if base is not None else None
        if not target:
            continue  # no folder the script names: not guessed
        entries = [p for literal in literals if literal.endswith(_SCRIPT_SUFFIXES) and (p := _norm(literal)) and (root / p).is_file() and p != script]
        found.append((target, "npm", f"{script} writes {target}/game.json", entries))
    return found


def _runner(root: Path) -> str:
    if (root / "pnpm-lock.yaml").is_file():
        return "pnpm run"
    if (root / "yarn.lock").is_file():
        return "yarn"
    return "npm run"


def detect_bundled(root: Path) -> EngineProject | None:
    """A plain npm project whose package.json script builds its mini game into a subfolder holding game.json, or None."""
    package = _json(root / "package.json")
    scripts = package.get("scripts") if isinstance(package, dict) else None
    if not isinstance(scripts, dict):
        return None
    targets: dict[str, tuple[str, str, str, list[str]]] = {}
    for name, command in scripts.items():
        if not isinstance(command, str) or not command.strip():
            continue
        if _OTHER_STORE_SCRIPT.search(name):
            continue  # `rpk_oppo`, `publish-qq`, `build:ks`: another store's package, which TikTok never runs
        if _READ_ONLY_SCRIPT.search(name):
            continue  # `check`, `lint`, `test`: it names the package folder to read it, and builds nothing
        for target, label, why, entries in _script_targets(root, name, command) or _written_targets(root, command):
            rank = platform_rank(posixpath.basename(target))
            if rank is None:
                continue  # another platform's runtime (Alipay, vivo ...): not one TikTok runs
            held = targets.get(target)
            if held is None or (name.startswith("build") and not held[0].startswith("build")):
                targets[target] = (name, label, why, entries)
    if not targets:
        return None
    order = sorted(targets, key=lambda t: (platform_rank(posixpath.basename(t)) or 0, t))
    target = order[0]
    script, label, why, entries = targets[target]
    command = f"{_runner(root)} {script}"
    # the entries' top folders; a script inside the target itself is a tool run there (`node templates/tools/pack.js`)
    folders = sorted({e.split("/", 1)[0] if "/" in e else "" for e in entries if not e.startswith(target + "/")} - {target})
    if not folders:
        folders = ["src"] if (root / "src").is_dir() else [""]
    engine = Engine(
        "bundled",
        f"{label}-bundled game",
        signs=(),
        scripts=tuple(folders),
        outputs=(target,),
        templates=None,
        build=f"run `{command}` ({why}), which writes {target}/game.js",
        # a bundler's input is what the bundle holds; a script of the project's own (a publishing kit's `node publish.js`)
        # names its own tools, not the game's entry (held-out round 11's LTG-Laya: its template's libraries)
        entries=tuple(e for e in entries if not e.startswith(target + "/")) if label != "npm" else (),
        copied=_copied_files(root, scripts[script], target),
    )
    chosen = ""
    if len(order) > 1:
        others = ", ".join(f"{t}/" for t in order[1:])
        chosen = f"took {target}/ over {others}: TikTok's target first, then Douyin's (tt-compatible), then WeChat's"
    return EngineProject(engine, root, "package.json", find_outputs(engine, root), chosen)


def bundle_builder(root: Path, bundle: str) -> tuple[str, str, list[str]] | None:
    """(the package.json script, the config or script file that writes it, its entry files) for a file a package's
    game.js loads that is not there yet (`require('./dist/game.js')`): the project's own build writes it (`"build":
    "node esbuild.config.mjs"` with `entryPoints: ['game-entry.ts'], outfile: 'dist/game.js'`; `esbuild game-entry.ts
    --bundle --outfile=dist/game.js`; a webpack, rollup or Vite config), or None when no script says so."""
    wanted = _norm(bundle)
    if not wanted:
        return None
    package = _json(root / "package.json")
    scripts = package.get("scripts") if isinstance(package, dict) else None
    if not isinstance(scripts, dict):
        return None
    names = sorted((n for n, c in scripts.items() if isinstance(n, str) and isinstance(c, str)), key=lambda n: (not n.startswith("build"), n))
    in_folder: tuple[str, str, list[str]] | None = None
    for name in names:
        if _READ_ONLY_SCRIPT.search(name) or _OTHER_STORE_SCRIPT.search(name):
            continue
        for tokens in _segments(scripts[name]):
            tool = posixpath.basename(tokens[0]).lower()
            configs = [script] if (script := _script_file(root, tokens)) is not None else []
            config = _option(tokens, "--config", "-c")
            if config is None and tool in _DEFAULT_CONFIGS and (tool != "rollup" or "-c" in tokens or "--config" in tokens):
                config = next((c for c in _DEFAULT_CONFIGS[tool] if (root / c).is_file()), None)
            if config is not None and (config_path := _norm(config)) and (root / config_path).is_file():
                configs.append(config_path)
            for path in configs:
                outputs, entries = _from_config(root, path)
                existing = [e for e in entries if (root / e).is_file()]
                if wanted in outputs:
                    return name, path, existing  # the file itself: `outfile: 'dist/game.js'`
                if in_folder is None and any(_in_folder(o, wanted) for o in outputs) and _names_file(root / path, wanted):
                    in_folder = (name, path, existing)  # a folder, and the config names the file (`filename: 'game.js'`)
            if tool in _TOOLS:  # the bundler's own flags: `esbuild game-entry.ts --bundle --outfile=dist/game.js`
                out = _option(tokens, *_OUT_OPTIONS)
                output = _norm(out) if out is not None else None
                files = [p for t in tokens[1:] if not t.startswith("-") and t.endswith(_SCRIPT_SUFFIXES) and (p := _norm(t)) and (root / p).is_file()]
                if output == wanted:
                    return name, tool, files
                if in_folder is None and output is not None and _in_folder(output, wanted) and posixpath.basename(wanted) in scripts[name]:
                    in_folder = (name, tool, files)
    return in_folder  # a build writing into the file's folder, when none writes the file by name


def tsc_builder(root: Path, bundle: str) -> tuple[str, str] | None:
    """For a file a package's game.js loads that is not there (`require('./build-wx/app/boot-wx.js')`): a TypeScript
    config in the package or up to two folders above whose outDir is that file's first folder, here or elsewhere
    (`tsconfig.wx.json` with `"outDir": "export/wx/build-wx"`: the package is assembled in export/wx/; held-out round
    35). (the tsconfig, its outDir), both relative to `root`, or None."""
    wanted = _norm(bundle)
    if not wanted or "/" not in wanted:
        return None
    first = wanted.split("/", 1)[0]
    folder = root.resolve()
    for base in (folder, *list(folder.parents)[:2]):
        try:
            configs = sorted(p for p in base.glob("tsconfig*.json") if p.is_file())
        except OSError:
            continue
        for config in configs:
            out = tsconfig_out_dir(config)
            if out is None or posixpath.basename(out.rstrip("/")) != first:
                continue
            target = (base / out).resolve()
            return os.path.relpath(config, folder).replace(os.sep, "/"), os.path.relpath(target, folder).replace(os.sep, "/")
    return None


def build_command(root: Path, script: str) -> str:
    """How the project runs its package.json script `script` (`npm run build`, `pnpm run build`, `yarn build`)."""
    return f"{_runner(root)} {script}"


def _in_folder(output: str, wanted: str) -> bool:
    """Does a bundler writing into the folder `output` write where `wanted` is?"""
    return bool(output) and wanted.startswith(output + "/") and "." not in posixpath.basename(output)


def _names_file(config: Path, wanted: str) -> bool:
    """The config names the file's own name (`filename: 'bundle.js'`, `fileName: () => 'game.js'`): a web build writing
    into the same folder (`outDir: 'dist'`) does not."""
    return re.search(rf"""['"`]{re.escape(posixpath.basename(wanted))}['"`]""", _read(config)) is not None

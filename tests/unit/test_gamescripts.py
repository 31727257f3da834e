"""A mini game's scripts with no runnable package yet (minis_cli/gamescripts.py): recognised by its games-SDK calls or
an engine's type stubs, linted with the games rules, and a web Mini (page, config, web SDK, dev script) unaffected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from minis_cli.engines import EngineProject
from minis_cli.project import Project


def detect(root: Path) -> EngineProject | None:
    return Project(root).engine


ADS = """declare const tt: any;
export function reward(done: () => void) {
  if (typeof tt === 'undefined') return done();
  const ad = tt.createRewardedVideoAd({ adUnitId: 'slot' });
  ad.onClose(() => done());
}
"""


def _game_scripts(root: Path, scripts: dict[str, str] | None = None) -> Path:
    (root / "src" / "platform").mkdir(parents=True)
    (root / "src" / "platform" / "ads.ts").write_text(ADS)
    (root / "package.json").write_text(json.dumps({"name": "g", "scripts": scripts or {"test": "vitest run", "typecheck": "tsc --noEmit"}}))
    return root


def test_scripts_calling_the_games_sdk_are_a_mini_game_with_nothing_to_run(tmp_path) -> None:
    found = detect(_game_scripts(tmp_path))
    assert found is not None and found.engine.key == "scripts" and found.output is None
    assert found.script_folders == ("src",) and found.marker == "package.json"
    why, fix = found.missing_build
    assert "src/platform/ads.ts" in why and "no runnable mini-game package (game.json + game.js) or engine project" in why
    assert "game.json + game.js" in fix and "engine project" in fix
    assert Project(tmp_path).kind == "engine-game"


def test_an_engine_type_stub_alone_says_so(tmp_path) -> None:
    (tmp_path / "src" / "types").mkdir(parents=True)
    (tmp_path / "src" / "types" / "stub.d.ts").write_text("declare module 'cc' {\n  export class Node {}\n}\n")
    (tmp_path / "src" / "main.ts").write_text("import { Node } from 'cc';\nexport const root = new Node();\n")
    found = detect(tmp_path)
    assert found is not None and found.marker == "src/types/stub.d.ts"


# (game.json beside them, with no game.js, is a game's project whose package a build makes: test_round35_patterns.py;
# a mini program's project file is not)
@pytest.mark.parametrize("web", ["index.html", "public/index.html", "minis.config.json", "mini-program", "dev-script", "web-sdk", "plain"])
def test_a_web_mini_or_plain_scripts_stay_what_they_are(tmp_path, web: str) -> None:
    _game_scripts(tmp_path, {"dev": "next dev"} if web == "dev-script" else None)
    if web == "mini-program":
        (tmp_path / "project.config.json").write_text('{ "compileType": "miniprogram", "appid": "tt0123456789abcd" }\n')
    elif web.endswith((".html", ".json")):
        (tmp_path / web).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / web).write_text("{}" if web.endswith(".json") else "<html></html>")
    elif web == "web-sdk":
        (tmp_path / "src" / "init.ts").write_text("declare const TTMinis: any;\nTTMinis.init({ clientKey: 'k' });\n")
    elif web == "plain":
        (tmp_path / "src" / "platform" / "ads.ts").write_text("export const reward = (done: () => void) => done();\n")
    found = detect(tmp_path)
    assert found is None or found.engine.key != "scripts"


def test_lint_gives_the_games_rules_and_no_web_mini_errors(tmp_path, cli) -> None:
    result = cli("lint", str(_game_scripts(tmp_path)))
    assert "MN509" in result.stdout
    for rule in ("MN003", "MN004", "MN007"):
        assert rule not in result.stdout, result.stdout


# --- beside a dev script: a web Mini only when it has a page to serve ---------------------------------------------


@pytest.mark.parametrize(
    ("scripts", "files", "served"),
    [
        ({"dev": "vite"}, {}, "has no page to serve"),  # Vite serves the root's index.html: there is none
        ({"start": "node server/index.js"}, {"server/index.js": "require('ws');\nnew (require('ws').Server)({ port: 8080 });\n"}, "has no page"),
        ({"dev": "webpack --watch"}, {"webpack.config.js": "module.exports = { output: { filename: 'game.js' } };\n"}, "builds game.js"),
        ({"dev": "esbuild src/main.ts --bundle --outfile=out/game.js --watch"}, {}, "builds game.js"),
    ],
)
def test_game_scripts_beside_a_dev_script_that_serves_no_page_are_a_game(tmp_path, scripts, files, served) -> None:
    root = _game_scripts(tmp_path, scripts)
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    found = detect(root)
    assert found is not None and found.engine.key == "scripts"
    why, _ = found.missing_build
    assert f"package.json's {next(iter(scripts))} script" in why and served in why


@pytest.mark.parametrize("web", ["html-file", "html-webpack-plugin", "react-scripts", "server-writes-html", "stubs-only"])
def test_game_scripts_beside_a_dev_script_with_a_page_to_serve_stay_a_mini(tmp_path, web: str) -> None:
    root = _game_scripts(tmp_path, {"dev": "react-scripts start" if web == "react-scripts" else "webpack serve"})
    if web == "html-file":
        (root / "src" / "app.html").write_text("<!doctype html><title>app</title>\n")
    elif web == "html-webpack-plugin":
        package = json.loads((root / "package.json").read_text())
        (root / "package.json").write_text(json.dumps({**package, "devDependencies": {"html-webpack-plugin": "^5.6.0"}}))
    elif web == "server-writes-html":
        (root / "src" / "server.ts").write_text("export const page = () => '<!DOCTYPE html><html><body></body></html>';\n")
    elif web == "stubs-only":  # an engine's type stubs alone are no games-SDK call: not enough beside a dev server
        (root / "src" / "platform" / "ads.ts").write_text("declare const Laya: any;\nexport const stage = () => Laya.stage;\n")
    found = detect(root)
    assert found is None or found.engine.key != "scripts"


def test_macos_litter_is_neither_a_page_nor_a_script(tmp_path) -> None:
    """A Mac-made zip's AppleDouble files (`._index.html`, `__MACOSX/`) are no page that would make the folder a web
    Mini, and an AppleDouble `._ads.ts` is not one of the game's scripts (source/files.is_litter)."""
    root = _game_scripts(tmp_path, {"dev": "webpack --watch"})
    (root / "._index.html").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00")
    (root / "__MACOSX" / "src").mkdir(parents=True)
    (root / "__MACOSX" / "src" / "._page.html").write_bytes(b"\x00\x05\x16\x07")
    (root / "src" / "platform" / "._ads.ts").write_bytes(b"\x00\x05\x16\x07\xb0")
    found = detect(root)
    assert found is not None and found.engine.key == "scripts"
    assert "._ads.ts" not in " ".join(found.missing_build)

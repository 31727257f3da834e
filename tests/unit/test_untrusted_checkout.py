"""The reads that landed in session 14 on a checkout minis-py does not trust (docs/security.md): a Cocos export's remote/
answered by the game host's relay, an installed npm dependency's code (lint/dependencies.py), an Egret project's modules,
and the files that decide what a folder is (package.json, a bundler config, a Cocos export's settings, a game's scripts).
Each layout here is one a pull request can commit: links (to folders outside, to a FIFO), nothing else. A FIFO stands for
/dev/zero and /dev/tty, which a link in a checkout can name as well: a read of it never ends (or eats memory); the tests
use a FIFO because an unfixed read then blocks, and is released, rather than filling the machine's memory."""

from __future__ import annotations

import base64
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from engine_projects import write

from minis_cli import gamepkg
from minis_cli.engines import detect
from minis_cli.lint import dependencies
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.mock import MockTikTok
from minis_cli.project import Project, tiktok_root

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="links and FIFOs as a POSIX checkout holds them")

SECRET = "the developer's own file, outside the checkout\n"


def finishes(work: Callable[[], Any], fifos: list[Path], seconds: float = 20.0) -> tuple[bool, Any]:
    """(whether `work` finished by itself within `seconds`, its result). A read blocked on one of the FIFOs is then
    released (a writer opens and closes it: end of file), so an unfixed read fails the test instead of hanging it."""
    result: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: result.setdefault("value", work()), daemon=True)
    thread.start()
    thread.join(seconds)
    finished = not thread.is_alive()
    for _ in range(50):
        if not thread.is_alive():
            break
        for fifo in fifos:
            os.close(os.open(fifo, os.O_RDWR | os.O_NONBLOCK))
        thread.join(0.2)
    return finished, result.get("value")


def lint_rules(root: Path, **kwargs: Any) -> list[str]:
    return sorted(d.rule_id for d in run(Project(root, environ={}, **kwargs), LintOptions(use_cache=False)).diagnostics)


# --- the game host's relay: <server>/remote/<path> from the export's remote/ ------------------------------------------

COCOS_SERVER = "http://127.0.0.1:9"  # loopback (the relay's allowed), a closed port: a request that reaches it fails


def cocos_export(root: Path) -> Path:
    return write(
        root, {"game.json": "{}", "game.js": "// the game\n", "src/settings.js": f'window._CCSettings={{remoteBundles:["x"],server:"{COCOS_SERVER}"}};'}
    )


def relay(mock: MockTikTok, url: str) -> dict[str, Any]:
    answer = httpx.post(f"{mock.url}/_mock/game/fetch", json={"url": url, "method": "GET"}, headers={"x-minis-token": mock.control_token})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_relay_never_serves_a_file_outside_the_exports_remote_folder(tmp_path) -> None:
    """The game's own code calls the relay (its page holds the control token): a remote/ that is a link (remote -> /,
    -> ~) must not hand it the developer's files, nor a link inside remote/ that leads out."""
    outside = write(tmp_path / "home", {"notes.txt": SECRET, "x/config.json": SECRET})
    linked = cocos_export(tmp_path / "linked")
    (linked / "remote").symlink_to(outside, target_is_directory=True)
    inner = cocos_export(tmp_path / "inner")
    write(inner, {"remote/x/config.json": '{"ok": true}'})
    (inner / "remote" / "x" / "notes.txt").symlink_to(outside / "notes.txt")
    (inner / "remote" / "out").symlink_to(outside, target_is_directory=True)
    with MockTikTok() as mock:
        mock.host_game(linked)
        for path in ("notes.txt", "x/config.json"):
            answer = relay(mock, f"{COCOS_SERVER}/remote/{path}")
            assert "body" not in answer and answer["error"]["error_code"] == 10401  # to the network, which fails: not the file
        assert gamepkg.remote_folder_size(linked, gamepkg.remote_bundles(linked)) is None  # never walked either (build, audit)
        mock.host_game(inner)
        assert base64.b64decode(relay(mock, f"{COCOS_SERVER}/remote/x/config.json")["body"]) == b'{"ok": true}'  # its own: served
        for path in ("x/notes.txt", "out/notes.txt", "x/%2e%2e/%2e%2e/game.js", "x/..%2f..%2fgame.js", "x\\..\\..\\game.js", "%2fetc%2fpasswd", "x/a%00b"):
            answer = relay(mock, f"{COCOS_SERVER}/remote/{path}")
            assert "body" not in answer, path  # a NUL, too, is a miss (it was a 500)
        # the relay is the session's: no token, no answer
        refused = httpx.post(f"{mock.url}/_mock/game/fetch", json={"url": f"{COCOS_SERVER}/remote/x/config.json", "method": "GET"})
        assert refused.status_code == 403


def test_a_settings_file_that_is_a_fifo_names_no_server(tmp_path) -> None:
    root = write(tmp_path / "game", {"game.json": "{}", "game.js": "", "remote/x/a.json": "{}"})
    (root / "src").mkdir()
    os.mkfifo(root / "src" / "settings.js")
    done, found = finishes(lambda: gamepkg.remote_bundles(root), [root / "src" / "settings.js"])
    assert done and found is None


# --- lint/dependencies.py: an installed dependency's code, read for MN504/MN509 ----------------------------------------

COCOS3 = {"assets/scenes/main.scene": "[]", "settings/v2/packages/project.json": "{}"}
SHOP = 'import * as harbor from "harbor-game-sdk";\nexport function watch() {\n  harbor.Platform.ads().showRewarded({});\n}\n'
SDK = "export function ads() {\n  return tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n}\n"


def cocos_game(root: Path) -> Path:
    package = json.dumps({"name": "tide", "creator": {"version": "3.8.6"}, "dependencies": {"harbor-game-sdk": "^2"}})
    return write(root, {**COCOS3, "package.json": package, "assets/scripts/Shop.ts": SHOP})


def test_an_installed_dependency_is_read_only_inside_the_folder_named(tmp_path) -> None:
    outside = write(tmp_path / "elsewhere", {"package.json": "{}", "index.js": SDK})
    root = cocos_game(tmp_path / "game")
    (root / "node_modules").mkdir()
    (root / "node_modules" / "harbor-game-sdk").symlink_to(outside, target_is_directory=True)
    assert "MN504" in lint_rules(root)  # node_modules/harbor-game-sdk -> ../elsewhere: not read, so no call seen
    # a link inside the folder named, as pnpm's into node_modules/.pnpm/ are: read
    store = write(root / "node_modules" / ".pnpm" / "harbor-game-sdk@2.0.0" / "node_modules" / "harbor-game-sdk", {"package.json": "{}", "index.js": SDK})
    (root / "node_modules" / "harbor-game-sdk").unlink()
    (root / "node_modules" / "harbor-game-sdk").symlink_to(store, target_is_directory=True)
    assert "MN504" not in lint_rules(root)
    # a file of an installed package that links out of the folder named is not read either
    (root / "node_modules" / "harbor-game-sdk").unlink()
    write(root, {"node_modules/harbor-game-sdk/package.json": "{}"})
    (root / "node_modules" / "harbor-game-sdk" / "index.js").symlink_to(outside / "index.js")
    assert "MN504" in lint_rules(root)


def test_a_dependency_file_that_is_a_fifo_does_not_stop_lint(tmp_path) -> None:
    root = cocos_game(tmp_path / "game")
    write(root, {"node_modules/harbor-game-sdk/package.json": "{}", "node_modules/harbor-game-sdk/b.js": SDK})
    os.mkfifo(root / "node_modules" / "harbor-game-sdk" / "a.js")
    done, rules = finishes(lambda: lint_rules(root), [root / "node_modules" / "harbor-game-sdk" / "a.js"])
    assert done and "MN504" not in rules  # the FIFO passed over, b.js read


def test_the_caps_end_the_walk_of_a_dependency(tmp_path, monkeypatch) -> None:
    root = cocos_game(tmp_path / "game")
    files = {f"node_modules/harbor-game-sdk/a/{i:03}.js": "export {};\n" for i in range(400)}
    write(root, {"node_modules/harbor-game-sdk/package.json": "{}", **files})
    for i in range(60):
        (root / "node_modules" / "harbor-game-sdk" / "z" / str(i)).mkdir(parents=True)
    walked: list[str] = []
    real_walk = os.walk

    def counting_walk(top: str, *args: Any, **kwargs: Any) -> Any:
        for step in real_walk(top, *args, **kwargs):
            walked.append(step[0])
            yield step

    monkeypatch.setattr(dependencies.os, "walk", counting_walk)
    assert "MN504" in lint_rules(root)
    assert walked and not [path for path in walked if "/harbor-game-sdk/z" in path]  # a/'s 400 scripts are the cap: z/'s 60 folders never walked


# --- Egret modules: read only inside the folder the user named (Project.bounds) ---------------------------------------


def test_an_egret_modules_folder_that_links_out_of_the_bounds_is_not_read(tmp_path) -> None:
    outside = write(tmp_path / "elsewhere", {"share.js": "var share; wx.updateShareMenu({});\n"})
    properties = {"engineVersion": "5.2.33", "modules": [{"name": "egret"}, {"name": "share", "path": "libs/share"}, {"name": "rank", "path": "libs/rank"}]}
    root = write(tmp_path / "game", {"egretProperties.json": json.dumps(properties), "src/Main.ts": "class Main {}\n", "libs/rank/rank.js": "var rank;\n"})
    (root / "libs" / "share").mkdir()
    (root / "libs" / "share" / "bin").symlink_to(outside, target_is_directory=True)  # libs/share/bin/share.js: ../elsewhere's
    (root / "libs" / "rank" / "rank.web.js").symlink_to(outside / "share.js")
    project = Project(root, environ={})
    assert project.module_files == ("libs/rank/rank.js",)
    assert "MN503" not in lint_rules(root)


# --- the files that decide what a folder is: package.json, a bundler config, a game's scripts -------------------------


@pytest.mark.parametrize(
    ("files", "fifo"),
    [
        ({"a.js": "x\n"}, "package.json"),  # root discovery (engines._json), the target's subfolders (targets.py)
        ({"cc.d.ts": "declare module 'cc' {}\n"}, "main.ts"),  # a game's scripts (gamescripts.py)
        ({"package.json": '{"scripts": {"dev": "webpack --watch"}}', "main.ts": "tt.login({});\n"}, "webpack.config.js"),  # 73da8f5
        ({"web/index.html": "<html></html>", "other/game.json": "{}", "other/game.js": ""}, "web/package.json"),  # 83bc399
        ({"index.html": "<html></html>"}, "game.html"),  # a page at the root that may load the SDK (targets.py)
    ],
)
def test_a_fifo_where_a_file_that_decides_the_folder_is_does_not_stop_lint(tmp_path, files: dict[str, str], fifo: str) -> None:
    root = write(tmp_path / "p", files)
    os.mkfifo(root / fifo)
    done, _ = finishes(lambda: lint_rules(tiktok_root(root)[0]), [root / fifo])  # as lint, dev and build find the folder
    assert done


def test_read_regular_reads_regular_files_only_and_never_more_than_the_limit(tmp_path) -> None:
    from minis_cli.source.files import read_regular, read_text

    write(tmp_path, {"a.json": "{}", "big.js": "x" * 100})
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "zero").symlink_to("/dev/zero")
    assert read_regular(tmp_path / "a.json", 10) == b"{}"
    assert read_regular(tmp_path / "big.js", 10) is None and read_regular(tmp_path / "big.js", 10, partial=True) == b"x" * 10
    assert read_regular(tmp_path / "pipe", 10) is None and read_regular(tmp_path / "zero", 10, partial=True) is None
    assert read_regular(tmp_path / "missing", 10) is None and read_regular(str(tmp_path / "a\0b"), 10) is None
    assert read_text(tmp_path / "zero").problem == "cannot be read: not a regular file"
    assert detect(tmp_path) is None


def test_a_project_file_that_links_outside_the_project_is_not_read(tmp_path, cli) -> None:
    """A committed `leak.js -> ../secret.js` must not be read, nor its lines printed in a code frame of a public CI log:
    the folder the user named is the project. A link to a file inside it is read as before."""
    outside = write(tmp_path, {"secret.js": "eval('TOKEN=ghp_secret_from_the_developers_machine');\n"})
    root = write(tmp_path / "p", {"index.html": "<html><body><script src='app.js'></script></body></html>", "app.js": "var a = 1;\n"})
    os.symlink(outside / "secret.js", root / "leak.js")
    os.symlink(root / "app.js", root / "alias.js")
    project = Project(root, environ={})
    paths = {file.path for file in project.files}
    assert "leak.js" not in paths and "alias.js" in paths
    assert project.skipped_folders["leak.js"] == "a link to a file outside the project: not read"
    shown = cli("lint", str(root), "--no-cache", "--output-format", "full")
    assert "ghp_secret" not in shown.stdout and "leak.js" not in shown.stdout
    listed = cli("lint", str(root), "--no-cache", "--show-files")
    assert "skipped   leak.js  (a link to a file outside the project: not read)" in listed.stdout

"""Issue 30's gap: the SDK's name, or an API's, built from constant strings (`window['TTMin' + 'is']`, `const k =
'TTMin' + 'is'; window[k]`, a template literal with no substitutions) is folded where SDK references are resolved
(sdkrefs.folded), bounded: literals, their `+`, and a const of the script holding one."""

from __future__ import annotations

import pytest

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project
from minis_cli.source.javascript import scripts_in
from minis_cli.source.syntax import names_sdk

SDK = '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'
PAGE = f'<!doctype html>\n<html>\n<head>\n{SDK}\n</head>\n<body>\n<script type="module" src="/src/main.js"></script>\n</body>\n</html>\n'
WRONG_KEY = "MN104 clientKey 'awother0001' does not match minis.config.json dev.clientKey 'awexample123'"


def lint(make_project, main: str) -> list[str]:
    root = make_project({"index.html": PAGE, "minis.config.json": '{"dev": {"clientKey": "awexample123"}}', "src/main.js": main})
    result = run(Project(root, environ={}), LintOptions(use_cache=False, ignore=("MN001", "MN003", "MN207")))
    return [f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id} {d.message}" for d in result.diagnostics]


@pytest.mark.parametrize(
    "main",
    [
        "window['TTMin' + 'is'].init({ clientKey: 'awother0001' });\n",
        "const k = 'TTMin' + 'is';\nwindow[k].init({ clientKey: 'awother0001' });\n",
        "const k = 'TTM' + 'in' + 'is';\nconst sdk = globalThis[k];\nsdk.init({ clientKey: 'awother0001' });\n",
        "window[`TTMinis`].init({ clientKey: 'awother0001' });\n",
        "const NAME = `TTMinis`;\n(window)[NAME].init({ clientKey: 'awother0001' });\n",
    ],
    ids=["concatenated-key", "const-key", "const-key-alias", "template-key", "const-template"],
)
def test_the_sdks_name_folded_from_constants(make_project, main: str) -> None:
    found = lint(make_project, main)
    assert len(found) == 1 and found[0].endswith(WRONG_KEY), found  # the init call is seen: MN104, and no MN102


def test_an_apis_name_folded_from_constants(make_project) -> None:
    main = "TTMinis['get' + 'UserInfo']({});\nconst PAY = `pay`;\nTTMinis[PAY]({ success() {}, fail() {} });\nwindow['TTMin' + 'is'].getUserProfile({});\n"
    found = lint(make_project, main)
    assert [line.split(": ", 1)[1].split()[0] for line in found if "MN102" not in line] == ["MN208", "MN210", "MN208"], found
    assert [line.split(":")[1] for line in found if "MN102" not in line] == ["1", "3", "4"], found


def test_what_is_not_constant_is_not_folded() -> None:
    for source in (
        "let k = 'TTMin' + 'is';\nk = 'other';\nwindow[k].getUserInfo({});\n",  # not a const
        "window['TTMin' + suffix].getUserInfo({});\n",  # a part that is not constant
        "const k = 'TTMin' + 'is' + 'x';\nwindow[k].getUserInfo({});\n",  # another name
    ):
        assert [call.callee for call in scripts_in("a.js", source)[0].calls if call.callee.startswith("TTMinis")] == [], source
    # bounded: the name's pieces hold `Minis` or `TTM` whole (every split in two, the usual ones in more)
    assert names_sdk("const k = 'TTMin' + 'is';") and names_sdk("x = 'T' + 'T' + 'Minis'")
    assert not names_sdk("x = 'TT' + 'M' + 'inis'")


@pytest.mark.parametrize("holder", ['window["wx"]', "window['tt']", 'globalThis["tt"]', "GameGlobal['wx']"])
def test_a_games_namespace_read_from_the_global_object_by_a_constant_key(make_project, holder: str) -> None:
    """`window["wx"].createRewardedVideoAd(...)` is the games SDK's rewarded ad (issue 30, round 4: MN504 fired), as
    `window["wx"].login(...)` was already its login: the call is captured whatever its method's name."""
    game = f"const ad = {holder}.createRewardedVideoAd({{ adUnitId: 'ad7301' }});\nad.show();\n{holder}.login({{ success() {{}}, fail() {{}} }});\n"
    root = make_project({"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt0123456789abcd"}', "game.js": game})
    result = run(Project(root, environ={}), LintOptions(use_cache=False, select=("MN504", "MN509")))
    assert [(d.rule_id, d.message) for d in result.diagnostics] == [
        ("MN509", "this mini game never uses the shortcut (addShortcut) or the entrance mission (startEntranceMission): TikTok requires them of mini games")
    ]
    script = scripts_in("game.js", game)[0]
    assert {"TTMinis.game.createRewardedVideoAd", "TTMinis.game.login"} <= script.sdk_references

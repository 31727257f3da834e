"""The lint's fast paths on large real projects (session 28: the held-out corpus's largest projects linted 20-25% faster)
give the answers of the slow forms they replaced: whole-word search without a leading lookbehind, library signatures
ruled out by the text they require, a folder listing for "is this a file", members set on the games namespace, one
query for a script's assignments."""

from __future__ import annotations

import os
import re

import pytest
from engine_projects import write

from minis_cli.lint import guards
from minis_cli.lint.libraries import LIBRARIES, required_text
from minis_cli.source import modules
from minis_cli.source.javascript import scripts_in
from minis_cli.source.syntax import identifier_uses, word_matches


def _slow_words(data: bytes, name: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(rb"(?<![\w$])" + re.escape(name.encode()) + rb"(?![\w$])", data)]


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"aaa", "aa"),
        (b"x ab ab xab abx ab", "ab"),
        ("x数数数 数数".encode(), "数数"),  # a name that overlaps itself, first refused for the letter before it
        (b"$tt tt _tt tt$ tt.x tt", "tt"),
        (b"tt", "tt"),
        (b"atttt tt", "tt"),
        (b"", "tt"),
    ],
)
def test_word_matches_finds_what_a_lookbehind_finds(data: bytes, name: str) -> None:
    assert [m.span() for m in word_matches(data, name)] == _slow_words(data, name)


def test_identifier_uses_skips_longer_names() -> None:
    [script] = scripts_in("a.js", "var platform = 1; myplatform = 2; platform_x = 3; f(platform);\n")
    assert [node.start_byte for node in identifier_uses(script, "platform")] == [4, 52]


def test_required_text_of_signatures() -> None:
    assert required_text(r"Copyright\s*(?:\(c\)|©)?[^\n]*?Egret Technology") == ("Egret Technology",)
    assert required_text(r"(?:\A|\n)var PIXI\s*=") == ("var PIXI",)
    assert set(required_text(r"(?:Photon Storm Ltd|Phaser Studio Inc)\b") or ()) == {"oton Storm Ltd", "aser Studio Inc"}
    assert required_text(r"(?i)egret") is None  # a pattern that ignores case: the regex decides
    assert required_text(r"ab|cd") is None  # too short to rule anything out
    assert required_text(r"(?:abcd)?de") is None  # an optional group is not required, and `de` is too short
    assert required_text(r"(?:abcd)?def") == ("def",)


def test_libraries_recognised_as_before() -> None:
    """Every library's signatures against heads that hold them, their required text alone, and neither."""
    heads = [
        "/* https://www.layabox.com 2019/1/1 */\nwindow.Laya = {};",
        "window.Laya= (function (exports) {",
        "/*!\n * pixi.js - v7.2.4\n */",
        "// Copyright (c) 2017-2018 Xiamen Yaji Software Co., Ltd.",
        "Copyright (c) 2014-present, Egret Technology.",
        "var PIXI = function () {}",
        "var PIXI = 1",  # the required text without the signature
        "exports.Phaser = Phaser",
        "/* (c) Photon Storm Ltd */",
        "const REVISION = '160';",
        "matter-js 0.19.0 by @liabru",
        "nothing here at all",
    ]
    for head in heads:
        for library in LIBRARIES:
            pattern = library._compiled[1]
            expected = pattern is not None and pattern.search(head) is not None
            assert library.matches_head(head) == expected, (library.name, head)


def test_file_exists_is_isfile(tmp_path) -> None:
    root = write(tmp_path / "p", {"src/a.ts": "", "src/b/index.js": "", "Upper.ts": ""})
    (tmp_path / "p" / "src" / "folder.ts").mkdir()
    os.symlink(tmp_path / "p" / "src" / "a.ts", tmp_path / "p" / "src" / "link.ts")
    os.symlink(tmp_path / "p" / "nowhere.ts", tmp_path / "p" / "src" / "dangling.ts")
    modules.new_run()
    for path in [
        "src/a.ts",
        "src/b/index.js",
        "src/folder.ts",
        "src/link.ts",
        "src/dangling.ts",
        "src/none.ts",
        "none/a.ts",
        "Upper.ts",
        "upper.ts",
        "src",
        "src/",
    ]:
        assert modules.file_exists(str(root), path) == os.path.isfile(os.path.join(root, path)), path


def test_file_exists_sees_a_new_run(tmp_path) -> None:
    root = write(tmp_path / "p", {"src/a.ts": ""})
    modules.new_run()
    assert not modules.file_exists(str(root), "src/b.ts")
    (root / "src" / "b.ts").write_text("")
    assert not modules.file_exists(str(root), "src/b.ts")  # the folder's listing, kept for this run
    modules.new_run()
    assert modules.file_exists(str(root), "src/b.ts")


def test_resolve_import_once_per_folder_and_run(tmp_path) -> None:
    root = write(tmp_path / "p", {"src/a.ts": "", "src/x/b.ts": "", "src/y/c.ts": ""})
    files = modules._Files(str(root))
    modules.new_run()
    assert modules.resolve_import(files, "src/x/b.ts", "../a") == "src/a.ts"
    assert modules.resolve_import(files, "src/y/c.ts", "../a") == "src/a.ts"
    assert modules.resolve_import(files, "src/x/b.ts", "./c") is None
    assert modules.resolve_import(files, "src/y/d.ts", "./c") == "src/y/c.ts"  # the same specifier, another folder


def _slow_member_sets(text: str) -> list[tuple[str, str]]:
    pattern = re.compile(
        r"(?<![\w$.])(?:(?:window|globalThis|GameGlobal)\s*\.\s*)?(?:tt|wx)\s*\.\s*([A-Za-z_$][\w$]*)\s*=(?![=>])|"
        r"(?<![\w$.])(?:(?:window|globalThis|GameGlobal)\s*\.\s*)?(?:tt|wx)\s*\[\s*['\"]([A-Za-z_$][\w$]*)['\"]\s*\]\s*=(?![=>])"
    )
    return [(m.group(1) or m.group(2), re.sub(r"^(?:window|globalThis|GameGlobal)\s*\.\s*", "", m.group(0))[:2]) for m in pattern.finditer(text)]


@pytest.mark.parametrize(
    "text",
    [
        "tt.x = 1",
        "window.tt.x=1",
        "window . wx['y'] = 2",
        "sdk.tt.x = 1",
        "watt.x = 1",
        "$tt.x=1",
        "a=tt.b=c",
        "tt.x == 1",
        "tt.x => 1",
        "globalThis.wx.z=1",
        "x.window.tt.a = 1",
        "foo. tt.x = 1",
        "é tt.k=1",
        "étt.k=1",
        "GameGlobal.tt['q']=3",
        "wx.uma = qe; tt.helper = function () {}; if (wx.a === b) {}",
    ],
)
def test_member_sets_as_before(text: str) -> None:
    assert list(guards._member_sets(text)) == _slow_member_sets(text)


def test_assignment_sites_in_source_order() -> None:
    source = 'class A { static env = "tt"; x = 1 }\nvar env = 2; a.b.env = 3; env = 4; let { env: e } = q; o["env"] = 5;\n'
    [script] = scripts_in("a.js", source)
    sites = guards._assignment_sites(script)
    assert [node.type for node in sites["env"]] == [
        "field_definition",
        "variable_declarator",
        "assignment_expression",
        "assignment_expression",
        "assignment_expression",
    ]
    assert [node.start_byte for node in sites["env"]] == sorted(node.start_byte for node in sites["env"])
    [typed] = scripts_in("a.ts", "class A { static env: string = 'tt' }\n")
    assert [node.type for node in guards._assignment_sites(typed)["env"]] == ["public_field_definition"]


@pytest.mark.parametrize(
    "text", ["import a from './a'", "xrequire(\"a from 'b'\")", "from'x'", "_from 'y'", "数from 'z'", "import('a') require ('b')", "const r = require('./r');"]
)
def test_specifiers_as_with_a_word_boundary(text: str) -> None:
    pattern = r"""(?:\bfrom|\bimport\s*\(|\brequire\s*\()\s*['"]([^'"\r\n]{1,300})['"]"""
    assert guards._specifiers(text) == re.findall(pattern, text)


@pytest.mark.parametrize("text", ["ttt", "$tt", "_wx wx", "a.tt", "ttwx", "数tt", "tt数", "x = tt;", ""])
def test_names_namespace_as_with_a_lookbehind(text: str) -> None:
    from minis_cli.lint.games_aliases import _names_namespace

    assert _names_namespace(text) == (re.search(r"(?<![\w$])(?:tt|wx)(?![\w$])", text) is not None)


def test_a_cached_result_follows_a_fact_of_the_whole_project(tmp_path) -> None:
    """The WeChat adapter is left out while a store constant in another module names ByteDance; an assignment of
    that constant in a third module (found by the project's index of assignments, not by an import) brings it back.
    With the cache, each change is seen: the adapter's result is kept under the digest of every project file."""
    from test_round32_patterns import ADAPTERS, COCOS2, MANAGER

    from minis_cli.lint.engine import run
    from minis_cli.lint.model import LintOptions
    from minis_cli.project import Project

    setup = tmp_path / "game" / "assets" / "scripts" / "Setup.ts"
    root = write(tmp_path / "game", {**COCOS2, **ADAPTERS, "assets/scripts/PlatformManager.ts": MANAGER.replace("{CONSTANT}", "BYTEDANCE")})
    setup.write_text("export function choose(p: any) { return p; }\n")

    def mn503() -> tuple[list[str], int]:
        result = run(Project(root, environ={}), LintOptions(use_cache=True, select=("MN503",)))
        return sorted(f"{d.path}:{d.span.line if d.span else ''}" for d in result.diagnostics), result.cache_hits

    assert mn503()[0] == ["assets/scripts/ByteSdk.ts:3"]
    found, hits = mn503()
    assert found == ["assets/scripts/ByteSdk.ts:3"] and hits > 0
    setup.write_text("import { PlatformManager } from './PlatformManager';\nexport function choose(p: any) { PlatformManager.currentPlatform = p; }\n")
    assert mn503()[0] == ["assets/scripts/ByteSdk.ts:3", "assets/scripts/WechatSdk.ts:3"]
    setup.write_text("export function choose(p: any) { return p; }\n")
    assert mn503()[0] == ["assets/scripts/ByteSdk.ts:3"]
    assert mn503()[0] == ["assets/scripts/ByteSdk.ts:3"]


def test_a_cached_result_follows_a_file_it_depends_on_coming_into_being(tmp_path) -> None:
    """A result that depends on a file not there (an open data API's call, judged by project.config.json's
    openDataContext) is cached with that absence, and checked again once the file is written."""
    from minis_cli.lint.engine import run
    from minis_cli.lint.model import LintOptions
    from minis_cli.project import Project

    root = write(
        tmp_path / "game", {"game.json": "{}", "game.js": "require('./src/main.js');\n", "src/main.js": "tt.getFriendCloudStorage({ keyList: ['best'] });\n"}
    )

    def mn503() -> tuple[list[str], int]:
        result = run(Project(root, environ={}), LintOptions(use_cache=True, select=("MN503",)))
        return [f"{d.path}:{d.span.line if d.span else ''}" for d in result.diagnostics], result.cache_hits - len(result.files)

    assert mn503()[0] == ["src/main.js:1"]
    assert mn503() == (["src/main.js:1"], 0)  # every file from the cache, main.js included
    (root / "project.config.json").write_text('{"appid": "tt1234567890abcdef", "openDataContext": "src"}')
    assert mn503()[0] == []

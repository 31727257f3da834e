"""Held-out round 19 of issue 30 (a PixiJS game's platform service): the SDK held by a member of an instance or an
object another module exports (`export const Platform = new PlatformService()`, kept on the global object first; its
`get api()` returning a field given by an imported function), and a loader's require inside try/catch of a file
nothing writes."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from minis_cli.engines import missing_requires
from minis_cli.lint.engine import run
from minis_cli.lint.games_aliases import alias_calls
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project
from minis_cli.source.javascript import scripts_in

GAME = {
    "game.json": '{"deviceOrientation": "portrait"}',
    "project.config.json": '{"appid": "awround19game1"}',
    "game.js": "require('./src/ads.js');\n",
    "src/detect.js": (
        "export function getNativePlatformApi(p) {\n  if (p === 'douyin') return typeof tt !== 'undefined' ? tt : null;\n"
        "  return typeof wx !== 'undefined' ? wx : null;\n}\n"
    ),
}
ADS = (
    "import { Platform } from './service';\n"
    "export function show() { const api = Platform.api; return api.createRewardedVideoAd({ adUnitId: 'adunit7f31c0a9e2' }); }\n"
)
SERVICES = {
    "an instance whose getter returns a field an imported function gives": (
        "import { getNativePlatformApi } from './detect';\nclass C {\n  constructor() { this._api = getNativePlatformApi('douyin'); }\n"
        "  get api() { return this._api; }\n}\nconst _g = typeof GameGlobal !== 'undefined' ? GameGlobal : globalThis;\n"
        "if (!_g.__ps) _g.__ps = new C();\nexport const Platform = _g.__ps;\n"
    ),
    "an instance whose field is the SDK": (
        "class C {\n  constructor() { this.api = typeof tt !== 'undefined' ? tt : wx; }\n}\nexport const Platform = new C();\n"
    ),
    "an object literal": "export const Platform = { api: tt };\n",
}


def rules(make_project, files: dict[str, str], rule: str) -> list[str]:
    root = make_project({**GAME, **files}, baseline=False)
    return [d.path for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id == rule]


@pytest.mark.parametrize("service", SERVICES.values(), ids=list(SERVICES))
def test_a_rewarded_ad_made_through_an_exported_platform_object_counts(make_project, service: str) -> None:
    assert rules(make_project, {"src/service.js": service, "src/ads.js": ADS}, "MN504") == []


def test_an_exported_object_holding_something_else_is_not_the_sdk(make_project) -> None:
    stub = (
        "class C {\n  constructor() { this._api = makeStub(); }\n  get api() { return this._api; }\n}\n"
        "function makeStub() { return {}; }\nexport const Platform = new C();\n"
    )
    assert rules(make_project, {"src/service.js": stub, "src/ads.js": ADS}, "MN504") == ["game.js"]


def test_a_subpackage_entry_required_inside_try_catch_does_not_make_the_package_unbuilt(tmp_path: Path) -> None:
    """A subpackage's game.js required directly inside try/catch (a fallback beside loadSubpackage) is not the build's
    output; the game's bundle is, even when its require is wrapped in try/catch for a diagnostic (round 9's loader)."""
    (tmp_path / "game.json").write_text('{"subpackages": [{"name": "kitchen", "root": "subpkg_kitchen/"}, {"name": "x", "root": "x/"}]}')
    (tmp_path / "game.js").write_text(
        "function kitchen() {\n  try { require('./subpkg_kitchen/game.js'); } catch (e) { console.warn('no kitchen', e); }\n}\n"
        "try { require('./game-bundle.js'); } catch (e) { showDiagnostics(e); }\ntry { require('./x/game.js'); } catch (e) { throw e; }\n"
    )
    # the bundle is missing (the build writes it); a catch that rethrows does not tolerate a subpackage's either
    assert missing_requires(tmp_path) == ["./game-bundle.js", "./x/game.js"]
    (tmp_path / "game-bundle.js").write_text("tt.login({ success() {}, fail() {} });\n")
    assert missing_requires(tmp_path) == ["./x/game.js"]


MN503_USE = "import { Platform } from './service';\nexport function who() { return Platform.api.getUserProfile({ desc: 'rank' }); }\n"
NOT_THE_SDK = {
    "a static member": "class C {\n  static api = tt;\n}\nexport const Platform = new C();\n",
    "a nested function's this": "class C {\n  constructor() { const o = { set() { this.api = tt; } }; o.set(); }\n}\nexport const Platform = new C();\n",
    "a member assigned again": "export const Platform = { api: tt };\nPlatform.api = new Wrapper();\n",
    "a member the module patches": "const sdk = tt;\nsdk.getUserProfile = function (o) { return o; };\nexport const Platform = { api: sdk };\n",
}


@pytest.mark.parametrize("service", NOT_THE_SDK.values(), ids=list(NOT_THE_SDK))
def test_what_an_export_does_not_hold_as_the_sdk_is_not_read_as_it(make_project, service: str) -> None:
    """The review of 3884b93: each of these made a false MN503 at the importer's call."""
    assert rules(make_project, {"src/service.js": service, "src/ads.js": MN503_USE}, "MN503") == []


def test_a_parameter_named_like_the_import_is_not_it_and_a_required_module_still_is(make_project) -> None:
    service = "export const Platform = { api: tt };\n"
    shadow = "import { Platform } from './service';\nexport function who(Platform) { return Platform.api.getUserProfile({}); }\n"
    assert rules(make_project, {"src/service.js": service, "src/ads.js": shadow}, "MN503") == []
    assert rules(make_project, {"src/service.js": service, "src/ads.js": MN503_USE}, "MN503") == ["src/ads.js"]


def test_a_long_chain_of_modules_each_filled_by_the_next_does_not_break_lint(make_project) -> None:
    """The review of 3884b93: 160 modules, each `this.x = makeN()` from the next, overflowed Python's stack."""
    files = {}
    for i in range(200):
        following = f"import {{ make{i + 1} }} from './m{i + 1}';\n" if i < 199 else ""
        value = f"make{i + 1}()" if i < 199 else "tt"
        files[f"src/m{i}.js"] = (
            f"{following}class C{i} {{\n  constructor() {{ this.x = {value}; }}\n}}\nexport function make{i}() {{ return new C{i}(); }}\n"
            f"export const I{i} = new C{i}();\n"
        )
    files["src/ads.js"] = "import { I0 } from './m0';\nexport const a = I0.x;\n"
    assert rules(make_project, files, "MN503") == []  # and no internal error


def test_a_subpackage_entry_the_projects_build_writes_is_not_tolerated(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"scripts": {"build": "esbuild src/kitchen.js --bundle --outfile=subpkg_kitchen/game.js"}}')
    (tmp_path / "game.json").write_text('{"subpackages": [{"name": "kitchen", "root": "subpkg_kitchen/"}]}')
    (tmp_path / "game.js").write_text("try { require('./subpkg_kitchen/game.js'); } catch (e) { console.warn(e); }\n")
    assert missing_requires(tmp_path) == ["./subpkg_kitchen/game.js"]


def test_the_sdk_read_off_a_field_given_the_global_object(make_project) -> None:
    """Round 20 (a Cocos 3 game's PlatformService): `private readonly _host = globalThis as any`, then
    `const sdk = this.kind === 'wechat' ? this._host.wx : this._host.tt; sdk.createRewardedVideoAd(...)`."""
    service = (
        "class PlatformService {\n  _host = globalThis;\n  kind = 'douyin';\n"
        "  show() { const sdk = this.kind === 'wechat' ? this._host.wx : this._host.tt; return sdk.createRewardedVideoAd({ adUnitId: 'adunit7f31c0a9e2' }); }\n"
        "  share() { this._host.tt.getUserProfile({}); }\n}\nnew PlatformService().show();\n"
    )
    root = {"src/ads.js": service, "game.js": "require('./src/ads.js');\n"}
    assert rules(make_project, root, "MN504") == []
    assert rules(make_project, root, "MN503") == ["src/ads.js"]


def test_an_ad_unit_slug_with_a_counter_is_a_placeholder(make_project) -> None:
    """Round 20: `tt_rewarded_revive_ad_unit_01`, words and a two-digit counter, as no platform issues an id."""
    code = "tt.createRewardedVideoAd({ adUnitId: 'tt_rewarded_revive_ad_unit_01' });\ntt.createRewardedVideoAd({ adUnitId: 'ad7688609012350240786' });\n"
    assert rules(make_project, {"game.js": code}, "MN505") == ["game.js"]


@pytest.mark.parametrize(
    "service",
    ["class C {\n  constructor() { this.api = tt; }\n}\nexport default new C();\n", "export default { api: tt };\n"],
    ids=["an instance", "an object literal"],
)
def test_a_default_export_holding_the_sdk_in_a_member(make_project, service: str) -> None:
    use = "import Platform from './service';\nexport function who() { return Platform.api.getUserProfile({ desc: 'rank' }); }\n"
    assert rules(make_project, {"src/service.js": service, "src/ads.js": use}, "MN503") == ["src/ads.js"]


# The review of daa07b8 (the SDK read off a field or const given the global object): four defects.
GIVEN_CALLS = "this._host.tt.createRewardedVideoAd({ adUnitId: 'ad7688609012350240786' }); this._host.tt.login({});"


def _given(field: str, constructor: str = "", calls: str = GIVEN_CALLS, before: str = "", extends: str = "") -> str:
    return f"{before}export class P{extends} {{\n  {field}\n  constructor() {{ {constructor} }}\n  show() {{ {calls} }}\n}}\nnew P().show();\n"


GIVEN_FORMS = {
    # 1: a call made straight through the field (not through a local given `this._host.tt`)
    "a field, called through directly": ("src/ads.js", _given("_host = globalThis;")),
    # 2: forms the text gate refused, or the field index did not read
    "a parenthesised cast": ("src/ads.ts", _given("private readonly _host = (globalThis as any);")),
    "an angle-bracket cast": ("src/ads.ts", _given("private readonly _host = <any>globalThis;")),
    "a typed field": ("src/ads.ts", _given("private readonly _host: any = globalThis;")),
    "the constructor's assignment (TypeScript)": ("src/ads.ts", _given("private readonly _host: any;", "this._host = globalThis as any;")),
    "the constructor's assignment (JavaScript)": ("src/ads.js", _given("", "this._host = globalThis;")),
    "an initialiser the constructor replaces": ("src/ads.ts", _given("private _host: any = null;", "this._host = globalThis;")),
    "a field of the base class": ("src/ads.js", _given("", "super();", before="class B { _host = globalThis; }\n", extends=" extends B")),
    "a field of the base's base": (
        "src/ads.js",
        _given("", "super();", before="class A { _host = GameGlobal; }\nclass B extends A {}\n", extends=" extends B"),
    ),
    "an arrow function's this": ("src/ads.js", _given("_host = globalThis;", calls=f"setTimeout(() => {{ {GIVEN_CALLS} }}, 0);")),
    "a const, by a string key": (
        "src/ads.js",
        "const g = globalThis;\ng['tt'].createRewardedVideoAd({ adUnitId: 'ad7688609012350240786' }); g['tt'].login({});\n",
    ),
    "a const, called through directly": (
        "src/ads.js",
        "const g = window;\nexport function show() { g.tt.createRewardedVideoAd({ adUnitId: 'ad7688609012350240786' }); g.tt.login({}); }\n",
    ),
}


@pytest.mark.parametrize(("path", "code"), GIVEN_FORMS.values(), ids=list(GIVEN_FORMS))
def test_a_call_through_what_is_given_the_global_object_counts(make_project, path: str, code: str) -> None:
    """Review of daa07b8, 1 and 2: `this._host.tt.createRewardedVideoAd(...)` with `_host` given the global object in
    any of the ways a game writes it is the rewarded ad (MN504) and the silent login (MN509) TikTok requires."""
    root = {path: code, "game.js": f"require('./{path[:-3]}.js');\n"}
    assert rules(make_project, root, "MN504") == []
    assert "login" not in " ".join(d for d in _messages(make_project, root, "MN509"))


def _messages(make_project, files: dict[str, str], rule: str) -> list[str]:
    root = make_project({**GAME, **files}, baseline=False)
    return [d.message for d in run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id == rule]


NOT_GIVEN = {
    "a field given something else": _given("_host = makeHost();", before="var g = window;\nfunction makeHost() { return { tt: {} }; }\n"),
    "a field given the global object, then something else": _given("_host = globalThis;", calls=f"this._host = {{ tt: {{}} }}; {GIVEN_CALLS}"),
    "a field of another class": "class Q { _host = globalThis; }\n" + _given("_host = makeHost();", before="function makeHost() { return { tt: {} }; }\n"),
    "a static field": _given("static _host = globalThis;", before="function makeHost() { return { tt: {} }; }\n"),
    "a global object shadowed": "function make(self) { return class { _host = self; show() { " + GIVEN_CALLS + " } }; }\nnew (make({ tt: {} }))().show();\n",
    "only a comment": "// x = globalThis;\n" + _given("_host = makeHost();", before="function makeHost() { return { tt: {} }; }\n"),
}


@pytest.mark.parametrize("code", NOT_GIVEN.values(), ids=list(NOT_GIVEN))
def test_a_call_through_what_is_not_the_global_object_is_not_the_sdk(make_project, code: str) -> None:
    assert rules(make_project, {"src/ads.js": code, "game.js": "require('./src/ads.js');\n"}, "MN504") == ["game.js"]


SHADOWED = {
    "a parameter": "export function withFake(host) { return host.tt.getUserProfile({}); }\nwithFake({ tt: { getUserProfile() {} } });\n",
    "a destructured parameter": "export function withFake({ host }) { return host.tt.getUserProfile({}); }\n",
    "a parameter with a default": "export function withFake(host = {}) { return host.tt.getUserProfile({}); }\n",
    "an arrow's parameter": "export const withFake = host => host.tt.getUserProfile({});\n",
    "an inner const": "export function f() { const host = { tt: { getUserProfile() {} } }; return host.tt.getUserProfile({}); }\n",
    "a for-of const": "for (const host of [{ tt: { getUserProfile() {} } }]) host.tt.getUserProfile({});\n",
    "a for-of var, after the loop": "export function f(xs) { for (var host of xs) {} return host.tt.getUserProfile({}); }\n",
    "a catch parameter": "try { run(); } catch (host) { host.tt.getUserProfile({}); }\n",
    "a hoisted var": "export function f() { host.tt.getUserProfile({}); var host = make(); }\n",
}


@pytest.mark.parametrize("code", SHADOWED.values(), ids=list(SHADOWED))
def test_a_name_shadowing_the_const_given_the_global_object_is_not_it(make_project, code: str) -> None:
    """Review of daa07b8, 4: `const host = globalThis;` at the top, and a parameter or inner declaration named host
    where `host.tt.getUserProfile()` is called: that host is not the global object (no MN503)."""
    game = "tt.createRewardedVideoAd({ adUnitId: 'ad7688609012350240786' }); tt.login({});\nconst host = globalThis;\n" + code
    assert rules(make_project, {"game.js": game}, "MN503") == []
    assert rules(make_project, {"game.js": game + "export function real() { host.tt.getUserProfile({}); }\n"}, "MN503") == ["game.js"]


def _class_of(methods: int, field: str) -> str:
    body = "".join(
        f"  f{i} = {i};\n  m{i}(a) {{ const s = this._host.tt; this._host.tt.setStorageSync('k{i}', a); return this.o{i}.tt.x(a); }}\n" for i in range(methods)
    )
    return f"var g = window;\nclass Big {{\n  _host = {field};\n{body}}}\nnew Big();\n"


@pytest.mark.parametrize("field", ["makeHost()", "globalThis"])
def test_reading_fields_given_the_global_object_takes_time_in_proportion_to_the_script(field: str) -> None:
    """Review of daa07b8, 3: each `this.X.tt` searched its whole class for X's definition (a 300 KB class took 16 s
    to lint, 41 s with the field given globalThis). Four times the methods must take about four times as long."""

    def seconds(methods: int) -> float:
        best = float("inf")
        for _ in range(3):
            script = scripts_in("game.js", _class_of(methods, field))[0]
            start = time.perf_counter()
            found = alias_calls(script, None)
            best = min(best, time.perf_counter() - start)
        assert len(found) == (methods if field == "globalThis" else 0)  # this._host.tt.setStorageSync
        return best

    small, large = seconds(250), seconds(1000)
    assert large < 8 * small + 0.05, (small, large)

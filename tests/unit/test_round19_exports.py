"""Held-out round 19 of issue 30 (a PixiJS game's platform service): the SDK held by a member of an instance or an
object another module exports (`export const Platform = new PlatformService()`, kept on the global object first; its
`get api()` returning a field given by an imported function), and a loader's require inside try/catch of a file
nothing writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from minis_cli.engines import missing_requires
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

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

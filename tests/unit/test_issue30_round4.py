"""Issue 30, measured on real projects (round 4): the false findings and the gaps nine public projects showed, each
modelled in general on small projects of our own."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions, Severity
from minis_cli.project import Project


def found(make_project, files, rule: str, **options) -> list:
    root = make_project(files)
    return [d for d in run(Project(root, environ={}), LintOptions(use_cache=False, **options)).diagnostics if d.rule_id == rule]


# --- MN209: the scope of a Login Kit URL built by concatenation or a template --------------------------------------

LOGIN_URLS = {
    "concatenation": (
        "const KEY = 'awexample123';\nexport function login() {\n  location.href =\n    'https://www.tiktok.com/v2/auth/authorize/?' +\n"
        "    'client_key=' + KEY +\n    '&scope=user.info.profile' +\n    '&response_type=code&state=' + state();\n}\n",
        6,
    ),
    "template with a const scope": (
        "const SCOPES = 'user_info';\n"
        "export const url = (key, state) => `https://www.tiktok.com/v2/auth/authorize/?client_key=${key}&scope=${SCOPES}&state=${state}`;\n",
        2,
    ),
    "a const URL base": (
        "const AUTH = 'https://www.tiktok.com/v2/auth/authorize/';\n"
        "export const url = (key, state) => AUTH + '?client_key=' + key + '&scope=user.info.basic,video.upload&state=' + state;\n",
        2,
    ),
}


def test_mn209_reads_the_scope_of_a_login_url_built_from_pieces(make_project) -> None:
    """Real projects: a Login Kit URL built with `+` over lines (`"...authorize/?" + "client_key=" + KEY +
    "&scope=user.info.profile" + ...`) was not read, as one piece held the host and another the scope."""
    results = {name: found(make_project, {"src/login.js": js}, "MN209") for name, (js, _) in LOGIN_URLS.items()}
    assert [(d.span.line, d.severity) for d in results["concatenation"]] == [(6, Severity.WARNING)]
    assert "'user.info.profile' in the Login Kit URL" in results["concatenation"][0].message
    assert [(d.span.line, d.severity) for d in results["template with a const scope"]] == [(2, Severity.ERROR)]
    assert [(d.span.line, d.severity) for d in results["a const URL base"]] == [(2, Severity.WARNING)]
    assert "'video.upload'" in results["a const URL base"][0].message


def test_mn209_leaves_a_scope_it_cannot_read(make_project) -> None:
    js = (
        "export const a = (scope) => 'https://www.tiktok.com/v2/auth/authorize/?client_key=k' + '&scope=' + scope + '&state=s';\n"
        "export const b = (s) => `https://www.tiktok.com/v2/auth/authorize/?scope=${s.join(',')}&state=x`;\n"
        "export const c = 'https://www.tiktok.com/v2/auth/authorize/?client_key=k&scope=user.info.basic' + '&state=' + s;\n"
    )
    assert found(make_project, {"src/login.js": js}, "MN209") == []


# --- the SDK's name built from constant pieces -----------------------------------------------------------------------

SDK_TAG = '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'
SPLIT_NAMES = {
    "the name itself": "window.TTMinis",
    "concatenation": "window['TT' + 'Minis']",
    "three pieces": 'globalThis["T" + "T" + "Minis"]',
    "template without substitutions": "window[`TTMinis`]",
    "in parentheses": "window[('TT' + `Minis`)]",
}


def split_name_project(sdk: str) -> dict[str, str | None]:
    main = (
        f"const sdk = {sdk};\nsdk.init({{ clientKey: 'awother0001' }});\n"
        f"{sdk}.authorize({{ scope: 'user_info', success: show, fail: show }});\n"
        "const get = () => " + sdk + ";\nget().getUserProfile({});\n"
    )
    page = f'<!doctype html>\n<html>\n<head>\n{SDK_TAG}\n</head>\n<body>\n<script type="module" src="/src/main.js"></script>\n</body>\n</html>\n'
    return {"index.html": page, "minis.config.json": '{"dev": {"clientKey": "awexample123"}}', "src/main.js": main}


def test_the_sdk_under_a_name_built_from_constant_pieces(make_project) -> None:
    """`window['TT' + 'Minis']` (and a template literal without substitutions) is the SDK, as `window.TTMinis` is:
    the init call is seen (no MN102), and the calls through it are checked (MN104, MN202, MN203, MN209, MN208)."""
    for name, sdk in SPLIT_NAMES.items():
        root = make_project(split_name_project(sdk))
        found = [
            f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id}"
            for d in run(Project(root, environ={}), LintOptions(use_cache=False, ignore=("MN001", "MN003", "MN207"))).diagnostics
        ]
        assert found == [f"src/main.js:{line}: {rule}" for line, rule in ((2, "MN104"), (3, "MN202"), (3, "MN203"), (3, "MN209"), (5, "MN208"))], name


def test_a_module_offering_the_sdk_under_a_name_built_from_pieces(make_project) -> None:
    files = {"src/sdk.js": "export const sdk = window['TT' + 'Minis'];\n", "src/main.js": "import { sdk } from './sdk';\nsdk.getUserProfile({});\n"}
    assert [(d.path, d.span.line) for d in found(make_project, files, "MN208")] == [("src/main.js", 2)]


def test_a_name_built_from_pieces_that_is_not_the_sdk(make_project) -> None:
    main = "const other = window['TT' + 'Other'];\nother.getUserProfile({});\nwindow['TT' + name].getUserProfile({});\n"
    assert found(make_project, {"src/main.js": main}, "MN208") == []


# --- MN503 in another platform's adapter, picked by a platform factory ----------------------------------------------

GAME = {"index.html": None, "minis.config.json": None, "package.json": None, "game.json": "{}\n", "project.config.json": '{ "appid": "awgame000001" }\n'}
COCOS = {"index.html": None, "minis.config.json": None, "package.json": '{ "name": "g", "creator": { "version": "3.8.6" } }\n'}


def mn503(make_project, files) -> list[str]:
    return [f"{d.path}:{d.span.line}" for d in found(make_project, files, "MN503")]


GUARDED_BY_ANOTHER_PLATFORM = {
    "typeof ks": "if (typeof ks !== 'undefined') { ks.login({}); }",
    "window.qq": "if (window.qq) { qq.login({}); }",
    "its global in window": "if ('ks' in window) ks.login({});",
    "its global compared with null": "if (window['qttGame'] != null) { wx.navigateToMiniProgram({ appId: 'x' }); }",
    "a platform constant": "if (cc.sys.platform === cc.sys.VIVO_GAME) { wx.navigateToMiniProgram({ appId: 'x' }); }",
    "a platform enum": "if (getPlatform() == Platform.KUAISHOU_MINI_GAME) ks.addShortcut({});",
    "a platform name": "if (channel === 'kuaishou') ks.login({});",
    "a flag named for it": "if (Laya.Browser.onVVMiniGame) wx.navigateToMiniProgram({ appId: 'x' });",
    "its switch case": (
        "switch (sys.platform) {\n  case sys.Platform.OPPO_MINI_GAME:\n    wx.navigateToMiniProgram({});\n    break;\n  default:\n    tt.login({});\n}"
    ),
    "after TikTok's tt": "if (typeof tt !== 'undefined') { tt.login({}); } else if (isWeixin()) { wx.navigateToMiniProgram({}); }",
}
NOT_GUARDED = {
    "the main path": "wx.navigateToMiniProgram({ appId: 'x' });",
    "WeChat's build, which TikTok runs": "if (cc.sys.platform === cc.sys.WECHAT_GAME) wx.navigateToMiniProgram({ appId: 'x' });",
    "another platform absent": "if (typeof ks === 'undefined') { wx.navigateToMiniProgram({}); }",
    "a fall-through case": "switch (p) {\n  case 'tiktok':\n  case Platform.QQ_PLAY:\n    wx.navigateToMiniProgram({});\n}",
    "a local named qq": "function run(qq) { if (qq) wx.navigateToMiniProgram({}); }\nrun(other);",
}


def test_mn503_in_a_branch_only_another_platform_takes(make_project) -> None:
    """Real projects (a Cocos Creator framework's Kuaishou adapter, a LayaAir game's vivo platform): another platform's
    global, constant, name or flag is false inside TikTok, so a foreign API behind it never runs there."""
    for name, code in GUARDED_BY_ANOTHER_PLATFORM.items():
        assert mn503(make_project, {**GAME, "game.js": code + "\n"}) == [], name
    for name, code in NOT_GUARDED.items():
        assert mn503(make_project, {**GAME, "game.js": code + "\n"}) != [], name


COCOS_PLATFORM = {
    **COCOS,
    "assets/scripts/platform/env.ts": (
        'import { sys } from "cc";\ndeclare const KSGameGlobal: any;\n'
        "export function onWeixin() {\n  return sys.platform === sys.Platform.WECHAT_GAME && typeof KSGameGlobal === 'undefined';\n}\n"
        "export function onKuaishou() {\n  return typeof KSGameGlobal !== 'undefined';\n}\n"
    ),
    "assets/scripts/platform/KsAdapter.ts": "export default class KsAdapter {\n  login() {\n    ks.login({ success() {} });\n  }\n}\n",
    "assets/scripts/platform/WxAdapter.ts": "export default class WxAdapter {\n  login() {\n    wx.getUserProfile({ desc: 'x' });\n  }\n}\n",
    "assets/scripts/platform/index.ts": (
        "import { onKuaishou, onWeixin } from './env';\nimport KsAdapter from './KsAdapter';\nimport WxAdapter from './WxAdapter';\n"
        "export function pick() {\n  if (onKuaishou()) return new KsAdapter();\n  else if (onWeixin()) return new WxAdapter();\n  return null;\n}\n"
    ),
}


def test_mn503_in_an_adapter_a_factory_in_another_file_picks_for_another_platform(make_project) -> None:
    """The factory in one module, its platform checks in a helper module, each adapter a class of its own: Kuaishou's
    is picked only where KSGameGlobal is, never inside TikTok; WeChat's when the game runs its WeChat build, which
    TikTok runs (it answers to wx), so its calls stay reported."""
    assert mn503(make_project, COCOS_PLATFORM) == ["assets/scripts/platform/WxAdapter.ts:3"]
    also_unguarded = {**COCOS_PLATFORM, "assets/scripts/main.ts": "import KsAdapter from './platform/KsAdapter';\nnew KsAdapter().login();\n"}
    assert "assets/scripts/platform/KsAdapter.ts:3" in mn503(make_project, also_unguarded)


WX_PLATFORM = (
    "export default class WXPlatform {\n  jump(appId: string) {\n    wx.navigateToMiniProgram({ appId });\n  }\n"
    "  protected static wrap(info: any) {\n    return { title: info.title };\n  }\n}\n"
)
LAYA_PLATFORM = {
    **COCOS,
    "package.json": None,
    "Game.laya": "{}\n",
    "src/platform/WXPlatform.ts": WX_PLATFORM,
    "src/platform/TTPlatform.ts": (
        "import WXPlatform from './WXPlatform';\nexport default class TTPlatform extends WXPlatform {\n"
        "  jump(appId: string) {\n    this.base.navigateToMiniProgram({ appId });\n  }\n"
        "  share(info: any) {\n    tt.shareAppMessage(WXPlatform.wrap(info));\n  }\n}\n"
    ),
    "src/platform/QQPlatform.ts": "import WXPlatform from './WXPlatform';\nexport default class QQPlatform extends WXPlatform {}\n",
    "src/platform/VivoPlatform.ts": "export default class VivoPlatform {\n  jump(appId: string) {\n    wx.navigateToMiniProgram({ appId });\n  }\n}\n",
    "src/platform/Manager.ts": (
        "import TTPlatform from './TTPlatform';\nimport WXPlatform from './WXPlatform';\nimport QQPlatform from './QQPlatform';\n"
        "import VivoPlatform from './VivoPlatform';\nexport class Manager {\n  create() {\n    let isTT = window['tt'] != null;\n"
        "    if (isTT) {\n      return new TTPlatform();\n    } else if (Laya.Browser.onMiniGame) {\n      return new WXPlatform();\n"
        "    } else if (Laya.Browser.onQQMiniGame) {\n      return new QQPlatform();\n    } else if (Laya.Browser.onVVMiniGame) {\n"
        "      return new VivoPlatform();\n    }\n    return null;\n  }\n}\n"
    ),
}


def test_mn503_in_a_platform_class_only_other_platforms_run(make_project) -> None:
    """A LayaAir game's factory (`let isTT = window["tt"] != null; if (isTT) new TTPlatform() else if (...) new
    WXPlatform() ...`): TTPlatform extends WXPlatform but defines its own jump(), and uses only a static helper of it,
    so WXPlatform's jump() runs only where TikTok does not; VivoPlatform only on vivo."""
    assert mn503(make_project, LAYA_PLATFORM) == []
    plain = "import WXPlatform from './WXPlatform';\nexport default class TTPlatform extends WXPlatform {}\n"
    inherited = {**LAYA_PLATFORM, "src/platform/TTPlatform.ts": plain}
    assert mn503(make_project, inherited) == ["src/platform/WXPlatform.ts:3"]  # TikTok's class inherits it: it runs there
    calls_super = LAYA_PLATFORM["src/platform/TTPlatform.ts"].replace("this.base.navigateToMiniProgram({ appId });", "super.jump(appId);")
    assert mn503(make_project, {**LAYA_PLATFORM, "src/platform/TTPlatform.ts": calls_super}) == ["src/platform/WXPlatform.ts:3"]


# --- MN303: another provider's token in that provider's adapter -------------------------------------------------------

OTHER_PROVIDERS_TOKENS = {
    "backup/plugins/gamepind/User.ts": "export function keep(access_token: string) {\n  localStorage.setItem('gamepind_access_token', access_token);\n}\n",
    "src/adapters/PaytmAdapter.ts": "export const keep = (res) => localStorage.setItem('paytmAccessToken', res.access_token);\n",
    "src/login/qq.js": "export const keep = (res) => sessionStorage.setItem('qq_access_token', res.access_token);\n",
    "src/platforms/kakao/session.js": "export const keep = (res) => { document.cookie = 'kakao_refresh_token=' + res.refresh_token; };\n",
}
TIKTOKS_TOKENS = {
    "src/session.js": "export const keep = (data) => localStorage.setItem('tiktok_access_token', data.access_token);\n",
    "src/plugins/gamepind/a.js": "export const keep = (data) => localStorage.setItem('access_token', data.access_token);\n",
    "src/plugins/gamepind/b.js": "export const keep = (data) => localStorage.setItem('tt_access_token', data.access_token);\n",
    "src/user/session.js": "export const keep = (data) => localStorage.setItem('user_access_token', data.access_token);\n",
}


def test_mn303_leaves_another_providers_token_in_its_adapter(make_project) -> None:
    """Real projects (a multi-platform adapter library): `localStorage.setItem("gamepind_access_token", access_token)`
    in its Gamepind plugin is Gamepind's token, not TikTok's: the key names a provider that is another platform or the
    adapter the file is in. TikTok's own names, unprefixed tokens and a prefix that names no adapter stay reported."""
    assert found(make_project, OTHER_PROVIDERS_TOKENS, "MN303") == []
    assert sorted(d.path for d in found(make_project, TIKTOKS_TOKENS, "MN303")) == sorted(TIKTOKS_TOKENS)


def test_mn503_leaves_a_variable_of_the_games_own_named_tt(make_project) -> None:
    """Real projects (LayaAir's minified engine in a build): `var ..., tt, ...; (tt = new b).name = ...;
    tt.bones.push(...)` and `scale(t, e) { return tt.create.call(this, t, e); }` with a parameter or a var named tt
    are the engine's own objects, not the games SDK."""
    minified = "var it, at, tt;\nfor (;;) { (tt = new Bone()).name = n(); tt.bones.push(1); }\nfunction s(tt) { return tt.create.call(this); }\n"
    assert mn503(make_project, {**GAME, "game.js": minified + "tt.getElementInfos();\n"}) == []
    assert mn503(make_project, {**GAME, "game.js": "tt.getElementInfos();\n"}) == ["game.js:1"]
    ambient = {**COCOS, "assets/a.ts": "declare const tt: any;\ndeclare global { const ks: any; }\ntt.getElementInfos();\nks.login({});\n"}
    assert mn503(make_project, ambient) == ["assets/a.ts:3", "assets/a.ts:4"]  # TypeScript's word that the globals are there


def test_mn504_mn509_see_the_games_sdk_kept_in_a_class_field(make_project) -> None:
    """A LayaAir platform class keeps the platform's object in a field (`protected base: any = window["tt"]`) and calls
    through `this.base`: the game does log in, offer the shortcut and entrance mission, and create rewarded ads."""
    platform = (
        'export default class TTPlatform {\n  protected base: any = window["tt"];\n'
        "  start() {\n    this.base.login({ success() {}, fail() {} });\n"
        "    if (this.base.canIUse('addShortcut')) this.base.addShortcut({ success() {}, fail() {} });\n"
        "    if (this.base.canIUse('startEntranceMission')) this.base.startEntranceMission({ success() {}, fail() {} });\n"
        "    this.base.createRewardedVideoAd({ adUnitId: 'ad7301field' });\n  }\n}\n"
    )
    files = {**COCOS, "package.json": None, "Game.laya": "{}\n", "src/platform/TTPlatform.ts": platform}
    assert found(make_project, files, "MN504") == [] and found(make_project, files, "MN509") == []
    js = {**COCOS, "package.json": None, "Game.laya": "{}\n", "src/p.js": platform.replace(": any", "").replace("protected ", "")}
    assert found(make_project, js, "MN504") == [] and found(make_project, js, "MN509") == []

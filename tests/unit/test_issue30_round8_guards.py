"""Issue 30, held-out round 8 on real projects: guards that a Cocos Creator project writes and the lint did not read,
modelled on small projects of our own. Cocos Creator 3's build constants for other stores (`import { ALIPAY } from
'cc/env'`)."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

COCOS3 = {"package.json": '{ "name": "g", "uuid": "00000000-0000-4000-8000-000000000001", "creator": { "version": "3.8.5" } }\n'}


def found(make_project, files: dict[str, str], rules: tuple[str, ...] = ("MN503",)) -> list[str]:
    root = make_project({"index.html": None, "minis.config.json": None, **COCOS3, **files})
    result = run(Project(root, environ={}), LintOptions(use_cache=False))
    return [f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id}" for d in result.diagnostics if d.rule_id in rules]


# --- Cocos Creator 3's build constants (pattern C) --------------------------------------------------------------------

AD = " wx.createInsertAd({});\n"
ENV_BRANCHES = {
    "ALIPAY": ("import { ALIPAY } from 'cc/env';\nif (ALIPAY) my.confirm({});\n", False),
    "else if (ALIPAY)": ("import { ALIPAY, WECHAT } from 'cc/env';\nif (WECHAT) {} else if (ALIPAY) { my.confirm({}); }\n", False),
    "if (!ALIPAY) return": ("import { ALIPAY } from 'cc/env';\nexport function f() {\n  if (!ALIPAY) return;\n  my.confirm({});\n}\n", False),
    "OPPO, VIVO, XIAOMI, HUAWEI": ("import { OPPO, VIVO, XIAOMI, HUAWEI } from 'cc/env';\nif (OPPO || VIVO || XIAOMI || HUAWEI)" + AD, False),
    "TAOBAO_MINIGAME, MIGU, HONOR": ("import { TAOBAO_MINIGAME, MIGU, HONOR } from 'cc/env';\nif (TAOBAO_MINIGAME || MIGU || HONOR)" + AD, False),
    "COCOSPLAY, QTT, LINKSURE, BAIDU": ("import { COCOSPLAY, QTT, LINKSURE, BAIDU } from 'cc/env';\nif (COCOSPLAY || QTT || LINKSURE || BAIDU)" + AD, False),
    "renamed": ("import { ALIPAY as ZFB } from 'cc/env';\nif (ZFB) my.confirm({});\n", False),
    "namespace": ("import * as env from 'cc/env';\nif (env.ALIPAY) my.confirm({});\n", False),
    "NATIVE (the app build)": ("import { NATIVE } from 'cc/env';\nif (NATIVE) wx.createInsertAd({});\n", False),
    "PREVIEW (the editor's preview)": ("import { PREVIEW } from 'cc/env';\nif (PREVIEW) wx.createInsertAd({});\n", False),
    "EDITOR": ("import { EDITOR } from 'cc/env';\nif (EDITOR) wx.createInsertAd({});\n", False),
    "!BUILD": ("import { BUILD } from 'cc/env';\nif (!BUILD) wx.createInsertAd({});\n", False),
    "!MINIGAME (TikTok runs a mini game build)": ("import { MINIGAME } from 'cc/env';\nif (!MINIGAME) wx.createInsertAd({});\n", False),
    "global flag from ALIPAY": ("import { ALIPAY } from 'cc/env';\nglobalThis.isZFB = ALIPAY;\nif (isZFB) my.confirm({});\n", False),
    "BYTEDANCE (TikTok runs it)": ("import { BYTEDANCE } from 'cc/env';\nif (BYTEDANCE) tt.showActionSheet({});\n", True),
    "WECHAT (TikTok runs it)": ("import { WECHAT } from 'cc/env';\nif (WECHAT) wx.showActionSheet({});\n", True),
    "MINIGAME": ("import { MINIGAME } from 'cc/env';\nif (MINIGAME) wx.showActionSheet({});\n", True),
    "DEBUG (a build option)": ("import { DEBUG } from 'cc/env';\nif (DEBUG) wx.showActionSheet({});\n", True),
    "an ALIPAY of the project's own": ("const ALIPAY = Math.random() > 0.5;\nif (ALIPAY) wx.showActionSheet({});\n", True),
    "an ALIPAY from another module": ("import { ALIPAY } from './flags';\nif (ALIPAY) wx.showActionSheet({});\n", True),
}


def test_a_branch_on_another_stores_cocos_build_constant_never_runs_inside_tiktok(make_project) -> None:
    """CocosMLib-shaped: `else if (ALIPAY) my.confirm(...)`, `if (!ALIPAY) return;` (cc/env's constants are true only
    in that store's build; TikTok runs the ByteDance or WeChat one). BYTEDANCE's, WECHAT's, MINIGAME's and DEBUG's
    branches, and a flag not from cc/env, stay TikTok's code."""
    for name, (code, reported) in ENV_BRANCHES.items():
        assert bool(found(make_project, {"assets/scripts/Tools.ts": code})) == reported, name


# --- Cocos's sys.isBrowser (pattern D) --------------------------------------------------------------------------------

COCOS2 = {"project.json": '{ "engine": "cocos-creator-js", "packages": "packages", "name": "g", "version": "2.4.11" }\n', "settings/project.json": "{}\n"}
WEB_RULES = ("MN406", "MN409")
BROWSER_BRANCHES = {
    "if (sys.isBrowser) location.href": ("import { sys } from 'cc';\nif (sys.isBrowser) { location.href = 'about:blank'; }\n", False),
    "if (!sys.isBrowser) return": (
        "import { sys } from 'cc';\nexport function copy(t) {\n  if (!sys.isBrowser) return;\n  navigator.clipboard.writeText(t);\n}\n",
        False,
    ),
    "if (sys.isNative)": ("import { sys } from 'cc';\nif (sys.isNative) navigator.clipboard.writeText('x');\n", False),
    "location.assign under isBrowser": ("import { sys } from 'cc';\nif (sys.isBrowser) location.assign('/help');\n", False),
    "unguarded": ("import { sys } from 'cc';\nnavigator.clipboard.writeText('x');\n", True),
    "if (!sys.isBrowser)": ("import { sys } from 'cc';\nif (!sys.isBrowser) location.href = 'about:blank';\n", True),
    "a sys of another module": ("import { sys } from './sys';\nif (sys.isBrowser) navigator.clipboard.writeText('x');\n", True),
}


def test_a_branch_on_cocos_sys_is_browser_never_runs_in_tiktoks_native_runtime(make_project) -> None:
    """CocosMLib-shaped: `if (sys.isBrowser) game.exit = () => { location.href = 'about:blank' }` and `if
    (!sys.isBrowser) return; navigator.clipboard.writeText(...)`. Cocos's mini-game adapters set sys.isBrowser and
    sys.isNative false, so these run only in a web or native-app build; the same calls unguarded, under
    `!sys.isBrowser`, or on a `sys` of the project's own, are reported."""
    for name, (code, reported) in BROWSER_BRANCHES.items():
        assert bool(found(make_project, {"assets/scripts/Channel.ts": code}, WEB_RULES)) == reported, name


def test_cocos2_cc_sys_is_browser(make_project) -> None:
    """Creator 2 writes `cc.sys.isBrowser` (the global cc)."""
    code = "if (cc.sys.isBrowser) { window.location.href = 'about:blank'; }\nif (!cc.sys.isBrowser) navigator.clipboard.writeText('x');\n"
    files = {**COCOS2, "assets/scripts/Channel.js": code}
    root = make_project({"index.html": None, "minis.config.json": None, "package.json": None, **files})
    result = run(Project(root, environ={}), LintOptions(use_cache=False))
    assert [f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id}" for d in result.diagnostics if d.rule_id in WEB_RULES] == [
        "assets/scripts/Channel.js:2: MN406"
    ]


def test_in_a_web_mini_sys_is_browser_is_no_guard(make_project) -> None:
    """A Cocos web build in a Mini's page is a browser: there the branch runs inside TikTok."""
    files = {
        "index.html": '<script src="https://example.com/minis-sdk.js"></script><script type="module" src="/src/main.js"></script>\n',
        "minis.config.json": '{ "clientKey": "awexample0001" }\n',
        "package.json": '{ "name": "m", "scripts": { "dev": "vite" }, "devDependencies": { "vite": "^5.0.0" } }\n',
        "src/main.js": "import { sys } from 'cc';\nif (sys.isBrowser) navigator.clipboard.writeText('x');\n",
    }
    root = make_project(files)
    result = run(Project(root, environ={}), LintOptions(use_cache=False))
    assert [d.rule_id for d in result.diagnostics if d.rule_id in WEB_RULES] == ["MN406"]


# --- a local named location (pattern F) -------------------------------------------------------------------------------

LOCATIONS = {
    "a parameter": ("function stop(location) {\n  location = 'x';\n}\n", False),
    "an optional TS parameter": ("export class A {\n  stop(location?: string, n = 0) {\n    if (location === undefined) location = this.top;\n  }\n}\n", False),
    "an arrow's parameter": ("const go = location => { location.href = '/x'; };\n", False),
    "a default parameter": ("function go(location = {}) {\n  location.href = '/x';\n}\n", False),
    "a local let": ("function f() {\n  let location = { href: '' };\n  location.href = 'x';\n}\n", False),
    "a parameter, assign()": ("function f(location) {\n  location.assign('/x');\n}\n", False),
    "at the top level": ("location = 'x';\n", True),
    "the global in a function": ("function f(loc) {\n  location.href = loc;\n}\n", True),
    "another function's parameter": ("function f(location) {}\nlocation.href = '/x';\n", True),
    "an inner function's parameter": ("function g() {\n  const h = (location) => 0;\n  location.assign('/x');\n}\n", True),
    # a Cocos script is a module (Creator wraps each one; a mini game's runtime too): its top-level var is its own
    # (round 18: a PixiJS adapter's `var ..., location, ...` then `location = require('./location')`)
    "a module's top-level var": ("var location;\nlocation.href = '/x';\n", False),
}


def test_a_parameter_or_variable_named_location_is_not_the_pages(make_project) -> None:
    """CocosMLib-shaped: `stopMusic(location?: string, ...) { location = this.stack.topValue; }` assigns the method's
    parameter, not window.location; the global and another scope's parameter are. A web page's classic script's
    top-level var is the global object's property: that one is the page's location."""
    for name, (code, reported) in LOCATIONS.items():
        path = "assets/scripts/A.ts" if ": string" in code else "assets/scripts/a.js"
        assert bool(found(make_project, {path: code}, ("MN409",))) == reported, name
    page = make_project({"src/classic.js": "var location;\nlocation.href = '/x';\n"})
    assert [d.rule_id for d in run(Project(page, environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id == "MN409"] == ["MN409"]


def test_a_native_games_typescript_class_and_a_parameter_named_like_a_dom_global(make_project) -> None:
    """A native game's TypeScript file with a class made MN508's query an impossible one (TypeScript names a class by
    a type_identifier): lint stopped with an internal error. And a parameter named location is not the global."""
    code = (
        "export class Music {\n  stop(location?: string) {\n    if (location === undefined) location = 'a';\n  }\n"
        "  title() {\n    document.title = 'x';\n  }\n}\n"
    )
    files = {"game.json": "{}\n", "project.config.json": '{ "appid": "awgame000001" }\n', "game.js": "require('./src/music');\n", "src/music.ts": code}
    root = make_project({"index.html": None, "minis.config.json": None, "package.json": None, **files})
    result = run(Project(root, environ={}), LintOptions(use_cache=False))
    assert [f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id}" for d in result.diagnostics if d.rule_id in ("MN508", "MN409")] == ["src/music.ts:6: MN508"]

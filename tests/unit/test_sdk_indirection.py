"""Issue 30 item 3: SDK calls through indirection (getters, fields, parameters, string keys, dispatch wrappers,
embedded init code, build-time env keys), one resolution every rule reads."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

SDK = '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'
CONFIG = '{"dev": {"clientKey": "awexample123"}}'


def page(head: str = "", body: str = "") -> str:
    return f"<!doctype html>\n<html>\n<head>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"


def module_page(main: str, **files: str) -> dict[str, str | None]:
    return {"index.html": page(SDK, '<script type="module" src="/src/main.js"></script>'), "minis.config.json": CONFIG, "src/main.js": main, **files}


def lint(make_project, files, environ=None):
    root = make_project(files)
    return [
        f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id} {d.message}"
        for d in run(Project(root, environ=environ or {}), LintOptions(use_cache=False, ignore=("MN001", "MN003", "MN207"))).diagnostics
    ]


def test_a_function_returning_the_sdk_is_the_sdk(make_project) -> None:
    main = "const sdk = () => window.TTMinis;\nsdk().init({ clientKey: 'awother0001' });\nsdk()?.getUserInfo({});\n"
    assert lint(make_project, module_page(main)) == [
        "src/main.js:2: MN104 clientKey 'awother0001' does not match minis.config.json dev.clientKey 'awexample123'",
        "src/main.js:3: MN208 sdk().getUserInfo() is not a documented TTMinis API",
    ]
    declared = (
        "function getSdk() {\n  if (!window.TTMinis) return null;\n  return (window as any).TTMinis;\n}\n"
        "const s = getSdk();\ns.init({ clientKey: 'awexample123' });\n"
    )
    assert lint(make_project, module_page("import './t.ts';\n", **{"src/t.ts": declared})) == []


def test_a_getter_a_field_and_an_object_property(make_project) -> None:
    getter = (
        "class Minis {\n  get sdk() { return window.TTMinis; }\n  start() { this.sdk.init({ clientKey: 'awexample123' }); }\n"
        "  device() { this.sdk.getDeviceInfo((info) => info); }\n}\nnew Minis().start();\n"
    )
    assert lint(make_project, module_page(getter)) == [
        "src/main.js:4: MN210 this.sdk.getDeviceInfo() is synchronous: it returns its result, and the callback is never called"
    ]
    field = "class Pay {\n  private sdk = (window as any).TTMinis;\n  buy() { this.sdk.pay({ success() {}, fail() {} }); }\n}\n"
    assert lint(make_project, {"src/pay.ts": field}) == [
        "src/pay.ts:3: MN210 this.sdk.pay() without a trade_order_id: create the order on your backend first and pass its id"
    ]
    assigned = (
        "class Ads {\n  constructor() { this.tt = window.TTMinis.game; }\n"
        "  make() { return this.tt.createRewardedVideoAd({ adUnitId: 'YOUR_AD_UNIT_ID' }); }\n}\n"
    )
    assert lint(make_project, {"src/ads.js": assigned}) == ["src/ads.js:3: MN505 adUnitId 'YOUR_AD_UNIT_ID' is a placeholder: no ad can be served"]
    holder = "export const minis = { sdk: window.TTMinis };\nminis.sdk.getUserProfile({});\n"
    assert lint(make_project, {"src/m.js": holder}) == ["src/m.js:2: MN208 minis.sdk.getUserProfile() is not a documented TTMinis API"]


def test_the_sdk_passed_as_an_argument(make_project) -> None:
    main = "function setup(sdk, key) {\n  sdk.init({ clientKey: 'awother0001' });\n}\nsetup(window.TTMinis, 'x');\n"
    assert lint(make_project, module_page(main)) == [
        "src/main.js:2: MN104 clientKey 'awother0001' does not match minis.config.json dev.clientKey 'awexample123'"
    ]
    iife = "(function (s) {\n  s.init({ clientKey: 'awexample123' });\n})(window.TTMinis);\n"
    assert lint(make_project, module_page(iife)) == []
    # a parameter of the same name elsewhere is not the SDK
    other = "function setup(sdk) { sdk.init({ clientKey: 'awexample123' }); }\nsetup(window.TTMinis);\nfunction video(sdk) { sdk.getUserInfo(); }\n"
    assert lint(make_project, module_page(other)) == []


def test_string_keyed_calls_and_dispatch_wrappers(make_project) -> None:
    keyed = "const INIT = 'init';\nwindow.TTMinis[INIT]({ clientKey: 'awexample123' });\nTTMinis['getUserInfo']({});\n"
    assert lint(make_project, module_page(keyed)) == ["src/main.js:3: MN208 TTMinis.getUserInfo() is not a documented TTMinis API"]
    wrapper = (
        "export function callSdk(method, payload) {\n  return new Promise((resolve, reject) => {\n"
        "    window.TTMinis[method]({ ...(payload || {}), success: resolve, fail: reject });\n  });\n}\n"
        "callSdk('init', { clientKey: 'awexample123' });\nexport const buy = () => callSdk('pay', {});\nexport const me = () => callSdk('getUserInfo');\n"
    )
    assert lint(make_project, module_page(wrapper)) == [
        "src/main.js:7: MN210 callSdk('pay') -> TTMinis.pay() without a trade_order_id: create the order on your backend first and pass its id",
        "src/main.js:8: MN208 callSdk('getUserInfo') -> TTMinis.getUserInfo() is not a documented TTMinis API",
    ]
    rest = "const call = (name, ...args) => window.TTMinis[name](...args);\ncall('init', { clientKey: 'awexample123' });\ncall('pay', { amount: 1 });\n"
    assert lint(make_project, module_page(rest)) == [
        "src/main.js:3: MN210 call('pay') -> TTMinis.pay() without a trade_order_id: create the order on your backend first and pass its id"
    ]
    assert "MN102" in " ".join(lint(make_project, module_page("const call = (name, o) => window.TTMinis[name](o);\ncall('login', {});\n")))


def test_a_getter_imported_from_another_module(make_project) -> None:
    main = "import { getSdk } from './sdk';\ngetSdk().init({ clientKey: 'awother0001' });\n"
    files = module_page(main, **{"src/sdk.js": "export const getSdk = () => window.TTMinis;\n"})
    assert lint(make_project, files) == ["src/main.js:2: MN104 clientKey 'awother0001' does not match minis.config.json dev.clientKey 'awexample123'"]


def test_mn210_what_the_code_does_with_the_result(make_project) -> None:
    js = (
        "export async function signIn() {\n  const res = await window.TTMinis.login();\n  return res.code;\n}\n"  # 2
        "export const play = () => TTMinis.getPlayer().createPlayer({});\n"  # 5
        "export function p2() {\n  const P = TTMinis.getPlayer();\n  return new P({});\n}\n"  # 7
        "export const p3 = () => TTMinis.getPlayer((P) => new P({}));\n"  # 10
        "export async function fine() {\n  const P = await TTMinis.getPlayer();\n  TTMinis.getPlayer().then((Q) => new Q());\n  return new P();\n}\n"
        "const ready = TTMinis.init({ clientKey: 'awexample123' });\n"  # 16
        "export const wrapped = () => new Promise((resolve) => TTMinis.login({ success: resolve, fail: resolve }));\n"
        "TTMinis.pay({ trade_order_id: 'o1', success() {}, fail() {} }).then(() => 1);\n"  # 18
    )
    assert [line for line in lint(make_project, {"src/a.ts": js}) if "MN210" in line] == [
        "src/a.ts:2: MN210 TTMinis.login() takes callbacks and returns no Promise: `await` gets undefined at once",
        "src/a.ts:5: MN210 TTMinis.getPlayer() returns a Promise, not the player class: await it (or .then) before using it",
        "src/a.ts:7: MN210 TTMinis.getPlayer() returns a Promise, not the player class: await it (or .then) before using it",
        "src/a.ts:10: MN210 TTMinis.getPlayer() returns a Promise: the callback is never called",
        "src/a.ts:16: MN210 TTMinis.init() returns nothing: its result is undefined",
        "src/a.ts:18: MN210 TTMinis.pay() takes callbacks and returns no Promise: `.then()` on its undefined result throws",
    ]


def test_mn210_through_a_wrapper(make_project) -> None:
    # a wrapper returning the SDK call: awaiting the wrapper awaits the callback API; one making its own Promise is right
    bare = "const call = (name, o) => window.TTMinis[name](o);\nexport const go = async () => { await call('login', {}); };\n"
    assert [line for line in lint(make_project, {"src/a.js": bare}) if "MN210" in line] == [
        "src/a.js:2: MN210 call('login') -> TTMinis.login() takes callbacks and returns no Promise: `await` gets undefined at once"
    ]
    promised = (
        "const call = (name, o) => new Promise((resolve, reject) => window.TTMinis[name]({ ...o, success: resolve, fail: reject }));\n"
        "export const go = async () => { await call('login', {}); };\n"
    )
    assert [line for line in lint(make_project, {"src/a.js": promised}) if "MN210" in line] == []
    getter = "const sdk = () => window.TTMinis;\nexport const P = sdk().getPlayer();\nnew P();\n"
    assert [line for line in lint(make_project, {"src/a.js": getter}) if "MN210" in line] == [
        "src/a.js:2: MN210 sdk().getPlayer() returns a Promise, not the player class: await it (or .then) before using it"
    ]


def test_the_init_in_a_string_the_page_runs_and_build_time_keys(make_project) -> None:
    head = (
        "export const Head = () => (\n  <head>\n    <script\n      dangerouslySetInnerHTML={{\n"
        "        __html: `window.TTMinis.init({ clientKey: '${import.meta.env.VITE_TIKTOK_KEY}' });`,\n      }}\n    />\n  </head>\n);\n"
    )
    files = {
        "index.html": page(SDK, '<script type="module" src="/src/main.tsx"></script>'),
        "minis.config.json": CONFIG,
        "src/main.tsx": "import { Head } from './Head';\nexport default Head;\n",
        "src/Head.tsx": head,
        ".env": "VITE_TIKTOK_KEY=awother0001\n",
    }
    assert lint(make_project, files) == [
        "src/Head.tsx:5: MN104 clientKey 'awother0001' (VITE_TIKTOK_KEY from .env) does not match minis.config.json dev.clientKey 'awexample123'"
    ]
    assert lint(make_project, {**files, ".env": "VITE_TIKTOK_KEY=awexample123\n"}) == []
    child = "const KEY = 'awexample123';\nexport const Init = () => <script>{`TTMinis.init({ clientKey: '${KEY}' }); TTMinis.getUserInfo();`}</script>;\n"
    assert lint(make_project, {**files, "src/Head.tsx": child.replace("Init", "Head")}) == [
        "src/Head.tsx:2: MN208 TTMinis.getUserInfo() is not a documented TTMinis API"
    ]
    html_string = "export const shell = `<head><script>TTMinis.init({ clientKey: '${process.env.NEXT_PUBLIC_KEY}' })</script></head>`;\n"
    assert lint(make_project, {**files, "src/Head.tsx": "export const Head = 1;\n" + html_string}) == [
        "src/Head.tsx:2: MN107 cannot resolve clientKey `'${process.env.NEXT_PUBLIC_KEY}'` (NEXT_PUBLIC_KEY is not set in any .env file)"
    ]


def test_a_key_from_process_env_and_public_variables_are_front_end(make_project) -> None:
    main = "window.TTMinis.init({ clientKey: process.env.NEXT_PUBLIC_TIKTOK_CLIENT_KEY });\nTTMinis.getUserInfo();\n"
    files = module_page(main, **{".env.local": "NEXT_PUBLIC_TIKTOK_CLIENT_KEY=awother0001\n"})
    assert lint(make_project, files) == [
        "src/main.js:1: MN104 clientKey 'awother0001' (NEXT_PUBLIC_TIKTOK_CLIENT_KEY from .env.local) "
        "does not match minis.config.json dev.clientKey 'awexample123'",
        "src/main.js:2: MN208 TTMinis.getUserInfo() is not a documented TTMinis API",  # a public variable: browser code
    ]
    server = "const secret = process.env.TIKTOK_CLIENT_SECRET;\nTTMinis.getUserInfo();\n"
    assert lint(make_project, {"src/server.js": server}) == []  # still the backend's


def test_a_local_binding_named_tt_and_a_guarded_getter(make_project) -> None:
    js = (
        "function useTTMinis() {\n  return typeof window === 'undefined' ? undefined : (window as any).TTMinis;\n}\n"
        "export function play() {\n  const tt = useTTMinis();\n  tt?.getPlayer((P: any) => new P());\n}\n"
    )
    assert lint(make_project, {"src/w.tsx": js}) == ["src/w.tsx:6: MN210 tt.getPlayer() returns a Promise: the callback is never called"]


def test_file_rules_see_sdk_names_imported_from_another_module(make_project) -> None:
    files = {
        "src/tiktok.ts": "export const useTTMinis = () => (window as any).TTMinis;\nexport const sdk = window.TTMinis;\n",
        "src/Watch.tsx": (
            "import { useTTMinis, sdk } from './tiktok';\n"
            "export function Watch() {\n  const tt = useTTMinis();\n  tt.getPlayer((P: any) => new P());\n"
            "  sdk.getUserInfo();\n  return null;\n}\n"
        ),
    }
    assert lint(make_project, files) == [
        "src/Watch.tsx:4: MN210 tt.getPlayer() returns a Promise: the callback is never called",
        "src/Watch.tsx:5: MN208 sdk.getUserInfo() is not a documented TTMinis API",
    ]


def test_a_finding_that_depends_on_another_file_is_not_cached(make_project) -> None:
    root = make_project(
        {
            "src/tiktok.ts": "export const getTTMinis = () => (window as any).TTMinis;\n",
            "src/a.ts": "import { getTTMinis } from './tiktok';\nexport const go = () => getTTMinis().getUserInfo();\n",
        }
    )

    def mn208() -> list[str]:
        found = run(Project(root, environ={}), LintOptions(use_cache=True, select=("MN208",))).diagnostics
        return [f"{d.path}:{d.span.line if d.span else 0}" for d in found]

    assert mn208() == ["src/a.ts:2"]
    (root / "src/tiktok.ts").write_text("export const getTTMinis = () => window.somethingElse;\n")
    assert mn208() == []


def test_a_finding_that_depends_on_another_file_is_cached_while_that_file_and_the_file_list_stay(make_project) -> None:
    """A dependent result is kept with the digests of the files it depends on and the project's file list: a warm run
    reuses it (a large game's warm lint re-checked every such file: 31 s against 7), and re-checks it when one of
    those files changes, comes back, or a file is added."""
    root = make_project(
        {
            "src/tiktok.ts": "export const getTTMinis = () => (window as any).TTMinis;\n",
            "src/a.ts": "import { getTTMinis } from './tiktok';\nexport const go = () => getTTMinis().getUserInfo();\n",
        }
    )

    def mn208() -> tuple[list[str], int, int]:
        result = run(Project(root, environ={}), LintOptions(use_cache=True, select=("MN208",)))
        return [f"{d.path}:{d.span.line if d.span else 0}" for d in result.diagnostics], result.cache_hits, len(result.files)

    found, hits, files = mn208()
    assert found == ["src/a.ts:2"] and hits == 0
    assert mn208() == (["src/a.ts:2"], files, files)  # every file, a.ts included, from the cache
    tiktok = root / "src/tiktok.ts"
    tiktok.write_text("export const getTTMinis = () => window.somethingElse;\n")
    assert mn208() == ([], files - 2, files)  # tiktok.ts changed, and a.ts, which depends on it
    tiktok.write_text("export const getTTMinis = () => (window as any).TTMinis;\n")
    assert mn208() == (["src/a.ts:2"], files - 2, files)
    assert mn208() == (["src/a.ts:2"], files, files)
    (root / "src/b.ts").write_text("export const b = 1;\n")
    assert mn208() == (["src/a.ts:2"], files - 1, files + 1)  # b.ts is new; a.ts is checked again under the new list


def test_a_class_member_is_the_sdk_in_its_class_only(make_project) -> None:
    js = (
        "class Minis {\n  private sdk = (window as any).TTMinis;\n  me() { return this.sdk.getUserInfo(); }\n}\n"
        "class Analytics {\n  private sdk = new Tracker();\n  me() { return this.sdk.getUserInfo(); }\n}\n"
        "export { Minis, Analytics };\n"
    )
    assert lint(make_project, {"src/m.ts": js}) == ["src/m.ts:3: MN208 this.sdk.getUserInfo() is not a documented TTMinis API"]


def test_an_instance_of_a_class_with_the_sdk_imported_elsewhere(make_project) -> None:
    client = "class MinisClient {\n  get sdk() { return (window as any).TTMinis; }\n}\nexport const minis = new MinisClient();\n"
    main = "import { minis } from './client';\nminis.sdk.init({ clientKey: 'awother0001' });\nminis.sdk.getDeviceInfo((info: any) => info);\n"
    files = {**module_page(""), "index.html": page(SDK, '<script type="module" src="/src/main.ts"></script>'), "src/main.ts": main, "src/client.ts": client}
    assert lint(make_project, files) == [
        "src/main.ts:2: MN104 clientKey 'awother0001' does not match minis.config.json dev.clientKey 'awexample123'",
        "src/main.ts:3: MN210 minis.sdk.getDeviceInfo() is synchronous: it returns its result, and the callback is never called",
    ]


def test_a_dispatch_wrapper_imported_from_another_module(make_project) -> None:
    tiktok = (
        "export function callSdk(method: string, params: Record<string, unknown> = {}) {\n"
        "  return new Promise((resolve, reject) => (window as any).TTMinis[method]({ ...params, success: resolve, fail: reject }));\n}\n"
        "class Client {\n  call(name: string, ...args: unknown[]) { return (window as any).TTMinis[name](...args); }\n}\n"
        "export const client = new Client();\n"
    )
    main = (
        "import { callSdk, client } from './tiktok';\n"
        "callSdk('init', { clientKey: 'awother0001' });\n"
        "export const buy = () => callSdk('pay', {});\n"  # no trade_order_id: the caller's options are what pay reads
        "export const login = () => callSdk('login');\n"  # the wrapper adds its own callbacks: nothing to say
        "export const device = () => client.call('getDeviceInfo', (info: unknown) => info);\n"
    )
    files = {**module_page(""), "index.html": page(SDK, '<script type="module" src="/src/main.ts"></script>'), "src/main.ts": main, "src/tiktok.ts": tiktok}
    assert lint(make_project, files) == [
        "src/main.ts:2: MN104 clientKey 'awother0001' does not match minis.config.json dev.clientKey 'awexample123'",
        "src/main.ts:3: MN210 callSdk('pay') -> TTMinis.pay() without a trade_order_id: create the order on your backend first and pass its id",
        "src/main.ts:5: MN210 client.call('getDeviceInfo') -> TTMinis.getDeviceInfo() is synchronous: it returns its result, and the callback is never called",
    ]
    # a file no page loads gets the same from the file rules
    files = {"src/tiktok.ts": tiktok, "src/other.ts": "import { callSdk } from './tiktok';\nexport const buy = () => callSdk('pay', {});\n"}
    assert lint(make_project, files) == [
        "src/other.ts:2: MN210 callSdk('pay') -> TTMinis.pay() without a trade_order_id: create the order on your backend first and pass its id"
    ]


def test_a_wrapper_that_adds_its_own_fail_handles_failure(make_project) -> None:
    js = (
        "const callSdk = (name: string, options = {}) =>\n"
        "  new Promise((resolve, reject) => (window as any).TTMinis[name]({ ...options, success: resolve, fail: reject }));\n"
        "export const signIn = () => callSdk('login', { scope: 'user.info.basic' });\n"
        "export const bare = () => (window as any).TTMinis.login({ success: () => 1 });\n"
    )
    assert [line for line in lint(make_project, {"src/a.ts": js}) if "MN204" in line] == [
        "src/a.ts:4: MN204 TTMinis.login has no failure handling (no fail callback, and the callback never reads error)"
    ]


def test_mn210_triggers_are_the_misuses_not_the_sdk_name() -> None:
    from minis_cli.lint.rules import get_rule

    rule = get_rule("MN210")
    assert rule is not None
    for text in (
        "const ready = TTMinis.init({ clientKey: 'k' });",
        "const ready = window.TTMinis.init({ clientKey: 'k' });",
        "const code = await sdk.login();",
        "await (window as any).TTMinis.pay({});",
        "await callSdk('login');",
        "TTMinis.login({}).then(go);",
        "TTMinis.getPlayer((P) => new P());",
    ):
        assert rule.triggered(text), text
    for text in ("TTMinis.init({ clientKey: 'k' });", "window.TTMinis.onShow(go);", "await fetch('/api', { method: 'POST' });"):
        assert not rule.triggered(text), text  # every page's init statement is not parsed for MN210
    # a callback API that returns nothing is named: its result may be read as a value (`let isExist = tt.checkScene()`)
    assert rule.triggered("let isExist = tt.checkScene();") and rule.triggered("window.TTMinis.login({ success: go, fail: stop });")


def test_mn208_in_a_module_that_never_names_the_sdk(make_project) -> None:
    """Issue 30 item 1b: a module that reaches the SDK only through a project module's names (`import { sdk, callSdk }
    from './tiktok'`) never has `TTMinis` in its text: the prefilter let MN208 (and every rule anchored on the SDK's
    name) skip it. A module importing nothing that names TTMinis is still not parsed for them."""
    tiktok = (
        "export const sdk = (window as any).TTMinis;\n"
        "export function callSdk(method: string, params: Record<string, unknown> = {}) {\n"
        "  return new Promise((resolve, reject) => (window as any).TTMinis[method]({ ...params, success: resolve, fail: reject }));\n}\n"
    )
    files = {
        "src/lib/tiktok.ts": tiktok,
        "src/profile.ts": (
            "import { sdk, callSdk } from './lib/tiktok';\nexport const me = () => sdk.getUserInfo({});\nexport const you = () => callSdk('getUserProfile');\n"
        ),
        "src/cjs.js": "const { sdk } = require('./lib/tiktok');\nmodule.exports = () => sdk.getUserInfo({});\n",
        "src/other.ts": "import { format } from './util';\nexport const show = (sdk: any) => sdk.getUserInfo(format({}));\n",
        "src/util.ts": "export const format = (x: unknown) => x;\n",
    }
    assert [line for line in lint(make_project, files) if "MN208" in line] == [
        "src/cjs.js:2: MN208 sdk.getUserInfo() is not a documented TTMinis API",  # CommonJS's `const { sdk } = require(...)` too
        "src/profile.ts:2: MN208 sdk.getUserInfo() is not a documented TTMinis API",
        "src/profile.ts:3: MN208 callSdk('getUserProfile') -> TTMinis.getUserProfile() is not a documented TTMinis API",
    ]
    from minis_cli.source.modules import imports_sdk_module

    root = make_project(files)
    assert imports_sdk_module(str(root), "src/cjs.js", files["src/cjs.js"])
    assert not imports_sdk_module(str(root), "src/other.ts", files["src/other.ts"])


def test_mn208_through_functions_destructured_from_the_sdk(make_project) -> None:
    js = (
        "const { login, getUserInfo: info } = (globalThis as any).TTMinis;\n"
        "export const start = () => login({ success() {}, fail() {} });\n"
        "export const me = () => info({});\n"
        "const { getUserProfile } = api;\nexport const other = () => getUserProfile();\n"  # not the SDK's
    )
    assert lint(make_project, {"src/a.ts": js}) == ["src/a.ts:3: MN208 info() is not a documented TTMinis API"]


def test_mn210_the_result_of_a_callback_api_read_as_a_value(make_project) -> None:
    # held-out round 4 of issue 30: `let isExist = tt.checkScene()` in a native game (the answer comes to success)
    game = {"game.json": '{"deviceOrientation": "portrait"}', "minigame.config.json": '{"dev": {"clientKey": "awexample123"}}'}
    js = (
        "tt.onShow(() => {\n  let isExist = tt.checkScene({ scene: 'sidebar' });\n  if (isExist) console.log('sidebar');\n});\n"  # 2
        "if (!tt.getStorage({ key: 'k' })) console.log('none');\n"  # 5
        "const width = tt.getSystemInfo({}).windowWidth;\n"  # 6
        "const ok = tt.setStorage({ key: 'k', data: 1 }) === undefined ? 1 : 2;\n"  # 7
        "const { isExist: there } = tt.checkScene({ scene: 'sidebar' });\n"  # 8
        # not a value: a statement, an unread variable, a wrapper's return, a task the API returns, `cond && call`
        "tt.checkScene({ scene: 'sidebar', success: (res) => console.log(res.isExist) });\n"
        "const unread = tt.vibrateShort({});\n"
        "export const check = () => { return tt.checkScene({ scene: 'sidebar' }); };\n"
        "const task = tt.request({ url: 'https://api.example.com/a' });\ntask.abort();\n"
        "there && tt.vibrateShort({});\nconsole.log(width, ok);\n"
        "export function pay(o) {\n  let result;\n  result = tt.pay(o);\n  if (result?.then) result.then(console.log);\n}\n"  # either kind of SDK
    )
    found = [line for line in lint(make_project, {**game, "game.js": js}) if "MN210" in line]
    assert found == [
        f"game.js:{n}: MN210 tt.{api}() takes callbacks and returns nothing: its result is undefined"
        for n, api in ((2, "checkScene"), (5, "getStorage"), (6, "getSystemInfo"), (7, "setStorage"), (8, "checkScene"))
    ]


def test_mn509_sees_the_games_sdk_passed_as_a_parameter_or_returned_by_a_method(make_project) -> None:
    """Held-out round 4 of issue 30: MN509 said addShortcut/login were never used while a Cocos game called them as
    `api.addShortcut(...)` with `callAddShortcut(platform, runtime.tt)` (`const runtime = globalThis as any`), or as
    `api.login(...)` with `const api = this.getActiveApi()` returning `this.getWechatApi() ?? this.getDouyinApi()`."""
    native = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "tt0123456789abcd"}'}
    game = (
        "const runtime = globalThis;\n"
        "function callAddShortcut(where, api) {\n  api.addShortcut({ success() { console.log(where); }, fail() {} });\n}\n"
        "export function offerShortcut() {\n  if (runtime.tt && runtime.tt.canIUse('addShortcut')) callAddShortcut('menu', runtime.tt);\n}\n"
        "class Platform {\n"
        "  static wechat() {\n    return typeof wx !== 'undefined' ? wx : null;\n  }\n"
        "  static douyin() {\n    return typeof tt !== 'undefined' ? tt : null;\n  }\n"
        "  static active() {\n    return this.wechat() ?? this.douyin();\n  }\n"
        "  static signIn() {\n    const api = this.active();\n    api?.login?.({ success() {}, fail() {} });\n  }\n"
        "}\n"
        "function mission(api) {\n  api.startEntranceMission({});\n}\n"  # never given the SDK: not a use
        "Platform.signIn();\nmission({ startEntranceMission() {} });\n"
        "const ad = tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"
    )
    found = lint(make_project, {**native, "game.js": game})
    assert [line for line in found if "MN509" in line] == [
        "game.js:0: MN509 this mini game never uses the entrance mission (startEntranceMission): TikTok requires it of mini games"
    ]


def test_a_bridge_that_hands_the_namespace_to_a_dispatch_wrapper_in_another_module(make_project) -> None:
    """Round 15: the SDK found by a function whose parameter defaults to the global object, kept in a private field, and
    handed with the API's name to a promisifying wrapper of another module that reads `namespace?.[method]` into a local
    and calls it with `.call(namespace, { ...options, success, fail })`. The wrapper's calls are the SDK's; an API that
    never calls success/fail (init, the ad constructors) is MN210 where something waits on the wrapper, not where the
    result is dropped."""
    sdk = (
        "export function resolveSdkNamespace(globalObject: unknown = globalThis): any {\n"
        "  const candidate = (globalObject as { TTMinis?: any }).TTMinis;\n  if (!candidate) { return null; }\n  return candidate;\n}\n"
        "export function callSdk(namespace: any, method: string, options: Record<string, unknown> = {}): Promise<unknown> {\n"
        "  const fn = namespace?.[method];\n  if (typeof fn !== 'function') return Promise.resolve(null);\n"
        "  return new Promise((resolve) => { (fn as (a: unknown) => void).call(namespace, { ...options, success: resolve, fail: resolve }); });\n}\n"
    )
    main = (
        "import { callSdk, resolveSdkNamespace } from './sdk';\n"
        "class Bridge {\n  #ns: any = null;\n"
        "  async start() {\n    this.#ns = resolveSdkNamespace();\n    await callSdk(this.#ns, 'init', { clientKey: 'awexample123' });\n"  # 6
        "    callSdk(this.#ns, 'getMenuButtonBoundingClientRect');\n"  # 7: nothing waits on it
        "    return callSdk(this.#ns, 'createRewardedVideoAd', { adUnitId: 'a7301' });\n  }\n"  # 8
        "  other(ns: any) { return callSdk(ns, 'getUserInfo'); }\n}\n"  # 10: not known to be the SDK
        "export const bridge = new Bridge();\n"
    )
    files = {**module_page(""), "index.html": page(SDK, '<script type="module" src="/src/main.ts"></script>'), "src/main.ts": main, "src/sdk.ts": sdk}
    assert lint(make_project, files) == [
        "src/main.ts:6: MN210 callSdk('init') -> TTMinis.init() is synchronous: the success/fail callbacks the wrapper adds are never called, so what "
        "waits on them never settles",
        "src/main.ts:8: MN210 callSdk('createRewardedVideoAd') -> TTMinis.createRewardedVideoAd() returns its ad object: the success/fail callbacks "
        "the wrapper adds are never called, so what waits on them never settles",
    ]

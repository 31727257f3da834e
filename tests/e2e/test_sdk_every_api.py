"""Every declared API of both namespaces, called in every documented shape, in Debian's Chromium.

The declaration (minis_cli/sdk_api.json) drives the calls, so an API added there is exercised here too:
each callback-style API answers (success or TikTok's error object, never silence), each synchronous API
returns, each constructor gives its methods; client-version gating hides what an older TikTok lacks."""

from __future__ import annotations

import httpx
import pytest

from minis_cli.sdk_api import declaration

from .test_mock_sdk import exchange, open_page

pytestmark = pytest.mark.e2e

# Every sheet the calls open is answered by a person: Allow, or the sheet's first (primary) choice.
HARNESS = """async ({ decl, ns, args, shapes }) => {
  const root = ns === 'TTMinis' ? TTMinis : TTMinis.game;
  new MutationObserver(() => {
    const allow = document.getElementById('ttminis-mock-allow');
    if (allow) allow.click();
    document.querySelectorAll('[role=dialog][id^=ttminis-mock-]').forEach((d) => {
      const b = d.querySelector('button');
      if (b && d.id !== 'ttminis-mock-consent') b.click();
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
  const sample = (p) => p.values ? p.values[0] : ({ string: 'x', number: 1, object: {}, boolean: true, array: [] })[p.type || 'string'];
  const optionsFor = (name, spec) => {
    const o = {};
    for (const [k, p] of Object.entries(spec.params || {})) if (p.required) o[k] = sample(p);
    return Object.assign(o, args[name] || {});
  };
  const settle = (p) => Promise.race([p, new Promise((r) => setTimeout(() => r({ timeout: true }), 5000))]);
  // The subscription pages type error_code as a string ('116601'); every other page as a number.
  let stringCodes = false;
  const judge = (value) => {
    if (value && value.timeout) return 'timeout';
    if (value && value.error) {
      const e = value.error;
      const codeOk = stringCodes ? typeof e.error_code === 'string' && /^\\d+$/.test(e.error_code) : typeof e.error_code === 'number';
      return codeOk && typeof e.error_msg === 'string' ? 'fail ' + e.error_code : 'bad error ' + JSON.stringify(e);
    }
    return 'ok';
  };
  const viaOptions = (fn, options) => settle(new Promise((resolve) => {
    let outcome = null;
    fn({ ...options,
      success: (v) => { outcome = { data: v }; },
      fail: (e) => { outcome = { error: e && e.error ? e.error : e, flat: e }; },
      complete: () => setTimeout(() => resolve(outcome || { error: 'complete before success/fail' }), 0) });
  }));
  const results = {};
  for (const [name, spec] of Object.entries(decl)) {
    const fn = root[name];
    if (fn === undefined) { results[name] = 'absent'; continue; }
    const shape = spec.call;
    stringCodes = !!spec.params_error;
    try {
      if (shape === 'value') results[name] = 'value ' + typeof fn;
      else if (shape === 'sync') {
        const call = (args[name] || []).map((a) => a === '$body' ? document.body : a);
        const value = fn(...call);
        results[name] = 'sync ' + (value === undefined ? 'undefined' : typeof value);
      } else if (shape === 'constructor') {
        const made = fn(optionsFor(name, spec));
        results[name] = 'methods ' + Object.keys(made).filter((m) => typeof made[m] === 'function').sort().join(',');
      } else if (shape === 'promise') {
        results[name] = 'promise ' + typeof (await settle(fn(...(args[name] || [])).then((v) => v, (e) => ({ error: e })))) ;
      } else if (shape === 'listener') {
        const listener = () => {};
        const id = ns === 'TTMinis' ? fn('minis.show', listener) : fn(listener);
        results[name] = 'listener ' + typeof id;
      } else if (shape === 'unlisten') {
        results[name] = 'unlisten ' + typeof (ns === 'TTMinis' ? fn('minis.show', 'cb-none') : fn(() => {}));
      } else {
        const options = optionsFor(name, spec);
        const answers = [];
        if (shape === 'callback_options' || shape === 'callback_or_options') answers.push(judge(await settle(new Promise((r) => fn(r, options)))));
        if (shape === 'options' || shape === 'callback_or_options') {
          const v = await viaOptions(fn, options);
          // fail gets TikTok's error object flat and under .error (code written either way reads it)
          if (v.flat && v.flat.error_code !== (v.error || {}).error_code) answers.push('fail shape ' + JSON.stringify(v.flat));
          else answers.push(judge(v));
        }
        if (shape === 'options_callback') answers.push(judge(await settle(new Promise((r) => fn(options, r)))));
        results[name] = answers.join(' / ');
        if (shapes) {  // the wrong shape fails as the container does: an error object, not silence
          stringCodes = false;  // a wrong shape is refused before the API runs: the container's numeric code
          if (shape === 'callback_options') results[name + ' wrong shape'] = (await viaOptions(fn, options)).error ? 'refused' : 'accepted';
        }
      }
    } catch (e) {
      results[name] = 'threw ' + e.message;
    }
  }
  return results;
}"""


def _subscription_order(tiktok, user: str = "alice") -> str:
    token = exchange(tiktok, tiktok.issue_code(user))["access_token"]
    body = {"tier_id": "sandbox_499_1M", "order_info": {"order_id": f"s-{token[-10:]}", "product_name": "VIP"}}
    return httpx.post(f"{tiktok.url}/v2/minis/subscription/create/", json=body, headers={"authorization": f"Bearer {token}"}).json()["data"]["trade_order_id"]


def _trade_order(tiktok, user: str = "alice") -> str:
    token = exchange(tiktok, tiktok.issue_code(user))["access_token"]
    body = {"token_type": "BEANS", "token_amount": 10, "order_info": {"order_id": f"o-{token[-10:]}", "product_name": "Pack"}}
    return httpx.post(f"{tiktok.url}/v2/minis/trade_order/create/", json=body, headers={"authorization": f"Bearer {token}"}).json()["data"]["trade_order_id"]


def _run(page, tiktok, namespace: str, args: dict, *, shapes: bool = False) -> dict[str, str]:
    return page.evaluate(HARNESS, {"decl": declaration()["namespaces"][namespace], "ns": namespace, "args": args, "shapes": shapes})


def test_every_drama_api_answers_in_every_documented_shape(page, serve_pages, tiktok_mock) -> None:
    open_page(page, serve_pages, tiktok_mock)
    page.evaluate("key => TTMinis.init({ clientKey: key })", tiktok_mock.client_key)
    args = {
        "init": [{"clientKey": tiktok_mock.client_key}],
        "canIUse": ["login"],
        "getPlayer": ["byteplus"],
        "setValidateVideoReplaceElement": ["$body"],
        "pay": {"trade_order_id": _trade_order(tiktok_mock)},
        "checkBalance": {"type": "BEANS", "amount": 10},
        "recharge": {"tier_id": "tier-1"},
        "share": {"title": "Episode 1"},
        "reportEvent": {"eventName": "watched", "params": {"episode": 1}},
        "setNavigationBarColor": {"frontColor": "#000000", "backgroundColor": "#ffffff"},
        "createSubscription": {"trade_order_id": _subscription_order(tiktok_mock)},
        "changeSubscription": {"tier_id": "sandbox_699_1M"},
    }
    results = _run(page, tiktok_mock, "TTMinis", args, shapes=True)
    assert results["createSubscription"] == "ok"
    assert results["changeSubscription"] == "fail 116600"  # it runs first (the declaration is alphabetical): nothing to change yet
    assert results["reactivateSubscription"] == "fail 118502"  # 'x' is no reactivation order
    assert page.evaluate("() => TTMinis.__mock.missing") == []
    absent = {name for name, result in results.items() if result == "absent"}
    assert absent == set()
    assert {name: r for name, r in results.items() if "timeout" in r or "threw" in r or "bad" in r or "shape {" in r} == {}
    # pay confirms once: the second call (the options form) finds the order already paid
    assert results["pay"].split(" / ")[0] == "ok"
    for name in (
        "login",
        "authorize",
        "checkBalance",
        "recharge",
        "openBalance",
        "share",
        "enableCapture",
        "disableCapture",
        "hideRibbon",
        "showSurfaceCoupon",
        "requestSubscribeMessage",
        "setNavigationBarColor",
        "navigateToBalance",
        "reportEvent",
    ):
        assert set(results[name].split(" / ")) == {"ok"}, (name, results[name])
    assert results["getDeviceInfo"] == results["getMenuButtonBoundingClientRect"] == "sync object"
    assert results["canIUse"] == "sync boolean" and results["on"] == "listener string" and results["getPlayer"] == "promise function"
    # a drama's ad: no load() (tiktok-minis-in-app-ads), no destroy()
    assert results["createRewardedVideoAd"] == results["createInterstitialAd"] == "methods offClose,offError,onClose,onError,show"
    for name, spec in declaration()["namespaces"]["TTMinis"].items():
        if spec["call"] == "callback_options" and name not in absent:
            assert results[f"{name} wrong shape"] == "refused", name
    logged = lambda: {e["endpoint"].removeprefix("sdk:TTMinis.") for e in tiktok_mock.requests if e["endpoint"].startswith("sdk:TTMinis.")}
    page.wait_for_timeout(150)  # the page sends its call log in batches every 100 ms
    assert logged() >= {"pay", "share", "getDeviceInfo", "reportEvent", "on", "off"}


def test_every_game_api_answers_in_every_documented_shape(page, serve_pages, tiktok_mock) -> None:
    open_page(page, serve_pages, tiktok_mock, "/game/sdk.js")
    page.evaluate("key => TTMinis.game.init({ clientKey: key })", tiktok_mock.client_key)
    args = {
        "init": [{"clientKey": tiktok_mock.client_key}],
        "canIUse": ["request"],
        "pay": {"trade_order_id": _trade_order(tiktok_mock)},
        "setStorageSync": ["level", 3],
        "getStorageSync": ["level"],
        "removeStorageSync": ["level"],
        "setStorage": {"key": "coins", "data": 12},
        "getStorage": {"key": "coins"},
        "removeStorage": {"key": "coins"},
        "request": {"url": "/index.html"},
        "downloadFile": {"url": "/index.html"},
        "connectSocket": {"url": tiktok_mock.url.replace("http", "ws") + "/nowhere"},
        "setLoadingProgress": [{"progress": 50}],
        "setPreferredFramesPerSecond": [30],
        "loadFont": ["/font.ttf"],
        "checkBalance": {"type": "BEANS", "amount": 10},
        "recharge": {"tier_id": "tier-1"},
        "reportEvent": {"eventName": "level_up"},
        "setScreenBrightness": {"value": 0.5},
        "setKeepScreenOn": {"keepScreenOn": True},
        "loadSubpackage": {"name": "level-2"},
        "preDownloadSubpackage": {"name": "level-2"},
        "showKeyboard": {"defaultValue": "", "maxLength": 10},
        "updateKeyboard": {"value": "a"},
    }
    results = _run(page, tiktok_mock, "TTMinis.game", args)
    assert page.evaluate("() => TTMinis.__mock.missing") == []
    assert {name: r for name, r in results.items() if r == "absent" or "timeout" in r or "threw" in r or "bad" in r or "shape {" in r} == {}
    for name in (
        "login",
        "authorize",
        "getSystemInfo",
        "getWindowInfo",
        "getNetworkType",
        "getScreenBrightness",
        "setStorage",
        "getStorageInfo",
        "clearStorage",
        "vibrateShort",
        "vibrateLong",
        "shareAppMessage",
        "shareToStory",
        "request",
        "downloadFile",
        "reportEvent",
        "setKeepScreenOn",
        "setScreenBrightness",
        "checkScene",
        "hideKeyboard",
    ):
        assert set(results[name].split(" / ")) == {"ok"}, (name, results[name])
    assert results["pay"] == "ok"
    assert results["getSystemInfoSync"] == results["getLaunchOptionsSync"] == results["getFileSystemManager"] == "sync object"
    # a game's ad preloads: load, onLoad, offLoad (mini-games-preload-ads, TikTok 46.1.0)
    assert results["createRewardedVideoAd"] == results["createInterstitialAd"] == "methods load,offClose,offError,offLoad,onClose,onError,onLoad,show"
    assert results["onShow"].startswith("listener")
    assert results["env"] == "value object" and results["TTWebAssembly"] == "value object"
    same = page.evaluate("() => [tt === TTMinis.game, wx === TTMinis.game, typeof TTMinis.addShortcut, typeof tt.addShortcut]")
    assert same == [True, True, "undefined", "function"]  # each namespace has only its own APIs


def test_the_native_flavor_needs_no_init(page, serve_pages, tiktok_mock) -> None:
    open_page(page, serve_pages, tiktok_mock, "/game/native.js")
    result = page.evaluate("() => new Promise((resolve) => tt.login({ success: (r) => resolve(r), fail: (e) => resolve(e) }))")
    tokens = exchange(tiktok_mock, result["code"])
    assert tokens["open_id"] == tiktok_mock.open_id("alice")
    assert page.evaluate("() => [TTMinis.__mock.flavor, wx === tt]") == ["native", True]


@pytest.mark.tiktok_mock(client_version="44.1.0")
def test_an_older_client_lacks_newer_apis_and_can_i_use_says_so(page, serve_pages, tiktok_mock) -> None:
    open_page(page, serve_pages, tiktok_mock, "/game/sdk.js")
    result = page.evaluate("""() => ({
        ad: typeof TTMinis.createRewardedVideoAd, adCan: TTMinis.canIUse('createRewardedVideoAd'),
        drama: TTMinis.canIUse('getDramaInfo'), report: TTMinis.canIUse('reportEvent'),
        brightness: typeof tt.setScreenBrightness, network: tt.canIUse('getNetworkType'), missions: tt.canIUse('startEntranceMission'),
        login: TTMinis.canIUse('login'), scope: TTMinis.canIUse('authorize.object.scope'), version: TTMinis.__mock.clientVersion })""")
    assert result == {
        "ad": "undefined",
        "adCan": False,
        "drama": False,
        "report": True,
        "brightness": "undefined",
        "network": False,
        "missions": True,
        "login": True,
        "scope": True,
        "version": "44.1.0",
    }
    tiktok_mock.client_version = "44.5.0"
    page.reload()
    assert page.evaluate("() => [TTMinis.canIUse('getDramaInfo'), typeof TTMinis.createRewardedVideoAd, tt.canIUse('getNetworkType')]") == [
        True,
        "function",
        False,
    ]


@pytest.mark.tiktok_mock(trusted_domains=("api.example.test",))
def test_requests_outside_the_trusted_domains_fail_with_21100(page, serve_pages, tiktok_mock) -> None:
    open_page(page, serve_pages, tiktok_mock, "/game/sdk.js")
    result = page.evaluate(
        """key => new Promise((resolve) => {
        TTMinis.game.init({ clientKey: key });
        const out = {};
        TTMinis.game.request({ url: 'http://127.0.0.2:9/api', fail: (e) => { out.outside = [e.error_code, e.error.error_msg]; },
          complete: () => TTMinis.game.request({ url: '/index.html', success: (r) => { out.own = r.statusCode; }, complete: () => resolve(out) }) });
    })""",
        tiktok_mock.client_key,
    )
    assert result == {"outside": [21100, "URL not in domain list: http://127.0.0.2:9/api"], "own": 200}


def test_a_request_past_its_timeout_fails_with_21103_and_an_abort_with_21199(page, serve_pages, tiktok_mock) -> None:
    import http.server
    import threading
    import time

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(1.5)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    slow = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    try:
        open_page(page, serve_pages, tiktok_mock, "/game/sdk.js")
        result = page.evaluate(
            """([key, url]) => new Promise((resolve) => {
            TTMinis.game.init({ clientKey: key });
            const out = {};
            TTMinis.game.request({ url, timeout: 200, fail: (e) => { out.timeout = [e.error_code, e.error_msg]; }, complete: () => {
              const task = TTMinis.game.request({ url, fail: (e) => { out.aborted = e.error_code; }, complete: () => resolve(out) });
              task.abort();
            } });
        })""",
            [tiktok_mock.client_key, f"http://127.0.0.1:{slow.server_address[1]}/slow"],
        )
    finally:
        slow.shutdown()
        slow.server_close()
    assert result == {"timeout": [21103, "Request timeout"], "aborted": 21199}


def test_game_storage_round_trips_per_user(page, serve_pages, tiktok_mock) -> None:
    open_page(page, serve_pages, tiktok_mock, "/game/sdk.js")
    result = page.evaluate(
        """key => new Promise((resolve) => {
        TTMinis.game.init({ clientKey: key });
        tt.setStorageSync('level', { n: 3 });
        tt.setStorage({ key: 'coins', data: 12, success: () => tt.getStorage({ key: 'coins', success: (r) => {
          const info = tt.getStorageInfoSync();
          tt.getStorage({ key: 'nothing', fail: (e) => resolve({
            level: tt.getStorageSync('level'), coins: r.data, keys: info.keys.sort(), missing: e.error_code, empty: tt.getStorageSync('nothing'),
          }) });
        } }) });
    })""",
        tiktok_mock.client_key,
    )
    assert result["level"] == {"n": 3} and result["coins"] == 12 and result["keys"] == ["coins", "level"]
    assert isinstance(result["missing"], int) and result["empty"] == ""

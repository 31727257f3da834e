"""The simulator's devtools feed and CSP reports (issue 13), over a real socket on 127.0.0.1."""

from __future__ import annotations

import json
import threading

import httpx

from minis_cli.mock import MockTikTok


def _read_feed(mock: MockTikTok, until: str, found: list[dict], ready: threading.Event) -> None:
    with httpx.stream("GET", f"{mock.url}/_mock/devtools/stream", timeout=10) as response:
        event = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            if line.startswith("data: "):
                if event == "live":
                    ready.set()
                else:
                    found.append(json.loads(line[6:]))
                    if found[-1].get("log_id") == until or found[-1].get("endpoint") == until:
                        return
                event = None


def test_the_feed_replays_the_backlog_then_streams_each_entry_with_masked_secrets(tiktok_mock) -> None:
    earlier = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/token/",
        data={"grant_type": "client_credentials", "client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret},
    )
    found: list[dict] = []
    ready = threading.Event()
    reader = threading.Thread(target=_read_feed, args=(tiktok_mock, "sdk:TTMinis.login", found, ready), daemon=True)
    reader.start()
    assert ready.wait(5)
    assert found[0]["log_id"] == earlier.headers["x-tt-logid"]  # the backlog first
    httpx.post(
        f"{tiktok_mock.url}/_mock/sdk/calls",
        json={
            "calls": [
                {"api": "TTMinis.login", "id": "p1-1", "args": ["[function]"]},
                {"api": "TTMinis.login", "id": "p1-1", "result": {"authResponse": {"code": "a-long-authorization-code"}}},
            ]
        },
    )
    reader.join(5)
    call = next(e for e in found if e["endpoint"] == "sdk:TTMinis.login")
    assert call["method"] == "CALL" and call["params"] == {"call": "p1-1", "args": ["[function]"]}
    logged = [e for e in tiktok_mock.requests if e["endpoint"] == "sdk:TTMinis.login"]
    assert logged[1]["method"] == "RESULT" and logged[1]["params"]["result"]["authResponse"]["code"] == "a-lo…de"  # masked
    assert found[0]["params"]["client_secret"] != tiktok_mock.client_secret


def test_csp_reports_in_both_formats_become_21100_entries_and_reach_the_hooks(tiktok_mock) -> None:
    heard: list[str] = []
    tiktok_mock.state.violation_hooks.append(lambda found, message: heard.append(message))
    legacy = {"csp-report": {"document-uri": "http://127.0.0.1:5173/", "blocked-uri": "https://tracker.example/p", "effective-directive": "connect-src"}}
    assert httpx.post(f"{tiktok_mock.url}/_mock/csp-report", content=json.dumps(legacy), headers={"content-type": "application/csp-report"}).status_code == 204
    reporting = [
        {"type": "csp-violation", "body": {"documentURL": "http://127.0.0.1:5173/", "blockedURL": "https://frames.example/", "effectiveDirective": "frame-src"}}
    ]
    assert (
        httpx.post(f"{tiktok_mock.url}/_mock/csp-report", content=json.dumps(reporting), headers={"content-type": "application/reports+json"}).status_code
        == 204
    )
    entries = [e for e in tiktok_mock.requests if e["endpoint"] == "csp"]
    assert entries[0]["error"].startswith("21100 URL not in domain list: https://tracker.example/p") and entries[0]["params"]["error_code"] == 21100
    assert "do not support iframes" in entries[1]["error"] and entries[1]["params"]["error_code"] is None
    assert len(heard) == 2
    bad = httpx.post(f"{tiktok_mock.url}/_mock/csp-report", content=b"{not json", headers={"content-type": "application/csp-report"})
    assert bad.status_code == 400 and "JSON" in bad.json()["error_description"]


def test_the_device_follows_the_preset_and_a_wrong_one_is_a_clear_error(tiktok_mock) -> None:
    device = httpx.post(f"{tiktok_mock.url}/_mock/device", json={"preset": "pixel", "orientation": "landscape"}).json()["device"]
    assert (device["width"], device["height"], device["statusBarHeight"]) == (915, 412, 0)
    assert device["menuButton"] == {"width": 87, "height": 32, "top": 6, "bottom": 38, "left": 818, "right": 905}
    assert b"915" in httpx.get(f"{tiktok_mock.url}/drama/sdk.js").content  # the SDK reports it
    wrong = httpx.post(f"{tiktok_mock.url}/_mock/device", json={"preset": "nokia"})
    assert wrong.status_code == 400 and "preset must be one of android-small, pixel, iphone" in wrong.json()["error_description"]

"""The trigger prefilter is only a shortcut: with it or without it, every file gets the same findings."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from minis_cli.lint.engine import FileTask, analyse_file
from minis_cli.lint.model import Trigger
from minis_cli.lint.rules import all_rules

FILE_RULES = tuple(rule.id for rule in all_rules() if rule.scope.value == "file")

TOKENS = [
    "setTimeout",
    "setInterval",
    "window.",
    "(",
    ")",
    "[",
    "]",
    "'x()'",
    '"y"',
    "`z`",
    "?.",
    "<any>",
    "!",
    "location",
    ".href",
    ".hash",
    ".search",
    "['href']",
    '["assign"]',
    ".assign",
    ".reload",
    "=",
    "==",
    "=>",
    " = ",
    "localStorage",
    "sessionStorage",
    ".setItem",
    ".code",
    "['code']",
    "document.cookie",
    "cookie",
    "code",
    "indexedDB",
    ".put(",
    "access_token",
    "eval",
    "Function",
    "new ",
    "navigator.clipboard.writeText",
    "vibrate",
    "execCommand",
    "'copy'",
    "document.createElement",
    "'iframe'",
    "'VIDEO'",
    "fetch",
    "'https://a.example/x'",
    "WebSocket",
    ".open",
    "TTMinis.",
    "authorize",
    "login",
    "game.",
    "addShortcut",
    "getShortcutMissionReward",
    "canIUse",
    "fail",
    "success",
    "client_secret",
    ":",
    ",",
    ";",
    "{",
    "}",
    "function f() ",
    "() => ",
    "/* c */",
    "// c\n",
    "\n",
    " ",
    "\t",
    "x",
    "$",
    "https://open.tiktokapis.com/v2/oauth/token/",
    "https://www.tiktok.com/v2/auth/authorize/",
    "state",
    "user/info",
    "tt.",
    "wx.",
    "my.",
    "cloud.",
    "createRewardedVideoAd(",
    "{ adUnitId: 'YOUR_AD_UNIT_ID' }",
    "ad",
    "ad.load()",
    "this.ad",
    "getUserInfo",
    "getDeviceInfo",
    "pay(",
    "createSubscription",
    "scope: 'user_info'",
    "navigator.geolocation.getCurrentPosition",
    "const sdk = window.TTMinis",
    "sdk.",
    "'script'",
    ".src = 'https://cdn.example/x.js'",
    "<video>",
    "'/api/x'",
    "axios.get",
]


def findings(path: str, text: str, prefilter: bool, trusted: tuple[str, ...] = (), kind: str = "mini") -> list:
    proxies = (("/api", "server.proxy['/api'] in vite.config.ts"),)
    task = FileTask("/nonexistent", path, "frontend", FILE_RULES, ("s3cr3t-value",), trusted, text, prefilter, kind, proxies)
    return sorted(analyse_file(task).diagnostics, key=lambda d: d.sort_key)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=40).map("".join))
def test_same_findings_with_and_without_the_prefilter_in_js(text: str) -> None:
    assert findings("src/a.js", text, True) == findings("src/a.js", text, False)
    trusted = ("https://api.example.com",)
    assert findings("src/a.ts", text, True, trusted) == findings("src/a.ts", text, False, trusted)
    assert findings("game.js", text, True, kind="native-game") == findings("game.js", text, False, kind="native-game")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=30).map("".join), st.lists(st.sampled_from(TOKENS), max_size=30).map("".join))
def test_same_findings_with_and_without_the_prefilter_in_html(first: str, second: str) -> None:
    html = f"<p>s3cr3t-value {second}</p><script>{first}</script><IFrame></IFrame><video></video><script>{second}</script><p>{first}</p>"
    assert findings("page.html", html, True) == findings("page.html", html, False)
    component = f'<template><div>{second}</div></template>\n<script setup lang="ts">{first}</script>'
    assert findings("src/A.vue", component, True) == findings("src/A.vue", component, False)


def test_triggers_respect_word_boundaries_and_follow_patterns() -> None:
    assert Trigger("eval").found_in("x = eval(y)")
    assert not Trigger("eval").found_in("x = evaluate(y); retrieval")
    timer = next(r for r in all_rules() if r.id == "MN403")
    assert timer.triggered("setTimeout /* later */ (\n 'tick()', 5)")
    assert timer.triggered("window['setTimeout']('x')")
    assert not timer.triggered("setTimeout(() => tick(), 5)")
    location = next(r for r in all_rules() if r.id == "MN409")
    assert location.triggered("(location).href = '/x'") and location.triggered("location . replace('/x')")
    assert not location.triggered("const q = new URLSearchParams(location.search); if (location.hash == '#a') {}")
    assert Trigger("iframe", word=False, ignore_case=True).found_in("<IFrame>")


LOADER_PIECES = [
    "createElement",
    "CreateELEMENT",
    "createelement",
    "document.",
    "(",
    " ",
    "\n",
    "\t",
    "'",
    '"',
    "`",
    "script",
    "SCRIPT",
    "Link",
    "lInK",
    "style",
    "x",
    "é",
    "İ",
    "ſcript",
    "K",
    "ı",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(LOADER_PIECES), max_size=25).map("".join))
def test_the_loader_search_on_lower_cased_text_is_the_case_insensitive_search(text: str) -> None:
    from minis_cli.lint.context import FileContext
    from minis_cli.lint.rules.platform import _CREATES_LOADER, _creates_loader

    expected = "createElement" in text and _CREATES_LOADER.search(text) is not None
    assert _creates_loader(FileContext("a.js", text)) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["iframe", "IFRAME", "iFrame", "ifram", "e", "<", ">", " ", "İ", "é", "video", "VIDEO"]), max_size=20).map("".join),
    st.integers(0, 60),
    st.integers(0, 60),
)
def test_case_insensitive_triggers_match_the_lower_cased_slice(text: str, start: int, end: int) -> None:
    from minis_cli.lint.model import AnchorIndex, case_variants

    for anchor in ("iframe", "video"):
        trigger = Trigger(anchor, word=False, ignore_case=True)
        index = AnchorIndex(text)
        assert trigger.found_with(index, start, end) == (anchor in text[start:end].lower())
        assert trigger.found_with(index) == (anchor in text.lower())
        # as the engine does for a large ASCII text: every ASCII spelling found in the one pass, no lower-casing
        searched = AnchorIndex(text)
        searched.prepare(case_variants(anchor))
        assert trigger.found_with(searched, start, end) == (anchor in text[start:end].lower())
        assert trigger.found_with(searched) == (anchor in text.lower())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["log", "login", "in", "gin", "é", "😀", "a", "b", " ", "ab", "ba"]), max_size=30).map("".join),
    st.lists(st.sampled_from(["login", "in", "gin", "ab", "b", "é", "😀a", "aa"]), min_size=1, max_size=5),
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), max_size=3),
)
def test_one_pass_finds_every_occurrence_of_every_anchor(text: str, anchors: list[str], ranges: list[tuple[int, int]]) -> None:
    from minis_cli.lint.model import AnchorIndex

    def naive(anchor: str, start: int, end: int) -> list[int]:
        return [i for i in range(start, end - len(anchor) + 1) if text.startswith(anchor, i)]

    index = AnchorIndex(text)
    index.prepare(anchors)
    for anchor in anchors:
        assert index.positions(anchor, False) == naive(anchor, 0, len(text))
    spans = sorted((min(a, b), max(a, b)) for a, b in ranges)
    disjoint = [span for i, span in enumerate(spans) if all(span[0] >= other[1] for other in spans[:i])]
    within = AnchorIndex(text, disjoint)
    within.prepare(anchors)
    for anchor in anchors:
        assert within.positions(anchor, False) == [p for s, e in disjoint for p in naive(anchor, s, min(e, len(text)))]

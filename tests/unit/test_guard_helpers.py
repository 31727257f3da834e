"""Issue 30's gap: environment guards and feature checks written in helper functions, in the same module or imported
from a project module (`function hasTT() { return typeof TTMinis !== 'undefined' }`, `export const inTikTok = () =>
...`), are resolved: the helper's returned expression is inlined where it is called as a guard (one level, bounded).
And one upward walk (guards.guarded_walk) answers both questions, given the condition's value function."""

from __future__ import annotations

import pytest

from minis_cli.lint.engine import run
from minis_cli.lint.guards import guarded_walk
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project
from minis_cli.source.javascript import scripts_in
from minis_cli.source.syntax import descendants

SDK = '<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>'
PAGE = f'<!doctype html>\n<html>\n<head>\n{SDK}\n</head>\n<body>\n<script type="module" src="/src/main.js"></script>\n</body>\n</html>\n'
COPY = "export function copy(t) {\n  if (!detect()) { navigator.clipboard.writeText(t); }\n}\n"
IMPORTED_COPY = "import { detect } from './env';\n" + COPY
MN406 = "MN406 navigator.clipboard.writeText() uses the clipboard API, which TikTok Minis block"


def lint(make_project, files: dict[str, str], use_cache: bool = False, root=None) -> list[str]:
    root = root or make_project({"index.html": PAGE, "minis.config.json": '{"dev": {"clientKey": "awexample123"}}', **files})
    result = run(Project(root, environ={}), LintOptions(use_cache=use_cache, ignore=("MN001", "MN003", "MN207", "MN102")))
    return [f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id} {d.message}" for d in result.diagnostics]


@pytest.mark.parametrize(
    "files",
    [
        {"src/main.js": "function detect() {\n  const sdk = window.TTMinis;\n  return typeof sdk !== 'undefined';\n}\n" + COPY},
        {"src/main.js": "const detect = function () { return typeof TTMinis !== 'undefined'; };\n" + COPY},
        {"src/env.js": "export default function detect() { return typeof TTMinis !== 'undefined'; }\n", "src/main.js": "import detect from './env';\n" + COPY},
        {"src/env.js": "export default () => !!window.TTMinis;\n", "src/main.js": "import detect from './env';\n" + COPY},
        {"src/env.js": "function check() { return typeof TTMinis !== 'undefined'; }\nexport { check as detect };\n", "src/main.js": IMPORTED_COPY},
        {"src/env.ts": "export function detect(): boolean { return typeof (window as any).TTMinis !== 'undefined'; }\n", "src/main.js": IMPORTED_COPY},
        {
            "src/env.js": "export const detect = () => typeof TTMinis !== 'undefined';\n",
            "src/main.js": "import * as env from './env';\nexport function copy(t) {\n  if (!env.detect()) navigator.clipboard.writeText(t);\n}\n",
        },
        {
            "src/env.js": "export const platform = { detect() { return typeof TTMinis !== 'undefined'; } };\n",
            "src/main.js": "import { platform } from './env';\nexport function copy(t) {\n"
            "  if (platform.detect()) return;\n  navigator.clipboard.writeText(t);\n}\n",
        },
    ],
    ids=["local-const-in-helper", "function-expression", "default-export", "default-arrow", "export-list", "typescript", "namespace", "object-method"],
)
def test_a_guard_helper_here_or_imported_is_resolved(make_project, files) -> None:
    assert lint(make_project, files) == []


def test_what_is_not_a_tiktok_guard_still_reports(make_project) -> None:
    # every page has a document, TikTok's too: the web API behind `typeof document !== 'undefined'` runs there
    not_tiktok = {"src/main.js": "function detect() { return typeof document !== 'undefined'; }\n" + COPY.replace("!detect()", "detect()")}
    assert lint(make_project, not_tiktok) == ["src/main.js:3: " + MN406]
    # bounded: a helper whose early returns do more than return, or disagree, is not inlined (a guard is never assumed)
    busy = "function detect() {\n  if (typeof TTMinis === 'undefined') { console.log('web'); return false; }\n  return true;\n}\n"
    assert lint(make_project, {"src/main.js": busy + COPY}) == ["src/main.js:6: " + MN406]
    either = "function detect() {\n  if (location.hash) return false;\n  return typeof TTMinis !== 'undefined';\n}\n"
    assert lint(make_project, {"src/main.js": either + COPY}) == ["src/main.js:6: " + MN406]
    # the helper runs where TikTok is (its value is true there): the web API in its `if` is reported
    inside = {"src/env.js": "export const detect = () => typeof TTMinis !== 'undefined';\n", "src/main.js": IMPORTED_COPY.replace("!detect()", "detect()")}
    assert lint(make_project, inside) == ["src/main.js:3: " + MN406]


@pytest.mark.parametrize(
    "detect",
    [
        "function detect() {\n  if (typeof TTMinis === 'undefined') return false;\n  return true;\n}\n",
        # a server-side rendering check first, then the SDK through window, then the user agent (issue 30, round 4)
        "function detect() {\n  if (typeof window === 'undefined') return false;\n  if (typeof window.TTMinis !== 'undefined') return true;\n"
        "  const agent = navigator.userAgent;\n  return /TikTok|musical_ly/i.test(agent);\n}\n",
        "function detect() {\n  return typeof window !== 'undefined' && !!window.TTMinis;\n}\n",
    ],
    ids=["early-return", "ssr-then-sdk-then-agent", "ssr-and-sdk"],
)
def test_a_helper_of_early_returns_is_resolved(make_project, detect: str) -> None:
    assert lint(make_project, {"src/main.js": detect + COPY}) == []
    assert lint(make_project, {"src/main.js": detect + COPY.replace("!detect()", "detect()")}) != []


def test_location_navigation_behind_an_imported_helper(make_project) -> None:
    env = "export function detect() {\n  const ua = navigator.userAgent;\n  return /TikTok|musical_ly/i.test(ua);\n}\n"
    main = (
        "import { detect } from './env';\nexport function go(url) {\n  if (detect()) return;\n  location.href = url;\n}\n"
        "export function home() { location.href = '/'; }\n"
    )
    found = lint(make_project, {"src/env.js": env, "src/main.js": main})
    assert [line.split(": ")[1].split()[0] for line in found] == ["MN409"] and found[0].startswith("src/main.js:6:"), found


def test_a_feature_check_in_a_helper(make_project) -> None:
    helper = "function canNavigate() { return typeof TTMinis.navigateToScene === 'function'; }\n"
    call = "export function go() {\n  if (canNavigate()) TTMinis.navigateToScene({});\n}\n"
    assert lint(make_project, {"src/main.js": helper + call}) == []
    imported = {
        "src/caps.js": "export const canNavigate = () => typeof TTMinis?.navigateToScene === 'function';\n",
        "src/main.js": "import { canNavigate } from './caps';\nexport function go() {\n  if (!canNavigate()) return;\n  TTMinis.navigateToScene({});\n}\n",
    }
    assert lint(make_project, imported) == []
    # a helper checking another API does not check this one
    other = helper.replace("navigateToScene ===", "openScene ===")
    assert lint(make_project, {"src/main.js": other + call}) == ["src/main.js:3: MN208 TTMinis.navigateToScene() is not a documented TTMinis API"]


def test_a_parameterised_helper_and_can_i_use(make_project) -> None:
    helper = "const canUse = (api) => typeof TTMinis[api] === 'function';\n"
    good = "export function go() {\n  if (canUse('navigateToScene')) TTMinis.navigateToScene({});\n}\n"
    assert lint(make_project, {"src/main.js": helper + good}) == []
    wrong = good.replace("canUse('navigateToScene')", "canUse('openScene')")
    assert lint(make_project, {"src/main.js": helper + wrong}) == ["src/main.js:3: MN208 TTMinis.navigateToScene() is not a documented TTMinis API"]
    direct = "export function go() {\n  if (TTMinis.canIUse('navigateToScene')) TTMinis.navigateToScene({});\n}\n"
    assert lint(make_project, {"src/main.js": direct}) == []
    through = "const has = (name) => TTMinis.canIUse(name);\nexport function go() {\n  if (!has('navigateToScene')) return;\n"
    through += "  TTMinis.navigateToScene({});\n}\n"
    assert lint(make_project, {"src/main.js": through}) == []


def test_an_edited_helper_module_is_checked_again(make_project) -> None:
    files = {"src/env.js": "export function detect() { return typeof TTMinis !== 'undefined'; }\n", "src/main.js": IMPORTED_COPY}
    root = make_project({"index.html": PAGE, "minis.config.json": '{"dev": {"clientKey": "awexample123"}}', **files})
    assert lint(make_project, {}, use_cache=True, root=root) == []
    (root / "src" / "env.js").write_text("export function detect() { return location.hash !== ''; }\n")
    assert lint(make_project, {}, use_cache=True, root=root) == ["src/main.js:3: " + MN406]


def test_one_walk_for_both_questions() -> None:
    """guarded_walk takes the condition's value: the same steps (if/else, ternary, && and ||, an early return)."""
    source = "if (A) { f(); } else { g(); }\nB && h();\nC || i();\nif (D) return;\nj();\nk = E ? l() : m();\n"
    script = scripts_in("a.js", "function w() {\n" + source + "}\n")[0]
    calls = {script.source(node)[0]: node for node in descendants(script.tree.root_node) if node.type == "call_expression"}

    def excluded(values: dict[str, bool]) -> list[str]:
        def value(condition):
            return values.get(script.source(condition).strip("()"))

        return sorted(name for name, node in calls.items() if guarded_walk(script, node, value))

    assert excluded({}) == []
    assert excluded({"A": False, "B": False, "C": True, "E": True}) == ["f", "h", "i", "m"]
    assert excluded({"A": True, "D": True, "E": False}) == ["g", "j", "l", "m"]

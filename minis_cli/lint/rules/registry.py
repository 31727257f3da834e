"""The rule registry: every rule module registers its checks here with @rule(...), and reads what they share (the
trigger building blocks, the baseline project the examples are laid over). The package (lint/rules/__init__.py) imports
every rule module, so all_rules() is every rule."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from ..model import Example, Rule, Scope, Severity, Trigger

_RULES: dict[str, Rule] = {}

# Building blocks for trigger patterns (see Rule.triggers). GAP is what may stand between two tokens:
# white space and comments. NAME_END is what may follow a name before the next token: a closing
# quote, bracket or parenthesis, or TypeScript's `!` (`window['eval']`, `(location).href`, `x!.y`).
# Each is one flat repetition of alternatives that can match a given place in one way only (a block comment ends at its
# first `*/`, atomically; a line comment at the line's end, possessively): a nested one, `(?:(?:\s|...)*|[)])*`, let
# the regex engine split a run of blanks and comments in exponentially many ways before failing (held-out round 25: a
# 12 KB TypeScript file with `checkOnTarget(location)` and indented comments after it never finished).
_BLANK = r"\s|(?>/\*[\s\S]*?\*/)|//[^\n]*+"
GAP = rf"(?:{_BLANK})*"
NAME_END = rf"(?:{_BLANK}|[)\]!'\"`])*"
ASSIGN = r"=(?![=>])"


def words(*names: str, then: str = "") -> tuple[Trigger, ...]:
    """Triggers that are whole identifiers, optionally followed by `then`."""
    return tuple(Trigger(name, then) for name in names)


def fragments(*texts: str, ignore_case: bool = False) -> tuple[Trigger, ...]:
    """Triggers that are plain text anywhere (URL parts, tag names)."""
    return tuple(Trigger(text, word=False, ignore_case=ignore_case) for text in texts)


# Why a rule has no fix, by family, unless its own docs say more (`minis-py rule ID`, "Fix").
NO_FIX_BECAUSE = {
    "MN0": "the mend is a decision about the project (which file, which key, which script), not an edit minis-py can be sure of",
    "MN1": "moving SDK code or resolving a key from elsewhere changes how the page starts: a change to review",
    "MN2": "the login and authorization flow is your code's: reordering calls or scopes needs its context",
    "MN3": "a leaked secret must be removed from the shipped code and rotated; no edit makes it secret again",
    "MN4": "TikTok forbids the behaviour itself: replacing it changes what the Mini does",
    "MN5": "gating, rewards, ads and the package's layout are the game's design: the developer decides",
}


def rule(
    id: str,
    name: str,
    severity: str,
    scope: Scope,
    summary: str,
    rationale: str,
    fix: str,
    bad: Example,
    good: Example,
    triggers: tuple[Trigger, ...] = (),
    calls: tuple[str, ...] = (),
    active: Callable[[Any], bool] | None = None,
    markup: bool = False,
    autofix: str = "none",
    autofix_note: str = "",
    project_check: Callable[..., Any] | None = None,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a check with its documentation. `severity` is "E" or "W"."""

    def register(check: Callable[..., Any]) -> Callable[..., Any]:
        note = autofix_note or (NO_FIX_BECAUSE[id[:3]] if autofix == "none" else "")
        if id in _RULES:
            raise RuntimeError(f"rule {id} registered twice")
        _LOADED.clear()  # a rule registered after the first all_rules() (a plugin, a test) is seen from now on
        _RULES[id] = Rule(
            id=id,
            name=name,
            severity=Severity.ERROR if severity == "E" else Severity.WARNING,
            summary=summary,
            rationale=rationale,
            fix=fix,
            bad=bad,
            good=good,
            scope=scope,
            check=check,
            triggers=triggers,
            calls=calls,
            active=active,
            markup=markup,
            autofix=autofix,
            autofix_note=note,
            project_check=project_check,
        )
        return check

    return register


def strings_mentioning(ctx: Any, needle: str) -> Iterator[tuple[Any, Any]]:
    """(script, string node) for every string or template literal in the file's scripts containing needle."""
    for script in ctx.scripts:
        for value, node in script.strings:
            if needle in value:
                yield script, node


_LOADED: list[Rule] = []  # every rule, sorted by id, once the rule modules are imported


def all_rules() -> list[Rule]:
    """Every rule, sorted by id."""
    if not _LOADED:
        _LOADED.extend(_RULES[key] for key in sorted(_RULES))
    return list(_LOADED)


def unregister(rule_id: str) -> None:
    """Forget a rule (a test's toy rule, once the test is done)."""
    all_rules()
    _RULES.pop(rule_id, None)
    _LOADED.clear()


def get_rule(rule_id: str) -> Rule | None:
    if not _LOADED:
        all_rules()
    return _RULES.get(rule_id.upper())


# The project every documented example is laid over: it passes every rule. An example lists only the
# files it changes, so `minis-py rule ID` shows just what matters.
BASELINE_CLIENT_KEY = "awexample123"
BASELINE_FILES: dict[str, str] = {
    "package.json": '{\n  "name": "example-mini",\n  "private": true,\n  "scripts": { "dev": "node server/index.js" }\n}\n',
    "minis.config.json": '{\n  "clientKey": "awexample123",\n  "dev": { "port": 3000 }\n}\n',
    "index.html": """<!doctype html>
<html>
<head>
  <meta charset="utf-8">
  <script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>
  <script>
    TTMinis.init({ clientKey: "awexample123" });
    TTMinis.login({ success: (result) => signIn(result.code), fail: (error) => showSignedOut(error) });
  </script>
</head>
<body>
  <button id="profile">Show my profile</button>
</body>
</html>
""",
}


def example_files(example: Example) -> dict[str, str | bytes]:
    """The full file set of an example: the baseline with the example's files laid over it."""
    files: dict[str, str | bytes] = dict(BASELINE_FILES)
    for path, content in example.files.items():
        if content is None:
            files.pop(path, None)
        else:
            files[path] = content
    return files

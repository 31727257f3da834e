"""MN503 and MN501 over a Unity project's C#: its calls of the SDK's static class `TT` (source/csharp.py reads them).

TikTok's SDK for Unity documents its members (sdk_api.UNITY_APIS, the unity-sdk-* pages); Douyin's SDK for Unity has
the same namespace and class with more members (game recorders, grid panels, feed subscriptions, rank lists), which
compile against Douyin's package and fail on TikTok: "If the method came from another platform SDK ... replace it with
the entry point in this reference" (unity-sdk-faq). A call is TikTok's when TikTok documents it for Unity or its
JavaScript API is one of TikTok's games APIs, as MN503 judges JavaScript. The capability checks are C# properties:
"Check the corresponding CanIUse property" (unity-sdk-faq), `if (!CanIUse.Login) return;`
(unity-sdk-login-and-authorization).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from ..positions import LineIndex, Span
from ..source.csharp import CSharpFile, SdkUse, sdk_reading
from ..source.files import read_regular_text
from .context import Finding, ProjectContext

GATED = ("AddShortcut", "StartEntranceMission", "GetShortcutMissionReward", "GetEntranceMissionReward")
_KEYWORDS = frozenset(
    {"if", "for", "foreach", "while", "switch", "catch", "using", "lock", "fixed", "else", "do", "try", "finally", "checked", "unchecked", "delegate"}
)
_ACCESSORS = frozenset({"get", "set", "add", "remove", "init"})


def _unity(ctx: ProjectContext) -> bool:
    engine = ctx.project.engine
    return engine is not None and engine.engine.csharp


def js_name(member: str) -> str:
    from ..sdk_api import UNITY_JS_NAMES  # start-up: only a Unity project's rules ask

    return UNITY_JS_NAMES.get(member, member[:1].lower() + member[1:])


def foreign_calls(ctx: ProjectContext) -> Iterator[Finding]:
    """MN503: a `TT.<Name>(...)` TikTok's SDK for Unity does not have."""
    from ..sdk_api import FOREIGN_GAME_APIS, GAME_APIS, UNITY_APIS  # start-up: only a Unity project's rules ask

    for use, span in _unchecked_calls(ctx, lambda use: use.member not in UNITY_APIS and js_name(use.member) not in GAME_APIS):
        api = js_name(use.member)
        written = use.written or f"TT.{use.member}"
        # Douyin's older StarkSDK chain, said with the TT call its migration makes of it
        renamed = f" (TT.{use.member} since Douyin's SDK 6.0.0)" if use.migrated else ""
        if api in FOREIGN_GAME_APIS:
            message = (
                f"{written}(){renamed} is not in TikTok's SDK for Unity: {api} is a {FOREIGN_GAME_APIS[api]} API TikTok does not have, so it fails on TikTok"
            )
        else:
            message = f"{written}(){renamed} is not among the APIs TikTok documents for its SDK for Unity: it may fail on TikTok"
        yield Finding(
            span,
            message,
            hint="Douyin's SDK for Unity has the same TTSDK.TT class with more members; use TikTok's (developers.tiktok.com/doc/tiktok-sdk-for-unity), "
            f"or check CanIUse.{use.member} first so the game runs without it.",
            path=use.path,
        )


def ungated_calls(ctx: ProjectContext) -> Iterator[Finding]:
    """MN501: `TT.AddShortcut(...)` (or an entrance mission's call) with no CanIUse check before it."""
    for use, span in _unchecked_calls(ctx, lambda use: use.member in GATED):
        yield Finding(
            span,
            f"{use.written or 'TT.' + use.member} is called without checking CanIUse.{use.member} first",
            hint=f"Check first: if (CanIUse.{use.member}) {{ TT.{use.member}(...); }}, and offer something else where it is missing "
            '(unity-sdk-faq: "Check the corresponding CanIUse property").',
            path=use.path,
        )


def placeholder_ad_units(ctx: ProjectContext) -> Iterator[Finding]:
    """MN505: an ad created with a placeholder for its unit id: TikTok's `TT.CreateRewardedVideoAd(new
    CreateRewardedVideoAdParam { AdUnitId = "..." })` (unity-sdk-iaa), the interstitial's `InterstitialAdId`, Douyin's
    `TT.CreateRewardedVideoAd("adId", ...)`; written there, or a `const string` (or static readonly field) of the
    game's C# named there (`AdUnitId = AppConfig.RewardedAdUnitId`)."""
    from .rules.games import AD_UNIT_PLACEHOLDER  # start-up: only a Unity project's checks ask

    constants: dict[str, str] | None = None
    for use, span in _unchecked_calls(ctx, lambda use: use.member in ("CreateRewardedVideoAd", "CreateInterstitialAd"), guarded=False):
        file = sdk_reading(ctx.project.root).file(use.path)
        assert file is not None  # _unchecked_calls yields only calls in files it read
        arguments = _arguments(file.kept, use.end)
        if arguments is None:
            continue
        named = re.search(r"\b(?:AdUnitId|adUnitId|InterstitialAdId|adId)\s*=\s*([^,;{}]+?)\s*(?:[,}]|$)", arguments)
        expression = named.group(1) if named else (arguments.split(",", 1)[0].strip() if not arguments.lstrip().startswith("new") else "")
        value = _string(expression)
        if value is None and re.fullmatch(r"[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*", expression):
            if constants is None:
                constants = _string_constants(ctx.project.root)
            value = constants.get(re.sub(r"\s+", "", expression).rsplit(".", 1)[-1])
        if value is not None and AD_UNIT_PLACEHOLDER.match(value.strip()):
            named_by = re.sub(r"\s+", "", expression)
            shown = "" if _string(expression) is not None else f" (the value of {named_by})"
            yield Finding(span, f"the ad unit id {value!r}{shown} is a placeholder: no ad can be served", path=use.path)


def _arguments(kept: str, after: int) -> str | None:
    """The text between the call's parentheses, its `(` the first after `after` (nested ones kept whole)."""
    opening = kept.find("(", after)
    between = kept[after:opening].strip() if opening >= 0 else ""
    if opening < 0 or (between and not between.startswith("<")):  # `TT.X(`, or a generic's `TT.X<T>(`
        return None
    depth = 0
    for index in range(opening, min(len(kept), opening + 4000)):
        if kept[index] == "(":
            depth += 1
        elif kept[index] == ")":
            depth -= 1
            if depth == 0:
                return kept[opening + 1 : index]
    return None


def _string(expression: str) -> str | None:
    match = re.fullmatch(r'\s*@?"((?:[^"\\]|\\.)*)"\s*', expression)
    return match.group(1) if match else None


_CONSTANT = re.compile(r'\b(?:const\s+string|static\s+readonly\s+string|readonly\s+static\s+string)\s+([A-Za-z_]\w*)\s*=\s*@?"((?:[^"\\\n]|\\.)*)"\s*;')


def _string_constants(root: Path) -> dict[str, str]:
    """The game's C# string constants by name (a name given two values is left out: which one is meant is unknown)."""
    from ..source.csharp import CSHARP_LIMIT, blank, own_files  # start-up: only an ad call named by a constant asks

    found: dict[str, str | None] = {}
    for path in own_files(root):
        text = read_regular_text(path, CSHARP_LIMIT, partial=True) or ""
        if "string" not in text:
            continue
        for name, value in _CONSTANT.findall(blank(text)[1]):
            found[name] = value if found.get(name, value) == value else None
    return {name: value for name, value in found.items() if value is not None}


def _unchecked_calls(ctx: ProjectContext, wanted: Callable[[SdkUse], bool], guarded: bool = True) -> Iterator[tuple[SdkUse, Span]]:
    """A Unity project's calls of the SDK that `wanted` picks and (unless `guarded` is off) no CanIUse check comes
    before (`if (CanIUse.GetGameRecorder) ...`: only where it is there), with where each is written."""
    if not _unity(ctx):
        return
    reading = sdk_reading(ctx.project.root)
    lines: dict[str, LineIndex] = {}
    for use in reading.uses:
        if not use.called or not wanted(use):
            continue
        file = reading.file(use.path)
        if file is not None and not (guarded and checked(file, use, use.member)):
            yield use, _span(lines, file, use)


def _span(lines: dict[str, LineIndex], file: CSharpFile, use: SdkUse) -> Span:
    index = lines.get(file.path)
    if index is None:
        index = lines[file.path] = LineIndex(file.text)
    return index.span(use.start, use.end)


def checked(file: CSharpFile, use: SdkUse, member: str) -> bool:
    """Does the method holding the call read the capability's CanIUse before it as a condition (`if
    (!CanIUse.AddShortcut) return;`, `if (CanIUse.AddShortcut) { ... }`, `bool can = CanIUse.AddShortcut;`, Douyin's
    grouped `CanIUse.StarkAccount.Login`, or by its name in a string: `CanIUse("addShortcut")`)? Lenient by design: a
    condition anywhere before the call in its method counts. A read that is only the argument of a call made as a
    statement of its own (`ShowTipsWhenDontUse(CanIUse.CreateShortcut);`, a helper that logs) guards nothing."""
    start = method_start(file.code, use.start)
    before = file.kept[start : use.start]
    names = (member, *use.aliases)
    name = "|".join(re.escape(n) for n in names)
    lowered = "|".join(re.escape(n[:1].lower() + n[1:]) for n in names)
    pattern = re.compile(rf"\bCanIUse\s*(?:\.\s*\w+\s*)*\.\s*(?:{name})\b|\bCanIUse\s*\(\s*[@$]?\"(?:{name}|{lowered})[\".]")
    return any(_as_condition(file.code, start, start + read.start()) for read in pattern.finditer(before))


def _as_condition(code: str, floor: int, at: int) -> bool:
    """Is what is read at `at` a condition: its statement (from the last `;`, `{` or `}` before it, not before `floor`)
    is an if/while/for/switch/return, keeps it (`=`), or tests it (`?`, `&&`, `||`); not a bare call's argument."""
    statement = code[max(floor, max(code.rfind(mark, floor, at) for mark in ";{}") + 1) : at].strip()
    if re.match(r"(?:else\s+)?(?:if|while|for|foreach|switch|return)\b", statement):
        return True
    if re.search(r"(?<![=!<>])=(?![=>])|\?|&&|\|\|", statement):
        return True
    return not re.match(r"(?:[A-Za-z_]\w*\s*\.\s*)*[A-Za-z_]\w*\s*\(", statement)


def method_start(code: str, offset: int) -> int:
    """Where the body of the method (or local function, accessor, constructor) holding `offset` opens: the innermost
    `{` open at `offset` that follows a declaration's `)` (not `if (...)`, `foreach (...)`, a lambda's `=>`), else the
    file's start."""
    opens: list[int] = []
    for match in re.finditer(r"[{}]", code[:offset]):
        if match.group(0) == "{":
            opens.append(match.start())
        elif opens:
            opens.pop()
    for brace in reversed(opens):
        head = code[:brace].rstrip()
        word = re.search(r"([A-Za-z_]\w*)$", head)
        if word is not None and word.group(1) in _ACCESSORS:
            return brace
        if not head.endswith(")"):
            continue
        depth, position = 0, len(head) - 1
        while position >= 0:
            if head[position] == ")":
                depth += 1
            elif head[position] == "(":
                depth -= 1
                if depth == 0:
                    break
            position -= 1
        name = re.search(r"([A-Za-z_]\w*)\s*(?:<[^<>()]*>)?\s*$", head[:position])
        if name is not None and name.group(1) not in _KEYWORDS and not re.search(r"=>\s*$|\bnew\s*$", head[: name.start()]):
            return brace
    return 0

"""MN5xx: mini games: capability checks and reward grants."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from ...source.javascript import Script, scripts_in
from ...source.sdkrefs import _dynamic, games_calls
from ...source.syntax import FUNCTION_TYPES, Call, descendants, dotted_name, ends_with, literal_string, member_property, negated, object_property, unwrap
from ..constants import string_values
from ..context import FileContext, Finding, ProjectContext
from ..dependencies import GameDependencies, uninstalled_note
from ..games_aliases import alias_calls
from ..guards import (
    FOREIGN_HELD,
    _declared_in_scope,
    bound_locally,
    declares,
    feature_checked,
    holds_foreign,
    namespace_members,
    note_read,
    runs_outside_tiktok,
    this_dotted,
)
from ..model import Example, Scope
from .project import NATIVE_GAME, NATIVE_GAME_JS
from .registry import NAME_END, rule, words

if TYPE_CHECKING:
    from types import ModuleType

    from tree_sitter import Node

    from ...project import Project

GATED_APIS = ("addShortcut", "startEntranceMission", "getShortcutMissionReward", "getEntranceMissionReward")
REWARD_APIS = ("getShortcutMissionReward", "getEntranceMissionReward", "getRevisitMissionReward")
REVISIT_REWARDS = "getRevisitMissionReward"  # mini-games-revisit-rewards: replaces the shortcut and the profile revisit from 2026-12-14
CAN_I_USE = ("TTMinis.game.canIUse", "TTMinis.canIUse")
_EXITS = frozenset({"return_statement", "throw_statement", "break_statement", "continue_statement"})


def _checks_capability(script: Script, condition: Node, api: str, follow: bool = True) -> bool:
    """The condition calls canIUse('<api>'), or reads a variable set from such a call before it (`const canUse =
    TTMinis.game.canIUse && TTMinis.game.canIUse('startEntranceMission'); if (canUse) ...`)."""
    wanted = (api, f"game.{api}", f"TTMinis.game.{api}")
    for node in descendants(condition):
        if node.type == "call_expression":
            for call in script.calls:
                if call.node.start_byte == node.start_byte and call.node.end_byte == node.end_byte and call.callee in CAN_I_USE:  # aliases resolved
                    if call.args and literal_string(script, call.args[0]) in wanted:
                        return True
            # the games namespace under a name of the game's (`this.api.canIUse('addShortcut')`, `sdk?.canIUse?.(...)`)
            function, arguments = node.child_by_field_name("function"), node.child_by_field_name("arguments")
            if function is not None and function.type == "member_expression" and member_property(function) == b"canIUse" and arguments is not None:
                first = next((a for a in arguments.named_children if a.type != "comment"), None)
                if first is not None and literal_string(script, first) in wanted:
                    return True
        elif follow and node.type == "identifier":
            value = _declared_before(node)
            if value is not None and _checks_capability(script, value, api, follow=False):
                return True
    return False


def _declared_before(name: Node) -> Node | None:
    """The initialiser of the variable a name reads, declared before it in the function (or script) that reads it."""
    scope = name.parent
    while scope is not None and scope.type not in (*FUNCTION_TYPES, "program"):
        scope = scope.parent
    if scope is None:
        return None
    for node in descendants(scope):
        if node.start_byte >= name.start_byte:
            break
        if node.type == "variable_declarator":
            declared = node.child_by_field_name("name")
            value = node.child_by_field_name("value")
            if declared is not None and value is not None and declared.text == name.text and value.end_byte <= name.start_byte:
                return value
    return None


def _operator(node: Node) -> str | None:
    """A binary expression's operator (`&&`, `||`, ...)."""
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None else None


def _exits(statement: Node) -> bool:
    return ends_with(statement, _EXITS)


def _is_gated(script: Script, call: Node, api: str) -> bool:
    """A canIUse('<api>') check dominates the call: an enclosing if/&&/?:, or an early exit before it."""
    child = call
    node = call.parent
    while node is not None:
        kind = node.type
        if kind == "if_statement":
            condition = node.child_by_field_name("condition")
            consequence = node.child_by_field_name("consequence")
            if condition is not None and consequence is not None and consequence.start_byte <= child.start_byte < consequence.end_byte:
                if not negated(condition) and _checks_capability(script, condition, api):
                    return True
        elif kind == "binary_expression" and _operator(node) == "&&":
            left = node.child_by_field_name("left")
            if left is not None and left.end_byte <= child.start_byte and _checks_capability(script, left, api):
                return True
        elif kind == "ternary_expression":
            condition = node.child_by_field_name("condition")
            consequence = node.child_by_field_name("consequence")
            if (
                condition is not None
                and consequence is not None
                and consequence.start_byte <= child.start_byte < consequence.end_byte
                and _checks_capability(script, condition, api)
            ):
                return True
        elif kind in ("statement_block", "program"):
            for statement in node.named_children:
                if statement.start_byte >= child.start_byte:
                    break
                if statement.type == "if_statement":
                    condition = statement.child_by_field_name("condition")
                    consequence = statement.child_by_field_name("consequence")
                    if (
                        condition is not None
                        and consequence is not None
                        and negated(condition)
                        and _exits(consequence)
                        and _checks_capability(script, condition, api)
                    ):
                        return True
        if kind in FUNCTION_TYPES and node.type == "function_declaration":
            break
        child, node = node, node.parent
    return False


def _unity_checks() -> ModuleType:
    from .. import unity  # start-up: only a project's checks ask, and only a Unity project's read anything

    return unity


@rule(
    "MN501",
    "capability-not-gated",
    "W",
    Scope.FILE,
    summary="A shortcut or entrance-mission API is called without a TTMinis.game.canIUse guard.",
    rationale="Shortcuts and entrance missions exist only on some TikTok versions and devices; calling "
    "them where they are missing throws, and TikTok's guidance is to check canIUse('<api>') first. A check that the "
    "function exists (`if (!tt?.addShortcut) return`, `addShortcut?.()`) keeps the call from throwing but is not that "
    "check: the finding then says the call is checked to exist but not with canIUse. In a Unity project the C# is read "
    'too: `TT.AddShortcut(...)` with no `CanIUse.AddShortcut` read before it in its method (unity-sdk-faq: "Check the '
    "corresponding CanIUse property\"); the editor's code and branches (`#if UNITY_EDITOR`) are not.",
    fix="Check first: if (TTMinis.game.canIUse('addShortcut')) { TTMinis.game.addShortcut({...}); }, and offer something else where it is missing.",
    bad=Example(
        {**NATIVE_GAME, "js/shortcut.js": "export function offerShortcut() {\n  TTMinis.game.addShortcut({ success: onAdded, fail: onSkipped });\n}\n"}
    ),
    good=Example(
        {
            **NATIVE_GAME,
            "js/shortcut.js": "export function offerShortcut() {\n  if (TTMinis.game.canIUse('addShortcut')) {\n    TTMinis.game.addShortcut({ success: "
            "onAdded, fail: onSkipped });\n  }\n}\n",
        }
    ),
    triggers=words(*GATED_APIS),
    active=lambda ctx: ctx.is_game,  # the games SDK only exists in mini games
    autofix_note="wrapping a call in canIUse means deciding what happens without it",
    calls=("addShortcut", "startEntranceMission", "canIUse"),
    project_check=lambda ctx: _unity_checks().ungated_calls(ctx),  # a Unity project's C#: TT.AddShortcut(...)
)
def capability_not_gated(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        gated = [(call.node, call.written, call.callee.rsplit(".", 1)[-1]) for call in script.calls if call.callee.startswith("TTMinis.game.")]
        # and through a name the game gives the namespace (`this._api.addShortcut(...)`, `this._api = hostApi()`)
        plain = {(node.start_byte, node.end_byte) for node, _, _ in gated}
        gated += [
            (node, written, api)
            for node, written, api in alias_calls(script, ctx.root)
            if api in GATED_APIS and (node.start_byte, node.end_byte) not in plain  # a call read both ways is said once
        ]
        for node, written, api in gated:
            # gated, or in code that runs only outside TikTok (Kuaishou's shortcut after `if (!isKSPlatform()) return;`)
            if api in GATED_APIS and not _is_gated(script, node, api) and not runs_outside_tiktok(script, node, ctx.root, ctx.native_runtime):
                # a check that the function exists (`if (!tt?.addShortcut) return`, `?.()`) is said as such: it keeps the
                # call from throwing, but canIUse is TikTok's check of the capability (held-out round 36)
                exists = feature_checked(script, node, None, ctx.root)
                yield Finding(
                    script.span(node),
                    f"{written} is checked to exist but not with canIUse('{api}')"
                    if exists
                    else f"{written} is called without checking canIUse('{api}') first",
                    hint=(
                        f"The existence check keeps the call from throwing; TikTok's guidance is canIUse('{api}'), its check of the "
                        f"capability on this version and device: if (TTMinis.game.canIUse('{api}')) {{ {written}({{...}}); }}."
                        if exists
                        else f"Check first: if (TTMinis.game.canIUse('{api}')) {{ {written}({{...}}); }}, and offer something else where it is missing."
                    ),
                )


def _callbacks(script: Script, call: Call) -> list[Node]:
    found = []
    for arg in call.args:
        if arg.type in FUNCTION_TYPES:
            found.append(arg)
        elif arg.type == "object":
            for name in ("success", "complete"):
                handler = object_property(script, arg, name)
                if handler is not None and (handler.type in FUNCTION_TYPES or handler.type == "method_definition"):
                    found.append(handler)
    parent = call.node.parent
    if parent is not None and parent.type == "member_expression" and member_property(parent) == b"then":
        then_call = parent.parent
        arguments = then_call.child_by_field_name("arguments") if then_call is not None else None
        if arguments is not None and arguments.named_children and arguments.named_children[0].type in FUNCTION_TYPES:
            found.append(arguments.named_children[0])
    return found


@rule(
    "MN502",
    "reward-before-check",
    "W",
    Scope.FILE,
    summary="A shortcut/entrance reward is granted without reading canReceiveReward.",
    rationale="The reward APIs answer whether the player may receive the reward now (canReceiveReward); "
    "granting on success alone hands out the reward on every call.",
    fix="In the success callback, grant only when res.canReceiveReward is true.",
    bad=Example(
        {
            **NATIVE_GAME,
            "js/rewards.js": "export function claim() {\n  if (!TTMinis.game.canIUse('getShortcutMissionReward')) return;\n  "
            "TTMinis.game.getShortcutMissionReward({\n    success: function (res) { addCoins(100); },\n    fail: showError,\n  });\n}\n",
        }
    ),
    good=Example(
        {
            **NATIVE_GAME,
            "js/rewards.js": "export function claim() {\n  if (!TTMinis.game.canIUse('getShortcutMissionReward')) return;\n  "
            "TTMinis.game.getShortcutMissionReward({\n    success: function (res) { if (res.canReceiveReward) addCoins(100); },\n    fail: "
            "showError,\n  });\n}\n",
        }
    ),
    triggers=words(*REWARD_APIS),
    active=lambda ctx: ctx.is_game,  # the games SDK only exists in mini games
    autofix_note="where the reward is granted depends on the game's logic",
    calls=("getShortcutMissionReward", "getEntranceMissionReward", "getRevisitMissionReward"),
)
def reward_before_check(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for call in script.calls:
            if call.callee.startswith("TTMinis.game.") and call.callee.rsplit(".", 1)[-1] in REWARD_APIS:
                callbacks = _callbacks(script, call)
                read = [
                    node
                    for callback in callbacks
                    for node in descendants(callback)
                    if node.type in ("property_identifier", "shorthand_property_identifier_pattern", "identifier", "string_fragment")
                ]
                if callbacks and not any(node.text == b"canReceiveReward" for node in read):
                    # a near name (`res.canReceive`: held-out round 36) is undefined: the reward is never granted
                    near = next((node.text.decode() for node in read if node.text and _NEAR_FIELD.fullmatch(node.text.decode())), None)
                    yield Finding(
                        script.span(call.node),
                        f"{call.callee}'s success callback never reads canReceiveReward"
                        + (f" (it reads {near}, a field TikTok's result does not have: always undefined)" if near else ""),
                    )


_NEAR_FIELD = re.compile(r"(?i)can_?receive(?:_?rewards?)?|can_?get_?reward|can_?claim(?:_?reward)?")


GAMES_SDK_PREFIX = "TTMinis.game."


def is_open_data_context(project: Project) -> bool:
    """An engine project that is a game's open data context (its leaderboard): the game-wide requirements (rewarded
    ads, login, the missions) are the game's main domain's, which the open data context cannot call."""
    from ...engines import open_data_context  # start-up: only a game's project-wide rules ask

    return project.engine is not None and open_data_context(project.engine) is not None


@rule(
    "MN503",
    "foreign-only-api",
    "W",
    Scope.FILE,
    summary="A game calls, on tt / wx / TTMinis.game, an API TikTok's games SDK does not provide (WeChat's wx.cloud, Douyin-only APIs), or another "
    "platform's namespace (my.* of Alipay).",
    rationale="TikTok's games SDK answers to TTMinis.game, tt and wx alike, with TikTok's own API list: "
    "WeChat- or Douyin-only calls (cloud development, getUserProfile, game recorders) are undefined there and "
    "throw. The compatible calls (tt.createCanvas, wx.login, ...) are TikTok's own and never reported, nor is code "
    "that runs only on another platform (its adapter, which a platform factory picks when `typeof ks !== 'undefined'` "
    "or `sys.platform === sys.Platform.KUAISHOU_MINI_GAME`). In a Unity project the C# is read too: Douyin's SDK for "
    "Unity has the same `TTSDK.TT` class as TikTok's with more members, so `TT.GetGameRecorder()` compiles against "
    "Douyin's package and fails on TikTok; a `TT.<Name>(...)` call is TikTok's when its SDK for Unity documents it "
    "(the unity-sdk-* pages) or its JavaScript API is a TikTok games API; Douyin's older StarkSDK chain "
    "(`StarkSDK.API.GetStarkRank().SetImRankData(...)`) is judged as the TT call Douyin's migration tool makes of it. The editor's code and branches "
    "(`#if UNITY_EDITOR`, Editor folders) and the SDKs' own packages are not read; a store's own define "
    "(`#if STORE_TT`) is, since the TikTok build may set it.",
    fix="Replace the call with TikTok's equivalent (login for identity, your backend for cloud functions), or guard it so the game runs without it.",
    bad=Example({**NATIVE_GAME, "game.js": NATIVE_GAME_JS + "wx.cloud.callFunction({ name: 'score' });\n"}),
    good=Example({**NATIVE_GAME, "game.js": NATIVE_GAME_JS + "const canvas = wx.createCanvas();\nwx.onTouchStart((event) => jump(event.touches[0]));\n"}),
    # `tt.`, `my.`...; `window["tt"];`, `= wx;`, `return tt`: a name given the namespace (alias_calls)
    # and a string key (`tt['previewImage'](...)`, `ks["login"]`: minified client SDKs reach the namespace only so)
    triggers=(
        *words("my", "swan", "qq", "ks", "jd", then=rf"{NAME_END}(?:\?\.|\.|\[\s*[\"'])"),
        *words("tt", "wx", then=rf"{NAME_END}(?:\?\.|\.|\[\s*[\"']|[;,)}}|&?]|\n|$)"),
        *words("from", then=r"\s*[\"'](?:\.|@/|~/)"),  # `import { cp } from './platform'`: a project module may export the namespace
        *words("require", then=r"\s*\(\s*[\"'][\w$.-]"),  # `require('Platform')` (Cocos Creator 2), `require('./platform')`
        *words("constructor", then=r"\s*\(\s*[A-Za-z_$]"),  # a class given the namespace when it is built (alias_calls)
        *words("abstract", then=r"\s+[A-Za-z_$]"),  # an abstract platform accessor a subclass implements (alias_calls)
    ),
    active=lambda ctx: ctx.is_game,
    autofix_note="TikTok's equivalent (or none) differs per API: the message says what to use",
    project_check=lambda ctx: _unity_checks().foreign_calls(ctx),  # a Unity project's C#: Douyin's TT.GetGameRecorder()
)
def foreign_only_api(ctx: FileContext) -> Iterator[Finding]:
    if not ctx.is_game:
        return
    from ...sdk_api import (  # start-up: only code that calls the SDK reads its declared surface
        FOREIGN_GAME_APIS,
        FOREIGN_NAMESPACES,
        GAME_APIS,
        OPEN_DATA_APIS,
        UNCONFIRMED_GAME_APIS,
    )

    open_data: list[bool] = []  # whether this file runs in an open data context, asked once, at its first such call

    def in_open_data_context() -> bool:
        if not open_data:
            open_data.append(_in_open_data_context(ctx))
        return open_data[0]

    from ..libraries import recognise  # start-up: only a game's files ask which library they are

    # In a recognised engine, adapter or library the message names it, as MN402/MN405/MN406 do (issue 29 item 5)
    library = recognise(ctx.path, ctx.text)
    where = f" in {library.label}" if library is not None else ""
    hint = (
        f"Check that the game does not use what makes {library.label} call this on TikTok (it is not the game's own code to rewrite), or update it."
        if library is not None
        else None
    )

    def games_message(written: str, api: str) -> str:
        if api in OPEN_DATA_APIS and api not in UNCONFIRMED_GAME_APIS:  # set/removeUserCloudStorage: both domains, unconfirmed
            return (
                f"{written}(){where} is an open data context API (its leaderboard frame, openDataContext): in the game's main domain it is undefined on TikTok"
            )
        if api in FOREIGN_GAME_APIS:
            return f"{written}(){where} is a {FOREIGN_GAME_APIS[api]} API that TikTok's games SDK does not have"
        if api in UNCONFIRMED_GAME_APIS:
            return f"{written}(){where} is not among TikTok's documented games APIs: it may be undefined on TikTok"
        return f"{written}(){where} is not a TikTok games API: it is undefined on TikTok"

    def silent(script: Script, node: Node, written: str) -> bool:
        # `typeof tt !== 'undefined' && tt.requestAnimationFrame ? tt.requestAnimationFrame(cb) : ...`: only where it
        # exists; `tt.requestAnimationFrame.bind(tt)` is checked as `tt.requestAnimationFrame`
        target = node.child_by_field_name("function")
        bound = target.child_by_field_name("object") if target is not None and member_property(target) in (b"bind", b"call", b"apply") else None
        checked = feature_checked(script, node, name=dotted_name(bound) if bound is not None else None, root=ctx.root)
        if checked or _needs_foreign_member(script, node, unbound(written), GAME_APIS, UNCONFIRMED_GAME_APIS, ctx.root):
            return True
        members = namespace_members(ctx.root) if ctx.root is not None else frozenset()
        outer = _absent_callback_call(script, node, GAME_APIS, UNCONFIRMED_GAME_APIS, members, aliased.get(id(script), ()))
        if outer is not None and feature_checked(script, outer, root=ctx.root):
            return True  # in a callback of a guarded call of an API TikTok lacks: never called there
        # another platform's adapter, which a platform factory picks only there (`else if (isKuaishou())`)
        return runs_outside_tiktok(script, node, ctx.root, ctx.native_runtime)

    aliased: dict[int, list[tuple[Node, str, str]]] = {}  # each script's calls through a name given the namespace

    for script in ctx.scripts:
        own: dict[str, bool] = {}  # tt, wx, my...: a variable or parameter of the script's own (`var tt` in minified code)
        aliased[id(script)] = alias_calls(script, ctx.root)
        reported: set[tuple[int, int]] = set()  # a call read both ways (`(window as any).tt.x()`) is said once
        for call in script.calls:
            head = call.written.split(".", 1)[0]
            if call.callee.startswith(GAMES_SDK_PREFIX):
                api = call.callee[len(GAMES_SDK_PREFIX) :].split(".", 1)[0]
                if head not in ("tt", "wx", "TTMinis") or api in GAME_APIS or _own(script, head, own, call.node):
                    continue  # an alias of TTMinis.game: MN208 judges those (and alias_calls below, a name given tt/wx)
                if head == "TTMinis":
                    continue
                if ctx.root is not None and api in namespace_members(ctx.root):
                    continue  # `wx.uma.trackEvent()` where the project's own code sets `wx.uma = ...`
                message = games_message(unbound(call.written), api)
            elif head in FOREIGN_NAMESPACES and "." in call.written and not _own(script, head, own, call.node):
                written = unbound(call.written)
                message = f"{written}(){where} is {FOREIGN_NAMESPACES[head]}'s API ({head}.*): TikTok's games SDK answers to TTMinis.game, tt and wx only"
            else:
                continue
            if call.callee.startswith(GAMES_SDK_PREFIX) and api in OPEN_DATA_APIS and in_open_data_context():
                continue  # the open data context's own API, where it runs
            if not silent(script, call.node, call.written):
                reported.add((call.node.start_byte, call.node.end_byte))
                yield Finding(script.span(call.node), message, hint=hint)
        # another platform's namespace held by a field or variable (`tt: any = window['ks']` in a class, then
        # `this.tt.showToast(...)`): that platform's API, under whatever name
        for call, namespace in _foreign_held_calls(script):
            if not silent(script, call.node, call.written):
                written = unbound(call.written)
                yield Finding(
                    script.span(call.node),
                    f"{written}(){where} is {FOREIGN_NAMESPACES[namespace]}'s API ({namespace}.*, held by {written.rsplit('.', 1)[0]}): "
                    "TikTok's games SDK answers to TTMinis.game, tt and wx only",
                    hint=hint,
                )
        # the namespace under a name of the script's own: `const tt2 = window["tt"]`, `this.wx = window['wx']`, a
        # method returning tt or wx (`this.getPlatformClass().createBannerAd(...)`)
        for node, written, api in aliased[id(script)]:
            if api in OPEN_DATA_APIS and in_open_data_context():
                continue
            if (
                api not in GAME_APIS
                and (node.start_byte, node.end_byte) not in reported
                and not (ctx.root is not None and api in namespace_members(ctx.root))
                and not _set_on_alias(script, written, api)
                and not silent(script, node, written)
                # `if (platform.cloud) platform.cloud.callFunction(...)`: the namespace's object checked, as `wx.cloud` is
                and not (not written.endswith("." + api) and feature_checked(script, node, name=written.rsplit(".", 1)[0], root=ctx.root))
            ):
                yield Finding(script.span(node), games_message(written, api), hint=hint)


def _set_on_alias(script: Script, written: str, api: str) -> bool:
    """The script sets the member on the name holding the namespace (`platformCtx = tt; platformCtx.commonShare =
    platformCtx.shareAppMessage`): the project's own function, not an API TikTok lacks."""
    holder = written.rsplit(".", 1)[0] if written.endswith("." + api) else ""
    if not holder or not re.fullmatch(r"[\w$]+(?:\.[\w$]+)?", holder):
        return False
    dotted = r"\s*\.\s*".join(re.escape(part) for part in holder.split("."))
    return re.search(rf"(?<![\w$.]){dotted}\s*\.\s*{re.escape(api)}\s*=(?![=>])".encode(), script.data) is not None


_OPEN_DATA_PLACES: dict[str, tuple[int, tuple[str, ...], bool, tuple[str, ...]]] = {}


def _in_open_data_context(ctx: FileContext) -> bool:
    """Whether the file is an open data context's code: in a folder game.json or project.config.json names
    `openDataContext` (at the root, or in an engine's build template: `build-templates/<platform>/`, whose default
    folder is `openDataContext/`), or in an engine project that is a game's leaderboard (engines.open_data_context).
    The answer depends on those files, so the file's result is not cached (note_read); it is worked out once a lint
    run for the project (the review of 0d97976: once per file)."""
    if ctx.root is None:
        return False
    import posixpath

    from ...source.modules import run_generation  # start-up: only an open data API's call asks

    cached = _OPEN_DATA_PLACES.get(ctx.root)
    if cached is None or cached[0] != run_generation():
        cached = (run_generation(), *_open_data_places(ctx.root))
        _OPEN_DATA_PLACES[ctx.root] = cached
    _, folders, leaderboard, read = cached
    for path in read:
        note_read(path)
    path = posixpath.normpath(ctx.path)
    return leaderboard or any(path == folder or path.startswith(folder + "/") for folder in folders)


def _open_data_places(root_text: str) -> tuple[tuple[str, ...], bool, tuple[str, ...]]:
    """(the open data folders, whether the whole project is a leaderboard, the files that answer depends on)."""
    import posixpath
    from pathlib import Path

    from ...engines import detect, open_data_context, open_data_scripts  # start-up: only an open data API's call asks
    from ...gamepkg import open_data_folders

    root = Path(root_text)
    folders = [posixpath.normpath(folder) for folder in open_data_folders(root)]
    read = ["game.json", "project.config.json"]
    engine = detect(root)
    if engine is None:
        return tuple(folders), False, tuple(read)
    read.append(engine.marker)
    read += list(engine.engine.scripts)
    if engine.engine.templates is not None:  # Cocos' build-templates/<platform>/: copied into that platform's build
        base = engine.engine.templates.split("{", 1)[0].rstrip("/")
        for template in sorted((root / base).glob("*/")) if (root / base).is_dir() else ():
            named = open_data_folders(template) or ("openDataContext",)
            if not open_data_folders(template):  # no game.json naming it: a folder of the template whose scripts are one
                named += tuple(sub.name for sub in sorted(template.iterdir()) if sub.is_dir() and sub.name not in named and open_data_scripts(sub))
            folders += [posixpath.normpath(f"{base}/{template.name}/{folder}") for folder in named]
            read += [f"{base}/{template.name}/game.json", f"{base}/{template.name}/project.config.json"]
    return tuple(folders), open_data_context(engine) is not None, tuple(read)


def _absent_callback_call(
    script: Script, node: Node, apis: object, unconfirmed: object, members: frozenset[str] = frozenset(), aliased: Iterable[tuple[Node, str, str]] = ()
) -> Node | None:
    """The call of an API TikTok does not have that the call at `node` sits in a callback of (`tt.showShareMenu &&
    tt.showShareMenu({ success: () => tt.onShareAppMessage(...) })`), or None. Where that call is guarded, the callback
    never runs inside TikTok; where it is not, it throws first (reported there) and the callback's own call is reported
    too, to be found once that call is guarded. `aliased`: the script's calls through a name given the namespace
    (alias_calls: `cc.MyPlat.shareVideo({ success() { cc.MyPlat.showToast(...) } })`)."""
    absent: dict[tuple[int, int], bool] = script.__dict__.setdefault("_absent_api_calls", {})
    if not absent:
        for call in script.calls:
            head = call.written.split(".", 1)[0]
            if call.callee.startswith(GAMES_SDK_PREFIX) and head in ("tt", "wx") and not declares(script, head):
                api = call.callee[len(GAMES_SDK_PREFIX) :].split(".", 1)[0]
                # as MN503 judges it: not TikTok's, nor a member the project's own code sets on the namespace (a shim)
                absent[(call.node.start_byte, call.node.end_byte)] = api not in apis and api not in unconfirmed and api not in members  # type: ignore[operator]
        for call_node, _, api in aliased:
            absent.setdefault((call_node.start_byte, call_node.end_byte), api not in apis and api not in unconfirmed and api not in members)  # type: ignore[operator]
        absent.setdefault((-1, -1), False)  # computed once per script
    current = node.parent
    inside_function = False
    while current is not None:
        if current.type in FUNCTION_TYPES:
            inside_function = True
        elif current.type == "call_expression" and inside_function and absent.get((current.start_byte, current.end_byte)):
            return current
        current = current.parent
    return None


_FUNCTION_METHODS = (".bind", ".call", ".apply")


def unbound(written: str) -> str:
    """`tt.requestAnimationFrame.bind` (Function.prototype's bind/call/apply on a games API) is a use of
    `tt.requestAnimationFrame`: the name guards check and messages give."""
    for suffix in _FUNCTION_METHODS:
        if written.endswith(suffix) and written.count(".") >= 2:
            return written[: -len(suffix)]
    return written


def _needs_foreign_member(script: Script, node: Node, written: str, apis: object, unconfirmed: object, root: str | None) -> bool:
    """Every path to the call checks that a member of the namespace TikTok lacks exists (`if (!this.wx ||
    !this.wx.aldStage) return`, an analytics SDK patched onto wx): false inside TikTok, so the call runs elsewhere."""
    head = written.rsplit(".", 1)[0]
    function = node.parent
    while function is not None and function.type not in FUNCTION_TYPES:
        function = function.parent
    if function is None or "." not in written:
        return False
    text = script.data[function.start_byte : node.start_byte].decode("utf-8", "replace")
    heads = {head}  # and what a local copies (`let w = this.wx`), whose check (`!this.wx.aldStage`) is the same
    heads.update(re.sub(r"\s+", "", h) for h in re.findall(rf"(?:let|var|const)\s+{re.escape(head)}\s*=\s*(this\s*\.\s*[\w$]+)\s*[;\n]", text))
    names: set[str] = set()
    for checked in heads:
        pattern = re.compile(r"(?<![\w$.])" + re.escape(checked).replace(r"\.", r"\s*\.\s*") + r"\s*\.\s*([A-Za-z_$][\w$]*)")
        names.update(f"{checked}.{m}" for m in pattern.findall(text) if m not in apis and m not in unconfirmed)  # type: ignore[operator]
    return any(feature_checked(script, node, name=name, root=root) for name in sorted(names))


def _own(script: Script, name: str, known: dict[str, bool], node: Node) -> bool:
    """`tt`, `wx`, `my` at `node` name a binding of the script's own (`var tt` in minified code, a parameter), not the
    platform's global: a binding in one function says nothing of the name elsewhere in the file (and one holding the
    global itself, `let wx = window['wx']`, is alias_calls' to report)."""
    if name not in known:
        known[name] = declares(script, name)
    if not known[name]:
        return False
    key = "\0import:" + name  # `import { wx } from './platform'`: the module's own binding, everywhere in it
    if key not in known:
        known[key] = any(local == name for _, _, local in script.imported_names())
    return known[key] or bound_locally(script, node, name, module=True)


def game_files_call(ctx: ProjectContext, api: str) -> bool:
    """Does any front-end file of the project call the games SDK's `api` (through any of its names, or on what an
    abstract platform accessor returns: `const sdk = this.api(); sdk.createRewardedVideoAd(...)`, held-out round 29)?"""
    project = ctx.project
    if project.engine is not None and project.engine.calls(api):
        return True  # Unity's C# (TT.AddShortcut(...)), which the JS rules do not read
    unloaded = project.unloaded if project.is_native_game else {}
    for file in project.files:
        if file.in_backend_dir or file.path in unloaded:  # a file game.js never loads: not in the game TikTok runs
            continue
        text = project.read(file.path).text or ""
        if api not in text:
            continue
        scripts = scripts_in(file.path, text)
        # the namespace's own API (`tt.login`), not a third-party SDK hung on it (`wx.tmSDK.login()`)
        if any(unbound(ref) in (f"TTMinis.game.{api}", f"TTMinis.{api}") for script in scripts for ref in script.sdk_references):
            return True
        for script in scripts:  # `this._base = window["tt"]`, then `this._base.createRewardedVideoAd(...)`
            holders = _games_sdk_holders(script)
            if holders and _names_member(script, holders, api):
                return True
        # the SDK returned by a method or passed as a parameter (`const api = this.getActiveApi(); api.login(...)`,
        # `callAddShortcut(platform, runtime.tt)`): lint's resolution of SDK calls, in its games form
        if any(unbound(call.callee) == f"TTMinis.game.{api}" for script in scripts for call in games_calls(script)):
            return True
        if any(called == api for script in scripts for _, _, called in alias_calls(script, str(project.root))):
            return True  # `this.getPlatformClass().createRewardedVideoAd(...)`, `getPlatformClass() { ... return tt }`
        if _dispatched(text, api):
            return True  # `this.callHostApi(host, 'addShortcut', {})` where callHostApi calls `host[apiName](...)`
        if any(_called_on_own(script, api) for script in scripts):
            return True
    return False


def _called_on_own(script: Script, api: str) -> bool:
    """A call `x.api(...)` whose receiver is what an abstract method of the class returns (`const sdk = this.api();
    sdk.createRewardedVideoAd(...)` with `protected abstract api(): MiniGameAPI`, which each platform's subclass
    implements with its namespace: held-out round 29). Other receivers are lint's alias reading's to judge."""
    for node in descendants(script.tree.root_node):
        if node.type != "call_expression":
            continue
        callee = node.child_by_field_name("function")
        prop = callee.child_by_field_name("property") if callee is not None and callee.type == "member_expression" else None
        if callee is None or prop is None or script.source(prop) != api:
            continue
        receiver = unwrap(callee.child_by_field_name("object") or callee)
        if receiver.type == "identifier":
            values = _declared_in_scope(script, receiver)
            receiver = unwrap(values[0]) if len(values) == 1 else receiver
        if receiver.type == "call_expression" and _abstract_here(script, receiver):
            return True
    return False


def _abstract_here(script: Script, call: Node) -> bool:
    """The method a call names (`this.api()`) is abstract in this script's class (a signature with no body)."""
    callee = call.child_by_field_name("function")
    text = re.sub(r"\s+", "", script.source(callee)) if callee is not None else ""
    if not text.startswith("this."):
        return False
    name = text.removeprefix("this.")
    for node in descendants(script.tree.root_node):
        if node.type == "abstract_method_signature":
            key = node.child_by_field_name("name")
            if key is not None and script.source(key) == name:
                return True
    return False


_DISPATCH = re.compile(r"""(?<![\w$.])([A-Za-z_$][\w$]*)\s*(?:\?\.)?\[\s*([A-Za-z_$][\w$]*)\s*\]""")
_GAMES_NAMESPACE = re.compile(r"(?<![\w$])(?:tt|wx|TTMinis)(?![\w$])")


def _dispatched(text: str, api: str) -> bool:
    """The API named by a string passed to the game's own dispatcher (`callHostApi(host, 'addShortcut', payload)`,
    `requestCodeFromApi('login')`), in a file that reaches the games namespace and indexes an object by a name
    (`host[apiName]`): the call is made through the string. A name given only to canIUse is not a call."""
    if not _GAMES_NAMESPACE.search(text):
        return False
    if not any(m.group(2) not in ("0", "i", "j", "k") for m in _DISPATCH.finditer(text)):
        return False
    # anchored at a name's start and possessive: a long run of word characters is tried once, not from each of them
    for match in re.finditer(rf"""(?<![\w$])([\w$]++)\s*+(?:\?\.\s*+)?\(([^()]{{0,200}}?)['"]{re.escape(api)}['"]\s*[,)]""", text):
        if match.group(1) != "canIUse" and "canIUse" not in match.group(2):
            return True
    return False


def _names_member(script: Script, holders: list[str], api: str) -> bool:
    """`holder.api` or `holder["api"]`, called or not (`const create = this._base["createRewardedVideoAd"]`)."""
    from tree_sitter import QueryCursor

    query = _dynamic(
        script.dialect,
        "(member_expression object: (_) @object property: (property_identifier) @key)\n(subscript_expression object: (_) @object index: (string) @key)",
    )
    for _, match in QueryCursor(query).matches(script.tree.root_node):
        key = match["key"][0]
        name = literal_string(script, key) if key.type == "string" else script.source(key)
        if name == api and script.source(match["object"][0]) in holders:
            return True
    return False


_GAMES_SDK_VALUE = re.compile(r"""^(?:(?:window|globalThis|GameGlobal|self)\s*(?:\.\s*|\[\s*["']))?(?:tt|wx)["']?\s*\]?$""")


def _games_sdk_holders(script: Script) -> list[str]:
    """The names a script gives the games SDK (`this._base = window["tt"]`, `const api = wx`): multi-platform game
    frameworks keep the platform's object in a member and call through it."""
    from tree_sitter import QueryCursor

    values = "[(identifier) (member_expression) (subscript_expression)]"
    field = "field_definition property" if script.dialect == "js" else "public_field_definition name"
    query = _dynamic(
        script.dialect,
        f"(assignment_expression left: [(identifier) (member_expression)] @left right: {values} @right)\n"
        f"(variable_declarator name: (identifier) @left value: {values} @right)\n"
        f"({field}: (property_identifier) @field value: {values} @right)",  # a class field: `protected base = window["tt"]`
    )
    holders = []
    for _, match in QueryCursor(query).matches(script.tree.root_node):
        left, right = (match.get("left") or match["field"])[0], match["right"][0]
        if right.end_byte - right.start_byte < 40 and _GAMES_SDK_VALUE.match(script.source(right)):
            name = script.source(left) if "left" in match else f"this.{script.source(left)}"
            if name not in ("tt", "wx") and re.fullmatch(r"[\w$]+(?:\.[\w$]+)?", name):
                holders.append(name)
    return holders


@rule(
    "MN504",
    "ads-not-integrated",
    "W",
    Scope.PROJECT,
    summary="A mini game never creates a rewarded video ad (createRewardedVideoAd), which TikTok requires of mini games.",
    rationale='TikTok lists rewarded ads among the capabilities every mini game must integrate ("Develop your '
    'mini game", "Debug your mini game"); a game without them is sent back in review. An npm framework the game '
    "imports counts when installed (its code in node_modules is read); one package.json declares but node_modules "
    "does not hold cannot be read, so the finding names it, with the call that hands it the ads "
    "(`sdk.ads().show()`) when there is one, and says to install it and lint again.",
    fix="Create a rewarded ad with TTMinis.game.createRewardedVideoAd({ adUnitId }) (tt./wx. work too), show() it from a "
    "user action and grant the reward in onClose when isEnded is true.",
    bad=Example(
        {
            "game.json": "{}\n",
            "game.js": "tt.login({ success: start, fail: start });\n",
            "project.config.json": '{ "appid": "awexample123" }\n',
            "index.html": None,
        }
    ),
    good=Example(NATIVE_GAME),
    autofix_note="integrating rewarded ads is game design (where, what reward): the template shows one way",
)
def ads_not_integrated(ctx: ProjectContext) -> Iterator[Finding]:
    project = ctx.project
    if not project.is_game or game_files_call(ctx, "createRewardedVideoAd") or is_open_data_context(project):
        return
    if project.engine is not None and project.engine.targets_no_store():
        return  # a Unity project with no mini-game SDK: not a mini game yet
    where = project.engine.marker if project.engine is not None else "game.js" if project.is_native_game else project.entry_html
    dependencies = GameDependencies(project)
    if dependencies.installed_calls("createRewardedVideoAd"):
        return  # an installed framework creates it (node_modules/<dependency>)
    handed = dependencies.handed("createRewardedVideoAd")
    if handed is not None:
        name, path, line, written = handed
        yield Finding(
            None,
            f"this mini game leaves its rewarded ads to {name} ({written} in {path}:{line}), a dependency package.json declares but node_modules "
            "does not hold: minis-py cannot check that it creates a rewarded video ad (createRewardedVideoAd), which TikTok requires of mini games",
            path=where,
            hint=f"Install the dependencies (npm install) and lint again: minis-py then reads {name}'s code.",
        )
        return
    note = uninstalled_note(dependencies)
    yield Finding(
        None,
        "this mini game never creates a rewarded video ad (createRewardedVideoAd): TikTok requires rewarded ads in mini games",
        path=where,
        hint=note.strip() or None,
    )


AD_UNIT_PLACEHOLDER = re.compile(
    # ... and a template's tokens: `{{...}}`, `<...>`, a `${...}` left in a plain string (`"${激励}"`, round 29), REPLACE
    # an issued id is ASCII letters and digits: one with other characters is words standing for it ("微信激励视频广告位ID")
    r"^(?:|x+|\.\.\.|.*your.*|.*_AD_UNIT_ID|.*placeholder.*|.*replace.*|\{\{.*\}\}|\$\{.*\}|<.*>|xxx.*|todo|test|.*[^\x00-\x7f].*"
    # a slug naming what it stands for, with no digit a real id has (`ad_unit_rewarded_normal`, `adunit-interstitial`,
    # `ad_settle_coins`: words joined by _ or -, which no platform's issued ad unit id is); one that names itself an ad
    # unit may end in a short counter (`tt_rewarded_revive_ad_unit_01`, round 20: TikTok's ids are `ad` and digits)
    r"|(?=[A-Za-z_-]*(?:ad[_-]?unit|unit[_-]?id))[A-Za-z_-]+(?:[_-]\d{1,2})?|[A-Za-z]+(?:[_-][A-Za-z]+)+)$",
    re.I,
)


@rule(
    "MN505",
    "ad-unit-id-placeholder",
    "W",
    Scope.FILE,
    summary="createRewardedVideoAd / createInterstitialAd is given no adUnitId, an empty one, or a placeholder: written there, or the value on "
    "every path lint follows (a const, a config module's exported const, a parameter each call in the project fills, a constructor "
    "parameter's default that no construction overrides; the project's tests left out), or a placeholder it falls back to "
    "(`this.adUnitId || 'YOUR_AD_UNIT_ID'`).",
    rationale="An ad is served for the ad unit id registered on TikTok's developer portal; with a template's "
    "placeholder (YOUR_AD_UNIT_ID, xxx, {{...}}) no ad can ever be shown and the reward never comes. In a Unity project the C# "
    'is read too: `TT.CreateRewardedVideoAd(new CreateRewardedVideoAdParam { AdUnitId = "..." })` (unity-sdk-iaa), the '
    "interstitial's `InterstitialAdId`, Douyin's `TT.CreateRewardedVideoAd(\"...\", ...)`, written there or a `const string` "
    "of the game's C# named there.",
    fix="Copy the ad unit id from the ad unit's page on TikTok's developer portal.",
    bad=Example({"src/ads.js": "export const ad = TTMinis.game.createRewardedVideoAd({ adUnitId: 'YOUR_AD_UNIT_ID' });\n"}),
    good=Example({"src/ads.js": "export const ad = TTMinis.game.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"}),
    triggers=words("createRewardedVideoAd", "createInterstitialAd"),
    autofix_note="the ad unit id comes from your Developer Portal: minis-py cannot know it",
    project_check=lambda ctx: _unity_checks().placeholder_ad_units(ctx),  # a Unity project's C#: { AdUnitId = "demo_ad_unit" }
)
def ad_unit_id_placeholder(ctx: FileContext) -> Iterator[Finding]:
    from ...sdk_api import AD_CONSTRUCTORS  # start-up: only code that calls the SDK reads its declared surface

    for script in ctx.scripts:
        # the SDK's own calls, and those through a name given the namespace (`this.tt.createRewardedVideoAd({...})`)
        made: list[tuple[Node, str, Node | None]] = [
            (call.node, call.written, call.args[0] if call.args else None)
            for call in script.calls
            if call.callee.rsplit(".", 1)[-1] in AD_CONSTRUCTORS and call.callee.startswith(("TTMinis.", "tt.", "wx."))
        ]
        for node, written, api in alias_calls(script, ctx.root) if ctx.is_game else ():
            arguments = node.child_by_field_name("arguments") if api in AD_CONSTRUCTORS else None
            passed = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
            if arguments is not None:
                made.append((node, written, passed[0] if passed else None))
        for call_node, written, options in made:
            found = _unit_id_finding(ctx, script, call_node, written, options)
            if found is not None and not runs_outside_tiktok(script, call_node, ctx.root, ctx.native_runtime):
                yield found  # (another platform's adapter's placeholder never serves an ad inside TikTok: not reported)


_PLATFORM_WORDS = {
    "qq": frozenset({"qq"}),
    "ks": frozenset({"ks", "kuaishou", "kwai"}),
    "swan": frozenset({"swan", "baidu", "bd"}),
    "my": frozenset({"my", "alipay", "zfb"}),
    "jd": frozenset({"jd", "jingdong"}),
}


def _foreign_held_calls(script: Script) -> list[tuple[Call, str]]:
    """Calls through a field or variable every assignment of which in the script gives it another platform's namespace
    (`tt: any = window['ks']`, `this.api = window.qq`): `this.tt.showToast()`, `api.login()`."""
    if "window" not in script.text and "globalThis" not in script.text and "GameGlobal" not in script.text:
        return []
    names = {m.group(2) for m in FOREIGN_HELD.finditer(script.text)}
    found: list[tuple[Call, str]] = []
    stem = re.sub(r"\.[^.]*$", "", script.path.replace("\\", "/").rsplit("/", 1)[-1])
    words = {w.lower() for part in stem.split("_") for w in re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", part)}
    for name in names:
        namespace = holds_foreign(script, name)
        if namespace is None or words & _PLATFORM_WORDS.get(namespace, frozenset()):
            continue  # `var r = window.qq` in QQRewardedVideo.js: that platform's own adapter, judged as its direct calls are
        for call in script.member_calls({f"this.{name}", name}):
            holder = call.callee.rsplit(".", 1)[0]
            if holder in (name, f"this.{name}") and (holder != name or not _declared_param(script, call.node, name)):
                found.append((call, namespace))
    return found


def _declared_param(script: Script, node: Node, name: str) -> bool:
    return bound_locally(script, node, name, module=False) and not re.search(
        rf"(?:let|var|const)\s+{re.escape(name)}\s*=\s*(?:window|globalThis|GameGlobal)", script.text
    )


def _unit_id_finding(ctx: FileContext, script: Script, call_node: Node, written: str, options: Node | None) -> Finding | None:
    unit = object_property(script, options, "adUnitId") if options is not None else None
    if unit is None:
        if options is None or options.type == "object":
            return Finding(script.span(call_node), f"{written}() has no adUnitId: no ad can be served")
        return None
    value = literal_string(script, unit)
    if value is not None:
        if AD_UNIT_PLACEHOLDER.match(value.strip()):
            return Finding(script.span(unit), f"adUnitId {value!r} is a placeholder: no ad can be served")
        return None
    # a const, an imported config constant, a parameter every caller fills, a field, a config object's path: each path's value
    values = string_values(script, unit, ctx.root)
    if values and all(AD_UNIT_PLACEHOLDER.match(v.strip()) for v in values):
        named = script.source(unit)
        return Finding(script.span(unit), f"adUnitId {values[0]!r} (the value of {named} on every path lint follows) is a placeholder: no ad can be served")
    fallback = _placeholder_fallback(script, unit)
    if fallback is not None:
        value, given = fallback
        return Finding(script.span(unit), f"adUnitId falls back to the placeholder {value!r} whenever {given} is empty: no ad can be served then")
    return None


def _placeholder_fallback(script: Script, unit: Node) -> tuple[str, str] | None:
    """`adUnitId: this.reviveAdUnitId || 'adunit-revive-placeholder'`, directly or through a local const (`const
    adUnitId = ... || '...'; tt.createRewardedVideoAd({ adUnitId })`): the placeholder and what it stands in for."""
    node: Node | None = unwrap(unit)
    if node is not None and node.type in ("identifier", "shorthand_property_identifier"):
        declared = _declared_in_scope(script, node)  # the declaration this name reads, not another function's of the name
        node = unwrap(declared[0]) if len(declared) == 1 else None
    operator = node.child_by_field_name("operator") if node is not None and node.type == "binary_expression" else None
    if node is None or operator is None or operator.type not in ("||", "??"):
        return None
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    value = literal_string(script, unwrap(right)) if right is not None else None
    if left is None or not value or not value.strip() or not AD_UNIT_PLACEHOLDER.match(value.strip()):
        return None  # (an empty fallback, `id || ''`, is no placeholder written in: what MN505 says of an empty id is elsewhere)
    return value, script.source(left)


_THIS_ALIAS = re.compile(r"(?<![\w$.])(?:(?:var|let|const)[ \t]+)?([A-Za-z_$][\w$]*)[ \t]*=[ \t]*this[ \t]*[;,)\r\n]")


def _mapped_ads(
    script: Script, ads: list, variables: list[tuple[str, Node, frozenset[str]]], methods_of: Callable[[str], frozenset[str]]
) -> tuple[list[tuple[str, Node, frozenset[str]]], list[tuple[Node, str, frozenset[str]]]]:
    """Ads kept in a Map by `map.set(key, ad)` (the constructor's call, or a variable given it) and read back by
    `map.get(key)`: the variables given such a read, and the calls of a method on one (`map.get(key).destroy()`)."""
    keyed = "]" in script.text and "= " in script.text
    if (".set(" not in script.text or ".get(" not in script.text) and not keyed:
        return [], []
    given = {id(ad.node): methods_of(ad.callee) for ad in ads}
    named = {name: known for name, _, known in variables}
    maps: dict[str, frozenset[str]] = {}
    reads: list[Node] = []

    def ad_value(value: Node | None) -> frozenset[str] | None:
        known = given.get(id(value)) if value is not None else None
        if known is None and value is not None and value.type == "identifier":
            known = named.get(script.source(value))
        return known

    for node in descendants(script.tree.root_node):
        if node.type == "subscript_expression":  # `this.videoMap[id] = ad` (an object as the map), `n = this.videoMap[id]`
            parent = node.parent
            if parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("left") == node:
                known = ad_value(unwrap(parent.child_by_field_name("right")))
                owner = this_dotted(script, node.child_by_field_name("object")) if known is not None else None
                if known is not None and owner:
                    maps[owner] = maps.get(owner, frozenset()) | known
            else:
                reads.append(node)  # whose map it reads is asked only when some map holds ads (a bundle has thousands)
            continue
        callee = node.child_by_field_name("function") if node.type == "call_expression" else None
        prop = callee.child_by_field_name("property") if callee is not None and callee.type == "member_expression" else None
        if prop is None or callee is None or script.source(prop) not in ("set", "get"):
            continue
        if script.source(prop) == "get":
            reads.append(node)
            continue
        arguments = node.child_by_field_name("arguments")
        values = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
        known = ad_value(unwrap(values[1]) if len(values) == 2 else None)
        owner = this_dotted(script, callee.child_by_field_name("object")) if known is not None else None
        if known is not None and owner:
            maps[owner] = maps.get(owner, frozenset()) | known
    last_names = {name.rsplit(".", 1)[-1] for name in maps}
    held: list[tuple[str, Node, frozenset[str]]] = []
    chained: list[tuple[Node, str, frozenset[str]]] = []
    for read in reads if maps else ():
        holder = read.child_by_field_name("function") if read.type == "call_expression" else read
        obj = holder.child_by_field_name("object") if holder is not None else None
        if obj is None or script.source(obj).rsplit(".", 1)[-1].strip() not in last_names:
            continue  # not a read of any map holding ads (a cheap test before the name's binding is looked up)
        known = maps.get(this_dotted(script, obj) or "")
        parent = read.parent
        while known is not None and parent is not None and parent.type in ("parenthesized_expression", "as_expression", "non_null_expression"):
            parent = parent.parent
        if known is None or parent is None:
            continue
        if parent.type == "variable_declarator" and (name := parent.child_by_field_name("name")) is not None and name.type == "identifier":
            held.append((script.source(name), name, known))
        elif parent.type == "assignment_expression" and (name := parent.child_by_field_name("left")) is not None and name.type == "identifier":
            held.append((script.source(name), name, known))  # `null == (n = this.videoMap[o])`
        elif parent.type == "member_expression" and parent.parent is not None and parent.parent.type == "call_expression":
            method = parent.child_by_field_name("property")
            if method is not None and script.source(method) not in known:
                chained.append((parent.parent, script.source(method), known))
    return held, chained


def _copied_to(script: Script, name: str) -> list[str]:
    """The properties a variable is copied into (`this.video = video`): the same object under other names."""
    if not re.fullmatch(r"[A-Za-z_$][\w$]*", name):
        return []
    found = []
    for match in re.finditer(rf"((?:this|self)\s*\.\s*[A-Za-z_$][\w$]*)\s*=\s*{re.escape(name)}\s*[;,\n)]", script.text):
        found.append(re.sub(r"\s+", "", match.group(1)))
    return found


class _AliasAd:
    """An ad constructor called through a name given the games namespace, as ad_method_unknown reads a call."""

    def __init__(self, node: Node, written: str) -> None:
        self.node, self.written = node, written
        self.callee = "TTMinis.game." + written.rsplit(".", 1)[-1]


@rule(
    "MN506",
    "ad-method-unknown",
    "W",
    Scope.FILE,
    summary="A method TikTok's ad instance does not have is called on one (a game's: show, load, onClose/offClose, "
    "onError/offError, onLoad/offLoad; a drama's: no load).",
    rationale="TikTok's ad instances have no destroy() (another platform's method), and a drama's ad has no load() "
    "(tiktok-minis-in-app-ads: show, onClose, onError, offClose, offError): such a call throws and the ad code after it "
    "never runs. A game's ads have load(), onLoad and offLoad since TikTok 46.1.0 (mini-games-preload-ads: "
    "ad.load().then(() => ad.show())).",
    fix="Call show() from a user action, and listen with onClose / onError; drop destroy() (and load() in a drama).",
    bad=Example({"src/ads.js": "const ad = TTMinis.game.createRewardedVideoAd({ adUnitId: 'ad7301' });\nexport const close = () => ad.destroy();\n"}),
    good=Example(
        {"src/ads.js": "const ad = TTMinis.game.createRewardedVideoAd({ adUnitId: 'ad7301' });\nexport const watch = () => ad.load().then(() => ad.show());\n"}
    ),
    triggers=words("createRewardedVideoAd", "createInterstitialAd"),
    autofix_note="dropping or replacing the ad call changes the ad flow: review it",
)
def ad_method_unknown(ctx: FileContext) -> Iterator[Finding]:
    from ...sdk_api import AD_CONSTRUCTORS, AD_METHODS, GAME_AD_METHODS  # start-up: only code that calls the SDK reads its declared surface

    def methods_of(callee: str) -> frozenset[str]:
        return AD_METHODS if callee.startswith("TTMinis.") and not callee.startswith("TTMinis.game.") else GAME_AD_METHODS

    for script in ctx.scripts:
        ads: list = [c for c in script.calls if c.callee.rsplit(".", 1)[-1] in AD_CONSTRUCTORS and c.callee.startswith(("TTMinis.", "tt.", "wx."))]
        # and through a name the game gives the namespace (`this.platform.createRewardedVideoAd(...)`)
        ads += [_AliasAd(node, written) for node, written, api in alias_calls(script, ctx.root) if api in AD_CONSTRUCTORS]
        if not ads:
            continue
        members: dict[str, frozenset[str]] = {}  # `this.ad = ...`: a property, the same wherever it is read
        own_ads: dict[tuple[str, int], frozenset[str]] = {}  # `this.ad = ...` in one class: that class's
        ad_sites: dict[str, list[Node]] = {}  # where each member is given an ad
        variables: list[tuple[str, Node, frozenset[str]]] = []  # `const ad = ...`, `ad = ...`: a variable, where it was given the ad
        for ad in ads:
            parent = ad.node.parent
            while parent is not None and parent.type in ("parenthesized_expression", "await_expression", "as_expression", "non_null_expression"):
                parent = parent.parent
            if parent is not None and parent.type == "pair" and parent.parent is not None and parent.parent.type == "object":
                # `video = { ad: wx.createRewardedVideoAd({...}), loaded: false }`, later `this.video = video`: video.ad
                key = parent.child_by_field_name("key")
                holder = parent.parent.parent
                held = holder.child_by_field_name("name") if holder is not None and holder.type == "variable_declarator" else None
                if holder is not None and holder.type == "assignment_expression":
                    held = holder.child_by_field_name("left")
                base = dotted_name(held) if held is not None else None
                if key is not None and base:
                    for name in (base, *_copied_to(script, base)):
                        members[f"{name}.{script.source(key)}"] = members.get(f"{name}.{script.source(key)}", frozenset()) | methods_of(ad.callee)
                continue
            if parent is not None and parent.type == "variable_declarator":
                name = parent.child_by_field_name("name")
                if name is not None and name.type == "identifier":
                    variables.append((script.source(name), name, methods_of(ad.callee)))
            elif parent is not None and parent.type in ("assignment_expression", "augmented_assignment_expression"):
                left = parent.child_by_field_name("left")
                target = this_dotted(script, left) if left is not None else None
                if target and left is not None and left.type == "identifier":
                    variables.append((target, left, methods_of(ad.callee)))
                elif target:
                    members[target] = members.get(target, frozenset()) | methods_of(ad.callee)
                    ad_sites.setdefault(target, []).append(parent)
                    owner = _this_owner(script, parent) if target.startswith("this.") else None
                    if owner is not None:
                        owned = (target, owner.start_byte)
                        own_ads[owned] = own_ads.get(owned, frozenset()) | methods_of(ad.callee)
        # an ad kept in a Map (`this.ads.set(id, ad)`): what its get() returns is the ad (`this.ads.get(id).destroy()`)
        held, chained = _mapped_ads(script, ads, variables, methods_of)
        variables += held
        scopes = _Scopes(script, {name for name, _, _ in variables}) if variables else None
        bound = {(name, scopes.binding(node, name)): known for name, node, known in variables} if scopes is not None else {}
        holders = set(members) | {name for name, _, _ in variables}
        # `var o = this; o.videoAd.destroy()`: the member `this.videoAd` read through a name holding `this`
        aliases = {f"{alias}.{name[5:]}": name for alias in _THIS_ALIAS.findall(script.text) for name in members if name.startswith("this.")}
        for call in script.member_calls(holders | set(aliases)) if holders else ():
            holder, _, method = call.callee.rpartition(".")
            if holder in aliases and holder not in holders:
                receiver = call.node.child_by_field_name("function")
                if receiver is None or this_dotted(script, receiver.child_by_field_name("object")) != aliases[holder]:
                    continue  # the name holds something else here (minified code reuses `o`)
                holder = aliases[holder]
            if holder not in holders:
                continue
            if holder in members:
                known = members[holder]
                function = _nearest(call.node, _FUNCTION_SCOPES - {"program"})
                if (
                    function is not None
                    and not any(function.start_byte <= site.start_byte < function.end_byte for site in ad_sites.get(holder, ()))
                    and _assigns(script, holder, function, before=call.node.start_byte)
                ):
                    continue  # `data.instance = tt.createBannerAd(...)` in this function: a banner, not the ad another gave it
                if (
                    function is not None
                    and not holder.startswith("this.")
                    and _other_local(script, holder.split(".", 1)[0], function, ad_sites.get(holder, []))
                ):
                    continue  # `let data = mBannerAdData; data.instance.hide()` where the ads went to `data = mVideoAdData`'s
                if holder.startswith("this."):
                    # a class that gives `this.ad_instance` its own value reads that value (a banner from
                    # `tt.createBannerAd` in one class is no other class's rewarded ad); one that never does, an inherited one
                    owner = _this_owner(script, call.node)
                    if owner is not None and (holder, owner.start_byte) not in own_ads and _assigns_member(script, holder, owner):
                        continue
                    known = own_ads.get((holder, owner.start_byte), known) if owner is not None else known
            else:
                key = (holder, scopes.binding(call.node, holder)) if scopes is not None else None
                if key is None or key not in bound:
                    continue  # the same name, bound to something else here: a parameter or another variable (minified code reuses `e`, `t`)
                known = bound[key]
            if method in known or runs_outside_tiktok(script, call.node, ctx.root, ctx.native_runtime):
                continue  # another platform's ad helper (a module required only in its branch) never runs inside TikTok
            if feature_checked(script, call.node, root=ctx.root):
                continue  # `ad.destroy?.()`, `if (ad.destroy) ad.destroy()`: only where the method exists
            yield Finding(script.span(call.node), f"{call.callee}(): TikTok's ad instance has no {method}() (it has {', '.join(sorted(known))})")
        # a helper handed the ad (`DestroyAd(ad) { if (!!ad) ad.destroy(); }`, `this.DestroyAd(this.rewardedVideoAd)`;
        # held-out round 29): its call of the method on the parameter, when a call of the helper passes TikTok's ad
        yield from _helper_ad_calls(script, members, ctx)
        for site, method, known in chained:
            if not runs_outside_tiktok(script, site, ctx.root, ctx.native_runtime) and not feature_checked(script, site, root=ctx.root):
                callee = re.sub(r"\s+", "", script.source(site.child_by_field_name("function") or site))
                yield Finding(script.span(site), f"{callee}(): TikTok's ad instance has no {method}() (it has {', '.join(sorted(known))})")
        for ad in ads:  # chained: createRewardedVideoAd({...}).destroy()
            parent = ad.node.parent
            if parent is not None and parent.type == "member_expression" and parent.parent is not None and parent.parent.type == "call_expression":
                prop = parent.child_by_field_name("property")
                method = script.source(prop) if prop is not None else ""
                if method and method not in methods_of(ad.callee) and not runs_outside_tiktok(script, parent.parent, ctx.root, ctx.native_runtime):
                    yield Finding(script.span(parent.parent), f"{ad.written}(...).{method}(): TikTok's ad instance has no {method}()")


def _helper_ad_calls(script: Script, members: dict[str, frozenset[str]], ctx: FileContext) -> Iterator[Finding]:
    """The calls `param.m()` in a method or function of the script that some call of it (`this.DestroyAd(this.ad)`,
    `DestroyAd(this.ad)`) hands an ad member whose instance has no m(), where that call runs inside TikTok."""
    if not members:
        return
    handed: dict[str, list[tuple[Node, int, str]]] = {}  # helper name -> (call, argument index, ad member)
    functions: list[Node] = []
    for node in descendants(script.tree.root_node):  # one pass: the calls handing an ad member, and the definitions
        if node.type in ("method_definition", "function_declaration"):
            functions.append(node)
        if node.type != "call_expression":
            continue
        callee = node.child_by_field_name("function")
        arguments = node.child_by_field_name("arguments")
        if callee is None or arguments is None or callee.type not in ("identifier", "member_expression"):
            continue
        for index, argument in enumerate(a for a in arguments.named_children if a.type != "comment"):
            name = dotted_name(unwrap(argument)) if argument.type in ("member_expression", "identifier") else None
            if name in members:
                helper = re.sub(r"\s+", "", script.source(callee))
                handed.setdefault(helper.removeprefix("this."), []).append((node, index, name))
    if not handed:
        return
    for function in functions:
        key = function.child_by_field_name("name")
        parameters = function.child_by_field_name("parameters")
        body = function.child_by_field_name("body")
        if key is None or parameters is None or body is None or script.source(key) not in handed:
            continue
        names = [unwrap(p.child_by_field_name("pattern") or p) for p in parameters.named_children if p.type != "comment"]
        sites = [
            (call, argument)
            for call, index, argument in handed[script.source(key)]
            if index < len(names) and names[index].type == "identifier" and not runs_outside_tiktok(script, call, ctx.root, ctx.native_runtime)
        ]
        for call, argument in sites:
            index = next(i for c, i, a in handed[script.source(key)] if c == call)
            name = script.source(names[index])
            for use in descendants(body):
                callee = use.child_by_field_name("function") if use.type == "call_expression" else None
                if callee is None or callee.type != "member_expression" or script.source(callee.child_by_field_name("object") or callee) != name:
                    continue
                prop = callee.child_by_field_name("property")
                method = script.source(prop) if prop is not None else ""
                if method and method not in members[argument] and not feature_checked(script, use, root=ctx.root):
                    yield Finding(
                        script.span(use),
                        f"{name}.{method}(): TikTok's ad instance has no {method}() (line {call.start_point[0] + 1} hands it {argument}, TikTok's ad; "
                        f"it has {', '.join(sorted(members[argument]))})",
                    )
            break  # one call handing the ad is enough to say so


def _this_owner(script: Script, node: Node) -> Node | None:
    """Where `this` at `node` belongs: the class body (an ES class, or the function of a TypeScript/Babel ES5 class emit,
    `var C = (function (_super) { ... C.prototype.m = function () {...} ... }(Base))`), as its start byte."""
    from ..guards import _es5_class_name  # start-up: only an ad instance's method call asks

    current = node.parent
    while current is not None:
        if current.type in ("class_body", "object"):
            return current
        if current.type == "function_expression" and _es5_class_name(script, current) is not None:
            return current
        current = current.parent
    return None


def _assigns_member(script: Script, target: str, owner: Node) -> bool:
    """The class body gives `this.member` a value itself (`this.ad_instance = window["tt"].createBannerAd(...)`)."""
    return _assigns(script, target, owner)


def _local_value(script: Script, name: str, function: Node) -> str | None:
    """The text of the value `let/const/var name = ...` gives the name in the function, or None."""
    match = re.search(
        rb"(?<![\w$.])(?:let|const|var)\s+" + re.escape(name).encode() + rb"\s*(?::[^=;\n]{1,60})?=(?![=>])\s*([^;\r\n]{1,120})",
        script.data[function.start_byte : function.end_byte],
    )
    return match.group(1).strip().decode("utf-8", "replace") if match is not None else None


def _other_local(script: Script, base: str, function: Node, sites: list[Node]) -> bool:
    """The function's own `let data = X` differs from every one the functions giving `data.member` its ads declare."""
    here = _local_value(script, base, function)
    if here is None or not sites:
        return False
    there = set()
    for site in sites:
        owner = _nearest(site, _FUNCTION_SCOPES - {"program"})
        value = _local_value(script, base, owner) if owner is not None else None
        if value is None:
            return False  # the ad went to a `data` this function cannot tell from its own
        there.add(value)
    return here not in there


def _assigns(script: Script, target: str, within: Node, before: int | None = None) -> bool:
    """`target = <a call or a new>` (a dotted name given a made value: `data.instance = tt.createBannerAd(...)`, not
    `= null` after a destroy) in the node's text, before the byte `before` when given."""
    dotted = rb"\s*\.\s*".join(re.escape(part).encode() for part in target.split("."))
    end = within.end_byte if before is None else min(within.end_byte, before)
    for match in re.finditer(rb"(?<![\w$.])" + dotted + rb"\s*=(?![=>])", script.data[within.start_byte : end]):
        if _MADE.match(script.data, within.start_byte + match.end()) is None:
            continue
        at = script.tree.root_node.descendant_for_byte_range(within.start_byte + match.start(), within.start_byte + match.start() + 1)
        if at is not None and at.type not in ("comment", "string_fragment", "template_string"):
            return True  # not in a comment (`// data.instance = null`) or a string
    return False


_MADE = re.compile(rb"""[ \t]*(?:new[ \t]|await[ \t]+)?[\w$.]{1,120}(?:\[["'][\w$]{1,40}["']\][\w$.]{0,80})?[ \t]*\(""")


_BLOCK_SCOPES = frozenset({"statement_block", "program", "for_statement", "for_in_statement", "switch_body", "class_body"})
_FUNCTION_SCOPES = FUNCTION_TYPES | {"program"}
ScopeKey = tuple[int, int, str]


def _key(node: Node) -> ScopeKey:
    return node.start_byte, node.end_byte, node.type


def _nearest(node: Node, kinds: frozenset[str]) -> Node | None:
    current = node.parent
    while current is not None and current.type not in kinds:
        current = current.parent
    return current


class _Scopes:
    """Where a script declares some names (var, let/const, function names, parameters, catch parameters), so a use of
    one can be tied to its declaration: lexical scoping, enough to tell a variable holding an ad from a parameter or
    another variable of the same name (minified bundles name nearly everything `e`, `t` or `n`)."""

    def __init__(self, script: Script, names: set[str]) -> None:
        from tree_sitter import Query, QueryCursor

        match = "^(" + "|".join(re.escape(n) for n in sorted(names)) + ")$"
        # TypeScript wraps each parameter in required_parameter / optional_parameter (pattern:, value: for a default);
        # JavaScript's grammar has the identifier, assignment_pattern or rest_pattern directly (a TS-only node in a
        # JS query, or the reverse, is a QueryError).
        parameters = (
            f"""(required_parameter pattern: (identifier) @parameter (#match? @parameter "{match}"))
            (optional_parameter pattern: (identifier) @parameter (#match? @parameter "{match}"))
            (required_parameter pattern: (rest_pattern (identifier) @parameter) (#match? @parameter "{match}"))"""
            if script.dialect in ("ts", "tsx")
            else f"""(formal_parameters (identifier) @parameter (#match? @parameter "{match}"))
            (formal_parameters (assignment_pattern left: (identifier) @parameter) (#match? @parameter "{match}"))
            (formal_parameters (rest_pattern (identifier) @parameter) (#match? @parameter "{match}"))"""
        )
        query = Query(
            script.tree.language,
            f"""(variable_declarator name: (identifier) @var (#match? @var "{match}"))
            (function_declaration name: (identifier) @function (#match? @function "{match}"))
            {parameters}
            (arrow_function parameter: (identifier) @parameter (#match? @parameter "{match}"))
            (catch_clause parameter: (identifier) @parameter (#match? @parameter "{match}"))""",
        )
        self.declared: dict[ScopeKey, set[str]] = {}
        for kind, nodes in QueryCursor(query).captures(script.tree.root_node).items():
            for node in nodes:
                scope = self._scope_of(node, kind)
                if scope is not None:
                    self.declared.setdefault(_key(scope), set()).add(script.source(node))

    @staticmethod
    def _scope_of(node: Node, kind: str) -> Node | None:
        if kind == "parameter":
            return _nearest(node, FUNCTION_TYPES | {"catch_clause"})
        declarator = node.parent
        if kind == "var" and declarator is not None and declarator.parent is not None and declarator.parent.type == "lexical_declaration":
            return _nearest(declarator, _BLOCK_SCOPES | FUNCTION_TYPES)  # let / const: the block
        if kind == "function":
            return _nearest(declarator, _BLOCK_SCOPES | FUNCTION_TYPES) if declarator is not None else None
        return _nearest(node, _FUNCTION_SCOPES)  # var: the function

    def binding(self, node: Node, name: str) -> ScopeKey | None:
        """The scope whose declaration of `name` a use at `node` refers to; None when it is a global."""
        current: Node | None = node
        while current is not None:
            key = _key(current)
            if name in self.declared.get(key, ()):
                return key
            current = current.parent
        return None

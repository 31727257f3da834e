"""MN5xx: mini games: capability checks and reward grants."""

from __future__ import annotations

from collections.abc import Iterator

from ..context import FileContext, Finding
from ..javascript import FUNCTION_TYPES, Call, Script, descendants, literal_string, object_property
from ..model import Example, Scope
from . import rule, words

GATED_APIS = ("addShortcut", "startEntranceMission", "getShortcutMissionReward", "getEntranceMissionReward")
REWARD_APIS = ("getShortcutMissionReward", "getEntranceMissionReward")
CAN_I_USE = ("TTMinis.game.canIUse", "TTMinis.canIUse")
_EXITS = frozenset({"return_statement", "throw_statement", "break_statement", "continue_statement"})


def _checks_capability(script: Script, condition: object, api: str) -> bool:
    for node in descendants(condition):  # type: ignore[arg-type]
        if node.type == "call_expression":
            for call in script.calls:
                if call.node.start_byte == node.start_byte and call.node.end_byte == node.end_byte and call.callee in CAN_I_USE:
                    if call.args and literal_string(script, call.args[0]) in (api, f"game.{api}", f"TTMinis.game.{api}"):
                        return True
    return False


def _negated(condition: object) -> bool:
    node = condition
    while node.type == "parenthesized_expression" and node.named_child_count:  # type: ignore[attr-defined]
        node = node.named_children[0]  # type: ignore[attr-defined]
    return node.type == "unary_expression" and (node.text or b"").startswith(b"!")  # type: ignore[attr-defined]


def _exits(statement: object) -> bool:
    if statement.type in _EXITS:  # type: ignore[attr-defined]
        return True
    if statement.type == "statement_block":  # type: ignore[attr-defined]
        children = [c for c in statement.named_children if c.type != "comment"]  # type: ignore[attr-defined]
        return bool(children) and children[-1].type in _EXITS
    return False


def _is_gated(script: Script, call: Call, api: str) -> bool:
    """A canIUse('<api>') check dominates the call: an enclosing if/&&/?:, or an early exit before it."""
    child = call.node
    node = call.node.parent
    while node is not None:
        kind = node.type
        if kind == "if_statement":
            condition = node.child_by_field_name("condition")
            consequence = node.child_by_field_name("consequence")
            if condition is not None and consequence is not None and consequence.start_byte <= child.start_byte < consequence.end_byte:
                if not _negated(condition) and _checks_capability(script, condition, api):
                    return True
        elif kind == "binary_expression" and node.child_by_field_name("operator") is not None and node.child_by_field_name("operator").type == "&&":
            left = node.child_by_field_name("left")
            if left is not None and left.end_byte <= child.start_byte and _checks_capability(script, left, api):
                return True
        elif kind == "ternary_expression":
            condition = node.child_by_field_name("condition")
            consequence = node.child_by_field_name("consequence")
            if condition is not None and consequence is not None and consequence.start_byte <= child.start_byte < consequence.end_byte and _checks_capability(script, condition, api):
                return True
        elif kind in ("statement_block", "program"):
            for statement in node.named_children:
                if statement.start_byte >= child.start_byte:
                    break
                if statement.type == "if_statement":
                    condition = statement.child_by_field_name("condition")
                    consequence = statement.child_by_field_name("consequence")
                    if condition is not None and consequence is not None and _negated(condition) and _exits(consequence) and _checks_capability(script, condition, api):
                        return True
        if kind in FUNCTION_TYPES and node.type == "function_declaration":
            break
        child, node = node, node.parent
    return False


@rule(
    "MN501", "capability-not-gated", "W", Scope.FILE,
    summary="A shortcut or entrance-mission API is called without a TTMinis.game.canIUse guard.",
    rationale="Shortcuts and entrance missions exist only on some TikTok versions and devices; calling "
    "them where they are missing throws, and TikTok's guidance is to check canIUse('<api>') first.",
    fix="Check first: if (TTMinis.game.canIUse('addShortcut')) { TTMinis.game.addShortcut({...}); }, and offer something else where it is missing.",
    bad=Example({"src/game.js": "export function offerShortcut() {\n  TTMinis.game.addShortcut({ success: onAdded, fail: onSkipped });\n}\n"}),
    good=Example({"src/game.js": "export function offerShortcut() {\n  if (TTMinis.game.canIUse('addShortcut')) {\n    TTMinis.game.addShortcut({ success: onAdded, fail: onSkipped });\n  }\n}\n"}),
    triggers=words(*GATED_APIS),
)
def capability_not_gated(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for call in script.calls:
            if call.callee.startswith("TTMinis.game.") and call.callee.rsplit(".", 1)[-1] in GATED_APIS:
                api = call.callee.rsplit(".", 1)[-1]
                if not _is_gated(script, call, api):
                    yield Finding(script.span(call.node), f"{call.callee} is called without checking TTMinis.game.canIUse('{api}') first")


def _callbacks(script: Script, call: Call) -> list[object]:
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
    if parent is not None and parent.type == "member_expression" and parent.child_by_field_name("property") is not None and parent.child_by_field_name("property").text == b"then":
        then_call = parent.parent
        arguments = then_call.child_by_field_name("arguments") if then_call is not None else None
        if arguments is not None and arguments.named_children and arguments.named_children[0].type in FUNCTION_TYPES:
            found.append(arguments.named_children[0])
    return found


@rule(
    "MN502", "reward-before-check", "W", Scope.FILE,
    summary="A shortcut/entrance reward is granted without reading canReceiveReward.",
    rationale="The reward APIs answer whether the player may receive the reward now (canReceiveReward); "
    "granting on success alone hands out the reward on every call.",
    fix="In the success callback, grant only when res.canReceiveReward is true.",
    bad=Example({"src/rewards.js": "export function claim() {\n  if (!TTMinis.game.canIUse('getShortcutMissionReward')) return;\n  TTMinis.game.getShortcutMissionReward({\n    success: function (res) { addCoins(100); },\n    fail: showError,\n  });\n}\n"}),
    good=Example({"src/rewards.js": "export function claim() {\n  if (!TTMinis.game.canIUse('getShortcutMissionReward')) return;\n  TTMinis.game.getShortcutMissionReward({\n    success: function (res) { if (res.canReceiveReward) addCoins(100); },\n    fail: showError,\n  });\n}\n"}),
    triggers=words(*REWARD_APIS),
)
def reward_before_check(ctx: FileContext) -> Iterator[Finding]:
    for script in ctx.scripts:
        for call in script.calls:
            if call.callee.startswith("TTMinis.game.") and call.callee.rsplit(".", 1)[-1] in REWARD_APIS:
                callbacks = _callbacks(script, call)
                if callbacks and not any(
                    node.text == b"canReceiveReward" for callback in callbacks for node in descendants(callback)  # type: ignore[arg-type]
                    if node.type in ("property_identifier", "shorthand_property_identifier_pattern", "identifier", "string_fragment")
                ):
                    yield Finding(script.span(call.node), f"{call.callee}'s success callback never reads canReceiveReward")

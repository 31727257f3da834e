"""The mock JS SDK's script and the calls it makes back to the mock (login, authorize, pay, rewards, outcomes)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..http import BodyProblem, base_url, cors, json_response, read_json, sdk_error, state_of
from ..randomness import new_log_id
from ..sdk import sdk_source
from ..state import MASKED, MockState, mask
from ..users import DEFAULT_SCOPE, KNOWN_SCOPES, MINIS_SCOPES, User
from .declare import MockRoute, route

# --- the mock JS SDK and its calls -----------------------------------------------------------------


def sdk_script(flavor: str):
    async def serve(request: Request) -> Response:
        state = state_of(request)
        settings = state.settings
        response = Response(
            sdk_source(flavor, settings.client_version, tuple(settings.trusted_domains), state.apps[0].client_key, state.device),
            media_type="application/javascript",
        )
        # minis-py audit's game host: the SDK stands for TikTok's runtime, already on the phone, so the measured load
        # takes it from the browser's cache, where the audit's warm-up load left it (audit/runner.py warm_host)
        audited = flavor == "native" and bool((state.game or {}).get("measure"))
        response.headers["cache-control"] = "private, max-age=600" if audited else "no-cache"
        response.headers["x-tt-logid"] = new_log_id()
        return response

    return serve


async def sdk_call(request: Request) -> Response:
    """POST /_mock/sdk/{action}: what the mock SDK's login, authorize and reward calls do."""
    state = state_of(request)
    log_id = new_log_id()
    if request.method == "OPTIONS":
        return cors(request, Response(status_code=204))
    action = request.path_params["action"]
    try:
        body = await read_json(request)
        result, status = _sdk_action(state, action, body, base_url(request))
    except BodyProblem as problem:
        result, status, body = sdk_error("invalid_params", problem.description), problem.status, {}
    await state.store.durable()
    state.log(
        f"sdk_{action}",
        "POST",
        request.scope["path"],
        "",
        {k: v for k, v in body.items() if isinstance(v, (str, int, bool))},
        status,
        log_id,
        (result.get("error") or {}).get("error_msg") if isinstance(result.get("error"), dict) else None,
    )
    return cors(request, json_response(result, status, log_id))


RUNTIME_REPORTS = {"runtime.error": "error", "runtime.warning": "warning"}


def _runtime_report(state: MockState, level: str, result: Any) -> None:
    error = result.get("error") if isinstance(result, dict) else None
    message = error.get("error_msg") if isinstance(error, dict) else None
    if not isinstance(message, str) or not message:
        return
    for hook in list(state.runtime_hooks):
        try:
            hook(level, message[:2000])
        except Exception:  # a printer's failure must not break the request log
            pass


def _sdk_action(state: MockState, action: str, body: dict[str, Any], base: str) -> tuple[dict[str, Any], int]:
    if action == "outcome":  # the SDK asks before showing a sheet: a queued outcome answers without UI
        api = body.get("api")
        return {"outcome": state.take_outcome(api) if isinstance(api, str) else None}, 200
    if action == "calls":  # every SDK call, batched by the page: into the request log with its arguments
        calls = body.get("calls")
        for call in calls if isinstance(calls, list) else []:
            if isinstance(call, dict) and isinstance(call.get("api"), str):
                call_id = call.get("id") if isinstance(call.get("id"), (int, str)) and not isinstance(call.get("id"), bool) else None
                if call["api"] in RUNTIME_REPORTS:  # the game host's report of what TikTok would refuse: also to dev's terminal
                    _runtime_report(state, RUNTIME_REPORTS[call["api"]], call.get("result"))
                if "result" in call:  # what the call answered (return value, callback or promise), after it
                    result = _masked(call["result"])
                    failed = isinstance(result, dict) and (isinstance(result.get("error"), dict) or result.get("error_code") is not None)
                    state.log(
                        f"sdk:{call['api']}", "RESULT", call["api"], "", {"call": call_id, "result": result}, 200, new_log_id(), "failed" if failed else None
                    )
                else:
                    state.log(f"sdk:{call['api']}", "CALL", call["api"], "", {"call": call_id, "args": _masked(call.get("args", []))}, 200, new_log_id())
        return {"recorded": len(calls) if isinstance(calls, list) else 0}, 200
    if action == "report":  # reportEvent: kept in the log
        return {"isSuccess": True}, 200
    if action == "users":
        return {"users": [{"name": u.name, "display_name": u.display_name, "avatar_url": u.info("", base)["avatar_url"]} for u in state.store.users()]}, 200
    client_key = body.get("client_key")
    if not isinstance(client_key, str) or not client_key:
        return sdk_error("invalid_params", "client_key is required"), 200
    if state.store.app(client_key) is None:
        return sdk_error("unknown_app", f"clientKey {client_key!r} is not a known app"), 200
    ref = body.get("user") or state.store.users()[0].name
    user = state.store.find_user(str(ref), client_key)
    if user is None:
        return sdk_error("invalid_params", f"unknown user {ref!r}"), 200
    if action in ("login", "authorize"):
        fault = state.take_fault(f"sdk_{action}")
        if fault is not None:
            name = "terms_missing" if fault.error in ("102102", "terms_missing") else "internal"
            return sdk_error(name, fault.description or None), 200
        if action == "authorize" and body.get("decision") == "deny":
            return sdk_error("denied"), 200
        if action == "login":  # silent: the code carries open_id only, whatever was asked (minis-sdk-login)
            scope = state.settings.silent_login_scope
        else:
            asked = body.get("scope")
            scope = asked if isinstance(asked, str) and asked else DEFAULT_SCOPE
        scopes = [s.strip() for s in scope.split(",") if s.strip()]
        unknown = [s for s in scopes if s not in KNOWN_SCOPES]
        if unknown:
            return sdk_error("invalid_params", f"unknown scope {unknown[0]!r}"), 200
        foreign = [s for s in scopes if s not in MINIS_SCOPES]
        if foreign and state.settings.scope_errors == "documented":  # mock-only error: the docs name none
            return sdk_error("invalid_params", f"scope {foreign[0]!r} is not available to Minis (only user.info.basic and user.info.open_id)"), 200
        code = state.store.mint_code(client_key, user.name, ",".join(scopes), state.now() + state.settings.code_ttl)
        return {"code": code, "grantedScopes": ",".join(scopes), "open_id": user.open_id(client_key), "user": user.name}, 200
    if action == "pay":
        from .payments import sdk_pay

        return sdk_pay(state, client_key, user.name, body), 200
    if action == "subscription":  # createSubscription / reactivateSubscription / changeSubscription
        from ..subscriptions import sdk_action

        return sdk_action(state, client_key, user.name, body), 200
    if action == "balance":
        return _balance(state, body), 200
    if action == "rewards":
        fault = state.take_fault("sdk_rewards")
        if fault is not None:
            return sdk_error("internal", fault.description or None), 200
        return _reward(state, user, client_key, str(body.get("api", "")), str(body.get("outcome", ""))), 200
    return sdk_error("invalid_params", f"unknown SDK call {action!r}"), 404


def _masked(value: Any, depth: int = 0) -> Any:
    """A call's result with its codes and tokens masked, at any depth (the panel shows it; a log is no place for them)."""
    if depth > 6:
        return value
    if isinstance(value, dict):
        return {k: (mask(v) if str(k).lower() in MASKED and isinstance(v, str) else _masked(v, depth + 1)) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v, depth + 1) for v in value]
    return value


def _balance(state: MockState, body: dict[str, Any]) -> dict[str, Any]:
    """openBalance / recharge (the balance page: confirm / cancel / fail) and checkBalance's is_sufficient."""
    if "check" in body:
        amount = body.get("check")
        if not isinstance(amount, (int, float)) or amount < 0:
            return sdk_error("invalid_params", "amount must be a number of Beans")
        return {"is_sufficient": amount <= state.settings.beans_balance, "balance": state.settings.beans_balance}
    outcome = body.get("outcome") or "confirm"
    if outcome == "cancel":
        return {"is_success": False, **sdk_error("user_cancelled")}
    if outcome == "fail":
        return {"is_success": False, **sdk_error("user_error")}
    result: dict[str, Any] = {"is_success": True}
    if body.get("tier_id"):
        result["tier_id"] = body["tier_id"]
    return result


_MISSIONS = {
    "addShortcut": "shortcut",
    "getShortcutMissionReward": "shortcut",
    "startEntranceMission": "entrance",
    "getEntranceMissionReward": "entrance",
    "getRevisitMissionReward": "revisit",
}


def _reward(state: MockState, user: User, client_key: str, api: str, outcome: str = "") -> dict[str, Any]:
    """Missions: not eligible until done, then eligible exactly once. A revisit reward's task is TikTok's to show and
    to judge done (mini-games-revisit-rewards): here the player's coming back through it is the queued outcome
    `returned` of getRevisitMissionReward."""
    kind = _MISSIONS.get(api)
    if kind is None:
        return sdk_error("invalid_params", f"unknown game API {api!r}")
    current = state.store.reward(user.name, client_key, kind)
    if kind == "revisit" and outcome == "returned" and current == "not_done":
        state.store.set_reward(user.name, client_key, kind, "eligible")
        current = "eligible"
    if api in ("addShortcut", "startEntranceMission"):
        if current == "not_done":
            state.store.set_reward(user.name, client_key, kind, "eligible")
        return {"success": True, "alreadyDone": current != "not_done"}
    if current == "eligible":
        state.store.set_reward(user.name, client_key, kind, "claimed")
        return {"canReceiveReward": True}
    return {"canReceiveReward": False, "reason": "claimed" if current == "claimed" else "mission not completed"}


# --- the routes (table.py collects every module's ROUTES: the app, the guards and the API reference) ---

ROUTES: tuple[MockRoute, ...] = (
    route("GET", "/drama/sdk.js", sdk_script("drama"), "public", "sdk", "the mock `TTMinis` for a Mini (a drama)"),
    route("GET", "/game/sdk.js", sdk_script("game"), "public", "sdk", "the mock `TTMinis.game` (also `tt` and `wx`) for an HTML-runtime game"),
    route("GET", "/game/native.js", sdk_script("native"), "public", "sdk", "the mock SDK of a native-runtime game (no `init`: the container knows the app)"),
    route("GET", "/js/minis.js", sdk_script("legacy"), "public", "sdk", "the legacy SDK URL"),
    route(
        "POST,OPTIONS",
        "/_mock/sdk/{action}",
        sdk_call,
        "cross-origin",
        "sdk",
        "what the SDK's login, authorize, pay, reward and outcome calls do (CORS for loopback and LAN origins)",
    ),
)

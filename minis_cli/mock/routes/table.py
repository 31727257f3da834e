"""Every route of the mock, declared once: its methods, path, handler, who may call it, and its row of the API
reference. The Starlette app (app.py), the guards' path sets (guard.py) and the generated API reference
(`api_reference_markdown()`, `python -m minis_cli.mock.routes --markdown`) all come from ROUTES.

A new route is one MockRoute here (and its handler in its module); nothing else lists paths. ROUTES is in matching
order, the busiest first (Starlette tries them in turn). `access` says what the guards do with a path:

- public: TikTok's API and the SDK's scripts, which any client may call (no guard, as production);
- page: a page a browser opens (the consent page): Host and Origin checked, its own form accepted;
- open: under /_mock/ but open to any client, the phone on the LAN too (what a page needs);
- cross-origin: open, and called from other origins by design (the SDK's calls, CSP reports): no Origin check;
- control: the control API: off loopback only with the session's control token (ControlGuard), and from a browser
  only same-origin JSON (BrowserGuard). Every path under CONTROL_ROOT that no route opens is control, a 404 too.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from . import control, devtools, events, gamehost, media, oauth, payments, sdk, subscriptions, user_info, webhooks

Access = Literal["public", "page", "open", "cross-origin", "control"]
Endpoint = Callable[[Request], Awaitable[Response]]

CONTROL_ROOT = "/_mock/"


@dataclass(frozen=True)
class MockRoute:
    methods: tuple[str, ...]
    path: str  # Starlette's syntax ({name}, {name:path})
    handler: Endpoint | None  # None: answered before routing (app.py's OAuthFront), as `form`
    access: Access
    section: str  # a key of SECTIONS
    summary: str  # what it answers: its row in the API reference (Markdown)
    slash: bool = False  # answered with and without the trailing slash (TikTok's own examples spell some both ways)
    form: str | None = None  # an OAuth form endpoint answered before routing: its name in the request log
    open_names: tuple[str, ...] = ()  # values of a control route's last path parameter that are open to any client

    def paths(self) -> tuple[str, ...]:
        return (self.path, self.path.rstrip("/")) if self.slash else (self.path,)

    def prefix(self) -> str:
        """What a request's path starts with when it is this route's (for the guards' startswith tests)."""
        head = self.path.split("{", 1)[0]
        return head.rstrip("/") if self.slash and head == self.path else head


def _route(
    methods: str,
    path: str,
    handler: Endpoint | None,
    access: Access,
    section: str,
    summary: str,
    *,
    slash: bool = False,
    form: str | None = None,
    open_names: tuple[str, ...] = (),
) -> MockRoute:
    return MockRoute(tuple(methods.split(",")), path, handler, access, section, summary, slash, form, open_names)


_SUBSCRIPTIONS = (
    ("create", "`{tier_id, order_info}` → `{trade_order_id}` (PENDING)"),
    ("reactivate", "`{subscription_id, order_info}` → `{trade_order_id}`: only a cancelled subscription (rights valid, not renewing)"),
    ("get_active_list", "no body → `{subscriptions}`: the user's current one (active, cancelled or on hold), `[]` when none"),
    ("get_subscription_info", "`{trade_order_id}` (any order of it) → `{subscription}`"),
    ("get_trade_order_info", "`{trade_order_id}` → the order: `trade_order_status` SUCCESS, PENDING or REFUNDED, its dates"),
    ("get_subscription_tier_info", "`{tier_ids, device_platform?}` → `{subscription_tiers_info}`"),
)
_MEDIA_POSTS = (
    ("album/create/", media.album_create, "`{}` → `{album_id}` (an int64)"),
    (
        "album/update/",
        media.album_update,
        "`{client_key, album_id, operation_type?, version?, album_info?, episode_info_list?}` → `{album_id, version}`: a new version"
        " each call, earlier ones unchanged, at most 400 episodes, a `version` that is not the latest refused",
    ),
    (
        "album/review/submit/",
        media.album_review_submit,
        "`{album_id, version, priority_score?}` → in review; decided after `media_review_seconds` by the outcome queue, else `media_review_outcome`",
    ),
    ("album/online_version/", media.album_online_version, "`{album_id, version}`: an approved version only"),
    ("album/status/", media.album_status, "`{album_id, status}`: 1 listed (needs an online version), 2 delisted"),
    (
        "album/authorize/",
        media.album_authorize,
        "`{album_id, operate_type, client_key_list}` → `{client_key_result}`: other apps may play it (after `media_authorize_delay_seconds`)",
    ),
    ("image/", media.image, "`{image_url}` → `{open_pic_id}` (for `cover_list`)"),
)

ROUTES: tuple[MockRoute, ...] = (
    # answered before routing (app.py's OAuthFront): the busiest
    _route(
        "POST",
        "/v2/oauth/token/",
        None,
        "public",
        "oauth",
        "`authorization_code`, `refresh_token` (rotation), `client_credentials` → TikTok's token JSON; errors `{error, error_description, log_id}`",
        slash=True,
        form="token",
    ),
    _route(
        "POST",
        "/v2/oauth/revoke/",
        None,
        "public",
        "oauth",
        "`{}`: the user's tokens for the app stop working (an unknown token too)",
        slash=True,
        form="revoke",
    ),
    # Starlette's, in matching order
    _route("GET", "/v2/user/info/", user_info.user_info, "public", "oauth", "`?fields=` → `{user}`: the requested fields the token's scopes allow", slash=True),
    _route(
        "POST",
        "/_mock/codes",
        control.codes,
        "control",
        "control",
        "`{client_key?, user?, scope?, redirect_uri?, code_challenge?}` → `{code, open_id}`: a code without a browser",
    ),
    _route(
        "GET", "/v2/auth/authorize/", oauth.authorize_page, "page", "oauth", "the consent page: the scopes, a user to log in as, Allow and Deny", slash=True
    ),
    _route(
        "POST",
        "/v2/auth/authorize/",
        oauth.authorize_decision,
        "page",
        "oauth",
        "the consent page's answer: a redirect with `code` (Allow) or `error=access_denied` (Deny)",
        slash=True,
    ),
    _route(
        "POST",
        "/v2/minis/trade_order/create/",
        payments.create_trade_order,
        "public",
        "payments",
        '`{token_type: "BEANS", token_amount, order_info}` → `{trade_order_id}` (PENDING)',
        slash=True,
    ),
    _route(
        "POST",
        "/v2/minis/trade_order/query/",
        payments.query_trade_order,
        "public",
        "payments",
        "`{trade_order_id}` → `{trade_order_id, trade_order_status}`",
        slash=True,
    ),
    _route(
        "POST",
        "/v2/minis/utility/get_tier_infos/",
        payments.get_tier_infos,
        "public",
        "payments",
        '`{token_type: "BEANS", tier_ids}` → `{tier_infos}`',
        slash=True,
    ),
    _route(
        "POST",
        "/v2/minis/utility/check_redeem_amounts/",
        payments.check_redeem_amounts,
        "public",
        "payments",
        '`{token_type: "BEANS", token_amounts}` → `{valid}`',
        slash=True,
    ),
    _route(
        "GET",
        "/v2/sg/shortdrama/play_token/",
        payments.play_token,
        "public",
        "media",
        "`?client_key=&episode_id=` with the app's client token → `{play_auth_token}` (Mini Drama Player before TikTok 44.5.0)",
        slash=True,
    ),
    *(
        _route("POST", f"/v2/minis/subscription/{name}/", getattr(subscriptions, name), "public", "subscriptions", summary, slash=True)
        for name, summary in _SUBSCRIPTIONS
    ),
    _route("GET", "/drama/sdk.js", sdk.sdk_script("drama"), "public", "sdk", "the mock `TTMinis` for a Mini (a drama)"),
    _route("GET", "/game/sdk.js", sdk.sdk_script("game"), "public", "sdk", "the mock `TTMinis.game` (also `tt` and `wx`) for an HTML-runtime game"),
    _route(
        "GET", "/game/native.js", sdk.sdk_script("native"), "public", "sdk", "the mock SDK of a native-runtime game (no `init`: the container knows the app)"
    ),
    _route("GET", "/js/minis.js", sdk.sdk_script("legacy"), "public", "sdk", "the legacy SDK URL"),
    _route(
        "POST,OPTIONS",
        "/_mock/sdk/{action}",
        sdk.sdk_call,
        "cross-origin",
        "sdk",
        "what the SDK's login, authorize, pay, reward and outcome calls do (CORS for loopback and LAN origins)",
    ),
    _route("GET,OPTIONS", "/_mock/events/stream", events.stream, "open", "sdk", "the page's container events (`minis.show`, ...) as server-sent events"),
    _route("POST", "/_mock/events", events.fire, "control", "control", "`{event, payload?}` → `{delivered_to}`: a container event in every open page"),
    _route("GET", "/_mock/health", control.health, "open", "control", "`{ok: true}`"),
    _route("GET,POST", "/_mock/config", control.config, "control", "control", "the apps and settings; POST changes settings, each checked as its flag is"),
    _route("GET,POST", "/_mock/users", control.users, "control", "control", "the mock users; POST `{name, ...}` adds or changes one"),
    _route(
        "POST",
        "/_mock/users/{user}/revoke",
        control.revoke_user,
        "control",
        "control",
        "`{client_key?, reason?}`: the user removes the app (`authorization.removed`)",
    ),
    _route("GET,POST", "/_mock/clock", control.clock, "control", "control", "the mock clock; POST `{advance}` moves it on"),
    _route(
        "GET,POST,DELETE", "/_mock/faults", control.faults, "control", "control", "injected failures; POST `{endpoint, error?, status?, count?}` queues one"
    ),
    _route(
        "GET,POST,DELETE",
        "/_mock/outcomes",
        control.outcomes,
        "control",
        "control",
        "what the user does next in a sheet, dialog or ad; POST `{api, outcome, count?}`",
    ),
    _route("GET", "/_mock/webhooks", webhooks.webhooks, "control", "control", "every webhook event and how its delivery went"),
    _route("GET", "/_mock/orders", webhooks.orders, "control", "control", "every trade order and its state"),
    _route("POST", "/_mock/orders/{id}/refund", payments.refund, "control", "control", "`{refund_amount?}`: a refund (`refund_traceback` to the backend)"),
    _route("GET", "/_mock/subscriptions", subscriptions.subscriptions, "control", "control", "every subscription and subscription trade order"),
    _route(
        "POST",
        "/_mock/subscriptions/{id}/{action}",
        subscriptions.subscription_action,
        "control",
        "control",
        "`cancel`, `onhold`, `recover`, `renew` or `expire`: what the user or the store does",
    ),
    _route("POST", "/_mock/webhooks/send", webhooks.webhook_send, "control", "control", "`{event, content, user?, client_key?}`: any webhook event, by hand"),
    _route("POST", "/_mock/webhooks/{id}/replay", webhooks.webhook_replay, "control", "control", "one event again"),
    _route("GET,DELETE", "/_mock/requests", control.requests_log, "control", "control", "the request log: API calls, SDK calls, webhook attempts"),
    _route("POST", "/_mock/reset", control.reset, "control", "control", "back to the start"),
    _route("GET", "/_mock/avatars/{name}.svg", control.avatar, "open", "control", "a mock user's avatar"),
    _route("GET", "/_mock/simulator", devtools.simulator_page, "control", "simulator", "the phone simulator (`?target=`, `preset`, `orientation`)"),
    _route("GET", "/_mock/simulator/{name}", devtools.simulator_asset, "open", "simulator", "the simulator's scripts and styles"),
    _route("GET,POST", "/_mock/device", devtools.device, "control", "simulator", "the simulated phone; POST `{preset, orientation}` changes it"),
    _route("GET", "/_mock/devtools/stream", devtools.feed, "control", "simulator", "the request log, live, as server-sent events (the simulator's panel)"),
    _route("POST", "/_mock/csp-report", devtools.csp_report, "cross-origin", "simulator", "a browser's report of a request the simulator's policy blocked"),
    _route(
        "GET,POST",
        "/_mock/network",
        devtools.network,
        "control",
        "simulator",
        "the simulator's network profile; POST `{profile}` (first-scan, 4g, 3g, offline; null: none) applies it and fires `networkWeakChange`",
    ),
    _route("POST", "/_mock/startup", devtools.startup, "cross-origin", "simulator", "a framed page's startup: the last load's first paint and TTI"),
    _route("GET", "/_mock/libs/{name}", devtools.library, "open", "simulator", "TikTok's vConsole, offline"),
    _route("GET", "/_mock/game/host", gamehost.host_page, "control", "simulator", "the native game host's page"),
    _route("POST", "/_mock/game/fetch", gamehost.relay, "control", "simulator", "the game host's network relay (always with the control token)"),
    _route("GET", "/_mock/game/pkg/{path:path}", gamehost.package_file, "open", "simulator", "a file of the hosted game's package"),
    _route(
        "GET",
        "/_mock/game/{name}",
        gamehost.host_asset,
        "control",
        "simulator",
        "the game host's files (`host.js` and `runtime.js` open to any client)",
        open_names=("host.js", "runtime.js"),
    ),
    # the Media Asset API, after the busier routes above
    *(_route("POST", f"/v2/sg/shortdrama/{name}", handler, "public", "media", summary, slash=True) for name, handler, summary in _MEDIA_POSTS),
    _route(
        "GET", "/v2/sg/shortdrama/album/query/", media.album_query, "public", "media", "`?client_key=&album_id=&version=` → `{album_version_list}`", slash=True
    ),
    _route(
        "GET,POST",
        "/v2/sg/shortdrama/video/",
        media.video,
        "public",
        "media",
        "POST `{url, title}` → `{job_id}` (or `{vid}` imports one); GET `?client_key=&byteplus_account_id=` and `job_id` or `vid` → `{upload_status, vid}`",
        slash=True,
    ),
    _route(
        "GET", "/_mock/albums", media.albums, "control", "media", "every mini drama: its versions, review states, online version, listing and authorised apps"
    ),
    _route("POST", "/_mock/albums/{album_id}/review", media.album_review, "control", "media", "`{outcome, version?, reason?}`: decides the review now"),
)


# --- what the app and the guards take from it ---------------------------------------------------------------


def starlette_routes() -> Iterator[tuple[str, Endpoint, list[str]]]:
    """(path, handler, methods) for Starlette, in matching order (the form endpoints are answered before it); the
    routes of one path (a GET and a POST declared in turn) are tried together, each spelling of the path in turn."""
    routed = [(route, route.handler) for route in ROUTES if route.handler is not None]
    for _, group in groupby(routed, key=lambda pair: pair[0].path):
        same_path = list(group)
        for index in range(len(same_path[0][0].paths())):
            for route, handler in same_path:
                yield route.paths()[index], handler, list(route.methods)


def form_endpoints() -> dict[str, str]:
    """The OAuth form endpoints' paths -> their names (app.py's OAuthFront answers them before routing)."""
    return {path: route.form for route in ROUTES if route.form for path in route.paths()}


def _prefixes(*kinds: Access) -> tuple[str, ...]:
    return tuple(dict.fromkeys(route.prefix() for route in ROUTES if route.access in kinds))


# under CONTROL_ROOT, open to any client: the open routes, and the open values of a control route's parameter
OPEN_PREFIXES = _prefixes("open", "cross-origin") + tuple(route.prefix() + name for route in ROUTES for name in route.open_names)
CROSS_ORIGIN_PREFIXES = _prefixes("cross-origin")
FORM_PREFIXES = _prefixes("page")  # a form body is theirs
BROWSER_PREFIXES = (CONTROL_ROOT, *FORM_PREFIXES)  # where BrowserGuard looks at Host, Origin and content type


# --- the API reference ------------------------------------------------------------------------------------------

SECTIONS = {
    "oauth": "TikTok's login and user info",
    "payments": "Payments (Beans)",
    "subscriptions": "Subscriptions",
    "media": "The Media Asset API (mini dramas)",
    "sdk": "The mock SDK",
    "control": "The control API",
    "simulator": "The simulator and the game host",
}
WHO = {
    "public": "anyone",
    "page": "a browser (Host checked)",
    "open": "any client",
    "cross-origin": "any page (cross-origin)",
    "control": "this machine, or the token",
}


def api_reference_markdown() -> str:
    """The mock's routes as Markdown: a table a section (method, path, who may call it, what it answers)."""
    out = [
        "Who may call: *anyone* (TikTok's API and the SDK's scripts, as in production); *a browser* (a page: its Host"
        " must name this machine); *any client* (open under /_mock/, the phone on the LAN too); *any page* (called"
        " cross-origin by design); *this machine, or the token* (the control API: off loopback only with the"
        " session's control token, `x-minis-token` or `?token=`). `[/]`: with or without the trailing slash."
    ]
    for key, title in SECTIONS.items():
        rows = [route for route in ROUTES if route.section == key]
        out += ["", f"### {title}", "", "| method | path | who may call | what it answers |", "|---|---|---|---|"]
        for route in rows:
            path = re.sub(r"\{(\w+):\w+\}", r"{\1}", route.path.rstrip("/") + "[/]" if route.slash else route.path)  # {path:path}: {path}
            out.append(f"| {', '.join(m for m in route.methods if m != 'OPTIONS')} | `{path}` | {WHO[route.access]} | {route.summary} |")
    return "\n".join(out) + "\n"

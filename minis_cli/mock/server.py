"""MockTikTok: the mock server as one object, started in a thread; used by the CLI, dev and pytest."""

from __future__ import annotations

import json
import math
import secrets
import socket
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import MinisError
from ..serving import ThreadedServer, bind_socket, make_server
from . import values
from .app import create_app, upsert_user
from .clock import Clock, valid_offset
from .settings import MockSettings
from .state import FAULT_ENDPOINTS, MockState
from .store import APP_KINDS, App, Store
from .users import DEFAULT_SCOPE, User, build_user

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def http_settings() -> dict[str, Any]:
    """uvicorn's HTTP protocol for the mock: httptools with bounded request heads (httpbounds), or h11 with its own
    bound where httptools is not installed."""
    try:
        from .httpbounds import BoundedHttpToolsProtocol
    except ImportError:  # pragma: no cover - uvicorn without httptools
        return {"http": "h11", "h11_max_incomplete_event_size": 64 * 1024}
    return {"http": BoundedHttpToolsProtocol}


def generated_client_key() -> str:
    return "awmock" + secrets.token_hex(6)


def generated_secret() -> str:
    return secrets.token_urlsafe(24)


def load_users_file(path: str | Path) -> tuple[list[User] | None, list[App]]:
    """--users FILE: {"users": [...], "apps": [...]} (or a bare list of users), every value checked."""
    example = 'Write {"users": [{"name": "dana", "display_name": "Dana"}]}.'
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise MinisError(f"cannot read {path}: {exc.strerror or exc}", "Check the path given to --users.") from None
    except UnicodeDecodeError:
        raise MinisError(f"{path} is not UTF-8 text", example) from None
    try:
        data = values.loads(text)
    except json.JSONDecodeError as exc:
        raise MinisError(f"{path}:{exc.lineno}:{exc.colno}: not valid JSON: {exc.msg}", example) from None
    except ValueError as exc:
        raise MinisError(f"{path}: not valid JSON: {exc}", example) from None
    if isinstance(data, list):
        data = {"users": data}
    if not isinstance(data, dict):
        raise MinisError(f"{path} must hold a JSON object with 'users' and/or 'apps'", example)
    unknown = sorted(set(data) - {"users", "apps"})
    if unknown:
        raise MinisError(f"{path}: unknown key {unknown[0]!r}", "The file has 'users' and/or 'apps'.")
    users = None
    if "users" in data:
        if not isinstance(data["users"], list) or not data["users"]:
            raise MinisError(f"'users' in {path} must be a non-empty list", example)
        users, seen = [], set()
        for number, item in enumerate(data["users"], 1):
            try:
                user = build_user(item)
            except ValueError as exc:
                raise MinisError(f"user {number} in {path}: {exc}", f"Known fields: {', '.join(User.field_names())}.") from None
            if user.name in seen:
                raise MinisError(f"user {number} in {path}: the name {user.name!r} is used twice", "Each user needs its own name.")
            seen.add(user.name)
            users.append(user)
    apps = []
    raw_apps = data.get("apps", [])
    if not isinstance(raw_apps, list):
        raise MinisError(f"'apps' in {path} must be a list", 'Write {"apps": [{"client_key": "aw...", "client_secret": "..."}]}.')
    for item in raw_apps:
        redirect_uris = item.get("redirect_uris", []) if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("client_key"), str)
            or not item["client_key"]
            or not isinstance(item.get("client_secret"), str)
            or not item["client_secret"]
            or not isinstance(redirect_uris, list)
            or not all(isinstance(u, str) for u in redirect_uris)
        ):
            raise MinisError(
                f"each app in {path} needs client_key and client_secret strings (and redirect_uris, a list of strings)",
                'Write {"apps": [{"client_key": "aw...", "client_secret": "..."}]}.',
            )
        kind = item.get("kind", "minis")
        if kind not in APP_KINDS:
            raise MinisError(
                f"app {item['client_key']!r} in {path}: kind must be one of {', '.join(APP_KINDS)}, not {kind!r}",
                'A Mini or mini game is "minis" (the default); a Login Kit for Web app is "web".',
            )
        apps.append(App(item["client_key"], item["client_secret"], tuple(redirect_uris), kind))
    return users, apps


def restored_offset(store: Store) -> float:
    """The saved clock offset; a corrupt one (not a number, NaN, infinite, negative: written by an older
    minis-py or by hand) is repaired to 0 with a warning rather than served as 500s."""
    saved = store.get_meta("clock_offset", "0") or "0"
    try:
        offset = float(saved)
    except ValueError:
        offset = math.nan
    if valid_offset(offset):
        return offset
    warnings.warn(
        f"mock TikTok: the saved clock offset {saved!r} in {store.path} is not usable; the clock starts again at the real time", RuntimeWarning, stacklevel=2
    )
    store.set_meta("clock_offset", "0.0")
    store.commit()
    return 0.0


class MockTikTok:
    """The mock TikTok server.

    with MockTikTok() as tiktok:
        code = tiktok.issue_code()
        httpx.post(f"{tiktok.url}/v2/oauth/token/", data={...})
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        state: str | Path | None = None,
        client_key: str | None = None,
        client_secret: str | None = None,
        users: list[User] | None = None,
        apps: list[App] | None = None,
        settings: MockSettings | None = None,
        app_kind: str | None = None,
        allowed_hosts: tuple[str, ...] | list[str] = (),
        **overrides: Any,
    ) -> None:
        """`app_kind`: what the current app is, "minis" (a Mini or mini game, the default) or "web" (Login Kit
        for Web: every known scope); None leaves a saved app's kind as it is. Apps given in `apps` keep theirs."""
        if app_kind is not None and app_kind not in APP_KINDS:
            raise ValueError(f"app_kind must be one of {', '.join(APP_KINDS)}, not {app_kind!r}")
        self.host = host
        self.requested_port = port
        self.default_settings = replace(settings or MockSettings(), **overrides)
        self.store = Store(state)
        if self.store.is_empty():
            seed_apps = list(apps or [App(client_key or generated_client_key(), client_secret or generated_secret(), (), app_kind or "minis")])
            self.store.seed(seed_apps, users)
        else:  # a state file from an earlier run: its apps stand; the one asked for now becomes current
            seed_apps = self.store.apps()
            if client_key:
                current = self.store.app(client_key)
                if current is None or (client_secret and current.client_secret != client_secret):
                    current = App(
                        client_key, client_secret or generated_secret(), current.redirect_uris if current else (), current.kind if current else "minis"
                    )
                    self.store.seed([current])
                seed_apps = [current, *(a for a in seed_apps if a.client_key != client_key)]
            if app_kind is not None and seed_apps and seed_apps[0].kind != app_kind and not apps:
                seed_apps[0] = replace(seed_apps[0], kind=app_kind)
                self.store.seed([seed_apps[0]])
        offset = restored_offset(self.store)
        self.state = MockState(self.store, self.default_settings, Clock(offset), seed_apps, users, host, tuple(allowed_hosts))
        self.app = create_app(self.state)
        from .webhooks import Deliverer

        self.deliverer = Deliverer(self.state)
        self._server: Any = None
        self._threaded: ThreadedServer | None = None
        self._socket: socket.socket | None = None
        self.port = port

    # --- life cycle --------------------------------------------------------------------------------

    def bind(self) -> socket.socket:
        """Bind the listening socket (port 0: a free port), so the URL is known before serving."""
        self._socket = bind_socket(self.host, self.requested_port)
        self.port = self._socket.getsockname()[1]
        return self._socket

    # Connections (and requests in progress) uvicorn serves at once; past it a request is answered 503. uvicorn
    # parses with httptools here (uvicorn[standard]'s parser), for which it has no head-size or head-time limit
    # of its own (h11_max_incomplete_event_size is h11's); open event streams count too.
    max_connections = 1000

    def server(self):
        self._server = make_server(self.app, on_exit=self.state.events.close, limit_concurrency=self.max_connections, **http_settings())
        return self._server

    def start(self, timeout: float = 10.0) -> MockTikTok:
        """Serve in a background thread; returns once the server accepts connections."""
        if self._threaded is None:
            self._threaded = ThreadedServer(
                self.app, self.host, sock=self._socket or self.bind(), limit_concurrency=self.max_connections, **http_settings()
            ).start(timeout)
            self.deliverer.start()
        return self

    def stop(self) -> None:
        self.deliverer.stop()
        self.state.events.close()  # open pages' event streams end, so the server stops at once
        if self._threaded is not None:
            self._threaded.stop()
            self._threaded = None
        elif self._socket is not None:
            self._socket.close()
        self._socket = None
        self.store.close()

    def __enter__(self) -> MockTikTok:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- what clients need ----------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """Where this machine reaches the mock (bound to every address, that is loopback)."""
        host = {"0.0.0.0": "127.0.0.1", "": "127.0.0.1", "::": "::1"}.get(self.host, self.host)
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.port}"

    @property
    def control_token(self) -> str:
        """What a non-loopback client sends (x-minis-token, or ?token=) to use /_mock/ when bound beyond loopback."""
        return self.state.control_token

    @property
    def client_key(self) -> str:
        """The current app's key: the one asked for (client_key=...), else the first seeded."""
        return self.state.apps[0].client_key

    @property
    def client_secret(self) -> str:
        return self.state.apps[0].client_secret

    @property
    def env(self) -> dict[str, str]:
        """The environment a backend under test needs (what `minis-py dev` gives the dev script)."""
        return {"TIKTOK_API_BASE": self.url, "TIKTOK_CLIENT_KEY": self.client_key, "TIKTOK_CLIENT_SECRET": self.client_secret, "MINIS_MOCK": "1"}

    # --- the Python control API (what /_mock/* does over HTTP) -------------------------------------

    def add_app(self, client_key: str | None = None, client_secret: str | None = None, redirect_uris: tuple[str, ...] = (), kind: str = "minis") -> App:
        """Another app (until the next reset), e.g. to show a code is bound to the app it was issued to."""
        if kind not in APP_KINDS:
            raise ValueError(f"kind must be one of {', '.join(APP_KINDS)}, not {kind!r}")
        app = App(client_key or generated_client_key(), client_secret or generated_secret(), tuple(redirect_uris), kind)
        self.store.seed([app])  # seeding commits
        return app

    def add_user(self, name: str, **fields: Any) -> User:
        user = upsert_user(self.state, {"name": name, **fields})
        self.store.commit()
        return user

    def open_id(self, user: str = "alice", client_key: str | None = None) -> str:
        key = client_key or self.client_key
        found = self.store.find_user(user, key)
        if found is None:
            raise KeyError(user)
        return found.open_id(key)

    def issue_code(
        self,
        user: str | None = None,
        scope: str = DEFAULT_SCOPE,
        client_key: str | None = None,
        redirect_uri: str | None = None,
        code_challenge: str | None = None,
    ) -> str:
        key = client_key or self.client_key
        found = self.store.find_user(user or self.store.users()[0].name, key)
        if found is None:
            raise KeyError(user)
        code = self.store.mint_code(key, found.name, scope, self.state.now() + self.state.settings.code_ttl, redirect_uri, code_challenge)
        self.store.commit()
        return code

    def advance(self, seconds: float) -> None:
        self.state.advance(seconds)
        self.store.commit()

    def fail_next(self, endpoint: str, error: str | None = None, status: int | None = None, count: int = 1, description: str = "") -> None:
        if endpoint not in FAULT_ENDPOINTS:
            raise ValueError(f"endpoint must be one of {', '.join(FAULT_ENDPOINTS)}")
        default = {"user_info": "internal_error", "sdk_login": "102102"}.get(endpoint, "server_error")
        self.state.add_fault(endpoint, error or default, status, description, count)

    @property
    def orders(self) -> list[dict[str, Any]]:
        """Every trade order, with its status (PENDING / SUCCESS) and whether a payment closed it."""
        return [{**o.view(), "refunded": self.store.refunded(o.trade_order_id)} for o in self.store.orders()]

    @property
    def webhooks(self) -> list[dict[str, Any]]:
        """Every event sent (or to be sent) to the backend, with its deliveries."""
        return [w.view() for w in self.store.webhooks()]

    def send_webhook(self, event: str, content: dict[str, Any], user: str | None = None, client_key: str | None = None) -> str:
        key = client_key or self.client_key
        found = self.store.find_user(user or self.store.users()[0].name, key)
        webhook_id = self.state.emit_webhook(key, event, found, content)
        self.store.commit()
        return webhook_id

    def deliver_webhooks(self) -> int:
        """Deliver what is due now (the background thread does it too; tests call this to be sure)."""
        return self.deliverer.deliver_due()

    def queue_outcome(self, api: str, outcome: str, count: int = 1) -> None:
        """What the user does in the next `api` sheet/dialog/ad, e.g. queue_outcome("authorize", "deny")."""
        self.state.queue_outcome(api, outcome, count)

    def refund(self, order_id: str, amount: int | None = None) -> dict[str, Any]:
        """The user is refunded (all that is left, or `amount` Beans): refund_traceback goes to the backend;
        the order stays SUCCESS. `order_id`: the trade_order_id or your own order_id. A subscription order
        becomes REFUNDED instead, and its subscription expires when it paid for the current period."""
        from .routes.payments import refund_order

        result = refund_order(self.state, order_id, amount)
        self.store.commit()
        return result

    @property
    def subscriptions(self) -> list[dict[str, Any]]:
        """Every subscription: the documented object plus `state` (active / cancel / onhold / expired), `user`,
        `renewals` and `pending_tier`. The clock's due renewals and ends are applied first."""
        from . import subscriptions

        subscriptions.tick(self.state)
        return [subscriptions.snapshot(self.state, s) for s in self.store.subscriptions()]

    @property
    def subscription_orders(self) -> list[dict[str, Any]]:
        """Every subscription trade order (create / reactivate / renew) with its status (PENDING / SUCCESS / REFUNDED)."""
        return [o.view() for o in self.store.sub_orders()]

    def subscription_action(self, subscription_id: str, action: str) -> dict[str, Any]:
        """What the user or the store does to a subscription: "cancel" (auto-renew off), "onhold" (a renewal payment
        fails), "recover", "renew" (the next renewal now), "expire"; the matching webhook is sent."""
        from . import subscriptions

        result = subscriptions.control_action(self.state, subscription_id, action)
        self.store.commit()
        return result

    def host_game(self, root: str | Path, **fields: Any) -> None:
        """Run the native game in `root` in the desktop host (GET /_mock/game/host): title, scene, query, orientation
        (default: game.json's deviceOrientation, as `dev` reads it; the simulator's phone turns with it)."""
        folder = Path(root).resolve()
        if "orientation" not in fields:
            fields["orientation"] = game_orientation(folder)
        self.state.game = {"root": str(folder), **fields}
        if self.state.simulator.get("kind") == "game" or not self.state.simulator:
            self.state.simulator = {**self.state.simulator, "orientation": fields["orientation"]}

    def reload_game(self) -> int:
        """Tell open game hosts to restart the game (dev's watch mode, after a save); how many were open."""
        return self.state.events.send('{"event":"minis-py.reload","payload":{}}')

    def fire_event(self, event: str, payload: dict[str, Any] | None = None) -> int:
        """Fire a container event (minis.launch/show/hide/destroy/share) in every open page; returns how
        many pages were listening."""
        return self.state.events.publish(event, payload)

    @property
    def client_version(self) -> str:
        """The TikTok app version the SDK simulates ("latest": every API); APIs newer than it are absent."""
        return self.state.settings.client_version

    @client_version.setter
    def client_version(self, version: str) -> None:
        self.state.configure(client_version=version)

    def revoke_user(self, user: str = "alice", reason: int = 1, client_key: str | None = None) -> str:
        """The user removes the app: their tokens stop working and authorization.removed is sent."""
        from .routes.control import revoke_user_grant

        key = client_key or self.client_key
        found = self.store.find_user(user, key)
        if found is None:
            raise ValueError(f"no user {user!r}")
        webhook_id = revoke_user_grant(self.state, found, key, reason)
        self.store.commit()
        return webhook_id

    @property
    def albums(self) -> list[dict[str, Any]]:
        """Every mini drama of the Media Asset API: versions (review_status 1 draft, 2 in review, 3 approved,
        4 rejected), online_version, status (1 listed, 2 delisted) and the apps authorised to play it."""
        from . import media

        found = media.albums_view(self.state)
        self.store.commit()
        return found

    def approve_album(self, album_id: int, version: int | None = None) -> dict[str, Any]:
        """TikTok's review passes now (the version in review, or `version`), without waiting on the clock."""
        return self._decide(album_id, version, "approve", None)

    def reject_album(self, album_id: int, version: int | None = None, reason: str | None = None) -> dict[str, Any]:
        """TikTok's review rejects the version in review (or `version`) now, with `reason` as the reject_reason."""
        return self._decide(album_id, version, "reject", reason)

    def _decide(self, album_id: int, version: int | None, outcome: str, reason: str | None) -> dict[str, Any]:
        from . import media

        result = media.decide_review(self.state, album_id, version, outcome, reason)
        self.store.commit()
        return result

    @property
    def requests(self) -> list[dict[str, Any]]:
        return list(self.state.requests)

    def configure(self, **settings: Any) -> None:
        self.state.configure(**settings)

    def reset(self) -> None:
        self.state.reset(self.default_settings)


def game_orientation(root: Path) -> str:
    """A native game's orientation as game.json's deviceOrientation says ("landscape", else "portrait")."""
    from ..config import JsonError, parse_json

    try:
        value = parse_json((root / "game.json").read_text(encoding="utf-8")).value
    except (OSError, UnicodeDecodeError, JsonError):
        return "portrait"
    return "landscape" if isinstance(value, dict) and value.get("deviceOrientation") == "landscape" else "portrait"

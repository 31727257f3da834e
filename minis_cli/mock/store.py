"""The mock's state in SQLite: apps, users, codes, tokens, rewards. In memory, or a file that survives
restarts and SIGKILL (WAL: every answered request was committed before its response was sent)."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import sqlite3
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields
from dataclasses import replace as dataclass_replace
from pathlib import Path
from typing import Any, TypeVar

from ..errors import MinisError
from .randomness import ordered_token, token_bytes, token_hex
from .users import SEED_USERS, User, build_user

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS apps (client_key TEXT PRIMARY KEY, client_secret TEXT NOT NULL, redirect_uris TEXT NOT NULL, kind TEXT NOT NULL DEFAULT 'minis');
CREATE TABLE IF NOT EXISTS users (name TEXT PRIMARY KEY, position INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS codes (
    code TEXT PRIMARY KEY, client_key TEXT NOT NULL, user_name TEXT NOT NULL, scope TEXT NOT NULL,
    redirect_uri TEXT, challenge TEXT, expires_at REAL NOT NULL, used INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY, kind TEXT NOT NULL, client_key TEXT NOT NULL, user_name TEXT, scope TEXT NOT NULL,
    expires_at REAL NOT NULL, refresh_expires_at REAL, revoked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS tokens_by_grant ON tokens (user_name, client_key);
CREATE TABLE IF NOT EXISTS rewards (
    user_name TEXT NOT NULL, client_key TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL,
    PRIMARY KEY (user_name, client_key, kind));
CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY, client_key TEXT NOT NULL, event TEXT NOT NULL, body TEXT NOT NULL,
    created_at REAL NOT NULL, status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at REAL NOT NULL,
    last_status INTEGER, last_error TEXT, delivered_at REAL, latency_ms REAL, url TEXT);
CREATE INDEX IF NOT EXISTS webhooks_due ON webhooks (status, next_at);
CREATE TABLE IF NOT EXISTS refunds (trade_order_id TEXT NOT NULL, amount INTEGER NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS orders (
    trade_order_id TEXT PRIMARY KEY, client_key TEXT NOT NULL, user_name TEXT NOT NULL, order_id TEXT NOT NULL,
    token_type TEXT NOT NULL, token_amount INTEGER NOT NULL, order_info TEXT NOT NULL, status TEXT NOT NULL,
    closed INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL, paid_at REAL, UNIQUE (client_key, order_id));
CREATE TABLE IF NOT EXISTS subscriptions (
    subscription_id TEXT PRIMARY KEY, client_key TEXT NOT NULL, user_name TEXT NOT NULL, tier_id TEXT NOT NULL,
    state TEXT NOT NULL, trade_order_id TEXT NOT NULL, begin_time REAL NOT NULL, end_time REAL NOT NULL,
    next_deduct_time REAL, due_at REAL, renewals INTEGER NOT NULL DEFAULT 0, pending_tier TEXT, changed_at REAL,
    created_at REAL NOT NULL);
CREATE INDEX IF NOT EXISTS subscriptions_due ON subscriptions (state, due_at);
CREATE INDEX IF NOT EXISTS subscriptions_by_user ON subscriptions (client_key, user_name);
CREATE TABLE IF NOT EXISTS sub_orders (
    trade_order_id TEXT PRIMARY KEY, client_key TEXT NOT NULL, user_name TEXT NOT NULL, order_id TEXT, kind TEXT NOT NULL,
    tier_id TEXT NOT NULL, subscription_id TEXT NOT NULL, status TEXT NOT NULL, closed INTEGER NOT NULL DEFAULT 0,
    order_info TEXT NOT NULL, created_at REAL NOT NULL, paid_at REAL, UNIQUE (client_key, order_id));
-- The Media Asset API (media.py). CREATE ... IF NOT EXISTS is the migration: a state file from before it gains them.
CREATE TABLE IF NOT EXISTS media_images (open_pic_id TEXT PRIMARY KEY, client_key TEXT NOT NULL, image_url TEXT NOT NULL, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS media_videos (
    vid TEXT PRIMARY KEY, job_id TEXT UNIQUE, client_key TEXT NOT NULL, url TEXT, title TEXT, ready_at REAL NOT NULL,
    failed INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS albums (
    album_id INTEGER PRIMARY KEY, client_key TEXT NOT NULL, online_version INTEGER, status INTEGER NOT NULL DEFAULT 0, created_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS album_versions (
    album_id INTEGER NOT NULL, version INTEGER NOT NULL, album_info TEXT NOT NULL, episodes TEXT NOT NULL, review_status INTEGER NOT NULL,
    outcome TEXT, reason TEXT, priority INTEGER, submitted_at REAL, review_due REAL, reviewed_at REAL, created_at REAL NOT NULL,
    PRIMARY KEY (album_id, version));
CREATE TABLE IF NOT EXISTS album_episodes (episode_id INTEGER PRIMARY KEY, album_id INTEGER NOT NULL, seq INTEGER NOT NULL, UNIQUE (album_id, seq));
CREATE TABLE IF NOT EXISTS album_grants (album_id INTEGER NOT NULL, client_key TEXT NOT NULL, effective_at REAL NOT NULL, PRIMARY KEY (album_id, client_key));
"""


MEDIA_TABLES = ("media_images", "media_videos", "albums", "album_versions", "album_episodes", "album_grants")


@dataclass(frozen=True)
class App:
    client_key: str
    client_secret: str
    redirect_uris: tuple[str, ...] = ()
    kind: str = "minis"  # "minis" (a Mini or mini game: user.info.basic/open_id only) or "web" (Login Kit for Web)


APP_KINDS = ("minis", "web")


@dataclass(frozen=True)
class Code:
    code: str
    client_key: str
    user_name: str
    scope: str
    redirect_uri: str | None
    challenge: str | None
    expires_at: float
    used: bool


@dataclass(frozen=True)
class Token:
    token: str
    kind: str  # "access", "refresh" or "client"
    client_key: str
    user_name: str | None
    scope: str
    expires_at: float
    refresh_expires_at: float | None
    revoked: bool


@dataclass(frozen=True)
class Order:
    """A trade order (minis-payment-apis): PENDING until the user confirms TTMinis.pay, then SUCCESS.
    `closed`: a cancelled or failed payment; the docs say to create a new order then, so it cannot be paid."""

    trade_order_id: str
    client_key: str
    user_name: str
    order_id: str
    token_type: str
    token_amount: int
    order_info: str
    status: str
    closed: bool
    created_at: float
    paid_at: float | None

    def view(self) -> dict[str, object]:
        return {
            "trade_order_id": self.trade_order_id,
            "order_id": self.order_id,
            "user": self.user_name,
            "status": self.status,
            "closed": self.closed,
            "token_type": self.token_type,
            "token_amount": self.token_amount,
            "order_info": json.loads(self.order_info),
            "created_at": self.created_at,
            "paid_at": self.paid_at,
        }


@dataclass(frozen=True)
class Webhook:
    """One event for the developer's backend, and how its delivery went."""

    id: str
    client_key: str
    event: str
    body: str  # the exact bytes signed and sent (TikTok's envelope as JSON)
    created_at: float
    status: str  # "pending", "delivered" or "failed" (given up)
    attempts: int
    next_at: float
    last_status: int | None
    last_error: str | None
    delivered_at: float | None
    latency_ms: float | None
    url: str | None

    def view(self) -> dict[str, object]:
        return {
            "id": self.id,
            "event": self.event,
            "status": self.status,
            "attempts": self.attempts,
            "created_at": self.created_at,
            "next_attempt_at": self.next_at if self.status == "pending" else None,
            "last_status": self.last_status,
            "last_error": self.last_error,
            "delivered_at": self.delivered_at,
            "latency_ms": self.latency_ms,
            "url": self.url,
            "body": json.loads(self.body),
        }


@dataclass(frozen=True)
class Subscription:
    """A user's subscription to an app's tier (minis-subscription-apis). `state` is the mock's name for what the
    docs derive from two booleans (tiktok-minis-in-app-purchases): "active" (rights valid, renewing), "cancel"
    (rights valid until end_time, not renewing), "onhold" (a renewal payment failed: no rights, not renewing),
    "expired" (gone). `due_at`: when the clock next changes it (a renewal, the end, the end of the hold)."""

    subscription_id: str
    client_key: str
    user_name: str
    tier_id: str
    state: str
    trade_order_id: str  # the latest trade order of this subscription
    begin_time: float
    end_time: float
    next_deduct_time: float | None
    due_at: float | None
    renewals: int
    pending_tier: str | None  # changeSubscription: the tier from the next renewal on
    changed_at: float | None
    created_at: float

    @property
    def rights_valid(self) -> bool:
        return self.state in ("active", "cancel")

    @property
    def renewal_normal(self) -> bool:
        return self.state == "active"


@dataclass(frozen=True)
class SubscriptionOrder:
    """A subscription trade order: "create" and "reactivate" come from the developer's server (PENDING until the
    user confirms in TikTok), "renew" from TikTok itself at each renewal (SUCCESS at once, no order_id)."""

    trade_order_id: str
    client_key: str
    user_name: str
    order_id: str | None
    kind: str
    tier_id: str
    subscription_id: str
    status: str  # PENDING, SUCCESS or REFUNDED
    closed: bool
    order_info: str
    created_at: float
    paid_at: float | None

    def view(self) -> dict[str, object]:
        return {
            "trade_order_id": self.trade_order_id,
            "order_id": self.order_id,
            "user": self.user_name,
            "kind": self.kind,
            "tier_id": self.tier_id,
            "subscription_id": self.subscription_id,
            "status": self.status,
            "closed": self.closed,
            "order_info": json.loads(self.order_info),
            "created_at": self.created_at,
            "paid_at": self.paid_at,
        }


_INSERT_TOKEN = "INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


_Record = TypeVar("_Record")
_FLAGS: dict[type, tuple[int, ...]] = {}  # a record type's bool fields, by position


def _from_row(kind: type[_Record], row: tuple[Any, ...]) -> _Record:
    """A record from its row, in field order; SQLite's 0/1 become the bool fields' False/True."""
    flags = _FLAGS.get(kind)
    if flags is None:
        flags = _FLAGS[kind] = tuple(i for i, f in enumerate(fields(kind)) if f.type in ("bool", bool))  # type: ignore[arg-type]
    values = list(row)
    for i in flags:
        values[i] = bool(values[i])
    return kind(*values)


def new_token(prefix: str) -> str:
    """TikTok's shape: a type prefix and 60+ url-safe characters (ordered ones: randomness.ordered_token)."""
    return f"{prefix}.{ordered_token()}"


def _mac(key: bytes, body: bytes) -> bytes:
    """A client token's 16-byte tag."""
    return hashlib.blake2b(body, key=key, digest_size=16).digest()


def _stored_user(data: Any) -> User:
    """A user row, every field checked as the control API checks it: the state file may come from anywhere."""
    if not isinstance(data, dict):
        raise ValueError("a user is not a JSON object")
    extra = data.pop("extra", {})
    if not isinstance(extra, dict):
        raise ValueError("a user's extra fields are not a JSON object")
    return dataclass_replace(build_user(data), extra=extra)


class StateFileError(MinisError):
    """A --state file minis-py cannot use: named, with what to do; nothing in it is trusted."""


class Store:
    """All state behind one lock: the server thread and the Python API (tests) share it.

    With a file, writes are grouped: a request's writes join the open transaction and the request
    awaits `durable()`, which commits once for every request of the same event-loop turn before any of
    them is answered. So an answered request is always committed (it survives SIGKILL), at a fraction of
    the commits. Callers outside the event loop (the Python API) call `commit()` after writing.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else ":memory:"
        self.in_file = self.path != ":memory:"
        self.lock = threading.RLock()
        if self.in_file and Path(self.path).is_symlink():
            raise StateFileError(f"{self.path} is a symbolic link", "Pass the state file itself (minis-py does not write through links).")
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self._open_checked()
        except sqlite3.DatabaseError as exc:
            raise StateFileError(f"{self.path} is not a mock state file ({exc})", "Delete it, or pass another --state file.") from None
        self._users: dict[str, User] | None = None
        self._apps: dict[str, App] | None = None
        if self.in_file:
            try:  # every stored value is read once here, so a damaged row is this clear error, not a 500 later
                self.apps()
                self.users()
            except (ValueError, TypeError, KeyError) as exc:
                raise StateFileError(f"{self.path} holds a value minis-py cannot read ({exc})", "Delete it, or pass another --state file.") from None
        self._signing: bytes | None = None  # the client tokens' HMAC key (meta "client_token_key")
        self._flush: asyncio.Future[None] | None = None
        self._closing = threading.Event()
        self._checkpointer: threading.Thread | None = None
        if self.in_file:
            self._checkpointer = threading.Thread(target=self._checkpoint_loop, name="mock-checkpoint", daemon=True)
            self._checkpointer.start()

    def _open_checked(self) -> None:
        """The schema, on a file that may come from anywhere (`.minis/mock.sqlite3` arrives with a checkout): only
        tables, no triggers or views (SQL that would run on our writes), and no SQL functions run from the schema."""
        self.db.execute("PRAGMA trusted_schema=OFF")
        if self.in_file:
            extra = self.db.execute("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view')").fetchone()
            if extra is not None:
                raise StateFileError(
                    f"{self.path} holds a {extra[0]} ({extra[1]}): not a state file minis-py wrote", "Delete it, or pass another --state file."
                )
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # a WAL commit survives the death of the process
            # Checkpoints (the one step that fsyncs) run in a thread of their own, not on a request.
            self.db.execute("PRAGMA wal_autocheckpoint=0")
        self.db.executescript(SCHEMA)
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(apps)")}
        if "kind" not in columns:  # a state file from before app kinds: its apps are Minis apps
            self.db.execute("ALTER TABLE apps ADD COLUMN kind TEXT NOT NULL DEFAULT 'minis'")

    def _checkpoint_loop(self) -> None:
        connection = sqlite3.connect(self.path, check_same_thread=False)
        try:
            while not self._closing.wait(1.0):
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error:
                    pass  # busy: the next round catches up
        finally:
            connection.close()

    def close(self) -> None:
        self._closing.set()
        if self._checkpointer is not None:
            self._checkpointer.join(timeout=5)
        with self.lock:
            try:
                self.commit()
                if self.in_file:
                    self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass
            self.db.close()

    # --- transactions ------------------------------------------------------------------------------

    def _begin(self) -> None:
        """Open the group transaction (file only; in memory every statement commits by itself)."""
        if self.in_file and not self.db.in_transaction:
            self.db.execute("BEGIN")

    def _write(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        with self.lock:
            self._begin()
            return self.db.execute(sql, args)

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        """All or nothing, inside the group transaction when there is one."""
        with self.lock:
            self._begin()
            self.db.execute("SAVEPOINT atomic")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK TO atomic")
                self.db.execute("RELEASE atomic")
                raise
            self.db.execute("RELEASE atomic")

    def atomic(self):
        """All or nothing (for a model that makes several writes, e.g. a subscription's renewal)."""
        return self._atomic()

    def commit(self) -> None:
        with self.lock:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    async def durable(self) -> None:
        """Return once every write made so far is committed (one commit per event-loop turn)."""
        if not self.db.in_transaction:
            return
        if self._flush is None:
            loop = asyncio.get_running_loop()
            self._flush = loop.create_future()
            # Two loop turns, not one: requests that arrived meanwhile get to run (and write) first, so
            # under load one commit serves several of them, and an idle loop still commits at once.
            loop.call_soon(loop.call_soon, self._commit_group)
        await self._flush

    def _commit_group(self) -> None:
        flush, self._flush = self._flush, None
        try:
            self.commit()
        except sqlite3.Error as exc:
            if flush is not None:
                flush.set_exception(exc)
            return
        if flush is not None:
            flush.set_result(None)

    # --- seeding and reset --------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self.lock:
            return self.db.execute("SELECT COUNT(*) FROM apps").fetchone()[0] == 0

    def seed(self, apps: list[App], users: list[User] | None = None) -> None:
        with self._atomic():
            for app in apps:
                self.db.execute(
                    "INSERT OR REPLACE INTO apps (client_key, client_secret, redirect_uris, kind) VALUES (?, ?, ?, ?)",
                    (app.client_key, app.client_secret, json.dumps(list(app.redirect_uris)), app.kind),
                )
            if self.db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0:
                for position, user in enumerate(users or SEED_USERS):
                    self._put_user(user, position)
            self._users = None
            self._apps = None
        self.commit()

    def reset(self, apps: list[App], users: list[User] | None = None) -> None:
        """Back to the seeded state: no codes, tokens, rewards; the seed users; these apps."""
        with self._atomic():
            for table in ("codes", "tokens", "rewards", "webhooks", "orders", "refunds", "subscriptions", "sub_orders", "users", "apps", "meta", *MEDIA_TABLES):
                self.db.execute(f"DELETE FROM {table}")
            self._apps = None
            self._signing = None  # a new key: every client token issued before the reset stops working
        self.seed(apps, users)

    # --- meta (the clock offset) -------------------------------------------------------------------

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        with self.lock:
            row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    # --- apps ----------------------------------------------------------------------------------------

    def app(self, client_key: str) -> App | None:
        apps = self._apps
        if apps is None:
            apps = {app.client_key: app for app in self.apps()}
            self._apps = apps
        return apps.get(client_key)

    def apps(self) -> list[App]:
        with self.lock:
            rows = self.db.execute("SELECT client_key, client_secret, redirect_uris, kind FROM apps ORDER BY rowid").fetchall()
        apps = [App(r[0], r[1], tuple(json.loads(r[2])), r[3]) for r in rows]
        for app in apps:
            if not all(isinstance(v, str) for v in (app.client_key, app.client_secret, app.kind, *app.redirect_uris)):
                raise ValueError(f"app {app.client_key!r} has a value of the wrong type")
        return apps

    # --- users ---------------------------------------------------------------------------------------

    def _put_user(self, user: User, position: int) -> None:
        self.db.execute("INSERT OR REPLACE INTO users VALUES (?, ?, ?)", (user.name, position, json.dumps(asdict(user))))

    def users(self) -> list[User]:
        with self.lock:
            if self._users is None:
                rows = self.db.execute("SELECT data FROM users ORDER BY position").fetchall()
                self._users = {}
                for (data,) in rows:
                    user = _stored_user(json.loads(data))
                    self._users[user.name] = user
            return list(self._users.values())

    def user(self, name: str) -> User | None:
        users = self._users
        if users is None:
            self.users()
            users = self._users
        return users.get(name) if users is not None else None

    def find_user(self, ref: str, client_key: str) -> User | None:
        """A user by seed name, open_id (for this app) or union_id."""
        by_name = self.user(ref)
        if by_name is not None:
            return by_name
        for user in self.users():
            if ref == user.open_id(client_key) or ref == user.union_id:
                return user
        return None

    def save_user(self, user: User) -> None:
        with self._atomic():
            existing = self.db.execute("SELECT position FROM users WHERE name = ?", (user.name,)).fetchone()
            position = existing[0] if existing else self.db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM users").fetchone()[0]
            self._put_user(user, position)
            self._users = None

    # --- codes ---------------------------------------------------------------------------------------

    def mint_code(self, client_key: str, user_name: str, scope: str, expires_at: float, redirect_uri: str | None = None, challenge: str | None = None) -> str:
        code = ordered_token()
        self._write(
            "INSERT INTO codes (code, client_key, user_name, scope, redirect_uri, challenge, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (code, client_key, user_name, scope, redirect_uri, challenge, expires_at),
        )
        return code

    def mint_codes(self, client_key: str, user_name: str, scope: str, expires_at: float, count: int) -> list[str]:
        """Many codes at once (load tests pre-mint them)."""
        codes = [ordered_token() for _ in range(count)]
        with self._atomic():
            self.db.executemany(
                "INSERT INTO codes (code, client_key, user_name, scope, expires_at) VALUES (?, ?, ?, ?, ?)",
                [(code, client_key, user_name, scope, expires_at) for code in codes],
            )
        self.commit()
        return codes

    def mint_access_tokens(self, client_key: str, user_name: str, scope: str, expires_at: float, values: list[str]) -> None:
        """Many user access tokens with the given values at once (the memory benchmark pre-mints a million)."""
        with self._atomic():
            self.db.executemany(_INSERT_TOKEN, [(value, "access", client_key, user_name, scope, expires_at, None, 0) for value in values])
        self.commit()

    def code(self, code: str) -> Code | None:
        with self.lock:
            row = self.db.execute(
                "SELECT code, client_key, user_name, scope, redirect_uri, challenge, expires_at, used FROM codes WHERE code = ?", (code,)
            ).fetchone()
        return _from_row(Code, row) if row else None

    # --- tokens --------------------------------------------------------------------------------------

    def redeem_and_issue(self, code: str, access: Token, refresh: Token) -> bool:
        """Consume the code and store both tokens atomically; False (and nothing stored) if it was used.

        Under the lock nothing runs in between; a failed insert gives the code back (cheaper on the hot
        path than a savepoint, and as atomic)."""
        with self.lock:
            self._begin()
            if self.db.execute("UPDATE codes SET used = 1 WHERE code = ? AND used = 0", (code,)).rowcount != 1:
                return False
            try:
                self._insert(access, refresh)
            except BaseException:
                self.db.execute("UPDATE codes SET used = 0 WHERE code = ?", (code,))
                raise
        return True

    def rotate(self, old_refresh: str | None, access: Token, refresh: Token | None) -> bool:
        """Store a refreshed pair; with rotation the old refresh token stops working (atomically)."""
        with self.lock:
            self._begin()
            if old_refresh is not None and self.db.execute("UPDATE tokens SET revoked = 1 WHERE token = ? AND revoked = 0", (old_refresh,)).rowcount != 1:
                return False
            try:
                self._insert(access, *([refresh] if refresh is not None else []))
            except BaseException:
                if old_refresh is not None:
                    self.db.execute("UPDATE tokens SET revoked = 0 WHERE token = ?", (old_refresh,))
                raise
        return True

    def client_token(self, client_key: str, expires_at: float) -> str:
        """A client token (its value) that is its own record: expiry, a nonce and the app, under a keyed tag with
        the state's key. A client token is never revoked or listed, only checked, so it needs no row, and
        `client_credentials` (a backend's most frequent call) writes nothing: nothing to commit before
        the answer. The key lives in the state file (tokens survive a restart) and changes on reset.
        The tag is keyed BLAKE2b (a MAC by design, RFC 7693 §2.9), a third of HMAC-SHA256's time here."""
        body = struct.pack(">Q", int(expires_at * 1000)) + token_bytes(8) + client_key.encode()
        tag = _mac(self._signing_key(), body)
        return "clt." + base64.urlsafe_b64encode(body + tag).rstrip(b"=").decode("ascii")

    def _signed_client_token(self, value: str) -> Token | None:
        try:
            raw = base64.urlsafe_b64decode(value[4:] + "=" * (-len(value[4:]) % 4))
        except (binascii.Error, ValueError):
            return None
        if len(raw) < 33:
            return None
        body, tag = raw[:-16], raw[-16:]
        if not hmac.compare_digest(tag, _mac(self._signing_key(), body)):
            return None
        try:
            client_key = body[16:].decode()
        except UnicodeDecodeError:
            return None
        return Token(value, "client", client_key, None, "", struct.unpack(">Q", body[:8])[0] / 1000, None, False)

    def _signing_key(self) -> bytes:
        """The client tokens' MAC key, made once per state (and again after a reset)."""
        key = self._signing
        if key is None:
            with self.lock:
                stored = self.get_meta("client_token_key")
                if stored is None:
                    stored = token_hex(32)
                    self.set_meta("client_token_key", stored)
                    self.commit()
                key = self._signing = bytes.fromhex(stored)
        return key

    def add_token(self, token: Token) -> None:
        with self.lock:
            self._begin()
            self._insert(token)

    def _insert(self, *tokens: Token) -> None:
        for t in tokens:  # execute, not executemany: one or two rows, and executemany's set-up costs more
            self.db.execute(_INSERT_TOKEN, (t.token, t.kind, t.client_key, t.user_name, t.scope, t.expires_at, t.refresh_expires_at, int(t.revoked)))

    def token(self, token: str) -> Token | None:
        if token.startswith("clt."):
            signed = self._signed_client_token(token)
            if signed is not None:
                return signed if self.app(signed.client_key) is not None else None
        with self.lock:  # a user token, or a client token stored by a version before signed ones
            row = self.db.execute(
                "SELECT token, kind, client_key, user_name, scope, expires_at, refresh_expires_at, revoked FROM tokens WHERE token = ?", (token,)
            ).fetchone()
        return _from_row(Token, row) if row else None

    def revoke_grant(self, user_name: str, client_key: str) -> None:
        """Every access and refresh token of this user for this app stops working."""
        self._write("UPDATE tokens SET revoked = 1 WHERE user_name = ? AND client_key = ?", (user_name, client_key))

    # --- rewards (mini game missions) --------------------------------------------------------------

    def reward(self, user_name: str, client_key: str, kind: str) -> str:
        with self.lock:
            row = self.db.execute("SELECT state FROM rewards WHERE user_name = ? AND client_key = ? AND kind = ?", (user_name, client_key, kind)).fetchone()
        return row[0] if row else "not_done"

    def set_reward(self, user_name: str, client_key: str, kind: str, state: str) -> None:
        self._write("INSERT OR REPLACE INTO rewards VALUES (?, ?, ?, ?)", (user_name, client_key, kind, state))

    # --- webhooks (the events for the developer's backend, and their deliveries) -------------------

    def add_webhook(self, client_key: str, event: str, body: str, now: float) -> str:
        webhook_id = token_hex(16)
        self._write(
            "INSERT INTO webhooks (id, client_key, event, body, created_at, status, attempts, next_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?)",
            (webhook_id, client_key, event, body, now, now),
        )
        return webhook_id

    def webhooks(self, status: str | None = None, due_by: float | None = None) -> list[Webhook]:
        sql = "SELECT id, client_key, event, body, created_at, status, attempts, next_at, last_status, last_error, delivered_at, latency_ms, url FROM webhooks"
        args: tuple = ()
        if due_by is not None:
            sql += " WHERE status = 'pending' AND next_at <= ? ORDER BY next_at"
            args = (due_by,)
        elif status is not None:
            sql += " WHERE status = ? ORDER BY created_at"
            args = (status,)
        else:
            sql += " ORDER BY created_at, rowid"
        with self.lock:
            rows = self.db.execute(sql, args).fetchall()
        return [Webhook(*row) for row in rows]

    def record_attempt(
        self, webhook_id: str, url: str | None, status: int | None, error: str | None, latency_ms: float, now: float, next_at: float | None
    ) -> None:
        """One delivery attempt: delivered (a 200), retried at next_at, or given up (next_at None)."""
        state = "delivered" if status == 200 else ("pending" if next_at is not None else "failed")
        with self._atomic():
            self.db.execute(
                "UPDATE webhooks SET attempts = attempts + 1, status = ?, last_status = ?, last_error = ?, latency_ms = ?, url = ?, "
                "delivered_at = CASE WHEN ? = 'delivered' THEN ? ELSE delivered_at END, next_at = COALESCE(?, next_at) WHERE id = ?",
                (state, status, error, latency_ms, url, state, now, next_at, webhook_id),
            )
        self.commit()

    def requeue_webhook(self, webhook_id: str, now: float) -> bool:
        with self._atomic():
            changed = self.db.execute("UPDATE webhooks SET status = 'pending', next_at = ? WHERE id = ?", (now, webhook_id)).rowcount
        self.commit()
        return bool(changed)

    # --- trade orders ---------------------------------------------------------------------------------

    def create_order(self, client_key: str, user_name: str, order_info: dict, token_type: str, token_amount: int, now: float) -> str | None:
        """A new PENDING order; None when the developer's order_id was used before for this app."""
        trade_order_id = "TOID" + token_hex(10).upper()
        with self.lock:
            if self.db.execute("SELECT 1 FROM sub_orders WHERE client_key = ? AND order_id = ?", (client_key, str(order_info["order_id"]))).fetchone():
                return None
        try:
            self._write(
                "INSERT INTO orders (trade_order_id, client_key, user_name, order_id, token_type, token_amount, order_info, status, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?)",
                (trade_order_id, client_key, user_name, str(order_info["order_id"]), token_type, token_amount, json.dumps(order_info), now),
            )
        except sqlite3.IntegrityError:
            return None
        return trade_order_id

    def order(self, trade_order_id: str) -> Order | None:
        with self.lock:
            row = self.db.execute(f"SELECT {_ORDER_COLUMNS} FROM orders WHERE trade_order_id = ?", (trade_order_id,)).fetchone()
        return _order(row) if row else None

    def orders(self) -> list[Order]:
        with self.lock:
            rows = self.db.execute(f"SELECT {_ORDER_COLUMNS} FROM orders ORDER BY created_at, rowid").fetchall()
        return [_order(row) for row in rows]

    def settle_order(self, trade_order_id: str, paid: bool, now: float) -> bool:
        """Confirm (SUCCESS) or close (cancelled/failed) a PENDING, open order, exactly once: of many
        concurrent confirmations only one changes it (True), the others find it settled (False)."""
        sql = (
            "UPDATE orders SET status = 'SUCCESS', paid_at = ? WHERE trade_order_id = ? AND status = 'PENDING' AND closed = 0"
            if paid
            else "UPDATE orders SET closed = 1 WHERE trade_order_id = ? AND status = 'PENDING' AND closed = 0"
        )
        with self.lock:
            return self._write(sql, (now, trade_order_id) if paid else (trade_order_id,)).rowcount == 1

    def add_refund(self, trade_order_id: str, amount: int, now: float) -> int | None:
        """Record a refund of a SUCCESS order; returns what is left refundable after it, or None when the
        order is not paid or the amount is more than what is left."""
        with self._atomic():
            row = self.db.execute("SELECT token_amount, status FROM orders WHERE trade_order_id = ?", (trade_order_id,)).fetchone()
            if row is None or row[1] != "SUCCESS":
                return None
            refunded = self.db.execute("SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE trade_order_id = ?", (trade_order_id,)).fetchone()[0]
            if amount > row[0] - refunded:
                return None
            self.db.execute("INSERT INTO refunds VALUES (?, ?, ?)", (trade_order_id, amount, now))
            return row[0] - refunded - amount

    def refunded(self, trade_order_id: str) -> int:
        with self.lock:
            return self.db.execute("SELECT COALESCE(SUM(amount), 0) FROM refunds WHERE trade_order_id = ?", (trade_order_id,)).fetchone()[0]

    # --- subscriptions ----------------------------------------------------------------------------------

    def order_id_taken(self, client_key: str, order_id: str) -> bool:
        """The developer's order_id was used before by this app, for Beans or a subscription (20021002)."""
        with self.lock:
            return bool(
                self.db.execute(
                    "SELECT 1 FROM orders WHERE client_key = ? AND order_id = ? UNION ALL "
                    "SELECT 1 FROM sub_orders WHERE client_key = ? AND order_id = ? LIMIT 1",
                    (client_key, order_id, client_key, order_id),
                ).fetchone()
            )

    def add_sub_order(
        self, client_key: str, user_name: str, order_info: dict | None, kind: str, tier_id: str, subscription_id: str, now: float, status: str = "PENDING"
    ) -> str | None:
        """A new subscription trade order; None when the developer's order_id was used before by this app."""
        trade_order_id = "TOID" + token_hex(10).upper()
        order_id = str(order_info["order_id"]) if order_info else None
        with self._atomic():
            if order_id is not None and self.order_id_taken(client_key, order_id):
                return None
            self.db.execute(
                "INSERT INTO sub_orders (trade_order_id, client_key, user_name, order_id, kind, tier_id, subscription_id, status, order_info,"
                " created_at, paid_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    trade_order_id,
                    client_key,
                    user_name,
                    order_id,
                    kind,
                    tier_id,
                    subscription_id,
                    status,
                    json.dumps(order_info or {}),
                    now,
                    now if status == "SUCCESS" else None,
                ),
            )
        return trade_order_id

    def sub_order(self, trade_order_id: str) -> SubscriptionOrder | None:
        with self.lock:
            row = self.db.execute(f"SELECT {_SUB_ORDER_COLUMNS} FROM sub_orders WHERE trade_order_id = ?", (trade_order_id,)).fetchone()
        return _sub_order(row) if row else None

    def sub_orders(self) -> list[SubscriptionOrder]:
        with self.lock:
            rows = self.db.execute(f"SELECT {_SUB_ORDER_COLUMNS} FROM sub_orders ORDER BY created_at, rowid").fetchall()
        return [_sub_order(row) for row in rows]

    def subscription(self, subscription_id: str) -> Subscription | None:
        with self.lock:
            row = self.db.execute(f"SELECT {_SUB_COLUMNS} FROM subscriptions WHERE subscription_id = ?", (subscription_id,)).fetchone()
        return Subscription(*row) if row else None

    def subscriptions(self, client_key: str | None = None, user_name: str | None = None, live: bool = False) -> list[Subscription]:
        sql, args = f"SELECT {_SUB_COLUMNS} FROM subscriptions WHERE 1 = 1", []
        if client_key is not None:
            sql += " AND client_key = ?"
            args.append(client_key)
        if user_name is not None:
            sql += " AND user_name = ?"
            args.append(user_name)
        if live:
            sql += " AND state != 'expired'"
        with self.lock:
            rows = self.db.execute(sql + " ORDER BY created_at, rowid", tuple(args)).fetchall()
        return [Subscription(*row) for row in rows]

    def due_subscriptions(self, now: float, limit: int = 100) -> list[Subscription]:
        with self.lock:
            rows = self.db.execute(
                f"SELECT {_SUB_COLUMNS} FROM subscriptions WHERE state != 'expired' AND due_at <= ? ORDER BY due_at LIMIT ?", (now, limit)
            ).fetchall()
        return [Subscription(*row) for row in rows]

    def start_subscription(self, trade_order_id: str, begin: float, end: float, now: float) -> Subscription | str:
        """Pay a PENDING "create" order: its subscription starts, exactly once. Returns the subscription, or why
        not: "settled" (paid, closed or refunded meanwhile) or the state of the user's live subscription."""
        with self._atomic():
            order = self.sub_order(trade_order_id)
            if order is None or order.status != "PENDING" or order.closed:
                return "settled"
            live = self.subscriptions(order.client_key, order.user_name, live=True)
            if live:
                return live[0].state
            self.db.execute("UPDATE sub_orders SET status = 'SUCCESS', paid_at = ? WHERE trade_order_id = ?", (now, trade_order_id))
            self.db.execute(
                f"INSERT INTO subscriptions ({_SUB_COLUMNS}) VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?, 0, NULL, NULL, ?)",
                (order.subscription_id, order.client_key, order.user_name, order.tier_id, trade_order_id, begin, end, end, end, now),
            )
            return self._existing(order.subscription_id)

    def _existing(self, subscription_id: str) -> Subscription:
        """A subscription this transaction has just written (so it is there)."""
        found = self.subscription(subscription_id)
        assert found is not None, subscription_id
        return found

    def reactivate_subscription(self, trade_order_id: str, now: float) -> Subscription | str:
        """Pay a PENDING "reactivate" order: its cancelled subscription renews again. The subscription, or why not."""
        with self._atomic():
            order = self.sub_order(trade_order_id)
            if order is None or order.status != "PENDING" or order.closed:
                return "settled"
            sub = self.subscription(order.subscription_id)
            if sub is None or sub.state != "cancel":
                return sub.state if sub else "expired"
            self.db.execute("UPDATE sub_orders SET status = 'SUCCESS', paid_at = ? WHERE trade_order_id = ?", (now, trade_order_id))
            self.db.execute(
                "UPDATE subscriptions SET state = 'active', trade_order_id = ?, next_deduct_time = end_time, due_at = end_time WHERE subscription_id = ?",
                (trade_order_id, sub.subscription_id),
            )
            return self._existing(sub.subscription_id)

    def close_sub_order(self, trade_order_id: str) -> bool:
        with self.lock:
            return (
                self._write("UPDATE sub_orders SET closed = 1 WHERE trade_order_id = ? AND status = 'PENDING' AND closed = 0", (trade_order_id,)).rowcount == 1
            )

    def update_subscription(self, before: Subscription, **changes: object) -> bool:
        """Apply `changes` if the subscription is still as `before` (its state and due time): one of two racing
        transitions (the clock's thread, a request) wins, the other finds it changed (False)."""
        columns = ", ".join(f"{name} = ?" for name in changes)
        with self.lock:
            return (
                self._write(
                    f"UPDATE subscriptions SET {columns} WHERE subscription_id = ? AND state = ? AND due_at IS ? AND renewals = ?",
                    (*changes.values(), before.subscription_id, before.state, before.due_at, before.renewals),
                ).rowcount
                == 1
            )

    def refund_sub_order(self, trade_order_id: str) -> bool:
        with self.lock:
            return self._write("UPDATE sub_orders SET status = 'REFUNDED' WHERE trade_order_id = ? AND status = 'SUCCESS'", (trade_order_id,)).rowcount == 1


_SUB_COLUMNS = (
    "subscription_id, client_key, user_name, tier_id, state, trade_order_id, begin_time, end_time, next_deduct_time, due_at, "
    "renewals, pending_tier, changed_at, created_at"
)
_SUB_ORDER_COLUMNS = "trade_order_id, client_key, user_name, order_id, kind, tier_id, subscription_id, status, closed, order_info, created_at, paid_at"


def _sub_order(row: tuple) -> SubscriptionOrder:
    return _from_row(SubscriptionOrder, row)


_ORDER_COLUMNS = "trade_order_id, client_key, user_name, order_id, token_type, token_amount, order_info, status, closed, created_at, paid_at"


def _order(row: tuple) -> Order:
    return _from_row(Order, row)

"""The mock's state in SQLite: apps, users, codes, tokens, rewards. In memory, or a file that survives
restarts and SIGKILL (WAL: every answered request was committed before its response was sent)."""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

from .users import SEED_USERS, User

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS apps (client_key TEXT PRIMARY KEY, client_secret TEXT NOT NULL, redirect_uris TEXT NOT NULL);
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
"""


@dataclass(frozen=True)
class App:
    client_key: str
    client_secret: str
    redirect_uris: tuple[str, ...] = ()


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


def new_token(prefix: str) -> str:
    """TikTok's shape: a type prefix and 60+ url-safe random characters."""
    return f"{prefix}.{secrets.token_urlsafe(48)}"


class Store:
    """All state behind one lock: the server thread and the Python API (tests) share it."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(path) if path else ":memory:"
        self.lock = threading.RLock()
        self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        if self.path != ":memory:":
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # durable against process death, as WAL commits
        self.db.executescript(SCHEMA)
        self._users: dict[str, User] | None = None

    def close(self) -> None:
        with self.lock:
            self.db.close()

    def _write(self, sql: str, args: tuple = ()) -> sqlite3.Cursor:
        with self.lock:
            return self.db.execute(sql, args)

    # --- seeding and reset --------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self.lock:
            return self.db.execute("SELECT COUNT(*) FROM apps").fetchone()[0] == 0

    def seed(self, apps: list[App], users: list[User] | None = None) -> None:
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                for app in apps:
                    self.db.execute(
                        "INSERT OR REPLACE INTO apps VALUES (?, ?, ?)",
                        (app.client_key, app.client_secret, json.dumps(list(app.redirect_uris))),
                    )
                if self.db.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0:
                    for position, user in enumerate(users or SEED_USERS):
                        self._put_user(user, position)
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self._users = None

    def reset(self, apps: list[App], users: list[User] | None = None) -> None:
        """Back to the seeded state: no codes, tokens, rewards; the seed users; these apps."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            for table in ("codes", "tokens", "rewards", "users", "apps", "meta"):
                self.db.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
            self.db.execute("COMMIT")
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
        with self.lock:
            row = self.db.execute("SELECT client_key, client_secret, redirect_uris FROM apps WHERE client_key = ?", (client_key,)).fetchone()
        return App(row[0], row[1], tuple(json.loads(row[2]))) if row else None

    def apps(self) -> list[App]:
        with self.lock:
            rows = self.db.execute("SELECT client_key, client_secret, redirect_uris FROM apps ORDER BY rowid").fetchall()
        return [App(r[0], r[1], tuple(json.loads(r[2]))) for r in rows]

    # --- users ---------------------------------------------------------------------------------------

    def _put_user(self, user: User, position: int) -> None:
        data = asdict(user)
        self.db.execute("INSERT OR REPLACE INTO users VALUES (?, ?, ?)", (user.name, position, json.dumps(data)))

    def users(self) -> list[User]:
        with self.lock:
            if self._users is None:
                rows = self.db.execute("SELECT data FROM users ORDER BY position").fetchall()
                self._users = {}
                for (data,) in rows:
                    user = User(**json.loads(data))
                    self._users[user.name] = user
            return list(self._users.values())

    def user(self, name: str) -> User | None:
        self.users()
        assert self._users is not None
        return self._users.get(name)

    def find_user(self, ref: str, client_key: str) -> User | None:
        """A user by seed name, open_id (for this app) or union_id."""
        for user in self.users():
            if ref in (user.name, user.union_id, user.open_id(client_key)):
                return user
        return None

    def save_user(self, user: User) -> None:
        with self.lock:
            existing = self.db.execute("SELECT position FROM users WHERE name = ?", (user.name,)).fetchone()
            position = existing[0] if existing else self.db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM users").fetchone()[0]
            self._put_user(user, position)
            self._users = None

    # --- codes ---------------------------------------------------------------------------------------

    def mint_code(self, client_key: str, user_name: str, scope: str, expires_at: float, redirect_uri: str | None = None, challenge: str | None = None) -> str:
        code = secrets.token_urlsafe(48)
        self._write(
            "INSERT INTO codes (code, client_key, user_name, scope, redirect_uri, challenge, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (code, client_key, user_name, scope, redirect_uri, challenge, expires_at),
        )
        return code

    def code(self, code: str) -> Code | None:
        with self.lock:
            row = self.db.execute(
                "SELECT code, client_key, user_name, scope, redirect_uri, challenge, expires_at, used FROM codes WHERE code = ?", (code,)
            ).fetchone()
        return Code(*row[:7], bool(row[7])) if row else None

    def consume_code(self, code: str) -> bool:
        """Mark a code used; True for exactly one caller, however many race for it."""
        return self._write("UPDATE codes SET used = 1 WHERE code = ? AND used = 0", (code,)).rowcount == 1

    # --- tokens --------------------------------------------------------------------------------------

    def redeem_and_issue(self, code: str, access: Token, refresh: Token) -> bool:
        """Consume the code and store both tokens in one transaction (False if the code was used)."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.db.execute("UPDATE codes SET used = 1 WHERE code = ? AND used = 0", (code,)).rowcount != 1:
                    self.db.execute("ROLLBACK")
                    return False
                self._insert(access)
                self._insert(refresh)
                self.db.execute("COMMIT")
                return True
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def rotate(self, old_refresh: str | None, access: Token, refresh: Token | None) -> bool:
        """Store a refreshed pair; with rotation the old refresh token stops working (atomically)."""
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if old_refresh is not None and self.db.execute(
                    "UPDATE tokens SET revoked = 1 WHERE token = ? AND revoked = 0", (old_refresh,)
                ).rowcount != 1:
                    self.db.execute("ROLLBACK")
                    return False
                self._insert(access)
                if refresh is not None:
                    self._insert(refresh)
                self.db.execute("COMMIT")
                return True
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def add_token(self, token: Token) -> None:
        with self.lock:
            self._insert(token)

    def _insert(self, token: Token) -> None:
        self.db.execute(
            "INSERT INTO tokens VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (token.token, token.kind, token.client_key, token.user_name, token.scope, token.expires_at, token.refresh_expires_at, int(token.revoked)),
        )

    def token(self, token: str) -> Token | None:
        with self.lock:
            row = self.db.execute(
                "SELECT token, kind, client_key, user_name, scope, expires_at, refresh_expires_at, revoked FROM tokens WHERE token = ?", (token,)
            ).fetchone()
        return Token(*row[:7], bool(row[7])) if row else None

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

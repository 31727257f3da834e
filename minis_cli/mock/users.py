"""The seeded mock users, TikTok's user fields and the scope each field needs."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache

# /v2/user/info/ fields by scope (docs/mock-api.md: TikTok's API, GET /v2/user/info/)
FIELD_SCOPES: dict[str, str] = {
    **dict.fromkeys(("open_id", "union_id", "avatar_url", "avatar_url_100", "avatar_large_url", "display_name"), "user.info.basic"),
    **dict.fromkeys(("bio_description", "profile_deep_link", "is_verified", "username"), "user.info.profile"),
    **dict.fromkeys(("follower_count", "following_count", "likes_count", "video_count"), "user.info.stats"),
}
KNOWN_SCOPES = ("user.info.basic", "user.info.open_id", "user.info.profile", "user.info.stats", "video.list", "video.upload", "video.publish")
DEFAULT_SCOPE = "user.info.basic"  # what TTMinis.authorize asks for by default
SILENT_SCOPE = "user.info.open_id"  # what a silent TTMinis.login code carries (minis-user-data; docs/mock-api.md: The mock SDK)
MINIS_SCOPES = ("user.info.basic", "user.info.open_id")  # "Currently, TikTok Minis only supports" these


@dataclass(frozen=True)
class User:
    """A mock TikTok user. `name` is its stable seed name (alice); ids derive from it."""

    name: str
    display_name: str
    username: str
    bio_description: str = ""
    is_verified: bool = False
    follower_count: int = 0
    following_count: int = 0
    likes_count: int = 0
    video_count: int = 0
    avatar_url: str = ""  # empty: the mock's own generated avatar
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def union_id(self) -> str:
        return _uuid_like(f"union:{self.name}")

    def open_id(self, client_key: str) -> str:
        """Stable per (user, app), as TikTok's open_id."""
        return _uuid_like(f"open:{self.name}:{client_key}")

    def info(self, client_key: str, base_url: str) -> dict[str, object]:
        """Every /v2/user/info/ field of this user."""
        avatar = self.avatar_url or f"{base_url}/_mock/avatars/{self.name}.svg"
        return {
            "open_id": self.open_id(client_key),
            "union_id": self.union_id,
            "avatar_url": avatar,
            "avatar_url_100": avatar + ("&" if "?" in avatar else "?") + "size=100",
            "avatar_large_url": avatar + ("&" if "?" in avatar else "?") + "size=720",
            "display_name": self.display_name,
            "bio_description": self.bio_description,
            "profile_deep_link": f"https://www.tiktok.com/@{self.username}",
            "is_verified": self.is_verified,
            "username": self.username,
            "follower_count": self.follower_count,
            "following_count": self.following_count,
            "likes_count": self.likes_count,
            "video_count": self.video_count,
        }

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name != "extra")


@lru_cache(maxsize=4096)
def _uuid_like(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).hexdigest()
    return f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"


MAX_TEXT = 2000  # characters in a user's text field (TikTok's bio is 80; names are shorter)
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,64}")


def build_user(body: dict, existing: User | None = None) -> User:
    """A user from control-API / --users fields, every value checked (a ValueError says which and why)."""
    from .values import MAX_COUNT, whole_number

    if not isinstance(body, dict):
        raise ValueError("a user must be a JSON object with at least a name")
    name = body.get("name")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError("name must be 1-64 letters, digits, '_', '.' or '-'")
    known = User.field_names()
    unknown = [k for k in body if k not in known]
    if unknown:
        raise ValueError(f"unknown user field {unknown[0]!r}; known: {', '.join(sorted(known))}")
    values = {f: getattr(existing, f) for f in known} if existing else {"name": name, "display_name": name.title(), "username": name.lower()}
    for key, value in body.items():
        kind = _FIELD_TYPES[key]
        if kind is bool and not isinstance(value, bool):
            raise ValueError(f"user field {key!r} must be true or false")
        if kind is int:
            whole_number(value, f"user field {key!r}", 0, MAX_COUNT)
        if kind is str and (not isinstance(value, str) or len(value) > MAX_TEXT):
            raise ValueError(f"user field {key!r} must be a string of at most {MAX_TEXT} characters")
        values[key] = value
    return User(**values)


SEED_USERS = (
    User("alice", "Alice Chen", "alice.chen", "Short dramas every night.", True, 12_400, 180, 98_000, 64),
    User("bruno", "Bruno Martins", "brunomartins", "Puzzle games and coffee.", False, 830, 412, 5_200, 12),
    User("chidi", "Chidi Okafor", "chidi.o", "", False, 41, 77, 300, 3),
)


def avatar_svg(user: User) -> str:
    """A generated avatar: the user's initials on a colour derived from the name (no network needed)."""
    initials = "".join(part[0] for part in user.display_name.split()[:2]).upper() or "?"
    hue = int(hashlib.sha256(user.name.encode()).hexdigest()[:2], 16) * 360 // 256
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128" viewBox="0 0 128 128">'
        f'<rect width="128" height="128" rx="64" fill="hsl({hue},60%,45%)"/>'
        f'<text x="64" y="78" font-family="sans-serif" font-size="48" fill="#fff" text-anchor="middle">{initials}</text></svg>'
    )


_FIELD_TYPES = {f.name: type(getattr(SEED_USERS[0], f.name)) for f in fields(User) if f.name != "extra"}

"""The mock's settings (docs/commands/mock.md: the options and their ranges), shared by the CLI, dev and pytest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

ERROR_STATUS_CHOICES = ("200", "4xx")
SILENT_SCOPE_CHOICES = ("user.info.open_id", "user.info.basic")
SCOPE_ERROR_CHOICES = ("documented", "legacy")
RATE_LIMIT_KEYS = ("app", "token")
TIME_UNITS = ("s", "ms")
# Whether a native game's runtime has the plain `WebAssembly` global besides TTWebAssembly: TikTok documents only
# TTWebAssembly (mini-games-base-library-update-log, SDK 0.6.0), so this is the mock's choice. "both": it stays
# (the default); "tt": only TTWebAssembly, as Douyin documents its runtime.
GAME_WEBASSEMBLY_CHOICES = ("both", "tt")
# APIs TikTok's games SDK pages do not list that the game host provides when named (sdk_api.ALLOWABLE_GAME_APIS):
# none by default, as on TikTok as documented.
MAX_ALLOWED_APIS = 32
# The Media Asset API (media.py): what a review decides when the outcome queue has nothing, and which episodes
# play_token checks: "known" (those the mock's media store has; any other id gets a token, as before), "strict"
# (every episode must be a listed, authorised one), "off" (no check).
MEDIA_REVIEW_CHOICES = ("approve", "reject")
MEDIA_PLAY_CONTROL_CHOICES = ("known", "strict", "off")
_VERSION = re.compile(r"\d{1,3}(?:\.\d{1,4}){0,3}")
MAX_SECONDS = 10**10  # a lifetime or period: ~317 years (the clock may run 10**11 s ahead; a token's expiry must stay an int64 of ms)
MAX_AMOUNT = 2**63 - 1  # Beans: TikTok's int64
MAX_RATE = 10**6  # calls a minute
MAX_RETRY_BASE = 259_200.0  # the first webhook retry's delay: at most the 72 h TikTok retries for
MAX_URL = 2048
MAX_LIST = 100  # registered redirect URIs, trusted domains
# The numeric settings and their ranges (one source: the CLI's options, /_mock/config and the Python API).
RANGES: dict[str, tuple[int | float, int | float]] = {
    "access_ttl": (1, MAX_SECONDS),
    "refresh_ttl": (1, MAX_SECONDS),
    "code_ttl": (1, MAX_SECONDS),
    "client_ttl": (1, MAX_SECONDS),
    "rate_limit_per_minute": (1, MAX_RATE),
    "max_redeem_amount": (1, MAX_AMOUNT),
    "beans_balance": (0, MAX_AMOUNT),
    "subscription_onhold_period": (1, MAX_SECONDS),
    "webhook_retry_base": (0.001, MAX_RETRY_BASE),
    "media_upload_seconds": (0, MAX_SECONDS),
    "media_review_seconds": (0, MAX_SECONDS),
    "media_authorize_delay_seconds": (0, MAX_SECONDS),
    "media_urgent_daily_quota": (0, MAX_RATE),
}


def version_tuple(version: str) -> tuple[int, ...]:
    """'44.2.0' -> (44, 2, 0); 'latest' sorts after every version."""
    return (10**6,) if version == "latest" else tuple(int(part) for part in version.split("."))


@dataclass(frozen=True)
class MockSettings:
    access_ttl: int = 86_400  # newer docs say 7200
    refresh_ttl: int = 31_536_000  # newer docs say 180 days; not extended by a refresh
    code_ttl: int = 300
    client_ttl: int = 7_200
    rotate_refresh: bool = True
    error_status: str = "200"  # "200": errors as 200 + error JSON (field reports); "4xx": 401/400
    rate_limit: bool = True
    rate_limit_per_minute: int = 600  # per API, in a one-minute sliding window (Rate limits page)
    rate_limit_key: str = "app"  # whom the limit counts: "app" (the docs' per-app quota) or "token"
    lenient_fields: bool = False  # omit fields outside the granted scopes instead of an error
    silent_login_scope: str = "user.info.open_id"  # what TTMinis.login codes carry; "user.info.basic": the old, generous mock
    scope_errors: str = "documented"  # a field outside the scopes: 400 scope_permission_missed; "legacy": 401 scope_not_authorized
    redirect_uris: tuple[str, ...] = field(default_factory=tuple)  # registered, besides localhost ones
    webhook_url: str | None = None  # where events go (the app's webhook URL in the Developer Portal)
    refund_result_events: bool = False  # also send refund_success after refund_traceback ("currently unavailable" in the docs)
    client_version: str = "latest"  # the TikTok app version simulated: APIs newer than it are absent (canIUse false)
    trusted_domains: tuple[str, ...] = field(
        default_factory=tuple
    )  # TTMinis.game.request's allowed hosts (mock-only: the real list is in the Developer Portal); empty: all
    max_redeem_amount: int = 1_000_000  # check_redeem_amounts: the largest valid amount (TikTok's policy is unpublished: mock-only)
    beans_balance: int = 1000  # each mock user's Beans (checkBalance's is_sufficient); the docs give no default
    payment_capability: bool = True  # False: the app has no payment capability, trade_order/create and subscription/create answer 20021001
    subscription_time_unit: str = "s"  # begin_time/end_time/next_duduct_time in seconds or "ms" (the docs give int64s, no unit)
    subscription_onhold_period: int = 2_592_000  # how long a subscription stays on hold before it expires (the docs: "1-2 months")
    webhook_retry_base: float = 10.0  # seconds before the first retry; doubled each time, for 72 h (TikTok gives no schedule)
    game_webassembly: str = "both"  # the game host's WebAssembly: "both" (WebAssembly and TTWebAssembly) or "tt" (mock's choice)
    game_allow_apis: tuple[str, ...] = field(default_factory=tuple)  # undocumented APIs the game host provides (ALLOWABLE_GAME_APIS)
    game_remote_bundles: bool = True  # a Cocos export's <server>/remote/... downloads answered from its remote/ folder (gamepkg.remote_bundles)
    # The Media Asset API (mock-only timings: the docs give a review 1-3 business days, an authorisation "within 30 minutes")
    media_upload_seconds: int = 10  # a URL upload's time to upload_status 2 on the mock clock
    media_review_seconds: int = 86_400  # a submitted version's review (one day)
    media_review_outcome: str = "approve"  # the review's result when the albumReview outcome queue is empty
    media_authorize_delay_seconds: int = 0  # album/authorize/ taking effect for playback (TikTok: within 1800)
    media_urgent_daily_quota: int = 10  # urgent reviews (priority_score 1) a mini app may submit in 24 h (quota unpublished)
    media_play_control: str = "known"  # which play_token calls need a listed, authorised episode (MEDIA_PLAY_CONTROL_CHOICES)

    def __post_init__(self) -> None:
        if self.error_status not in ERROR_STATUS_CHOICES:
            raise ValueError(f"error_status must be one of {', '.join(ERROR_STATUS_CHOICES)}, not {_short(self.error_status)}")
        if self.silent_login_scope not in SILENT_SCOPE_CHOICES:
            raise ValueError(f"silent_login_scope must be one of {', '.join(SILENT_SCOPE_CHOICES)}, not {_short(self.silent_login_scope)}")
        if self.scope_errors not in SCOPE_ERROR_CHOICES:
            raise ValueError(f"scope_errors must be one of {', '.join(SCOPE_ERROR_CHOICES)}, not {_short(self.scope_errors)}")
        if self.rate_limit_key not in RATE_LIMIT_KEYS:
            raise ValueError(f"rate_limit_key must be one of {', '.join(RATE_LIMIT_KEYS)}, not {_short(self.rate_limit_key)}")
        if self.client_version != "latest" and not (isinstance(self.client_version, str) and _VERSION.fullmatch(self.client_version)):
            raise ValueError(f"client_version must be a version such as 44.2.0 (or 'latest'), not {_short(self.client_version)}")
        if self.game_webassembly not in GAME_WEBASSEMBLY_CHOICES:
            raise ValueError(f"game_webassembly must be one of {', '.join(GAME_WEBASSEMBLY_CHOICES)}, not {_short(self.game_webassembly)}")
        self._check_allow_apis()
        if self.media_review_outcome not in MEDIA_REVIEW_CHOICES:
            raise ValueError(f"media_review_outcome must be one of {', '.join(MEDIA_REVIEW_CHOICES)}, not {_short(self.media_review_outcome)}")
        if self.media_play_control not in MEDIA_PLAY_CONTROL_CHOICES:
            raise ValueError(f"media_play_control must be one of {', '.join(MEDIA_PLAY_CONTROL_CHOICES)}, not {_short(self.media_play_control)}")
        if self.subscription_time_unit not in TIME_UNITS:
            raise ValueError(f"subscription_time_unit must be one of {', '.join(TIME_UNITS)}, not {_short(self.subscription_time_unit)}")
        for name, (low, high) in RANGES.items():
            value = getattr(self, name)
            whole = isinstance(low, int)
            if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) or not low <= value <= high:  # NaN fails the range too
                kind = "a whole number" if whole else "a number"
                unit = " (seconds)" if name.endswith(("_ttl", "_period", "_base", "_seconds")) else ""
                raise ValueError(f"{name} must be {kind} from {_number(low)} to {_number(high)}{unit}, not {_short(value)}")
        for name in ("rotate_refresh", "rate_limit", "lenient_fields", "refund_result_events", "payment_capability", "game_remote_bundles"):
            if not isinstance(getattr(self, name), bool):
                raise ValueError(f"{name} must be true or false, not {_short(getattr(self, name))}")
        if self.webhook_url is not None and (
            not isinstance(self.webhook_url, str) or not self.webhook_url.startswith(("http://", "https://")) or len(self.webhook_url) > MAX_URL
        ):
            raise ValueError(f"webhook_url must be an http(s) URL of at most {MAX_URL} characters, not {_short(self.webhook_url)}")
        for name in ("redirect_uris", "trusted_domains"):
            items = getattr(self, name)
            if not isinstance(items, (tuple, list)) or not all(isinstance(item, str) and 0 < len(item) <= MAX_URL for item in items):
                raise ValueError(f"{name} must be strings of 1 to {MAX_URL} characters each")
            if len(items) > MAX_LIST:
                raise ValueError(f"{name} may have at most {MAX_LIST} entries, not {len(items)}")
            if isinstance(items, list):  # the Python API's list: stored as the tuple the field is
                object.__setattr__(self, name, tuple(items))

    def _check_allow_apis(self) -> None:
        from ..sdk_api import ALLOWABLE_GAME_APIS

        names = self.game_allow_apis
        if not isinstance(names, (tuple, list)) or not all(isinstance(name, str) for name in names) or len(names) > MAX_ALLOWED_APIS:
            raise ValueError(f"game_allow_apis must be a list of at most {MAX_ALLOWED_APIS} API names, not {_short(names)}")
        for name in names:
            if name not in ALLOWABLE_GAME_APIS:
                raise ValueError(f"game_allow_apis takes {', '.join(ALLOWABLE_GAME_APIS)} (WeChat's and Douyin's, not in TikTok's docs), not {_short(name)}")
        object.__setattr__(self, "game_allow_apis", tuple(dict.fromkeys(names)))  # the Python API's list: a tuple, once each

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:,g}"


def _short(value: object) -> str:
    """A value for an error message: its repr, shortened (a rejected value may be 64 KB of a request body)."""
    try:
        shown = repr(value)
    except ValueError:  # an int past Python's 4300-digit str limit
        return "a number too large to show"
    return shown if len(shown) <= 80 else f"{shown[:60]}... ({len(shown):,} characters)"


def host_trusted(trusted_domains: tuple[str, ...] | list[str], parts: object) -> bool:
    """Whether a URL (urlsplit parts) is on the trusted-domain list, as the mock SDK's check reads it: a domain
    matches its host, or `*.example.com` any subdomain; an empty list (no domains configured) allows all."""
    if not trusted_domains:
        return True
    hostname = (getattr(parts, "hostname", None) or "").lower()
    netloc = (getattr(parts, "netloc", "") or "").lower().rsplit("@", 1)[-1]
    for domain in trusted_domains:
        d = str(domain).lower().split("://", 1)[-1].split("/", 1)[0]
        if d in (hostname, netloc) or (d.startswith("*.") and hostname.endswith(d[1:])):
            return True
    return False

"""The mock's settings (MOCK_API.md: Defaults and settings), shared by the CLI, dev and pytest."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields

ERROR_STATUS_CHOICES = ("200", "4xx")
SILENT_SCOPE_CHOICES = ("user.info.open_id", "user.info.basic")
SCOPE_ERROR_CHOICES = ("documented", "legacy")
RATE_LIMIT_KEYS = ("app", "token")
TIME_UNITS = ("s", "ms")
_VERSION = re.compile(r"\d{1,3}(?:\.\d{1,4}){0,3}")


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

    def __post_init__(self) -> None:
        if self.error_status not in ERROR_STATUS_CHOICES:
            raise ValueError(f"error_status must be one of {', '.join(ERROR_STATUS_CHOICES)}, not {self.error_status!r}")
        if self.silent_login_scope not in SILENT_SCOPE_CHOICES:
            raise ValueError(f"silent_login_scope must be one of {', '.join(SILENT_SCOPE_CHOICES)}, not {self.silent_login_scope!r}")
        if self.scope_errors not in SCOPE_ERROR_CHOICES:
            raise ValueError(f"scope_errors must be one of {', '.join(SCOPE_ERROR_CHOICES)}, not {self.scope_errors!r}")
        if self.rate_limit_key not in RATE_LIMIT_KEYS:
            raise ValueError(f"rate_limit_key must be one of {', '.join(RATE_LIMIT_KEYS)}, not {self.rate_limit_key!r}")
        if self.client_version != "latest" and not (isinstance(self.client_version, str) and _VERSION.fullmatch(self.client_version)):
            raise ValueError(f"client_version must be a version such as 44.2.0 (or 'latest'), not {self.client_version!r}")
        if self.subscription_time_unit not in TIME_UNITS:
            raise ValueError(f"subscription_time_unit must be one of {', '.join(TIME_UNITS)}, not {self.subscription_time_unit!r}")
        if not self.webhook_retry_base > 0:
            raise ValueError("webhook_retry_base must be a positive number of seconds")
        if self.webhook_url is not None and not self.webhook_url.startswith(("http://", "https://")):
            raise ValueError(f"webhook_url must be an http(s) URL, not {self.webhook_url!r}")
        for name in ("access_ttl", "refresh_ttl", "code_ttl", "client_ttl", "rate_limit_per_minute", "subscription_onhold_period"):
            if getattr(self, name) <= 0:
                raise ValueError(f"{name} must be a positive number of seconds")

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))


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

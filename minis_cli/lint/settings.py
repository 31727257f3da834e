"""Lint settings: the `"minis-py"` object in package.json, merged with the command line."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import ConfigError, UsageError
from ..project import Project
from ..records import record
from .rules import all_rules

SETTINGS_KEY = "minis-py"
KNOWN_SETTINGS = ("select", "ignore", "per-file-ignores", "webhook-url")  # webhook-url: for `dev` (see dev_webhook_url)
_SELECTOR = re.compile(r"MN\d{0,3}")


@record(frozen=True)
class LintSettings:
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()


def rule_selectors(values: Iterable[str], where: str, error: type[UsageError] | type[ConfigError] = UsageError) -> tuple[str, ...]:
    """Validate rule ids or prefixes (MN104, MN1, MN10); names (client-key-mismatch) map to their id."""
    rules = all_rules()
    by_name = {rule.name: rule.id for rule in rules}
    chosen = []
    for raw in values:
        for item in (part.strip() for part in raw.split(",")):
            if not item:
                continue
            upper = item.upper()
            if upper == "ALL":
                chosen.append("MN")
                continue
            if item in by_name:
                chosen.append(by_name[item])
                continue
            if _SELECTOR.fullmatch(upper) and any(rule.id.startswith(upper) for rule in rules):
                chosen.append(upper)
                continue
            import difflib  # only for the error's suggestion

            near = difflib.get_close_matches(item, [rule.id for rule in rules] + list(by_name), n=1)
            hint = f"Did you mean '{near[0]}'? " if near else ""
            raise error(f"unknown rule '{item}' in {where}", hint + "`minis-py rules` lists every rule id.")
    return tuple(chosen)


def load_settings(project: Project) -> LintSettings:
    """Settings from package.json; a malformed "minis-py" object is a configuration error (exit 2)."""
    file = project.package_json
    if file is None or file.document is None or not isinstance(file.document.value, dict):
        return LintSettings()
    doc = file.document
    raw = doc.get((SETTINGS_KEY,))
    if raw is None:
        return LintSettings()

    def where(*path: str | int) -> str:
        span = doc.value_span((SETTINGS_KEY, *path))
        at = f" (line {span.line}, column {span.column})" if span else ""
        return 'package.json "minis-py"' + "".join(f".{p}" for p in path) + at

    if not isinstance(raw, dict):
        raise ConfigError(f"{where()} must be an object", 'Write it as "minis-py": { "ignore": ["MN408"] }.')
    for key in raw:
        if key not in KNOWN_SETTINGS:
            import difflib

            near = difflib.get_close_matches(key, KNOWN_SETTINGS, n=1)
            raise ConfigError(
                f"unknown setting '{key}' in {where(key)}", f"Did you mean '{near[0]}'?" if near else f"Known settings: {', '.join(KNOWN_SETTINGS)}."
            )

    def id_list(key: str) -> tuple[str, ...] | None:
        if key not in raw:
            return None
        value = raw[key]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where(key)} must be a list of rule ids", f'Write it as "{key}": ["MN408"].')
        return rule_selectors(value, where(key), ConfigError)

    per_file: list[tuple[str, tuple[str, ...]]] = []
    if "per-file-ignores" in raw:
        mapping = raw["per-file-ignores"]
        if not isinstance(mapping, dict):
            raise ConfigError(
                f"{where('per-file-ignores')} must map glob patterns to rule ids", 'Write it as "per-file-ignores": { "legacy/*.js": ["MN401"] }.'
            )
        for pattern, ids in mapping.items():
            if not isinstance(ids, list) or not all(isinstance(v, str) for v in ids):
                raise ConfigError(f"{where('per-file-ignores', pattern)} must be a list of rule ids", f'Write it as "{pattern}": ["MN401"].')
            per_file.append(
                (pattern.lstrip("./") if pattern.startswith("./") else pattern, rule_selectors(ids, where("per-file-ignores", pattern), ConfigError))
            )
    return LintSettings(id_list("select"), id_list("ignore") or (), tuple(per_file))


def dev_webhook_url(project: Project, flag: str | None, dev_port: int, dev_host: str = "localhost") -> str | None:
    """Where `dev`'s mock sends webhooks: --webhook-url, else package.json "minis-py"."webhook-url" (a URL, or
    a path on the dev server such as the templates' "/api/webhooks/tiktok"), else nowhere (events wait)."""
    value = flag
    where = "--webhook-url"
    if value is None:
        file = project.package_json
        raw = (
            file.document.get((SETTINGS_KEY, "webhook-url"))
            if file is not None and file.document is not None and isinstance(file.document.value, dict)
            else None
        )
        if raw is None:
            return None
        if not isinstance(raw, str):
            raise ConfigError('package.json "minis-py"."webhook-url" must be a string', 'Write it as "webhook-url": "/api/webhooks/tiktok".')
        value, where = raw, 'package.json "minis-py"."webhook-url"'
    if value.startswith("/"):
        host = f"[{dev_host}]" if ":" in dev_host else dev_host
        return f"http://{host}:{dev_port}{value}"
    if not value.startswith(("http://", "https://")):
        raise (UsageError if flag is not None else ConfigError)(
            f"{where} must be an http(s) URL or a path starting with /, not '{value}'",
            "For example /api/webhooks/tiktok (on the dev server) or http://127.0.0.1:8787/webhooks.",
        )
    return value

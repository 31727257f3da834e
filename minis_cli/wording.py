"""Counted nouns in what minis-py prints: "1 error", "2 errors", "no fixes" (never "error(s)" or "1 warnings")."""

from __future__ import annotations

from collections.abc import Iterable

_IRREGULAR = {"fix": "fixes", "match": "matches", "entry": "entries", "this": "these", "is": "are", "was": "were", "has": "have"}


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, the word in its plural form unless the count is 1 (``many`` names an irregular one)."""
    return f"{count} {noun(count, word, many)}"


def noun(count: int, word: str, many: str | None = None) -> str:
    """``word`` as it goes with ``count``: singular for 1, else plural."""
    if count == 1:
        return word
    return many or _IRREGULAR.get(word) or word + "s"


def either(words: Iterable[str]) -> str:
    """A choice written out: "a", "a or b", "a, b or c"."""
    items = list(words)
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"

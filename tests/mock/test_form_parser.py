"""The OAuth endpoints' form parser (http.parse_form) answers exactly what urllib's parse_qsl does with the
settings it replaces, for any text, including the errors."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote_plus

from hypothesis import given, settings
from hypothesis import strategies as st

from minis_cli.mock.http import MAX_FIELDS, parse_form

PIECES = st.sampled_from(["a", "b", "=", "&", "+", "%", "%2", "%20", "%zz", "%C3%A9", "%FF", "é", " ", "client_key", "x" * 3])


def reference(text: str) -> list[tuple[str, str]] | str:
    try:
        return parse_qsl(text, keep_blank_values=True, errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError) as exc:
        return type(exc).__name__


def ours(text: str) -> list[tuple[str, str]] | str:
    try:
        return parse_form(text)
    except (UnicodeDecodeError, ValueError) as exc:
        return type(exc).__name__


@settings(max_examples=600, deadline=None)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_any_text_parses_as_parse_qsl_does(text: str) -> None:
    assert ours(text) == reference(text)


@given(st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=12), max_size=6))
def test_encoded_forms_round_trip(fields: dict[str, str]) -> None:
    text = "&".join(f"{quote_plus(k)}={quote_plus(v)}" for k, v in fields.items())
    assert dict(parse_form(text)) == fields


def test_the_field_limit_is_parse_qsl_s() -> None:
    assert ours("&".join(["a=1"] * MAX_FIELDS)) == reference("&".join(["a=1"] * MAX_FIELDS)) != "ValueError"
    assert ours("&".join(["a=1"] * (MAX_FIELDS + 1))) == "ValueError" == reference("&".join(["a=1"] * (MAX_FIELDS + 1)))

"""JSON loading with positions, and minis.config.json validation."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from minis_cli.config import JsonError, check_minis_config, parse_json, read_minis_config
from minis_cli.positions import Span


def test_parse_error_names_line_and_column() -> None:
    with pytest.raises(JsonError) as caught:
        parse_json('{\n  "a": 1,\n}\n')
    assert (caught.value.line, caught.value.column) == (3, 1)


def test_spans_of_keys_and_values_are_exact() -> None:
    doc = parse_json('{\n  "dev": { "port": 70000 },\n  "list": [1, "x"]\n}')
    assert doc.key_span(("dev", "port")) == Span(2, 12, 2, 18)
    assert doc.value_span(("dev", "port")) == Span(2, 20, 2, 25)
    assert doc.value_span(("list", 1)) == Span(3, 15, 3, 18)
    assert doc.value_span(("dev",)) == Span(2, 10, 2, 27)


def test_keys_with_escapes_and_non_ascii_are_located() -> None:
    doc = parse_json('{"é\\"x": {"k": "v"}}')
    assert doc.value_span(('é"x', "k")) == Span(1, 16, 1, 19)


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(JsonError):
        parse_json("[" * 100_000 + "]" * 100_000)


def test_bom_is_accepted() -> None:
    assert parse_json('\ufeff{"a": 1}').value == {"a": 1}


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(), lambda children: st.lists(children) | st.dictionaries(st.text(), children), max_leaves=20
    )
)
def test_every_value_of_valid_json_has_a_span(value: object) -> None:
    import json

    doc = parse_json(json.dumps(value, indent=1))
    assert doc.value == value
    assert doc.value_span(()) is not None


def test_old_spellings_are_read() -> None:
    doc = parse_json('{"build": {"output": "out"}, "navbar": {"lightModeBgColor": "#ffffff"}, "domain": {"allowList": ["https://a.example"]}}')
    config = read_minis_config(doc)
    assert config.output_dir == "out"
    assert config.trusted_domains == ("https://a.example",)
    assert check_minis_config(doc) == []


def test_port_may_be_a_numeric_string() -> None:
    assert read_minis_config(parse_json('{"dev": {"port": "8080"}}')).dev_port == 8080
    assert check_minis_config(parse_json('{"dev": {"port": "8080"}}')) == []


@pytest.mark.parametrize(
    ("config", "fragment"),
    [
        ('{"dev": {"port": 0}}', "dev.port"),
        ('{"dev": {"port": true}}', "dev.port"),
        ('{"navbar": {"style": "fancy"}}', "navbar.style"),
        ('{"navbar": {"bgColorDark": "#fff"}}', "#rrggbb"),
        ('{"domain": {"trustedDomains": ["http://a.example"]}}', "not https"),
        ('{"domain": {"trustedDomains": ["https://a.example/api"]}}', "path"),
        ('{"domain": {"trustedDomains": ["https://*.example"]}}', "wildcard"),
        ('{"domain": {"trustedDomains": ' + str([f"https://a{i}.example" for i in range(21)]).replace("'", '"') + "}}", "at most 20"),
        ('{"clientKey": 42}', "clientKey"),
        ('{"build": {"outputDir": "../dist"}}', "inside the project"),
        ('{"dev": 3000}', "must be an object"),
        ("[]", "JSON object"),
    ],
)
def test_invalid_values_are_problems(config: str, fragment: str) -> None:
    problems = [p for p in check_minis_config(parse_json(config)) if not p.unknown]
    assert any(fragment in p.message for p in problems), problems


def test_unknown_keys_suggest_the_nearest_known_key() -> None:
    problems = check_minis_config(parse_json('{"dev": {"prot": 3000}, "navbr": {}}'))
    hints = {p.message: p.hint for p in problems if p.unknown}
    assert hints["unknown key 'dev.prot'"] == "Did you mean 'dev.port'?"
    assert hints["unknown key 'navbr'"] == "Did you mean 'navbar'?"

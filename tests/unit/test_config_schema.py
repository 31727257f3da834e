"""The shipped JSON Schema of minis.config.json agrees with minis-py's own reading of the file."""

from __future__ import annotations

import json

import jsonschema
import pytest

from minis_cli.config import check_minis_config, config_schema_text, parse_json
from minis_cli.lint.rules import all_rules, example_files

SCHEMA = json.loads(config_schema_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def _parses(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False  # MN002's example of invalid JSON
    return True


CONFIGS = sorted(
    {
        content
        for rule in all_rules()
        for example in (rule.bad, rule.good)
        for name, content in example_files(example).items()
        if name == "minis.config.json" and isinstance(content, str) and _parses(content)
    }
)


@pytest.mark.parametrize("text", CONFIGS)
def test_schema_and_mn005_mn009_agree_on_every_documented_config(text: str) -> None:
    doc = parse_json(text)
    problems = [p for p in check_minis_config(doc) if not p.unknown]
    secret = any(key in doc.value for key in ("clientSecret", "client_secret")) if isinstance(doc.value, dict) else False
    assert VALIDATOR.is_valid(doc.value) == (not problems and not secret), text


@pytest.mark.parametrize(
    "config",
    [
        '{"dev": {"port": "8080"}}',
        '{"dev": {"port": 3000.0}}',
        '{"domain": {"allowList": ["https://a.example"]}}',
        '{"navbar": {"lightModeBgColor": "#ffffff"}}',
        '{"future": {"key": 1}}',
    ],
)
def test_valid_configs_pass(config: str) -> None:
    assert VALIDATOR.is_valid(json.loads(config))
    assert not [p for p in check_minis_config(parse_json(config)) if not p.unknown]


@pytest.mark.parametrize(
    "config",
    [
        '{"dev": {"port": 0}}',
        '{"dev": {"port": "70000"}}',
        '{"navbar": {"style": "fancy"}}',
        '{"navbar": {"bgColorDark": "#fff"}}',
        '{"domain": {"trustedDomains": ["http://a.example"]}}',
        '{"domain": {"trustedDomains": ["https://a.example/api"]}}',
        '{"build": {"outputDir": "../x"}}',
    ],
)
def test_invalid_configs_fail_like_mn005(config: str) -> None:
    assert not VALIDATOR.is_valid(json.loads(config))
    assert [p for p in check_minis_config(parse_json(config)) if not p.unknown]


def test_minis_py_schema_prints_it(cli) -> None:
    run = cli("schema")
    assert run.exit_code == 0 and json.loads(run.stdout)["title"] == "minis.config.json"


def test_the_generated_config_is_valid(cli, tmp_path) -> None:
    assert cli("init", "x", "--client-key", "awschema0001").exit_code == 0
    assert VALIDATOR.is_valid(json.loads((tmp_path / "x" / "minis.config.json").read_text()))


# --- MN005 validates with this very schema (minis_cli.schemacheck), checked against jsonschema ----------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from minis_cli.config import config_validator  # noqa: E402
from minis_cli.schemacheck import Validator  # noqa: E402

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 70000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.sampled_from([3000.0, 8080.0, 0.0, 70000.0, 1.5]),
    st.sampled_from(
        [
            "",
            " ",
            "3000",
            " 8080 ",
            "65536",
            "0",
            "dist",
            "../dist",
            "/abs",
            "a/../b",
            "a\\..\\b",
            "index.html",
            "#ffffff",
            "#FFF",
            "#12345g",
            "default",
            "custom",
            "fancy",
            "https://a.example",
            "https://a.example/",
            "https://a.example:8443",
            "https://*.example",
            "http://a.example",
            "https://a.example/api",
            "localhost",
            "awexample123",
            "ftp://x",
        ]
    ),
)
_VALUES = st.recursive(
    _SCALARS, lambda inner: st.lists(inner, max_size=22) | st.dictionaries(st.sampled_from(["a", "port", "style"]), inner, max_size=3), max_leaves=25
)
_ORIGIN_LISTS = st.lists(
    st.sampled_from(["https://a.example", "https://b.example:8443", "https://*.example", "http://a.example", "https://a.example/x"]), max_size=24
)
_SECTIONS = {
    "dev": ["port", "host", "extra"],
    "build": ["outputDir", "output", "htmlEntry"],
    "navbar": ["style", "bgColorLight", "bgColorDark", "lightModeBgColor", "darkModeBgColor"],
    "domain": ["trustedDomains", "allowList"],
}


@st.composite
def configs(draw):
    config = {}
    for key in draw(st.lists(st.sampled_from([*_SECTIONS, "clientKey", "client_secret", "future"]), unique=True, max_size=6)):
        if key in _SECTIONS and draw(st.booleans()):
            children = draw(st.lists(st.sampled_from(_SECTIONS[key]), unique=True, max_size=3))
            config[key] = {child: draw(_ORIGIN_LISTS if child in ("trustedDomains", "allowList") and draw(st.booleans()) else _VALUES) for child in children}
        else:
            config[key] = draw(_VALUES)
    return config if draw(st.integers(0, 20)) else draw(_VALUES)


@settings(max_examples=600, deadline=None)
@given(configs())
def test_the_validator_agrees_with_jsonschema(value) -> None:
    ours = config_validator()
    assert ours.is_valid(value) == VALIDATOR.is_valid(value), value
    assert (ours.errors(value) == []) == VALIDATOR.is_valid(value), value


def test_every_keyword_of_the_schema_is_implemented_and_others_are_refused() -> None:
    Validator(SCHEMA)  # raises on a keyword it does not implement
    with pytest.raises(ValueError, match="additionalProperties"):
        Validator({"type": "object", "additionalProperties": False})


def test_mn005_says_what_the_schema_says() -> None:
    problems = check_minis_config(parse_json('{"dev": {"port": 70000}, "domain": {"trustedDomains": ["https://*.a.example"]}}'))
    assert [(p.path, p.message, p.hint) for p in problems] == [
        (("dev", "port"), "'dev.port' must be a port number from 1 to 65535 (found 70000)", 'Use a number such as "port": 3000.'),
        (
            ("domain", "trustedDomains", 0),
            "'domain.trustedDomains[0]' has a wildcard (found \"https://*.a.example\")",
            "List each origin in full; TikTok does not accept wildcards.",
        ),
    ]
    node = SCHEMA["properties"]["dev"]["properties"]["port"]
    assert node["errorMessage"] in problems[0].message and node["x-hint"] == problems[0].hint

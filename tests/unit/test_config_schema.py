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


CONFIGS = sorted({
    content for rule in all_rules() for example in (rule.bad, rule.good)
    for name, content in example_files(example).items() if name == "minis.config.json" and isinstance(content, str) and _parses(content)
})


@pytest.mark.parametrize("text", CONFIGS)
def test_schema_and_mn005_mn009_agree_on_every_documented_config(text: str) -> None:
    doc = parse_json(text)
    problems = [p for p in check_minis_config(doc) if not p.unknown]
    secret = any(key in doc.value for key in ("clientSecret", "client_secret")) if isinstance(doc.value, dict) else False
    assert VALIDATOR.is_valid(doc.value) == (not problems and not secret), text


@pytest.mark.parametrize(
    "config",
    ['{"dev": {"port": "8080"}}', '{"domain": {"allowList": ["https://a.example"]}}', '{"navbar": {"lightModeBgColor": "#ffffff"}}', '{"future": {"key": 1}}'],
)
def test_valid_configs_pass(config: str) -> None:
    assert VALIDATOR.is_valid(json.loads(config))


@pytest.mark.parametrize(
    "config",
    ['{"dev": {"port": 0}}', '{"dev": {"port": "70000"}}', '{"navbar": {"style": "fancy"}}', '{"navbar": {"bgColorDark": "#fff"}}',
     '{"domain": {"trustedDomains": ["http://a.example"]}}', '{"domain": {"trustedDomains": ["https://a.example/api"]}}', '{"build": {"outputDir": "../x"}}'],
)
def test_invalid_configs_fail_like_mn005(config: str) -> None:
    assert not VALIDATOR.is_valid(json.loads(config))
    assert [p for p in check_minis_config(parse_json(config)) if not p.unknown]


def test_minis_py_schema_prints_it(cli) -> None:  # noqa: ANN001
    run = cli("schema")
    assert run.exit_code == 0 and json.loads(run.stdout)["title"] == "minis.config.json"


def test_the_generated_config_is_valid(cli, tmp_path) -> None:  # noqa: ANN001
    assert cli("init", "x", "--client-key", "awschema0001").exit_code == 0
    assert VALIDATOR.is_valid(json.loads((tmp_path / "x" / "minis.config.json").read_text()))

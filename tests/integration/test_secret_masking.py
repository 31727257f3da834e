"""Issue 10: no output of minis-py prints a client secret it knows of — not in a message, an excerpt, a
SARIF snippet, junit text, the build report or the dev pre-flight — for any finding on the secret's line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from minis_cli.lint.formats import FORMATS

ENV_SECRET = "envSecretValue7Qx2"  # the backend's TIKTOK_CLIENT_SECRET, from the environment
DOTENV_SECRET = "dotenvSecret9Kp4w"  # the same, from the project's .env
LITERAL_SECRET = "sk_live_8f2d9c41a7"  # a literal given to client_secret in front-end code
SECRETS = (ENV_SECRET, DOTENV_SECRET, LITERAL_SECRET)

# Every secret shares its line with other findings (eval, a string timer), so their excerpts show it too.
APP_JS = (
    f"eval(name); const backend = '{ENV_SECRET}'; setTimeout('tick()', 1);\n"
    f"const config = {{ client_secret: '{LITERAL_SECRET}' }}; eval(config);\n"
    f"window.s = \"{DOTENV_SECRET}\"; new Function('x');\n"
)


@pytest.fixture
def leaky(make_project) -> Path:
    root = make_project({"src/app.js": APP_JS, ".env": f"TIKTOK_CLIENT_SECRET={DOTENV_SECRET}\n"})
    html = (root / "index.html").read_text()
    (root / "index.html").write_text(html.replace("</body>", '<script type="module" src="/src/app.js"></script>\n</body>'))
    return root


def assert_masked(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret} printed:\n{text}"


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("ignore", [None, "MN301"])
def test_no_format_prints_a_secret(cli, leaky: Path, fmt: str, ignore: str | None) -> None:
    args = ["lint", str(leaky), "--output-format", fmt, "--no-cache"] + (["--ignore", ignore] if ignore else [])
    run = cli(*args, environ={"TIKTOK_CLIENT_SECRET": ENV_SECRET})
    assert run.exit_code == 1
    assert "MN401" in run.stdout  # the findings on the secrets' lines are reported
    if ignore is None:
        assert run.stdout.count("MN301") >= 3
    assert_masked(run.stdout + run.stderr)


def test_the_full_frame_keeps_its_caret_under_the_span(cli, leaky: Path) -> None:
    out = cli("lint", str(leaky), "--output-format", "full", "--select", "MN401", environ={"TIKTOK_CLIENT_SECRET": ENV_SECRET}).stdout
    masked = "*" * len(ENV_SECRET)
    assert f"eval(name); const backend = '{masked}'; setTimeout('tick()', 1);" in out
    assert f"client_secret: '{'*' * len(LITERAL_SECRET)}'" in out
    assert "^^^^" in out


def test_sarif_snippets_are_masked_and_present(cli, leaky: Path) -> None:
    log = json.loads(cli("lint", str(leaky), "--output-format", "sarif", environ={"TIKTOK_CLIENT_SECRET": ENV_SECRET}).stdout)
    snippets = [r["locations"][0]["physicalLocation"]["region"].get("snippet", {}).get("text") for r in log["runs"][0]["results"]]
    assert "eval(name)" in snippets
    assert "*" * len(ENV_SECRET) in snippets  # MN301's own region, masked


def test_build_and_dev_output_mask_secrets(leaky: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "TIKTOK_CLIENT_SECRET": ENV_SECRET}
    dev = subprocess.run([sys.executable, "-m", "minis_cli", "dev", "--no-mock"], cwd=leaky, capture_output=True, text=True, timeout=60, env=env)
    assert dev.returncode == 1 and "MN401" in dev.stderr
    assert_masked(dev.stdout + dev.stderr)
    (leaky / "minis.config.json").write_text(json.dumps({**json.loads((leaky / "minis.config.json").read_text()), "build": {"outputDir": "dist"}}))
    (leaky / "dist" / "src").mkdir(parents=True)
    (leaky / "dist" / "index.html").write_text((leaky / "index.html").read_text())
    (leaky / "dist" / "src" / "app.js").write_text(APP_JS)
    for fmt in ("full", "concise", "github"):
        build = subprocess.run(
            [sys.executable, "-m", "minis_cli", "build", "--output-format", fmt], cwd=leaky, capture_output=True, text=True, timeout=60, env=env
        )
        assert build.returncode == 1 and "MN301" in build.stdout + build.stderr
        assert_masked(build.stdout + build.stderr)

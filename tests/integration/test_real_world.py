"""Issue 11: small projects of our own, one per layout real Minis use (never copies of real projects), each
with the exact findings it must get (expected.json), the dev start on those with only warnings, and
`init --existing` on each: no new errors, idempotent, refusals write nothing."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "real_world"
NAMES = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())
SETUP_RULES = {"MN001", "MN003", "MN004", "MN008", "MN101", "MN102"}  # what adopting a project sets up
MINIS_PY = [sys.executable, "-m", "minis_cli"]


def copy(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    (target / "expected.json").unlink()
    # one time for every file, as a fresh checkout roughly gives them (what was written first is no evidence here:
    # dev compares a build's time with its sources', and ranks builds of one platform by time)
    moment = 1_790_000_000
    for path in target.rglob("*"):
        os.utime(path, (moment, moment), follow_symlinks=False)
    return target


def expected(name: str) -> dict:
    return json.loads((FIXTURES / name / "expected.json").read_text())


def findings(cli, root: Path, target: str = ".") -> list[str]:
    run = cli("lint", target, "--no-cache", "--output-format", "concise", "--exit-zero", cwd=root)
    assert run.exit_code == 0, run.stderr
    # the findings (the [*] fixable marks and the "N fixable" line are --fix's, checked in test_fix.py)
    return [line.replace(" [*] ", " ", 1) for line in run.stdout.splitlines() if line and " fixable with --fix" not in line]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".minis" not in p.parts}


def test_every_layout_has_a_fixture() -> None:
    assert len(NAMES) >= 10
    for layout in (
        "vite-react-tsx",
        "vue-sfc",
        "next-export",
        "monorepo",
        "html-game-legacy",
        "native-game-wechat",
        "plugin-injected-sdk",
        "public-output-dir",
        "aliased-init",
        "dev-clientkey-only",
    ):
        assert layout in NAMES


@pytest.mark.parametrize("name", NAMES)
def test_lint_reports_exactly_the_expected_findings(cli, tmp_path, name: str) -> None:
    root = copy(name, tmp_path)
    want = expected(name)
    assert findings(cli, root, want["lint"]) == want["findings"]


DEV_NAMES = [name for name in NAMES if "dev" in expected(name)]


@pytest.mark.parametrize("name", DEV_NAMES)
def test_dev_decides_as_expected(tmp_path, name: str) -> None:
    """`minis-py dev`'s start/refuse decision (the pre-flight and the refusals made before anything starts, in process:
    no mock, no script, no port): "start", or "refuse: <the reason's text>", which says why with its fix."""
    from minis_cli.dev.session import DevOptions, dev_decision
    from minis_cli.project import Project, tiktok_root

    root = copy(name, tmp_path)
    want = expected(name)["dev"]
    folder, _ = tiktok_root((root / expected(name)["lint"]).resolve())  # the folder `minis-py dev` uses, as the CLI resolves it
    decision = dev_decision(Project(folder, environ={}), DevOptions(watch=False))
    if want == "start":
        assert decision.starts, decision.why
    else:
        assert not decision.starts and want.removeprefix("refuse: ") in decision.why, decision.why
        assert any(mark in decision.why for mark in ("hint:", "try:", "(fix: ")), decision.why  # the fix, with the reason


@pytest.mark.parametrize("name", NAMES)
def test_init_existing_adds_no_error_is_idempotent_and_touches_only_its_files(cli, tmp_path, name: str) -> None:
    root = copy(name, tmp_path)
    target = root / expected(name)["lint"]
    before_errors = {line.split(" ")[1] for line in findings(cli, target) if _is_error(line)}
    before = snapshot(target)
    key = [] if _has_key(cli, target) else ["--client-key", "awadopted0001"]
    dry = cli("init", "--existing", *key, "--dry-run", cwd=target)
    assert snapshot(target) == before, "--dry-run wrote something"
    run = cli("init", "--existing", *key, cwd=target)
    if run.exit_code != 0:  # a refusal: says why, writes nothing
        assert run.exit_code == 1 and "nothing was written" in run.stderr, run.stderr
        assert snapshot(target) == before
        return
    assert dry.exit_code == 0
    changed = {path for path, data in snapshot(target).items() if before.get(path) != data}
    allowed = {"index.html", "public/index.html", "package.json", "minis.config.json", "project.config.json", *expected(name).get("init_writes", ())}
    assert changed <= allowed, changed
    replaced = expected(name).get("init_replaces", {})  # a placeholder key the project holds, replaced by the key given
    for path in changed & set(before):  # an edit only inserts: every character of the file is still there, in order
        old = before[path].decode()
        if path in replaced:
            old = old.replace(replaced[path], "awadopted0001", 1)
            assert (target / path).read_text() == old, path
        assert _only_inserts(old, (target / path).read_text()), path
    after_errors = {line.split(" ")[1] for line in findings(cli, target) if _is_error(line)}
    assert after_errors <= before_errors - SETUP_RULES, (before_errors, after_errors)
    again = cli("init", "--existing", *key, cwd=target)
    assert again.exit_code == 0 and "Nothing to change" in again.stdout, again.stdout
    assert snapshot(target) == snapshot(target) and {p for p, d in snapshot(target).items() if before.get(p) != d} == changed


@pytest.mark.parametrize("name", ["plain-site-unadopted", "vite-app-unadopted"])
def test_adopting_an_unadopted_project_leaves_no_error(cli, tmp_path, name: str) -> None:
    root = copy(name, tmp_path)
    assert cli("init", "--existing", "--client-key", "awadopted0001", cwd=root).exit_code == 0
    assert [line for line in findings(cli, root) if _is_error(line)] == []
    config = json.loads((root / "minis.config.json").read_text())
    assert config["dev"]["clientKey"] == "awadopted0001"
    assert 'TTMinis.init({ clientKey: "awadopted0001" });' in (root / "index.html").read_text()


def test_a_key_that_contradicts_the_page_is_refused_with_nothing_written(cli, tmp_path) -> None:
    root = copy("vite-react-tsx", tmp_path)
    before = snapshot(root)
    run = cli("init", "--existing", "--client-key", "awsomeoneelse", cwd=root)
    assert run.exit_code == 1 and "already initialises the SDK with 'awdramareader1'" in run.stderr
    assert snapshot(root) == before


def _only_inserts(old: str, new: str) -> bool:
    position = 0
    for character in old:
        position = new.find(character, position)
        if position == -1:
            return False
        position += 1
    return True


def _is_error(line: str) -> bool:
    from minis_cli.lint.rules import get_rule

    rule = get_rule(line.split(" ")[1])
    return (rule is not None and rule.severity.value == "error" and line.split(" ")[1] not in ("MN101", "MN102", "MN007")) or (
        line.split(" ")[1] in ("MN101", "MN102", "MN007") and "build time" not in line and "static export" not in line and "generate" not in line
    )


def _has_key(cli, root: Path) -> bool:
    from minis_cli.project import Project
    from minis_cli.source.page import build_page
    from minis_cli.source.sdk import literal_init_key

    project = Project(root, environ={})
    page = build_page(project)
    return project.expected_client_key() is not None or (page is not None and literal_init_key(page) is not None)


# --- dev on real layouts ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _dev_until_preview(root: Path, *args: str) -> tuple[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIKTOK_", "MINIS_"))}
    process = subprocess.Popen(
        [*MINIS_PY, "dev", "--no-watch", *args], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    preview = ""
    try:
        deadline = time.monotonic() + 60
        for line in process.stdout:
            if line.startswith("Preview: "):
                preview = line.split()[1]
                break
            if time.monotonic() > deadline:
                break
        if preview:
            import httpx

            page = httpx.get(preview, timeout=10)
            assert page.status_code == 200, page.text[:300]
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=20)
    assert preview, err
    return preview, err


def _with_port(root: Path, config: str) -> int:
    port = _free_port()
    path = root / config
    data = json.loads(path.read_text())
    data.setdefault("dev", {})["port"] = port
    path.write_text(json.dumps(data))
    package = json.loads((root / "package.json").read_text())
    for name, command in package["scripts"].items():
        package["scripts"][name] = command.replace("3000", str(port))
    (root / "package.json").write_text(json.dumps(package))
    return port


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_dev_starts_on_a_clean_project_keyed_in_dev_client_key(tmp_path) -> None:
    root = copy("dev-clientkey-only", tmp_path)
    _with_port(root, "minis.config.json")
    _preview, err = _dev_until_preview(root)
    assert "error" not in err.lower()


def test_dev_starts_on_a_legacy_html_game_with_only_warnings(tmp_path) -> None:
    root = copy("html-game-legacy", tmp_path)
    _with_port(root, "minigame.config.json")
    _, err = _dev_until_preview(root)
    assert "MN016" in err and "block the start" not in err


def test_dev_runs_the_script_named_and_previews_the_sub_path(tmp_path) -> None:
    root = copy("dev-clientkey-only", tmp_path)
    port = _with_port(root, "minis.config.json")
    package = json.loads((root / "package.json").read_text())
    package["scripts"] = {"dev:tiktok": f"python3 -m http.server {port} --bind 127.0.0.1"}
    (root / "package.json").write_text(json.dumps(package))
    (root / "tiktok").mkdir()
    (root / "tiktok" / "index.html").write_text("<!doctype html><title>sub</title>")
    preview, err = _dev_until_preview(root, "--script", "dev:tiktok", "--path", "/tiktok/")
    assert preview.endswith("/tiktok/") and "MN003" not in err


def test_build_of_a_source_folder_warns_that_it_zips_sources(cli, tmp_path) -> None:
    root = copy("public-output-dir", tmp_path)
    (root / "public" / "index.html").write_text(
        (root / "public" / "index.html").read_text().replace('  <script src="https://www.googletagmanager.com/gtag/js?id=G-TEST"></script>\n', "")
    )
    run = cli("build", cwd=root)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "holds the project's sources" in run.stderr and "MN013" in run.stderr


def test_adopting_a_project_in_a_subfolder_shows_paths_from_where_it_ran(cli, tmp_path) -> None:
    # the project is client/, its build is beside it in build/: the paths are the user's (from the folder init ran
    # in), never the project's `../build/...`, and a diff header never holds `a/../`
    root = copy("multi-target-engine-exports", tmp_path)
    (root / "build" / "bytedance" / "project.config.json").write_text('{"projectname": "StarHop"}')
    run = cli("init", "--existing", "--dry-run", "--client-key", "awtest00000001", cwd=root)
    assert run.exit_code == 0, run.stdout + run.stderr
    assert "would change build/bytedance/project.config.json:" in run.stdout
    assert "--- a/build/bytedance/project.config.json\n+++ b/build/bytedance/project.config.json\n" in run.stdout
    assert '+{"appid": "awtest00000001", "projectname": "StarHop"}' in run.stdout  # the one-line object's own spacing
    assert "would create client/build-templates/bytedance/project.config.json:" in run.stdout
    assert "../" not in run.stdout
    inside = cli("init", "--existing", "--dry-run", "--client-key", "awtest00000001", cwd=root / "client")
    outside = str(root / "build" / "bytedance" / "project.config.json")
    assert f"would change {outside}:" in inside.stdout and f"--- {outside}\n+++ {outside}\n" in inside.stdout
    assert "a/.." not in inside.stdout and "build-templates/bytedance/project.config.json" in inside.stdout
    (tmp_path / "elsewhere").mkdir()  # the project outside the user's folder: every path whole, none relative to the project
    away = cli("init", "--existing", "--dry-run", "--client-key", "awtest00000001", "../multi-target-engine-exports/client", cwd=tmp_path / "elsewhere")
    template = str(root / "client" / "build-templates" / "bytedance" / "project.config.json")
    assert f"would change {outside}:" in away.stdout and f"would create {template}:" in away.stdout and "+++ b/" not in away.stdout

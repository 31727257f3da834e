"""`minis-py init`: the generated projects pass their checks, their own tests and a real login; init is atomic."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from minis_cli import scaffold
from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

MINIS_PY = str(Path(sys.executable).with_name("minis-py"))
TEMPLATES = ("drama", "game")
needs_node = pytest.mark.skipif(shutil.which("npm") is None, reason="Node.js and npm are not installed")


def node_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIKTOK_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env["MINIS_PY"] = MINIS_PY if Path(MINIS_PY).exists() else "minis-py"
    env.update(extra)
    return env


@pytest.fixture(params=TEMPLATES)
def project(request, cli, tmp_path) -> Path:
    result = cli("init", "my-mini", "--template", request.param, "--client-key", "awinittest01")
    assert result.exit_code == 0, result.stderr
    assert "Next steps:" in result.stdout and "cd my-mini" in result.stdout and "warning" not in result.stdout
    return tmp_path / "my-mini"


def is_game(project: Path) -> bool:
    """The game template is a native-runtime game (game.js + game.json; TikTok retired HTML games)."""
    return (project / "game.json").is_file()


def test_the_generated_project_passes_every_check(project: Path) -> None:
    found = [d.rule_id for d in run(Project(project, environ={}), LintOptions(use_cache=False)).diagnostics]
    assert found == []
    config = json.loads((project / "minis.config.json").read_text())
    package = json.loads((project / "package.json").read_text())
    assert config["dev"]["clientKey"] == "awinittest01" and "clientKey" not in config and package["name"] == "my-mini"
    assert {"dev", "start", "test", "build"} <= set(package["scripts"])
    assert package["scripts"]["build"].endswith("node scripts/minis-py.js build")
    assert (project / ".gitignore").read_text().startswith("node_modules/")
    if is_game(project):
        assert Project(project, environ={}).kind == "native-game"
        assert json.loads((project / "project.config.json").read_text())["appid"] == "awinittest01"
        assert not (project / "index.html").exists() and not (project / "src" / "session.js").exists()


@needs_node
def test_every_generated_script_parses_under_node(project: Path) -> None:
    for script in sorted(
        [*project.glob("*.js"), *project.glob("src/*.js"), *project.glob("server/*.js"), *project.glob("test/*.js"), *project.glob("scripts/*.js")]
    ):
        done = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True)
        assert done.returncode == 0, f"{script.relative_to(project)}: {done.stderr}"


@needs_node
def test_its_own_npm_test_passes_against_the_mock(project: Path) -> None:
    done = subprocess.run(["npm", "test"], cwd=project, env=node_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    # the drama: the backend, the store, the static server and the shop; the game: the same but the static server, and game.js headless.
    # The counts are the docs' (issue 28: the README said 46 when there were 52), so the docs cannot drift from the templates.
    drama, game = documented_template_test_counts()
    assert "# fail 0" in done.stdout and f"# pass {game if is_game(project) else drama}" in done.stdout, done.stdout[-2000:]


def documented_template_test_counts() -> tuple[int, int]:
    page = (Path(__file__).resolve().parents[2] / "docs" / "commands" / "init.md").read_text(encoding="utf-8")
    both = re.search(r"`node:test`: (\d+) tests for the drama, (\d+) for the game", page)
    game = re.search(r"^`npm test` runs (\d+) tests; `minis-py lint` finds nothing", page, re.M)
    assert both and game, "docs/commands/init.md's template test counts are missing"
    assert both.group(2) == game.group(1), "docs/commands/init.md states two different counts for the game's npm test"
    return int(both.group(1)), int(both.group(2))


def bare_env() -> dict[str, str]:
    """A new user's shell after `make demo`: minis-py only in the venv, not on PATH, no MINIS_PY."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TIKTOK_", "MINIS_"))}
    venv_bin = str(Path(sys.executable).parent)
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if p and not (Path(p) / "minis-py").exists() and p != venv_bin)
    return env


@needs_node
def test_scripts_find_the_minis_py_that_created_the_project_when_none_is_on_path(project: Path) -> None:
    record = json.loads((project / ".minis" / "minis-py.json").read_text())
    assert record["command"] == [sys.executable, "-m", "minis_cli"]
    assert (project / ".minis" / ".gitignore").read_text().endswith("*\n")
    done = subprocess.run(["npm", "test"], cwd=project, env=bare_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and "# fail 0" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]
    built = subprocess.run(["npm", "run", "build"], cwd=project, env=bare_env(), capture_output=True, text=True, timeout=300)
    assert built.returncode == 0 and "minis.zip" in built.stdout, built.stdout[-3000:] + built.stderr[-2000:]
    if not is_game(project):  # the docs' sample is this build's output, sizes aside
        page = (Path(__file__).resolve().parents[2] / "docs" / "commands" / "build.md").read_text(encoding="utf-8")
        sample = page.split("```\n$ npm run build\n", 1)[1].split("```", 1)[0]
        shape = lambda text: [
            re.sub(r"\d+(\.\d+)?", "N", line.split("  ")[0] if line.startswith(("src/", "index", "minis.")) else line) for line in text.splitlines()
        ]
        printed = [line for line in built.stdout.splitlines() if line and not line.startswith(">")]
        assert shape(sample) == shape("\n".join(printed)), "docs/commands/build.md's `npm run build` sample is stale:\n" + "\n".join(printed)
    lint = subprocess.run(["npm", "run", "minis", "--", "lint"], cwd=project, env=bare_env(), capture_output=True, text=True, timeout=120)
    assert lint.returncode == 0, lint.stdout + lint.stderr


@needs_node
def test_no_minis_py_anywhere_is_one_clear_message(project: Path) -> None:
    (project / ".minis" / "minis-py.json").unlink()
    done = subprocess.run(["npm", "test"], cwd=project, env=bare_env(), capture_output=True, text=True, timeout=300)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    assert output.count("minis-py was not found") == 1 and "MINIS_PY" in output, output[-3000:]
    assert "TypeError" not in output and "ENOENT" not in output
    assert "# fail 1" in done.stdout  # only the file that needs the mock; the static tests still ran
    built = subprocess.run(["npm", "run", "build"], cwd=project, env=bare_env(), capture_output=True, text=True, timeout=300)
    assert built.returncode != 0 and (built.stdout + built.stderr).count("minis-py was not found") == 1
    assert "not found" not in (built.stdout + built.stderr).replace("minis-py was not found", "")


def test_next_steps_name_a_command_that_works_without_minis_py_on_path(cli, tmp_path) -> None:
    run = cli("init", "site", "--client-key", "awinittest01", environ={"PATH": "/nonexistent"})
    assert "npm run minis -- dev" in run.stdout and "minis-py dev" not in run.stdout
    shown = cli("init", "site2", "--client-key", "awinittest01", environ={"PATH": str(Path(sys.executable).parent)})
    if (Path(sys.executable).parent / "minis-py").exists():
        assert "  minis-py dev" in shown.stdout


def test_next_steps_fit_the_template_and_quote_the_folder(cli, tmp_path) -> None:
    """Issue 28: the game's steps describe a game (no page, no dist/); a folder name the shell would split or
    expand is quoted, so the printed `cd` works when pasted."""
    game = cli("init", "Bad Name!", "--template", "game", "--client-key", "awinittest01", "--name", "bad-name", environ={"PATH": "/nonexistent"})
    assert game.exit_code == 0, game.stderr
    steps = game.stdout.split("Next steps:\n", 1)[1].splitlines()
    assert steps[0] == "  cd 'Bad Name!'"
    assert not any("page" in line or "dist/" in line for line in steps), steps
    assert any(line.startswith("  npm run minis -- dev ") and "game" in line for line in steps), steps
    assert any("npm run build" in line and "game's package" in line for line in steps), steps
    assert any("BACKEND in src/config.js" in line for line in steps), steps
    drama = cli("init", "two words", "--client-key", "awinittest01", "--name", "two-words", environ={"PATH": "/nonexistent"})
    steps = drama.stdout.split("Next steps:\n", 1)[1].splitlines()
    assert steps[0] == "  cd 'two words'" and any("dist/" in line for line in steps) and any("the page" in line for line in steps)
    plain = cli("init", "plain", "--client-key", "awinittest01", environ={"PATH": "/nonexistent"})
    assert "\n  cd plain\n" in plain.stdout


def test_the_game_build_warns_while_the_package_points_at_this_computer(cli, tmp_path) -> None:
    """Issue 28: the game's BACKEND is loopback until the developer sets their https origin; `build` says so (a
    warning: the package is still written), naming the file and line, and stops once it is set."""
    assert cli("init", "game", "--template", "game", "--client-key", "awinittest01").exit_code == 0
    project = tmp_path / "game"
    built = cli("build", cwd=project)
    assert built.exit_code == 0, built.stderr
    [warning] = [line for line in built.stderr.splitlines() if "points at this computer" in line]
    config = (project / "src" / "config.js").read_text()
    line = config[: config.index("http://127.0.0.1:3000")].count("\n") + 1
    assert warning.startswith("warning: the package still points at this computer: ") and f"src/config.js:{line} (http://127.0.0.1:3000)" in warning
    assert (project / "minis.zip").is_file()
    (project / "src" / "config.js").write_text(config.replace("http://127.0.0.1:3000", "https://api.example.com"))
    again = cli("build", cwd=project)
    assert again.exit_code == 0 and "points at this computer" not in again.stderr, again.stderr


@needs_node
@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ("", "1:1", "Unexpected end of JSON input"),
        ('{\n  "dev": { "port": 3000, }\n}\n', "2:26", "property name"),
        ('{\n  "build": { "outputDir" "dist" }\n}\n', "2:26", "':'"),
        ("[1]", "1:1", "must hold a JSON object"),
    ],
)
def test_npm_run_build_says_where_minis_config_json_is_broken(cli, tmp_path, text: str, where: str, what: str) -> None:
    """Issue 28: one line naming the file, line and column (as `minis-py build` does), never a Node stack."""
    assert cli("init", "site", "--client-key", "awinittest01").exit_code == 0
    project = tmp_path / "site"
    (project / "minis.config.json").write_text(text)
    done = subprocess.run(["npm", "run", "build"], cwd=project, env=node_env(), capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    errors = [line for line in done.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith(f"error: minis.config.json:{where}: ") and what in errors[0], done.stderr
    assert "    at " not in done.stderr and "SyntaxError" not in done.stderr, done.stderr
    assert not (project / "dist").exists()


@needs_node
def test_npm_run_build_packages_the_front_end_and_nothing_else(project: Path) -> None:
    import zipfile

    if is_game(project):  # the package is the game's own files: exactly those, and nothing of the backend
        done = subprocess.run(["npm", "run", "build"], cwd=project, env=node_env(), capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        with zipfile.ZipFile(project / "minis.zip") as archive:
            names = sorted(archive.namelist())
            stamps = {info.date_time for info in archive.infolist()}
        assert names == ["game.js", "game.json", "project.config.json", "src/catch.js", "src/config.js", "src/platform.js"]
        assert stamps == {(1980, 1, 1, 0, 0, 0)}
        first = (project / "minis.zip").read_bytes()
        again = subprocess.run(["npm", "run", "build"], cwd=project, env=node_env(), capture_output=True, text=True, timeout=300)
        assert again.returncode == 0 and (project / "minis.zip").read_bytes() == first  # reproducible
        return
    (project / "dist").mkdir()
    (project / "dist" / "stale.js").write_text("old build\n")  # the build starts from a clean folder
    done = subprocess.run(["npm", "run", "build"], cwd=project, env=node_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "checked" in done.stdout and "minis.zip" in done.stdout
    with zipfile.ZipFile(project / "minis.zip") as archive:
        names = set(archive.namelist())
    assert {"index.html", "src/main.js", "src/session.js", "minis.config.json", "minis.manifest.json"} <= names
    assert not any(name.startswith(("server/", "test/", "scripts/", "data/")) or name == "stale.js" for name in names)
    assert "minis.zip" in (project / ".gitignore").read_text().split()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@needs_node
def test_npm_run_dev_completes_login_then_profile_against_the_mock(project: Path, tiktok_mock) -> None:
    port = free_port()
    env = node_env(
        PORT=str(port),
        HOST="127.0.0.1",
        TIKTOK_API_BASE=tiktok_mock.url,
        TIKTOK_CLIENT_KEY=tiktok_mock.client_key,
        TIKTOK_CLIENT_SECRET=tiktok_mock.client_secret,
        MINIS_MOCK="1",
    )
    backend = subprocess.Popen(["npm", "run", "dev"], cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        if is_game(project):  # a native game signs in with a bearer session id (its requests carry no cookies)
            with httpx.Client(base_url=base) as game:
                assert game.get("/").status_code == 404  # the package goes to TikTok: the backend serves none of it
                login = game.post("/api/game/login", json={"code": tiktok_mock.issue_code("chidi")})
                assert login.status_code == 200 and "set-cookie" not in login.headers
                me = game.get("/api/me", headers={"authorization": f"Bearer {login.json()['session']}"})
                assert me.status_code == 200 and me.json()["open_id"] == tiktok_mock.open_id("chidi")
                assert game.get("/api/me", headers={"authorization": "Bearer " + "x" * 43}).status_code == 401
            return
        with httpx.Client(base_url=base) as page:
            assert ".init({ clientKey" in page.get("/").text
            login = page.post("/api/login", json={"code": tiktok_mock.issue_code("chidi")})
            assert login.status_code == 200 and "httponly" in login.headers["set-cookie"].lower()
            profile = page.post("/api/profile", json={"code": tiktok_mock.issue_code("chidi")})
            assert profile.status_code == 200 and profile.json()["display_name"] == "Chidi Okafor"
            assert page.get("/api/me").json()["open_id"] == tiktok_mock.open_id("chidi")
        assert (project / "data" / "store.json").is_file()
    finally:
        os.killpg(backend.pid, 15)
        backend.wait(timeout=10)


def test_a_non_empty_folder_is_refused_and_nothing_is_written(cli, tmp_path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = cli("init", "busy", "--client-key", "awinittest01")
    assert result.exit_code == 1 and result.stderr.startswith("error: ") and "nothing was written" in result.stderr
    assert [p.name for p in (tmp_path / "busy").iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["busy"]


def test_force_adds_missing_files_and_never_overwrites(cli, tmp_path) -> None:
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "index.html").write_text("<p>my own page</p>")
    result = cli("init", "app", "--force", "--client-key", "awinittest01")
    assert result.exit_code == 0 and "Kept 1 existing file untouched: index.html" in result.stdout
    assert (tmp_path / "app" / "index.html").read_text() == "<p>my own page</p>"
    assert (tmp_path / "app" / "server" / "app.js").is_file()


def test_an_interrupted_init_leaves_no_folder(tmp_path, monkeypatch) -> None:
    written = []
    real_write = Path.write_bytes

    def write_then_stop(self: Path, data: bytes) -> int:
        written.append(self)
        if len(written) == 5:
            raise KeyboardInterrupt
        return real_write(self, data)

    monkeypatch.setattr(Path, "write_bytes", write_then_stop)
    request = scaffold.InitRequest(tmp_path / "half", "drama", "awinittest01", "half")
    with pytest.raises(KeyboardInterrupt):
        scaffold.init_project(request)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("folder", "expected"), [("My Mini!", "my-mini"), ("cool_app.v2", "cool_app.v2"), ("--x--", "x")])
def test_the_package_name_comes_from_the_folder(folder: str, expected: str) -> None:
    assert scaffold.npm_name(folder) == expected


def test_bad_names_keys_and_templates_are_clear_errors(cli, tmp_path) -> None:
    assert "is not a valid npm package name" in cli("init", "x", "--client-key", "awinittest01", "--name", "Bad Name").stderr
    assert "does not look like a client key" in cli("init", "x", "--client-key", "a b").stderr
    assert cli("init", "x", "--client-key", "awinittest01", "--template", "casino").exit_code == 2
    assert "cannot make an npm package name" in cli("init", "???", "--client-key", "awinittest01").stderr
    assert not (tmp_path / "x").exists()


def test_without_a_terminal_a_missing_client_key_names_the_flag(cli) -> None:
    result = cli("init", "x")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (2, "error: --client-key is required")


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_it_asks(tmp_path) -> None:
    from minis_cli.cli import Environment, main

    out, err = io.StringIO(), io.StringIO()
    env = Environment(stdin=Terminal("asked-mini\ngame\nawasked0001\n"), stdout=out, stderr=err, environ={}, cwd=tmp_path)
    assert main(["init"], env) == 0
    assert "Project folder [my-mini]: " in err.getvalue() and "Template (drama/game) [drama]: " in err.getvalue()
    assert json.loads((tmp_path / "asked-mini" / "minis.config.json").read_text())["dev"]["clientKey"] == "awasked0001"
    assert (tmp_path / "asked-mini" / "game.js").is_file() and json.loads((tmp_path / "asked-mini" / "project.config.json").read_text())[
        "appid"
    ] == "awasked0001"
    env = Environment(stdin=Terminal(""), stdout=out, stderr=err, environ={"CI": "true"}, cwd=tmp_path)
    assert main(["init", "ci-mini"], env) == 2  # CI: never prompts


def test_a_wheel_installed_in_a_fresh_venv_runs_init(tmp_path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    repo = Path(__file__).resolve().parents[2]
    (wheel,) = WheelBuilder(str(repo)).build(directory=str(tmp_path / "dist"), versions=["standard"])
    subprocess.run([sys.executable, "-m", "venv", str(tmp_path / "venv")], check=True)
    venv_python = tmp_path / "venv" / "bin" / "python"
    site = subprocess.run(
        [str(venv_python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    deps = subprocess.run(
        [sys.executable, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    Path(site, "deps.pth").write_text(deps + "\n")  # the dependencies, offline; minis_cli itself only from the wheel
    subprocess.run([str(venv_python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", wheel], check=True)
    where = subprocess.run(
        [str(venv_python), "-c", "import minis_cli; print(minis_cli.__file__)"], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout
    assert where.startswith(site)
    done = subprocess.run(
        [str(tmp_path / "venv" / "bin" / "minis-py"), "init", "from-wheel", "--client-key", "awwheel0001"], cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "from-wheel" / "server" / "app.js").is_file()


# --- files init writes (issue 28) -----------------------------------------------------------------------

PAGE_WITH_HEAD = "<!doctype html><html><head><title>t</title></head><body></body></html>\n"


def no_duplicate_keys(text: str) -> dict:
    def pairs(items: list) -> dict:
        names = [name for name, _ in items]
        assert len(names) == len(set(names)), f"duplicate keys: {names}"
        return dict(items)

    return json.loads(text, object_pairs_hook=pairs)


@pytest.mark.parametrize(
    ("scripts", "expected"),
    [
        ({"dev": "", "build": "vite build"}, 'its "dev" was an empty string'),
        ({"dev": None, "start": "  "}, 'its "dev" was null'),
        ({"dev": 3}, 'its "dev" was a number'),
        (None, '"scripts" was null'),
    ],
)
def test_adopting_replaces_an_unusable_dev_script_instead_of_adding_a_second_one(cli, tmp_path, scripts, expected: str) -> None:
    """Issue 28: an empty, null or non-string "dev" (or a null "scripts") got a second "dev"/"scripts" member, which
    every JSON reader ignores in favour of the last: the script init reported adding was not there."""
    (tmp_path / "package.json").write_text(json.dumps({"name": "x", "scripts": scripts, "devDependencies": {"vite": "^5"}}, indent=2))
    (tmp_path / "index.html").write_text(PAGE_WITH_HEAD)
    result = cli("init", "--existing", "--client-key", "awinittest01")
    assert result.exit_code == 0, result.stderr
    assert expected in result.stdout
    package = no_duplicate_keys((tmp_path / "package.json").read_text())
    assert package["scripts"]["dev"] == "vite --port 3000"
    assert Project(tmp_path).dev_script() == "dev"


@pytest.mark.parametrize("scripts", ["vite", ["vite"], 1])
def test_adopting_refuses_scripts_that_are_not_an_object_and_writes_nothing(cli, tmp_path, scripts) -> None:
    original = json.dumps({"name": "x", "scripts": scripts}, indent=2)
    (tmp_path / "package.json").write_text(original)
    (tmp_path / "index.html").write_text(PAGE_WITH_HEAD)
    result = cli("init", "--existing", "--client-key", "awinittest01")
    assert result.exit_code == 1 and '"scripts" is' in result.stderr and "nothing was written" in result.stderr
    assert (tmp_path / "package.json").read_text() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "package.json"]


def test_adopting_replaces_a_placeholder_client_key_and_refuses_a_dev_that_is_not_an_object(cli, tmp_path) -> None:
    (tmp_path / "package.json").write_text(json.dumps({"name": "x", "scripts": {"dev": "vite"}}))
    (tmp_path / "index.html").write_text(PAGE_WITH_HEAD)
    (tmp_path / "minis.config.json").write_text(json.dumps({"dev": {"clientKey": "YOUR_CLIENT_KEY", "port": 5173}}, indent=2))
    result = cli("init", "--existing", "--client-key", "awinittest01")
    assert result.exit_code == 0, result.stderr
    assert no_duplicate_keys((tmp_path / "minis.config.json").read_text())["dev"] == {"clientKey": "awinittest01", "port": 5173}
    assert 'in place of "YOUR_CLIENT_KEY"' in result.stdout
    (tmp_path / "minis.config.json").write_text('{ "dev": "later" }\n')
    page = (tmp_path / "index.html").read_text()
    result = cli("init", "--existing", "--client-key", "awinittest01")
    assert result.exit_code == 1 and '"dev" is a string, not an object; nothing was written' in result.stderr
    assert (tmp_path / "minis.config.json").read_text() == '{ "dev": "later" }\n' and (tmp_path / "index.html").read_text() == page


def dead_pid() -> int:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    return gone.pid


# A child that runs init and is killed (SIGKILL: no clean-up runs) after a few files of the staging folder.
KILLED_INIT = """
import os, signal, sys
from pathlib import Path
from minis_cli import scaffold
written = []
real = Path.write_bytes
def write(self, data):
    written.append(self)
    if len(written) == 5:
        os.kill(os.getpid(), signal.SIGKILL)
    return real(self, data)
Path.write_bytes = write
scaffold.init_project(scaffold.InitRequest(Path(sys.argv[1]), "drama", "awinittest01", "half"))
"""


def test_a_killed_init_leaves_a_staging_folder_the_next_init_removes(cli, tmp_path) -> None:
    """Issue 28: a killed init left `.NAME.minis-init-*` for ever. The next init beside it removes what a dead
    run left, and nothing else: a live run's folder, someone else's, or a recent one of an older minis-py."""
    killed = subprocess.run([sys.executable, "-c", KILLED_INIT, str(tmp_path / "half")], timeout=60)
    assert killed.returncode == -9
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and left[0].startswith(".half.minis-init-"), left
    from minis_cli.tempfiles import host_tag

    live = tmp_path / f".other.minis-init-{os.getpid()}-{host_tag()}-abcdefgh"
    abroad = tmp_path / f".other.minis-init-{dead_pid()}-ffffff-abcdefgh"  # another machine's: only its age counts
    recent_old_style = tmp_path / ".other.minis-init-k2_x9qzz"
    old_style = tmp_path / ".other.minis-init-a1b2c3d4"
    not_ours = tmp_path / ".other.minis-init-mine"
    linked = tmp_path / f".link.minis-init-{dead_pid()}-{host_tag()}-abcdefgh"
    for folder in (live, abroad, recent_old_style, old_style, not_ours):
        folder.mkdir()
        (folder / "file").write_text("x")
    linked.symlink_to(not_ours)  # a link is never followed nor removed
    two_days_ago = time.time() - 2 * 86400
    os.utime(old_style, (two_days_ago, two_days_ago))
    result = cli("init", "half", "--client-key", "awinittest01")
    assert result.exit_code == 0, result.stderr
    remaining = sorted(p.name for p in tmp_path.iterdir())
    assert remaining == sorted(["half", live.name, abroad.name, recent_old_style.name, not_ours.name, linked.name])
    assert (not_ours / "file").read_text() == "x"


def test_init_uses_the_usual_modes(cli, tmp_path) -> None:
    """Issue 28: the project folder was 0700 (mkdtemp's) and files created through mkstemp 0600: a web server
    or a teammate's account could not read them. Now the umask decides, as for any other tool."""
    previous = os.umask(0o022)
    try:
        assert cli("init", "app", "--client-key", "awinittest01").exit_code == 0
        adopted = tmp_path / "adopted"
        adopted.mkdir()
        (adopted / "index.html").write_text(PAGE_WITH_HEAD)
        assert cli("init", "--existing", "adopted", "--client-key", "awinittest01").exit_code == 0
        os.umask(0o077)
        assert cli("init", "private", "--client-key", "awinittest01").exit_code == 0
    finally:
        os.umask(previous)
    assert (tmp_path / "app").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "app" / "minis.config.json").stat().st_mode & 0o777 == 0o644
    for name in ("minis.config.json", "package.json"):
        assert (adopted / name).stat().st_mode & 0o777 == 0o644, name
    assert (tmp_path / "private").stat().st_mode & 0o777 == 0o700
    assert (tmp_path / "private" / "minis.config.json").stat().st_mode & 0o777 == 0o600

"""Lint never crashes: every input gets findings or a clear error (exit 1 or 2), never a traceback."""

from __future__ import annotations

import errno
import json
import os
import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HTML_PIECES = [
    "<",
    ">",
    "</",
    "/>",
    "<!--",
    "-->",
    "<!doctype html>",
    "<script>",
    "</script>",
    "<script src=",
    "<style>",
    "</style>",
    "<iframe>",
    "<video",
    "<link rel=stylesheet href=",
    '"',
    "'",
    "=",
    " ",
    "\n",
    "&amp;",
    "&#x",
    "<textarea>",
    "</textarea>",
    "https://connect.tiktok-minis.com/drama/sdk.js",
    "//cdn.example/x.js",
    "TTMinis.init({clientKey:'k'})",
    "eval(",
    ")",
    "<!-- minis-py: ignore MN4",
    "é",
    "\x00",
    "\ufffd",
    "%VITE_K%",
]
JS_PIECES = [
    "TTMinis",
    ".",
    "init",
    "login",
    "authorize",
    "game",
    "addShortcut",
    "canIUse",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    ",",
    ";",
    "'",
    '"',
    "`",
    "${",
    "eval",
    "new ",
    "Function",
    "setTimeout",
    "location",
    "href",
    "=",
    "=>",
    "function",
    "if",
    "!",
    "&&",
    "localStorage",
    "setItem",
    "code",
    "client_secret",
    "fetch",
    "https://open.tiktokapis.com/v2/oauth/token/",
    "import.meta.env.VITE_K",
    "const ",
    "x",
    " ",
    "\n",
    "//",
    "/*",
    "*/",
    "\\",
    "é",
    "\x00",
    "<div>",
    "as",
    ":",
    "?.",
]
JSON_PIECES = [
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    '"',
    "dev",
    "port",
    "clientKey",
    "navbar",
    "style",
    "domain",
    "trustedDomains",
    "1",
    "-",
    "e",
    "70000",
    "true",
    "null",
    " ",
    "\n",
    "\\",
    "u",
    "https://*.x",
    "#fff",
    "é",
    "\x00",
]


def pieces(alphabet: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(alphabet), st.text(max_size=3)), max_size=60).map("".join)


def assert_clean_outcome(run, allowed=(0, 1)) -> None:
    assert run.exit_code in allowed, (run.exit_code, run.stderr)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr


@pytest.fixture(scope="module")
def stdin_project(tmp_path_factory) -> Path:
    from minis_cli.lint.rules import BASELINE_FILES

    root = tmp_path_factory.mktemp("stdin")
    for name, content in BASELINE_FILES.items():
        (root / name).write_text(content)
    return root


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(text=pieces(HTML_PIECES))
def test_generated_html(cli, stdin_project, text) -> None:
    for name in ("index.html", "other.html"):
        assert_clean_outcome(cli("lint", "-", "--stdin-filename", name, "--output-format", "full", cwd=stdin_project, stdin=text))


@FUZZ
@given(text=pieces(JS_PIECES))
def test_generated_js(cli, stdin_project, text) -> None:
    for name in ("src/app.js", "src/app.tsx"):
        assert_clean_outcome(cli("lint", "-", "--stdin-filename", name, cwd=stdin_project, stdin=text))


@FUZZ
@given(text=pieces(JSON_PIECES))
def test_generated_json(cli, stdin_project, text) -> None:
    for name in ("minis.config.json", "package.json"):
        assert_clean_outcome(cli("lint", "-", "--stdin-filename", name, "--output-format", "sarif", cwd=stdin_project, stdin=text))


def test_invalid_utf8_is_reported_with_its_position(cli, make_project) -> None:
    root = make_project({"src/app.js": b"ok();\nconst t = '\xe9t\xe9';\n"})
    run = cli("lint", cwd=root)
    assert run.stdout == "src/app.js:2:12: MN017 src/app.js is not valid UTF-8 (byte 0xe9 at offset 17)\n"
    assert run.exit_code == 1


def test_invalid_utf8_in_a_native_games_library_is_a_warning_naming_it(cli, tmp_path) -> None:
    """A GBK comment in a vendored Spine runtime is not the developer's to re-save, and harmless in a comment: a warning
    naming the library (issue 29 item 5's rule for library code); the game's own file stays an error."""
    root = tmp_path / "game"
    (root / "libs").mkdir(parents=True)
    (root / "game.json").write_text('{"deviceOrientation": "portrait"}\n')
    (root / "project.config.json").write_text('{"appid": "awgamekey123"}\n')
    (root / "game.js").write_text("require('./libs/spine-core-3.8.js');\nrequire('./main.js');\n")
    (root / "libs" / "spine-core-3.8.js").write_bytes(b"/* \xd7\xa2\xca\xcd: GBK */\nvar spine = {};\n")
    (root / "main.js").write_bytes(b"var title = '\xe9t\xe9';\n")
    run = cli("lint", "--select", "MN017", "--output-format", "json", cwd=root)
    found = {d["path"]: d for d in json.loads(run.stdout)}
    spine = found["libs/spine-core-3.8.js"]
    assert spine["severity"] == "warning" and (spine["line"], spine["column"]) == (1, 5) and "in the Spine library" in spine["message"]
    assert found["main.js"]["severity"] == "error" and "library" not in found["main.js"]["message"]
    assert run.exit_code == 1


def test_a_games_own_file_with_undecodable_bytes_only_in_comments_and_logs_is_a_warning(cli, tmp_path: Path) -> None:
    """Round 18 of issue 30: a Douyin game's own module with GBK bytes only inside console.log messages had MN017 as an
    error, so dev refused a game that runs (the runtime reads the bytes as U+FFFD, in text no player sees). In a
    comment or a console message it is a warning; in any other string (what a player reads), or in code, an error."""
    root = tmp_path / "game"
    root.mkdir()
    (root / "game.json").write_text('{"deviceOrientation": "portrait"}\n')
    (root / "project.config.json").write_text('{"appid": "awgamekey123"}\n')
    (root / "game.js").write_text("require('./logs.js');\nrequire('./title.js');\n")
    (root / "logs.js").write_bytes(b"// \xd7\xa2\xca\xcd\nfunction start() { console.log('\xbf\xaa\xca\xbc', 1); console.warn(`\xbf\xaa ${2}`); }\nstart();\n")
    (root / "title.js").write_bytes(b"// \xd7\xa2\nconsole.log('\xbf\xaa');\nvar title = '\xe9t\xe9';\n")
    run = cli("lint", "--select", "MN017", "--output-format", "json", cwd=root)
    found = {d["path"]: d for d in json.loads(run.stdout)}
    assert found["logs.js"]["severity"] == "warning" and "only in comments and console messages" in found["logs.js"]["message"]
    assert found["title.js"]["severity"] == "error" and "only in" not in found["title.js"]["message"]


def test_nul_bytes(cli, make_project) -> None:
    root = make_project({"src/app.js": "eval(a);\x00\x00 eval(b)", "page.html": "<p>\x00</p><video>\x00"})
    run = cli("lint", cwd=root)
    assert_clean_outcome(run)
    assert run.stdout.count("MN401") == 2 and "MN408" in run.stdout


def test_five_megabyte_single_line_bundle(cli, make_project) -> None:
    rng = random.Random(7)
    parts = []
    while sum(map(len, parts)) < 5_000_000:
        i = rng.randrange(10**6)
        parts.append(f"function f{i}(a,b){{var c=a+b*{i};if(c>{i % 97}){{return document.getElementById('n{i}').textContent=c}}return[a,b,'s{i}']}}")
    parts.insert(len(parts) // 2, "eval(payload);")
    bundle = ";".join(parts)
    root = make_project({"dist-bundle/app.min.js": bundle})
    run = cli("lint", "--output-format", "full", cwd=root)
    assert_clean_outcome(run)
    assert "MN401" in run.stdout and "…" in run.stdout  # the frame shows a window of the long line
    column = bundle.index("eval(payload)") + 1
    assert cli("lint", cwd=root).stdout == f"dist-bundle/app.min.js:1:{column}: MN401 eval() is not allowed in TikTok Minis\n"


def test_ten_thousand_nested_tags(cli, make_project) -> None:
    html = "<!doctype html>" + "<div><span>" * 5000 + "<video></video>" + "</span></div>" * 5000
    js = "x = " + "[" * 10000 + "eval(1)" + "]" * 10000 + "; y = " + "(" * 5000 + "'k'" + ")" * 5000
    run = cli("lint", cwd=make_project({"deep.html": html, "src/deep.js": js}))
    assert_clean_outcome(run)
    assert "MN408" in run.stdout


def test_a_long_call_chain_is_too_complex_to_check_not_a_hang(cli, make_project) -> None:
    # 240 KB of `.a()`: the query walk took minutes (each enclosing call a match in progress, and past 65,535 levels
    # tree-sitter's 16-bit depths wrap); now a finding at the first node too deep, in well under a second.
    root = make_project({"src/chain.js": "eval(x)" + ".a()" * 60_000, "src/ok.js": "eval(y);\n"})
    started = time.monotonic()
    run = cli("lint", "--no-cache", "--select", "MN4,MN023", cwd=root)
    assert time.monotonic() - started < 10
    assert_clean_outcome(run)
    assert run.stdout == (
        "src/chain.js:1:1: MN023 src/chain.js is too complex to check: its code nests more than 500 levels deep "
        "(a generated chain or expression); no rule looked at this code\n"
        "src/ok.js:1:1: MN401 eval() is not allowed in TikTok Minis\n"
    )


def test_a_long_operator_run_in_an_inline_script_is_too_complex(cli, make_project) -> None:
    # `a+a+...` in a page: the finding points into the HTML, at the deep node; the page's other script is checked.
    page = '<!doctype html><script>eval(1)</script>\n<script>\nsetTimeout("f()", 0); x = ' + "a+" * 200_000 + "a;</script>\n"
    started = time.monotonic()
    run = cli("lint", "--no-cache", "--select", "MN4,MN023", cwd=make_project({"other.html": page}))
    assert time.monotonic() - started < 10
    assert_clean_outcome(run)
    lines = run.stdout.splitlines()
    assert lines[0] == "other.html:1:24: MN401 eval() is not allowed in TikTok Minis"
    assert lines[1].startswith("other.html:3:27: MN023 other.html is too complex to check: its code nests more than 500 levels")
    assert len(lines) == 2


def test_a_parse_over_its_bounds_is_cancelled(monkeypatch) -> None:
    from minis_cli.source import javascript

    monkeypatch.setattr(javascript, "PARSE_WATCH_BYTES", 0)
    javascript.capture_calls(("eval",))  # as the lint engine hands the reader the rules' call names (MN401's eval)
    text = "eval(x);\n" * 20_000
    assert javascript.Script(text).too_complex is None and len(javascript.Script(text).calls) == 20_000
    monkeypatch.setattr(javascript, "PARSE_SECONDS", 0.0)
    assert javascript.Script(text).too_complex == ("parsing it took more than 0 s", 0)
    monkeypatch.setattr(javascript, "PARSE_SECONDS", 10.0)
    monkeypatch.setattr(javascript, "PARSE_MEMORY", -1)  # any growth of the peak is too much
    monkeypatch.setattr(javascript, "_peak_memory", iter(range(0, 1 << 40, 1 << 20)).__next__)
    assert javascript.Script(text).too_complex == ("parsing it took more than -1 MB", 0)
    # the cancelled parse left nothing behind in the shared parser
    monkeypatch.setattr(javascript, "PARSE_MEMORY", 1 << 30)
    assert len(javascript.Script("eval(y)").calls) == 1


def test_an_unreadable_file_is_a_finding(cli, make_project, monkeypatch) -> None:
    root = make_project({"src/ok.js": "ok()"})
    (root / "src" / "locked.js").write_text("eval(x)")
    if os.geteuid() == 0:  # root reads everything (and a link out of the project is not read): the read fails with EIO
        from minis_cli.source import files

        real = files._read_regular

        def failing(path, limit, partial):
            if str(path).endswith("locked.js"):
                raise OSError(errno.EIO, "Input/output error")
            return real(path, limit, partial)

        monkeypatch.setattr(files, "_read_regular", failing)
        read_bytes = Path.read_bytes
        monkeypatch.setattr(Path, "read_bytes", lambda self: failing(self, 0, False) if self.name == "locked.js" else read_bytes(self))
    else:
        (root / "src" / "locked.js").chmod(0)
    run = cli("lint", cwd=root)
    assert run.exit_code == 1 and "Traceback" not in run.stderr
    assert run.stdout.startswith("src/locked.js: MN017 src/locked.js cannot be read: ")


def test_a_fifo_is_not_read(cli, make_project) -> None:
    root = make_project({})
    os.mkfifo(root / "pipe.js")
    assert_clean_outcome(cli("lint", cwd=root), allowed=(0,))


def test_symlink_loop(cli, make_project) -> None:
    root = make_project({"src/a.js": "eval(x)"})
    (root / "src" / "again").symlink_to(root, target_is_directory=True)
    (root / "self.js").symlink_to(root / "self.js")
    run = cli("lint", cwd=root)
    assert_clean_outcome(run)
    assert run.stdout == "src/a.js:1:1: MN401 eval() is not allowed in TikTok Minis\n"


def test_empty_directory(cli, tmp_path) -> None:
    (tmp_path / "empty").mkdir()
    run = cli("lint", "empty")
    assert run.exit_code == 1
    assert [line.split()[1] for line in run.stdout.splitlines()] == ["MN007", "MN004", "MN001"]


def test_project_with_only_package_json(cli, tmp_path) -> None:
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "package.json").write_text('{"name": "p"}')
    run = cli("lint", "p")
    assert run.exit_code == 1
    assert {line.split()[1] for line in run.stdout.splitlines()} == {"MN003", "MN004", "MN007"}


def test_invalid_json_names_line_and_column(cli, make_project) -> None:
    run = cli("lint", cwd=make_project({"package.json": '{\n  "scripts": {"dev": "x"},\n}'}))
    assert run.stdout == "package.json:3:1: MN002 package.json is not valid JSON: Expecting property name enclosed in double quotes (line 3, column 1)\n"


# --- a full disk, a used-up quota, a read-only file system (issue 28) ----------------------------------------


@pytest.mark.parametrize(
    ("code", "said"),
    [("ENOSPC", "the disk is full"), ("EDQUOT", "your disk quota is used up"), ("EROFS", "the file system is read-only"), ("EACCES", "permission denied")],
)
def test_a_refused_write_is_said_plainly_and_leaves_nothing(cli, tmp_path, monkeypatch, code: str, said: str) -> None:
    """Issue 28: a full disk was "internal error: OSError ... This is a bug in minis-py". Now: what happened,
    where, what to try, exit 2, and no half-written project (init's staging folder is removed)."""
    import errno

    real = Path.write_bytes
    count = []

    def refusing(self: Path, data: bytes) -> int:
        count.append(self)
        if len(count) == 7:
            number = getattr(errno, code)
            raise OSError(number, os.strerror(number), str(self))
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", refusing)
    result = cli("init", "app", "--client-key", "awinittest01")
    assert result.exit_code == 2, result.stderr
    assert said in result.stderr and "hint: " in result.stderr and "nothing was left half-written" in result.stderr
    assert "bug in minis-py" not in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def _small_disk(path: Path, size: str) -> bool:
    """A tmpfs of ``size`` mounted at ``path`` (needs root; False where it cannot be had)."""
    import shutil
    import subprocess

    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    path.mkdir()
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True).returncode == 0


def test_a_really_full_disk_for_init_build_and_fix(cli, make_project, tmp_path) -> None:
    """The same on a real full disk (a 64 KB tmpfs): init, build (--out on it) and lint --fix each say the disk is
    full and leave no file of theirs behind."""
    import subprocess

    disk = tmp_path / "disk"
    if not _small_disk(disk, "64k"):
        pytest.skip("mounting a small tmpfs needs root")
    try:
        result = cli("init", "app", "--client-key", "awinittest01", cwd=disk)
        assert result.exit_code == 2 and "the disk is full" in result.stderr and "bug in minis-py" not in result.stderr, result.stderr
        assert list(disk.iterdir()) == []
        (disk / "filler").write_bytes(b"x" * 40_000)
        project = make_project({"minis.config.json": '{"clientKey": "awexample123", "build": {"outputDir": "dist"}}'})
        (project / "dist").mkdir()
        (project / "dist" / "index.html").write_text((project / "index.html").read_text())
        (project / "dist" / "big.bin").write_bytes(os.urandom(60_000))  # does not compress
        result = cli("build", "--out", str(disk / "minis.zip"), cwd=project)
        assert result.exit_code == 2 and "the disk is full" in result.stderr and "bug in minis-py" not in result.stderr, result.stderr
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]
        fixable = disk / "fixable"
        fixable.mkdir()
        (fixable / "package.json").write_text('{"name": "f", "scripts": {"dev": "vite"}}')
        (fixable / "minis.config.json").write_text('{"dev": {"clientKey": "awexample123"}}')
        page = "<!doctype html><html><head><title>t</title></head><body>" + "<p>x</p>" * 2000 + "</body></html>\n"
        (fixable / "index.html").write_text(page)
        with open(disk / "filler2", "wb") as out:  # fill the rest
            try:
                out.write(b"x" * 100_000)
            except OSError:
                pass
        result = cli("lint", "--fix", cwd=fixable)
        assert "index.html: not fixed: No space left on device" in result.stderr, result.stderr
        assert (fixable / "index.html").read_text() == page
        assert not [p.name for p in fixable.iterdir() if p.name.endswith(".minis-tmp")]
    finally:
        subprocess.run(["umount", str(disk)], check=False)

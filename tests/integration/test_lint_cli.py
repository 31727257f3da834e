"""`minis-py lint`, `rules` and `rule` as a user and a CI step run them (in-process, real projects)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from minis_cli.cli.rules import rules_markdown
from minis_cli.lint import engine
from minis_cli.lint.rules import all_rules

REPO = Path(__file__).resolve().parents[2]
# The SARIF 2.1.0 schema lives in the workplace's shared/ folder, beside the checkout (as in CI).
SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"  # shipped with the tests (tests/data/README.md)


def sarif_schema() -> dict:
    return json.loads(SARIF_SCHEMA.read_text())


MISMATCH_HTML = (
    '<!doctype html>\n<html>\n<head>\n  <script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n'
    '  <script>\n    TTMinis.init({ clientKey: "abc" });\n    TTMinis.login({ success: signIn, fail: showSignedOut });\n  </script>\n</head>\n</html>\n'
)
MISMATCH = {"index.html": MISMATCH_HTML, "minis.config.json": '{ "clientKey": "xyz" }\n'}


# --- exit codes and formats ------------------------------------------------------------------------


def test_clean_project_exits_0(cli, make_project) -> None:
    root = make_project()
    run = cli("lint", str(root))
    assert (run.exit_code, run.stdout, run.stderr) == (0, "", "")


def test_concise_is_path_line_column_rule_message(cli, make_project) -> None:
    root = make_project(MISMATCH)
    run = cli("lint", ".", cwd=root)
    assert run.exit_code == 1
    assert run.stdout == "index.html:6:31: MN104 [*] clientKey 'abc' does not match minis.config.json 'xyz'\n1 fixable with --fix\n"


def test_full_format_has_a_code_frame_and_what_to_try(cli, make_project) -> None:
    root = make_project(MISMATCH)
    out = cli("lint", "--output-format", "full", cwd=root).stdout
    assert "index.html" in out and "6:31" in out and "MN104" in out
    assert '    6 │     TTMinis.init({ clientKey: "abc" });' in out
    assert "      │                               ^^^^^" in out
    assert "= try: Pass the key from minis.config.json" in out
    assert "1 error, 0 warnings in 1 file" in out
    assert "\x1b[" not in out  # no colour off a terminal


def test_github_annotations_are_the_default_under_actions(cli, make_project) -> None:
    root = make_project(MISMATCH)
    run = cli("lint", cwd=root, environ={"GITHUB_ACTIONS": "true"})
    assert run.stdout.startswith(
        "::error file=index.html,line=6,col=31,endLine=6,endColumn=36,title=MN104 client-key-mismatch::clientKey 'abc' does not match minis.config.json "
        "'xyz'%0A"
    )


def test_json_format(cli, make_project) -> None:
    root = make_project(MISMATCH)
    (item,) = cli("lint", "--output-format", "json", cwd=root).json()
    assert item == {
        "rule": "MN104",
        "name": "client-key-mismatch",
        "severity": "error",
        "message": "clientKey 'abc' does not match minis.config.json 'xyz'",
        "hint": "Pass the key from minis.config.json (or fix minis.config.json if the page is right).",
        "path": "index.html",
        "line": 6,
        "column": 31,
        "end_line": 6,
        "end_column": 36,
        "fix": {
            "applicability": "safe",
            "message": "set clientKey to 'xyz' (minis.config.json)",
            "edits": [
                {
                    "path": "index.html",
                    "line": 6,
                    "column": 32,
                    "end_line": 6,
                    "end_column": 35,
                    "offset": item["fix"]["edits"][0]["offset"],
                    "end_offset": item["fix"]["edits"][0]["offset"] + 3,
                    "content": "xyz",
                }
            ],
        },
    }


def test_sarif_validates_against_the_schema(cli, make_project) -> None:
    schema = sarif_schema()
    root = make_project({**MISMATCH, "package.json": None, "src/a.js": "eval(x)"})
    log = cli("lint", "--output-format", "sarif", cwd=root).json()
    jsonschema.validate(log, schema)
    run = log["runs"][0]
    assert len(run["tool"]["driver"]["rules"]) == len(all_rules())
    results = {r["ruleId"]: r for r in run["results"]}
    assert set(results) == {"MN001", "MN104", "MN401"}
    assert "region" not in results["MN001"]["locations"][0]["physicalLocation"]
    assert results["MN104"]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 6,
        "startColumn": 31,
        "endLine": 6,
        "endColumn": 36,
        "snippet": {"text": '"abc"'},
    }
    assert run["tool"]["driver"]["rules"][results["MN104"]["ruleIndex"]]["id"] == "MN104"


def test_sarif_of_a_clean_project_validates(cli, make_project) -> None:
    schema = sarif_schema()
    jsonschema.validate(cli("lint", "--output-format", "sarif", cwd=make_project()).json(), schema)


def test_junit_has_a_case_per_file_and_a_failure_per_finding(cli, make_project) -> None:
    root = make_project({**MISMATCH, "src/a.js": "eval(x); eval(y);", "src/ok.js": "ok();"})
    xml = ET.fromstring(cli("lint", "--output-format", "junit", cwd=root).stdout)
    assert xml.get("tests") == "4" and xml.get("failures") == "3"
    names = [case.get("name") for case in xml.iter("testcase")]
    assert "src/ok.js" in names and "MN104 index.html:6:31" in names


def test_output_file(cli, make_project, tmp_path) -> None:
    root = make_project(MISMATCH)
    run = cli("lint", "-o", "reports/out.json", "--output-format", "json", cwd=root)
    assert run.exit_code == 1 and run.stdout == ""
    assert json.loads((root / "reports" / "out.json").read_text())[0]["rule"] == "MN104"


def test_unwritable_output_file_is_a_clear_error(cli, make_project) -> None:
    root = make_project(MISMATCH)
    (root / "blocker").write_text("x")
    run = cli("lint", "-o", "blocker/out.txt", cwd=root)
    assert run.exit_code == 2 and run.stderr.startswith("error: cannot write the report to blocker/out.txt") and "Traceback" not in run.stderr


# --- options -----------------------------------------------------------------------------------


def test_max_warnings_and_exit_zero(cli, make_project) -> None:
    root = make_project({"episode.html": "<video></video>"})
    assert cli("lint", cwd=root).exit_code == 0
    assert cli("lint", "--max-warnings", "1", cwd=root).exit_code == 0
    run = cli("lint", "--max-warnings", "0", cwd=root)
    assert run.exit_code == 1 and "more than --max-warnings 0" in run.stderr
    assert cli("lint", "--exit-zero", cwd=make_project(MISMATCH)).exit_code == 0


def test_select_and_ignore_on_the_command_line(cli, make_project) -> None:
    root = make_project({"src/a.js": "eval(x); setTimeout('y', 1);"})
    assert [line.split()[1] for line in cli("lint", "--select", "MN403", cwd=root).stdout.splitlines()] == ["MN403"]
    assert cli("lint", "--ignore", "MN401,MN403", cwd=root).exit_code == 0
    assert cli("lint", "--select", "MN4", "--ignore", "eval-forbidden", cwd=root).stdout.count("MN") == 1


def test_unknown_rule_is_a_usage_error_with_a_suggestion(cli, make_project) -> None:
    run = cli("lint", "--select", "MN1044", cwd=make_project())
    assert run.exit_code == 2
    assert run.stderr == "error: unknown rule 'MN1044' in --select\n  hint: Did you mean 'MN104'? `minis-py rules` lists every rule id.\n"


def test_package_json_settings(cli, make_project) -> None:
    pkg = {"name": "x", "scripts": {"dev": "vite --port 3000"}, "minis-py": {"ignore": ["MN401"], "per-file-ignores": {"legacy/*.js": ["MN403"]}}}
    root = make_project({"package.json": json.dumps(pkg), "src/a.js": "eval(x)", "legacy/b.js": "setTimeout('x', 1)", "src/c.js": "setTimeout('x', 1)"})
    assert cli("lint", "--output-format", "concise", cwd=root).stdout == "src/c.js:1:12: MN403 setTimeout with a string evaluates it as code\n"


def test_malformed_settings_are_a_configuration_error(cli, make_project) -> None:
    pkg = '{\n  "scripts": {"dev": "vite --port 3000"},\n  "minis-py": {"ignore": "MN401"}\n}\n'
    run = cli("lint", cwd=make_project({"package.json": pkg}))
    assert run.exit_code == 2
    assert run.stderr.startswith('error: package.json "minis-py".ignore (line 3, column 26) must be a list of rule ids')


def test_client_key_flag_beats_the_config(cli, make_project) -> None:
    root = make_project(MISMATCH)
    assert cli("lint", "--client-key", "abc", cwd=root).exit_code == 0
    assert "does not match --client-key 'def'" in cli("lint", "--client-key", "def", cwd=root).stdout


def test_standard_input_with_stdin_filename(cli, make_project) -> None:
    root = make_project({"src/a.js": "ok()"})
    run = cli("lint", "-", "--stdin-filename", "src/a.js", cwd=root, stdin="\n eval(x)")
    assert (run.exit_code, run.stdout) == (1, "src/a.js:2:2: MN401 eval() is not allowed in TikTok Minis\n")
    run = cli("lint", "-", "--stdin-filename", "index.html", cwd=root, stdin=MISMATCH_HTML)
    assert "MN104" in run.stdout and run.stdout.startswith("index.html:6:31")
    assert cli("lint", "-", cwd=root).exit_code == 2


def test_paths_limit_the_report_to_those_files(cli, make_project) -> None:
    root = make_project({**MISMATCH, "src/a.js": "eval(x)", "src/b.js": "eval(y)"})
    assert [line.split(":")[0] for line in cli("lint", "src/a.js", cwd=root).stdout.splitlines()] == ["src/a.js"]
    assert [line.split(":")[0] for line in cli("lint", "src", cwd=root).stdout.splitlines()] == ["src/a.js", "src/b.js"]


def test_a_named_file_is_checked_alone_even_if_gitignored(cli, make_project) -> None:
    root = make_project({".gitignore": "gen.js\n", "gen.js": "eval(x)", "src/other.js": "eval(y)"})
    assert cli("lint", "gen.js", "--show-files", cwd=root).stdout.splitlines()[1:] == ["  frontend  gen.js  (browser code)"]
    assert cli("lint", "gen.js", cwd=root).stdout == "gen.js:1:1: MN401 eval() is not allowed in TikTok Minis\n"
    assert "gen.js" not in cli("lint", cwd=root).stdout


def test_missing_path_and_bad_format_are_usage_errors(cli, make_project) -> None:
    root = make_project()
    assert cli("lint", "nope", cwd=root).stderr == "error: path 'nope' does not exist\n  hint: Pass a project folder, a folder inside one, or a file.\n"
    assert cli("lint", "--output-format", "xml", cwd=root).exit_code == 2


def test_show_files_lists_the_folders_it_skipped_and_why(cli, make_project) -> None:
    """Another platform's committed build is left out of the lint (issue 30 item 2): --show-files says so."""
    root = make_project({"dist-weapp/app.json": "{}", "dist-weapp/app.js": "wx.login();\n", "src/app.js": "ok();\n"})
    out = cli("lint", "--show-files", cwd=root).stdout.splitlines()
    assert "  skipped   dist-weapp/  (a WeChat build (dist-weapp/))" in out, out
    assert not [line for line in out if "dist-weapp/app.js" in line]


def test_show_files_lists_each_files_side(cli, make_project) -> None:
    root = make_project({"server/index.js": "x", "src/tool.js": "import fs from 'node:fs'; eval(x)", "src/app.js": "fetch('/x')"})
    out = cli("lint", "--show-files", cwd=root).stdout
    assert re.search(r"backend\s+server/index.js\s+\(a backend folder\)", out)
    assert re.search(r"backend\s+src/tool.js\s+\(imports node:fs\)", out)
    assert re.search(r"frontend\s+src/app.js", out)
    assert re.search(r"frontend\s+index.html\s+\(HTML\)", out)


# --- cache and parallelism -----------------------------------------------------------------------


def test_warm_run_uses_the_cache_and_sees_changes(make_project) -> None:
    from minis_cli.project import Project

    root = make_project({"src/a.js": "eval(x)", "src/b.js": "ok()"})
    first = engine.run(Project(root, environ={}), engine.LintOptions())
    assert first.cache_hits == 0 and (root / ".minis" / "cache" / "lint-cache.json").is_file()
    assert (root / ".minis" / ".gitignore").read_text().strip().endswith("*")
    second = engine.run(Project(root, environ={}), engine.LintOptions())
    assert second.cache_hits == 3 and second.diagnostics == first.diagnostics
    (root / "src" / "b.js").write_text("eval(y)")
    third = engine.run(Project(root, environ={}), engine.LintOptions())
    assert third.cache_hits == 2 and [d.path for d in third.diagnostics] == ["src/a.js", "src/b.js"]


def test_the_cache_is_keyed_on_minis_py_code_not_only_its_version(make_project, monkeypatch, tmp_path) -> None:
    """Issue 30 item 6: with an editable install a change to a rule keeps the version: results cached by the old code
    must not be reused. The key holds a digest of the rule code (path, size, mtime of minis_cli's modules but the
    mock's, the server's, audit's, dev's and the commands', which change no finding), or of a wheel's RECORD."""
    import os

    from minis_cli.lint import cache as cache_module
    from minis_cli.project import Project

    root = make_project({"src/a.js": "eval(x)"})
    engine.run(Project(root, environ={}), engine.LintOptions())
    assert engine.run(Project(root, environ={}), engine.LintOptions()).cache_hits == 2
    monkeypatch.setattr(cache_module, "_CODE_VERSION", ["0.1.0+othercode"])  # the same version, other code
    assert engine.run(Project(root, environ={}), engine.LintOptions()).cache_hits == 0

    package = tmp_path / "checkout" / "minis_cli"
    for name in ("__init__.py", "project.py", "sdk_api.json", "lint/rules/games.py", "source/sdkrefs.py", "mock/app.py", "mock/sdk/src/sdk.js"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("x = 1\n")
    before = cache_module._code_digest(package)
    for changed in ("lint/rules/games.py", "source/sdkrefs.py", "project.py", "sdk_api.json"):
        os.utime(package / changed, ns=(1, 1_000_000_000 + len(changed)))
        assert cache_module._code_digest(package) != before, changed
        before = cache_module._code_digest(package)
    os.utime(package / "mock" / "app.py", ns=(1, 5))
    assert cache_module._code_digest(package) == before  # the mock's code is no rule's

    site = tmp_path / "site-packages"
    (site / "minis_cli").mkdir(parents=True)
    record = site / f"minis_py-{cache_module.__version__}.dist-info" / "RECORD"
    record.parent.mkdir()
    record.write_text("minis_cli/lint/engine.py,sha256=abc,100\n")
    wheel = cache_module._code_digest(site / "minis_cli")
    record.write_text("minis_cli/lint/engine.py,sha256=abd,100\n")
    assert cache_module._code_digest(site / "minis_cli") != wheel


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_cold_run_hashes_each_file_where_it_is_read(make_project, monkeypatch, jobs) -> None:
    """A file the cache has never seen is hashed by whoever checks it (a worker), not read ahead of it by this
    process; its digest and stat still go in the cache, so the next run reads nothing to find its results."""
    from minis_cli.lint import cache as cache_module
    from minis_cli.project import Project

    monkeypatch.setattr(cache_module, "_SETTLED_NS", -1)  # every file counts as settled (ctime cannot be set back)
    monkeypatch.setattr(engine, "_can_fork", lambda: True)  # the fork itself is under test, whatever threads pytest has
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    root = make_project({**{f"src/m{i}.js": f"eval(a{i});" for i in range(8)}, "p.html": "<script>eval(x)</script>"})
    hashed: list[str] = []
    digest = cache_module.ResultCache.digest
    monkeypatch.setattr(cache_module.ResultCache, "digest", lambda self, path, name: hashed.append(name) or digest(self, path, name))
    first = engine.run(Project(root, environ={}), engine.LintOptions(jobs=jobs))
    assert first.cache_hits == 0 and len(first.diagnostics) == 9
    assert not [name for name in hashed if name.startswith("src/m") or name == "p.html"]
    stored = cache_module.ResultCache.for_project(root)
    assert all(stored.knows(f"src/m{i}.js") for i in range(8)) and stored.knows("p.html")
    hashed.clear()
    read: list[str] = []
    monkeypatch.setattr(cache_module, "blake2b", lambda data, **kw: read.append("x") or __import__("hashlib").blake2b(data, **kw))
    second = engine.run(Project(root, environ={}), engine.LintOptions(jobs=jobs))
    assert second.diagnostics == first.diagnostics and second.cache_hits >= 9 and read == []
    (root / "src" / "m3.js").write_text("eval(changed);")
    third = engine.run(Project(root, environ={}), engine.LintOptions(jobs=jobs))
    assert [d for d in third.diagnostics if d.path == "src/m3.js"] and third.cache_hits == second.cache_hits - 1


def test_a_corrupt_cache_is_ignored_with_one_line(make_project) -> None:
    from minis_cli.project import Project

    root = make_project({"src/a.js": "eval(x)"})
    (root / ".minis" / "cache").mkdir(parents=True)
    (root / ".minis" / "cache" / "lint-cache.json").write_bytes(b"garbage")
    result = engine.run(Project(root, environ={}), engine.LintOptions())
    assert [d.rule_id for d in result.diagnostics] == ["MN401"]
    assert result.notices == (
        "ignoring .minis/cache/lint-cache.json: it was not written by minis-py for this user (integrity check failed); it is replaced on this run",
    )
    again = engine.run(Project(root, environ={}), engine.LintOptions())  # replaced by a good one: no more notice
    assert again.notices == () and again.cache_hits == 2


# --- the cache is data, checked: a checkout cannot run code or plant findings through it ---------------------------


def _pickle_bomb(marker: Path) -> bytes:
    import pickle

    class Bomb:
        def __reduce__(self):
            return (exec, (f"open({str(marker)!r}, 'w').write('ran')",))

    return pickle.dumps({"format": 2, "version": "0.1.0", "entries": Bomb(), "stats": {}})


def test_a_committed_pickle_never_runs(make_project, tmp_path, cli) -> None:
    """The old cache was a pickle read from inside the project: a pull request could ship one that ran code on lint."""
    marker = tmp_path / "ran"
    root = make_project({"src/a.js": "eval(x)"})
    (root / ".minis" / "cache").mkdir(parents=True)
    for name in ("lint.pickle", "lint-cache.json"):
        (root / ".minis" / "cache" / name).write_bytes(_pickle_bomb(marker))
    run = cli("lint", str(root), "--output-format", "concise")
    assert run.exit_code == 1 and "MN401" in run.stdout
    assert not marker.exists()
    assert run.stderr.count("integrity check failed") == 1


def test_a_forged_cache_cannot_hide_or_plant_findings(make_project, cli) -> None:
    """A well-formed cache written with another key (someone else's machine, or made up) is refused whole."""
    from minis_cli.lint import cache as cache_module
    from minis_cli.project import Project

    root = make_project({"src/a.js": "eval(x)", "src/b.js": "ok()"})
    engine.run(Project(root, environ={}), engine.LintOptions())
    path = root / ".minis" / "cache" / "lint-cache.json"
    data = path.read_bytes()
    head = len(cache_module._MAGIC)
    body = json.loads(data[head + 65 :])
    for raw in body["entries"].values():  # every finding gone, as an attacker would want
        if isinstance(raw, list) and len(raw) == 5:
            raw[3] = []
    forged_body = json.dumps(body).encode()
    other_key = b"k" * 32
    path.write_bytes(cache_module._MAGIC + cache_module._mac(other_key, forged_body) + b"\n" + forged_body)
    run = cli("lint", str(root), "--output-format", "concise")
    assert "MN401" in run.stdout and "integrity check failed" in run.stderr
    # the same body with its MAC left as it was: also refused
    path.write_bytes(data[: head + 65] + forged_body)
    assert "MN401" in cli("lint", str(root), "--output-format", "concise").stdout


def test_the_cache_key_lives_outside_the_project_and_only_its_owner_reads_it(make_project, monkeypatch, tmp_path) -> None:
    from minis_cli import localstate
    from minis_cli.project import Project

    state = tmp_path / "state"
    monkeypatch.setenv(localstate.STATE_DIR_ENV, str(state))
    root = make_project({"src/a.js": "eval(x)"})
    engine.run(Project(root, environ={}), engine.LintOptions())
    key = state / localstate.KEY_FILE
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    assert not [p for p in root.rglob("*") if p.name == localstate.KEY_FILE]
    key.chmod(0o644)  # others could read it, so could sign a cache: not trusted, said once, nothing cached
    result = engine.run(Project(root, environ={}), engine.LintOptions())
    assert result.cache_hits == 0 and len(result.notices) == 1 and "chmod 600" in result.notices[0]


def test_cache_writes_never_follow_a_planted_link(make_project, tmp_path) -> None:
    """.minis/ comes with the checkout: a link planted there must not turn a cache write into a write elsewhere."""
    from minis_cli.project import Project

    outside = tmp_path / "outside"
    outside.mkdir()
    root = make_project({"src/a.js": "eval(x)"})
    (root / ".minis").mkdir()
    (root / ".minis" / ".gitignore").symlink_to(outside / "bashrc")  # dangling: a plain write would create it
    engine.run(Project(root, environ={}), engine.LintOptions())
    assert not (outside / "bashrc").exists()
    root = make_project({"src/a.js": "eval(x)"})
    (root / ".minis").mkdir()
    (root / ".minis" / "cache").symlink_to(outside, target_is_directory=True)
    result = engine.run(Project(root, environ={}), engine.LintOptions())
    assert [d.rule_id for d in result.diagnostics] == ["MN401"] and list(outside.iterdir()) == []


def test_cache_entries_of_the_wrong_shape_are_misses(make_project) -> None:
    """Even a correctly signed file is decoded strictly: a value of the wrong shape is a miss, not a crash."""
    from minis_cli.lint.cache import ResultCache
    from minis_cli.lint.cachecodec import decode_file_result

    root = make_project({})
    cache = ResultCache.for_project(root)
    for raw in (None, [], ["a"], ["p", "frontend", "", [["x"]], []], ["p", "frontend", "", [], [["1", None]]], {"a": 1}):
        cache._old["k"] = raw
        assert cache.get("k", lambda value: decode_file_result(value, engine.FileResult)) is None


def test_parallel_run_matches_the_serial_run(make_project, monkeypatch) -> None:
    from minis_cli.project import Project

    files = {f"src/m{i}.js": f"eval(a{i}); setTimeout('t', {i});" for i in range(12)}
    files.update({f"p{i}.html": "<video></video><script>document.createElement('iframe')</script>" for i in range(5)})
    root = make_project(files)
    serial = engine.run(Project(root, environ={}), engine.LintOptions(use_cache=False, jobs=1))
    monkeypatch.setattr(engine, "_can_fork", lambda: True)  # the fork itself is under test, whatever threads pytest has
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    parallel = engine.run(Project(root, environ={}), engine.LintOptions(use_cache=False, jobs=2))
    assert parallel.diagnostics == serial.diagnostics and len(serial.diagnostics) == 34


def test_the_workers_get_chunks_of_about_equal_bytes(make_project, monkeypatch) -> None:
    """Few round trips (a 300-page corpus was 441 ms in chunks of 4 files, 396 ms in chunks of 16), every file
    in exactly one chunk, the largest first; a batch of a few big files is not one chunk for one worker."""
    from minis_cli.project import Project

    monkeypatch.setattr(engine, "_can_fork", lambda: True)  # the fork itself is under test, whatever threads pytest has
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    sizes = [40_000, 30_000] + [1_000] * 60
    root = make_project({f"src/m{i:02d}.js": "x" * size for i, size in enumerate(sizes)})
    runner = engine._FileRunner(Project(root, environ={}), engine.LintOptions(jobs=2), None, None, len(sizes))
    tasks = [engine.FileTask(str(root), f"src/m{i:02d}.js", None, (), (), ()) for i in range(len(sizes))]
    try:
        runner.add(tasks)
        [(chunks, _)] = runner.batches
        paths = [[task.path for task, _ in chunk] for chunk in chunks]
        assert sorted(path for chunk in paths for path in chunk) == sorted(task.path for task in tasks)
        assert paths[0] == ["src/m00.js"] and paths[1] == ["src/m01.js"]  # each big file alone, first
        assert len(paths) <= 2 * engine.CHUNKS_PER_WORKER + 1
        assert sorted(r.path for r in runner.finish()[0]) == sorted(task.path for task in tasks)
    finally:
        runner.close()


def test_a_worker_that_dies_loses_no_file(make_project, monkeypatch) -> None:
    """A worker killed mid-run (a crash in a parser, the OOM killer): the chunks it did not answer are checked by
    this process, and the findings are those of a run in one process."""
    import os

    from minis_cli.project import Project

    files = {f"src/m{i}.js": f"eval(a{i}); setTimeout('t', {i});" for i in range(12)}
    root = make_project(files)
    serial = engine.run(Project(root, environ={}), engine.LintOptions(use_cache=False, jobs=1))
    monkeypatch.setattr(engine, "_can_fork", lambda: True)  # the fork itself is under test, whatever threads pytest has
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    analyse = engine.analyse_file
    parent = os.getpid()

    def dying(task):
        if os.getpid() != parent and task.path == "src/m3.js":
            os._exit(9)  # this worker dies without answering
        return analyse(task)

    monkeypatch.setattr(engine, "analyse_file", dying)
    parallel = engine.run(Project(root, environ={}), engine.LintOptions(use_cache=False, jobs=2))
    assert parallel.diagnostics == serial.diagnostics and len(serial.diagnostics) == 24


@pytest.mark.parametrize("how", ["hangs", "crashes"])
def test_a_file_that_hangs_or_crashes_a_worker_never_hangs_or_crashes_the_lint(make_project, monkeypatch, how) -> None:
    """Issue 28: a stopped or stuck worker never hangs the parent. The file it was on is reported unchecked (MN023),
    never checked again in this process (where it would hang or crash the lint too); its neighbours are checked."""
    import os
    import signal
    import time

    from minis_cli.project import Project

    files = {f"src/m{i}.js": f"eval(a{i}); setTimeout('t', {i});" for i in range(12)}
    root = make_project(files)
    serial = engine.run(Project(root, environ={}), engine.LintOptions(use_cache=False, jobs=1))
    monkeypatch.setattr(engine, "_can_fork", lambda: True)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    # short, so a hanging file ends the test soon; not so short that a neighbour a loaded machine checks slowly (a
    # forked worker's first file) passes it too: at 1 s, index.html did in a fresh clone's make test
    monkeypatch.setattr(engine, "FILE_DEADLINE_SECONDS", 4.0)
    analyse = engine.analyse_file

    def hostile(task):
        if task.path == "src/m3.js":
            if how == "hangs":
                time.sleep(3600)  # in a worker or in this process alike: only the deadline ends it
            import faulthandler

            faulthandler.disable()  # pytest's handler would print the worker's stack: noise, not a failure
            os.kill(os.getpid(), signal.SIGSEGV)  # a parser bug
        return analyse(task)

    monkeypatch.setattr(engine, "analyse_file", hostile)
    started = time.monotonic()
    parallel = engine.run(Project(root, environ={}), engine.LintOptions(use_cache=True, jobs=2))
    assert time.monotonic() - started < 30
    unchecked = [d for d in parallel.diagnostics if d.path == "src/m3.js"]
    assert [d.rule_id for d in unchecked] == ["MN023"] and "was not checked" in unchecked[0].message
    expected = "more than 4 s" if how == "hangs" else "the checker crashed on it (signal 11)"
    assert expected in unchecked[0].message
    assert [d for d in parallel.diagnostics if d.path != "src/m3.js"] == [d for d in serial.diagnostics if d.path != "src/m3.js"]
    monkeypatch.setattr(engine, "analyse_file", analyse)  # fixed: the next run checks it (a given-up file is not cached)
    again = engine.run(Project(root, environ={}), engine.LintOptions(use_cache=True, jobs=2))
    assert again.diagnostics == serial.diagnostics


def test_an_error_in_the_caller_stops_the_workers(make_project, monkeypatch) -> None:
    import os

    from minis_cli.project import Project

    monkeypatch.setattr(engine, "_can_fork", lambda: True)  # the fork itself is under test, whatever threads pytest has
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    root = make_project({f"src/m{i}.js": "eval(x);" for i in range(6)})
    runner = engine._FileRunner(Project(root, environ={}), engine.LintOptions(jobs=2), None, None, 6)
    runner.add([engine.FileTask(str(root), f"src/m{i}.js", None, (), (), ()) for i in range(6)])
    children = [pid for _, workers in runner.batches for pid, _ in workers.children]
    assert children
    runner.close()  # what run() does when the page build raises
    for pid in children:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped: no zombie left


# --- rules, rule, the docs' table ----------------------------------------------------------------


def test_rules_table_lists_every_rule(cli) -> None:
    out = cli("rules").stdout
    assert out.count("\nMN") == len(all_rules()) and "client-key-mismatch" in out


def test_rule_explains_with_both_examples(cli) -> None:
    out = cli("rule", "MN104").stdout
    assert out.startswith("MN104 client-key-mismatch (error)")
    assert "Example that fails" in out and 'clientKey: "awsample999"' in out
    assert "Example that passes" in out and "What to try" in out
    assert cli("rule", "client-key-mismatch").stdout == out


def test_unknown_rule_suggests_the_nearest(cli) -> None:
    run = cli("rule", "MN140")
    assert run.exit_code == 2 and "Did you mean" in run.stderr


def test_the_docs_rule_table_is_the_rules_markdown_with_each_id_linked_to_its_page() -> None:
    page = (REPO / "docs" / "rules" / "index.md").read_text()
    table = page.split("<!-- gen:rules -->\n\n", 1)[1].split("\n\n<!-- /gen:rules -->", 1)[0] + "\n"
    assert re.sub(r"\[(MN\d+)\]\(\1\.md\)", r"\1", table) == rules_markdown(), "docs/rules/index.md drifted: `make docs-gen`"
    assert all((REPO / "docs" / "rules" / f"{rule.id}.md").exists() for rule in all_rules())


# --- entry points --------------------------------------------------------------------------------


def test_python_dash_m_and_version() -> None:
    out = subprocess.run([sys.executable, "-m", "minis_cli", "--version"], capture_output=True, text=True, check=True).stdout
    assert re.fullmatch(r"minis-py \d+\.\d+\.\d+\n", out)


def test_handled_errors_never_show_a_traceback_unless_asked(cli, make_project) -> None:
    root = make_project()
    run = cli("lint", "--select", "NOPE", cwd=root)
    assert "Traceback" not in run.stderr and run.exit_code == 2
    run = cli("--traceback", "lint", "--select", "NOPE", cwd=root)
    assert "Traceback" in run.stderr and run.stderr.rstrip().endswith("`minis-py rules` lists every rule id.")


@pytest.mark.parametrize("argv", [["lint", "--max-warnings", "-1"], ["lint", "--bogus"], ["frobnicate"]])
def test_parser_errors_exit_2(cli, argv) -> None:
    assert cli(*argv).exit_code == 2


def test_version_is_answered_before_the_cli_is_imported() -> None:
    """`minis-py --version` costs a Python start-up (issue 16): typer and click are never imported for it."""
    code = (
        "import sys; sys.argv = ['minis-py', '--version']\nfrom minis_cli.__main__ import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    print('typer' in sys.modules, e.code)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    from minis_cli import __version__

    assert done.stdout.splitlines() == [f"minis-py {__version__}", "False 0"]


def test_a_process_with_other_threads_is_not_forked(make_project, monkeypatch) -> None:
    """`minis-py dev` re-checks in a process that runs the mock and the preview: it checks in one process."""
    import threading

    from minis_cli.project import Project

    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    root = make_project({f"src/m{i}.js": "eval(x);" for i in range(6)})
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        runner = engine._FileRunner(Project(root, environ={}), engine.LintOptions(jobs=2), None, None, 6)
        runner.add([engine.FileTask(str(root), f"src/m{i}.js", None, (), (), ()) for i in range(6)])
        assert runner.batches == [] and len(runner.finish()[0]) == 6
    finally:
        stop.set()
        other.join()


def test_a_refused_fork_leaves_the_work_to_this_process(make_project, monkeypatch) -> None:
    """A process limit or too many open files while starting workers: the workers started share the chunks,
    or this process checks them; no descriptor is left open."""
    import os

    from minis_cli.project import Project

    monkeypatch.setattr(engine, "_can_fork", lambda: True)
    monkeypatch.setattr(engine, "PARALLEL_MIN_BYTES", 0)
    root = make_project({f"src/m{i}.js": f"eval(a{i});" for i in range(8)})
    serial = engine.run(Project(root, environ={}), engine.LintOptions(use_cache=False, jobs=1))
    real_fork = os.fork
    for allowed in (0, 1):

        def fork(forks: list[int] = [allowed]) -> int:  # noqa: B006  # the count of forks still allowed, per round
            if forks[0] <= 0:
                raise OSError(11, "Resource temporarily unavailable")
            forks[0] -= 1
            return real_fork()

        monkeypatch.setattr(os, "fork", fork)
        before = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
        result = engine.run(Project(root, environ={}), engine.LintOptions(use_cache=False, jobs=4))
        assert result.diagnostics == serial.diagnostics
        if before is not None:
            assert len(os.listdir("/proc/self/fd")) == before


def test_a_file_read_while_racy_keeps_no_signature(tmp_path, monkeypatch) -> None:
    """Whether a file is racy is decided where it is read (the worker), not when the answers are collected."""
    from minis_cli.lint import cache as cache_module

    path = tmp_path / "a.js"
    path.write_text("eval(x);")
    _, content = engine._read_and_digest(path)
    assert content is not None and content[0] is None  # just written: racy, no signature to trust later
    monkeypatch.setattr(cache_module, "_SETTLED_NS", -1)  # as if read long after its last change
    _, content = engine._read_and_digest(path)
    assert content is not None and content[0] is not None and content[0][0] == len("eval(x);")

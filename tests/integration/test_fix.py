"""`lint --fix`, `--unsafe-fixes`, `--diff`, `--fix-only` (issue 15): every rule with a fix turns its documented bad
example into its documented good example; edits keep every other byte; machine formats carry the fixes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest

from minis_cli.lint.rules import all_rules, example_files

FIXABLE = [rule for rule in all_rules() if rule.autofix != "none"]
SARIF_SCHEMA = Path(__file__).resolve().parents[1] / "data" / "sarif-schema-2.1.0.json"  # shipped with the tests (tests/data/README.md)
REAL_WORLD = Path(__file__).resolve().parents[1] / "fixtures" / "real_world"


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".minis" not in p.parts}


def test_rules_document_whether_they_fix() -> None:
    from minis_cli.lint.rules import NO_FIX_BECAUSE

    for rule in all_rules():
        assert rule.autofix in ("safe", "unsafe", "none"), rule.id
        assert len(rule.autofix_note) > 20, rule.id  # what the fix does, or why there is none
        if rule.autofix == "none":  # each rule says why, in its own words (the family text is only a fallback)
            assert rule.autofix_note != NO_FIX_BECAUSE[rule.id[:3]], rule.id
    assert {r.id for r in FIXABLE} >= {"MN101", "MN102", "MN103", "MN104", "MN105", "MN106", "MN109"}


@pytest.mark.parametrize("rule", FIXABLE, ids=[r.id for r in FIXABLE])
def test_the_fix_turns_the_bad_example_into_the_good_one(rule, cli, make_project) -> None:
    root = make_project(dict(rule.bad.files))
    args = [
        "lint",
        "--fix",
        "--no-cache",
        *(["--unsafe-fixes"] if rule.autofix == "unsafe" else []),
        *(["--client-key", rule.bad.client_key] if rule.bad.client_key else []),
    ]
    run = cli(*args, cwd=root, environ=dict(rule.bad.environ))
    assert "Fixed " in run.stderr, run.stderr + run.stdout
    good = {path: content.encode() if isinstance(content, str) else content for path, content in example_files(rule.good).items()}
    fixed = files_of(root)
    for path, content in rule.good.files.items():  # byte for byte, every file the docs show
        if content is not None:
            assert fixed[path] == good[path], f"{rule.id}: {path}\n{fixed[path].decode()}"
    again = cli(*args, cwd=root, environ=dict(rule.bad.environ))  # idempotent
    assert "Nothing to fix." in again.stderr and files_of(root) == fixed
    if rule.autofix == "unsafe":  # and without the flag, nothing
        root2 = make_project(dict(rule.bad.files))
        before = files_of(root2)
        assert "Nothing to fix." in cli("lint", "--fix", "--no-cache", cwd=root2).stderr and files_of(root2) == before


def test_marks_summary_json_and_sarif(cli, make_project) -> None:
    rule = next(r for r in FIXABLE if r.id == "MN104")
    root = make_project(dict(rule.bad.files))
    concise = cli("lint", "--output-format", "concise", "--no-cache", cwd=root)
    assert "MN104 [*] clientKey 'awsample999'" in concise.stdout and concise.stdout.rstrip().endswith("1 fixable with --fix")
    assert concise.exit_code == 1
    found = cli("lint", "--output-format", "json", "--no-cache", cwd=root).json()
    fix = next(d["fix"] for d in found if d["rule"] == "MN104")
    assert fix["applicability"] == "safe" and len(fix["edits"]) == 1
    edit = fix["edits"][0]
    text = (root / "index.html").read_text()
    assert text[edit["offset"] : edit["end_offset"]] == "awsample999" and edit["content"] == "awexample123"
    assert text.splitlines()[edit["line"] - 1][edit["column"] - 1 : edit["end_column"] - 1] == "awsample999"
    log = cli("lint", "--output-format", "sarif", "--no-cache", cwd=root).json()
    jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text()))
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "MN104")
    replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
    assert replacement["insertedContent"]["text"] == "awexample123" and replacement["deletedRegion"]["startLine"] == edit["line"]


def test_crlf_and_bom_and_every_other_byte_survive(cli, make_project) -> None:
    rule = next(r for r in FIXABLE if r.id == "MN104")
    page = "\ufeff" + rule.bad.files["index.html"].replace("\n", "\r\n")
    root = make_project({"index.html": page})
    raw = (root / "index.html").read_bytes()
    assert cli("lint", "--fix", "--no-cache", cwd=root).exit_code == 0
    fixed = (root / "index.html").read_bytes()
    assert fixed == raw.replace(b"awsample999", b"awexample123") and fixed.startswith(b"\xef\xbb\xbf") and b"\r\n" in fixed


def test_diff_writes_nothing_and_says_what_fix_would_do(cli, make_project) -> None:
    root = make_project({"index.html": next(r for r in FIXABLE if r.id == "MN109").bad.files["index.html"]})
    before = files_of(root)
    run = cli("lint", "--diff", "--no-cache", cwd=root)
    assert run.exit_code == 1 and files_of(root) == before
    assert "--- a/index.html" in run.stdout and '+  <script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>' in run.stdout
    clean = make_project({})
    assert cli("lint", "--diff", "--no-cache", cwd=clean).exit_code == 0
    assert cli("lint", "--diff", "--fix", cwd=clean).exit_code == 2


@pytest.mark.skipif(shutil.which("patch") is None, reason="patch is not installed")
@pytest.mark.parametrize("name", sorted(p.name for p in REAL_WORLD.iterdir() if p.is_dir()))
def test_diff_applied_with_patch_is_what_fix_writes(cli, tmp_path, name: str) -> None:
    source = REAL_WORLD / name
    target = json.loads((source / "expected.json").read_text())["lint"]
    one, two = tmp_path / "one", tmp_path / "two"
    shutil.copytree(source, one)
    shutil.copytree(source, two)
    diff = cli("lint", target, "--diff", "--no-cache", cwd=one)
    assert files_of(one) == files_of(source)  # --diff writes nothing
    cli("lint", target, "--fix", "--no-cache", cwd=two)
    if diff.stdout:
        subprocess.run(["patch", "-s", "-p1", "-d", str(one / target)], input=diff.stdout, text=True, check=True)
    assert files_of(one) == files_of(two)


def test_a_read_only_file_is_named_and_the_others_are_still_fixed(cli, make_project, monkeypatch) -> None:
    page = next(r for r in FIXABLE if r.id == "MN109").bad.files["index.html"]
    config = '{\n  "dev": { "clientKey": "replace_with_client_key" }\n}\n'
    root = make_project({"index.html": page, "minis.config.json": config})
    (root / "index.html").chmod(0o444)
    if os.geteuid() == 0:  # root may write a read-only file: make the check see what a user's shell would
        import minis_cli.fixes

        real = os.access
        monkeypatch.setattr(minis_cli.fixes.os, "access", lambda p, mode: False if Path(p).name == "index.html" else real(p, mode))
    run = cli("lint", "--fix", "--no-cache", "--client-key", "awexample123", cwd=root)
    assert "index.html: not fixed: the file is read-only" in run.stderr, run.stderr
    assert (root / "index.html").read_text() == page
    assert '"clientKey": "awexample123"' in (root / "minis.config.json").read_text()


def test_a_file_changed_on_disk_meanwhile_is_not_written(make_project) -> None:
    from minis_cli.lint.fixing import fix_project, write
    from minis_cli.lint.model import LintOptions
    from minis_cli.project import Project

    root = make_project({"index.html": next(r for r in FIXABLE if r.id == "MN104").bad.files["index.html"]})
    fixed = fix_project(Project(root, environ={}), LintOptions(use_cache=False))
    assert list(fixed.files) == ["index.html"]
    (root / "index.html").write_text("someone else's edit\n")
    assert write(fixed) == ["index.html: not fixed: " + f"{root / 'index.html'} changed on disk since it was read"]
    assert (root / "index.html").read_text() == "someone else's edit\n"


def test_fix_then_reports_what_is_left_with_its_exit_code(cli, make_project) -> None:
    page = next(r for r in FIXABLE if r.id == "MN104").bad.files["index.html"].replace("</head>", '  <script>eval("1")</script>\n</head>')
    root = make_project({"index.html": page})
    run = cli("lint", "--fix", "--output-format", "concise", "--no-cache", cwd=root)
    assert "Fixed 1 finding in 1 file." in run.stderr
    assert "MN104" not in run.stdout and "MN401" in run.stdout and run.exit_code == 1
    only = cli("lint", "--fix-only", "--output-format", "concise", "--no-cache", cwd=root)
    assert only.stdout == "" and only.exit_code == 0 and "Nothing to fix." in only.stderr


def test_dev_says_when_lint_fix_would_mend_what_blocks_it(make_project) -> None:
    import sys

    rule = next(r for r in FIXABLE if r.id == "MN104")
    root = make_project(dict(rule.bad.files))
    done = subprocess.run([sys.executable, "-m", "minis_cli", "dev", "--no-watch"], cwd=root, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "run `minis-py lint --fix` to mend it" in done.stderr, done.stderr  # one error: "it"


# --- a concurrent edit is never lost (issue 28) ---------------------------------------------------------

# Another program saving the file at the same moment: told when to write over a pipe, it waits that many
# microseconds (busy, for precision), then saves "edited-N" in place (truncate and write, as most editors) or
# through its own temp file and a rename (as others do), and answers.
CONCURRENT_WRITER = r"""
import os, sys, time
path = sys.argv[1]
for line in sys.stdin:
    delay, how, n = line.split()
    until = time.perf_counter() + int(delay) / 1e6
    while time.perf_counter() < until:
        pass
    data = f"edited-{n}".encode()
    if how == "inplace":
        with open(path, "wb") as out:
            out.write(data)
    else:
        with open(path + ".editor-tmp", "wb") as out:
            out.write(data)
        os.replace(path + ".editor-tmp", path)
    print("done", flush=True)
"""


def race_a_concurrent_writer(tmp_path: Path, write, rounds: int) -> tuple[int, int, list[str]]:
    """(fixes written, fixes refused, rounds that lost the other program's edit)."""
    import random
    import sys
    import time

    from minis_cli.fixes import ChangedOnDisk

    target = tmp_path / "page.js"
    target.write_text("original")
    started = time.perf_counter()
    for _ in range(20):
        write(target, "fixed", expected="original")
        target.write_text("original")
    span = max(int((time.perf_counter() - started) / 20 * 1e6 * 2), 200)  # twice a write's duration, in µs
    writer = subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdin is not None and writer.stdout is not None
    written = refused = 0
    lost = []
    chance = random.Random(28)
    try:
        for n in range(rounds):
            target.write_text("original")
            writer.stdin.write(f"{chance.randrange(span)} {'inplace' if n % 2 else 'rename'} {n}\n")
            writer.stdin.flush()
            try:
                write(target, "fixed", expected="original")
                written += 1
            except ChangedOnDisk:
                refused += 1
            assert writer.stdout.readline() == "done\n"
            if target.read_text() != f"edited-{n}":
                lost.append(f"round {n}: {target.read_text()!r}")
    finally:
        writer.stdin.close()
        writer.wait(timeout=10)
    leftovers = sorted(p.name for p in tmp_path.iterdir() if p.name != "page.js")
    assert leftovers == [], leftovers
    return written, refused, lost


def test_a_concurrent_edit_is_never_overwritten_by_a_fix(tmp_path: Path) -> None:
    """Issue 28: the check that the file still holds what was read and the rename were two steps, so an edit
    saved between them was replaced by the fix. The other program saves once a round, at a random moment
    around the fix's write; whatever the timing, its edit is what the file holds afterwards."""
    from minis_cli.fixes import write_atomic

    written, refused, lost = race_a_concurrent_writer(tmp_path, write_atomic, 400)
    assert lost == []
    assert written and refused  # the race was run on both sides of the window


def test_an_edit_landing_between_the_last_check_and_the_rename_is_put_back(tmp_path: Path, monkeypatch) -> None:
    """The narrowest window, made wide: the other program saves right after the last check, before the exchange
    (in place, then by a rename of its own); the fix is refused and the edit is in the file."""
    from minis_cli import fixes
    from minis_cli.fixes import ChangedOnDisk, write_atomic

    target = tmp_path / "page.js"
    real = fixes._exchange
    for how in ("inplace", "rename"):
        target.write_text("original")
        calls = []

        def meddling(a: Path, b: Path, how: str = how, calls: list = calls) -> bool | None:
            if not calls:
                if how == "inplace":
                    with open(target, "r+b") as out:  # no truncation: only the content says it changed
                        out.write(b"EDITED!!")
                else:
                    (tmp_path / "theirs").write_text("edited by rename")
                    os.replace(tmp_path / "theirs", target)
            calls.append(1)
            return real(a, b)

        monkeypatch.setattr(fixes, "_exchange", meddling)
        with pytest.raises(ChangedOnDisk, match="the edit was kept"):
            write_atomic(target, "fixed", expected="original")
        assert target.read_text() == ("EDITED!!" if how == "inplace" else "edited by rename")
        assert sorted(p.name for p in tmp_path.iterdir()) == ["page.js"]


def test_without_an_atomic_exchange_a_hard_link_keeps_the_edit(tmp_path: Path, monkeypatch) -> None:
    """Where the OS has no exchange (or the file system refuses it): the old file stays reachable through a hard
    link, so an in-place edit made between the check and the rename is still seen and put back."""
    from minis_cli import fixes
    from minis_cli.fixes import ChangedOnDisk, write_atomic

    target = tmp_path / "page.js"
    target.write_text("original")
    real_replace = os.replace

    def meddling_replace(a, b) -> None:
        if Path(b) == target and Path(a).name.endswith(".minis-tmp") and target.read_text() == "original":
            with open(target, "r+b") as out:
                out.write(b"EDITED!!")
        real_replace(a, b)

    monkeypatch.setattr(fixes, "_exchange", lambda a, b: False)
    monkeypatch.setattr(fixes.os, "replace", meddling_replace)
    with pytest.raises(ChangedOnDisk, match="the edit was kept"):
        write_atomic(target, "fixed", expected="original")
    assert target.read_text() == "EDITED!!"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.js"]
    target.write_text("original")
    monkeypatch.setattr(fixes.os, "replace", real_replace)
    write_atomic(target, "fixed", expected="original")
    assert target.read_text() == "fixed" and sorted(p.name for p in tmp_path.iterdir()) == ["page.js"]


def test_a_fixed_file_keeps_its_mode_and_a_new_one_gets_the_usual_mode(tmp_path: Path) -> None:
    from minis_cli.fixes import write_atomic

    kept = tmp_path / "kept.js"
    kept.write_text("a")
    os.chmod(kept, 0o751)
    write_atomic(kept, "b", expected="a")
    assert kept.stat().st_mode & 0o7777 == 0o751
    previous = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.json", "{}")
    finally:
        os.umask(previous)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o640  # 0666 less the umask, not mkstemp's 0600

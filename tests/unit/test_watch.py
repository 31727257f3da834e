"""dev's watchers on a real folder (watchfiles, real file writes): an engine's rebuild reloads the game once, however
many files it writes; a source change re-runs the checks and says what changed."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from minis_cli.dev import watch


def _wait(predicate, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()


def test_a_rebuild_reloads_the_game_once(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(watch, "BUILD_SETTLE_MS", 300)
    build = tmp_path / "build" / "wechatgame"
    build.mkdir(parents=True)
    reloads: list[float] = []
    said: list[str] = []
    watcher = watch.BuildWatcher(build, lambda: reloads.append(time.monotonic()), said.append).start()
    try:
        time.sleep(0.3)  # watching
        for round_ in range(2):
            for i in range(20):  # an engine writes its build over a moment
                (build / f"file{i}.js").write_text(f"// build {round_} {i}\n")
                time.sleep(0.005)
            want = round_ + 1
            assert _wait(lambda want=want: len(reloads) == want), (round_, reloads)
            time.sleep(0.8)  # quiet: no second reload for the same build
            assert len(reloads) == round_ + 1, reloads
        assert said and said[0].startswith("[build] wechatgame/ rebuilt (") and "the game reloads" in said[0]
    finally:
        watcher.stop()
    assert not watcher.thread.is_alive()


def test_a_source_change_rechecks_and_reports_the_difference(tmp_path: Path) -> None:
    from minis_cli.lint.model import Diagnostic, Severity
    from minis_cli.positions import Span

    finding = Diagnostic("src/a.js", Span(1, 1, 1, 2), "MN401", "eval() is not allowed", Severity.ERROR)
    current: list[Diagnostic] = []
    said: list[str] = []
    done = threading.Event()

    def say(line: str) -> None:
        said.append(line)
        if "now (" in line or "no change" in line:
            done.set()

    (tmp_path / "src").mkdir()
    watcher = watch.Watcher(tmp_path, lambda: list(current), say, []).start()
    try:
        time.sleep(0.3)
        current.append(finding)
        (tmp_path / "src" / "a.js").write_text("eval(x)\n")
        assert done.wait(10), said
        assert "[check] error: src/a.js:1:1: MN401 eval() is not allowed" in said
        assert any(line.startswith("[check] 1 error, 0 warnings now") for line in said), said
        (tmp_path / "notes.txt").write_text("not watched\n")  # neither a source nor a config file
        time.sleep(0.4)
        assert len([line for line in said if line.startswith("[check]")]) == 2, said
    finally:
        watcher.stop()

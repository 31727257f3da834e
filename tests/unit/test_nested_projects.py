"""Lint at an engine project's root checks a second engine project nested in it (issue 30, round 15), unless the
repository ignores it; a nested project with no settings of its own takes the outer project's."""

from __future__ import annotations

from pathlib import Path

from engine_projects import cocos


def test_a_nested_project_is_linted_as_its_own(cli, tmp_path: Path) -> None:
    cocos(tmp_path / "game")
    cocos(tmp_path / "game" / "Spinoff")
    run = cli("lint", "game", "--no-cache", "--output-format", "concise", "--exit-zero", cwd=tmp_path)
    assert "game/Spinoff/assets/scripts/main.ts:2:" in run.stdout and "MN505" in run.stdout
    assert "also linting Spinoff/, a Cocos Creator 3 project inside game/" in run.stderr


def test_a_gitignored_nested_project_is_not_linted_and_settings_are_inherited(cli, tmp_path: Path) -> None:
    cocos(tmp_path / "game", settings={"ignore": ["MN505", "MN509"]})
    cocos(tmp_path / "game" / "Spinoff")
    run = cli("lint", "game", "--no-cache", "--output-format", "concise", cwd=tmp_path)
    assert run.exit_code == 0 and run.stdout == "", run.stdout  # Spinoff takes the outer ignore list
    (tmp_path / "game" / ".gitignore").write_text("Spinoff/\n")
    run = cli("lint", "game", "--no-cache", "--output-format", "concise", cwd=tmp_path)
    assert "also linting" not in run.stderr


def test_with_a_cache_folder_each_nested_project_keeps_its_own_cache(tmp_path: Path, monkeypatch) -> None:
    """MINIS_CACHE_DIR holds one cache file per project: a folder of several games (each linted as its own project)
    wrote one file in turn, so each run found the other project's entries and re-checked everything."""
    from minis_cli.lint import engine
    from minis_cli.lint.cache import CACHE_ENV, ResultCache
    from minis_cli.project import Project

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "caches"))
    cocos(tmp_path / "a")
    cocos(tmp_path / "b")
    assert ResultCache.for_project(tmp_path / "a").path != ResultCache.for_project(tmp_path / "b").path
    assert ResultCache.for_project(tmp_path / "a").path == ResultCache.for_project(tmp_path / "a").path
    for _ in range(2):
        hits = [engine.run(Project(tmp_path / name, environ={}), engine.LintOptions()).cache_hits for name in ("a", "b")]
    assert all(hits) and not (tmp_path / "a" / ".minis").exists()

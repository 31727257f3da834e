"""Operating-system litter is never a project's file (held-out round 6 of issue 30: a repository holding a Mac-made zip's
`__MACOSX/` tree got MN017 "not valid UTF-8" on an AppleDouble `._UNBridge.min.js`, an error that blocked dev). One
predicate, source.files.is_litter, for lint's file list, the dev watcher and both kinds of build."""

from __future__ import annotations

import pytest

from minis_cli.project import Project
from minis_cli.source.files import is_litter, language_of

APPLEDOUBLE = bytes.fromhex("00051607 00020000") + b"Mac OS X        " + b"\x00\x01\xb0"  # RFC 1740's header, then not UTF-8


@pytest.mark.parametrize("path", ["._app.js", "src/._main.ts", "._index.html", "__MACOSX/src/._App.vue", "__MACOSX/app.js"])
def test_macos_zip_litter_has_no_language(path: str) -> None:
    assert language_of(path) is None


@pytest.mark.parametrize("path", ["app.js", "src/_main.ts", ".eslintrc.js", "src/.hidden/util.js", "MACOSX/app.js"])
def test_a_project_file_keeps_its_language(path: str) -> None:
    assert language_of(path) is not None


def test_litter_names() -> None:
    assert all(is_litter(name) for name in (".DS_Store", "Thumbs.db", "desktop.ini", "._game.js", "._"))
    assert not any(is_litter(name) for name in ("game.js", ".env", "_game.js", ".gitignore"))


def test_lint_lists_no_litter(make_project) -> None:
    litter = {"src/._main.js": APPLEDOUBLE, "__MACOSX/src/._main.js": APPLEDOUBLE, "__MACOSX/._index.html": APPLEDOUBLE}
    root = make_project({"src/main.js": "export const n = 1;\n", **litter})
    paths = [f.path for f in Project(root, environ={}).files]
    assert "src/main.js" in paths and not [p for p in paths if "._" in p or "__MACOSX" in p], paths


def test_the_dev_watcher_ignores_litter(tmp_path) -> None:
    from minis_cli.dev.watch import Watcher

    watcher = Watcher(tmp_path, list, lambda _: None, [])
    assert watcher.relevant(None, str(tmp_path / "src" / "main.js"))
    assert not watcher.relevant(None, str(tmp_path / "src" / "._main.js"))

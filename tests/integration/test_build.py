"""`minis-py build`: the built output checked (MN3xx, MN4xx), then packaged as a reproducible minis.zip."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from minis_cli.build import MANIFEST_FILENAME, MAX_BYTES, WARN_BYTES

BUNDLE = "const api = (path) => fetch(path).then((r) => r.json());\nexport default api;\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000") + bytes(range(40))


@pytest.fixture
def built(make_project: Callable[..., Path]) -> Callable[..., Path]:
    """A project whose own build has written dist/: the page, a bundle, an image."""

    def make(extra: dict[str, str | bytes | None] | None = None, config: dict | None = None) -> Path:
        root = make_project({"minis.config.json": json.dumps(config or {"clientKey": "awexample123", "build": {"outputDir": "dist"}}, indent=2) + "\n"})
        page = (root / "index.html").read_text().replace('<script type="module" src="/src/main.js"></script>', "")
        files: dict[str, str | bytes | None] = {
            "dist/index.html": page.replace("</body>", '<script type="module" src="/assets/index-3f2a.js"></script>\n</body>'),
            "dist/assets/index-3f2a.js": BUNDLE,
            "dist/img/logo.png": PNG,
        }
        files.update(extra or {})
        for path, content in files.items():
            target = root / path
            if content is None:
                target.unlink(missing_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode())
        return root

    return make


def zip_listing(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def manifest_files(children: list, prefix: str = "") -> set[str]:
    found = set()
    for child in children:
        assert set(child) == ({"type", "name", "children"} if child["type"] == "folder" else {"type", "name"}), child
        assert "/" not in child["name"]  # base names, folders nested
        path = prefix + child["name"]
        if child["type"] == "folder":
            found |= manifest_files(child["children"], path + "/")
        else:
            assert child["type"] == "file"
            found.add(path)
    return found


def assert_nothing_written(root: Path) -> None:
    assert not (root / "minis.zip").exists()
    assert not (root / "dist" / MANIFEST_FILENAME).exists()
    assert not (root / "dist" / "minis.config.json").exists()
    assert not [p for p in root.iterdir() if p.name.startswith(".minis.zip.")], "a temp file was left behind"


def test_build_packages_the_output_with_config_and_manifest(built, cli) -> None:
    root = built()
    result = cli("build", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "minis.zip" in result.stdout and "checked 2 HTML/JS files" in result.stdout
    assert "assets/index-3f2a.js" in result.stdout  # among the largest files

    entries = zip_listing(root / "minis.zip")
    assert list(entries) == sorted(entries)
    assert set(entries) == {"index.html", "assets/index-3f2a.js", "img/logo.png", "minis.config.json", MANIFEST_FILENAME}
    assert entries["minis.config.json"] == (root / "minis.config.json").read_bytes()
    assert entries["img/logo.png"] == PNG

    manifest = json.loads(entries[MANIFEST_FILENAME])
    assert manifest == json.loads((root / "dist" / MANIFEST_FILENAME).read_text())
    assert set(manifest) == {"name", "resource_list"} and manifest["name"] == MANIFEST_FILENAME  # TikTok's CLI's shape
    assert manifest_files(manifest["resource_list"]) == set(entries)  # every packaged file, the manifest too
    assert {"type": "folder", "name": "assets", "children": [{"type": "file", "name": "index-3f2a.js"}]} in manifest["resource_list"]

    with zipfile.ZipFile(root / "minis.zip") as archive:
        assert archive.testzip() is None
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.external_attr >> 16 == 0o100644
        assert archive.getinfo("img/logo.png").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("assets/index-3f2a.js").compress_type == zipfile.ZIP_DEFLATED


def test_the_same_input_gives_byte_identical_zips(built, cli, tmp_path: Path) -> None:
    root = built()
    assert cli("build", cwd=root).exit_code == 0
    first = (root / "minis.zip").read_bytes()
    # Other mtimes, other permissions, another place on disk, another walk order: the same bytes.
    moved = tmp_path / "elsewhere" / "copy"
    shutil.copytree(root, moved)
    (moved / "minis.zip").unlink()
    for path in (moved / "dist").rglob("*"):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    (moved / "dist" / "index.html").chmod(0o600)
    assert cli("build", "copy", "--out", "out/again.zip", cwd=moved.parent).exit_code == 0
    assert (moved.parent / "out" / "again.zip").read_bytes() == first
    assert cli("build", cwd=root).exit_code == 0
    assert (root / "minis.zip").read_bytes() == first


def test_zero_byte_files_are_refused_by_name_and_nothing_is_written(built, cli) -> None:
    root = built({"dist/assets/empty.js": "", "dist/fonts/blank.woff2": b""})
    result = cli("build", cwd=root)
    assert result.exit_code == 1
    assert "2 empty files" in result.stderr
    assert "dist/assets/empty.js" in result.stderr and "dist/fonts/blank.woff2" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert_nothing_written(root)


@pytest.mark.parametrize("where", ["environ", "dotenv"])
def test_a_secret_planted_in_the_bundle_is_caught_by_mn301(built, cli, where: str) -> None:
    secret = "tt5ecretVa1ue-9f8e7d6c"
    root = built({"dist/assets/index-3f2a.js": BUNDLE + f'const k="{secret}";\n', ".env": f"TIKTOK_CLIENT_SECRET={secret}\n" if where == "dotenv" else None})
    environ = {"TIKTOK_CLIENT_SECRET": secret} if where == "environ" else {}
    result = cli("build", "--output-format", "concise", cwd=root, environ=environ)
    assert result.exit_code == 1, result.stdout
    assert "dist/assets/index-3f2a.js:3:10: MN301" in result.stdout
    assert secret not in result.stdout + result.stderr  # reported masked
    assert "nothing was packaged" in result.stderr
    assert_nothing_written(root)


def test_platform_rules_run_on_every_built_file_even_node_looking_ones(built, cli) -> None:
    # A bundle that mentions process.env would count as backend in the source tree; in the output it ships.
    root = built({"dist/assets/vendor.js": 'var mode=process.env.NODE_ENV;setTimeout("tick()",5);\n'})
    result = cli("build", "--output-format", "github", cwd=root)
    assert result.exit_code == 1
    assert "::error file=dist/assets/vendor.js,line=1,col=42" in result.stdout and "MN403" in result.stdout
    assert_nothing_written(root)


def test_a_native_video_in_the_built_drama_is_refused(built, cli) -> None:
    """minis-player (Nov 24, 2026): "After you submit mini drama content for review, you must play it with Mini Drama
    Player. Third-party players and native HTML video aren't allowed": MN408 is a warning in lint, an error in build."""
    root = built({"dist/assets/index-3f2a.js": BUNDLE + "const v = document.createElement('video');\n"})
    result = cli("build", "--output-format", "concise", cwd=root)
    assert result.exit_code == 1
    assert "dist/assets/index-3f2a.js:3:11: MN408" in result.stdout and "nothing was packaged" in result.stdout + result.stderr
    assert_nothing_written(root)


def test_settings_in_package_json_apply_to_the_build_checks(built, cli) -> None:
    bad = {"dist/assets/vendor.js": 'setTimeout("tick()",5);\n'}
    root = built(bad)
    package = json.loads((root / "package.json").read_text())
    package["minis-py"] = {"per-file-ignores": {"dist/assets/vendor.js": ["MN403"]}}
    (root / "package.json").write_text(json.dumps(package))
    assert cli("build", cwd=root).exit_code == 0


def test_warnings_are_shown_and_the_build_goes_on(built, cli) -> None:
    config = {"clientKey": "awexample123", "build": {"outputDir": "dist"}, "domain": {"trustedDomains": ["https://api.example.com"]}}
    root = built({"dist/assets/index-3f2a.js": BUNDLE + 'fetch("https://tracker.example.net/x");\n'}, config=config)
    result = cli("build", "--output-format", "concise", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "dist/assets/index-3f2a.js:3:7: MN407" in result.stdout and "1 warning" in result.stdout
    assert (root / "minis.zip").exists()


def test_a_secret_in_the_config_is_refused_because_the_config_ships(built, cli) -> None:
    config = {"clientKey": "awexample123", "client_secret": "s3cr3t-value-1234", "build": {"outputDir": "dist"}}
    root = built(config=config)
    result = cli("build", "--output-format", "concise", cwd=root)
    assert result.exit_code == 1 and "minis.config.json:3:3: MN009" in result.stdout
    assert_nothing_written(root)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"config": {"clientKey": "awexample123"}}, "does not say where the build output is"),
        ({"files": {"dist/index.html": None}}, "has no entry HTML (dist/index.html)"),
        ({"config": {"clientKey": "awexample123", "build": {"outputDir": "out"}}}, "the build output out/ does not exist"),
        ({"config": {"clientKey": "awexample123", "build": {"outputDir": "."}}}, "not the project itself"),
        ({"config": {"clientKey": "awexample123", "build": {"outputDir": "../elsewhere"}}}, "must be a folder inside the project"),
    ],
)
def test_a_missing_output_or_entry_is_a_clear_error(built, cli, change: dict, message: str) -> None:
    root = built(change.get("files"), config=change.get("config"))
    result = cli("build", cwd=root)
    assert result.exit_code == 1
    assert message in result.stderr and "hint:" in result.stderr and "Traceback" not in result.stderr


def test_malformed_config_names_line_and_column(built, cli) -> None:
    root = built()
    (root / "minis.config.json").write_text('{\n  "build": { "outputDir": "dist", }\n}\n')
    result = cli("build", cwd=root)
    assert result.exit_code == 1 and "minis.config.json:2:35:" in result.stderr


def test_a_zip_written_inside_the_output_does_not_package_itself(built, cli) -> None:
    root = built()
    assert cli("build", "--out", "dist/minis.zip", cwd=root).exit_code == 0
    assert cli("build", "--out", "dist/minis.zip", cwd=root).exit_code == 0
    assert "minis.zip" not in zip_listing(root / "dist" / "minis.zip")


def test_a_symlink_out_of_the_output_is_refused(built, cli) -> None:
    root = built()
    (root / "private.key").write_text("not for the zip\n")
    (root / "dist" / "key.txt").symlink_to(root / "private.key")
    result = cli("build", cwd=root)
    assert result.exit_code == 1 and "dist/key.txt is a symbolic link out of the build output" in result.stderr
    assert_nothing_written(root)


def test_an_unwritable_out_is_a_clear_error(built, cli, tmp_path: Path) -> None:
    root = built()
    (tmp_path / "a-file").write_text("x")
    result = cli("build", "--out", str(tmp_path / "a-file" / "minis.zip"), cwd=root)
    assert result.exit_code == 2 and "cannot write" in result.stderr and "Traceback" not in result.stderr


APPLEDOUBLE = bytes.fromhex("00051607 00020000") + b"Mac OS X        " + b"\x00\x00\xb0"  # RFC 1740's header, then not UTF-8


def test_os_litter_is_left_out(built, cli) -> None:
    litter = {"dist/.DS_Store": b"\x00\x00\x00\x01Bud1", "dist/img/Thumbs.db": b"x", "dist/desktop.ini": b"[.ShellClassInfo]"}
    macos = {"dist/assets/._index-3f2a.js": APPLEDOUBLE, "dist/__MACOSX/._index.html": APPLEDOUBLE, "dist/__MACOSX/assets/._index-3f2a.js": APPLEDOUBLE}
    root = built({**litter, **macos})
    result = cli("build", cwd=root)
    assert result.exit_code == 0, result.stderr
    listing = set(zip_listing(root / "minis.zip"))
    assert {"index.html", "assets/index-3f2a.js", "img/logo.png"} <= listing
    assert not any(name.rpartition("/")[2] in ("Thumbs.db", ".DS_Store", "desktop.ini") or "._" in name or "__MACOSX" in name for name in listing), listing


def test_macos_zip_litter_is_not_in_a_native_game_package(cli, tmp_path) -> None:
    """A native game unzipped from a Mac: the AppleDouble `._*` files and `__MACOSX/` are neither linted (no MN017 on
    their binary header) nor packed."""
    root = tmp_path / "game"
    shutil.copytree(Path(__file__).resolve().parents[1] / "fixtures" / "real_world" / "macos-zip-artefacts", root)
    (root / "expected.json").unlink()
    result = cli("build", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert sorted(zip_listing(root / "minis.zip")) == ["game.js", "game.json", "js/main.js", "project.config.json"]


def _sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)
    handle = path.open("r+b")
    handle.write(b"\x00\x00\x00\x20ftypisom")  # not empty, and stored as it is (a video is not re-compressed)
    handle.close()


def test_a_package_over_50_mb_warns(built, cli) -> None:
    root = built()
    _sparse(root / "dist" / "media" / "intro.mp4", WARN_BYTES + 1024)
    result = cli("build", cwd=root)
    assert result.exit_code == 0, result.stderr
    assert "warning: the package is 50.0 MB, over 50 MB" in result.stderr
    assert (root / "minis.zip").stat().st_size > WARN_BYTES


def test_a_package_over_200_mb_is_refused(built, cli) -> None:
    root = built()
    _sparse(root / "dist" / "media" / "season.mp4", MAX_BYTES + 1024)
    result = cli("build", cwd=root)
    assert result.exit_code == 1
    assert "over TikTok's 200 MB limit" in result.stderr
    assert_nothing_written(root)


# A build killed (SIGKILL: no clean-up runs) while it writes the zip.
KILLED_BUILD = """
import os, signal, shutil, sys
from minis_cli.cli import main
def copy(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
shutil.copyfileobj = copy
main(["build"])
"""


def test_a_killed_build_leaves_a_temp_file_the_next_build_removes(built, cli) -> None:
    """Issue 28: a killed build left `.minis.zip.*.tmp` beside the zip for ever. The next build removes what a
    dead run left, and nothing else: a live run's, another machine's, a recent one of an older minis-py."""
    import os
    import subprocess
    import sys

    from minis_cli.tempfiles import host_tag

    root = built()
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD], cwd=root, timeout=60)
    assert killed.returncode == -9
    left = [p.name for p in root.iterdir() if p.name.startswith(".minis.zip.")]
    assert len(left) == 1 and left[0].endswith(".tmp"), left
    live, abroad = f".minis.zip.{os.getpid()}-{host_tag()}-abcdefgh.tmp", ".minis.zip.1-ffffff-abcdefgh.tmp"
    kept = [live, abroad, ".minis.zip.k2_x9qzz.tmp", ".other.zip.1-000000-abcdefgh.tmp"]
    for name in kept:
        (root / name).write_text("x")
    assert cli("build", cwd=root).exit_code == 0
    assert sorted(p.name for p in root.iterdir() if p.name.endswith(".tmp")) == sorted(kept)
    assert zip_listing(root / "minis.zip")

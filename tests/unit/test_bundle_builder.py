"""Which of the project's own builds writes the bundle a native game's game.js loads before it is built (issue 30,
round 14): its entries are what the game will run, and dev's refusal names the script."""

from __future__ import annotations

import json
from pathlib import Path

from minis_cli.bundled import bundle_builder, detect_bundled


def project(tmp_path: Path, scripts: dict[str, str], files: dict[str, str]) -> Path:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "package.json").write_text(json.dumps({"name": "g", "scripts": scripts}))
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    return tmp_path


def test_an_esbuild_script_with_its_js_api(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {"test": "vitest run", "build": "node esbuild.config.mjs"},
        {"esbuild.config.mjs": "await build({ entryPoints: ['game-entry.ts'], bundle: true, outfile: 'dist/game.js' })", "game-entry.ts": ""},
    )
    assert bundle_builder(root, "./dist/game.js") == ("build", "esbuild.config.mjs", ["game-entry.ts"])
    assert bundle_builder(root, "./dist/other.js") is None


def test_the_bundlers_own_flags_and_a_folder_output(tmp_path: Path) -> None:
    root = project(tmp_path, {"bundle": "esbuild src/main.ts --bundle --outfile=out/bundle.js"}, {"src/main.ts": ""})
    assert bundle_builder(root, "./out/bundle.js") == ("bundle", "esbuild", ["src/main.ts"])
    root2 = project(
        tmp_path / "w",
        {"build": "webpack --config webpack.game.js"},
        {"webpack.game.js": "module.exports = { entry: './src/index.ts', output: { path: 'js', filename: 'bundle.js' } }", "src/index.ts": ""},
    )
    assert bundle_builder(root2, "js/bundle.js") == ("build", "webpack.game.js", ["src/index.ts"])


def test_a_script_that_only_reads_is_not_a_build(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {"check": "node --check douyin/game.js && node tools/check.mjs douyin", "lint:pkg": "node esbuild.config.mjs"},
        {"douyin/game.json": "{}", "douyin/game.js": "", "tools/check.mjs": "", "esbuild.config.mjs": "build({ outfile: 'dist/game.js' })"},
    )
    assert detect_bundled(root) is None  # the committed package is the target, not a bundler's output
    assert bundle_builder(root, "./dist/game.js") is None


def test_a_folder_with_only_the_devtools_project_file_is_the_target_and_a_build_without_game_json_is_said(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        {"dev": "vite", "build:douyin": "vite build --config vite.douyin.config.ts"},
        {
            "vite.douyin.config.ts": "export default { build: { outDir: 'douyin', lib: { entry: 'src/entry.ts' } } }",
            "douyin/project.config.json": '{"compileType": "game"}',
            "src/entry.ts": "",
        },
    )
    found = detect_bundled(root)
    assert found is not None and found.engine.outputs == ("douyin",) and found.output is None
    assert "Run `npm run build:douyin`" in found.missing_build[1]
    (root / "douyin" / "game.js").write_text("console.log(1)")  # the library build writes game.js only
    why, fix = detect_bundled(root).missing_build  # type: ignore[union-attr]
    assert why == "douyin/ has game.js but no game.json, which TikTok's runtime reads beside it"
    assert fix.startswith("Add douyin/game.json")


def test_the_build_that_writes_the_file_is_taken_over_one_writing_into_its_folder(tmp_path: Path) -> None:
    """Review of session 17: a web build into dist/ (vite.config.ts outDir) is not the build of dist/game.js when another
    script writes that file by name."""
    root = project(
        tmp_path,
        {"build": "vite build", "build:tt": "esbuild src/main.ts --bundle --outfile=dist/game.js"},
        {"vite.config.ts": "export default { build: { outDir: 'dist', rollupOptions: { input: 'src/web.ts' } } }", "src/main.ts": "", "src/web.ts": ""},
    )
    assert bundle_builder(root, "./dist/game.js") == ("build:tt", "esbuild", ["src/main.ts"])
    web_only = project(tmp_path / "w", {"build": "vite build"}, {"vite.config.ts": "export default { build: { outDir: 'dist' } }"})
    assert bundle_builder(web_only, "./dist/game.js") is None  # writes into dist/, never names game.js


def test_placeholder_keys_are_names_where_a_key_goes_not_every_key_with_a_dash() -> None:
    from minis_cli.source.sdk import placeholder_key

    assert placeholder_key("tt_devour_evolution") and placeholder_key("wx-my-game")
    assert not placeholder_key("my-app-key")  # a key chosen for the mock (init accepts it)
    assert not placeholder_key("a1b2c3d4-e5f6-7a8b-9c0d-ef1234567890")
    assert not placeholder_key("tt3daf4b12a3cb79d702")

"""Issue 30 (held-out round): files nothing loads never run in the Mini. A root page that is not a Vite build input, a
library a native game never requires and a page a static site never links to get only the package-content rules
(MN0xx, MN3xx); whatever the model cannot follow (a computed require, an unreadable build input) counts as loaded."""

from __future__ import annotations

from pathlib import Path

from minis_cli.lint import engine
from minis_cli.project import Project
from minis_cli.reachability import runs_unloaded

VITE = {
    "package.json": '{ "name": "v", "private": true, "scripts": { "dev": "vite" }, "devDependencies": { "vite": "^7.0.0" } }',
    "index.html": '<!doctype html>\n<script src="https://connect.tiktok-minis.com/drama/sdk.js"></script>\n'
    '<script type="module" src="/src/main.js"></script>\n',
    "src/main.js": "TTMinis.init({ clientKey: 'awexample123' });\n",
    "saved.html": '<!doctype html>\n<iframe src="https://elsewhere.example/"></iframe>\n',
}
NATIVE = {
    "game.json": '{ "deviceOrientation": "portrait" }',
    "project.config.json": '{ "appid": "awexample123", "compileType": "game" }',
    "game.js": "require('./js/main');\n",
    "js/main.js": "const canvas = tt.createCanvas();\n",
    "libs/dom-lib.js": "var root = document.documentElement; eval(root.dataset.code);\n",
}


def write(root: Path, files: dict[str, str]) -> Project:
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    return Project(root, environ={})


def lint(project: Project) -> list[tuple[str, str]]:
    result = engine.run(project, engine.LintOptions(use_cache=False))
    return [(d.path, d.rule_id) for d in result.diagnostics]


def test_a_root_page_that_is_no_vite_input_is_unloaded(tmp_path) -> None:
    project = write(tmp_path, VITE)
    assert list(project.unloaded) == ["saved.html"] and "not a Vite build input (index.html)" in project.unloaded["saved.html"]
    assert not [f for f in lint(project) if f[0] == "saved.html"]


def test_vite_inputs_are_read_from_rollup_options_and_a_computed_one_decides_nothing(tmp_path) -> None:
    config = "export default { build: { rollupOptions: { input: { main: resolve(__dirname, 'index.html'), saved: 'saved.html' } } } };\n"
    assert write(tmp_path, {**VITE, "vite.config.js": config}).unloaded == {}
    computed = "const pages = glob('*.html');\nexport default { build: { rollupOptions: { input: pages } } };\n"
    assert write(tmp_path, {**VITE, "vite.config.js": computed}).unloaded == {}
    other_root = "export default { root: 'web' };\n"
    assert write(tmp_path, {**VITE, "vite.config.js": other_root}).unloaded == {}


def test_a_page_the_app_names_is_loaded(tmp_path) -> None:
    project = write(tmp_path, {**VITE, "src/main.js": VITE["src/main.js"] + "export const open = () => window.open('/saved.html');\n"})
    assert project.unloaded == {}


def test_a_library_a_native_game_never_requires_gets_only_the_package_rules(tmp_path) -> None:
    project = write(tmp_path, NATIVE)
    assert list(project.unloaded) == ["libs/dom-lib.js"]
    found = lint(project)
    assert not [f for f in found if f[0] == "libs/dom-lib.js"], found  # neither MN508 (a project rule) nor MN401 (a file rule)
    required = write(tmp_path, {**NATIVE, "game.js": "require('./js/main');\nrequire('libs/dom-lib');\n"})
    assert required.unloaded == {}
    assert {"MN508", "MN401"} <= {rule for path, rule in lint(required) if path == "libs/dom-lib.js"}


def test_a_computed_require_reaches_every_file_under_its_folder(tmp_path) -> None:
    files = {**NATIVE, "js/main.js": "function level(n) { return require('../libs/' + n); }\n"}
    assert write(tmp_path, files).unloaded == {}
    files = {**NATIVE, "js/main.js": "function level(n) { return require('./levels/' + n); }\n", "js/levels/one.js": "module.exports = 1;\n"}
    assert list(write(tmp_path, files).unloaded) == ["libs/dom-lib.js"]


def test_a_page_a_static_site_never_links_to_is_unloaded_with_the_scripts_only_it_loads(tmp_path) -> None:
    files = {
        "package.json": '{ "name": "s", "private": true, "scripts": { "start": "node server.js" } }',
        "minis.config.json": '{ "clientKey": "awexample123", "build": { "outputDir": "public" } }',
        "public/index.html": '<!doctype html>\n<a href="terms.html">Terms</a>\n<script src="app.js"></script>\n',
        "public/app.js": "document.body.dataset.ready = '1';\n",
        "public/terms.html": "<script>location.replace('index.html');</script>\n",
        "public/redirect.html": '<script src="admin.js"></script>\n<script>location.replace("https://admin.example/");</script>\n',
        "public/admin.js": "location.assign('https://admin.example/login');\n",
    }
    project = write(tmp_path, files)
    assert sorted(project.unloaded) == ["public/admin.js", "public/redirect.html"]
    assert ("public/terms.html", "MN409") in lint(project)
    assert not [f for f in lint(project) if f[0] in project.unloaded]


def test_without_a_named_package_a_static_sites_pages_are_each_checked(tmp_path) -> None:
    files = {"package.json": '{ "name": "s", "scripts": { "start": "node serve.js" } }', "index.html": "<p>home</p>\n", "episode.html": "<video></video>\n"}
    project = write(tmp_path, files)
    assert project.unloaded == {}
    assert ("episode.html", "MN408") in lint(project)


def test_secrets_are_still_found_in_a_file_nothing_loads(tmp_path) -> None:
    secret = "sk_live_0123456789abcdef"
    project = Project(write(tmp_path, {**NATIVE, "libs/dom-lib.js": f"var secret = '{secret}';\n"}).root, environ={"TIKTOK_CLIENT_SECRET": secret})
    assert ("libs/dom-lib.js", "MN301") in lint(project)
    assert runs_unloaded("MN301") and runs_unloaded("MN006") and not runs_unloaded("MN409") and not runs_unloaded("MN508")


def test_show_files_lists_an_unloaded_file_with_why(cli, tmp_path) -> None:
    write(tmp_path, VITE)
    run = cli("lint", "--show-files", cwd=tmp_path)
    assert "unloaded  saved.html  (not loaded by any page: not a Vite build input" in run.stdout, run.stdout


def test_a_game_js_that_requires_none_of_the_packages_modules_decides_nothing(tmp_path) -> None:
    project = write(tmp_path, {**NATIVE, "game.js": "const canvas = tt.createCanvas();\n"})
    assert project.unloaded == {}
    assert ("libs/dom-lib.js", "MN508") in lint(project)

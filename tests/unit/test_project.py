"""The project model: root discovery, the expected client key, the entry HTML, the file set, .env files."""

from __future__ import annotations

from pathlib import Path

from minis_cli.paths import templates_dir
from minis_cli.project import Project, find_root, parse_dotenv


def test_root_is_the_nearest_folder_with_package_json(make_project) -> None:
    root = make_project({"src/deep/app.js": "x"})
    assert find_root(root / "src" / "deep") == root
    assert find_root(root / "src" / "deep" / "app.js") == root


def test_expected_client_key_precedence(make_project) -> None:
    root = make_project()
    project = Project(root, environ={"MINIS_CLIENT_KEY": "from-env"})
    assert project.expected_client_key("from-flag").source == "--client-key"
    assert project.expected_client_key().value == "from-env"
    assert Project(root, environ={}).expected_client_key().source == "minis.config.json"
    assert Project(root, environ={}).expected_client_key().value == "awexample123"


def test_the_init_calls_literal_key_is_the_resolvers_last_step(make_project) -> None:
    """One resolver owns every source: the key the page's init call passes comes last, and only when asked for (lint
    compares the page with the key from the other sources, never with itself)."""
    root = make_project({"minis.config.json": '{"dev": {"port": 3000}}'})
    project = Project(root, environ={})
    assert project.expected_client_key() is None
    key = project.expected_client_key(init_call=True)
    assert (key.value, key.source, key.from_init_call) == ("awexample123", "the init call", True)
    assert project.expected_client_key("from-flag", init_call=True).source == "--client-key"
    assert Project(root, environ={"MINIS_CLIENT_KEY": "from-env"}).expected_client_key(init_call=True).source == "MINIS_CLIENT_KEY"
    assert project.expected_client_key(init_call=True, page=None) is None  # the caller built no page: there is none


def test_entry_html_chain(make_project) -> None:
    root = make_project({"index.html": None, "src/index.html": "<p>", "public/index.html": "<p>"})
    assert Project(root).entry_html == "public/index.html"
    root = make_project({"minis.config.json": '{"clientKey": "k", "build": {"htmlEntry": "./app/main.html"}}'})
    assert Project(root).entry_html == "app/main.html"


def test_file_set_honours_gitignore_and_fixed_exclusions(make_project) -> None:
    root = make_project(
        {
            ".gitignore": "generated/\n*.tmp.js\n!keep.tmp.js\n",
            "src/app.js": "1",
            "src/sub/.gitignore": "local.js\n",
            "src/sub/local.js": "1",
            "src/sub/ok.ts": "1",
            "generated/x.js": "1",
            "a.tmp.js": "1",
            "keep.tmp.js": "1",
            "types.d.ts": "1",
            "node_modules/lib/index.js": "1",
            ".minis/x.js": "1",
            "dist/bundle.js": "1",
            "minis.config.json": '{"clientKey": "k", "build": {"outputDir": "dist"}}',
            "server/index.js": "1",
            "notes.md": "x",
        }
    )
    paths = [f.path for f in Project(root).files]
    assert paths == ["index.html", "keep.tmp.js", "server/index.js", "src/app.js", "src/sub/ok.ts"]
    assert [f.in_backend_dir for f in Project(root).files if f.path == "server/index.js"] == [True]


def test_symlink_loops_are_not_followed(make_project) -> None:
    root = make_project({"src/app.js": "1"})
    (root / "src" / "loop").symlink_to(root / "src", target_is_directory=True)
    assert [f.path for f in Project(root).files] == ["index.html", "src/app.js"]


def test_dotenv_parsing() -> None:
    values = parse_dotenv("# c\nA=1\nexport B=\"two words\"\nC='x#y'\nD=plain # comment\nbad line\n")
    assert values == {"A": "1", "B": "two words", "C": "x#y", "D": "plain"}


def test_env_files_follow_vites_precedence(make_project) -> None:
    root = make_project({".env": "K=base\nONLY=1\n", ".env.local": "K=local\n", ".env.development": "K=dev\n", ".env.development.local": "K=devlocal\n"})
    project = Project(root)
    assert project.env_files["K"] == "devlocal"
    assert project.env_files["ONLY"] == "1"
    assert project.env_source("K") == ".env.development.local"


def test_known_secrets_come_from_environment_env_files_and_the_mock(make_project) -> None:
    root = make_project({".env": "TIKTOK_CLIENT_SECRET=from-dotenv-123\n", ".minis/client_secret": "mock-secret-4567\n"})
    project = Project(root, environ={"MINIS_CLIENT_SECRET": "from-environ-89"})
    assert project.known_secrets == ("from-dotenv-123", "from-environ-89", "mock-secret-4567")


def test_templates_are_found_in_a_checkout() -> None:
    assert templates_dir().is_dir()
    assert templates_dir() == Path(__file__).resolve().parents[2] / "templates"

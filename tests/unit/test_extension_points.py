"""A newcomer adds a rule, a report format, an SDK API or a mock route by touching one file (docs/contributing.md):
each test copies the package, adds a throwaway one to that one file of the copy, and checks that it shows up
everywhere it should (the CLI, the generated docs, the app's routes) in a fresh interpreter running the copy."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def copy_with(tmp_path: Path, path: str, edit: str, append: bool = True) -> Path:
    """The package (and docs/docgen.py) copied, with `edit` appended to (or written as) the one file `path`."""
    root = tmp_path / "copy"
    shutil.copytree(ROOT / "minis_cli", root / "minis_cli", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "docgen.py", root / "docs" / "docgen.py")
    target = root / path
    before = target.read_text(encoding="utf-8") if append else ""
    target.write_text(before + textwrap.dedent(edit), encoding="utf-8")
    return root


def run(root: Path, code: str, *args: str) -> str:
    """`code` run by Python in the copy (the copy's minis_cli first on the path), its standard output."""
    env = {k: v for k, v in __import__("os").environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS", "FORCE_COLOR")}
    env["PYTHONPATH"] = str(root)
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def cli(root: Path, *args: str) -> str:
    return run(root, "import sys; from minis_cli.cli import main; sys.exit(main(sys.argv[1:]) or 0)", *args)


def lint(root: Path, *args: str) -> str:
    """`minis-py lint ARGS` in the copy, whatever it exits with (findings: 1)."""
    return run(root, "import sys; from minis_cli.cli import main; main(sys.argv[1:])", "lint", "--no-cache", *args)


def test_a_rule_is_one_decorated_function_in_its_familys_module(tmp_path: Path) -> None:
    root = copy_with(
        tmp_path,
        "minis_cli/lint/rules/platform.py",
        """

        @rule("MN499", "alert-dialog", "W", Scope.FILE, summary="window.alert() in a Mini.", rationale="A toy rule.",
              fix="Show the message in the page.", bad=Example({"src/a.js": "alert('hi');\\n"}),
              good=Example({"src/a.js": "show('hi');\\n"}), triggers=words("alert"), calls=("alert",))
        def alert_dialog(ctx: FileContext) -> Iterator[Finding]:
            for script in ctx.scripts:
                for call in script.calls:
                    if call.callee in ("alert", "window.alert"):
                        yield Finding(script.span(call.node), "alert() blocks the page")
        """,
    )
    listed = json.loads(cli(root, "rules", "--output-format", "json"))
    assert "MN499" in {r["id"] for r in listed}
    assert "alert-dialog" in cli(root, "rule", "MN499")
    docs = run(
        root,
        """
        import sys; sys.path.insert(0, "docs"); import docgen
        print(docgen.rules_block("docs/rules/index.md", ""))
        print(docgen.rule_page(next(r for r in docgen.rules() if r.id == "MN499")))
        """,
    )
    assert "MN499" in docs and "alert-dialog" in docs and "Show the message in the page." in docs
    project = root / "project"
    (project / "src").mkdir(parents=True)
    (project / "src" / "a.js").write_text("window.alert(1);\n")
    found = json.loads(lint(root, "--output-format", "json", "--select", "MN499", "project"))
    assert [(d["rule"], d["path"]) for d in found] == [("MN499", "project/src/a.js")]


def test_a_report_format_is_one_module(tmp_path: Path) -> None:
    root = copy_with(
        tmp_path,
        "minis_cli/lint/report/tally.py",
        '''\
        """`tally`: how many findings each rule has, one line a rule."""

        from __future__ import annotations

        from ..model import Format, LintResult
        from . import ReportView

        FORMAT = Format("tally", "how many findings each rule has, one line a rule")


        def render(results: list[LintResult], view: ReportView) -> str:
            counts: dict[str, int] = {}
            for result in results:
                for d in result.diagnostics:
                    counts[d.rule_id] = counts.get(d.rule_id, 0) + 1
            return "".join(f"{rule} {n}\\n" for rule, n in sorted(counts.items()))
        ''',
        append=False,
    )
    assert "tally" in " ".join(cli(root, "lint", "--help").split())
    assert "tally" in " ".join(cli(root, "build", "--help").split())
    project = root / "project"
    (project / "src").mkdir(parents=True)
    (project / "src" / "a.js").write_text("eval('1');\neval('2');\n")
    out = lint(root, "--output-format", "tally", "--select", "MN401", "project")
    assert out == "MN401 2\n"
    docs = run(
        root, "import sys; sys.path.insert(0, 'docs'); import docgen; print(docgen.formats_block('docs/commands/lint.md', '')); print(docgen.count('formats'))"
    )
    assert "| `tally` | how many findings each rule has, one line a rule |" in docs
    assert docs.rstrip().endswith("7")


def test_an_sdk_api_is_one_declare_beside_its_implementation(tmp_path: Path) -> None:
    root = copy_with(
        tmp_path,
        "minis_cli/mock/sdk/src/40-device.js",
        """
          declare('TTMinis.game', 'getBatteryInfo', {"doc": "a toy API", "call": "options"}, function () { return { data: { level: 100 } }; });
        """,
    )
    # `make docs-gen` writes the declaration to sdk_api.json (docgen.sdk_declaration()), which the checks read
    run(root, "import sys; sys.path.insert(0, 'docs'); import docgen; docgen.SDK_DECLARATION.write_text(docgen.sdk_declaration())")
    assert json.loads((root / "minis_cli" / "sdk_api.json").read_text())["namespaces"]["TTMinis.game"]["getBatteryInfo"] == {
        "doc": "a toy API",
        "call": "options",
    }
    table = run(root, "import sys; sys.path.insert(0, 'docs'); import docgen; print(docgen.sdk_block('docs/mock-api.md', ''))")
    assert "| `TTMinis.game` | `getBatteryInfo` |" in table
    checks = run(root, "from minis_cli.sdk_api import GAME_APIS, DRAMA_APIS; print('getBatteryInfo' in GAME_APIS, 'getBatteryInfo' in DRAMA_APIS)")
    assert checks.split() == ["True", "False"]
    served = run(root, "from minis_cli.mock.sdk import sdk_source; print(sdk_source('game').decode())")
    assert """declare('TTMinis.game', 'getBatteryInfo', {"doc":"a toy API","call":"options"}, function""" in served


def test_a_mock_route_is_one_entry_in_its_modules_routes(tmp_path: Path) -> None:
    root = copy_with(
        tmp_path,
        "minis_cli/mock/routes/control.py",
        """

        async def ping(request: Request) -> Response:
            return json_response({"pong": True}, 200, new_log_id())


        ROUTES = (*ROUTES, route("GET", "/_mock/ping", ping, "open", "control", "`{pong: true}`: a toy route"))
        """,
    )
    out = run(
        root,
        """
        import httpx
        from minis_cli.mock import MockTikTok
        from minis_cli.mock.routes.table import OPEN_PREFIXES, api_reference_markdown
        with MockTikTok() as tiktok:
            answer = httpx.get(tiktok.url + "/_mock/ping")
            print(answer.status_code, answer.json())
        print("/_mock/ping" in OPEN_PREFIXES)
        print("| GET | `/_mock/ping` | any client | `{pong: true}`: a toy route |" in api_reference_markdown())
        """,
    )
    assert out.splitlines() == ["200 {'pong': True}", "True", "True"]


def test_the_json_schemas_name_every_device_preset_and_network_profile() -> None:
    """A preset or profile is declared once in Python; the JSON Schemas (served to editors, so written out) must
    name the same ones, or the config would refuse a preset the CLI offers (docs/contributing.md says so)."""
    from minis_cli.mock.simulator import PRESETS
    from minis_cli.mock.throttle import PROFILES
    from minis_cli.wording import either

    config = json.loads((ROOT / "minis_cli/schemas/minis.config.schema.json").read_text(encoding="utf-8"))
    audit = next(v for k, v in _walk(config) if k == "audit" and isinstance(v, dict) and "properties" in v)["properties"]
    assert sorted(audit["devices"]["items"]["enum"]) == sorted(PRESETS)
    assert sorted(audit["network"]["enum"]) == sorted(PROFILES)
    assert all(name in audit["devices"]["errorMessage"] for name in PRESETS)
    assert either(audit["network"]["enum"]) in audit["network"]["errorMessage"]
    report = json.loads((ROOT / "minis_cli/schemas/audit-report.schema.json").read_text(encoding="utf-8"))
    network = next(v for k, v in _walk(report) if k == "network" and isinstance(v, dict) and "properties" in v)
    assert sorted(network["properties"]["name"]["enum"]) == sorted([*PROFILES, "custom"])


def _walk(node: object) -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((key, value))
            found.extend(_walk(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(_walk(value))
    return found


def test_the_audit_help_names_the_presets_and_profiles_from_their_declarations(tmp_path: Path) -> None:
    root = copy_with(
        tmp_path,
        "minis_cli/mock/simulator/__init__.py",
        """
        PRESETS["iphone-se"] = Preset("iphone-se", "iPhone SE (375 × 667)", 375, 667, 20, 0, 0, 2.0)
        """,
    )
    throttle = root / "minis_cli/mock/throttle.py"
    text = throttle.read_text(encoding="utf-8")
    anchor = 'DEFAULT_PROFILE = "first-scan"'
    throttle.write_text(text.replace(anchor, f'PROFILES["2g"] = NetworkProfile("2g", 250_000 / 8, 0.8, "250 kbit/s")\n{anchor}'), encoding="utf-8")
    shown = " ".join(cli(root, "audit", "--help").split())
    assert "android-small, pixel, iphone, iphone-se" in shown
    assert "first-scan, 4g, 3g, offline or 2g" in shown

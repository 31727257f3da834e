"""The lint report formats: the one registry. A format is a module in lint/report/ with
`render(results, view) -> str` and a row here; the CLI's help, its checks and the README read this table.
Kept apart from lint/report/ so naming the formats imports nothing of the reports themselves."""

from __future__ import annotations

from ..records import record


@record(frozen=True)
class Format:
    name: str  # `--output-format NAME`, and the module lint/report/NAME.py
    summary: str
    machine: bool = False  # a document for tools: nothing else is written to stdout around it
    colour: bool = False  # coloured on a terminal (unless NO_COLOR)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("full", "findings grouped by file, each with a code frame, the span underlined, and what to try", colour=True),
        Format("concise", "one line a finding, `path:line:col: MN104 message`, as compilers print them"),
        Format("json", "an array of findings with rule, severity, message, hint, path, span and fix edits", machine=True),
        Format("sarif", "SARIF 2.1.0 with the rule metadata, for GitHub code scanning", machine=True),
        Format("github", "GitHub Actions workflow commands: each finding an annotation on its line"),
        Format("junit", "JUnit XML for CI dashboards: a test case per checked file, a failure per finding", machine=True),
    )
}
DEFAULT_RULE = "github under GitHub Actions, full on a terminal, else concise"
HELP = f"{', '.join(FORMATS)} (default: {DEFAULT_RULE})."

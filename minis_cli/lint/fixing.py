"""`lint --fix` / `--diff`: the findings' fixes applied in rounds until nothing more changes, in memory first.

A round lints (the project with the files fixed so far as overlays), takes every applicable fix that does not
overlap one already taken in the same file (fixes.choose), applies them, and lints again; a round whose result
has an error the project did not have is thrown away (a fix never introduces an error), and so is a fix the
text no longer matches. At most ROUNDS rounds. Nothing is written here: `write` does it, file by file,
atomically, only where the file still holds what was read.
"""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path

from ..fixes import SAFE, ChangedOnDisk, Fix, Overlap, apply_edits, choose, write_atomic
from ..project import Project
from ..records import field, record, replace
from .engine import run
from .model import LintOptions, LintResult

ROUNDS = 4


def applicable(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (fix.applicability == SAFE or unsafe)


@record
class Fixed:
    """What fixing the project would do: per file (original text, fixed text), and the lint result after it."""

    root: Path
    result: LintResult
    files: dict[str, tuple[str, str]] = field(default_factory=dict)
    applied: int = 0
    refused: list[str] = field(default_factory=list)  # rounds or fixes left out, and why

    def diff(self, prefix: str = "") -> str:
        """A unified diff, its paths `a/<prefix><path>`: `prefix` is where the project is from the folder the user named
        (`app/` when lint moved into the TikTok target's subfolder), so `patch -p1` applies it there."""
        out: list[str] = []
        for path, (before, after) in sorted(self.files.items()):
            name = prefix + path
            out.extend(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{name}", f"b/{name}"))
            if out and not out[-1].endswith("\n"):
                out[-1] += "\n\\ No newline at end of file\n"
        return "".join(out)


def _errors(result: LintResult) -> Counter:
    """Errors per (file, rule): messages may name lines, which a fix above them moves."""
    return Counter((d.path, d.rule_id) for d in result.diagnostics if d.severity.value == "error")


def fix_project(project: Project, options: LintOptions, unsafe: bool = False, first: LintResult | None = None) -> Fixed:
    result = first if first is not None else run(project, options)
    fixed = Fixed(project.root, result)
    before_errors = _errors(result)
    overlays = dict(project.overlays)
    quiet = replace(options, use_cache=False)
    for _ in range(ROUNDS):
        chosen = choose(d.autofix for d in result.diagnostics if applicable(d.autofix, unsafe))
        if not chosen.by_path:
            break
        trial = dict(overlays)
        originals: dict[str, str] = {}
        taken = 0
        for path, fixes in chosen.by_path.items():
            text = trial[path] if path in trial else project.read(path).text
            if text is None:
                fixed.refused.append(f"{path}: cannot be read, not fixed")
                continue
            originals[path] = text
            try:
                trial[path] = apply_edits(text, [edit for fix in fixes for edit in fix.edits])
                taken += len(fixes)
            except Overlap as problem:
                fixed.refused.append(f"{path}: {problem}")
        if not taken:
            break
        candidate = Project(project.root, overlays=trial, environ=project.environ)
        after = run(candidate, quiet)
        introduced = _errors(after) - before_errors
        if introduced:
            path, rule_id = sorted(introduced)[0]
            fixed.refused.append(f"a fix would have introduced {rule_id} in {path}; those fixes were left out")
            break
        overlays = trial
        for path, text in originals.items():
            fixed.files.setdefault(path, (text or "", ""))
        fixed.applied += taken
        result = after
    fixed.files = {path: (before, overlays[path]) for path, (before, _) in fixed.files.items() if overlays.get(path) is not None and overlays[path] != before}
    fixed.result = result
    return fixed


def write(fixed: Fixed) -> list[str]:
    """Write each fixed file; the problems (read-only, changed meanwhile), one line each. Others are still written."""
    problems = []
    for path, (before, after) in sorted(fixed.files.items()):
        target = fixed.root / path
        try:
            write_atomic(target, after, expected=before)
        except ChangedOnDisk as problem:
            problems.append(f"{path}: not fixed: {problem}")
        except PermissionError:
            problems.append(f"{path}: not fixed: the file is read-only")
        except OSError as problem:
            problems.append(f"{path}: not fixed: {problem.strerror or problem}")
    return problems

"""The layers of docs/architecture.md hold in the code (issue 32): every module of minis_cli has a layer, no import goes
up a layer, no modules import each other in a loop, and below the commands an import inside a function is there for
start-up time and says so. Read from the source (ast), so a module that is never imported is checked too."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "minis_cli"
PAGE = ROOT / "docs" / "architecture.md"
START_UP = "# start-up"  # how an import inside a function says it is there for start-up time
# Loops still there, each with why. The test fails when one of them is gone too: take its entry out then.
KNOWN_LOOPS: dict[frozenset[str], str] = {}


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = modules()


def layers() -> list[tuple[int, str, list[str]]]:
    """(number, name, the module specs of its row) from the page's table, lowest layer first."""
    rows = []
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*(\d+)\.\s*([^|]+?)\s*\|([^|]*)\|", line)
        if match:
            specs = [s for s in re.findall(r"`([^`]+)`", match.group(3)) if s.endswith((".py", "/"))]
            rows.append((int(match.group(1)), match.group(2), specs))
    return sorted(rows)


def layer_of(module: str) -> int | None:
    """The layer of the longest spec naming the module (`lint/` holds lint.rules.sdk; `__init__.py` is minis_cli)."""
    best: tuple[int, int] | None = None
    for number, _, specs in layers():
        for spec in specs:
            target = "minis_cli" + ("" if spec == "__init__.py" else "." + spec.rstrip("/").removesuffix(".py").replace("/", "."))
            if module == target or (spec.endswith("/") and module.startswith(target + ".")):
                if best is None or len(target) > best[0]:
                    best = (len(target), number)
    return best[1] if best else None


class Import:
    def __init__(self, source: str, target: str, line: int, where: str, annotated: bool) -> None:
        self.source, self.target, self.line, self.where, self.annotated = source, target, line, where, annotated

    def __repr__(self) -> str:
        return f"{MODULES[self.source].relative_to(ROOT)}:{self.line} ({self.where}) -> {self.target}"


def imports() -> list[Import]:
    """Every import of a minis_cli module: at the top ("top"), inside a function ("function") or for type checking
    only ("type"), with whether its lines (or the line above) carry START_UP."""
    found = []
    for name, path in MODULES.items():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        tree = ast.parse(text)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        in_function: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                in_function.update(id(n) for n in ast.walk(node))
        for_types: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                for_types.update(id(n) for statement in node.body for n in ast.walk(statement))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                continue
            where = "type" if id(node) in for_types else "function" if id(node) in in_function else "top"
            span = lines[max(0, node.lineno - 2) : node.end_lineno]
            annotated = any(START_UP in line for line in span)
            for target in _targets(node, package):
                if target != name:
                    found.append(Import(name, target, node.lineno, where, annotated))
    return found


def _targets(node: ast.Import | ast.ImportFrom, package: str) -> list[str]:
    if isinstance(node, ast.Import):
        return list(dict.fromkeys(alias.name for alias in node.names if alias.name in MODULES))
    base = node.module or ""
    if node.level:
        parts = package.split(".")
        base = ".".join(parts[: len(parts) - node.level + 1]) + (f".{node.module}" if node.module else "")
    found = []
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        found.append(submodule if submodule in MODULES else base)  # `from . import audit` is the module cli.audit
    return list(dict.fromkeys(target for target in found if target in MODULES))


IMPORTS = imports()


def test_the_page_has_its_layers_in_order() -> None:
    numbers = [number for number, _, _ in layers()]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 5, numbers
    assert all(specs for _, _, specs in layers())


def test_every_module_has_a_layer() -> None:
    missing = [name for name in MODULES if layer_of(name) is None]
    assert not missing, f"docs/architecture.md's table gives no layer to {', '.join(missing)}: add each to its row"


def test_no_module_imports_from_a_layer_above_its_own() -> None:
    upward = [item for item in IMPORTS if (layer_of(item.target) or 0) > (layer_of(item.source) or 0)]
    assert not upward, "imports from a layer above (docs/architecture.md):\n" + "\n".join(map(repr, upward))


def loops() -> list[frozenset[str]]:
    """The strongly connected components of more than one module, counting imports at the top and inside functions
    (not those for type checking only, nor the start-up deferrals, which say so)."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for item in IMPORTS:
        if item.where == "top" or (item.where == "function" and not item.annotated):
            graph[item.source].add(item.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(start: str) -> None:  # Tarjan's, iteratively
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            for target in edges:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(frozenset(component))

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return found


def test_no_modules_import_each_other_in_a_loop() -> None:
    found = loops()
    new = [sorted(loop) for loop in found if loop not in KNOWN_LOOPS]
    assert not new, f"modules that import each other (imports inside functions included): {new}"
    gone = [sorted(loop) for loop in KNOWN_LOOPS if loop not in found]
    assert not gone, f"these loops are broken now: take them out of KNOWN_LOOPS: {gone}"


def test_below_the_commands_an_import_inside_a_function_says_it_is_for_start_up() -> None:
    """Layers 1-4 (foundations, source, project, checks) import at the top, but for start-up time: `# start-up: why`."""
    silent = [item for item in IMPORTS if item.where == "function" and not item.annotated and (layer_of(item.source) or 99) <= 4]
    assert not silent, "imports inside functions with no `# start-up: reason` (or that belong at the top):\n" + "\n".join(map(repr, silent))


@pytest.mark.parametrize(
    ("module", "layer"),
    [("minis_cli.source.javascript", 2), ("minis_cli.project", 3), ("minis_cli.lint.rules.sdk", 4), ("minis_cli.cli.app", 6), ("minis_cli", 1)],
)
def test_the_table_is_read_as_the_page_says(module: str, layer: int) -> None:
    assert layer_of(module) == layer

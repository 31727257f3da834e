"""Issue 30's held-out measurements, repeatable on a new machine: lint and dev's decision on real public projects.

The projects are not in this repository (third-party code): a manifest names them, and each is a HEAD snapshot
extracted beside the checkout (research/real-projects-held-out.md says which repositories each round used):

    research/heldout/manifest.tsv  <round> TAB <owner>/<name> TAB <folder to lint, "." for the root> (committed;
                                   copy it to /work/heldout/manifest.tsv, or pass --manifest)
    /work/heldout/src/<owner>+<name>/   the snapshot (git --git-dir=MIRROR archive HEAD | tar -x -C ...)

On a new machine the snapshots are fetched again (the workplace's `fetch` tool, one repository at a time; session 24
rebuilt 173 of them with four helpers in about 20 minutes). A repository whose snapshot lacks large files (absent
blobs) is extracted file by file without them; the projects a round rebuilt by hand from the file index (no snapshot)
are not in the manifest. Round 2 is the earlier sessions' projects.

    python research/heldout/measure.py run --tree c3e5ba1 --out /work/heldout/runs/base
    python research/heldout/measure.py run --tree . --out /work/heldout/runs/now       # the working tree
    python research/heldout/measure.py compare /work/heldout/runs/base /work/heldout/runs/now

`run` lints each folder with `minis-py lint FOLDER --no-cache --output-format json` from a clean `git archive` of the
commit named (so work in progress does not count; `.` is the checkout as it is) and asks `dev_decision()` on the
folder `minis-py dev` would use; one JSON file a project. `compare` prints what changed, project by project: findings
gained and lost (by rule, file and line) and dev decisions that changed, then the totals.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parents[2]
TREES = Path(tempfile.gettempdir()) / "heldout-trees"

_PROBE = r"""
import json, sys
from pathlib import Path
from minis_cli.project import Project, tiktok_root
from minis_cli.dev.session import dev_decision
folder = Path(sys.argv[1])
try:
    root, why = tiktok_root(folder)
    decision = dev_decision(Project(root))
    print(json.dumps({"root": str(root), "starts": decision.starts, "why": decision.why}))
except Exception as exc:  # a crash is a result too
    print(json.dumps({"root": None, "starts": None, "why": f"crash: {type(exc).__name__}: {exc}"}))
"""


def _tree(spec: str) -> Path:
    if spec == ".":
        return HERE
    sha = subprocess.run(["git", "-C", str(HERE), "rev-parse", spec], capture_output=True, text=True, check=True).stdout.strip()
    into = TREES / sha[:12]
    if not (into / "minis_cli").is_dir():
        into.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(["git", "-C", str(HERE), "archive", sha], capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def _manifest(path: Path, only: set[str]) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text().splitlines():
        parts = line.rstrip("\n").split("\t")
        if len(parts) < 2 or line.startswith("#"):
            continue
        round_, repo = parts[0], parts[1]
        folder = parts[2] if len(parts) > 2 and parts[2] else "."
        if only and repo not in only and round_ not in only:
            continue
        rows.append((round_, repo, folder))
    return rows


def _key(repo: str, folder: str) -> str:
    name = repo.replace("/", "+")
    return name if folder == "." else f"{name}__{folder.replace('/', '_').replace(' ', '_')}"


def _measure(tree: Path, src: Path, row: tuple[str, str, str], out: Path, timeout: float) -> str:
    round_, repo, folder = row
    target = src / repo.replace("/", "+") / folder
    result: dict[str, object] = {"round": round_, "repo": repo, "folder": folder}
    if not target.is_dir():
        result["missing"] = True
    else:
        env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
        start = time.monotonic()
        try:
            lint = subprocess.run(
                [sys.executable, "-m", "minis_cli", "lint", str(target), "--no-cache", "--output-format", "json"],
                capture_output=True,
                text=True,
                timeout=timeout,
                env=env,
                cwd=str(target),
            )
            try:
                result["findings"] = json.loads(lint.stdout or "[]")
            except json.JSONDecodeError:
                result["findings"] = []
                result["error"] = (lint.stdout + lint.stderr)[-2000:]
            result["exit"] = lint.returncode
        except subprocess.TimeoutExpired:
            result["findings"], result["error"] = [], f"timed out after {timeout:.0f} s"
        result["seconds"] = round(time.monotonic() - start, 2)
        try:
            probe = subprocess.run([sys.executable, "-c", _PROBE, str(target)], capture_output=True, text=True, timeout=timeout, env=env, cwd=str(target))
            result["dev"] = json.loads(probe.stdout.strip().splitlines()[-1]) if probe.stdout.strip() else {"why": probe.stderr[-1000:]}
        except subprocess.TimeoutExpired:
            result["dev"] = {"why": "timed out"}
    for finding in result.get("findings", []) or []:  # paths relative to the project, whatever the folder
        path = str(finding.get("path", ""))
        if path.startswith(str(target)):
            finding["path"] = path[len(str(target)) :].lstrip("/")
    (out / f"{_key(repo, folder)}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return f"{repo} {folder}: {len(result.get('findings', []) or [])} findings, dev {'starts' if (result.get('dev') or {}).get('starts') else 'refuses'}, {result.get('seconds', '-')} s"


def run(args: argparse.Namespace) -> int:
    tree = _tree(args.tree)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    rows = _manifest(Path(args.manifest), set(args.only or ()))
    (out / "tree.txt").write_text(f"{args.tree} {tree}\n")
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = [pool.submit(_measure, tree, Path(args.src), row, out, args.timeout) for row in rows]
        for future in concurrent.futures.as_completed(futures):
            print(future.result(), flush=True)
    return 0


def _load(folder: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}


def _items(result: dict) -> Counter[tuple[str, str, int]]:
    return Counter((f["rule"], f.get("path", ""), int(f.get("line") or 0)) for f in result.get("findings") or [])


def compare(args: argparse.Namespace) -> int:
    old, new = _load(Path(args.old)), _load(Path(args.new))
    totals = Counter()
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key, {}), new.get(key, {})
        ia, ib = _items(a), _items(b)
        gained, lost = ib - ia, ia - ib
        totals["old"] += sum(ia.values())
        totals["new"] += sum(ib.values())
        da, db = (a.get("dev") or {}).get("starts"), (b.get("dev") or {}).get("starts")
        if not gained and not lost and da == db:
            continue
        print(f"== {key} (round {b.get('round', a.get('round'))}): {sum(ia.values())} -> {sum(ib.values())} findings")
        messages = {
            (f["rule"], f.get("path", ""), int(f.get("line") or 0)): f.get("message", "") for f in (b.get("findings") or []) + (a.get("findings") or [])
        }
        for item in sorted(gained):
            print(f"  + {item[0]} {item[1]}:{item[2]} {messages.get(item, '')[:160]}")
        for item in sorted(lost):
            print(f"  - {item[0]} {item[1]}:{item[2]} {messages.get(item, '')[:160]}")
        if da != db:
            print(f"  dev: {da} -> {db}: {((b.get('dev') or {}).get('why') or '')[:300]}")
        totals["changed"] += 1
    print(f"projects {len(set(old) | set(new))}, changed {totals['changed']}; findings {totals['old']} -> {totals['new']}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run")
    r.add_argument("--tree", default=".", help="a commit of this checkout, or . for the working tree")
    r.add_argument("--out", required=True)
    r.add_argument("--manifest", default="/work/heldout/manifest.tsv")
    r.add_argument("--src", default="/work/heldout/src")
    r.add_argument("--only", nargs="*", help="rounds or owner/name to measure")
    r.add_argument("--jobs", type=int, default=2)
    r.add_argument("--timeout", type=float, default=300)
    c = sub.add_parser("compare")
    c.add_argument("old")
    c.add_argument("new")
    args = parser.parse_args()
    return run(args) if args.command == "run" else compare(args)


if __name__ == "__main__":
    raise SystemExit(main())

"""Small projects the unit tests build (a Cocos Creator 3 project with one script; any files, written)."""

from __future__ import annotations

import json
from pathlib import Path


def cocos(root: Path, settings: dict | None = None) -> None:
    """A Cocos Creator 3 project at `root` whose script makes a rewarded ad with an empty ad unit id (MN505) and logs in,
    with `settings` as its package.json "minis-py" block when given."""
    root.mkdir(parents=True, exist_ok=True)
    document: dict = {"name": root.name, "creator": {"version": "3.8.0"}}
    if settings is not None:
        document["minis-py"] = settings
    (root / "package.json").write_text(json.dumps(document))
    (root / "assets" / "scripts").mkdir(parents=True)
    (root / "assets" / "scripts" / "main.ts").write_text(
        "declare const tt: any;\nexport const ad = tt.createRewardedVideoAd({ adUnitId: '' });\ntt.login({ success() {}, fail() {} });\n"
    )


def write(root: Path, files: dict[str, str]) -> Path:
    """`files` (path -> text) written under `root`, folders made; `root`."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root

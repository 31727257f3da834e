"""The wheel carries the package and the templates; a wheel install finds them where a checkout does."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_wheel_contains_the_package_and_the_templates(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    assert "minis_cli/templates/README.md" in names
    assert "minis_cli/lint/rules/sdk.py" in names
    assert "minis_cli/schemas/minis.config.schema.json" in names and "minis_cli/mock/sdk/src/00-core.js" in names and "minis_cli/sdk_api.json" in names
    assert not any(name.startswith(("tests/", "examples/", "bench/")) for name in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "minis-py = minis_cli.__main__:main" in (tmp_path / "site" / entry_points).read_text()
    found = subprocess.run(
        [sys.executable, "-c", "from minis_cli.paths import templates_dir; print(templates_dir())"],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(found) == tmp_path / "site" / "minis_cli" / "templates"

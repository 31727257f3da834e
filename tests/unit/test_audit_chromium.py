"""The audit's Chromium switches (issue 33): Chromium keeps only the last --disable-features it is given, and
Playwright passes its own before ours, so the audit's list must repeat Playwright's (what it disables keeps the
browser off Google's servers at start-up, among others) and add the omnibox popup WebUI it turns off."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from minis_cli.audit.runner import CHROMIUM_ARGS, PLAYWRIGHT_DISABLED_FEATURES, QUIET_FEATURES


def playwright_disabled_features() -> list[str]:
    """The feature names in the installed Playwright driver's chromiumSwitches (its disabledFeatures array)."""
    playwright = pytest.importorskip("playwright")
    package = Path(playwright.__file__).parent / "driver" / "package" / "lib"
    for name in ("coreBundle.js", "server/chromium/chromiumSwitches.js"):
        path = package / name
        if not path.is_file():
            continue
        match = re.search(r"disabledFeatures = \[(.*?)\]", path.read_text(encoding="utf-8"), re.S)
        if match:
            body = re.sub(r"//[^\n]*", "", match.group(1))
            return re.findall(r'"([^"]+)"', body)
    pytest.skip("the installed Playwright's chromiumSwitches were not found")


def test_the_audits_disable_features_repeats_playwrights_and_adds_the_omnibox_popup() -> None:
    theirs = playwright_disabled_features()
    assert theirs and set(theirs) <= set(PLAYWRIGHT_DISABLED_FEATURES), sorted(set(theirs) - set(PLAYWRIGHT_DISABLED_FEATURES))
    switches = [arg for arg in CHROMIUM_ARGS if arg.startswith("--disable-features=")]
    assert len(switches) == 1  # one: a second would replace the first
    ours = switches[0].removeprefix("--disable-features=").split(",")
    assert set(theirs) | set(QUIET_FEATURES) <= set(ours)

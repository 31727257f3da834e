"""Revisit rewards (TikTok's mini-games-revisit-rewards, Dec 3, 2026): from 2026-12-14 they replace the shortcut and the
profile revisit in review. A game asking getRevisitMissionReward has the revisit capability (MN509); one with neither
is told of the change in MN509's hint; the reward is granted only when canReceiveReward is true (MN502)."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

GAME = {
    "game.json": '{"deviceOrientation": "portrait"}',
    "project.config.json": '{"appid": "tt0123456789abcdef01", "compileType": "game"}',
    "game.js": (
        "tt.login({ success() {}, fail() {} });\n"
        "const ad = tt.createRewardedVideoAd({ adUnitId: 'ad7301' });\n"
        "ad.onClose((res) => { if (res && res.isEnded) grant(); });\n"
        "function grant() {}\n"
    ),
}
REVISIT = (
    "function checkRevisit() {\n"
    "  tt.getRevisitMissionReward({ success(res) { if (res.canReceiveReward) grant(); }, fail() {} });\n"
    "}\n"
    "tt.onShow(checkRevisit);\n"
)


def diagnostics(make_project, files: dict[str, str]) -> list:
    return [d for d in run(Project(make_project(files), environ={}), LintOptions(use_cache=False)).diagnostics if d.rule_id.startswith("MN5")]


def test_revisit_rewards_count_for_the_shortcut_and_the_entrance_mission(make_project) -> None:
    assert [d.rule_id for d in diagnostics(make_project, {**GAME, "game.js": GAME["game.js"] + REVISIT})] == []


def test_a_game_with_neither_is_told_of_the_change(make_project) -> None:
    found = [d for d in diagnostics(make_project, GAME) if d.rule_id == "MN509"]
    assert len(found) == 1 and "the shortcut (addShortcut) or the entrance mission (startEntranceMission)" in found[0].message
    assert "From 2026-12-14" in (found[0].hint or "") and "getRevisitMissionReward" in (found[0].hint or "")


def test_a_revisit_reward_granted_without_the_check_is_mn502(make_project) -> None:
    files = {**GAME, "game.js": GAME["game.js"] + REVISIT.replace("if (res.canReceiveReward) grant();", "grant();")}
    assert [d.rule_id for d in diagnostics(make_project, files)] == ["MN502"]

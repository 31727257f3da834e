"""Issue 30 item 6: MN303 follows a token into an object, MN006 and MN008/MN010 read one list of config keys, and
MN412 (a drama's third-party video player)."""

from __future__ import annotations

import json

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project


def lint(make_project, files, **options) -> list[str]:
    root = make_project(files)
    return [
        f"{d.path}:{d.span.line if d.span else 0}: {d.rule_id} {d.message}"
        for d in run(Project(root, environ={}), LintOptions(use_cache=False, **options)).diagnostics
    ]


def test_mn303_a_token_inside_an_object(make_project) -> None:
    js = (
        "export function a(data) {\n  localStorage.setItem('user', JSON.stringify({ access_token: data.access_token }));\n}\n"  # 2
        "export function b(data) {\n  const session = { accessToken: data.token, openId: data.open_id };\n"
        "  localStorage.setItem('session', JSON.stringify(session));\n}\n"  # 6
        "export function c(res) {\n  const user = { ...res.data };\n  user.refresh_token = res.data.refresh_token;\n"
        "  sessionStorage.setItem('u', JSON.stringify(user));\n}\n"  # 11
        "export function e(res) {\n  const token = res.access_token;\n  const auth = { token };\n"
        "  localStorage.setItem('auth', JSON.stringify(auth));\n}\n"  # 16
        "export function f(res) {\n  const profile = { name: res.display_name };\n  localStorage.setItem('p', JSON.stringify(profile));\n}\n"
        "export function g(session) {\n  localStorage.setItem('p', JSON.stringify(session));\n}\n"  # another function's `session`
    )
    assert [line for line in lint(make_project, {"src/s.js": js}) if "MN303" in line] == [
        f"src/s.js:{n}: MN303 a TikTok token is stored where page scripts can read it" for n in (2, 6, 11, 16)
    ]


def test_mn006_and_the_key_rules_read_one_list_of_keys(make_project) -> None:
    page = '<!doctype html>\n<html><head><script src="https://connect.tiktok-minis.com/drama/sdk.js"></script></head><body></body></html>\n'
    base = {"index.html": page, "package.json": json.dumps({"scripts": {"dev": "vite"}})}
    # RULES.md: `client_key`/`clientKey` in either config is a client key: known to MN006 and read by the resolver
    found = lint(make_project, {**base, "minis.config.json": '{"client_key": "awexample123"}'}, select=("MN006", "MN008", "MN010"))
    assert found == []
    assert Project(make_project({**base, "minis.config.json": '{"client_key": "awexample123"}'}), environ={}).expected_client_key().source == (
        "minis.config.json client_key"
    )
    found = lint(make_project, {**base, "minis.config.json": '{"client_key": "your_client_key"}'}, select=("MN006", "MN008", "MN010"))
    assert [line.split(": ", 1)[1].split(" ", 1)[0] for line in found] == ["MN010"]  # a placeholder of a key that is read (MN010 alone)
    found = lint(make_project, {**base, "minis.config.json": '{"client_key": ""}'}, select=("MN005", "MN006", "MN008", "MN010"))
    assert sorted(line.split(": ", 1)[1].split(" ", 1)[0] for line in found) == ["MN005", "MN010"]  # the schema types it
    both = {**base, "minis.config.json": '{"client_key": "awexample123", "dev": {"clientKey": "awexample456"}}'}
    assert Project(make_project(both), environ={}).expected_client_key().value == "awexample456"  # dev.clientKey wins
    games = {**base, "minis.config.json": None, "minigame.config.json": '{"client_key": "awexample123"}'}
    assert lint(make_project, games, select=("MN006", "MN008", "MN010")) == []  # there it is a known key, and the key
    assert Project(make_project(games), environ={}).expected_client_key().source == "minigame.config.json client_key"


def test_mn412_third_party_players_however_they_are_loaded(make_project) -> None:
    files = {
        "src/a.js": "import Hls from 'hls.js';\nimport 'video.js/dist/video-js.css';\nimport videojs from 'video.js';\n",
        "src/b.tsx": "export async function load() {\n  const [{ default: Player }] = await Promise.all([import('xgplayer')]);\n  return Player;\n}\n",
        "src/c.js": "const s = document.createElement('script');\ns.src = 'https://cdn.jsdelivr.net/npm/hls.js@latest';\n// import Plyr from 'plyr';\n",
        "src/d.js": "const VePlayer = require('@byteplus/veplayer');\nimport { thing } from 'plyr-ish';\n",
        "episode.html": '<!doctype html>\n<script src="https://unpkg.com/dplayer@1.27.1/dist/DPlayer.min.js"></script>\n',
    }
    assert [line for line in lint(make_project, files) if "MN412" in line] == [
        "episode.html:2: MN412 DPlayer (https://unpkg.com/dplayer@1.27.1/dist/DPlayer.min.js) plays episodes outside TikTok's Mini Drama Player: "
        "TikTok blocks third-party players",
        "src/a.js:1: MN412 hls.js (hls.js) plays episodes outside TikTok's Mini Drama Player: TikTok blocks third-party players",
        "src/a.js:2: MN412 Video.js (video.js/dist/video-js.css) plays episodes outside TikTok's Mini Drama Player: TikTok blocks third-party players",
        "src/b.tsx:2: MN412 xgplayer (xgplayer) plays episodes outside TikTok's Mini Drama Player: TikTok blocks third-party players",
        "src/c.js:2: MN412 hls.js (https://cdn.jsdelivr.net/npm/hls.js@latest) plays episodes outside TikTok's Mini Drama Player: "
        "TikTok blocks third-party players",
        "src/d.js:1: MN412 VePlayer from npm (@byteplus/veplayer) plays episodes outside TikTok's Mini Drama Player: TikTok blocks third-party players",
    ]
    game = {"minis.config.json": None, "minigame.config.json": '{"client_key": "awexample123"}', "src/a.js": "import Hls from 'hls.js';\n"}
    assert [line for line in lint(make_project, game) if "MN412" in line] == []  # a game's cut-scenes are not episodes


def test_mn303_a_token_handed_to_a_storage_helper(make_project) -> None:
    # held-out round 4 of issue 30: `storeTikTokUser(payload.user)` after reading `payload.user?.access_token`, the helper
    # doing localStorage.setItem(KEY, JSON.stringify(user)); one level of helper, in the same module or imported
    here = (
        "function keep(user) {\n  localStorage.setItem('user', JSON.stringify(user));\n}\n"
        "export function a(payload) {\n  if (!payload.user?.access_token) throw new Error('no token');\n  keep(payload.user);\n}\n"  # 6
        "export function b(res) {\n  keep({ access_token: res.access_token, id: res.id });\n}\n"  # 9
        "export function c(res) {\n  keep({ id: res.open_id });\n  keep(res.profile);\n}\n"  # no token
    )
    store = "export default function save(key, value) {\n  sessionStorage.setItem(key, JSON.stringify(value));\n}\n"
    other = "import save from './store';\nexport function d(data) {\n  save('s', { accessToken: data.accessToken });\n  save('t', { theme: 'dark' });\n}\n"
    found = [line for line in lint(make_project, {"src/s.js": here, "src/store.js": store, "src/d.js": other}) if "MN303" in line]
    assert found == [
        "src/d.js:3: MN303 a TikTok token is stored where page scripts can read it (through save() in src/store.js)",
        "src/s.js:6: MN303 a TikTok token is stored where page scripts can read it (through keep())",
        "src/s.js:9: MN303 a TikTok token is stored where page scripts can read it (through keep())",
    ]


def test_mn303_an_edited_storage_helper_is_checked_again(make_project) -> None:
    root = make_project(
        {
            "src/store.js": "export function put(key, value) {\n  localStorage.setItem(key, JSON.stringify(value));\n}\n",
            "src/d.js": "import { put } from './store';\nexport const d = (r) => put('s', { access_token: r.access_token });\n",
        }
    )

    def found() -> list[str]:
        result = run(Project(root, environ={}), LintOptions(use_cache=True))
        return [d.path for d in result.diagnostics if d.rule_id == "MN303"]

    assert found() == ["src/d.js"]
    (root / "src" / "store.js").write_text("export function put(key, value) {\n  fetch('/api/' + key, { method: 'POST', body: value });\n}\n")
    assert found() == []

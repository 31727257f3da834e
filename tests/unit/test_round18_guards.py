"""Held-out round 18 of issue 30 (a PixiJS game whose platform service keeps `this._api = typeof tt !== 'undefined' ?
tt : wx`): a WeChat API called after a check made in a getter of the class, the clipboard behind an existence check in
a native game, and a WeChat scope handed to the service's authorize as a shorthand property."""

from __future__ import annotations

from minis_cli.lint.engine import run
from minis_cli.lint.model import LintOptions
from minis_cli.project import Project

GAME = {"game.json": '{"deviceOrientation": "portrait"}', "project.config.json": '{"appid": "awround18game1"}'}

SERVICE = """class PlatformService {
  constructor() {
    this.isWechat = typeof wx !== 'undefined';
    if (typeof tt !== 'undefined') this._api = tt;
    else if (this.isWechat) this._api = wx;
  }
  get supportsClub() {
    return this.isWechat && typeof this._api?.createGameClubButton === 'function';
  }
  get ready() {
    return this.isWechat;
  }
  club() {
    if (!this.supportsClub) return null;
    return this._api.createGameClubButton({ type: 'text' });
  }
  profile() {
    if (!this.ready) return null;
    return this._api.getUserProfile({ desc: 'rank' });
  }
  copy(data) {
    if (typeof navigator !== 'undefined' && navigator.clipboard?.writeText) {
      navigator.clipboard.writeText(data);
    }
    navigator.vibrate(10);
  }
  friends() {
    const scope = 'scope.WxFriendInteraction';
    this._api.authorize({ scope, success: () => undefined, fail: () => undefined });
  }
}
module.exports = { PlatformService };
"""


def findings(make_project, rule: str) -> list[tuple[int, str]]:
    root = make_project({**GAME, "game.js": "require('./src/service.js');\n", "src/service.js": SERVICE}, baseline=False)
    diagnostics = run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
    return [(d.span.line, d.message.split(":")[0]) for d in diagnostics if d.rule_id == rule and d.span is not None]


def test_a_getter_of_the_class_holding_the_existence_check_guards_the_call(make_project) -> None:
    # the getter that checks nothing of the API guards nothing
    assert findings(make_project, "MN503") == [(19, "this._api.getUserProfile() is a WeChat API that TikTok's games SDK does not have")]


def test_the_clipboard_behind_an_existence_check_in_a_native_game_is_not_reported(make_project) -> None:
    assert [line for line, _ in findings(make_project, "MN406")] == [25]  # the unchecked vibrate only


def test_a_scope_given_as_a_shorthand_property_to_an_aliased_authorize(make_project) -> None:
    assert findings(make_project, "MN209") == [
        (29, "'scope.WxFriendInteraction' in this._api.authorize() is not a TikTok scope (Minis use user.info.basic or user.info.open_id)")
    ]


def test_the_minified_forms_of_existence_checks_guard_as_their_sources_do(make_project) -> None:
    """What esbuild and TypeScript write for older targets: `typeof X<"u"` (typeof X !== "undefined"), `(t = this._api)
    == null ? void 0 : t.x` and `(i = this._api) != null && i.x` (this._api?.x), `!1` for false; a module's own
    top-level `var location` assigned is not navigation."""
    bundle = (
        'class P{constructor(){this._api=typeof tt<"u"?tt:wx}\n'
        'get club(){var t;return typeof((t=this._api)==null?void 0:t.createGameClubButton)=="function"}\n'
        'a(){if(!this.club)return null;return this._api.createGameClubButton({type:"text"})}\n'
        'b(){var i;if((i=this._api)!=null&&i.setClipboardData){this._api.setClipboardData({data:"x"})}}\n'
        'c(){return this._api.getUserProfile({desc:"x"})}}\n'
        'const H=typeof HTMLElement<"u"?HTMLElement:null;const S=typeof localStorage>"u"?null:localStorage;\n'
        'var location;location=require("./loc");\n'
        "module.exports={P,H,S};\n"
    )
    root = make_project({**GAME, "game.js": "require('./bundle.js');\n", "bundle.js": bundle, "loc.js": "module.exports = {};\n"}, baseline=False)
    diagnostics = run(Project(root, environ={}), LintOptions(use_cache=False)).diagnostics
    got = [(d.rule_id, d.span.line) for d in diagnostics if d.rule_id in ("MN503", "MN508", "MN409") and d.span is not None]
    assert got == [("MN503", 5)]  # only the unchecked getUserProfile

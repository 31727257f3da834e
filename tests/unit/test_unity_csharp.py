"""MN503 and MN501 over a Unity project's C# (issue 30, held-out round 37: a multi-store Unity framework whose `#if`
branch for Douyin called Douyin-only TT.* APIs and an ungated TT.AddShortcut, all unread by lint), and the C# reader
under them (minis_cli/source/csharp.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_projects import write

from minis_cli.lint.unity import method_start
from minis_cli.source.csharp import _evaluate, blank, live, sdk_reading
from minis_cli.source.modules import new_run

UNITY = {"ProjectSettings/ProjectVersion.txt": "m_EditorVersion: 2022.3.20f1\n", "Packages/manifest.json": '{ "dependencies": {} }\n'}


def lint(cli, root: Path, *rules: str) -> list[str]:
    run = cli("lint", ".", "--no-cache", "--output-format", "concise", "--exit-zero", "--select", ",".join(rules or ("MN501", "MN503")), cwd=root)
    assert run.exit_code == 0, run.stderr
    return run.stdout.splitlines()


def behaviour(body: str, usings: str = "using TTSDK;\n") -> str:
    return f"{usings}using UnityEngine;\n\npublic class Game : MonoBehaviour\n{{\n{body}\n}}\n"


@pytest.mark.parametrize(
    ("condition", "value"),
    [
        ("UNITY_EDITOR", False),
        ("!UNITY_EDITOR", True),
        ("UNITY_WEBGL && !UNITY_EDITOR", True),
        ("UNITY_ANDROID || UNITY_IOS", False),
        ("Ade_TT", None),  # a store's own define: may be on in the TikTok build
        ("UNITY_EDITOR || Ade_Debug", None),
        ("UNITY_EDITOR && Ade_TT", False),
        ("(UNITY_WEBGL || UNITY_ANDROID) && !(UNITY_EDITOR)", True),
        ("UNITY_EDITOR == false", True),
        ("UNITY_WEBGL // the mini-game build", True),
        ("&& broken", None),
    ],
)
def test_preprocessor_conditions_in_three_values(condition: str, value: bool | None) -> None:
    assert _evaluate(condition.split("//")[0]) is value


def test_dead_branches_are_blanked_and_offsets_kept() -> None:
    code = "#if UNITY_EDITOR\nA();\n#elif STORE_TT\nB();\n#else\nC();\n#endif\n#if UNITY_WEBGL\nD();\n#else\nE();\n#endif\nF();\n"
    out = live(code)
    assert len(out) == len(code) and out.count("\n") == code.count("\n")
    assert "A()" not in out and "B()" in out and "C()" in out  # STORE_TT unknown: its else may run too
    assert "D()" in out and "E()" not in out and "F()" in out
    nested = live("#if UNITY_EDITOR\n#if STORE_TT\nA();\n#endif\n#else\nB();\n#endif\n")
    assert "A()" not in nested and "B()" in nested


def test_comments_and_literals_are_blanked_in_place() -> None:
    text = (
        'var a = "TT.Login(x)"; // TT.Pay()\nvar b = @"C:\\path ""TT.Share()"" ";\nvar c = \'"\'; TT.Real();\n'
        'var d = $"{name} TT.Fake()"; /* TT.Block()\n */ TT.After();\n'
    )
    code, kept = blank(text)
    assert len(code) == len(text) == len(kept) and code.count("\n") == text.count("\n")
    assert "TT.Real()" in code and "TT.After()" in code
    for gone in ("TT.Login", "TT.Pay", "TT.Share", "TT.Fake", "TT.Block"):
        assert gone not in code, gone
    assert '"TT.Login(x)"' in kept and "TT.Pay" not in kept  # kept: strings stay, comments go


def test_method_start_skips_conditions_and_lambdas() -> None:
    code = "class A {\n  void Offer() {\n    if (ready) {\n      Run(() => {\n        X();\n      });\n    }\n  }\n}\n"
    # the lambda and the if are not the method: Offer is
    assert method_start(code, code.index("X()")) == code.index("{", code.index("Offer"))
    prop = "class A {\n  bool Ok {\n    get { return Y(); }\n  }\n}\n"
    assert method_start(prop, prop.index("Y()")) == prop.index("{", prop.index("get"))


def test_douyin_only_calls_are_mn503_and_tiktoks_are_not(tmp_path: Path, cli) -> None:
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Scripts/Game.cs": behaviour(
                "  void Start()\n  {\n    TT.InitSDK((code, env) => { });\n    TT.Login(code => { }, error => { });\n"
                '    TT.GetSystemInfo();\n    TT.VibrateShort(null);\n    TT.CreateInterstitialAd(null);\n    TT.PlayerPrefs.SetInt("k", 1);\n'
                "    TT.ReportScene(null, null, null, null);\n    var recorder = TT.GetGameRecorder();\n    TT.NavigateToScene(null, null, null, null);\n"
                "    TT.CreateGridGamePanel(null);\n    TT.OnKeyboardInput += value => { };\n    TT.OnFeedStatusChange(null);\n  }"
            ),
        },
    )
    out = lint(cli, root)
    assert out == [
        "Assets/Scripts/Game.cs:15:20: MN503 TT.GetGameRecorder() is not in TikTok's SDK for Unity: "
        "getGameRecorderManager is a Douyin API TikTok does not have, so it fails on TikTok",
        "Assets/Scripts/Game.cs:16:5: MN503 TT.NavigateToScene() is not in TikTok's SDK for Unity: "
        "navigateToScene is a Douyin API TikTok does not have, so it fails on TikTok",
        "Assets/Scripts/Game.cs:17:5: MN503 TT.CreateGridGamePanel() is not in TikTok's SDK for Unity: "
        "createGridGamePanel is a Douyin API TikTok does not have, so it fails on TikTok",
    ]


def test_what_never_reaches_the_game_is_not_read(tmp_path: Path, cli) -> None:
    """Editor folders, editor-only branches, another platform's branch, the SDK's own package, a file without the
    namespace, and a project with a `TT` class of its own."""
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Editor/Tools.cs": behaviour("  static void Menu() { TT.GetGameRecorder(); }"),
            "Assets/Scripts/Game.cs": behaviour(
                "  void Start()\n  {\n#if UNITY_EDITOR\n    TT.GetGameRecorder();\n#elif UNITY_IOS\n    TT.NavigateToScene(null);\n#endif\n  }"
            ),
            "Assets/Plugins/ByteGame/com.bytedance.starksdk/Sample.cs": behaviour("  void S() { TT.GetGameRecorder(); TT.AddShortcut(null); }"),
            "Assets/Scripts/Other.cs": behaviour("  void S() { Recorder.TT.GetGameRecorder(); }", usings=""),
        },
    )
    assert lint(cli, root) == []
    write(root, {"Assets/Scripts/Game.cs": behaviour("  void Start() { TT.GetGameRecorder(); }")})
    assert len(lint(cli, root)) == 1
    write(root, {"Assets/Scripts/Mine.cs": "namespace Mine { public static class TT { public static void GetGameRecorder() { } } }\n"})
    assert lint(cli, root) == []  # the project's own TT: not the SDK's


def test_a_store_define_branch_is_read(tmp_path: Path, cli) -> None:
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Scripts/Game.cs": "#if STORE_TT\nusing TTSDK;\n#endif\n\npublic class Game\n{\n  void Share()\n  {\n#if STORE_TT\n"
            "    TT.ShowFavoriteGuide(null);\n#elif STORE_WX\n    WX.ShowShareMenu(null);\n#endif\n  }\n}\n",
        },
    )
    assert lint(cli, root) == [
        "Assets/Scripts/Game.cs:10:5: MN503 TT.ShowFavoriteGuide() is not in TikTok's SDK for Unity: "
        "showFavoriteGuide is a Douyin API TikTok does not have, so it fails on TikTok"
    ]


@pytest.mark.parametrize(
    "guard",
    [
        "if (CanIUse.AddShortcut) {{ {call} }}",
        "if (!CanIUse.AddShortcut) return;\n    {call}",
        "if (!CanIUse.AddShortcut)\n    {{\n      return;\n    }}\n    {call}",
        "bool can = CanIUse.StarkShortcut.AddShortcut;\n    if (can) {call}",
        'if (TT.CanIUse("addShortcut")) {{ {call} }}',
        "if (CanIUse.AddShortcut) {{ Run(() => {{ {call} }}); }}",
        "if (Available(CanIUse.AddShortcut)) {{ {call} }}",
        "var offered = CanIUse.AddShortcut && Ready();\n    if (offered) {call}",
    ],
)
def test_mn501_is_quiet_behind_a_canIUse_property(tmp_path: Path, cli, guard: str) -> None:
    call = "TT.AddShortcut(ok => { });"
    root = write(tmp_path / "game", {**UNITY, "Assets/Scripts/Game.cs": behaviour("  void Offer()\n  {\n    " + guard.format(call=call) + "\n  }")})
    assert lint(cli, root, "MN501") == []


def test_mn501_reports_each_ungated_capability_call(tmp_path: Path, cli) -> None:
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Scripts/Game.cs": behaviour(
                "  bool Ready() { return CanIUse.AddShortcut; }\n"
                "  void Offer()\n  {\n    TT.AddShortcut(ok => { });\n  }\n"
                "  void Visit()\n  {\n    if (CanIUse.Login) { }\n    TT.StartEntranceMission(null);\n    TT.GetEntranceMissionReward(null);\n  }"
            ),
        },
    )
    assert lint(cli, root, "MN501") == [
        "Assets/Scripts/Game.cs:9:5: MN501 TT.AddShortcut is called without checking CanIUse.AddShortcut first",
        "Assets/Scripts/Game.cs:14:5: MN501 TT.StartEntranceMission is called without checking CanIUse.StartEntranceMission first",
        "Assets/Scripts/Game.cs:15:5: MN501 TT.GetEntranceMissionReward is called without checking CanIUse.GetEntranceMissionReward first",
    ]


def test_a_csharp_finding_can_be_suppressed_and_the_reading_is_shared(tmp_path: Path, cli) -> None:
    root = write(
        tmp_path / "game", {**UNITY, "Assets/Scripts/Game.cs": behaviour("  void Start()\n  {\n    // minis-py: ignore MN503\n    TT.GetGameRecorder();\n  }")}
    )
    assert lint(cli, root) == []
    new_run()
    first = sdk_reading(root)
    assert sdk_reading(root) is first and [use.member for use in first.uses] == ["GetGameRecorder"]
    new_run()
    assert sdk_reading(root) is not first  # a new lint run reads anew


def test_embedded_packages_are_the_games_and_editor_assemblies_are_not(tmp_path: Path, cli) -> None:
    """Held-out round 38: a project's own SDK adapter is an embedded package (Packages/SDKAdapter with its
    package.json) under `#if SUPPORT_BYTEDANCE`; Unity compiles it into the game, so its calls count (MN504 and MN509's
    login were false without them) and its Douyin-only calls are MN503. The WebGL defines ProjectSettings commits are
    the last build's (a WeChat one, round 28's PF_WX): a store define stays unknown, its `#else` read too."""
    adapter = behaviour(
        "#if SUPPORT_BYTEDANCE\n  void Start()\n  {\n    TT.Login(code => { }, error => { });\n"
        '    TT.CreateRewardedVideoAd(new CreateRewardedVideoAdParam { AdUnitId = "ad7312pkg" });\n'
        "    TT.NavigateToScene(null, null, null, null);\n  }\n#elif SUPPORT_WECHATGAME\n  void Start() { WX.GetGameRecorderManager(); }\n#endif"
    )
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "ProjectSettings/ProjectSettings.asset": "PlayerSettings:\n  scriptingDefineSymbols:\n    Android: DOTWEEN\n"
            "    WebGL: SUPPORT_WECHATGAME;SUPPORT_BYTEDANCE\n"
            "  additionalCompilerArguments: {}\n",
            "Assets/Scenes/.keep": "",
            "Packages/SDKAdapter/package.json": '{ "name": "windy.sdkadapter.core", "version": "1.0.0" }\n',
            "Packages/SDKAdapter/Bytedance/Adapter.cs": adapter,
            "Packages/SDKAdapter/Tools/Tools.asmdef": '{ "name": "Tools", "includePlatforms": ["Editor"] }\n',
            "Packages/SDKAdapter/Tools/Recorder.cs": behaviour("  static void Menu() { TT.ShowFavoriteGuide(null); }"),
            "Packages/com.bytedance.starksdk/package.json": '{ "name": "com.bytedance.starksdk" }\n',
            "Packages/com.bytedance.starksdk/Runtime/Sample.cs": behaviour("  void S() { TT.GetGameRecorder(); }"),
            "Packages/NotAPackage/Loose.cs": behaviour("  void S() { TT.CreateGridGamePanel(null); }"),
        },
    )
    out = lint(cli, root, "MN501", "MN503", "MN504", "MN509")
    assert out == [
        "Packages/SDKAdapter/Bytedance/Adapter.cs:11:5: MN503 TT.NavigateToScene() is not in TikTok's SDK for Unity: "
        "navigateToScene is a Douyin API TikTok does not have, so it fails on TikTok",
        "ProjectSettings/ProjectVersion.txt: MN509 this mini game never uses the shortcut (addShortcut) or the entrance mission "
        "(startEntranceMission): TikTok requires them of mini games",
    ]


def test_a_generic_call_is_a_call(tmp_path: Path, cli) -> None:
    """`TT.Save<string>(...)`: the type arguments stand between the name and its call (round 38's labeller)."""
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Scripts/Game.cs": behaviour(
                '  void Start()\n  {\n    TT.Save<string>("k", "v");\n    TT.GetCloudData<Dictionary<string, int>>(null);\n  }'
            ),
        },
    )
    assert lint(cli, root) == [
        "Assets/Scripts/Game.cs:9:5: MN503 TT.GetCloudData() is not among the APIs TikTok documents for its SDK for Unity: it may fail on TikTok"
    ]


def test_douyins_older_starksdk_chains_are_read_as_the_tt_calls_they_became(tmp_path: Path, cli) -> None:
    """Douyin's SDK before 6.0.0 (`StarkSDK.API.GetStarkRank().SetImRankData(...)`): its migration tool drops the
    manager getters and renames some calls; the chain is judged as that TT call (held-out round 38's labels)."""
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Scripts/Game.cs": "using StarkSDKSpace;\n\npublic class Game\n{\n  void Start()\n  {\n"
            "    StarkSDK.API.GetAccountManager().Login(null, null, true);\n"
            "    var ads = StarkSDK.API.GetStarkAdManager();\n"
            '    StarkSDK.API.GetStarkAdManager().ShowVideoAdWithId("ad7313stark", null, null);\n'
            "    StarkSDK.API.GetStarkRank().SetImRankData(null);\n"
            "    var recorder = StarkSDK.API.GetStarkGameRecorder();\n"
            "    StarkSDK.API.FollowDouYinUserProfile(null, null);\n"
            "    if (CanIUse.StarkShortcut.CreateShortcut) StarkSDK.API.CreateShortcut(null);\n"
            "  }\n  void Offer()\n  {\n    StarkSDK.API.CreateShortcut(null);\n  }\n  void Rank()\n  {\n"
            "    rank = StarkSDK.API.GetStarkRank();\n    rank.GetImRankList(null);\n    StarkSDK.API.SetContainerInitCallback(null);\n  }\n}\n",
        },
    )
    assert lint(cli, root, "MN501", "MN503", "MN504") == [
        "Assets/Scripts/Game.cs:10:5: MN503 StarkSDK.API.GetStarkRank().SetImRankData() (TT.SetImRankData since Douyin's SDK 6.0.0) "
        "is not in TikTok's SDK for Unity: setImRankData is a Douyin API TikTok does not have, so it fails on TikTok",
        "Assets/Scripts/Game.cs:11:20: MN503 StarkSDK.API.GetStarkGameRecorder() (TT.GetGameRecorder since Douyin's SDK 6.0.0) "
        "is not in TikTok's SDK for Unity: getGameRecorderManager is a Douyin API TikTok does not have, so it fails on TikTok",
        "Assets/Scripts/Game.cs:12:5: MN503 StarkSDK.API.FollowDouYinUserProfile() (TT.OpenAwemeUserProfile since Douyin's SDK 6.0.0) "
        "is not in TikTok's SDK for Unity: openAwemeUserProfile is a Douyin API TikTok does not have, so it fails on TikTok",
        "Assets/Scripts/Game.cs:17:5: MN501 StarkSDK.API.CreateShortcut is called without checking CanIUse.AddShortcut first",
        # a manager kept, then called on (round 38's labels: 3 misses); SetContainerInitCallback became TT.InitSDK
        "Assets/Scripts/Game.cs:22:5: MN503 rank.GetImRankList() (TT.GetImRankList since Douyin's SDK 6.0.0) "
        "is not in TikTok's SDK for Unity: getImRankList is a Douyin API TikTok does not have, so it fails on TikTok",
    ]


def test_a_unity_javascript_plugin_that_calls_the_platform_is_the_games_code(tmp_path: Path, cli) -> None:
    """Held-out round 38: a Unity SDK adapter's .jslib (mergeInto(LibraryManager.library, {...}), linked into the
    WebGL build) calls tt.showToast; a web library's plugin (no platform call) and the SDK's own are not read."""
    plugin = "mergeInto(LibraryManager.library, {\n  ShowTip: function (text) {\n    tt.showToast({ title: UTF8ToString(text) });\n  },\n"
    plugin += "  Ad: function () {\n    tt.createRewardedVideoAd({ adUnitId: 'ad7314plugin' });\n  },\n});\n"
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Plugins/WebGL/platform.jslib": plugin,
            "Assets/Plugins/WebGL/http.jslib": "mergeInto(LibraryManager.library, {\n  Get: function () { return new XMLHttpRequest(); },\n});\n",
            # the WeChat store's adapter beside TikTok's: a TikTok build does not call it
            "Assets/Stores/Wechat/Plugins/WebGL/wxadapt.jslib": "mergeInto(LibraryManager.library, {\n  Tip: function () { wx.showModal({}); },\n});\n",
            "Assets/Plugins/ByteGame/com.bytedance.starksdk/WebGL/TTSDK.jslib": "mergeInto(LibraryManager.library, {\n"
            "  X: function () { tt.getGameRecorderManager(); },\n});\n",
        },
    )
    out = lint(cli, root, "MN503", "MN504", "MN406")
    assert out == ["Assets/Plugins/WebGL/platform.jslib:3:5: MN503 tt.showToast() is not among TikTok's documented games APIs: it may be undefined on TikTok"]


def test_a_canIUse_read_only_handed_to_a_logging_call_guards_nothing(tmp_path: Path, cli) -> None:
    """Douyin's StarkSDK tester: `ShowTipsWhenDontUse(CanIUse.CreateShortcut);` then the call, whatever it said
    (round 38's labels: 14 calls lint took for guarded)."""
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Scripts/Game.cs": behaviour(
                "  void Offer()\n  {\n    ShowTipsWhenDontUse(CanIUse.AddShortcut);\n    TT.AddShortcut(ok => { });\n  }\n"
                "  void Record()\n  {\n    Debug.Log(CanIUse.GetGameRecorder);\n    TT.GetGameRecorder();\n  }"
            ),
        },
    )
    assert lint(cli, root) == [
        "Assets/Scripts/Game.cs:9:5: MN501 TT.AddShortcut is called without checking CanIUse.AddShortcut first",
        "Assets/Scripts/Game.cs:14:5: MN503 TT.GetGameRecorder() is not in TikTok's SDK for Unity: "
        "getGameRecorderManager is a Douyin API TikTok does not have, so it fails on TikTok",
    ]


def test_mn505_reads_an_ad_unit_id_in_csharp(tmp_path: Path, cli) -> None:
    """A demo's `AdUnitId = "demo_ad_unit"`, a const of another class, Douyin's first argument; a real id is quiet."""
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Scripts/AppConfig.cs": 'public static class AppConfig\n{\n  public const string InterstitialId = "YOUR_INTERSTITIAL_AD_UNIT_ID";\n'
            '  public const string RewardedId = "ad7660431701143963669";\n}\n',
            "Assets/Scripts/Ads.cs": behaviour(
                "  void Start()\n  {\n"
                '    TT.CreateRewardedVideoAd(new CreateRewardedVideoAdParam { AdUnitId = "demo_ad_unit" });\n'
                "    TT.CreateRewardedVideoAd(new CreateRewardedVideoAdParam { AdUnitId = AppConfig.RewardedId });\n"
                "    TT.CreateInterstitialAd(new CreateInterstitialAdParam { InterstitialAdId = AppConfig.InterstitialId });\n"
                '    TT.CreateRewardedVideoAd("", (ended, count) => { }, (code, message) => { });\n'
                "  }"
            ),
        },
    )
    assert lint(cli, root, "MN505") == [
        "Assets/Scripts/Ads.cs:8:5: MN505 the ad unit id 'demo_ad_unit' is a placeholder: no ad can be served",
        "Assets/Scripts/Ads.cs:10:5: MN505 the ad unit id 'YOUR_INTERSTITIAL_AD_UNIT_ID' (the value of AppConfig.InterstitialId) is a placeholder: "
        "no ad can be served",
        "Assets/Scripts/Ads.cs:11:5: MN505 the ad unit id '' is a placeholder: no ad can be served",
    ]


def test_another_objects_login_beside_starksdk_is_no_silent_login(tmp_path: Path, cli) -> None:
    """Held-out round 39: an analytics SDK's demo calls `GravityEngineAPI.Login("new_client_id")` in a file that uses
    StarkSDK; lint counted any `.Login(` there as TikTok's silent login, and MN509 left login out."""
    root = write(
        tmp_path / "game",
        {
            **UNITY,
            "Assets/Scripts/Demo.cs": "using StarkSDKSpace;\n\npublic class Demo\n{\n  void Start()\n  {\n"
            '    StarkSDK.API.SetContainerInitCallback(null);\n    GravityEngineAPI.Login("new_client_id");\n  }\n}\n',
        },
    )
    out = lint(cli, root, "MN509")
    assert out == [
        "ProjectSettings/ProjectVersion.txt: MN509 this mini game never uses silent login (login), the shortcut (addShortcut) or the entrance mission "
        "(startEntranceMission): TikTok requires them of mini games"
    ]

"""A Unity project's C#, read for its calls of TikTok's SDK for Unity: the static class `TT` of namespace TTSDK
(`TT.Login(...)`, `TT.AddShortcut(...)`; tiktok-sdk-for-unity, integrate-and-optimize-your-unity-mini-game) and its
capability checks (`CanIUse.Login`, unity-sdk-login-and-authorization; unity-sdk-faq: "Check the corresponding
CanIUse property").

Douyin's SDK for Unity has the same namespace and class (TTSDK, `TT`; its package is com.bytedance.starksdk, which
TikTok's com.tiktok.minigame repackages), so a Douyin game's calls read the same way; which of them TikTok has is
lint's to judge (lint/rules/games.py). What is read:

- the game's own scripts (own_files): Assets/**/*.cs and the packages embedded in the project, less Unity's Editor
  folders and editor-only assemblies (never in the game) and the SDKs' own files (Plugins/ByteGame,
  com.tiktok.minigame, com.bytedance.*, com.qq.weixin.*, WeChat's WX-WASM-SDK);
- in a file that uses the namespace (`using TTSDK;`, or `TTSDK.TT.` written out), unless the project declares a class
  `TT` of its own; and Douyin's older API, StarkSDK (`StarkSDK.API.GetStarkRank().SetImRankData(...)`), read as the
  TT call its migration tool makes of it;
- comments and string contents blanked, and the preprocessor's branches that never reach a game's build left out:
  `#if UNITY_EDITOR`, a platform Unity's WebGL build is not (`UNITY_ANDROID`, `UNITY_IOS`, `UNITY_STANDALONE` ...),
  and the branches after one that always holds. A symbol of the project's own (`#if Ade_TT`, a scripting define set
  per store) may be on in the TikTok build, so its branches are read (held-out round 37).

The game's own JavaScript plugins that call the platform (platform_plugins: `.jslib` files) are found here too, for
the JavaScript rules. The reading is made once a lint run for a project (run_generation) and shared by every rule
that asks.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..records import record
from .files import CONFIG_LIMIT, read_regular_text

CSHARP_LIMIT = 16 * 1024 * 1024  # of one C# source file
# Folders whose C# is not the game's own: Unity's editor-only folders, and the SDKs' packages
_SDK_PARTS = frozenset({"ByteGame", "com.tiktok.minigame", "StarkSDK", "WX-WASM-SDK", "WX-WASM-SDK-V2"})
_EDITOR = "Editor"
# Scripting symbols whose value in a TikTok (WebGL) build is known: Unity's "Platform #define directives"
_FALSE = frozenset(
    {
        "UNITY_EDITOR",
        "UNITY_EDITOR_WIN",
        "UNITY_EDITOR_OSX",
        "UNITY_EDITOR_LINUX",
        "UNITY_ANDROID",
        "UNITY_IOS",
        "UNITY_IPHONE",
        "UNITY_STANDALONE",
        "UNITY_STANDALONE_WIN",
        "UNITY_STANDALONE_OSX",
        "UNITY_STANDALONE_LINUX",
        "UNITY_TVOS",
        "UNITY_WSA",
        "UNITY_PS4",
        "UNITY_PS5",
        "UNITY_XBOXONE",
        "UNITY_SWITCH",
        "UNITY_SERVER",
        "false",
    }
)
_TRUE = frozenset({"UNITY_WEBGL", "true"})

_USE = re.compile(
    r"(?<![\w.])(?:(?:global\s*::\s*)?TTSDK\s*\.\s*)?TT\s*\.\s*([A-Za-z_]\w*)\s*"
    r"(?:<[^<>;(){}=]*(?:<[^<>;(){}=]*>[^<>;(){}=]*)*>\s*)?"  # a generic method's type arguments: TT.Save<string>(...)
    r"(\(|\+=|-=)?"
)
_USING = re.compile(r"^\s*using\s+(?:static\s+)?TTSDK\s*;", re.M)
_GLOBAL_USING = re.compile(r"^\s*global\s+using\s+(?:static\s+)?TTSDK\s*;", re.M)
_STARK_CALL = re.compile(r"\.\s*([A-Za-z_]\w*)\s*\(")
_QUALIFIED = re.compile(r"\bTTSDK\s*\.\s*TT\s*\.")
_OWN_TT = re.compile(r"\b(?:class|struct|interface|enum)\s+TT\b|\busing\s+TT\s*=")
_DIRECTIVE = re.compile(r"^[ \t]*#[ \t]*(if|elif|else|endif)\b([^\n]*)", re.M)
# a comment, a verbatim string (@"...", "" its quote), a string or a character literal (an unterminated one ends at
# its line); interpolated strings ($"...", $@"...") are read as strings, their {expressions} with them
_LEXEME = re.compile(r"""//[^\n]*|/\*[\s\S]*?(?:\*/|\Z)|\$?@\$?"(?:[^"]|"")*"?|\$?"(?:\\.|[^"\\\n])*"?|'(?:\\.|[^'\\\n])*'?""")
_TOKEN = re.compile(r"\s*(\|\||&&|==|!=|!|\(|\)|[A-Za-z_]\w*)")


@record(frozen=True)
class SdkUse:
    """`TT.<member>` in a file: where it is written (`TT.` to the member's end), and whether it is called."""

    path: str  # relative to the project's root, posix
    member: str  # TT's member; for Douyin's older StarkSDK API, the member its migration renames the chain to
    start: int
    end: int
    called: bool
    written: str = ""  # a StarkSDK chain as written (`StarkSDK.API.GetStarkRank().SetImRankData`); "": `TT.<member>`
    # the names a CanIUse check of this call may use besides the member (StarkSDK's own method name)
    aliases: tuple[str, ...] = ()
    migrated: bool = False  # a StarkSDK chain whose TT call (`member`) is worth saying: not just `StarkSDK.API.` -> `TT.`


@record(frozen=True)
class CSharpFile:
    path: str
    text: str  # as read
    code: str  # comments and strings' contents blanked, dead preprocessor branches blanked (same offsets)
    kept: str  # comments blanked only (strings kept: `CanIUse("addShortcut")`), dead branches blanked


@record(frozen=True)
class SdkReading:
    files: tuple[CSharpFile, ...]  # the project's own files that use TTSDK
    uses: tuple[SdkUse, ...]
    # the methods called in files that use Douyin's older StarkSDK (`StarkSDK.API.GetStarkAdManager().ShowVideoAdWithId(...)`,
    # or a manager kept in a variable: `starkAdManager.ShowVideoAdWithId(...)`)
    stark_called: frozenset[str] = frozenset()

    def file(self, path: str) -> CSharpFile | None:
        return next((f for f in self.files if f.path == path), None)


_READ: dict[str, tuple[int, SdkReading]] = {}


def sdk_reading(root: Path) -> SdkReading:
    """The project's uses of TTSDK's `TT`, read once a lint run."""
    from .modules import run_generation  # start-up: only a Unity project's rules ask

    key = str(root)
    cached = _READ.get(key)
    if cached is None or cached[0] != run_generation():
        cached = (run_generation(), _read(root))
        _READ[key] = cached
    return cached[1]


_PLATFORM_CALL = re.compile(r"(?<![\w$.])(tt|wx|TTMinis)\s*\.\s*[A-Za-z_$]")


def platform_plugins(root: Path) -> tuple[str, ...]:
    """The game's own JavaScript plugins (`.jslib`, in the same folders as its own C#) that call the platform's API
    (`tt.`, `wx.`, `TTMinis.`), relative to the root. Where one calls `tt.` (or TTMinis), one that calls only `wx.` is
    the WeChat store's adapter beside it (Pluginss/Wechatgame/.../wxadapt.jslib beside Pluginss/Bytedance/.../
    ttadapt.jslib, held-out round 38), which a TikTok build does not call: not read."""
    found: list[tuple[str, set[str]]] = []
    for path in own_files(root, ".jslib"):
        text = read_regular_text(path, CSHARP_LIMIT, partial=True) or ""
        names = set(_PLATFORM_CALL.findall(text))
        if names:
            found.append((path.relative_to(root).as_posix(), names))
    tiktok = any(names - {"wx"} for _, names in found)
    return tuple(path for path, names in found if not tiktok or names - {"wx"})


def own_files(root: Path, suffix: str = ".cs") -> list[Path]:
    """The game's own C#: Assets/, and the packages embedded in the project (a folder of Packages/ with its
    package.json, or a `file:` dependency of Packages/manifest.json inside the project), which Unity compiles into the
    game as it does Assets/ (a project's own SDK adapter is one: held-out round 38). Not an Editor folder's or an
    editor-only assembly's (an .asmdef whose includePlatforms is ["Editor"]), not an SDK's, not through a link out of
    the project."""
    real = root.resolve()
    found: list[Path] = []
    for folder in (root / "Assets", *_embedded_packages(root, real)):
        for base, dirs, names in os.walk(folder):
            if any(name.endswith(".asmdef") and _editor_only(Path(base) / name) for name in names):
                dirs[:] = []
                continue
            # Unity imports no hidden folder: `.x`, and `x~` (a package's Samples~ and Documentation~, Unity manual,
            # "Special folder names"), whose C# is copied into a project only when a developer imports the sample
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not d.endswith("~") and d != _EDITOR and not _sdk_folder(d))
            for name in sorted(names):
                path = Path(base) / name
                if name.endswith(suffix) and path.resolve().is_relative_to(real):
                    found.append(path)
    return found


def _embedded_packages(root: Path, real: Path) -> list[Path]:
    packages = root / "Packages"
    folders = [d for d in sorted(packages.iterdir()) if d.is_dir() and (d / "package.json").is_file()] if packages.is_dir() else []
    try:
        manifest = json.loads(read_regular_text(packages / "manifest.json", CONFIG_LIMIT) or "{}")
    except ValueError:
        manifest = {}
    dependencies = manifest.get("dependencies") if isinstance(manifest, dict) else None
    for spec in dependencies.values() if isinstance(dependencies, dict) else ():
        if isinstance(spec, str) and spec.startswith("file:"):
            folder = packages / spec[len("file:") :]
            if folder.is_dir() and folder.resolve().is_relative_to(real) and folder.resolve() not in {f.resolve() for f in folders}:
                folders.append(folder)
    kept = []
    for folder in folders:
        name = folder.name.split("@", 1)[0]
        try:
            declared = json.loads(read_regular_text(folder / "package.json", CONFIG_LIMIT) or "{}").get("name", "")
        except (ValueError, AttributeError):
            declared = ""
        if not _sdk_folder(name) and not (isinstance(declared, str) and _sdk_folder(declared)):
            kept.append(folder)
    return kept


def _editor_only(asmdef: Path) -> bool:
    try:
        document = json.loads(read_regular_text(asmdef, CONFIG_LIMIT) or "{}")
    except ValueError:
        return False
    platforms = document.get("includePlatforms") if isinstance(document, dict) else None
    return isinstance(platforms, list) and platforms == ["Editor"]


def _sdk_folder(name: str) -> bool:
    return name in _SDK_PARTS or name.startswith(("com.bytedance", "com.tiktok", "com.qq.weixin", "WX-WASM-SDK"))


def _read(root: Path) -> SdkReading:
    files: list[CSharpFile] = []
    uses: list[SdkUse] = []
    stark: set[str] = set()
    sources = [(path, read_regular_text(path, CSHARP_LIMIT, partial=True) or "") for path in own_files(root)]
    # only a file naming TT (TTSDK, `class TT`) or StarkSDK can say anything here
    cleaned = [(path, text, *blank(text)) for path, text in sources if "TT" in text or "StarkSDK" in text]
    for _, _, code, _ in cleaned:
        if "StarkSDK" in code:
            stark.update(_STARK_CALL.findall(live(code)))
    if any(_OWN_TT.search(code) for _, _, code, _ in cleaned):
        return SdkReading((), (), frozenset(stark))  # the project's own `TT`: its calls are not the SDK's
    everywhere = any(_GLOBAL_USING.search(code) for _, _, code, _ in cleaned)  # `global using TTSDK;` (C# 10)
    for path, text, code, kept in cleaned:
        uses_tt = everywhere or _USING.search(code) or _QUALIFIED.search(code)
        if not uses_tt and "StarkSDK" not in code:
            continue
        code, kept = live(code), live(kept)
        relative = path.relative_to(root).as_posix()
        files.append(CSharpFile(relative, text, code, kept))
        if uses_tt:
            for match in _USE.finditer(code):
                uses.append(SdkUse(relative, match.group(1), match.start(), match.end(1), match.group(2) is not None))
        uses.extend(_stark_uses(relative, code))
    return SdkReading(tuple(files), tuple(uses), frozenset(stark))


# Douyin's SDK for Unity before 6.0.0 was StarkSDK (`StarkSDK.API.GetStarkAdManager().ShowVideoAdWithId(...)`); 6.0.0 made
# it `TT.CreateRewardedVideoAd(...)`, and the SDK's migration tool (its Editor/TTAPIUpdate.cs, "旧版 StarkSdk API 迁移
# TTSDK API") rewrites the one to the other: the manager getters dropped, these renamed. A chain is read as the TT call
# the tool would make of it, and judged as that call is.
_STARK_DROPPED = frozenset(
    {
        "GetStarkAdManager",
        "GetAccountManager",
        "GetStarkRank",
        "GetStarkShare",
        "GetStarkSideBarManager",
        "GetStarkFavorite",
        "GetStarkKeyboard",
        "GetStarkPayService",
        "GetStarkClipboard",
        "GetStarkInput",
        "GetStarkInvite",
        "GetStarkHostEvent",
        "GetStarkScreenManager",
        "GetStarkRequest",
        "GetStarkGoldCoinGameManager",
        "GetStarkDeviceMotion",
    }
)
_STARK_RENAMED = {
    "Init": "InitSDK",
    "SetContainerInitCallback": "InitSDK",  # the tool's note: "初始化回调接口需要调整，参考 TT.InitSDK 接口"
    "ShowVideoAdWithId": "CreateRewardedVideoAd",
    "CreateShortcut": "AddShortcut",
    "GetStarkGameRecorder": "GetGameRecorder",
    "GetStarkDouyinCloudManager": "CreateCloud",
    "GetStarkFileSystemManager": "GetFileSystemManager",
    "GetStarkAppLifeCycle": "GetAppLifeCycle",
    "GetStarkContainerVersion": "GetContainerVersion",
    "GetStarkGyroscope": "GetTTGyroscope",
    "GetScUserInfo": "GetUserInfo",
    "ExitApp": "ExitMiniProgram",
    "RestartApp": "RestartMiniProgramSync",
    "IsShortcutExist": "CheckShortcut",
    "FollowDouYinUserProfile": "OpenAwemeUserProfile",
    "IsFollowDouyin": "CheckFollowAwemeState",
    "HasBoundDouyin": "CheckBoundAweme",
    "SetImRankDataV2": "SetImRankData",
    "GetImRankListV2": "GetImRankList",
    "GetImRankDataV2": "GetImRankData",
}
# `StarkSDK.API`, then zero-argument getters (`.GetStarkRank()`), then the member (called or not)
_STARK_CHAIN = re.compile(r"(?<![\w.])(?:StarkSDKSpace\s*\.\s*)?StarkSDK\s*\.\s*API((?:\s*\.\s*[A-Za-z_]\w*\s*\(\s*\))*)\s*\.\s*([A-Za-z_]\w*)\s*(\()?")
_STARK_KEPT = re.compile(
    r"(?<![\w.])(?:this\s*\.\s*)?([A-Za-z_]\w*)\s*=\s*(?:StarkSDKSpace\s*\.\s*)?StarkSDK\s*\.\s*API((?:\s*\.\s*[A-Za-z_]\w*\s*\(\s*\))+)\s*;"
)
_GETTER = re.compile(r"\.\s*([A-Za-z_]\w*)\s*\(\s*\)")


def _stark_uses(path: str, code: str) -> list[SdkUse]:
    found = []
    for match in _STARK_CHAIN.finditer(code):
        chain = [*_GETTER.findall(match.group(1)), match.group(2)]
        use = _stark_use(path, code, chain, match.start(), match.end(2), match.group(3) is not None)
        if use is not None:
            found.append(use)
    # a manager kept in a variable or field (`starkAccount = StarkSDK.API.GetAccountManager();`), then called on
    # (`starkAccount.CheckSession(...)`): the same chain, written in two steps
    for match in _STARK_KEPT.finditer(code):
        getters = _GETTER.findall(match.group(2))
        if not getters or any(getter not in _STARK_DROPPED for getter in getters):
            continue
        for call in re.finditer(rf"(?<![\w.])(?:this\s*\.\s*)?{re.escape(match.group(1))}\s*\.\s*([A-Za-z_]\w*)\s*\(", code):
            use = _stark_use(path, code, [*getters, call.group(1)], call.start(), call.end(1), True)
            if use is not None:
                found.append(use)
    return found


def _stark_use(path: str, code: str, chain: list[str], start: int, end: int, called: bool) -> SdkUse | None:
    kept = [name for name in chain if name not in _STARK_DROPPED]
    if not kept:
        return None  # a manager kept for later (`adManager = StarkSDK.API.GetStarkAdManager()`)
    first = kept[0]
    called = called or len(kept) > 1 or first != chain[-1]
    written = re.sub(r"\s+", "", code[start:end])
    # the TT call the migration makes of it, where that is more than `StarkSDK.API.` -> `TT.` (a getter dropped, a
    # name changed); a manager getter it does not name (`GetStarkGridGamePanelManager`) has no TT name to give
    renamed = (len(chain) > 1 or first in _STARK_RENAMED) and not _STARK_RENAMED.get(first, first).startswith("GetStark")
    return SdkUse(path, _STARK_RENAMED.get(first, first), start, end, called, written, (first,), renamed)


def blank(text: str) -> tuple[str, str]:
    """(code, kept): the text with comments blanked, and string and character literals' contents blanked too in code.
    Offsets and line breaks are kept, so a position in either is the position in the text."""
    code: list[str] = []
    kept: list[str] = []
    position = 0
    for match in _LEXEME.finditer(text):
        start, end = match.span()
        code.append(text[position:start])
        kept.append(text[position:start])
        lexeme = match.group(0)
        if lexeme[0] == "/":  # a comment
            code.append(_spaces(lexeme))
            kept.append(_spaces(lexeme))
        else:  # a literal: its quotes kept, what is between them blanked
            opening = next(k for k, c in enumerate(lexeme) if c in "\"'") + 1
            closing = len(lexeme) - 1 if len(lexeme) > opening and lexeme[-1] == lexeme[opening - 1] else len(lexeme)
            code.append(lexeme[:opening] + _spaces(lexeme[opening:closing]) + lexeme[closing:])
            kept.append(lexeme)
        position = end
    code.append(text[position:])
    kept.append(text[position:])
    return "".join(code), "".join(kept)


def _spaces(text: str) -> str:
    return re.sub(r"[^\n]", " ", text)


def live(code: str) -> str:
    """The code with the preprocessor's dead branches (and the directives' own lines) blanked."""
    out: list[str] = []
    # a stack of (this branch is live, an earlier branch of the group certainly held, the group's parent is live)
    stack: list[tuple[bool, bool, bool]] = []
    position = 0
    dead = False
    for match in _DIRECTIVE.finditer(code):
        out.append(_spaces(code[position : match.start()]) if dead else code[position : match.start()])
        out.append(_spaces(match.group(0)))
        position = match.end()
        kind, condition = match.group(1), match.group(2).split("//", 1)[0]
        parent = not dead if not stack else stack[-1][0] and stack[-1][2]
        if kind == "if":
            parent = not dead
            value = _evaluate(condition)
            stack.append((value is not False, value is True, parent))
        elif kind in ("elif", "else") and stack:
            _, held, parent = stack[-1]
            value = True if kind == "else" else _evaluate(condition)
            stack[-1] = (not held and value is not False, held or value is True, parent)
        elif kind == "endif" and stack:
            stack.pop()
        dead = bool(stack) and not (stack[-1][0] and stack[-1][2])
    out.append(_spaces(code[position:]) if dead else code[position:])
    return "".join(out)


def _evaluate(condition: str) -> bool | None:
    """A `#if` condition in three values: True or False where the symbols' values in a WebGL game build decide it,
    None where a symbol of the project's own does (or the expression is not understood)."""
    tokens: list[str] = []
    position = 0
    condition = condition.strip()
    while position < len(condition):
        match = _TOKEN.match(condition, position)
        if match is None:
            return None
        tokens.append(match.group(1))
        position = match.end()
        if not condition[position:].strip():
            break
    parser = _Parser(tokens)
    try:
        value = parser.disjunction()
    except IndexError:
        return None
    return value if parser.at == len(tokens) else None


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def disjunction(self) -> bool | None:
        value = self.conjunction()
        while self.at < len(self.tokens) and self.tokens[self.at] == "||":
            self.at += 1
            other = self.conjunction()
            value = True if value is True or other is True else (False if value is False and other is False else None)
        return value

    def conjunction(self) -> bool | None:
        value = self.equality()
        while self.at < len(self.tokens) and self.tokens[self.at] == "&&":
            self.at += 1
            other = self.equality()
            value = False if value is False or other is False else (True if value is True and other is True else None)
        return value

    def equality(self) -> bool | None:
        value = self.unary()
        while self.at < len(self.tokens) and self.tokens[self.at] in ("==", "!="):
            negate = self.tokens[self.at] == "!="
            self.at += 1
            other = self.unary()
            if value is None or other is None:
                value = None
            else:
                value = (value == other) != negate
        return value

    def unary(self) -> bool | None:
        token = self.tokens[self.at]
        self.at += 1
        if token == "!":
            value = self.unary()
            return None if value is None else not value
        if token == "(":
            value = self.disjunction()
            if self.tokens[self.at] != ")":
                raise IndexError
            self.at += 1
            return value
        if token in _TRUE:
            return True
        if token in _FALSE:
            return False
        if token in ("||", "&&", "==", "!=", ")"):
            raise IndexError
        return None

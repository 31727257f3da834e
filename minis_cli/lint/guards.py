"""Environment guards: does a piece of code run only outside TikTok? Code written for more than one environment
chooses its branch at run time: the `else` of a `typeof TTMinis !== 'undefined'` check, the branch of a user-agent
test that is not TikTok's, an early `if (isTikTok) return`, a platform factory that builds its web adapter only when
TikTok's SDK is absent, or another platform's adapter it builds only on that platform. A browser API there (the
clipboard, location navigation) or another platform's API (ks.login, WeChat's wx.navigateToMiniProgram) never runs
inside TikTok, so the rules that report what TikTok blocks or lacks (MN406, MN409, MN503) leave it alone. Across
modules too (issue 30 item 1c): a flag imported from a helper module is valued there, an exported function or class
whose importers use it only outside TikTok runs only there (a class's method not through a subclass defining its own),
and so does a module whose every import is a guarded `import()`.

Decided on the tree-sitter tree (javascript.py's Script), asked only for a node a rule is about to report, so a file
without findings costs nothing. A condition's value inside TikTok is True, False or unknown (None), combined as
Kleene's logic does; what is not recognised is unknown, so a guard is never assumed. What counts as TikTok:
a browser-only API (navigator.vibrate, .clipboard, .geolocation) is absent in a native game's runtime, so a feature
check of it is false there (`if (!navigator.vibrate) return;`); TTMinis (TikTok's "TikTok Minis Technical Overview":
"client JSAPIs exposed via window.TTMinis") or the games SDK's names (tt, wx: "API namespace is compatible with tt,
wx, and TTMinis.game") present; a user agent matching TikTok's app names (TikTok, musical_ly, BytedanceWebview,
aweme, trill); a platform name compared to 'tiktok' or 'minis'; a const, function or name that says so
(`const isTikTok = typeof TTMinis !== 'undefined'`, `isTikTok()`, `inMinis`). Another platform (OTHER_GLOBALS,
other_platform) is absent there; WeChat and ByteDance are not known to be: TikTok runs their builds."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..sdk_api import FOREIGN_GAME_APIS, GAME_APIS, UNCONFIRMED_GAME_APIS
from ..source.files import read_regular_text
from ..source.javascript import Script, scripts_in
from ..source.modules import _Files, note_project_wide, resolve_import, resolve_require, run_generation
from ..source.syntax import FUNCTION_TYPES, _captures, descendants, dotted_name, ends_with, identifier_uses, literal_string, object_property, unwrap

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from tree_sitter import Node

_SDK_NAMES = frozenset({"TTMinis", "tt"})
_TIKTOK_UA = re.compile(r"tiktok|musical_ly|bytedancewebview|aweme|trill", re.I)
_TIKTOK_PLATFORM = re.compile(r"(?:tiktok(?:[-_ ]?minis?)?|ttminis|minis)", re.I)
_TIKTOK_FLAG = re.compile(r"(?:is|in|on|has)_?(?:tiktok|ttminis|minis|tt)(?:_?(?:env|environment|app|webview|container|client|sdk|minis))?", re.I)
_EXITS = frozenset({"return_statement", "throw_statement"})
MAX_DEPTH = 4  # definitions followed to their uses, and flags to their values: a platform factory is 1 or 2 deep


_ROOT: list[str] = []  # the project folder of the current question: other modules are read there
_READ: set[str] = set()  # the project modules a question's answer came from (a helper, an importer): see modules_read


def modules_read() -> tuple[str, ...]:
    """The project modules the guards read since the last call (then forgotten): the file's findings depend on them,
    so the engine does not cache them (an edited helper module changes the answer)."""
    found = tuple(sorted(_READ))
    _READ.clear()
    return found


def note_read(path: str) -> None:
    """A rule's answer came from this project module too (a helper it follows there): see modules_read."""
    _READ.add(path)


_LAYA_WINDOW = re.compile(r"^(?:Laya\.)?(?:Browser|MiniAdpter|TTMiniAdapter)\.window\.")  # also LayaAir 2's imported `Browser`
# LayaAir's platform flags: its Browser sets onTTMiniGame and clears onMiniGame (its WeChat flag) wherever `tt` is
# in the global object in a mini game (laya.core.js, Browser.__init__: `else if ("tt" in Browser.window && u.indexOf(
# 'MiniGame') > -1) { Browser.onTTMiniGame = true; Browser.onMiniGame = false; }`): inside TikTok, which has tt, the
# ByteDance branch is taken and the WeChat one is not (MN024 rests on the same path, measured in the game host)
_LAYA_FLAG = re.compile(r"(?:Laya\.)?Browser\.on(TT)?MiniGame")
# Older LayaAir 2 engines (2.1) have no ByteDance branch: onMiniGame stays as the user agent says, and onTTMiniGame is
# never set. So the project's own engine (bin/libs/laya.core.js beside its src/) says which holds.
_LAYA_CORE_FILES = ("bin/libs/laya.core.js", "bin/libs/min/laya.core.min.js", "libs/laya.core.js", "libs/min/laya.core.min.js", "libs/laya.core.min.js")
_LAYA_BRANCH: dict[str, tuple[int, bool | None]] = {}


def _laya_tt_branch(script: Script) -> bool | None:
    """Whether the LayaAir engine the script's project ships (the nearest folder at or above the script, up to the lint
    root, holding bin/libs/laya.core.js or libs/laya.core.js) takes its ByteDance branch where `tt` exists (it sets
    Browser.onTTMiniGame); None when no engine file is found."""
    import os

    if not _ROOT or not script.path:
        return None
    folder = os.path.dirname(script.path)
    while True:
        known = _LAYA_BRANCH.get(os.path.join(_ROOT[0], folder))
        if known is not None and known[0] == run_generation():
            return known[1]
        for name in _LAYA_CORE_FILES:
            relative = f"{folder}/{name}" if folder else name
            text = read_regular_text(os.path.join(_ROOT[0], relative), 8 << 20, partial=True)
            note_read(relative)  # there or not: a cached answer holds while it stays so
            if text is not None:
                found = "onTTMiniGame" in text
                _LAYA_BRANCH[os.path.join(_ROOT[0], folder)] = (run_generation(), found)
                return found
        if not folder:
            return None
        folder = os.path.dirname(folder)


_NATIVE: list[bool] = []  # the code runs in TikTok's native game runtime (no DOM, no navigator APIs)
_BROWSER_ONLY = re.compile(r"(?:window\.)?navigator\.(?:vibrate|clipboard|geolocation)")

# Other platforms, absent inside TikTok (issue 30, real projects: a framework's platform factory picks its Kuaishou
# adapter when `typeof KSGameGlobal !== "undefined"`, LayaAir's when `Laya.Browser.onVVMiniGame`). Their globals
# (Kuaishou's ks and KSGameGlobal, QQ's qq, Baidu's swan, Alipay's my, OPPO/vivo quick games' qg, JD's jd, Huawei's
# hbs, Qutoutiao's qttGame, Facebook's FBInstant) are undefined there; a flag named for one (`isKuaishou()`,
# `onVVMiniGame`), a platform constant (`sys.Platform.KUAISHOU_MINI_GAME`, `cc.sys.VIVO_GAME`, `EPlatform.KuaiShou`)
# or a name ('kuaishou') compared with the running platform is false there. WeChat's and ByteDance/Douyin's are not:
# TikTok runs those platforms' builds (it answers to wx and tt), so `cc.sys.platform === cc.sys.WECHAT_GAME` may hold.
OTHER_GLOBALS = frozenset(
    {"ks", "KSGameGlobal", "qq", "swan", "my", "qg", "jd", "hbs", "qttGame", "FBInstant"}
    # UC browser's mini games' (`if (window["uc"]) { ...wx.createRewardVideoAd() }`, UC's API on its wx: held-out round 28)
    | {"uc"}
    # a web worker's, which neither TikTok's webview page nor its native game runtime is (Emscripten's glue, a Godot or
    # Unity export: `var ENVIRONMENT_IS_WORKER = !!globalThis.WorkerGlobalScope; if (ENVIRONMENT_IS_WORKER) new XMLHttpRequest()`)
    | {"WorkerGlobalScope", "importScripts"}
)
OTHER_PLATFORMS = frozenset(
    {"kuaishou", "kwai", "qq", "baidu", "swan", "alipay", "taobao", "oppo", "vivo", "huawei", "honor", "xiaomi", "meizu"}
    | {"qutoutiao", "qtt", "4399", "bilibili", "jingdong", "dingtalk", "linksure", "migu", "cocosplay", "facebook"}
    | {"zfb", "zhifubao"}  # Alipay in pinyin: `globalThis.isZFB = ALIPAY`, IS_ZFB_GAME
)
# onVVMiniGame, onQGMiniGame, platformMZ, platformUC (UC browser's mini games)
_PLATFORM_CODES = frozenset({"ks", "bd", "vv", "qg", "hw", "bl", "tb", "kg", "mz", "al", "xm", "jd", "hbs", "uc"})
_FLAG_PREFIXES = ("is", "on", "in", "has")
_PLATFORM_SUFFIXES = (
    *("minigame", "miniprogram", "quickgame", "instantgame", "game", "games", "mini", "quick", "play", "mg"),  # qqMG, bdMG
    *("platform", "app", "creative", "env", "environment", "runtime", "sdk"),
)


def other_platform(name: str, flag: bool = False) -> bool:
    """Does the name stand for a platform other than TikTok (and other than WeChat and ByteDance, whose builds TikTok
    runs)? `flag`: as a flag, which needs its is/on/in/has or its platform (`isKuaishou`, `onVVMiniGame`, a
    multi-platform framework's build-time `debug.platformOppo`); else a constant or a name (`KUAISHOU_MINI_GAME`,
    `KuaiShou`, 'vivo'). A two-letter code counts only beside a game word or after platform (`onQGMiniGame`,
    `platformMZ`)."""
    core = re.sub(r"[^a-z0-9]", "", name.lower())
    suffixed = False
    if flag:
        prefix = next((p for p in _FLAG_PREFIXES if core.startswith(p) and len(core) > len(p)), None)
        if prefix is not None:
            core = core[len(prefix) :]
        # a build-time flag naming the platform the build is for: `debug.platformOppo`, `isPlatformMZ`
        if core.startswith("platform") and len(core) > len("platform"):
            core, suffixed = core[len("platform") :], True
        elif prefix is None:
            return False
    stripped = True
    while stripped:
        stripped = False
        for suffix in _PLATFORM_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix):
                core, stripped, suffixed = core[: -len(suffix)], True, True
                break
    return core in OTHER_PLATFORMS or (suffixed and core in _PLATFORM_CODES)


def runs_outside_tiktok(script: Script, node: Node, root: str | None = None, native: bool = False) -> bool:
    """True when `node` can only run outside TikTok: every path to it passes a guard that is false inside TikTok.
    With the project's `root`, across modules too: a guard's flag imported from a helper module (`import { inApp }
    from './env'`), and an exported function (or a module) that its importers use only outside TikTok."""
    _ROOT[:] = [root] if root else []
    _NATIVE[:] = [True] if native else []
    try:
        return _outside(script, node, MAX_DEPTH)
    finally:
        _ROOT.clear()
        _NATIVE.clear()
        _ANSWERED.clear()
        _VALUES.clear()
        _STORE_REGISTERED.clear()


# One question's answers so far, by (module, node, depth, method): the walk reaches the same use again through other
# definitions (a module whose every function is used by the others, each followed to its uses to MAX_DEPTH), and without
# them the work grew as the number of uses to the power of the depth (held-out round 25: a Cocos 2 game's SDK manager
# never finished). Kept for one question only, since its modules' reading (_READ) is recorded as it goes.
# The script is kept with its answer, so that its id is not another's while the question lasts.
_ANSWERED: dict[tuple[int, int, int, int, int, str | None], tuple[Script, bool]] = {}
_VALUES: dict[tuple[int, int, int, str], tuple[Script, frozenset[str] | None]] = {}  # _platform_values, for the question


def _outside(script: Script, node: Node, depth: int, method: str | None = None) -> bool:
    key = (id(script), node.start_byte, node.end_byte, node.kind_id, depth, method)
    known = _ANSWERED.get(key)
    if known is None:
        known = _ANSWERED[key] = (script, _walk_outside(script, node, depth, method))
    return known[1]


def _walk_outside(script: Script, node: Node, depth: int, method: str | None = None) -> bool:
    """`method`: the instance method of a class the walk is in (a subclass's use of the class runs it only if it
    does not define its own), set when the walk passes it, or given for the walk from an `extends` clause."""
    in_method = [method]

    def step(parent: Node, child: Node) -> bool:
        """What only the environment guard adds to the walk: another platform's case of a switch, a definition (a
        function, a class, an object) whose every use runs outside TikTok, a module imported only outside it."""
        kind = parent.type
        if kind == "method_definition":
            in_method[0] = _instance_method(script, parent)
            # `static showVideo(cb, type, isinit = false)`: every call runs outside TikTok, or passes a flag that skips `node`
            if depth > 0 and (_static_calls_outside(script, parent, node, depth - 1) or _instance_calls_outside(script, parent, node, depth - 1)):
                return True
        if (
            depth > 0
            and _ROOT
            and (kind == "method_definition" or (kind == "function_expression" and parent.parent is not None and parent.parent.type == "pair"))
        ):
            # a method of an object literal (a Cocos Creator 2 `cc.Class({...})`'s `qqLogin() {...}`) whose every call,
            # `this.qqLogin()` in its own object, runs outside TikTok (`if (window.tt) {...} else if (window.qq) {...}`)
            calls = _object_method_calls(script, parent) if not _in_class(parent) else None
            if calls and all(_outside(module, call, depth - 1) for module, call in calls):
                return True
        if (kind == "switch_case" or kind == "switch_default") and _other_case_than_tiktok(script, parent, depth):
            return True
        # `t.prototype.ksGetUserInfo = function () {...}` (an ES5 class, as TypeScript and Cocos Creator 2 compile one):
        # every call of the method in the project, `Login.instance.ksGetUserInfo()`, runs outside TikTok
        if depth > 0 and kind == "function_expression" and _ROOT and _prototype_calls_outside(script, parent, depth - 1):
            return True
        if depth > 0 and kind in ("arrow_function", "function_expression"):
            # a function the instance holds as a member (`play = () => {...}` as a class field, `this['play'] = (q) =>
            # {...}` in the constructor: an obfuscated client's methods) whose every call, on its instances, runs
            # outside TikTok
            member = _instance_member(script, parent)
            if member is not None:
                calls = _member_calls(script, member[0], member[1])
                if calls is not None and all(_outside(module, call, depth - 1) for module, call in calls):
                    if calls or _adapter_class(script, member[1]):
                        return True
        if depth > 0 and kind in ("internal_module", "module") and _ROOT:
            # a TypeScript namespace (`export namespace H5ProxyWrapper { ... }`) every use of which, outside its body,
            # runs outside TikTok (`if (cc.sys.isBrowser) igs["PluginProxyWrapper"] = H5ProxyWrapper`)
            key = parent.child_by_field_name("name")
            if key is not None and key.type == "identifier" and _every_use_outside(script, script.source(key), parent, depth - 1):
                return True
        if depth > 0 and _ROOT and kind in _CLASS_TYPES and _registered_for_another_store(script, parent, depth - 1):
            return True  # `@platformMgr.add(EPlatformType.wx) class WxPlatform`, beside the registry's TikTok class
        if depth > 0 and (kind in FUNCTION_TYPES or kind in ("class_declaration", "class", "object")):
            name = _defined_name(script, parent)
            in_class = in_method[0] if kind in ("class_declaration", "class") else None
            if name is not None and _every_use_outside(script, name, parent, depth - 1, in_class):
                return True
            # `export default { buzz() { navigator.vibrate(ms) } }`: its importers' uses of the default, each outside TikTok
            if name is None and _ROOT and _default_export(parent) and _imported_uses_outside(script, "default", depth - 1, parent, in_class) is True:
                return True
            # `window.AD_QQ = { shiPin() { qq.createRewardedVideoAd(...) } }`: a store adapter made a global, every use of
            # which in the project (`AD_QQ.shiPin()` under `case "QQ":`) runs outside TikTok
            held = _global_definition(script, parent) if name is None and _ROOT else None
            if held is not None and _global_uses_outside(script, held, parent, depth - 1):
                return True
        if kind in ("class_declaration", "class"):
            in_method[0] = None  # past the class, its method no longer matters
        # a module whose every import is a dynamic one behind a guard (`if (!inTikTok()) import('./web')`)
        return (
            kind == "program"
            and depth > 0
            and bool(_ROOT)
            and (_module_imported_only_outside(script, depth - 1, _in_function(node)) or _other_stores_build_variant(script))
        )

    return guarded_walk(script, node, lambda condition: in_tiktok(script, condition, depth), step)


def _prototype_calls_outside(script: Script, function: Node, depth: int) -> bool:
    """A function assigned as an ES5 class's method (`X.prototype.name = function`), with a name few modules mention,
    each mention of which in the project is a call (`a.b.name(...)`) that runs outside TikTok."""
    assignment = function.parent
    left = assignment.child_by_field_name("left") if assignment is not None and assignment.type == "assignment_expression" else None
    name = dotted_name(left) if left is not None and assignment.child_by_field_name("right") == function else None  # type: ignore[union-attr]
    if not name or ".prototype." not in name:
        return False
    method = name.rsplit(".", 1)[-1]
    if len(method) < 6:
        return False  # `show`, `init`: too many others of the name
    paths = _word_modules(_ROOT[0], method)
    if not paths:
        return False
    calls: list[tuple[Script, Node]] = []
    own_prototype = re.compile(rb"\.prototype\s*\.\s*" + re.escape(method.encode()) + rb"\s*=(?![=>])")
    for path in paths:
        module = _module(_ROOT[0], path)
        for other in module[1]() if module is not None else ():
            # another module defining its own method of the name (Alipay's adapter's `showRefuseTip`, held-out round 30):
            # its calls on its own instance (`this.x()`, `var t = this; t.x()`) are its method's
            its_own = other.path != script.path and own_prototype.search(other.data) is not None
            for use in _property_uses(other, method):
                if use == left.child_by_field_name("property"):  # type: ignore[union-attr]
                    continue  # the definition
                access = use.parent
                call = access.parent if access is not None else None
                if call is not None and call.type == "assignment_expression" and call.child_by_field_name("left") == access:
                    continue  # a definition of the name (a copy of the module in an editor's cache, a subclass)
                if access is None or access.type != "member_expression" or call is None or call.type != "call_expression":
                    return False  # read or passed: its calls are not all here
                if call.child_by_field_name("function") != access:
                    return False
                receiver = access.child_by_field_name("object")
                if its_own and receiver is not None and _this_like(other, receiver):
                    continue
                calls.append((other, call))
    if not calls:
        return False
    for other, call in calls:
        if not _outside(other, call, depth):
            return False
        _READ.add(other.path)
    return True


def _this_like(script: Script, receiver: Node) -> bool:
    """`this`, or a name whose one declaration in scope gives it `this` (`var t = this`)."""
    receiver = unwrap(receiver)
    if receiver.type == "this":
        return True
    if receiver.type != "identifier":
        return False
    values = _declared_in_scope(script, receiver)
    return len(values) == 1 and unwrap(values[0]).type == "this"


def _property_uses(script: Script, name: str) -> list[Node]:
    """The property_identifier nodes named `name` (`x.name`)."""
    found = []
    wanted = name.encode()
    start = script.data.find(wanted)
    while start != -1:
        node = script.tree.root_node.descendant_for_byte_range(start, start + len(wanted))
        start = script.data.find(wanted, start + 1)
        if node is not None and node.type == "property_identifier" and node.text == wanted:
            found.append(node)
    return found


def guarded_walk(script: Script, node: Node, value: Callable[[Node], bool | None], step: Callable[[Node, Node], bool] | None = None) -> bool:
    """The walk up from `node` that both questions make (does it run only outside TikTok, only where a name exists):
    True when a condition on the way excludes the environment in question, `value` being a condition's value there
    (True, False, or None when it depends on more). The branch of an `if` or a ternary that value does not take, the
    right of `&&` after a false left or of `||` after a true one, and the statements after an `if (c) return;` (or
    throw) with c true are excluded. `step(parent, child)`: the caller's own tests at each step (True: excluded)."""
    child, parent = node, node.parent
    while parent is not None:
        kind = parent.type
        if kind in ("if_statement", "ternary_expression"):
            condition = parent.child_by_field_name("condition")
            if condition is not None and child != condition:
                known = value(condition)
                in_consequence = child == parent.child_by_field_name("consequence")
                if (in_consequence and known is False) or (not in_consequence and known is True):
                    return True
        elif kind == "binary_expression" and child == parent.child_by_field_name("right"):
            operator = _operator(parent)
            left = parent.child_by_field_name("left")
            if left is not None and operator in ("&&", "||"):
                known = value(left)
                if (operator == "&&" and known is False) or (operator == "||" and known is True):
                    return True
        elif kind in ("statement_block", "program", "switch_body") and _after_exit(parent, child, value):
            return True
        if step is not None and step(parent, child):
            return True
        child, parent = parent, parent.parent
    return False


def in_tiktok(script: Script, condition: Node, depth: int = MAX_DEPTH) -> bool | None:
    """The condition's value when the code runs inside TikTok: True, False, or None when it depends on more."""
    node = unwrap(condition)
    kind = node.type
    if kind == "unary_expression" and _operator(node) == "!":
        argument = node.child_by_field_name("argument")
        value = in_tiktok(script, argument, depth) if argument is not None else None
        return None if value is None else not value
    if kind == "binary_expression":
        return _binary(script, node, depth)
    if kind == "call_expression":
        return _call(script, node, depth)
    if kind in ("true", "false"):
        return kind == "true"  # `if (c) return true;` in a flag helper
    if kind in ("identifier", "member_expression", "subscript_expression"):
        name = _LAYA_WINDOW.sub("", dotted_name(node) or "")  # `Laya.Browser.window.tt`: LayaAir's name for the global object
        if "." in name and _global_alias(script, node, name.split(".", 1)[0]):
            name = name.split(".", 1)[1]  # `const runtime = globalThis as any; ... runtime.TTMinis?.game`
        if holds_foreign(script, name) is not None:
            return False  # `if (this.tt)` with `tt: any = window['ks']`: another platform's namespace, absent inside TikTok
        held = _field_namespace(script, node, name)
        if held is not None:  # `if (this.tt.getUpdateManager)` with `this.tt = Laya.Browser.window.tt` in the class
            api = name.split(".", 2)[2] if name.count(".") >= 2 else ""
            return True if api in GAME_APIS and "." not in api else None
        head = name.split(".", 1)[0]
        if _GLOBAL_OBJECT.match(name) and name.count(".") == 1 and name.split(".", 1)[1] in OTHER_GLOBALS:
            head = name.split(".", 1)[1]  # globalThis.WorkerGlobalScope, window.qq
        if head in _sdk_names():
            if head in ("tt", "wx") and "." in name:  # `if (wx.createUserInfoButton) ... else`: the API's, not the namespace's
                api = name.split(".")[1]
                return True if api in GAME_APIS else False if api in FOREIGN_GAME_APIS else None
            return True  # TTMinis, window.TTMinis, TTMinis.init: present inside TikTok
        if head in OTHER_GLOBALS and not declares(script, head):
            return False  # window.qq, ks: another platform's, absent inside TikTok
        if _NATIVE and _BROWSER_ONLY.fullmatch(name):
            return False  # `if (!navigator.vibrate) return;`: a native game's runtime has no such API
        laya = _LAYA_FLAG.fullmatch(name)
        if laya is not None and (name.startswith("Laya.") or not declares(script, "Browser")):
            branch = _laya_tt_branch(script)
            if branch is not None:  # `if (Laya.Browser.onTTMiniGame)`: taken; `else if (Laya.Browser.onMiniGame)`: not
                return branch if laya.group(1) is not None else (False if branch else None)
        known = _cocos_env(script, name)
        if known is not None:
            return known
        if name in _COCOS2_MACROS and not declares(script, name):
            return _COCOS2_MACROS[name]  # `if (CC_PREVIEW)`: Cocos Creator 2's build macros
        if _NATIVE and _cocos_sys_web(script, name):
            return False  # `if (sys.isBrowser)`: Cocos's mini-game adapters set it false
        return _flag(script, node, name, depth)
    return None


# Cocos Creator 3's build-time constants, `import { ALIPAY, BYTEDANCE, MINIGAME, PREVIEW } from 'cc/env'` (manual,
# "Engine modules: build-time constants"): one platform flag per build target, true only in that target's build.
# TikTok runs a mini game's ByteDance (BYTEDANCE) or WeChat (WECHAT) build, so another store's flag is false there,
# and so are the native app's (NATIVE) and the editor's and preview's (EDITOR, PREVIEW: TikTok runs a published
# build, BUILD). BYTEDANCE and WECHAT may each hold; DEBUG and DEV depend on a build option. In TikTok's native
# runtime the build is a mini game's (MINIGAME; the table's BYTEDANCE and WECHAT are neither HTML5 nor RUNTIME_BASED).
_COCOS_ENV = "cc/env"
_COCOS_OTHER_TARGETS = frozenset(
    {"ALIPAY", "BAIDU", "XIAOMI", "TAOBAO", "TAOBAO_MINIGAME", "OPPO", "VIVO", "HUAWEI", "COCOSPLAY", "QTT", "LINKSURE"}
    | {"MIGU", "HONOR", "WECHAT_MINI_PROGRAM", "NATIVE", "EDITOR", "EDITOR_NOT_IN_PREVIEW", "PREVIEW", "TEST"}
)


# Cocos Creator 2's global build macros (its manual, "Platform-specific macros": CC_EDITOR, CC_PREVIEW, CC_BUILD, CC_TEST,
# CC_JSB, CC_NATIVERENDERER, CC_RUNTIME, CC_QQPLAY, ...): TikTok runs a published mini-game build, so the editor's,
# preview's, tests', the native app's and the runtime-based stores' are false and BUILD is true; CC_WECHATGAME (a
# WeChat build, which TikTok runs too) and CC_DEBUG/CC_DEV (a build option) are not known.
_COCOS2_MACROS = {
    "CC_EDITOR": False,
    "CC_PREVIEW": False,
    "CC_TEST": False,
    "CC_JSB": False,
    "CC_NATIVERENDERER": False,
    "CC_RUNTIME": False,
    "CC_QQPLAY": False,
    "CC_BUILD": True,
}


def _cocos_sys_web(script: Script, name: str) -> bool:
    """Cocos's `sys.isBrowser` / `sys.isNative` (Creator 3's `import { sys } from 'cc'`, Creator 2's `cc.sys`): both
    false in a mini game's build (cocos-engine's pal/system-info/minigame: "this.isNative = false; this.isBrowser =
    false"; Creator 2's WeChat adapter, adaptSys, the same), so a branch on either never runs in TikTok's native
    runtime (a Cocos web build in a Mini's page is a browser: not asked there)."""
    head, _, member = name.rpartition(".")
    if member not in ("isBrowser", "isNative"):
        return False
    if head == "cc.sys":
        return not declares(script, "cc")
    return head == "sys" and any(spec == "cc" and exported == "sys" for spec, exported, local in script.imported_names() if local == "sys")


def _cocos_env(script: Script, name: str) -> bool | None:
    """The value inside TikTok of a Cocos Creator 3 build constant imported from 'cc/env' (by name, renamed, or
    through `import * as env`), else None."""
    if _COCOS_ENV.encode() not in script.data:
        return None
    head, _, member = name.partition(".")
    constant = None
    if not member:
        constant = next((exported for spec, exported, local in script.imported_names() if local == head and spec == _COCOS_ENV), None)
    elif "." not in member and _COCOS_ENV in _namespace_imports(script, head):
        constant = member
    if constant is None:
        return None
    if constant in _COCOS_OTHER_TARGETS:
        return False
    if constant == "BUILD" or (_NATIVE and constant == "MINIGAME"):
        return True
    return False if _NATIVE and constant in ("HTML5", "RUNTIME_BASED") else None


_FIELD_NAMESPACE = (
    r"""this\s*\.\s*{field}\s*=\s*(?:(?:(?:Laya\s*\.\s*)?Browser\s*\.\s*window|window|globalThis|GameGlobal)\s*(?:\.\s*|\[\s*["']))?"""
    r"""(tt|wx)\b(?!\s*[.(\[])"""
)


def _field_namespace(script: Script, node: Node, name: str) -> str | None:
    """tt or wx when `name` reads a member of a field (`this.tt.getUpdateManager`) that the class around `node` sets to
    the games namespace and to nothing else (`this.tt = Laya.Browser.window.tt` in its constructor)."""
    match = re.fullmatch(r"this\.([A-Za-z_$][\w$]*)\..+", name)
    if match is None:
        return None
    body = node.parent
    while body is not None and body.type != "class_body":
        body = body.parent
    if body is None:
        return None
    field = re.escape(match.group(1))
    text = script.source(body)
    given = {m.group(1) for m in re.finditer(_FIELD_NAMESPACE.format(field=field), text)}
    if len(given) != 1 or len(re.findall(rf"this\s*\.\s*{field}\s*=(?!=)", text)) != 1:
        return None  # set to something else too, or twice: not known here
    return given.pop()


def _sdk_names() -> frozenset[str]:
    """The names present inside TikTok: TTMinis and tt; in a native game's runtime wx too (the games SDK answers to it)."""
    return _SDK_NAMES | {"wx"} if _NATIVE else _SDK_NAMES


def declares(script: Script, name: str) -> bool:
    """A name the script declares itself, a variable or a parameter (a `my` of its own is not Alipay's); not
    TypeScript's `declare const tt: any`, which says the platform's global is there."""
    for use in identifier_uses(script, name):
        parent = use.parent
        if parent is not None and (
            parent.type in ("formal_parameters", "required_parameter", "optional_parameter", "import_specifier", "import_clause") or _is_declared_name(use)
        ):
            if not _ambient(parent):
                return True
    return False


def bound_locally(script: Script, node: Node, name: str, module: bool = False) -> bool:
    """Does `name` written at `node` name a binding of the script's own rather than the global (a function's parameter,
    a let/const/var, a function or a catch parameter whose scope holds `node`: `stopMusic(location?: string) {
    location = this.stack.topValue; }`)? A top-level `var` of a classic script is the global object's property, so
    it does not count, unless the script is a `module` (a native mini game's files: its runtime wraps each in a
    function, which is why adapters define globals on GameGlobal); neither does TypeScript's `declare const`."""
    cache: dict[tuple[str, bool], list[tuple[int, int]]] = script.__dict__.setdefault("_binding_scopes", {})
    scopes = cache.get((name, module))
    if scopes is None:  # once per script and name: an engine bundle names `window` thousands of times
        scopes = cache[(name, module)] = [
            (scope.start_byte, scope.end_byte) for use in identifier_uses(script, name) if (scope := _binding_scope(use, module)) is not None
        ]
    return any(start <= node.start_byte < end for start, end in scopes)


_LEXICAL_SCOPES = frozenset({"statement_block", "program", "for_statement", "for_in_statement", "switch_body", "class_body"}) | FUNCTION_TYPES


def _binding_scope(use: Node, module: bool = False) -> Node | None:
    """The scope a declaration of the identifier `use` binds it in, or None when `use` declares nothing (`module`: a
    top-level var binds in the program)."""
    parent = use.parent
    if parent is None:
        return None
    kind = parent.type
    holder = parent.parent
    if (
        kind == "formal_parameters"
        or (kind in ("required_parameter", "optional_parameter") and parent.child_by_field_name("pattern") == use)
        or (kind in ("assignment_pattern", "rest_pattern") and holder is not None and holder.type == "formal_parameters" and parent.named_children[0] == use)
    ):
        return _enclosing(parent, FUNCTION_TYPES)
    if kind in ("arrow_function", "catch_clause") and parent.child_by_field_name("parameter") == use:
        return parent
    if kind == "variable_declarator" and parent.child_by_field_name("name") == use and holder is not None and not _ambient(holder):
        if holder.type == "lexical_declaration":
            return _enclosing(holder, _LEXICAL_SCOPES)
        return _enclosing(holder, FUNCTION_TYPES | ({"program"} if module else set()))  # var: its function (at the top level, the global's)
    if kind in ("function_declaration", "class_declaration", "abstract_class_declaration") and parent.child_by_field_name("name") == use:
        return _enclosing(parent, _LEXICAL_SCOPES)  # `class ks {...}` in a bundle: a class of its own, not Kuaishou's ks
    return None


def _enclosing(node: Node, kinds: frozenset[str]) -> Node | None:
    current = node.parent
    while current is not None and current.type not in kinds:
        current = current.parent
    return current


def _ambient(node: Node) -> bool:
    while node is not None and node.type not in ("program", "statement_block", "class_body"):
        if node.type == "ambient_declaration":
            return True
        node = node.parent  # type: ignore[assignment]
    return node is not None and node.parent is not None and node.parent.type == "ambient_declaration"


def kleene(operator: str, a: bool | None, b: bool | None) -> bool | None:
    """`a && b` or `a || b` in three-valued logic: None is 'cannot tell' (Kleene's)."""
    if operator == "&&":
        return False if a is False or b is False else True if a is True and b is True else None
    return True if a is True or b is True else False if a is False and b is False else None


FOREIGN_HELD = re.compile(
    r"""(?<![\w$.])(this\s*\.\s*)?([A-Za-z_$][\w$]*)[ \t]*(?::[ \t]*[\w$]{1,40}[ \t]*)?=(?![=>])[ \t]*"""
    r"""(?:window|globalThis|GameGlobal)[ \t]*(?:\.[ \t]*(ks|qq|swan|my|jd)|\[[ \t]*["'](ks|qq|swan|my|jd)["'][ \t]*\])[ \t]*(?:[;,\r\n)}]|$)""",
    re.M,
)


def holds_foreign(script: Script, name: str) -> str | None:
    """The other platform's namespace (ks, qq, swan, my, jd) a field or variable holds wherever the script assigns it
    (`tt: any = window['ks']`, `this.api = window.qq`), for `this.tt` / `api`; None otherwise."""
    bare = name[5:] if name.startswith("this.") else name
    if not bare or "." in bare or ("window" not in script.text and "globalThis" not in script.text and "GameGlobal" not in script.text):
        return None
    cache: dict[str, str | None] = script.__dict__.setdefault("_foreign_held", {})
    if bare in cache:
        return cache[bare]
    spaces = {m.group(3) or m.group(4) for m in FOREIGN_HELD.finditer(script.text) if m.group(2) == bare}
    assigned = re.findall(rf"(?<![\w$.])(?:this\s*\.\s*)?{re.escape(bare)}[ \t]*(?::[ \t]*[\w$]{{1,40}}[ \t]*)?=(?![=>])", script.text)
    held = next(iter(spaces)) if len(spaces) == 1 and len(assigned) == sum(1 for m in FOREIGN_HELD.finditer(script.text) if m.group(2) == bare) else None
    cache[bare] = held
    return held


def _binary(script: Script, node: Node, depth: int) -> bool | None:
    operator = _operator(node)
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None:
        return None
    if operator in ("&&", "||"):
        return kleene(operator, in_tiktok(script, left, depth), in_tiktok(script, right, depth))
    if operator == "in":  # 'TTMinis' in window
        key = literal_string(script, left)
        holder = dotted_name(unwrap(right))
        if _NATIVE and key is not None and holder and _BROWSER_ONLY.fullmatch(f"{holder}.{key}"):
            return False  # 'vibrate' in navigator: not in a native game's runtime
        return True if key in _sdk_names() else False if key in OTHER_GLOBALS else None
    if operator in ("===", "==", "!==", "!="):
        equal = operator in ("===", "==")
        for one, other in ((left, right), (right, left)):
            value = _compared(script, one, other, depth)
            if value is not None:
                return value if equal else not value
        return None
    if operator in (">", ">=", "<", "<="):  # ua.indexOf('TikTok') > -1
        for one, other, op in ((left, right, operator), (right, left, _flip(operator))):
            if op in ("<", ">") and _typeof_u(script, one, other):
                undefined = _compared(script, one, other, depth, text="undefined")  # esbuild's `typeof X<"u"`: X !== undefined
                if undefined is not None:
                    return undefined if op == ">" else not undefined
            found = _ua_index(script, one)
            number = _number(script, other)
            if found and number is not None:
                if (op == ">" and number < 0) or (op == ">=" and number == 0):
                    return True  # indexOf('TikTok') > -1, >= 0: found
                if (op == "<" and number == 0) or (op == "<=" and number == -1):
                    return False  # < 0, <= -1: not found
    return None


_GLOBAL_NAMES = frozenset({"window", "globalThis", "GameGlobal", "self"})


def _global_alias(script: Script, node: Node, head: str) -> bool:
    """`head` is a name the code gives the global object, and only that (`const runtime = globalThis as any`), where
    `node` reads it: its declaration in scope, else the script's one const of the name."""
    if head in _GLOBAL_NAMES or head in _sdk_names() or not re.fullmatch(r"[A-Za-z_$][\w$]*", head):
        return False
    if head.encode() not in script.data or not any(g.encode() in script.data for g in _GLOBAL_NAMES):
        return False
    first = node
    while first.type in ("member_expression", "subscript_expression"):
        inner = first.child_by_field_name("object")
        if inner is None:
            return False
        first = unwrap(inner)
    if first.type != "identifier" or script.source(first) != head:
        return False
    values = _declared_in_scope(script, first) or _const_values(script, head)
    return len(values) == 1 and script.source(unwrap(values[0])) in _GLOBAL_NAMES


def _namespace_read(script: Script, name: str) -> bool:
    """`tt`/`wx`, or a global's property a project module gives the namespace (`cc.MyPlat = window.tt`) read here."""
    if name in ("tt", "wx"):
        return True
    if not _ROOT or name.count(".") != 1:
        return False
    from .games_aliases import held_here  # start-up: only a typeof of a global's property's member asks

    return name in held_here(script, _ROOT[0])


def _typeof_u(script: Script, one: Node, other: Node) -> bool:
    """`typeof X` compared with "u": minifiers (esbuild, terser) write `typeof X !== "undefined"` as `typeof X<"u"`
    ("undefined" is the only type name that does not sort before "u") and `=== "undefined"` as `typeof X>"u"`."""
    one = unwrap(one)
    return one.type == "unary_expression" and _operator(one) == "typeof" and literal_string(script, unwrap(other)) == "u"


def _compared(script: Script, one: Node, other: Node, depth: int, text: str | None = None) -> bool | None:
    """The value inside TikTok of `one === other`, when `one` is what tells (typeof the SDK, the SDK, a platform name);
    `text`: the string `other` stands for, when given."""
    one = unwrap(one)
    other = unwrap(other)
    text = text if text is not None else literal_string(script, other)
    if one.type == "unary_expression" and _operator(one) == "typeof":
        argument = one.child_by_field_name("argument")
        name = dotted_name(argument) if argument is not None else None
        if name is not None and _GLOBAL_OBJECT.match(name) and name.count(".") == 1:
            name = name.split(".", 1)[1]  # typeof window.TTMinis: the SDK's global
        if name is not None and text is not None and _page_global(script, name):
            return text != "undefined"  # typeof window === 'undefined' (server-side rendering): false inside TikTok's webview
        if name is not None and name not in _sdk_names() and "." not in name:  # `const sdk = window.TTMinis; typeof sdk`
            values = _const_values(script, name)
            aliased = dotted_name(unwrap(values[0])) if len(values) == 1 else None
            name = aliased if aliased in _sdk_names() else name
        if name in _sdk_names() and text is not None:
            return text != "undefined"
        read = _GLOBAL_PREFIX.sub("", name) if name is not None else ""  # `typeof window.tt.showMoreGamesModal`
        if _NATIVE and text is not None and "." in read and _namespace_read(script, read.rsplit(".", 1)[0]):
            # `typeof wx.getSystemInfoSync === 'function'` in a native game: the API's presence inside TikTok's runtime
            # (also on a global's property holding the namespace: `typeof cc.MyPlat.getGameRecorderManager`); an API
            # MN503 calls undefined there is absent (`if (typeof tt.showMoreGamesModal != 'function') return;` returns),
            # unless the project's own code sets that member on the namespace (a shim)
            api = read.rsplit(".", 1)[1]
            if api in GAME_APIS:
                return text == "function"
            if api in UNCONFIRMED_GAME_APIS or (_ROOT and api in namespace_members(_ROOT[0])):
                return None
            return text == "undefined"
        if name in OTHER_GLOBALS and text is not None and not declares(script, name):
            return text == "undefined"  # typeof KSGameGlobal !== 'undefined': false inside TikTok
        if _NATIVE and name is not None and text is not None and _BROWSER_ONLY.fullmatch(name):
            return text == "undefined"  # typeof navigator.vibrate == "function": a native game's runtime has none
        return None
    if text is not None and text.strip().lower() in _DOUYIN_APPS and _system_app_name(script, one):
        # `tt.getSystemInfoSync().appName === "Toutiao"`: the host app of a ByteDance mini game in China (Douyin's
        # getSystemInfoSync table); TikTok is none of them (its table lists no appName at all)
        return False
    if text is not None and one.type == "identifier":
        # a name given one string where it is read and never bound again (`var Oi = "vivo"; ... if ("wx" === Oi)`,
        # an SDK's channel compiled into a bundle): the comparison is the same everywhere
        value = _fixed_string(script, one)
        if value is not None:
            return value == text
    if text is not None and one.type == "member_expression":
        value = _fixed_member_string(script, one)  # `var conf = { channel: "tt" }` ... `conf.channel === "wx"`
        if value is not None:
            return value == text
    name = dotted_name(one) or ""
    absent = other.type in ("undefined", "null") or script.source(other) == "undefined"
    if absent and holds_foreign(script, name) is not None:
        return True  # `this.tt != null` with `tt = window['ks']`: another platform's namespace, absent inside TikTok
    if name in _sdk_names() and absent:
        return False  # TTMinis === undefined
    if name in OTHER_GLOBALS and absent and not declares(script, name):
        return True  # window["qttGame"] == null
    if _ua_index(script, one) and _number(script, other) == -1:
        return False  # ua.indexOf('TikTok') === -1
    if text is not None and _TIKTOK_PLATFORM.fullmatch(text.strip()):
        return True  # platform === 'tiktok'
    if _names_other_platform(script, other):
        return False  # platform === 'kuaishou', sys.platform === sys.Platform.KUAISHOU_MINI_GAME, ... === EPlatform.KuaiShou
    if other.type in ("member_expression", "string") and one.type in ("member_expression", "identifier"):
        configured = _configured_value(script, one, 3)
        if configured is not None:  # `switch (this.platform)` with `platform = SDK_config.platform` = `Platform.toutiao_H5`
            return configured == (literal_string(script, other) if other.type == "string" else (dotted_name(other) or "").rsplit(".", 1)[-1])
    if _ROOT and other.type in ("member_expression", "string") and one.type in ("call_expression", "member_expression") and _tiktok_discriminant(script, one):
        return _tiktok_case(script, other)  # `SdkTools.getPlatform() == Game_Platform.GP_WX`, the value a TikTok case names elsewhere
    if depth > 0 and _ROOT and one.type == "identifier" and other.type in ("member_expression", "string"):
        chosen = _getter_choice(script, one, other, depth)
        if chosen is not None:
            return chosen
    if _ROOT and one.type in ("identifier", "member_expression", "call_expression") and other.type in ("member_expression", "string"):
        # its own budget (hops), not the walk's depth: a store switch is often met at the end of a long walk
        owner = (dotted_name(other) or "").rsplit(".", 1)[0] if other.type == "member_expression" else ""
        wanted = literal_string(script, other) if other.type == "string" else (dotted_name(other) or "").rsplit(".", 1)[-1]
        key = (id(script), one.start_byte, one.end_byte, owner)
        if key not in _VALUES:
            _VALUES[key] = (script, None)  # while it is worked out: a question it leads back to gets no answer from it
            _VALUES[key] = (script, _platform_values(script, one, owner, 1))
        possible = _VALUES[key][1]
        if possible and wanted:
            return False if wanted not in possible else True if possible == {wanted} else None
    if depth > 0 and _ROOT and one.type in ("identifier", "member_expression") and other.type in ("member_expression", "string"):
        return _assigned_platform(script, one, other, depth)
    return None


def _platform_values(script: Script, node: Node, owner: str, depth: int, hops: int = 4, top: bool = True) -> frozenset[str] | None:
    """The constants (a string, or the member of `owner`: `Platform.TT` is "TT") a platform value may be inside TikTok,
    or None when one of its paths is not followed: `getPlatform()` (a function of the project) through its returns,
    `this.PlatformString` through the class's assignments, and a module's variable through its assignments, where
    `if (CC_WECHATGAME) platform = Platform.WX; ... if (window.tt) platform = Platform.TT;` leaves TT: a later
    assignment under a condition true inside TikTok replaces the earlier ones of its block (held-out round 29)."""
    node = unwrap(node)
    if hops <= 0:
        return None
    if node.type == "string":
        text = literal_string(script, node)
        return frozenset({text}) if text is not None and not top else None
    name = dotted_name(node) if node.type in ("identifier", "member_expression") else None
    if node.type == "member_expression" and name and owner and name.rsplit(".", 1)[0] == owner:
        return None if top else frozenset({name.rsplit(".", 1)[1]})  # a constant given (`cc.sys.platform` itself is asked about)
    if node.type == "call_expression":
        callee = node.child_by_field_name("function")
        if callee is None or callee.type != "identifier" or (node.child_by_field_name("arguments") or node).named_child_count:
            return None
        functions = [(script, f) for f in _named_functions(script, script.source(callee))]
        functions += [(script, unwrap(v)) for v in _const_values(script, script.source(callee)) if unwrap(v).type in FUNCTION_TYPES]
        if not functions and any(local == script.source(callee) for _, _, local in script.imported_names()):
            functions = [
                (m, unwrap(d)) for m, d in _imported(script, script.source(callee), None) if unwrap(d).type in (*FUNCTION_TYPES, "function_declaration")
            ]
        if len(functions) != 1:
            return None
        module, function = functions[0]
        note_read(module.path)
        found: set[str] = set()
        body = function.child_by_field_name("body")
        returns = (
            [n for n in descendants(body) if n.type == "return_statement" and _enclosing(n, FUNCTION_TYPES | {"method_definition"}) == function]
            if body is not None
            else []
        )
        if body is not None and body.type != "statement_block":
            returns = [body]
        for returned in returns:
            value = returned if returned.type != "return_statement" else (returned.named_children[0] if returned.named_child_count else None)
            if value is None or guarded_walk(module, returned, lambda c, m=module: in_tiktok(m, c, depth - 1)):  # type: ignore[misc]
                continue
            inner = _platform_values(module, value, owner, depth, hops - 1, top=False)
            if inner is None:
                return None
            found |= inner
        return frozenset(found) or None
    if node.type == "identifier" and name:
        if bound_locally(script, node, name) and not _top_level_let(script, name):
            return None  # a parameter or a function's own variable of the name: not the module's
        return _variable_values(script, name, owner, depth, hops)
    if node.type == "member_expression" and name and name.startswith("this.") and name.count(".") == 1:
        cls = _enclosing(node, frozenset({"class_body"}))
        if cls is None:
            return None
        found = set()
        for assignment in descendants(cls):
            left = assignment.child_by_field_name("left") if assignment.type == "assignment_expression" else None
            if left is None or re.sub(r"\s+", "", script.source(left)) != name:
                continue
            if guarded_walk(script, assignment, lambda c: in_tiktok(script, c, depth - 1)):
                continue
            inner = _given_values(script, assignment, owner, depth, hops)
            if inner is None:
                return None
            found |= inner
        return frozenset(found) or None
    return None


def _top_level_let(script: Script, name: str) -> bool:
    """The name's one binding is the module's own top-level let/const (its scope the program, as bound_locally finds
    it; held-out round 33: `let platformType = "web"` at the top of a Cocos 3 module): the module's variable."""
    found = [d for d in script.declarators if d.name == name]
    holder = found[0].node.parent if len(found) == 1 else None
    if holder is None or holder.type != "lexical_declaration" or holder.parent is None or holder.parent.type != "program":
        return False
    return len([use for use in identifier_uses(script, name) if _binding_scope(use) is not None]) == 1


def _given_values(script: Script, assignment: Node, owner: str, depth: int, hops: int) -> frozenset[str] | None:
    """_platform_values of what an assignment gives (its right side), one hop further."""
    right = assignment.child_by_field_name("right")
    return _platform_values(script, right, owner, depth, hops - 1, top=False) if right is not None else None


def _variable_values(script: Script, name: str, owner: str, depth: int, hops: int) -> frozenset[str] | None:
    """_platform_values of a variable the module declares once at its top level: its initial value and assignments,
    less those excluded inside TikTok and those a later assignment of their block replaces there."""
    if not _NATIVE and not re.search(rb"(?m)^\s*(?:import|export)\b", script.data):
        return None  # a classic script's top-level name is the page's, which another script may set
    top = [d for d in script.declarators if d.name == name]
    if len(top) != 1 or top[0].node.parent is None or top[0].node.parent.parent is None or top[0].node.parent.parent.type != "program":
        return None
    found: set[str] = set()
    initial: frozenset[str] | None = frozenset()
    if top[0].value is not None:
        initial = _platform_values(script, top[0].value, owner, depth, hops - 1, top=False)
        if initial is None:
            return None
    settled = False  # an assignment inside TikTok replaces the initial value: its every `if` is true there, or the lazy check
    for use in identifier_uses(script, name):
        assignment = use.parent
        if assignment is None or assignment.type != "assignment_expression" or assignment.child_by_field_name("left") != use:
            continue
        if guarded_walk(script, assignment, lambda c: in_tiktok(script, c, depth - 1)) or _replaced_later(script, assignment, name, depth):
            continue
        inner = _given_values(script, assignment, owner, depth, hops)
        if inner is None:
            return None
        found |= inner
        settled = settled or _always_set(script, assignment, name, top[0].value, depth)
    return frozenset(found if settled else found | (initial or frozenset()))


def _always_set(script: Script, assignment: Node, name: str, initial: Node | None, depth: int) -> bool:
    """Every `if` around the assignment, up to its function, is true inside TikTok or is the lazy check of the variable
    against its initial value (`if (platform == '') { ... if (window.tt) platform = Platform.TT; }`)."""
    child, parent = assignment, assignment.parent
    start = script.source(unwrap(initial)) if initial is not None else "undefined"
    while parent is not None and parent.type not in FUNCTION_TYPES:
        if parent.type == "if_statement" and child == parent.child_by_field_name("consequence"):
            test = parent.child_by_field_name("condition")
            condition = unwrap(test) if test is not None else None
            if condition is None:
                return False
            lazy = re.sub(r"\s+", "", script.source(condition)) in (f"{name}=={start}", f"{name}==={start}", f"!{name}")
            if not lazy and in_tiktok(script, condition, depth) is not True:
                return False
        elif parent.type in ("else_clause", "ternary_expression", "switch_case", "catch_clause", "for_statement", "while_statement"):
            return False
        if parent.type == "program":
            return True  # the module's own statements, run as it loads (held-out round 33: `if (window["tt"]) platformType = "tt"`)
        child, parent = parent, parent.parent
    return parent is not None


def _replaced_later(script: Script, assignment: Node, name: str, depth: int) -> bool:
    """A later statement of the assignment's block that sets `name` again inside TikTok: `name = X;`, or `if (c) name =
    X;` (its block of that one statement) with c true there."""
    statement = assignment.parent
    while statement is not None and statement.parent is not None and statement.parent.type not in ("statement_block", "program"):
        if statement.type in FUNCTION_TYPES:
            return False
        statement = statement.parent
    if statement is None or statement.parent is None:
        return False
    # the block's own statement holding the assignment: the `if` whose one-statement branch it is, or the statement itself
    block = statement.parent
    branch = block.parent
    if branch is not None and branch.type == "if_statement" and branch.child_by_field_name("consequence") == block:
        if (
            len([c for c in block.named_children if c.type != "comment"]) == 1
            and branch.parent is not None
            and branch.parent.type in ("statement_block", "program")
        ):
            statement = branch
    later = statement.next_named_sibling
    while later is not None:
        body = later
        condition = None
        if later.type == "if_statement" and later.child_by_field_name("alternative") is None:
            condition = later.child_by_field_name("condition")
            body = later.child_by_field_name("consequence") or later
            if body.type == "statement_block":
                inner = [c for c in body.named_children if c.type != "comment"]
                body = inner[0] if len(inner) == 1 else body
        expression = body.named_children[0] if body.type == "expression_statement" and body.named_child_count else None
        left = expression.child_by_field_name("left") if expression is not None and expression.type == "assignment_expression" else None
        if left is not None and script.source(left) == name and (condition is None or in_tiktok(script, condition, depth) is True):
            return True
        later = later.next_named_sibling
    return False


# Douyin's tt.getSystemInfoSync `appName` values (developer.open-douyin.com, mini-game API "tt.getSystemInfoSync",
# "appName 参数说明"): ByteDance's Chinese apps and the devtools
_DOUYIN_APPS = frozenset(
    {"toutiao", "douyin", "news_article", "news_article_lite", "douyin_lite", "live_stream", "live_stream_lite", "xigua", "ppx"}
    | {"devtools", "novel_fm", "novelapp", "toutiao_lite", "hotsoon", "douyin_hotsoon"}
)
_SYSTEM_INFO = re.compile(r"getSystemInfoSync\s*\(\s*\)$")


def _system_app_name(script: Script, node: Node) -> bool:
    """`X.getSystemInfoSync().appName`, or a name or member holding it or the system info (`const appName =
    tt.getSystemInfoSync().appName`, `this.systemInfo.appName` with `this.systemInfo = tt.getSystemInfoSync()`)."""
    node = unwrap(node)
    if node.type == "identifier":
        # the declaration in scope (minified code declares `var i` in every function), else the module's one const
        values = _declared_in_scope(script, node) or _const_values(script, script.source(node))
        return len(values) == 1 and unwrap(values[0]).type == "member_expression" and _system_app_name(script, values[0])
    if node.type != "member_expression" or script.source(node.child_by_field_name("property") or node) != "appName":
        return False
    receiver = unwrap(node.child_by_field_name("object") or node)
    if receiver.type == "call_expression":
        return bool(_SYSTEM_INFO.search(re.sub(r"\s+", "", script.source(receiver))))
    name = (dotted_name(receiver) or "").rsplit(".", 1)[-1]
    if not name:
        return False
    return _holds_system_info(script, name, 2)


def _holds_system_info(script: Script, name: str, hops: int) -> bool:
    """Every value the module gives `name` (`x.name = ...`, `const name = ...`) is `getSystemInfoSync()`, or a name
    holding it (`const res = this.tt.getSystemInfoSync(); this.systemInfo = res;`)."""
    sets = re.findall(rb"(?<![\w$])" + re.escape(name).encode() + rb"\s*=(?![=>])\s*([^;\r\n]{0,120})", script.data)
    if not sets:
        return False
    for raw in sets:
        value = re.sub(r"\s+", "", raw.decode("utf-8", "replace")).rstrip(";,")  # `this.systemInfo = tt.getSystemInfoSync(),` in a comma sequence
        if _SYSTEM_INFO.search(value):
            continue
        if hops > 0 and re.fullmatch(r"[A-Za-z_$][\w$]*", value) and value != name and _holds_system_info(script, value, hops - 1):
            continue
        return False
    return True


_FAMILY = frozenset({"tiktok", "ttminis", "toutiao", "douyin", "bytedance", "tt", "dy"})


def _tiktok_family(name: str) -> bool:
    """`Platform.toutiao_H5`, `GP_Tiktok`, `BYTEDANCE`: a constant naming TikTok or ByteDance's builds (which TikTok runs)."""
    return any(w.lower() in _FAMILY for part in name.split("_") for w in _NAME_WORDS.findall(part))


def _configured_value(script: Script, node: Node, hops: int) -> str | None:
    """The store constant a configuration fixes the value to, when it names TikTok or ByteDance (the project is
    configured for the build TikTok runs): a class field `platform: Platform = SDK_config.platform`, a static field
    `static platform = Platform.toutiao_H5` never assigned elsewhere, a const. Its last part (`toutiao_H5`), or its
    string. Another store's constant is not folded: a build for TikTok would switch it."""
    value = _fixed_value(script, unwrap(node))
    while value is not None and hops > 0 and value[1].type in ("member_expression", "identifier"):
        module, held = value
        text = (dotted_name(held) or "").rsplit(".", 1)[-1]
        if held.type == "member_expression" and _tiktok_family(text):
            return text
        value, hops = _fixed_value(module, held), hops - 1
    if value is not None and value[1].type == "string":
        string = literal_string(value[0], value[1])
        return string if string is not None and _tiktok_family(string) else None
    return None


def _fixed_value(script: Script, node: Node) -> tuple[Script, Node] | None:
    """The one value a name or member holds: `this.x` a field initialiser of its class (no `this.x =` there), `C.x` a
    static field of a class here or imported (no `C.x =` in the module), a const."""
    if node.type == "identifier":
        values = _const_values(script, script.source(node))
        return (script, unwrap(values[0])) if len(values) == 1 else None
    if node.type != "member_expression":
        return None
    target = node.child_by_field_name("object")
    prop = node.child_by_field_name("property")
    if target is None or prop is None:
        return None
    member = script.source(prop)
    if target.type == "this":
        body = node.parent
        while body is not None and body.type != "class_body":
            body = body.parent
        if body is None or re.search(rb"(?<![\w$.])this\s*\.\s*" + re.escape(member).encode() + rb"\s*=(?![=>])", script.data[body.start_byte : body.end_byte]):
            return None
        return _field_value(script, body, member, static=False)
    if target.type != "identifier":
        return None
    owner = script.source(target)
    classes = [(script, c) for c in _local(script, owner) if c.type in ("class_declaration", "class")]
    if not classes and _ROOT and any(local == owner for _, _, local in script.imported_names()):
        classes = [(m, c) for m, c in _imported(script, owner, None) if c.type in ("class_declaration", "class")]
    if len(classes) != 1 or _member_written(classes[0][0], member):
        return None
    body = classes[0][1].child_by_field_name("body")
    return _field_value(classes[0][0], body, member, static=True) if body is not None else None


def _field_value(module: Script, body: Node, member: str, static: bool) -> tuple[Script, Node] | None:
    for field in body.named_children:
        if field.type not in ("public_field_definition", "field_definition"):
            continue
        key = field.child_by_field_name("name") or field.child_by_field_name("property")
        value = field.child_by_field_name("value")
        if key is not None and module.source(key) == member and value is not None and any(c.type == "static" for c in field.children) == static:
            return module, unwrap(value)
    return None


def _getter_choice(script: Script, one: Node, other: Node, depth: int) -> bool | None:
    """`let pid = BaseConfig.RunPlatformID; if (pid == BaseConfig.pid_wx)` where the class's static getter returns a
    constant for each platform (`if (Laya.Browser.window.tt) return BaseConfig.pid_dy; ... else if (...wx) return
    BaseConfig.pid_wx`): the value inside TikTok is the returns a check does not exclude there; False when the compared
    constant is not among them, True when it is the only one."""
    name = script.source(one)
    declared = [d for d in script.declarators if d.name == name]
    reassigned = re.compile(rb"(?<![\w$.])" + re.escape(name.encode()) + rb"\s*=(?!=)")
    if len(declared) != 1 or declared[0].value is None or reassigned.search(script.data, declared[0].node.end_byte):
        return None  # declared once and never assigned again after it
    value = unwrap(declared[0].value)
    held = dotted_name(value) if value.type == "member_expression" else None
    if not held or held.count(".") != 1:
        return None
    owner, member = held.split(".")
    classes = [(script, node) for node in _local(script, owner) if node.type in ("class_declaration", "class")]
    if not classes and any(local == owner for _, _, local in script.imported_names()):
        classes = [(module, node) for module, node in _imported(script, owner, None) if node.type in ("class_declaration", "class")]
    if len(classes) != 1:
        return None
    module, cls = classes[0]
    body = cls.child_by_field_name("body")
    getters = [
        m
        for m in (body.named_children if body is not None else ())
        if m.type == "method_definition" and module.source(m.child_by_field_name("name") or m) == member and any(c.type == "get" for c in m.children)
    ]
    if len(getters) != 1:
        return None

    def constants(returned: Node | None) -> list[str] | None:
        returned = unwrap(returned) if returned is not None else None
        if returned is not None and returned.type == "ternary_expression":  # `config.vivo ? pid_vivo : pid_oppo`: either
            sides = [constants(returned.child_by_field_name(side)) for side in ("consequence", "alternative")]
            return None if any(side is None for side in sides) else [c for side in sides for c in side or ()]
        if returned is not None and returned.type == "string":
            text = literal_string(module, returned)
            return [text] if text is not None else None
        last = (dotted_name(returned) or "").rsplit(".", 1)[-1] if returned is not None and returned.type == "member_expression" else ""
        return [last] if last else None

    returns = []
    for node in descendants(getters[0]):
        if node.type == "return_statement" and _enclosing(node, FUNCTION_TYPES | {"method_definition"}) == getters[0]:
            found = constants(node.named_children[0] if node.named_child_count else None)
            if found is None:
                return None  # a return that is not a constant: the value is not one of a few
            returns += [(node, constant) for constant in found]
    wanted = literal_string(script, other) if other.type == "string" else (dotted_name(other) or "").rsplit(".", 1)[-1]
    if not returns or not wanted:
        return None
    inside = {constant for node, constant in returns if not guarded_walk(module, node, lambda c: in_tiktok(module, c, depth - 1))}
    if not inside:
        return None
    return False if wanted not in inside else True if inside == {wanted} else None


_ASSIGNMENTS: dict[tuple[str, str, int], list[tuple[Script, Node, str | None]]] = {}
_ASKING: set[str] = set()


def _assigned_platform(script: Script, one: Node, other: Node, depth: int) -> bool | None:
    """`Platform.currPlatForm === PlatformEnum.KS` where the project sets currPlatForm only to constants (`t.currPlatForm
    = o.TOU_TIAO` in `if (window.tt) ... else ...`): False inside TikTok when every assignment of this constant is on a
    path excluded inside TikTok and some other constant's is not (the platform chosen once, compared elsewhere)."""
    name = dotted_name(one) or ""
    prop = name.rsplit(".", 1)[-1]
    wanted = literal_string(script, other) if other.type == "string" else (dotted_name(other) or "").rsplit(".", 1)[-1]
    if not wanted or not re.fullmatch(r"[A-Za-z_$][\w$]{2,}", prop) or prop in _ASKING:
        return None
    assignments = _property_assignments(_ROOT[0], prop)
    if "." in name and not name.startswith("this."):
        # `AdsOptions.platform`: that object's assignments, when the project makes some (another object's `platform`
        # is another value)
        tail = ".".join(name.split(".")[-2:])
        own = [
            (module, node, value)
            for module, node, value in assignments
            if node.type == "assignment_expression" and ("." + (dotted_name(node.child_by_field_name("left") or node) or "")).endswith("." + tail)
        ]
        assignments = own or assignments
    if name.startswith("this."):  # `this.env === 'wechat'`: the class's own assignments of this.env, in this module
        body = one.parent
        while body is not None and body.type != "class_body":
            body = body.parent
        assignments = [
            (module, node, value)
            for module, node, value in assignments
            if module.path == script.path and body is not None and body.start_byte <= node.start_byte < body.end_byte
        ]
    if not assignments or any(value is None for _, _, value in assignments):
        return None
    values = {v for _, _, v in assignments}
    if wanted not in values:
        # `t.currentPlatform = s.Platform.BYTEDANCE` (a developer's store constant, its only value, given as the module
        # loads) compared with `s.Platform.WECHAT`: never equal, when every value given is a member of the same enum (or
        # a string, as the compared one is). Only for a project configured for TikTok's family: one configured for
        # another store (`CurrentPlatform = Platform.Vivo`, held-out round 28) is configured anew for a TikTok build,
        # which then takes its ByteDance side
        enum = (dotted_name(other) or "").rsplit(".", 2)[-2:-1] if other.type == "member_expression" else None
        given = [_assigned_value(node) for _, node, _ in assignments]
        if (
            "." in name
            and all(_tiktok_family(v or "") for v in values)
            and all(_runs_at_load(node) for _, node, _ in assignments)
            and all(
                value is not None
                and (
                    value.type == "string"
                    if other.type == "string"
                    else value.type == "member_expression" and (dotted_name(value) or "").rsplit(".", 2)[-2:-1] == enum
                )
                for value in given
            )
        ):
            return False
        return None
    _ASKING.add(prop)
    try:
        inside = {
            value
            for module, node, value in assignments
            if not guarded_walk(module, node, lambda condition, module=module: in_tiktok(module, condition, depth - 1))  # type: ignore[misc]
        }
    finally:
        _ASKING.discard(prop)
    if inside == {wanted} and len(assignments) == 1 and "." in name and _tiktok_family(wanted) and _runs_at_load(assignments[0][1]):
        return True  # `static currentPlatform = Platform.WECHAT`, its only value: the WeChat side of the factory is the one taken
    return False if inside and wanted not in inside else None


def _runs_at_load(node: Node) -> bool:
    """A class's static field, or a statement that runs as its module loads: at the top level, or in a function called
    where it is defined (an ES5 class's `var C = function () {...; C.x = 1; return C; }()`)."""
    if node.type in ("field_definition", "public_field_definition"):  # not `@property type = ...`, which the editor sets
        return any(child.type == "static" for child in node.children) and not any(child.type == "decorator" for child in node.children)
    function = _enclosing(node, FUNCTION_TYPES | {"method_definition", "class_body"})
    while function is not None and function.type == "function_expression":
        call = function.parent
        while call is not None and call.type == "parenthesized_expression":
            call = call.parent
        if call is None or call.type != "call_expression" or unwrap(call.child_by_field_name("function") or call) != function:
            return False
        function = _enclosing(call, FUNCTION_TYPES | {"method_definition", "class_body"})
    return function is None


def _constant_returns(script: Script, call: Node) -> list[tuple[Node, str | None]] | None:
    """The returns of the method or function a call names (`this.detectEnv()`, `detectEnv()`), each with its string
    (None for any other value): where each is returned is where the guards are read. None when it names none."""
    callee = call.child_by_field_name("function")
    name = dotted_name(callee) if callee is not None else None
    if not name:
        return None
    if name.startswith("this.") and name.count(".") == 1:
        definitions = _class_methods(call, name[5:])
    elif "." not in name:
        definitions = _named_functions(script, name)
    else:
        return None
    if len(definitions) != 1:
        return None
    body = definitions[0].child_by_field_name("body")
    found: list[tuple[Node, str | None]] = []
    for node in descendants(body) if body is not None else ():
        if node.type == "return_statement" and _enclosing(node, FUNCTION_TYPES | {"method_definition"}) == definitions[0]:
            value = unwrap(node.named_children[0]) if node.named_child_count else None
            found.append((node, literal_string(script, value) if value is not None and value.type == "string" else None))
    return found or None


def _constant_of(script: Script, value: Node) -> str | None:
    """A string's text, or the last part of a dotted name (`o.KS` is "KS"); None for anything else."""
    constant = (
        literal_string(script, value)
        if value.type == "string"
        else ((dotted_name(value) or "").rsplit(".", 1)[-1] if value.type == "member_expression" else None)
    )
    return constant or None


def _assigned_value(node: Node) -> Node | None:
    """What an assignment, a declarator or a class field (as _property_assignments lists them) gives."""
    value = node.child_by_field_name("right") if node.type == "assignment_expression" else node.child_by_field_name("value")
    return unwrap(value) if value is not None else None


def _property_assignments(root: str, prop: str) -> list[tuple[Script, Node, str | None]]:
    """Every `x.prop = value` and `prop = value` (and `var prop = value`) in the project's modules: the module, the
    node, and the value's constant (a string, or the last part of a dotted name: `o.KS` is "KS"; None for anything
    else). Once per name a lint run."""
    note_project_wide()
    key = (root, prop, run_generation())
    known = _ASSIGNMENTS.get(key)
    if known is not None:
        return known
    import os

    # the name, then `=`; what comes before is checked apart (matches_as_word: a lookbehind in front scans slowly)
    pattern = re.compile(rf"{re.escape(prop)}\s*=(?![=>])")
    found: list[tuple[Script, Node, str | None]] = []
    few = _word_modules(root, prop)  # the modules naming it, when few do (the word index has read every module once)
    for path in few if few is not None else _project_modules(root):
        text = read_regular_text(os.path.join(root, path), 1 << 20, partial=True)  # a regular file only
        if text is None or not matches_as_word(pattern, text):
            continue
        module = _module(root, path)
        for other in module[1]() if module is not None else ():
            for node in _assignment_sites(other).get(prop, ()):
                if node.type in ("field_definition", "public_field_definition"):  # `static currentPlatform = Platform.BYTEDANCE`
                    value = node.child_by_field_name("value")
                    if value is not None:
                        value = unwrap(value)
                        found.append((other, node, _constant_of(other, value)))
                    continue
                value = node.child_by_field_name("right" if node.type == "assignment_expression" else "value")
                if value is None:
                    continue
                value = unwrap(value)
                returned = _constant_returns(other, value) if value.type == "call_expression" else None
                if returned is not None:  # `this.env = this.detectEnv()`: each return of the method, where it returns
                    found.extend((other, at, constant) for at, constant in returned)
                    continue
                found.append((other, node, _constant_of(other, value)))
        if len(found) > 200:
            break
    if len(_ASSIGNMENTS) > 1024:
        _ASSIGNMENTS.clear()
    _ASSIGNMENTS[key] = found
    return found


def matches_as_word(pattern: re.Pattern[str], text: str) -> bool:
    """Does `pattern` (a name, then what may follow it) match where the name is not the end of a longer one? The
    character before is checked apart: a lookbehind in front makes the regex engine try every position."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        if not match.start() or not _NAME_CHAR.match(text, match.start() - 1):
            return True
        position = match.start() + 1
    return False


def _assignment_sites(script: Script) -> dict[str, list[Node]]:
    """The script's assignments, declarators and class fields by the name they set (an assignment's by the last part of
    its target's dotted name: `this.env = ...` under "env"), in the order of the source; found by one query and kept
    with the script (a Python walk of every node, once per name asked, took 11 s on a large LayaAir project)."""
    known: dict[str, list[Node]] | None = script.__dict__.get("_assignment_sites")
    if known is None:
        from ..source.sdkrefs import _dynamic  # start-up: only the guards' cross-module questions ask, once a script

        field = "field_definition" if script.dialect == "js" else "public_field_definition"
        query = _dynamic(script.dialect, f"[(assignment_expression) (variable_declarator) ({field})] @site")
        known = {}
        for node in sorted(_captures(query, script.tree.root_node).get("site", ()), key=lambda n: (n.start_byte, -n.end_byte)):
            if node.type == "assignment_expression" or node.type == "variable_declarator":
                left = node.child_by_field_name("left" if node.type == "assignment_expression" else "name")
                name = (dotted_name(left) or "").rsplit(".", 1)[-1] if left is not None else ""
            else:
                key = node.child_by_field_name("property") or node.child_by_field_name("name")
                name = script.source(key) if key is not None else ""
            if name:
                known.setdefault(name, []).append(node)
        script.__dict__["_assignment_sites"] = known
    return known


# The globals every page has (a Mini and an HTML game run in TikTok's webview): `typeof window === 'undefined'` is a
# server-side rendering or Node guard, false inside TikTok. A native game's runtime has globalThis but may lack the
# others (an adapter defines them), so there they tell nothing.
_PAGE_GLOBALS = frozenset({"window", "document", "navigator", "self", "location"})
_GLOBAL_OBJECT = re.compile(r"(?:window|globalThis|self|GameGlobal)\.")


def _page_global(script: Script, name: str) -> bool:
    return (name == "globalThis" or (not _NATIVE and name in _PAGE_GLOBALS)) and not declares(script, name)


def _call(script: Script, node: Node, depth: int) -> bool | None:
    callee = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
    if callee is None:
        return None
    if callee.type == "member_expression":
        prop = callee.child_by_field_name("property")
        receiver = callee.child_by_field_name("object")
        method = script.source(prop) if prop is not None else ""
        if method == "test" and receiver is not None and unwrap(receiver).type == "regex":  # /TikTok/i.test(navigator.userAgent)
            return True if _TIKTOK_UA.search(script.source(receiver)) else None
        if method in ("includes", "match", "startsWith", "endsWith") and args and receiver is not None and _mentions_user_agent(script, receiver):
            pattern = script.source(args[0])
            return True if _TIKTOK_UA.search(pattern) else None
        if method == "canIUse" and len(args) == 1 and receiver is not None and _namespace_read(script, re.sub(r"\s+", "", script.source(receiver))):
            # `if (tt.canIUse("getUserInfo"))`: false inside TikTok for an API its games SDK does not have (held-out round 30)
            schema = literal_string(script, unwrap(args[0]))
            api = schema.split(".", 1)[0] if schema else ""
            if api and api in FOREIGN_GAME_APIS and api not in GAME_APIS:
                return False
    name = dotted_name(callee) or ""
    return _flag(script, callee, name, depth)


def _flag(script: Script, node: Node, name: str, depth: int) -> bool | None:
    """A name that stands for "inside TikTok": a const or function of this script whose value says so, else a name
    that says so (isTikTok, inMinis, env.isTikTok)."""
    last = name.rsplit(".", 1)[-1]
    if not last:
        return None
    if depth > 0 and "." not in name and node.type == "identifier" and len(_local(script, name)) != 1:
        # a block's own const of a name other functions declare too (`if (window.tt) { const isDouyin = tt
        # .getSystemInfoSync().appName === "Douyin"; if (!isDouyin) return; }`): the declaration in scope
        scoped = _declared_in_scope(script, node)
        known = in_tiktok(script, scoped[0], depth - 1) if len(scoped) == 1 else None
        if known is not None:
            return known
    if depth > 0 and name.count(".") <= 1 and not name.startswith("this."):
        for module, definition in _denoted(script, name, imports=bool(_ROOT) and not _TIKTOK_FLAG.fullmatch(last)):
            if "." in name and _member_written(module, last):
                continue  # `api.desktop = !!switches.desktop` later: the object literal's value is not the only one
            known = _definition_value(module, definition, depth - (1 if module is script else 2))
            if known is not None:
                return known
    if depth > 0 and name.startswith("this.") and name.count(".") == 1 and node.parent is not None and node.parent.type == "call_expression":
        # `if (this.isTouTiao()) { ...; return; }` in a class or an object literal (a vendored SDK's own predicate,
        # `isTouTiao() { return typeof tt !== 'undefined'; }`): the value its one definition there returns
        methods = _own_methods(node, last)
        if len(methods) == 1 and not _member_written(script, last):
            known = _definition_value(script, methods[0], depth - 1)
            if known is not None:
                return known
    if depth > 0 and name.count(".") == 1 and not name.startswith("this.") and node.parent is not None and node.parent.type != "call_expression":
        fixed = _static_flag(script, name)
        if fixed is not None:
            return fixed  # `App_Config.onTTMiniGame` with `static readonly onTTMiniGame: boolean = false`
    if depth > 0 and name.count(".") == 1:
        # `PlatUtils.IsDouyin` / `PlatUtils.isDouyin()` (a class's static getter or method, `return window.tt;`), and
        # `this.IsDouyin` in another static member of the class (held-out round 31: `static get IsWechat() { return
        # cc.sys.platform == cc.sys.WECHAT_GAME && !this.IsDouyin; }`): the value its one definition returns
        known = _static_member_value(script, node, name, depth - 1)
        if known is not None:
            return known
    if depth > 0 and name.count(".") == 1 and _SINGLETON_FIELD.fullmatch(last) and _singleton_unset(script, name, depth - 1):
        return False  # `if (QQAdMgr.instance)`: the singleton is made only where TikTok never runs
    if _TIKTOK_FLAG.fullmatch(last):
        return True
    if depth > 0 and _ROOT and _unset_global_flag(script, node, name):
        return False  # `if (window.isWeChatPlatform)` that no file of the project sets: undefined, everywhere
    if _EXISTS.fullmatch(last) and name.count(".") >= 1 and other_platform(name.rsplit(".", 2)[-2]):
        return False  # `AppRt.Extern._4399.Exist()`, `sdk.qq.isAvailable()`: another platform's object says it is there
    return False if other_platform(last, flag=True) else None  # isKuaishou(), Laya.Browser.onVVMiniGame


_GLOBAL_FLAG = re.compile(r"(?:(?:window|globalThis|GameGlobal)\.)?((?:is|on|in|has)[A-Z][\w$]*)")
_HTML_FILE = re.compile(r"\.html?$", re.I)


def _unset_global_flag(script: Script, node: Node, name: str) -> bool:
    """A flag read from the global object (`window.isWeChatPlatform`, a developer's switch) that nothing sets: no module
    of the project, no HTML page of it (a build template's inline script) assigns, declares or lists the name (held-out
    round 32). Read, it is undefined."""
    import os

    match = _GLOBAL_FLAG.fullmatch(name)
    if match is None or (name == match.group(1) and (declares(script, name) or bound_locally(script, node, name, module=True))):
        return False  # a bare name the code binds (`wxLogin(isLogin => { if (!isLogin) return; })`)
    flag = match.group(1)
    note_project_wide()
    key = (_ROOT[0], flag, run_generation())
    known = _UNSET_FLAGS.get(key)
    if known is not None:
        return known
    paths = _word_modules(_ROOT[0], flag)
    unset = paths is not None
    written = re.compile(rb"(?<![\w$])" + re.escape(flag.encode()) + rb"""(?:['"]\s*\]\s*=(?![=>])|['"]?\s*[:=](?![=>])|\s*\(|\s*\?\s*:)""")
    read = re.compile(rb"(?<![\w$])" + re.escape(flag.encode()) + rb"(?![\w$])")
    for path in paths or ():
        data = read_regular_text(os.path.join(_ROOT[0], path), 1 << 20, partial=True)
        if (
            data is None
            or written.search(data.encode("utf-8", "replace"))
            or re.search(rb"(?:function|class|let|var|const)\s+" + re.escape(flag.encode()), data.encode("utf-8", "replace"))
        ):
            unset = False
            break
    for page in _html_pages(_ROOT[0]) if unset else ():  # a page's inline script (`<script>window.isX = true</script>`)
        data = read_regular_text(os.path.join(_ROOT[0], page), 1 << 20, partial=True)
        if data is not None and read.search(data.encode("utf-8", "replace")):
            unset = False
            break
    if len(_UNSET_FLAGS) > 1024:
        _UNSET_FLAGS.clear()
    _UNSET_FLAGS[key] = unset
    return unset


_UNSET_FLAGS: dict[tuple[str, str, int], bool] = {}


def _html_pages(root: str) -> list[str]:
    """The project's HTML files (relative paths, at most 500), once a lint run."""
    note_project_wide()
    import os

    cached = _PAGES.get(root)
    if cached is not None and cached[0] == run_generation():
        return cached[1]
    found: list[str] = []
    caches = _editor_caches(root)
    for base, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_FOLDERS and not d.startswith(".") and not (base == root and d in caches))
        found += [os.path.relpath(os.path.join(base, file), root) for file in names if _HTML_FILE.search(file)]
        if len(found) >= 500:
            break
    if len(_PAGES) > 16:
        _PAGES.clear()
    _PAGES[root] = (run_generation(), found)
    return found


_PAGES: dict[str, tuple[int, list[str]]] = {}
_EXISTS = re.compile(r"(?:is)?(?:exists?|available|present|supported)", re.I)
_SINGLETON_FIELD = re.compile(r"_{0,2}(?:instance|Instance|inst|Inst|ins|Ins|singleton|_ins)")
_EMPTY_VALUES = frozenset({"null", "undefined", "void 0"})


def _class_named(script: Script, owner: str) -> tuple[Script, Node] | None:
    """The one class a name denotes here: the script's own, or the one it imports under that name."""
    classes = [(script, node) for node in _local(script, owner) + _classes(script, owner) if node.type in _CLASS_TYPES]
    if not classes and _ROOT and any(local == owner for _, _, local in script.imported_names()):
        classes = [(module, node) for module, node in _imported(script, owner, None) if node.type in _CLASS_TYPES]
    return classes[0] if len(classes) == 1 else None


_CLASS_TYPES = ("class_declaration", "abstract_class_declaration", "class")


def _classes(script: Script, name: str) -> list[Node]:
    """The script's top-level class declarations of the name (`class C {}`, `export class C {}`, `export default class C {}`)."""
    found = []
    for node in script.tree.root_node.named_children:
        for candidate in [node] if node.type != "export_statement" else node.named_children:
            key = candidate.child_by_field_name("name") if candidate.type in _CLASS_TYPES else None
            if key is not None and script.source(key) == name:
                found.append(candidate)
    return found


def _static_field(script: Script, name: str) -> tuple[Script, Node, Node] | None:
    """For `C.field` (C a capitalised class of the script's own or imported): the class's module, the class, and its
    static field of the name; None when any is not there."""
    owner, field = name.split(".")
    found = _class_named(script, owner) if re.fullmatch(r"[A-Z][\w$]*", owner) else None
    if found is None:
        return None
    module, cls = found
    body = cls.child_by_field_name("body")
    for member in body.named_children if body is not None else ():
        if member.type in ("field_definition", "public_field_definition") and any(c.type == "static" for c in member.children):
            key = member.child_by_field_name("property") or member.child_by_field_name("name")
            if key is not None and module.source(key) == field:
                return module, cls, member
    return None


def _static_member_value(script: Script, node: Node, name: str, depth: int) -> bool | None:
    """The value inside TikTok of `C.m` / `C.m()` (C a capitalised class of the script's own or imported) or of `this.m`
    / `this.m()` in a static member of a class: its one static getter (read) or static method (called) of the name,
    when nothing assigns a property of that name."""
    owner, member = name.split(".")
    called = node.parent is not None and node.parent.type == "call_expression" and node.parent.child_by_field_name("function") == node
    if owner == "this":
        method = _enclosing(node, FUNCTION_TYPES | {"method_definition"})
        while method is not None and method.type == "arrow_function":
            method = _enclosing(method, FUNCTION_TYPES | {"method_definition"})
        if method is None or method.type != "method_definition" or not any(c.type == "static" for c in method.children):
            return None
        module, body = script, method.parent
    else:
        found = _class_named(script, owner) if re.fullmatch(r"[A-Z][\w$]*", owner) else None
        if found is None:
            return None
        module, body = found[0], found[1].child_by_field_name("body")
    if body is None or body.type != "class_body":
        return None
    wanted = {"static", "get"} if not called else {"static"}
    members = [
        m
        for m in body.named_children
        if m.type == "method_definition"
        and (key := m.child_by_field_name("name")) is not None
        and key.text == member.encode()
        and {c.type for c in m.children} & {"get", "set", "static"} == wanted
    ]
    if len(members) != 1 or _member_written(module, member) or (module is not script and _member_written(script, member)):
        return None  # replaced somewhere (`Platform.isDouyin = () => false`): no fixed answer
    known = _definition_value(module, members[0], depth)
    if known is not None and module is not script:
        note_read(module.path)
    return known


def _static_flag(script: Script, name: str) -> bool | None:
    """`Config.onTTMiniGame` where the class's static field is a literal true or false (`public static readonly
    onTTMiniGame: boolean = false`, held-out round 29: a WeChat build's config) that nothing assigns: its value."""
    found = _static_field(script, name)
    value = found[2].child_by_field_name("value") if found is not None else None
    if found is None or value is None:
        return None
    module, _, member = found
    owner, field = name.split(".")
    text = module.source(unwrap(value))
    literal = True if text in ("true", "!0") else False if text in ("false", "!1") else None
    if literal is None:
        return None
    assigned = re.compile(rb"(?<![\w$])(?:" + re.escape(owner.encode()) + rb"|this)\s*\.\s*" + re.escape(field.encode()) + rb"\s*=(?![=>])")
    readonly = any(c.type == "readonly" for c in member.children) or b"readonly" in module.source(member).encode()
    if not readonly and (
        assigned.search(module.data) or assigned.search(script.data) or any(assigned.search(importer.data) for importer, _, _ in _importers(module))
    ):
        return None  # set again somewhere (here, or in a module importing the class): not a fixed configuration
    note_read(module.path)
    return literal


def _on_unset_singleton(module: Script, call: Node, depth: int) -> bool:
    """A call `C.instance.m()` whose receiver is a singleton field empty inside TikTok (_singleton_unset)."""
    callee = call.child_by_field_name("function")
    receiver = callee.child_by_field_name("object") if callee is not None and callee.type == "member_expression" else None
    name = dotted_name(unwrap(receiver)) if receiver is not None and unwrap(receiver).type == "member_expression" else None
    if not name or name.count(".") != 1 or not _SINGLETON_FIELD.fullmatch(name.rsplit(".", 1)[1]):
        return False
    return _singleton_unset(module, name, depth)


def _singleton_unset(script: Script, name: str, depth: int) -> bool:
    """`QQAdMgr.instance` where the class's static field starts empty (no initialiser, or null/undefined) and every
    assignment of it (`this.instance = new QQAdMgr()` in a static method, `QQAdMgr.instance = this` in a method, in the
    class's module) runs only outside TikTok: empty inside TikTok (held-out round 29: a QQ ad manager made only in the
    QQ case of the store switch, checked `if (QQAdMgr.instance)` in shared components)."""
    found = _static_field(script, name)
    if found is None:
        return False
    module, cls, member = found
    owner, field = name.split(".")
    value = member.child_by_field_name("value")
    if value is not None and module.source(unwrap(value)) not in _EMPTY_VALUES:
        return False  # made at once
    class_name = _defined_name(module, cls) or owner
    body = cls.child_by_field_name("body")
    if body is None:
        return False
    # every assignment of the field in the class's module (another module's `C.instance = ...` gives up)
    if _ROOT and re.search(
        rb"(?<![\w$.])" + re.escape(owner.encode()) + rb"\s*\.\s*" + re.escape(field.encode()) + rb"\s*=(?![=>])",
        b"".join(m.data for m, _ in _importers_text(module)),
    ):
        return False
    assignments = []
    for node in descendants(module.tree.root_node):
        if node.type not in ("assignment_expression", "augmented_assignment_expression"):
            continue
        left = node.child_by_field_name("left")
        text = re.sub(r"\s+", "", module.source(left)) if left is not None else ""
        if text == f"{class_name}.{field}" or text == f"{owner}.{field}":
            assignments.append(node)
        elif text == f"this.{field}" and body.start_byte <= node.start_byte < body.end_byte:
            method = _enclosing(node, frozenset({"method_definition"}))
            if method is not None and any(c.type == "static" for c in method.children):
                assignments.append(node)  # `this` of a static method: the class
    if not assignments:
        return False
    for node in assignments:
        value = node.child_by_field_name("right")
        if value is not None and module.source(unwrap(value)) in _EMPTY_VALUES:
            continue  # emptied again
        if not _outside(module, node, depth):
            return False
    return True


def _importers_text(module: Script) -> list[tuple[Script, None]]:
    """The modules importing `module` (their texts are searched for assignments of its class's fields)."""
    return [(importer, None) for importer, _, _ in _importers(module)]


def _own_methods(node: Node, name: str) -> list[Node]:
    """The functions named `name` of the class or object literal whose method holds `node` (`this.name` there)."""
    method = _enclosing(node, FUNCTION_TYPES | {"method_definition"})
    while method is not None and method.type == "arrow_function":  # an arrow function's `this` is its definer's
        method = _enclosing(method, FUNCTION_TYPES | {"method_definition"})
    owner = method.parent if method is not None else None
    if method is not None and method.type == "function_expression" and owner is not None and owner.type == "pair":
        owner = owner.parent
    if owner is None or owner.type not in ("class_body", "object"):
        return []
    found = []
    for member in owner.named_children:
        value: Node | None
        if member.type == "method_definition":
            key, value = member.child_by_field_name("name"), member
            if {c.type for c in member.children} & {"get", "set", "static"}:
                continue
        elif member.type == "pair":
            key, value = member.child_by_field_name("key"), member.child_by_field_name("value")
        else:
            continue
        if key is not None and key.text == name.encode() and value is not None and value.type in _FUNCTIONS:
            found.append(value)
    return found


def _definition_value(script: Script, definition: Node, depth: int) -> bool | None:
    """A definition's value inside TikTok: a function's returned condition (`() => typeof TTMinis !== 'undefined'`,
    `function detect() { const sdk = window.TTMinis; return !!sdk; }`), or a const's expression itself."""
    if definition.type in _FUNCTIONS:
        returned = returned_expression(definition)
        return in_tiktok(script, returned, depth) if returned is not None else _returns(script, definition, depth)
    return in_tiktok(script, definition, depth)


def _returns(script: Script, function: Node, depth: int) -> bool | None:
    """The value inside TikTok of a helper made of early returns (`if (typeof window === 'undefined') return false;
    if (window.TTMinis) return true; return /TikTok/i.test(navigator.userAgent);`), declarations between them: the
    one value every return it may reach inside TikTok gives, else None."""
    body = function.child_by_field_name("body")
    if body is None or body.type != "statement_block":
        return None
    outcomes: list[bool | None] = []
    for statement in body.named_children:
        if statement.type == "comment" or statement.type in _DECLARATIONS:
            continue
        if statement.type == "return_statement":
            outcomes.append(in_tiktok(script, statement.named_children[0], depth) if statement.named_child_count else None)
            break
        consequence = statement.child_by_field_name("consequence") if statement.type == "if_statement" else None
        condition = statement.child_by_field_name("condition")
        if consequence is None or condition is None or statement.child_by_field_name("alternative") is not None:
            return None
        if consequence.type == "statement_block":
            inner = [c for c in consequence.named_children if c.type != "comment"]
            consequence = inner[0] if len(inner) == 1 else consequence
        if consequence.type != "return_statement":
            return None
        taken = in_tiktok(script, condition, depth)
        if taken is False:
            continue
        outcomes.append(in_tiktok(script, consequence.named_children[0], depth) if consequence.named_child_count else None)
        if taken is True:
            break
    else:
        return None  # it may end without a return
    return outcomes[0] if outcomes and all(outcome == outcomes[0] for outcome in outcomes) else None


def _const_values(script: Script, name: str) -> list[Node]:
    """The value a `const name = ...` gives `name`, or a `let`/`var` declared once and never assigned again
    (`let isTT = window["tt"] != null`)."""
    if not re.fullmatch(r"[\w$]+", name):
        return []
    cache: dict[str, list[Node]] = script.__dict__.setdefault("_const_values", {})
    if name not in cache:
        cache[name] = _find_const_values(script, name)
    return cache[name]


def _find_const_values(script: Script, name: str) -> list[Node]:
    declarations, values = [], []
    for use in identifier_uses(script, name):  # each `name = value` declarator of a const/let/var declaration
        declarator = use.parent
        if declarator is None or declarator.type != "variable_declarator" or declarator.child_by_field_name("name") != use:
            continue
        value, declaration = declarator.child_by_field_name("value"), declarator.parent
        if value is not None and declaration is not None and declaration.type in _DECLARATIONS:
            declarations.append(declaration)
            values.append(value)
    if len(declarations) != 1 or len(values) != 1:
        return []
    first = declarations[0].child(0)
    if (first is None or first.type != "const") and any(_assigned(use) for use in identifier_uses(script, name)):
        return []
    return values


def _assigned(node: Node) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type in ("assignment_expression", "augmented_assignment_expression"):
        return parent.child_by_field_name("left") == node
    return parent.type == "update_expression"


_FUNCTIONS = frozenset({"arrow_function", "function_expression", "function", "function_declaration", "method_definition"})
_DECLARATIONS = frozenset({"lexical_declaration", "variable_declaration"})


def returned_expression(function: Node) -> Node | None:
    """What a helper returns, inlined where it is called as a guard: an arrow's expression body, or a body that is
    one `return <expression>` after nothing but declarations (`const sdk = window.TTMinis; return !!sdk;`)."""
    body = function.child_by_field_name("body")
    if body is None:
        return None
    if body.type != "statement_block":
        return body
    statements = [c for c in body.named_children if c.type != "comment"]
    if not statements or any(c.type not in _DECLARATIONS for c in statements[:-1]):
        return None
    last = statements[-1]
    if last.type == "if_statement":  # `if (api) { return true; } else { return false; }`: the condition, as a truth value
        condition = last.child_by_field_name("condition")
        consequence, alternative = last.child_by_field_name("consequence"), last.child_by_field_name("alternative")
        if condition is not None and _returns_literal(consequence) == "true" and _returns_literal(alternative) == "false":
            return condition
        return None
    return last.named_children[0] if last.type == "return_statement" and last.named_child_count else None


def _returns_literal(node: Node | None) -> str | None:
    """`return true;` (alone, or last in a block or an else clause after plain expression statements: `wx.showModal({...});
    return false;`): the literal's type (true/false), else None."""
    while node is not None and node.type in ("else_clause", "statement_block"):
        inner = [c for c in node.named_children if c.type != "comment"]
        node = inner[-1] if inner and all(c.type == "expression_statement" for c in inner[:-1]) else None
    if node is None or node.type != "return_statement" or node.named_child_count != 1:
        return None
    value = node.named_children[0]
    return value.type if value.type in ("true", "false") else None


def _denoted(script: Script, name: str, imports: bool = True) -> list[tuple[Script, Node]]:
    """What a name written in `script` is given, with the script that gives it: for `f`, this script's const value or
    function declaration, else (`imports`, with the project's root) the definition exported as what it imports (named,
    renamed or default, an `export { f }` list); for `a.f`, the method or property `f` of the object literal `a` is
    (here or imported), or the export `f` of a namespace import (`import * as a`). One object level, one import hop."""
    head, _, member = name.partition(".")
    if not re.fullmatch(r"[\w$]+", head) or "." in member:
        return []
    found = [(script, node) for node in _local(script, head)]
    if not found and imports and _ROOT:
        found = _imported(script, head, "" if member else None)
        if member and not found:
            return _imported(script, head, member)  # import * as env; env.detect()
    if not member:
        return found
    members = [(module, value) for module, node in found if (value := object_property(module, unwrap(node), member)) is not None]
    # `export const Platform = { isWeb, ... }`: a shorthand member is the module's own definition of the name
    return [
        (module, definition)
        for module, value in members
        for definition in (_local(module, module.source(value)) if value.type == "shorthand_property_identifier" else [value])
    ]


def _local(script: Script, name: str) -> list[Node]:
    return _const_values(script, name) + _named_functions(script, name)


def _imported(script: Script, local: str, member: str | None) -> list[tuple[Script, Node]]:
    """The definition a module exports as what `script` imports under `local`; `member`: through a namespace import."""
    root = _ROOT[0]
    if not script.imports:
        return []
    if member:
        wanted = [(spec, member) for spec in _namespace_imports(script, local)]
    else:
        wanted = [(spec, exported) for spec, exported, name in script.imported_names() if name == local]
    found: list[tuple[Script, Node]] = []
    for spec, exported in wanted:
        path = resolve_require(_Files(root), script.path, spec)
        module = _module(root, path) if path is not None else None
        for other in module[1]() if module is not None else ():
            found += [(other, node) for node in _exported(other, exported)]
        if module is not None and path is not None:
            _READ.add(path)
    return found


def _namespace_imports(script: Script, local: str) -> list[str]:
    """The specifiers of `import * as local from '...'`, and of CommonJS's `const local = require('...')`."""
    found = [spec for spec, exported, name in script.required_names() if name == local and exported == "default"]
    for node in script.tree.root_node.named_children:
        clause = next((c for c in node.named_children if c.type == "import_clause"), None) if node.type == "import_statement" else None
        source = node.child_by_field_name("source") if clause is not None else None
        for part in clause.named_children if clause is not None and source is not None else ():
            if part.type == "namespace_import" and any(script.source(c) == local for c in part.named_children):
                spec = literal_string(script, source)  # type: ignore[arg-type]
                if spec:
                    found.append(spec)
    return found


def _exported(module: Script, exported: str) -> list[Node]:
    """What a module exports under a name: its own definition of it, `export { local as name }`'s, or its default."""
    for node in module.tree.root_node.named_children:
        if node.type != "export_statement":
            continue
        if exported == "default" and any(c.type == "default" for c in node.children):
            value = node.child_by_field_name("value") or node.child_by_field_name("declaration")
            if value is None:
                return []
            value = unwrap(value)
            return _local(module, module.source(value)) if value.type == "identifier" else [value]
        for clause in (c for c in node.named_children if c.type == "export_clause"):
            for specifier in clause.named_children:
                names = [module.source(c) for c in specifier.named_children if c.type == "identifier"]
                if specifier.type == "export_specifier" and names and names[-1] == exported and names[0] != exported:
                    return _local(module, names[0])
    for name, value in module.commonjs_exports():  # `module.exports = { api }`, `exports.api = ...`
        if name == exported:
            value = unwrap(value)
            return _local(module, module.source(value)) if value.type in ("identifier", "shorthand_property_identifier") else [value]
    return [] if exported == "default" else (_local(module, exported) or _classes(module, exported))


def _named_functions(script: Script, name: str) -> list[Node]:
    return [node for node in script.tree.root_node.named_children if node.type == "function_declaration" and _name_of(script, node) == name] + [
        child
        for node in script.tree.root_node.named_children
        if node.type == "export_statement"
        for child in node.named_children
        if child.type == "function_declaration" and _name_of(script, child) == name
    ]


def _name_of(script: Script, node: Node) -> str | None:
    name = node.child_by_field_name("name")
    return script.source(name) if name is not None else None


def _after_exit(block: Node, statement: Node, value: Callable[[Node], bool | None]) -> bool:
    """`if (c) return;` (or throw) with c true before the statement in its block, or `if (c) {...} else return;` with c
    false: the rest does not run there."""
    for sibling in block.named_children:
        if sibling == statement or sibling.start_byte >= statement.start_byte:
            return False
        if sibling.type == "if_statement" and _taken_exits(sibling, value):
            return True
    return False


def _taken_exits(statement: Node, value: Callable[[Node], bool | None], depth: int = 8) -> bool:
    """The branch of an if/else-if chain taken inside TikTok leaves (`if (typeof wx.x == 'function') {...} else {
    return; }`, `if (window.qq) { return a; } else if (window.tt) { return b; }` before `return c;`)."""
    consequence = statement.child_by_field_name("consequence")
    condition = statement.child_by_field_name("condition")
    alternative = statement.child_by_field_name("alternative")
    if consequence is None or condition is None:
        return False
    known = value(condition)
    if known is True:
        return _leaves(consequence, value, depth)
    if known is not False or alternative is None:
        return False
    otherwise = next((c for c in alternative.named_children if c.type != "comment"), None) if alternative.type == "else_clause" else alternative
    if otherwise is None:
        return False
    if otherwise.type == "if_statement":
        return depth > 0 and _taken_exits(otherwise, value, depth - 1)
    return _leaves(otherwise, value, depth)


def _leaves(statement: Node, value: Callable[[Node], bool | None], depth: int) -> bool:
    """The branch taken leaves: it always does, or an `if` in it takes a branch that does (`if (window.tt) { const
    isDouyin = ...appName === "Douyin"; if (!isDouyin) return; }`, held-out round 33)."""
    if _exits(statement):
        return True
    if depth <= 0:
        return False
    if statement.type == "if_statement":
        return _taken_exits(statement, value, depth - 1)
    return statement.type == "statement_block" and any(c.type == "if_statement" and _taken_exits(c, value, depth - 1) for c in statement.named_children)


def _exits(statement: Node, depth: int = 4) -> bool:
    """The statement always leaves (return, throw): itself, a block ending in one, or ending in a `try` whose body and
    every catch leave (`try { ...; return; } catch (e) { ...; return; }`), or in an if/else both of whose branches do."""
    if ends_with(statement, _EXITS):
        return True
    if depth <= 0:
        return False
    if statement.type == "statement_block":
        children = [c for c in statement.named_children if c.type != "comment"]
        return bool(children) and _exits(children[-1], depth - 1)
    if statement.type == "try_statement":
        body, handler = statement.child_by_field_name("body"), statement.child_by_field_name("handler")
        finalizer = statement.child_by_field_name("finalizer")
        if finalizer is not None and any(n.type in _EXITS for n in descendants(finalizer)):
            return False  # a finally that returns decides for itself
        caught = handler.child_by_field_name("body") if handler is not None else None
        return body is not None and _exits(body, depth - 1) and (handler is None or (caught is not None and _exits(caught, depth - 1)))
    if statement.type == "if_statement":
        consequence, alternative = statement.child_by_field_name("consequence"), statement.child_by_field_name("alternative")
        otherwise = next((c for c in alternative.named_children if c.type != "comment"), None) if alternative is not None else None
        return consequence is not None and otherwise is not None and _exits(consequence, depth - 1) and _exits(otherwise, depth - 1)
    return False


def _other_case_than_tiktok(script: Script, case: Node, depth: int = 0) -> bool:
    """A case of `switch (platform)` other than TikTok's, when another case is TikTok's and ends in return/break; or
    another platform's case (`case sys.Platform.OPPO_MINI_GAME:`) that no case before it falls into; or (with `depth`)
    a case whose value the switch's value is not inside TikTok (`switch (AdsOptions.platform)` with the platform set to
    `LPPlatform.toutiao` under `if (window["tt"])`), and that no case before it falls into."""
    value = case.child_by_field_name("value")
    if depth > 0 and _ROOT and _not_taken(script, case, depth):
        return True
    if value is not None and case.type == "switch_case" and (_names_other_platform(script, value) or _store_code_case(script, case, value)):
        before = case.prev_named_sibling
        while before is not None and before.type == "comment":
            before = before.prev_named_sibling
        statements = [c for c in before.named_children if c != before.child_by_field_name("value") and c.type != "comment"] if before is not None else []
        if before is None or (statements and _ends_case(statements[-1])):
            return True
    if value is not None and _tiktok_case(script, value):
        return False
    body = case.parent
    if value is not None and case.type == "switch_case" and _ROOT and unwrap(value).type in ("member_expression", "string"):
        switch = body.parent if body is not None else None
        discriminant = switch.child_by_field_name("value") if switch is not None and switch.type == "switch_statement" else None
        if (
            discriminant is not None
            and body is not None
            and _tiktok_discriminant(script, discriminant)
            and not any(
                _tiktok_case(script, v)
                for other in body.named_children
                if other.type == "switch_case" and (v := other.child_by_field_name("value")) is not None
            )
        ):
            # `switch (SdkTools.getPlatform()) { case GP_QQ: ... case GP_WX: ... default: ... }` where the project's other
            # switches over the same value have a TikTok case: inside TikTok the value is that case's, so no case here is
            # taken (the default is)
            return True
    for other in body.named_children if body is not None else ():
        other_value = other.child_by_field_name("value") if other.type == "switch_case" else None
        if other_value is not None and _tiktok_case(script, other_value):
            statements = [c for c in other.named_children if c != other_value and c.type != "comment"]
            if statements and _ends_case(statements[-1]):
                return True
    return False


def _not_taken(script: Script, case: Node, depth: int, hops: int = 8) -> bool:
    """Inside TikTok the switch's value is not this case's, and no case before it that may run falls into it."""
    value = case.child_by_field_name("value")
    body = case.parent
    switch = body.parent if body is not None else None
    discriminant = switch.child_by_field_name("value") if switch is not None and switch.type == "switch_statement" else None
    if value is None or discriminant is None or case.type != "switch_case" or unwrap(value).type not in ("member_expression", "string"):
        return False
    if not _platform_switch(script, discriminant, body):
        return False  # a switch over anything else (a state, a level): its values say nothing of the platform
    if _compared(script, unwrap(discriminant), unwrap(value), depth - 1) is not False:
        return False
    before = case.prev_named_sibling
    while before is not None and before.type == "comment":
        before = before.prev_named_sibling
    if before is None:
        return True
    statements = [c for c in before.named_children if c != before.child_by_field_name("value") and c.type != "comment"]
    return (bool(statements) and _ends_case(statements[-1])) or (hops > 0 and _not_taken(script, before, depth, hops - 1))


def _platform_switch(script: Script, discriminant: Node, body: Node | None) -> bool:
    """A switch over a platform or store: its value is named so (`AdsOptions.platform`, `this.channel`), or a case
    names a platform (`LPPlatform.wechat`, `Platform.toutiao_H5`, 'qq')."""
    if _STORE_SWITCH.search(script.source(discriminant)):
        return True
    for other in body.named_children if body is not None else ():
        name = _case_name(script, v) if other.type == "switch_case" and (v := other.child_by_field_name("value")) is not None else None
        if name and (other_platform(name) or _tiktok_family(name) or name.lower() in ("wx", "wechat", "weixin")):
            return True
    return False


# a store enum's members often carry the enum's initials: `Game_Platform.GP_Tiktok`, `GP_QQ`, `EPlatform.EP_VIVO`
_ENUM_INITIALS = re.compile(r"^[A-Z][A-Za-z]{0,2}_(?=[A-Za-z0-9])")


def _case_name(script: Script, value: Node) -> str | None:
    """The platform a case names: its string ('tiktok'), or its constant's member less the enum's initials
    (`Game_Platform.GP_Tiktok` -> Tiktok)."""
    value = unwrap(value)
    text = literal_string(script, value)
    if text is not None:
        return text.strip()
    if value.type != "member_expression":
        return None
    return _ENUM_INITIALS.sub("", (dotted_name(value) or "").rsplit(".", 1)[-1]) or None


def _tiktok_case(script: Script, value: Node) -> bool:
    value = unwrap(value)
    member = (dotted_name(value) or "").rsplit(".", 1)[-1] if value.type == "member_expression" else ""
    return bool(_TIKTOK_PLATFORM.fullmatch(_case_name(script, value) or "-") or (member and _TIKTOK_PLATFORM.fullmatch(member)))


# A word that may name TikTok's case (`GP_Tiktok`, `TIKTOK`, 'tiktok'): the modules holding one are read for the values
# the project compares with TikTok's constant
_TIKTOK_WORD = re.compile(r"(?i)tiktok|ttminis")
_DISCRIMINANTS: dict[str, tuple[int, frozenset[str]]] = {}


def _value_text(script: Script, node: Node) -> str:
    return re.sub(r"\s+", "", script.source(unwrap(node)))


def _tiktok_discriminant(script: Script, node: Node) -> bool:
    """Does the project compare this value with TikTok's own constant somewhere (a `switch` over it with a TikTok case,
    `value === Platform.TIKTOK`)? Then inside TikTok the value is TikTok's, wherever it is read: the store the build is
    configured for, however the project computes it (a channel id decoded from a config module, a platform detected
    once). A value read from `this` counts only in its own module."""
    text = _value_text(script, node)
    if not _ROOT or len(text) > 120 or not re.fullmatch(r"[\w$.]+(?:\(\))?", text):
        return False
    known = _tiktok_discriminants(_ROOT[0])
    return text in known or (text.startswith("this.") and f"{script.path}\0{text}" in known)


def _tiktok_discriminants(root: str) -> frozenset[str]:
    note_project_wide()
    cached = _DISCRIMINANTS.get(root)
    if cached is not None and cached[0] == run_generation():
        return cached[1]
    paths = sorted({path for paths in _tiktok_modules(root).values() for path in paths})
    found: set[str] = set()
    for path in paths[:200]:
        module = _module(root, path)
        for script in module[1]() if module is not None else ():
            for node in descendants(script.tree.root_node):
                compared: list[Node] = []
                if node.type == "switch_statement":
                    body = node.child_by_field_name("body")
                    values = [c.child_by_field_name("value") for c in (body.named_children if body is not None else ()) if c.type == "switch_case"]
                    if any(v is not None and unwrap(v).type in ("member_expression", "string") and _tiktok_case(script, v) for v in values):
                        compared = [d for d in (node.child_by_field_name("value"),) if d is not None]
                elif node.type == "binary_expression" and _operator(node) in ("===", "==", "!==", "!="):
                    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                    for one, other in ((left, right), (right, left)):
                        if one is not None and other is not None and unwrap(other).type in ("member_expression", "string") and _tiktok_case(script, other):
                            compared.append(one)
                for value in compared:
                    text = _value_text(script, value)
                    if unwrap(value).type in ("call_expression", "member_expression") and re.fullmatch(r"[\w$.]+(?:\(\))?", text):
                        found.add(f"{script.path}\0{text}" if text.startswith("this.") else text)
    result = frozenset(found)
    if len(_DISCRIMINANTS) > 4:
        _DISCRIMINANTS.clear()
    _DISCRIMINANTS[root] = (run_generation(), result)
    return result


_STORE_SWITCH = re.compile(r"channel|chanel|platform|plat|store|market", re.I)


def _store_code_case(script: Script, case: Node, value: Node) -> bool:
    """`switch (channelID) { case ChannelID.BD: ... }`, `case "BD":`: in a switch over a channel or platform (named so,
    or whose other cases name two platforms), a constant or string named by a store's short code alone (BD Baidu, KS
    Kuaishou, VV vivo, QG Oppo, MZ Meizu, HW Huawei ...)."""
    value = unwrap(value)
    code = (_case_name(script, value) or "") if value.type in ("member_expression", "string") else ""
    if code.lower() not in _PLATFORM_CODES:
        return False
    body = case.parent
    switch = body.parent if body is not None else None
    discriminant = switch.child_by_field_name("value") if switch is not None and switch.type == "switch_statement" else None
    if discriminant is None:
        return False
    if _STORE_SWITCH.search(script.source(discriminant)):
        return True
    named = 0
    for other in body.named_children if body is not None else ():
        other_value = other.child_by_field_name("value") if other.type == "switch_case" and other != case else None
        name = _case_name(script, other_value) if other_value is not None else None
        if name and (other_platform(name) or _TIKTOK_PLATFORM.fullmatch(name) or name.lower() in ("wx", "wechat", "tt", "bytedance", "douyin", "toutiao")):
            named += 1
    return named >= 2


def _ends_case(last: Node, depth: int = 3) -> bool:
    """The case's last statement leaves the switch: break, return, throw, or a block ending in one (`case A: { ...; break; }`)."""
    if last.type in ("return_statement", "break_statement", "throw_statement") or _exits(last):
        return True
    children = [c for c in last.named_children if c.type != "comment"] if last.type == "statement_block" and depth > 0 else []
    return bool(children) and _ends_case(children[-1], depth - 1)


def _names_other_platform(script: Script, value: Node) -> bool:
    """'kuaishou', `sys.Platform.KUAISHOU_MINI_GAME`, `EPlatform.KuaiShou`, `EPlatformType.HW`: another platform's name or constant."""
    value = unwrap(value)
    text = literal_string(script, value)
    if text is not None:
        return other_platform(text)
    if value.type != "member_expression":
        return False
    holder, _, member = (dotted_name(value) or "").rpartition(".")
    if other_platform(member) or other_platform(_ENUM_INITIALS.sub("", member) or member):  # `Game_Platform.GP_QQ`
        return True
    # a two-letter store code as a member of a platform enum (`EPlatformType.HW`, `PlatformType.VV`): the enum's name is the
    # platform word other_platform asks of a code
    return "platform" in holder.rsplit(".", 1)[-1].lower() and member.lower() in _PLATFORM_CODES


def _defined_name(script: Script, definition: Node) -> str | None:
    """The name a function, class or object literal is bound to: its declaration's, or the variable's it initialises."""
    name = definition.child_by_field_name("name")
    if name is not None and definition.type in ("function_declaration", "class_declaration", "generator_function_declaration"):
        return script.source(name)
    parent = definition.parent
    while parent is not None and parent.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
        parent = parent.parent
    if definition.type == "object" and parent is not None and parent.type == "arguments" and len(parent.named_children) == 1:
        call = parent.parent  # `let QQManager = cc.Class({...})`: Cocos Creator 2's class, named by its variable
        callee = call.child_by_field_name("function") if call is not None else None
        if call is not None and callee is not None and re.sub(r"\s+", "", script.source(callee)) == "cc.Class":
            if _cc_component(script, definition):
                return None  # a component: the engine makes it for a scene's node, with no `new` in the code
            parent = call.parent
    if parent is not None and parent.type == "variable_declarator":
        declared = parent.child_by_field_name("name")
        if declared is not None and declared.type == "identifier":
            return script.source(declared)
    return _es5_class_name(script, definition)


def _es5_class_name(script: Script, definition: Node) -> str | None:
    """The class a TypeScript or Babel ES5 class emit makes (`var X = (function (_super) { __extends(X, _super);
    function X() {...} X.prototype.m = function () {...}; return X; }(Base));`): the function is the class's body."""
    if definition.type != "function_expression":
        return None
    call = definition.parent
    while call is not None and call.type == "parenthesized_expression":
        call = call.parent
    if call is None or call.type != "call_expression" or unwrap(call.child_by_field_name("function") or call) != definition:
        return None
    holder = call.parent
    while holder is not None and holder.type == "parenthesized_expression":
        holder = holder.parent
    declared = holder.child_by_field_name("name") if holder is not None and holder.type == "variable_declarator" else None
    body = definition.child_by_field_name("body")
    if declared is None or declared.type != "identifier" or body is None:
        return None
    name = script.source(declared)
    returns = [c for c in body.named_children if c.type == "return_statement"]
    # the function inside is the class's own name, or a minifier's short one (`var a = function () { function t()
    # {...} return t.prototype.m = ..., t; }()`): the name the body returns last
    returned = re.split(r"[\s,(]", script.source(returns[-1]).rstrip(";) \n\t"))[-1] if returns else ""
    inner = [c for c in body.named_children if c.type == "function_declaration" and script.source(c.child_by_field_name("name") or c) in (name, returned)]
    if not inner or returned not in (name, script.source(inner[0].child_by_field_name("name") or inner[0])):
        return None
    return name


def _cc_component(script: Script, definition: Node, depth: int = 3) -> bool:
    """Whether a Cocos Creator 2 `cc.Class({...})` may be a component: its `extends` an engine class (`cc.Component`),
    or, through `require('Base')` or a name bound to one (in the project, `depth` levels), a class that may be; a
    class with no `extends` is none, and what cannot be followed may be. Once per class and run (every walk through
    the class asks)."""
    known: dict[tuple[int, int], tuple[int, bool]] = script.__dict__.setdefault("_cc_component", {})
    key = (definition.start_byte, depth)
    cached = known.get(key)
    if cached is None or cached[0] != run_generation():
        cached = known[key] = (run_generation(), _cc_component_now(script, definition, depth))
    return cached[1]


def _cc_component_now(script: Script, definition: Node, depth: int) -> bool:
    base = object_property(script, definition, "extends")
    if base is None:
        return False
    base = unwrap(base)
    if depth <= 0 or base.type == "member_expression":
        return True  # `extends: cc.Component`, `cc.Sprite`...
    if base.type == "identifier":
        values = _const_values(script, script.source(base))
        base = unwrap(values[0]) if len(values) == 1 else base
    callee = base.child_by_field_name("function") if base.type == "call_expression" else None
    arguments = base.child_by_field_name("arguments") if callee is not None else None
    spec = literal_string(script, arguments.named_children[0]) if arguments is not None and arguments.named_child_count == 1 else None
    if callee is None or not script.requires(callee) or spec is None or not _ROOT:
        return True
    path = resolve_require(_Files(_ROOT[0]), script.path, spec)
    module = _module(_ROOT[0], path) if path is not None else None
    if module is None:
        return True
    classes = [
        (other, node)
        for other in module[1]()
        if b"cc.Class" in other.data
        for node in descendants(other.tree.root_node)
        if node.type == "call_expression" and re.sub(r"\s+", "", other.source(node.child_by_field_name("function") or node)) == "cc.Class"
    ]
    if len(classes) != 1:
        return True
    owner, call = classes[0]
    arguments = call.child_by_field_name("arguments")
    found = arguments.named_children[0] if arguments is not None and arguments.named_child_count == 1 else None
    return found is None or found.type != "object" or _cc_component(owner, found, depth - 1)


_GLOBAL_HOLDERS = ("window", "globalThis", "GameGlobal", "self")


def _global_definition(script: Script, definition: Node) -> str | None:
    """The global a module's top-level statement makes of a definition (`window.AD_QQ = {...}`), or None."""
    assignment = definition.parent
    statement = assignment.parent if assignment is not None else None
    if assignment is None or assignment.type != "assignment_expression" or assignment.child_by_field_name("right") != definition:
        return None
    if statement is None or statement.type != "expression_statement" or statement.parent is None or statement.parent.type != "program":
        return None
    left = assignment.child_by_field_name("left")
    holder = left.child_by_field_name("object") if left is not None and left.type == "member_expression" else None
    prop = left.child_by_field_name("property") if left is not None and left.type == "member_expression" else None
    if holder is None or prop is None or script.source(holder) not in _GLOBAL_HOLDERS or declares(script, script.source(holder)):
        return None
    return script.source(prop)


def _global_uses_outside(script: Script, name: str, definition: Node, depth: int) -> bool:
    """Every use in the project of the global `name` (`AD_QQ.x()` where no module declares an AD_QQ of its own, or
    `window.AD_QQ`), other than its definition, runs outside TikTok, and there is one; False when too many modules
    mention the name to read them all, or one binds a name of its own."""
    paths = _word_modules(_ROOT[0], name)
    if not paths:
        return False
    uses = 0
    for path in paths:
        module = _module(_ROOT[0], path) if path != script.path else None
        scripts = [script] if path == script.path else module[1]() if module is not None else []
        for other in scripts:
            if declares(other, name):
                return False
            found = [use for use in identifier_uses(other, name) if use.type == "identifier"]
            for use in _property_uses(other, name):  # `window.AD_QQ`
                holder = use.parent.child_by_field_name("object") if use.parent is not None else None
                if holder is not None and other.source(holder) in _GLOBAL_HOLDERS:
                    found.append(use)
            for use in found:
                if other is script and definition.parent is not None and definition.parent.start_byte <= use.start_byte < definition.parent.end_byte:
                    continue  # the definition itself
                if not _outside(other, use, depth):
                    return False
                uses += 1
            if other is not script:
                _READ.add(path)
    return uses > 0


def _default_export(definition: Node) -> bool:
    """An anonymous definition that is the module's default export (`export default { ... }`, `export default class {}`)."""
    parent = definition.parent
    while parent is not None and parent.type in ("parenthesized_expression", "as_expression", "satisfies_expression"):
        parent = parent.parent
    return parent is not None and parent.type == "export_statement" and any(child.type == "default" for child in parent.children)


def _every_use_outside(script: Script, name: str, definition: Node, depth: int, method: str | None = None) -> bool:
    """Every use of `name` in the script (not its definition) runs outside TikTok, and there is at least one. With
    `method` (an instance method of the class `name`): the uses that cannot run it are left out."""
    if not re.fullmatch(r"[\w$]+", name):
        return False
    listed: list[str] = []  # the names a local `export { WebSharer }` list exports it under
    used = False
    for node in identifier_uses(script, name):  # one pass, stopping at the first use inside TikTok (a minified engine
        if (  # file names a short name tens of thousands of times)
            node.type == "type_identifier"  # a type (`type Adapter = KsAdapter | WxAdapter`) runs nothing
            or definition.start_byte <= node.start_byte < definition.end_byte
            or _is_declared_name(node)
            or _runs_not(script, node, definition, method, depth)
        ):
            continue
        alias = _export_alias(script, node)
        registered = _registration(script, node, name) if alias is None else None
        if alias is not None:
            listed.append(alias)
        elif registered is not None:
            # `igc.ad_video_qq = ad_video_qq`: its uses are `igc.ad_video_qq` across the project
            if not _registered_uses_outside(script, registered, name, node, depth):
                return False
            used = True
        elif not _outside(script, node, depth, _heritage_method(node, method)):
            return False
        else:
            used = True
    # its instances made only in its own static factory (`static CreateView() { if (...) return null; return new C() }`),
    # outside TikTok: then a module that imports the class but makes none adds nothing, and one importing it nowhere too
    made_here = not used and method is not None and definition.type in ("class_declaration", "class") and _made_only_outside(script, definition, depth)
    if _in_export(definition):  # used elsewhere too: by the modules that import it, each use outside TikTok
        listed.append(_exported_name(script, definition, name))
    # `new PWX()` in a module that imports no PWX (a global class, or an import the author left out): its uses by name
    unbound = _unbound_uses_outside(script, name, depth) if listed and definition.type in _CLASS_TYPES else None
    if unbound is False:
        return False
    if listed:
        if not _ROOT:
            return False
        elsewhere = [_imported_uses_outside(script, alias, depth, definition, method) for alias in listed]
        if made_here:
            return all(found is not False for found in elsewhere)
        if used and definition.type in ("internal_module", "module"):
            return all(found is not False for found in elsewhere)  # a namespace no module imports: only its uses here
        # an export no module imports may still be made (a scene's component), unless other modules make it by name
        return all(found is True or (found is None and unbound is True) for found in elsewhere)
    return used or made_here


def _unbound_uses_outside(script: Script, name: str, depth: int) -> bool | None:
    """Another module's uses of a class's name it neither declares nor imports (`new PWX()` where PWX is another
    module's export: held-out round 32): None when there is none, else whether every one runs outside TikTok."""
    if not _ROOT or not re.fullmatch(r"[A-Z][\w$]{2,}", name):
        return None
    paths = _word_modules(_ROOT[0], name)
    if paths is None:
        return False  # named in too many modules to read each: not followed
    found = None
    for path in paths:
        module = _module(_ROOT[0], path) if path != script.path else None
        for other in module[1]() if module is not None else []:
            if declares(other, name) or any(local == name for _, _, local in other.imported_names()):
                continue
            for use in _uses(other, name):
                parent = use.parent
                if parent is not None and parent.type == "member_expression" and parent.child_by_field_name("property") == use:
                    continue  # `x.PWX`: another object's member
                if not _outside(other, use, depth):
                    return False
                found = True
    return found


def _registration(script: Script, use: Node, name: str) -> str | None:
    """`ns.X = X` (a class registered on a namespace object, as TypeScript's `namespace` emit and SDK bundles do): the
    namespace's text, or None."""
    assignment = use.parent
    if assignment is None or assignment.type != "assignment_expression" or assignment.child_by_field_name("right") != use:
        return None
    left = assignment.child_by_field_name("left")
    if left is not None and left.type == "subscript_expression" and literal_string(script, unwrap(left.child_by_field_name("index") or left)) == name:
        holder = left.child_by_field_name("object")  # `window["channel_share_qq"] = channel_share_qq`
    elif left is not None and left.type == "member_expression" and script.source(left.child_by_field_name("property") or left) == name:
        holder = left.child_by_field_name("object")
    else:
        return None
    return script.source(holder) if holder is not None and holder.type in ("identifier", "member_expression") else None


def _registered_uses_outside(script: Script, holder: str, name: str, registration: Node, depth: int, none: bool = False) -> bool:
    """Every `holder.name` in the project (other than the registration) runs outside TikTok; with none, the class is
    made only by a computed name (`new igc[facade_name]()` from a table of channels) and runs outside TikTok when its
    name is another platform's (`channel_ad_qq`, `BannerOppo`): the table picks it only there, or when `none` (its
    registration under another store's key says where it runs)."""
    paths = _word_modules(_ROOT[0], name) if _ROOT else [script.path]
    if paths is None:
        return False
    uses = 0
    for path in paths:
        module = _module(_ROOT[0], path) if _ROOT and path != script.path else None
        for other in [script] if path == script.path else module[1]() if module is not None else []:
            for prop in _property_uses(other, name):
                access = prop.parent
                target = access.child_by_field_name("object") if access is not None and access.type == "member_expression" else None
                if target is None or access is None or access.parent is None:
                    continue
                if other.source(target).rsplit(".", 1)[-1] != holder.rsplit(".", 1)[-1]:
                    continue  # another object's member of the name
                if other is script and access.parent == registration.parent:
                    continue  # the registration itself
                if not _outside(other, access, depth):
                    return False
                uses += 1
            if holder in _GLOBAL_HOLDERS and other is not script and not declares(other, name):
                for use in identifier_uses(other, name):  # the global itself, in another script
                    if use.type == "identifier" and not _is_declared_name(use):
                        if not _outside(other, use, depth):
                            return False
                        uses += 1
    return uses > 0 or none or _names_other_platform_class(name)


_NAME_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def _names_other_platform_class(name: str) -> bool:
    """`channel_ad_qq`, `ad_video_oppo_qg`, `BannerQQ`, `VivoSdk`: a word of the name is another platform's."""
    words = [w.lower() for part in name.split("_") for w in _NAME_WORDS.findall(part)]
    return any(other_platform(word) for word in words) or (len(words) > 1 and any(word in _PLATFORM_CODES for word in words))


# A store registry: classes registered under a store's key, one of which is made by the key of the store the game runs
# in (freecocoscreator3, held-out round 33: `@platformMgr.add(EPlatformType.wx) class WxPlatform`, in TypeScript's emit
# `WxPlatform = __decorate([apeng.platformMgr.add(apeng.EPlatformType.wx)], WxPlatform)`, and
# `platformMgr.instanceOnce(EPlatformType[initData.platformType])`). As with a switch over the platform that has a
# TikTok case, a registry that holds a class under TikTok's key makes that one inside TikTok, and its classes under
# other stores' keys (WeChat's too, though TikTok answers to wx) are those stores' adapters.
_STORE_KEYS = frozenset({"wx", "wechat", "weixin", "web", "h5", "browser", "pc", "desktop", "editor", "android", "ios", "native"})
_DECORATE = frozenset({"__decorate", "__decorateClass", "_decorate", "tslib.__decorate", "tslib_1.__decorate"})
_STORE_REGISTERED: dict[tuple[int, int, int], tuple[Script, bool]] = {}


def _store_key(script: Script, node: Node) -> str | None:
    """The key a registration names: a string, an enum member's last part (`EPlatformType.wx`), a property key."""
    node = unwrap(node)
    if node.type == "string":
        return literal_string(script, node)
    if node.type == "member_expression":
        name = dotted_name(node)
        return name.rsplit(".", 1)[-1] if name else None
    if node.type in ("property_identifier", "identifier"):
        return script.source(node)
    return None


def _tiktok_store_key(key: str) -> bool:
    return bool(_TIKTOK_PLATFORM.fullmatch(key)) or _tiktok_family(key)


def _other_store_key(key: str) -> bool:
    return not _tiktok_store_key(key) and (key.lower() in _STORE_KEYS or key.lower() in _PLATFORM_CODES or other_platform(key))


# WeChat's names: a store at run time (a registry's WeChat class is not made inside TikTok, whose own class is), but its
# build is one TikTok runs (TikTok answers to wx; a Cocos or LayaAir WeChat export is a TikTok package), so a build-time
# choice (a module or folder per store, picked by the build) leaves WeChat's as live as ByteDance's (held-out round 42)
_WECHAT_KEYS = frozenset({"wx", "wechat", "weixin", "wechatgame", "wxgame", "wechat-game", "wechat_game"})


def _other_build_key(key: str) -> bool:
    return _other_store_key(key) and key.lower() not in _WECHAT_KEYS


def _registrar(script: Script, call: Node) -> tuple[str, str] | None:
    """`platformMgr.add(EPlatformType.wx)` (a decorator factory given a store's key): the registrar's last two parts
    (`platformMgr.add`) and the key."""
    call = unwrap(call)
    callee = call.child_by_field_name("function") if call.type == "call_expression" else None
    arguments = call.child_by_field_name("arguments") if call.type == "call_expression" else None
    name = dotted_name(callee) if callee is not None and callee.type == "member_expression" else None
    if not name or arguments is None or arguments.named_child_count != 1:
        return None
    key = _store_key(script, arguments.named_children[0])
    return (".".join(name.split(".")[-2:]), key) if key else None


def _store_registrations(script: Script, definition: Node, name: str) -> tuple[list[tuple[str, str]], list[Node]] | None:
    """The registrar calls that register the class (`@platformMgr.add(EPlatformType.wx)` on it, or the same in
    TypeScript's `X = __decorate([...], X)`), and the uses of its name they take; None when another use of the name in
    the module is not a registration, a type, or a namespace's or module's export."""
    found: list[tuple[str, str]] = []
    holders = [definition] + ([definition.parent] if definition.parent is not None and definition.parent.type == "export_statement" else [])
    for holder in holders:
        for decorator in holder.children:
            if decorator.type == "decorator" and decorator.named_child_count:
                registrar = _registrar(script, decorator.named_children[-1])
                if registrar is not None:
                    found.append(registrar)
    taken: list[Node] = []
    for use in identifier_uses(script, name):
        if use.type == "type_identifier" or definition.start_byte <= use.start_byte < definition.end_byte or _is_declared_name(use):
            continue
        parent = use.parent
        if parent is not None and parent.type == "arguments":
            call = parent.parent
            callee = call.child_by_field_name("function") if call is not None else None
            array = parent.named_children[0] if parent.named_child_count == 2 and parent.named_children[1] == use else None
            if callee is not None and script.source(callee) in _DECORATE and array is not None and array.type == "array":
                found += [r for element in array.named_children if (r := _registrar(script, element)) is not None]
                taken.append(use)
                continue
        if parent is not None and parent.type == "assignment_expression" and parent.child_by_field_name("left") == use:
            right = unwrap(parent.child_by_field_name("right") or use)
            callee = right.child_by_field_name("function") if right.type == "call_expression" else None
            if callee is not None and script.source(callee) in _DECORATE:
                continue  # `X = __decorate([...], X)`: the registration, read above from its argument
        if _registration(script, use, name) is not None or _export_alias(script, use) is not None:
            taken.append(use)
            continue
        return None
    return found, taken


def _registered_for_another_store(script: Script, definition: Node, depth: int) -> bool:
    """A class registered only under another store's key (not TikTok's) in a store registry that also holds a class
    under TikTok's key, and not made by name elsewhere inside TikTok."""
    key = (id(script), definition.start_byte, depth)
    known = _STORE_REGISTERED.get(key)
    if known is None:
        known = _STORE_REGISTERED[key] = (script, _another_stores_class(script, definition, depth))
    return known[1]


def _another_stores_class(script: Script, definition: Node, depth: int) -> bool:
    name = _defined_name(script, definition)
    if not name or not _ROOT or not re.fullmatch(r"[\w$]+", name):
        return False
    registrations = _store_registrations(script, definition, name)
    if registrations is None or not registrations[0]:
        return False
    found, taken = registrations
    if not all(_other_store_key(store) for _, store in found):
        return False  # registered under TikTok's key too, or under a key that names no store
    registrars = {registrar for registrar, _ in found}
    if not any(_registers_tiktok(script, registrar) for registrar in registrars):
        return False
    for use in taken:  # `apeng.WxPlatform = WxPlatform`, `export { WxPlatform }`: made by that name nowhere inside TikTok
        holder = _registration(script, use, name)
        if holder is not None and not _registered_uses_outside(script, holder, name, use, depth, none=True):
            return False
        alias = _export_alias(script, use) if holder is None else None
        if alias is not None and _imported_uses_outside(script, alias, depth, definition) is False:
            return False
    exported = _exported_name(script, definition, name) if _in_export(definition) else None
    return exported is None or _imported_uses_outside(script, exported, depth, definition) is not False


def _registers_tiktok(script: Script, registrar: str) -> bool:
    """Some module of the project (this one first) registers a class with `registrar` under TikTok's key."""
    owner, _, method = registrar.rpartition(".")
    pattern = re.compile(
        rb"(?<![\w$])" + re.escape(owner.encode()) + rb"\s*\.\s*" + re.escape(method.encode()) + rb"""\s*\(\s*(?:[\w$]+\s*\.\s*)*['"]?([\w$]+)['"]?\s*\)"""
    )
    if any(_tiktok_store_key(m.group(1).decode()) for m in pattern.finditer(script.data)):
        return True
    paths = _word_modules(_ROOT[0], owner.rsplit(".", 1)[-1])
    for path in paths or ():
        if path == script.path:
            continue
        module = _module(_ROOT[0], path)
        for other in module[1]() if module is not None else ():
            if any(_tiktok_store_key(m.group(1).decode()) for m in pattern.finditer(other.data)):
                note_read(other.path)
                return True
    return False


# What a CommonJS module exports as the module itself (`module.exports = QQManager`): the name _imported_uses_outside
# follows to `const QQManager = require('QQManager')` (Cocos Creator 2's scripts, required by their file name).
MODULE_EXPORTS = "module.exports"


def _export_alias(script: Script, use: Node) -> str | None:
    """The name a use in a local `export { name as alias }` list exports it under (not a re-export from elsewhere),
    "default" for `export default name`, or MODULE_EXPORTS for `module.exports = name` at the module's top level."""
    specifier = use.parent
    if (
        specifier is not None
        and specifier.type == "assignment_expression"
        and specifier.child_by_field_name("right") == use
        and re.sub(r"\s+", "", script.source(specifier.child_by_field_name("left") or use)) == MODULE_EXPORTS
        and specifier.parent is not None
        and specifier.parent.type == "expression_statement"
        and specifier.parent.parent is not None
        and specifier.parent.parent.type == "program"
    ):
        return MODULE_EXPORTS
    if (  # `class BannerQQ {...} export default BannerQQ`: the module's default export
        specifier is not None
        and specifier.type == "export_statement"
        and specifier.child_by_field_name("value") == use
        and specifier.parent is not None
        and specifier.parent.type == "program"
        and any(child.type == "default" for child in specifier.children)
    ):
        return "default"
    if (  # `exports.KSManager = a` (`o.KSManager = a` after `var o = exports`) at the module's top level
        specifier is not None
        and specifier.type == "assignment_expression"
        and specifier.child_by_field_name("right") == use
        and _top_level_statement(specifier)
    ):
        left = specifier.child_by_field_name("left")
        target = re.sub(r"\s+", "", script.source(left)) if left is not None else ""
        named = [name for name, value in script.commonjs_exports() if value == use]
        return named[0] if named and target.endswith("." + named[0]) else None
    if specifier is None or specifier.type != "export_specifier" or specifier.named_children[0] != use:
        return None
    statement = specifier.parent.parent if specifier.parent is not None else None
    if statement is None or statement.child_by_field_name("source") is not None:
        return None
    return script.source(specifier.named_children[-1])


def _top_level_statement(node: Node) -> bool:
    """The expression is a statement of the module's top level, or a part of one's comma sequence."""
    parent = node.parent
    while parent is not None and parent.type in ("sequence_expression", "parenthesized_expression"):
        parent = parent.parent
    return parent is not None and parent.type == "expression_statement" and parent.parent is not None and parent.parent.type == "program"


def _instance_method(script: Script, method: Node) -> str | None:
    """The name of a class's instance method (not a static one, a getter's or the constructor)."""
    name = method.child_by_field_name("name")
    if name is None or any(child.type in ("static", "get", "set") for child in method.children):
        return None
    text = script.source(name)
    return None if text == "constructor" else text


def _runs_not(script: Script, use: Node, definition: Node, method: str | None, depth: int = 0) -> bool:
    """A use of the class that cannot run its instance method `method`: a subclass that defines its own (and never
    calls super's: `class TTPlatform extends WXPlatform { NavigateToApp() {...} }`), or a static member the class
    defines itself that makes no instance (`WXPlatform._WrapShareInfo(info)`)."""
    if method is None:
        return False
    subclass = _subclass_of(use)
    if subclass is not None:
        body = subclass.child_by_field_name("body")
        own = [m for m in (body.named_children if body is not None else ()) if m.type == "method_definition" and _instance_method(script, m) == method]
        return bool(own) and f"super.{method}" not in script.source(subclass)
    parent = use.parent
    if parent is None or parent.type != "member_expression" or parent.child_by_field_name("object") != use:
        return False
    member = parent.child_by_field_name("property")
    name = script.source(member) if member is not None else ""
    return name in _static_members(definition, script, depth)


def _static_calls_outside(script: Script, method: Node, node: Node, depth: int) -> bool:
    """`node` in a static method of a named class (`static showVideo(cb, type, isinit = false)` of `export default
    class Center`) runs only outside TikTok: each call of the method, `this.showVideo(...)` in the class's static
    methods, `Center.showVideo(...)` here and in the modules importing the class (one hop), runs outside TikTok, or
    passes literal true/false flags under which the walk from `node` up to the method is excluded (`init()` calls
    `this.showVideo(null, 1, true)` and `node` is under `if (!isinit)`). Any other mention of the method or of the
    class than a member access (the class passed around, `this.showVideo` not called) gives up."""
    if not any(child.type == "static" for child in method.children):
        return False
    key = method.child_by_field_name("name")
    body = method.parent
    owner = body.parent if body is not None else None
    if key is None or owner is None or owner.type not in ("class_declaration", "class"):
        return False
    name = script.source(key)
    class_name = _defined_name(script, owner)
    parameters = method.child_by_field_name("parameters")
    defaults: list[tuple[str, Node | None]] = []
    for parameter in parameters.named_children if parameters is not None else ():
        pattern = parameter.child_by_field_name("pattern") or parameter.child_by_field_name("left") or parameter
        value = parameter.child_by_field_name("value") or parameter.child_by_field_name("right")
        defaults.append((script.source(pattern) if pattern.type == "identifier" else "", value if value is not parameter else None))
    sites: list[tuple[Script, Node]] = []
    wanted = name.encode()
    start = script.data.find(wanted)
    while start != -1:  # the name's mentions, found in the text (a minified engine file is large)
        member = script.tree.root_node.descendant_for_byte_range(start, start + len(wanted))
        start = script.data.find(wanted, start + 1)
        if member is None or script.source(member) != name or member == key or member.type not in ("property_identifier", "identifier"):
            continue  # part of a longer name, a string, a comment
        if member.type == "identifier":
            return False  # a variable of the same name: not followed
        access = member.parent
        receiver = access.child_by_field_name("object") if access is not None and access.type == "member_expression" else None
        if receiver is None or access is None:
            return False
        this = receiver.type == "this" and owner.start_byte <= access.start_byte < owner.end_byte
        if not this and not (class_name is not None and receiver.type == "identifier" and script.source(receiver) == class_name):
            continue  # another object's member of the same name
        sites.append((script, access))
    if _ROOT and (class_name is not None or _default_export(owner)):
        exported = _export_names(script, owner, class_name or "")
        for importer, static, dynamic in _importers(script) if exported else ():
            locals_ = [local for imported, local in static if imported in exported]
            if dynamic or (not locals_ and any(imported == "*" for imported, _ in static)):
                return False
            for local in locals_:
                for use in _uses(importer, local):
                    access = use.parent
                    if access is None or access.type != "member_expression" or access.child_by_field_name("object") != use:
                        return False  # the class passed around: its calls are not followed
                    prop = access.child_by_field_name("property")
                    if prop is not None and importer.source(prop) == name:
                        sites.append((importer, access))
    if not sites:
        return False
    for module, access in sites:
        call = access.parent
        if call is None or call.type != "call_expression" or call.child_by_field_name("function") != access:
            return False  # `this.showVideo` read, not called
        if module is script and method.start_byte <= call.start_byte < method.end_byte:
            continue  # a call of itself runs only when the method does
        if _outside(module, call, depth):
            continue
        flags = _literal_flags(call, defaults)
        if not flags or not _excluded_by_flags(script, node, method, flags, depth):
            return False
    return True


def _adapter_class(script: Script, owner: Node) -> bool:
    """A class named for another platform (`EyouClientKs`, `QQSdk`, `channel_ad_oppo_qg`) that the project imports:
    its adapter, whose members nothing in the project calls (a vendored client's unused API) are that platform's
    code, not TikTok's."""
    name = _defined_name(script, owner) if owner.type in ("class_declaration", "class") else None
    # only a class the project uses (a module imports or requires it): a vendored client nothing loads is dead code,
    # which counts as live as uncalled code elsewhere does
    return name is not None and _names_other_platform_class(name) and bool(_ROOT) and bool(_importers(script))


def _instance_calls_outside(script: Script, method: Node, node: Node, depth: int) -> bool:
    """`node` in an instance method of a named or default-exported class runs only outside TikTok: each call of the
    method is on a receiver that is provably an instance of the class, and runs outside TikTok or passes literal
    true/false flags under which the walk from `node` up to the method is excluded. Such receivers: `this` in the
    class's own instance methods (arrow functions inside them keep it), a `const x = new C()` whose every use is a
    member access, `new C()` itself, a singleton the class makes itself (`C.instance`, `C.getInstance()`: a static
    member whose text holds `new C(` or `new this(`), and, one import hop away, the module's `export default new C()`
    or `export const x = new C()` and an importer's own `new C()`. Any other mention of the method (on another
    receiver, read not called, destructured, a computed key) or of the class or an instance than these gives up."""
    sites = _class_method_calls(script, method)
    if sites == [] and method.parent is not None and method.parent.parent is not None and _adapter_class(script, method.parent.parent):
        return True  # an uncalled method of another platform's adapter (`QQSdk.postMessage`)
    if not sites:
        return False
    defaults = _parameter_defaults(script, method)
    for module, call in sites:
        if module is script and method.start_byte <= call.start_byte < method.end_byte:
            continue  # a call of itself runs only when the method does
        if _outside(module, call, depth):
            continue
        if depth > 0 and _on_unset_singleton(module, call, depth - 1):
            continue  # `WXAdMgr.instance.subscribe()` where the singleton is never made inside TikTok: it throws first
        flags = _literal_flags(call, defaults)
        if not flags or not _excluded_by_flags(script, node, method, flags, depth):
            return False
    return True


def _class_method_calls(script: Script, method: Node) -> list[tuple[Script, Node]] | None:
    """The calls of an instance method of a named or default-exported class, on receivers provably its instances
    (_instance_calls_outside says which), here and one import hop away, and the places an instance is handed to
    another name; None when any mention is not followed."""
    name = _instance_method(script, method)
    body = method.parent
    owner = body.parent if body is not None else None
    if name is None or owner is None:
        return None
    return _member_calls(script, name, owner)


def _instance_member(script: Script, function: Node) -> tuple[str, Node] | None:
    """The instance member a function is (its name and class): a non-static class field's value, or `this.x = ...` /
    `this['x'] = ...` in the class's constructor (not inside a nested function of it)."""
    holder = function.parent
    while holder is not None and holder.type == "parenthesized_expression":
        holder = holder.parent
    if holder is None:
        return None
    if holder.type in ("public_field_definition", "field_definition") and holder.child_by_field_name("value") == function:
        key = holder.child_by_field_name("name") or holder.child_by_field_name("property")
        body = holder.parent
        if key is None or any(c.type == "static" for c in holder.children) or body is None or body.type != "class_body" or body.parent is None:
            return None
        return script.source(key), body.parent
    if holder.type != "assignment_expression" or holder.child_by_field_name("right") != function:
        return None
    left = holder.child_by_field_name("left")
    target = left.child_by_field_name("object") if left is not None and left.type in ("member_expression", "subscript_expression") else None
    if left is None or target is None or target.type != "this":
        return None
    if left.type == "member_expression":
        name = script.source(left.child_by_field_name("property") or left)
    else:
        name = literal_string(script, unwrap(left.child_by_field_name("index") or left)) or ""
    constructor = _enclosing(holder, FUNCTION_TYPES | {"method_definition"})
    while constructor is not None and constructor.type == "arrow_function":
        constructor = _enclosing(constructor, FUNCTION_TYPES | {"method_definition"})
    key = constructor.child_by_field_name("name") if constructor is not None and constructor.type == "method_definition" else None
    body = constructor.parent if constructor is not None else None
    if key is None or script.source(key) != "constructor" or body is None or body.type != "class_body" or body.parent is None or not name:
        return None
    return name, body.parent


def _member_calls(script: Script, name: str, owner: Node) -> list[tuple[Script, Node]] | None:
    """_class_method_calls for the instance member `name` of the class `owner` (a method, or a function a field or
    the constructor gives the instance)."""
    if owner.type not in ("class_declaration", "class") or not re.fullmatch(r"[\w$]+", name):
        return None
    class_name = _defined_name(script, owner)
    exported = _default_export(owner) or (class_name is not None and _in_export(owner))
    if class_name is None and not exported:
        return None
    singletons = _singletons(script, owner, class_name)
    sites: list[tuple[Script, Node]] = []
    local = _instance_sites(script, name, class_name, singletons, owner, home=script.path)
    if local is None:
        return None
    sites.extend((script, access) for access in local[0])
    escapes = [(script, node) for node in local[2]]
    if exported or local[1]:
        if not _ROOT:
            return None
        default = _default_export(owner) or "default" in _export_names(script, owner, class_name or "")
        for importer, static, dynamic in _importers(script):
            # `const EyouClientKs = require('EyouClientKs')` (Cocos Creator 2: the module's one class, as its default)
            required = {_required_as(importer, node) for node in dynamic}
            if (dynamic and (None in required or not default)) or any(imported == "*" for imported, _ in static):
                return None
            classes = {alias for imported, alias in static if exported and imported == _exported_name(script, owner, class_name or "")}
            classes |= {alias for alias in required if alias is not None}
            instances = {alias for imported, alias in static if imported in local[1]}
            if not classes and not instances:
                continue
            found = _instance_sites(importer, name, None, singletons, None, classes, instances, home=script.path)
            if found is None:
                return None
            sites.extend((importer, access) for access in found[0])
            escapes.extend((importer, node) for node in found[2])
    calls = _calls_of(sites)
    return None if calls is None else calls + escapes  # an instance handed on counts as a call where it is handed


def _calls_of(accesses: list[tuple[Script, Node]]) -> list[tuple[Script, Node]] | None:
    """The calls whose callees these member accesses are; None when one is read, not called (`this.play` passed on)."""
    calls = []
    for module, access in accesses:
        call = access.parent
        if call is None or call.type != "call_expression" or call.child_by_field_name("function") != access:
            return None
        calls.append((module, call))
    return calls


def _object_method_calls(script: Script, method: Node) -> list[tuple[Script, Node]] | None:
    """The calls of a method of an object literal (`let Api = { show() {...}, make: function () {...} }`): `this.show()`
    in the object's own methods (arrow functions inside them keep `this`) and `Api.show()` with Api bound once. With
    the project's root only, and only when no other project module mentions the name (a module that requires the
    object may call it: not followed); None when anything is unclear (another receiver, read not called, a key)."""
    holder = method.parent if method.type == "method_definition" else method.parent.parent if method.parent is not None else None
    if method.type == "function_expression" and (method.parent is None or method.parent.type != "pair"):
        return None
    key = method.child_by_field_name("name") if method.type == "method_definition" else method.parent.child_by_field_name("key")  # type: ignore[union-attr]
    if holder is None or holder.type != "object" or key is None or key.type != "property_identifier" or not _ROOT:
        return None
    if method.type == "method_definition" and any(child.type in ("get", "set", "static") for child in method.children):
        return None
    name = script.source(key)
    bound = _defined_name(script, holder)
    if bound is not None and not _const_values(script, bound):
        bound = None  # declared more than once, or given another value later
    if _mentioned_elsewhere(script, name):
        return None
    accesses: list[tuple[Script, Node]] = []
    wanted = name.encode()
    start = script.data.find(wanted)
    while start != -1:  # the name's mentions, found in the text
        member = script.tree.root_node.descendant_for_byte_range(start, start + len(wanted))
        start = script.data.find(wanted, start + 1)
        if member is None or script.source(member) != name or member == key:
            continue
        if member.type in ("identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern", "string_fragment"):
            return None  # a variable, `{ show } = Api`, `Api['show']`: not followed
        access = member.parent
        if member.type != "property_identifier" or access is None or access.type != "member_expression":
            if member.type == "property_identifier":
                return None  # another object's key of the same name
            continue  # a comment
        receiver = unwrap(access.child_by_field_name("object") or access)
        own = receiver.type == "this" and _this_object(receiver) == holder
        own = own or (receiver.type == "identifier" and _this_alias(script, receiver) == holder)  # `var _this = this; ... _this.wxLogin()`
        if not own and not (bound is not None and receiver.type == "identifier" and script.source(receiver) == bound):
            if _api_read(script, receiver):
                continue  # the API of the name the method wraps (`createBannerAd() { tt.createBannerAd(...) }`), or its check
            if receiver.type == "member_expression" and _more_arguments(script, access, method):
                continue  # `_this.context.api.qqLogin(cc, appID, code, done)` for `qqLogin() {...}`: another object's function
            return None
        accesses.append((script, access))
    return _calls_of(accesses)


def _this_alias(script: Script, receiver: Node) -> Node | None:
    """The object literal whose `this` a name holds (`var _this = this` before it in one of its methods, not assigned again)."""
    values = _declared_in_scope(script, receiver)
    value = unwrap(values[0]) if len(values) == 1 else None
    return _this_object(value) if value is not None and value.type == "this" else None


def _more_arguments(script: Script, access: Node, method: Node) -> bool:
    """The call passes more arguments than the method takes (none of them a rest parameter, and `arguments` unread): it
    calls another object's function of the name."""
    call = access.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != access:
        return False
    arguments = call.child_by_field_name("arguments")
    given = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
    parameters = method.child_by_field_name("parameters")
    taken = [p for p in parameters.named_children if p.type != "comment"] if parameters is not None else []
    if any(p.type == "rest_pattern" or script.source(p).startswith("...") for p in taken) or re.search(
        rb"\barguments\b", script.data[method.start_byte : method.end_byte]
    ):
        return False
    return len(given) > len(taken)


def _this_object(receiver: Node) -> Node | None:
    """The object literal whose method `this` is in (through arrow functions only)."""
    function = receiver.parent
    while function is not None and (function.type not in FUNCTION_TYPES or function.type == "arrow_function"):
        function = function.parent
    if function is None:
        return None
    if function.type == "method_definition":
        return function.parent if function.parent is not None and function.parent.type == "object" else None
    pair = function.parent
    return pair.parent if function.type == "function_expression" and pair is not None and pair.type == "pair" else None


_NAMESPACE_MEMBERS: dict[str, tuple[int, frozenset[str]]] = {}
_DEFINED_ON = re.compile(
    r"""Object\s*\.\s*defineProperty\s*\(\s*(?:(?:window|globalThis|GameGlobal)\s*\.\s*)?(tt|wx)\s*,\s*(?:["']([A-Za-z_$][\w$]*)["']|[A-Za-z_$][\w$]*\s*,)"""
)
_NAME_ARRAY = re.compile(r"""\[\s*["'][A-Za-z_$][\w$]*["'](?:\s*,\s*["'][A-Za-z_$][\w$]*["']){1,40}\s*\]""")
_OWN_NAMESPACE = re.compile(r"(?<![\w$.])(?:let|var|const)[ \t]+(tt|wx)\b[ \t]*(?:=(?!=)[ \t]*([^;\r\n]{0,80}))?")
_GLOBAL_READ = re.compile(r"""(?:window|globalThis|GameGlobal|self)\s*(?:\.\s*(?:tt|wx)|\[\s*['"](?:tt|wx)['"]\s*\])|tt|wx""")
# `tt.x =`, `wx["x"] =`: the match starts at the namespace's name, so the regex engine skips to each t or w; what may
# stand before it is checked apart (_member_sets): not a name's character or a dot, unless the dot is the global
# object's (`window.tt.x =`). A lookbehind and optional prefix in front made the scan try every position: 8x slower.
_MEMBER_SET = re.compile(r"(?:tt|wx)\s*(?:\.\s*([A-Za-z_$][\w$]*)|\[\s*['\"]([A-Za-z_$][\w$]*)['\"]\s*\])\s*=(?![=>])")
_GLOBAL_DOT = re.compile(r"(?<![\w$.])(?:window|globalThis|GameGlobal)\s*\.\s*\Z")
_NAME_CHAR = re.compile(r"[\w$]")


def _member_sets(text: str) -> Iterator[tuple[str, str]]:
    """Each member the text sets on tt/wx (`tt.helper = ...`, `window.wx["uma"] = ...`): its name and the namespace's."""
    for match in _MEMBER_SET.finditer(text):
        start = match.start()
        before = text[start - 1] if start else ""
        if before == "." and _GLOBAL_DOT.search(text, max(0, start - 40), start) is None:
            continue  # another object's member (`sdk.tt.x = ...`)
        if before and _NAME_CHAR.match(before):
            continue  # the end of a longer name (`watt.x = ...`)
        yield match.group(1) or match.group(2), match.group(0)[:2]


def namespace_members(root: str) -> frozenset[str]:
    """The members the project's own code puts on the games namespace (`wx.uma = qe` in a vendored analytics SDK,
    `tt.helper = function () {...}`): calls through them (`wx.uma.trackEvent()`) are the game's, not the SDK's. Read
    once a lint run, from the project's modules."""
    note_project_wide()
    import os

    cached = _NAMESPACE_MEMBERS.get(root)
    if cached is not None and cached[0] == run_generation():
        return cached[1]
    found: set[str] = set()
    for path in _project_modules(root):
        text = read_regular_text(os.path.join(root, path), 1 << 20, partial=True)  # a regular file only (a FIFO named *.js blocks)
        if text is not None and ("tt" in text or "wx" in text):
            # a module with a `wx` of its own (`let wx = window.igsgame`, `let wx = {}` in another target's build
            # template) sets members on that object, not on the namespace
            declared = any(f"{kind}{gap}{name}" in text for kind in ("let", "var", "const") for gap in (" ", "\t") for name in ("wx", "tt"))
            own = (
                {m.group(1) for m in _OWN_NAMESPACE.finditer(text) if not _GLOBAL_READ.fullmatch((m.group(2) or "").strip())} if declared else set()
            )  # (the regex only where a substring search finds such a declaration: it scans slowly, with no literal to skip to)
            found.update(member for member, namespace in _member_sets(text) if namespace not in own)
            for match in _DEFINED_ON.finditer(text) if "defineProperty" in text else ():
                if match.group(1) in own:
                    continue
                if match.group(2):  # `Object.defineProperty(wx, "aldSendEvent", ...)`
                    found.add(match.group(2))
                else:
                    # `Object.defineProperty(wx, e, {...})` in a loop over `T = ["aldSendEvent", ...]` (the Aladin
                    # analytics SDK): the names of the module's arrays of names
                    for array in _NAME_ARRAY.finditer(text):
                        found.update(re.findall(r"""["']([A-Za-z_$][\w$]*)["']""", array.group(0)))
    if len(_NAMESPACE_MEMBERS) > 16:
        _NAMESPACE_MEMBERS.clear()
    _NAMESPACE_MEMBERS[root] = (run_generation(), frozenset(found))
    return _NAMESPACE_MEMBERS[root][1]


_WORDS: dict[str, tuple[int, tuple[dict[str, int], dict[str, list[str]]]]] = {}
_WORD = re.compile(r"[A-Za-z_$][\w$]*")


def _word_pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"{re.escape(name)}(?![\w$])")  # what precedes it: matches_as_word


def _mentioned_elsewhere(script: Script, name: str) -> bool:
    """Does another project module mention the name (in its first MB)? The project's words are counted once per lint
    run (in how many modules each appears), not read again for each name."""
    root = _ROOT[0]
    counts = _word_counts(root)
    own = 1 if script.path in _project_modules(root) and matches_as_word(_word_pattern(name), script.text) else 0
    return counts.get(name, 0) > own


_FEW = 12  # a word in at most this many modules has them listed (_word_modules)


def _word_counts(root: str) -> dict[str, int]:
    return _word_index(root)[0]


def _word_modules(root: str, word: str) -> list[str] | None:
    """The project modules that mention `word`, or None when more than _FEW do."""
    counts, where = _word_index(root)
    return where.get(word, []) if counts.get(word, 0) <= _FEW else None


def _word_index(root: str) -> tuple[dict[str, int], dict[str, list[str]]]:
    """In how many of the project's modules each word appears, and which they are for a word in few of them; once a
    lint run."""
    note_project_wide()
    import os

    cached = _WORDS.get(root)
    if cached is not None and cached[0] == run_generation():
        return cached[1]
    counts: dict[str, int] = {}
    where: dict[str, list[str]] = {}
    tiktok: dict[str, list[str]] = {}
    for path in _project_modules(root):
        text_read = read_regular_text(os.path.join(root, path), 1 << 20, partial=True)  # a regular file only (a FIFO named *.js blocks)
        if text_read is None:
            continue
        words = set(_WORD.findall(text_read))
        if _TIKTOK_WORD.search(text_read):  # once a module, not once a word: most modules name no TikTok
            for word in words:
                if _TIKTOK_WORD.search(word):
                    tiktok.setdefault(word, []).append(path)
        for word in words:
            count = counts[word] = counts.get(word, 0) + 1
            if count <= _FEW:
                where.setdefault(word, []).append(path)
            elif count == _FEW + 1:
                where.pop(word, None)
    if len(_WORDS) > 4:
        _WORDS.clear()
    _WORDS[root] = (run_generation(), (counts, where))
    _TIKTOK_WORDS[root] = tiktok
    return counts, where


_TIKTOK_WORDS: dict[str, dict[str, list[str]]] = {}


def _tiktok_modules(root: str) -> dict[str, list[str]]:
    """The project's modules by each word in them that may name TikTok (_TIKTOK_WORD), however many they are."""
    _word_index(root)
    return _TIKTOK_WORDS.get(root, {})


def _parameter_defaults(script: Script, method: Node) -> list[tuple[str, Node | None]]:
    """A method's parameters in order: each plain name (else "") and its default value's node, if any."""
    parameters = method.child_by_field_name("parameters")
    defaults: list[tuple[str, Node | None]] = []
    for parameter in parameters.named_children if parameters is not None else ():
        pattern = parameter.child_by_field_name("pattern") or parameter.child_by_field_name("left") or parameter
        value = parameter.child_by_field_name("value") or parameter.child_by_field_name("right")
        defaults.append((script.source(pattern) if pattern.type == "identifier" else "", value if value is not parameter else None))
    return defaults


def _literal_flags(call: Node, defaults: list[tuple[str, Node | None]]) -> dict[str, bool]:
    """The parameters a call gives literal true/false (passed, or by default)."""
    arguments = call.child_by_field_name("arguments")
    given = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
    flags: dict[str, bool] = {}
    for index, (flag, default) in enumerate(defaults):
        passed = given[index] if index < len(given) else default
        if flag and passed is not None and passed.type in ("true", "false"):
            flags[flag] = passed.type == "true"
    return flags


def _singletons(script: Script, owner: Node, class_name: str | None) -> frozenset[str]:
    """The class's static members that hand out its own instance (`static instance = new C()`, `static get inst()`,
    `static getInstance() { return this._i || (this._i = new C()) }`): their text makes one, with `new C(` or `new this(`."""
    body = owner.child_by_field_name("body")
    made = re.compile(rf"\bnew\s+(?:this|{re.escape(class_name)})\s*\(" if class_name else r"\bnew\s+this\s*\(")
    found = set()
    for member in body.named_children if body is not None else ():
        if member.type in ("method_definition", "field_definition", "public_field_definition") and any(c.type == "static" for c in member.children):
            key = member.child_by_field_name("name") or member.child_by_field_name("property")
            if key is not None and made.search(script.source(member)):
                found.add(_key_name(script, key))
    # a static field the class's own code gives only its instance (`static instance: C = null`, then `this.instance =
    # new C()` in getInstance, `C.instance = this` in init): it hands out the instance too
    text = script.source(body) if body is not None else ""
    holder = rf"(?:this|{re.escape(class_name)})" if class_name else "this"
    for member in body.named_children if body is not None else ():
        if member.type in ("field_definition", "public_field_definition") and any(c.type == "static" for c in member.children):
            key = member.child_by_field_name("property") or member.child_by_field_name("name")
            value = member.child_by_field_name("value")
            if key is None or key.type != "property_identifier" or (value is not None and script.source(unwrap(value)) not in _EMPTY_VALUES):
                continue
            field = re.escape(script.source(key))
            given = re.findall(rf"(?<![\w$]){holder}\s*\.\s*{field}\s*=(?![=>])\s*([^;\n]{{0,80}})", text)
            if given and all(re.match(rf"(?:new\s+{holder}\s*\(|this\s*(?:;|$))", value.strip()) or value.strip() in _EMPTY_VALUES for value in given):
                found.add(script.source(key))
    return frozenset(found)


def _key_name(script: Script, key: Node) -> str:
    """A class member's name: `getIns`, or the string of a computed one (`static ['getIns']()`, an obfuscator's)."""
    if key.type == "computed_property_name" and key.named_child_count == 1:
        text = literal_string(script, unwrap(key.named_children[0]))
        if text is not None:
            return text
    return script.source(key)


def _this_instance(receiver: Node, owner: Node) -> bool:
    """`this` that is an instance of `owner`: inside one of its non-static methods, through arrow functions only."""
    function = receiver.parent
    while function is not None and function.type not in FUNCTION_TYPES:
        function = function.parent
    while function is not None and function.type == "arrow_function":
        function = function.parent
        while function is not None and function.type not in FUNCTION_TYPES and function.type not in ("field_definition", "public_field_definition"):
            function = function.parent
    if function is None or function.type != "method_definition" or any(c.type == "static" for c in function.children):
        return False
    return function.parent is not None and function.parent.parent == owner


def _instance_sites(
    module: Script,
    name: str,
    class_name: str | None,
    singletons: frozenset[str],
    owner: Node | None,
    classes: set[str] | frozenset[str] = frozenset(),
    instances: set[str] | frozenset[str] = frozenset(),
    home: str | None = None,
) -> tuple[list[Node], list[str], list[Node]] | None:
    """In one module: the member accesses `<receiver>.name` whose receiver is provably an instance of the class (named
    `class_name` here, or imported as `classes`; imported instances `instances`), the names it exports instances
    under, and where an instance is handed to another name (`sdk = qqsdk`, `let sdk = qqsdk`: the method may run
    wherever that runs); None when anything is unclear (a mention of `name` on another receiver, the class or an
    instance passed around otherwise)."""
    classes = set(classes) | ({class_name} if class_name else set())
    instance_names = set(instances)
    exported: list[str] = []
    for class_local in classes:  # every use of the class: `new C()` kept in a const or used at once, `C.member`
        for use in _uses(module, class_local):
            if owner is not None and owner.start_byte <= use.start_byte < owner.end_byte:
                continue  # the class's own body (its singleton's `new C()`, its static members)
            parent = use.parent
            if parent is not None and parent.type == "member_expression" and parent.child_by_field_name("object") == use:
                continue  # `C.instance`, `C.staticHelper()`: a receiver is judged where the method is named
            if parent is None or parent.type != "new_expression" or parent.child_by_field_name("constructor") != use:
                return None  # the class passed around, extended, compared
            holder = parent.parent
            if holder is not None and holder.type == "member_expression" and holder.child_by_field_name("object") == parent:
                continue  # `new C().play()`
            if holder is not None and holder.type == "variable_declarator" and holder.child_by_field_name("value") == parent:
                declared = holder.child_by_field_name("name")
                statement = holder.parent
                if declared is None or declared.type != "identifier" or statement is None:
                    return None
                if module.source(statement).split(None, 1)[0] != "const" and not _const_values(module, module.source(declared)):
                    return None  # `let x = new C()` assigned again, or declared twice
                instance_names.add(module.source(declared))
                if _in_export(holder):
                    exported.append(module.source(declared))
                continue
            if holder is not None and holder.type == "export_statement" and any(child.type == "default" for child in holder.children):
                exported.append("default")  # `export default new C()`
                continue
            return None  # an instance kept where it is not followed (`this.ad = new C()`, an argument)
    escapes: list[Node] = []
    for instance in instance_names:  # an instance's every use is a member access, or its handing to another name
        for use in _uses(module, instance):
            parent = use.parent
            if _export_alias(module, use) is not None:
                return None
            if parent is not None and (
                (parent.type == "assignment_expression" and parent.child_by_field_name("right") == use)
                or (parent.type == "variable_declarator" and parent.child_by_field_name("value") == use)
            ):
                escapes.append(parent)  # `if (window.qq) { sdk = qqsdk; }`
                continue
            if parent is None or parent.type != "member_expression" or parent.child_by_field_name("object") != use:
                return None
    targets = [escape.child_by_field_name("left") or escape.child_by_field_name("name") for escape in escapes]
    if any(target is None or target.type != "identifier" for target in targets):
        return None  # handed to a member (`this.sdk = qqsdk`), a pattern: not followed
    handed = {module.source(target) for target in targets if target is not None}
    sites: list[Node] = []
    wanted = name.encode()
    start = module.data.find(wanted)
    while start != -1:  # the method's mentions, found in the text
        member = module.tree.root_node.descendant_for_byte_range(start, start + len(wanted))
        start = module.data.find(wanted, start + 1)
        if member is None or module.source(member) != name:
            continue  # part of a longer name
        if member.type in ("identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"):
            return None  # a variable, or `{ play } = x`: not followed
        if member.type == "string_fragment":
            container = member.parent.parent if member.parent is not None else None
            if container is not None and container.type == "subscript_expression":
                target = container.child_by_field_name("object")
                given = container.parent
                if (
                    target is not None
                    and target.type == "this"
                    and given is not None
                    and given.type == "assignment_expression"
                    and given.child_by_field_name("left") == container
                ):
                    continue  # `this['play'] = () => {...}`: its definition, not a call
                if (
                    target is not None
                    and target.type == "identifier"
                    and (
                        _holds_api_result(module, target)
                        or _api_read(module, target)
                        or (module.source(target) in OTHER_GLOBALS and not declares(module, module.source(target)))
                    )
                ):
                    continue  # `p['publishVideo'](...)` with `p = ks['getGameRecorder']()`, `ks['addShortcut']`: the platform's
                if target is None or not _an_instance(module, target, owner, classes, instance_names, singletons):
                    return None  # `x['play']()`
                sites.append(container)
            continue
        access = member.parent
        if member.type != "property_identifier" or access is None or access.type != "member_expression":
            continue  # a definition (a method or a key of its own), a comment
        receiver = access.child_by_field_name("object")
        if receiver is None:
            return None
        if receiver.type == "identifier" and module.source(receiver) in handed:
            continue  # `sdk.openShare(...)` with `sdk = qqsdk` one of its values: the handing is where it is judged
        if receiver.type == "identifier" and (
            _api_read(module, receiver) or (module.source(receiver) in OTHER_GLOBALS and not declares(module, module.source(receiver)))
        ):
            continue  # `qq.login(...)` inside the wrapper: the platform's API of the name
        if receiver.type == "identifier" and _holds_api_result(module, receiver):
            continue  # `recorder.start()` with `recorder = tt.getGameRecorderManager()`: the platform's object
        if receiver.type == "call_expression" and _API_RESULT.match(module.source(receiver)):
            continue  # `qq.getOpenDataContext().postMessage(req)`: what the platform's API returned
        if _other_component(module, receiver, class_name or (next(iter(classes)) if classes else None)):
            continue  # `obj.getComponent("GoodsItem").init(data)`: a Cocos component of another name
        root = _chain_root(receiver)
        if home is not None and root is not None and _imported_from_elsewhere(module, module.source(root), home):
            continue  # `wxsdk.login()`, `Tiktok.getIns().login()`: imported from another module of the project, another class's
        if not _an_instance(module, receiver, owner, classes, instance_names, singletons):
            if receiver.type == "this" and _another_class_this(module, receiver, owner, classes):
                continue  # `this.init()` in another class (AdMgr's own init): that class's member
            if _another_class_field(module, receiver, owner, classes):
                continue  # `this.heroScript.init(...)` in another class that never gives the field the class's instance
            if receiver.type == "identifier" and _unrelated_local(module, receiver, classes | instance_names):
                continue  # `let skillp = node.getComponent(SkillProgress); skillp.init()`: a local given something else
            return None
        sites.append(access)
    return sites, exported, escapes


def _another_class_field(module: Script, receiver: Node, owner: Node | None, classes: set[str]) -> bool:
    """`this.field` in another class (_another_class_this) whose module never gives that field anything naming the class
    (`this.field = QQAdMgr.instance`): the other class's own object."""
    node = unwrap(receiver)
    target: Node | None = None
    prop: Node | None = None
    while node.type in ("member_expression", "subscript_expression", "call_expression"):  # `this.arr[i]`, `this.a.b()`
        inner = node.child_by_field_name("function") if node.type == "call_expression" else node.child_by_field_name("object")
        if inner is None:
            return False
        inner = unwrap(inner)
        if inner.type == "this":
            target, prop = inner, node.child_by_field_name("property") if node.type == "member_expression" else None
            break
        node = inner
    if target is None or prop is None or not _another_class_this(module, target, owner, classes):
        return False
    given = re.findall(rb"this\s*\.\s*" + re.escape(module.source(prop).encode()) + rb"\s*=(?![=>])\s*([^;\n]{0,120})", module.data)
    return not any(re.search(rb"(?<![\w$])" + re.escape(c.encode()) + rb"(?![\w$])", value) for value in given for c in classes)


def _unrelated_local(module: Script, use: Node, names: set[str]) -> bool:
    """A local whose one declaration in scope gives it a value naming none of `names` (the class, its instances), and that
    is not assigned again there: not the class's instance."""
    values = _declared_in_scope(module, use)
    if len(values) != 1:
        return False
    text = module.source(values[0])
    return not any(re.search(rf"(?<![\w$]){re.escape(n)}(?![\w$])", text) for n in names)


def _another_class_this(module: Script, this: Node, owner: Node | None, classes: set[str]) -> bool:
    """`this` inside a method of a class that is neither the class asked about nor one extending it (by name)."""
    at = this.parent
    while at is not None and at.type not in ("class_declaration", "class"):
        if at.type in ("function_declaration", "function_expression", "function", "generator_function_declaration"):
            return False  # a function's own `this`: not followed
        at = at.parent
    if at is None or at == owner:
        return False
    name = _defined_name(module, at)
    heritage = next((child for child in at.children if child.type == "class_heritage"), None)
    extended = module.source(heritage) if heritage is not None else ""
    return name is not None and name not in classes and not any(re.search(rf"(?<![\w$]){re.escape(c)}(?![\w$])", extended) for c in classes)


_API_RESULT = re.compile(
    r"""^(?:(?:window|globalThis|GameGlobal)\s*(?:\.\s*|\[\s*["']))?(?:tt|wx|qq|ks|swan|my|qg|jd|hbs|uc)["']?\]?\s*(?:\.\s*[A-Za-z_$][\w$]*|\[\s*["'][A-Za-z_$][\w$]*["']\s*\])\s*\("""
)


_COMPONENT_LOOKUP = frozenset({"getComponent", "getComponentInChildren", "addComponent"})


def _other_component(module: Script, receiver: Node, class_name: str | None) -> bool:
    """`node.getComponent("GoodsItem")`, `node.getComponent(Director)`: Cocos's component of that name (a script's file
    name) or class, not the class asked about."""
    receiver = unwrap(receiver)
    callee = receiver.child_by_field_name("function") if receiver.type == "call_expression" else None
    arguments = receiver.child_by_field_name("arguments")
    if callee is None or callee.type != "member_expression" or module.source(callee.child_by_field_name("property") or callee) not in _COMPONENT_LOOKUP:
        return False
    given = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
    first = unwrap(given[0]) if given else None
    # `getComponent("GoodsItem")`, or the class itself, `getComponent(Director)`
    name = (module.source(first) if first.type == "identifier" else literal_string(module, first)) if first is not None else None
    return name is not None and class_name is not None and name != class_name


def _holds_api_result(module: Script, name: Node) -> bool:
    """Every value the script gives the name (besides null) is what a platform's API returns (`p =
    ks['getGameRecorder']()`, `const recorder = tt.getGameRecorderManager()`): the platform's object, no class's
    instance."""
    text = module.source(name)
    sets = re.findall(rb"(?<![\w$.])" + re.escape(text).encode() + rb"\s*=(?![=>])\s*([^;,\r\n]{1,120})", module.data)
    made = [value.decode("utf-8", "replace").strip() for value in sets]
    made = [value for value in made if value not in ("null", "undefined", "void 0")]  # `let p = null;` before it is given one
    return bool(made) and all(_API_RESULT.match(value) for value in made)


def _chain_root(node: Node) -> Node | None:
    """The identifier a member/call chain starts from (`a` in `a.getIns().b`), or None."""
    node = unwrap(node)
    while node.type in ("member_expression", "call_expression", "subscript_expression"):
        inner = node.child_by_field_name("object") if node.type != "call_expression" else node.child_by_field_name("function")
        if inner is None:
            return None
        node = unwrap(inner)
    return node if node.type == "identifier" else None


def _imported_from_elsewhere(module: Script, local: str, home: str) -> bool:
    """`local` is bound by an import of another project module than `home` (the class's own): it names that module's
    export, which is not an instance of the class unless that module hands one on (it does not import `home`)."""
    if not _ROOT:
        return False
    defined = _imported(module, local, None)
    if len(defined) == 1 and defined[0][0].path != home:
        other_module, node = defined[0]
        node = unwrap(node)
        if node.type in ("class_declaration", "class", "abstract_class_declaration"):
            return True  # `Platform.login()`: another class's static method
        value = unwrap(node.child_by_field_name("value") or node) if node.type == "variable_declarator" else node
        made = value.child_by_field_name("constructor") if value.type == "new_expression" else None
        if made is not None and made.type == "identifier" and not any(other_module.source(made) == local for _, _, local in other_module.imported_names()):
            return True  # `export let wxsdk = new WxSdk()` of a class of its own
    files = _Files(_ROOT[0])
    for spec, _, bound in module.imported_names():
        if bound != local:
            continue
        path = resolve_import(files, module.path, spec) or (resolve_require(files, module.path, spec) if not spec.startswith(".") else None)
        if path is None or path == home:
            return False
        other = _module(_ROOT[0], path)
        stem = home.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return other is not None and stem not in other[0]
    return False


def _an_instance(module: Script, receiver: Node, owner: Node | None, classes: set[str], instances: set[str], singletons: frozenset[str]) -> bool:
    receiver = unwrap(receiver)
    if receiver.type == "this":
        return owner is not None and _this_instance(receiver, owner)
    if receiver.type == "identifier":
        if module.source(receiver) in instances:
            return True
        values = _declared_in_scope(module, receiver) if owner is not None else []
        held = unwrap(values[0]) if len(values) == 1 else None
        return held is not None and held.type == "this" and owner is not None and _this_instance(held, owner)  # `const self = this`
    if receiver.type == "new_expression":
        constructor = receiver.child_by_field_name("constructor")
        return constructor is not None and constructor.type == "identifier" and module.source(constructor) in classes
    if receiver.type == "call_expression" and not (receiver.child_by_field_name("arguments") or receiver).named_children:
        receiver = receiver.child_by_field_name("function") or receiver  # `C.getInstance()`
    if receiver.type == "member_expression":
        target = receiver.child_by_field_name("object")
        member = receiver.child_by_field_name("property")
        if target is None or member is None or target.type != "identifier":
            return False
        return module.source(target) in classes and module.source(member) in singletons
    return False


def _excluded_by_flags(script: Script, node: Node, method: Node, flags: dict[str, bool], depth: int) -> bool:
    """The walk from `node` up to `method` is excluded when its parameters have these values (and inside TikTok)."""

    def value(condition: Node) -> bool | None:
        bare = unwrap(condition)
        if bare.type == "identifier" and script.source(bare) in flags:
            return flags[script.source(bare)]
        if bare.type == "unary_expression" and _operator(bare) == "!":
            argument = bare.child_by_field_name("argument")
            known = value(argument) if argument is not None else None
            return None if known is None else not known
        if bare.type == "binary_expression" and _operator(bare) in ("&&", "||"):
            left, right = bare.child_by_field_name("left"), bare.child_by_field_name("right")
            if left is not None and right is not None:
                return kleene(_operator(bare) or "", value(left), value(right))
        return in_tiktok(script, condition, depth)

    def stop(parent: Node, child: Node) -> bool:
        if parent == method:
            raise _PastMethod
        return False

    try:
        return guarded_walk(script, node, value, stop)
    except _PastMethod:
        return False


class _PastMethod(Exception):
    """The flag walk reached its method: no condition on the way excluded the node."""


def _static_members(definition: Node, script: Script, depth: int = 0) -> set[str]:
    """The static methods and fields a class defines that make no instance: no `new` in them, or (with `depth` left) every `new`
    of the class in them runs outside TikTok (`static CreateView(...) { if (platform != Oppo && platform != Vivo) return
    null; return new View_NativeBanner(...) }`)."""
    body = definition.child_by_field_name("body")
    found = set()
    own = _defined_name(script, definition)
    for member in body.named_children if body is not None and definition.type in ("class_declaration", "class") else ():
        if member.type in ("field_definition", "public_field_definition") and any(child.type == "static" for child in member.children):
            key = member.child_by_field_name("property") or member.child_by_field_name("name")
            own_type = own is not None and re.search(rf"(?<![\w$]){re.escape(own)}(?![\w$])", script.source(member)) is not None
            if key is not None and "new " not in script.source(member) and not own_type:
                found.add(script.source(key))  # `static _cacheNativeAd: any`: reading it makes no instance (`static instance: C` hands one out)
            continue
        if member.type == "method_definition" and any(child.type == "static" for child in member.children):
            name = member.child_by_field_name("name")
            if name is None:
                continue
            if "new " not in script.source(member) or (own is not None and depth > 0 and _constructs_only_outside(script, member, own, depth - 1)):
                found.add(script.source(name))
    return found


def _made_only_outside(script: Script, definition: Node, depth: int) -> bool:
    """The class makes its instances in static methods of its own (a factory, a singleton's getter), and each of them
    makes one only outside TikTok (and there is one)."""
    body = definition.child_by_field_name("body")
    makers = [
        script.source(name)
        for member in (body.named_children if body is not None else ())
        if member.type == "method_definition"
        and any(child.type == "static" for child in member.children)
        and "new " in script.source(member)
        and (name := member.child_by_field_name("name")) is not None
    ]
    return bool(makers) and set(makers) <= _static_members(definition, script, depth)


def _constructs_only_outside(script: Script, method: Node, own: str, depth: int) -> bool:
    """Each `new` in the static method makes the class itself (`new C(...)`, `new this(...)`) and runs outside TikTok."""
    made = [node for node in descendants(method) if node.type == "new_expression"]
    for node in made:
        constructor = node.child_by_field_name("constructor")
        if constructor is None or script.source(constructor) not in (own, "this"):
            return False
    return bool(made) and all(_outside(script, node, depth) for node in made)


def _subclass_of(use: Node) -> Node | None:
    """The class whose `extends` clause this use is."""
    parent = use.parent
    while parent is not None and parent.type in ("class_heritage", "extends_clause", "generic_type", "member_expression"):
        if parent.type == "class_heritage":
            owner = parent.parent
            return owner if owner is not None and owner.type in ("class_declaration", "class", "abstract_class_declaration") else None
        parent = parent.parent
    return None


def _heritage_method(use: Node, method: str | None) -> str | None:
    """For the walk from a subclass's `extends` clause: the method it inherits, judged by the subclass's own uses."""
    return method if _subclass_of(use) is not None else None


# --- across modules ---------------------------------------------------------------------------------------------

_SKIPPED_FOLDERS = frozenset({"node_modules", ".git", ".minis", "dist", "build", "out", ".next", "coverage"})
_JS_FILE = re.compile(r"\.(?:[cm]?[jt]sx?|vue|svelte)$")


def _exported_name(script: Script, definition: Node, name: str) -> str:
    parent = definition.parent
    while parent is not None and parent.type != "export_statement":
        parent = parent.parent
    if parent is not None and any(child.type == "default" for child in parent.children):
        return "default"
    return name


def _export_names(script: Script, definition: Node, name: str) -> set[str]:
    """The names the module exports the definition under: where it is defined (`export default class`, `export class
    C`), and after it (`export default C`, `export { C as D }`; not `module.exports`, which _required_as follows)."""
    found = set()
    if _in_export(definition):
        found.add(_exported_name(script, definition, name))
    for use in identifier_uses(script, name) if name else ():
        alias = _export_alias(script, use)
        if alias is not None and alias != MODULE_EXPORTS:
            found.add(alias)
    found.discard("")
    return found


def _project_modules(root: str) -> list[str]:
    """The project's JS/TS files (relative paths), once per root per process: where importers are looked for."""
    note_project_wide()
    import os

    cached = _MODULES.get(root)
    found = cached[1] if cached is not None and cached[0] == run_generation() else None
    if found is None:
        found = []
        caches = _editor_caches(root)
        for base, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_FOLDERS and not d.startswith(".") and not (base == root and d in caches))
            for file in names:
                if _JS_FILE.search(file):
                    found.append(os.path.relpath(os.path.join(base, file), root).replace(os.sep, "/"))
            if len(found) > 5000:
                break
        _MODULES[root] = (run_generation(), found)
    return found


def _editor_caches(root: str) -> frozenset[str]:
    """An engine source project's editor caches at its top level (Cocos Creator's library/, temp/, local/: the compiled
    copies of assets/'s scripts, whose ES5 form hides the classes and guards the sources show; held-out round 32)."""
    from pathlib import Path

    from ..engines import is_source_root  # start-up: only a project's module list asks, once a lint run

    return frozenset({"library", "temp", "local"}) if is_source_root(Path(root)) else frozenset()


_MODULES: dict[str, tuple[int, list[str]]] = {}
_IMPORT_INDEX: dict[str, tuple[int, dict[str, list[str]]]] = {}


def _import_index(root: str) -> dict[str, list[str]]:
    """The project's modules by each name they import (the last part of a specifier, without its extension): who may
    import a module, asked once per lint run instead of reading every module at each question (a 5,000-module LayaAir
    project asked it thousands of times)."""
    note_project_wide()
    cached = _IMPORT_INDEX.get(root)
    if cached is not None and cached[0] == run_generation():
        return cached[1]
    index: dict[str, list[str]] = {}
    for path in _project_modules(root):
        module = _module(root, path)
        for name in module[0] if module is not None else ():
            index.setdefault(name, []).append(path)
    if len(_IMPORT_INDEX) > 16:
        _IMPORT_INDEX.clear()
    _IMPORT_INDEX[root] = (run_generation(), index)
    return index


def _importers(script: Script) -> list[tuple[Script, list[tuple[str, str]], list[Node]]]:
    """The project's modules that import this one: each script, its static imports of it (name exported here, local
    name) and its dynamic `import()` calls of it. Only files whose import specifiers end in this module's name are
    parsed (a bundle that merely mentions it is not), each once per version per process."""
    import os

    root = _ROOT[0]
    note_project_wide()
    key = (root, script.path, run_generation())
    known = _IMPORTERS.get(key)
    if known is not None:
        for importer, _, _ in known:
            _READ.add(importer.path)
        return known
    stem = os.path.splitext(os.path.basename(script.path))[0]
    wanted = {stem, os.path.basename(os.path.dirname(script.path))} if stem == "index" else {stem}
    files = _Files(root)
    found: list[tuple[Script, list[tuple[str, str]], list[Node]]] = []
    if len(_IMPORTERS) > 4096:
        _IMPORTERS.clear()
    _IMPORTERS[key] = found  # filled below (a module importing itself through a cycle sees it as it stands)
    index = _import_index(root)
    for path in sorted({path for name in wanted for path in index.get(name, ())}):
        if path == script.path:
            continue
        module = _module(root, path)
        if module is None or not wanted & module[0]:
            continue
        for importer in module[1]():
            static = [(exported, local) for spec, exported, local in importer.imported_names() if resolve_import(files, path, spec) == script.path]
            statements = [
                spec
                for spec, node in importer.imports
                if node.parent is not None and node.parent.type in ("import_statement", "export_statement") and resolve_import(files, path, spec) == script.path
            ]
            dynamic = [
                call.node
                for call in importer.calls
                if call.callee in ("import", "require")
                and call.args
                and _requires(files, path, literal_string(importer, call.args[0]) or "", script.path, call.callee)
            ]
            if statements and not static:
                static = [("*", "*")]  # a namespace, side-effect or re-export import: not followed
            if static or dynamic:
                found.append((importer, static, dynamic))
                _READ.add(path)
    return found


_IMPORTERS: dict[tuple[str, str, int], list[tuple[Script, list[tuple[str, str]], list[Node]]]] = {}  # once per module a lint run


def _requires(files: _Files, importer: str, spec: str, path: str, callee: str) -> bool:
    """Does the import or require of `spec` in `importer` load the module at `path`? Besides a relative or aliased
    path, Cocos Creator 2's `require('AdUtil_oppo')`: the string is the script's file name, with no path and no
    extension, case-sensitive (Cocos Creator 2.4 manual, "Modular script"), a script anywhere in the project's assets/;
    taken when no package of that name is installed. (Creator requires every script once at start, so such a
    module's top-level code runs anyway: _module_imported_only_outside.)"""
    if resolve_import(files, importer, spec) == path:
        return True
    import os

    stem = os.path.splitext(os.path.basename(path))[0]
    return (
        callee == "require"
        and spec == stem
        and re.fullmatch(r"[\w$-]+", spec) is not None
        and ("/" + path).find("/assets/") != -1
        and ("/" + importer).find("/assets/") != -1
        and not os.path.isdir(os.path.join(files.root, "node_modules", spec))
    )


# An import's specifier: `from './x'`, `import('./x')`, `require('./x')` (not `__webpack_require__(...)`), its last part.
# (the word boundary in front is checked apart, _specifiers: a `\b` first leaves the regex engine nothing to skip to, and
# this runs over every module of a project: 5 s of a folder of LayaAir games)
_SPECIFIER = r"""(?:from|import\s*\(|require\s*\()\s*['"]([^'"\r\n]{1,300})['"]"""  # compiled when first needed
_MODULES_READ: dict[tuple[str, int, int], tuple[frozenset[str], object]] = {}
_REQUIRE_ALIAS = re.compile(r"(?m)^[ \t]*var[ \t]+([A-Za-z_$][\w$]*)[ \t]*=[ \t]*require[ \t]*;")  # Script.module_aliases' header


def _specifiers(text: str) -> list[str]:
    """The specifiers of the text's imports and requires, as a findall of _SPECIFIER with a word boundary in front would
    find them: the boundary is checked after the match (one refused there is searched again from its next character,
    as the regex itself would have gone on)."""
    pattern = re.compile(_SPECIFIER)
    found: list[str] = []
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        if start and _WORD_CHAR.match(text, start - 1):
            position = start + 1
            continue
        found.append(match.group(1))
        position = match.end()
    return found


_WORD_CHAR = re.compile(r"\w")


def _module(root: str, path: str) -> tuple[frozenset[str], Callable[[], list[Script]]] | None:
    """A project module's imported names (the last part of each specifier, without its extension) and its scripts,
    parsed when first asked for; once per file version per process."""
    import os

    full = os.path.join(root, path)
    try:
        stat = os.stat(full)
    except OSError:
        return None
    key = (full, stat.st_mtime_ns, stat.st_size)
    known = _MODULES_READ.get(key)
    if known is not None:
        return known  # type: ignore[return-value]
    text = read_regular_text(full, 1 << 20, partial=True)  # a regular file only (a FIFO named *.js blocks)
    if text is None:
        return None
    specs = _specifiers(text)
    for alias in _REQUIRE_ALIAS.findall(text) if "= require" in text else ():  # `var t = require;` ... `t("KSManager")`
        specs += re.findall(rf"""(?<![\w$.]){re.escape(alias)}\(\s*['"]([^'"\r\n]{{1,300}})['"]\s*\)""", text)
    names = frozenset(os.path.splitext(spec.rstrip("/").rsplit("/", 1)[-1])[0] for spec in specs)
    del text  # a module whose scripts are asked for is read again then: most are only asked what they import
    parsed: list[list[Script]] = []

    def scripts() -> list[Script]:
        if not parsed:
            text_read = read_regular_text(full, 1 << 20, partial=True)  # a regular file only (a FIFO named *.js blocks)
            parsed.append(scripts_in(path, text_read) if text_read is not None else [])
        return parsed[0]

    if len(_MODULES_READ) > 8192:  # above _project_modules' 5,000: a large project's modules are not read again and again
        _MODULES_READ.clear()
    _MODULES_READ[key] = (names, scripts)
    return names, scripts


def _imported_uses_outside(script: Script, exported: str, depth: int, definition: Node | None = None, method: str | None = None) -> bool | None:
    """True when the modules importing `exported` from this script use it only outside TikTok (and some does); False
    when one uses it where TikTok may run it, or imports the module in a way not followed (a namespace, a re-export).
    With `method`, an instance method of the exported class: the uses that cannot run it are left out (a subclass
    defining its own, a static member). None when no module imports it, or none uses it so (only static members)."""
    uses = 0
    named = exported not in (MODULE_EXPORTS, "default") and any(name == exported for name, _ in script.commonjs_exports())
    for importer, static, dynamic in _importers(script):
        wholes: list[str | None] = []
        if named and dynamic:  # `var d = require("KSManager")` ... `new d.KSManager`: the module, read by member
            wholes = [_required_as(importer, node) for node in dynamic]
            if None in wholes:
                return False
            static = [(name, local) for name, local in static if local not in wholes]
            dynamic = []
        for local in wholes:
            for node in _uses(importer, local or ""):
                access = node.parent
                if access is None or access.type != "member_expression" or access.child_by_field_name("object") != node:
                    return False  # the module itself handed on: not followed
                if importer.source(access.child_by_field_name("property") or access) != exported:
                    continue
                if definition is not None and _runs_not_imported(importer, access, script, definition, method, depth):
                    continue
                if not _outside(importer, access, depth, _heritage_method(access, method)):
                    return False
                uses += 1
        required = [_required_as(importer, node) for node in dynamic] if exported == MODULE_EXPORTS else [None]
        if dynamic and (None in required or static):
            return False  # `(await import('./web')).copy()`, `extends: require('Base')`: not followed
        locals_ = [local for name, local in static if name == exported] + [local for local in required if local is not None]
        if not locals_ and any(name == "*" for name, _ in static):
            return False
        for local in locals_:
            for node in _uses(importer, local):
                if definition is not None and _runs_not_imported(importer, node, script, definition, method, depth):
                    continue  # `View.CreateView(...)`, which makes no instance inside TikTok
                if not _outside(importer, node, depth, _heritage_method(node, method)):
                    return False
                uses += 1
    return True if uses else None  # None: no module imports it, or none uses it in a way that can run the method


def _required_as(importer: Script, call: Node) -> str | None:
    """The name `const Name = require('M')` binds the required module to (declared once, never assigned again), or None."""
    declarator = call.parent
    if call.type != "call_expression" or declarator is None or declarator.type != "variable_declarator":
        return None
    name = declarator.child_by_field_name("name")
    if name is None or name.type != "identifier" or declarator.child_by_field_name("value") != call:
        return None
    local = importer.source(name)
    return local if _const_values(importer, local) else None


def _runs_not_imported(importer: Script, use: Node, script: Script, definition: Node, method: str | None, depth: int = 0) -> bool:
    """_runs_not for a use in another module: the subclass is the importer's, the static members the class's own."""
    if method is None:
        return False
    if _subclass_of(use) is not None:
        return _runs_not(importer, use, definition, method, depth)
    parent = use.parent
    if parent is None or parent.type != "member_expression" or parent.child_by_field_name("object") != use:
        return False
    member = parent.child_by_field_name("property")
    return member is not None and importer.source(member) in _static_members(definition, script, depth)


def _module_imported_only_outside(script: Script, depth: int, in_function: bool = True) -> bool:
    """Every import of this module is a dynamic `import()` (or a `require()`) that runs only outside TikTok (and there
    is one). `in_function`: the code asked about is in a function, not the module's top level."""
    importers = _importers(script)
    if not importers:
        return False
    if not in_function and any(_bare_require(importer, node) for importer, _, dynamic in importers for node in dynamic):
        return False  # Cocos Creator 2 runs every script's top level at start, required or not
    return all(not static and dynamic and all(_outside(importer, node, depth) for node in dynamic) for importer, static, dynamic in importers)


# A module the build picks by store: `import Service from "@/services/__platform__"`, which a replace step (rollup's
# replace, a bundler alias) points at one of the folder's per-store modules (cnguu/mini-game-sdk, held-out round 41:
# services/bytedance.ts, wechat.ts, vivo.ts). The import's last part is a placeholder no file has.
_PLACEHOLDER = re.compile(r"__\w+__|\[\w+\]|\{\w+\}|\$\{?\w+\}?|%\w+%|<\w+>")
_VARIANTS: dict[str, tuple[int, frozenset[str]]] = {}


def _other_stores_build_variant(script: Script) -> bool:
    """A module named for another store (wechat.ts) beside one named for TikTok's family (bytedance.ts), that no module
    imports by its path, in a folder the project imports through a placeholder the build fills (`services/__platform__`):
    the TikTok build takes the TikTok one. Or a module of another store's folder of adapters (`platforms/alipay/`
    beside `platforms/bytedance/`) that only its own folder imports."""
    import os

    if not _ROOT:
        return False
    folder, name = os.path.split(script.path)
    store = _store_folder(script.path)
    if store is not None:  # imported only from its own store's folder, if at all
        return all(importer.path.startswith(store + "/") for importer, _, _ in _importers(script))
    stem = name.split(".", 1)[0]
    if not _other_build_key(stem) or not folder:
        return False
    try:
        siblings = os.listdir(os.path.join(_ROOT[0], folder))
    except OSError:
        return False
    if not any(_JS_FILE.search(other) and _tiktok_store_key(other.split(".", 1)[0]) for other in siblings):
        return False
    return os.path.basename(folder) in _placeholder_folders(_ROOT[0]) and not _importers(script)


# The folders a project keeps one adapter per store in (`platforms/alipay/`, `adapters/wechat/`): caogtaa's
# cocos-minigame-adapters, held-out round 42, whose build copies platforms/<target>/ into that target's package
_STORE_FOLDERS = frozenset({"platforms", "platform", "adapters", "adapter", "channels", "channel", "targets", "target"})


def _store_folder(path: str) -> str | None:
    """The store folder a module is in (`platforms/alipay/` of platforms/alipay/wrapper/builtin.js) when it names
    another store and a sibling names TikTok's family (`platforms/bytedance/`): that store's build holds it, never
    TikTok's; else None."""
    import os

    parts = path.split("/")
    for index in range(len(parts) - 2):
        if parts[index].lower() not in _STORE_FOLDERS or not _other_build_key(parts[index + 1]):
            continue
        parent = "/".join(parts[: index + 1])
        try:
            siblings = os.listdir(os.path.join(_ROOT[0], parent))
        except OSError:
            return None
        if any(_tiktok_store_key(other) and os.path.isdir(os.path.join(_ROOT[0], parent, other)) for other in siblings):
            return f"{parent}/{parts[index + 1]}"
    return None


def _placeholder_folders(root: str) -> frozenset[str]:
    """The last folder of each import through a placeholder (`@/services/__platform__`: services), once a run."""
    note_project_wide()
    import os

    cached = _VARIANTS.get(root)
    if cached is not None and cached[0] == run_generation():
        return cached[1]
    found: set[str] = set()
    for path in _project_modules(root):
        module = _module(root, path)
        if module is None or not any(_PLACEHOLDER.fullmatch(name) for name in module[0]):
            continue
        for other in module[1]():
            for spec in _specifiers(other.data.decode("utf-8", "replace")):
                parts = spec.rstrip("/").split("/")
                if len(parts) > 1 and _PLACEHOLDER.fullmatch(os.path.splitext(parts[-1])[0]):
                    found.add(parts[-2])
    if len(_VARIANTS) > 4:
        _VARIANTS.clear()
    _VARIANTS[root] = (run_generation(), frozenset(found))
    return _VARIANTS[root][1]


def _in_function(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type in FUNCTION_TYPES:
            return True
        parent = parent.parent
    return False


def _bare_require(script: Script, call: Node) -> bool:
    """`require('AdUtil_oppo')`: a Cocos Creator 2 script's name, not a path."""
    arguments = call.child_by_field_name("arguments")
    first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
    spec = literal_string(script, first) if first is not None else None
    return spec is not None and not spec.startswith((".", "/", "@", "~"))


def _uses(script: Script, name: str) -> list[Node]:
    return [node for node in identifier_uses(script, name) if node.type != "type_identifier" and not _is_declared_name(node) and not _in_import(node)]


def _in_import(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type == "import_statement":
            return True
        if parent.type in ("program", "statement_block"):
            return False
        parent = parent.parent
    return False


def _is_declared_name(node: Node) -> bool:
    parent = node.parent
    declarations = ("variable_declarator", "class_declaration", "function_declaration")
    return parent is not None and parent.type in declarations and parent.child_by_field_name("name") == node


def _in_export(node: Node) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type == "export_statement":
            return True
        if parent.type in FUNCTION_TYPES:
            return False
        parent = parent.parent
    return False


def _mentions_user_agent(script: Script, node: Node) -> bool:
    text = script.source(node)
    return "userAgent" in text or bool(re.fullmatch(r"(?:ua|UA|userAgent|agent)", text.strip()))


def _ua_index(script: Script, node: Node) -> bool:
    """`ua.indexOf('TikTok')` / `ua.search(/tiktok/i)`: the position of TikTok's name in the user agent."""
    node = unwrap(node)
    if node.type != "call_expression":
        return False
    callee = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    if callee is None or callee.type != "member_expression" or arguments is None or not arguments.named_children:
        return False
    prop = callee.child_by_field_name("property")
    receiver = callee.child_by_field_name("object")
    if prop is None or receiver is None or script.source(prop) not in ("indexOf", "search", "lastIndexOf"):
        return False
    return _mentions_user_agent(script, receiver) and bool(_TIKTOK_UA.search(script.source(arguments.named_children[0])))


def _number(script: Script, node: Node) -> int | None:
    text = script.source(unwrap(node)).replace(" ", "")
    return int(text) if re.fullmatch(r"-?\d+", text) else None


def _flip(operator: str) -> str:
    return {">": "<", "<": ">", ">=": "<=", "<=": ">="}[operator]


def _operator(node: Node) -> str | None:
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None else None


# Feature checks of the called member itself (held-out round of issue 30): `if (typeof game?.reportAnalytics ===
# "function") game.reportAnalytics(...)`, `if (!ttGame || typeof ttGame.navigateToScene !== "function") return;`,
# `tt.requestAnimationFrame ? tt.requestAnimationFrame(cb) : requestAnimationFrame(cb)`, `'m' in X`, an optional call
# `X.m?.()`, a library's `if (typeof window !== "undefined")`. The code runs only where the member exists, so it
# cannot throw for its absence. Each condition is valued where the name is absent (undefined), by the same Kleene
# logic as in_tiktok; what is not recognised is unknown, so a check is never assumed.
_ABSENT_TYPEOF = "undefined"


def feature_checked(script: Script, node: Node, name: str | None = None, root: str | None = None) -> bool:
    """True when `node` (a call, a member or a global's read) runs only where `name` exists: an optional call of it
    (`X.m?.()`), or every path to it passes a check of the name (`typeof X.m === 'function'`, `X.m &&`, `if (!X ||
    !X.m) return`, `'m' in X`, `X.canIUse('m')`), written there or in a helper it calls (`if (!canNavigate()) return`,
    with `const canNavigate = () => typeof TTMinis.navigateToScene === 'function'` here or, given the project's
    `root`, imported). `name`: the dotted name checked (window./globalThis. stripped); by default the call's callee
    or the name read."""
    target = node.child_by_field_name("function") if node.type == "call_expression" else node
    if node.type == "call_expression" and any(child.type in ("optional_chain", "?.") for child in node.children):
        return True  # X.m?.(): not called when absent (TypeScript's grammar marks it with a bare `?.` token)
    if name is None:
        name = _checked_name(script, target, None) if target is not None else None  # `wx[y](...)` with `var y = "onShareTimeline"`
    if not name:
        return False
    if _disjunction_checked(script, node, name):
        return True
    saved = list(_ROOT)
    if root is not None:
        _ROOT[:] = [root]
    try:
        return _checked(script, node, name, MAX_CALLERS)
    finally:
        _ROOT[:] = saved


def _disjunction_checked(script: Script, node: Node, name: str) -> bool:
    """On the way to `node`, a condition `A || X` held (one of the APIs exists) and `A` did not (the other branch of
    `A ? A() : X()`): X exists there. Douyin's recorder under both of its names, held-out round 30:
    `s.getGameRecorderManager || s.getGameRecorder ? (r = s.getGameRecorderManager ? s.getGameRecorderManager() :
    s.getGameRecorder()) : ...`, where inside TikTok neither exists and the call never runs."""
    if b"||" not in script.data:
        return False
    held: list[Node] = []
    failed: set[str] = set()
    child, parent = node, node.parent
    while parent is not None:
        if parent.type in ("if_statement", "ternary_expression"):
            condition = parent.child_by_field_name("condition")
            if condition is not None and child != condition:
                taken = child == parent.child_by_field_name("consequence")
                (held.append(condition) if taken else failed.add(re.sub(r"\s+", "", script.source(unwrap(condition)))))
        elif parent.type == "binary_expression" and child == parent.child_by_field_name("right"):
            left = parent.child_by_field_name("left")
            if left is not None and _operator(parent) == "&&":
                held.append(left)
            elif left is not None and _operator(parent) == "||":
                failed.add(re.sub(r"\s+", "", script.source(unwrap(left))))
        child, parent = parent, parent.parent
    if not failed:
        return False
    for condition in held:
        terms = _or_terms(unwrap(condition))
        if len(terms) < 2:
            continue
        mine = [t for t in terms if absent_value(script, t, name, inline=False) is False]
        others = [re.sub(r"\s+", "", script.source(t)) for t in terms if t not in mine]
        if mine and others and all(other in failed for other in others):
            return True
    return False


def _or_terms(node: Node) -> list[Node]:
    """The operands of an `a || b || c` chain (one node when it is no `||`)."""
    if node.type == "binary_expression" and _operator(node) == "||":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is not None and right is not None:
            return _or_terms(unwrap(left)) + _or_terms(unwrap(right))
    return [node]


MAX_CALLERS = 2  # methods followed to their calls for a feature check in a caller


def _checked(script: Script, node: Node, name: str, depth: int, inline: bool = True) -> bool:
    """feature_checked's walk: in a method of a class or an object literal whose every call (on its own instance, or
    `this`) passes a check of the name, `node` does too (`if (typeof tt.x !== 'function') return; this.doX();`).
    `inline`: conditions may be helpers' returns and flags (absent_value), one level."""

    in_instance = [False]

    def step(parent: Node, child: Node) -> bool:
        if parent.type == "method_definition":
            in_instance[0] = _in_class(parent) and not any(c.type == "static" for c in parent.children)
        if depth > 0 and parent.type in ("class_declaration", "class") and in_instance[0]:
            # an instance method runs only once the class is built: `if (tt.createBannerAd) { this.ad = new TTBanner(this); }`
            built = _constructions(script, parent)
            return bool(built) and all(_checked(module, construction, name, depth - 1) for module, construction in built)
        if depth <= 0 or parent.type not in ("method_definition", "function_expression"):
            return False
        in_class = parent.type == "method_definition" and _in_class(parent)
        calls = (_class_method_calls(script, parent) or _own_calls(script, parent)) if in_class else _object_method_calls(script, parent)
        outside = [(module, call) for module, call in calls or () if not (module is script and parent.start_byte <= call.start_byte < parent.end_byte)]
        return bool(outside) and all(_checked(module, call, name, depth - 1) for module, call in outside)

    return guarded_walk(script, node, lambda condition: absent_value(script, condition, name, inline=inline), step)


def _constructions(script: Script, cls: Node, depth: int = 2) -> list[tuple[Script, Node]]:
    """Every `new C(...)` of a class in the project: in its own module by its name, and in the modules that import it
    (by the name they give it), and those of a subclass that keeps C's constructor (`class DouyinNative extends
    WechatNative {}` built as `new DouyinNative(bd, ...)`); empty when the class is used otherwise anywhere (passed,
    stored, extended with a constructor of its own: then its instances may come from elsewhere)."""
    class_name = cls.child_by_field_name("name")
    name = script.source(class_name) if class_name is not None else _defined_name(script, cls)
    if not name:
        return []
    found: list[tuple[Script, Node]] = []

    def collect(module: Script, local: str) -> bool:
        for use in identifier_uses(module, local):
            parent = use.parent
            if (
                use.type == "type_identifier"
                or parent is None
                or parent.type in ("class_declaration", "abstract_class_declaration", "import_specifier", "import_clause", "export_specifier")
            ):
                continue  # a TypeScript type (`banner: WXBanner | null`), the declaration, an import
            if parent.type == "new_expression" and parent.child_by_field_name("constructor") == use:
                found.append((module, parent))
            elif parent.type in ("extends_clause", "class_heritage"):
                subclass = parent.parent
                while subclass is not None and subclass.type not in ("class_declaration", "class", "abstract_class_declaration"):
                    subclass = subclass.parent
                if depth <= 0 or subclass is None or _own_constructor(subclass):
                    return False
                found.extend(_constructions(module, subclass, depth - 1))
            elif parent.type not in ("export_statement",) and not (parent.type == "class" and parent.child_by_field_name("name") == use):
                return False  # passed, stored, read: not only built here
        return True

    if not collect(script, name):
        return []
    if _ROOT:
        exported_as = {name}
        if _default_export(cls) or re.search(rf"export\s+default\s+{re.escape(name)}\b", script.text):
            exported_as.add("default")
        for importer, static, dynamic in _importers(script):
            if dynamic:
                return []
            for exported, local in static:
                if exported == "*":
                    return []
                if exported in exported_as and not collect(importer, local):
                    return []
    return found


def _own_constructor(cls: Node) -> bool:
    body = cls.child_by_field_name("body")
    return any(
        member.type == "method_definition" and (member.child_by_field_name("name") or member).text == b"constructor"
        for member in (body.named_children if body is not None else ())
    )


def _own_calls(script: Script, method: Node) -> list[tuple[Script, Node]] | None:
    """The calls of a class's instance method when its only mentions are `this.name()` in the class's own instance
    methods and no other project module mentions the name (`module.exports = new Promo()`, whose importers are not
    followed, can then call it only through those); None otherwise."""
    name = _instance_method(script, method)
    body = method.parent
    owner = body.parent if body is not None else None
    # a TypeScript `private` method is called only in its class: other modules' mentions of the name are other things
    private = any(child.type == "accessibility_modifier" and child.text == b"private" for child in method.children)
    if name is None or owner is None or not _ROOT or (not private and _mentioned_elsewhere(script, name)):
        return None
    key = method.child_by_field_name("name")
    accesses: list[tuple[Script, Node]] = []
    wanted = name.encode()
    start = script.data.find(wanted)
    while start != -1:
        member = script.tree.root_node.descendant_for_byte_range(start, start + len(wanted))
        start = script.data.find(wanted, start + 1)
        if member is None or script.source(member) != name or member == key or member.type == "comment":
            continue
        access = member.parent
        receiver = access.child_by_field_name("object") if access is not None and access.type == "member_expression" else None
        if member.type == "property_identifier" and receiver is not None and receiver.type != "this" and _api_read(script, receiver):
            continue  # the API of the name the method wraps (`createBannerAd() { tt.createBannerAd(...) }`), or its check
        if member.type != "property_identifier" or access is None or receiver is None or receiver.type != "this" or not _this_instance(receiver, owner):
            return None
        accesses.append((script, access))
    return _calls_of(accesses)


def _api_read(script: Script, receiver: Node) -> bool:
    """Whether a member is read off the games namespace (tt, wx or a global's property holding it), not the script's own."""
    text = re.sub(r"\s+", "", script.source(receiver))
    return _namespace_read(script, text) and not declares(script, text.split(".")[0])


def _in_class(method: Node) -> bool:
    body = method.parent
    return body is not None and body.type == "class_body"


def absent_value(script: Script, condition: Node, name: str, bindings: dict[str, str] | None = None, inline: bool = True) -> bool | None:
    """The condition's value where `name` is undefined: True, False, or None when it depends on more. A helper's call
    is its returned expression (`inline`: one level), its parameters bound to the constant strings the call passes
    (`canUse('navigateToScene')` with `const canUse = (api) => typeof TTMinis[api] === 'function'`)."""
    node = unwrap(condition)
    kind = node.type
    if kind == "unary_expression" and _operator(node) == "!":
        argument = node.child_by_field_name("argument")
        negated = absent_value(script, argument, name, bindings, inline) if argument is not None else None
        return None if negated is None else not negated
    if kind in ("identifier", "member_expression", "subscript_expression"):
        if _covers(_checked_name(script, node, bindings), name):
            return False  # `X.m`: undefined is falsy (and `if (wx.uma)` before `wx.uma.trackEvent()`)
        if inline and not bindings and kind == "member_expression" and re.fullmatch(r"this\.[A-Za-z_$][\w$]*", script.source(node)):
            # `if (!this.supportsClub) return null;` with `get supportsClub() { return typeof this._api?.x === 'function' }`
            getter = next(iter(_class_methods(node, script.source(node)[5:], "get")), None)
            returned = returned_expression(getter) if getter is not None else None
            if returned is not None:
                return absent_value(script, returned, name, None, inline=False)
        if inline and not bindings and (kind == "identifier" or (kind == "member_expression" and script.source(node).startswith("this."))):
            return _absent_flag(script, node, name)
        if inline and not bindings and kind == "member_expression":
            return _absent_table_flag(script, node, name)
        return None
    if kind == "call_expression":
        return _absent_call(script, node, name, bindings, inline)
    if kind == "ternary_expression":
        chained = _compiled_optional(script, node, bindings)
        return False if chained is not None and _covers(chained, name) else None
    if kind != "binary_expression":
        return None
    operator = _operator(node)
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    if left is None or right is None:
        return None
    if operator in ("&&", "||"):
        return kleene(operator, absent_value(script, left, name, bindings, inline), absent_value(script, right, name, bindings, inline))
    if operator == "in":  # 'm' in X
        key = _string(script, left, bindings)
        holder = _checked_name(script, unwrap(right), bindings)
        return False if key is not None and (f"{holder}.{key}" if holder else key) == name else None  # 'tt' in window: "tt"
    if operator in ("===", "==", "!==", "!="):
        equal = operator in ("===", "==")
        for one, other in ((left, right), (right, left)):
            one, other = unwrap(one), unwrap(other)
            value: bool | None = None
            if one.type == "unary_expression" and _operator(one) == "typeof":
                argument = one.child_by_field_name("argument")
                text = literal_string(script, other)
                if argument is not None and text is not None and _covers(_checked_name(script, unwrap(argument), bindings), name):
                    value = text == _ABSENT_TYPEOF  # typeof X.m === 'function': false where absent
            elif _covers(_checked_name(script, one, bindings), name) and (other.type in ("undefined", "null") or script.source(other) == "undefined"):
                value = operator in ("==", "!=") or other.type != "null"  # X.m == null, X.m !== undefined
            if value is not None:
                return value if equal else not value
    if operator in ("<", ">"):  # esbuild's `typeof X<"u"` (defined) and `typeof X>"u"` (undefined)
        for one, other, op in ((left, right, operator), (right, left, _flip(operator))):
            argument = unwrap(one).child_by_field_name("argument") if _typeof_u(script, one, other) else None
            if argument is not None and _covers(_checked_name(script, unwrap(argument), bindings), name):
                return op == ">"
    return None


_OPTIONAL_TEST = re.compile(r"^\(?null===\(([A-Za-z_$][\w$]*)=(.+)\)\|\|void0===\1\)?$|^\(?\(([A-Za-z_$][\w$]*)=(.+)\)===null\|\|\3===void0\)?$")


def _compiled_optional(script: Script, node: Node, bindings: dict[str, str] | None) -> str | None:
    """`null === (e = wx.cloud) || void 0 === e ? void 0 : e.init`, TypeScript's and Babel's ES5 form of `wx.cloud?.init`:
    the name it reads (`wx.cloud.init`), else None (held-out round 30)."""
    condition = node.child_by_field_name("condition")
    consequence = node.child_by_field_name("consequence")
    alternative = node.child_by_field_name("alternative")
    if condition is None or consequence is None or alternative is None or re.sub(r"\s+", "", script.source(consequence)) not in ("void0", "undefined"):
        return None
    test = _OPTIONAL_TEST.match(re.sub(r"\s+", "", script.source(condition)))
    alternative = unwrap(alternative)
    if test is None or alternative.type != "member_expression":
        return None
    temporary, held = (test.group(1), test.group(2)) if test.group(1) else (test.group(3), test.group(4))
    target, prop = alternative.child_by_field_name("object"), alternative.child_by_field_name("property")
    if target is None or prop is None or script.source(target) != temporary:
        return None
    return f"{held}.{script.source(prop)}"


def _absent_call(script: Script, node: Node, name: str, bindings: dict[str, str] | None, inline: bool) -> bool | None:
    """A call's value where `name` is undefined: the SDK's own `X.canIUse('m')` for `X.m` (false where it is absent:
    TikTok's "canIUse(schema)"), or a helper's returned expression (one level, bounded: _denoted)."""
    callee = node.child_by_field_name("function")
    arguments = node.child_by_field_name("arguments")
    args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None and arguments.type == "arguments" else []
    if callee is None:
        return None
    callee = unwrap(callee)
    if callee.type == "member_expression" and (callee.child_by_field_name("property") or callee).text == b"canIUse" and args:
        holder = _checked_name(script, callee.child_by_field_name("object") or callee, bindings)
        api = _string(script, args[0], bindings)
        return False if holder and api and f"{holder}.{api}" == name else None
    called = dotted_name(callee)
    if not inline or not called:
        return None
    definitions = _denoted(script, called)
    if not definitions and called.startswith("this.") and called.count(".") == 1:  # `if (this.canOpen())`: a method of the class
        definitions = [(script, method) for method in _class_methods(node, called[5:])]
    if not definitions and called.count(".") == 1 and _enclosing_class_name(script, node) == called.split(".")[0]:
        # `if (!toutiao.isSupportedAPI(tt.createBannerAd)) return;` in class toutiao: its own static helper
        definitions = [(script, method) for method in _class_methods(node, called.split(".")[1], "static")]
    for module, definition in definitions:
        returned = returned_expression(definition) if definition.type in _FUNCTIONS else None
        if returned is None:
            continue
        constants = [_string(script, a, bindings) for a in args]
        bound = {p: c for p, c in zip(_parameters(module, definition), constants, strict=False) if p and c is not None}
        # a parameter given a name to check (`isSupportedAPI(api) { return !!api; }` called with `tt.createBannerAd`)
        named = [_checked_name(script, a, bindings) if unwrap(a).type in ("member_expression", "subscript_expression") else None for a in args]
        bound.update({_NAMED + p: n for p, n in zip(_parameters(module, definition), named, strict=False) if p and n})
        value = absent_value(module, returned, name, bound, inline=False)
        if value is not None:
            return value
    return None


def _covers(checked: str | None, name: str) -> bool:
    """A check of `checked` tells whether `name` exists: the name itself, or a member of the games namespace it is read
    through (`wx.uma` for `wx.uma.trackEvent`: where wx.uma is absent, nothing under it runs). Not the namespace itself
    or a name given it (`if (!this.wx) return`, `if (this.api)`): it exists inside TikTok, which answers to tt and wx."""
    if not checked:
        return False
    return checked == name or (checked.split(".", 1)[0] in ("tt", "wx") and "." in checked and name.startswith(checked + "."))


_FALSY = frozenset({"false", "null", "undefined"})
_FALSY_TEXT = frozenset({"0", "!1", "void 0"})  # and a minifier's false (`!1`)


def _absent_flag(script: Script, node: Node, name: str) -> bool | None:
    """A flag set only where the name was checked (`let canOffscreen = false; if (typeof api.createOffscreenCanvas ===
    'function') { ...; canOffscreen = true; }`, later `if (canOffscreen) api.createOffscreenCanvas(...)`), or set to the
    check itself (`this.supported = typeof api.onFeedStatusChange === 'function'; if (this.supported) ...`): False
    where the name is absent when the flag (a variable declared once, or a `this.` member) starts falsy (or unset) and
    each assignment gives it a falsy literal, a value that is false where the name is absent, or runs only where the
    name exists. None otherwise."""
    flag = re.sub(r"\s+", "", script.source(node))
    member = flag.startswith("this.") and re.fullmatch(r"this\.[A-Za-z_$][\w$]*", flag) is not None
    if not member and (not re.fullmatch(r"[A-Za-z_$][\w$]*", flag) or flag in ("undefined", "NaN")):
        return None
    declared: list[Node] = []
    assigned: list[Node] = []
    if member:
        body = node.parent
        while body is not None and body.type != "class_body":
            body = body.parent
        if body is None:
            return None
        key = flag[5:]
        for field in body.named_children:  # `private supported = false;`
            field_name = field.child_by_field_name("property") or field.child_by_field_name("name")
            if field.type in ("field_definition", "public_field_definition") and field_name is not None and script.source(field_name) == key:
                declared.append(field)
        for use in _property_uses(script, key):
            access = use.parent
            holder = access.parent if access is not None else None
            if access is None or access.type != "member_expression" or re.sub(r"\s+", "", script.source(access)) != flag or holder is None:
                continue
            if holder.type == "assignment_expression" and holder.child_by_field_name("left") == access:
                assigned.append(holder)
            elif holder.type in ("augmented_assignment_expression", "update_expression"):
                return None
        if len(declared) > 1 or not assigned:
            return None
    else:
        for use in identifier_uses(script, flag):
            parent = use.parent
            if parent is None:
                continue
            if parent.type == "variable_declarator" and parent.child_by_field_name("name") == use:
                declared.append(parent)
            elif parent.type == "assignment_expression" and parent.child_by_field_name("left") == use:
                assigned.append(parent)
            elif parent.type in ("augmented_assignment_expression", "update_expression"):
                return None
        if len(declared) != 1 or not assigned:
            return None
        scope = declared[0].parent.parent if declared[0].parent is not None else None  # the declaration's block
        if scope is None or not all(scope.start_byte <= a.start_byte < scope.end_byte for a in assigned):
            return None
    if declared:
        initial = declared[0].child_by_field_name("value")
        if initial is not None and unwrap(initial).type not in _FALSY and script.source(unwrap(initial)) not in _FALSY_TEXT:
            return None
    for assignment in assigned:
        value = assignment.child_by_field_name("right")
        if value is None:
            return None
        value = unwrap(value)
        if value.type in _FALSY or script.source(value) in _FALSY_TEXT:
            continue
        if absent_value(script, value, name, inline=False) is False:
            continue  # `this.supported = typeof api.x === 'function'`
        if not _checked(script, assignment, name, 0, inline=False):
            return None
    return False


def _absent_table_flag(script: Script, node: Node, name: str) -> bool | None:
    """A flag kept in a table of checks, a `const` object literal of the module (`const api = { rewardedAd: hasTT &&
    typeof tt.createRewardedVideoAd === 'function', ... }`, later `if (!api.rewardedAd) return; tt.createRewardedVideoAd(...)`):
    the value its entry was given, when neither the table nor the entry is assigned again anywhere in the module."""
    holder, key = node.child_by_field_name("object"), node.child_by_field_name("property")
    if holder is None or key is None or holder.type != "identifier" or key.type != "property_identifier":
        return None
    table, entry = script.source(holder), script.source(key)
    declared: list[Node] = []
    for use in identifier_uses(script, table):
        parent = use.parent
        if parent is None:
            continue
        if parent.type == "variable_declarator" and parent.child_by_field_name("name") == use:
            declared.append(parent)
        elif parent.type in ("assignment_expression", "augmented_assignment_expression", "update_expression") and parent.child_by_field_name("left") == use:
            return None
        elif parent.type == "member_expression" and parent.child_by_field_name("object") == use:
            written = parent.parent
            if (
                written is not None
                and written.type in ("assignment_expression", "augmented_assignment_expression", "update_expression")
                and written.child_by_field_name("left") in (parent,)
            ):
                if script.source(parent.child_by_field_name("property") or parent) == entry:
                    return None  # `api.rewardedAd = true` somewhere
        elif parent.type in ("subscript_expression",) and parent.child_by_field_name("object") == use:
            written = parent.parent
            if written is not None and written.type == "assignment_expression" and written.child_by_field_name("left") == parent:
                return None  # `api[key] = ...`: any entry may be set
    if len(declared) != 1:
        return None
    statement = declared[0].parent
    if statement is None or statement.type != "lexical_declaration" or not statement.children or statement.children[0].type != "const":
        return None
    value = declared[0].child_by_field_name("value")
    table_node = unwrap(value) if value is not None else None
    if table_node is None or table_node.type != "object":
        return None
    given = object_property(script, table_node, entry)
    if given is None or given.type in ("method_definition", "shorthand_property_identifier"):
        return None
    return absent_value(script, given, name, inline=False)


def _class_methods(node: Node, name: str, kind: str = "") -> list[Node]:
    """The methods named `name` of the class whose method holds `node` (its own, not an inherited one); `kind` "get":
    its getters instead."""
    body = node.parent
    while body is not None and body.type != "class_body":
        body = body.parent
    found = []
    for member in body.named_children if body is not None else ():
        key = member.child_by_field_name("name") if member.type == "method_definition" else None
        modifiers = {c.type for c in member.children} & {"get", "set", "static"}
        if key is not None and key.text == name.encode() and modifiers == ({kind} if kind else set()):
            found.append(member)
    return found


_GLOBAL_PREFIX = re.compile(r"^(?:window|globalThis|GameGlobal|self)\.(?=(?:tt|wx)\.)")
_NAMED = "\0"  # in a helper's bindings, before a parameter: the dotted name its argument reads (not a string it passes)


def _enclosing_class_name(script: Script, node: Node) -> str | None:
    current = node.parent
    while current is not None and current.type not in ("class_declaration", "abstract_class_declaration", "class"):
        current = current.parent
    name = current.child_by_field_name("name") if current is not None else None
    return script.source(name) if name is not None else None


def _checked_name(script: Script, node: Node, bindings: dict[str, str] | None) -> str | None:
    """The dotted name an expression reads, a helper's parameter bound to its argument (`TTMinis[api]`, or the name
    itself: `!!api` with `tt.createBannerAd` passed), or a key kept in a variable declared before it (`var y =
    "onShareTimeline"; if (wx[y]) ...`)."""
    node = unwrap(node)
    if bindings and node.type == "identifier" and _NAMED + script.source(node) in bindings:
        return bindings[_NAMED + script.source(node)]
    if node.type == "subscript_expression":
        index, holder = node.child_by_field_name("index"), node.child_by_field_name("object")
        key = _string(script, index, bindings) if index is not None else None
        if key is None and index is not None and index.type == "identifier":
            given = _declared_in_scope(script, index)
            key = literal_string(script, unwrap(given[0])) if len(given) == 1 else None
        head = _checked_name(script, holder, bindings) if holder is not None and key is not None else None
        if key is not None and head:
            return f"{head}.{key}"
    if node.type == "ternary_expression":  # `(t = this._api) == null ? void 0 : t.x`: compiled `this._api?.x`
        alternative = node.child_by_field_name("alternative")
        return _checked_name(script, alternative, bindings) if alternative is not None and _optional_ternary(script, node) else None
    if node.type == "member_expression":
        holder, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        held = _held_in_chain(script, node, script.source(holder)) if holder is not None and holder.type == "identifier" else None
        base = dotted_name(held) if held is not None else None
        if base and prop is not None:
            return f"{base}.{script.source(prop)}"  # `(i = this._api) != null && i.setClipboardData`: this._api's
    return this_dotted(script, node)  # `const self = this; self.env.x(...)` after `typeof this.env.x === "function"`


def this_dotted(script: Script, node: Node | None) -> str | None:
    """The dotted name `node` reads, with a leading name that holds `this` read as `this`: `var o = this; o.videoAd`,
    `const self = this; self.env.x`, `var o; ... (o = this)` (TypeScript's compiled async methods). Looked for only in a
    script where some name is given `this`."""
    name = dotted_name(node) if node is not None else None
    if node is None or node.type != "member_expression" or not _HOLDS_THIS.search(script.data):
        return name
    root = node
    while root.type == "member_expression" and (inner := root.child_by_field_name("object")) is not None:
        root = inner
    written = re.sub(r"\s+", "", script.source(node))  # (dotted_name reads `self.x` as the global's x)
    if root.type == "identifier" and re.fullmatch(r"[\w$]+(?:\.[\w$]+)+", written) and (_this_like(script, root) or _given_only_this(script, root)):
        return "this." + written.split(".", 1)[1]
    return name


def _given_only_this(script: Script, name: Node) -> bool:
    """`var o; ... (o = this)`: a variable of the function (declared with no value) whose every assignment gives it `this`."""
    scope = _scope_of(name)
    text = script.source(name)
    sites = None
    while scope is not None and sites is None:
        found = _binding_sites(script, scope).get(text, [])
        if any(site.type == "variable_declarator" and _scope_of(site) == scope for site in found):
            sites = found  # the function whose variable it is
        scope = _scope_of(scope)
    assigned = [site for site in sites or () if site.type == "assignment_expression"]
    return bool(assigned) and all(
        (site.type == "variable_declarator" and site.child_by_field_name("value") is None)
        or (site.type == "assignment_expression" and (right := site.child_by_field_name("right")) is not None and unwrap(right).type == "this")
        for site in sites or ()
    )


_NOTHING = re.compile(r"null|undefined|void\s*0")
_HOLDS_THIS = re.compile(rb"[\w$]\s*=\s*this\b")  # `const self = this`, `o = this`: a name may hold `this`


def _optional_ternary(script: Script, node: Node) -> bool:
    """`(t = X) == null ? void 0 : t.m`, how TypeScript and esbuild write `X?.m` for targets before ES2020."""
    condition = unwrap(node.child_by_field_name("condition") or node)
    consequence = node.child_by_field_name("consequence")
    if condition.type != "binary_expression" or _operator(condition) not in ("==", "===") or consequence is None:
        return False
    sides = [unwrap(condition.child_by_field_name("left") or condition), unwrap(condition.child_by_field_name("right") or condition)]
    return (
        any(side.type == "assignment_expression" for side in sides)
        and any(_NOTHING.fullmatch(script.source(side)) for side in sides)
        and bool(_NOTHING.fullmatch(script.source(unwrap(consequence))))
    )


def _held_in_chain(script: Script, node: Node, name: str) -> Node | None:
    """What `name` was assigned earlier in the same `&&` chain: `(i = this._api) != null && i.x` (TypeScript's and
    esbuild's `this._api?.x` for older targets), `i.x` reads this._api.x."""
    current, parent = node, node.parent
    while parent is not None and (parent.type in ("parenthesized_expression", "unary_expression", "ternary_expression") or _operator(parent) in ("&&", "||")):
        left = parent.child_by_field_name("left") if parent.type == "binary_expression" else parent.child_by_field_name("condition")
        if left is not None and left.end_byte <= current.start_byte:
            for candidate in descendants(left):
                target = candidate.child_by_field_name("left") if candidate.type == "assignment_expression" else None
                if target is not None and target.type == "identifier" and script.source(target) == name:
                    value = candidate.child_by_field_name("right")
                    return unwrap(value) if value is not None else None
        current, parent = parent, parent.parent
    return None


def _declared_in_scope(module: Script, use: Node, assigned: bool = True) -> list[Node]:
    """The value of the nearest declaration of the identifier `use` before it in the blocks and functions around it
    (`case X: { let bd = window["tt"]; new DouyinMiniAd(bd, ...) }`, a minified `var l = "getUserInfo"` in an outer
    function), when it is not assigned again in that block (`assigned=False`: whatever follows; the caller judges);
    nothing when a function on the way takes it as a parameter."""
    name = module.source(use)
    block = use.parent
    while block is not None:
        if block.type in FUNCTION_TYPES:
            parameters = block.child_by_field_name("parameters") or block.child_by_field_name("parameter")
            if parameters is not None and any(module.source(n) == name for n in descendants(parameters) if n.type == "identifier"):
                return []
        if block.type == "catch_clause" and name in _pattern_names(module, block.child_by_field_name("parameter")):
            return []  # `catch (r) { if (r === "wx") ... }`: the clause's own
        if block.type in ("statement_block", "switch_case", "program"):
            for statement in block.named_children:
                if statement.start_byte >= use.start_byte:
                    break
                if statement.type not in ("lexical_declaration", "variable_declaration"):
                    continue
                for declarator in statement.named_children:
                    declared = declarator.child_by_field_name("name") if declarator.type == "variable_declarator" else None
                    value = declarator.child_by_field_name("value")
                    if declared is not None and value is not None and module.source(declared) == name:
                        return [] if assigned and name in _assigned_names(module, block) else [value]
        block = block.parent
    return []


def _fixed_member_string(module: Script, member: Node) -> str | None:
    """The one string `obj.prop` holds wherever it is read, when `obj` is fixed (as _fixed_string judges a name) to an
    object literal whose `prop` is a string literal, and every use of the name in the module only reads a member of it
    (none writes `prop`, none passes or returns the object, which could change it elsewhere). A vendored SDK's settings
    at its top (held-out round 25: `var conf = { appId: "tt…", channel: "tt" }` … `if (conf.channel === "wx") {…}`)."""
    obj, prop = member.child_by_field_name("object"), member.child_by_field_name("property")
    if obj is None or prop is None or obj.type != "identifier" or prop.type != "property_identifier":
        return None
    name, key = module.source(obj), module.source(prop)
    declared = _declared_in_scope(module, obj, assigned=False)
    literal = unwrap(declared[0]) if len(declared) == 1 else None
    held = object_property(module, literal, key) if literal is not None and literal.type == "object" else None
    value = literal_string(module, unwrap(held)) if held is not None and held.type != "method_definition" else None
    if value is None or _fixed_binding(module, obj, declared[0]) is None:
        return None
    for use in identifier_uses(module, name):
        read = use.parent
        if read is not None and read.type == "variable_declarator" and read.child_by_field_name("name") == use:
            continue  # its declaration (another of the name: _fixed_binding judged the one in scope)
        if read is None or read.type != "member_expression" or read.child_by_field_name("object") != use:
            return None  # passed, returned, indexed, spread or assigned whole: it may change where it goes
        written = read.child_by_field_name("property")
        if written is not None and module.source(written) == key and (_assigned(read) or _deleted(read)):
            return None
    return value


def _member_written(module: Script, member: str) -> bool:
    """Whether the module assigns (or updates, or deletes) a property of this name on anything (`x.member = ...`)."""
    return any(
        _assigned(use.parent) or _deleted(use.parent)
        for use in _property_uses(module, member)
        if use.parent is not None and use.parent.type == "member_expression"
    )


def _deleted(node: Node) -> bool:
    parent = node.parent
    return parent is not None and parent.type == "unary_expression" and _operator(parent) == "delete"


def _fixed_string(module: Script, use: Node) -> str | None:
    """The one string the identifier `use` holds wherever it is read: its nearest declaration in scope gives it a string
    literal, and nothing binds the name again in the declaring block (no assignment of any kind, destructuring, loop
    variable, catch parameter, update or second declaration); a `var`/`let` at the top level of a page's classic script
    is never fixed (the page's other scripts share it; a native game's files are modules)."""
    declared = _declared_in_scope(module, use, assigned=False)  # _rebound judges, scope by scope
    value = literal_string(module, unwrap(declared[0])) if len(declared) == 1 else None
    return value if value is not None and _fixed_binding(module, use, declared[0]) is not None else None


def _fixed_binding(module: Script, use: Node, value_node: Node) -> Node | None:
    """The declarator giving the name `use` the value `value_node`, when nothing binds the name again (see _fixed_string)."""
    value = value_node
    declarator = value_node.parent
    declaration = declarator.parent if declarator is not None else None
    block = declaration.parent if declaration is not None else None
    if value is None or declaration is None or block is None:
        return None
    kind = declaration.child(0)
    constant = kind is not None and kind.type == "const"
    if kind is not None and kind.type == "var":
        block = _scope_of(declaration) or block  # a var is its function's (`if (f) { var c = 'vivo'; }`, set in another function)
    elif block.type == "switch_case" and block.parent is not None:
        block = block.parent  # a let in a case is the whole switch's
    module_scope = _NATIVE or any(c.type in ("import_statement", "export_statement") for c in block.named_children)  # a native game's files are modules
    if block.type == "program" and not constant and not module_scope:
        return None
    return None if declarator is None or _rebound(module, block, module.source(use), declarator) else declarator


def _rebound(module: Script, block: Node, name: str, own: Node) -> bool:
    """Whether anything in `block` (nested functions too) may give the variable `name` declared there (by the declarator
    `own`) another value: an assignment of any kind (destructuring included), a for-in/of loop, ++/--, or another `var`
    of it in the same function; not where a function, a catch clause or a block on the way binds a variable of its own
    of that name (minified code reuses `e`, `t`, `n` in every function; reviews of 3a33451 and c1c21db)."""
    scope = block if block.type in _SCOPES else _scope_of(block)
    for site in _binding_sites(module, block).get(name, ()):
        if site == own:
            continue
        if site.type == "variable_declarator":
            declaration = site.parent
            kind = declaration.child(0) if declaration is not None else None
            if kind is not None and kind.type == "var" and _scope_of(site) == scope:
                return True  # a second var of it: the same variable
            continue  # a let/const elsewhere is a variable of its own
        if site.type == "for_in_statement" and site.child_by_field_name("kind") is not None:
            kind = site.child_by_field_name("kind")
            if kind is not None and kind.type == "var" and _scope_of(site) == scope:
                return True
            continue
        if not _shadowed(module, site, block, name):
            return True
    return False


def _binding_sites(module: Script, block: Node) -> dict[str, list[Node]]:
    """Each name's nodes in `block` that bind it: declarators, assignments, updates, for-in/of loops; once per block."""
    cache: dict[tuple[int, int], dict[str, list[Node]]] = module.__dict__.setdefault("_binding_sites", {})
    key = (block.start_byte, block.end_byte)
    if key not in cache:
        sites: dict[str, list[Node]] = {}
        for node in descendants(block):
            kind = node.type
            if kind in ("assignment_expression", "augmented_assignment_expression", "for_in_statement"):
                target = node.child_by_field_name("left")
            elif kind == "update_expression":
                target = node.child_by_field_name("argument")
            elif kind == "variable_declarator":
                target = node.child_by_field_name("name")
            else:
                continue
            for name in _pattern_names(module, target):
                sites.setdefault(name, []).append(node)
        cache[key] = sites
    return cache[key]


def _shadowed(module: Script, site: Node, block: Node, name: str) -> bool:
    """Whether, between `site` and `block`, a function (a parameter, its own var/let/const), a catch clause (its
    parameter) or a block (a let/const directly in it) binds a variable of its own named `name`."""
    own = _own_bindings(module)
    node = site.parent
    while node is not None and node != block:
        kind = node.type
        if kind in FUNCTION_TYPES or kind == "method_definition":
            if name in own.get((node.start_byte, node.end_byte), ()):
                return True
        elif kind == "catch_clause":
            if name in _pattern_names(module, node.child_by_field_name("parameter")):
                return True
        elif kind in ("statement_block", "switch_body", "class_static_block"):
            for child in node.named_children:
                cases = child.named_children if child.type == "switch_case" else [child]
                if any(_declares_lexically(module, declaration, name) for declaration in cases):
                    return True
        elif kind == "for_statement":
            if _declares_lexically(module, node.child_by_field_name("initializer"), name):
                return True
        elif kind == "for_in_statement":
            loop = node.child_by_field_name("kind")
            if loop is not None and loop.type in ("let", "const") and name in _pattern_names(module, node.child_by_field_name("left")):
                return True
        node = node.parent
    return False


def _declares_lexically(module: Script, declaration: Node | None, name: str) -> bool:
    """`declaration` is a let/const declaring `name`."""
    if declaration is None or declaration.type != "lexical_declaration":
        return False
    return any(name in _pattern_names(module, d.child_by_field_name("name")) for d in declaration.named_children if d.type == "variable_declarator")


_SCOPES = FUNCTION_TYPES | {"method_definition", "program"}


def _scope_of(node: Node) -> Node | None:
    """The function (or the program) whose variables `node`'s names are, the nearest one around it."""
    parent = node.parent
    while parent is not None and parent.type not in _SCOPES:
        parent = parent.parent
    return parent


def _pattern_names(module: Script, target: Node | None) -> list[str]:
    """The names a binding pattern binds: not those a default value (`x = c`, `{ a = c }`) or a computed key reads."""
    found: list[str] = []
    stack = [target] if target is not None else []
    while stack:
        node = stack.pop()
        if node.type in ("identifier", "shorthand_property_identifier_pattern"):
            found.append(module.source(node))
        elif node.type in ("assignment_pattern", "object_assignment_pattern"):
            left = node.child_by_field_name("left")
            stack += [left] if left is not None else []
        elif node.type == "pair_pattern":
            value = node.child_by_field_name("value")
            stack += [value] if value is not None else []
        elif node.type not in ("computed_property_name", "property_identifier", "member_expression", "subscript_expression"):
            stack += node.named_children
    return found


def _own_bindings(module: Script) -> dict[tuple[int, int], frozenset[str]]:
    """Each function's own variables (its parameters and the declarations whose function it is), by span; once a script."""
    cached: dict[tuple[int, int], frozenset[str]] | None = module.__dict__.get("_own_bindings")
    if cached is not None:
        return cached
    found: dict[tuple[int, int], set[str]] = {}
    for node in descendants(module.tree.root_node):
        if node.type in FUNCTION_TYPES or node.type == "method_definition":
            parameters = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
            found.setdefault((node.start_byte, node.end_byte), set()).update(_pattern_names(module, parameters))
        elif node.type == "variable_declarator":
            scope = _scope_of(node)
            declaration = node.parent
            kind = declaration.child(0) if declaration is not None else None
            # a let/const in a block is that block's, not the whole function's: not counted (review of c1c21db)
            holder = declaration.parent if declaration is not None else None
            function_level = holder is not None and (holder == scope or (holder.type == "statement_block" and holder.parent == scope))
            in_block = kind is not None and kind.type in ("let", "const") and not function_level
            if scope is not None and not in_block:
                found.setdefault((scope.start_byte, scope.end_byte), set()).update(_pattern_names(module, node.child_by_field_name("name")))
    result = {span: frozenset(names) for span, names in found.items()}
    module.__dict__["_own_bindings"] = result
    return result


def _assigned_names(module: Script, block: Node) -> frozenset[str]:
    """The names (and dotted left sides) assigned anywhere in `block`, nested functions too; once per block."""
    cache: dict[tuple[int, int], frozenset[str]] = module.__dict__.setdefault("_assigned_names", {})
    key = (block.start_byte, block.end_byte)
    if key not in cache:
        cache[key] = frozenset(module.source(n.child_by_field_name("left") or n) for n in descendants(block) if n.type == "assignment_expression")
    return cache[key]


def _string(script: Script, node: Node, bindings: dict[str, str] | None) -> str | None:
    node = unwrap(node)
    if bindings and node.type == "identifier" and script.source(node) in bindings:
        return bindings[script.source(node)]
    return literal_string(script, node)


def _parameters(script: Script, function: Node) -> list[str]:
    """A function's plain parameter names in order ("" for a pattern or a default value)."""
    parameters = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
    if parameters is None:
        return []
    if parameters.type == "identifier":  # `api => ...`
        return [script.source(parameters)]
    names = []
    for parameter in parameters.named_children:
        if parameter.type == "comment":
            continue
        plain = parameter.child_by_field_name("pattern") if parameter.type in ("required_parameter", "optional_parameter") else parameter
        names.append(script.source(plain) if plain is not None and plain.type == "identifier" else "")
    return names

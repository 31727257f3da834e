"""Engine, adapter and vendored libraries in a mini game's package, recognised by path or by the banner in their first
bytes (lint/libraries.py): the rules speak of code there as the library's, not the game's."""

from __future__ import annotations

import pytest

from minis_cli.lint.libraries import ADAPTER, ENGINE, HEAD_CHARS, LIBRARIES, LIBRARY, recognise

BY_PATH = [
    ("weapp-adapter.js", "weapp-adapter", ADAPTER),
    ("js/libs/weapp-adapter.min.js", "weapp-adapter", ADAPTER),
    ("adapter-min.js", "Cocos Creator's adapter", ADAPTER),
    ("libs/common/engine/Label.js", "Cocos Creator's adapter", ADAPTER),
    ("web-adapter.6b2f4.js", "Cocos Creator's adapter", ADAPTER),
    ("js/three-minigame-adapter.js", "a mini-game adapter", ADAPTER),
    ("libs/laya.wxmini.js", "LayaAir's mini-game adapter", ADAPTER),
    ("js/libs/modules/egret/egret.wxgame.js", "Egret's mini-game adapter", ADAPTER),
    ("cocos/cocos2d-js-min.4e5a9.js", "Cocos Creator", ENGINE),
    ("cocos-js/cc.js", "Cocos Creator", ENGINE),
    ("libs/min/laya.core.min.js", "LayaAir", ENGINE),
    ("js/libs/modules/egret/egret.min.js", "Egret", ENGINE),
    ("js/phaser.min.js", "Phaser", ENGINE),
    ("js/libs/phaser-arcade-physics.js", "Phaser", ENGINE),
    ("pixi.min.mjs", "PixiJS", ENGINE),
    ("js/three.module.js", "three.js", ENGINE),
    ("webgl.wasm.framework.unityweb.js", "Unity", ENGINE),
    ("Build/game.framework.js", "Unity", ENGINE),
    ("js/protobuf.min.js", "protobuf.js", LIBRARY),
    ("assets/script/socket/socket.io.js", "Socket.IO", LIBRARY),
    ("utils/weapp.socket.io.js", "Socket.IO", LIBRARY),
    ("js/socket.io.slim.min.js", "Socket.IO", LIBRARY),
]


@pytest.mark.parametrize(("path", "name", "kind"), BY_PATH, ids=[p for p, _, _ in BY_PATH])
def test_libraries_are_recognised_by_their_path(path: str, name: str, kind: str) -> None:
    found = recognise(path, "var a = 1;\n")
    assert found is not None and (found.library.name, found.kind) == (name, kind)


BY_HEAD = [
    ('!function(t,e){"object"==typeof exports?module.exports=e():"function"==typeof define&&define.amd?define("Phaser",[],e):t.Phaser=e()}', "Phaser"),
    ("/*!\n * pixi.js - v7.4.3\n * Compiled Thu, 06 Mar 2025\n */var PIXI=function(_){}", "PixiJS"),
    ("/**\n * @license\n * Copyright 2010-2026 Three.js Authors\n * SPDX-License-Identifier: MIT\n */\nconst REVISION = '187';", "three.js"),
    ("/****************************************************************************\n Copyright (c) 2013-2016 Chukong Technologies Inc.", "Cocos Creator"),
    ("//////////////////\n//  Copyright (c) 2014-present, Egret Technology.\n", "Egret"),
    ("/*!\n * Socket.IO v4.7.5\n * (c) 2014-2024 Guillermo Rauch\n * Released under the MIT License.\n */", "Socket.IO"),
    ("(function (modules) {\n if (!GameGlobal.__isAdapterInjected) { GameGlobal.__isAdapterInjected = true; }", "a mini-game adapter"),
    # the shapes of real LayaAir 1/2 library heads (renamed or merged, so the path does not tell)
    ("window.Laya= (function (exports) {\n    'use strict';\n\n    class Config {\n    }", "LayaAir"),  # 2.x laya.core.js
    ('window.Laya=function(t){"use strict";class e{}e.animationInterval=50', "LayaAir"),  # 2.x laya.core.min.js
    (
        "\n/***********************************/\n/*http://www.layabox.com  2017/12/12*/\n/***********************************/\n"
        "var Laya=window.Laya=(function(window,document){\n\tvar Laya={",
        "LayaAir",
    ),  # 1.x laya.core.js
    ("var Laya=window.Laya=function(t,e){var i={__internals:[],__packages:{}", "LayaAir"),  # 1.x, minified
    ("(function (exports, Laya) {\n\t'use strict';\n\n\tclass MathUtils3D {", "LayaAir"),  # 2.x laya.d3.js
    ("\n(function(window,document,Laya){\n\tvar __un=Laya.un,__uns=Laya.uns,__static=Laya.static;", "LayaAir"),  # 1.x laya.ui.js
    ("/****\n Copyright (c) 2017-2018 Xiamen Yaji Software Co., Ltd.\n\n http://www.cocos.com\n", "Cocos Creator"),
    ("/**\n * Spine Runtimes License Agreement\n *\n * Copyright (c) 2013-2020, Esoteric Software LLC\n", "Spine"),
    ('!function(t){var e=n(7),a=n(13),c=n(3)("socket.io-client");t.exports=e}', "Socket.IO"),  # a browserify build's debug name
]


@pytest.mark.parametrize(("head", "name"), BY_HEAD, ids=[n for _, n in BY_HEAD])
def test_libraries_are_recognised_by_the_banner_in_their_first_bytes(head: str, name: str) -> None:
    found = recognise("js/bundle.js", head + "\nvar rest = 1;\n")
    assert found is not None and found.library.name == name
    assert f"the {name} engine" == found.label or found.kind != ENGINE


def test_a_banner_past_the_head_is_not_read() -> None:
    assert recognise("js/bundle.js", " " * HEAD_CHARS + "/*! pixi.js - v7.4.3 */") is None


def test_a_vendor_folder_is_a_library_named_by_its_path_and_the_games_own_code_is_none() -> None:
    found = recognise("js/libs/md5.js", "module.exports = function md5() {};\n")
    assert found is not None and found.kind == LIBRARY and found.label == "the vendored library js/libs/md5.js"
    for path in ("game.js", "js/main.js", "src/scenes/play.js", "js/playlibs.js"):
        assert recognise(path, "GameGlobal.x = 1;\n") is None


def test_a_file_from_beside_the_project_is_a_library() -> None:
    # an Egret module's "path": "../netplay": the build copies it into the game, the developer may not have written it
    found = recognise("../netplay/netplay.js", "var netplay;\n")
    assert found is not None and found.kind == LIBRARY and found.label == "the library netplay.js (from beside the project)"


def test_the_path_decides_before_the_banner_and_the_table_is_well_formed() -> None:
    # a LayaAir platform adapter carries LayaAir's banner: what matters is that it is the adapter
    assert recognise("libs/laya.ttmini.js", "/* LayaAir */ window.Laya = {};").kind == ADAPTER  # type: ignore[union-attr]
    assert len({library.name for library in LIBRARIES}) == len(LIBRARIES)
    assert all(library.kind in (ENGINE, ADAPTER, LIBRARY) and (library.paths or library.signatures) for library in LIBRARIES)


GAME_SCRIPTS = {
    # a game's own script naming the engine in a comment: its findings are the game's, not softened as the engine's
    "src/Main.ts": "// uses LayaAir's Browser to reach the platform\nimport GameConfig from './GameConfig';\nclass Main {\n"
    "  constructor() {\n    if (window['Laya3D']) Laya3D.init(GameConfig.width, GameConfig.height);\n"
    "    else Laya.init(GameConfig.width, GameConfig.height, Laya['WebGL']);\n    window.Laya = Laya;\n  }\n}\n",
    "bin/js/bundle.js": (
        "(function () {\n  'use strict';\n  // LayaAir 2 game, compiled\n  class Main {\n    constructor() { Laya.init(1334, 750); }\n  }\n"
        "  new Main();\n}());\n"
    ),
    # Cocos Creator's new-script template links its docs (cocos2d-x.org, cocos.com) at the top of every game script
    "assets/scripts/GameOver.js": "// Learn cc.Class:\n//  - [Chinese] http://docs.cocos.com/creator/manual/zh/scripting/class.html\n"
    "//  - [English] http://www.cocos2d-x.org/docs/creator/en/scripting/class.html\n// see www.cocos.com\ncc.Class({ extends: cc.Component });\n",
    "assets/scripts/Net.ts": "import io from 'socket.io-client';\n// a DragonBones hero, Esoteric Software's Spine boss, matter-js physics, @pixi/sprite\n"
    "import { Sprite } from '@pixi/sprite';\nvar PIXI = require('pixi.js');\nif (GameGlobal.__isAdapterInjected) egret.registerClass(Hero, 'Hero');\n",
}


@pytest.mark.parametrize("path", list(GAME_SCRIPTS))
def test_a_game_script_that_names_a_library_is_not_one(path: str) -> None:
    assert recognise(path, GAME_SCRIPTS[path]) is None


def test_a_lib_folder_whose_files_import_the_games_modules_is_named_by_its_folder() -> None:
    # held-out round 8 of issue 30: a Cocos game's own platform layer in assets/scripts/framework/lib/platform/, whose
    # files import the game's api/ and manager/ modules, was 'the vendored library'. It stays a library folder (the game
    # picks among its platform_*.ts by platform, which lint does not follow), named as one, not as vendored.
    own = 'import Login from "../../../api/Login";\nimport { cfg } from "./configs/Config";\nexport default class PlatformTT {}\n'
    found = recognise("assets/scripts/framework/lib/platform/platform_tt.ts", own)
    assert found is not None and found.kind == LIBRARY and found.label == "assets/scripts/framework/lib/ (a library folder)"
    found = recognise("js/libs/helpers.js", "var config = require('../config.js');\nmodule.exports = {};\n")
    assert found is not None and found.label == "js/libs/ (a library folder)"
    # imports inside the folder (its own files, a sibling library) or of packages: a vendored library
    for text in ('import { md5 } from "./md5";\nimport { zip } from "../zip/index";\nimport { Vec2 } from "cc";\n', "module.exports = 1;\n"):
        found = recognise("assets/libs/crypto/sha.ts", text)
        assert found is not None and found.label == "the vendored library assets/libs/crypto/sha.ts"

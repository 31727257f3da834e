"""The one SDK declaration (minis_cli/sdk_api.json): well formed, and the docs' table generated from it."""

from __future__ import annotations

import re
from pathlib import Path

from minis_cli.sdk_api import declaration, markdown_reference

ROOT = Path(__file__).resolve().parents[2]
SHAPES = set(declaration()["calls"])


def test_every_api_has_a_doc_page_a_known_shape_and_well_formed_params() -> None:
    for namespace, apis in declaration()["namespaces"].items():
        assert namespace in ("TTMinis", "TTMinis.game") and apis
        for name, spec in apis.items():
            where = f"{namespace}.{name}"
            assert spec["doc"] and spec["call"] in SHAPES, where
            assert re.fullmatch(r"\d+\.\d+\.\d+", spec["since"]) if "since" in spec else True, where
            assert "since_source" in spec if "since" in spec else True, where
            assert spec.get("flag") in (None, "is_success", "isSuccess"), where
            for param, p in (spec.get("params") or {}).items():
                assert set(p) <= {"type", "required", "values"}, (where, param)
                assert p.get("type") in (None, "string", "number", "object", "boolean", "array"), (where, param)


def test_each_namespace_has_only_its_own_apis() -> None:
    drama, game = (declaration()["namespaces"][n] for n in ("TTMinis", "TTMinis.game"))
    assert "addShortcut" not in drama and "getPlayer" not in game
    assert {"getDeviceInfo", "getMenuButtonBoundingClientRect"} <= {n for n, s in drama.items() if s["call"] == "sync"}


def test_the_mock_api_reference_lists_every_declared_api() -> None:
    page = (ROOT / "docs" / "mock-api.md").read_text(encoding="utf-8")
    block = page.split("<!-- gen:sdk-api -->\n\n", 1)[1].split("\n<!-- /gen:sdk-api -->", 1)[0]
    assert block == markdown_reference(), "docs/mock-api.md's SDK table is stale: regenerate it with `make docs-gen`"


def test_ads_declare_their_methods_a_games_preload_from_46_1_and_a_dramas_none() -> None:
    """mini-games-base-library-update-log (SDK 0.33.0 / Client 46.1.0): "RewardedVideoAd, InterstitialAd support load,
    onLoad, offLoad"; a drama's ad has show, onClose, onError, offClose, offError (tiktok-minis-in-app-ads)."""
    from minis_cli.sdk_api import AD_CONSTRUCTORS, AD_METHODS, GAME_AD_METHODS, api_spec

    assert {"show", "onClose", "offClose", "onError", "offError"} == AD_METHODS
    assert AD_METHODS | {"load", "onLoad", "offLoad"} == GAME_AD_METHODS
    for name in AD_CONSTRUCTORS:
        game, drama = api_spec("TTMinis.game", name), api_spec("TTMinis", name)
        assert game is not None and drama is not None
        assert {m: v.get("since") for m, v in game["methods"].items() if v} == {"load": "46.1.0", "onLoad": "46.1.0", "offLoad": "46.1.0"}
        assert set(drama["methods"]) == AD_METHODS and "destroy" not in game["methods"]


def test_the_pages_of_getdeviceinfo_reportevent_and_showsurfacecoupon() -> None:
    from minis_cli.sdk_api import api_spec

    device = api_spec("TTMinis", "getDeviceInfo")
    assert device is not None and device["doc"] == "minis-sdk-ui" and device["returns"] == {"bottomHeight": "number"}
    drama, game = api_spec("TTMinis", "reportEvent"), api_spec("TTMinis.game", "reportEvent")
    assert drama is not None and game is not None
    assert drama["params"]["params"]["required"] is True  # minis-sdk-share: params "Yes"
    assert not game["params"]["params"].get("required") and game["doc"] == "mini-games-sdk-analytics"  # "No"
    coupon = api_spec("TTMinis", "showSurfaceCoupon")
    assert coupon is not None and coupon["result"]["coupon_discount"]["since"] == "45.0.0"

"""The Media Asset API (media-asset-management and its pages): images, videos, mini dramas and their versions,
review on the mock clock, the online version, listing, authorisation of other apps, and play_token only for what
is listed and authorised. A real server on port 0 (the tiktok_mock fixture), every call over HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

DAY = 86_400


class Media:
    """The Media Asset API as a backend calls it, with the app's client token."""

    def __init__(self, tiktok: Any, client_key: str | None = None, client_secret: str | None = None) -> None:
        self.tiktok, self.url = tiktok, tiktok.url
        self.client_key = client_key or tiktok.client_key
        self.form = {"client_key": self.client_key, "client_secret": client_secret or tiktok.client_secret, "grant_type": "client_credentials"}
        self.token, self.expires_at = "", 0.0

    @property
    def headers(self) -> dict[str, str]:
        """The client token, a new one once it has expired on the mock clock (a day's review outlives it)."""
        if self.tiktok.state.now() >= self.expires_at - 60:
            answer = httpx.post(f"{self.url}/v2/oauth/token/", data=self.form).json()
            self.token, self.expires_at = answer["access_token"], self.tiktok.state.now() + answer["expires_in"]
        return {"authorization": f"Bearer {self.token}"}

    def post(self, path: str, body: dict[str, Any]) -> httpx.Response:
        return httpx.post(f"{self.url}{path}", json=body, headers=self.headers)

    def get(self, path: str, **params: Any) -> httpx.Response:
        return httpx.get(f"{self.url}{path}", params={"client_key": self.client_key, **params}, headers=self.headers)

    def ok(self, response: httpx.Response) -> dict[str, Any]:
        """A Media Asset API success: its ErrorStruct's code is "Omitted on success" (media-asset-api-create-mini-drama)."""
        body = response.json()
        assert response.status_code == 200 and body["error"] == {"message": "", "log_id": body["error"]["log_id"]}, body
        assert body["error"]["log_id"] and response.headers["x-tt-logid"] == body["error"]["log_id"]
        return body["data"]

    def played(self, response: httpx.Response) -> dict[str, Any]:
        """A play_token success (its page's copy stops before its ErrorStruct: the mock answers "ok" as before)."""
        body = response.json()
        assert response.status_code == 200 and body["error"]["code"] == "ok", body
        return body["data"]

    def image(self) -> str:
        return self.ok(self.post("/v2/sg/shortdrama/image", {"image_url": "https://example.com/cover.jpg"}))["open_pic_id"]

    def video(self, tiktok: Any, title: str = "Episode 1") -> str:
        job_id = self.ok(self.post("/v2/sg/shortdrama/video/", {"url": "https://example.com/episode-01.mp4", "title": title}))["job_id"]
        tiktok.advance(tiktok.state.settings.media_upload_seconds)
        found = self.ok(self.get("/v2/sg/shortdrama/video", job_id=job_id, byteplus_account_id="3000000000"))
        assert found["upload_status"] == 2
        return found["vid"]

    def album(self) -> int:
        return self.ok(self.post("/v2/sg/shortdrama/album/create/", {}))["album_id"]

    def update(self, album_id: int, episodes: list[dict[str, Any]], **extra: Any) -> httpx.Response:
        body = {"client_key": self.client_key, "album_id": album_id, "operation_type": 1, "episode_info_list": episodes, **extra}
        return self.post("/v2/sg/shortdrama/album/update/", body)

    def play_token(self, episode_id: int) -> httpx.Response:
        return self.get("/v2/sg/shortdrama/play_token/", episode_id=str(episode_id))


def error_of(response: httpx.Response) -> tuple[int, str]:
    body = response.json()
    assert set(body) == {"data", "error"} and body["error"]["log_id"] and body["error"]["message"], body
    return response.status_code, body["error"]["code"]


def listed_album(tiktok: Any, media: Media) -> tuple[int, list[int]]:
    """A mini drama with two episodes, approved, online and listed; its album_id and episode ids."""
    pic, vid = media.image(), media.video(tiktok)
    album_id = media.album()
    info = {"title": "The Heiress Returns", "cover_list": [pic], "album_status": 3}
    episodes = [{"seq": 1, "title": "Ep 1", "vid": vid, "cover_list": [pic]}, {"seq": 2, "title": "Ep 2", "vid": vid}]
    version = media.ok(media.update(album_id, episodes, album_info=info))["version"]
    media.ok(media.post("/v2/sg/shortdrama/album/review/submit/", {"album_id": album_id, "version": version, "priority_score": 2}))
    tiktok.approve_album(album_id, version)
    media.ok(media.post("/v2/sg/shortdrama/album/online_version/", {"album_id": album_id, "version": version}))
    media.ok(media.post("/v2/sg/shortdrama/album/status/", {"album_id": album_id, "status": 1}))
    found = media.ok(media.get("/v2/sg/shortdrama/album/query/", album_id=album_id, version=version))
    return album_id, [e["episode_id"] for e in found["album_version_list"][0]["episode_info_list"]]


def test_the_whole_flow_from_upload_to_play_token(tiktok_mock) -> None:
    media = Media(tiktok_mock)
    pic = media.image()
    assert isinstance(pic, str) and len(pic) == 32

    job = media.ok(media.post("/v2/sg/shortdrama/video/", {"url": "https://example.com/episode-01.mp4", "title": "Episode 1"}))
    assert job["job_id"].startswith("vod:job:")
    polled = media.ok(media.get("/v2/sg/shortdrama/video", job_id=job["job_id"], byteplus_account_id="3000000000"))
    assert polled["upload_status"] != 2 and not polled.get("vid")  # still uploading on the mock clock
    tiktok_mock.advance(tiktok_mock.state.settings.media_upload_seconds)
    polled = media.ok(media.get("/v2/sg/shortdrama/video", job_id=job["job_id"], byteplus_account_id="3000000000"))
    assert polled["upload_status"] == 2 and polled["vid"].startswith("v0d")
    vid = polled["vid"]
    assert media.ok(media.get("/v2/sg/shortdrama/video", vid=vid, byteplus_account_id="3000000000"))["vid"] == vid

    album_id = media.album()
    assert isinstance(album_id, int) and album_id > 2**62  # an int64 id, as the docs' 7300000000000000001
    info = {"title": "The Heiress Returns", "cover_list": [pic], "album_status": 2}
    one = media.ok(media.update(album_id, [{"seq": 1, "title": "Ep 1", "vid": vid}], album_info=info))
    assert one == {"album_id": album_id, "version": 1}
    two = media.ok(media.update(album_id, [{"seq": 1, "title": "Ep 1", "vid": vid}, {"seq": 2, "title": "Ep 2", "vid": vid}], version=1))
    assert two["version"] == 2
    stale = media.update(album_id, [{"seq": 1, "vid": vid}], version=1)  # not the latest: a concurrent edit
    assert error_of(stale)[0] == 400
    versions = media.ok(media.get("/v2/sg/shortdrama/album/query/", album_id=album_id))["album_version_list"]
    assert [v["version"] for v in versions] == [1, 2]
    assert len(versions[0]["episode_info_list"]) == 1 and len(versions[1]["episode_info_list"]) == 2  # earlier versions unchanged
    assert versions[1]["album_info"]["title"] == "The Heiress Returns"  # carried over from the draft before

    # not yet reviewed: it cannot go online
    assert error_of(media.post("/v2/sg/shortdrama/album/online_version/", {"album_id": album_id, "version": 2}))[0] == 400
    media.ok(media.post("/v2/sg/shortdrama/album/review/submit/", {"album_id": album_id, "version": 2, "priority_score": 2}))
    reviewing = media.ok(media.get("/v2/sg/shortdrama/album/query/", album_id=album_id, version=2))["album_version_list"][0]
    assert reviewing["review_status"] == 2
    tiktok_mock.advance(tiktok_mock.state.settings.media_review_seconds)  # the review takes its time on the mock clock
    approved = media.ok(media.get("/v2/sg/shortdrama/album/query/", album_id=album_id, version=2))["album_version_list"][0]
    assert approved["review_status"] == 3
    episode_ids = [e["episode_id"] for e in approved["episode_info_list"]]

    assert error_of(media.play_token(episode_ids[0])) == (400, "episode_not_playable")  # approved, not listed
    # listing needs an online version first
    assert error_of(media.post("/v2/sg/shortdrama/album/status/", {"album_id": album_id, "status": 1}))[0] == 400
    media.ok(media.post("/v2/sg/shortdrama/album/online_version/", {"album_id": album_id, "version": 2}))
    assert media.ok(media.post("/v2/sg/shortdrama/album/status/", {"album_id": album_id, "status": 1}))["status"] == 1
    token = media.played(media.play_token(episode_ids[1]))
    assert token["play_auth_token"].startswith("pat.")

    media.ok(media.post("/v2/sg/shortdrama/album/status/", {"album_id": album_id, "status": 2}))  # delisted
    assert error_of(media.play_token(episode_ids[1])) == (400, "episode_not_playable")

    logged = [r["endpoint"] for r in tiktok_mock.requests]
    for endpoint in ("media_image", "media_video", "media_video_query", "album_create", "album_update", "album_review_submit", "album_query"):
        assert endpoint in logged
    assert "album_online_version" in logged and "album_status" in logged and logged.count("play_token") == 3


def test_a_rejection_from_the_outcome_queue_and_the_control_api(tiktok_mock) -> None:
    media = Media(tiktok_mock)
    vid, album_id = media.video(tiktok_mock), media.album()
    media.ok(media.update(album_id, [{"seq": 1, "vid": vid}], album_info={"title": "T"}))
    tiktok_mock.queue_outcome("albumReview", "reject")
    media.ok(media.post("/v2/sg/shortdrama/album/review/submit/", {"album_id": album_id, "version": 1}))
    tiktok_mock.advance(DAY - 1)
    assert media.ok(media.get("/v2/sg/shortdrama/album/query/", album_id=album_id))["album_version_list"][0]["review_status"] == 2
    tiktok_mock.advance(1)
    rejected = media.ok(media.get("/v2/sg/shortdrama/album/query/", album_id=album_id))["album_version_list"][0]
    assert rejected["review_status"] == 4 and rejected["reject_reason"]
    assert error_of(media.post("/v2/sg/shortdrama/album/online_version/", {"album_id": album_id, "version": 1}))[0] == 400

    # a new version, decided at once from the control API
    media.ok(media.update(album_id, [{"seq": 1, "vid": vid}]))
    media.ok(media.post("/v2/sg/shortdrama/album/review/submit/", {"album_id": album_id, "version": 2}))
    decided = httpx.post(f"{tiktok_mock.url}/_mock/albums/{album_id}/review", json={"version": 2, "outcome": "approve"})
    assert decided.status_code == 200 and decided.json()["review_status"] == 3
    listed = httpx.get(f"{tiktok_mock.url}/_mock/albums").json()["albums"]
    assert [a["album_id"] for a in listed] == [album_id] and [v["review_status"] for v in listed[0]["versions"]] == [4, 3]
    bad = httpx.post(f"{tiktok_mock.url}/_mock/albums/{album_id}/review", json={"version": 2, "outcome": "maybe"})
    assert bad.status_code == 400


def test_authorised_apps_play_and_others_do_not(tiktok_mock) -> None:
    owner = Media(tiktok_mock)
    album_id, episodes = listed_album(tiktok_mock, owner)
    other_app = tiktok_mock.add_app("awsister01", "sister-secret")
    sister = Media(tiktok_mock, other_app.client_key, other_app.client_secret)
    assert error_of(sister.play_token(episodes[0])) == (400, "episode_not_playable")
    # another app cannot manage the owner's mini drama
    assert error_of(sister.post("/v2/sg/shortdrama/album/status/", {"album_id": album_id, "status": 2}))[0] == 400

    granted = owner.ok(
        owner.post("/v2/sg/shortdrama/album/authorize/", {"album_id": album_id, "operate_type": 1, "client_key_list": [other_app.client_key, "awunknown9"]})
    )
    results = {r["client_key"]: r for r in granted["client_key_result"]}
    assert results[other_app.client_key]["success"] is True and results["awunknown9"]["success"] is False
    assert sister.played(sister.play_token(episodes[0]))["play_auth_token"].startswith("pat.")

    owner.ok(owner.post("/v2/sg/shortdrama/album/authorize/", {"album_id": album_id, "operate_type": 2, "client_key_list": [other_app.client_key]}))
    assert error_of(sister.play_token(episodes[0])) == (400, "episode_not_playable")


@pytest.mark.tiktok_mock(media_authorize_delay_seconds=1800)
def test_an_authorisation_takes_effect_after_the_configured_delay(tiktok_mock) -> None:
    owner = Media(tiktok_mock)
    album_id, episodes = listed_album(tiktok_mock, owner)
    other_app = tiktok_mock.add_app("awsister02", "sister-secret")
    sister = Media(tiktok_mock, other_app.client_key, other_app.client_secret)
    owner.ok(owner.post("/v2/sg/shortdrama/album/authorize/", {"album_id": album_id, "operate_type": 1, "client_key_list": [other_app.client_key]}))
    assert error_of(sister.play_token(episodes[0]))[1] == "episode_not_playable"
    tiktok_mock.advance(1800)
    assert sister.played(sister.play_token(episodes[0]))["play_auth_token"]


def test_errors_in_tiktoks_shape(tiktok_mock) -> None:
    media = Media(tiktok_mock)
    no_token = httpx.post(f"{tiktok_mock.url}/v2/sg/shortdrama/album/create/", json={})
    assert error_of(no_token) == (401, "access_token_invalid")
    code = tiktok_mock.issue_code()
    user = httpx.post(
        f"{tiktok_mock.url}/v2/oauth/token/",
        data={"client_key": tiktok_mock.client_key, "client_secret": tiktok_mock.client_secret, "grant_type": "authorization_code", "code": code},
    ).json()["access_token"]
    user_call = httpx.post(f"{tiktok_mock.url}/v2/sg/shortdrama/image", json={"image_url": "https://e.com/a.jpg"}, headers={"authorization": f"Bearer {user}"})
    assert error_of(user_call) == (401, "access_token_invalid")  # a user token is not the client token

    assert error_of(media.post("/v2/sg/shortdrama/image", {})) == (400, "invalid_params")
    assert error_of(media.post("/v2/sg/shortdrama/image", {"image_url": "ftp://example.com/a.jpg"})) == (400, "invalid_params")
    assert error_of(media.post("/v2/sg/shortdrama/video/", {"url": "https://example.com/e.mp4"}))[1] == "invalid_params"  # no title
    assert error_of(media.post("/v2/sg/shortdrama/video/", {}))[1] == "invalid_params"
    assert error_of(media.get("/v2/sg/shortdrama/video", job_id="vod:job:1"))[1] == "invalid_params"  # no byteplus_account_id
    assert error_of(media.get("/v2/sg/shortdrama/video", job_id="vod:job:1", byteplus_account_id="3"))[1] == "invalid_params"

    album_id = media.album()
    assert error_of(media.update(album_id, [{"seq": 1, "vid": "v0d000nothere00000000000000000000"}], album_info={"title": "T"}))[1] == "invalid_params"
    vid = media.video(tiktok_mock)
    too_many = [{"seq": n, "vid": vid} for n in range(1, 402)]
    assert error_of(media.update(album_id, too_many, album_info={"title": "T"}))[1] == "invalid_params"  # 400 episodes at most
    assert error_of(media.update(album_id, [{"seq": 1, "vid": vid}]))[1] == "invalid_params"  # album_info the first time
    wrong_key = media.post("/v2/sg/shortdrama/album/update/", {"client_key": "awother", "album_id": album_id, "album_info": {"title": "T"}})
    assert error_of(wrong_key)[1] == "invalid_params"
    assert error_of(media.post("/v2/sg/shortdrama/album/review/submit/", {"album_id": album_id, "version": 9}))[1] == "invalid_params"
    assert error_of(media.post("/v2/sg/shortdrama/album/status/", {"album_id": album_id, "status": 3}))[1] == "invalid_params"
    assert error_of(media.post("/v2/sg/shortdrama/album/status/", {"album_id": 1, "status": 1}))[1] == "invalid_params"
    assert error_of(media.get("/v2/sg/shortdrama/album/query/", album_id="x"))[1] == "invalid_params"
    assert error_of(httpx.post(f"{tiktok_mock.url}/v2/sg/shortdrama/album/create/", content=b"{", headers=media.headers))[1] == "invalid_params"
    # errors are logged too, with their code
    assert any(r["endpoint"] == "album_status" and r["error"] == "invalid_params" for r in tiktok_mock.requests)


def test_a_success_omits_the_error_code_and_an_error_has_one(tiktok_mock) -> None:
    """The pages' ErrorStruct: code is "The error code. Omitted on success." (media-asset-api-create-mini-drama,
    Nov 24, 2026); a refusal still carries its code."""
    media = Media(tiktok_mock)
    created = media.post("/v2/sg/shortdrama/album/create/", {})
    body = created.json()
    assert created.status_code == 200 and "code" not in body["error"] and body["error"]["message"] == "" and body["error"]["log_id"]
    assert set(body["data"]) == {"album_id"}
    refused = media.post("/v2/sg/shortdrama/album/status/", {"album_id": body["data"]["album_id"], "status": 9})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_params"


def test_a_failed_upload_from_the_outcome_queue(tiktok_mock) -> None:
    media = Media(tiktok_mock)
    tiktok_mock.queue_outcome("videoUpload", "fail")
    job_id = media.ok(media.post("/v2/sg/shortdrama/video/", {"url": "https://example.com/broken.mp4", "title": "Broken"}))["job_id"]
    tiktok_mock.advance(tiktok_mock.state.settings.media_upload_seconds)
    found = media.ok(media.get("/v2/sg/shortdrama/video", job_id=job_id, byteplus_account_id="3000000000"))
    assert found["upload_status"] == 3 and not found.get("vid")


def test_play_tokens_for_episodes_the_media_store_does_not_know_stay_as_before(tiktok_mock) -> None:
    media = Media(tiktok_mock)
    assert media.played(media.play_token(7300000000000000002))["play_auth_token"].startswith("pat.")
    tiktok_mock.configure(media_play_control="strict")
    assert error_of(media.play_token(7300000000000000002)) == (400, "episode_not_playable")


def test_the_media_store_survives_a_restart_and_reset_clears_it(tmp_path) -> None:
    from minis_cli.mock import MockTikTok

    state = tmp_path / "state.sqlite3"
    with MockTikTok(state=state, client_key="awmedia01", client_secret="media-secret") as tiktok:
        album_id, episodes = listed_album(tiktok, Media(tiktok))
    with MockTikTok(state=state, client_key="awmedia01", client_secret="media-secret") as tiktok:
        media = Media(tiktok)
        assert media.played(media.play_token(episodes[0]))["play_auth_token"]
        assert [a["album_id"] for a in tiktok.albums] == [album_id]
        tiktok.reset()
        assert tiktok.albums == []


def test_an_old_state_file_gains_the_media_tables(tmp_path) -> None:
    """A state file from before the Media Asset API (no media tables) opens, and the API works on it."""
    import sqlite3

    from minis_cli.mock import MockTikTok

    state = tmp_path / "old.sqlite3"
    with MockTikTok(state=state, client_key="awold0001", client_secret="old-secret"):
        pass
    db = sqlite3.connect(state)
    for table in ("media_images", "media_videos", "albums", "album_versions", "album_episodes", "album_grants"):
        db.execute(f"DROP TABLE IF EXISTS {table}")
    db.commit()
    db.close()
    with MockTikTok(state=state, client_key="awold0001", client_secret="old-secret") as tiktok:
        media = Media(tiktok)
        assert media.album() > 0


def test_the_pytest_plugin_drives_a_review(tiktok_mock) -> None:
    """The example the README gives: a backend's publishing code against the fixture, the review decided by the
    test (approve_album / reject_album) or left to the mock clock (advance)."""
    media = Media(tiktok_mock)
    vid, album_id = media.video(tiktok_mock), media.album()
    media.ok(media.update(album_id, [{"seq": 1, "vid": vid}], album_info={"title": "Pilot"}))
    media.ok(media.post("/v2/sg/shortdrama/album/review/submit/", {"album_id": album_id, "version": 1}))
    result = tiktok_mock.reject_album(album_id, reason="The cover has text over the safe area")
    assert result["review_status"] == 4 and tiktok_mock.albums[0]["versions"][0]["reject_reason"].startswith("The cover")
    with pytest.raises(ValueError):
        tiktok_mock.approve_album(album_id, 1)  # already decided

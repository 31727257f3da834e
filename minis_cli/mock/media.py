"""The Media Asset API's state (media-asset-management and its pages, Nov 24 to Dec 3, 2026): images, videos,
mini dramas ("albums") and their versions, review on the mock clock, the online version, listing, and the other
apps an owner lets play an album. The routes are in routes/media.py; the tables in store.py's SCHEMA.

What the docs say, and the mock does: an album is created empty (album/create/ -> album_id, an int64); every
album/update/ makes a new version and leaves the earlier ones unchanged, up to 400 episodes a version, and an
update naming a `version` that is not the latest fails (concurrent edits); album_info is required the first time,
its album_status is 1 not released, 2 updating, 3 completed (a top-level album_status is not used); a version is
submitted for review (1-3 business days, up to 5 at peak; priority_score 1 urgent within a daily quota, 2 normal);
only an approved version can be set as the online version; an album is listed (1) or delisted (2), listing needs an
online version; a listed album's online version is what plays; video uploads from a URL are asynchronous (job_id,
polled with byteplus_account_id until upload_status is 2, then the vid; given job_id and vid, the query uses vid);
only a vid from Upload or Query a Mini Drama Video can be used in an episode; an image upload gives an open_pic_id
for cover_list, the mini drama's or an episode's (media-asset-api-upload-image); authorised apps may play an album
without uploading it again (within 30 minutes).

Mock-only (the stored copies keep each page's first ~2,000 characters, cut before these; research/
media-asset-and-tti.md says what each page's copy shows; docs/mock-api.md, "The Media Asset API"): the episode list's name
`episode_info_list` and its items' seq, vid and title; album_info.title being required; the response fields other
than album_id, job_id, vid, upload_status, open_pic_id, album_version_list and client_key_result; the review_status
values 1 draft, 2 in review, 3 approved, 4 rejected; upload_status 1 (uploading) and 3 (failed); priority_score's
default 2; authorize's `client_key_list` and operate_type 1 (grant) / 2 (remove); the episode ids the mock gives;
how long an upload, a review and an authorisation take (settings); the urgent review quota's size.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .randomness import token_bytes, token_hex
from .state import MockState

MAX_EPISODES = 400  # media-asset-api-update-mini-drama: "A version can contain up to 400 episodes"
FIRST_ALBUM_ID = 7_300_000_000_000_000_001  # the docs' example album_id; the mock counts up from it
FIRST_EPISODE_ID = 7_400_000_000_000_000_001  # mock-only
MAX_INT64 = 2**63 - 1
DRAFT, REVIEWING, APPROVED, REJECTED = 1, 2, 3, 4  # review_status (mock-only values)
UPLOADING, UPLOADED, UPLOAD_FAILED = 1, 2, 3  # upload_status: 2 is the docs'; 1 and 3 are mock-only
LISTED, DELISTED = 1, 2  # album/status/ (the docs)
GRANT, REMOVE = 1, 2  # authorize's operate_type (mock-only values)
DEFAULT_REJECT_REASON = "Rejected by the mock's review (mock-only reason)"


class MediaError(ValueError):
    """A request the Media Asset API refuses: answered as invalid_params with this message."""


@dataclass(frozen=True)
class Album:
    album_id: int
    client_key: str
    online_version: int | None
    status: int  # 0: never listed (mock-only), 1 listed, 2 delisted
    created_at: float


_ALBUM_COLUMNS = "album_id, client_key, online_version, status, created_at"


def _album(row: tuple[Any, ...] | None) -> Album | None:
    return Album(*row) if row else None


# --- images and videos ---------------------------------------------------------------------------------


def add_image(state: MockState, client_key: str, image_url: str) -> str:
    open_pic_id = token_hex(16)  # 32 hex characters, as the docs' b4c45eb643861b84b3b678a2f20e7acd
    state.store._write("INSERT INTO media_images VALUES (?, ?, ?, ?)", (open_pic_id, client_key, image_url, state.now()))
    return open_pic_id


def add_video(state: MockState, client_key: str, url: str | None, title: str | None, vid: str | None = None) -> dict[str, Any]:
    """An upload from `url` (a job; ready after media_upload_seconds, or failed per the outcome queue), or the
    import of a video already in BytePlus (`vid`: ready at once)."""
    now = state.now()
    if vid is not None:
        with state.store.lock:
            row = state.store.db.execute("SELECT client_key FROM media_videos WHERE vid = ?", (vid,)).fetchone()
        if row is not None and row[0] != client_key:
            raise MediaError(f"vid {vid} belongs to another mini app")
        if row is None:
            state.store._write("INSERT INTO media_videos VALUES (?, NULL, ?, NULL, ?, ?, 0, ?)", (vid, client_key, title, now, now))
        return {"vid": vid}
    failed = state.take_outcome("videoUpload") == "fail"
    new_vid = "v0d000" + token_hex(13)
    job_id = f"vod:job:{int.from_bytes(token_bytes(6), 'big')}"
    state.store._write(
        "INSERT INTO media_videos VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (new_vid, job_id, client_key, url, title, now + state.settings.media_upload_seconds, int(failed), now),
    )
    return {"job_id": job_id}


def video(state: MockState, client_key: str, job_id: str | None, vid: str | None) -> dict[str, Any]:
    """Query a Mini Drama Video: by vid when given, else by job_id."""
    column, value = ("vid", vid) if vid else ("job_id", job_id)
    with state.store.lock:
        row = state.store.db.execute(f"SELECT vid, job_id, client_key, url, title, ready_at, failed FROM media_videos WHERE {column} = ?", (value,)).fetchone()
    if row is None or row[2] != client_key:
        raise MediaError(f"no video with {column} {value}")
    found_vid, found_job, _, url, title, ready_at, failed = row
    status = UPLOAD_FAILED if failed and ready_at <= state.now() else UPLOADED if ready_at <= state.now() else UPLOADING
    answer: dict[str, Any] = {"upload_status": status, "job_id": found_job, "title": title, "url": url}
    if status == UPLOADED:
        answer["vid"] = found_vid
    return answer


def _ready_vids(state: MockState, client_key: str, vids: set[str]) -> set[str]:
    if not vids:
        return set()
    marks = ",".join("?" * len(vids))
    with state.store.lock:
        rows = state.store.db.execute(
            f"SELECT vid FROM media_videos WHERE client_key = ? AND failed = 0 AND ready_at <= ? AND vid IN ({marks})", (client_key, state.now(), *vids)
        ).fetchall()
    return {r[0] for r in rows}


def _own_pictures(state: MockState, client_key: str, ids: set[str]) -> set[str]:
    if not ids:
        return set()
    marks = ",".join("?" * len(ids))
    with state.store.lock:
        rows = state.store.db.execute(f"SELECT open_pic_id FROM media_images WHERE client_key = ? AND open_pic_id IN ({marks})", (client_key, *ids)).fetchall()
    return {r[0] for r in rows}


# --- albums and versions -------------------------------------------------------------------------------


def create_album(state: MockState, client_key: str) -> int:
    with state.store._atomic():
        top = state.store.db.execute("SELECT MAX(album_id) FROM albums").fetchone()[0]
        album_id = FIRST_ALBUM_ID if top is None else top + 1
        state.store.db.execute("INSERT INTO albums VALUES (?, ?, NULL, 0, ?)", (album_id, client_key, state.now()))
    return album_id


def album(state: MockState, album_id: int, client_key: str | None = None) -> Album:
    """The album (of `client_key`'s app when given: another app's album is "not found", as TikTok leaks nothing)."""
    with state.store.lock:
        row = state.store.db.execute(f"SELECT {_ALBUM_COLUMNS} FROM albums WHERE album_id = ?", (album_id,)).fetchone()
    found = _album(row)
    if found is None or (client_key is not None and found.client_key != client_key):
        raise MediaError(f"no mini drama {album_id} of this mini app")
    return found


def settle(state: MockState, album_id: int | None = None) -> None:
    """Reviews whose time has come on the mock clock get the outcome chosen when they were submitted."""
    sql = (
        "UPDATE album_versions SET review_status = CASE outcome WHEN 'approve' THEN 3 ELSE 4 END, reviewed_at = review_due"
        " WHERE review_status = 2 AND review_due <= ?"
    )
    args: tuple[Any, ...] = (state.now(),)
    if album_id is not None:
        sql += " AND album_id = ?"
        args += (album_id,)
    with state.store.lock:
        due = state.store.db.execute("SELECT 1 FROM album_versions WHERE review_status = 2 AND review_due <= ? LIMIT 1", (state.now(),)).fetchone()
        if due is not None:
            state.store._write(sql, args)


_VERSION_COLUMNS = "album_id, version, album_info, episodes, review_status, outcome, reason, priority, submitted_at, review_due, reviewed_at, created_at"


def versions(state: MockState, album_id: int, version: int | None = None) -> list[dict[str, Any]]:
    sql = f"SELECT {_VERSION_COLUMNS} FROM album_versions WHERE album_id = ?"
    args: tuple[Any, ...] = (album_id,)
    if version is not None:
        sql += " AND version = ?"
        args += (version,)
    with state.store.lock:
        rows = state.store.db.execute(sql + " ORDER BY version", args).fetchall()
    return [
        {
            "album_id": r[0],
            "version": r[1],
            "album_info": json.loads(r[2]),
            "episode_info_list": json.loads(r[3]),
            "review_status": r[4],
            "reject_reason": (r[6] or DEFAULT_REJECT_REASON) if r[4] == REJECTED else None,
            "priority_score": r[7],
            "submitted_at": r[8],
            "review_due": r[9] if r[4] == REVIEWING else None,
            "reviewed_at": r[10],
            "created_at": r[11],
        }
        for r in rows
    ]


def _checked_covers(state: MockState, client_key: str, value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value) or len(value) > 20:
        raise MediaError(f"{where}cover_list must be a list of open_pic_id strings (from /v2/sg/shortdrama/image)")
    unknown = set(value) - _own_pictures(state, client_key, set(value))
    if unknown:
        raise MediaError(f"{where}cover_list: no image {sorted(unknown)[0]} of this mini app (upload it with /v2/sg/shortdrama/image)")
    return value


def update_album(state: MockState, client_key: str, body: dict[str, Any]) -> dict[str, Any]:
    """album/update/: a new version from the latest one, with the album_info and episodes given (the others kept)."""
    album_id = int64(body.get("album_id"), "album_id")
    found = album(state, album_id, client_key)
    operation = body.get("operation_type", 1)
    if operation != 1:
        raise MediaError("operation_type must be 1 (create or update the draft)")
    latest = versions(state, album_id)
    latest_version = latest[-1]["version"] if latest else 0
    expected = body.get("version")
    if expected is not None:
        if isinstance(expected, bool) or not isinstance(expected, int):
            raise MediaError("version must be a whole number")
        if expected != latest_version:
            raise MediaError(f"version {expected} is not the latest version ({latest_version}): another edit came first; query the mini drama and retry")
    info = dict(latest[-1]["album_info"]) if latest else {}
    given = body.get("album_info")
    if given is None and not latest:
        raise MediaError("album_info is required the first time you upload the mini drama's metadata")
    if given is not None:
        if not isinstance(given, dict):
            raise MediaError("album_info must be an object")
        info.update(given)
    title = info.get("title")
    if not isinstance(title, str) or not title.strip():
        raise MediaError("album_info.title must be a non-empty string")
    if "album_status" in info and info["album_status"] not in (1, 2, 3):
        raise MediaError("album_info.album_status must be 1 (not released), 2 (updating) or 3 (completed)")
    if "cover_list" in info:
        _checked_covers(state, client_key, info["cover_list"], "album_info.")
    episodes = latest[-1]["episode_info_list"] if latest else []
    if "episode_info_list" in body:
        episodes = _checked_episodes(state, client_key, album_id, body["episode_info_list"])
    version = latest_version + 1
    state.store._write(
        "INSERT INTO album_versions (album_id, version, album_info, episodes, review_status, created_at) VALUES (?, ?, ?, ?, 1, ?)",
        (found.album_id, version, json.dumps(info), json.dumps(episodes), state.now()),
    )
    return {"album_id": album_id, "version": version}


def _checked_episodes(state: MockState, client_key: str, album_id: int, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        raise MediaError("episode_info_list must be a list of episode objects")
    if len(value) > MAX_EPISODES:
        raise MediaError(f"a version can contain up to {MAX_EPISODES} episodes, not {len(value)}")
    seen: set[int] = set()
    episodes = []
    for n, item in enumerate(value):
        seq, vid = item.get("seq"), item.get("vid")
        if isinstance(seq, bool) or not isinstance(seq, int) or not 1 <= seq <= MAX_EPISODES or seq in seen:
            raise MediaError(f"episode_info_list[{n}].seq must be a whole number from 1 to {MAX_EPISODES}, each once")
        seen.add(seq)
        if not isinstance(vid, str) or not vid:
            raise MediaError(f"episode_info_list[{n}].vid is required (from Upload a Mini Drama Video)")
        if "title" in item and not isinstance(item["title"], str):
            raise MediaError(f"episode_info_list[{n}].title must be a string")
        if "cover_list" in item:
            _checked_covers(state, client_key, item["cover_list"], f"episode_info_list[{n}].")
        episodes.append(dict(item))
    vids = {e["vid"] for e in episodes}
    missing = vids - _ready_vids(state, client_key, vids)
    if missing:
        raise MediaError(f"vid {sorted(missing)[0]} is not an uploaded video of this mini app (only a vid from Upload or Query a Mini Drama Video can be used)")
    ids = _episode_ids(state, album_id, sorted(seen))
    for episode in episodes:
        episode["episode_id"] = ids[episode["seq"]]
    return sorted(episodes, key=lambda e: e["seq"])


def _episode_ids(state: MockState, album_id: int, seqs: list[int]) -> dict[int, int]:
    """Each episode's id: one per album and seq, kept across versions (mock-only ids)."""
    with state.store._atomic():
        db = state.store.db
        ids = {seq: eid for eid, seq in db.execute("SELECT episode_id, seq FROM album_episodes WHERE album_id = ?", (album_id,))}
        top = db.execute("SELECT MAX(episode_id) FROM album_episodes").fetchone()[0]
        next_id = FIRST_EPISODE_ID if top is None else top + 1
        for seq in seqs:
            if seq not in ids:
                db.execute("INSERT INTO album_episodes VALUES (?, ?, ?)", (next_id, album_id, seq))
                ids[seq] = next_id
                next_id += 1
    return ids


def submit_review(state: MockState, client_key: str, album_id: int, version: int, priority: int) -> dict[str, Any]:
    album(state, album_id, client_key)
    settle(state, album_id)
    found = versions(state, album_id, version)
    if not found:
        raise MediaError(f"mini drama {album_id} has no version {version}")
    current = found[0]
    if current["review_status"] == REVIEWING:
        raise MediaError(f"version {version} is already in review")
    if current["review_status"] == APPROVED:
        raise MediaError(f"version {version} has already passed review")
    if not current["episode_info_list"]:
        raise MediaError(f"version {version} has no episodes to review")
    now = state.now()
    if priority == 1:
        with state.store.lock:
            used = state.store.db.execute(
                "SELECT COUNT(*) FROM album_versions v JOIN albums a USING (album_id) WHERE a.client_key = ? AND v.priority = 1 AND v.submitted_at > ?",
                (client_key, now - 86_400),
            ).fetchone()[0]
        if used >= state.settings.media_urgent_daily_quota:
            raise MediaError(f"the daily quota of urgent reviews ({state.settings.media_urgent_daily_quota}) is used up: submit with priority_score 2")
    outcome = state.take_outcome("albumReview") or state.settings.media_review_outcome
    state.store._write(
        "UPDATE album_versions SET review_status = 2, outcome = ?, reason = NULL, priority = ?, submitted_at = ?, review_due = ?, reviewed_at = NULL"
        " WHERE album_id = ? AND version = ?",
        (outcome, priority, now, now + state.settings.media_review_seconds, album_id, version),
    )
    return {"album_id": album_id, "version": version, "review_status": REVIEWING}


def decide_review(state: MockState, album_id: int, version: int | None, outcome: str, reason: str | None = None) -> dict[str, Any]:
    """The control API's review decision, now: `version` (default: the one in review) approved or rejected."""
    if outcome not in ("approve", "reject"):
        raise ValueError("outcome must be approve or reject")
    if reason is not None and (not isinstance(reason, str) or len(reason) > 1000):
        raise ValueError("reason must be a string of at most 1000 characters")
    album(state, album_id)
    settle(state, album_id)
    found = [v for v in versions(state, album_id) if v["review_status"] == REVIEWING and (version is None or v["version"] == version)]
    if not found:
        which = f"version {version}" if version is not None else "no version"
        raise ValueError(f"mini drama {album_id}: {which} is not in review (submit it with album/review/submit/ first)")
    chosen = found[-1]["version"]
    status = APPROVED if outcome == "approve" else REJECTED
    state.store._write(
        "UPDATE album_versions SET review_status = ?, outcome = ?, reason = ?, reviewed_at = ? WHERE album_id = ? AND version = ?",
        (status, outcome, reason if outcome == "reject" else None, state.now(), album_id, chosen),
    )
    return {"album_id": album_id, "version": chosen, "review_status": status}


def set_online_version(state: MockState, client_key: str, album_id: int, version: int) -> dict[str, Any]:
    album(state, album_id, client_key)
    settle(state, album_id)
    found = versions(state, album_id, version)
    if not found:
        raise MediaError(f"mini drama {album_id} has no version {version}")
    if found[0]["review_status"] != APPROVED:
        raise MediaError(f"version {version} has not passed review: only an approved version can be the online version")
    state.store._write("UPDATE albums SET online_version = ? WHERE album_id = ?", (version, album_id))
    return {"album_id": album_id, "version": version}


def set_status(state: MockState, client_key: str, album_id: int, status: int) -> dict[str, Any]:
    found = album(state, album_id, client_key)
    if status == LISTED and found.online_version is None:
        raise MediaError("set the mini drama's online version (album/online_version/) before you list it")
    state.store._write("UPDATE albums SET status = ? WHERE album_id = ?", (status, album_id))
    return {"album_id": album_id, "status": status}


def authorize(state: MockState, client_key: str, album_id: int, operate_type: int, client_keys: list[str]) -> dict[str, Any]:
    album(state, album_id, client_key)
    results = []
    effective = state.now() + state.settings.media_authorize_delay_seconds
    for key in client_keys:
        if key == client_key:
            results.append({"client_key": key, "success": False, "message": "the owning mini app needs no authorisation"})
        elif state.store.app(key) is None:
            results.append({"client_key": key, "success": False, "message": "not a mini app this developer may authorise (mock: not an app the mock knows)"})
        elif operate_type == GRANT:
            state.store._write("INSERT OR REPLACE INTO album_grants VALUES (?, ?, ?)", (album_id, key, effective))
            results.append({"client_key": key, "success": True, "message": ""})
        else:
            state.store._write("DELETE FROM album_grants WHERE album_id = ? AND client_key = ?", (album_id, key))
            results.append({"client_key": key, "success": True, "message": ""})
    return {"client_key_result": results}


# --- playback --------------------------------------------------------------------------------------------


def playable(state: MockState, client_key: str, episode_id: str) -> bool | None:
    """Whether `client_key`'s app may get a play token for the episode: its album listed, the episode in the
    online version, the app the owner or authorised (and the authorisation in effect). None: an episode the
    media store does not know (an id the backend has from elsewhere)."""
    if not episode_id.isdigit() or len(episode_id) > 19:
        return None
    with state.store.lock:
        db = state.store.db
        row = db.execute(
            "SELECT e.seq, a.album_id, a.client_key, a.online_version, a.status FROM album_episodes e JOIN albums a USING (album_id) WHERE e.episode_id = ?",
            (int(episode_id),),
        ).fetchone()
        if row is None:
            return None
        seq, album_id, owner, online, status = row
        if status != LISTED or online is None:
            return False
        if owner != client_key:
            grant = db.execute("SELECT effective_at FROM album_grants WHERE album_id = ? AND client_key = ?", (album_id, client_key)).fetchone()
            if grant is None or grant[0] > state.now():
                return False
        episodes = db.execute("SELECT episodes FROM album_versions WHERE album_id = ? AND version = ?", (album_id, online)).fetchone()
    return episodes is not None and any(e.get("seq") == seq for e in json.loads(episodes[0]))


# --- views (the control API, the Python API) --------------------------------------------------------------


def albums_view(state: MockState) -> list[dict[str, Any]]:
    settle(state)
    with state.store.lock:
        rows = state.store.db.execute(f"SELECT {_ALBUM_COLUMNS} FROM albums ORDER BY album_id").fetchall()
        grants = state.store.db.execute("SELECT album_id, client_key, effective_at FROM album_grants ORDER BY album_id, client_key").fetchall()
    return [
        {
            "album_id": a.album_id,
            "client_key": a.client_key,
            "status": a.status,
            "online_version": a.online_version,
            "created_at": a.created_at,
            "authorized": [{"client_key": g[1], "effective_at": g[2]} for g in grants if g[0] == a.album_id],
            "versions": versions(state, a.album_id),
        }
        for a in (Album(*r) for r in rows)
    ]


def int64(value: Any, name: str) -> int:
    """An int64 id as JSON gives it: a number, or a string of digits (the docs: keep 64-bit precision)."""
    if isinstance(value, str) and value.isdigit() and len(value) <= 19:
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_INT64:
        raise MediaError(f"{name} must be an int64 id")
    return value

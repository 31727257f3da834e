"""A --state file (and dev's .minis/mock.sqlite3, which arrives with a checkout) is untrusted input: one minis-py did
not write is refused with a clear error naming it, never run (triggers) and never a 500 later."""

from __future__ import annotations

import json
import sqlite3

import pytest

from minis_cli.mock.store import StateFileError, Store


def test_a_state_file_with_a_trigger_is_refused(tmp_path) -> None:
    path = tmp_path / "mock.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE IF NOT EXISTS evil (x TEXT)")
    db.execute("CREATE TRIGGER plant AFTER INSERT ON users BEGIN INSERT INTO evil VALUES ('ran'); END")
    db.commit()
    db.close()
    with pytest.raises(StateFileError, match=r"holds a trigger \(plant\): not a state file minis-py wrote"):
        Store(path)


def test_a_state_file_with_a_damaged_row_is_a_clear_error(tmp_path) -> None:
    path = tmp_path / "mock.sqlite3"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO users VALUES (?, ?, ?)", ("mallory", 9, json.dumps({"name": "mallory", "follower_count": "lots"})))
    db.commit()
    db.close()
    with pytest.raises(StateFileError, match="holds a value minis-py cannot read") as caught:
        Store(path)
    assert str(path) in caught.value.message and caught.value.hint


def test_garbage_and_links_are_refused(tmp_path) -> None:
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StateFileError, match="is not a mock state file"):
        Store(garbage)
    link = tmp_path / "link.sqlite3"
    link.symlink_to(tmp_path / "elsewhere.sqlite3")
    with pytest.raises(StateFileError, match="is a symbolic link"):
        Store(link)
    assert not (tmp_path / "elsewhere.sqlite3").exists()


def test_mock_serve_names_the_bad_state_file(tmp_path, cli) -> None:
    garbage = tmp_path / "state.sqlite3"
    garbage.write_bytes(b"\x00" * 4096)
    run = cli("mock", "serve", "--state", str(garbage), "--port", "0")
    assert run.exit_code == 2 and "is not a mock state file" in run.stderr and "Traceback" not in run.stderr

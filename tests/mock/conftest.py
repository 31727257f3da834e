"""Fixtures the mock's test modules share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from test_webhooks import Receiver  # this folder is on sys.path (pytest prepends it)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A local backend that records the webhooks it gets."""
    found = Receiver()
    yield found
    found.close()

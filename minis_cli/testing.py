"""pytest plugin (entry point pytest11): the mock TikTok as the `tiktok_mock` fixture.

    def test_refresh(tiktok_mock):
        code = tiktok_mock.issue_code()
        ...

One server per test session, reset before each test; `@pytest.mark.tiktok_mock(access_ttl=60,
error_status="4xx")` sets settings for one test.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .mock import MockTikTok


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "tiktok_mock(**settings): settings for the tiktok_mock fixture in this test "
        "(access_ttl, refresh_ttl, code_ttl, client_ttl, rotate_refresh, error_status, rate_limit, "
        "rate_limit_per_minute, lenient_fields, redirect_uris, silent_login_scope, scope_errors)",
    )


@pytest.fixture(scope="session")
def tiktok_mock_server() -> Iterator[MockTikTok]:
    """The session's mock TikTok server (started on first use, on 127.0.0.1 and a free port)."""
    from .mock import MockTikTok

    server = MockTikTok().start()
    yield server
    server.stop()


@pytest.fixture
def tiktok_mock(request: pytest.FixtureRequest, tiktok_mock_server: MockTikTok) -> MockTikTok:
    """The mock TikTok, reset to its seeded state, with this test's marker settings applied."""
    from .mock.settings import MockSettings

    tiktok_mock_server.reset()
    marker = request.node.get_closest_marker("tiktok_mock")
    if marker is not None:
        if marker.args:
            raise pytest.UsageError("@pytest.mark.tiktok_mock takes settings as keywords, e.g. tiktok_mock(access_ttl=60)")
        unknown = sorted(set(marker.kwargs) - set(MockSettings.names()))
        if unknown:
            raise pytest.UsageError(f"unknown tiktok_mock setting {unknown[0]!r}; known: {', '.join(MockSettings.names())}")
        try:
            tiktok_mock_server.configure(**marker.kwargs)
        except ValueError as exc:
            raise pytest.UsageError(f"@pytest.mark.tiktok_mock: {exc}") from None
    return tiktok_mock_server

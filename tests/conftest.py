"""Shared fixtures: a real Redis server for the tests that need one (see tests/support/redis_server.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.support.redis_server import RedisNotInstalled, RedisServer, redis_server_binary, redis_skipped


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One redis-server on a free loopback port for the whole session; killed at its end.

    A missing ``redis-server`` fails the tests that need it, with the way to install it; they
    are skipped only when ``NEWSCRAWL_SKIP_REDIS=1`` is set.
    """
    if redis_skipped():
        pytest.skip("NEWSCRAWL_SKIP_REDIS is set: Redis tests skipped")
    try:
        redis_server_binary()
    except RedisNotInstalled as exc:
        pytest.fail(str(exc), pytrace=False)
    server = RedisServer(tmp_path_factory.mktemp("redis-session"))
    server.start()
    try:
        yield server
    finally:
        server.kill()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> Iterator[str]:
    """The URL of an empty database of the session's server (flushed before and after the test)."""
    import redis

    url = redis_server.url(db=0)
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
        yield url
        client.flushdb()
    finally:
        client.close()


@pytest.fixture
def restartable_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A server of the test's own, with AOF on, that the test may stop, kill and start again."""
    if redis_skipped():
        pytest.skip("NEWSCRAWL_SKIP_REDIS is set: Redis tests skipped")
    try:
        redis_server_binary()
    except RedisNotInstalled as exc:
        pytest.fail(str(exc), pytrace=False)
    server = RedisServer(tmp_path / "redis", appendonly=True)
    server.start()
    try:
        yield server
    finally:
        server.kill()


LEDGER_BACKENDS = ["sqlite", "redis"]


@pytest.fixture(params=LEDGER_BACKENDS)
def ledger_backend(request: pytest.FixtureRequest) -> str:
    """Each ledger contract test runs once per backend."""
    return str(request.param)


@pytest.fixture
def open_test_ledger(ledger_backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    """``open_test_ledger(**options)``: a ledger of the test's backend (same data on every call)."""
    from newscrawl.ledger import open_ledger

    base: dict[str, Any] = {}
    if ledger_backend == "redis":
        base["url"] = request.getfixturevalue("redis_url")

    def opener(data_dir: Path = tmp_path, **options: Any) -> Any:
        return open_ledger(data_dir, backend=ledger_backend, **base, **options)

    return opener

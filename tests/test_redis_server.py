"""The test Redis server helper: loopback, free port, AOF survives a restart, a kill is a crash."""

from __future__ import annotations

import redis

from tests.support.redis_server import HOST, RedisServer


def test_session_server_answers_on_loopback(redis_url: str) -> None:
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.ping()
        assert client.connection_pool.connection_kwargs["host"] == HOST
        assert client.dbsize() == 0  # flushed for each test
        client.set("k", "v")
        assert client.get("k") == b"v"
    finally:
        client.close()


def test_restart_keeps_port_and_aof_data(restartable_redis: RedisServer) -> None:
    port = restartable_redis.port
    client = redis.Redis.from_url(restartable_redis.url())
    client.set("kept", "1")
    client.close()
    restartable_redis.restart()
    assert restartable_redis.port == port and restartable_redis.running
    client = redis.Redis.from_url(restartable_redis.url())
    try:
        assert client.get("kept") == b"1"
        assert client.config_get("appendonly")["appendonly"] == "yes"
    finally:
        client.close()


def test_kill_stops_the_process(tmp_path) -> None:
    server = RedisServer(tmp_path / "r").start()
    pid = server.process.pid if server.process else None
    assert pid is not None and server.running
    server.kill()
    assert not server.running
    client = redis.Redis.from_url(server.url(), socket_connect_timeout=1)
    try:
        try:
            client.ping()
            reached = True
        except redis.ConnectionError:
            reached = False
        assert not reached
    finally:
        client.close()


def test_server_is_bounded_in_time(tmp_path) -> None:
    server = RedisServer(tmp_path / "r", lifetime=0.5).start()
    process = server.process
    assert process is not None
    process.wait(timeout=30)  # the lifetime timer killed it
    assert not server.running


def test_missing_binary_fails_with_the_way_to_install_it(monkeypatch) -> None:
    import pytest

    from tests.support import redis_server

    monkeypatch.setattr(redis_server.shutil, "which", lambda name: None)
    with pytest.raises(
        redis_server.RedisNotInstalled, match=r"apt-get install -y redis-server.*NEWSCRAWL_SKIP_REDIS=1"
    ):
        redis_server.redis_server_binary()

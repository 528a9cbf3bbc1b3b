"""The Redis ledger's own promises: atomic commits across processes, faults, layout, namespaces."""

from __future__ import annotations

import hashlib
import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import redis

from newscrawl.ledger import (
    Ingested,
    LedgerConfigError,
    LedgerUnavailableError,
    open_ledger,
    redis_format,
)
from newscrawl.ledger import redis as redis_backend
from tests.support.redis_server import RedisServer, free_port

ROUNDS = 400


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# Two of these race: the same article under two URL variants (one identity), the same content
# under two different URLs, and two different contents under one URL; one commit per call, in
# the same order, started together.
RACER = textwrap.dedent(
    """
    import hashlib, json, sys, time
    import redis
    from newscrawl.ledger import Ingested, open_ledger

    url, name, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    scheme = "https://www." if name == "a" else "http://"
    sha = lambda text: hashlib.sha256(text.encode()).hexdigest()
    ledger = open_ledger("unused", backend="redis", url=url)
    gate = redis.Redis.from_url(url)
    gate.incr("race:ready")
    deadline = time.monotonic() + 60
    while int(gate.get("race:ready")) < 2 and time.monotonic() < deadline:
        pass
    out = []
    for i in range(rounds):
        same_url = Ingested(f"{scheme}news.example/story/{i}", sha(f"story {i}"))
        same_text = Ingested(f"https://{name}.example/copy/{i}", sha(f"copy {i}"))
        edit = Ingested(f"https://news.example/edit/{i}", sha(f"{name}'s version {i}"))
        for kind, item in (("url", same_url), ("text", same_text), ("edit", edit)):
            commit = ledger.commit_many([item])[0]
            out.append([kind, i, item.canonical_url, commit.revision, commit.status, commit.duplicate_of])
    print(json.dumps(out))
    """
)


def test_two_processes_racing_never_both_commit_a_new_article(redis_url: str, tmp_path: Path) -> None:
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, redis_url, name, str(ROUNDS)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=300)
        assert racer.returncode == 0, err
        results += json.loads(out)
    by_round: dict[tuple[str, int], list[list]] = {}
    for kind, i, url, revision, status, duplicate_of in results:
        by_round.setdefault((kind, i), []).append([url, revision, status, duplicate_of])
    assert len(by_round) == 3 * ROUNDS
    wins = {"a": 0, "b": 0}
    for (kind, _i), commits in by_round.items():
        if kind == "edit":  # one first version, then one revision on top of it: never two revision 1s
            assert sorted((c[1], c[2]) for c in commits) == [(1, "new"), (2, "revised")], commits
            continue
        new = [c for c in commits if c[2] == "new" and c[3] is None]
        assert len(new) == 1, commits  # exactly one winner
        winner, loser = new[0], next(c for c in commits if c is not new[0])
        if kind == "url":  # the loser sees the winner's record: same revision, nothing new
            assert loser[1:] == [1, "unchanged", None]
        else:  # the loser is recorded as a copy of the winner's article
            assert loser[1:] == [1, "new", winner[0]]
        wins["a" if winner[0].startswith(("https://www.", "https://a.")) else "b"] += 1
    with open_ledger(tmp_path, backend="redis", url=redis_url) as ledger:
        assert ledger.count() == 4 * ROUNDS  # one per story and per edited page, two per copied text
        edited = ledger.get(f"https://news.example/edit/{ROUNDS - 1}")
        assert edited is not None and edited.revision == 2
        story = ledger.get(f"https://news.example/story/{ROUNDS - 1}")
        assert story is not None and story.revision == 1
    print(f"race wins: {wins}")


def test_threads_with_their_own_connections_agree_too(redis_url: str, tmp_path: Path) -> None:
    import threading

    ledgers = [open_ledger(tmp_path, backend="redis", url=redis_url) for _ in range(4)]
    statuses: list[str] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        for i in range(150):
            commit = ledgers[n].commit_many([Ingested(f"https://t.example/{i}", sha(f"t{i}"))])[0]
            with lock:
                statuses.append(commit.status)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert statuses.count("new") == 150 and statuses.count("unchanged") == 450
    for ledger in ledgers:
        ledger.close()


def test_unreachable_server_is_one_clear_error(tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    with pytest.raises(LedgerUnavailableError, match=f"cannot reach the Redis ledger at {url}"):
        open_ledger(tmp_path, backend="redis", url=url)


def test_a_url_is_required(tmp_path: Path) -> None:
    with pytest.raises(LedgerConfigError, match="NEWSCRAWL_REDIS_URL"):
        open_ledger(tmp_path, backend="redis")


def test_missing_redis_py_names_the_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redis_backend, "redis_py", None)
    with pytest.raises(LedgerConfigError, match=r"pip install 'newscrawl\[redis\]'"):
        open_ledger(tmp_path, backend="redis", url="redis://127.0.0.1:1/0")


def test_prefixes_are_separate_ledgers(redis_url: str, tmp_path: Path) -> None:
    with (
        open_ledger(tmp_path, backend="redis", url=redis_url, prefix="one:") as one,
        open_ledger(tmp_path, backend="redis", url=redis_url, prefix="two:") as two,
    ):
        one.record("https://example.com/a", sha("a"))
        assert one.seen("https://example.com/a") and not two.seen("https://example.com/a")
        assert two.count() == 0 and one.count() == 1
    client = redis.Redis.from_url(redis_url)
    assert all(key.startswith((b"one:", b"two:")) for key in client.keys("*"))
    client.close()


def test_records_are_compact_listpack_buckets(redis_url: str, tmp_path: Path) -> None:
    with open_ledger(tmp_path, backend="redis", url=redis_url, buckets=16) as ledger:
        urls = [f"https://www.example-news.com/world/2025/03/14/a-long-story-slug-{i}" for i in range(500)]
        ledger.record_many(Ingested(url, sha(url), site="example") for url in urls)
        assert ledger.seen_many(urls) == set(urls)
    client = redis.Redis.from_url(redis_url)
    try:
        records = client.keys("newscrawl:u:*")
        assert len(records) == 16  # 500 URLs in 16 hashes, not one key per URL
        assert {client.object("encoding", key) for key in records} == {b"listpack"}
        assert client.hlen("newscrawl:u:0") > 10
    finally:
        client.close()


def test_default_server_config_is_warned_about_and_still_correct(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with RedisServer(tmp_path / "plain", config={}) as server:
        with (
            caplog.at_level(logging.WARNING),
            open_ledger(tmp_path, backend="redis", url=server.url()) as ledger,
        ):
            url = "https://www.example-news.com/" + "x" * 120  # a record bigger than 64 bytes
            assert ledger.record(url, sha("a"), etag='"e"') == 1
            assert ledger.get(url).etag == '"e"'  # type: ignore[union-attr]
        assert "hash-max-listpack-value 64" in caplog.text


def test_collisions_are_harmless_for_requested_urls(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(redis_format, "identity_hash", lambda identity: b"\x07" * 8)
    with open_ledger(tmp_path, backend="redis", url=redis_url) as ledger:
        ledger.record_many([Ingested("https://e.com/a", sha("a"), requested_url="https://e.com/s/1")])
        ledger.record_many([Ingested("https://e.com/b", sha("b"), requested_url="https://e.com/s/2")])
        assert ledger.for_request("https://e.com/s/1").canonical_url == "https://e.com/a"  # type: ignore[union-attr]
        assert ledger.for_request("https://e.com/s/2").canonical_url == "https://e.com/b"  # type: ignore[union-attr]
        assert ledger.for_request("https://e.com/s/3") is None
        assert ledger.touch_fetched("https://e.com/b", etag='"b"') and not ledger.touch_fetched(
            "https://e.com/c"
        )
        assert ledger.get("https://e.com/a").etag is None  # type: ignore[union-attr]


def test_ledger_survives_a_redis_restart_with_aof(restartable_redis: RedisServer, tmp_path: Path) -> None:
    with open_ledger(tmp_path, backend="redis", url=restartable_redis.url()) as ledger:
        ledger.record("https://example.com/a", sha("a"), signature=ledger.signature("some words " * 20))
        restartable_redis.restart()  # the script cache is gone, the connection too; the data is not
        assert ledger.seen("https://example.com/a")
        assert ledger.record("https://example.com/a", sha("b")) == 2
        assert ledger.find_near_duplicate("some words " * 20) == "https://example.com/a"


def test_a_server_gone_mid_crawl_raises_a_ledger_error(
    restartable_redis: RedisServer, tmp_path: Path
) -> None:
    ledger = open_ledger(tmp_path, backend="redis", url=restartable_redis.url())
    try:
        restartable_redis.kill()
        with pytest.raises(LedgerUnavailableError, match="lost the Redis ledger"):
            ledger.record("https://example.com/a", sha("a"))
        with pytest.raises(LedgerUnavailableError, match="lost the Redis ledger"):
            ledger.seen_many(["https://example.com/a"])
    finally:
        ledger.close()


@pytest.mark.parametrize("lookup", ["get", "seen_many", "for_request_many"])
def test_pipelined_lookups_survive_a_script_cache_lost_after_their_script_check(
    redis_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lookup: str
) -> None:
    """What a retried pipeline meets after a Redis restart: redis-py checked the scripts before the
    first attempt, the server that answers the retry has none (``NOSCRIPT``)."""
    side = redis.Redis.from_url(redis_url)
    original = redis.client.Pipeline.load_scripts
    flushed: list[bool] = []

    def load_then_lose(pipe: redis.client.Pipeline) -> None:
        original(pipe)
        if not flushed:
            flushed.append(side.script_flush() is not None)

    with open_ledger(tmp_path, backend="redis", url=redis_url) as ledger:
        ledger.record("https://example.com/a", sha("a"))
        monkeypatch.setattr(redis.client.Pipeline, "load_scripts", load_then_lose)
        if lookup == "get":
            entry = ledger.get("https://example.com/a")
            assert entry is not None and entry.content_sha256 == sha("a")
        elif lookup == "seen_many":
            assert ledger.seen_many(["https://example.com/a", "https://example.com/b"]) == {
                "https://example.com/a"
            }
        else:
            found = ledger.for_request_many(["https://example.com/a", "https://example.com/b"])
            assert [e and e.canonical_url for e in found] == ["https://example.com/a", None]
    assert flushed == [True]  # the server really lost the script in the middle
    side.close()

"""The Redis client of the shared mode: one per crawler, retrying through a Redis restart."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.exceptions import BusyLoadingError, ConnectionError, TimeoutError
from redis.retry import Retry

# The longest pause between two attempts while Redis is away (seconds).
BACKOFF_CAP = 2.0
BACKOFF_BASE = 0.1


class RedisUnavailable(SystemExit):
    """Redis cannot be reached: the crawl stops with this one-line message and exit status 1."""

    def __init__(self, url: str, reason: object) -> None:
        super().__init__(
            f"newscrawl: cannot reach Redis at {redacted(url)} (NEWSCRAWL_REDIS_URL): {reason}. "
            "Start Redis or fix the URL."
        )


def redacted(url: str) -> str:
    """``url`` without its password (for messages).

    >>> redacted("redis://:secret@10.0.0.5:6379/0")
    'redis://10.0.0.5:6379/0'
    """
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return parts._replace(netloc=netloc).geturl()


def connect(url: str, retry_seconds: float) -> redis.Redis:
    """A client for ``url`` that retries commands with backoff for about ``retry_seconds``
    (a Redis restart, an AOF still loading) and a first ping that fails fast and clearly."""
    attempts = max(1, int(retry_seconds / BACKOFF_CAP) + 4)
    client: Any = redis.Redis.from_url(
        url,
        retry=Retry(ExponentialBackoff(cap=BACKOFF_CAP, base=BACKOFF_BASE), attempts),
        retry_on_error=[BusyLoadingError, ConnectionError, TimeoutError],
        socket_connect_timeout=5,
        socket_timeout=30,
        health_check_interval=30,
    )
    try:
        _ping_once(url)
    except (ConnectionError, TimeoutError, OSError, ValueError) as exc:
        raise RedisUnavailable(url, _reason(exc)) from None
    return client


def _ping_once(url: str) -> None:
    """One PING without retries: an unreachable Redis at start is an error, not a wait."""
    probe = redis.Redis.from_url(
        url, socket_connect_timeout=5, socket_timeout=5, retry=Retry(ExponentialBackoff(), 0)
    )
    try:
        probe.ping()
    finally:
        probe.close()


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0].rstrip(".")

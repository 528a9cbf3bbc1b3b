"""canonicalize_url, registered_domain and host_matches."""

from __future__ import annotations

import socket

import pytest

from newscrawl.normalize import urls
from newscrawl.normalize.urls import canonicalize_url, host_matches, registered_domain, strip_tracking


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # scheme/host lower-cased, default port and fragment dropped, path case kept, "www." kept
        ("HTTPS://WWW.Example.COM:443/News/Story#top", "https://www.example.com/News/Story"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        # tracking parameters
        (
            "https://example.com/a?utm_source=x&UTM_Campaign=y&fbclid=1&gclid=2&dclid=3&msclkid=4"
            "&mc_cid=5&mc_eid=6&yclid=7&_ga=8&igshid=9&ref=home&cmpid=10&ocid=11&id=42",
            "https://example.com/a?id=42",
        ),
        # remaining query parameters sorted, blank values kept
        ("https://example.com/a?b=2&a=1&c=", "https://example.com/a?a=1&b=2&c="),
        # AMP variants
        ("https://example.com/news/story/amp/", "https://example.com/news/story"),
        ("https://example.com/amp/news/story", "https://example.com/news/story"),
        ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
        ("https://example.com/news/story?amp=1", "https://example.com/news/story"),
        ("https://example.com/news/story?amp", "https://example.com/news/story"),
        ("https://example.com/news/story?outputType=amp&page=2", "https://example.com/news/story?page=2"),
        (
            "https://example.com/news/story?outputType=print",
            "https://example.com/news/story?outputType=print",
        ),
        # trailing slash removed except at the root
        ("https://example.com/news/story/", "https://example.com/news/story"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/", "https://example.com/"),
        # non-HTTP and malformed input come back as given
        ("mailto:desk@example.com", "mailto:desk@example.com"),
        ("  ", ""),
        ("http://[::1", "http://[::1"),
    ],
)
def test_canonicalize_url(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


def test_canonicalize_is_idempotent() -> None:
    once = canonicalize_url("https://Example.com/a/amp/?z=1&utm_medium=x&a=%C3%BC#f")
    assert canonicalize_url(once) == once


def test_canonical_hint_same_site_is_used() -> None:
    url = "https://m.example.com/news/123?utm_source=tw"
    assert (
        canonicalize_url(url, "https://www.example.com/news/123-slug/")
        == "https://www.example.com/news/123-slug"
    )


def test_canonical_hint_relative_is_joined() -> None:
    assert canonicalize_url("https://example.com/x/a?ref=1", "/news/a") == "https://example.com/news/a"


def test_canonical_hint_other_domain_is_ignored() -> None:
    assert canonicalize_url("https://example.com/a", "https://aggregator.net/a") == "https://example.com/a"


def test_canonical_hint_homepage_is_ignored() -> None:
    assert (
        canonicalize_url("https://example.com/news/a", "https://example.com/") == "https://example.com/news/a"
    )


def test_canonical_hint_non_http_is_ignored() -> None:
    assert canonicalize_url("https://example.com/a", "javascript:void(0)") == "https://example.com/a"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.bbc.co.uk/a", "bbc.co.uk"),
        ("https://www.trtworld.com/a", "trtworld.com"),
        ("HTTPS://WWW.EXAMPLE.COM.", "example.com"),
        ("example.com/path", "example.com"),
        ("https://alice.github.io/post", "alice.github.io"),
        ("http://localhost:8000/a", "localhost"),
        ("http://127.0.0.1:8000/a", "127.0.0.1"),
        ("", ""),
        ("not a url", ""),
    ],
)
def test_registered_domain(url: str, expected: str) -> None:
    assert registered_domain(url) == expected


def test_registered_domain_never_uses_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    urls._extractor.cache_clear()  # build the extractor again, with the network cut
    assert registered_domain("https://a.b.example.co.jp/x") == "example.co.jp"


@pytest.mark.parametrize(
    ("url", "domains", "expected"),
    [
        ("https://example.com/a", ["example.com"], True),
        ("https://www.news.example.com/a", ["example.com"], True),
        ("https://WWW.Example.com/a", ["EXAMPLE.COM"], True),
        ("https://badexample.com/a", ["example.com"], False),
        ("https://example.com.evil.net/a", ["example.com"], False),
        ("https://example.com/a", ["www.example.com"], False),
        ("http://localhost:8000/a", ["localhost"], True),
        ("http://localhost:8000/a", ["http://localhost:8000/"], True),
        ("https://example.com/a", [], False),
        ("not a url", ["example.com"], False),
    ],
)
def test_host_matches(url: str, domains: list[str], expected: bool) -> None:
    assert host_matches(url, domains) is expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.com/a/?utm_source=x&id=3&fbclid=y#top", "https://Example.com/a/?id=3"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?b=2&a=1"),  # order and case kept
        ("https://example.com/a", "https://example.com/a"),
    ],
)
def test_strip_tracking_keeps_the_rest(url: str, expected: str) -> None:
    assert strip_tracking(url) == expected


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:abc/", "http://news.example:99999/", "http://", "ftp://news.example/", "news.example"],
)
def test_a_start_url_the_crawl_cannot_request_is_refused_before_it_starts(url: str) -> None:
    from newscrawl.spiders.news import parse_start_urls

    with pytest.raises(ValueError, match="is not an http"):
        parse_start_urls(f"https://news.example/,{url}")
    assert parse_start_urls("https://news.example/, http://[::1]:8080/a") == [
        "https://news.example/",
        "http://[::1]:8080/a",
    ]

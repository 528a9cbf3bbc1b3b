"""``links_to_site_page`` reads plain http(s) URLs without urllib; every kind of reference must
give the answer that resolving it with urllib gives."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest

from newscrawl.extraction.text import host_of, links_to_site_page

PAGE = "https://www.example.com/news/2025/story.html"
HREFS = [
    "https://www.example.com/news/other.html",
    "HTTPS://WWW.EXAMPLE.COM/Sport/",
    "http://example.com/a?b=c#d",
    "https://example.com:8443/a",
    "//www.example.com/a",
    "//other.example/a",
    "https://www.example.com",
    "https://www.example.com/",
    "https://www.example.com?page=2",
    "https://www.example.com/news/2025/story.html#comments",
    "https://www.example.com/news/2025/story.html?ref=home",
    "https://user@www.example.com/a",
    "https://[2001:db8::1]/a",
    "https://www.example.com/a\tb",
    "https://example.com./a",
    "https://sub.example.com/a",
    "ftp://www.example.com/a",
    "https:/www.example.com/a",
    "other.html",
    "../sport/",
    "?page=2",
]


def _resolved(href: str) -> bool:
    target = urljoin(PAGE, href.strip())
    path = urlsplit(target).path
    return host_of(target) == host_of(PAGE) and path not in ("", "/", urlsplit(PAGE).path)


@pytest.mark.parametrize("href", HREFS)
def test_a_reference_reads_as_urllib_resolves_it(href: str) -> None:
    assert links_to_site_page(href, PAGE, host_of(PAGE), urlsplit(PAGE).path) is _resolved(href)


def test_the_page_itself_its_home_and_other_hosts_are_not_site_pages() -> None:
    host, page = host_of(PAGE), urlsplit(PAGE).path
    assert links_to_site_page("https://www.example.com/sport/", PAGE, host, page)
    assert not links_to_site_page("https://example.com/", PAGE, host, page)
    assert not links_to_site_page("https://www.example.com/news/2025/story.html", PAGE, host, page)
    assert not links_to_site_page("https://elsewhere.example/sport/", PAGE, host, page)

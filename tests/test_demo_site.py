"""The bundled demo news site: server behaviour, discovery files and the expected-data fixture."""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urljoin, urlsplit
from urllib.request import HTTPRedirectHandler, Request, build_opener

import lxml.etree
import lxml.html
import pytest

from newscrawl.demo import DemoServer
from newscrawl.demo.server import SITE_DIR

EXPECTED_FILE = Path(__file__).parent / "fixtures" / "demo_expected.json"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = build_opener(_NoRedirect)


class Response:
    """Status, headers and body of one HTTP exchange (redirects not followed)."""

    def __init__(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body


def fetch(url: str, headers: dict[str, str] | None = None, method: str = "GET") -> Response:
    request = Request(url, headers=headers or {}, method=method)
    try:
        with _opener.open(request, timeout=10) as r:
            return Response(r.status, dict(r.headers.items()), r.read())
    except HTTPError as e:
        with e:
            return Response(e.code, dict(e.headers.items()), e.read())


@pytest.fixture(scope="module")
def server() -> Iterator[DemoServer]:
    with DemoServer() as s:
        yield s


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(EXPECTED_FILE.read_text(encoding="utf-8"))
    return data


def pages(expected: dict[str, Any], *kinds: str) -> list[dict[str, Any]]:
    return [p for p in expected["pages"] if not kinds or p["kind"] in kinds]


def xml(body: bytes) -> Any:
    return lxml.etree.fromstring(body)


# -- discovery files ---------------------------------------------------------------------------


def test_robots_txt_points_to_sitemap_index(server: DemoServer) -> None:
    r = fetch(server.url("/robots.txt"))
    assert r.status == 200
    assert r.headers["Content-Type"].startswith("text/plain")
    lines = r.body.decode().splitlines()
    assert f"Sitemap: {server.base_url}/sitemap_index.xml" in lines
    assert "User-agent: *" in lines
    assert not any(line.strip() == "Disallow: /" for line in lines)


def test_sitemap_index_lists_both_sitemaps(server: DemoServer) -> None:
    root = xml(fetch(server.url("/sitemap_index.xml")).body)
    assert root.tag == f"{{{NS['sm']}}}sitemapindex"
    locs = root.xpath("//sm:sitemap/sm:loc/text()", namespaces=NS)
    assert locs == [server.url("/sitemap-news.xml"), server.url("/sitemap-pages.xml")]
    for loc in locs:
        assert fetch(loc).status == 200


def test_news_sitemap_lists_expected_articles(server: DemoServer, expected: dict[str, Any]) -> None:
    root = xml(fetch(server.url("/sitemap-news.xml")).body)
    urls = root.xpath("//sm:url", namespaces=NS)
    listed = {u.findtext("sm:loc", namespaces=NS): u for u in urls}
    want = {server.url(p["path"]) for p in expected["pages"] if p["in_news_sitemap"]}
    assert set(listed) == want
    for page in pages(expected, "article"):
        entry = listed[server.url(page["path"])]
        news = entry.find("news:news", namespaces=NS)
        assert news is not None
        assert news.findtext("news:publication/news:name", namespaces=NS)
        assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
        assert news.findtext("news:title", namespaces=NS) == page["expected"]["headline"]
        date = news.findtext("news:publication_date", namespaces=NS)
        assert date.replace("Z", "+00:00") == page["expected"]["date_published"]
        assert news.findtext("news:keywords", namespaces=NS) == ", ".join(page["expected"]["tags"])


def test_pages_sitemap_has_lastmod(server: DemoServer, expected: dict[str, Any]) -> None:
    root = xml(fetch(server.url("/sitemap-pages.xml")).body)
    locs = root.xpath("//sm:url/sm:loc/text()", namespaces=NS)
    assert set(locs) == {server.url(p["path"]) for p in expected["pages"] if p["in_pages_sitemap"]}
    assert len(root.xpath("//sm:url/sm:lastmod", namespaces=NS)) == len(locs)


def test_rss_feed_parses(server: DemoServer, expected: dict[str, Any]) -> None:
    r = fetch(server.url("/feed.xml"))
    assert r.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = xml(r.body)
    assert root.tag == "rss" and root.get("version") == "2.0"
    items = root.xpath("/rss/channel/item")
    links = [i.findtext("link") for i in items]
    assert set(links) == {server.url(p["path"]) for p in expected["pages"] if p["in_feed"]}
    dates = [parsedate_to_datetime(i.findtext("pubDate")) for i in items]
    assert all(d.tzinfo is not None for d in dates)
    assert dates == sorted(dates, reverse=True)


def test_homepage_advertises_feed(server: DemoServer) -> None:
    doc = lxml.html.fromstring(fetch(server.url("/")).body)
    hrefs = doc.xpath('//link[@rel="alternate"][@type="application/rss+xml"]/@href')
    assert hrefs == [server.url("/feed.xml")]


# -- traps -------------------------------------------------------------------------------------


def test_wrong_charset_page_is_utf8_bytes_declared_latin1(
    server: DemoServer, expected: dict[str, Any]
) -> None:
    (page,) = [p for p in pages(expected, "article") if p.get("content_type")]
    r = fetch(server.url(page["path"]))
    assert r.headers["Content-Type"] == "text/html; charset=iso-8859-1"
    assert b'content="text/html; charset=iso-8859-1"' in r.body
    text = r.body.decode("utf-8")  # strict: the bytes really are UTF-8
    assert "Café" in text and "€" in text and "“" in text
    assert page["expected"]["body_paragraphs"][1] in text.replace("&#x27;", "'")


def test_unknown_path_is_404_html(server: DemoServer) -> None:
    r = fetch(server.url("/world/live/storm-coverage-2025"))
    assert r.status == 404
    assert r.headers["Content-Type"].startswith("text/html")
    assert b"Not Found" in r.body


def test_tracking_parameters_serve_the_same_bytes(server: DemoServer, expected: dict[str, Any]) -> None:
    (variant,) = [p for p in pages(expected, "duplicate-url") if "utm_source=" in p["path"]]
    plain = fetch(server.url(variant["canonical_path"]))
    tracked = fetch(server.url(variant["path"]))
    assert tracked.status == plain.status == 200
    assert tracked.body == plain.body


def test_amp_variant_points_to_canonical(server: DemoServer, expected: dict[str, Any]) -> None:
    (amp,) = [p for p in pages(expected, "duplicate-url") if p["path"].endswith("/amp/")]
    doc = lxml.html.fromstring(fetch(server.url(amp["path"])).body)
    assert doc.xpath('//link[@rel="canonical"]/@href') == [server.url(amp["canonical_path"])]
    main = lxml.html.fromstring(fetch(server.url(amp["canonical_path"])).body)
    assert main.xpath('//link[@rel="amphtml"]/@href') == [server.url(amp["path"])]


def test_directory_without_slash_redirects(server: DemoServer) -> None:
    r = fetch(server.url("/world?x=1"))
    assert r.status == 301
    assert r.headers["Location"] == "/world/?x=1"


def test_syndicated_copy_has_same_body_and_no_canonical(server: DemoServer, expected: dict[str, Any]) -> None:
    (copy,) = pages(expected, "duplicate-content")
    (original,) = [p for p in pages(expected, "article") if p["path"] == copy["duplicate_of"]]
    assert copy["expected"]["body_paragraphs"] == original["expected"]["body_paragraphs"]
    doc = lxml.html.fromstring(fetch(server.url(copy["path"])).body)
    assert not doc.xpath('//link[@rel="canonical"]')
    texts = [" ".join(p.text_content().split()) for p in doc.xpath("//p")]
    for paragraph in original["expected"]["body_paragraphs"]:
        assert paragraph in texts


def test_empty_and_truncated_pages(server: DemoServer) -> None:
    empty = fetch(server.url("/business/market-wrap-20260115"))
    assert empty.status == 200 and empty.body == b"" and empty.headers["Content-Length"] == "0"
    cut = fetch(server.url("/world/ceasefire-talks-resume-in-geneva-20260210"))
    assert cut.status == 200
    assert int(cut.headers["Content-Length"]) == len(cut.body)
    assert b"<body" not in cut.body and b"</head>" not in cut.body
    assert cut.body.rfind(b"<") > cut.body.rfind(b">")  # ends inside a tag


def test_path_traversal_is_refused(server: DemoServer) -> None:
    for target in ("/../pyproject.toml", "/%2e%2e/server.py", "/..%2fserver.py", "/static/../../routes.py"):
        conn = http.client.HTTPConnection(server.host, server.port, timeout=10)
        try:
            conn.request("GET", target)
            r = conn.getresponse()
            body = r.read()
        finally:
            conn.close()
        assert r.status == 404, target
        assert b"ROUTES" not in body and b"[project]" not in body


# -- caching and counters ----------------------------------------------------------------------


def test_etag_and_last_modified_give_304(server: DemoServer) -> None:
    url = server.url("/sitemap-news.xml")
    first = fetch(url)
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and parsedate_to_datetime(last_modified)
    again = fetch(url, {"If-None-Match": etag})
    assert again.status == 304 and again.body == b"" and again.headers["ETag"] == etag
    assert fetch(url, {"If-Modified-Since": last_modified}).status == 304
    assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}).status == 200
    assert fetch(url, {"If-None-Match": '"other"', "If-Modified-Since": last_modified}).status == 200


def test_head_request_has_headers_only(server: DemoServer) -> None:
    r = fetch(server.url("/"), method="HEAD")
    assert r.status == 200 and r.body == b"" and int(r.headers["Content-Length"]) > 0


def test_hits_counter_counts_paths_without_query(server: DemoServer) -> None:
    path = "/technology/driverless-buses-begin-trials-on-harbour-route.html"
    before = server.hits[path]
    fetch(server.url(path))
    fetch(server.url(path + "?utm_source=x"))
    assert server.hits[path] == before + 2


# -- the fixture agrees with the site ----------------------------------------------------------


def test_every_expected_path_has_expected_status(server: DemoServer, expected: dict[str, Any]) -> None:
    for page in expected["pages"]:
        r = fetch(server.url(page["path"]))
        assert r.status == page["status"], page["path"]
        if "location" in page:
            assert r.headers["Location"] == page["location"]


def test_expected_articles_match_their_pages(server: DemoServer, expected: dict[str, Any]) -> None:
    articles = pages(expected, "article")
    assert len(articles) >= 12
    for page in articles:
        exp = page["expected"]
        doc = lxml.html.fromstring(fetch(server.url(page["path"])).body.decode("utf-8"))
        text = " ".join(doc.text_content().split())
        assert doc.xpath("//h1")[0].text_content().strip() == exp["headline"]
        for paragraph in exp["body_paragraphs"]:
            assert paragraph in text, (page["path"], paragraph)
        for boilerplate in exp["boilerplate"]:
            assert boilerplate in text, (page["path"], boilerplate)
        body = "\n\n".join(exp["body_paragraphs"])
        assert not [b for b in exp["boilerplate"] if b in body]
        assert 150 <= len(body.split()) <= 600
        assert exp["language"] == "en"


def test_article_images_are_served(server: DemoServer, expected: dict[str, Any]) -> None:
    for page in pages(expected, "article"):
        for image in page["expected"]["images"]:
            r = fetch(server.url(image["url_path"]))
            assert r.status == 200 and r.headers["Content-Type"] == "image/jpeg", image["url_path"]
            assert r.body.startswith(b"\xff\xd8")


def test_trt_page_reproduces_the_seed(server: DemoServer, expected: dict[str, Any]) -> None:
    path = "/politics/north-korean-soldier-fighting-for-russia-captured-in-ukraine-18254112"
    (page,) = [p for p in expected["pages"] if p["path"] == path]
    exp = page["expected"]
    assert len(exp["body_paragraphs"]) == 7
    assert exp["attribution"] == "TRT World & Agencies" and exp["section"] == "Politics"
    assert exp["images"][0]["credit"] == "AP"
    doc = lxml.html.fromstring(fetch(server.url(path)).body.decode("utf-8"))
    text = " ".join(doc.xpath("//article")[0].text_content().split())
    assert text.startswith("date 2024-12-30 POLITICS 1 min read North Korean soldier fighting for Russia")
    assert "00:00 North Korean soldier fighting for Russia captured in Ukraine This marks the first" in text
    assert "/ AP December 30, 2024" in text
    assert "aaA North Korean soldier deployed" in text  # the widget glued to the first word
    assert "artillery. RECOMMENDED" in text
    assert text.endswith("SOURCE:TRT World & Agencies")
    explore = doc.xpath('//section[contains(@class,"explore")]//li')
    assert len(explore) == 15


def test_every_page_is_reachable_by_links(server: DemoServer, expected: dict[str, Any]) -> None:
    """Crawl <a href> and <link rel=amphtml> from the homepage, staying on the site."""
    seen: set[str] = set()
    queue = ["/"]
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        r = fetch(server.url(path))
        if r.status != 200 or not r.body or not r.headers["Content-Type"].startswith("text/html"):
            continue
        try:
            doc = lxml.html.fromstring(r.body)
        except lxml.etree.ParserError:
            continue
        for href in doc.xpath('//a/@href | //link[@rel="amphtml"]/@href'):
            url = urlsplit(urljoin(server.url(path), href))
            if url.netloc == f"{server.host}:{server.port}" and url.scheme == "http":
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    missing = [p["path"] for p in expected["pages"] if p["path"] not in seen]
    assert not missing
    not_found = [p for p in seen if fetch(server.url(p)).status == 404]
    assert not_found == ["/world/live/storm-coverage-2025"]


def test_site_files_are_packaged_data() -> None:
    assert (SITE_DIR / "index.html").is_file()
    assert (SITE_DIR / "robots.txt").is_file()


# -- running it --------------------------------------------------------------------------------


def test_module_prints_base_url_first() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "newscrawl.demo.server", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline().strip()
        assert line.startswith("http://127.0.0.1:")
        r = fetch(line + "/robots.txt")
        assert f"Sitemap: {line}/sitemap_index.xml".encode() in r.body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
    assert proc.returncode == 0

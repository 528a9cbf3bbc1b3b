"""The pages of the hostile site (see :mod:`tests.support.hostile_site`): what each URL serves,
and :data:`CASES`, what a correct crawl makes of each URL."""

from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

from tests.support.sitegen import Article, FixtureSite, render_article

TITLE = "The Hostile Gazette"
HTML = "text/html; charset=utf-8"
LONG_URL_PATH = "/news/2026/02/17/very-long-url-story-" + "x" * 2100
HUGE_LINKS = 200_000
HUGE_FEED_ITEMS = 100_000
DEEP_DIVS = 100_000
UNBOUNDED_BYTES = 30 * 1024 * 1024
REDIRECT_CHAIN = 25  # Scrapy's REDIRECT_MAX_TIMES is 20
RETRY_AFTER_S = 1


@dataclass(frozen=True)
class Case:
    """What a correct crawl makes of one URL: ``outcome`` is "article", "reject", "non_article"
    or "source"; ``reason`` the reject's reason."""

    outcome: str
    reason: str | None = None


def normal_path(i: int) -> str:
    return f"/news/2026/03/{i:02d}/normal-story-number-{i}"


NORMAL = tuple(normal_path(i) for i in range(1, 16))
HOSTILE: dict[str, Case] = {
    "/news/2026/02/01/slowloris-drip-story": Case("reject", "timeout"),
    "/news/2026/02/02/never-answering-story": Case("reject", "timeout"),
    "/news/2026/02/03/connection-reset-story": Case("reject", "connection_reset"),
    "/news/2026/02/04/truncated-body-story": Case("reject", "truncated"),
    "/news/2026/02/18/truncated-midway-story": Case("reject", "truncated"),
    "/news/2026/02/05/server-error-story": Case("reject", "http_500"),
    "/news/2026/02/19/garbage-status-line-story": Case("reject", "bad_http_response"),
    "/news/2026/02/06/rate-limited-story": Case("article"),  # 429 first, then the page
    "/news/2026/02/07/unavailable-story": Case("reject", "http_503"),  # 503 with a date, always
    "/news/2026/02/08/redirect-chain-story": Case("reject", "redirect_limit"),
    "/news/2026/02/09/redirect-loop-story": Case("reject", "redirect_loop"),
    "/news/2026/02/10/gzip-bomb-story": Case("reject", "decompression_bomb"),
    "/news/2026/02/11/wrong-charset-story": Case("article"),
    "/news/2026/02/12/nul-bytes-story": Case("article"),
    "/news/2026/02/13/deeply-nested-story": Case("article"),
    "/news/2026/02/14/invalid-jsonld-story": Case("article"),
    "/news/2026/02/15/binary-as-html-story": Case("reject", "not_html"),
    "/news/2026/02/16/huge-page-without-length-story": Case("reject", "response_too_large"),
    LONG_URL_PATH: Case("reject", "url_too_long"),
    "/sitemap-laughs.xml": Case("reject", "bad_sitemap"),
    "/feed-laughs.xml": Case("reject", "bad_feed"),
    "/links/huge": Case("non_article"),
    "/feed-huge.xml": Case("source"),
}
CASES: dict[str, Case] = {**{p: Case("article") for p in NORMAL}, **HOSTILE}
WRONG_CHARSET_TEXT = ("Café owners", "Élise Fournier")


_WORD_TEXT = (
    "council residents harbour budget district school bridge market station library ferry "
    "museum tram river park square hospital theatre stadium college airport factory village "
    "festival approved delayed welcomed opposed reviewed announced funded planned rebuilt "
    "opened closed Monday Tuesday spring autumn summer winter morning evening weekly yearly "
    "local regional"
)
_WORDS = _WORD_TEXT.split()


def _paragraphs(topic: str, seed: int = 0) -> tuple[str, ...]:
    """Five paragraphs about ``topic``, worded differently for each ``seed`` (no near-duplicates)."""
    rng = random.Random(seed)
    return tuple(
        f"{lead} {topic}: " + " ".join(rng.choice(_WORDS) for _ in range(40)) + "."
        for lead in (
            "The council approved the first phase of",
            "Shop owners on the high street welcomed",
            "Opponents asked for an independent review of",
            "Engineers will publish a detailed survey of",
            "A public meeting will be held in every ward about",
        )
    )


def article(path: str, headline: str, published: str, author: str = "Ann Berry") -> Article:
    return Article(
        url=path,
        headline=headline,
        description=f"What the decision on {headline.lower()} means for residents.",
        author=author,
        section="Local",
        published=published,
        paragraphs=_paragraphs(headline.lower(), seed=sum(map(ord, path))),
    )


SITE = FixtureSite(name="hostile", title=TITLE, language="en", homepage="/")


def render(art: Article) -> str:
    return render_article(SITE, art)


def normal_page(path: str) -> bytes:
    i = int(path.rsplit("-", 1)[1])
    return render(article(path, f"Normal story number {i}", f"2026-03-{i:02d}T09:00:00+00:00")).encode()


def wrong_charset_page() -> bytes:
    """Declared UTF-8 (header and meta), encoded windows-1252."""
    art = Article(
        url="/news/2026/02/11/wrong-charset-story",
        headline="Café owners protest new terrace fees",
        description="Café owners say the fees are too high.",
        author="Élise Fournier",
        section="Local",
        published="2026-02-11T09:00:00+00:00",
        paragraphs=tuple(
            f"{p} Café owners, Élise Fournier reports, were not consulted."
            for p in _paragraphs("the terrace fees", seed=11)
        ),
    )
    return render(art).encode("windows-1252")


def nul_page() -> bytes:
    html = render(
        article("/news/2026/02/12/nul-bytes-story", "Harbour lights stay on", "2026-02-12T09:00:00+00:00")
    )
    return html.replace("<p>", "<p>\x00").replace("harbour", "har\x00bour").encode()


def deep_page() -> bytes:
    """The five paragraphs inside 100,000 nested divs."""
    html = render(
        article(
            "/news/2026/02/13/deeply-nested-story", "Deep valley bridge reopens", "2026-02-13T09:00:00+00:00"
        )
    )
    start, end = html.index('<div class="article-body">'), html.index("</article>")
    return (html[:start] + "<div>" * DEEP_DIVS + html[start:end] + "</div>" * DEEP_DIVS + html[end:]).encode()


def invalid_jsonld_page() -> bytes:
    html = render(
        article(
            "/news/2026/02/14/invalid-jsonld-story", "Market hall roof repaired", "2026-02-14T09:00:00+00:00"
        )
    )
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    return (
        html[:start]
        + '{"@type": "NewsArticle", "headline": "Market hall, "author": [,,]'
        + html[html.index("</script>", start) :]
    ).encode()


def truncated_page() -> bytes:
    path = "/news/2026/02/04/truncated-body-story"
    return render(article(path, "Ferry timetable changes", "2026-02-04T09:00:00+00:00")).encode()


def rate_limited_page() -> bytes:
    return render(
        article(
            "/news/2026/02/06/rate-limited-story", "Tram line extension opens", "2026-02-06T09:00:00+00:00"
        )
    ).encode()


def binary_body() -> bytes:
    """Bytes of a PNG-like binary file (served as text/html)."""
    noise = bytes((i * 7919 + 13) % 256 for i in range(40_000))
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + noise


def gzip_bomb() -> bytes:
    """64 MB of zeros, gzip-compressed to about 64 KB."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\x00" * (1024 * 1024)
    return b"".join(compressor.compress(chunk) for _ in range(64)) + compressor.flush()


def feed_laughs() -> bytes:
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(entities) + "\n]>\n"
        '<rss version="2.0"><channel><title>&lol9;</title><item><title>&lol9;</title>'
        "<link>&lol9;</link></item></channel></rss>\n"
    ).encode()


def huge_links_page() -> bytes:
    links = "".join(f'<li><a href="/archive/p/{i}">Archive page {i}</a></li>' for i in range(HUGE_LINKS))
    return f"<!doctype html><html><head><title>All links</title></head><body><ul>{links}</ul></body></html>".encode()


def huge_feed() -> bytes:
    """100,000 items, all dated 2019 (outside a crawl since 2026-01-01)."""
    items = "".join(
        f"<item><title>Archive story {i}</title><link>{{ORIGIN}}/news/2019/05/01/archive-story-{i}</link>"
        "<pubDate>Wed, 01 May 2019 09:00:00 GMT</pubDate></item>"
        for i in range(HUGE_FEED_ITEMS)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title>{items}</channel></rss>'.encode()


def linked_paths() -> list[str]:
    """Everything the homepage, the sitemap and the feed list (pages, not sources)."""
    return [
        p for p, case in CASES.items() if case.outcome in ("article", "reject") and not p.endswith(".xml")
    ]


def homepage(origin: str) -> bytes:
    links = "".join(f'<li><a href="{p}">Story {n}</a></li>' for n, p in enumerate(linked_paths()))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>The Hostile Gazette</title>'
        '<meta property="og:type" content="website">'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@type": "WebSite", '
        '"name": "The Hostile Gazette"}</script>'
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/feed-laughs.xml">'
        '<link rel="alternate" type="application/rss+xml" href="/feed-huge.xml">'
        f"</head><body><h1>The Hostile Gazette</h1><ul>{links}</ul>"
        '<p><a href="/sections/more">More</a></p></body></html>'
    ).encode()


def section_page() -> bytes:
    return b'<!doctype html><html><head><title>More</title></head><body><a href="/links/huge">All links</a></body></html>'


def sitemap(origin: str) -> bytes:
    urls = "".join(f"<url><loc>{origin}{p}</loc></url>" for p in linked_paths())
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


def feed(origin: str) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{origin}{p}</link></item>" for n, p in enumerate(linked_paths())
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{TITLE}</title>{items}</channel></rss>'.encode()


def robots(origin: str) -> bytes:
    """Garbage with one usable Sitemap line (and two for bombs) among it."""
    noise = bytes((i * 131 + 7) % 251 for i in range(3000)).replace(b"\n", b" ")
    return (
        noise[:1000]
        + b"\nUser-agent: *\nDisallow\x00: /nothing\n{{{ not robots }}}\n"
        + f"Sitemap: {origin}/sitemap.xml\nSitemap: {origin}/sitemap-laughs.xml\n".encode()
        + noise[1000:]
        + b"\nCrawl-delay: banana\n"
    )

"""A local multi-site fixture of three fictional news sites of different shapes, plus malformed sources.

* ``www.harbour-herald.test`` is found through sitemaps only: a sitemap index whose
  children are a good sitemap, a good gzipped sitemap, and malformed ones (truncated
  XML, an HTML page served as a sitemap, a gzip bomb, an XML entity-expansion bomb).
* ``www.valley-courier.test`` is found through feeds only: RSS 2.0 and JSON Feed, plus
  a JSON feed that is cut off.
* ``www.northgate-post.test`` has neither: only its homepage links lead to articles,
  some of them through a section page.

The ``.test`` top-level domain is reserved, so none of these hosts exist on the web.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

from tests.support.sitegen import Article, FixtureSite, OtherPage, Source, write_sites

HERALD = "https://www.harbour-herald.test"
COURIER = "https://www.valley-courier.test"
NORTHGATE = "https://www.northgate-post.test"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Malformed:
    """URLs of the malformed sources, by what is wrong with them."""

    truncated_sitemap: str = f"{HERALD}/sitemaps/truncated.xml"
    html_sitemap: str = f"{HERALD}/sitemaps/html.xml"
    gzip_bomb: str = f"{HERALD}/sitemaps/bomb.xml.gz"
    entity_bomb: str = f"{HERALD}/sitemaps/entities.xml"
    broken_feed: str = f"{COURIER}/feeds/broken.json"


MALFORMED = Malformed()


def _article(url: str, headline: str, topic: str, published: str, author: str) -> Article:
    return Article(
        url=url,
        headline=headline,
        description=f"What the decision on {topic} means for residents.",
        author=author,
        section="Local",
        published=published,
        paragraphs=(
            f"Councillors voted on Monday evening on {topic}, ending a debate that had run since the spring "
            "and drawn hundreds of written comments from residents, shop owners and local schools.",
            f"Supporters said the plan for {topic} would make daily life easier for families and older "
            "people, while opponents worried about the cost and asked for a review after the first year.",
            f"The council said the first work on {topic} would start in March and that a public meeting "
            "would be held in every ward before the final timetable is published.",
        ),
    )


def gzip_bomb(expanded_bytes: int = 64 * 1024 * 1024) -> bytes:
    """A small gzip file that expands to ``expanded_bytes`` of spaces (past the sitemap size limit)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b" " * (1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(expanded_bytes // len(chunk))]
    return b"".join(parts) + compressor.flush()


def entity_bomb() -> bytes:
    """A sitemap whose one URL is an entity that would expand to a billion characters."""
    entities = ['<!ENTITY lol0 "lollollollollollollollollollol">']
    entities += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE urlset [\n' + "\n".join(entities) + "\n]>\n"
        f'<urlset xmlns="{_SITEMAP_NS}"><url><loc>&lol9;</loc></url></urlset>\n'
    ).encode()


def truncated_sitemap() -> bytes:
    """A sitemap cut off in the middle of its second entry (as after a dropped connection)."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">\n'
        f"  <url><loc>{HERALD}/news/2024/12/27/harbour-crane-contract-signed</loc></url>\n"
        f"  <url><loc>{HERALD}/news/2024/12/2"
    ).encode()


HTML_ERROR_PAGE = (
    b"<!doctype html><html><head><title>Page not found</title></head>"
    b"<body><h1>Sorry</h1><p>We could not find that page.</p></body></html>"
)


def sites() -> list[FixtureSite]:
    """The three sites."""
    herald_articles = (
        _article(f"{HERALD}/news/2024/12/30/ferry-terminal-gets-new-roof", "Ferry terminal gets a new roof",
                 "the ferry terminal roof", "2024-12-30T09:00:00+00:00", "Ann Berry"),
        _article(f"{HERALD}/news/2024/12/29/harbour-wall-repairs-approved", "Harbour wall repairs approved",
                 "the harbour wall repairs", "2024-12-29T09:00:00+00:00", "Tom Kerr"),
        _article(f"{HERALD}/news/2024/12/28/fish-market-to-open-on-sundays", "Fish market to open on Sundays",
                 "Sunday opening at the fish market", "2024-12-28T09:00:00+00:00", "Ann Berry"),
    )  # fmt: skip
    herald_pages = (
        OtherPage(f"{HERALD}/video/2024/12/30/terminal-roof-timelapse", "video", "Terminal roof timelapse",
                  "Watch the new roof go up."),
        OtherPage(f"{HERALD}/tag/harbour", "tag", "Harbour", "All harbour stories."),
    )  # fmt: skip
    herald = FixtureSite(
        name="harbour-herald",
        title="The Harbour Herald",
        language="en",
        homepage=f"{HERALD}/",
        articles=herald_articles,
        pages=herald_pages,
        sources=(
            Source(
                f"{HERALD}/sitemap_index.xml",
                "sitemap-index",
                (
                    f"{HERALD}/sitemaps/articles-1.xml",
                    MALFORMED.truncated_sitemap,
                    MALFORMED.html_sitemap,
                    MALFORMED.gzip_bomb,
                    MALFORMED.entity_bomb,
                    f"{HERALD}/sitemaps/articles-2.xml.gz",
                ),
            ),
            Source(
                f"{HERALD}/sitemaps/articles-1.xml", "sitemap", (herald_articles[0].url, herald_pages[0].url)
            ),
            Source(
                f"{HERALD}/sitemaps/articles-2.xml.gz",
                "sitemap",
                (herald_articles[1].url, herald_articles[2].url, herald_pages[1].url),
                gzip=True,
            ),
            Source(MALFORMED.truncated_sitemap, "sitemap", raw=truncated_sitemap()),
            Source(
                MALFORMED.html_sitemap,
                "sitemap",
                raw=HTML_ERROR_PAGE,
                content_type="text/html; charset=utf-8",
            ),
            Source(MALFORMED.gzip_bomb, "sitemap", raw=gzip_bomb(), gzip=True),
            Source(MALFORMED.entity_bomb, "sitemap", raw=entity_bomb()),
        ),
    )
    courier_articles = (
        _article(f"{COURIER}/2024/12/30/new-bus-route-links-valley-villages", "New bus route links valley villages",
                 "the new valley bus route", "2024-12-30T08:00:00+01:00", "Maria Lund"),
        _article(f"{COURIER}/2024/12/29/river-path-lighting-plan-agreed", "River path lighting plan agreed",
                 "lighting on the river path", "2024-12-29T08:00:00+01:00", "Erik Holm"),
        _article(f"{COURIER}/2024/12/28/library-extends-weekend-hours", "Library extends weekend hours",
                 "longer weekend hours at the library", "2024-12-28T08:00:00+01:00", "Maria Lund"),
    )  # fmt: skip
    courier_pages = (
        OtherPage(f"{COURIER}/videos/bus-route-first-ride", "video", "The first ride on the new route",
                  "Video from the first bus."),
        OtherPage(f"{COURIER}/authors/maria-lund", "author", "Maria Lund", "Maria Lund covers transport."),
    )  # fmt: skip
    courier = FixtureSite(
        name="valley-courier",
        title="Valley Courier",
        language="en",
        homepage=f"{COURIER}/",
        articles=courier_articles,
        pages=courier_pages,
        sources=(
            Source(
                f"{COURIER}/feed.xml",
                "rss",
                (courier_articles[0].url, courier_articles[1].url, courier_pages[0].url),
            ),
            Source(f"{COURIER}/feed.json", "json", (courier_articles[2].url, courier_pages[1].url)),
            Source(
                MALFORMED.broken_feed,
                "json",
                raw=b'{"version": "https://jsonfeed.org/version/1.1", "title": "Valley Courier", "items": [{"url": ',
            ),
        ),
    )
    northgate_articles = (
        _article(f"{NORTHGATE}/city/2024/12/30/market-square-trees-planted", "Market square trees planted",
                 "trees for the market square", "2024-12-30T10:00:00+00:00", "Priya Shah"),
        _article(f"{NORTHGATE}/city/2024/12/29/cycle-lanes-for-north-road", "Cycle lanes for North Road",
                 "cycle lanes on North Road", "2024-12-29T10:00:00+00:00", "Owen Price"),
        _article(f"{NORTHGATE}/schools/2024/12/28/school-kitchens-to-cook-locally", "School kitchens to cook locally",
                 "local cooking in school kitchens", "2024-12-28T10:00:00+00:00", "Priya Shah"),
    )  # fmt: skip
    northgate_pages = (
        OtherPage(f"{NORTHGATE}/city/", "tag", "City news", "The latest from the city.",
                  links=(northgate_articles[0].url, northgate_articles[1].url)),
        OtherPage(f"{NORTHGATE}/tag/transport", "tag", "Transport", "Transport stories."),
        OtherPage(f"{NORTHGATE}/authors/priya-shah", "author", "Priya Shah", "Priya Shah reports on the city."),
        OtherPage(f"{NORTHGATE}/video/market-square-from-above", "video", "Market square from above",
                  "Drone footage of the square."),
    )  # fmt: skip
    northgate = FixtureSite(
        name="northgate-post",
        title="Northgate Post",
        language="en",
        homepage=f"{NORTHGATE}/",
        homepage_links=(northgate_articles[2].url, *(p.url for p in northgate_pages)),
        articles=northgate_articles,
        pages=northgate_pages,
    )
    return [herald, courier, northgate]


def start_urls() -> list[str]:
    """What the crawl starts from: a sitemap index, two feeds, a broken feed and a homepage."""
    return [
        f"{HERALD}/sitemap_index.xml",
        f"{COURIER}/feed.xml",
        f"{COURIER}/feed.json",
        MALFORMED.broken_feed,
        f"{NORTHGATE}/",
    ]


def generate(root: Path) -> list[FixtureSite]:
    """Write the three sites under ``root``; return their descriptions."""
    described = sites()
    write_sites(described, root)
    return described

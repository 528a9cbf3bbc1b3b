"""Build tiny fixture news sites (articles, other pages, robots.txt, sitemaps, feeds) as files.

A site is described as data (:class:`FixtureSite`); :func:`write_sites` renders it
into ``<root>/<host>/`` with a ``_routes.json`` that the fixture server reads.
Every URL in a description is the URL a crawler would request; non-ASCII paths
are percent-encoded the way Scrapy sends them.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

from tests.support.fixture_web import ROUTES_FILE

HTML_TYPE = "text/html; charset=utf-8"
XML_TYPE = "application/xml; charset=utf-8"
RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
JSON_FEED_TYPE = "application/feed+json"
GZIP_TYPE = "application/x-gzip"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def safe(url: str) -> str:
    """``url`` as a crawler requests it (non-ASCII percent-encoded)."""
    return safe_url_string(url)


@dataclass(frozen=True)
class Article:
    """A short fictional news article."""

    url: str
    headline: str
    description: str
    author: str
    section: str
    published: str
    paragraphs: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class OtherPage:
    """A page that is not an article: ``kind`` is "video", "tag" (or section) or "author"."""

    url: str
    kind: str
    title: str
    text: str
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class Source:
    """A sitemap or feed, listing ``items`` (page URLs, or child sitemaps for an index).

    ``kind``: "sitemap", "news-sitemap", "sitemap-index", "rss", "atom" or "json".
    ``raw`` replaces the rendered document (for malformed sources); ``gzip`` serves it gzipped.
    """

    url: str
    kind: str
    items: tuple[str, ...] = ()
    gzip: bool = False
    raw: bytes | None = None
    content_type: str | None = None


@dataclass
class FixtureSite:
    """One fixture site: its pages and the sources that list them."""

    name: str
    title: str
    language: str
    homepage: str
    homepage_links: tuple[str, ...] = ()
    robots_sitemaps: tuple[str, ...] = ()
    articles: tuple[Article, ...] = ()
    pages: tuple[OtherPage, ...] = ()
    sources: tuple[Source, ...] = ()
    redirects: dict[str, str] = field(default_factory=dict)
    extra_hosts: tuple[str, ...] = ()

    @property
    def host(self) -> str:
        """The homepage's host."""
        return urlsplit(self.homepage).hostname or ""

    def article(self, url: str) -> Article:
        """The article at ``url``."""
        return next(a for a in self.articles if safe(a.url) == safe(url))


# --- rendering ------------------------------------------------------------------------------
def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _direction(language: str) -> str:
    return ' dir="rtl"' if language in ("ar", "fa", "he", "ur") else ""


def render_article(site: FixtureSite, article: Article) -> str:
    """An article page with OpenGraph, JSON-LD NewsArticle, a byline and its paragraphs."""
    url = safe(article.url)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.description,
        "datePublished": article.published,
        "author": [{"@type": "Person", "name": article.author}],
        "publisher": {"@type": "Organization", "name": site.title},
        "articleSection": article.section,
        "keywords": list(article.keywords),
        "inLanguage": site.language,
        "mainEntityOfPage": url,
    }
    paragraphs = "\n".join(f"<p>{_e(p)}</p>" for p in article.paragraphs)
    return f"""<!doctype html>
<html lang="{site.language}"{_direction(site.language)}>
<head>
<meta charset="utf-8">
<title>{_e(article.headline)} | {_e(site.title)}</title>
<link rel="canonical" href="{_e(url)}">
<meta name="description" content="{_e(article.description)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{_e(site.title)}">
<meta property="og:title" content="{_e(article.headline)}">
<meta property="og:description" content="{_e(article.description)}">
<meta property="og:url" content="{_e(url)}">
<meta property="article:published_time" content="{article.published}">
<meta property="article:section" content="{_e(article.section)}">
<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>
</head>
<body>
<header><a href="{_e(safe(site.homepage))}">{_e(site.title)}</a></header>
<main>
<article>
<h1>{_e(article.headline)}</h1>
<p class="standfirst">{_e(article.description)}</p>
<p class="byline">{_e(article.author)}</p>
<time datetime="{article.published}">{article.published[:10]}</time>
<div class="article-body">
{paragraphs}
</div>
</article>
</main>
<footer><p>© {_e(site.title)}</p></footer>
</body>
</html>
"""


def render_other(site: FixtureSite, page: OtherPage) -> str:
    """A video page (VideoObject), an author page (ProfilePage) or a tag/section page (CollectionPage)."""
    url = safe(page.url)
    if page.kind == "video":
        og_type = "video.other"
        data: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "VideoObject",
            "name": page.title,
            "description": page.text,
            "uploadDate": "2024-12-30T08:00:00+00:00",
            "contentUrl": url + ".mp4",
            "thumbnailUrl": url + ".jpg",
        }
    elif page.kind == "author":
        og_type = "profile"
        data = {
            "@context": "https://schema.org",
            "@type": "ProfilePage",
            "mainEntity": {"@type": "Person", "name": page.title},
            "url": url,
        }
    else:
        og_type = "website"
        data = {"@context": "https://schema.org", "@type": "CollectionPage", "name": page.title, "url": url}
    links = "\n".join(f'<li><h3><a href="{_e(safe(link))}">{_e(link)}</a></h3></li>' for link in page.links)
    return f"""<!doctype html>
<html lang="{site.language}"{_direction(site.language)}>
<head>
<meta charset="utf-8">
<title>{_e(page.title)} | {_e(site.title)}</title>
<link rel="canonical" href="{_e(url)}">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{_e(page.title)}">
<meta property="og:url" content="{_e(url)}">
<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>
</head>
<body>
<header><a href="{_e(safe(site.homepage))}">{_e(site.title)}</a></header>
<main>
<h1>{_e(page.title)}</h1>
<p>{_e(page.text)}</p>
<ul>
{links}
</ul>
</main>
</body>
</html>
"""


def render_homepage(site: FixtureSite) -> str:
    """The front page: links to ``homepage_links`` and ``<link rel="alternate">`` to its feeds."""
    alternates = "\n".join(
        f'<link rel="alternate" type="{RSS_TYPE.split(";")[0] if s.kind == "rss" else ATOM_TYPE.split(";")[0]}" '
        f'href="{_e(safe(s.url))}">'
        for s in site.sources
        if s.kind in ("rss", "atom") and s.raw is None
    )
    titles = {safe(a.url): a.headline for a in site.articles} | {safe(p.url): p.title for p in site.pages}
    links = "\n".join(
        f'<li><h2><a href="{_e(safe(link))}">{_e(titles.get(safe(link), link))}</a></h2></li>'
        for link in site.homepage_links
    )
    return f"""<!doctype html>
<html lang="{site.language}"{_direction(site.language)}>
<head>
<meta charset="utf-8">
<title>{_e(site.title)}</title>
<meta property="og:type" content="website">
<meta property="og:title" content="{_e(site.title)}">
{alternates}
</head>
<body>
<header><h1>{_e(site.title)}</h1></header>
<main>
<ul>
{links}
</ul>
</main>
</body>
</html>
"""


def render_robots(site: FixtureSite) -> str:
    """robots.txt: allow all but search, and the site's Sitemap lines."""
    lines = ["User-agent: *", "Disallow: /search", ""]
    lines += [f"Sitemap: {safe(url)}" for url in site.robots_sitemaps]
    return "\n".join(lines) + "\n"


def _dates(site: FixtureSite, url: str) -> tuple[str, str | None, tuple[str, ...]]:
    """(lastmod, news title, keywords) of a listed URL."""
    for article in site.articles:
        if safe(article.url) == safe(url):
            return article.published, article.headline, article.keywords
    return "2024-12-30T08:00:00+00:00", None, ()


def render_sitemap(site: FixtureSite, source: Source) -> str:
    """A sitemap, a Google News sitemap or a sitemap index."""
    if source.kind == "sitemap-index":
        children = "\n".join(
            f"  <sitemap><loc>{_e(safe(url))}</loc><lastmod>2024-12-30T10:00:00+00:00</lastmod></sitemap>"
            for url in source.items
        )
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{_SITEMAP_NS}">\n'
            f"{children}\n</sitemapindex>\n"
        )
    entries = []
    for url in source.items:
        lastmod, title, keywords = _dates(site, url)
        news = ""
        if source.kind == "news-sitemap" and title:
            news = (
                f"<news:news><news:publication><news:name>{_e(site.title)}</news:name>"
                f"<news:language>{site.language}</news:language></news:publication>"
                f"<news:publication_date>{lastmod}</news:publication_date>"
                f"<news:title>{_e(title)}</news:title>"
                + (f"<news:keywords>{_e(', '.join(keywords))}</news:keywords>" if keywords else "")
                + "</news:news>"
            )
        entries.append(f"  <url><loc>{_e(safe(url))}</loc><lastmod>{lastmod}</lastmod>{news}</url>")
    news_ns = f' xmlns:news="{_NEWS_NS}"' if source.kind == "news-sitemap" else ""
    body = "\n".join(entries)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}"{news_ns}>\n{body}\n</urlset>\n'


def _rfc822(iso: str) -> str:
    from datetime import datetime
    from email.utils import format_datetime

    return format_datetime(datetime.fromisoformat(iso))


def render_feed(site: FixtureSite, source: Source) -> str:
    """An RSS 2.0, Atom or JSON Feed listing ``source.items``."""
    items = []
    for url in source.items:
        date, title, _ = _dates(site, url)
        title = title or next((p.title for p in site.pages if safe(p.url) == safe(url)), url)
        items.append((safe(url), date, title))
    if source.kind == "json":
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": site.title,
            "home_page_url": safe(site.homepage),
            "items": [{"id": u, "url": u, "title": t, "date_published": d} for u, d, t in items],
        }
        return json.dumps(feed, ensure_ascii=False, indent=1) + "\n"
    if source.kind == "atom":
        entries = "\n".join(
            f'  <entry><id>{_e(u)}</id><title>{_e(t)}</title><link rel="alternate" href="{_e(u)}"/>'
            f"<published>{d}</published><updated>{d}</updated></entry>"
            for u, d, t in items
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
            f"  <title>{_e(site.title)}</title><id>{_e(safe(source.url))}</id>"
            f"<updated>2024-12-30T10:00:00+00:00</updated>\n{entries}\n</feed>\n"
        )
    entries = "\n".join(
        f"    <item><title>{_e(t)}</title><link>{_e(u)}</link><guid>{_e(u)}</guid>"
        f"<pubDate>{_rfc822(d)}</pubDate></item>"
        for u, d, t in items
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0">\n  <channel>\n'
        f"    <title>{_e(site.title)}</title><link>{_e(safe(site.homepage))}</link>"
        f"<language>{site.language}</language>\n{entries}\n  </channel>\n</rss>\n"
    )


# --- writing --------------------------------------------------------------------------------
def route_key(url: str) -> tuple[str, str]:
    """(host, path?query) under which the fixture server answers ``url``."""
    parts = urlsplit(safe(url))
    return (parts.hostname or "").lower(), (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def file_name(path_query: str) -> str:
    """A file path inside the site directory for a route (``.body`` keeps files and directories apart).

    >>> file_name("/"), file_name("/rss/une.xml"), file_name("/tr/rss/default?cat=guncel")
    ('index.body', 'rss/une.xml.body', 'tr/rss/default__cat_guncel.body')
    """
    path, _, query = path_query.partition("?")
    name = path.lstrip("/")
    if not name or name.endswith("/"):
        name += "index"
    if query:
        name += "__" + query
    return re.sub(r"[^A-Za-z0-9._/-]", "_", name) + ".body"


def documents(site: FixtureSite) -> Iterable[tuple[str, bytes, str, dict[str, Any]]]:
    """(url, body, content type, extra route fields) of every document the site serves."""
    origin = f"{urlsplit(safe(site.homepage)).scheme}://{site.host}"
    yield origin + "/robots.txt", render_robots(site).encode(), "text/plain; charset=utf-8", {}
    for host in site.extra_hosts:
        yield f"https://{host}/robots.txt", b"User-agent: *\nDisallow:\n", "text/plain; charset=utf-8", {}
    for url, location in site.redirects.items():
        yield url, b"", HTML_TYPE, {"status": 301, "headers": {"Location": safe(location)}}
    if safe(site.homepage) not in {safe(u) for u in site.redirects}:
        yield site.homepage, render_homepage(site).encode(), HTML_TYPE, {}
    for article in site.articles:
        yield article.url, render_article(site, article).encode(), HTML_TYPE, {}
    for page in site.pages:
        yield page.url, render_other(site, page).encode(), HTML_TYPE, {}
    for source in site.sources:
        if source.raw is not None:
            body = source.raw
        elif source.kind in ("sitemap", "news-sitemap", "sitemap-index"):
            body = render_sitemap(site, source).encode()
        else:
            body = render_feed(site, source).encode()
        default = {"rss": RSS_TYPE, "atom": ATOM_TYPE, "json": JSON_FEED_TYPE}.get(source.kind, XML_TYPE)
        if source.gzip:
            body = body if body[:2] == b"\x1f\x8b" else gzip.compress(body, mtime=0)
            default = GZIP_TYPE
        yield source.url, body, source.content_type or default, {}


def write_sites(sites: Iterable[FixtureSite], root: Path) -> None:
    """Render ``sites`` into ``root/<host>/`` with each host's ``_routes.json``."""
    routes: dict[str, dict[str, dict[str, Any]]] = {}
    for site in sites:
        for url, body, content_type, extra in documents(site):
            host, key = route_key(url)
            host_routes = routes.setdefault(host, {})
            if key in host_routes:
                raise ValueError(f"{site.name}: {url} is served twice")
            name = file_name(key)
            if body:
                target = root / host / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(body)
            host_routes[key] = {"type": content_type, **({"file": name} if body else {}), **extra}
    for host, host_routes in routes.items():
        path = root / host / ROUTES_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(host_routes, indent=1, sort_keys=True) + "\n", encoding="utf-8")

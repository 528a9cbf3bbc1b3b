"""Guess from a URL alone whether it points at an article or at some other kind of page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Path segments that mark listing, media and utility pages rather than articles.
NON_ARTICLE_SEGMENTS = frozenset(
    {
        "tag", "tags", "topic", "topics", "author", "authors", "search", "video", "videos", "gallery",
        "galleries", "photos", "podcast", "podcasts", "live-tv", "login", "signin", "register",
        "subscribe", "newsletter", "newsletters", "account", "about", "contact", "privacy", "terms",
        "cookies", "feed", "rss", "page", "category", "categories", "archive", "archives", "section",
    }
)  # fmt: skip
_ASSET = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|ico|css|js|json|xml|pdf|zip|gz|mp[34]|m4a|webm|woff2?|ttf)$", re.I
)
_DATE_IN_PATH = re.compile(r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-](?:0?[1-9]|[12]\d|3[01]))?(?:/|$)")
_LONG_ID = re.compile(r"\d{5,}")


def is_asset_url(url: str) -> bool:
    """True for images, scripts, styles, documents and other non-page files."""
    return bool(_ASSET.search(urlsplit(url).path))


def looks_like_article_url(url: str) -> bool:
    """True when the URL has the shape of an article: a slug of several words, a date or a long id.

    >>> looks_like_article_url("https://n.example/politics/north-korean-soldier-captured-18254112")
    True
    >>> looks_like_article_url("https://n.example/politics/")
    False
    >>> looks_like_article_url("https://n.example/tag/elections")
    False
    """
    path = urlsplit(url).path
    if is_asset_url(url):
        return False
    segments = [s for s in path.lower().split("/") if s]
    if not segments or any(s in NON_ARTICLE_SEGMENTS for s in segments[:-1]):
        return False
    if segments[0] in NON_ARTICLE_SEGMENTS:
        return False
    last = segments[-1].rsplit(".", 1)[0]
    words = [w for w in re.split(r"[-_]+", last) if w]
    return len(words) >= 4 or bool(_DATE_IN_PATH.search(path)) or bool(_LONG_ID.search(last))

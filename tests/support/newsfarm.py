"""A fictional news site of many distinct articles, listed by one sitemap, for the shared-mode tests.

``www.farm-news.test`` (a reserved top-level domain) is rendered with
:mod:`tests.support.sitegen` and served by :class:`tests.support.fixture_web.FixtureWeb` through
the local download handler, which logs every request (the "downloaded once" count). Each
article's text is drawn from a word list with its own seed, so no two bodies are near-identical.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from tests.support.sitegen import Article, FixtureSite, Source, safe, write_sites

HOST = "www.farm-news.test"
ORIGIN = f"https://{HOST}"
SITEMAP = f"{ORIGIN}/sitemap.xml"
_TEXT = (
    "harbour council river valley market school bridge station festival museum orchard farmers "
    "tram ferry library clinic stadium bakery workshop theatre garden mayor budget report vote "
    "storm drought harvest timber quarry factory union nurses teachers students drivers pilots "
    "winter summer spring autumn morning evening north south east west coast hills forest lake"
)
_WORDS = _TEXT.split(" ")


def article_url(n: int) -> str:
    return f"{ORIGIN}/news/2025/{1 + n % 12:02d}/{1 + n % 28:02d}/story-{n:04d}.html"


def _text(seed: str, paragraphs: int = 3, words: int = 45) -> tuple[str, ...]:
    rng = random.Random(seed)
    return tuple(
        " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "." for _ in range(paragraphs)
    )


def make_article(n: int, edition: int = 1, published: str | None = None) -> Article:
    return Article(
        url=article_url(n),
        headline=f"Story number {n} about the {_WORDS[n % len(_WORDS)]}",
        description=f"What happened with story {n}.",
        author="Dana Reyes",
        section="Local",
        published=published or f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00+00:00",
        paragraphs=_text(f"{n}/{edition}"),
    )


def copy_url(n: int) -> str:
    return f"{ORIGIN}/news/2025/copies/story-{n:04d}-syndicated.html"


def build(root: Path, count: int, edited: dict[int, int] | None = None, copies: int = 0) -> list[Article]:
    """Render ``count`` articles (``edited``: article number -> edition, with a lastmod of now) and
    ``copies`` pages under other URLs whose text is that of articles 0, 1, ... (syndicated copies)."""
    now = datetime.now(UTC).replace(microsecond=0).isoformat()
    articles = []
    for n in range(count):
        edition = (edited or {}).get(n, 1)
        articles.append(make_article(n, edition, now if edition > 1 else None))
    for n in range(copies):
        original = articles[n]
        articles.append(
            Article(
                url=copy_url(n),
                headline=f"Syndicated: {original.headline}",
                description=original.description,
                author=original.author,
                section=original.section,
                published=original.published,
                paragraphs=original.paragraphs,
            )
        )
    site = FixtureSite(
        name="farm",
        title="Farm News",
        language="en",
        homepage=f"{ORIGIN}/",
        robots_sitemaps=(SITEMAP,),
        articles=tuple(articles),
        sources=(Source(SITEMAP, "sitemap", tuple(a.url for a in articles)),),
    )
    write_sites([site], root)
    return articles


def article_paths(count: int) -> set[str]:
    """The request paths of the articles (as the server logs them)."""
    return {safe(article_url(n)).split(HOST, 1)[1] for n in range(count)}

"""ArticleLoader: raw extracted values plus the crawl's hints in, one final schema-v1 record out.

This is the one place a record is built, whatever runs it (``scrapy crawl``, ``newscrawl
extract``, :func:`newscrawl.extract`). Extraction gives one candidate value per field with its
provenance; the crawl gives :class:`PageHints` (the feed or sitemap title, date and keywords of
the page, the site's name, time zone and language); every value, from whichever source, goes
through the normalizers of :mod:`newscrawl.normalize` here. Each field's processors sit next to
the field name (``<field>_in`` runs on every raw value, ``<field>_out`` turns the collected
values into the field). ``load_article`` adds the fields that need the whole record: canonical
URL, site, body statistics, provenance and the crawl-state placeholders.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from itemloaders import ItemLoader
from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst

from newscrawl.items import SCHEMA_VERSION, ArticleItem
from newscrawl.normalize.authors import clean_authors
from newscrawl.normalize.dates import normalize_date
from newscrawl.normalize.headline import only_wraps_headline, strip_site_suffix
from newscrawl.normalize.language import language_tag, normalize_language
from newscrawl.normalize.links import absolute_url
from newscrawl.normalize.text import (
    clean_text,
    content_sha256,
    count_words,
    dedupe,
    normalize_body,
    reading_time,
    split_tags,
)
from newscrawl.normalize.urls import canonicalize_url, registered_domain

if TYPE_CHECKING:
    from newscrawl.discovery.entries import SourceEntry

__all__ = [
    "HINT_SOURCES",
    "LOADED_FIELDS",
    "PROVENANCE_SOURCES",
    "ArticleLoader",
    "PageHints",
    "load_article",
]

logger = logging.getLogger(__name__)

PROVENANCE_SOURCES = frozenset(
    {"json-ld", "microdata", "opengraph", "meta", "site-rule", "dom", "url", "feed", "sitemap", "fallback"}
)
"""The values a ``provenance`` entry may take (schema v1)."""

LOADED_FIELDS = (
    "headline",
    "description",
    "article_body",
    "authors",
    "date_published",
    "date_modified",
    "section",
    "tags",
    "language",
    "publisher",
    "attribution",
    "images",
    "related_urls",
    "kicker",
)
"""Raw ``fields`` keys run through the loader's processors (``canonical_url`` is a hint, handled apart)."""


def _to_text(value: Any) -> str | None:
    """A string from a raw value: strings as they are, ``{"name": ...}`` objects by name, numbers as text."""
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        name = value.get("name") or value.get("@value")
        return name if isinstance(name, str) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


HINT_SOURCES = frozenset({"feed", "sitemap"})
"""Where a page's title, date and keywords hints come from (their ``provenance``)."""


@dataclass(frozen=True)
class PageHints:
    """What the crawl knows of a page besides its HTML, passed to :func:`load_article`.

    ``title``, ``published`` (any date form; ISO 8601 from a feed or sitemap) and ``keywords``
    are what the feed or sitemap listing the page says (``source``); each is used only when the
    page gives no value of its own. ``timezone`` (an IANA name, the site's) is given to dates
    without UTC offset, ``language`` (a tag, the site's) reads numeric dates when the page does
    not declare its language, ``site`` names the record's ``site`` (default: the registered
    domain).
    """

    title: str | None = None
    published: str | None = None
    keywords: tuple[str, ...] = ()
    source: str = "sitemap"
    timezone: str | None = None
    language: str | None = None
    site: str | None = None

    def __post_init__(self) -> None:
        if self.source not in HINT_SOURCES:
            raise ValueError(f"hint source must be one of {sorted(HINT_SOURCES)}, not {self.source!r}")

    @classmethod
    def from_entry(
        cls,
        entry: SourceEntry | None,
        *,
        source: str = "sitemap",
        timezone: str | None = None,
        language: str | None = None,
        site: str | None = None,
    ) -> PageHints:
        """The hints of a page listed by a feed or sitemap entry (or by none)."""
        if entry is None:
            return cls(source=source, timezone=timezone, language=language, site=site)
        return cls(
            title=entry.title,
            published=entry.published.isoformat() if entry.published else None,
            keywords=tuple(entry.keywords),
            source=source,
            timezone=timezone,
            language=language,
            site=site,
        )


def _with_hints(
    fields: Mapping[str, Any], provenance: Mapping[str, str], hints: PageHints
) -> tuple[dict[str, Any], dict[str, str]]:
    """``fields`` and ``provenance`` with the hints' title, date and keywords where the page has none."""
    fields, provenance = dict(fields), dict(provenance)
    for name, value in (
        ("headline", hints.title),
        ("date_published", hints.published),
        ("tags", list(hints.keywords)),
    ):
        if value and not fields.get(name):
            fields[name], provenance[name] = value, hints.source
    return fields, provenance


def _text_field(value: Any) -> str | None:
    text = _to_text(value)
    return clean_text(text) if text is not None else None


def _body_part(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _tags(value: Any) -> list[str]:
    text = _to_text(value)
    return split_tags(text) if text is not None else []


def _language(value: Any) -> str | None:
    text = _to_text(value)
    return normalize_language(text) if text is not None else None


def _date(value: Any, loader_context: Mapping[str, Any]) -> str | None:
    return normalize_date(
        value, language=loader_context.get("date_language"), zone=loader_context.get("timezone")
    )


def _link(value: Any, loader_context: Mapping[str, Any]) -> str | None:
    text = _to_text(value) if not isinstance(value, Mapping) else value.get("url")
    if not isinstance(text, str):
        return None
    joined = absolute_url(text, loader_context.get("base_url") or "")
    return canonicalize_url(joined) if joined else None


def _image(value: Any, loader_context: Mapping[str, Any]) -> dict[str, Any] | None:
    """``{url, caption, credit}`` from a URL string or a dict; ``None`` without a usable URL."""
    if isinstance(value, str):
        value = {"url": value}
    if not isinstance(value, Mapping):
        return None
    raw_url = value.get("url") or value.get("contentUrl") or value.get("src")
    if not isinstance(raw_url, str):
        return None
    url = absolute_url(raw_url, loader_context.get("base_url") or "")
    if not url:
        return None
    return {
        "url": url,
        "caption": _text_field(value.get("caption")),
        "credit": _text_field(value.get("credit")),
    }


def _dedupe_images(images: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One entry per image URL, first position kept; a later copy fills a missing caption or credit."""
    by_url: dict[str, dict[str, Any]] = {}
    for image in images:
        kept = by_url.setdefault(image["url"], dict(image))
        for key in ("caption", "credit"):
            if not kept[key] and image[key]:
                kept[key] = image[key]
    return list(by_url.values())


_dedupe_ci = functools.partial(dedupe, casefold=True)


class ArticleLoader(ItemLoader):
    """Normalizes raw field values into an :class:`ArticleItem`.

    Loader context: ``base_url``, the page URL (image and related URLs are made absolute
    against it); ``date_language``, the language tag numeric dates are read in; ``timezone``,
    the zone given to dates without UTC offset.
    """

    default_item_class = ArticleItem
    default_input_processor = Identity()
    default_output_processor = TakeFirst()

    headline_in = MapCompose(_text_field)
    headline_out = TakeFirst()

    description_in = MapCompose(_text_field)
    description_out = TakeFirst()

    article_body_in = MapCompose(_body_part)
    article_body_out = Compose(normalize_body, stop_on_none=False)

    authors_in = MapCompose(clean_authors)
    authors_out = Compose(_dedupe_ci)

    date_published_in = MapCompose(_date)
    date_published_out = TakeFirst()

    date_modified_in = MapCompose(_date)
    date_modified_out = TakeFirst()

    section_in = MapCompose(_text_field)
    section_out = TakeFirst()

    tags_in = MapCompose(_tags)
    tags_out = Compose(_dedupe_ci)

    language_in = MapCompose(_language)
    language_out = TakeFirst()

    publisher_in = MapCompose(_text_field)
    publisher_out = TakeFirst()

    attribution_in = MapCompose(_text_field)
    attribution_out = TakeFirst()

    kicker_in = MapCompose(_text_field)
    kicker_out = TakeFirst()

    images_in = MapCompose(_image)
    images_out = Compose(_dedupe_images)

    related_urls_in = MapCompose(_link)
    related_urls_out = Compose(dedupe)


def _has_value(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def load_article(
    fields: Mapping[str, Any],
    provenance: Mapping[str, str],
    url: str,
    *,
    hints: PageHints | None = None,
    crawled_at: str | None = None,
) -> dict[str, Any]:
    """A complete schema-v1 record (every field present) from one page's raw fields and hints.

    ``fields`` uses schema-v1 names with raw values (entities, tags, relative URLs,
    any date format); ``provenance`` maps those names to their source; ``hints`` are what
    the crawl knows of the page (see :class:`PageHints`). The crawl-state fields
    (``near_duplicate_of``, ``revision``, ``run_id``) are left ``None`` for the pipelines.
    """
    hints = hints or PageHints()
    fields, provenance = _with_hints(fields, provenance, hints)
    date_language = language_tag(_to_text(fields.get("language"))) or language_tag(hints.language)
    loader = ArticleLoader(base_url=url, date_language=date_language, timezone=hints.timezone)
    for name in LOADED_FIELDS:
        value = fields.get(name)
        if value is not None:
            loader.add_value(name, value)
    record = loader.load_item().to_record()

    hint = fields.get("canonical_url")
    hint = hint if isinstance(hint, str) and hint.strip() else None
    record["url"] = url
    record["canonical_url"] = canonicalize_url(url, hint)
    record["site"] = hints.site or registered_domain(url)

    if record["headline"] and record["publisher"]:
        record["headline"] = strip_site_suffix(record["headline"], [record["publisher"]])
    if only_wraps_headline(record["description"], record["headline"]):
        record["description"] = None

    body = record["article_body"] or ""
    record["article_body"] = body
    record["word_count"] = count_words(body)
    record["reading_time_minutes"] = reading_time(record["word_count"])
    record["content_sha256"] = content_sha256(body, normalized=True)  # article_body_out normalized it

    own = {canonicalize_url(url), record["canonical_url"]}
    record["related_urls"] = [u for u in record["related_urls"] if u not in own]

    sources: dict[str, str] = {}
    hint_used = hint is not None and canonicalize_url(urljoin(url, hint)) == record["canonical_url"]
    for name, source in provenance.items():
        if name == "canonical_url" and not hint_used:
            continue
        if name not in record or not _has_value(record[name]):
            continue
        if source not in PROVENANCE_SOURCES:
            logger.warning("Dropping provenance %r for field %r: unknown source", source, name)
            continue
        sources[name] = source
    record["provenance"] = sources

    record["crawled_at"] = crawled_at
    record["near_duplicate_of"] = None
    record["revision"] = None
    record["run_id"] = None
    record["schema_version"] = SCHEMA_VERSION
    return record

"""ArticleLoader: raw extracted values in, one normalized schema-v1 record out.

Each field's processors sit next to the field name (``<field>_in`` runs on every raw
value, ``<field>_out`` turns the collected values into the field). ``load_article``
adds the fields that need the whole record: canonical URL, site, body statistics,
provenance and the crawl-state placeholders.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urljoin

from itemloaders import ItemLoader
from itemloaders.processors import Compose, Identity, MapCompose, TakeFirst

from newscrawl.items import SCHEMA_VERSION, ArticleItem
from newscrawl.processors import (
    absolute_url,
    clean_authors,
    clean_text,
    content_sha256,
    count_words,
    dedupe,
    normalize_body,
    normalize_date,
    normalize_language,
    reading_time,
    split_tags,
    strip_site_suffix,
)
from newscrawl.urls import canonicalize_url, registered_domain

__all__ = ["LOADED_FIELDS", "PROVENANCE_SOURCES", "ArticleLoader", "load_article"]

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


def _date(value: Any) -> str | None:
    return normalize_date(value)


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

    Pass the page URL as ``base_url`` in the loader context (``ArticleLoader(base_url=url)``):
    image and related URLs are made absolute against it.
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
    site: str | None = None,
    crawled_at: str | None = None,
) -> dict[str, Any]:
    """A complete schema-v1 record (every field present) from one page's raw fields.

    ``fields`` uses schema-v1 names with raw values (entities, tags, relative URLs,
    any date format); ``provenance`` maps those names to their source. The crawl-state
    fields (``near_duplicate_of``, ``revision``, ``run_id``) are left ``None`` for the
    pipelines.
    """
    loader = ArticleLoader(base_url=url)
    for name in LOADED_FIELDS:
        value = fields.get(name)
        if value is not None:
            loader.add_value(name, value)
    record = dataclasses.asdict(loader.load_item())

    hint = fields.get("canonical_url")
    hint = hint if isinstance(hint, str) and hint.strip() else None
    record["url"] = url
    record["canonical_url"] = canonicalize_url(url, hint)
    record["site"] = site or registered_domain(url)

    if record["headline"] and record["publisher"]:
        record["headline"] = strip_site_suffix(record["headline"], [record["publisher"]])
    if (
        record["description"]
        and record["headline"]
        and record["description"].casefold() == record["headline"].casefold()
    ):
        record["description"] = None

    body = record["article_body"] or ""
    record["article_body"] = body
    record["word_count"] = count_words(body)
    record["reading_time_minutes"] = reading_time(record["word_count"])
    record["content_sha256"] = content_sha256(body)

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

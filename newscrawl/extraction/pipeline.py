"""The order in which fields are extracted from one parsed document."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from newscrawl.extraction import authors as authors_mod
from newscrawl.extraction import classify, dates, headline, images, metadata, related, siterules, standfirst
from newscrawl.extraction.body import MAX_DOM_ELEMENTS, extract_body
from newscrawl.extraction.document import Document
from newscrawl.extraction.result import PageExtraction
from newscrawl.normalize.headline import only_wraps_headline
from newscrawl.normalize.text import fold
from newscrawl.sites.rules import SiteRule

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _guard(func: Callable[[Document], T], doc: Document) -> T | None:
    """Run one field extractor; a failure loses that field only."""
    try:
        return func(doc)
    except Exception:
        logger.debug(
            "field extractor %s failed on %s", getattr(func, "__name__", func), doc.url, exc_info=True
        )
        return None


def _visible_summary_and_section(doc: Document, result: PageExtraction) -> None:
    """The standfirst the page shows is the description; the visible section label fills a
    section no metadata gives."""
    fields = result.fields
    shown, plain = _guard(standfirst.visible_standfirsts, doc) or (None, None)
    declared = fields.get("description")
    if shown and fold(shown) != fold(declared or "") and standfirst.agrees_with(shown, declared):
        result.set("description", shown, "dom")
    elif (
        declared
        and not shown
        and plain
        and fold(plain) != fold(declared)
        and not standfirst.shown_on_page(doc, declared)
    ):
        # No summary is marked as one, and the declared one is not on the page (a video's or an
        # SEO text): a plain block of sentences right under the headline is the standfirst.
        result.set("description", plain, "dom")
    if not fields.get("section"):
        label = _guard(lambda d: standfirst.visible_section(d, fields.get("headline")), doc)
        if label:
            result.set("section", label, "dom")


def run(html: str, url: str, result: PageExtraction, rules: Sequence[SiteRule] = ()) -> None:
    """Fill ``result`` from ``html``; a matching site rule's exclusions and selectors come first."""
    doc = Document(html if isinstance(html, str) else "", url if isinstance(url, str) else "")
    rule = None
    if rules:
        published = _guard(dates.published, doc)
        rule = siterules.rule_for(doc, rules, published[0] if published else None)
        if rule is not None:
            siterules.apply_exclusions(doc, rule)
    simple: list[tuple[str, Callable[[Document], Any]]] = [
        ("headline", headline.headline),
        ("description", metadata.description),
        ("authors", authors_mod.authors),
        ("date_published", dates.published),
        ("date_modified", dates.modified),
        ("section", metadata.section),
        ("tags", metadata.tags),
        ("language", metadata.language),
        ("publisher", metadata.publisher),
        ("images", images.images),
        ("related_urls", related.related_urls),
        ("canonical_url", metadata.canonical_url),
    ]
    for name, func in simple:
        found = _guard(func, doc)
        if found:
            result.set(name, found[0], found[1])
    fields = result.fields
    if only_wraps_headline(fields.get("description"), fields.get("headline")):
        del fields["description"]  # an SEO template, not a summary: the page's own may stand in
        del result.provenance["description"]
    _visible_summary_and_section(doc, result)
    found_kicker = _guard(lambda d: headline.kicker(d, fields.get("headline")), doc)
    if found_kicker:
        result.set("kicker", found_kicker[0], found_kicker[1])
    captions = {
        " / ".join(p for p in (img.get("caption"), img.get("credit")) if p)
        for img in fields.get("images", [])
        if img.get("credit")
    } | (_guard(images.alt_texts, doc) or set())
    variants = _guard(headline.headline_variants, doc) or []
    body = extract_body(
        doc,
        fields.get("headline"),
        fields.get("authors"),
        captions,
        fields.get("description"),
        variants,
        description_shown=result.provenance.get("description") == "dom",
    )
    result.set("article_body", body.text, body.source)
    lede = _guard(lambda _d: standfirst.lede_shown(fields.get("description"), body.paragraphs), doc)
    if lede:
        result.set("description", lede, "dom")
    if body.attribution:
        result.set("attribution", body.attribution, "dom")
    if rule is not None:
        for name, value in siterules.rule_fields(doc, rule).items():
            result.set(name, value, "site-rule")
    result.page_type, result.page_type_reason = classify.classify(
        doc, fields.get("headline"), fields.get("article_body") or ""
    )
    if doc.element_count > MAX_DOM_ELEMENTS:
        result.oversized = doc.element_count

"""Publication and modification dates: structured data, meta tags, the DOM, htmldate, the URL.

Extraction only: this module finds the date candidates of a page and chooses one per field,
with its provenance. Every candidate is read by :func:`newscrawl.normalize.dates.normalize_date`
(in the language the page declares), the one date parser; the loader reads the chosen value
again with the crawl's hints (site time zone and language).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extraction import metadata
from newscrawl.extraction.body import MAX_DOM_ELEMENTS
from newscrawl.extraction.structured import text_value
from newscrawl.normalize.cldr import month_numbers
from newscrawl.normalize.dates import FUTURE_SLACK, MIN_YEAR, normalize_date
from newscrawl.normalize.language import language_tag
from newscrawl.normalize.text import clean_space

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

PUBLISHED_META = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "dc.date.created",
    "dcterms.created",
    "publishdate",
    "publish-date",
    "publish_date",
    "pubdate",
    "publication_date",
    "date",
    "article.published",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "ga-publishdate",
)
PUBLISHED_KEYS = ("datePublished", "dateCreated", "uploadDate")
MODIFIED_META = (
    "article:modified_time",
    "og:article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "dc.date.modified",
    "dcterms.modified",
    "last-modified",
    "lastmod",
    "article.updated",
    "parsely-updated-date",
)
_DOM_PUBLISHED = etree.XPath(  # from the itemprop and property attributes, not every element
    "(//@itemprop[.='datePublished'] | //@property[.='datePublished'])/parent::*"
    "[@datetime or @content]/@*[name()='datetime' or name()='content']"
)
_TIME_ELEMENTS = etree.XPath("//time[@datetime]")
MAX_TIME_ELEMENTS = 4
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[^\d]|$)")


def _page_language(doc: Document) -> str | None:
    """The language tag the page declares (``<html lang>``, else its metadata), read once."""
    if "_date_language" not in doc.__dict__:
        declared = doc.tree.get("lang") or doc.tree.get("xml:lang")
        found = None if declared else metadata.language(doc)
        doc.__dict__["_date_language"] = language_tag(declared or (found[0] if found else None))
    tag: str | None = doc.__dict__["_date_language"]
    return tag


def _time_elements(doc: Document) -> list[etree._Element]:
    """The page's first ``<time datetime>`` elements (read for both dates)."""
    return doc.memo("time_elements", lambda: list(_TIME_ELEMENTS(doc.tree)[:MAX_TIME_ELEMENTS]))


def read_date(doc: Document, raw: object) -> str | None:
    """A date candidate of the page as ISO 8601 (see :func:`newscrawl.normalize.dates.normalize_date`),
    numeric dates read in the page's language; None when unusable."""
    return normalize_date(raw, language=_page_language(doc))


def published(doc: Document) -> tuple[str, str] | None:
    """The publication date and its source."""
    found = _declared(doc)
    if found:
        return _with_local_offset(doc, found)
    for raw in _DOM_PUBLISHED(doc.tree):
        value = read_date(doc, str(raw))
        if value:
            return value, "dom"
    for element in _time_elements(doc):
        if _marks_update(element):  # "Updated 20 May": a modification time, never the publication
            continue
        value = read_date(doc, element.get("datetime"))
        if value:
            return value, "dom"
    value = _htmldate(doc)
    changed = modified(doc)
    if value and not (changed and changed[0][:10] == value[:10]):
        return _visible_time(doc, value) or value, "dom"
    value = url_date(doc.url)
    if value:
        timed = _visible_time(doc, value)
        return (timed, "dom") if timed else (value, "url")
    return None


def _declared(doc: Document) -> tuple[str, str] | None:
    """The publication date the page declares: structured data, then meta tags."""
    return _structured(doc, PUBLISHED_KEYS) or _meta(doc, PUBLISHED_META)


def _with_local_offset(doc: Document, found: tuple[str, str]) -> tuple[str, str]:
    """``found``, or the same wall-clock minute from another declaration of the page that gives it
    a UTC offset where ``found`` has none or "+00:00" (a local time the CMS labelled as UTC)."""
    value = found[0]
    if len(value) == len("2025-01-01") or _offset(value) not in (None, timedelta(0)):
        return found
    for candidate in _declarations(doc):
        if candidate[0][:16] == value[:16] and _offset(candidate[0]) not in (None, timedelta(0)):
            return candidate
    return found


def _declarations(doc: Document) -> Iterator[tuple[str, str]]:
    """Every publication date in structured data and meta tags, most trusted first."""
    found = doc.main_node
    if found is not None:
        for key in PUBLISHED_KEYS:
            value = read_date(doc, text_value(found[0].get(key)))
            if value:
                yield value, found[1]
    for name in PUBLISHED_META:
        for raw in doc.meta.get(name, []):
            value = read_date(doc, raw)
            if value:
                yield value, "opengraph" if name.startswith(("og:", "article:")) else "meta"


def _offset(value: str) -> timedelta | None:
    try:
        return datetime.fromisoformat(value).utcoffset()
    except ValueError:
        return None


def modified(doc: Document) -> tuple[str, str] | None:
    """The modification date and its source; never falls back to the publication date."""
    return doc.memo("date_modified", lambda: _modified(doc))


def _modified(doc: Document) -> tuple[str, str] | None:
    found = _structured(doc, ("dateModified",)) or _meta(doc, MODIFIED_META)
    if found:
        return found
    for element in _time_elements(doc):
        if _marks_update(element):
            value = read_date(doc, element.get("datetime"))
            if value:
                return value, "dom"
    return None


_UPDATE_WORDS = re.compile(
    r"updat|modif|revised|edited|aktualisiert|mis à jour|actualizad|aggiornat|bijgewerkt|güncellen",
    re.IGNORECASE,
)


def _marks_update(element: etree._Element) -> bool:
    """Whether a <time> is labelled as an update (its class/itemprop, or the words just before it)."""
    own = " ".join(filter(None, (element.get("class"), element.get("itemprop"), element.get("id"))))
    previous = element.getprevious()
    before = (
        previous.tail
        if previous is not None
        else element.getparent().text
        if element.getparent() is not None
        else ""
    ) or ""
    return bool(_UPDATE_WORDS.search(own) or _UPDATE_WORDS.search(before[-40:]))


_DATE_TEXT = etree.XPath(  # from the class attributes: only elements that have one are looked at
    "(//@class[contains(.,'date') or contains(.,'Date') or contains(.,'time')"
    " or contains(.,'publish') or contains(.,'posted')]/parent::* | //time)"
    "[not(ancestor-or-self::*[contains(@class,'comment') or contains(@id,'comment')])]"
)
_CLOCK = re.compile(
    r"(?<![\d:.])([01]?\d|2[0-3])\s?[:h]\s?([0-5]\d)(?::[0-5]\d)?(?![\d:])(?:\s?([ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)
MAX_DATE_TEXT = 100
MAX_DATE_ELEMENTS = 20


# A clock that is a length, not a time of day: "5 min read", "Video 2:15".
_DURATION_AFTER = re.compile(r"^\s?(?:min|mins|minute|minuten|minutes|sec|s\b)", re.IGNORECASE)
_MEDIA_WORDS = re.compile(
    r"video|audio|podcast|listen|watch|play|episode|folge|dauer|duration|durée|duración|read|lesezeit|lecture",
    re.IGNORECASE,
)
# What may stand between the written day and its clock: separators and a short word ("at", "um", "à").
MAX_DATE_CLOCK_GAP = 12
_NUMERIC_DAYS = (
    (re.compile(r"(?<!\d)(\d{4})\s?[-./年]\s?(\d{1,2})\s?[-./月]\s?(\d{1,2})(?!\d)"), "ymd"),
    (re.compile(r"(?<!\d)(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)"), "dmy"),
    (re.compile(r"(?<!\d)(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?!\d)"), "either"),
)
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d{1,2})\.?\s+(?:de\s+)?([^\W\d_]{3,}\.?),?\s+(?:de\s+)?(\d{4})(?!\d)")
_MONTH_DAY_YEAR = re.compile(r"\b([^\W\d_]{3,}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?\.?,?\s+(\d{4})(?!\d)")


def _month_number(name: str) -> int | None:
    """The month (1-12) a month name or abbreviation stands for, in the common page languages."""
    return month_numbers().get(name.casefold().strip(".")) or None


def _written_days(text: str) -> Iterator[tuple[int, set[date]]]:
    """Whole dates written in ``text`` ("12.03.2025", "2025-03-12", "5 March 2025", "March 5,
    2025"), each as (where it ends, the days it can mean)."""
    for pattern, order in _NUMERIC_DAYS:
        for m in pattern.finditer(text):
            a, b, c = (int(g) for g in m.groups())
            triples = {"ymd": [(a, b, c)], "dmy": [(c, b, a)], "either": [(c, b, a), (c, a, b)]}[order]
            yield m.end(), {d for d in (_safe_date(*t) for t in triples) if d}
    for m in _DAY_MONTH_YEAR.finditer(text):
        month = _month_number(m.group(2))
        found = _safe_date(int(m.group(3)), month, int(m.group(1))) if month else None
        yield m.end(), {found} if found else set()
    for m in _MONTH_DAY_YEAR.finditer(text):
        month = _month_number(m.group(1))
        found = _safe_date(int(m.group(3)), month, int(m.group(2))) if month else None
        yield m.end(), {found} if found else set()


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _visible_time(doc: Document, day: str) -> str | None:
    """``day`` at the clock time written next to it in the short text of a date element
    ("erstellt: 01. April 2025, 15:25", "30 août 2023 à 14h52"), as an offset-less ISO time.

    The last whole date written before the clock must be ``day`` and stand right before it (a
    separator or a short word such as "at" between them); a clock after an update label
    ("modifié le …") is not the publication time, and a length ("5 min", "Video 2:15") is no clock.
    """
    try:
        wanted = date.fromisoformat(day[:10])
    except (TypeError, ValueError):
        return None
    for element in doc.memo("date_texts", lambda: list(_DATE_TEXT(doc.tree)[:MAX_DATE_ELEMENTS])):
        text = clean_space(element.text_content())
        if not text or len(text) > MAX_DATE_TEXT:
            continue
        for clock in _CLOCK.finditer(text):
            before = text[: clock.start()]
            if _UPDATE_WORDS.search(before):
                break
            if _DURATION_AFTER.match(text[clock.end() :]):
                continue
            written = max(_written_days(before), key=lambda found: found[0], default=None)
            if written is None or wanted not in written[1]:
                continue
            gap = before[written[0] :]
            if len(gap.strip()) > MAX_DATE_CLOCK_GAP or re.search(r"\d", gap) or _MEDIA_WORDS.search(gap):
                continue
            return f"{day[:10]}T{_hour(clock):02d}:{clock.group(2)}:00"
    return None


def _hour(clock: re.Match[str]) -> int:
    """The 24-hour hour of a clock match ("3:25 pm" -> 15)."""
    hour = int(clock.group(1))
    meridian = (clock.group(3) or "").lower()
    if meridian and hour <= 12:
        return hour % 12 + (12 if meridian == "p" else 0)
    return hour


def _structured(doc: Document, keys: tuple[str, ...]) -> tuple[str, str] | None:
    """The first usable date among ``keys`` of the article node (or, on a video page, the
    VideoObject: its ``uploadDate``)."""
    found = doc.main_node
    if found is None:
        return None
    node, source = found
    for key in keys:
        value = read_date(doc, text_value(node.get(key)))
        if value:
            return value, source
    return None


def _meta(doc: Document, names: tuple[str, ...]) -> tuple[str, str] | None:
    for name in names:
        for raw in doc.meta.get(name, []):
            value = read_date(doc, raw)
            if value:
                source = "opengraph" if name.startswith(("og:", "article:")) else "meta"
                return value, source
    return None


def _htmldate(doc: Document) -> str | None:
    """The date htmldate finds in the page (run once per page)."""
    return doc.memo("htmldate", lambda: _run_htmldate(doc))


def _run_htmldate(doc: Document) -> str | None:
    if doc.element_count > MAX_DOM_ELEMENTS:
        return None  # htmldate works on a copy of the whole tree: 100 MB more for 250,000 elements
    try:
        from htmldate import find_date

        raw = find_date(
            doc.tree,
            extensive_search=False,
            original_date=True,
            outputformat="%Y-%m-%d",
            max_date=(datetime.now(UTC) + FUTURE_SLACK).strftime("%Y-%m-%d"),
            min_date=f"{MIN_YEAR}-01-01",
        )
    except Exception:
        return None
    return read_date(doc, raw) if raw else None


def url_date(url: str) -> str | None:
    """A date written in the URL path (``/2024/12/30/``), the weakest hint."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        value = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return normalize_date(value.isoformat())

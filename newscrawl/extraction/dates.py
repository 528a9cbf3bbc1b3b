"""Publication and modification dates: structured data, meta tags, the DOM, htmldate, the URL."""

from __future__ import annotations

import re
import warnings
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from dateutil import parser as dateparser
from lxml import etree

from newscrawl.extraction.structured import text_value
from newscrawl.extraction.text import clean_space

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

MIN_YEAR = 1990
_TZ_NAMES = {
    name: offset * 3600
    for name, offset in {
        "UTC": 0, "GMT": 0, "Z": 0, "WET": 0, "BST": 1, "WEST": 1, "CET": 1, "MEZ": 1, "CEST": 2, "MESZ": 2,
        "EET": 2, "EEST": 3, "MSK": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
        "PST": -8, "PDT": -7, "JST": 9, "KST": 9,
    }.items()
}  # fmt: skip
FUTURE_SLACK = timedelta(days=1)

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
_DOM_PUBLISHED = etree.XPath(
    "//*[@itemprop='datePublished' or @property='datePublished']"
    "[@datetime or @content]/@*[name()='datetime' or name()='content']"
)
_TIME_ELEMENTS = etree.XPath("(//article//time[@datetime] | //main//time[@datetime] | //time[@datetime])")
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[^\d]|$)")
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_DOTTED_DAY_FIRST = re.compile(r"^\d{1,2}\.\s?\d{1,2}\.\s?\d{4}")
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}")


def parse_date(raw: str | None, now: datetime | None = None) -> str | None:
    """``raw`` as ISO 8601 (keeping its UTC offset and time when given) or None when unusable.

    Dates before 1990 or more than a day in the future are refused.
    """
    text = clean_space(raw)
    if not text or len(text) > 80:
        return None
    now = now or datetime.now(UTC)
    parsed: datetime | None = None
    if _EPOCH.match(text):
        seconds = int(text[:10])
        parsed = datetime.fromtimestamp(seconds, UTC)
    else:
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" +", "+"))
        except ValueError:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    parsed = dateparser.parse(
                        text,
                        default=datetime(2000, 1, 1),
                        tzinfos=_TZ_NAMES,
                        dayfirst=bool(_DOTTED_DAY_FIRST.match(text)),
                    )
            except (ValueError, OverflowError, TypeError, dateparser.ParserError):
                return None
    if parsed is None or not _plausible(parsed, now):
        return None
    if not _HAS_TIME.search(text) and not _EPOCH.match(text):
        return parsed.date().isoformat()
    return parsed.isoformat()


def _plausible(value: datetime, now: datetime) -> bool:
    if value.year < MIN_YEAR:
        return False
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        return aware <= now + FUTURE_SLACK
    except (OverflowError, ValueError):
        return False


def published(doc: Document) -> tuple[str, str] | None:
    """The publication date and its source."""
    found = _structured(doc, ("datePublished", "dateCreated", "uploadDate"))
    if found:
        return found
    found = _meta(doc, PUBLISHED_META)
    if found:
        return found
    for raw in _DOM_PUBLISHED(doc.tree):
        value = parse_date(str(raw))
        if value:
            return value, "dom"
    for element in _TIME_ELEMENTS(doc.tree)[:4]:
        if _marks_update(element):  # "Updated 20 May": a modification time, never the publication
            continue
        value = parse_date(element.get("datetime"))
        if value:
            return value, "dom"
    value = _htmldate(doc)
    changed = modified(doc)
    if value and not (changed and changed[0][:10] == value[:10]):
        return value, "dom"
    value = url_date(doc.url)
    if value:
        return value, "url"
    return None


def modified(doc: Document) -> tuple[str, str] | None:
    """The modification date and its source; never falls back to the publication date."""
    found = _structured(doc, ("dateModified",)) or _meta(doc, MODIFIED_META)
    if found:
        return found
    for element in _TIME_ELEMENTS(doc.tree)[:4]:
        if _marks_update(element):
            value = parse_date(element.get("datetime"))
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


def _structured(doc: Document, keys: tuple[str, ...]) -> tuple[str, str] | None:
    """The first usable date among ``keys`` of the article node (or, on a video page, the
    VideoObject: its ``uploadDate``)."""
    found = doc.main_node
    if found is None:
        return None
    node, source = found
    for key in keys:
        value = parse_date(text_value(node.get(key)))
        if value:
            return value, source
    return None


def _meta(doc: Document, names: tuple[str, ...]) -> tuple[str, str] | None:
    for name in names:
        for raw in doc.meta.get(name, []):
            value = parse_date(raw)
            if value:
                source = "opengraph" if name.startswith(("og:", "article:")) else "meta"
                return value, source
    return None


def _htmldate(doc: Document) -> str | None:
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
    return parse_date(raw) if raw else None


def url_date(url: str) -> str | None:
    """A date written in the URL path (``/2024/12/30/``), the weakest hint."""
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        value = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    return parse_date(value.isoformat())

"""Small pure processors that normalize raw field values, whatever page layer they came from.

Every function takes a plain value and returns a plain value (``None`` meaning "no value"),
so they compose with ``itemloaders.processors.MapCompose`` and run in worker processes.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as date_parser
from w3lib.html import remove_tags, remove_tags_with_content, replace_entities

__all__ = [
    "READING_WORDS_PER_MINUTE",
    "absolute_url",
    "clean_author",
    "clean_authors",
    "clean_text",
    "content_sha256",
    "count_words",
    "dedupe",
    "first_text",
    "fold_whitespace",
    "is_dateline_word",
    "normalize_body",
    "normalize_date",
    "normalize_language",
    "reading_time",
    "split_tags",
    "strip_site_suffix",
    "surname_first",
]

READING_WORDS_PER_MINUTE = 230
"""Reading speed used for ``reading_time_minutes``."""

# Everything Unicode calls a space, plus zero-width characters and the BOM.
_SPACE_RE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
# A word: a run of letters/digits (inner apostrophes and hyphens allowed), or one CJK
# character (Chinese, Japanese and Korean are written without spaces; each character
# counts as a word, as word processors count them).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RE = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+(?:['’\-](?:(?![{_CJK}])\w)+)*")


# --- text ---------------------------------------------------------------------------------


def fold_whitespace(value: str) -> str:
    """Unicode NFC, every run of whitespace (including NBSP and newlines) to one space, stripped.

    >>> fold_whitespace("  Cafe\\u0301\\u00a0 au\\n\\tlait ")
    'Café au lait'
    """
    value = unicodedata.normalize("NFC", value)
    value = _ZERO_WIDTH_RE.sub("", value)
    return _SPACE_RE.sub(" ", value).strip()


def clean_text(value: str) -> str | None:
    """Strip tags (dropping script/style content), unescape entities, fold whitespace.

    Returns ``None`` when nothing is left.

    >>> clean_text("<b>Rates &amp; prices</b>&nbsp;rise")
    'Rates & prices rise'
    >>> clean_text(" <br/> ") is None
    True
    """
    value = remove_tags_with_content(value, which_ones=("script", "style"))
    value = remove_tags(value)
    value = replace_entities(value, remove_illegal=False)
    value = fold_whitespace(value)
    return value or None


def strip_site_suffix(headline: str, site_names: Iterable[str | None]) -> str:
    """Remove a trailing (or leading) " | Site", " - Site" or " – Site" from a headline.

    >>> strip_site_suffix("Rates rise again | TRT World", ["TRT World"])
    'Rates rise again'
    >>> strip_site_suffix("Rates rise - again", ["TRT World"])
    'Rates rise - again'
    """
    for name in site_names:
        if not name:
            continue
        escaped = re.escape(name.strip())
        for pattern in (rf"\s+[|\-–—:·•]\s+{escaped}\s*$", rf"^\s*{escaped}\s*[|\-–—:·•]\s+"):
            stripped = re.sub(pattern, "", headline, flags=re.IGNORECASE)
            if stripped != headline and stripped.strip():
                return stripped.strip()
    return headline


# --- URLs and lists -----------------------------------------------------------------------

_DROPPED_SCHEMES = frozenset({"javascript", "data", "mailto", "tel", "sms", "about", "blob", "file"})


def absolute_url(value: str, base: str) -> str | None:
    """Join ``value`` against the page URL ``base``; ``None`` for javascript:, data:, mailto: and the like.

    >>> absolute_url("../b.jpg?x=1", "https://example.com/news/a/")
    'https://example.com/news/b.jpg?x=1'
    >>> absolute_url("javascript:void(0)", "https://example.com/") is None
    True
    """
    value = _SPACE_RE.sub(" ", value).strip()
    if not value or value.startswith("#"):
        return None
    try:
        joined = urljoin(base, value)
        scheme = urlsplit(joined).scheme.lower()
        netloc = urlsplit(joined).netloc
    except ValueError:
        return None
    if scheme in _DROPPED_SCHEMES or scheme not in {"http", "https"} or not netloc:
        return None
    return joined.replace(" ", "%20")


def dedupe(values: Iterable[str], *, casefold: bool = False) -> list[str]:
    """Drop empty values and repeats, keeping the first occurrence and the original order.

    >>> dedupe(["Politics", "politics", "", "Economy", "Politics"], casefold=True)
    ['Politics', 'Economy']
    """
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if not value:
            continue
        key = value.casefold() if casefold else value
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


def split_tags(value: str | Iterable[str]) -> list[str]:
    """Tags from a comma-separated string or a list, cleaned and de-duplicated case-insensitively.

    >>> split_tags("Economy, Turkey ,economy,, <i>Inflation</i>")
    ['Economy', 'Turkey', 'Inflation']
    """
    raw = value.split(",") if isinstance(value, str) else list(value)
    return dedupe((clean_text(v) or "" for v in raw if isinstance(v, str)), casefold=True)


# --- dates --------------------------------------------------------------------------------

_EARLIEST_YEAR = 1990
_FUTURE_SLACK = timedelta(days=1)
_TZINFOS: dict[str, tzinfo] = {
    "UTC": UTC,
    "GMT": UTC,
    "Z": UTC,
    "EST": timezone(timedelta(hours=-5)),
    "EDT": timezone(timedelta(hours=-4)),
    "CST": timezone(timedelta(hours=-6)),
    "CDT": timezone(timedelta(hours=-5)),
    "MST": timezone(timedelta(hours=-7)),
    "MDT": timezone(timedelta(hours=-6)),
    "PST": timezone(timedelta(hours=-8)),
    "PDT": timezone(timedelta(hours=-7)),
    "CET": timezone(timedelta(hours=1)),
    "CEST": timezone(timedelta(hours=2)),
    "EET": timezone(timedelta(hours=2)),
    "EEST": timezone(timedelta(hours=3)),
    "TRT": timezone(timedelta(hours=3)),
}
_DATE_LABEL_RE = re.compile(
    r"^(?:(?:last\s+)?(?:published|updated|modified|posted)(?:\s+on)?|on|date)\b\s*:?\s*", re.IGNORECASE
)
_EPOCH_RE = re.compile(r"^\d{10}(?:\d{3})?(?:\.\d+)?$")
# Two defaults that differ in every component: what the text omits shows up as a difference.
_DEFAULT_A = datetime(2001, 1, 1, 0, 0, 0)
_DEFAULT_B = datetime(2002, 2, 2, 1, 1, 1)


def _parse_free_date(text: str) -> datetime | date | None:
    """Parse with dateutil; a ``date`` when the text has no time; ``None`` when a date part is missing."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unknown time zone names: keep the wall time, naive
        try:
            first = date_parser.parse(text, default=_DEFAULT_A, tzinfos=_TZINFOS)
            second = date_parser.parse(text, default=_DEFAULT_B, tzinfos=_TZINFOS)
        except (ValueError, OverflowError, TypeError):
            return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # "December 2024", "Monday": not a full date
    if first.hour != second.hour:
        return first.date()
    if first.minute != second.minute:
        first = first.replace(minute=0)
    if first.second != second.second:
        first = first.replace(second=0)
    return first


def _parse_date(value: Any) -> datetime | date | None:
    if isinstance(value, datetime | date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = fold_whitespace(value)
    if not text:
        return None
    if _EPOCH_RE.match(text):
        seconds = float(text) / (1000 if len(text.split(".")[0]) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz=UTC)
    text = _DATE_LABEL_RE.sub("", text)
    if "T" not in text and ":" not in text:
        try:
            return date.fromisoformat(text)  # "2024-12-30", "20241230"
        except ValueError:
            pass
    try:
        return datetime.fromisoformat(text)  # ISO 8601, "Z" included
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)  # RFC 2822 (feeds, HTTP headers)
    except (TypeError, ValueError, IndexError):
        pass
    return _parse_free_date(text)


def normalize_date(value: Any, *, now: datetime | None = None) -> str | None:
    """ISO 8601, keeping the page's own UTC offset; a date stays a date.

    Unparseable values, dates before 1990 and dates more than a day after ``now``
    (default: the current UTC time) give ``None``. Datetimes without an offset stay
    without one; "Z" becomes "+00:00"; fractions of a second are dropped.

    >>> normalize_date("2024-12-30T12:15:00.123+03:00")
    '2024-12-30T12:15:00+03:00'
    >>> normalize_date("Mon, 30 Dec 2024 09:15:00 GMT")
    '2024-12-30T09:15:00+00:00'
    >>> normalize_date("30 December 2024")
    '2024-12-30'
    >>> normalize_date("next Tuesday") is None
    True
    """
    parsed = _parse_date(value)
    if parsed is None:
        return None
    current = now or datetime.now(UTC)
    if current.tzinfo is None:
        current = current.replace(tzinfo=UTC)
    if parsed.year < _EARLIEST_YEAR:
        return None
    if isinstance(parsed, datetime):
        if parsed.tzinfo is not None and parsed.utcoffset() == timedelta(0):
            parsed = parsed.replace(tzinfo=UTC)
        elif parsed.tzinfo is not None and not isinstance(parsed.tzinfo, timezone):
            offset = parsed.utcoffset()
            if offset is None:
                return None
            parsed = parsed.replace(tzinfo=timezone(offset))
        aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if aware - current > _FUTURE_SLACK:
            return None
        return parsed.replace(microsecond=0).isoformat()
    if parsed - current.date() > _FUTURE_SLACK:
        return None
    return parsed.isoformat()


# --- authors ------------------------------------------------------------------------------

_BYLINE_PREFIX_RE = re.compile(
    r"^(?:(?:written|reported|words|story|text|posted|compiled)\s+)?(?:by|von|par|por)\b\s*:?\s*",
    re.IGNORECASE,
)
_LABEL_PREFIX_RE = re.compile(r"^(?:author|authors|autor|auteur|byline)\s*:\s*", re.IGNORECASE)
_EMAIL_RE = re.compile(r"\(?\s*(?:mailto:)?[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\s*\)?")
_URL_RE = re.compile(r"\(?\s*(?:https?://|www\.)\S+\s*\)?", re.IGNORECASE)
_HANDLE_RE = re.compile(r"\(?\s*(?<![\w.])@\w{1,30}\s*\)?")
_ROLE_DASH_RE = re.compile(r"\s+[\-–—|/]\s+")
_PLACE_SUFFIX_RE = re.compile(r"\s+(?:in|at|for|from|reporting from)\s+\S.*$")
# Not "y"/"e": they join the parts of one Spanish/Portuguese name ("José Ortega y Gasset");
# "&" only between spaces ("AT&T" stays whole).
_AND_RE = re.compile(r"\s+(?:and|und|et|ve|&)\s+|\s*;\s*", re.IGNORECASE)
_JUNK_AUTHORS = frozenset(
    {
        "admin",
        "administrator",
        "agencies",
        "agency",
        "agencia",
        "agence",
        "agentur",
        "agenturen",
        "anonymous",
        "author",
        "by",
        "desk",
        "editor",
        "editorial",
        "guest",
        "n/a",
        "na",
        "news desk",
        "newsdesk",
        "newsroom",
        "none",
        "redaktion",
        "redacción",
        "rédaction",
        "redazione",
        "redactie",
        "redação",
        "null",
        "staff",
        "team",
        "staff reporter",
        "staff writer",
        "unknown",
        "user",
        "web desk",
        "webmaster",
    }
)
# Words that mark the part after a comma as a role, affiliation or place, not a second name.
_ROLE_WORDS = frozenset(
    {
        "analyst",
        "bureau",
        "chief",
        "columnist",
        "contributor",
        "correspondent",
        "critic",
        "desk",
        "editor",
        "for",
        "from",
        "in",
        "journalist",
        "producer",
        "reporter",
        "senior",
        "staff",
        "writer",
    }
)
# News agencies and wire services (a byline "Kyodo, Tokyo" is an agency and a dateline).
_KNOWN_ORGS = frozenset(
    {
        "reuters", "ap", "afp", "dpa", "efe", "ansa", "bloomberg", "anadolu", "aa", "upi", "pa", "tass",
        "xinhua", "kyodo", "jiji", "lusa", "yonhap", "pti", "ians", "ani", "uni", "bernama", "antara",
        "interfax", "ria", "belga", "apa", "sda", "ats", "keystone", "ntb", "tt", "stt", "ritzau", "ctk",
        "čtk", "pap", "mti", "kna", "epa", "sapa", "nan", "kyodonews", "aap", "cna", "vna", "pna",
        "bta", "hina", "tanjug", "ukrinform", "unian", "irna", "isna", "wafa", "mena", "spa", "wam",
        "qna", "kuna", "petra", "ips", "ddp", "epd", "kathpress", "europa press", "servimedia",
        "agerpres", "anp", "agi", "adnkronos", "askanews", "ana-mpa", "elta", "bns", "leta", "err",
    }
)  # fmt: skip
# Newspaper sections: "Weber, Politik" is a reporter and a section, not "Politik Weber".
_SECTION_WORDS = frozenset(
    {
        "news", "politics", "business", "sport", "sports", "world", "opinion", "economy", "culture",
        "science", "health", "tech", "technology", "travel", "style", "lifestyle", "entertainment",
        "local", "metro", "national", "international", "finance", "markets", "education", "environment",
        "politik", "wirtschaft", "kultur", "feuilleton", "panorama", "wissen", "gesundheit", "lokales",
        "inland", "ausland", "meinung", "nachrichten", "reise", "digital", "finanzen", "gesellschaft",
        "politique", "économie", "monde", "société", "política", "economía",
        "deportes", "sociedad", "cultura", "mundo", "politica", "economia", "esporte", "esportes",
        "sociedade", "cronaca", "esteri", "spettacoli", "spor", "ekonomi", "dünya", "gündem", "siyaset",
        "binnenland", "buitenland", "economie", "cultuur", "regio",
    }
)  # fmt: skip
_places: set[str] = set()


def _is_place(word: str) -> bool:
    """Whether ``word`` names a city or a country: the time zone database's cities, and the
    city and country names that Babel gives in the common page languages. Loaded once."""
    if not _places:
        import zoneinfo

        _places.update(
            part.replace("_", " ").casefold()
            for zone in zoneinfo.available_timezones()
            for part in zone.split("/")
        )
        try:
            from babel import Locale

            for code in ("en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "sv", "da", "no", "fi", "cs"):
                locale = Locale.parse(code)
                _places.update(v["city"].casefold() for v in locale.time_zones.values() if "city" in v)
                _places.update(name.casefold() for name in locale.territories.values())
        except Exception:  # Babel's data is optional here: the time zone cities remain
            pass
    return word.casefold() in _places


def _is_org(part: str) -> bool:
    return part.casefold() in _KNOWN_ORGS or (part.isupper() and len(part) <= 6 and " " not in part)


def _looks_like_person(part: str) -> bool:
    words = part.split()
    return (
        2 <= len(words) <= 5
        and not any(w.casefold().strip(".") in _ROLE_WORDS for w in words)
        and words[0][:1].isupper()
        and words[-1][:1].isupper()
    )


_NAME_WORD_RE = re.compile(r"^[^\W\d_]+(?:['’\-][^\W\d_]+)*$")
_INITIAL_RE = re.compile(r"^[^\W\d_]\.?$")
MAX_INITIALS = 3


def _is_name_word(word: str, is_org: Callable[[str], bool] | None) -> bool:
    """One capitalized word that can be part of a person's name: not a known organization, an
    all-caps acronym, a role or junk ("Staff"), nor what ``is_org`` recognizes."""
    folded = word.casefold()
    return (
        bool(_NAME_WORD_RE.match(word))
        and word[:1].isupper()
        and not _is_org(word)
        and folded not in _ROLE_WORDS
        and folded not in _JUNK_AUTHORS
        and not (is_org and is_org(word))
    )


def is_dateline_word(part: str) -> bool:
    """Whether a byline segment is one place or section word ("Tokyo", "Politik"): a dateline or
    a desk written after the credit ("Kyodo, Tokyo"), not a person."""
    part = part.strip()
    return " " not in part and (part.casefold() in _SECTION_WORDS or _is_place(part))


def _is_given_word(word: str, is_org: Callable[[str], bool] | None) -> bool:
    """A name word that can be a given name: not a section ("Politik") nor a place ("Tokyo", "Lisboa")."""
    folded = word.casefold()
    return _is_name_word(word, is_org) and folded not in _SECTION_WORDS and not _is_place(word)


def _is_given_name(part: str, is_org: Callable[[str], bool] | None) -> bool:
    """ "Jane", "Jane R.", "J. R.": one given name, optionally with initials, or initials only."""
    words = part.split()
    initials = [w for w in words if _INITIAL_RE.match(w) and w[:1].isupper()]
    names = [w for w in words if w not in initials]
    if len(initials) > MAX_INITIALS or len(names) > 1 or (names and words[0] != names[0]):
        return False
    return not names or _is_given_word(names[0], is_org)


def surname_first(text: str, *, is_org: Callable[[str], bool] | None = None) -> str | None:
    """ "Okonkwo, Adaeze" -> "Adaeze Okonkwo": the name of one person written surname first, else None.

    A comma in a byline usually separates credits ("Reuters, AP", "Jane Smith, John Doe"), so
    the rule is conservative. ``text`` is one person only when it has exactly two comma segments,
    the first is a single capitalized word and the second a single capitalized given name,
    optionally followed by initials, or initials only ("Smith, J. R."). Neither word may be a
    known organization ("Reuters"), an all-caps acronym ("AP"), a role or junk word ("Staff",
    "Editor"), or anything ``is_org`` recognizes (extraction passes the site's own names).
    "Smith, Jane Mary", "Jane Smith, John Doe" and lists of three or more segments are left
    to be split.

    This is the only place the rule lives: :func:`clean_author` and
    ``newscrawl.extraction.authors.clean_names`` both call it.

    >>> surname_first("Okonkwo, Adaeze")
    'Adaeze Okonkwo'
    >>> surname_first("Reuters, AP") is None
    True
    """
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) != 2:
        return None
    surname, given = parts
    if not _is_name_word(surname, is_org) or not _is_given_name(given, is_org):
        return None
    return f"{given} {surname}"


def _split_commas(group: str) -> list[str]:
    parts = [p.strip() for p in group.split(",") if p.strip()]
    if len(parts) <= 1:
        return parts
    person = surname_first(group)
    if person:
        return [person]  # "Smith, Jane" -> "Jane Smith"
    first, rest = parts[0], parts[1:]
    if " " not in first:
        # "Reuters, AP": a list of credits; keep the ones that look like names or organizations.
        return [first, *(p for p in rest if _is_org(p) or _looks_like_person(p))]
    # "Jane Doe, Economics Correspondent" / "Jane Doe, John Smith"
    return [first, *(p for p in rest if _looks_like_person(p))]


def _tidy_name(name: str) -> str | None:
    name = name.strip(" \t.,:;-–—|/()[]\"'“”‘’«»")
    if not name or not any(c.isalpha() for c in name):
        return None
    if name.casefold() in _JUNK_AUTHORS or len(name) > 80 or len(name.split()) > 6:
        return None
    if name.isupper() and " " in name:
        name = name.title()  # "JANE DOE" -> "Jane Doe"; single all-caps tokens are acronyms (AP)
    return name


def clean_author(value: str) -> list[str]:
    """Person or organization names from one raw byline.

    Drops "By"/"Von"/"Par"/"Por", roles after a comma or a dash, emails, URLs and
    @handles; splits on "and", "&" and ";" (and on commas between full names);
    "Smith, Jane" becomes "Jane Smith" (see :func:`surname_first`); fully upper-case names are title-cased;
    junk such as "Staff" or "Admin" is dropped, organizations such as "Reuters" kept.

    >>> clean_author("By JANE DOE and John Smith, Economics Correspondent")
    ['Jane Doe', 'John Smith']
    >>> clean_author("Reuters")
    ['Reuters']
    """
    text = clean_text(value)
    if not text:
        return []
    text = _EMAIL_RE.sub(" ", text)
    text = _URL_RE.sub(" ", text)
    text = _HANDLE_RE.sub(" ", text)
    text = fold_whitespace(text)
    names: list[str] = []
    for group in _AND_RE.split(text):
        group = _LABEL_PREFIX_RE.sub("", group.strip())
        group = _BYLINE_PREFIX_RE.sub("", group)
        group = _ROLE_DASH_RE.split(group, maxsplit=1)[0]
        group = _PLACE_SUFFIX_RE.sub("", group)  # "Jane Doe in Istanbul", "Jane Doe for Reuters"
        for part in _split_commas(group):
            part = _BYLINE_PREFIX_RE.sub("", part)
            name = _tidy_name(part)
            if name:
                names.append(name)
    return dedupe(names, casefold=True)


def clean_authors(values: str | Iterable[Any]) -> list[str]:
    """:func:`clean_author` over several bylines (strings or ``{"name": ...}`` objects), de-duplicated.

    >>> clean_authors(["By Jane Doe", {"name": "jane doe"}, "Staff"])
    ['Jane Doe']
    """
    if isinstance(values, str | dict):
        values = [values]
    names: list[str] = []
    for value in values:
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str):
            names.extend(clean_author(value))
    return dedupe(names, casefold=True)


# --- language -----------------------------------------------------------------------------

_LANGUAGE_NAMES = {
    "arabic": "ar",
    "chinese": "zh",
    "deutsch": "de",
    "dutch": "nl",
    "english": "en",
    "español": "es",
    "french": "fr",
    "français": "fr",
    "german": "de",
    "italian": "it",
    "italiano": "it",
    "japanese": "ja",
    "nederlands": "nl",
    "polish": "pl",
    "polski": "pl",
    "portuguese": "pt",
    "português": "pt",
    "russian": "ru",
    "spanish": "es",
    "turkish": "tr",
    "türkçe": "tr",
    "русский": "ru",
    "العربية": "ar",
    "中文": "zh",
    "日本語": "ja",
}
_LANGUAGE_ALPHA3 = {
    "ara": "ar",
    "chi": "zh",
    "deu": "de",
    "dut": "nl",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "ger": "de",
    "ita": "it",
    "jpn": "ja",
    "nld": "nl",
    "pol": "pl",
    "por": "pt",
    "rus": "ru",
    "spa": "es",
    "tur": "tr",
    "zho": "zh",
}


def normalize_language(value: str) -> str | None:
    """An ISO 639-1 code from a language tag ("en-US", "en_GB"), a few ISO 639-2 codes or names.

    >>> [normalize_language(v) for v in ("en-US", "pt_BR", "English", "eng", "xx-klingon-1")]
    ['en', 'pt', 'en', 'en', None]
    """
    text = fold_whitespace(value).casefold()
    if not text:
        return None
    if text in _LANGUAGE_NAMES:
        return _LANGUAGE_NAMES[text]
    primary = re.split(r"[-_\s]", text, maxsplit=1)[0]
    if primary in _LANGUAGE_ALPHA3:
        return _LANGUAGE_ALPHA3[primary]
    if len(primary) == 2 and primary.isascii() and primary.isalpha() and primary != "xx":
        return primary
    return None


# --- body ---------------------------------------------------------------------------------


def normalize_body(value: str | Iterable[str]) -> str:
    """Paragraphs (split on blank lines, or a list) whitespace-folded, empties dropped, joined by "\\n\\n".

    Single newlines inside a paragraph become spaces.

    >>> normalize_body("  First\\n line.\\n\\n\\n \\u00a0\\n\\nSecond. ")
    'First line.\\n\\nSecond.'
    """
    chunks = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
    paragraphs: list[str] = []
    for chunk in chunks:
        for paragraph in _BLANK_LINE_RE.split(chunk.replace("\r\n", "\n").replace("\r", "\n")):
            folded = fold_whitespace(paragraph)
            if folded:
                paragraphs.append(folded)
    return "\n\n".join(paragraphs)


def count_words(text: str) -> int:
    """Number of words (runs of letters/digits, with inner apostrophes and hyphens).

    >>> count_words("It's a well-known fact: 3 words... or 7?")
    8
    >>> count_words("東京で地震 M5")
    6
    """
    return len(_WORD_RE.findall(text))


def reading_time(words: int) -> int:
    """Minutes to read ``words`` words at 230 words a minute, rounded up; 0 only for no words.

    >>> reading_time(0), reading_time(1), reading_time(230), reading_time(231)
    (0, 1, 1, 2)
    """
    if words <= 0:
        return 0
    return max(1, math.ceil(words / READING_WORDS_PER_MINUTE))


def content_sha256(body: str) -> str | None:
    """Hex SHA-256 of the normalized body (UTF-8); ``None`` for an empty body.

    >>> content_sha256("Hello")[:16]
    '185f8db32271fe25'
    >>> content_sha256("") is None
    True
    """
    normalized = normalize_body(body)
    if not normalized:
        return None
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def first_text(values: Iterable[Any], processor: Callable[[str], str | None] = clean_text) -> str | None:
    """The first value that ``processor`` turns into a non-empty string.

    >>> first_text(["", None, " <i>Politics</i> "])
    'Politics'
    """
    for value in values:
        if isinstance(value, str):
            result = processor(value)
            if result:
                return result
    return None


def localize_date(value: str | None, zone_name: str | None) -> str | None:
    """Give a date-time without UTC offset the offset of ``zone_name`` (the site's own zone).

    >>> localize_date("2025-07-01T09:30:00", "Europe/Berlin")
    '2025-07-01T09:30:00+02:00'
    >>> localize_date("2025-07-01T09:30:00+00:00", "Europe/Berlin")
    '2025-07-01T09:30:00+00:00'
    >>> localize_date("2025-07-01", "Europe/Berlin")
    '2025-07-01'
    """
    if not value or not zone_name or "T" not in value:
        return value
    try:
        moment = datetime.fromisoformat(value)
        zone = ZoneInfo(zone_name)
    except (ValueError, ZoneInfoNotFoundError):
        return value
    if moment.tzinfo is not None:
        return value
    return moment.replace(tzinfo=zone).isoformat()

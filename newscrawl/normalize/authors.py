"""Authors: bylines into person and organization names.

The one home of the byline rules: the credit prefix ("By", "Von"), e-mail addresses, the name
separators ("and", ";", "/"; "y"/"e" only between full names), "Surname, Given" reordering,
datelines and sections after a credit, junk ("Staff", "Admin") and news agencies.
:func:`clean_authors` gives the final ``authors`` list (the loader); extraction
(:mod:`newscrawl.extraction.authors`) finds bylines on the page and uses these same patterns.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from newscrawl.normalize.text import clean_space, clean_text, dedupe

__all__ = [
    "BYLINE_PREFIX",
    "EMAIL",
    "NAME_SEPARATOR",
    "clean_author",
    "clean_authors",
    "is_dateline_word",
    "split_names",
    "surname_first",
]

BYLINE_PREFIX = re.compile(
    r"^(?:(?:written|reported|words|story|text|posted|compiled)\s+)?"
    r"(?:by|von|por|par|av|door|przez|от|автор|autor|auteur|author)\b\s*:?\s*",
    re.IGNORECASE,
)
"""A credit word opening a byline ("By", "Von", "Par", "Written by", "Autor:")."""
_LABEL_PREFIX_RE = re.compile(r"^(?:author|authors|autor|auteur|byline)\s*:\s*", re.IGNORECASE)
EMAIL = re.compile(r"\(?\s*(?:mailto:)?[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+\s*\)?")
"""An e-mail address in a byline, with its brackets."""
_URL_RE = re.compile(r"\(?\s*(?:https?://|www\.)\S+\s*\)?", re.IGNORECASE)
_HANDLE_RE = re.compile(r"\(?\s*(?<![\w.])@\w{1,30}\s*\)?")
_ROLE_DASH_RE = re.compile(r"\s+[\-–—]\s+")
_PLACE_SUFFIX_RE = re.compile(r"\s+(?:in|at|for|from|reporting from)\s+\S.*$")
NAME_SEPARATOR = re.compile(
    r"\s*(?:;|\||/|·|•|\s&\s|\s(?:and|und|et|with|og|och|и|ve|és|ja)\s)\s*", re.IGNORECASE
)
"""What separates the names of a byline ("Jane Doe and John Roe", "A / B", "A; B"). Not a comma
(see :func:`surname_first`), and "&" only between spaces ("AT&T" stays whole)."""
# "y"/"e" join two people only when full names stand on both sides: "Ana López y Juan Pérez";
# a single word after them is the second surname of one Spanish or Portuguese name
# ("José Ortega y Gasset").
_JOINING_AND = re.compile(r"\s+(?:y|e)\s+")
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


def split_names(text: str) -> list[str]:
    """A byline split into its names' parts on :data:`NAME_SEPARATOR`, and on "y"/"e" only
    between full names; commas are left to the caller.

    >>> split_names("José Ortega y Gasset")
    ['José Ortega y Gasset']
    >>> split_names("Ana López y Juan Pérez; Reuters")
    ['Ana López', 'Juan Pérez', 'Reuters']
    """
    parts: list[str] = []
    for group in NAME_SEPARATOR.split(text):
        pieces = _JOINING_AND.split(group)
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            parts.extend(pieces)
        else:
            parts.append(group)
    return [p.strip() for p in parts if p.strip()]


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

    Drops credit prefixes (:data:`BYLINE_PREFIX`), roles after a comma or a dash, emails, URLs
    and @handles; splits with :func:`split_names` (and on commas between full names);
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
    text = EMAIL.sub(" ", text)
    text = _URL_RE.sub(" ", text)
    text = _HANDLE_RE.sub(" ", text)
    text = clean_space(text)
    names: list[str] = []
    for group in split_names(text):
        group = _LABEL_PREFIX_RE.sub("", group.strip())
        group = BYLINE_PREFIX.sub("", group)
        group = _ROLE_DASH_RE.split(group, maxsplit=1)[0]
        group = _PLACE_SUFFIX_RE.sub("", group)  # "Jane Doe in Istanbul", "Jane Doe for Reuters"
        for part in _split_commas(group):
            part = BYLINE_PREFIX.sub("", part)
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

"""Authors: bylines into person and organization names.

The one home of the byline rules: the credit prefix ("By", "Von"), e-mail addresses, the name
separators ("and", ";", "/"; "y"/"e" only between full names), "Surname, Given" reordering,
datelines and sections after a credit, junk ("Staff", "Admin") and news agencies.
:func:`clean_names` reads the byline candidates extraction (:mod:`newscrawl.extraction.authors`)
finds on a page; :func:`clean_authors` gives the final ``authors`` list (the loader).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from newscrawl.normalize.bylines import (
    JUNK_AUTHORS,
    ROLE_WORDS,
    SECTION_WORDS,
    is_dateline_word,
    is_known_org,
    is_place,
)
from newscrawl.normalize.headline import is_site
from newscrawl.normalize.text import clean_space, clean_text, dedupe, fold

__all__ = [
    "BYLINE_PREFIX",
    "EMAIL",
    "NAME_SEPARATOR",
    "URL_LIKE",
    "clean_author",
    "clean_authors",
    "clean_names",
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


def _looks_like_person(part: str) -> bool:
    words = part.split()
    return (
        2 <= len(words) <= 5
        and not any(w.casefold().strip(".") in ROLE_WORDS for w in words)
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
        and not is_known_org(word)
        and folded not in ROLE_WORDS
        and folded not in JUNK_AUTHORS
        and not (is_org and is_org(word))
    )


def _is_given_word(word: str, is_org: Callable[[str], bool] | None) -> bool:
    """A name word that can be a given name: not a section ("Politik") nor a place ("Tokyo", "Lisboa")."""
    folded = word.casefold()
    return _is_name_word(word, is_org) and folded not in SECTION_WORDS and not is_place(word)


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


_COMMA = re.compile(r"\s*,\s*")
_PAREN = re.compile(r"\s*\([^()]{0,30}\)?\s*$")
_CREDIT_PREFIX = re.compile(r"^(?:image|photo|foto|picture|bild|credit|source|quelle)s?\s*:", re.IGNORECASE)
_ROLE_SUFFIX = re.compile(
    r"\s*(?:[,|–—-]\s*|\s)(?:staff writer|staff reporter|correspondent|reporter|editor|"
    r"redakteur(?:in)?|journalist(?:in)?|contributor|columnist|기자|특파원|記者)\b.*$",
    re.IGNORECASE,
)
_ROLE_ONLY = re.compile(
    r"^(?:(?:senior|chief|deputy|managing|political|foreign|business|sports?|staff|guest|freelance|"
    r"special|contributing|associate|executive)\s+)*(?:staff writer|writer|reporter|correspondent|editor|"
    r"journalist|contributor|columnist|photographer|staff|redaktion|redakteur(?:in)?|agencies|"
    r"기자|특파원|記者|編集部)s?$",
    re.IGNORECASE,
)
URL_LIKE = re.compile(r"^(?:https?:|www\.)|\.(?:com|org|net)/", re.IGNORECASE)
"""A byline value that is a link, not a name."""
MAX_NAME_WORDS = 6


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
        return [first, *(p for p in rest if is_known_org(p) or _looks_like_person(p))]
    # "Jane Doe, Economics Correspondent" / "Jane Doe, John Smith"
    return [first, *(p for p in rest if _looks_like_person(p))]


def _tidy_name(name: str) -> str | None:
    name = name.strip(" \t.,:;-–—|/()[]\"'“”‘’«»")
    if not name or not any(c.isalpha() for c in name):
        return None
    if name.casefold() in JUNK_AUTHORS or len(name) > 80 or len(name.split()) > 6:
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


def clean_names(values: list[str], split: bool = True, site: Collection[str] = ()) -> list[str]:
    """Names without "By", roles, emails or URLs, split on separators, deduplicated.

    A byline group written "Surname, Given" ("Okonkwo, Adaeze") is one person, reordered
    ("Adaeze Okonkwo") by :func:`surname_first`; ``site`` (the site's name keys, see
    :func:`newscrawl.normalize.headline.key`) keeps the site's own name from passing for a surname.
    Extraction reads every byline candidate of a page with it.
    """
    out: list[str] = []
    seen: set[str] = set()
    for value in values:
        value = clean_space(EMAIL.sub(" ", clean_space(value)))
        if URL_LIKE.search(value):
            continue
        value = BYLINE_PREFIX.sub("", value)
        groups = split_names(value) if split else [value]
        for part in (p for group in groups for p in _split_group(group, split, set(site))):
            name = _clean_one(part)
            key = fold(name)
            if name and key not in seen:
                seen.add(key)
                out.append(name)
    return out


def _split_group(group: str, split: bool, site: set[str]) -> list[str]:
    """One byline group as names: a "Surname, Given" person reordered, else split on commas."""
    person = surname_first(group, is_org=lambda word: is_site(word, site))
    if person:
        return [person]
    if not split:
        return [group]
    parts = _COMMA.split(group)
    # "Kyodo, Tokyo", "Weber, Politik": the place or section after a credit is no author.
    return [parts[0], *(p for p in parts[1:] if not is_dateline_word(p))] if len(parts) > 1 else parts


def _clean_one(text: str) -> str:
    text = BYLINE_PREFIX.sub("", clean_space(text).lstrip("([ "))
    if _CREDIT_PREFIX.match(text) or text.startswith("@"):  # a credit line or a social handle
        return ""
    text = _PAREN.sub("", text)
    if _ROLE_ONLY.match(text.strip(" \t-–—:,.|·")):  # a whole role ("Senior Political Correspondent")
        return ""
    text = _ROLE_SUFFIX.sub("", text).strip(" \t-–—:,.|·")
    if _ROLE_ONLY.match(text):
        return ""
    if not text or URL_LIKE.search(text) or len(text.split()) > MAX_NAME_WORDS or len(text) > 80:
        return ""
    if not any(ch.isalpha() for ch in text):
        return ""
    return text

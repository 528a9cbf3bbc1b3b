"""One small test (or table) per normalizer in newscrawl.normalize, plus their doctests."""

from __future__ import annotations

import doctest
import hashlib
from datetime import UTC, date, datetime

import pytest

from newscrawl.normalize import authors, bylines, dates, headline, language, links, text
from newscrawl.normalize.authors import clean_author, clean_authors, surname_first
from newscrawl.normalize.dates import normalize_date
from newscrawl.normalize.headline import strip_site_suffix
from newscrawl.normalize.language import normalize_language
from newscrawl.normalize.links import absolute_url
from newscrawl.normalize.text import (
    clean_space,
    clean_text,
    content_sha256,
    count_words,
    dedupe,
    first_text,
    normalize_body,
    reading_time,
    split_tags,
)

NOW = datetime(2025, 1, 15, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("module", [authors, bylines, dates, headline, language, links, text])
def test_doctests_pass(module: object) -> None:
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)  # type: ignore[arg-type]
    assert result.attempted >= 1
    assert result.failed == 0


# --- text ---


def test_clean_space_nfc_and_spaces() -> None:
    assert clean_space("\u00a0A\u200b  b\n\tc\u2009 e\u0301 ") == "A b c é"


def test_clean_text_strips_tags_and_unescapes() -> None:
    assert clean_text("<p>Tom &amp; Jerry&#8217;s <script>x()</script>show</p>") == "Tom & Jerry’s show"


def test_clean_text_keeps_escaped_markup_as_text() -> None:
    assert clean_text("a &lt;b&gt; c") == "a <b> c"


def test_clean_text_empty_is_none() -> None:
    assert clean_text("<div> &nbsp; </div>") is None


def test_strip_site_suffix() -> None:
    assert strip_site_suffix("Rates rise — Daily News", ["Daily News"]) == "Rates rise"
    assert strip_site_suffix("Daily News: Rates rise", ["Daily News"]) == "Rates rise"
    assert strip_site_suffix("Daily News", ["Daily News"]) == "Daily News"


def test_first_text() -> None:
    assert first_text([None, "  ", "<b>x</b>"]) == "x"


# --- URLs and lists ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/img/a.jpg", "https://example.com/img/a.jpg"),
        ("b.jpg", "https://example.com/news/b.jpg"),
        ("//cdn.example.net/c.jpg", "https://cdn.example.net/c.jpg"),
        ("http://other.org/x", "http://other.org/x"),
        ("javascript:void(0)", None),
        ("data:image/png;base64,AAAA", None),
        ("mailto:desk@example.com", None),
        ("#comments", None),
        ("", None),
    ],
)
def test_absolute_url(value: str, expected: str | None) -> None:
    assert absolute_url(value, "https://example.com/news/story") == expected


def test_dedupe_keeps_order() -> None:
    assert dedupe(["b", "a", "b", "A"]) == ["b", "a", "A"]
    assert dedupe(["b", "a", "B", "A"], casefold=True) == ["b", "a"]


def test_split_tags_from_list_and_string() -> None:
    assert split_tags(["Politics", "politics", " Economy "]) == ["Politics", "Economy"]
    assert split_tags("a,b , ,A") == ["a", "b"]


# --- dates ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-30T09:15:00+00:00", "2024-12-30T09:15:00+00:00"),
        ("2024-12-30T09:15:00Z", "2024-12-30T09:15:00+00:00"),
        ("2024-12-30T12:15:00.250+03:00", "2024-12-30T12:15:00+03:00"),
        ("2024-12-30T09:15:00+0530", "2024-12-30T09:15:00+05:30"),
        ("2024-12-30", "2024-12-30"),
        ("20241230", "2024-12-30"),
        ("Mon, 30 Dec 2024 09:15:00 +0000", "2024-12-30T09:15:00+00:00"),
        ("Mon, 30 Dec 2024 09:15:00 GMT", "2024-12-30T09:15:00+00:00"),
        ("2024-12-30T09:15:00", "2024-12-30T09:15:00"),
        ("2024-12-30 09:15", "2024-12-30T09:15:00"),
        ("December 30, 2024", "2024-12-30"),
        ("30 Dec 2024 9am EST", "2024-12-30T09:00:00-05:00"),
        ("Updated: 30 Dec 2024, 09:15 GMT", "2024-12-30T09:15:00+00:00"),
        ("1735550100", "2024-12-30T09:15:00+00:00"),
        (datetime(2024, 12, 30, 9, 15, tzinfo=UTC), "2024-12-30T09:15:00+00:00"),
        (date(2024, 12, 30), "2024-12-30"),
    ],
)
def test_normalize_date_formats(value: object, expected: str) -> None:
    assert normalize_date(value, now=NOW) == expected


@pytest.mark.parametrize(
    "value",
    [
        "",
        "not a date",
        "December 2024",  # no day
        "Monday",
        "1989-12-31",  # too old
        "2025-01-17",  # more than a day ahead of NOW
        "2025-01-16T13:00:00+00:00",
        "2024-02-30",
        None,
        ["2024-12-30"],
    ],
)
def test_normalize_date_refuses(value: object) -> None:
    assert normalize_date(value, now=NOW) is None


def test_normalize_date_allows_tomorrow() -> None:
    assert normalize_date("2025-01-16", now=NOW) == "2025-01-16"


# --- authors ---


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("By Jane Doe", ["Jane Doe"]),
        ("by: Jane Doe", ["Jane Doe"]),
        ("Von Anna Schmidt", ["Anna Schmidt"]),
        ("Par Jean Dupont et Marie Curie", ["Jean Dupont", "Marie Curie"]),
        ("Por María López", ["María López"]),
        ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
        ("Jane Doe & John Smith", ["Jane Doe", "John Smith"]),
        ("Jane Doe, John Smith and Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"]),
        ("Jane Doe, Economics Correspondent", ["Jane Doe"]),
        ("Jane Doe - Senior Editor", ["Jane Doe"]),
        ("Jane Doe | Reuters", ["Jane Doe", "Reuters"]),  # "|" separates credits, as in extraction
        ("Jane Doe | Staff", ["Jane Doe"]),
        ("Ana López y Juan Pérez", ["Ana López", "Juan Pérez"]),
        ("Santiago Ramón y Cajal", ["Santiago Ramón y Cajal"]),
        ("Jane Doe in Istanbul", ["Jane Doe"]),
        ("Smith, Jane", ["Jane Smith"]),
        ("Smith, J. R.", ["J. R. Smith"]),
        ("Doe, Economics Editor", ["Doe"]),
        ("Reuters, Jane Doe", ["Reuters", "Jane Doe"]),
        ("Staff, Reuters", ["Reuters"]),
        ("AT&T", ["AT&T"]),
        ("Reuters, AP", ["Reuters", "AP"]),
        ("Jane Doe jane.doe@example.com", ["Jane Doe"]),
        ("Jane Doe (@janedoe)", ["Jane Doe"]),
        ("Jane Doe https://example.com/authors/jane", ["Jane Doe"]),
        ("JANE DOE", ["Jane Doe"]),
        ("AFP", ["AFP"]),
        ("Reuters", ["Reuters"]),
        ("José Ortega y Gasset", ["José Ortega y Gasset"]),
        ("Staff", []),
        ("admin", []),
        ("By Staff Writer", []),
        ("", []),
        ("12345", []),
    ],
)
def test_clean_author(byline: str, expected: list[str]) -> None:
    assert clean_author(byline) == expected


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Okonkwo, Adaeze", "Adaeze Okonkwo"),
        ("  Okonkwo ,  Adaeze ", "Adaeze Okonkwo"),
        ("O'Brien, Siobhan", "Siobhan O'Brien"),
        ("Smith-Jones, Ann", "Ann Smith-Jones"),
        ("Smith, J. R.", "J. R. Smith"),
        ("Smith, Jane R.", "Jane R. Smith"),
        ("Reuters, AP", None),  # two organizations
        ("Staff, Reuters", None),  # junk word and an organization
        ("Okonkwo, Reuters", None),  # an organization is never a given name
        ("Smith, EDITOR", None),
        ("Editor, Jane", None),  # a role is never a surname
        ("Jane Smith, John Doe", None),  # two full names
        ("Smith, Jane Mary", None),  # ambiguous: left to be split
        ("Smith, Jane, Doe", None),  # a list of three
        ("Smith, R. Jane", None),
        ("smith, jane", None),  # not capitalized
        ("Smith", None),
        ("Smith, 2024", None),
        ("Kyodo, Tokyo", None),  # a wire service and its dateline
        ("Agencies, London", None),
        ("Lusa, Lisboa", None),
        ("Yonhap, Seoul", None),
        ("Mueller, Berlin", None),  # a place is not a given name
        ("Weber, Politik", None),  # nor a section
        ("Redaktion, Sport", None),
    ],
)
def test_surname_first(byline: str, expected: str | None) -> None:
    assert surname_first(byline) == expected


def test_surname_first_respects_caller_organizations() -> None:
    assert surname_first("Tribune, Adaeze", is_org=lambda word: word == "Tribune") is None
    assert surname_first("Okonkwo, Tribune", is_org=lambda word: word == "Tribune") is None
    assert surname_first("Okonkwo, Adaeze", is_org=lambda word: word == "Tribune") == "Adaeze Okonkwo"


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Okonkwo, Adaeze", ["Adaeze Okonkwo"]),
        ("By Okonkwo, Adaeze", ["Adaeze Okonkwo"]),
        ("Smith, Jane and Doe, John", ["Jane Smith", "John Doe"]),
        ("Smith, Jane; Doe, John", ["Jane Smith", "John Doe"]),
        ("Jane Smith, John Doe", ["Jane Smith", "John Doe"]),
        ("Reuters, AP", ["Reuters", "AP"]),
        ("Staff, Reuters", ["Reuters"]),
        ("Adaeze Okonkwo", ["Adaeze Okonkwo"]),
        ("Kyodo, Tokyo", ["Kyodo"]),
        ("Agencies, London", []),
        ("Lusa, Lisboa", ["Lusa"]),
    ],
)
def test_clean_author_surname_comma_given(byline: str, expected: list[str]) -> None:
    assert clean_author(byline) == expected


def test_clean_authors_flattens_and_dedupes() -> None:
    assert clean_authors(["By Jane Doe", {"@type": "Person", "name": "JANE DOE"}, "John Smith"]) == [
        "Jane Doe",
        "John Smith",
    ]
    assert clean_authors("Jane Doe and John Smith") == ["Jane Doe", "John Smith"]


# --- language ---


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("EN", "en"),
        ("English", "en"),
        ("Türkçe", "tr"),
        ("deu", "de"),
        ("zh-Hant-TW", "zh"),
        ("", None),
        ("klingon", None),
        ("x-default", None),
    ],
)
def test_normalize_language(value: str, expected: str | None) -> None:
    assert normalize_language(value) == expected


# --- body and statistics ---


def test_normalize_body_paragraphs() -> None:
    raw = "\n  First   paragraph\nwrapped.\r\n\r\n\u00a0\n\n\nSecond.\n\n   \n"
    assert normalize_body(raw) == "First paragraph wrapped.\n\nSecond."


def test_normalize_body_from_list() -> None:
    assert normalize_body([" One ", "", "Two\n\nThree"]) == "One\n\nTwo\n\nThree"


def test_count_words() -> None:
    assert count_words("Don't stop — it's 2025, well-known e-mail.") == 6
    assert count_words("") == 0


@pytest.mark.parametrize(("words", "minutes"), [(0, 0), (1, 1), (229, 1), (230, 1), (231, 2), (1000, 5)])
def test_reading_time(words: int, minutes: int) -> None:
    assert reading_time(words) == minutes


def test_content_sha256_of_normalized_body() -> None:
    expected = hashlib.sha256(b"One\n\nTwo").hexdigest()
    assert content_sha256("One\n\nTwo") == expected
    assert content_sha256("  One \n\n\n Two ") == expected
    assert content_sha256("   ") is None


def test_clean_space_folds_like_its_full_pattern_on_any_whitespace_mix() -> None:
    """``str.split`` folds every Unicode space as ``\\s`` does; zero-width spaces, word joiners,
    BOMs and soft hyphens go, zero-width joiners and non-joiners stay."""
    import random
    import re
    import unicodedata

    space = re.compile(r"\s+")
    zero_width = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
    alphabet = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2009\u2028\u2029\u202f\u3000aé\u0301"
    invisible = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(
            rng.choice(alphabet + invisible[: rng.randint(0, 6)]) for _ in range(rng.randint(1, 12))
        )
        expected = space.sub(" ", zero_width.sub("", unicodedata.normalize("NFC", text))).strip()
        assert clean_space(text) == expected, repr(text)


def test_count_words_counts_text_without_cjk_like_its_full_pattern() -> None:
    """The pattern for text without CJK characters finds the words the full one finds."""
    import random
    import re

    from newscrawl.normalize.text import _CJK

    full = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+(?:['’\-](?:(?![{_CJK}])\w)+)*")
    alphabet = "ab é1_-'’ .\u00e4\u0416\u05d0\u0661東京かカ한"
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 16)))
        assert count_words(text) == len(full.findall(text)), repr(text)


def test_clean_space_keeps_zero_width_joiners_that_are_spelling() -> None:
    assert clean_space("می\u200cخواهم  بروم") == "می\u200cخواهم بروم"  # Persian: a non-joiner inside a word
    assert clean_space("\U0001f469\u200d\U0001f4bb works") == "\U0001f469\u200d\U0001f4bb works"
    assert clean_space("zero\u200bwidth\u2060join\ufeff") == "zerowidthjoin"

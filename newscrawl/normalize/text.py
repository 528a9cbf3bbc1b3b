"""Text values: the one whitespace folder, tags and entities, comparison keys, body paragraphs,
word counts and reading time, and lists of tags."""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any

from w3lib.html import remove_tags, remove_tags_with_content, replace_entities

__all__ = [
    "READING_WORDS_PER_MINUTE",
    "clean_space",
    "clean_text",
    "content_sha256",
    "count_words",
    "dedupe",
    "first_text",
    "fold",
    "normalize_body",
    "reading_time",
    "split_tags",
]

READING_WORDS_PER_MINUTE = 230
"""Reading speed used for ``reading_time_minutes``."""

# Zero-width space, word joiner, BOM and soft hyphen: dropped. The zero-width (non-)joiner is
# spelling (Persian "می‌خواهم", Indic conjuncts, emoji sequences): kept.
_ZERO_WIDTH_RE = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_BLANK_LINE_RE = re.compile(r"\n[ \t\r\f\v\u00a0]*\n")
# A word: a run of letters/digits (inner apostrophes and hyphens allowed), or one CJK
# character (Chinese, Japanese and Korean are written without spaces; each character
# counts as a word, as word processors count them).
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RE = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])\w)+(?:['’\-](?:(?![{_CJK}])\w)+)*")
# The same words in text without CJK characters (most text), without a look-ahead per letter.
_PLAIN_WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")
_CJK_RE = re.compile(rf"[{_CJK}]")


def clean_space(value: str | None) -> str:
    """Unicode NFC, zero-width spaces, word joiners, BOMs and soft hyphens dropped (zero-width
    joiners and non-joiners kept), every run of whitespace (NBSP and newlines included) to one
    space, stripped; "" for ``None``.

    The only whitespace folder of newscrawl: extraction and the loader both use it.

    >>> clean_space("  Cafe\\u0301\\u00a0 au\\n\\tlait ")
    'Café au lait'
    """
    if not value:
        return ""
    if value.isascii():  # str.split() splits on what ``\s`` matches; ASCII has no zero-width space
        return " ".join(value.split())
    value = unicodedata.normalize("NFC", value)
    if _ZERO_WIDTH_RE.search(value) is not None:
        value = _ZERO_WIDTH_RE.sub("", value)
    return " ".join(value.split())  # str.split() splits on every Unicode space, as ``\s`` does


def clean_text(value: str) -> str | None:
    """Strip tags (dropping script/style content), unescape entities, fold whitespace.

    Returns ``None`` when nothing is left.

    >>> clean_text("<b>Rates &amp; prices</b>&nbsp;rise")
    'Rates & prices rise'
    >>> clean_text(" <br/> ") is None
    True
    """
    if "<" in value:
        value = remove_tags_with_content(value, which_ones=("script", "style"))
        value = remove_tags(value)
    if "&" in value:
        value = replace_entities(value, remove_illegal=False)
    return clean_space(value) or None


# Typographic quotes and dashes and what they fold to, each replaced only when present (a scan in
# C; ``str.translate`` with a dict looks up every character in Python's dict).
_FOLD_PAIRS = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
    ("\u2013", "-"),
    ("\u2014", "-"),
)


def fold(text: str | None) -> str:
    """A comparison key: NFKC, casefolded, typographic quotes and dashes unified, spaces folded.

    >>> fold("“Rates” – RISE")
    '"rates" - rise'
    """
    if not text:
        return ""
    if text.isascii():  # NFKC and the quote table leave ASCII as it is; casefold is lower
        return " ".join(text.split()).lower()
    text = unicodedata.normalize("NFKC", text)
    for typographic, plain in _FOLD_PAIRS:
        if typographic in text:
            text = text.replace(typographic, plain)
    return clean_space(text).casefold()


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
            folded = clean_space(paragraph)
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
    words = _WORD_RE if _CJK_RE.search(text) else _PLAIN_WORD_RE
    return len(words.findall(text))


def reading_time(words: int) -> int:
    """Minutes to read ``words`` words at 230 words a minute, rounded up; 0 only for no words.

    >>> reading_time(0), reading_time(1), reading_time(230), reading_time(231)
    (0, 1, 1, 2)
    """
    if words <= 0:
        return 0
    return max(1, math.ceil(words / READING_WORDS_PER_MINUTE))


def content_sha256(body: str, *, normalized: bool = False) -> str | None:
    """Hex SHA-256 of the normalized body (UTF-8); ``None`` for an empty body. ``normalized``:
    ``body`` is already :func:`normalize_body`'s output (which it leaves as it is).

    >>> content_sha256("Hello")[:16]
    '185f8db32271fe25'
    >>> content_sha256("") is None
    True
    """
    text = body if normalized else normalize_body(body)
    if not text:
        return None
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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

"""Small text helpers shared by the field extractors."""

from __future__ import annotations

import html
import re
import unicodedata

_SPACE = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]{0,500}>")


def clean_space(text: str | None) -> str:
    """Collapse runs of whitespace (including no-break spaces) and strip."""
    if not text:
        return ""
    return _SPACE.sub(" ", text.replace("\u00a0", " ").replace("\u200b", "")).strip()


def plain(text: str | None) -> str:
    """Text from a structured-data value that may carry HTML tags or entities."""
    if not text:
        return ""
    if "<" in text:
        text = _TAGS.sub(" ", text)
    if "&" in text:
        text = html.unescape(text)
    return clean_space(text)


def fold(text: str | None) -> str:
    """A comparison key: NFKC, casefolded, typographic quotes and dashes unified, no punctuation runs."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(_FOLD_TABLE)
    return clean_space(text).casefold()


_FOLD_TABLE = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
    }
)


def host_of(url: str | None) -> str:
    """The lowercased host of ``url`` without "www.", "" when it has none or is malformed."""
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url or "").hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def absolute(base: str | None, href: str) -> str:
    """``href`` resolved against ``base``; ``href`` unchanged when either is malformed."""
    from urllib.parse import urljoin

    href = href.strip()
    try:
        return urljoin(base or "", href)
    except ValueError:
        return href

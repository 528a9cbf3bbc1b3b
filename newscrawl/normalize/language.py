"""Languages: a tag ("en-US", "pt_BR"), an ISO 639-2 code or a language name into an ISO 639-1 code."""

from __future__ import annotations

import functools
import re

from newscrawl.normalize.text import clean_space

__all__ = ["language_tag", "normalize_language"]

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
    text = clean_space(value).casefold()
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


_TAG_RE = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{2}|\d{3}))?(?:[-_].*)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def language_tag(value: str | None) -> str | None:
    """A lower-case language tag with its region when given ("en-gb", "pt-br"), else the ISO
    639-1 code of a name or code ("English" -> "en"); for reading dates, where the region counts.

    >>> [language_tag(v) for v in ("en-GB", "pt_BR", "English", "de", None)]
    ['en-gb', 'pt-br', 'en', 'de', None]
    """
    if not value:
        return None
    code = normalize_language(value)
    if code is None:
        return None
    match = _TAG_RE.match(clean_space(value))
    region = match.group(2) if match and normalize_language(match.group(1)) == code else None
    return f"{code}-{region.casefold()}" if region else code

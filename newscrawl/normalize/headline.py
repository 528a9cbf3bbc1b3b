"""Headlines and the names a site goes by: comparison keys of site names, whether a title
segment names the site, and the one rule that strips a site name set off from a headline by a
separator ("Rates rise | Gazette", "Gazette: Rates rise").

Extraction (:mod:`newscrawl.extraction.headline`) strips with the keys of every name the page
gives its site; the loader strips the final headline with the publisher's name. Both call
:func:`strip_site_name`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from newscrawl.normalize.text import clean_space

__all__ = ["MAX_SITE_WORDS", "TITLE_SEPARATORS", "is_site", "key", "strip_site_name", "strip_site_suffix"]

_ALNUM = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
# Every byte but ASCII digits and lowercase letters: what the key of an ASCII text drops.
_NOT_ALNUM_BYTES = bytes(b for b in range(256) if not (48 <= b <= 57 or 97 <= b <= 122))
MAX_SITE_WORDS = 5
"""A segment of more words than this is a headline, not a site name."""
TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|·|•|/|:|»|«|›|‹)\s+|(?<=\S):\s+|\s*[|ㅣ｜]\s*")
"""What sets a site or section name off from a headline in a title."""


def key(text: str) -> str:
    """Casefolded letters and digits only: "The Daily-Star" -> "thedailystar".

    >>> key("The Daily-Star")
    'thedailystar'
    """
    if not text:
        return ""
    if text.isascii():
        return text.lower().encode("ascii").translate(None, _NOT_ALNUM_BYTES).decode("ascii")
    # fold's quote and dash table, NFC and space folding only touch what the key drops
    return _ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


def is_site(segment: str, keys: set[str]) -> bool:
    """Whether ``segment`` (a title segment, a byline) names the site, given its names' keys.

    >>> is_site("The Gazette", {"thegazette"}), is_site("Rates rise", {"thegazette"})
    (True, False)
    """
    seg = key(segment)
    if not seg or len(segment.split()) > MAX_SITE_WORDS:
        return False
    for k in keys:
        if seg == k:
            return True
        short, long_ = sorted((seg, k), key=len)
        if len(short) >= 4 and short in long_:
            return True
    return False


def strip_site_name(title: str, keys: set[str]) -> str:
    """Remove a leading or trailing segment naming the site (at most one of each), set off by a
    separator; the title is whitespace-folded.

    >>> strip_site_name("Rates rise again | Daily Courier", {"dailycourier"})
    'Rates rise again'
    >>> strip_site_name("Rates rise - again", {"dailycourier"})
    'Rates rise - again'
    """
    title = clean_space(title)
    for _ in range(2):
        parts = TITLE_SEPARATORS.split(title)
        if len(parts) < 2:
            break
        matches = list(TITLE_SEPARATORS.finditer(title))
        if is_site(parts[-1], keys):
            title = title[: matches[-1].start()].strip()
        elif is_site(parts[0], keys):
            title = title[matches[0].end() :].strip()
        else:
            break
    return title


def strip_site_suffix(headline: str, site_names: Iterable[str | None]) -> str:
    """:func:`strip_site_name` with the keys of ``site_names`` (the publisher's name); a headline
    that would be left empty is kept.

    >>> strip_site_suffix("Rates rise again | TRT World", ["TRT World"])
    'Rates rise again'
    """
    keys = {k for k in (key(name) for name in site_names if name) if len(k) >= 3}
    stripped = strip_site_name(headline, keys) if keys else clean_space(headline)
    return stripped or clean_space(headline)


MAX_TEMPLATE_WORDS = 12
HEADLINE_COVER = 0.7
_QUOTED = re.compile(r"[„“\"«‚‘'「]\s*(.{3,300}?)\s*[“”\"»‘’'」]")
# A title line: two parts set off by a dash, colon or bar ("Kicker - Headline", "Headline | Site").
_TITLE_PARTS = re.compile(r"\s+[-–—|]\s+|:\s+")
MAX_LABEL_WORDS = 8
MAX_SUFFIX_WORDS = 4


def only_wraps_headline(text: str | None, headline: str | None) -> bool:
    """Whether ``text`` (a description) is the headline, or the headline quoted in a short
    template ("Read all about „…“ here"), with little of its own: an SEO text, not a summary.

    >>> only_wraps_headline('Read all about "Basketball: Sanctions after a brawl" here.',
    ...                     "Basketball: Sanctions after a brawl")
    True
    >>> only_wraps_headline("Basketball - Sanctions after a brawl", "Sanctions after a brawl")
    True
    >>> only_wraps_headline("Sanctions after a brawl: both clubs are fined.", "Sanctions after a brawl")
    False
    """
    if not text or not headline:
        return False
    head = key(headline)
    if key(text) == head or is_title_line(text, head):
        return True
    quoted = [key(m.group(1)) for m in _QUOTED.finditer(text)]
    if not quoted or not head or any(not q or q not in head for q in quoted):
        return False
    if sum(len(q) for q in set(quoted)) < HEADLINE_COVER * len(head):
        return False
    return len(_WORD.findall(_QUOTED.sub(" ", text))) <= MAX_TEMPLATE_WORDS


def is_title_line(text: str, head: str) -> bool:
    """Whether ``text`` is the headline (key ``head``) with a short label set off by a separator:
    a kicker before it ("Basketball - …", "Town news: …", at most ``MAX_LABEL_WORDS`` words) or
    a site or section name after it ("… | Sport", "… - City Post", at most
    ``MAX_SUFFIX_WORDS`` words and not after a colon, which opens a clause of the text's own),
    and no sentence of its own.

    >>> is_title_line("Storm Ciarán: schools closed across the south", key("Storm Ciarán"))
    False
    """
    if not head:
        return False
    parts = _TITLE_PARTS.split(text.strip(), maxsplit=1)
    if len(parts) != 2:
        return False
    before, after = parts
    if key(after) == head:
        return _is_label(before, MAX_LABEL_WORDS)
    separator = text.strip()[len(before) : len(text.strip()) - len(after)]
    return key(before) == head and ":" not in separator and _is_label(after, MAX_SUFFIX_WORDS)


def _is_label(text: str, most_words: int) -> bool:
    """A few words that are no sentence."""
    label = text.strip()
    return (
        bool(label) and not label.endswith((".", "!", "?", "…")) and len(_WORD.findall(label)) <= most_words
    )

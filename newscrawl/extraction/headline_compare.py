"""Word-level comparison of two headline candidates: whether one is the other with one run of
words left out (a tightened headline: "Police to investigate reports of leaks" beside "Police to
investigate reports of information leaks", or the headline without the clause that closes the
longer one). A title that drops words in several places ("Meters M-Bus, Ethernet" beside "Meters
with M-Bus and Ethernet") is a keyword version, not an editor's cut.

Words are compared as written, with their punctuation: a shorter title that ends a question
where the longer one goes on ("... Rebecca Cooke?" beside "... Rebecca Cooke and how many...")
is a rewrite, not a cut. Hyphens split words, so "MSV-Coach" holds the word "Coach".
"""

from __future__ import annotations

import re

from newscrawl.normalize.text import fold

MIN_CONDENSED_WORDS = 4
MIN_KEPT_SHARE = 0.5
"""The shorter headline keeps at least this share of the longer one's words."""
_WORD_BREAK = re.compile(r"[\s\-]+")


def words(text: str) -> list[str]:
    """The folded words of ``text`` split at spaces and hyphens, punctuation kept on them
    ("Star's" and "Star’s" are one word); a lone dash or quote is no word."""
    return [w for w in _WORD_BREAK.split(fold(text)) if any(ch.isalnum() for ch in w)]


def condensed(short: str, long_: str) -> bool:
    """Whether ``short`` is ``long_`` with one run of its words left out, keeping at least
    ``MIN_CONDENSED_WORDS`` words and ``MIN_KEPT_SHARE`` of them.

    >>> condensed("Police to investigate reports of leaks", "Police to investigate reports of data leaks")
    True
    >>> condensed("Who is the new coach?", "Who is the new coach and what will he change?")
    False
    """
    kept, full = words(short), words(long_)
    if len(kept) < MIN_CONDENSED_WORDS or len(kept) >= len(full) or len(kept) < MIN_KEPT_SHARE * len(full):
        return False
    # the words before the cut are the longer one's first words, those after it its last ones
    return _shared_start(kept, full) + _shared_start(kept[::-1], full[::-1]) >= len(kept)


def _shared_start(a: list[str], b: list[str]) -> int:
    """How many first words ``a`` and ``b`` share."""
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count

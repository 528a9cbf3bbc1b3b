"""The line-level driver of the cleanup after body extraction: walks the paragraphs once and drops
separators, duplicates, a repeated headline near the top, runs of linked teasers, player times,
time stamps, contact and e-mail lines, captions, photo credits, bylines and author lists; keeps the
"SOURCE: X" line as the attribution. Teaser labels and calls to action are judged in ``teasers``,
the closing notes and trailing blocks in ``closing``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newscrawl.extraction.closing import cut_trailing_block, drop_closing_notes
from newscrawl.extraction.sitenames import key as alnum_key
from newscrawl.extraction.teasers import SHORT_LINE, is_linked_teaser, is_teaser_or_prompt, without_tag_label
from newscrawl.normalize.authors import BYLINE_PREFIX, EMAIL
from newscrawl.normalize.text import clean_space, fold

_PLAYER_TIME = re.compile(r"^(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*/\s*(?:\d{1,2}:)?\d{1,2}:\d{2})?$")
# Text-size widget glued to the first word ("aaA North Korean soldier ..."): a fallback for pages
# whose widget the DOM pruning missed. "aa" + "A North ..." and "aaA" + "The ..." read the same,
# so the "A" is kept as the article's first word unless the next word cannot follow it.
_FONT_WIDGET = re.compile(r"^(?:[aA]\s?[aA]\s?A|A-\s?A\+|A\+\s?A-)(?=\s)")
_AFTER_ARTICLE_A = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "for", "as", "after", "when"}
    | {"while", "with", "by", "from", "it", "he", "she", "they", "we", "i", "but", "and", "if", "his", "her"}
)
SOURCE_LINE = re.compile(
    r"^(?:source|sources|kaynak|quelle|quellen|fuente|fuentes|fonte|źródło|источник)\s*:\s*"
    r"(?P<credit>[^.!?]{2,60}?(?:\.\w{2,4})?)\.?$",
    re.IGNORECASE,
)
# The "Click To Tweet" button of a tweetable quote, glued to the end of the quote right after its
# closing punctuation or quote mark.
_TWEET_BUTTON = re.compile(r"(?<=[.!?\"”»’'])\s*Click [Tt]o Tweet$")
_UPDATED_LINE = re.compile(
    r"^[-–—•·]?\s*(?:published|updated|posted|last updated|veröffentlicht|aktualisiert|publié|mis à jour|publicado|"
    r"actualizado|uppdaterad|publicerad|oppdatert|publisert|opdateret|udgivet|päivitetty|julkaistu)\b.{0,60}$"
    r"|^stand:\s*\d.{0,40}$",
    re.IGNORECASE,
)
_READING_TIME = re.compile(
    r"^(?:reading time|read time|lesezeit|lesedauer|tempo de leitura|tiempo de lectura|temps de lecture|"
    r"tempo di lettura|czas czytania|leestijd|läsetid|lesetid|læsetid)\s*:?\s*(?:ca\.\s*)?\d+\s*\w*\.?$"
    r"|^\d+\s*(?:min|mins|minute|minutes)\.?\s+read$",
    re.IGNORECASE,
)
# A line that is only a time stamp: "17:41 JST, October 13, 2024", "13.10.2024, 17:41 Uhr".
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}\.\d{2}\s*(?:uhr|h)\b", re.IGNORECASE)
_ALPHA_WORD = re.compile(r"[^\W\d_]+")
MAX_STAMP_CHARS = 45
MAX_STAMP_WORDS = 3

MIN_DUPLICATE_CHARS = 40
HEADLINE_ZONE = 3
MAX_CREDIT_WORDS = 8
_CREDIT_LINE = re.compile(
    r"^(?:image|images|photo|photos|picture|foto|fotos|bild|credit|photograph|illustration)s?\s*(?:credit)?\s*:"
    r"\s*\S.{0,60}$",
    re.IGNORECASE,
)
# "© …", "Copyright …", "ⓒ …"; set in brackets only with the sign itself ("<Copyright ⓒ Daily.
# All rights reserved.>", "【ⓒ …】"), so "(Copyright claims rose…)" is not one.
_COPYRIGHT_LINE = re.compile(
    r"^(?:©|ⓒ|\(c\)\s|copyright\b)|^[<\[(【《〈「]\s*(?:copyright\s*)?(?:©|ⓒ|\(c\)\s)", re.IGNORECASE
)
_PLACEHOLDER = re.compile(r"^(?:\$\$\w+\$\$|\{\{[^}]*\}\}|\[\[[^\]]*\]\]|%%\w+%%)$")
_CONTACT = re.compile(
    r"\b(?:get in touch|contact|e-?mail|write to|send|tips?|feedback|schreiben sie|senden sie|kontakt|"
    r"écrivez|escríbenos|scrivici)\b",
    re.IGNORECASE,
)
MAX_CONTACT_LINE = 200
MIN_TEASER_KEY = 15
MAX_TEASER_CHARS = 200
MIN_HEAD_KEY = 10
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


@dataclass
class Cleaned:
    """Paragraphs after cleanup, plus what was learnt on the way (the source credit)."""

    paragraphs: list[str]
    attribution: str | None = None
    removed: list[str] = field(default_factory=list)


def clean_paragraphs(
    paragraphs: list[str],
    headline: str | None = None,
    authors: list[str] | None = None,
    captions: set[str] | None = None,
    variants: list[str] | None = None,
    link_texts: set[str] | None = None,
) -> Cleaned:
    """Drop label lines, player times, "Read more" links, newsletter boxes, captions, bylines, a
    repeated headline, link-list lines and a trailing "More from ..." block; the "SOURCE: X" line
    is kept as the attribution."""
    result = Cleaned([])
    head_keys = [
        k
        for k in (alnum_key(h) for h in [headline or "", *(variants or [])])
        if _key_weight(k) >= MIN_HEAD_KEY
    ]
    author_keys = {fold(a) for a in authors or []}
    caption_keys = {fold(c) for c in captions or set()}
    paragraphs = cut_trailing_block(paragraphs)
    teasers = _link_teasers(paragraphs, link_texts or set())
    seen: set[str] = set()
    for index, raw in enumerate(paragraphs):
        text = clean_space(raw)
        if index in teasers:
            result.removed.append(text)
            continue
        if index == 0 or not result.paragraphs:
            text = _strip_font_widget(text)
        if "Click" in text:  # the button's literal word: the pattern is only tried where it can match
            text = _TWEET_BUTTON.sub("", text)
        if not text:
            continue
        key = fold(text)
        if not any(ch.isalnum() for ch in text) or (len(text) >= MIN_DUPLICATE_CHARS and key in seen):
            result.removed.append(text)  # separators, and paragraphs the extraction picked up twice
            continue
        seen.add(key)
        source = SOURCE_LINE.match(text)
        if source and len(text) <= SHORT_LINE and len(source.group("credit").split()) <= MAX_CREDIT_WORDS:
            result.attribution = result.attribution or clean_space(source.group("credit"))
            result.removed.append(text)
            continue
        near_top = len(result.paragraphs) < HEADLINE_ZONE
        followed_by_links = index + 1 in teasers
        if (
            _is_boilerplate(text, key, author_keys, caption_keys)
            or (near_top and _repeats_headline(text, head_keys))
            or is_linked_teaser(text, link_texts or set(), followed_by_links)
        ):
            result.removed.append(text)
            continue
        result.paragraphs.append(text)
    drop_closing_notes(result.paragraphs, result.removed, authors)
    return result


def _key_weight(text_key: str) -> int:
    """Length of a comparison key, a Chinese or Japanese character (a word of its own) counting two."""
    return len(text_key) + len(_CJK.findall(text_key))


def _link_teasers(paragraphs: list[str], link_texts: set[str]) -> set[int]:
    """Indexes of paragraphs that are the whole text of a link to another page of the site, when
    they come two or more in a row (a list of teasers) or are set in capitals (a teaser banner)."""
    if not link_texts:
        return set()
    linked = [
        len(text) <= MAX_TEASER_CHARS
        and (k := alnum_key(without_tag_label(text))) in link_texts
        and len(k) >= MIN_TEASER_KEY
        for text in paragraphs
    ]
    found = set()
    for index, is_link in enumerate(linked):
        if not is_link:
            continue
        text = paragraphs[index]
        in_run = (index > 0 and linked[index - 1]) or (index + 1 < len(linked) and linked[index + 1])
        if in_run or (text.upper() == text and any(ch.isalpha() for ch in text)):
            found.add(index)
    return found


def _strip_font_widget(text: str) -> str:
    match = _FONT_WIDGET.match(text)
    if not match:
        return text
    widget, rest = match.group(0), text[match.end() :].lstrip()
    next_word = rest.split(" ", 1)[0].strip("\"“‘'").casefold()
    if widget.endswith("A") and widget[0] in "aA" and "+" not in widget and next_word not in _AFTER_ARTICLE_A:
        return f"A {rest}"
    return rest


def _repeats_headline(text: str, head_keys: list[str]) -> bool:
    """A short paragraph that is a headline, possibly with a kicker or site name around it."""
    key = alnum_key(text)
    return any(head in key and len(key) <= 1.6 * len(head) + 30 for head in head_keys)


def _is_boilerplate(text: str, key: str, author_keys: set[str], caption_keys: set[str]) -> bool:
    short = len(text) <= SHORT_LINE
    mail = "@" in text  # an address needs one: the e-mail pattern is only tried then
    if _PLAYER_TIME.match(text) or _PLACEHOLDER.match(text) or is_teaser_or_prompt(text, key):
        return True
    if short and (_READING_TIME.match(text) or text.isdigit() or _is_stamp(text)):
        return True
    if mail and len(text) <= MAX_CONTACT_LINE and EMAIL.search(text) and _CONTACT.search(text):
        return True  # "Get in touch at news@…", "Send us your feedback at …"
    if (
        short
        and mail
        and EMAIL.search(text)
        and (len(text.split()) <= 6 or any(a in key for a in author_keys))
    ):
        return True
    if key in caption_keys or _CREDIT_LINE.match(text) or (short and _COPYRIGHT_LINE.match(text)):
        return True
    if short and BYLINE_PREFIX.match(text) and author_keys and any(a in key for a in author_keys):
        return True
    if short and _is_author_list(text, author_keys):
        return True
    return bool(short and key in author_keys) or bool(short and _UPDATED_LINE.match(text))


_NAME_LIST_SEPARATORS = re.compile(r"\s*(?:[/,;&|·•]|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*", re.IGNORECASE)


def _is_author_list(text: str, author_keys: set[str]) -> bool:
    """A line that is only the article's authors joined ("Jane Doe/John Roe", "A, B and C")."""
    if len(author_keys) < 2:
        return False
    parts = [p for p in _NAME_LIST_SEPARATORS.split(text) if p.strip()]
    return len(parts) >= 2 and all(fold(p) in author_keys for p in parts)


def holds_timestamp(text: str) -> bool:
    """Whether ``text`` holds a year and a clock time (a dateline: "19.04.2025 - 10:42")."""
    return _YEAR.search(text) is not None and _CLOCK.search(text) is not None


def _is_stamp(text: str) -> bool:
    """A short line holding a year and a clock time and at most a few words (month, zone)."""
    return (
        len(text) <= MAX_STAMP_CHARS
        and holds_timestamp(text)
        and len(_ALPHA_WORD.findall(text)) <= MAX_STAMP_WORDS
    )

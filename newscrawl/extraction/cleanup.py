"""Paragraph filters after body extraction: label lines, player times, "Read more" teasers,
newsletter and paywall notices, calls to action, bylines, a repeated headline, trailing "More from"
blocks, closing credit notes and author boxes, and the "SOURCE: X" line (kept as the attribution)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from newscrawl.extraction.sitenames import key as alnum_key
from newscrawl.normalize.authors import BYLINE_PREFIX, EMAIL
from newscrawl.normalize.text import clean_space, fold

_LABEL_LINES = frozenset(
    fold(s)
    for s in (
        "Recommended",
        "Related",
        "Related articles",
        "Related stories",
        "Related news",
        "Read more",
        "Read also",
        "Read next",
        "Also read",
        "See also",
        "More on this",
        "More stories",
        "Explore",
        "Advertisement",
        "Ad",
        "Sponsored",
        "Share",
        "Share this article",
        "Share this",
        "Share on Facebook",
        "Share on Twitter",
        "Tweet",
        "Copy link",
        "Link copied",
        "Print",
        "Email",
        "Comments",
        "Listen",
        "Listen to this article",
        "Play",
        "Pause",
        "Loading...",
        "Loading",
        "Watch",
        "Video",
        "Top stories",
        "Trending",
        "Popular",
        "Popular now",
        "Most read",
        "Weiterlesen",
        "Mehr zum Thema",
        "Lesen Sie auch",
        "Anzeige",
        "Werbung",
        "Publicité",
        "Lire aussi",
        "Lee también",
        "Leer más",
        "Publicidad",
        "Leggi anche",
        "Pubblicità",
        "Reklam",
        "Reklama",
        "Ähnliche Artikel",
        "Das könnte Sie auch interessieren",
        "Kommentar abgeben",
        "Kommentare",
        "Czytaj więcej",
        "Czytaj też",
        "Zobacz też",
        "Läs också",
        "Les også",
        "Læs også",
        "Lees ook",
        "Читайте также",
        "Follow us",
        "Don't miss",
        "Must read",
        "Tell us what you think",
        "Have your say",
        "Embed",
        "Article content",
    )
)
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
_READ_MORE = re.compile(
    r"^\(?(?:read more|read also|also read|see also|see more|related|more|watch|listen|lesen sie auch|mehr zum thema|mehr|"
    r"lire aussi|à lire aussi|lee también|leer más|leggi anche|ler também|leia também|czytaj także|czytaj też|"
    r"zobacz też|čtěte také|les også|läs också|læs også|lees ook|lue myös|читайте также|читайте также)"
    r"\s*[:>»|–—-]\s*\S.{0,200}$",
    re.IGNORECASE,
)
# French "à lire aussi" set as a label glued to the linked title, with no separator. Without the "à"
# ("Lire aussi entre les lignes…") it is a teaser only in capitals or when the title is a link.
_READ_ALSO_BARE = re.compile(r"^(?:à|a) lire aussi\s+\S.{0,160}$", re.IGNORECASE)
_LIRE_AUSSI = re.compile(r"^(?P<label>lire aussi)\s+(?P<rest>\S.{0,160})$", re.IGNORECASE)
# "Up next: …" / "Read next: …": a teaser when the title is a link to the site, or when it closes the
# body as a short title (no full stop: "Up next: Spain on Thursday in the semi-final." is a sentence).
_NEXT_TEASER = re.compile(r"^(?:read next|up next)\s*[:>»|–—-]\s*(?P<rest>\S.{0,160})$", re.IGNORECASE)
MAX_NEXT_TEASER = 120
# A "Most read in Local" widget label: only with its links (a ranking article has "Most viewed in
# January" as a subheading).
_MOST_READ_LABEL = re.compile(r"^most (?:read|popular|viewed) in\s+[^.!?]{1,30}$", re.IGNORECASE)
# The "Click To Tweet" button of a tweetable quote, glued to the end of the quote right after its
# closing punctuation or quote mark.
_TWEET_BUTTON = re.compile(r"(?<=[.!?\"”»’'])\s*Click [Tt]o Tweet$")
# Notes that close an article: who contributed, agency material, the newsroom's initials, staff
# credits, "Filed under" / "Tags" lines, a social profile address. Only dropped at the very end, and
# only as short lines whose rest is names or agencies, so that a last sentence opening with the same
# words ("Reporting by local outlets suggested…", "Avec AP, l'université…") stays.
_CAP = r"[A-ZÀ-ÖØ-ÞĀĆČĐĘŁŃŒŚŠŹŻŽ]"
_NAME = rf"{_CAP}[\w'’.-]*(?: (?:(?:van|von|de|der|den|da|di|du|del|la|le|bin|al|ter|zu) )*{_CAP}[\w'’.-]*){{0,3}}"
_JOIN = r"(?:\s*[,/&]\s*|\s+(?:and|und|et|y|e)\s+)"
_NAMES = rf"{_NAME}(?:{_JOIN}{_NAME}){{0,9}}"
_AGENCY = (
    r"(?:(?i:dpa|afp|ap|epd|kna|sid|apa|ansa|efe|reuters|agencies|agences|agencias|agenzie|agenturen|"
    rf"news agencies|wire services)|[A-Z]{{2,6}}|{_NAME})"
)
_AGENCIES = rf"{_AGENCY}(?:{_JOIN}{_AGENCY}){{0,4}}"
_CREDIT_PART = rf"(?i:(?:with )?(?:additional )?(?:reporting|writing|editing|edited|compiled|research)) (?i:by|from) {_NAMES}(?: in {_NAME})?"
_TRAILING_NOTE = re.compile(
    rf"^(?:(?:{_CAP}[\w.]+ ){{0,3}}(?i:writers?|reporters?|correspondents?) )?(?:{_NAMES}|(?i:staff|agencies)) contributed (?i:reporting|to this (?:report|story|article))"
    rf"(?: (?:from|in) [^.;]{{1,60}})?\.?$"
    rf"|^\(?{_CREDIT_PART}(?:\s*[;,]\s*{_CREDIT_PART})*\.?\)?\.?$"
    rf"|^(?i:with (?:additional )?(?:reports?|reporting|material) from) {_AGENCIES}\.?$"
    rf"|^(?i:mit agenturmaterial)(?: (?i:von|der) {_AGENCIES})?\.?$"
    rf"|^(?i:mit material) (?i:von|der|aus) (?:(?i:den |der )?(?i:agenturen|nachrichtenagenturen) )?{_AGENCIES}\.?$"
    rf"|^(?i:avec) (?:(?i:l'|les )?{_AGENCIES})\.?$"
    rf"|^(?i:con información de) {_AGENCIES}\.?$"
    r"|^\((?:[a-z]{2,4}|[A-Z]{2,5})(?:\s*[/,]\s*(?:[a-z]{2,4}|[A-Z]{2,5}))*\)$"
    rf"|^(?i:redaktion|mitarbeit|recherche|übersetzung|lektorat|translation|editing|editor|research)\s*:\s*{_NAMES}\.?$"
    rf"|^(?i:aus dem) \w+en (?i:(?:übersetzt )?von) {_NAMES}\.?$"
    rf"|^(?i:translated (?:from (?:the )?)?){_NAME} (?i:by) {_NAMES}\.?$|^(?i:translated by) {_NAMES}\.?$"
    r"|^(?i:(?:https?://)?(?:www\.)?(?:twitter|x|facebook|instagram|linkedin|tiktok)\.com/@?[\w.]+/?)$"
)
# "Filed under: Transport | Councils": a tag line is a list of short items, not a sentence.
_TAG_LINE = re.compile(
    r"^(?:filed under|posted in|tags|schlagworte|stichworte)\s*:\s*(?P<rest>.*)$", re.IGNORECASE
)
_TAG_SEPARATORS = re.compile(r"\s*[|,·•;/]\s*")
MAX_TAG_WORDS = 4
MAX_TRAILING_NOTE = 200
# An author box closing the article: the label, then the author's bio.
_AUTHOR_BOX_LABEL = re.compile(
    r"^(?:about the authors?|the author|die autorin|der autor|zur autorin|zum autor|über die autorin|"
    r"über den autor|à propos de l'auteur|l'auteur|sobre el autor|sobre la autora|l'autore)\s*:?$",
    re.IGNORECASE,
)
MAX_AUTHOR_BOX_PARAGRAPHS = 3
MAX_AUTHOR_BIO = 400
_NEWSLETTER = re.compile(
    r"\b(?:sign(?:ing)? up|subscrib\w*)\b.{0,80}\bnewsletter|\bnewsletter\b.{0,60}\b(?:sign up|subscribe)\b"
    r"|\bwhatsapp[- ](?:kanal|channel)\b|^(?:folgst du|folge uns|folgen sie uns)\b"
    r"|^you must (?:be logged in|log in|confirm your public display name)|^please (?:log ?in|logout|log out)\b"
    r"|einloggen um einen kommentar|^to comment,? (?:please )?log ?in",
    re.IGNORECASE,
)
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
# A player's duration line: "02:57 Min.. Available until 06.05.2024."
_PLAYER_LINE = re.compile(
    r"^(?:\d{1,2}:)?\d{1,2}:\d{2}\s*(?:min|mins|minutes|minuten|minutos)\b.{0,60}$", re.IGNORECASE
)

SHORT_LINE = 90
MIN_DUPLICATE_CHARS = 40
MAX_TEASER_LINE = 220
HEADLINE_ZONE = 3
TRAILING_ZONE = 0.5
MAX_CREDIT_WORDS = 8
_END_MARKER = re.compile(
    r"^(?:more from\b.{0,40}|more stories\b.{0,40}|most (?:read|popular|viewed)|"
    r"you (?:might|may) also like.{0,10}|read next|up next|further reading|related (?:articles|stories|coverage)|"
    r"recommended for you|mehr aus\b.{0,40}|meistgelesen|das könnte sie auch interessieren|weitere artikel|"
    r"sur le même sujet|le plus lu|más leídas?|lo más visto|i più letti|najczęściej czytane)\s*[:.…]?$",
    re.IGNORECASE,
)
_CREDIT_LINE = re.compile(
    r"^(?:image|images|photo|photos|picture|foto|fotos|bild|credit|photograph|illustration)s?\s*(?:credit)?\s*:"
    r"\s*\S.{0,60}$",
    re.IGNORECASE,
)
_COPYRIGHT_LINE = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.IGNORECASE)
_PROMPT = re.compile(
    r"^(?:like this (?:story|article)\?|share (?:this|it) with|tell us what you think|click here\b|>>|→)|"
    r"^(?:did you (?:like|enjoy) this (?:story|article)|hat ihnen (?:dieser|der) artikel gefallen)\b|"
    r"^follow .{1,40} on (?:google news|twitter|x|facebook|instagram|whatsapp|telegram|linkedin)\b|"
    r"^for more (?:stories|news|articles|content|updates|coverage|videos) like this\b|"
    r"^subscribe to .{1,40} on (?:youtube|google news|spotify|apple podcasts|whatsapp|telegram)\b|"
    r"^follow (?:our|\S+(?: \S+){0,3}(?:'s|’s|s')) (?:full |latest |live |ongoing )?coverage\b.{0,100}"
    r"\b(?:at \S+\.\w{2,}\S*|here)\.?$|"
    r"^if you (?:enjoyed|liked) (?:this|reading this) (?:article|story|piece)\b.{0,40}"
    r"\b(?:please|consider|support|share|subscribe|donat\w*|sign up)\b|"
    r"\bclick here (?:for more|to (?:read|subscribe|sign up|find out|see|watch|learn))",
    re.IGNORECASE,
)
_PAYWALL = re.compile(
    r"réservée aux abonnés|reserved for subscribers|for subscribers only|subscribe to (?:continue|read)|"
    r"nur für abonnenten|exklusiv für abonnenten|il vous reste \d|to continue reading|"
    r"sólo para suscriptores|solo para suscriptores|riservato agli abbonati|tylko dla prenumeratorów",
    re.IGNORECASE,
)
_CAPS_TEASER = re.compile(r"^[A-ZÀ-ÖØ-Þ0-9][A-ZÀ-ÖØ-Þ0-9 ’'.-]{5,40}\s*\|\s*\S.{0,160}$")
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
    paragraphs = _cut_trailing_block(paragraphs)
    teasers = _link_teasers(paragraphs, link_texts or set())
    seen: set[str] = set()
    for index, raw in enumerate(paragraphs):
        text = clean_space(raw)
        if index in teasers:
            result.removed.append(text)
            continue
        if index == 0 or not result.paragraphs:
            text = _strip_font_widget(text)
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
            or _is_linked_teaser(text, link_texts or set(), followed_by_links)
        ):
            result.removed.append(text)
            continue
        result.paragraphs.append(text)
    _drop_closing_notes(result)
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
        len(text) <= MAX_TEASER_CHARS and (k := alnum_key(text)) in link_texts and len(k) >= MIN_TEASER_KEY
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


def _cut_trailing_block(paragraphs: list[str]) -> list[str]:
    """Cut a "More from ..." / "Most read" block (the label and what follows) from the last part."""
    total = sum(len(p) for p in paragraphs)
    seen = 0
    for index, raw in enumerate(paragraphs):
        seen += len(raw)
        if seen >= TRAILING_ZONE * total and len(raw) <= SHORT_LINE and _END_MARKER.match(clean_space(raw)):
            return paragraphs[:index]
    return paragraphs


def _is_linked_teaser(text: str, link_texts: set[str], followed_by_links: bool) -> bool:
    """A "Read next: …", "Lire aussi …" or "Most read in …" line that is one with a link to another
    page of the site: its title (or the whole line) is a link, or its list of links follows."""
    next_teaser = _NEXT_TEASER.match(text)
    lire_aussi = _LIRE_AUSSI.match(text)
    match = next_teaser or lire_aussi
    if match and len(text) <= MAX_TEASER_LINE:
        if lire_aussi and lire_aussi.group("label").isupper():
            return True
        if alnum_key(text) in link_texts or alnum_key(match.group("rest")) in link_texts or followed_by_links:
            return True
    return bool(_MOST_READ_LABEL.match(text)) and (alnum_key(text) in link_texts or followed_by_links)


def _drop_closing_notes(result: Cleaned) -> None:
    """Drop an author box closing the body, then the credit notes, tag lines and a short "Read next"
    title at its very end."""
    paragraphs = result.paragraphs
    start = max(1, len(paragraphs) - MAX_AUTHOR_BOX_PARAGRAPHS - 1)
    for index in range(start, len(paragraphs) - 1):
        if _AUTHOR_BOX_LABEL.match(paragraphs[index]) and all(
            len(p) <= MAX_AUTHOR_BIO for p in paragraphs[index + 1 :]
        ):
            result.removed.extend(paragraphs[index:])
            del paragraphs[index:]
            break
    while len(paragraphs) > 1 and _is_trailing_note(paragraphs[-1]):
        result.removed.append(paragraphs.pop())


def _is_trailing_note(text: str) -> bool:
    """ "Jane Doe contributed reporting.", "(dpa)", "Redaktion: …", "Filed under: …", "Read next:
    Title" and the like."""
    if len(text) > MAX_TRAILING_NOTE:
        return False
    if _TRAILING_NOTE.match(text) or _MOST_READ_LABEL.match(text):
        return True  # a "Most read in Sport" label left at the end when its links were pruned
    next_teaser = _NEXT_TEASER.match(text)
    if next_teaser:
        return next_teaser.group("rest").rstrip()[-1] not in ".!?…"
    tags = _TAG_LINE.match(text)
    if tags:
        items = [i for i in _TAG_SEPARATORS.split(tags.group("rest")) if i]
        return not text.endswith(".") and all(len(i.split()) <= MAX_TAG_WORDS for i in items)
    return False


def _is_boilerplate(text: str, key: str, author_keys: set[str], caption_keys: set[str]) -> bool:
    short = len(text) <= SHORT_LINE
    if key.strip(" :.!»›>") in _LABEL_LINES or _PLAYER_TIME.match(text) or _PLACEHOLDER.match(text):
        return True
    if short and (_PLAYER_LINE.match(text) or _READING_TIME.match(text) or text.isdigit() or _is_stamp(text)):
        return True
    if len(text) <= MAX_CONTACT_LINE and EMAIL.search(text) and _CONTACT.search(text):
        return True  # "Get in touch at news@…", "Send us your feedback at …"
    if short and EMAIL.search(text) and (len(text.split()) <= 6 or any(a in key for a in author_keys)):
        return True
    if key in caption_keys or _is_doubled(text) or _is_link_list(text):
        return True
    if _CREDIT_LINE.match(text) or _CAPS_TEASER.match(text) or (short and _COPYRIGHT_LINE.match(text)):
        return True
    if len(text) <= MAX_TEASER_LINE and (_PROMPT.search(text) or _PAYWALL.search(text)):
        return True
    if len(text) <= MAX_TEASER_LINE and (_READ_MORE.match(text) or _READ_ALSO_BARE.match(text)):
        return True
    if len(text) <= 300 and _NEWSLETTER.search(text):
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


def _is_stamp(text: str) -> bool:
    """A short line holding a year and a clock time and at most a few words (month, zone)."""
    return (
        len(text) <= MAX_STAMP_CHARS
        and _YEAR.search(text) is not None
        and _CLOCK.search(text) is not None
        and len(_ALPHA_WORD.findall(text)) <= MAX_STAMP_WORDS
    )


def _is_doubled(text: str) -> bool:
    """Teaser cards rendered twice in a row: "Title Title"."""
    half = len(text) // 2
    return len(text) >= 20 and text[:half].strip() == text[half:].strip()


def _is_link_list(text: str) -> bool:
    """ "Topic: Link one | Link two | Link three" navigation lines."""
    if text.startswith("|"):
        return False  # a table row
    parts = text.split(" | ")
    return len(parts) >= 3 and len(text) <= 300 and all(len(p) <= 60 for p in parts)

"""Closing notes of an article body: a trailing "More from …" / "Most read" block (its label and
what follows), an author box (label and bio), end matter (sources, contacts, links: a label and
short lines), and the short credit notes, tag lines and "Read next"
titles at the very end ("Jane Doe contributed reporting.", "(dpa)", "Filed under: …")."""

from __future__ import annotations

import re

from newscrawl.extraction.teasers import MOST_READ_LABEL, NEXT_TEASER, SHORT_LINE
from newscrawl.normalize.text import clean_space, fold

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
# A note on the article's own authors closing it ("Correspondent Jane Doe covers the region...",
# "Doe reported from Lyon and Roe from Nantes."): the author's full name among its first words, or the surname
# opening it.
MAX_AUTHOR_NAME_START = 3
_WORD = re.compile(r"[\w'’.-]+")
# A short line ending in a colon with nothing after it: the lead-in of a list of links or teasers
# that pruning removed ("More on this topic:", "Das könnte dich auch interessieren:").
# A lead-in pointing "here" ("Das Konzeptpapier finden Sie hier:") is a sentence of the text whose
# link the reader follows, and one to the article's own pictures or video ("See more photos:")
# introduces media, never text: both stay.
MAX_DANGLING_LEAD_IN = 80
_POINTS_HERE = re.compile(
    r"\b(?:here|hier|ici|aquí|aqui|qui|qua|tutaj|här|her|täällä|tady"
    r"|photos?|pictures?|images?|videos?|gallery|fotos?|bilder|vídeos?|immagini|zdjęcia)\s*:$",
    re.IGNORECASE,
)
TRAILING_ZONE = 0.5
_END_MARKER = re.compile(
    r"^(?:more from\b.{0,40}|more stories\b.{0,40}|most (?:read|popular|viewed)|"
    r"you (?:might|may) also like.{0,10}|read next|up next|further reading|related (?:articles|stories|coverage)|"
    r"recommended for you|mehr aus\b.{0,40}|meistgelesen|das könnte sie auch interessieren|weitere artikel|"
    r"sur le même sujet|le plus lu|más leídas?|lo más visto|i più letti|najczęściej czytane)\s*[:.…]?$",
    re.IGNORECASE,
)


# End matter closing an article: a label of sources, contacts or further information, then only
# short lines that are no sentences (names, institutions, addresses, link titles).
_END_MATTER_LABEL = re.compile(
    r"^(?:quellen?|quellenangaben|sources?|references|fuentes|références|fonti|kontakt|pressekontakt|"
    r"contacts?|media contacts?|links|weblinks|weitere informationen|mehr informationen(?: finden sie unter)?|"
    r"more information|further information|plus d'informations|más información)\s*:$",
    re.IGNORECASE,
)
MAX_END_MATTER_LINES = 10
MAX_END_MATTER_LINE = 120
_SENTENCE_END = '.!?…"”“»’)'


def end_matter_start(paragraphs: list[str]) -> int | None:
    """Where the end matter closing the body starts ("Quellen:", "Kontakt:", "Links:" and the
    short lines under it), or None. Never the first paragraph."""
    first = max(1, len(paragraphs) - MAX_END_MATTER_LINES - 1)
    for index in range(first, len(paragraphs) - 1):
        if _END_MATTER_LABEL.match(paragraphs[index]) and all(
            len(p) <= MAX_END_MATTER_LINE and p[-1:] not in _SENTENCE_END for p in paragraphs[index + 1 :]
        ):
            return index
    return None


def cut_trailing_block(paragraphs: list[str]) -> list[str]:
    """Cut a "More from ..." / "Most read" block (the label and what follows) from the last part."""
    total = sum(len(p) for p in paragraphs)
    seen = 0
    for index, raw in enumerate(paragraphs):
        seen += len(raw)
        if seen >= TRAILING_ZONE * total and len(raw) <= SHORT_LINE and _END_MARKER.match(clean_space(raw)):
            return paragraphs[:index]
    return paragraphs


def drop_closing_notes(paragraphs: list[str], removed: list[str], authors: list[str] | None = None) -> None:
    """Drop an author box closing the body, end matter (sources, contacts, links), then the
    credit notes, notes on the ``authors``, tag lines, a short "Read next" title and a lead-in
    left without its list at its very end (in place; what goes is added to ``removed``)."""
    start = max(1, len(paragraphs) - MAX_AUTHOR_BOX_PARAGRAPHS - 1)
    for index in range(start, len(paragraphs) - 1):
        if _AUTHOR_BOX_LABEL.match(paragraphs[index]) and all(
            len(p) <= MAX_AUTHOR_BIO for p in paragraphs[index + 1 :]
        ):
            removed.extend(paragraphs[index:])
            del paragraphs[index:]
            break
    end_matter = end_matter_start(paragraphs)
    if end_matter is not None:
        removed.extend(paragraphs[end_matter:])
        del paragraphs[end_matter:]
    names = [n for n in (_WORD.findall(fold(a)) for a in authors or []) if len(n) >= 2]
    while len(paragraphs) > 1 and (
        _is_trailing_note(paragraphs[-1])
        or is_dangling_lead_in(paragraphs[-1])
        or is_author_note(paragraphs[-1], names)
    ):
        removed.append(paragraphs.pop())


def is_author_note(text: str, names: list[list[str]]) -> bool:
    """A short paragraph about the authors (``names``: their folded words): one's full name within
    its first words, or one's surname opening it when another author's surname follows ("Doe
    reported from Lyon and Roe from Nantes.")."""
    if not names or len(text) > MAX_AUTHOR_BIO:
        return False
    words = _WORD.findall(fold(text))
    for name in names:
        if any(words[start : start + len(name)] == name for start in range(MAX_AUTHOR_NAME_START + 1)):
            return True
        if words[:1] == name[-1:] and any(other[-1] in words[1:] for other in names if other is not name):
            return True
    return False


def _is_trailing_note(text: str) -> bool:
    """ "Jane Doe contributed reporting.", "(dpa)", "Redaktion: …", "Filed under: …", "Read next:
    Title" and the like."""
    if len(text) > MAX_TRAILING_NOTE:
        return False
    if _TRAILING_NOTE.match(text) or MOST_READ_LABEL.match(text):
        return True  # a "Most read in Sport" label left at the end when its links were pruned
    next_teaser = NEXT_TEASER.match(text)
    if next_teaser:
        return next_teaser.group("rest").rstrip()[-1] not in ".!?…"
    tags = _TAG_LINE.match(text)
    if tags:
        items = [i for i in _TAG_SEPARATORS.split(tags.group("rest")) if i]
        return not text.endswith(".") and all(len(i.split()) <= MAX_TAG_WORDS for i in items)
    return False


def is_dangling_lead_in(text: str) -> bool:
    """ "Mehr Themen:", "Further information on this topic:": a short line that introduces what
    follows, when nothing follows it."""
    return (
        len(text) <= MAX_DANGLING_LEAD_IN
        and text.endswith(":")
        and any(ch.isalpha() for ch in text)
        and not _POINTS_HERE.search(text)
    )

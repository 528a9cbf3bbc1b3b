"""Teaser labels and calls to action: a line that points the reader elsewhere instead of telling
the article ("Read more: …", "Lire aussi …", "Up next: …", "Most read in …", label lines such as
"Related" or "Share"), newsletter, paywall and follow-us prompts, teaser cards rendered twice and
"A | B | C" link lists."""

from __future__ import annotations

import re

from newscrawl.extraction.sitenames import key as alnum_key
from newscrawl.normalize.authors import EMAIL
from newscrawl.normalize.text import fold

SHORT_LINE = 90
MAX_TEASER_LINE = 220
MAX_NEWSLETTER_LINE = 300
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
NEXT_TEASER = re.compile(r"^(?:read next|up next)\s*[:>»|–—-]\s*(?P<rest>\S.{0,160})$", re.IGNORECASE)
MAX_NEXT_TEASER = 120
# A "Most read in Local" widget label: only with its links (a ranking article has "Most viewed in
# January" as a subheading).
MOST_READ_LABEL = re.compile(r"^most (?:read|popular|viewed) in\s+[^.!?]{1,30}$", re.IGNORECASE)
_NEWSLETTER = re.compile(
    r"\b(?:sign(?:ing)? up|subscrib\w*)\b.{0,80}\bnewsletter|\bnewsletter\b.{0,60}\b(?:sign up|subscribe)\b"
    r"|newsletter\b.{0,40}\b(?:abonnieren|anmelden|bestellen)\b"
    r"|\b(?:abonniere|abonnieren sie|melde dich|melden sie sich|bestellen sie)\b.{0,60}newsletter"
    r"|\bwhatsapp[- ](?:kanal|channel)\b|^(?:folgst du|folge uns|folgen sie uns)\b"
    r"|^you must (?:be logged in|log in|confirm your public display name)|^please (?:log ?in|logout|log out)\b"
    r"|einloggen um einen kommentar|^to comment,? (?:please )?log ?in",
    re.IGNORECASE,
)
_PROMPT = re.compile(
    r"^(?:like this (?:story|article)\?|share (?:this|it) with|tell us what you think|click here\b|>>|→)|"
    r"^(?:did you (?:like|enjoy) this (?:story|article)|hat ihnen (?:dieser|der) artikel gefallen)\b|"
    r"^follow .{1,40} on (?:google news|twitter|x|facebook|instagram|whatsapp|telegram|linkedin)\b|"
    r"^for more (?:stories|news|articles|content|updates|coverage|videos) like this\b|"
    r"^subscribe to .{1,40} on (?:youtube|google news|spotify|apple podcasts|whatsapp|telegram)\b|"
    r"^follow (?:our|\S+(?: \S+){0,3}(?:'s|’s|s')) (?:full |latest |live |ongoing )?coverage\b.{0,100}"
    r"\b(?:at \S+\.\w{2,}\S*|here)\.?$|"
    r"^if you (?:enjoyed|liked) (?:this|reading this) (?:article|story|piece)\b.{0,100}"
    r"\b(?:please|consider|support|share|subscribe|donat\w*|sign up|join|become a (?:member|subscriber))\b",
    re.IGNORECASE,
)
# The publisher asking for readers' views or stories: a line that opens with the call as a sentence
# or label of its own ("We want to hear from you: …", "We'd love to hear your thoughts."), or a
# line that holds it beside an address to write to ("… We'd like to hear what you think about
# this. Here's our email: letters@…"). A line with quotation marks is someone's appeal quoted, and
# a call followed by a comma is reported speech ("We want to hear from you, the inspector said").
_FEEDBACK_WORDS = r"we(?:'d|’d| would)? (?:like|love|want) to hear (?:from you|what you think|your (?:thoughts|views|stories|feedback))"
_FEEDBACK_OPENING = re.compile(rf"^{_FEEDBACK_WORDS}\b[^,;]*?[:.!?]", re.IGNORECASE)
_FEEDBACK_CALL = re.compile(rf"(?:^|[.!?]\s+){_FEEDBACK_WORDS}\b", re.IGNORECASE)
_QUOTE_MARKS = frozenset('"“”„«»‘‹›')
_CLICK_HERE = re.compile(
    r"\bclick here (?:for more|to (?:read|subscribe|sign up|find out|see|watch|learn))", re.IGNORECASE
)
_PAYWALL = re.compile(
    r"réservée aux abonnés|reserved for subscribers|for subscribers only|subscribe to (?:continue|read)|"
    r"nur für abonnenten|exklusiv für abonnenten|il vous reste \d|to continue reading|"
    r"sólo para suscriptores|solo para suscriptores|riservato agli abbonati|tylko dla prenumeratorów",
    re.IGNORECASE,
)
# Words each notice holds, of letters that have no other case form than their ASCII pair (not
# i, k, s: case-blind patterns also take "İ", "ı", "K", "ſ" for them): a lowercased line holding
# none of them cannot match, and the pattern is not tried.
_PAYWALL_WORDS = (
    "aux abonn",
    "rved for",
    " only",
    "be to ",
    "abonnenten",
    "vou",
    "to cont",
    "para ",
    "abbona",
    "prenumerator",
)
_NEWSLETTER_WORDS = ("letter", "what", "folg", "you mu", "plea", "loggen um", "to comment")
_CAPS_TEASER = re.compile(r"^[A-ZÀ-ÖØ-Þ0-9][A-ZÀ-ÖØ-Þ0-9 ’'.-]{5,40}\s*\|\s*\S.{0,160}$")


def is_teaser_or_prompt(text: str, folded: str | None = None) -> bool:
    """A label line, a "Read more: …" teaser, a call to action, a paywall or newsletter notice, a
    teaser card rendered twice or a "A | B | C" link list (``folded``: ``fold(text)`` when the
    caller has it)."""
    folded = fold(text) if folded is None else folded
    if folded.strip(" :.!»›>") in _LABEL_LINES or _is_doubled(text) or _is_link_list(text):
        return True
    if _CAPS_TEASER.match(text):
        return True
    if len(text) > MAX_NEWSLETTER_LINE:
        return False
    lower = text.lower()
    if len(text) <= MAX_TEASER_LINE and (
        _PROMPT.match(text)
        or ("here " in lower and _CLICK_HERE.search(text))
        or (_holds_any(lower, _PAYWALL_WORDS) and _PAYWALL.search(text))
    ):
        return True
    if len(text) <= MAX_TEASER_LINE and (_READ_MORE.match(text) or _READ_ALSO_BARE.match(text)):
        return True
    if "to hear" in lower and _is_feedback_call(text):
        return True
    return _holds_any(lower, _NEWSLETTER_WORDS) and bool(_NEWSLETTER.search(text))


def _is_feedback_call(text: str) -> bool:
    """The publisher's call for readers' views (see ``_FEEDBACK_OPENING``), not a quote."""
    if not _QUOTE_MARKS.isdisjoint(text):
        return False
    if _FEEDBACK_OPENING.match(text):
        return True
    return "@" in text and EMAIL.search(text) is not None and _FEEDBACK_CALL.search(text) is not None


def _holds_any(text: str, words: tuple[str, ...]) -> bool:
    return any(word in text for word in words)


def is_linked_teaser(text: str, link_texts: set[str], followed_by_links: bool) -> bool:
    """A "Read next: …", "Lire aussi …" or "Most read in …" line that is one with a link to another
    page of the site: its title (or the whole line) is a link, or its list of links follows."""
    next_teaser = NEXT_TEASER.match(text)
    lire_aussi = _LIRE_AUSSI.match(text)
    match = next_teaser or lire_aussi
    if match and len(text) <= MAX_TEASER_LINE:
        if lire_aussi and lire_aussi.group("label").isupper():
            return True
        if alnum_key(text) in link_texts or alnum_key(match.group("rest")) in link_texts or followed_by_links:
            return True
    return bool(MOST_READ_LABEL.match(text)) and (alnum_key(text) in link_texts or followed_by_links)


_TAG_LABEL = re.compile(r"^(?P<title>.{15,}?)\s*\[(?P<label>[^\]\[]{2,20})\]\s*\|?$")


def without_tag_label(text: str) -> str:
    """A teaser line's title without the bracketed label in capitals that some sites set after a
    link to another story ("Title of another story [VIDEO]"); other text unchanged.

    >>> without_tag_label("Plane passengers quarantined after outbreak [NEWS]")
    'Plane passengers quarantined after outbreak'
    >>> without_tag_label("The council said it would act [and did]")
    'The council said it would act [and did]'
    """
    match = _TAG_LABEL.match(text)
    if match is None or not match.group("label").isupper() or len(match.group("label").split()) > 2:
        return text
    return match.group("title")


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

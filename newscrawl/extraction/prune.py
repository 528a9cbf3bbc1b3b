"""DOM pruning before body extraction: page regions (menus, side boxes, footers), embedded objects
and form controls, widgets, players, captions, related lists, share bars, the standfirst and the
"SOURCE: X" line are removed from a working copy of the page, and layout tables are unwrapped
into block containers."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extraction.cleanup import MAX_CREDIT_WORDS, SOURCE_LINE
from newscrawl.extraction.diagnostics import drop_server_diagnostics
from newscrawl.extraction.layout_tables import paragraph_chars, unwrap_layout_tables
from newscrawl.extraction.linebreaks import wrap_line_break_paragraphs
from newscrawl.extraction.linklists import teaser_lists
from newscrawl.extraction.teasers import SHORT_LINE
from newscrawl.extraction.text import block_text, text_nodes_with_start
from newscrawl.normalize.text import clean_space, fold

_PRUNE_TAGS = ("figure", "figcaption", "video", "audio", "picture", "button", "select", "svg", "form")
# Page regions the extractor discards anyway, dropped here (unless they hold the article, as in
# a page whose unclosed menu swallows the rest): its own copies and scans of the tree are cheaper.
_REGION_TAGS = ("nav", "aside", "footer", "menu", "dialog", "fieldset", "noindex")
# Embedded objects and form controls hold no article text.
_CONTROL_TAGS = (
    "embed", "fencedframe", "iframe", "object", "applet", "canvas", "map", "area", "datalist",
    "frame", "frameset", "link", "input", "menuitem", "optgroup", "option", "output", "param",
    "progress", "source", "track", "textarea", "use",
)  # fmt: skip
# Elements with a role or itemprop, and those that may be hidden, are few: found by attribute in
# one walk of the tree, then tested here (an XPath comparing attribute values on every element of
# the page costs more than the rest of pruning).
_FLAGGED = etree.XPath("//*[@role or @itemprop or @aria-hidden or @hidden or @style]")
_PRUNE_ROLES = frozenset({"button", "toolbar", "dialog", "complementary"})
_PRUNE_ITEMPROPS = frozenset(
    {"headline", "datePublished", "dateModified", "dateCreated", "keywords", "mainEntityOfPage"}
    | {"publisher", "author", "url"}
)
# Hidden elements are dropped only when short: sites also hide paywalled paragraphs this way.
MAX_HIDDEN_CHARS = 100
# class/id tokens of widgets and lists that sit inside article containers. Each alternative starts
# with a letter (a boundary before a name is a look-behind after its first letters), so the
# alternatives can be grouped by that letter: one test per letter instead of one per alternative.
# Set apart by spaces (none holds one); "ad", "ads" as a word, "modal", "bio" as a name part.
_BOILER_WRITTEN = r"""
    font[-_]?(?:size|resize|scale|zoom|sizer) text[-_]?(?:size|resize|scale|zoom|sizer) fontsize
    textsize font-?control a11y video[-_]?player audio[-_]?player media[-_]?player jwplayer vjs-
    plyr player-wrap recommend related read[-_]?more readmore more[-_]?(?:stories|articles|news)
    also[-_]?read explore newsletter subscribe signup sign-up promo(?:tion)?\b caption credit
    copyright image[-_]?widget img[-_]?widget photo[-_]?widget picture[-_]?widget share social
    sharing byline dateline article[-_]?(?:meta|info|date|tools) timestamp breadcrumb tags?[-_]?list
    topic[-_]?list advert ad(?<!\wad)s?\b sponsor outbrain taboola rollover tooltip popover
    modal(?<![^\s_-]modal)(?![^\s_-]) author[-_]?(?:bio|box|info|card|profile|details|about)
    about[-_]?(?:the[-_]?)?author bio(?<![^\s_-]bio)(?![^\s_-])
"""
_BOILER_ALTERNATIVES = tuple(_BOILER_WRITTEN.split())


def _by_first_letter(alternatives: tuple[str, ...]) -> re.Pattern[str]:
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        groups.setdefault(alternative[0], []).append(alternative[1:])
    return re.compile("|".join(f"{letter}(?:{'|'.join(rest)})" for letter, rest in groups.items()))


_BOILER_TOKENS = _by_first_letter(_BOILER_ALTERNATIVES)
_NEVER_PRUNED_BY_NAME = frozenset({"p", "h2", "h3", "h4", "blockquote", "li"})
_KEEP_TAGS = frozenset({"html", "body", "main", "article"})
MAX_PRUNE_SHARE = 0.3
MIN_PARAGRAPH_CHARS = 1000
_LINK_TEXT = etree.XPath(".//a//text()", smart_strings=False)

# Whole paragraphs that are widget or section labels, not prose (compared folded). The regex
# test calls back into Python: only text nodes holding a colon are tested.
_SOURCE_TEXT = etree.XPath(
    r".//text()[contains(., ':')][re:test(., '^\s*(source|sources|kaynak|quelle|quellen|fuente|fuentes|fonte|źródło|источник)"
    r"\s*:', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)
_NOT_BODY_TAGS = frozenset({"figure", "figcaption", "table", "aside", "nav", "footer"})
# "lead", but not Tailwind's line-height classes ("leading-12", "leading-tight") or an ad slot
# ("leaderboard").
STANDFIRST_CLASS = re.compile(
    r"standfirst|desc|summary|lead(?!ing-(?:\d|\[|none|tight|snug|normal|relaxed|loose)|erboard)|\bdek\b|teaser|intro|sub-?title|sub-?head|excerpt|abstract|strap|"
    r"chapo|chapeau|sapo|vorspann|perex|ingress|entradilla|bajada|occhiello|sommario",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)
def is_boilerplate_attr(attrs: str) -> bool:
    """Whether a class/id string names a widget, player, caption, related list, share bar, etc.

    One search over the whole lowercased value: no token spans a space, and a space stands where
    a single name would start or end, so this is the test of each name on its own."""
    return _BOILER_TOKENS.search(attrs.lower()) is not None


# "\s*+" (possessive: the words start with a letter, so giving back spaces never helps) makes
# the scan of the whole page several times faster; the look-ahead at the words' first letters
# turns most tags away before the words are tried.
_SOURCE_HINT = re.compile(
    r">\s*+(?=[skqfźи])(?:source|sources|kaynak|quelle|quellen|fuente|fuentes|fonte|źródło|источник)\s*:",
    re.IGNORECASE,
)


def has_source_line(html: str) -> bool:
    """Cheap test on the raw page: could it hold a "SOURCE: X" line at all?"""
    return _SOURCE_HINT.search(html) is not None


def prune_tree(
    root: HtmlElement,
    description: str | None = None,
    source_hint: bool = True,
    url: str = "",
    description_shown: bool = False,
    regions: bool = True,
) -> str | None:
    """Remove page regions, embedded objects and form controls, and widget, player, caption,
    related-list, share, standfirst and source-line elements from a working copy, in place;
    returns the source credit ("SOURCE: X") when there is one. ``regions=False`` keeps the page
    regions (for article HTML that no generic extractor reads after this, where they are content).
    With the page's ``url``, lists of teasers to other stories of the site go too.

    An element holding a large share of the page's paragraph text is never removed, so a
    container whose class merely mentions "share" or "related" cannot take the article with it.
    """
    # Code and styles hold no article text; stripped here, in C, the extractor's own copy and
    # cleaning of the tree are cheaper.
    etree.strip_elements(root, "script", "style", "noscript", "template", *_CONTROL_TAGS, with_tail=False)
    _inline_ruby(root)
    wrap_line_break_paragraphs(root)
    drop_server_diagnostics(root)
    unwrap_layout_tables(root)
    attribution = _take_source_line(root, source_hint)
    if description:
        _drop_standfirst(root, description, description_shown)
    total = paragraph_chars(root) or 1
    if regions:
        _drop_regions(root, total)  # first: the walks below are shorter
    doomed: list[HtmlElement] = list(root.iter(*_PRUNE_TAGS))  # one pass, in C
    flagged = _FLAGGED(root)
    for el in flagged:
        if el.get("role") in _PRUNE_ROLES or (
            el.get("itemprop") in _PRUNE_ITEMPROPS and el.find(".//p") is None
        ):
            doomed.append(el)
    doomed.extend(el for el in flagged if _is_hidden(el) and len(el.text_content()) <= MAX_HIDDEN_CHARS)
    doomed.extend(
        el
        for el in _named_boilerplate(root)
        if el.tag not in _KEEP_TAGS and el.tag not in _NEVER_PRUNED_BY_NAME
    )
    _drop_unless_content(doomed, total)
    if url:  # read on what is left: the lists of menus and link boxes are gone already
        _drop_unless_content(teaser_lists(root, url), total)
    return attribution


def _drop_regions(root: HtmlElement, total: int) -> None:
    """Drop the page regions of ``_REGION_TAGS``, unless one holds the page heading or more than
    ``MAX_PRUNE_SHARE`` of its ``total`` paragraph characters (see :func:`_drop_unless_content`),
    or, on a page with fewer than ``MIN_PARAGRAPH_CHARS`` of paragraphs (an article may be written
    in plain blocks there), of its text outside links (a menu's text is its links)."""
    regions = list(root.iter(*_REGION_TAGS))
    if regions and total < MIN_PARAGRAPH_CHARS:  # the article may be written without paragraphs
        limit = MAX_PRUNE_SHARE * len(root.text_content())
        regions = [el for el in regions if not _holds_unlinked_text(el, limit)]
    _drop_unless_content(regions, total)


def _holds_unlinked_text(el: HtmlElement, limit: float) -> bool:
    """Whether ``el`` holds more than ``limit`` characters of text outside links."""
    text = len(el.text_content())
    return text > limit and text - sum(map(len, _LINK_TEXT(el))) > limit


def _drop_unless_content(doomed: list[HtmlElement], total: int) -> None:
    """Drop each of ``doomed`` unless it holds the page heading or more than ``MAX_PRUNE_SHARE``
    of the page's ``total`` paragraph characters; media and their captions always go."""
    for el in doomed:
        if el.getparent() is None or el.tag in _KEEP_TAGS:
            continue
        if el.tag == "figure" and el.find(".//table") is not None:
            continue  # a table set in a figure (as block editors do) is content; its caption goes
        if el.tag not in ("figure", "figcaption", "video", "audio", "picture") and (
            el.find(".//h1") is not None
            or sum(len(p.text_content()) for p in el.iter("p")) > MAX_PRUNE_SHARE * total
        ):
            continue
        _drop(el)


def _named_boilerplate(root: HtmlElement) -> list[HtmlElement]:
    """The elements of ``root`` (itself included) whose class or id names boilerplate (see
    :func:`is_boilerplate_attr`), in document order."""
    found = []
    for el in root.iter(etree.Element):  # elements only: no comments, no processing instructions
        names, ident = el.get("class"), el.get("id")
        if (names is not None and is_boilerplate_attr(names)) or (
            ident is not None and is_boilerplate_attr(ident)
        ):
            found.append(el)
    return found


def _is_hidden(el: HtmlElement) -> bool:
    return (
        el.get("aria-hidden") == "true"
        or el.get("hidden") is not None
        or "display:none" in (el.get("style") or "").replace(" ", "")
    )


def _inline_ruby(root: HtmlElement) -> None:
    """Ruby annotations (the reading of East Asian words) read inline, "弾劾（だんがい）", so the
    generic extractor does not split the sentence around them. A ruby without ``<rp>``
    parentheses keeps its base text only: its reading, set above the text, cannot be read inline
    ("子こども")."""
    rubies = list(root.iter("ruby"))
    for ruby in rubies:
        if ruby.find(".//rp") is None:
            for el in [e for e in ruby.iter("rt", "rtc") if e is not ruby]:
                if el.getparent() is not None:
                    el.drop_tree()  # the tail (the next base text) stays
        for el in [e for e in ruby.iter("rb", "rt", "rp", "rtc") if e is not ruby]:
            if el.getparent() is not None:
                el.drop_tag()
        if ruby.getparent() is not None:
            ruby.drop_tag()


def _take_source_line(root: HtmlElement, source_hint: bool) -> str | None:
    """Find and remove a short "SOURCE: X" line outside figures and tables; return X."""
    found: str | None = None
    if not source_hint:
        return None
    for text_node in _SOURCE_TEXT(root):
        el = _owner(text_node)
        best: tuple[HtmlElement, str] | None = None
        for _ in range(3):
            if el is None:
                break
            text = clean_space(el.text_content())
            if len(text) > SHORT_LINE:
                break
            match = SOURCE_LINE.match(text)
            if match and len(match.group("credit").split()) <= MAX_CREDIT_WORDS:
                best = (el, clean_space(match.group("credit")))
            el = el.getparent()
        if best is None or best[0].getparent() is None:
            continue
        if any(a.tag in _NOT_BODY_TAGS for a in best[0].iterancestors()):
            continue
        found = found or best[1]
        _drop(best[0])
    return found


def _owner(text_node: object) -> HtmlElement | None:
    """The element whose own text (not tail) is ``text_node``."""
    parent = getattr(text_node, "getparent", lambda: None)()
    if parent is not None and getattr(text_node, "is_tail", False):
        parent = parent.getparent()
    return parent


def _drop_standfirst(root: HtmlElement, description: str, shown: bool = False) -> None:
    """Remove the standfirst (the element repeating the description) when it is marked as one:
    a standfirst-like class, a <header> ancestor, or a heading; or, when the description was
    read from the page (``shown``), any element but a paragraph or part of one. A body paragraph that merely
    equals the meta description (a lede reused as summary) stays."""
    key = fold(description)
    if len(key) < 20:
        return
    limit = 1.5 * len(description) + 20
    for text_node in text_nodes_with_start(root, description):
        el = _owner(text_node)
        for _ in range(4):
            if el is None or len(el.text_content()) > limit:
                break
            if fold(block_text(el)) == key:
                if (shown and _outside_paragraph(el)) or _is_marked_standfirst(el, limit):
                    _drop(el)
                break
            el = el.getparent()


def _outside_paragraph(el: HtmlElement) -> bool:
    """Neither a paragraph nor inside one (``<p><b>…</b></p>`` is a paragraph's text)."""
    return el.tag != "p" and next(el.iterancestors("p"), None) is None


def _is_marked_standfirst(el: HtmlElement, limit: float) -> bool:
    if el.tag in ("h2", "h3", "h4") or any(a.tag == "header" for a in el.iterancestors()):
        return True
    node: HtmlElement | None = el
    for _ in range(3):
        if node is None or len(node.text_content()) > limit:
            return False
        if STANDFIRST_CLASS.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        node = node.getparent()
    return False


def _drop(el: HtmlElement) -> None:
    """Remove ``el`` but keep its tail text."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    if tail and tail.strip():
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)

"""The headline, without the site-name suffix.

Candidates come from the article's structured data (JSON-LD or microdata ``headline``), meta tags
(``headline``, og:title, twitter:title…), the visible h1s and <title>. Site names and a trailing
section name are removed from each by comparison with the names the site goes by, not by a fixed
list. The structured headline is the publisher's declared headline and is preferred; the visible
h1 is taken instead when it reads the same (same letters and digits), so the text is the one the
reader sees, and the social title (og:title, else twitter:title) when it is the declared headline
with words left out, in order (a tightened headline, :mod:`~newscrawl.extraction.headline_compare`;
not a kicker or site name dropped, which the affix rules handle). Without structured data, the first meta title is used, or the h1 when the meta
title is the h1 plus a short segment set off by a separator (a kicker, or a site or section name
found by comparison). On the
dev set, when the structured headline and og:title disagree the gold sides with the structured
headline more often (about 3 to 2), and a visible h1 that merely contains the metadata title
usually carries a kicker glued to it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from lxml import etree

from newscrawl.extraction.heading import doc_headings, trail_texts
from newscrawl.extraction.headline_compare import condensed
from newscrawl.extraction.metadata import section
from newscrawl.extraction.sitenames import is_site, key, site_keys
from newscrawl.extraction.structured import text_value
from newscrawl.normalize.headline import strip_site_name
from newscrawl.normalize.text import clean_space

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

_SUFFIX_START = re.compile(r"^\s*(?:[|ㅣ｜:/·•»«›‹-]|–|—)")
# A hyphen ends a prefix only when spaced: "MSV-Coach" is one compound word.
_PREFIX_END = re.compile(r"(?:[|ㅣ｜:/·•»«›‹]|–|—|\s-|-\s)\s*$")
_ELLIPSIS = re.compile(r"\s*(?:\.{3}|…)$")
_H1 = etree.XPath("//h1")
_META_TITLES = (
    "headline",
    "og:title",
    "twitter:title",
    "title",
    "dc.title",
    "parsely-title",
    "sailthru.title",
)
MIN_HEADLINE_CHARS = 3
MAX_HEADLINE_CHARS = 400
MAX_AFFIX_WORDS = 6
MAX_KICKER_WORDS = 6
MAX_KICKER_CHARS = 60
MIN_KICKER_HEADLINE_WORDS = 3
MAX_SUFFIX_WORDS = 3
# Elements whose edges are word boundaries even when the markup puts no space there.
_SPACED_TAGS = frozenset(
    ("span", "div", "p", "br", "strong", "b", "small", "label", "time", "header", "mark")
)
_EDGE = "\x00"
_EDGE_BEFORE_PUNCTUATION = re.compile("\x00+(?=[\\s\x00]*[:;,.!?)\\]])|(?<=[(\\[])\x00+")
_KICKER_CLASS = re.compile(
    r"kicker|topline|overline|dachzeile|roofline|eyebrow|super-?title|pre-?title|subline|flag|rubric",
    re.IGNORECASE,
)
_KICKER_SEPARATORS = " :|-–—·/•»"
_SUFFIX_SEPARATOR = re.compile(r"^\s*(?:[|ㅣ｜]|\s[-–—]\s)")


def strip_section(title: str, section: str | None) -> str:
    """Remove a trailing "-Section" / " | Section" naming the article's section."""
    if not section or len(section) > 40:
        return title
    pattern = re.compile(rf"\s*[-–—|:/·ㅣ]\s*{re.escape(section.strip())}\s*$", re.IGNORECASE)
    stripped = pattern.sub("", title)
    return stripped if len(stripped) >= 10 else title


def agrees(a: str, b: str) -> bool:
    """Whether two headline candidates name the same headline (equal, or one contains the other)."""
    ka, kb = key(a), key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    return len(short) >= 0.6 * len(long_) and short in long_


def same(a: str, b: str) -> bool:
    """Whether two candidates read the same, punctuation and case aside."""
    ka = key(a)
    return bool(ka) and ka == key(b)


def has_affix(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` with a short segment before or after it, set off by a
    separator: a kicker ("Exclusive: ...") or a site or section name the site-name keys missed."""
    folded, part = longer.casefold(), shorter.casefold()
    if len(shorter) < 10:
        return False
    if folded.startswith(part):
        rest = longer[len(shorter) :]
        return bool(_SUFFIX_START.match(rest)) and 0 < len(rest.split()) <= MAX_AFFIX_WORDS
    if folded.endswith(part):
        rest = longer[: len(longer) - len(shorter)]
        return bool(_PREFIX_END.search(rest)) and 0 < len(rest.split()) <= MAX_AFFIX_WORDS
    return False


def visible_text(el: etree._Element) -> str:
    """An element's text with its inline parts joined as the reader sees them: a space where two
    spans (or a ``<br>``) meet without one, so "<span>Kicker</span><span>Title</span>" does not
    read "KickerTitle"."""
    parts: list[str] = []

    def add(text: str | None) -> None:
        if text:
            parts.append(text)

    def walk(node: etree._Element) -> None:
        add(node.text)
        for child in node:
            if not isinstance(child.tag, str) or _unread_ruby_text(child):
                add(child.tail)
                continue
            spaced = child.tag in _SPACED_TAGS
            if spaced:
                parts.append(_EDGE)
            walk(child)
            if spaced:
                parts.append(_EDGE)
            add(child.tail)

    walk(el)
    joined = _EDGE_BEFORE_PUNCTUATION.sub("", "".join(parts)).replace(_EDGE, " ")
    return repair_mojibake(clean_space(joined))


def _unread_ruby_text(el: etree._Element) -> bool:
    """A ruby reading set above its base text (no ``<rp>`` parentheses to read it inline)."""
    if el.tag not in ("rt", "rtc"):
        return False
    ruby = next(el.iterancestors("ruby"), None)
    return ruby is not None and ruby.find(".//rp") is None


def h1_kicker(h1: etree._Element) -> tuple[str, str] | None:
    """(kicker, headline) when the h1 opens with a kicker in an element of its own: a short
    first part named like a kicker (topline, Dachzeile, eyebrow…) or set off by a separator,
    followed by the headline."""
    if clean_space(h1.text) or not len(h1):
        return None
    first = next((c for c in h1 if isinstance(c.tag, str) and clean_space(c.text_content())), None)
    if first is None or (first is not h1[0] and clean_space("".join(_before(h1, first)))):
        return None
    own = visible_text(first)
    kicker = own.rstrip(_KICKER_SEPARATORS)
    full = visible_text(h1)
    if not full.startswith(own):
        return None
    rest = full[len(own) :].lstrip(_KICKER_SEPARATORS)
    if not kicker or not rest or rest == full:
        return None
    if len(kicker.split()) > MAX_KICKER_WORDS or len(kicker) > MAX_KICKER_CHARS:
        return None
    if len(rest.split()) < MIN_KICKER_HEADLINE_WORDS:
        return None
    marked = _KICKER_CLASS.search(first.get("class") or "") is not None
    separated = own != kicker or full[len(own) : len(own) + 2].strip()[:1] in tuple(
        _KICKER_SEPARATORS.strip()
    )
    return (kicker, rest) if marked or separated or _set_apart(h1, first) else None


def _set_apart(h1: etree._Element, first: etree._Element) -> bool:
    """Whether the h1's first element is styled apart from the headline after it: the next
    element has another class (not two lines of one headline), or the headline text is glued to
    it without a space (so the element must be a block of its own)."""
    tail = first.tail or ""
    if clean_space(tail):
        own = first.text_content()
        return not tail[:1].isspace() and not own[-1:].isspace() and tail.lstrip()[:1].isupper()
    second = next(
        (c for c in first.itersiblings() if isinstance(c.tag, str) and clean_space(c.text_content())), None
    )
    return second is not None and (second.get("class") or "") != (first.get("class") or "")


def _before(parent: etree._Element, child: etree._Element) -> list[str]:
    """The text of ``parent`` before ``child``."""
    out = [parent.text or ""]
    for el in parent:
        if el is child:
            break
        out.append(el.text_content() if isinstance(el.tag, str) else "")
        out.append(el.tail or "")
    return out


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text decoded with a legacy charset (GBK / GB18030 pages whose meta tags carry
    UTF-8, "Ã©" for "é"): the text is re-encoded with that charset and decoded as UTF-8 when that
    gives valid, shorter text."""
    if not text or text.isascii():
        return text
    for charset in ("gb18030", "cp1252", "latin-1"):
        try:
            fixed = text.encode(charset).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if fixed != text and len(fixed) < len(text):
            return fixed
    return text


def has_suffix(longer: str, shorter: str) -> bool:
    """Whether ``longer`` is ``shorter`` followed by a short " | Section" / " - Site" segment."""
    if len(shorter) < 10 or not longer.casefold().startswith(shorter.casefold()):
        return False
    rest = longer[len(shorter) :]
    return bool(_SUFFIX_SEPARATOR.match(rest)) and 0 < len(rest.split()) - 1 <= MAX_SUFFIX_WORDS


def kicker(doc: Document, chosen: str | None) -> tuple[str, str] | None:
    """The kicker (topline) shown with the headline: the first part of an h1 that holds kicker
    and headline, or the h1's text before the headline and a separator."""
    if not chosen:
        return None
    for h1 in doc_headings(doc)[:1]:
        split = h1_kicker(h1)
        if split is not None and same(split[1], chosen):
            return split[0], "dom"
        text = visible_text(h1)
        if not same(text, chosen) and text.casefold().endswith(chosen.casefold()) and len(chosen) >= 10:
            prefix = text[: len(text) - len(chosen)]
            words = prefix.rstrip(_KICKER_SEPARATORS).split()
            if _PREFIX_END.search(prefix) and 0 < len(words) <= MAX_KICKER_WORDS:
                return " ".join(words), "dom"
    return None


def headline_variants(doc: Document) -> list[str]:
    """Every headline-like text of the page (structured headline, og:title, visible h1s): a body
    paragraph repeating one of them near the top is not body text."""
    keys = site_keys(doc)
    out: list[str] = []
    found = doc.article_node
    if found is not None:
        out.append(text_value(found[0].get("headline")))
    out.extend(strip_site_name(v, keys) for v in doc.meta.get("og:title", [])[:1])
    out.extend(visible_text(h) for h in [*_H1(doc.tree)[:3], *doc_headings(doc)[:1]])
    return [v for v in dict.fromkeys(out) if v]


def _plausible(text: str, keys: set[str]) -> bool:
    """Long enough, not too long, not the site's name, and not undecodable text."""
    return (
        MIN_HEADLINE_CHARS <= len(text) <= MAX_HEADLINE_CHARS
        and "\ufffd" not in text
        and not is_site(text, keys)
    )


def headline(doc: Document) -> tuple[str, str] | None:
    """The article headline and its source (see the module docstring for the choice)."""
    keys = site_keys(doc)
    found_section = section(doc)
    section_name = found_section[0] if found_section else None

    def cleaned(value: str) -> str:
        return strip_section(strip_site_name(repair_mojibake(value), keys), section_name)

    metas: list[tuple[str, str]] = []
    for name in _META_TITLES:
        for value in doc.meta.get(name, [])[:1]:
            text = cleaned(value)
            if _plausible(text, keys):
                metas.append((text, "opengraph" if name.startswith("og:") else "meta"))
    h1_elements = doc_headings(doc)
    h1s = [cleaned(visible_text(h)) for h in h1_elements]
    h1s = [h for h in h1s if _plausible(h, keys)]
    # The h1 without its kicker: what a headline declared elsewhere may be, and the h1's
    # headline when nothing else is declared.
    bare = [split[1] for split in map(h1_kicker, h1_elements[:1]) if split is not None]
    others = [text for text, _ in metas] + h1s + bare
    found = doc.article_node
    if found is not None:
        node, source = found
        declared = cleaned(text_value(node.get("headline")))
        name = cleaned(text_value(node.get("name")))
        if not _plausible(declared, keys) and _plausible(name, keys) and any(agrees(name, o) for o in others):
            declared = name  # a node without headline: its name, when the page confirms it
        if _plausible(declared, keys):
            social = _social_title(doc, cleaned)
            if _tightened(social, declared):
                return social, "opengraph"
            for h1 in h1s + bare:
                if same(h1, declared) and (
                    len(declared) > len(h1) or (h1 != declared and _unspaced(h1) == _unspaced(declared))
                ):
                    return declared, source  # the same words, with separators the h1 lacks
                if same(h1, declared) or has_suffix(declared, h1):
                    return h1, "dom"
            trail = [cleaned(t) for t in trail_texts(doc.tree)]
            shown = shown_over_trail(declared, trail, bare + h1s[:1], metas)
            if shown:
                return shown, "dom"
            return _untruncated(declared, others), source
    if metas:
        text, source = metas[0]
        for h1 in h1s + bare:
            if same(h1, text) or has_affix(text, h1):
                return h1, "dom"
        return text, source
    if bare:
        return bare[0], "dom"
    if h1s:
        return h1s[0], "dom"
    if doc.title:
        return strip_site_name(doc.title, keys), "dom"
    return None


def _tightened(social: str, declared: str) -> bool:
    """Whether the social title is the declared headline tightened: one run of words left out,
    not a kicker or site name set off by a separator, and not cut short with an ellipsis."""
    return (
        bool(social)
        and not _ELLIPSIS.search(social)
        and condensed(social, declared)
        and not has_affix(declared, social)
    )


def _social_title(doc: Document, cleaned: Callable[[str], str]) -> str:
    """The first of og:title and twitter:title, cleaned of site and section names."""
    for name in ("og:title", "twitter:title"):
        for value in doc.meta.get(name, [])[:1]:
            return cleaned(value)
    return ""


def _unspaced(text: str) -> str:
    return "".join(text.split())


def shown_over_trail(
    declared: str, trail: list[str], headings: list[str], metas: list[tuple[str, str]]
) -> str | None:
    """The page heading instead of the declared headline, when that is only the text of a
    breadcrumb-trail h1 and the page's og:title confirms the heading (the same words, or with a
    kicker or site name added)."""
    if not any(same(t, declared) for t in trail):
        return None
    social = [text for text, source in metas if source == "opengraph"]
    for heading in headings:
        if any(same(heading, title) or has_affix(title, heading) for title in social):
            return heading
    return None


def _untruncated(text: str, others: list[str]) -> str:
    """A headline cut short with an ellipsis, completed from a longer candidate that starts with it."""
    stem = _ELLIPSIS.sub("", text)
    if stem == text or len(stem) < 10:
        return text
    for other in others:
        if len(other) > len(stem) + 3 and key(other).startswith(key(stem)):
            return other
    return text

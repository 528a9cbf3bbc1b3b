"""The article body: trafilatura on a pruned copy of the parsed tree (a second, precision-mode
pass when the first output looks noisy), arbitrated with a JSON-LD articleBody, with a body split
over several containers, and with article HTML found in hydration data; then cleaned paragraph by
paragraph."""

from __future__ import annotations

import html
import logging
import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from newscrawl.extraction.classify import MIN_BODY_CHARS, prose_chars, prose_run_texts
from newscrawl.extraction.cleanup import MAX_TEASER_CHARS, MIN_TEASER_KEY, Cleaned, clean_paragraphs
from newscrawl.extraction.extractor_options import declare_language, empty_head, extractor_options
from newscrawl.extraction.headline_lists import cut_headline_list
from newscrawl.extraction.hydration import embedded_article_html
from newscrawl.extraction.prune import has_source_line, prune_tree
from newscrawl.extraction.restore import restore_skipped_blocks
from newscrawl.extraction.sitenames import key
from newscrawl.extraction.structured import text_value
from newscrawl.extraction.teasers import without_tag_label
from newscrawl.extraction.text import host_of, links_to_site_page
from newscrawl.normalize.text import clean_space

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

_LIST_MARK = re.compile(r"^[-*•]\s+")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_LINE_BREAK = re.compile(r"\r?\n")
_HTML_TAG = re.compile(r"</?(?:p|br|div|h[1-6]|strong|em|a|span|li|ul|ol)\b[^>]*>", re.IGNORECASE)
_BLOCK_TAGS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "tr")
MIN_GENERIC_CHARS = 400
MIN_REFEREE_TOKENS = 50
PRECISION_KEEP_SHARE = 0.9
# A second pass in precision mode when the balanced output looks noisy (see _looks_noisy),
# arbitrated against it: +0.002 body F1 on the dev set. Fast first (no readability/justext
# comparison), in full when shorter than FAST_MIN_CHARS: same F1, 40% less time for that pass.
PRECISION_PASS = True
PRECISION_FAST = True
FAST_MIN_CHARS = 250
# The balanced pass is fast first too, kept when it holds these shares of the page's prose
# paragraph characters and of the pruned copy's text (an article in plain blocks has no prose
# paragraphs): trafilatura's comparison only changes the result where its own extractor
# under-read the page. About one page in eight goes on to the full pass; same body F1.
BALANCED_FAST = True
FAST_PROSE_SHARE = 0.5
FAST_TEXT_SHARE = 0.3
NOISY_LINE_CHARS = 100
NOISY_MIN_LINES = 4
NOISY_SHARE = 0.3
MIN_CONTAINER_CHARS = 200
_PLAIN_LIST_ITEMS = etree.XPath("//body//li[not(.//a)]")
_PAGE_TEXT_CHARS = etree.XPath("string-length(normalize-space(//body))")
FALLBACK_SOURCE = "fallback"
FALLBACK_SHARE_INVERSE = 2
FALLBACK_MARGIN_CHARS = 200
FALLBACK_CHECK_CHARS = 600
MIN_RUN_PARAGRAPHS = 2
_LINKS = etree.XPath("//body//a[@href][string-length(normalize-space()) >= 15][string-length(.) <= 400]")
_BODY_CONTAINERS = etree.XPath("//body//div[@class] | //body//section[@class] | //body//article[@class]")
# Their class values as plain strings: counted first, without building an object per element.
_BODY_CONTAINER_CLASSES = etree.XPath(
    "//body//div/@class | //body//section/@class | //body//article/@class", smart_strings=False
)
_BODY_CLASS = re.compile(
    r"(?:^|[\s_-])(?:article[-_]?body|articlebody|story[-_]?body|post[-_]?body|entry[-_]?content|"
    r"article[-_]?content|article__body|body[-_]?text|article[-_]?text|story[-_]?content)(?:$|[\s_-])",
    re.IGNORECASE,
)
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


MAX_DOM_ELEMENTS = 25_000
"""Pages with more elements are not extracted from the DOM (article pages have a few thousand)."""


@dataclass
class Body:
    """The cleaned body and where it came from."""

    paragraphs: list[str]
    source: str
    attribution: str | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def _trafilatura_paragraphs(
    doc: Document,
    description: str | None,
    root: lxml.html.HtmlElement | None = None,
    description_shown: bool = False,
) -> tuple[dict[str, list[str]], str | None]:
    """Paragraphs of the generic extractor's balanced mode (by mode name), run on a pruned copy of
    ``root`` (default: the page), fast first (see :func:`_run_trafilatura`); trafilatura copies
    the tree it is given, so the pruned copy can be shared with a precision-mode run.
    ``description_shown``: the description was read from the page."""
    work = deepcopy(doc.tree) if root is None else root
    attribution = prune_tree(work, description, has_source_line(doc.html), doc.url, description_shown)
    empty_head(work)
    needed = max(FAST_PROSE_SHARE * prose_chars(doc), FAST_TEXT_SHARE * _PAGE_TEXT_CHARS(work))
    return {"balanced": _run_trafilatura(work, doc.url, "balanced", needed)}, attribution


def _run_trafilatura(
    work: lxml.html.HtmlElement, url: str, mode: str, needed: float | None = None
) -> list[str]:
    """trafilatura's paragraphs of ``work`` (left as it is: trafilatura copies its input). Fast
    first (no comparison with readability and jusText): the precision pass when that gives
    ``FAST_MIN_CHARS`` (see ``PRECISION_FAST``), the balanced pass when it also gives the
    ``needed`` characters (see ``BALANCED_FAST``). Without ``needed`` the balanced pass is
    trafilatura's full one, as trafilatura alone would run it."""
    fast_first = PRECISION_FAST if mode == "precision" else (BALANCED_FAST and needed is not None)
    if fast_first:
        fast = _trafilatura_lines(work, url, mode, fast=True)
        found = _chars(fast)
        if found >= FAST_MIN_CHARS and (mode == "precision" or found >= (needed or 0)):
            return fast
    return _trafilatura_lines(work, url, mode, fast=False)


def _trafilatura_lines(work: lxml.html.HtmlElement, url: str, mode: str, *, fast: bool) -> list[str]:
    import trafilatura

    try:
        options = extractor_options(work, url or None, mode == "precision", fast)
        result = trafilatura.bare_extraction(work, options=options)
    except Exception:
        return []
    text = getattr(result, "text", None) if result is not None else None
    if not text:
        return []
    return [_LIST_MARK.sub("", line.strip()) for line in text.split("\n") if line.strip()]


def _looks_noisy(paragraphs: list[str]) -> bool:
    """Several short lines without sentence punctuation (teasers, labels, link lists): worth a
    second, precision-mode pass."""
    loose = sum(1 for p in paragraphs if len(p) < NOISY_LINE_CHARS and p[-1:] not in '.!?:;"”’»)')
    return loose >= NOISY_MIN_LINES and loose >= NOISY_SHARE * len(paragraphs)


def _arbitrate(runs: dict[str, list[str]], structured: list[str]) -> list[str]:
    """Precision mode drops more boilerplate but sometimes real paragraphs too: a complete JSON-LD
    articleBody referees when there is one, else precision wins unless it lost much of the text."""
    balanced, precise = runs.get("balanced", []), runs.get("precision", [])
    p_tokens = _tokens(precise)
    if not p_tokens:
        return balanced  # most pages: no precision pass
    b_tokens = _tokens(balanced)
    s_tokens = _tokens(structured)
    if len(s_tokens) >= MIN_REFEREE_TOKENS:
        return precise if _overlap_f1(p_tokens, s_tokens) >= _overlap_f1(b_tokens, s_tokens) else balanced
    return precise if len(p_tokens) >= PRECISION_KEEP_SHARE * len(b_tokens) else balanced


def _overlap_f1(found: list[str], reference: list[str]) -> float:
    """Bag-of-words F1 of ``found`` against ``reference``."""
    if not found or not reference:
        return 0.0
    common = sum((Counter(found) & Counter(reference)).values())
    if not common:
        return 0.0
    precision, recall = common / len(found), common / len(reference)
    return 2 * precision * recall / (precision + recall)


def _split_body_paragraphs(doc: Document, description: str | None, found_chars: int) -> list[str]:
    """The article body when the page splits it over several body containers (ads or a sidebar
    between them): the containers are joined in page order and extracted together. Only tried
    when the containers hold clearly more text than was found."""
    if sum(1 for value in _BODY_CONTAINER_CLASSES(doc.tree) if _is_body_class(value)) < 2:
        return []  # most pages: fewer than two body containers
    containers = [el for el in _BODY_CONTAINERS(doc.tree) if _is_body_class(el.get("class") or "")]
    if len(containers) < 2:
        return []
    inside = set(containers)
    outermost = [el for el in containers if not any(a in inside for a in el.iterancestors())]
    if len(outermost) < 2:
        return []
    sizes = [len(" ".join(" ".join(el.itertext()).split())) for el in outermost]
    outermost = [el for el, size in zip(outermost, sizes, strict=True) if size >= MIN_CONTAINER_CHARS]
    if len(outermost) < 2 or sum(sizes) < 1.3 * found_chars + 200:
        return []
    root = lxml.html.Element("html")
    article = etree.SubElement(etree.SubElement(root, "body"), "article")
    for el in outermost:
        for child in deepcopy(el):
            article.append(child)  # unwrapped: the extractor must see one container, not the first
    return _trafilatura_paragraphs(doc, description, root)[0]["balanced"]


@lru_cache(maxsize=4096)
def _is_body_class(classes: str) -> bool:
    return _BODY_CLASS.search(classes) is not None


def _jsonld_paragraphs(doc: Document) -> list[str]:
    found = doc.article_node
    if found is None:
        return []
    raw = found[0].get("articleBody")
    text = raw if isinstance(raw, str) else text_value(raw)
    if not text:
        return []
    if _HTML_TAG.search(text):
        return _fragment_paragraphs(text)
    return [clean_space(html.unescape(p)) for p in _LINE_BREAK.split(text) if clean_space(p)]


def _fragment_paragraphs(markup: str | lxml.html.HtmlElement) -> list[str]:
    """Paragraphs of an HTML fragment (an articleBody that carries markup)."""
    if isinstance(markup, str):
        try:
            root = lxml.html.fragment_fromstring(markup, create_parent="div")
        except (etree.ParserError, ValueError, TypeError):
            return []
    else:
        root = markup
    for el in root.iter("br"):
        el.tail = "\n" + (el.tail or "")
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
        el.text = "\n" + (el.text or "")
    return [clean_space(p) for p in root.text_content().split("\n") if clean_space(p)]


def _embedded_paragraphs(doc: Document, description: str | None) -> list[str]:
    """Paragraphs of article HTML found in hydration data, pruned like the page itself."""
    markup = embedded_article_html(doc)
    if not markup:
        return []
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError, TypeError):
        return []
    prune_tree(root, description, regions=False)  # no extractor reads it after: its boxes are content
    return _fragment_paragraphs(root)


def _site_link_texts(doc: Document, paragraphs: list[str]) -> set[str]:
    """Comparison keys of those ``paragraphs`` that are the whole text of a link to another page
    of the same site (teasers). Hrefs are only resolved for link texts that match a paragraph."""
    host = host_of(doc.url)
    short = [len(p) <= MAX_TEASER_CHARS for p in paragraphs]
    candidates = [
        text
        for i, text in enumerate(paragraphs)
        if short[i] and ((i > 0 and short[i - 1]) or (i + 1 < len(short) and short[i + 1]) or text.isupper())
    ]
    wanted = {k for k in map(key, map(without_tag_label, candidates)) if len(k) >= MIN_TEASER_KEY}
    if not host or not wanted:
        return set()
    page = urlsplit(doc.url).path
    found: set[str] = set()
    keys: dict[str, str] = {}  # a page links a story from its picture and its title: keyed once
    for a in _LINKS(doc.tree):
        text = a.text_content()
        if len(text) < MIN_TEASER_KEY:
            continue
        text_key = keys.get(text)
        if text_key is None:
            text_key = keys[text] = key(text)
        if text_key not in wanted or text_key in found:
            continue
        if links_to_site_page(a.get("href"), doc.url, host, page):
            found.add(text_key)
    return found


def _tokens(paragraphs: list[str]) -> list[str]:
    return _TOKEN.findall(" ".join(paragraphs).casefold())


def _coverage(part: list[str], whole: list[str]) -> float:
    """Share of ``part``'s tokens that also occur in ``whole``."""
    if not part:
        return 0.0
    pool = set(whole)
    return sum(1 for t in part if t in pool) / len(part)


def extract_body(
    doc: Document,
    headline: str | None = None,
    authors: list[str] | None = None,
    captions: set[str] | None = None,
    description: str | None = None,
    variants: list[str] | None = None,
    description_shown: bool = False,
) -> Body:
    """The article body. Candidates, in order: the generic extraction (balanced, or precision when
    it keeps nearly all the text), a longer JSON-LD articleBody covering it, the joined body
    containers of a split body, and article HTML from hydration data when the page has no body.

    A page of more than ``MAX_DOM_ELEMENTS`` elements gets its body from structured data only:
    the cost of DOM extraction grows faster than the page, and no article page is that large."""
    if doc.element_count > MAX_DOM_ELEMENTS:
        structured = _jsonld_paragraphs(doc)
        kept = clean_paragraphs(structured, headline=headline, authors=authors, captions=captions)
        return Body(kept.paragraphs, doc.article_node[1] if doc.article_node else "json-ld", None)
    work = deepcopy(doc.tree)
    declare_language(work, doc)
    runs, attribution = _trafilatura_paragraphs(doc, description, work, description_shown=description_shown)
    if PRECISION_PASS and _looks_noisy(runs["balanced"]):
        runs["precision"] = _run_trafilatura(work, doc.url, "precision")  # the pruned copy, reused
    structured = _jsonld_paragraphs(doc)
    generic = restore_skipped_blocks(work, _arbitrate(runs, structured))
    source = "dom"
    chosen = generic
    if structured:
        g_tokens, s_tokens = _tokens(generic), _tokens(structured)
        same_text = (
            0.9 * len(g_tokens) <= len(s_tokens) <= 1.1 * len(g_tokens)
            and _coverage(g_tokens, s_tokens) > 0.95
            and _coverage(s_tokens, g_tokens) > 0.95
        )
        longer = len(s_tokens) > 1.3 * len(g_tokens) + 20 and _coverage(g_tokens, s_tokens) > 0.8
        if longer or (same_text and len(generic) == 1 and len(structured) > 1):
            chosen, source = structured, doc.article_node[1] if doc.article_node else "json-ld"
    split = _split_body_paragraphs(doc, description, len(" ".join(chosen)))
    if split:
        c_tokens, p_tokens = _tokens(chosen), _tokens(split)
        if len(p_tokens) > 1.2 * len(c_tokens) + 20 and _coverage(c_tokens, p_tokens) > 0.9:
            chosen, source = split, "dom"
    if len(" ".join(chosen)) < MIN_GENERIC_CHARS:
        embedded = _embedded_paragraphs(doc, description)
        if len(" ".join(embedded)) > 2 * len(" ".join(chosen)) + 200:
            chosen, source = embedded, "dom"
    cleaned: Cleaned = clean_paragraphs(
        chosen,
        headline=headline,
        authors=authors,
        captions=captions,
        variants=variants,
        link_texts=_site_link_texts(doc, chosen),
    )
    cleaned.paragraphs, listed = cut_headline_list(cleaned.paragraphs, lambda: _plain_list_items(doc))
    cleaned.removed.extend(listed)
    fallback = _fallback_paragraphs(doc, cleaned.paragraphs, structured)
    if fallback:
        rescued = clean_paragraphs(
            fallback, headline=headline, authors=authors, captions=captions, variants=variants
        )
        if _much_longer(rescued.paragraphs, cleaned.paragraphs):
            return Body(rescued.paragraphs, FALLBACK_SOURCE, attribution or rescued.attribution)
    return Body(cleaned.paragraphs, source, attribution or cleaned.attribution)


def _plain_list_items(doc: Document) -> set[str]:
    """Texts of the page's list items that hold no link (features, steps, key points)."""
    return {" ".join(li.text_content().split()) for li in _PLAIN_LIST_ITEMS(doc.tree)}


def _chars(paragraphs: list[str]) -> int:
    return len(" ".join(paragraphs))


def _much_longer(candidate: list[str], body: list[str]) -> bool:
    """Whether the body is empty or less than half as long as ``candidate``."""
    return _chars(candidate) > FALLBACK_SHARE_INVERSE * _chars(body) + FALLBACK_MARGIN_CHARS


def _fallback_paragraphs(doc: Document, body: list[str], structured: list[str]) -> list[str]:
    """A safety net when pruning and cleanup lost the article: a JSON-LD articleBody, plain
    trafilatura on the unpruned page, or the page's longest run of prose paragraphs (two or
    more), when the body is empty or much shorter than it. Plain trafilatura only runs when the
    body is short (then in full: its article may not be in paragraphs) or much shorter than the
    page's prose paragraphs (all of them: a body in many sections has only short runs)."""
    if structured and _much_longer(structured, body):
        return structured
    chars = _chars(body)
    if _PAGE_TEXT_CHARS(doc.tree) <= FALLBACK_SHARE_INVERSE * chars + FALLBACK_MARGIN_CHARS:
        return []  # the page holds no more text than the body: nothing to rescue
    needed = None  # a short body: trafilatura's full pass (its article may be in no paragraph)
    if chars >= FALLBACK_CHECK_CHARS:
        prose = prose_chars(doc)
        if prose <= FALLBACK_SHARE_INVERSE * chars + FALLBACK_MARGIN_CHARS:
            return []  # the page's prose paragraphs, all of them, are not much more than the body
        needed = FAST_PROSE_SHARE * prose
    plain = _run_trafilatura(doc.tree, doc.url, "balanced", needed)  # on its own copy
    if _much_longer(plain, body):
        return plain
    if _chars(body) >= MIN_BODY_CHARS:
        return []  # a short article is not replaced by other prose of the page
    run = prose_run_texts(doc)  # every extractor missed the page's own run of prose
    return run if len(run) >= MIN_RUN_PARAGRAPHS and _much_longer(run, body) else []

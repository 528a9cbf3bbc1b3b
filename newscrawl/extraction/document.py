"""The parsed page, computed once and read by every field extractor ("parse once, read many")."""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from functools import cached_property
from typing import Any, TypeVar, cast

import lxml.html
from lxml import etree

from newscrawl.extraction import structured
from newscrawl.extraction.flatten import flatten_deep_html
from newscrawl.normalize.text import clean_space

MAX_HTML_CHARS = 8_000_000
T = TypeVar("T")

_PARSER = lxml.html.HTMLParser(
    remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
)


def _html_class_lookup() -> etree.ElementNamespaceClassLookup:
    """The element classes of ``lxml.html`` (HtmlElement, FormElement for <form>…), chosen in C.

    lxml.html's own lookup is a Python method called for every element object built from the
    tree, by us and by the generic extractor on its copies (thousands per page). The HTML parser
    gives lowercase tag names without namespace, which this lookup matches by name."""
    lookup = etree.ElementNamespaceClassLookup(
        etree.ElementDefaultClassLookup(
            element=lxml.html.HtmlElement,
            comment=lxml.html.HtmlComment,
            pi=lxml.html.HtmlProcessingInstruction,
            entity=lxml.html.HtmlEntity,
        )
    )
    lookup.get_namespace(None).update(lxml.html.HtmlElementClassLookup._default_element_classes)
    return lookup


_PARSER.set_element_class_lookup(_html_class_lookup())
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The same characters, each looked for with ``in`` (a fast scan in C): most pages have none, and
# a regex pass over the whole page costs about a millisecond.
_BAD_CHAR_LIST = [*map(chr, [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]), "\ufffe", "\uffff"]
_META = etree.XPath("//meta[@content]")
_JSONLD = etree.XPath(
    "//script[translate(normalize-space(@type),'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"
    "='application/ld+json']"
)
_LINK_CANONICAL = etree.XPath("//link[@href][contains(translate(@rel,'CANONIL','canonil'),'canonical')]")
_TITLE = etree.XPath("//title")
_ITEMTYPES = etree.XPath("//@itemscope/../@itemtype")
# The elements of a tree (comments, processing instructions and inline SVG drawings aside,
# which can hold thousands of shapes), counted in C.
_COUNT_ELEMENTS = etree.XPath(
    "count(descendant-or-self::*) - count(descendant-or-self::svg/descendant-or-self::*)"
)


def parse_html(html: str) -> lxml.html.HtmlElement:
    """Parse ``html`` into an lxml tree; an empty document when it cannot be parsed."""
    text = _XML_DECL.sub("", html[:MAX_HTML_CHARS])
    if any(char in text for char in _BAD_CHAR_LIST):
        text = _BAD_CHARS.sub("", text)
    if text.strip():
        root = _parse(text)
        if root is not None and _too_deep():
            flat, removed = flatten_deep_html(text)
            if removed:
                root = _parse(flat)
        if root is not None:
            return root
    return lxml.html.document_fromstring("<html><head></head><body></body></html>", parser=_PARSER)


def _parse(text: str) -> lxml.html.HtmlElement | None:
    try:
        root = lxml.html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError, TypeError):
        return None
    return root if isinstance(root, lxml.html.HtmlElement) else None


def _too_deep() -> bool:
    """Whether the last parse stopped at libxml2's nesting limit (the rest of the page lost)."""
    return any("Excessive depth" in entry.message for entry in _PARSER.error_log)


class Document:
    """One page: the lxml tree plus its meta tags, JSON-LD and microdata, each computed once."""

    def __init__(self, html: str, url: str) -> None:
        self.html = html if isinstance(html, str) else ""
        self.url = url or ""
        self.tree = parse_html(self.html)
        self._memo: dict[Hashable, Any] = {}

    def memo(self, name: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, run once per page for ``name``: what several field extractors read from
        the tree (its time elements, its bylines...). Forgotten when the tree changes."""
        if name not in self._memo:
            self._memo[name] = compute()
        return cast(T, self._memo[name])

    def tree_changed(self) -> None:
        """Forget the :meth:`memo` results (elements were removed from the tree)."""
        self._memo.clear()

    @cached_property
    def element_count(self) -> int:
        """Elements in the parsed page (what the cost of DOM extraction grows with)."""
        return int(_COUNT_ELEMENTS(self.tree))

    @cached_property
    def meta(self) -> dict[str, list[str]]:
        """Meta tag contents keyed by lowercased name, property or itemprop, in page order."""
        found: dict[str, list[str]] = {}
        for el in _META(self.tree):
            content = clean_space(el.get("content") or "")
            if not content:
                continue
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = (el.get(attr) or "").strip().lower()
                if key:
                    found.setdefault(key, []).append(content)
        return found

    def meta_first(self, *names: str) -> tuple[str, str] | None:
        """The first non-empty meta value among ``names`` with its name."""
        for name in names:
            values = self.meta.get(name)
            if values:
                return values[0], name
        return None

    @cached_property
    def jsonld_nodes(self) -> list[dict[str, Any]]:
        """Every typed JSON-LD node of the page, flattened (@graph, arrays, nested entities)."""
        blocks = [el.text or "" for el in _JSONLD(self.tree)]
        return structured.flatten(structured.load_jsonld_blocks(blocks))

    @cached_property
    def microdata_nodes(self) -> list[dict[str, Any]]:
        """Microdata items as JSON-LD-like dicts (only parsed when the page has itemscope)."""
        if not self.tree.xpath("//*[@itemscope][@itemtype]"):
            return []
        return structured.flatten(structured.load_microdata(self.tree, self.url))

    @cached_property
    def microdata_types(self) -> set[str]:
        """The short schema.org types of the page's microdata items (their ``itemtype``s), read
        without parsing the items."""
        return structured.types_of({"@type": " ".join(map(str, _ITEMTYPES(self.tree))).split()})

    @cached_property
    def article_node(self) -> tuple[dict[str, Any], str] | None:
        """The page's main article node and its source ("json-ld" or "microdata")."""
        return self._pick(structured.pick_article, structured.ARTICLE_TYPES)

    @cached_property
    def media_node(self) -> tuple[dict[str, Any], str] | None:
        """The page's main media node (a VideoObject of a video page) and its source, read only
        when the page has no article node and its og:type does not call it an article: a video
        embedded in an article never stands in for the article."""
        og_type = (self.meta.get("og:type") or [""])[0].strip().lower()
        if self.article_node is not None or og_type.startswith("article"):
            return None
        return self._pick(structured.pick_media, structured.MEDIA_TYPES)

    def _pick(
        self, pick: Callable[[list[dict[str, Any]], set[str]], dict[str, Any] | None], kinds: frozenset[str]
    ) -> tuple[dict[str, Any], str] | None:
        """The node ``pick`` chooses from the JSON-LD, else from the microdata, with its source;
        ``pick`` takes nodes of ``kinds`` only, so microdata without such an item is not parsed."""
        urls = {self.url, self.canonical or ""} - {""}
        node = pick(self.jsonld_nodes, urls)
        if node is not None:
            return node, "json-ld"
        if self.microdata_types & kinds:
            node = pick(self.microdata_nodes, urls)
            if node is not None:
                return node, "microdata"
        return None

    @cached_property
    def main_node(self) -> tuple[dict[str, Any], str] | None:
        """The article node, else the main media node (for the fields both kinds have: dates)."""
        return self.article_node or self.media_node

    @cached_property
    def jsonld_types(self) -> set[str]:
        """The short schema.org types present in JSON-LD."""
        types: set[str] = set()
        for node in self.jsonld_nodes:
            types.update(structured.types_of(node))
        return types

    @cached_property
    def canonical(self) -> str | None:
        """The rel=canonical href, raw."""
        for el in _LINK_CANONICAL(self.tree):
            rels = (el.get("rel") or "").lower().split()
            href = (el.get("href") or "").strip()
            if "canonical" in rels and href:
                return href
        return None

    @cached_property
    def title(self) -> str:
        """The <title> text."""
        for el in _TITLE(self.tree):
            text = clean_space(el.text_content())
            if text:
                return text
        return ""

    @cached_property
    def site_names(self) -> list[str]:
        """Names the site goes by (og:site_name, publisher, application-name), for suffix stripping."""
        names: list[str] = []
        for key in ("og:site_name", "application-name", "twitter:site", "apple-mobile-web-app-title"):
            names.extend(self.meta.get(key, []))
        for node in self.jsonld_nodes:
            types = structured.types_of(node)
            if types & {"Organization", "NewsMediaOrganization", "WebSite"}:
                name = structured.text_value(node.get("name"))
                if name:
                    names.append(name)
            pub = node.get("publisher")
            name = structured.name_of(pub)
            if name:
                names.append(name)
        return [n.lstrip("@") for n in dict.fromkeys(names) if n]

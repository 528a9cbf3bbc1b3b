"""Author names from structured data, meta tags and bylines in the DOM.

Extraction only: this module finds the bylines of a page and chooses its authors, with their
provenance. The byline rules themselves (credit prefixes, e-mail addresses, name separators,
"Surname, Given", roles, datelines) are :mod:`newscrawl.normalize.authors`'s: candidates are
read with :func:`~newscrawl.normalize.authors.clean_names`, and the loader gives the final
names with :func:`~newscrawl.normalize.authors.clean_authors`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from lxml import etree

from newscrawl.extraction.restore import main_container
from newscrawl.extraction.sitenames import is_site, site_keys
from newscrawl.extraction.structured import name_of, resolve
from newscrawl.normalize.authors import BYLINE_PREFIX, NAME_SEPARATOR, URL_LIKE, clean_names
from newscrawl.normalize.text import clean_space, fold

if TYPE_CHECKING:
    from newscrawl.extraction.document import Document

AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
    "citation_author",
    "article.author",
    "cxenseparse:author",
)
# Found from the attributes (only elements that have one are looked at); each group of
# contains() tests first tests a part the group's words share ("uthor", "yline", "/aut").
_DOM_BYLINE = etree.XPath(
    "(//@rel[.='author'] | //@itemprop[.='author']"
    " | //@class[(contains(.,'uthor') and (contains(.,'author') or contains(.,'Author')))"
    " or (contains(.,'yline') and (contains(.,'byline') or contains(.,'Byline')))])/parent::*"
    "[not(ancestor::*[@itemprop='image' or self::figure or self::figcaption or self::form])]"
    "[not(ancestor-or-self::*[contains(@id,'comment') or contains(@class,'comment')])]"
    " | //a[(contains(@href,'/aut') and (contains(@href,'/author/') or contains(@href,'/authors/')"
    " or contains(@href,'/autor/') or contains(@href,'/autoren/') or contains(@href,'/auteur/')))"
    " or contains(@href,'/journalist/')]"
)
_ITEMPROP_NAME = etree.XPath(".//*[@itemprop='name']")
# A paragraph holding nothing but one bold or italic element: a byline printed above the text.
_EMPHASIZED_PARAGRAPH = etree.XPath("self::p[count(*)=1][strong or b or em or i]")
_LEAD_CANDIDATE = etree.XPath(
    "boolean(//p[count(*)=1][strong or b or em or i]/following-sibling::*[1][self::p])"
)
_OFF_ARTICLE = etree.XPath("ancestor::*[self::aside or self::nav or self::header or self::footer]")
_LEAD_PREFIX = re.compile(BYLINE_PREFIX.pattern + r"|^(?:di|da)\s+(?=\S)", re.IGNORECASE)
_LEAD_SEPARATOR = re.compile(NAME_SEPARATOR.pattern + r"|,|\s(?:y|e|en|i)\s", re.IGNORECASE)
# Words of kickers, labels and datelines printed bold above an article, never of a byline.
_LABEL_WORDS = frozenset(
    {
        "it", "why", "what", "how", "who", "when", "where", "news", "note", "breaking", "live", "update",
        "updated", "updates", "our", "your", "city", "contact", "editor", "editors", "exclusive",
        "analysis", "opinion", "watch", "video", "photos", "read", "more", "the", "a", "an", "this",
        "matters", "key", "points", "takeaways", "summary", "correction", "advertisement", "sponsored",
        "newsroom", "team", "staff", "agencies", "desk", "latest", "top", "story", "stories", "report",
        "nachrichten", "eilmeldung", "aktuell", "mehr", "lesen", "direct", "actualité", "último",
        "última", "hora", "notizie", "ultim'ora", "son", "dakika", "county", "state", "street", "new",
    }
)  # fmt: skip
MAX_LEAD_BYLINE = 80
MIN_BODY_PARAGRAPH = 80
MIN_PERSON_WORDS = 2
MAX_PERSON_WORDS = 4
_ORGANIZATION_TYPES = frozenset({"Organization", "NewsMediaOrganization", "Corporation", "NGO"})
MAX_DOM_NAME_WORDS = 5
MAX_DOM_BYLINES = 30
_NOT_NAME_CHARS = re.compile(r"[\d*@#:=<>{}\[\]]")
_NOT_NAME_WORDS = frozenset(
    {"twitter", "facebook", "instagram", "linkedin", "whatsapp", "telegram", "email", "e-mail", "share"}
    | {"follow", "more", "name", "comment", "comments", "author", "authors", "profile", "uhr", "am", "pm"}
)


def authors(doc: Document) -> tuple[list[str], str] | None:
    """Author names and their source. Names that only repeat the site's own name give way to a
    byline naming people when the page has one."""
    keys = site_keys(doc)
    found = _first_source(doc, keys)
    if found is None:
        lead = _lead_byline(doc, keys)
        return (lead, "dom") if lead else None
    names, source = found
    people = [n for n in names if not is_site(n, keys) or n in _credited_organizations(doc, source)]
    if people and len(people) < len(names):
        return people, source
    if not people and source != "dom":
        dom = [n for n in _dom_names(doc, keys) if not is_site(n, keys) and len(n.split()) >= 2]
        if dom:
            return dom, "dom"
    if not people:
        lead = _lead_byline(doc, keys, site_only=_shows_site_byline(doc, keys))
        if lead:
            return lead, "dom"
    return names, source


def _first_source(doc: Document, keys: set[str]) -> tuple[list[str], str] | None:
    found = doc.article_node
    if found is not None:
        node, source = found
        names = _structured_names(node, node.get("author") or node.get("creator"), keys)
        if names:
            return names, source
    for name in AUTHOR_META:
        values = [v for v in doc.meta.get(name, []) if not URL_LIKE.search(v)]
        names = clean_names(values, site=keys)
        if names:
            return names, "opengraph" if name.startswith("article:") else "meta"
    names = _dom_names(doc, keys)
    if names:
        return names, "dom"
    return None


def _credited_organizations(doc: Document, source: str) -> set[str]:
    """Names of typed ``Organization`` nodes that the article node lists among several authors:
    a newsroom credited beside its reporters ("Jane Doe, The Gazette"), kept even when it is the
    site itself."""
    found = doc.article_node
    if found is None or found[1] != source:
        return set()
    node = found[0]
    value = node.get("author") or node.get("creator")
    if not isinstance(value, list) or len(value) < 2:
        return set()
    items = [resolve(node, item) for item in value]
    orgs = [i for i in items if isinstance(i, dict) and _is_organization(i.get("@type"))]
    return {name for org in orgs for name in clean_names([name_of(org, node)], split=False)}


def _is_organization(kind: Any) -> bool:
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] in _ORGANIZATION_TYPES for k in kinds)


def _structured_names(node: dict[str, Any], value: Any, keys: set[str]) -> list[str]:
    items = value if isinstance(value, list) else [value]
    raw: list[str] = []
    for item in items:
        item = resolve(node, item)
        if isinstance(item, str):
            raw.append(item)
        else:
            name = name_of(item, node)
            if name:
                raw.append(name)
    return clean_names(raw, split=len(raw) == 1, site=keys)


def _dom_bylines(doc: Document) -> list[Any]:
    """The page's first byline-like elements (read once per page)."""
    return doc.memo("dom_bylines", lambda: list(_DOM_BYLINE(doc.tree)[:MAX_DOM_BYLINES]))


def _dom_names(doc: Document, keys: set[str]) -> list[str]:
    """Names from the first byline in the page, plus bylines next to it (same container)."""
    return list(doc.memo(("dom_names", frozenset(keys)), lambda: _read_dom_names(doc, keys)))


def _read_dom_names(doc: Document, keys: set[str]) -> list[str]:
    names: list[str] = []
    anchor: set[Any] = set()
    for el in _dom_bylines(doc):
        if anchor and not anchor & {el.getparent(), *list(el.iterancestors())[:2]}:
            continue
        found = [n for n in clean_names(_byline_texts(el), site=keys) if _looks_like_name(n)]
        if not found:
            continue
        if not anchor:
            parent = el.getparent()
            anchor = {parent, parent.getparent()} - {None} if parent is not None else {el}
        names.extend(n for n in found if n not in names)
    return names[:6]


def _lead_byline(doc: Document, keys: set[str], site_only: bool = False) -> list[str]:
    """People named by a bold or italic paragraph of its own just before the article text
    ("<p><strong>Jane Doe/John Roe</strong></p>"), as printed papers put bylines on the web.

    Only the paragraph right before the first body paragraph of the article container counts,
    after the ``h1`` and outside asides, navigation, headers and footers. Its text must read as a
    byline: a "By"-like prefix, two names joined by a separator, names another source also
    gives, or one name when the page's other sources credit only the site and its visible byline
    names the site (``site_only``: the CMS account that posted the reporter's story); label words ("Why It Matters", "Editor's
    Note", "New York City") never do.
    """
    if not _LEAD_CANDIDATE(doc.tree):
        return []  # no such paragraph before another one anywhere: no container to look for
    container = doc.memo("main_container", lambda: main_container(doc.tree))
    if container is None:
        return []
    first = next(
        (p for p in container.iter("p") if len(clean_space(p.text_content())) >= MIN_BODY_PARAGRAPH), None
    )
    para = first.getprevious() if first is not None else None
    if para is None or para.tag != "p" or not _EMPHASIZED_PARAGRAPH(para) or _OFF_ARTICLE(para):
        return []
    text = clean_space(para.text_content())
    if not text or len(text) > MAX_LEAD_BYLINE or clean_space(para[0].text_content()) != text:
        return []
    heading = next(iter(doc.tree.iter("h1")), None)
    if heading is not None and not _precedes(heading, para):
        return []
    if any(len(p.text_content()) >= MIN_BODY_PARAGRAPH for p in para.itersiblings("p", preceding=True)):
        return []
    prefixed = bool(_LEAD_PREFIX.match(text))
    names = clean_names([_LEAD_PREFIX.sub("", text)], site=keys)
    if not names or not all(_looks_like_person(n, keys) and not _has_label_word(n) for n in names):
        return []
    if prefixed or (len(names) >= 2 and _LEAD_SEPARATOR.search(text)) or _named_elsewhere(doc, names, keys):
        return names
    if site_only and len(names) == 1:
        return names
    return []


def _shows_site_byline(doc: Document, keys: set[str]) -> bool:
    """Whether the page's visible bylines name the site and nobody else (the CMS account that
    posted a reporter's story)."""
    texts = [t for el in _dom_bylines(doc) for t in _byline_texts(el)]
    return any(is_site(t, keys) for t in texts) and all(is_site(n, keys) for n in _dom_names(doc, keys))


def _precedes(a: Any, b: Any) -> bool:
    """Whether element ``a`` comes before element ``b`` in the page."""
    for el in a.getroottree().iter():
        if el is a:
            return True
        if el is b:
            return False
    return False


def _has_label_word(name: str) -> bool:
    return any(w.casefold().removesuffix("'s").removesuffix("’s") in _LABEL_WORDS for w in name.split())


def _named_elsewhere(doc: Document, names: list[str], keys: set[str]) -> bool:
    """Whether every name also appears among the page's other bylines (meta tags, DOM bylines)."""
    others = {fold(n) for name in AUTHOR_META for n in clean_names(doc.meta.get(name, []), site=keys)}
    others |= {fold(n) for n in _dom_names(doc, keys)}
    return all(fold(n) in others for n in names)


def _looks_like_person(name: str, keys: set[str]) -> bool:
    """A name of two to four capitalized words that is not the site's name."""
    words = name.split()
    return (
        MIN_PERSON_WORDS <= len(words) <= MAX_PERSON_WORDS
        and all(w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words)
        and _looks_like_name(name)
        and not is_site(name, keys)
    )


def _byline_texts(el: Any) -> list[str]:
    names = _ITEMPROP_NAME(el)
    texts = [n.text_content() for n in names] if names else [el.text_content()]
    return [t for t in (clean_space(t) for t in texts) if t and len(t) < 120]


def _looks_like_name(name: str) -> bool:
    """A DOM byline candidate that reads like a name, not a date, a form label or share links."""
    if _NOT_NAME_CHARS.search(name) or len(name.split()) > MAX_DOM_NAME_WORDS:
        return False
    words = {w.casefold() for w in name.split()}
    if words & _NOT_NAME_WORDS:
        return False
    cased = [w for w in name.split() if w[:1].isalpha() and w[:1].lower() != w[:1].upper()]
    return not cased or any(w[:1].isupper() for w in cased)

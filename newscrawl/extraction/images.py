"""Article images with captions and credits: structured data, OpenGraph and <figure> elements."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.extraction.structured import resolve, text_value
from newscrawl.extraction.text import absolute
from newscrawl.normalize.text import clean_space

if TYPE_CHECKING:
    from lxml.html import HtmlElement

    from newscrawl.extraction.document import Document

MAX_IMAGES = 20
# Image descriptions (alt) long enough to be a caption: a body paragraph that repeats one is the
# caption printed under the image, or the title of a teaser card with its picture.
_ALT_TEXTS = etree.XPath("//body//img/@alt[string-length(normalize-space()) >= 15]", smart_strings=False)
# Caption containers are found from their figcaptions upwards: testing every element's class
# and subtree costs ten times more on a long page.
_FIGURES = etree.XPath(
    "//figure[.//img]"
    " | //figcaption/ancestor::*[@class][contains(@class,'image-caption') or contains(@class,'media')][.//img]"
)
_IMG = etree.XPath(".//img")
_CAPTION = etree.XPath(".//figcaption | .//*[contains(@class,'caption')]")
_CREDIT_EL = etree.XPath(
    ".//*[contains(@class,'credit') or contains(@class,'copyright') or contains(@class,'photographer')"
    " or contains(@class,'source') or contains(@class,'author')]"
)
_SLASH_CREDIT = re.compile(r"^(?P<caption>.*\S)\s+/\s+(?P<credit>[^/]{1,60})$", re.DOTALL)
_LABEL_CREDIT = re.compile(
    r"^(?P<caption>.*?)[\s(\[|–—-]*\b(?:photo(?:graph)?|foto|image|picture|bild|credit|source|quelle|fuente|"
    r"crédit|photo credit|image credit|imagen)s?\s*(?:by)?\s*[:©]\s*(?P<credit>[^()\[\]]{1,80}?)[)\]]?\s*$",
    re.IGNORECASE | re.DOTALL,
)
_COPYRIGHT_CREDIT = re.compile(
    r"^(?P<caption>.*?)[\s(\[]*©\s*(?P<credit>[^()\[\]]{1,80}?)[)\]]?\s*$", re.DOTALL
)
_MAX_CREDIT_WORDS = 8
_CREDIT_LABEL = re.compile(
    r"^(?:©|\(c\)|copyright|(?:photo(?:graph)?|foto|image|picture|bild|credit|crédit|imagen|source|quelle|fuente)s?"
    r"(?:\s+credit)?(?:\s+by)?\s*[:©]?)\s*(?:©\s*)?",
    re.IGNORECASE,
)


def clean_credit(text: str | None) -> str | None:
    """A credit without its label: "Photograph: AFP" / "© AP" -> "AFP" / "AP"."""
    credit = clean_space(text).strip(" ()[]/|")
    previous = None
    while credit and credit != previous:
        previous = credit
        credit = _CREDIT_LABEL.sub("", credit).strip(" ()[]/|:")
    return credit or None


def split_caption(text: str) -> tuple[str, str | None]:
    """Split "text / AP" or "text (Photo: X)" into (caption, credit)."""
    text = clean_space(text)
    for pattern in (_SLASH_CREDIT, _LABEL_CREDIT, _COPYRIGHT_CREDIT):
        match = pattern.match(text)
        if match:
            credit = clean_credit(match.group("credit")) or ""
            credit = credit.strip(" .;,")
            if credit and len(credit.split()) <= _MAX_CREDIT_WORDS:
                caption = clean_space(match.group("caption")).rstrip(" |–—-(")
                return caption, credit
    return text, None


def _img_url(img: HtmlElement, base: str) -> str | None:
    for attr in ("src", "data-src", "data-original", "data-lazy-src", "data-srcset", "srcset"):
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            value = value.split(",")[0].split()[0] if "srcset" in attr else value
            return absolute(base, value)
    return None


def _key(url: str) -> str:
    try:
        path = urlsplit(url).path
    except ValueError:
        return url
    return path.rsplit("/", 1)[-1].lower() or url


def figure_images(doc: Document) -> list[dict[str, Any]]:
    """Images of <figure> elements with their caption and credit."""
    out: list[dict[str, Any]] = []
    for fig in _FIGURES(doc.tree)[:MAX_IMAGES]:
        imgs = _IMG(fig)
        url = _img_url(imgs[0], doc.url) if imgs else None
        if not url:
            continue
        caption, credit = None, None
        caps = _CAPTION(fig)
        if caps:
            cap = caps[0]
            credit_els = _CREDIT_EL(cap)
            credit_text = clean_space(credit_els[0].text_content()) if credit_els else ""
            full = clean_space(cap.text_content())
            if credit_text and credit_text in full and credit_text != full:
                caption = clean_space(full.replace(credit_text, "")).strip(" /|–—-")
                credit = clean_credit(credit_text)
            else:
                caption, credit = split_caption(full)
        if not caption and imgs:
            caption = clean_space(imgs[0].get("alt")) or None
        out.append({"url": url, "caption": caption or None, "credit": credit})
    return out


def _structured_images(doc: Document) -> list[dict[str, Any]]:
    found = doc.article_node
    if found is None:
        return []
    node, _ = found
    value = node.get("image") or node.get("thumbnailUrl")
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        item = resolve(node, item)
        if isinstance(item, str) and item.strip():
            out.append({"url": absolute(doc.url, item), "caption": None, "credit": None})
        elif isinstance(item, dict):
            url = text_value(item.get("url") or item.get("contentUrl"))
            if url:
                caption = text_value(item.get("caption") or item.get("description")) or None
                credit = (
                    text_value(item.get("creditText") or item.get("copyrightHolder") or item.get("author"))
                    or None
                )
                if caption and not credit:
                    caption, credit = split_caption(caption)
                credit = clean_credit(credit)
                out.append({"url": absolute(doc.url, url), "caption": caption, "credit": credit})
    return out


def images(doc: Document) -> tuple[list[dict[str, Any]], str] | None:
    """Images of the article, main image first, and the source of the main one."""
    main: list[dict[str, Any]] = []
    source = "json-ld"
    main = _structured_images(doc)[:1]
    if main and doc.article_node:
        source = doc.article_node[1]
    if not main:
        for name in ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"):
            values = doc.meta.get(name)
            if values:
                main = [{"url": absolute(doc.url, values[0]), "caption": None, "credit": None}]
                source = "opengraph" if name.startswith("og:") else "meta"
                break
    figures = figure_images(doc)
    if not main and figures:
        main, source, figures = figures[:1], "dom", figures[1:]
    if not main:
        return None
    result = list(main)
    keys = {_key(main[0]["url"]): 0}
    for fig in figures:
        key = _key(fig["url"])
        if key in keys:
            existing = result[keys[key]]
            existing["caption"] = existing["caption"] or fig["caption"]
            existing["credit"] = existing["credit"] or fig["credit"]
            continue
        keys[key] = len(result)
        result.append(fig)
    return result[:MAX_IMAGES], source


def alt_texts(doc: Document) -> set[str]:
    """The page's image descriptions (``alt``) of caption length, whitespace folded."""
    return {clean_space(text) for text in _ALT_TEXTS(doc.tree)}

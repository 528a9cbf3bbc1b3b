"""Apply a site rule (per-site selectors, see :mod:`newscrawl.sites.rules`) to a parsed page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from lxml.html import HtmlElement

from newscrawl.extraction.document import Document
from newscrawl.normalize.text import clean_space
from newscrawl.sites.rules import SiteRule, choose_rule, split_selector

LIST_FIELDS = frozenset({"authors", "tags"})
_BLOCKS = frozenset({"p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"})


def rule_for(doc: Document, rules: Sequence[SiteRule], published: str | None) -> SiteRule | None:
    """The rule version that covers the page's publication day (from its metadata)."""
    day = None
    if published:
        try:
            day = date.fromisoformat(published[:10])
        except ValueError:
            day = None
    return choose_rule(list(rules), day)


def apply_exclusions(doc: Document, rule: SiteRule) -> int:
    """Remove the rule's excluded elements from the page (visible page only); returns how many."""
    removed = 0
    for selector in rule.exclude:
        css, _ = split_selector(selector)
        for element in doc.tree.cssselect(css):
            parent = element.getparent()
            if parent is None:
                continue
            if element.tail:  # keep the text that follows the element
                previous = element.getprevious()
                if previous is not None:
                    previous.tail = (previous.tail or "") + element.tail
                else:
                    parent.text = (parent.text or "") + element.tail
            parent.remove(element)
            removed += 1
    if removed:
        doc.tree_changed()
    return removed


def _values(doc: Document, selector: str) -> list[str]:
    css, attribute = split_selector(selector)
    found = []
    for element in doc.tree.cssselect(css):
        raw = element.get(attribute) if attribute else element.text_content()
        value = clean_space(raw or "")
        if value:
            found.append(value)
    return found


def _block_texts(container: HtmlElement) -> list[str]:
    """Paragraph-level texts of a body container (outermost blocks only)."""
    paragraphs = []
    for element in container.iter():
        if not isinstance(element.tag, str) or element.tag not in _BLOCKS:
            continue
        if any(
            isinstance(a.tag, str) and a.tag in _BLOCKS for a in element.iterancestors() if a is not container
        ):
            continue
        text = clean_space(element.text_content())
        if text:
            paragraphs.append(text)
    return paragraphs


def rule_fields(doc: Document, rule: SiteRule) -> dict[str, Any]:
    """Field values the rule's selectors find (only fields with a value)."""
    fields: dict[str, Any] = {}
    for name, selector in rule.fields.items():
        values = _values(doc, selector)
        if values:
            fields[name] = values if name in LIST_FIELDS else values[0]
    if rule.body:
        css, _ = split_selector(rule.body)
        containers = doc.tree.cssselect(css)
        paragraphs = [p for container in containers for p in _block_texts(container)]
        if paragraphs:
            fields["article_body"] = "\n\n".join(paragraphs)
    return fields

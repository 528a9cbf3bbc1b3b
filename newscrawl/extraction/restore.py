"""Blocks of the article's own container that the generic extractor skipped: when it finds no
container it recognizes, it keeps only loose paragraphs and drops the subheadings, list items and
live-ticker entry headings between them. Those are put back, in page order."""

from __future__ import annotations

from collections import Counter

from lxml.html import HtmlElement

from newscrawl.extraction.sitenames import key

MIN_PROSE_CHARS = 80
CONTAINER_SHARE = 0.8
MIN_SKIPPED_STRUCTURE = 2
MIN_ANCHOR_KEY = 20
MAX_LINK_SHARE = 0.5
_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_BLOCKS = ("h1", *_HEADINGS, "p", "li", "blockquote")
_STRUCTURE = frozenset({*_HEADINGS, "li"})


def restore_skipped_blocks(work: HtmlElement, paragraphs: list[str]) -> list[str]:
    """``paragraphs`` with the container's skipped blocks put back where they stand.

    Only applied when the extraction kept none of the subheadings and list items that stand
    between its own first and last paragraphs (its sign of having read loose paragraphs only),
    and only blocks from the page's headline, or its first kept paragraph, to its last kept
    paragraph come back: what follows the story (teasers, related lists) stays out."""
    container = main_container(work)
    if container is None or not paragraphs:
        return paragraphs
    blocks = _leaf_blocks(container)
    keys = [key(text) for _, text in blocks]
    kept = [key(p) for p in paragraphs]
    joined = "\n".join(kept)
    present = [bool(k) and k in joined for k in keys]
    found = [p and len(k) >= MIN_ANCHOR_KEY for p, k in zip(present, keys, strict=True)]
    if not any(found):
        return paragraphs
    first = next(i for i, f in enumerate(found) if f)
    last = max(i for i, f in enumerate(found) if f)
    heading = next((i for i, (el, _) in enumerate(blocks) if el.tag == "h1"), None)
    start = heading + 1 if heading is not None and heading < first else first
    skipped = [
        i for i in range(start, last) if not present[i] and keys[i] and not _link_dominated(blocks[i][0])
    ]
    structure = [i for i in range(first, last) if blocks[i][0].tag in _STRUCTURE and keys[i]]
    structure = [i for i in structure if not _link_dominated(blocks[i][0])]
    if len(structure) < MIN_SKIPPED_STRUCTURE or any(present[i] for i in structure):
        return paragraphs
    return _merge(paragraphs, kept, [(i, blocks[i][1]) for i in skipped], keys, found)


def main_container(work: HtmlElement) -> HtmlElement | None:
    """The lowest element holding most (``CONTAINER_SHARE``) of the page's prose paragraphs."""
    held: Counter[HtmlElement] = Counter()
    total = 0
    for p in work.iter("p"):
        chars = len(" ".join(p.text_content().split()))
        if chars < MIN_PROSE_CHARS:
            continue
        total += chars
        for ancestor in p.iterancestors():
            held[ancestor] += chars
    best: HtmlElement | None = None
    best_depth = -1
    for el, chars in held.items():
        if chars >= CONTAINER_SHARE * total and (depth := sum(1 for _ in el.iterancestors())) > best_depth:
            best, best_depth = el, depth
    return None if best is None or best.tag in ("html", "body") else best


def _leaf_blocks(container: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Blocks holding no other block, with their text, in page order."""
    found = []
    for el in container.iter(*_BLOCKS):
        if next((d for d in el.iterdescendants(*_BLOCKS)), None) is not None:
            continue
        text = " ".join(el.text_content().split())
        if text:
            found.append((el, text))
    return found


def _link_dominated(el: HtmlElement) -> bool:
    """Inside a link, or mostly link text: a teaser or a navigation item, not story text."""
    if next(el.iterancestors("a"), None) is not None:
        return True
    text = len(" ".join(el.text_content().split()))
    links = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
    return text == 0 or links > MAX_LINK_SHARE * text


def _merge(
    paragraphs: list[str],
    kept: list[str],
    skipped: list[tuple[int, str]],
    keys: list[str],
    found: list[bool],
) -> list[str]:
    """Insert each skipped block after the paragraph holding the last found block before it
    (before the first paragraph when no found block precedes it)."""
    after: dict[int, list[str]] = {}
    for index, text in skipped:
        previous = next((j for j in range(index - 1, -1, -1) if found[j]), None)
        slot = -1 if previous is None else _paragraph_of(keys[previous], kept)
        after.setdefault(slot, []).append(text)
    merged = list(after.get(-1, []))
    for position, paragraph in enumerate(paragraphs):
        merged.append(paragraph)
        merged.extend(after.get(position, []))
    return merged


def _paragraph_of(block_key: str, kept: list[str]) -> int:
    """Index of the last paragraph holding ``block_key``."""
    return max((i for i, k in enumerate(kept) if block_key in k), default=len(kept) - 1)

"""Blocks of the article's own container that the generic extractor skipped: when it finds no
container it recognizes, it keeps only loose paragraphs and drops the subheadings, list items and
live-ticker entry headings between them. Those are put back, in page order."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from lxml.html import HtmlElement

from newscrawl.extraction.sitenames import key

MIN_PROSE_CHARS = 80
CONTAINER_SHARE = 0.8
MIN_SKIPPED_STRUCTURE = 2
MIN_ANCHOR_KEY = 20
MAX_LINK_SHARE = 0.5
# How far past the last long block found a block's text is looked for in the extraction (in
# letters and digits): the paragraphs the extractor took from outside the blocks (table rows,
# loose text) that may stand between two blocks.
LOOKAHEAD_CHARS = 2000
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
    if sum(1 for el, _ in blocks if el.tag in _STRUCTURE) < MIN_SKIPPED_STRUCTURE:
        return paragraphs  # most pages: too few subheadings and list items to have been skipped
    known: dict[str, str] = {}  # a block's text is often a paragraph as extracted: keyed once
    keys = [_key(text, known) for _, text in blocks]
    kept = [_key(p, known) for p in paragraphs]
    where = _locate(keys, kept)
    # A kept subheading is a paragraph of its own (trafilatura gives it a line): one whose words
    # only stand in a paragraph (a subheading quoting the sentence below it) was skipped.
    present = [
        j is not None and (el.tag not in _HEADINGS or kept[j] == keys[i])
        for i, ((el, _), j) in enumerate(zip(blocks, where, strict=True))
    ]
    found = [p and len(k) >= MIN_ANCHOR_KEY for p, k in zip(present, keys, strict=True)]
    if not any(found):
        return paragraphs
    first = found.index(True)
    last = len(found) - 1 - found[::-1].index(True)
    heading = next((i for i, (el, _) in enumerate(blocks) if el.tag == "h1"), None)
    start = heading + 1 if heading is not None and heading < first else first
    skipped = [
        i for i in range(start, last) if not present[i] and keys[i] and not _link_dominated(blocks[i][0])
    ]
    structure = [i for i in range(first, last) if blocks[i][0].tag in _STRUCTURE and keys[i]]
    structure = [i for i in structure if not _link_dominated(blocks[i][0])]
    if len(structure) < MIN_SKIPPED_STRUCTURE or any(present[i] for i in structure):
        return paragraphs
    return _merge(paragraphs, {i: blocks[i][1] for i in skipped}, where, found)


def _key(text: str, known: dict[str, str]) -> str:
    found = known.get(text)
    if found is None:
        found = known[text] = key(text)
    return found


def main_container(work: HtmlElement) -> HtmlElement | None:
    """The lowest element holding most (``CONTAINER_SHARE``) of the page's prose paragraphs."""
    held: dict[HtmlElement, int] = {}
    total = 0
    for p in work.iter("p"):
        chars = len(" ".join(p.text_content().split()))
        if chars < MIN_PROSE_CHARS:
            continue
        total += chars
        # Each prose paragraph counts for its ancestors up to ``work``: a few dozen paragraphs
        # times the depth, not a walk of the whole tree.
        for el in _up_to(p, work):
            held[el] = held.get(el, 0) + chars
    # Those holding enough are all nested (two apart cannot both hold most): the lowest is the
    # one with the most ancestors.
    enough = [el for el, chars in held.items() if chars >= CONTAINER_SHARE * total]
    if not enough:
        return None
    best = max(enough, key=lambda el: sum(1 for _ in el.iterancestors()))
    return None if best.tag in ("html", "body") else best


def _up_to(p: HtmlElement, work: HtmlElement) -> list[HtmlElement]:
    """The ancestors of ``p`` up to ``work`` (included), lowest first."""
    found: list[HtmlElement] = []
    if p is work:
        return found
    for el in p.iterancestors():
        found.append(el)
        if el is work:
            break
    return found


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


def _locate(keys: list[str], kept: list[str]) -> list[int | None]:
    """For each block (by its key), the index of the kept paragraph holding its text, or None
    when the extraction left it out.

    One forward pass, since blocks and paragraphs are both in page order: a block is looked for
    in the ``LOOKAHEAD_CHARS`` after the last long block found, else among the paragraphs that
    are exactly its text (the next one, or the last one when all stand before). Each block costs
    the same whatever the length of the page."""
    joined = "\n".join(kept)
    starts: list[int] = []
    offset = 0
    for text in kept:
        starts.append(offset)
        offset += len(text) + 1
    whole: dict[str, list[int]] = {}
    for index, text in enumerate(kept):
        whole.setdefault(text, []).append(index)
    where: list[int | None] = []
    pos = 0
    for block_key in keys:
        if not block_key:
            where.append(None)
            continue
        at = joined.find(block_key, pos, pos + len(block_key) + LOOKAHEAD_CHARS)
        if at >= 0:
            index = bisect_right(starts, at) - 1
        elif same := whole.get(block_key):
            following = bisect_left(same, bisect_left(starts, pos))
            index = same[following] if following < len(same) else same[-1]
            at = starts[index]
        else:
            where.append(None)
            continue
        where.append(index)
        if len(block_key) >= MIN_ANCHOR_KEY and at >= pos:
            pos = at + len(block_key)
    return where


def _merge(
    paragraphs: list[str], skipped: dict[int, str], where: list[int | None], found: list[bool]
) -> list[str]:
    """Insert each skipped block after the paragraph holding the last found block before it
    (before the first paragraph when no found block precedes it)."""
    after: dict[int, list[str]] = {}
    slot = -1
    for index in range(max(skipped, default=-1) + 1):
        if index in skipped:
            after.setdefault(slot, []).append(skipped[index])
        if found[index] and (holder := where[index]) is not None:
            slot = holder
    merged = list(after.get(-1, []))
    for position, paragraph in enumerate(paragraphs):
        merged.append(paragraph)
        merged.extend(after.get(position, []))
    return merged

"""Server diagnostics printed into a page: PHP's warnings and notices, as PHP writes them
("<b>Warning</b>: Use of undefined constant … in <b>/var/www/….php</b> on line <b>928</b>"). They
are server noise, never text, and on a small page they can outweigh the article for the extractor."""

from __future__ import annotations

from lxml.html import HtmlElement

from newscrawl.normalize.text import fold

_DIAGNOSTIC_LABELS = frozenset(
    (
        "warning",
        "notice",
        "deprecated",
        "strict standards",
        "fatal error",
        "parse error",
        "catchable fatal error",
    )
)
MAX_DIAGNOSTIC_PARTS = 6


def drop_server_diagnostics(root: HtmlElement) -> None:
    """Remove each PHP diagnostic: its bold label, message, file and line number."""
    for label in list(root.iter("b")):
        if label.getparent() is None or fold(label.text or "") not in _DIAGNOSTIC_LABELS:
            continue
        if not (label.tail or "").lstrip().startswith(":"):
            continue
        run = [label]
        while len(run) < MAX_DIAGNOSTIC_PARTS and (nxt := run[-1].getnext()) is not None:
            run.append(nxt)
            if nxt.tag == "b" and (nxt.text or "").strip().isdigit() and "on line" in (run[-2].tail or ""):
                break
        else:
            continue
        if not any(".php" in (el.text or "") for el in run):
            continue
        keep = run[-1].tail
        previous = label.getprevious()
        parent = label.getparent()
        for el in run:
            el.tail = None
            parent.remove(el)
        if keep:
            if previous is not None:
                previous.tail = (previous.tail or "") + keep
            else:
                parent.text = (parent.text or "") + keep

"""Which cleanup and pruning rules fire, on how many dev pages and for how many publishers.

Runs ``newscrawl.extract`` on every page of the shared dev sets (articles and snippets), with
the pruning and cleanup steps watched, and prints one line per rule: pages it changed, distinct
publishers (registered domains) and the sets it fired on. A rule that only one publisher needs is
fitting, not generalizing: the script marks it. The pages are read at run time and never copied.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/rule_audit.py
    PYTHONPATH=$PWD .venv/bin/python benchmarks/rule_audit.py --sets articles --examples 2
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import newscrawl
from newscrawl.extraction import body as body_mod
from newscrawl.extraction import cleanup, prune
from newscrawl.extraction.encoding import decode_html
from newscrawl.normalize.urls import registered_domain

# The dev sets sit in ../shared/benchmarks beside the project (two levels up from a worktree).
_ROOT = Path(__file__).resolve().parents[1]
CANDIDATE_DIRS = (_ROOT.parent / "shared" / "benchmarks", _ROOT.parents[1] / "shared" / "benchmarks")
SETS = ("articles", "snippets")

# Cleanup's text patterns, in the order _is_boilerplate tests them: a removed paragraph is put
# down to the first that matches.
_TEXT_RULES: list[tuple[str, Callable[[str], bool]]] = [
    ("label line", lambda t: cleanup.fold(t).strip(" :.!»›>") in cleanup._LABEL_LINES),
    ("player time", lambda t: bool(cleanup._PLAYER_TIME.match(t))),
    ("placeholder", lambda t: bool(cleanup._PLACEHOLDER.match(t))),
    ("player/status line", lambda t: bool(cleanup._PLAYER_LINE.match(t))),
    ("reading time", lambda t: bool(cleanup._READING_TIME.match(t))),
    ("date/time stamp", cleanup._is_stamp),
    ("contact line", lambda t: bool(cleanup._EMAIL.search(t) and cleanup._CONTACT.search(t))),
    ("doubled teaser", cleanup._is_doubled),
    ("A | B | C link list", cleanup._is_link_list),
    ("photo credit line", lambda t: bool(cleanup._CREDIT_LINE.match(t))),
    ("caps teaser", lambda t: bool(cleanup._CAPS_TEASER.match(t))),
    ("copyright line", lambda t: bool(cleanup._COPYRIGHT_LINE.match(t))),
    ("call to action / prompt", lambda t: bool(cleanup._PROMPT.search(t))),
    ("paywall notice", lambda t: bool(cleanup._PAYWALL.search(t))),
    (
        "read more / read also",
        lambda t: bool(cleanup._READ_MORE.match(t) or cleanup._READ_ALSO_BARE.match(t)),
    ),
    ("newsletter box", lambda t: bool(cleanup._NEWSLETTER.search(t))),
    ("byline line", lambda t: bool(cleanup._BYLINE_LINE.match(t))),
    ("published/updated line", lambda t: bool(cleanup._UPDATED_LINE.match(t))),
    ("source line", lambda t: bool(cleanup.SOURCE_LINE.match(t))),
    ("trailing credit note", cleanup._is_trailing_note),
]
_TOKEN_ALTERNATIVES = [a for a in re.split(r"\|(?![^(]*\))", prune._BOILER_TOKENS.pattern) if a]


def text_rule(text: str) -> str:
    """The first cleanup pattern a removed paragraph matches."""
    for name, test in _TEXT_RULES:
        try:
            if test(text):
                return f"cleanup: {name}"
        except Exception:
            continue
    return "cleanup: caption, byline, author or duplicate (page-specific values)"


def prune_rule(el: Any) -> str:
    """Why pruning removed an element: its tag, role or itemprop, hidden, or which class/id token."""
    if el.tag in prune._PRUNE_TAGS:
        return f"prune: <{el.tag}>"
    if el.get("role") in prune._PRUNE_ROLES:
        return f"prune: role={el.get('role')}"
    if el.get("itemprop") in prune._PRUNE_ITEMPROPS:
        return f"prune: itemprop={el.get('itemprop')}"
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()
    for alternative in _TOKEN_ALTERNATIVES:
        pattern = re.compile(alternative)
        if any(pattern.search(name) for name in names):
            return f"prune: class/id {alternative[:50]}"
    return "prune: hidden or standfirst element"


class Watch:
    """Records, for the page being extracted, which rules removed something."""

    def __init__(self) -> None:
        self.fired: set[str] = set()

    def install(self) -> None:
        drop = prune._drop

        def watched_drop(el: Any) -> None:
            self.fired.add(prune_rule(el))
            drop(el)

        prune._drop = watched_drop  # type: ignore[assignment]
        clean = body_mod.clean_paragraphs

        def watched_clean(*args: Any, **kwargs: Any) -> cleanup.Cleaned:
            before = [cleanup.clean_space(p) for p in args[0]]
            cut = cleanup._cut_trailing_block(list(args[0]))
            if len(cut) < len(before):
                self.fired.add("cleanup: trailing 'More from' block")
            result = clean(*args, **kwargs)
            for text in result.removed:
                self.fired.add(text_rule(text))
            return result

        body_mod.clean_paragraphs = watched_clean  # type: ignore[assignment]
        cut_list = body_mod.cut_headline_list

        def watched_list(paragraphs: list[str], items: set[str]) -> tuple[list[str], list[str]]:
            kept, removed = cut_list(paragraphs, items)
            if removed:
                self.fired.add("body: trailing list of other headlines")
            return kept, removed

        body_mod.cut_headline_list = watched_list  # type: ignore[assignment]


def pages(root: Path, sets: tuple[str, ...]) -> Iterator[tuple[str, str, str, str]]:
    """(set, id, url, html) of every dev page."""
    for name in sets:
        folder = root / name
        for line in (folder / "cases.jsonl").open(encoding="utf-8"):
            case = json.loads(line)
            html = decode_html(gzip.decompress((folder / case["html"]).read_bytes()))
            yield name, case["id"], case["url"], html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="articles, snippets or both (comma-separated)")
    parser.add_argument("--dir", type=Path, help="the benchmarks directory (default: ../shared/benchmarks)")
    parser.add_argument("--examples", type=int, default=0, help="print up to N page ids per rule")
    args = parser.parse_args()
    root = args.dir or next((d for d in CANDIDATE_DIRS if d.is_dir()), None)
    if root is None:
        parser.error("no benchmarks directory found; give --dir")
    watch = Watch()
    watch.install()
    fired_pages: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    total = 0
    for set_name, page_id, url, html in pages(root, tuple(s for s in args.sets.split(",") if s)):
        watch.fired = set()
        newscrawl.extract(html, url)
        total += 1
        for rule in watch.fired:
            fired_pages[rule].append((set_name, page_id, registered_domain(url) or url))
    print(f"{total} dev pages")
    print(f"{'pages':>6} {'publishers':>10}  {'sets':<18} rule")
    for rule, hits in sorted(fired_pages.items(), key=lambda kv: (-len({h[2] for h in kv[1]}), kv[0])):
        publishers = {h[2] for h in hits}
        sets = ",".join(sorted({h[0] for h in hits}))
        mark = "  <- one publisher" if len(publishers) == 1 else ""
        print(f"{len(hits):>6} {len(publishers):>10}  {sets:<18} {rule}{mark}")
        for set_name, page_id, _ in hits[: args.examples]:
            print(f"{'':>20} {set_name} {page_id}")


if __name__ == "__main__":
    main()

"""Which extraction rules fire (cleanup, pruning, bylines, headline, description), on how many pages and publishers.

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
from newscrawl.extraction import authors as authors_mod
from newscrawl.extraction import body as body_mod
from newscrawl.extraction import cleanup, closing, images, pipeline, prune, sitenames, standfirst, teasers
from newscrawl.extraction import headline as headline_mod
from newscrawl.extraction.encoding import decode_html
from newscrawl.normalize.authors import BYLINE_PREFIX, EMAIL
from newscrawl.normalize.headline import is_title_line, key
from newscrawl.normalize.urls import registered_domain

# The dev sets sit in ../shared/benchmarks beside the project (two levels up from a worktree).
_ROOT = Path(__file__).resolve().parents[1]
CANDIDATE_DIRS = (_ROOT.parent / "shared" / "benchmarks", _ROOT.parents[1] / "shared" / "benchmarks")
SETS = ("articles", "snippets")
# The project's own golden pages (tests/fixtures/pages): a rule may be shown on fixtures too.
FIXTURES = _ROOT / "tests" / "fixtures" / "pages"

# Cleanup's text patterns (cleanup, teasers, closing), in the order they are tested: a removed paragraph is put
# down to the first that matches.
_TEXT_RULES: list[tuple[str, Callable[[str], bool]]] = [
    ("label line", lambda t: cleanup.fold(t).strip(" :.!»›>") in teasers._LABEL_LINES),
    ("player time", lambda t: bool(cleanup._PLAYER_TIME.match(t))),
    ("placeholder", lambda t: bool(cleanup._PLACEHOLDER.match(t))),
    ("reading time", lambda t: bool(cleanup._READING_TIME.match(t))),
    ("date/time stamp", cleanup._is_stamp),
    ("contact line", lambda t: bool(EMAIL.search(t) and cleanup._CONTACT.search(t))),
    ("doubled teaser", teasers._is_doubled),
    ("A | B | C link list", teasers._is_link_list),
    ("photo credit line", lambda t: bool(cleanup._CREDIT_LINE.match(t))),
    ("caps teaser", lambda t: bool(teasers._CAPS_TEASER.match(t))),
    ("copyright line", lambda t: bool(cleanup._COPYRIGHT_LINE.match(t))),
    ("call to action / prompt", lambda t: bool(teasers._PROMPT.search(t))),
    ("paywall notice", lambda t: bool(teasers._PAYWALL.search(t))),
    ("call for readers' views", teasers._is_feedback_call),
    (
        "read more / read also",
        lambda t: bool(teasers._READ_MORE.match(t) or teasers._READ_ALSO_BARE.match(t)),
    ),
    ("newsletter box", lambda t: bool(teasers._NEWSLETTER.search(t))),
    ("byline line", lambda t: bool(BYLINE_PREFIX.match(t))),
    ("published/updated line", lambda t: bool(cleanup._UPDATED_LINE.match(t))),
    ("source line", lambda t: bool(cleanup.SOURCE_LINE.match(t))),
    ("trailing credit note", closing._is_trailing_note),
    ("dangling lead-in at the end", closing.is_dangling_lead_in),
]
_TOKEN_ALTERNATIVES = [re.compile(a) for a in prune._BOILER_ALTERNATIVES]


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
    if el.tag in prune._REGION_TAGS:
        return f"prune: page region ({', '.join(prune._REGION_TAGS)})"
    if el.get("role") in prune._PRUNE_ROLES:
        return f"prune: role={el.get('role')}"
    if el.get("itemprop") in prune._PRUNE_ITEMPROPS:
        return f"prune: itemprop={el.get('itemprop')}"
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower().split()
    for pattern in _TOKEN_ALTERNATIVES:
        if any(pattern.search(name) for name in names):
            return f"prune: class/id {pattern.pattern[:50]}"
    return "prune: hidden or standfirst element"


class Watch:
    """Records, for the page being extracted, which rules removed something."""

    def __init__(self) -> None:
        self.fired: set[str] = set()
        self.teaser_lists: set[Any] = set()
        self.alts: set[str] = set()

    def install(self) -> None:
        drop = prune._drop

        def watched_drop(el: Any) -> None:
            if el not in self.teaser_lists:
                self.fired.add(prune_rule(el))
            drop(el)

        prune._drop = watched_drop  # type: ignore[assignment]
        lists = prune.teaser_lists

        def watched_lists(root: Any, url: str) -> list[Any]:
            found = lists(root, url)
            self.teaser_lists = set(found)
            if found:
                self.fired.add("prune: list of teaser links to the site (and its label)")
            return found

        prune.teaser_lists = watched_lists  # type: ignore[assignment]
        alt_texts = images.alt_texts

        def watched_alts(doc: Any) -> set[str]:
            self.alts = alt_texts(doc)
            return self.alts

        images.alt_texts = watched_alts  # type: ignore[assignment]
        author_note = closing.is_author_note

        def watched_author_note(text: str, names: list[list[str]]) -> bool:
            found = author_note(text, names)
            if found:
                self.fired.add("cleanup: closing note on the article's authors")
            return found

        closing.is_author_note = watched_author_note  # type: ignore[assignment]
        end_matter = closing.end_matter_start

        def watched_end_matter(paragraphs: list[str]) -> int | None:
            found = end_matter(paragraphs)
            if found is not None:
                self.fired.add("cleanup: end matter (sources, contacts, links) closing the body")
            return found

        closing.end_matter_start = watched_end_matter  # type: ignore[assignment]
        clean = body_mod.clean_paragraphs

        def watched_clean(*args: Any, **kwargs: Any) -> cleanup.Cleaned:
            before = [cleanup.clean_space(p) for p in args[0]]
            cut = closing.cut_trailing_block(list(args[0]))
            if len(cut) < len(before):
                self.fired.add("cleanup: trailing 'More from' block")
            result = clean(*args, **kwargs)
            for text in result.removed:
                alt = cleanup.fold(text) in {cleanup.fold(a) for a in self.alts}
                self.fired.add("cleanup: paragraph repeating an image's alt text" if alt else text_rule(text))
            return result

        body_mod.clean_paragraphs = watched_clean  # type: ignore[assignment]
        cut_list = body_mod.cut_headline_list

        def watched_list(paragraphs: list[str], items: set[str]) -> tuple[list[str], list[str]]:
            kept, removed = cut_list(paragraphs, items)
            if removed:
                self.fired.add("body: trailing list of other headlines")
            return kept, removed

        body_mod.cut_headline_list = watched_list  # type: ignore[assignment]
        lead = authors_mod._lead_byline

        def watched_lead(doc: Any, keys: set[str], site_only: bool = False) -> list[str]:
            names = lead(doc, keys, site_only=site_only)
            if names and site_only and not lead(doc, keys):
                self.fired.add("authors: lone lead byline under a site-only credit")
            return names

        authors_mod._lead_byline = watched_lead  # type: ignore[assignment]
        self._install_field_rules()

    def _install_field_rules(self) -> None:
        """The headline and description rules, and the ruby reading rule of pruning."""
        over_trail = headline_mod.shown_over_trail

        def watched_trail(*args: Any) -> str | None:
            shown = over_trail(*args)
            if shown:
                self.fired.add("headline: breadcrumb h1 gives way to the shown heading")
            return shown

        headline_mod.shown_over_trail = watched_trail  # type: ignore[assignment]
        logo_names = sitenames.home_linked_headings

        def watched_logo(doc: Any) -> list[str]:
            names = logo_names(doc)
            if names:
                self.fired.add("headline: an h1 that only links to the home page is the site's name")
            return names

        sitenames.home_linked_headings = watched_logo  # type: ignore[assignment]
        agrees = standfirst.agrees_with

        def watched_agrees(shown: str, declared: str | None) -> bool:
            result = agrees(shown, declared)
            if result and declared and not standfirst.shares_words(shown, declared):
                self.fired.add("description: shown summary replaces an unshown declared one")
            return result

        standfirst.agrees_with = watched_agrees  # type: ignore[assignment]
        lede = standfirst.lede_shown

        def watched_lede(description: str | None, paragraphs: list[str]) -> str | None:
            found = lede(description, paragraphs)
            if found:
                self.fired.add("description: a copied lede read as the page shows it")
            return found

        standfirst.lede_shown = watched_lede  # type: ignore[assignment]
        ruby = prune._inline_ruby

        def watched_ruby(root: Any) -> None:
            if any(r.find(".//rt") is not None and r.find(".//rp") is None for r in root.iter("ruby")):
                self.fired.add("prune: ruby readings without <rp> dropped")
            ruby(root)

        prune._inline_ruby = watched_ruby  # type: ignore[assignment]
        diagnostics = prune.drop_server_diagnostics

        def watched_diagnostics(root: Any) -> None:
            before = sum(1 for _ in root.iter("b"))
            diagnostics(root)
            if sum(1 for _ in root.iter("b")) < before:
                self.fired.add("prune: PHP warnings printed into the page")

        prune.drop_server_diagnostics = watched_diagnostics  # type: ignore[assignment]
        line_breaks = prune.wrap_line_break_paragraphs

        def watched_line_breaks(root: Any) -> int:
            wrapped = line_breaks(root)
            if wrapped:
                self.fired.add("prune: <br>-separated text runs made paragraphs")
            return wrapped

        prune.wrap_line_break_paragraphs = watched_line_breaks  # type: ignore[assignment]
        shown_on_page = standfirst.shown_on_page

        def watched_shown(doc: Any, text: str) -> bool:
            shown = shown_on_page(doc, text)  # asked only for a plain block under the headline
            if not shown:
                self.fired.add("description: a plain block under the headline, the declared one unshown")
            return shown

        standfirst.shown_on_page = watched_shown  # type: ignore[assignment]
        wraps = pipeline.only_wraps_headline

        def watched_wraps(text: str | None, headline: str | None) -> bool:
            found = wraps(text, headline)
            if found and is_title_line(text or "", key(headline or "")):
                self.fired.add("description: the headline with a kicker or section label")
            elif found and key(text or "") != key(headline or ""):
                self.fired.add("description: an SEO template quoting the headline")
            return found

        pipeline.only_wraps_headline = watched_wraps  # type: ignore[assignment]


def pages(root: Path, sets: tuple[str, ...]) -> Iterator[tuple[str, str, str, str]]:
    """(set, id, url, html) of every dev page, and of every golden fixture for "fixtures"."""
    for name in sets:
        if name == "fixtures":
            for case in sorted(p for p in FIXTURES.iterdir() if (p / "page.html").is_file()):
                url = (case / "url.txt").read_text(encoding="utf-8").strip()
                yield name, case.name, url, decode_html((case / "page.html").read_bytes())
            continue
        folder = root / name
        for line in (folder / "cases.jsonl").open(encoding="utf-8"):
            case = json.loads(line)
            html = decode_html(gzip.decompress((folder / case["html"]).read_bytes()))
            yield name, case["id"], case["url"], html


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sets",
        default=",".join((*SETS, "fixtures")),
        help="articles, snippets, fixtures (the project's golden pages), comma-separated",
    )
    parser.add_argument("--dir", type=Path, help="the benchmarks directory (default: ../shared/benchmarks)")
    parser.add_argument("--examples", type=int, default=0, help="print up to N page ids per rule")
    args = parser.parse_args()
    root = args.dir or next((d for d in CANDIDATE_DIRS if (d / SETS[0] / "cases.jsonl").is_file()), None)
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
    print(f"{total} pages (dev sets and the project's own golden fixtures)")
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

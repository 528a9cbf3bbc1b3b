"""One rule per kind of value, whatever the entry point: the page's markup, a site rule, a feed
or sitemap date, a hint given to the loader. Each test feeds the same raw value through every
entry point and expects the same final value."""

from __future__ import annotations

import pytest

import newscrawl
from newscrawl.discovery import parse_feed, parse_sitemap
from newscrawl.extraction import extract_page
from newscrawl.normalize.authors import clean_authors, clean_names
from newscrawl.normalize.dates import normalize_date, parse_source_date
from newscrawl.normalize.headline import strip_site_name, strip_site_suffix
from newscrawl.normalize.loader import PageHints, load_article
from newscrawl.normalize.text import clean_space
from newscrawl.sites.rules import SiteRule

URL = "https://zeitung.example/politik/haushalt-beschlossen"
BODY = "".join(
    f"<p>Der Rat hat am Abend den Haushalt für das kommende Jahr beschlossen, Absatz {i}. "
    "Die Opposition kritisierte die Kürzungen bei Schulen und Bibliotheken deutlich.</p>"
    for i in range(6)
)


def _page(head: str = "", byline: str = "", lang: str = "de") -> str:
    return (
        f'<html lang="{lang}"><head><title>Haushalt beschlossen</title>{head}</head><body><article>'
        f"<h1>Haushalt beschlossen</h1>{byline}{BODY}</article></body></html>"
    )


# --- "05.12.2024" on a de page is 5 December, from every entry point ----------------------


def test_day_first_date_from_the_page_markup() -> None:
    html = _page('<meta name="date" content="05.12.2024">')
    assert extract_page(html, URL).fields["date_published"] == "2024-12-05"
    record = newscrawl.extract(html, URL)
    assert record["date_published"] == "2024-12-05"
    assert record["provenance"]["date_published"] == "meta"


def test_day_first_date_from_a_site_rule() -> None:
    html = _page(byline='<p class="stamp">05.12.2024</p>')
    rule = SiteRule(fields={"date_published": ".stamp"})
    record = newscrawl.extract(html, URL, rules=(rule,))
    assert record["date_published"] == "2024-12-05"
    assert record["provenance"]["date_published"] == "site-rule"


def test_slashed_site_rule_date_reads_in_the_page_language() -> None:
    rule = SiteRule(fields={"date_published": ".stamp"})
    html = '<p class="stamp">05/12/2024</p>'
    assert newscrawl.extract(_page(byline=html), URL, rules=(rule,))["date_published"] == "2024-12-05"
    english = newscrawl.extract(_page(byline=html, lang="en-US"), URL, rules=(rule,))
    assert english["date_published"] == "2024-05-12"


def test_day_first_date_from_a_sitemap_and_a_feed() -> None:
    sitemap = (
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url>'
        b"<loc>" + URL.encode() + b"</loc><news:news><news:publication_date>05.12.2024"
        b"</news:publication_date><news:title>Haushalt beschlossen</news:title></news:news></url></urlset>"
    )
    feed = (
        b'<rss version="2.0"><channel><title>Z</title><item><link>' + URL.encode() + b"</link>"
        b"<title>Haushalt beschlossen</title><pubDate>05.12.2024 10:15</pubDate></item></channel></rss>"
    )
    from_sitemap = parse_sitemap(sitemap).entries[0].published
    from_feed = parse_feed(feed).entries[0].published
    assert from_sitemap is not None and from_sitemap.isoformat() == "2024-12-05T00:00:00"
    assert from_feed is not None and from_feed.isoformat() == "2024-12-05T10:15:00"


def test_day_first_date_from_a_hint() -> None:
    page = {"headline": "Haushalt beschlossen"}
    hints = PageHints(published="05.12.2024", language="de", source="feed")
    record = load_article(page, {"headline": "dom"}, URL, hints=hints)
    assert record["date_published"] == "2024-12-05"
    assert record["provenance"]["date_published"] == "feed"
    slashed = load_article(page, {}, URL, hints=PageHints(published="05/12/2024", language="de"))
    assert slashed["date_published"] == "2024-12-05"
    english = load_article(page, {}, URL, hints=PageHints(published="05/12/2024", language="en-US"))
    assert english["date_published"] == "2024-05-12"


def test_site_timezone_applies_to_wall_clock_times_only() -> None:
    hints = PageHints(timezone="Europe/Berlin")
    fields = {"date_published": "2024-12-05T10:15:00", "date_modified": "2024-12-06T08:00:00+00:00"}
    record = load_article(fields, {}, URL, hints=hints)
    assert record["date_published"] == "2024-12-05T10:15:00+01:00"
    assert record["date_modified"] == "2024-12-06T08:00:00+00:00"
    assert load_article(fields, {}, URL)["date_published"] == "2024-12-05T10:15:00"


def test_page_values_win_over_hints() -> None:
    hints = PageHints(title="Feed title", published="2024-12-01", keywords=("Feed",), source="feed")
    page = {"headline": "Page title", "date_published": "2024-12-05", "tags": ["Page"]}
    record = load_article(
        page, {"headline": "json-ld", "date_published": "json-ld", "tags": "meta"}, URL, hints=hints
    )
    assert (record["headline"], record["date_published"], record["tags"]) == (
        "Page title",
        "2024-12-05",
        ["Page"],
    )
    assert record["provenance"]["headline"] == "json-ld"
    empty = load_article({}, {}, URL, hints=hints)
    assert (empty["headline"], empty["date_published"], empty["tags"]) == (
        "Feed title",
        "2024-12-01",
        ["Feed"],
    )
    assert {empty["provenance"][k] for k in ("headline", "date_published", "tags")} == {"feed"}


def test_hint_source_is_checked() -> None:
    with pytest.raises(ValueError, match="hint source"):
        PageHints(source="rss")


def test_parse_source_date_and_normalize_date_agree() -> None:
    for raw in ("2024-12-30T09:15:00+03:00", "Mon, 30 Dec 2024 09:15:00 GMT", "05.12.2024 10:15"):
        parsed = parse_source_date(raw)
        assert parsed is not None
        assert normalize_date(raw) == parsed.isoformat()


# --- authors: one rule for extraction and the loader --------------------------------------


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("José Ortega y Gasset", ["José Ortega y Gasset"]),
        ("Reuters, AP", ["Reuters", "AP"]),
        ("Von Jana Weber und Tom Berg", ["Jana Weber", "Tom Berg"]),
        ("Ana López y Juan Pérez", ["Ana López", "Juan Pérez"]),
        ("By Jane Doe (jane.doe@example.com)", ["Jane Doe"]),
    ],
)
def test_author_rule_is_the_same_in_extraction_and_the_loader(byline: str, expected: list[str]) -> None:
    assert clean_names([byline]) == expected
    assert clean_authors(byline) == expected
    assert clean_authors(clean_names([byline])) == expected
    html = _page(f'<meta name="author" content="{byline}">')
    assert newscrawl.extract(html, URL)["authors"] == expected
    rule = SiteRule(fields={"authors": ".writer"})
    ruled = newscrawl.extract(_page(byline=f'<p class="writer">{byline}</p>'), URL, rules=(rule,))
    assert ruled["authors"] == expected


# --- headline and text ---------------------------------------------------------------------


def test_site_suffix_rule_is_the_same_for_extraction_and_the_loader() -> None:
    for title in ("Haushalt beschlossen | Die Zeitung", "Die Zeitung: Haushalt beschlossen"):
        assert strip_site_name(title, {"diezeitung"}) == "Haushalt beschlossen"
        assert strip_site_suffix(title, ["Die Zeitung"]) == "Haushalt beschlossen"
        fields = {"headline": title, "publisher": "Die Zeitung"}
        assert load_article(fields, {}, URL)["headline"] == "Haushalt beschlossen"
    assert strip_site_suffix("Die Zeitung", ["Die Zeitung"]) == "Die Zeitung"


def test_one_whitespace_folder() -> None:
    assert clean_space("\u00a0Haus\u00adhalt\u200b  be\nschlossen ") == "Haushalt be schlossen"
    assert clean_space(None) == ""
    record = load_article({"headline": " Haus\u00adhalt\u00a0beschlossen\n"}, {}, URL)
    assert record["headline"] == "Haushalt beschlossen"

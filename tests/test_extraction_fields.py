"""Field rules: headline suffixes, dates, authors, image captions and credits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.extraction import extract_page
from newscrawl.extraction.dates import url_date
from newscrawl.extraction.headline import agrees
from newscrawl.extraction.images import clean_credit, split_caption
from newscrawl.normalize.authors import clean_names
from newscrawl.normalize.dates import normalize_date
from newscrawl.normalize.headline import strip_site_name

BODY = "".join(
    f"<p>Paragraph {i}: the council approved the budget after a long debate about transport "
    f"and housing in the city centre.</p>"
    for i in range(6)
)


def page(head: str = "", before_body: str = "", lang: str = "en") -> str:
    return (
        f'<html lang="{lang}"><head>{head}</head><body><article>{before_body}{BODY}</article></body></html>'
    )


# --- headline -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Council approves budget | Daily Courier", "Council approves budget"),
        ("Council approves budget - Daily Courier", "Council approves budget"),
        ("Council approves budget — DailyCourier.com", "Council approves budget"),
        ("Daily Courier | Council approves budget", "Council approves budget"),
        ("Council approves budget - Politics - Daily Courier", "Council approves budget - Politics"),
        ("Budget - what it means for you", "Budget - what it means for you"),
    ],
)
def test_strip_site_name(title: str, expected: str) -> None:
    assert strip_site_name(title, {"dailycourier", "dailycouriercom"}) == expected


def test_headline_suffix_stripped_by_og_site_name_not_a_fixed_list() -> None:
    head = '<title>Council approves budget | The Riverside Gazette</title><meta property="og:site_name" content="The Riverside Gazette">'
    f = extract_page(page(head), "https://gazette.example/politics/budget").fields
    assert f["headline"] == "Council approves budget"


def test_visible_h1_wins_when_it_agrees_with_metadata() -> None:
    head = '<meta property="og:title" content="Council approves budget - Gazette">'
    f = extract_page(page(head, "<h1>Council approves budget</h1>"), "https://gazette.example/a").fields
    assert f["headline"] == "Council approves budget"


def test_metadata_wins_over_an_unrelated_h1() -> None:
    head = '<meta property="og:title" content="Council approves budget">'
    r = extract_page(page(head, "<h1>Gazette</h1>"), "https://gazette.example/a")
    assert r.fields["headline"] == "Council approves budget"
    assert r.provenance["headline"] == "opengraph"


def test_agrees() -> None:
    assert agrees("Council approves budget", "council approves budget!")
    assert not agrees("Council approves budget", "Weather")


# --- dates --------------------------------------------------------------------------------

NOW = datetime(2025, 1, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-12-30T09:15:00Z", "2024-12-30T09:15:00+00:00"),
        ("2024-12-30T09:15:00+03:00", "2024-12-30T09:15:00+03:00"),
        ("2024-12-30", "2024-12-30"),
        ("2024-12-30 09:15:00", "2024-12-30T09:15:00"),
        ("Mon, 30 Dec 2024 09:15:00 GMT", "2024-12-30T09:15:00+00:00"),
        ("December 30, 2024", "2024-12-30"),
        ("1735550100", "2024-12-30T09:15:00+00:00"),
    ],
)
def test_parse_date_formats(raw: str, expected: str) -> None:
    assert normalize_date(raw, now=NOW) == expected


@pytest.mark.parametrize(
    "raw", ["2031-01-01T00:00:00Z", "1989-12-31", "0001-01-01", "not a date", "", "99999"]
)
def test_parse_date_refuses_future_pre_1990_and_junk(raw: str) -> None:
    assert normalize_date(raw, now=NOW) is None


def test_modified_never_fills_published() -> None:
    head = '<meta property="article:modified_time" content="2024-12-30T11:02:00+00:00">'
    f = extract_page(page(head), "https://gazette.example/news/budget").fields
    assert f["date_modified"] == "2024-12-30T11:02:00+00:00"
    assert "date_published" not in f


def test_future_published_date_is_refused() -> None:
    head = '<meta property="article:published_time" content="2999-01-01T00:00:00Z">'
    f = extract_page(page(head), "https://gazette.example/news/budget").fields
    assert f.get("date_published") is None


def test_pre_1990_published_date_falls_through_to_next_source() -> None:
    head = (
        '<meta property="article:published_time" content="1970-01-01T00:00:00Z">'
        '<meta name="date" content="2024-03-04">'
    )
    f = extract_page(page(head), "https://gazette.example/news/budget").fields
    assert f["date_published"] == "2024-03-04"


def _ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


_VIDEO = '{"@type": "VideoObject", "name": "Clip", "uploadDate": "2024-02-01T08:00:00+00:00"}'


def test_video_page_upload_date() -> None:
    r = extract_page(
        page('<meta property="og:type" content="video.other">' + _ld(_VIDEO)), "https://g.example/v"
    )
    assert r.fields["date_published"] == "2024-02-01T08:00:00+00:00"
    assert r.provenance["date_published"] == "json-ld"


def test_embedded_video_never_dates_the_article() -> None:
    article = '{"@type": "NewsArticle", "headline": "Budget", "datePublished": "2024-03-04T10:00:00+00:00"}'
    r = extract_page(page(_ld(f"[{article}, {_VIDEO}]")), "https://g.example/a")
    assert r.fields["date_published"] == "2024-03-04T10:00:00+00:00"
    head = (
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-03-04T10:00:00+00:00">'
    )
    r = extract_page(page(head + _ld(_VIDEO)), "https://g.example/a")
    assert (r.fields["date_published"], r.provenance["date_published"]) == (
        "2024-03-04T10:00:00+00:00",
        "opengraph",
    )


def test_several_videos_without_a_page_url_give_no_structured_date() -> None:
    other = '{"@type": "VideoObject", "name": "Other", "uploadDate": "2024-01-05T08:00:00+00:00"}'
    r = extract_page(page(_ld(f"[{_VIDEO}, {other}]")), "https://g.example/v")
    assert r.provenance.get("date_published") != "json-ld"
    own = '{"@type": "VideoObject", "url": "https://g.example/v", "uploadDate": "2024-01-05T08:00:00+00:00"}'
    r = extract_page(page(_ld(f"[{_VIDEO}, {own}]")), "https://g.example/v")
    assert r.fields["date_published"] == "2024-01-05T08:00:00+00:00"


def test_time_element_and_url_date_fallbacks() -> None:
    f = extract_page(
        page("", '<time datetime="2024-03-04T10:00:00+01:00">4 March</time>'), "https://g.example/x"
    ).fields
    assert f["date_published"] == "2024-03-04T10:00:00+01:00"
    r = extract_page(page(), "https://g.example/2023/07/15/budget-story")
    assert r.fields["date_published"] == "2023-07-15"
    assert r.provenance["date_published"] in ("url", "dom")


def test_url_date() -> None:
    assert url_date("https://g.example/2023/07/15/story") == "2023-07-15"
    assert url_date("https://g.example/news/20230715-story") == "2023-07-15"
    assert url_date("https://g.example/2023/13/45/story") is None
    assert url_date("https://g.example/story-12345678") is None


# --- authors ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Ana Silva"], ["Ana Silva"]),
        (["By Ana Silva and Tom Berg"], ["Ana Silva", "Tom Berg"]),
        (["Ana Silva, Staff Writer"], ["Ana Silva"]),
        (["Von Jana Weber"], ["Jana Weber"]),
        (["ana@example.org Ana Silva"], ["Ana Silva"]),
        (["https://example.org/authors/ana"], []),
        (["Ana Silva", "ana silva"], ["Ana Silva"]),
        # "et" separates credits, as the loader always read it (one rule: normalize.authors)
        (["Le Figaro et AFP"], ["Le Figaro", "AFP"]),
        (["José Ortega y Gasset"], ["José Ortega y Gasset"]),
        (["Reuters, AP"], ["Reuters", "AP"]),
    ],
)
def test_clean_names(raw: list[str], expected: list[str]) -> None:
    assert clean_names(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["Okonkwo, Adaeze"], ["Adaeze Okonkwo"]),
        (["By Okonkwo, Adaeze"], ["Adaeze Okonkwo"]),
        (["Smith, Jane and Doe, John"], ["Jane Smith", "John Doe"]),
        (["Smith, Jane & Doe, John"], ["Jane Smith", "John Doe"]),
        (["Jane Smith, John Doe"], ["Jane Smith", "John Doe"]),
        (["Reuters, AP"], ["Reuters", "AP"]),
        (["Staff, Reuters"], ["Reuters"]),
        (["Smith, Jane, Doe"], ["Smith", "Jane", "Doe"]),  # three segments: a list, not one person
        (["Kyodo, Tokyo"], ["Kyodo"]),  # an agency and its dateline, not "Tokyo Kyodo"
        (["Agencies, London"], []),
        (["Lusa, Lisboa"], ["Lusa"]),
        (["Mueller, Berlin"], ["Mueller"]),
        (["Weber, Politik"], ["Weber"]),  # a reporter and a section
        (["Yonhap, Seoul"], ["Yonhap"]),
    ],
)
def test_clean_names_surname_comma_given(raw: list[str], expected: list[str]) -> None:
    assert clean_names(raw) == expected


@pytest.mark.parametrize(
    ("author", "expected"),
    [("Kyodo, Tokyo", ["Kyodo"]), ("Agencies, London", None), ("Lusa, Lisboa", ["Lusa"])],
)
def test_meta_agency_and_dateline_is_not_one_person(author: str, expected: list[str] | None) -> None:
    html = page(f'<meta name="author" content="{author}">')
    assert extract_page(html, "https://g.example/n").fields.get("authors") == expected


def test_meta_site_name_author_and_a_kicker_keeps_the_site_name() -> None:
    head = '<meta name="author" content="Example News"><meta property="og:site_name" content="Example News">'
    html = page(head, "<h1>Budget</h1><p><strong>Why It Matters</strong></p>")
    assert extract_page(html, "https://example.com/n").fields["authors"] == ["Example News"]


def test_clean_names_site_name_is_not_a_surname() -> None:
    assert clean_names(["Tribune, Adaeze"], site={"penhallowtribune"}) == ["Tribune", "Adaeze"]
    assert clean_names(["Okonkwo, Adaeze"], site={"penhallowtribune"}) == ["Adaeze Okonkwo"]


def test_structured_person_named_surname_first() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget",'
        ' "author": [{"@type": "Person", "name": "Okonkwo, Adaeze"}, {"@type": "Person", "name": "Tom Berg"}]}'
        "</script>"
    )
    assert extract_page(page(ld), "https://g.example/x").fields["authors"] == ["Adaeze Okonkwo", "Tom Berg"]


def test_article_author_url_meta_is_ignored() -> None:
    head = (
        '<meta property="article:author" content="https://facebook.com/someone">'
        '<meta name="author" content="Ana Silva">'
    )
    assert extract_page(page(head), "https://g.example/a").fields["authors"] == ["Ana Silva"]


# --- images -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "caption", "credit"),
    [
        ("Soldiers near the front. / AP", "Soldiers near the front.", "AP"),
        (
            "Soldiers near the front. (Photo: Jane Doe/Reuters)",
            "Soldiers near the front.",
            "Jane Doe/Reuters",
        ),
        ("Soldiers near the front. Photograph: AFP", "Soldiers near the front.", "AFP"),
        ("Soldiers near the front. © Getty Images", "Soldiers near the front.", "Getty Images"),
        ("Soldiers near the front.", "Soldiers near the front.", None),
        ("Trade and/or tariffs", "Trade and/or tariffs", None),
    ],
)
def test_split_caption(raw: str, caption: str, credit: str | None) -> None:
    assert split_caption(raw) == (caption, credit)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("© AP", "AP"),
        ("Photograph: Voltaren", "Voltaren"),
        ("Foto: dpa", "dpa"),
        ("(Reuters)", "Reuters"),
        ("", None),
    ],
)
def test_clean_credit(raw: str, expected: str | None) -> None:
    assert clean_credit(raw) == expected


def test_figure_caption_and_credit_element_attach_to_main_image() -> None:
    head = '<meta property="og:image" content="https://cdn.g.example/main.jpg?w=1200">'
    figure = (
        '<figure><img src="https://cdn.g.example/main.jpg" alt="x">'
        '<figcaption><span>Councillors vote on the budget.</span> <small class="photo-credit">© Jan Kowal</small>'
        "</figcaption></figure>"
    )
    f = extract_page(page(head, figure), "https://g.example/a").fields
    assert f["images"][0] == {
        "url": "https://cdn.g.example/main.jpg?w=1200",
        "caption": "Councillors vote on the budget.",
        "credit": "Jan Kowal",
    }
    assert "Councillors vote" not in f["article_body"]


def test_byline_naming_only_the_site_gives_way_to_a_person_in_the_dom() -> None:
    head = '<meta name="author" content="Gazette"><meta property="og:site_name" content="Gazette">'
    byline = '<p class="article-author">By <a href="/authors/ana-silva">Ana Silva</a></p>'
    r = extract_page(page(head, byline), "https://gazette.example/news/budget")
    assert r.fields["authors"] == ["Ana Silva"]
    assert r.provenance["authors"] == "dom"


def test_site_name_dropped_next_to_a_person() -> None:
    head = '<meta name="author" content="Gazette, Ana Silva"><meta property="og:site_name" content="Gazette">'
    assert extract_page(page(head), "https://gazette.example/n").fields["authors"] == ["Ana Silva"]


def test_dom_byline_ignores_dates_and_share_links() -> None:
    byline = (
        '<div class="author-box"><span class="author">Ana Silva</span>'
        '<span class="author-date">05. November 2024</span><span class="author-share">Twitter Facebook</span></div>'
    )
    assert extract_page(page("", byline), "https://gazette.example/n").fields["authors"] == ["Ana Silva"]


def test_section_suffix_stripped_from_title() -> None:
    head = (
        '<meta property="og:title" content="Council approves budget-Politics | Gazette">'
        '<meta property="article:section" content="Politics"><meta property="og:site_name" content="Gazette">'
    )
    assert (
        extract_page(page(head), "https://gazette.example/n").fields["headline"] == "Council approves budget"
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("28.04.2023 19:20 CEST", "2023-04-28T19:20:00+02:00"),
        ("Apr 28, 2023 7:20 PM EDT", "2023-04-28T19:20:00-04:00"),
    ],
)
def test_parse_date_timezone_names(raw: str, expected: str) -> None:
    assert normalize_date(raw, now=NOW) == expected


def test_dotted_dates_are_day_first() -> None:
    assert normalize_date("03.05.2024", now=NOW) == "2024-05-03"


def test_comment_form_labels_are_not_authors() -> None:
    form = '<div id="comments"><form><label class="comment-author">Nama</label><input name="author"></form></div>'
    html = page("", "").replace("</article>", f"</article>{form}")
    assert "authors" not in extract_page(html, "https://g.example/n").fields


# --- dates made more precise ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("erstellt: 04. März 2024, 15:25", "2024-03-04T15:25:00"),
        ("Publié le 4 mars 2024 à 14h52, modifié le 4 mars 2024 à 15h54", "2024-03-04T14:52:00"),
        ("March 4, 2024, 3:07 pm", "2024-03-04T15:07:00"),
        ("Updated 04.03.2024 18:00", "2024-03-04"),
        ("12:30 | 05.03.2024", "2024-03-04"),
        ("04.03.2024 um 09:15 Uhr", "2024-03-04T09:15:00"),
        ("2024-03-04 18:05", "2024-03-04T18:05:00"),
        ("Mar 4, 2024 9:41", "2024-03-04T09:41:00"),
        ("Posted 2024 · 4 min read · 10:45", "2024-03-04"),  # no whole date before the clock
        ("4 March 2024 · Video 2:15", "2024-03-04"),  # a video's length
        ("4 March 2024 · 5:30 min", "2024-03-04"),
        ("Mar 2024 | Episode 4 | 12:40", "2024-03-04"),
    ],
)
def test_url_day_gets_the_clock_time_written_next_to_it(stamp: str, expected: str) -> None:
    html = page("", f'<div class="post-date">{stamp}</div>')
    assert extract_page(html, "https://g.example/2024/03/04/budget").fields["date_published"] == expected


@pytest.mark.parametrize(
    ("day", "stamp"),
    [
        ("2025-03-03", "12.03.2025 18:05"),  # another day: its time is not this day's
        ("2025-06-06", "2025-06-11 14:30"),
        ("2025-03-05", "2025, 5 comments, 12:40"),
        ("2025-03-05", "Posted 2025 · 5 min read · 10:45"),
        ("2025-03-05", "5 March 2025 · Video 2:15"),
    ],
)
def test_visible_time_of_another_day_or_a_length_is_none(day: str, stamp: str) -> None:
    from newscrawl.extraction.dates import _visible_time
    from newscrawl.extraction.document import Document

    doc = Document(f'<html><body><span class="date">{stamp}</span></body></html>', "https://g.example/n")
    assert _visible_time(doc, day) is None


@pytest.mark.parametrize("day", ["", "2024", "abcd-ef-gh", "2024-02-30"])
def test_visible_time_of_a_malformed_day_is_none(day: str) -> None:
    from newscrawl.extraction.dates import _visible_time
    from newscrawl.extraction.document import Document

    doc = Document('<html><body><p class="date">4 March 2024 10:00</p></body></html>', "https://g.example/n")
    assert _visible_time(doc, day) is None


def test_declared_day_without_a_time_is_kept() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget",'
        ' "datePublished": "2024-03-04"}</script><meta name="dc.date" content="2024-03-04T06:00+01:00">'
    )
    assert extract_page(page(head), "https://g.example/n").fields["date_published"] == "2024-03-04"


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ("2024-03-04T10:00:00+01:00", "2024-03-04T10:00:00+01:00"),  # same wall clock: the real offset
        ("2024-03-04T11:00:00+01:00", "2024-03-04T10:00:00+00:00"),  # another instant: structured wins
    ],
)
def test_utc_label_gives_way_to_the_same_local_time_with_an_offset(meta: str, expected: str) -> None:
    head = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Budget",'
        f' "datePublished": "2024-03-04T10:00:00Z"}}</script><meta property="article:published_time" content="{meta}">'
    )
    assert extract_page(page(head), "https://g.example/n").fields["date_published"] == expected


# --- bylines above the text and newsrooms beside reporters -----------------------------------


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("<p><strong>By Ana Silva</strong></p>", ["Ana Silva"]),  # a byline prefix
        ("<p><b>Von Anna Weber</b></p>", ["Anna Weber"]),
        ("<p><strong>Ana Silva/João Reis</strong></p>", ["Ana Silva", "João Reis"]),  # two names
        ("<p><em>Ana Silva and João Reis</em></p>", ["Ana Silva", "João Reis"]),
    ],
)
def test_bold_byline_paragraph_above_the_text_replaces_the_site_name(lead: str, expected: list[str]) -> None:
    head = '<meta name="author" content="Gazette"><meta property="og:site_name" content="Gazette">'
    r = extract_page(page(head, "<h1>Budget</h1>" + lead), "https://gazette.example/n")
    assert (r.fields["authors"], r.provenance["authors"]) == (expected, "dom")


def test_bold_name_above_the_text_agreeing_with_a_dom_byline_is_the_author() -> None:
    head = '<meta name="author" content="Gazette"><meta property="og:site_name" content="Gazette">'
    lead = '<h1>Budget</h1><span class="author">Silva</span><p><strong>Ana Silva</strong></p>'
    assert extract_page(page(head, lead), "https://gazette.example/n").fields["authors"] == ["Gazette"]
    lead = '<h1>Budget</h1><a href="/author/ana">Ana Silva</a><p><strong>Ana Silva</strong></p>'
    assert extract_page(page("", lead), "https://gazette.example/n").fields["authors"] == ["Ana Silva"]


@pytest.mark.parametrize(
    "lead",
    [
        "<p><strong>Key points</strong></p>",  # not a name: lowercase word
        "<p><strong>Budget</strong></p>",  # one word
        "<p><strong>Ana</strong> Silva</p>",  # not all of the paragraph
        "<p><strong>Ana Silva</strong></p>",  # a lone name: no prefix, separator or second source
        "<p><strong>Why It Matters</strong></p>",  # a kicker
        "<p><b>New York City</b></p>",  # a dateline
        "<p><em>Breaking News</em></p>",
        "<p><strong>Editor's Note</strong></p>",
        "<p><strong>By the Numbers</strong></p>",
    ],
)
def test_other_emphasized_lead_paragraphs_are_not_bylines(lead: str) -> None:
    head = '<meta name="author" content="Gazette"><meta property="og:site_name" content="Gazette">'
    assert extract_page(page(head, lead), "https://gazette.example/n").fields["authors"] == ["Gazette"]
    html = page("", "<h1>Budget</h1>" + lead)
    assert extract_page(html, "https://gazette.example/n").fields.get("authors", []) == []


def test_emphasized_paragraph_in_a_sidebar_is_not_a_byline() -> None:
    aside = (
        "<aside><p><strong>Contact Our Newsroom</strong></p><p>Send us your tips about anything happening"
        " in your neighbourhood, we read every single message.</p></aside>"
    )
    html = page("", "<h1>Budget</h1>").replace("<article>", aside + "<article>")
    assert extract_page(html, "https://gazette.example/n").fields.get("authors", []) == []
    html = page("", "<aside><p><strong>By Ana Silva</strong></p><p>" + "x " * 50 + "</p></aside>")
    assert extract_page(html, "https://gazette.example/n").fields.get("authors", []) == []


def test_bold_paragraph_after_the_text_started_is_not_a_byline() -> None:
    html = page("", BODY + "<p><strong>Ana Silva</strong></p>" + BODY)
    assert extract_page(html, "https://gazette.example/n").fields.get("authors", []) == []


def test_site_organization_listed_beside_a_person_in_jsonld_is_kept() -> None:
    head = (
        '<meta property="og:site_name" content="Gazette"><script type="application/ld+json">'
        '{"@type": "NewsArticle", "headline": "Budget", "author": [{"@type": "Person", "name": "Ana Silva"},'
        ' {"@type": "Organization", "name": "Gazette"}]}</script>'
    )
    assert extract_page(page(head), "https://gazette.example/n").fields["authors"] == ["Ana Silva", "Gazette"]

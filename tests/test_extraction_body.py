"""Article body: boilerplate cleanup, the SOURCE line, standfirst vs lede, structured and embedded bodies."""

from __future__ import annotations

import json

import pytest

from newscrawl.extraction import extract_page
from newscrawl.extraction.cleanup import clean_paragraphs
from newscrawl.extraction.sitenames import key as alnum_key

URL = "https://courier.example/world/strike-ends-123"
PARAS = [
    "Dockworkers at the northern port returned to work on Monday after a six-week strike over pay.",
    "The union said members had voted by a large majority to accept a four percent rise in two steps.",
    "Shipping companies warned that clearing the backlog of containers would take at least two weeks.",
    "The regional government, which mediated the talks, welcomed the agreement as a fair compromise.",
    "Port officials said the first ships would be unloaded overnight and normal schedules would resume.",
]


def body_html(paras: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paras)


def test_widgets_players_recommended_explore_and_source_line_are_removed() -> None:
    html = f"""<html lang="en"><head><meta property="og:title" content="Strike ends">
    <meta name="description" content="The six-week dispute is over after a late-night deal.">
    </head><body><main><article>
      <header><h1>Strike ends</h1><h2 class="article__description">The six-week dispute is over after a late-night deal.</h2></header>
      <div class="media"><div class="video-player"><span class="time">00:00</span>
        <div class="video-player__title">Strike ends</div></div>
        <figure><img src="/img/port.jpg"><figcaption>Cranes stand idle at the port. / AP</figcaption></figure>
      </div>
      <div class="content">
        <div class="font-resizer"><button>a</button><button>a</button><button>A</button></div>
        <div class="body">{body_html(PARAS[:3])}
          <div class="recommended-news"><span>RECOMMENDED</span>
            <a href="/world/other-story-456"><span>Another headline about ports</span></a></div>
          {body_html(PARAS[3:])}
        </div>
        <div class="article__source"><span>SOURCE:</span><span>Courier &amp; Agencies</span></div>
      </div>
    </article>
    <section class="explore"><h3>Explore</h3><ul>
      <li><a href="/world/a-1">First unrelated headline in the explore list</a></li>
      <li><a href="/world/b-2">Second unrelated headline in the explore list</a></li></ul></section>
    </main></body></html>"""
    r = extract_page(html, URL)
    body = r.fields["article_body"]
    assert body.split("\n\n") == PARAS
    for junk in ("aaA", "00:00", "RECOMMENDED", "Explore", "SOURCE", "Cranes stand idle", "six-week dispute"):
        assert junk not in body
    assert r.fields["attribution"] == "Courier & Agencies"
    assert r.fields["images"][0]["caption"] == "Cranes stand idle at the port."
    assert r.fields["images"][0]["credit"] == "AP"
    assert "https://courier.example/world/other-story-456" in r.fields["related_urls"]
    assert r.page_type == "article"


def test_caption_sentence_repeated_as_a_paragraph_is_kept() -> None:
    caption = PARAS[2]
    html = f"""<html><body><article><h1>Strike ends</h1>
      <figure><img src="/img/port.jpg"><figcaption>{caption} / AP</figcaption></figure>
      {body_html(PARAS)}</article></body></html>"""
    body = extract_page(html, URL).fields["article_body"]
    assert body.split("\n\n").count(caption) == 1


def test_standfirst_removed_but_a_lede_equal_to_meta_description_is_kept() -> None:
    standfirst = "The six-week dispute is over after a late-night deal."
    marked = f"""<html><head><meta name="description" content="{standfirst}"></head><body><article>
      <h1>Strike ends</h1><p class="standfirst">{standfirst}</p>{body_html(PARAS)}</article></body></html>"""
    assert standfirst not in extract_page(marked, URL).fields["article_body"]
    lede = f"""<html><head><meta name="description" content="{PARAS[0]}"></head><body><article>
      <h1>Strike ends</h1>{body_html(PARAS)}</article></body></html>"""
    assert extract_page(lede, URL).fields["article_body"].startswith(PARAS[0])


def test_paragraph_filters() -> None:
    cleaned = clean_paragraphs(
        [
            "aaA The dockworkers returned to work.",
            "Read more: Port strike enters sixth week",
            "Advertisement",
            "02:15",
            "By Ana Silva",
            "Sign up for our daily newsletter to get the news first.",
            "The union voted to accept the offer.",
            "SOURCE: Reuters",
        ],
        headline="Strike ends",
        authors=["Ana Silva"],
    )
    assert cleaned.paragraphs == ["The dockworkers returned to work.", "The union voted to accept the offer."]
    assert cleaned.attribution == "Reuters"


def test_a_sentence_that_merely_mentions_source_is_kept() -> None:
    cleaned = clean_paragraphs(
        ["Source: the union said the vote was close, and that turnout was high among members."]
    )
    assert cleaned.attribution is None
    assert len(cleaned.paragraphs) == 1


def test_html_articlebody_in_json_ld_is_split_into_paragraphs() -> None:
    many = [f"{p} (part {i})" for i, p in enumerate(PARAS * 3)]
    data = {
        "@type": "NewsArticle",
        "headline": "Strike ends",
        "articleBody": "".join(f"<p>{p}</p>" for p in many),
    }
    html = f"""<html><head><script type="application/ld+json">{json.dumps(data)}</script></head>
      <body><article><h1>Strike ends</h1><p>{PARAS[0]}</p></article></body></html>"""
    r = extract_page(html, URL)
    assert r.fields["article_body"].split("\n\n") == many
    assert r.provenance["article_body"] == "json-ld"


def test_body_rendered_by_javascript_is_read_from_hydration_data() -> None:
    state = {"props": {"article": {"contentHtml": "".join(f"<p>{p}</p>" for p in PARAS)}}}
    html = f"""<html><head><title>Strike ends</title></head><body><div id="root"></div>
      <script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script></body></html>"""
    r = extract_page(html, URL)
    assert r.fields["article_body"].split("\n\n") == PARAS


def test_paragraphs_are_separated_by_blank_lines_and_subheadings_kept() -> None:
    html = f"""<html><body><article><h1>Strike ends</h1>{body_html(PARAS[:2])}
      <h2>What happens next</h2>{body_html(PARAS[2:])}</article></body></html>"""
    body = extract_page(html, URL).fields["article_body"]
    assert body.split("\n\n") == [*PARAS[:2], "What happens next", *PARAS[2:]]


def test_body_split_over_two_containers_is_joined() -> None:
    first = [f"{p} It was the first part of the report, number {i}." for i, p in enumerate(PARAS * 2)]
    second = [f"{p} It was the second part of the report, number {i}." for i, p in enumerate(PARAS * 2)]
    teasers = "".join(f'<li><a href="/m/{i}">Markets story number {i} today</a></li>' for i in range(12))
    html = f"""<html><body><header><nav><a href="/">Home</a></nav></header><main><h1>Strike ends</h1>
      <div class="article-body">{body_html(first)}</div>
      <div class="sidebar"><h3>Markets</h3><ul>{teasers}</ul></div>
      <div class="article-body">{body_html(second)}</div></main><footer>Contact</footer></body></html>"""
    assert extract_page(html, URL).fields["article_body"].split("\n\n") == first + second


def test_repeated_headline_link_lists_doubled_teasers_and_trailing_block() -> None:
    cleaned = clean_paragraphs(
        [
            "World news: Dockworkers end their six-week strike",
            *PARAS,
            "Topics: Ports | Strikes | Unions | Shipping",
            "More from The Courier",
            "Another story entirely about something else",
            "A teaser headline repeated A teaser headline repeated",
        ],
        headline="Dockworkers end their six-week strike",
    )
    assert cleaned.paragraphs == PARAS
    kept = clean_paragraphs(["A teaser headline repeated A teaser headline repeated", *PARAS])
    assert kept.paragraphs == PARAS


def test_table_rows_are_not_mistaken_for_link_lists() -> None:
    rows = ["| Team | Won | Lost |", "| Harbour FC | 10 | 2 |"]
    assert clean_paragraphs([*PARAS, *rows]).paragraphs == [*PARAS, *rows]


def test_teasers_prompts_and_photo_credit_lines_are_dropped() -> None:
    junk = [
        "SEE MORE: Harbour strike enters its sixth week",
        "Like this story? Share it with a friend!",
        "Get the magazine delivered every month. Click here for more information.",
        "Image: Jan Kowal",
        "READ THE NEXT STORY | Unions plan march on Friday",
        "Don't miss",
    ]
    assert clean_paragraphs([PARAS[0], *junk, PARAS[1]]).paragraphs == PARAS[:2]


def test_inline_hover_card_inside_a_paragraph_is_removed() -> None:
    card = (
        '<span class="rollover-people-block"><a href="/people/ana">Ana Silva</a> Latest: other story</span>'
    )
    html = f"""<html><body><article><h1>Strike ends</h1>
      <p>The deal was backed by <a href="/people/ana">Ana Silva</a>{card} and the union.</p>{body_html(PARAS)}
      </article></body></html>"""
    body = extract_page(html, URL).fields["article_body"]
    assert body.startswith("The deal was backed by Ana Silva and the union.")
    assert "Latest: other story" not in body


def test_paywall_notice_and_kicker_headline_repeat_are_dropped() -> None:
    html = f"""<html><head><meta property="og:title" content="Dockworkers end strike after six weeks"></head>
      <body><article><h1><span class="kicker">Ports</span> Dockworkers end strike after six weeks</h1>
      <div class="content"><p>Harbour dispute Dockworkers end strike after six weeks</p>{body_html(PARAS)}
      <p>Il vous reste 57% de cet article à lire. La suite est réservée aux abonnés.</p></div></article></body></html>"""
    assert extract_page(html, URL).fields["article_body"].split("\n\n") == PARAS


def test_arbitration_between_precision_and_balanced_runs() -> None:
    from newscrawl.extraction.body import _arbitrate

    junk = ["Subscribe to our partner offers today and win prizes every single week"]
    runs = {"balanced": PARAS * 2 + junk, "precision": PARAS * 2}
    assert _arbitrate(runs, []) == PARAS * 2  # precision kept nearly everything: it wins
    runs = {"balanced": PARAS, "precision": PARAS[:1]}
    assert _arbitrate(runs, []) == PARAS  # precision lost most of the text: balanced wins
    runs = {"balanced": PARAS + junk, "precision": PARAS[:3]}
    assert _arbitrate(runs, PARAS * 2) == PARAS + junk  # the JSON-LD body referees


def test_precision_pass_only_for_noisy_extractions() -> None:
    from newscrawl.extraction.body import _looks_noisy

    assert not _looks_noisy(PARAS)
    assert _looks_noisy([*PARAS, "Top story one", "Top story two", "Top story three", "Newsletter"])


def test_font_widget_glued_to_the_first_word_keeps_the_article_a() -> None:
    assert clean_paragraphs(["aaA North Korean soldier was captured."]).paragraphs == [
        "A North Korean soldier was captured."
    ]
    widget = '<div role="group" aria-label="Text size"><button>a</button><button>a</button></div>'
    html = f"""<html><body><article><h1>Strike ends</h1><div class="content">{widget}<div class="text">
      <p>A dockworker strike ended on Monday after six weeks, the union said in a statement.</p>
      {body_html(PARAS)}</div></div></article></body></html>"""
    body = extract_page(html, URL).fields["article_body"]
    assert body.startswith("A dockworker strike ended on Monday")


def test_paragraphs_extracted_twice_and_separator_lines_are_dropped() -> None:
    assert clean_paragraphs([*PARAS, "-", "* * *", *PARAS]).paragraphs == PARAS
    assert clean_paragraphs(["Yes.", "Yes.", *PARAS]).paragraphs == ["Yes.", "Yes.", *PARAS]


def test_complementary_fact_box_is_not_body() -> None:
    box = '<div role="complementary" aria-label="Facts"><h3>Facts about ports</h3><p>Ports move 80% of trade.</p></div>'
    html = f"""<html><body><article><h1>Strike ends</h1>{body_html(PARAS[:3])}{box}{body_html(PARAS[3:])}
      </article></body></html>"""
    body = extract_page(html, URL).fields["article_body"]
    assert body.split("\n\n") == PARAS


def test_layout_table_cells_read_as_blocks_and_a_data_table_inside_stays_a_table() -> None:
    data = (
        "<table><tr><th>Berth</th><th>Ships</th></tr>"
        "<tr><td><p>North quay</p></td><td><p>4</p></td></tr><tr><td><p>South quay</p></td><td><p>2</p></td></tr></table>"
    )
    html = f"""<html><body><table class="layout"><tr>
      <td class="nav"><a href="/">Home</a><br><a href="/world/">World</a></td>
      <td><h1>Strike ends</h1>{body_html(PARAS[:3])}{data}{body_html(PARAS[3:])}</td></tr></table></body></html>"""
    rows = ["| Berth | Ships |", "| North quay | 4 |", "| South quay | 2 |"]
    assert extract_page(html, URL).fields["article_body"].split("\n\n") == [*PARAS[:3], *rows, *PARAS[3:]]


def test_closing_notes_are_dropped_only_at_the_end() -> None:
    note = "Jane Roe contributed reporting from Leeds."
    paragraphs = [
        "The bridge reopened on Monday.",
        note,
        "Traffic was light.",
        "Additional reporting by Sam Poe.",
        "(dpa)",
    ]
    cleaned = clean_paragraphs(paragraphs)
    assert cleaned.paragraphs == ["The bridge reopened on Monday.", note, "Traffic was light."]
    assert clean_paragraphs([note]).paragraphs == [note]  # never the whole body


def test_click_to_tweet_button_is_cut_from_its_quote() -> None:
    cleaned = clean_paragraphs(["Small towns need their markets.Click To Tweet", "The market opens at nine."])
    assert cleaned.paragraphs == ["Small towns need their markets.", "The market opens at nine."]


def test_a_line_joining_the_authors_is_a_byline_not_body() -> None:
    paragraphs = ["Jane Doe/John Roe", "The bridge reopened on Monday.", "Jane Doe and John Roe"]
    cleaned = clean_paragraphs(paragraphs, authors=["Jane Doe", "John Roe"])
    assert cleaned.paragraphs == ["The bridge reopened on Monday."]
    kept = clean_paragraphs(["Jane Doe/Mark Poe", "The bridge reopened."], authors=["Jane Doe", "John Roe"])
    assert kept.paragraphs == ["Jane Doe/Mark Poe", "The bridge reopened."]


KEPT_LAST_LINES = [
    "Reporting by local outlets suggested the death toll could still rise as rescuers reached remote villages.",
    "With reports from the scene still coming in, officials urged residents to stay indoors overnight.",
    "Dozens of agencies contributed to this report, which the ministry will present to parliament in May.",
    "Editing by machines is no substitute for human judgement, the author concludes.",
    "Mit Material aus recycelten Flaschen will das Unternehmen bis 2030 klimaneutral werden.",
    "Avec AP, l'université espère attirer davantage d'étudiants étrangers dès la rentrée.",
    "Translated by volunteers, the book has since sold two million copies worldwide.",
    "Tags: the graffiti artists left their marks all over the old town, police said.",
    "(Lacht)",
    "Up next: Spain on Thursday in the semi-final.",
    "Most viewed in January",
    "Most popular in Europe",
    "Lire aussi entre les lignes est devenu indispensable, estime la sociologue.",
    "Follow the money and the coverage of the scandal changes completely.",
    "If you liked this story you will love the sequel, the publisher says.",
    "He later told reporters to click to tweet",
    "The author",
]


@pytest.mark.parametrize("line", KEPT_LAST_LINES)
def test_real_sentences_that_open_like_boilerplate_are_kept(line: str) -> None:
    if not line.startswith("Most"):  # a "Most read in …" label closing the body goes
        assert clean_paragraphs([*PARAS[:2], line]).paragraphs == [*PARAS[:2], line]  # as the last line
    middle = [PARAS[0], line, *PARAS[1:]]
    assert clean_paragraphs(middle, link_texts={"unrelatedlinktextonthesite"}).paragraphs == middle


def test_subheadings_of_a_ranking_article_are_kept() -> None:
    paragraphs = [PARAS[0], "Most viewed in January", PARAS[1], "Most popular in Europe", PARAS[2]]
    assert clean_paragraphs(paragraphs).paragraphs == paragraphs


def test_closing_notes_need_names_or_agencies_after_the_keyword() -> None:
    notes = [
        "Mit Material von dpa und AFP",
        "Avec AFP",
        "With reporting from Reuters.",
        "The Associated Press contributed to this report.",
        "Translated by Ana Silva",
        "Übersetzung: Jonas Brettschneider",
        "Tags: Ports, Strikes, Shipping",
        "(AFP/dpa)",
        "(Reporting by Ana Silva, Jan Kowal, with reporting by Sam Poe, editing by Jane Roe.)",
        "Courier writers Ana Silva, Jan Kowal and Sam Poe contributed to this report.",
    ]
    for note in notes:
        assert clean_paragraphs([*PARAS[:2], note]).paragraphs == PARAS[:2], note


def test_read_next_and_most_read_go_with_their_links_or_as_a_closing_title() -> None:
    title = "Tram depot to open for heritage weekend"
    links = {alnum_key(title)}
    assert (
        clean_paragraphs([PARAS[0], f"Up next: {title}", PARAS[1]], link_texts=links).paragraphs == PARAS[:2]
    )
    assert clean_paragraphs([*PARAS[:2], f"Read next: {title}"]).paragraphs == PARAS[:2]
    assert clean_paragraphs([PARAS[0], f"LIRE AUSSI {title}", PARAS[1]]).paragraphs == PARAS[:2]
    assert (
        clean_paragraphs([PARAS[0], f"Lire aussi {title}", PARAS[1]], link_texts=links).paragraphs
        == PARAS[:2]
    )


def test_author_box_needs_a_short_bio_at_the_very_end() -> None:
    bio = "Ana Silva is a writer who has lived on three islands."
    assert clean_paragraphs([*PARAS[:2], "About the author", bio]).paragraphs == PARAS[:2]
    long_bio = ("The author " + "spent twenty years at sea and writes about it with great care. " * 8).strip()
    kept = [*PARAS[:2], "The author", long_bio]
    assert clean_paragraphs(kept).paragraphs == kept


def test_prose_run_is_the_fallback_when_every_extractor_misses_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from newscrawl.extraction import body as body_mod
    from newscrawl.extraction.document import Document

    paragraphs = [
        "Users can now record a video of up to fifteen seconds with the app's camera and post it "
        "straight to their stories, where it disappears after a day like every other story item.",
        "The feature was tested with a small group of users in three countries since the spring. The "
        "company says videos will get the same filters and stickers as photos, and longer clips later.",
    ]
    html = (
        "<html><body><main><div>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div></main></body></html>"
    )
    doc = Document(html, "https://example.org/social/photo-app-short-videos")
    monkeypatch.setattr(body_mod, "_run_trafilatura", lambda *args: [])
    assert body_mod._fallback_paragraphs(doc, ["Your daily briefing on the digital trade."], []) == paragraphs
    assert body_mod._fallback_paragraphs(doc, paragraphs, []) == []


SECTIONS = [
    (
        "How is the interest on a loan worked out?",
        "amount you borrow and on how long you take to pay it back",
    ),
    ("What does the lender look at?", "income, at the debts you already have and at your record of paying"),
    (
        "Can the rate change during the loan?",
        "fixed rate for the whole term, so that the monthly payment stays",
    ),
    ("Is it worth paying back early?", "saves interest, but some lenders ask for a fee when you do so"),
    ("What is the effective annual rate?", "fees added to the interest, so that two offers can be compared"),
    ("Can two people apply together?", "two incomes of their own, and both are liable for the whole debt"),
]


def _section_paragraphs(subject: str) -> list[str]:
    return [
        f"The answer depends on the {subject}, as the guide explains with a worked example for readers.",
        f"Lenders publish their own figures on the {subject}, and they are worth a careful look first.",
        f"Advisers at the consumer office say the {subject} matters more than most borrowers think.",
    ]


def test_plain_extraction_is_tried_when_the_page_holds_much_more_prose_than_the_body() -> None:
    """A body in many sections has only short runs of prose: the page's prose paragraphs, all of
    them, decide whether plain trafilatura is run, and its longer text is the fallback."""
    from newscrawl.extraction import body as body_mod
    from newscrawl.extraction.classify import longest_prose_run, prose_chars
    from newscrawl.extraction.document import Document

    html = "<html lang='en'><body><main><h1>Loan interest, question by question</h1>"
    for heading, subject in SECTIONS:
        html += f"<div class='section'><h2>{heading}</h2>{body_html(_section_paragraphs(subject))}</div>"
    html += "</main></body></html>"
    doc = Document(html, "https://loanguide.example/personal-loans/interest/")
    found = [p for _, subject in SECTIONS[:2] for p in _section_paragraphs(subject)]  # 2 of 6 sections
    chars = len(" ".join(found))
    assert chars >= body_mod.FALLBACK_CHECK_CHARS
    assert longest_prose_run(doc)[1] <= 2 * chars + 200 < prose_chars(doc)  # runs short, prose long
    rescued = body_mod._fallback_paragraphs(doc, found, [])
    assert all(p in rescued for _, subject in SECTIONS for p in _section_paragraphs(subject))


@pytest.mark.parametrize(
    ("line", "is_call"),
    [
        ("We want to hear from you: Are you a nurse planning to strike? Tell us why.", True),
        ("We'd love to hear your thoughts.", True),
        (
            "Our letters page runs every Saturday. We'd like to hear what you think about this story. "
            "Write to us at letters@courier.example.",
            True,
        ),
        ("We want to hear from you, the inspector said on Monday after the crash.", False),
        (
            "Police said anyone who saw the car should call. We want to hear from you, Det Sgt Jones said.",
            False,
        ),
        ("Det Sgt Jones said: ‘Anyone who saw it should call us. We want to hear from you.’", False),
        (
            "The survey found most backed the plan. We'd love to hear your thoughts on it, the mayor said.",
            False,
        ),
    ],
)
def test_a_call_for_readers_views_is_told_from_reported_speech(line: str, is_call: bool) -> None:
    from newscrawl.extraction.teasers import is_teaser_or_prompt

    assert is_teaser_or_prompt(line) is is_call


def test_an_article_written_in_plain_blocks_is_rescued_when_the_body_is_short() -> None:
    """The body extracted first is a short box of paragraphs; the article, in divs inside a
    container the generic extractor discards, has no paragraph for the fast pass to be checked
    by: the safety net runs trafilatura's full pass and takes its text."""
    sentence = "The harbour board agreed on Monday to spend four million on new lock gates for the basin. "
    box = "<p>" + "Our newsroom is independent and funded by readers like you, every month. " * 4 + "</p>"
    article = "".join(f"<div>{sentence * 3} Part {i}.</div>" for i in range(8))
    page = (
        "<html><head><title>Lock gates approved</title><meta property='og:type' content='article'></head>"
        f"<body><h1>Lock gates approved</h1><div class='support'>{box}</div>"
        f"<div class='article-footer'>{article}</div></body></html>"
    )
    record = extract_page(page, "https://www.example.test/news/2025/lock-gates")
    body = record.fields.get("article_body") or ""
    assert body.count("lock gates for the basin") == 24 and "Part 7." in body


@pytest.mark.parametrize(("body_chars", "expected"), [(300, [False]), (700, [True, False])])
def test_the_safety_net_runs_trafilatura_in_full_for_a_short_body(
    monkeypatch: pytest.MonkeyPatch, body_chars: int, expected: list[bool]
) -> None:
    """A short body gets trafilatura's full pass on the unpruned page at once; a longer one,
    much shorter than the page's prose, the fast pass first."""
    from newscrawl.extraction import body as body_mod
    from newscrawl.extraction.document import Document

    calls: list[bool] = []
    monkeypatch.setattr(body_mod, "_trafilatura_lines", lambda *a, fast: calls.append(fast) or [])
    prose = "".join(
        f"<p>{'A sentence of the article, long enough to count as prose. ' * 4}</p>" for _ in range(12)
    )
    doc = Document(f"<html><body><h1>Title</h1>{prose}</body></html>", "https://www.example.test/a")
    body_mod._fallback_paragraphs(doc, ["x" * body_chars], [])
    assert calls == expected


def test_a_fact_box_of_article_html_from_hydration_data_is_kept() -> None:
    """Article HTML from hydration data is read as it is, not by the generic extractor: its side
    box and closing credit are part of the article, not page regions to prune."""
    markup = "".join(f"<p>{p}</p>" for p in PARAS)
    markup += "<aside><p>Fact box: the strike lasted eleven days and closed both depots.</p></aside>"
    markup += "<footer><p>Additional reporting by the city desk.</p></footer>"
    state = {"props": {"article": {"contentHtml": markup}}}
    html = f"""<html><head><title>Strike ends</title></head><body><div id="root"></div>
      <script id="__NEXT_DATA__" type="application/json">{json.dumps(state)}</script></body></html>"""
    paragraphs = extract_page(html, URL).fields["article_body"].split("\n\n")
    assert paragraphs[: len(PARAS)] == PARAS
    assert "Fact box: the strike lasted eleven days and closed both depots." in paragraphs
    assert "Additional reporting by the city desk." in paragraphs

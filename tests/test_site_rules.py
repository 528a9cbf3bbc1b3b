"""Site rules: the version valid for the page's date is applied, with provenance ``site-rule``."""

from __future__ import annotations

from datetime import date

from newscrawl.extraction import extract_page
from newscrawl.sites.rules import SiteRule, choose_rule, parse_rules

PARAS = "".join(
    f"<p>Paragraph {n} of the story tells what happened in the harbour town today.</p>" for n in range(6)
)


def page(published: str) -> str:
    return f"""<html><head><title>Quay plan | Port Herald</title>
    <meta property="article:published_time" content="{published}"></head><body>
    <h1 class="old-title">Quay plan approved</h1><h1 class="new-title">Quay plan approved</h1>
    <span class="writer" data-name="Ada Lovelace">A. L.</span><div class="promo">Subscribe now for 1 euro</div>
    <div class="text">{PARAS}<div class="promo">Subscribe now for 1 euro</div></div>
    <div class="tag">harbour</div><div class="tag">planning</div></body></html>"""


RULES = parse_rules(
    [
        {"valid_until": "2023-12-31", "fields": {"headline": "h1.old-title", "authors": ".writer"}},
        {
            "valid_from": "2024-01-01",
            "body": "div.text",
            "exclude": [".promo"],
            "fields": {"authors": ".writer::attr(data-name)", "tags": ".tag"},
        },
    ],
    "test.toml",
)


def test_choose_rule_by_day() -> None:
    assert choose_rule(RULES, date(2023, 5, 1)) is RULES[0]
    assert choose_rule(RULES, date(2025, 5, 1)) is RULES[1]
    assert choose_rule(RULES, None) is RULES[1]  # unknown day: the current layout
    assert choose_rule((SiteRule(valid_until=date(2020, 1, 1)),), None) is None


def test_current_rule_reads_attributes_lists_and_body() -> None:
    result = extract_page(
        page("2025-03-01T10:00:00+01:00"), "https://herald.example/quay-plan-approved-2025", RULES
    )
    assert result.fields["authors"] == ["Ada Lovelace"]
    assert result.fields["tags"] == ["harbour", "planning"]
    assert result.provenance["authors"] == result.provenance["tags"] == "site-rule"
    assert result.fields["article_body"].split("\n\n")[0].startswith("Paragraph 0")
    assert len(result.fields["article_body"].split("\n\n")) == 6
    assert "Subscribe" not in result.fields["article_body"]


def test_old_rule_for_old_pages() -> None:
    result = extract_page(
        page("2023-03-01T10:00:00+01:00"), "https://herald.example/quay-plan-approved-2023", RULES
    )
    assert result.fields["authors"] == ["A. L."]
    assert result.provenance["headline"] == "site-rule"
    assert result.provenance["article_body"] != "site-rule"


def test_without_rules_the_generic_layers_decide() -> None:
    result = extract_page(page("2025-03-01T10:00:00+01:00"), "https://herald.example/quay-plan-approved-2025")
    assert "site-rule" not in result.provenance.values()
    assert result.fields.get("authors") != ["Ada Lovelace"]

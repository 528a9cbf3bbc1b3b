"""Site rules: optional per-site selectors, as data, versioned by date when a site redesigns.

In a profile (TOML), each ``[[rules]]`` table is one version of a site's layout::

    [[rules]]
    valid_until = "2024-06-30"          # pages published up to this day use this version
    body = "div.story-body"             # container of the article text
    exclude = [".share", ".related"]    # removed before any field is read
    [rules.fields]                      # field -> CSS selector; "::attr(name)" reads an attribute
    headline = "h1.story-title"
    date_published = "time.published::attr(datetime)"

    [[rules]]                           # the current layout (no end date)
    valid_from = "2024-07-01"
    body = "article .content-body"

A field a rule finds wins over every other layer (provenance ``site-rule``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cssselect import GenericTranslator, SelectorError

RULE_FIELDS = frozenset(
    {
        "headline",
        "description",
        "authors",
        "date_published",
        "date_modified",
        "section",
        "tags",
        "attribution",
    }
)
_RULE_KEYS = {"valid_from", "valid_until", "body", "exclude", "fields"}


@dataclass(frozen=True)
class SiteRule:
    """One version of a site's selectors."""

    valid_from: date | None = None
    valid_until: date | None = None
    body: str | None = None
    exclude: tuple[str, ...] = ()
    fields: dict[str, str] = field(default_factory=dict)

    def covers(self, day: date | None) -> bool:
        """Whether a page of ``day`` (None: unknown) falls in this version's validity."""
        if day is None:
            return self.valid_until is None
        return (self.valid_from is None or day >= self.valid_from) and (
            self.valid_until is None or day <= self.valid_until
        )


def choose_rule(rules: tuple[SiteRule, ...] | list[SiteRule], day: date | None) -> SiteRule | None:
    """The version that covers ``day``; for an unknown day, the current (open-ended) one."""
    for rule in rules:
        if rule.covers(day):
            return rule
    return None


def split_selector(selector: str) -> tuple[str, str | None]:
    """(CSS selector, attribute or None) from ``"css::attr(name)"`` or plain ``"css"``.

    >>> split_selector("time.pub::attr(datetime)")
    ('time.pub', 'datetime')
    >>> split_selector("h1")
    ('h1', None)
    """
    if selector.endswith(")") and "::attr(" in selector:
        css, _, rest = selector.rpartition("::attr(")
        return css.strip(), rest[:-1].strip()
    return selector.strip(), None


def _check_css(selector: str, where: str) -> None:
    css, _ = split_selector(selector)
    try:
        GenericTranslator().css_to_xpath(css)
    except SelectorError as exc:
        raise ValueError(f"{where}: bad CSS selector {selector!r}: {exc}") from None


def _day(value: Any, where: str) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{where}: not an ISO date: {value!r}") from None


def parse_rules(data: Any, where: str) -> tuple[SiteRule, ...]:
    """Validate the ``rules`` of a profile (a list of tables); raises ValueError naming the problem."""
    if data is None:
        return ()
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise ValueError(f"{where}: key 'rules' must be an array of tables ([[rules]])")
    rules = []
    for n, raw in enumerate(data, 1):
        at = f"{where}: rules #{n}"
        unknown = sorted(set(raw) - _RULE_KEYS)
        if unknown:
            raise ValueError(f"{at}: unknown key '{unknown[0]}'")
        fields = raw.get("fields", {})
        if not isinstance(fields, dict):
            raise ValueError(f"{at}: key 'fields' must be a table")
        for name, selector in fields.items():
            if name not in RULE_FIELDS:
                raise ValueError(
                    f"{at}: fields: unknown field '{name}' (one of {', '.join(sorted(RULE_FIELDS))})"
                )
            if not isinstance(selector, str):
                raise ValueError(f"{at}: fields.{name} must be a CSS selector string")
            _check_css(selector, f"{at}: fields.{name}")
        exclude = raw.get("exclude", [])
        if not isinstance(exclude, list) or not all(isinstance(s, str) for s in exclude):
            raise ValueError(f"{at}: key 'exclude' must be a list of CSS selectors")
        for selector in exclude:
            _check_css(selector, f"{at}: exclude")
        body = raw.get("body")
        if body is not None:
            if not isinstance(body, str):
                raise ValueError(f"{at}: key 'body' must be a CSS selector string")
            _check_css(body, f"{at}: body")
        rule = SiteRule(
            valid_from=_day(raw.get("valid_from"), f"{at}: valid_from"),
            valid_until=_day(raw.get("valid_until"), f"{at}: valid_until"),
            body=body,
            exclude=tuple(exclude),
            fields=dict(fields),
        )
        if rule.valid_from and rule.valid_until and rule.valid_from > rule.valid_until:
            raise ValueError(f"{at}: valid_from is after valid_until")
        rules.append(rule)
    return tuple(rules)

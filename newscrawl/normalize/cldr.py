"""Month names and place names from the Unicode CLDR, as small tables shipped with newscrawl.

Dates written in words ("5. März 2025") need month names, and bylines need to tell a place
("Berlin") from a name. Babel has them, but asking Babel loads each language's whole locale
data (about 1 MB of Python objects per language, kept for the life of the process): 20 MB in
every extraction worker for a few thousand words. The words are taken from Babel once, when
newscrawl is released, into ``data/cldr_names.json``; ``python -m newscrawl.normalize.cldr``
writes it again (``tests/test_cldr.py`` checks that it matches the installed Babel).
"""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path

TABLE = Path(__file__).with_name("data") / "cldr_names.json"
MONTH_LOCALES = [
    "en",
    "de",
    "fr",
    "es",
    "it",
    "pt",
    "nl",
    "sv",
    "da",
    "nb",
    "fi",
    "pl",
    "tr",
    "cs",
    "ro",
    "hu",
    "ca",
    "ru",
    "uk",
    "el",
    "id",
]  # the common page languages
PLACE_LOCALES = ["en", "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "sv", "da", "no", "fi", "cs"]


def build() -> dict[str, object]:
    """The tables, read from Babel: {"months": {name: 1-12}, "places": [name, ...]}, all
    casefolded (a month's trailing dot stripped); the first language to name a month wins."""
    from babel import Locale
    from babel.dates import get_month_names

    months: dict[str, int] = {}
    for locale in MONTH_LOCALES:
        for width in ("wide", "abbreviated"):
            for number, month in get_month_names(width, locale=locale).items():
                months.setdefault(month.casefold().strip("."), number)
    places: set[str] = set()
    for code in PLACE_LOCALES:
        parsed = Locale.parse(code)
        places.update(v["city"].casefold() for v in parsed.time_zones.values() if "city" in v)
        places.update(name.casefold() for name in parsed.territories.values())
    return {"months": months, "places": sorted(places)}


@cache
def _tables() -> dict[str, object]:
    try:
        loaded = json.loads(TABLE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"months": {}, "places": []}  # a broken install: words are then not recognised
    return loaded if isinstance(loaded, dict) else {"months": {}, "places": []}


def month_numbers() -> dict[str, int]:
    """Casefolded month names and abbreviations -> month number (1-12)."""
    months = _tables().get("months")
    return months if isinstance(months, dict) else {}


@cache
def place_names() -> frozenset[str]:
    """Casefolded city and country names in the common page languages."""
    places = _tables().get("places")
    return frozenset(places) if isinstance(places, list) else frozenset()


def write() -> None:
    """Write the tables from the installed Babel."""
    TABLE.parent.mkdir(exist_ok=True)
    TABLE.write_text(json.dumps(build(), ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write()
    sys.stdout.write(f"wrote {TABLE}\n")

"""The shipped CLDR tables (month and place names) match Babel, and extraction needs no Babel."""

from __future__ import annotations

import json
import subprocess
import sys

from newscrawl.extraction.dates import _month_number
from newscrawl.normalize import cldr
from newscrawl.normalize.bylines import is_place


def test_shipped_tables_agree_with_the_installed_babel() -> None:
    """The table was written from Babel's CLDR data (a newer CLDR may add or rename a few names:
    then run ``python -m newscrawl.normalize.cldr``)."""
    shipped = json.loads(cldr.TABLE.read_text(encoding="utf-8"))
    built = json.loads(json.dumps(cldr.build()))
    assert len(shipped["months"]) > 300 and len(shipped["places"]) > 3000
    same_month = [name for name, number in shipped["months"].items() if built["months"].get(name) == number]
    assert len(same_month) >= 0.95 * len(shipped["months"])
    assert len(set(shipped["places"]) & set(built["places"])) >= 0.95 * len(shipped["places"])


def test_month_names_in_several_languages() -> None:
    assert [_month_number(n) for n in ("März", "sept.", "décembre", "Ekim", "мая", "nope")] == [
        3,
        9,
        12,
        10,
        5,
        None,
    ]


def test_places_from_the_tables() -> None:
    assert is_place("Deutschland") and is_place("Londres") and is_place("Berlin")
    assert not is_place("Ortega")


def test_extraction_loads_no_babel_locale_data() -> None:
    """Babel's locale data costs ~1 MB per language in every extraction worker."""
    page = (
        "<html lang='de'><body><article><h1>Ein Titel hier</h1><time>5. März 2025</time>"
        "<p class='byline'>Von Anna Berg, Berlin</p>"
        + "<p>Ein Absatz mit genug Text für den Körper.</p>" * 8
        + "</article></body></html>"
    )
    code = (
        "import newscrawl;"
        f"r = newscrawl.extract({page!r}, 'https://news.example/a/1');"
        "import babel.localedata;"  # courlan imports Babel; its locale data must stay unloaded
        "print(r['date_published'], r['authors'], len(babel.localedata._cache))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split()[-1] == "0", out
    assert "Anna Berg" in out, out
    assert out.startswith("2025-03-05"), out

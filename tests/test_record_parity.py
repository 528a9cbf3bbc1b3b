"""One record for one page and its hints, whoever builds it: ``scrapy crawl <site>`` over a local
server, ``newscrawl extract --site … --title … --published …`` and ``newscrawl.extract(…,
hints=…)`` give the same record (crawl state aside: crawled_at, run_id, revision).

The page declares no headline nor date of its own in its markup; its news sitemap gives the
title, a wall-clock publication time and keywords; the site profile gives the time zone
(Europe/Berlin), the language (de) and a site rule reading a day-first date ("05.12.2024 10:15").
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import newscrawl
from newscrawl.normalize.loader import PageHints
from newscrawl.sites.profile import load_profiles
from tests.crawling import PROJECT_ROOT, run_crawl
from tests.support.fixture_web import FixtureWeb
from tests.support.localweb import crawl_settings

HOST = "hinweis.example"
URL = f"https://{HOST}/politik/haushalt-beschlossen"
TITLE = "Haushalt für 2025 beschlossen"
PUBLISHED = "2024-12-06T08:30:00"
KEYWORDS = "Haushalt, Stadtrat"
PARAGRAPHS = "".join(
    f"<p>Der Stadtrat hat am Donnerstagabend nach langer Debatte den Haushalt beschlossen ({i}). "
    "Die Opposition kritisierte die Kürzungen bei Schulen, Bibliotheken und Schwimmbädern.</p>"
    for i in range(8)
)
PAGE = f"""<!doctype html><html lang="de"><head><meta charset="utf-8">
<meta property="article:modified_time" content="2024-12-06T09:45:00">
</head><body><article><p class="stand">05.12.2024 10:15</p>
<p class="byline">Von Jana Weber und José Ortega y Gasset</p>{PARAGRAPHS}</article></body></html>"""
SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>{URL}</loc><news:news><news:publication_date>{PUBLISHED}</news:publication_date>
<news:title>{TITLE}</news:title><news:keywords>{KEYWORDS}</news:keywords></news:news></url>
</urlset>"""
PROFILE = f"""name = "hinweis"
title = "Hinweis"
domains = ["{HOST}"]
start_urls = ["https://{HOST}/"]
sitemaps = ["https://{HOST}/news-sitemap.xml"]
language = "de"
timezone = "Europe/Berlin"

[[rules]]
fields = {{ date_published = ".stand" }}
"""
HOME = '<html lang="de"><body><p>Startseite</p></body></html>'
CRAWL_STATE = {"crawled_at", "run_id", "revision"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path, FixtureWeb]]:
    root = tmp_path_factory.mktemp("parity")
    web_root, sites = root / "web", root / "sites"
    (web_root / HOST).mkdir(parents=True)
    sites.mkdir()
    files = {"page.html": PAGE, "news-sitemap.xml": SITEMAP, "home.html": HOME}
    for name, text in files.items():
        (web_root / HOST / name).write_text(text, encoding="utf-8")
    routes = {
        "/": {"file": "home.html"},
        "/politik/haushalt-beschlossen": {"file": "page.html"},
        "/news-sitemap.xml": {"file": "news-sitemap.xml", "type": "application/xml"},
    }
    (web_root / HOST / "_routes.json").write_text(json.dumps(routes), encoding="utf-8")
    (sites / "hinweis.toml").write_text(PROFILE, encoding="utf-8")
    with FixtureWeb(web_root) as web:
        yield root, sites, web


def _without_state(record: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in record.items() if k not in CRAWL_STATE}


def test_crawl_cli_and_api_give_the_same_record(site: tuple[Path, Path, FixtureWeb]) -> None:
    root, sites, web = site
    crawl = run_crawl(
        "hinweis",
        root / "data",
        settings={**crawl_settings(web.origin), "NEWSCRAWL_SITES_DIRS": str(sites)},
    )
    assert [r["url"] for r in crawl.records] == [URL], crawl.rejects
    crawled = crawl.records[0]

    page = root / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    command = [
        sys.executable, "-m", "newscrawl.cli", "extract", str(page), "--url", URL,
        "--sites-dir", str(sites), "--site", "hinweis",
        "--title", TITLE, "--published", PUBLISHED, "--keywords", KEYWORDS, "--hint-source", "sitemap",
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, check=False)
    assert done.returncode == 0, done.stderr
    from_cli = json.loads(done.stdout)

    profile = load_profiles((str(sites),))["hinweis"]
    hints = PageHints(
        title=TITLE,
        published=PUBLISHED,
        keywords=tuple(k.strip() for k in KEYWORDS.split(",")),
        source="sitemap",
        timezone=profile.timezone,
        language=profile.language,
        site=profile.name,
    )
    from_api = newscrawl.extract(PAGE, URL, rules=profile.rules, hints=hints)

    assert _without_state(from_cli) == _without_state(from_api)
    assert _without_state(crawled) == _without_state(from_api)
    # And the record is the one the hints and rules describe.
    assert crawled["site"] == "hinweis"
    assert crawled["headline"] == TITLE and crawled["provenance"]["headline"] == "sitemap"
    assert crawled["tags"] == ["Haushalt", "Stadtrat"] and crawled["provenance"]["tags"] == "sitemap"
    assert crawled["date_published"] == "2024-12-05T10:15:00+01:00"  # day-first, site time zone
    assert crawled["provenance"]["date_published"] == "site-rule"
    assert crawled["date_modified"] == "2024-12-06T09:45:00+01:00"
    assert crawled["authors"] == ["Jana Weber", "José Ortega y Gasset"]


def test_without_hints_the_cli_record_differs(site: tuple[Path, Path, FixtureWeb]) -> None:
    """The hints are what makes the records equal: without them, site, headline and dates differ."""
    root, _, _ = site
    page = root / "bare.html"
    page.write_text(PAGE, encoding="utf-8")
    command = [sys.executable, "-m", "newscrawl.cli", "extract", str(page), "--url", URL]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=PROJECT_ROOT, check=True)
    bare = json.loads(done.stdout)
    assert bare["site"] == "hinweis.example"
    assert bare["headline"] != TITLE and bare["tags"] == []
    assert bare["date_modified"] == "2024-12-06T09:45:00"


def test_extract_refuses_an_unknown_site_or_time_zone(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    base = [sys.executable, "-m", "newscrawl.cli", "extract", str(page), "--url", URL]
    for extra, message in (
        (["--site", "nowhere"], "no site profile"),
        (["--timezone", "Mars/Olympus"], "time zone"),
    ):
        done = subprocess.run([*base, *extra], capture_output=True, text=True, timeout=120, check=False)
        assert done.returncode == 2 and message in done.stderr
        assert done.stdout == ""

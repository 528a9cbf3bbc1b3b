"""A module whose import does not end (for at most two minutes) in a process started with
``NEWSCRAWL_TEST_STUCK_IMPORT`` set: a one-off extraction process stuck before it reads its page."""

from __future__ import annotations

import os
import time
from collections.abc import Sequence

from newscrawl.extraction import extract_page
from newscrawl.extraction.result import PageExtraction
from newscrawl.sites.rules import SiteRule

if os.environ.get("NEWSCRAWL_TEST_STUCK_IMPORT"):
    time.sleep(120)


def extract(html: str, url: str, rules: Sequence[SiteRule]) -> PageExtraction:
    return extract_page(html, url, rules)

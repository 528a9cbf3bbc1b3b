"""Modules imported without their package's __init__: the heavy parts stay out, nothing changes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from datasketch import MinHashLSH

from newscrawl.ledger import neardup

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from newscrawl.extraction.structured import load_microdata
from newscrawl.extraction.document import Document
from newscrawl.ledger import neardup

text = "The harbour board said the quay reopened on Monday after six weeks of repairs to the wall."
page = Document(
    '<html><body><div itemscope itemtype="https://schema.org/NewsArticle">'
    '<h1 itemprop="headline">Quay reopens</h1></div></body></html>', "http://example.test/a"
)
found = {
    "microdata": load_microdata(page.tree, page.url),
    "bands": neardup.band_params(neardup.DEFAULT_THRESHOLD, neardup.DEFAULT_NUM_PERM),
    "signature": neardup.signature(text).hex(),
    "loaded": sorted(m for m in ("scipy", "rdflib", "datasketch", "extruct") if m in sys.modules),
}
import datasketch, extruct  # the packages proper still import, with the same classes

minhash = datasketch.MinHash(num_perm=neardup.DEFAULT_NUM_PERM, seed=1)
minhash.update_batch([g.encode("utf-8") for g in neardup.shingles(text)])
found["datasketch_signature"] = bytes(int(v) & 0xFF for v in minhash.hashvalues).hex()
found["same_classes"] = (
    datasketch.MinHash is sys.modules["datasketch.minhash"].MinHash
    and extruct.MicrodataExtractor is sys.modules["extruct.w3cmicrodata"].MicrodataExtractor
)
print(json.dumps(found))
"""


def test_microdata_and_signatures_load_neither_scipy_nor_rdflib() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    assert found["loaded"] == []
    assert found["microdata"] and found["microdata"][0]["headline"] == "Quay reopens"
    assert found["bands"] == [14, 9]
    assert found["signature"] == found["datasketch_signature"]
    assert found["same_classes"] is True


def test_known_band_params_are_what_datasketch_picks() -> None:
    for (threshold, num_perm), params in neardup.KNOWN_BAND_PARAMS.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
        assert (lsh.b, lsh.r) == params
    assert neardup.band_params(0.7, 64) == (
        MinHashLSH(threshold=0.7, num_perm=64, weights=(0.1, 0.9)).b,
        MinHashLSH(threshold=0.7, num_perm=64, weights=(0.1, 0.9)).r,
    )

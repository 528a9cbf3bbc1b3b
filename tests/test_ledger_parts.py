"""Pure helpers of the ledger: shingles, signatures, bands, policies, time conversions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from newscrawl.ledger import neardup
from newscrawl.ledger.policy import parse_policy
from newscrawl.ledger.timeutil import from_epoch, http_date_to_stored, stored_to_http_date, to_epoch

TEXT = " ".join(f"word{i}" for i in range(200))


def test_shingles_are_lowercased_word_windows() -> None:
    assert neardup.shingles("One, two; THREE four five six") == {
        "one two three four five",
        "two three four five six",
    }
    assert neardup.shingles("Too short.") == {"too short"}
    assert neardup.shingles(" ... ") == set()


def test_signature_has_num_perm_bytes_and_is_deterministic() -> None:
    sig = neardup.signature(TEXT, 64)
    assert sig is not None and len(sig) == 64
    assert neardup.signature(TEXT, 64) == sig
    assert neardup.signature("", 64) is None


@pytest.mark.parametrize("num_perm", [64, 128])
def test_signature_is_that_of_a_fresh_datasketch_minhash(num_perm: int) -> None:
    """Signatures stored by earlier runs stay comparable: the MinHash computed here has every
    value of datasketch's (scheme "affine32", seed 1), on short, long and non-ASCII texts."""
    import numpy as np
    from datasketch import MinHash

    long_text = " ".join(f"wort{i % 701} straße{i % 13}" for i in range(3000))
    texts = (TEXT, "Harbour board reopens the quay after storm repairs to the sea wall", "один", long_text)
    for text in texts:
        grams = neardup.shingles(text)
        fresh = MinHash(num_perm=num_perm, seed=1, scheme="affine32")
        fresh.update_batch([gram.encode("utf-8") for gram in grams])
        assert neardup.minhash_values(grams, num_perm).tolist() == fresh.hashvalues.tolist()
        expected = np.asarray(fresh.hashvalues & 0xFF, dtype=np.uint8).tobytes()
        assert neardup.signature(text, num_perm) == expected


def test_signatures_do_not_import_datasketch() -> None:
    """datasketch's package pulls in scipy: a crawl at the default threshold never imports it."""
    import subprocess
    import sys

    code = (
        "import sys; from newscrawl.ledger import neardup; neardup.signature('a b c d e f');"
        "neardup.band_params(neardup.DEFAULT_THRESHOLD, neardup.DEFAULT_NUM_PERM);"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('datasketch', 'scipy')))"
    )
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert printed.stdout.strip() == "[]"


def test_similarity_tracks_jaccard() -> None:
    sig = neardup.signature(TEXT) or b""
    assert neardup.similarity(sig, sig) == 1.0
    other = neardup.signature(" ".join(f"other{i}" for i in range(200))) or b""
    assert neardup.similarity(sig, other) < 0.1
    half = neardup.signature(" ".join(f"word{i}" for i in range(100))) or b""
    assert 0.3 < neardup.similarity(sig, half) < 0.7  # true Jaccard 96/196
    with pytest.raises(ValueError):
        neardup.similarity(sig, sig[:10])


def test_the_default_bands_are_what_datasketch_picks() -> None:
    """The default (threshold, num_perm) skips datasketch's search; other values still run it."""
    default = (neardup.DEFAULT_THRESHOLD, neardup.DEFAULT_NUM_PERM)
    assert neardup.band_params(*default) == neardup.datasketch_band_params(*default)
    assert neardup.band_params(0.5, 64) == neardup.datasketch_band_params(0.5, 64) != (14, 9)


def test_band_keys_match_only_on_equal_bands() -> None:
    bands, rows = neardup.band_params(0.8, 128)
    assert bands * rows <= 128
    sig = neardup.signature(TEXT) or b""
    keys = neardup.band_keys(sig, bands, rows)
    assert len(keys) == bands and all(-(2**47) <= key < 2**47 for key in keys)
    changed = bytes([sig[0] ^ 1]) + sig[1:]
    assert neardup.band_keys(changed, bands, rows)[1:] == keys[1:]
    assert neardup.band_keys(changed, bands, rows)[0] != keys[0]


def test_best_match_prefers_the_earliest_article() -> None:
    sig = neardup.signature(TEXT) or b""
    other = neardup.signature("entirely different words here and there again") or b""
    assert neardup.best_match([(7, sig), (3, sig), (1, other)], sig, 0.8) == 3
    assert neardup.best_match([(1, other)], sig, 0.8) is None


@pytest.mark.parametrize(
    ("policy", "expected"),
    [("lastmod", ("lastmod", None)), (" NEVER ", ("never", None)), ("days:7", ("days", timedelta(days=7)))],
)
def test_parse_policy(policy: str, expected: tuple[str, timedelta | None]) -> None:
    assert parse_policy(policy) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-12-30", datetime(2024, 12, 30, tzinfo=UTC)),
        ("2024-12-30T09:15:00+02:00", datetime(2024, 12, 30, 7, 15, tzinfo=UTC)),
        ("2024-12-30T09:15:00Z", datetime(2024, 12, 30, 9, 15, tzinfo=UTC)),
        (datetime(2024, 12, 30, 9, 15), datetime(2024, 12, 30, 9, 15, tzinfo=UTC)),
    ],
)
def test_epoch_round_trip(value: str | datetime, expected: datetime) -> None:
    assert from_epoch(to_epoch(value)) == expected


def test_http_dates_round_trip() -> None:
    stored = http_date_to_stored("Wed, 21 Oct 2015 07:28:00 GMT")
    assert isinstance(stored, int)
    assert stored_to_http_date(stored) == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert stored_to_http_date(http_date_to_stored("not a date")) == "not a date"
    assert http_date_to_stored(None) is None

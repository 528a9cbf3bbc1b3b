"""Near-duplicate signatures: MinHash of word shingles, stored compactly, banded for LSH.

A body becomes the set of its 5-word shingles (lowercased, words only, so
punctuation and spacing do not matter). Its MinHash (``datasketch.MinHash``,
``num_perm`` permutations) is kept as a *b-bit* signature: the lowest byte of
each of the ``num_perm`` values, ``num_perm`` bytes in all (b-bit minwise
hashing, Li & König 2010). Two signatures agree at a position with probability
``J + (1 - J) / 256`` for Jaccard similarity ``J``, so ``J`` is estimated from
the share of agreeing bytes with that correction.

For lookups the signature is cut into ``b`` bands of ``r`` bytes, ``(b, r)``
chosen by ``datasketch.MinHashLSH`` for the threshold with false negatives
weighted 0.9 (threshold 0.8, num_perm 128: 14 bands of 9; a pair at Jaccard
0.85 becomes a candidate with probability 0.975); each band hashes to a 48-bit
band key. Articles sharing a band key are candidates, and candidates are
kept when their estimated similarity reaches the threshold. Because band keys
are derived from the stored signature, the band index can be rebuilt at any
time for another threshold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from hashlib import blake2b

import numpy as np

SHINGLE_WORDS = 5
DEFAULT_NUM_PERM = 128
DEFAULT_THRESHOLD = 0.8
_SEED = 1
_WEIGHTS = (0.1, 0.9)  # (false positive, false negative) weights for choosing bands
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles of ``text`` (lowercased); one shingle when shorter.

    >>> sorted(shingles("A b, c!", size=2))
    ['a b', 'b c']
    """
    words = _WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str, num_perm: int = DEFAULT_NUM_PERM) -> bytes | None:
    """The ``num_perm``-byte signature of a body, or None when it has no words."""
    from datasketch import MinHash  # imported on first use: datasketch pulls in scipy

    grams = shingles(text)
    if not grams:
        return None
    scheme, permutations = _permutations(num_perm)
    minhash = MinHash(num_perm=num_perm, seed=_SEED, scheme=scheme, permutations=permutations)
    minhash.update_batch([gram.encode("utf-8") for gram in grams])
    return np.asarray(minhash.hashvalues & 0xFF, dtype=np.uint8).tobytes()


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[str, object]:
    """datasketch's scheme and permutations for ``num_perm`` and our seed, drawn once (a fresh
    MinHash draws them again from its random generator: a third of a signature's cost)."""
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, seed=_SEED)
    return template.scheme, template.permutations


def similarity(sig_a: bytes, sig_b: bytes) -> float:
    """Estimated Jaccard similarity of the bodies behind two signatures of equal length."""
    if len(sig_a) != len(sig_b) or not sig_a:
        raise ValueError("signatures differ in length")
    agree = np.count_nonzero(np.frombuffer(sig_a, np.uint8) == np.frombuffer(sig_b, np.uint8))
    share = agree / len(sig_a)
    return max(0.0, (share - 1 / 256) / (1 - 1 / 256))


# What datasketch picks for the default threshold and permutations (tests/test_ledger_parts.py checks
# it): its search integrates for every (b, r) pair, about 0.4 s of CPU at each crawl's start.
_DEFAULT_BANDS = {(DEFAULT_THRESHOLD, DEFAULT_NUM_PERM): (14, 9)}


@lru_cache(maxsize=16)
def band_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) that datasketch picks for this threshold, weighted towards recall.

    Candidates are verified against their signatures, so a false positive costs
    little while a false negative loses a duplicate: weights (0.1, 0.9).
    """
    known = _DEFAULT_BANDS.get((threshold, num_perm))
    if known is not None:
        return known
    return datasketch_band_params(threshold, num_perm)


def datasketch_band_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) as datasketch's ``MinHashLSH`` computes them."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=_WEIGHTS)
    return lsh.b, lsh.r


def band_keys(sig: bytes, bands: int, rows: int) -> list[int]:
    """The 48-bit band keys of a signature (one per band)."""
    keys = []
    for band in range(bands):
        chunk = sig[band * rows : (band + 1) * rows]
        digest = blake2b(band.to_bytes(2, "big") + chunk, digest_size=6).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def best_match(candidates: Sequence[tuple[int, bytes]], sig: bytes, threshold: float) -> int | None:
    """The lowest id among ``(id, signature)`` candidates at or above ``threshold``."""
    hits = [
        cid for cid, other in candidates if len(other) == len(sig) and similarity(sig, other) >= threshold
    ]
    return min(hits) if hits else None

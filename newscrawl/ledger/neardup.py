"""Near-duplicate signatures: MinHash of word shingles, stored compactly, banded for LSH.

A body becomes the set of its 5-word shingles (lowercased, words only, so
punctuation and spacing do not matter). Its MinHash (``num_perm`` permutations, the
scheme of ``datasketch.MinHash`` 2.x, "affine32": SHA-1's first 32 bits, MurmurHash3's
finalizer, then ``a * h + b`` mod 2**32 with odd ``a``, drawn from ``RandomState(1)``) is
computed here with numpy and fixed by this module, so that the signatures a ledger stores
never change with a library's default; tests check it against datasketch value for value.
datasketch itself is imported only to choose bands for a non-default threshold: its package
pulls in scipy (about 60 MB and 0.7 s of CPU per crawl).

A body's MinHash is kept as a *b-bit* signature: the lowest byte of each of the
``num_perm`` values, ``num_perm`` bytes in all (b-bit minwise hashing, Li & König 2010).
Two signatures agree at a position with probability ``J + (1 - J) / 256`` for Jaccard
similarity ``J``, so ``J`` is estimated from the share of agreeing bytes with that
correction.

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
from collections.abc import Iterable, Sequence
from functools import lru_cache
from hashlib import blake2b, sha1
from typing import cast

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
    grams = shingles(text)
    if not grams:
        return None
    return np.asarray(minhash_values(grams, num_perm) & 0xFF, dtype=np.uint8).tobytes()


def minhash_values(grams: Iterable[str], num_perm: int = DEFAULT_NUM_PERM) -> np.ndarray:
    """The ``num_perm`` 32-bit MinHash values of a non-empty set of shingles (the values of
    ``datasketch.MinHash(num_perm, seed=1, scheme="affine32")`` fed the UTF-8 shingles)."""
    digests = b"".join(sha1(gram.encode("utf-8")).digest()[:4] for gram in grams)
    hashed = _murmur_finalizer(np.frombuffer(digests, dtype="<u4").astype(np.uint32))
    multipliers, offsets = _permutations(num_perm)
    return cast(np.ndarray, (hashed[:, None] * multipliers + offsets).min(axis=0))


def _murmur_finalizer(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, element-wise (a bijection that spreads the bits)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return cast(np.ndarray, values ^ (values >> np.uint32(16)))


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """The affine permutations' odd multipliers and offsets for ``num_perm`` and our seed."""
    generator = np.random.RandomState(_SEED)
    multipliers = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    offsets = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return multipliers, offsets


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

"""Exact and near-duplicate detection for postings: a content hash plus MinHash LSH on the description.

Which posting of a group of near-duplicates is kept is decided by one rule both engines share
(``decide_duplicates`` below; ``careerpath.market.spark_dedup`` on Spark): a posting is a duplicate
when one of its near-duplicates ranks before it (earliest date, then content key, then id).
With 8 bands of 8 rows, two descriptions become candidates (share a band) with probability
1 - (1 - J^8)^8: about 0.98 at Jaccard 0.9, 0.63 at 0.8 and 0.03 at 0.5 (word 3-gram shingles);
a candidate pair counts when at least 48 of the 64 MinHash values agree. Postings without a
description (survey rows) are never deduplicated: identical survey answers are legitimately
different people.

Everything here is vectorised with numpy, because it runs once per posting (a million at scale):
words are hashed from prefix sums over the text's code points, and the signature is a one-
permutation MinHash (Li, Owen & Zhang 2012) densified by rotation (Shrivastava & Li 2014): one
pass over the shingles instead of 64.

Not ``datasketch``: its ``MinHash`` hashes each shingle in Python and permutes 64 times, measured
7x slower on this hot path (1.30 vs 0.18 ms per Glassdoor description; benchmarks/bench_dedup.py).
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

import numpy as np

NUM_PERM = 64
BANDS = 8
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 3
MIN_TOKENS = 12  # shorter descriptions only get the exact key: too few shingles to compare

_BIN_SHIFT = np.uint64(64 - 6)  # the top 6 bits of a shingle hash pick one of the 64 bins
_VALUE_MASK = np.uint64((1 << 58) - 1)
_PRIME = 0x100000001B3  # the FNV-1a 64-bit prime: odd, so invertible modulo 2**64
_MIX = np.uint64(0x9E3779B97F4A7C15)
_K1, _K2 = np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9)
_ROTATION = np.uint64(0x2545F4914F6CDD1D)  # added per step when an empty bin borrows a neighbour's value
_BAND_MIX = np.random.default_rng(20240601).integers(1, 2**63, (BANDS, ROWS), dtype=np.uint64)


@dataclass(frozen=True)
class DedupKeys:
    """The keys a posting is indexed under: its exact content key and its LSH band keys (int64)."""

    content_key: int
    band_keys: tuple[int, ...]
    minhash: bytes = b""  # the 64 MinHash values (little-endian int64); empty for short descriptions

    @property
    def all(self) -> tuple[int, ...]:
        return (self.content_key, *self.band_keys)

    def signature(self) -> Signature:
        """Returns these keys as the keep rule's ``Signature``."""
        return Signature(self.content_key, self.band_keys, self.minhash)


def _signed(value: int) -> int:
    return value - 2**64 if value >= 2**63 else value


@cache
def _folded_word_table() -> np.ndarray:
    """Maps each BMP code point to its lower-case code point when it is a word character (``\\w``:
    ``str.isalnum()`` or ``_``), else to 0. Code points beyond the BMP are folded onto it (``& 0xFFFF``):
    deterministic, and rare enough in postings not to matter for near-duplicates."""
    table = np.zeros(0x10000, dtype=np.uint64)
    for code in range(0x10000):
        char = chr(code)
        if char.isalnum() or char == "_":
            lower = char.lower()
            table[code] = ord(lower) if len(lower) == 1 else code
    return table


_POWERS = np.ones(1, dtype=np.uint64)
_INVERSE_POWERS = np.ones(1, dtype=np.uint64)


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Returns p**i and p**-i modulo 2**64 for i < n (grown by doubling, kept for later texts)."""
    global _POWERS, _INVERSE_POWERS
    while _POWERS.size < n:
        size = _POWERS.size
        step = np.uint64(pow(_PRIME, size, 2**64))
        inverse_step = np.uint64(pow(_PRIME, -size, 2**64))
        _POWERS = np.concatenate([_POWERS, _POWERS * step])
        _INVERSE_POWERS = np.concatenate([_INVERSE_POWERS, _INVERSE_POWERS * inverse_step])
    return _POWERS[:n], _INVERSE_POWERS[:n]


def word_hashes(text: str) -> np.ndarray:
    """Returns one 64-bit hash per ``\\w+`` word of ``text`` (case-folded), in order.

    Each word's hash is its polynomial hash sum(c_i * p**i), read off prefix sums of the whole
    text and re-based to the word's start, so no Python code runs per word.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    folded = _folded_word_table()[codes & 0xFFFF]
    n = folded.size
    in_word = np.zeros(n + 2, dtype=np.bool_)
    np.not_equal(folded, 0, out=in_word[1:-1])
    edges = np.flatnonzero(in_word[1:] != in_word[:-1])
    starts, ends = edges[::2], edges[1::2]
    powers, inverse_powers = _powers(n)
    prefix = np.zeros(n + 1, dtype=np.uint64)
    np.multiply(folded, powers, out=folded)
    np.cumsum(folded, out=prefix[1:])
    return np.asarray((prefix[ends] - prefix[starts]) * inverse_powers[starts], dtype=np.uint64)


def _shingles(words: np.ndarray) -> np.ndarray:
    """Returns the distinct, sorted 64-bit hashes of consecutive word triples."""
    if words.size < SHINGLE_WORDS:
        return np.zeros(0, dtype=np.uint64)
    combined = words[:-2] * _K1 + words[1:-1] * _K2 + words[2:]
    combined ^= combined >> np.uint64(31)
    combined *= _MIX
    combined ^= combined >> np.uint64(29)
    return _distinct(combined)


def _distinct(values: np.ndarray) -> np.ndarray:
    """Returns the sorted distinct values (as ``np.unique``, which is slower on small arrays)."""
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def shingle_hashes(text: str) -> np.ndarray:
    """Returns the distinct hashes of the word 3-grams of ``text`` (case-folded), sorted."""
    return _shingles(word_hashes(text))


def _signature(shingles: np.ndarray) -> np.ndarray | None:
    """Returns the one-permutation MinHash of sorted distinct shingle hashes (None when too few).

    The top bits of a hash pick its bin and the hashes are sorted, so each bin's minimum is the
    first hash at or after the bin's lower edge. An empty bin takes the value of the next
    non-empty bin to its right (circularly), shifted by a constant per step (rotation).
    """
    if shingles.size < MIN_TOKENS - SHINGLE_WORDS + 1:
        return None
    edges = np.arange(NUM_PERM + 1, dtype=np.uint64) << _BIN_SHIFT
    edges[-1] = np.uint64(2**64 - 1)
    first = np.searchsorted(shingles, edges[:-1])
    filled = np.empty(NUM_PERM, dtype=bool)
    filled[:-1] = first[:-1] < first[1:]
    filled[-1] = first[-1] < shingles.size
    values = shingles[np.minimum(first, shingles.size - 1)] & _VALUE_MASK
    if filled.all():
        return values
    donors = np.flatnonzero(filled)
    bins = np.arange(NUM_PERM)
    position = np.searchsorted(donors, bins) % donors.size  # the next filled bin, wrapping around
    steps = ((donors[position] - bins) % NUM_PERM).astype(np.uint64)
    return np.asarray(values[donors[position]] + steps * _ROTATION, dtype=np.uint64)


def minhash(text: str) -> np.ndarray | None:
    """Returns the 64-value MinHash signature of ``text``, or None when it is too short."""
    return _signature(shingle_hashes(text))


def band_keys(signature: np.ndarray) -> tuple[int, ...]:
    """Returns one int64 key per LSH band of a signature (band index mixed in)."""
    rows = signature.reshape(BANDS, ROWS)
    mixed = (rows * _BAND_MIX).sum(axis=1) + np.arange(BANDS, dtype=np.uint64) * _MIX
    return tuple(int(v) for v in mixed.view(np.int64))


def _normal(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def content_key(
    title: str, company: str | None, location: str | None, description: str, words: np.ndarray | None = None
) -> int:
    """Returns a 64-bit key of the posting content: title, company and location with case and
    whitespace ignored, and the description's words (case, whitespace and punctuation ignored)."""
    if words is None:
        words = word_hashes(description)
    digest = hashlib.blake2b(digest_size=8)
    digest.update("\x1f".join((_normal(title), _normal(company), _normal(location), "")).encode())
    digest.update(words.tobytes())
    return _signed(int.from_bytes(digest.digest(), "little"))


def dedup_keys(title: str, company: str | None, location: str | None, description: str) -> DedupKeys | None:
    """Returns the dedup keys of a posting, or None for a posting without a description."""
    if not description.strip():
        return None
    words = word_hashes(description)
    signature = _signature(_shingles(words))
    if signature is None:
        return DedupKeys(content_key(title, company, location, description, words), ())
    return DedupKeys(
        content_key(title, company, location, description, words), band_keys(signature), signature.tobytes()
    )


def estimated_jaccard(a: str, b: str) -> float:
    """Returns the MinHash estimate of the Jaccard similarity of two texts' shingle sets."""
    sa, sb = minhash(a), minhash(b)
    if sa is None or sb is None:
        return 0.0
    return float(np.mean(sa == sb))


# --- The keep rule both engines share (issue 13) ------------------------------------------------
#
# Two postings are near-duplicates when they share their exact content key, or share an LSH band
# key AND agree on at least MIN_EQUAL of the 64 MinHash values (estimated Jaccard >= THRESHOLD, an
# integer test, so no engine rounds differently). Postings are ranked by ``rank_key``: the earliest
# ``posted_on`` (undated last), then the smallest content key (so *what* is kept does not depend
# on the input order or on how ids were made: only identical copies fall through), then a
# stored copy, then the posting id (source, then record number as a number). **A posting is a
# duplicate when one of its near-duplicates ranks before it.** The rule is local (no chaining
# through similar-to-similar postings) and intrinsic up to identical copies, so the kept content
# is a function of the set of postings a store holds: the same whatever the input order, batch
# size, interruptions, engine, or how postings were split over ingests. A new posting that ranks
# before a stored near-duplicate therefore turns that stored posting into a duplicate
# ("un-keeps" it). ``decide_duplicates`` is the in-process implementation (the DuckDB engine's);
# ``careerpath.market.spark_dedup`` the Spark one.

THRESHOLD = 0.75
MIN_EQUAL = math.ceil(THRESHOLD * NUM_PERM)  # 48 of 64 MinHash values


@dataclass(frozen=True)
class Signature:
    """What the keep rule needs of a posting's text, as plain int64 values (engine-neutral).

    ``dedup_key``: the exact content key; ``band_keys``: its LSH band keys and ``minhash``: its 64
    MinHash values as little-endian int64 bytes (compact: a run's signatures are held in memory);
    both empty when the description has fewer than MIN_TOKENS words.
    """

    dedup_key: int
    band_keys: tuple[int, ...]
    minhash: bytes

    def minhash_values(self) -> list[int]:
        """Returns the MinHash values as signed int64 (Spark's ``array<bigint>``)."""
        return np.frombuffer(self.minhash, dtype="<i8").tolist() if self.minhash else []


def signature(title: str, company: str | None, location: str | None, description: str | None) -> Signature | None:
    """Returns the dedup signature of a posting, or None without a description (never a duplicate).

    Pure and deterministic across processes and machines (no ``hash()``, fixed seeds), so Spark
    executors and the DuckDB engine compute the same values.
    """
    keys = dedup_keys(title, company, location, description or "")
    return keys.signature() if keys is not None else None


class SignedPosting(NamedTuple):
    """A posting as the keep rule sees it: its stable id, its date and its signature."""

    posting_id: str
    posted_on: date | None
    signature: Signature | None


def rank_key(posting: SignedPosting, stored: bool = False) -> tuple[bool, date, int, bool, str, int, str]:
    """Returns the order in which near-duplicates are preferred (the smallest is kept).

    Identical copies (same date and content key) prefer a stored copy, so ingesting a file or a
    feed again never swaps which copy is kept. Ids then compare by source, then record number:
    ``<source>:<number>`` (a file's hash and line, a Kafka partition's hash and offset) splits at
    the last colon and the number compares as a number, so of identical copies from one source
    the first is kept. Other ids compare as text (number -1).
    """
    dedup_key = posting.signature.dedup_key if posting.signature is not None else 0
    source, _, number = posting.posting_id.rpartition(":")
    if not source or not number.isascii() or not number.isdigit() or len(number) > 18:
        source, number = posting.posting_id, "-1"
    return (
        posting.posted_on is None,
        posting.posted_on or date.max,
        dedup_key,
        not stored,
        source,
        int(number),
        posting.posting_id,
    )


@dataclass(frozen=True)
class DuplicateDecision:
    """The keep rule's verdict on new postings: ``duplicate_of`` maps each new posting's id to
    its first-ranked near-duplicate ranking before it (None: kept); ``unkept`` are the stored
    postings a new posting ranks before (duplicates from now on; already-duplicate ones included)."""

    duplicate_of: dict[str, str | None]
    unkept: frozenset[str]

    def flags(self) -> dict[str, bool]:
        return {posting_id: first is not None for posting_id, first in self.duplicate_of.items()}


def decide_duplicates(postings: Sequence[SignedPosting], existing: Sequence[SignedPosting] = ()) -> DuplicateDecision:
    """Returns the keep rule's verdict on ``postings`` against the stored ``existing`` (only those
    sharing a key with a new posting matter; pairs of two stored postings were decided before)."""
    nodes = [*postings, *existing]
    n_new = len(postings)
    ids = [p.posting_id for p in nodes]
    if len(set(ids)) != len(ids):
        raise ValueError("posting ids must be unique across new and stored postings")
    order = sorted(range(len(nodes)), key=lambda i: rank_key(nodes[i], stored=i >= n_new))
    rank = np.empty(len(nodes), dtype=np.int64)
    rank[order] = np.arange(len(nodes))
    a, b = _near_duplicate_pairs(nodes, n_new)
    first = np.full(len(nodes), len(nodes), dtype=np.int64)  # the best-ranked near-duplicate before each node
    if a.size:
        earlier, later = np.where(rank[a] < rank[b], a, b), np.where(rank[a] < rank[b], b, a)
        np.minimum.at(first, later, rank[earlier])
    duplicate_of = {ids[i]: (ids[order[first[i]]] if first[i] < len(nodes) else None) for i in range(n_new)}
    unkept = frozenset(ids[i] for i in range(n_new, len(nodes)) if first[i] < len(nodes))
    return DuplicateDecision(duplicate_of, unkept)


def _near_duplicate_pairs(nodes: Sequence[SignedPosting], n_new: int) -> tuple[np.ndarray, np.ndarray]:
    """Returns the node pairs (i < j, not both stored) that are near-duplicates: candidates by a
    shared content or band key, verified by the exact key or MIN_EQUAL agreeing MinHash values.

    With numpy arrays, not a dict of Python lists per key: at a million postings the dict held
    ~9 million keys and lists (several GB); the arrays take 16 bytes per key. MinHash values are
    unpacked only for the nodes of a candidate pair.
    """
    n = len(nodes)
    signed = [i for i, p in enumerate(nodes) if p.signature is not None]
    banded = [i for i in signed if nodes[i].signature.band_keys]  # type: ignore[union-attr]
    dedup_keys = np.fromiter((nodes[i].signature.dedup_key for i in signed), np.int64, len(signed))  # type: ignore[union-attr]
    band_nodes = np.repeat(np.array(banded, dtype=np.int64), BANDS)
    band_keys = np.fromiter(
        (key for i in banded for key in nodes[i].signature.band_keys),  # type: ignore[union-attr]
        np.int64,
        band_nodes.size,
    )
    codes = []
    for keys, owners in ((dedup_keys, np.array(signed, dtype=np.int64)), (band_keys, band_nodes)):
        a, b = _sharing_pairs(keys, owners)
        keep = (a != b) & (a < n_new)  # new nodes come first: a < b, so at least one is new
        codes.append(a[keep] * n + b[keep])
    pairs = np.unique(np.concatenate(codes))  # sorted (i, j), each once
    a, b = pairs // max(n, 1), pairs % max(n, 1)
    if not a.size:
        return a, b
    involved = np.unique(np.concatenate([a, b]))
    ca, cb = np.searchsorted(involved, a), np.searchsorted(involved, b)
    minhashes = np.zeros((involved.size, NUM_PERM), dtype=np.int64)
    has_minhash = np.zeros(involved.size, dtype=bool)
    dedup = np.zeros(involved.size, dtype=np.int64)
    for row, i in enumerate(involved.tolist()):
        s = nodes[i].signature
        assert s is not None  # only signed nodes share keys
        dedup[row] = s.dedup_key
        if s.minhash:
            has_minhash[row] = True
            minhashes[row] = np.frombuffer(s.minhash, dtype="<i8")
    keep = dedup[ca] == dedup[cb]
    for start in range(0, a.size, _PAIR_CHUNK):  # two (chunk, 64) gathers at a time, not (pairs, 64)
        x, y = ca[start : start + _PAIR_CHUNK], cb[start : start + _PAIR_CHUNK]
        agree = (minhashes[x] == minhashes[y]).sum(axis=1) >= MIN_EQUAL
        keep[start : start + _PAIR_CHUNK] |= has_minhash[x] & has_minhash[y] & agree
    return a[keep], b[keep]


_PAIR_CHUNK = 1 << 16  # candidate pairs verified at once (~64 MB of gathered MinHash values)


def _sharing_pairs(keys: np.ndarray, owners: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Returns every pair of entries with the same key as (owner, owner) arrays, the first owner the
    smaller: entries are sorted by key, then owner, and each one pairs with those after it in its group."""
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if keys.size else keys
    sizes = np.diff(np.append(starts, keys.size))
    starts, sizes = starts[sizes > 1], sizes[sizes > 1]
    # The entry at rank r of a group of size z pairs with the z - 1 - r entries after it.
    rank = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    first = np.repeat(starts, sizes) + rank
    partners = np.repeat(sizes, sizes) - 1 - rank
    left = np.repeat(first, partners)
    right = left + 1 + np.arange(partners.sum()) - np.repeat(np.cumsum(partners) - partners, partners)
    return owners[left], owners[right]

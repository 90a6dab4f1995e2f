"""Sticky assignment: the same key always lands in the same arm for a given plan salt.

A key hashes to one of 10,000 buckets; the candidate gets the buckets below its share. Raising a
canary's share only adds buckets, so nobody already on the candidate is moved back and forth.
"""

from __future__ import annotations

import hashlib

CONTROL = "control"
CANDIDATE = "candidate"
BUCKETS = 10_000


def bucket(key: str, salt: str) -> int:
    """Return the key's bucket in [0, BUCKETS): uniform, stable across processes and machines."""
    digest = hashlib.sha256(f"{salt}\x00{key}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % BUCKETS


def assign_arm(key: str, candidate_share: float, salt: str) -> str:
    """Return CANDIDATE for a ``candidate_share`` fraction of keys, CONTROL for the rest."""
    return CANDIDATE if bucket(key, salt) < round(candidate_share * BUCKETS) else CONTROL

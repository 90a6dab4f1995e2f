"""Normalisation of skill names for lookup: case, punctuation and spacing do not matter."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s_\-/]+")
_KEEP = re.compile(r"[^0-9a-z+#.&]")


def normalize_name(name: str) -> str:
    """Return a lookup key: 'Scikit-Learn' and 'scikit learn' give the same key; 'C++' keeps '++'."""
    text = unicodedata.normalize("NFKC", name).casefold().strip()
    text = _SEPARATORS.sub(" ", text)
    text = " ".join(_KEEP.sub("", part) for part in text.split(" "))
    return " ".join(text.split()).strip(" .")

"""Turn the bytes of a text file into clean resume text: decoding, newlines, mojibake, blank runs.

Every step is linear in the text (regex passes without nested repetition, line-wise stripping),
since the text may be a 10 MB hostile upload.

Hand-written rather than charset-normalizer + ftfy: resumes arrive in UTF-8, UTF-16, cp1252 or
latin-1, tried here in a fixed, deterministic order (a statistical detector can pick another
codec for a short text), and the one repair resumes need (UTF-8 read as cp1252) is one regex;
both libraries would be new dependencies for that.
"""

from __future__ import annotations

import re
import unicodedata

# Characters looked at to decide "text or binary": enough for a verdict, bounded for a 10 MB file.
_SAMPLE_CHARS = 256 * 1024
# Control, surrogate and private-use characters (categories Cc, Cs, Co) except tab and newline;
# one regex pass instead of a Python-level loop over every character.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]+"
)

# Share of characters that must be ordinary text (letters, digits, punctuation, whitespace) for a
# legacy-encoded decoding to be accepted; random bytes decoded as cp1252 score about 0.5.
_MIN_TEXT_SHARE = 0.9

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u202f\u3000"), " ")
# Word's Symbol/Wingdings bullets land in the private use area; they are bullets, not text.
_SYMBOL_BULLETS = dict.fromkeys(map(ord, "\uf0b7\uf0a7\uf076\uf0d8\uf0fc\uf0a8\uf02d"), "•")
# A UTF-8 sequence that was decoded as cp1252/latin-1, e.g. "â€¢" for "•" or "Ã©" for "é".
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3}"
)


def decode_text(data: bytes) -> str | None:
    """Return ``data`` decoded as text, or None when it does not look like text.

    Tries UTF-8 (with or without BOM) and UTF-16 with a BOM, then cp1252 and latin-1, accepting a
    legacy decoding only when it decodes cleanly and reads as text.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
        return text if looks_like_text(text[:_SAMPLE_CHARS]) else None
    if b"\x00" in data:
        return None
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text if looks_like_text(text[:_SAMPLE_CHARS]) else None
    return None  # pragma: no cover - latin-1 decodes any bytes


def looks_like_text(text: str) -> bool:
    """Return True when almost all characters are letters, digits, punctuation or whitespace."""
    if not text:
        return True
    ordinary = 0
    for char in text:
        category = unicodedata.category(char)
        if char in "\t\n\r\f" or category[0] in "LNPSZ" or category == "Mn":
            ordinary += 1
    return ordinary / len(text) >= _MIN_TEXT_SHARE


def _repair(match: re.Match[str]) -> str:
    raw = bytearray()
    for char in match.group(0):
        try:
            raw += char.encode("cp1252")
        except UnicodeEncodeError:
            raw += char.encode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return match.group(0)


def repair_mojibake(text: str) -> str:
    """Return ``text`` with UTF-8 sequences that were misread as cp1252/latin-1 decoded again."""
    return _MOJIBAKE.sub(_repair, text)


def normalise_text(text: str, *, join_hyphenated: bool = False) -> str:
    """Return ``text`` with uniform newlines, no invisible characters, repaired mojibake,
    no trailing spaces, at most one blank line in a row, and no outer whitespace.

    ``join_hyphenated`` joins words broken across lines ("deep-\\nlearning" -> "deep-learning"),
    which is only right for text extracted from PDF pages.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\v", "\n")
    text = repair_mojibake(text).translate(_ZERO_WIDTH).translate(_SPACES).translate(_SYMBOL_BULLETS)
    text = _INVISIBLE.sub("", text)
    if join_hyphenated:
        text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "-", text)
    # Line by line: the regex "[ \t]+\n" retries a long run of spaces from each of its positions.
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()

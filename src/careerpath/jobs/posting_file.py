"""Read one posting a person saved: a text, Markdown or HTML file (or its bytes), into title + description."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from careerpath.errors import PostingUnreadableError
from careerpath.resumes.text import decode_text, normalise_text

MAX_POSTING_BYTES = 1024 * 1024
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCK_TAGS = frozenset({"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "ul", "ol"})


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "title":
            self._in_title = True
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        if tag == "title":
            self._in_title = False
        if tag in _HEADINGS and self.parts and not self.parts[-1].rstrip().endswith(":"):
            self.parts.append(":")  # an HTML heading reads as a "Heading:" line
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip:
            self.parts.append(data)


def posting_from_bytes(data: bytes, name: str = "posting") -> tuple[str, str]:
    """Return (title, description) of a posting file's bytes; PostingUnreadableError for empty or binary data."""
    if len(data) > MAX_POSTING_BYTES:
        raise PostingUnreadableError(f"Posting '{name}' is over {MAX_POSTING_BYTES // 1024} KB; save only the posting.")
    if not data.strip():
        raise PostingUnreadableError(f"Posting '{name}' is empty; paste the job description into it and retry.")
    text = decode_text(data)
    if text is None:
        raise PostingUnreadableError(f"Posting '{name}' is binary data, not text; save it as .txt, .md or .html.")
    title_hint = ""
    if name.lower().endswith((".html", ".htm")) or re.match(r"\s*<(?:!doctype|html|body|div|p|h1)", text, re.I):
        parser = _TextOfHtml()
        parser.feed(text)
        parser.close()
        text, title_hint = "".join(parser.parts), parser.title.strip()
    text = normalise_text(text)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise PostingUnreadableError(f"Posting '{name}' has no text; paste the job description into it and retry.")
    first = lines[0].strip().lstrip("#").strip().strip("*").strip().rstrip(":").strip()
    if title_hint and len(title_hint) <= 120:
        return title_hint, text
    if len(first) <= 120:
        body = text.split("\n", 1)[1] if "\n" in text else ""
        return first, body
    return "", text


def read_posting_file(path: str | Path) -> tuple[str, str]:
    """Return (title, description) of the posting file at ``path``."""
    path = Path(path)
    if not path.is_file():
        what = "is a directory, not a file" if path.is_dir() else "does not exist"
        raise PostingUnreadableError(f"Posting file '{path}' {what}; check the path and try again.")
    if path.stat().st_size > MAX_POSTING_BYTES:
        raise PostingUnreadableError(
            f"Posting '{path.name}' is over {MAX_POSTING_BYTES // 1024} KB; save only the posting."
        )
    return posting_from_bytes(path.read_bytes(), path.name)

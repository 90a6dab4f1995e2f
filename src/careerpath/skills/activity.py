"""Skills written as activities ("hired 5 engineers", "drift monitoring") or as model-family
members ("AraBERT", "XLM-R", "Llama-3"): cues from data/activity_cues.yaml.

An Aho-Corasick pass finds the cue keywords; only the lines that hold one are tried with the cue's
regular expression, so the cost stays linear in the text and small for postings without cues.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from careerpath.data_files import bundled_path, read_yaml
from careerpath.errors import TaxonomyError

CUES_FILE = "activity_cues.yaml"


@dataclass(frozen=True)
class ActivityCue:
    pattern: re.Pattern[str]
    skills: tuple[str, ...]


class ActivityCues:
    """All cues, indexed by keyword; ``hits`` returns (start, end, skill ids) spans in a text."""

    def __init__(self, cues: Iterable[tuple[Iterable[str], ActivityCue]]) -> None:
        self._automaton = ahocorasick.Automaton()
        by_keyword: dict[str, list[ActivityCue]] = {}
        for keywords, cue in cues:
            for keyword in keywords:
                by_keyword.setdefault(keyword.lower(), []).append(cue)
        for keyword, items in by_keyword.items():
            self._automaton.add_word(keyword, tuple(items))
        if by_keyword:
            self._automaton.make_automaton()
        self.skill_ids = {s for items in by_keyword.values() for cue in items for s in cue.skills}

    def hits(self, text: str, folded: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """Return (start, end, skill ids) for each cue match; ``folded`` is ``text`` lower-cased."""
        if not len(self._automaton):
            return []
        found: set[tuple[int, int, tuple[str, ...]]] = set()
        searched_to: dict[int, int] = {}  # per cue: the end of the last line tried
        size = len(folded)
        for end_index, cues in self._automaton.iter(folded):
            line_end = -1
            for cue in cues:
                if searched_to.get(id(cue), -1) > end_index:
                    continue  # this cue already searched the line holding this keyword
                if line_end < 0:
                    line_end = folded.find("\n", end_index)
                    line_end = size if line_end == -1 else line_end
                    line_start = folded.rfind("\n", 0, end_index) + 1
                searched_to[id(cue)] = line_end
                for match in cue.pattern.finditer(text, line_start, line_end):
                    found.add((match.start(), match.end(), cue.skills))
        return sorted(found)


@functools.lru_cache(maxsize=4)
def load_activity_cues(path: Path | None = None) -> ActivityCues:
    """Return the bundled (or given) cues; a bad pattern is a TaxonomyError naming it."""
    source = path or bundled_path(CUES_FILE)
    raw = read_yaml(source) or {}
    cues = []
    for index, item in enumerate(raw.get("cues") or []):
        flags = 0 if item.get("case") else re.IGNORECASE
        try:
            pattern = re.compile(item["pattern"], flags)
        except (KeyError, re.error) as exc:
            raise TaxonomyError(f"{source}: cue {index} has a bad pattern: {exc}") from exc
        cues.append((tuple(item.get("keywords") or ()), ActivityCue(pattern, tuple(item.get("skills") or ()))))
    return ActivityCues(cues)

"""Find taxonomy skills in free text (resumes and job postings) with evidence spans.

The lexical pass ("keyword-match.v3") runs one Aho-Corasick automaton over the text for all
aliases at once, checks word boundaries, then applies context rules for ambiguous names
("R", "Go", "Spark") and reads negation/hedging cues around each mention.

v3 over v2: aliases also match in their hyphen/space and plural forms and across line wraps and
the double spaces of justified PDFs; proper-noun contexts ("La Scala", "giant pandas", "Java
(the island)") are not skills; activity and model-family cues (skills/activity.py) add skills
written as what the person did. ``SkillExtractor(taxonomy, version="keyword-match.v2")`` keeps
the old behaviour for comparisons.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

import ahocorasick

from careerpath.errors import InputError
from careerpath.skills.activity import load_activity_cues
from careerpath.skills.cues import (
    CLAUSE_WINDOW,
    LINE_BREAK,
    STRENGTH_CAP,
    STRENGTH_CONFIDENCE,
    claim_strength,
    clause_breaks,
    proper_noun_context,
)
from careerpath.skills.matches import STRENGTH_RANK, Evidence, SkillMatch, Strength
from careerpath.skills.taxonomy import Taxonomy

EXTRACTOR_NAME = "keyword-match.v3"
EXTRACTOR_VERSIONS = ("keyword-match.v2", "keyword-match.v3")

SectionOf = Callable[[int], "str | None"]

# Sections whose content is a skill list: ambiguous names there are taken at face value.
_LIST_SECTIONS = frozenset({"skills"})
# Words that, right after an ambiguous name, show it is meant as a technology ("Go programming").
_TECH_NEXT = frozenset(
    {
        "programming",
        "language",
        "languages",
        "developer",
        "developers",
        "code",
        "lang",
        "jobs",
        "streaming",
        "sql",
        "cluster",
        "clusters",
        "dataframes",
        "notebooks",
        "scripts",
        "packages",
        "engineer",
        "engineering",
        "models",
        "pipelines",
        "workloads",
        "applications",
        "app",
        "apps",
        "environments",
        "policies",
        "agents",
        "warehouse",
        "web",
        "api",
        "apis",
        "services",
        "server",
    }
)
_LINE_REACH = 400
_CUE_REACH = 2 * CLAUSE_WINDOW  # characters either side that key the strength cache
_CUE_CACHE_SIZE = 20_000
_LIST_SEPARATORS = re.compile(r"[,;|/•·]")
_SENTENCE_BREAK = re.compile(r"[.!?]\s|" + LINE_BREAK)


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _bounded(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not _is_word_char(text[start - 1])
    after_ok = end >= len(text) or not _is_word_char(text[end])
    # "C++" must not match inside "C+++" and ".NET" must not be read inside "ASP.NET" twice.
    if end < len(text) and text[end - 1] in "+#" and text[end] in "+#":
        return False
    return before_ok and after_ok


def _fold(text: str) -> str:
    """Lower-case ``text`` keeping every offset: the folded text indexes like the original."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    # Rare characters change length when lower-cased ("İ"): fold those one by one.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class SkillExtractor:
    """Extract taxonomy skills from text. Build once per taxonomy; ``extract`` is thread-safe."""

    def __init__(self, taxonomy: Taxonomy, version: str = EXTRACTOR_NAME) -> None:
        if version not in EXTRACTOR_VERSIONS:
            raise InputError(f"Unknown extractor {version!r}; choose one of: {', '.join(EXTRACTOR_VERSIONS)}.")
        self.name = version
        self._v3 = version == "keyword-match.v3"
        self.taxonomy = taxonomy
        self._activity = load_activity_cues() if self._v3 else None
        self._plain = ahocorasick.Automaton()
        self._ambiguous = ahocorasick.Automaton()
        plain: dict[str, set[str]] = defaultdict(set)
        ambiguous: dict[str, set[str]] = defaultdict(set)
        for skill in taxonomy:
            for label in (skill.name, *skill.aliases):
                if label in skill.ambiguous_aliases:
                    continue
                key = _fold(label.strip())
                if len(key) >= 2 or not key.isalpha():
                    plain[key].add(skill.id)
            for label in skill.ambiguous_aliases:
                ambiguous[label.strip()].add(skill.id)
        if self._v3:
            _add_variants(plain, taxonomy)
        for key, ids in plain.items():
            self._plain.add_word(key, (key, tuple(sorted(ids))))
        for key, ids in ambiguous.items():
            self._ambiguous.add_word(key, (key, tuple(sorted(ids))))
        if plain:
            self._plain.make_automaton()
        if ambiguous:
            self._ambiguous.make_automaton()

    def extract(
        self,
        text: str,
        section_of: SectionOf | None = None,
        *,
        include_negated: bool = False,
        with_sentences: bool = True,
        max_evidence: int | None = None,
    ) -> list[SkillMatch]:
        """Return the skills the text claims, strongest first, each with its evidence spans.

        ``section_of(offset)`` names the resume section an offset falls in; skills-section
        mentions count as "mentioned" and unlock ambiguous names. Skills the text only
        negates ("no experience with Kubernetes") are left out unless ``include_negated``.
        ``with_sentences=False`` skips quoting the sentence around each mention (bulk ingestion).
        ``max_evidence`` keeps only the strongest few evidence items per skill (confidence still
        counts all; ``SkillMatch.mentions`` keeps every offset), so output does not grow with input.
        """
        if not text:
            return []
        hits = self._lexical_hits(text)
        hits.extend(self._ambiguous_hits(text, hits, section_of))
        hits = _drop_contained(hits)
        if self._v3:
            hits = [h for h in hits if not proper_noun_context(text, h[0], h[1])]
            hits.extend(self._activity_hits(text, _fold(text)))
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        # Sentence boundaries are found once per text, then looked up per mention.
        sentence_breaks = [m.end() for m in _SENTENCE_BREAK.finditer(text)] if hits and with_sentences else []
        breaks = clause_breaks(text, (start for start, _, _ in hits))
        # claim_strength reads the clause before a mention (at most CLAUSE_WINDOW characters) and a
        # few after it: the same surroundings give the same strength. A text repeating one phrase
        # (a hostile flood) then costs one cue scan per distinct surrounding, not per mention.
        strengths: dict[str, Strength] = {}
        for start, end, skill_ids in hits:
            section = section_of(start) if section_of else None
            surroundings = text[max(0, start - _CUE_REACH) : end + _CUE_REACH] if start >= _CUE_REACH else ""
            strength = strengths.get(surroundings) if surroundings else None
            if strength is None:
                strength = claim_strength(text, start, end, breaks)
                if surroundings and len(strengths) < _CUE_CACHE_SIZE:
                    strengths[surroundings] = strength
            # The sentence is quoted later, only for the evidence kept (see max_evidence).
            item = Evidence(text=text[start:end], start=start, end=end, section=section, strength=strength)
            for skill_id in skill_ids:
                evidence[skill_id].append(item)
        matches = self._to_matches(evidence, include_negated, max_evidence)
        if with_sentences:
            matches = [_with_sentences(m, text, sentence_breaks) for m in matches]
        return matches

    def _activity_hits(self, text: str, folded: str) -> list[tuple[int, int, tuple[str, ...]]]:
        assert self._activity is not None
        known = self.taxonomy.skills
        out = []
        for start, end, ids in self._activity.hits(text, folded):
            kept = tuple(i for i in ids if i in known)
            if kept:
                out.append((start, end, kept))
        return out

    def _lexical_hits(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        if not len(self._plain):
            return []
        folded = _fold(text)
        if self._v3:
            squeezed, back = _squeeze_spaces(folded)
            if back is None:
                return self._hits_in(squeezed)
            return [(back(s), back(e - 1) + 1, ids) for s, e, ids in self._hits_in(squeezed)]
        return self._hits_in(folded)

    def _hits_in(self, folded: str) -> list[tuple[int, int, tuple[str, ...]]]:
        hits = []
        size = len(folded)
        # ``_bounded`` inlined: this loop sees every alias found inside a longer word ("ai" in
        # "maintain"), dozens per posting, and runs for every posting ingested.
        for end_index, (key, ids) in self._plain.iter(folded):
            start, end = end_index - len(key) + 1, end_index + 1
            if start and (folded[start - 1].isalnum() or folded[start - 1] == "_"):
                continue
            if end < size:
                after = folded[end]
                if after.isalnum() or after == "_" or (after in "+#" and folded[end - 1] in "+#"):
                    continue
            hits.append((start, end, ids))
        return hits

    def _ambiguous_hits(
        self,
        text: str,
        plain_hits: list[tuple[int, int, tuple[str, ...]]],
        section_of: SectionOf | None,
    ) -> list[tuple[int, int, tuple[str, ...]]]:
        if not len(self._ambiguous):
            return []
        plain_starts = sorted(start for start, _, _ in plain_hits)
        plain_spans = sorted((start, end) for start, end, _ in plain_hits)
        longest = max((end - start for start, end in plain_spans), default=0)
        hits = []
        for end_index, (key, ids) in self._ambiguous.iter(text):
            start, end = end_index - len(key) + 1, end_index + 1
            if not _bounded(text, start, end):
                continue
            # Only skills within a few characters can be "next to" this one: look those up.
            near = plain_spans[bisect_left(plain_spans, (start - 7 - longest,)) : bisect_left(plain_spans, (end + 7,))]
            if self._ambiguous_in_context(text, start, end, plain_starts, section_of) or _next_to_skill(
                text, start, end, near
            ):
                hits.append((start, end, ids))
        return hits

    @staticmethod
    def _ambiguous_in_context(
        text: str, start: int, end: int, plain_starts: list[int], section_of: SectionOf | None
    ) -> bool:
        if section_of is not None and section_of(start) in _LIST_SECTIONS:
            return True
        next_word = re.match(r"[\s\-]*([A-Za-z]+)", text[end : end + 30])
        if next_word and next_word.group(1).lower() in _TECH_NEXT:
            return True
        # A line is read at most _LINE_REACH characters either side: a 2 MB one-line text would
        # otherwise be scanned once per ambiguous name in it.
        floor, ceiling = max(0, start - _LINE_REACH), min(len(text), end + _LINE_REACH)
        newline = text.rfind("\n", floor, start)
        line_start = newline + 1 if newline >= 0 else floor
        line_end = text.find("\n", end, ceiling)
        line_end = ceiling if line_end == -1 else line_end
        line = text[line_start:line_end]
        # A list of technologies: separators around the name and another known skill on the line.
        near = text[max(line_start, start - 3) : min(line_end, end + 3)]
        listed = bool(_LIST_SEPARATORS.search(near)) or text[line_start:start].rstrip().endswith(":")
        on_line = plain_starts[bisect_left(plain_starts, line_start) : bisect_left(plain_starts, line_end)]
        others = any(not (start <= s < end) for s in on_line)
        return listed and others and len(_LIST_SEPARATORS.findall(line)) >= 2

    def _to_matches(
        self, evidence: dict[str, list[Evidence]], include_negated: bool, max_evidence: int | None = None
    ) -> list[SkillMatch]:
        matches = []
        for skill_id, items in evidence.items():
            items.sort(key=lambda e: e.start)
            positive = [e for e in items if e.strength != "negated"]
            if not positive and not include_negated:
                continue
            missing = 1.0
            for item in positive:
                missing *= 1.0 - _evidence_confidence(item)
            strongest: Strength = max((e.strength for e in positive), key=STRENGTH_RANK.__getitem__, default="hedged")
            confidence = round(min(STRENGTH_CAP[strongest], 1.0 - missing), 3) if positive else 0.0
            skill = self.taxonomy.skills[skill_id]
            matches.append(
                SkillMatch(
                    skill_id=skill_id,
                    name=skill.name,
                    category=skill.category,
                    confidence=confidence,
                    evidence=_strongest(positive or items, max_evidence),
                    esco_uri=skill.esco_uri,
                    mentions=_left_out_offsets(positive or items, max_evidence),
                )
            )
        matches.sort(key=lambda m: (-m.confidence, m.skill_id))
        return matches


# Line breaks and tabs read as spaces (same length, so offsets hold): a multi-word alias broken by
# a hard wrap ("structured\npruning") matches. Runs of spaces inside a line (justified PDFs write
# "data  storytelling") are squeezed to one, with a map back to the original offsets.
_SPACE_RUN = re.compile(r"(?<=[^ \n\t\r]) {2,}(?=[^ \n\t\r])")


def _as_spaces(text: str) -> str:
    # str.replace runs in C; a translate table is several times slower on long postings.
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ")


def _squeeze_spaces(folded: str) -> tuple[str, Callable[[int], int] | None]:
    """Return ``folded`` with line breaks as spaces and runs of spaces inside a line squeezed to
    one, and a map from offsets in it back to ``folded`` (None when no run was squeezed)."""
    runs = list(_SPACE_RUN.finditer(folded))
    if not runs:
        return _as_spaces(folded), None
    starts: list[int] = []  # offset in the squeezed text just after each run's single space
    removed: list[int] = []  # characters dropped up to and including that run
    total = 0
    for run in runs:
        total += run.end() - run.start() - 1
        starts.append(run.end() - total)
        removed.append(total)
    squeezed = _as_spaces(_SPACE_RUN.sub(" ", folded))

    def back(offset: int) -> int:
        index = bisect_right(starts, offset) - 1
        return offset + (removed[index] if index >= 0 else 0)

    return squeezed, back


_PLURAL_WORD = re.compile(r"[a-z]{4,}")


def _add_variants(plain: dict[str, set[str]], taxonomy: Taxonomy) -> None:
    """Add hyphen/space and plural forms of multi-word aliases, and plurals of acronyms ("LLMs"),
    unless the form already names another skill."""
    acronyms = {_fold(label) for skill in taxonomy for label in (skill.name, *skill.aliases) if label.isupper()}
    extra: dict[str, set[str]] = defaultdict(set)
    for key, ids in plain.items():
        forms = set()
        if "-" in key:
            forms.add(key.replace("-", " "))
        if " " in key:
            forms.add(key.replace(" ", "-"))
        last = re.split(r"[ -]", key)[-1]
        if (" " in key or "-" in key) and _PLURAL_WORD.fullmatch(last):
            forms.add(key[:-1] if key.endswith("s") and not key.endswith("ss") else key + "s")
        if key in acronyms and key[-1].isalpha():
            forms.add(key + "s")
        for form in forms:
            if form not in plain:
                extra[form] |= ids
    for form, ids in extra.items():
        plain[form] = ids


def _strongest(items: list[Evidence], limit: int | None) -> tuple[Evidence, ...]:
    """Return the ``limit`` strongest items (earliest first among equals), in text order."""
    if limit is None or len(items) <= limit:
        return tuple(items)
    ranked = sorted(items, key=lambda e: (-STRENGTH_RANK[e.strength], e.start))[: max(limit, 0)]
    return tuple(sorted(ranked, key=lambda e: e.start))


def _left_out_offsets(items: list[Evidence], limit: int | None) -> tuple[int, ...]:
    """Return every item's start when ``_strongest`` leaves some out, else nothing."""
    if limit is None or len(items) <= limit:
        return ()
    return tuple(e.start for e in items)


def _with_sentences(match: SkillMatch, text: str, breaks: list[int]) -> SkillMatch:
    evidence = tuple(replace(e, sentence=_sentence_between(text, e.start, e.end, breaks)) for e in match.evidence)
    return replace(match, evidence=evidence)


_JOINER = re.compile(r"\s*(?:,|/|&|\+|and|or|\(|\))\s*")


def _next_to_skill(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """True when a known skill sits right beside the name, joined by a comma, slash, 'and' or 'or'
    ("Django and Flask", "PyTorch/JAX")."""
    for other_start, other_end in spans:
        if 0 <= start - other_end <= 6 and _JOINER.fullmatch(text[other_end:start]):
            return True
        if 0 <= other_start - end <= 6 and _JOINER.fullmatch(text[end:other_start]):
            return True
    return False


def _evidence_confidence(item: Evidence) -> float:
    strength: Strength = item.strength
    base = STRENGTH_CONFIDENCE[strength]
    # A bare listing inside a skills section is a deliberate claim, a little above a passing mention.
    if strength == "mentioned" and item.section == "skills":
        return base + 0.05
    return base


def _drop_contained(hits: list[tuple[int, int, tuple[str, ...]]]) -> list[tuple[int, int, tuple[str, ...]]]:
    """Keep the longest match where one alias sits inside another ("Spark" in "Apache Spark")."""
    hits = sorted(set(hits), key=lambda h: (h[0], -(h[1] - h[0])))
    kept: list[tuple[int, int, tuple[str, ...]]] = []
    furthest_end = -1
    for hit in hits:
        _, end, _ = hit
        if end <= furthest_end:
            continue  # inside an earlier, longer match
        kept.append(hit)
        furthest_end = max(furthest_end, end)
    return kept


def _sentence_between(text: str, start: int, end: int, breaks: list[int], limit: int = 240) -> str:
    """Return the sentence around [start, end), at most ``limit`` characters either side."""
    index = bisect_right(breaks, start)
    sentence_start = max(breaks[index - 1] if index else 0, start - limit)
    after = bisect_right(breaks, end - 1)
    # breaks hold the offset just past each break; the sentence ends just before it.
    sentence_end = breaks[after] - 1 if after < len(breaks) else len(text)
    sentence_end = min(max(sentence_end, end), end + limit)
    return " ".join(text[sentence_start:sentence_end].split())


def extract_skills(text: str, taxonomy: Taxonomy, section_of: SectionOf | None = None) -> list[SkillMatch]:
    """Return the skills in ``text``; builds an extractor (cache one for repeated calls)."""
    return SkillExtractor(taxonomy).extract(text, section_of)

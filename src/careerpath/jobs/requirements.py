"""A posting read as a hiring manager reads it: what is required, what is a plus, and the gates.

``read_requirements`` turns a posting's title and description into skills (each required or
nice-to-have, with a weight and the span that says so), minimum years, degree, seniority,
location/remote, clearance and salary. Required vs nice-to-have comes from the section a mention
sits in ("Requirements:", "Preferred qualifications", "Bonus points") and, more strongly, from the
wording of its own sentence ("must", "required" vs "preferred", "a plus", "familiarity with").
Mentions only in the benefits or company blurb are not requirements. The rules are the whole
model; READER_NAME versions them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from careerpath.market.salaries import ParsedSalary, find_salary_in_text
from careerpath.resumes.education import degree_level
from careerpath.roles.candidate import DEGREE_RANK
from careerpath.roles.titles import TitleNormalizer
from careerpath.skills.extraction import SkillExtractor
from careerpath.skills.matches import STRENGTH_RANK

READER_NAME = "hiring-manager-rules.v1"

Kind = Literal["required", "nice"]
SectionKind = Literal["required", "nice", "duties", "other", "ignore"]

# Weights a requirement gets, by how the posting states it (fed to the fit model as role weights).
WEIGHT_STATED_REQUIRED = 1.0  # in a requirements section or with "must"/"required"
WEIGHT_IN_TITLE = 1.0  # "Python Developer": Python is required
WEIGHT_IMPLIED = 0.7  # mentioned in the duties or an unlabelled paragraph
WEIGHT_NICE = 0.5

_HEADING_KINDS: tuple[tuple[SectionKind, re.Pattern[str]], ...] = (
    (
        "nice",
        re.compile(
            r"\b(?:preferred|nice[\s-]to[\s-]haves?|bonus|pluses|desired|desirable|good to have|"
            r"would be great|extra credit|ideal(?:ly)?)\b",
            re.I,
        ),
    ),
    (
        "required",
        re.compile(
            r"\b(?:requirements?|required|qualifications?|must[\s-]haves?|what you(?:'ll| will)? (?:bring|need)|"
            r"you have|you bring|skills|experience|who you are|about you|minimum|basic|knowledge|competenc\w*)\b",
            re.I,
        ),
    ),
    (
        "duties",
        re.compile(
            r"\b(?:responsibilit\w*|duties|what you(?:'ll| will) do|the role|role overview|your day|"
            r"job description|summary|position|tasks|you will)\b",
            re.I,
        ),
    ),
    (
        "ignore",
        re.compile(
            r"\b(?:benefits?|perks|about (?:us|the company|our)|who we are|company|our culture|compensation|"
            r"equal opportunity|eeo|why join|what we offer|we offer)\b",
            re.I,
        ),
    ),
)
_NICE_WORDING = re.compile(
    r"\b(?:preferred|preferably|prefer|nice[\s-]to[\s-]have|bonus|a plus|is a plus|are a plus|plus\b|desired|"
    r"desirable|ideally|ideal candidate|familiarity|exposure to|good to have|advantage|advantageous|optional)",
    re.I,
)
_REQUIRED_WORDING = re.compile(
    r"\b(?:must|required|requires?|essential|mandatory|minimum|at least|proficien\w*|strong|expert|"
    r"solid|demonstrated|proven|need to|you have)\b",
    re.I,
)
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip
_YEARS = re.compile(
    r"\b(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:\+|plus)?\s*"
    r"(?:(?:-|–|to)\s*(?:\d{1,2})\s*\+?\s*)?(?:\(\d{1,2}\)\s*)?years?['’]?\s*(?:of\s+)?"
    r"(?:[\w/&,+.-]+\s+){0,6}?(?:experience|exp\b|industry|work)",
    re.I,
)
_DEGREE_WORD = re.compile(r"\b(?:degree|bachelor|master|ph\.?\s?d|doctorate|BS|BA|MS|MSc|BSc|MBA|B\.S|M\.S)\b", re.I)
_CLEARANCE = re.compile(
    r"\b(?:(?:security|secret|top secret|ts/sci|dod|government)\s+clearance|clearance (?:is )?required|"
    r"ts/sci|active clearance|u\.?s\.? citizenship (?:is )?required|must be a u\.?s\.? citizen)\b",
    re.I,
)
_REMOTE = re.compile(r"\b(?:fully remote|100% remote|remote[- ]first|remote(?:ly)?|work from home|wfh)\b", re.I)
_ONSITE = re.compile(r"\b(?:on[- ]site|onsite|in[- ]office|not remote|no remote)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_LOCATION_LINE = re.compile(r"^\s*(?:location|based in|office)\s*:\s*(.{2,80})$", re.I | re.M)
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+|\n+")
_HEADING_MAX_CHARS = 60
SPAN_CONTEXT = 160  # characters of context a requirement's evidence span reaches on each side


@dataclass(frozen=True)
class Span:
    """A stretch of the posting text that states a requirement; offsets into ``PostingRequirements.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class SkillRequirement:
    skill_id: str
    name: str
    kind: Kind
    weight: float
    how: str  # why this kind: "section: Requirements", "wording: preferred", "title", "duties"
    evidence: Span


@dataclass(frozen=True)
class Gate:
    """A non-skill requirement: years, degree, clearance or location; ``hard`` when stated as required."""

    name: Literal["years", "degree", "clearance", "location"]
    value: str
    hard: bool
    evidence: Span | None = None


@dataclass(frozen=True)
class PostingRequirements:
    """Everything a posting asks for, each item with its evidence."""

    title: str
    text: str  # title, newline, description: every span points into it
    role_id: str | None
    seniority: str
    skills: tuple[SkillRequirement, ...]
    min_years: float | None = None
    degree: str | None = None  # minimum degree (DEGREE_RANK key); None when not stated
    degree_required: bool = False
    clearance: bool = False
    location: str | None = None
    remote: bool | None = None
    salary: ParsedSalary | None = None
    gates: tuple[Gate, ...] = ()
    posting_id: str | None = None
    company: str | None = None
    reader: str = READER_NAME
    inferred_from_role: bool = False  # no description: skills are the role's template
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def required(self) -> tuple[SkillRequirement, ...]:
        return tuple(s for s in self.skills if s.kind == "required")

    @property
    def nice(self) -> tuple[SkillRequirement, ...]:
        return tuple(s for s in self.skills if s.kind == "nice")


@dataclass(frozen=True)
class _Section:
    start: int
    end: int
    kind: SectionKind
    heading: str


def heading_kind(line: str) -> SectionKind | None:
    """The kind of section a line opens, or None when the line is not a heading."""
    stripped = line.strip().strip("#*•-–: ").strip()
    if not stripped or len(stripped) > _HEADING_MAX_CHARS:
        return None
    if line.lstrip()[:1] in ("-", "•", "·", "–") or (line.lstrip().startswith("* ")):
        return None  # a bullet is content, not a heading
    words = stripped.split()
    title_case = len(words) <= 6 and all(w[:1].isupper() or not w[:1].isalpha() or len(w) <= 3 for w in words)
    is_heading = line.rstrip().endswith(":") or line.lstrip().startswith("#") or title_case
    if not is_heading and len(words) <= 4 and _HEADING_KINDS[0][1].search(stripped):
        is_heading = True  # "Nice to have", "Preferred qualifications": never content on their own
    if not is_heading or stripped.endswith("."):
        return None
    # "Skills Required: Python, SQL" is a heading followed by content on the same line: the caller
    # passes only the part before the colon.
    for kind, pattern in _HEADING_KINDS:
        if pattern.search(stripped):
            return kind
    return None


def _sections(text: str) -> list[_Section]:
    """Split ``text`` into sections at heading lines (or "Heading: content" line starts)."""
    sections: list[_Section] = []
    current: tuple[int, SectionKind, str] = (0, "other", "")
    offset = 0
    for line in text.splitlines(keepends=True):
        head = line.split(":", 1)[0] + ":" if ":" in line[:_HEADING_MAX_CHARS] else line
        kind = heading_kind(head)
        if kind is not None:
            sections.append(_Section(current[0], offset, current[1], current[2]))
            current = (offset, kind, head.strip().rstrip(":").strip("#*• "))
        offset += len(line)
    sections.append(_Section(current[0], len(text), current[1], current[2]))
    return [s for s in sections if s.end > s.start]


def _section_at(sections: list[_Section], offset: int) -> _Section:
    for section in sections:
        if section.start <= offset < section.end:
            return section
    return sections[-1]


def _sentence_span(text: str, start: int, end: int) -> Span:
    """The sentence (or bullet line) around ``start:end``, trimmed to 240 characters."""
    # Only a window around the mention is searched: the span is capped there anyway (and a whole-text
    # scan per mention would make long postings quadratic).
    window = max(0, start - SPAN_CONTEXT)
    left = max((m.end() for m in _SENTENCE_END.finditer(text, window, start)), default=window)
    right_match = _SENTENCE_END.search(text, end, end + SPAN_CONTEXT)
    right = right_match.start() if right_match else min(len(text), end + SPAN_CONTEXT)
    snippet = text[left:right]
    stripped = snippet.strip()
    lead = len(snippet) - len(snippet.lstrip())
    return Span(stripped, left + lead, left + lead + len(stripped))


def _classify(sentence: str, section: _Section, in_title: bool) -> tuple[Kind, float, str] | None:
    """Required or nice for one mention, from its sentence's wording first, then its section."""
    if in_title:
        return "required", WEIGHT_IN_TITLE, "title"
    nice_cue = _NICE_WORDING.search(sentence)
    required_cue = _REQUIRED_WORDING.search(sentence)
    if nice_cue and not (required_cue and required_cue.start() < nice_cue.start()):
        return "nice", WEIGHT_NICE, f"wording: {nice_cue.group(0).lower()}"
    if required_cue:
        return "required", WEIGHT_STATED_REQUIRED, f"wording: {required_cue.group(0).lower()}"
    if section.kind == "ignore":
        return None
    if section.kind == "nice":
        return "nice", WEIGHT_NICE, f"section: {section.heading}"
    if section.kind == "required":
        return "required", WEIGHT_STATED_REQUIRED, f"section: {section.heading}"
    return "required", WEIGHT_IMPLIED, "duties" if section.kind == "duties" else "mentioned"


_KIND_RANK = {"required": 1, "nice": 0}


class RequirementReader:
    """Reads postings with one extractor and title normaliser; build once, reuse (thread-safe)."""

    def __init__(self, extractor: SkillExtractor, titles: TitleNormalizer) -> None:
        self.extractor = extractor
        self.taxonomy = extractor.taxonomy
        self.titles = titles

    def read(
        self,
        title: str,
        description: str,
        *,
        location: str | None = None,
        remote: bool | None = None,
        salary: ParsedSalary | None = None,
        posting_id: str | None = None,
        company: str | None = None,
        role_id: str | None = None,
        seniority: str | None = None,
    ) -> PostingRequirements:
        """Return the requirements of one posting; stored fields (location, salary...) win over the text."""
        title = (title or "").strip()
        text = f"{title}\n{description or ''}"
        body_start = len(title) + 1
        sections = _sections(text)
        skills: dict[str, SkillRequirement] = {}
        for match in self.extractor.extract(text, with_sentences=False):
            if match.strongest == "negated":
                continue
            for evidence in match.evidence:
                if STRENGTH_RANK[evidence.strength] == 0:
                    continue
                in_title = evidence.start < body_start
                span = (
                    _sentence_span(text, evidence.start, evidence.end) if not in_title else Span(title, 0, len(title))
                )
                verdict = _classify(span.text, _section_at(sections, evidence.start), in_title)
                if verdict is None:
                    continue
                kind, weight, how = verdict
                best = skills.get(match.skill_id)
                if best is None or (_KIND_RANK[kind], weight) > (_KIND_RANK[best.kind], best.weight):
                    skills[match.skill_id] = SkillRequirement(match.skill_id, match.name, kind, weight, how, span)
        matched = self.titles.normalize(title) if title else None
        min_years, years_span = _min_years(text, sections)
        degree, degree_hard, degree_span = _degree(text, sections)
        clearance = _CLEARANCE.search(text)
        found_remote, remote_span = _remote(text)
        if remote is None:
            remote = found_remote
        if location is None:
            line = _LOCATION_LINE.search(text)
            location = line.group(1).strip() if line else None
        if salary is None and description:
            salary = find_salary_in_text(description)
        gates: list[Gate] = []
        if min_years is not None:
            gates.append(Gate("years", f"{min_years:g}+ years", True, years_span))
        if degree is not None:
            gates.append(Gate("degree", degree, degree_hard, degree_span))
        if clearance:
            gates.append(
                Gate(
                    "clearance",
                    "security clearance / citizenship",
                    True,
                    _sentence_span(text, clearance.start(), clearance.end()),
                )
            )
        if remote is False and location:
            gates.append(Gate("location", location, True, remote_span))
        ordered = sorted(skills.values(), key=lambda s: (-_KIND_RANK[s.kind], -s.weight, s.evidence.start))
        return PostingRequirements(
            title=title,
            text=text,
            role_id=role_id if role_id is not None else (matched.role_id if matched else None),
            seniority=seniority or (matched.seniority if matched else "mid"),
            skills=tuple(ordered),
            min_years=min_years,
            degree=degree,
            degree_required=degree_hard,
            clearance=bool(clearance),
            location=location,
            remote=remote,
            salary=salary,
            gates=tuple(gates),
            posting_id=posting_id,
            company=company,
        )


def _min_years(text: str, sections: list[_Section]) -> tuple[float | None, Span | None]:
    """The years of experience the posting asks for: the first stated minimum outside nice-to-haves."""
    for found in _YEARS.finditer(text):
        raw = found.group(1).lower()
        years = float(_WORD_NUMBERS.get(raw, 0) or int(raw)) if not raw.isdigit() else float(raw)
        if not 0 < years <= 20:
            continue
        span = _sentence_span(text, found.start(), found.end())
        section = _section_at(sections, found.start())
        if section.kind in ("nice", "ignore") or _NICE_WORDING.search(span.text) or "credit" in span.text.lower():
            continue
        return years, span
    return None, None


def _degree(text: str, sections: list[_Section]) -> tuple[str | None, bool, Span | None]:
    """The lowest degree the posting accepts, whether it is required, and where it says so."""
    best: tuple[str, bool, Span] | None = None
    for found in _DEGREE_WORD.finditer(text):
        span = _sentence_span(text, found.start(), found.end())
        level = degree_level(span.text)
        if level is None or level == "none":
            continue
        section = _section_at(sections, found.start())
        if section.kind == "ignore":
            continue
        nice = bool(_NICE_WORDING.search(span.text)) or section.kind == "nice"
        hard = not nice
        # "Bachelor's required, Master's preferred": the required, lowest level is the gate.
        lowest = min(
            (lvl for lvl in DEGREE_RANK if lvl != "none" and _mentions_level(span.text, lvl)),
            key=DEGREE_RANK.__getitem__,
            default=level,
        )
        if best is None or (hard, -DEGREE_RANK[lowest]) > (best[1], -DEGREE_RANK[best[0]]):
            best = (lowest, hard, span)
    if best is None:
        return None, False, None
    return best


def _mentions_level(sentence: str, level: str) -> bool:
    return any(degree_level(part) == level for part in re.split(r"[,;/]| or | and ", sentence))


def _remote(text: str) -> tuple[bool | None, Span | None]:
    onsite, remote, hybrid = _ONSITE.search(text), _REMOTE.search(text), _HYBRID.search(text)
    if onsite and not remote:
        return False, _sentence_span(text, onsite.start(), onsite.end())
    if remote and not onsite and not hybrid:
        return True, _sentence_span(text, remote.start(), remote.end())
    return None, None

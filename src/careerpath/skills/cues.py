"""Cue phrases that say how strongly a sentence claims a skill.

"no experience with X" is not a skill; "familiar with X" is weaker than "led the X migration".
The cues look at the clause before the skill mention (and a few characters after it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence

from careerpath.skills.matches import Strength

# Negation only counts when no verb of use sits between it and the skill:
# "without downtime using Docker" still claims Docker.
_NEGATION = re.compile(
    r"\b(?:no|not|never|without|lacks?|lacking|zero|haven't|hasn't|don't|didn't|do not|have not)\b"
    r"(?P<between>(?:\W+\w+){0,5})\W*$"
)
_NEGATION_AFTER = re.compile(r"^\W{0,3}(?:none\b|not yet\b|no experience\b|\(?not\b)")
# "learning" is a hedge only as the person's own verb ("currently learning Rust", "beginning to
# learn JAX"), never inside "machine learning" or "deep learning".
_HEDGE = re.compile(
    r"\b(?:familiar(?:ity)? with|exposure to|exposed to|basic(?:s| knowledge| understanding)?(?: of| in)?"
    r"|beginner|interested in|some (?:knowledge|experience|exposure|familiarity)"
    r"|introductory|coursework|course(?:s)? (?:on|in)|aware(?:ness)? of|entry[- ]level|novice"
    r"|(?:want|plan|hope|hoping|trying|beginning|began|begun|starting|started) to (?:learn|study|pick up)"
    r"|(?:currently|now|still|actively|am|i'm|been|started|starting|began|begun|beginning) (?:learning|studying)"
    r"|limited)\b"
    r"|(?:^|[.;:,(]\s*)(?:learning|studying)\s+\S*$"
)
# A hedge written after the skill, set off by a dash, colon or bracket: "Rust — currently learning",
# "R (beginner)".
_HEDGE_AFTER = re.compile(
    r"^\s*[-–—:(]\s*(?:currently |still |now )?"
    r"(?:learning|studying|beginner|basic|basics|novice|familiar|in progress)\b"
)
_LEAD = re.compile(
    r"\b(?:led|lead|leading|architected|designed|built|owned|own|spearheaded|founded|drove|launched"
    r"|shipped|deployed|expert|advanced|authored|mentored|headed|scaled|created|established|pioneered"
    r"|delivered|productionized|productionised)\b"
)
_USE = re.compile(
    r"\b(?:used|using|use|developed|develop|implemented|worked|working|experience(?:d)?|proficien(?:t|cy)"
    r"|applied|wrote|written|maintained|trained|training|analy[sz]ed|automated|migrated|integrated"
    r"|production|hands-on|years?|skilled|strong|solid|fluent|tuned|optimi[sz]ed|managed|ran|operated"
    r"|build|building|modeled|modelled|fine-tuned)\b"
)
_USE_BETWEEN = re.compile(r"\b(?:using|used|use|via|through|built|leveraging)\b")

# A newline ends a clause unless the text plainly runs on: a hard-wrapped line ending in a comma
# or joiner, or followed by a lower-case word ("…experience\nwith Kubernetes").
_RUNS_ON = ("and", "or", "with", "of", "in", "on", "the", "a", "to", "for", "using")
# The leading lookahead makes the engine try the lookbehinds only where a newline follows; the
# first lookbehind starts a break only where a run of blanks starts, so a long run of spaces is
# scanned once, not once per position (that made sentence splitting quadratic).
LINE_BREAK = (
    r"(?<![ \t])(?=[ \t]*\n)(?<![,&/-])" + "".join(rf"(?<!\b{word})" for word in _RUNS_ON) + r"[ \t]*\n(?![ \t]*[a-z(])"
)
# The leading lookahead lists every character a break can start with: the engine rejects most
# positions on one character test instead of trying each alternative (about 1.6x faster).
CLAUSE_BREAK = re.compile(r"(?=[.;!?•|\n \tbhw])(?:[.;!?•|]|" + LINE_BREAK + r"|\bbut\b|\bhowever\b|\bwhile\b)")


CLAUSE_WINDOW = 120  # characters: cues further back than this do not bear on a mention


def clause_breaks(text: str, starts: Iterable[int] | None = None) -> list[int]:
    """Return the offsets where clauses start (the ends of the clause breaks), ascending.

    With ``starts`` (mention offsets), only the ``CLAUSE_WINDOW`` before each mention is scanned:
    all that ``clause_before`` reads, and in a long posting much less than the whole text.
    """
    if starts is None:
        return [m.end() for m in CLAUSE_BREAK.finditer(text)]
    spans: list[list[int]] = []
    for start in sorted(starts):
        floor = max(0, start - CLAUSE_WINDOW)
        if spans and floor <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], start)
        else:
            spans.append([floor, start])
    breaks: list[int] = []
    for low, high in spans:
        # A little past the span, so the newline rule sees what follows the line break.
        ends = (m.end() for m in CLAUSE_BREAK.finditer(text, low, min(len(text), high + 8)))
        breaks.extend(end for end in ends if end <= high)
    return breaks


def clause_before(text: str, start: int, breaks: Sequence[int] | None = None) -> str:
    """Return the text of the clause that leads up to ``start`` (at most ``CLAUSE_WINDOW`` long).

    ``breaks`` (from ``clause_breaks(text)``) lets a caller with many mentions in one text find
    the breaks once instead of once per mention.
    """
    floor = max(0, start - CLAUSE_WINDOW)
    if breaks is None:
        chunk = text[floor:start]
        found = clause_breaks(chunk)
        return chunk[found[-1] :] if found else chunk
    index = bisect_right(breaks, start) - 1
    return text[max(floor, breaks[index]) if index >= 0 else floor : start]


def _use_after_first_word(between: str) -> bool:
    """True when a verb of use follows the negated word: "without downtime using X" claims X,
    while "never used X" does not."""
    words = between.split()
    return any(_USE_BETWEEN.fullmatch(w) or _LEAD.fullmatch(w) for w in words[1:])


def _hedged_before(before: str) -> bool:
    """True when a hedge governs the end of ``before``; one closed by a bracket ("SQL (basic), Java")
    was about an earlier item."""
    if _HEDGE.search(before) is None:  # the common case: one scan, no list
        return False
    if ")" not in before:
        return True
    ends = [m.end() for m in _HEDGE.finditer(before)]
    return ")" not in before[ends[-1] :]


def claim_strength(text: str, start: int, end: int, breaks: Sequence[int] | None = None) -> Strength:
    """Return how strongly the text around [start, end) claims the skill (``breaks`` as in
    ``clause_before``)."""
    before = clause_before(text, start, breaks).lower()
    after = text[end : end + 24].lower()
    negation = _NEGATION.search(before)
    if negation and not _use_after_first_word(negation.group("between") or ""):
        return "negated"
    if _NEGATION_AFTER.match(after):
        return "negated"
    if _hedged_before(before) or _HEDGE_AFTER.match(after):
        return "hedged"
    if _LEAD.search(before):
        return "led"
    if _USE.search(before):
        return "used"
    return "mentioned"


# One number per strength, each with its reason; used by extraction and fit.
STRENGTH_CONFIDENCE: dict[Strength, float] = {
    "negated": 0.0,  # the text says the person lacks it
    "hedged": 0.4,  # "familiar with": knows of it, has not used it in earnest
    "mentioned": 0.7,  # listed without context, e.g. in a skills section
    "used": 0.85,  # described as used in work or projects
    "led": 0.95,  # built, designed or led something with it
}

# However often a skill is repeated, the strongest claim bounds its confidence: five "familiar
# with" mentions are still not working knowledge.
STRENGTH_CAP: dict[Strength, float] = {
    "negated": 0.0,
    "hedged": 0.45,
    "mentioned": 0.9,
    "used": 0.97,
    "led": 0.99,
}


# Proper nouns that share a skill's name: a place, a venue, an animal. Keyed by the mention,
# lower-cased; (pattern before the mention, pattern after it). Either one matching drops it.
_PROPER_NOUNS: dict[str, tuple[re.Pattern[str] | None, re.Pattern[str] | None]] = {
    "java": (
        re.compile(r"(?:island of|isle of|east|west|central|north|south|on|in|to|from|visit(?:ed|ing)?)\s+$", re.I),
        re.compile(r"^\s*(?:\(\s*(?:the\s+)?island|island|sea\b|trench|coffee|man\b|indonesia)", re.I),
    ),
    "scala": (
        re.compile(r"\b(?:la|alla|teatro alla)\s+$", re.I),
        re.compile(r"^\s+(?:chorus|opera|theatre|theater|orchestra|ballet)", re.I),
    ),
    "pandas": (
        re.compile(r"\b(?:giant|red|baby|wild|the)\s+$", re.I),
        re.compile(r"^\s+(?:exhibit|enclosure|bears?|cubs?|sanctuary|conservation|breeding|habitat)", re.I),
    ),
    "python": (
        re.compile(r"\b(?:burmese|ball|reticulated|rock|monty)\s+$", re.I),
        re.compile(r"^\s+(?:snakes?|enclosure)", re.I),
    ),
}


def proper_noun_context(text: str, start: int, end: int) -> bool:
    """True when the mention at [start, end) is a proper noun (place, venue, animal), not the skill."""
    rule = _PROPER_NOUNS.get(text[start:end].lower())
    if rule is None:
        return False
    before, after = rule
    if before is not None and before.search(text, max(0, start - 30), start):
        return True
    return after is not None and after.match(text, end, min(len(text), end + 30)) is not None

"""Emerging skills (share growing significantly between two periods) and candidate new skills.

Significance: a two-proportion z-test per skill (pooled standard error), one-sided for growth,
with Benjamini-Hochberg adjustment over all skills tested, since dozens of skills are tested at once.
Kept hand-written rather than scipy.stats (norm.sf, false_discovery_control): they agree to 2.3e-13
relative (tests/unit/market/test_emerging_stats.py), both take ~1-2 ms for 2,000 skills, and scipy
would add ~40 MB and 0.9 s of import to the lean default install for 25 lines of math.erfc.

Candidate new skills are tool-like phrases ("SQL Server", "Presto") that postings of several
employers use and the taxonomy lacks; ``candidate_skills`` documents the rules, and
docs/market.md measures them on real postings.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from careerpath.market.postings import ALL_POSTINGS, JobPosting, Period, PostingFilter, PostingStore

DEFAULT_ALPHA = 0.05


@dataclass(frozen=True)
class EmergingSkill:
    """A skill whose share of postings grew from ``before`` to ``after`` (shares in [0, 1])."""

    skill_id: str
    before: str
    after: str
    postings_before: int
    postings_after: int
    share_before: float
    share_after: float
    z: float
    p_value: float
    q_value: float
    significant: bool


def two_proportion_z(x1: int, n1: int, x2: int, n2: int) -> tuple[float, float]:
    """Returns (z, one-sided p) for H1: p2 > p1, with the pooled standard error."""
    if n1 == 0 or n2 == 0:
        return 0.0, 1.0
    pooled = (x1 + x2) / (n1 + n2)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (x2 / n2 - x1 / n1) / se
    return z, 0.5 * math.erfc(z / math.sqrt(2))


def benjamini_hochberg(p_values: list[float]) -> list[float]:
    """Returns BH-adjusted q-values in the order of ``p_values``."""
    m = len(p_values)
    order = sorted(range(m), key=lambda i: p_values[i])
    q = [1.0] * m
    running = 1.0
    for rank in range(m, 0, -1):
        i = order[rank - 1]
        running = min(running, p_values[i] * m / rank)
        q[i] = running
    return q


def emerging_skills(
    store: PostingStore,
    period: str = "year",
    *,
    before: str | None = None,
    after: str | None = None,
    flt: PostingFilter = ALL_POSTINGS,
    alpha: float = DEFAULT_ALPHA,
    min_postings: int = 5,
) -> list[EmergingSkill]:
    """Returns skills whose share rose between two periods, most significant first.

    Defaults compare the last two periods that have postings with descriptions.
    """
    scoped = replace(flt, with_description=True)
    totals = {str(r[period]): int(r["n"]) for r in store.count_by([period], scoped)}  # type: ignore[call-overload]
    periods = sorted(totals)
    if after is None:
        after = periods[-1] if periods else None
    if before is None:
        earlier = [p for p in periods if after is not None and p < after]
        before = earlier[-1] if earlier else None
    if before is None or after is None or before not in totals or after not in totals:
        return []
    counts: dict[tuple[str, str], int] = {}
    for r in store.count_skills([period], scoped):
        counts[(str(r[period]), str(r["skill_id"]))] = int(r["n"])  # type: ignore[call-overload]
    skills = sorted({s for (p, s) in counts if p in (before, after)})
    tested = []
    for skill in skills:
        x1, x2 = counts.get((before, skill), 0), counts.get((after, skill), 0)
        if x1 + x2 < min_postings:
            continue
        z, p = two_proportion_z(x1, totals[before], x2, totals[after])
        tested.append((skill, x1, x2, z, p))
    qs = benjamini_hochberg([t[4] for t in tested])
    result = [
        EmergingSkill(
            skill,
            before,
            after,
            x1,
            x2,
            x1 / totals[before],
            x2 / totals[after],
            round(z, 4),
            p,
            q,
            q < alpha and z > 0,
        )
        for (skill, x1, x2, z, p), q in zip(tested, qs, strict=True)
        if z > 0
    ]
    result.sort(key=lambda e: (e.p_value, -e.share_after, e.skill_id))
    return result


# --- candidate new skills ------------------------------------------------------------------------

# A word that may be capitalised or tool-shaped (an upper-case letter, a digit or ".+#" in it), with
# inner ".+#/-" joins and a trailing "+"/"#" ("Node.js", "C++", "T-SQL", "CI/CD", "Security+").
# Phrases are runs of such words separated by spaces only; ``_shape`` checks each word again.
# Words in angle brackets are markup or redaction placeholders ("<NAME>").
_CANDIDATE_WORD = (
    r"(?<![\w.+#/\-<])(?:[A-Z]|(?=[a-z]*[A-Z0-9.+#])[a-z])"
    r"[A-Za-z0-9]*(?:[.+#/\-][A-Za-z0-9]+)*[+#]*(?![\w+#>])"
)
_RUN = re.compile(rf"{_CANDIDATE_WORD}(?: +{_CANDIDATE_WORD})*")
_LOWER_WORD = r"[a-z][a-z0-9]*(?:[.+#/\-][a-z0-9]+)*"
_LOWERCASE_RUN = re.compile(rf"(?<![\w.+#/\-]){_LOWER_WORD}(?: +{_LOWER_WORD})*(?![\w+#])")
_COMBINING_MARK = re.compile("[\u0300-\u036f]")
_TOOL_SHAPED = re.compile(r"[a-z][A-Z]|[0-9.+#]")  # "PyTorch", "S3", "Node.js", "C++", "C#"
# Marks after which a word opens a sentence or a list item.
_OPENERS = frozenset(".!?:;\n\r\t|*>-\u2022\u00b7\u25aa\u25cf\u25e6")
_MAX_WORDS = 3
_ACRONYM_MAX_LETTERS = 6  # longer all-caps words are shouted headings ("RESPONSIBILITIES")
# A capitalised phrase whose lower-case form makes up more than this share of its occurrences is an
# ordinary word capitalised in a title or heading ("Develop", "Computer Science", "CAN"), not a name.
_MAX_LOWERCASE_SHARE = 0.3
# A phrase seen inside one longer candidate in at least this share of its postings is dropped in
# favour of the longer one ("Data Factory" inside "Azure Data Factory").
_FRAGMENT_SHARE = 0.8


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that mark a phrase as job-ad boilerplate rather than a tool or skill: equal-opportunity and
# legal text, benefits, headings, degrees, job titles, public bodies, business jargon, company
# forms, social networks, applicant-tracking systems, languages, places and dates.
_BOILERPLATE = _words(
    """
    a an and the of to in for on with at by from as or our we you your us is are be will this that it
    its all i ii iii iv new who what why how when where if other please apply applicants applicant
    candidate candidates click here note etc e.g i.e eg ie vs via per
    equal opportunity opportunities employer employment affirmative action eeo eoe eeoc ofccp veteran
    veterans disability disabilities disabled race color colour religion sex sexual gender identity
    orientation national origin ancestry age marital pregnancy genetic citizenship citizen citizens
    protected status minorities minority females female women accommodation accommodations ada
    clearance clearances polygraph secret ts sci drug background verify e-verify visa sponsorship
    h1b covid covid-19 vaccination vaccinated law laws regulation applicable statement policy privacy
    benefits benefit health dental vision insurance 401k 401 pto vacation holiday holidays paid leave
    parental maternity paternity adoption childcare bonus salary compensation equity stock espp
    purchase retirement pension savings contribution contributions matching charitable wellness perks
    gym meals snacks commuter parking discount discounts relocation tuition reimbursement assistance
    program programs plan plans entertainment funded vc usd eur gbp hq headquarters date posted
    about overview summary description responsibilities responsibility accountabilities duties duty
    requirements requirement qualifications qualification preferred required desired minimum basic
    essential key primary job jobs position positions role roles title location locations department
    type schedule shift travel reports reporting function functions purpose physical environment
    conditions experience experienced years year team teams company companies work working ability
    abilities skills skill knowledge strong excellent proven demonstrated familiarity proficiency
    proficient understanding must plus including include includes such day days week weeks hours hour
    time full part full-time part-time contract temporary permanent internship level entry
    bachelor bachelors bachelor's master masters master's phd ph.d doctorate doctoral degree degrees
    ms m.s msc bs b.s bsc ba b.a ma m.a mba mph gpa cs ee university universities college school
    diploma stem certification certifications certified
    senior sr junior jr director directors chief head principal staff lead manager managers officer
    president vice associate associates assistant specialist consultant coordinator scientist
    scientists researcher researchers analyst analysts engineer engineers developer developers
    programmer programmers intern interns modeler architect administrator
    fair chance ordinance talent acquisition human resources recruiter recruiting hiring segment
    nearest major market fortune institute institutes community affairs agency foundation hospital
    fda dod dhs nih cdc cms usda irs nasa ich hr ceo cto cfo coo cio vp svp evp md sop cro cmo cfr
    saas b2b b2c kpi kpis roi dna rna
    inc llc ltd corp corporation co group holdings lp plc
    linkedin twitter facebook instagram youtube glassdoor indeed jazzhr icims taleo
    english spanish french german chinese mandarin japanese korean
    usa u.s u.s.a united states america american north south east west northern southern eastern
    western bay area valley silicon downtown remote onsite hybrid
    alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii
    idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan
    minnesota mississippi missouri montana nebraska nevada hampshire jersey mexico york carolina
    dakota ohio oklahoma oregon pennsylvania rhode tennessee texas utah vermont virginia washington
    wisconsin wyoming canada europe asia india china japan uk london paris berlin toronto
    january february march april may june july august september october november december monday
    tuesday wednesday thursday friday saturday sunday
    """
)
# State codes ("Austin, TX"); a phrase made only of these and posting places is a place.
_STATES = _words(
    """
    al ak az ar ca co ct de dc fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny
    nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy
    """
)
# Vendors, and words that only qualify a skill: a known skill with these around it is the known
# skill ("Python Developer", "AWS Services", "Microsoft SQL").
_VENDORS = _words("microsoft ms amazon aws google gcp azure apache ibm oracle sap adobe")
_QUALIFIERS = _VENDORS | _words(
    """
    developer developers development engineer engineers engineering programming programmer code
    coding script scripts scripting queries query language languages experience expert expertise
    skills skill tools tool services service environment environments platform platforms stack
    ecosystem technologies technology framework frameworks libraries library package packages
    application applications certification certified knowledge proficiency background concepts
    data analyst analysts analysis analytics scientist scientists science models modeling modelling
    solutions solution projects project products product systems system
    """
)
# Capitalised phrases ending in one of these are fields of study ("Electrical Engineering").
_DISCIPLINES = _words(
    "engineering science sciences mathematics math physics statistics economics studies biology chemistry"
)


@dataclass(frozen=True)
class CandidateSkill:
    """A tool-like phrase in postings that the taxonomy does not know (shares of postings in [0, 1]).

    ``companies`` counts distinct employers using it outside their own company name.
    ``share_before`` and ``share_after`` are its shares in the two compared periods and ``growth``
    their difference (``None`` without two dated periods). ``esco`` says whether the phrase is an
    ESCO skill label (``None`` when no labels were given).
    """

    phrase: str
    postings: int
    share: float
    companies: int
    share_before: float | None = None
    share_after: float | None = None
    growth: float | None = None
    esco: bool | None = None


@functools.lru_cache(maxsize=1 << 16)
def _fold(phrase: str) -> str:
    """Returns the matching key of a phrase: lower case, no dots or ".js", hyphens and slashes as
    spaces, plurals singular ("Power-BI" -> "power bi", "D3.js" -> "d3", "APIs" -> "api")."""
    text = re.sub(r"\.js\b", "", phrase.lower()).replace(".", "")
    words = re.sub(r"[-/_]", " ", text).split()
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words)


def _word_runs(term: str) -> set[str]:
    """Returns the folded contiguous word runs of ``term``, spaced and unspaced ("power bi", "powerbi")."""
    words = _fold(re.sub(r"[()\[\],;:&]", " ", term)).split()
    runs = {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}
    return runs | {run.replace(" ", "") for run in runs}


@functools.lru_cache(maxsize=1 << 16)
def _shape(word: str) -> str | None:
    """Returns "tool" for tool-shaped words (inner capitals, digits, ".+#", short acronyms), "cap"
    for other capitalised words, ``None`` for the rest."""
    if _TOOL_SHAPED.search(word):
        return "tool"
    letters = re.sub(r"[-/]", "", word)
    if letters.isupper():
        return "tool" if 2 <= len(letters) <= _ACRONYM_MAX_LETTERS else None
    return "cap" if word[0].isupper() else None


@functools.lru_cache(maxsize=1 << 16)
def _is_boilerplate(word: str) -> bool:
    """Whether ``word`` or one of its slash or hyphen parts is a boilerplate word ("BA/BS",
    "Mid-Level")."""
    parts = [word, *re.split(r"[/\-]", word)] if "/" in word or "-" in word else [word]
    return any(p.lower().rstrip(".") in _BOILERPLATE or _fold(p) in _BOILERPLATE for p in parts if len(p) > 1)


def _plain(text: str) -> str:
    """Returns ``text`` without accents ("Naïve" -> "Naive"), so that the ASCII patterns see it."""
    if text.isascii():
        return text
    return _COMBINING_MARK.sub("", unicodedata.normalize("NFKD", text))


def _phrases(text: str) -> dict[str, str]:
    """Returns folded key -> surface form of the tool-like phrases (1 to 3 words) in ``text``.

    A phrase is a run of capitalised or tool-shaped words with no boilerplate word; a capitalised
    word that opens a sentence or list item does not start one ("Develop models in Python"), and a
    field name before a colon is not part of one ("Location: Austin").
    """
    found: dict[str, str] = {}
    for match in _RUN.finditer(text):
        before = text[max(0, match.start() - 20) : match.start()].rstrip(" \"'(\u00a0")
        opens = not before or before[-1] in _OPENERS
        before_colon = text.startswith(":", match.end())  # the last word is a field name ("Likes: 0")
        runs: list[list[str]] = []
        previous_usable = False
        words = match.group().split()
        for i, word in enumerate(words):
            shape = _shape(word)
            usable = shape is not None and not (i == 0 and opens and shape == "cap") and not _is_boilerplate(word)
            usable = usable and not (before_colon and i == len(words) - 1)
            if usable and previous_usable:
                runs[-1].append(word)
            elif usable:
                runs.append([word])
            previous_usable = usable
        for run in runs:
            for size in range(1, _MAX_WORDS + 1):
                for start in range(len(run) - size + 1):
                    surface = " ".join(run[start : start + size])
                    found.setdefault(_fold(surface), surface)
    return found


def _lowercase_counts(texts: Iterable[str], keys: set[str]) -> Counter[str]:
    """Returns key -> number of ``texts`` in which the phrase (one of the folded ``keys``) is
    written in lower case."""
    vocabulary = {word for key in keys for word in key.split()}
    counts: Counter[str] = Counter()
    for text in texts:
        seen: set[str] = set()
        for run in _LOWERCASE_RUN.finditer(text):
            words = [_fold(w) for w in run.group().split()]
            for start in range(len(words)):
                end = start
                while end < len(words) and end - start < _MAX_WORDS and words[end] in vocabulary:
                    end += 1
                    phrase = " ".join(words[start:end])
                    if phrase in keys:
                        seen.add(phrase)
        counts.update(seen)
    return counts


def _period_of(posting: JobPosting, period: Period) -> str | None:
    """Returns the posting's period label as the stores write it (month and quarter need a
    month-precise date)."""
    day = posting.posted_on
    if day is None:
        return None
    if period == "year":
        return str(day.year)
    if posting.posted_precision not in ("day", "month"):
        return None
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}" if period == "quarter" else f"{day.year}-{day.month:02d}"


def _compared_periods(
    items: list[JobPosting], period: Period, before: str | None, after: str | None
) -> tuple[list[int], list[int]] | None:
    """Returns the indexes of the postings in the earlier and the later period (by default the last
    two periods with postings), or ``None`` without two such periods."""
    labels = [_period_of(item, period) for item in items]
    present = sorted({label for label in labels if label is not None})
    after = after or (present[-1] if present else None)
    if before is None:
        earlier = [p for p in present if after is not None and p < after]
        before = earlier[-1] if earlier else None
    if before is None or after is None or before not in present or after not in present:
        return None
    return [i for i, x in enumerate(labels) if x == before], [i for i, x in enumerate(labels) if x == after]


class _KnownTerms:
    """The taxonomy's names and aliases, folded, for telling new phrases from known ones."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.runs: set[str] = set()  # every word run of every term: "vertex", "vertex ai", ...
        self.whole: set[str] = set()  # every whole term: "google vertex ai", "sql", ...
        for term in terms:
            self.runs |= _word_runs(term)
            folded = _fold(term)
            self.whole |= {folded, folded.replace(" ", "")}

    def covers(self, key: str) -> bool:
        """Whether the phrase is a known term, part of one, known terms side by side ("C/C++"), or
        one known term with qualifiers ("Python Developer", "Microsoft SQL")."""
        words = key.split()
        if key in self.runs or key.replace(" ", "") in self.runs or all(w in self.whole for w in words):
            return True
        for i in range(len(words)):
            for j in range(i + 1, len(words) + 1):
                rest = words[:i] + words[j:]
                if " ".join(words[i:j]) in self.whole and all(w in _QUALIFIERS for w in rest):
                    return True
        return False


def candidate_skills(
    postings: Iterable[JobPosting | str],
    known_terms: Iterable[str],
    *,
    min_share: float = 0.005,
    min_companies: int = 3,
    top: int = 30,
    period: Period = "year",
    before: str | None = None,
    after: str | None = None,
    esco_labels: Iterable[str] | None = None,
    finder: PhraseFinder | None = None,
    case_check: bool | None = None,
) -> list[CandidateSkill]:
    """Returns tool-like phrases ("LangChain", "Vertex AI", "T-SQL") that postings of several
    employers use and that no known term (taxonomy names and aliases) covers, best first.

    A candidate is a run of one to three capitalised or tool-shaped words without boilerplate words
    (equal-opportunity text, benefits, headings, degrees, titles, places). It must be in at least
    ``min_share`` of the postings and in postings of ``min_companies`` employers (a company naming
    itself does not count), be written in lower case in at most 30% of its uses (else it is an
    ordinary word in a heading), not be a posting's place or a field of study, and not be covered
    by a known term up to case, plurals, hyphens and spacing ("PowerBI" for "Power BI", "Vertex" for
    "Google Vertex AI", "AWS Services" for "AWS").

    Ranked by share of postings; with two dated periods (the last two, or ``before`` and ``after``)
    by the share in the later period plus its gain over the earlier one, so rising phrases come
    first. ``esco_labels`` (e.g. ESCO preferred and alternative labels) marks phrases that ESCO
    knows. Plain strings are accepted as postings without employer, place or date: each counts as
    its own employer, and no growth is computed.

    ``finder`` replaces the capitalisation rules that propose phrases (e.g. ``tagged_phrases`` with the
    trained span tagger); its phrases skip the lower-case check, since a tagger also finds lower-case
    skills ("prompt engineering"). Every other rule applies to them unchanged. ``case_check`` forces the
    lower-case check on or off (default: only for the rules' own phrases); ``confirmed_phrases`` keeps it.
    """
    items = [p if isinstance(p, JobPosting) else JobPosting(posting_id="", title="", description=p) for p in postings]
    if not items:
        return []
    known = _KnownTerms(known_terms)
    places: set[str] = set()
    for item in items:
        for part in (item.location or "").split(","):
            places |= _word_runs(part)
    texts = [_plain(item.description) for item in items]
    found = finder(texts) if finder is not None else [_phrases(text) for text in texts]

    postings_with: Counter[str] = Counter()
    employers: dict[str, set[str]] = {}
    surfaces: dict[str, Counter[str]] = {}
    for number, (item, phrases) in enumerate(zip(items, found, strict=True)):
        own_name = _word_runs(item.company) if item.company else set()
        employer = item.company or f"#{number}"
        for key, surface in phrases.items():
            postings_with[key] += 1
            if key not in surfaces:
                surfaces[key] = Counter()
            surfaces[key][surface] += 1
            if key not in own_name:
                employers.setdefault(key, set()).add(employer)

    def plausible(key: str) -> bool:
        if postings_with[key] < min_share * len(items) or len(employers.get(key, ())) < min_companies:
            return False
        return not (all(w in _STATES or w in places for w in key.split()) or known.covers(key))

    def spelling(key: str) -> str:  # the most frequent one
        return surfaces[key].most_common(1)[0][0]

    def field_of_study(key: str) -> bool:
        words = spelling(key).split()
        return _fold(words[-1]) in _DISCIPLINES and all(_shape(w) == "cap" for w in words)

    keys = {key for key in postings_with if plausible(key)}
    # Shouted words ("WHAT WE CAN OFFER") are checked one by one against their lower-case uses.
    shouted = {_fold(w) for key in keys for w in spelling(key).split() if w.isupper()}
    lowercase = _lowercase_counts(texts, keys | shouted)

    def written_as_name(key: str) -> bool:
        if lowercase[key] > _MAX_LOWERCASE_SHARE * (lowercase[key] + postings_with[key]):
            return False
        words = spelling(key).split()
        return not any(
            lowercase[_fold(w)] > _MAX_LOWERCASE_SHARE * (lowercase[_fold(w)] + postings_with[_fold(w)])
            for w in words
            if w.isupper()
        )

    if (finder is None) if case_check is None else case_check:
        keys = {key for key in keys if written_as_name(key)}
    keys -= _fragments(found, keys, postings_with)
    keys = {key for key in keys if not field_of_study(key)}
    # "Microsoft SQL Server" when "SQL Server" is a candidate too.
    keys = {k for k in keys if not (k.split()[0] in _VENDORS and k.partition(" ")[2] in keys)}

    compared = _compared_periods(items, period, before, after)
    labels = None if esco_labels is None else {_fold(label) for label in esco_labels}
    result = []
    for key in keys:
        share_before = share_after = growth = None
        if compared is not None:
            early, late = compared
            share_before = sum(key in found[i] for i in early) / len(early)
            share_after = sum(key in found[i] for i in late) / len(late)
            growth = share_after - share_before
        result.append(
            CandidateSkill(
                phrase=spelling(key),
                postings=postings_with[key],
                share=postings_with[key] / len(items),
                companies=len(employers[key]),
                share_before=share_before,
                share_after=share_after,
                growth=growth,
                esco=None if labels is None else key in labels,
            )
        )

    def rank(c: CandidateSkill) -> tuple[float, int, str]:
        score = c.share if c.share_after is None or c.growth is None else c.share_after + max(c.growth, 0.0)
        return (-score, -c.companies, c.phrase.lower())

    result.sort(key=rank)
    return result[:top]


def _fragments(found: list[dict[str, str]], keys: set[str], postings_with: Counter[str]) -> set[str]:
    """Returns the candidates that mostly occur inside one longer candidate."""
    inside: Counter[tuple[str, str]] = Counter()
    for phrases in found:
        for key in phrases:
            if key in keys and " " in key:
                for part in (_word_runs(key) & keys) - {key}:
                    inside[(part, key)] += 1
    return {part for (part, _), n in inside.items() if n >= _FRAGMENT_SHARE * postings_with[part]}


# Texts -> per text, folded key -> surface form of its phrases (``_phrases`` is the rule-based one).
PhraseFinder = Callable[[list[str]], list[dict[str, str]]]
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+|\s*[\u2022\u00b7\u25aa\u25cf\u25e6|*]\s*")
_TOKEN = re.compile(r"\w(?:[\w.+#/\-']*[\w+#])?|[^\w\s]")
_TAGGED_TYPES = ("Knowledge",)  # SkillSpan "Skill" spans are whole clauses, not names of skills


def tagged_phrases(tag_many: Callable[[list[list[str]]], Sequence[Sequence[tuple[int, int, str]]]]) -> PhraseFinder:
    """A ``PhraseFinder`` from a span tagger (``TrainedSpanTagger.tag_many``): its Knowledge spans of one
    to three words with no boilerplate word, per text (sentences split at ends, line breaks and bullets)."""

    def find(texts: list[str]) -> list[dict[str, str]]:
        sentences, owner = [], []
        for number, text in enumerate(texts):
            for part in _SENTENCE_END.split(text):
                words = _TOKEN.findall(part)
                if words:
                    sentences.append(words)
                    owner.append(number)
        found: list[dict[str, str]] = [{} for _ in texts]
        for words, number, spans in zip(sentences, owner, tag_many(sentences), strict=True):
            for start, end, kind in spans:
                span = words[start:end]
                if kind in _TAGGED_TYPES and len(span) <= _MAX_WORDS and not any(_is_boilerplate(w) for w in span):
                    surface = " ".join(span)
                    if _fold(surface):
                        found[number].setdefault(_fold(surface), surface)
        return found

    return find


def confirmed_phrases(
    tag_many: Callable[[list[list[str]]], Sequence[Sequence[tuple[int, int, str]]]],
) -> PhraseFinder:
    """The rules' phrases of each text that the span tagger also tags as a Knowledge span there (same
    folded phrase): the rules propose, the tagger confirms. Use with ``case_check=True``."""
    tagged = tagged_phrases(tag_many)

    def find(texts: list[str]) -> list[dict[str, str]]:
        return [
            {key: surface for key, surface in _phrases(text).items() if key in spans}
            for text, spans in zip(texts, tagged(texts), strict=True)
        ]

    return find


RULES_FINDER = "capitalisation-rules.v1"  # the rule-based finder's name in `market emerging --format json`
CANDIDATE_SAMPLE = 5000  # postings read for candidate phrases: enough for stable shares, fast to scan
TAGGER_SAMPLE = 1000  # fewer with the span tagger (PyTorch): a few Glassdoor postings per CPU second
AUTO_SAMPLE = (
    300  # the `auto` finder (rules confirmed by the int8 tagger): bounded so `market emerging` stays interactive
)


def store_candidate_skills(
    store: PostingStore,
    known_terms: Iterable[str],
    flt: PostingFilter = ALL_POSTINGS,
    *,
    top: int = 30,
    period: Period = "year",
    before: str | None = None,
    after: str | None = None,
    finder: PhraseFinder | None = None,
    sample: int = CANDIDATE_SAMPLE,
    case_check: bool | None = None,
) -> list[CandidateSkill]:
    """Returns ``candidate_skills`` over the first ``sample`` postings with a description
    that match ``flt`` in a store (the CLI and the market report both read them this way)."""
    postings = store.iter_postings(replace(flt, with_description=True), limit=sample)
    return candidate_skills(
        postings,
        known_terms,
        top=top,
        period=period,
        before=before,
        after=after,
        finder=finder,
        case_check=case_check,
    )

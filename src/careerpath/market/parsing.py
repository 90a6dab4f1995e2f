"""Parsing postings: canonical records → ``JobPosting`` (role, seniority, salary, dedup keys), and
the skills of the postings that need them. Pure functions over chunks of records, so the same code
runs in this process, in worker processes and on Spark executors (see ``market.ingest``)."""

from __future__ import annotations

import inspect
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple, Protocol

from careerpath.market.dedup import DedupKeys, dedup_keys
from careerpath.market.postings import JobPosting, PostingEscoSkill, PostingSkill
from careerpath.market.salaries import ParsedSalary, find_salary_in_text, parse_salary, salary_from_fields
from careerpath.roles.titles import RoleLike, TitleNormalizer
from careerpath.skills.esco_tier import SentenceLinker, link_unexplained, min_link_score

ESCO_SENTENCE_CHARS = 200  # evidence kept per ESCO link: enough to read, small enough to store


class SkillExtractorLike(Protocol):
    def extract(self, text: str) -> Sequence[Any]: ...


class ExtractedSkills(NamedTuple):  # a tuple: sent back from worker processes for every posting
    """The skills of one posting text: curated skills, and ESCO links when the second tier ran."""

    skills: tuple[PostingSkill, ...] = ()
    esco_skills: tuple[PostingEscoSkill, ...] = ()
    esco_design: str | None = None  # the linking design's versioned name; None when the tier did not run


class PostingParser:
    """Turns canonical records into ``JobPosting`` objects: role, seniority, salary and skills.

    With an ``esco_linker`` (careerpath.linking.SkillLinker) the sentences the curated extractor
    leaves unexplained are also linked to ESCO skills, as ``assess --esco`` does for resumes.
    """

    def __init__(
        self,
        roles: Iterable[RoleLike],
        extractor: SkillExtractorLike | None,
        esco_linker: SentenceLinker | None = None,
    ) -> None:
        self.titles = TitleNormalizer(roles)
        self.extractor = extractor
        self.esco_linker = esco_linker
        # Postings keep only each skill's matched span, so skip quoting sentences where the
        # extractor can (``SkillExtractor.extract(..., with_sentences=False)``).
        self._extract_options: dict[str, bool] = {}
        if extractor is not None:
            try:
                parameters = inspect.signature(extractor.extract).parameters
            except (TypeError, ValueError):
                parameters = {}  # type: ignore[assignment]
            if "with_sentences" in parameters:
                self._extract_options["with_sentences"] = False

    def salary(self, fields: dict[str, Any]) -> ParsedSalary | None:
        parsed = parse_salary(fields.get("salary_text"))
        if parsed is None and (fields.get("salary_min") is not None or fields.get("salary_max") is not None):
            parsed = salary_from_fields(
                fields.get("salary_min"),
                fields.get("salary_max"),
                fields.get("salary_currency"),
                fields.get("salary_period"),
            )
        if parsed is None and fields.get("description"):
            parsed = find_salary_in_text(fields["description"])
        return parsed

    def extract_skills(self, text: str) -> ExtractedSkills:
        """Returns the curated skills of a posting text and, with an ESCO linker, its ESCO links."""
        if not text:
            return ExtractedSkills()
        matches = self.extractor.extract(text, **self._extract_options) if self.extractor is not None else []
        found: list[PostingSkill] = []
        for match in matches:
            if getattr(match, "strongest", "mentioned") == "negated":
                continue
            evidence = match.evidence[0].text if getattr(match, "evidence", None) else ""
            found.append(PostingSkill(match.skill_id, round(float(match.confidence), 4), evidence[:120]))
        skills = tuple(sorted(found, key=lambda s: s.skill_id))
        if self.esco_linker is None:
            return ExtractedSkills(skills)
        links = link_unexplained(text, matches, self.esco_linker, min_score=min_link_score(self.esco_linker))
        esco = tuple(
            PostingEscoSkill(link.uri, link.label, round(link.score, 4), link.sentence[:ESCO_SENTENCE_CHARS])
            for link in links
        )
        return ExtractedSkills(skills, esco, str(getattr(self.esco_linker.config, "name", "custom")))

    def parse(
        self,
        fields: dict[str, Any],
        *,
        posting_id: str,
        source: str,
        source_file: str,
        record_no: int,
        with_skills: bool = True,
    ) -> JobPosting:
        """Returns the posting of a canonical record; ``with_skills=False`` leaves skills empty
        (the ingest pipeline extracts them later, only for postings that are not duplicates)."""
        title = str(fields["title"])
        match = self.titles.normalize(title)
        seniority = fields.get("seniority") or match.seniority
        salary = self.salary(fields)
        usd = fields.get("salary_usd")
        description = fields.get("description") or ""
        found = self.extract_skills(skills_text(title, description)) if description and with_skills else None
        return JobPosting(
            posting_id=posting_id,
            title=title,
            role_id=match.role_id,
            seniority=seniority,
            company=fields.get("company"),
            location=fields.get("location"),
            remote=fields.get("remote"),
            posted_on=fields.get("posted_on"),
            posted_precision=fields.get("posted_precision"),
            salary_min=salary.min_amount if salary else None,
            salary_max=salary.max_amount if salary else None,
            salary_currency=salary.currency if salary else None,
            salary_period=salary.period if salary else None,
            salary_min_yearly=salary.min_yearly if salary else None,
            salary_max_yearly=salary.max_yearly if salary else None,
            salary_usd_yearly=float(usd) if usd is not None else (salary.usd_yearly if salary else None),
            salary_estimated_by=salary.estimated_by if salary else None,
            description=description,
            url=fields.get("url"),
            skills=found.skills if found else (),
            source=source,
            source_file=source_file,
            record_no=record_no,
            esco_skills=found.esco_skills if found else (),
            esco_design=found.esco_design if found else None,
        )


ParsedItem = tuple[int, JobPosting | None, DedupKeys | None, str | None]
ChunkArgs = tuple[list[tuple[int, "dict[str, Any] | None", "str | None"]], str, str, str]
# Skills of the postings that need them, by position in the chunk: the skills or a rejection reason.
SkillResult = tuple[int, "ExtractedSkills | None", "str | None"]


def skills_text(title: str, description: str) -> str:
    """Returns the text skills are extracted from: the title, a newline, the description."""
    return f"{title}\n{description}"


def stable_posting_id(fhash: str, line: int) -> str:
    """Returns the stable id of a file's record: the file's content hash (16 hex digits) and the record's
    number, so that re-ingesting the same file gives the same ids (judged files stay valid)."""
    return f"{fhash[:16]}:{line}"


def parse_record(
    parser: PostingParser,
    fields: dict[str, Any],
    *,
    fhash: str,
    line: int,
    source: str,
    source_file: str,
    with_skills: bool,
) -> tuple[JobPosting | None, str | None]:
    """Returns (posting, None), or (None, the reason) when the record cannot be parsed; both engines
    parse each record through here."""
    try:
        posting = parser.parse(
            fields,
            posting_id=stable_posting_id(fhash, line),
            source=source,
            source_file=source_file,
            record_no=line,
            with_skills=with_skills,
        )
    except (ValueError, TypeError, KeyError) as exc:
        return None, f"{type(exc).__name__}: {exc}"
    return posting, None


def parse_chunk(
    parser: PostingParser,
    chunk: Sequence[tuple[int, dict[str, Any] | None, str | None]],
    *,
    fhash: str,
    source: str,
    source_file: str,
    with_skills: bool = True,
) -> list[ParsedItem]:
    """Returns (line, posting, dedup keys, rejection reason) for each record of a chunk."""
    out: list[ParsedItem] = []
    for line, fields, error in chunk:
        if fields is None:
            out.append((line, None, None, error or "unparseable record"))
            continue
        posting, reason = parse_record(
            parser, fields, fhash=fhash, line=line, source=source, source_file=source_file, with_skills=with_skills
        )
        if posting is None:
            out.append((line, None, None, reason))
            continue
        keys = dedup_keys(posting.title, posting.company, posting.location, posting.description)
        out.append((line, posting, keys, None))
    return out


def skill_requests(items: list[ParsedItem], duplicates: list[bool]) -> list[tuple[int, str]]:
    """Returns (position, text) for the postings whose skills are needed: new ones with a description."""
    requests: list[tuple[int, str]] = []
    for position, ((_, posting, _, _), is_dup) in enumerate(zip(items, duplicates, strict=True)):
        if posting is not None and not is_dup and posting.description:
            requests.append((position, skills_text(posting.title, posting.description)))
    return requests


def extract_chunk_skills(parser: PostingParser, requests: Sequence[tuple[int, str]]) -> list[SkillResult]:
    """Returns the skills of each requested text (or why extraction failed), by position."""
    out: list[SkillResult] = []
    for position, text in requests:
        try:
            out.append((position, parser.extract_skills(text), None))
        except (ValueError, TypeError, KeyError) as exc:
            out.append((position, None, f"{type(exc).__name__}: {exc}"))
    return out


def attach_skills(items: list[ParsedItem], results: Sequence[SkillResult]) -> list[ParsedItem]:
    """Returns ``items`` with the extracted skills set (a failed extraction rejects the record)."""
    merged = list(items)
    for position, skills, error in results:
        line, posting, keys, _ = merged[position]
        assert posting is not None
        if skills is None:
            merged[position] = (line, None, None, error)
        else:
            posting = posting.with_skills(skills.skills, skills.esco_skills, skills.esco_design)
            merged[position] = (line, posting, keys, None)
    return merged

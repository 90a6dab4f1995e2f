"""The ingest pipeline: files → records → parsed postings → dedup → skills → store, idempotent and resumable.

A file is identified by the hash of its bytes. Each batch of records is written in one store
transaction together with the file's progress (``records_done``), so:

- re-ingesting a fully ingested file reads nothing and adds nothing;
- an ingest killed midway resumes after the last committed record, and since duplicates are
  decided by ingest order (see ``dedup``), the store ends exactly as after one clean run.

New (non-duplicate) postings get their curated skills and, with ``esco_parser_factory`` (``market
ingest --esco DIR``), ESCO skills for the sentences those skills leave unexplained.

Example::

    from careerpath.storage.duckdb_store import DuckDBPostingStore
    store = DuckDBPostingStore("market.duckdb")
    summary = ingest_files([Path("glassdoor_jobs.csv.gz")], store)
    print(summary.read, summary.new, summary.duplicates, summary.rejected)
"""

from __future__ import annotations

import hashlib
import inspect
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple, Protocol

from careerpath.market.dedup import DedupKeys, KeyIndex, dedup_keys, mark_duplicates
from careerpath.market.postings import (
    FileState,
    IngestBatch,
    JobPosting,
    PostingEscoSkill,
    PostingSkill,
    PostingStore,
    Rejection,
    StoredPosting,
)
from careerpath.market.readers import RawRecord, detect_format, read_postings_file
from careerpath.market.salaries import ParsedSalary, find_salary_in_text, parse_salary, salary_from_fields
from careerpath.roles.titles import RoleLike, TitleNormalizer
from careerpath.skills.esco_tier import SentenceLinker, link_unexplained, min_link_score

DEFAULT_BATCH_SIZE = 4000  # records per store transaction; fewer commits (each syncs to disk)
ESCO_SENTENCE_CHARS = 200  # evidence kept per ESCO link: enough to read, small enough to store


class SkillExtractorLike(Protocol):
    def extract(self, text: str) -> Sequence[Any]: ...


@dataclass
class IngestSummary:
    """Counts of one ingest run: records read, new postings, duplicates, rejected records."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    rejected: int = 0
    files_skipped: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    files: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "files": self.files,
            "files_skipped": self.files_skipped,
            "rejections": [{"file": r.file, "line": r.line, "reason": r.reason} for r in self.rejections],
        }


class ExtractedSkills(NamedTuple):  # a tuple: sent back from worker processes for every posting
    """The skills of one posting text: curated skills, and ESCO links when the second tier ran."""

    skills: tuple[PostingSkill, ...] = ()
    esco_skills: tuple[PostingEscoSkill, ...] = ()
    esco_design: str | None = None  # the linking design's versioned name; None when the tier did not run


@dataclass
class ProgressEvent:
    """Sent after each batch: the file, records done in this run and the fraction of the file read."""

    path: str
    records: int
    fraction: float


def file_hash(path: Path) -> str:
    """Returns the SHA-256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


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
MarkFn = Callable[[list[ParsedItem]], list[bool]]
ChunkMapper = Callable[
    [Iterator[ChunkArgs], Callable[[], "PostingParser"], MarkFn], Iterator[tuple[list[ParsedItem], list[bool]]]
]
"""Runs the two parse stages elsewhere (the Spark engine's runs on executors): for each chunk, in
input order, ``parse_chunk(..., with_skills=False)``, then ``mark`` (the duplicate flags, decided
in order), then ``extract_chunk_skills`` for ``skill_requests``, merged with ``attach_skills``."""


def skills_text(title: str, description: str) -> str:
    """Returns the text skills are extracted from: the title, a newline, the description."""
    return f"{title}\n{description}"


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
        try:
            posting = parser.parse(
                fields,
                posting_id=f"{fhash[:16]}:{line}",
                source=source,
                source_file=source_file,
                record_no=line,
                with_skills=with_skills,
            )
        except (ValueError, TypeError, KeyError) as exc:
            out.append((line, None, None, f"{type(exc).__name__}: {exc}"))
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


# Worker-process state for parallel parsing (built once per process by _init_worker).
_WORKER: dict[str, PostingParser] = {}


def _init_worker(factory: Callable[[], PostingParser]) -> None:
    _WORKER["parser"] = factory()


def _parse_in_worker(args: ChunkArgs) -> list[ParsedItem]:
    chunk, fhash, source, source_file = args
    return parse_chunk(_WORKER["parser"], chunk, fhash=fhash, source=source, source_file=source_file, with_skills=False)


def _skills_in_worker(requests: list[tuple[int, str]]) -> list[SkillResult]:
    return extract_chunk_skills(_WORKER["parser"], requests)


def _chunks(records: Iterator[RawRecord], size: int) -> Iterator[list[tuple[int, dict[str, Any] | None, str | None]]]:
    chunk: list[tuple[int, dict[str, Any] | None, str | None]] = []
    for record in records:
        chunk.append((record.line, record.fields, record.error))
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_serial(
    parser: PostingParser, chunks: Iterator[ChunkArgs], mark: MarkFn
) -> Iterator[tuple[list[ParsedItem], list[bool]]]:
    for chunk, fhash, source, source_file in chunks:
        items = parse_chunk(parser, chunk, fhash=fhash, source=source, source_file=source_file, with_skills=False)
        duplicates = mark(items)
        yield attach_skills(items, extract_chunk_skills(parser, skill_requests(items, duplicates))), duplicates


def _run_pool(
    pool: Any, chunks: Iterator[ChunkArgs], mark: MarkFn, ahead: int
) -> Iterator[tuple[list[ParsedItem], list[bool]]]:
    """Runs both stages on a process pool, keeping at most ``ahead`` chunks in each stage.

    Tasks are submitted one by one (``apply_async``), never as one lazy ``imap`` stream: the pool
    feeds a stream to the workers before any later task, which would starve the skills stage and
    buffer the whole file.
    """
    parsing: deque[Any] = deque()
    extracting: deque[tuple[list[ParsedItem], list[bool], Any]] = deque()
    exhausted = False
    while True:
        while not exhausted and len(parsing) < ahead:
            args = next(chunks, None)
            if args is None:
                exhausted = True
            else:
                parsing.append(pool.apply_async(_parse_in_worker, (args,)))
        if extracting and (extracting[0][2].ready() or len(extracting) >= ahead or not parsing):
            items, duplicates, pending = extracting.popleft()
            yield attach_skills(items, pending.get()), duplicates
        elif parsing:
            items = parsing.popleft().get()
            duplicates = mark(items)
            extracting.append(
                (items, duplicates, pool.apply_async(_skills_in_worker, (skill_requests(items, duplicates),)))
            )
        elif not extracting:
            return


def ingest_files(
    paths: Sequence[Path],
    store: PostingStore,
    *,
    parser: PostingParser | None = None,
    parser_factory: Callable[[], PostingParser] | None = None,
    source: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    workers: int = 1,
    on_progress: Callable[[ProgressEvent], None] | None = None,
    max_records: int | None = None,
    chunk_mapper: ChunkMapper | None = None,
) -> IngestSummary:
    """Returns the counts of ingesting ``paths`` into ``store``.

    ``parser_factory`` (a picklable zero-argument callable) is needed for ``workers > 1``; without
    a parser the bundled taxonomy and roles are used (``esco_parser_factory`` adds ESCO links).
    ``source`` defaults to the detected schema.
    ``max_records`` stops after that many records (used by tests to simulate a killed ingest).
    ``chunk_mapper`` parses chunks elsewhere (the Spark engine passes one that runs on executors;
    see ``ChunkMapper``); it must yield results in input order.

    Records are parsed in chunks in two stages: titles, salaries and dedup keys first; then, once
    the duplicates are known (decided in ingest order), skills for the new postings only: the
    skills of a duplicate are never stored, so they are never extracted.
    """
    for path in paths:  # fail on a wrong path or format before any work
        if not Path(path).is_file():
            read_postings_file(Path(path))
        detect_format(Path(path))
    factory = parser_factory or default_parser
    summary = IngestSummary()
    index = KeyIndex(store.dedup_keys())
    seq = store.next_seq()
    pool = None
    if workers > 1 and chunk_mapper is None:
        import multiprocessing

        pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_init_worker, initargs=(factory,))
    elif chunk_mapper is None and parser is None:
        parser = factory()  # parsing happens here: build the parser once

    def mark(items: list[ParsedItem]) -> list[bool]:
        flags = iter(mark_duplicates([keys for _, posting, keys, _ in items if posting is not None], index))
        return [next(flags) if posting is not None else False for _, posting, _, _ in items]

    budget = max_records
    writer = _BatchWriter(store)
    try:
        for path in paths:
            path = Path(path)
            if not path.is_file():
                read_postings_file(path)  # raises the user-facing error
            fhash = file_hash(path)
            state = store.file_state(fhash)
            if state is not None and state.complete:
                summary.files_skipped.append(str(path))
                continue
            schema, records, fraction = read_postings_file(path, with_progress=True)
            label = source or schema
            done = state.records_done if state else 0
            state = FileState(fhash, str(path), label, done, False)
            file_counts = {
                "path": str(path),
                "schema": schema,
                "source": label,
                "read": 0,
                "new": 0,
                "duplicates": 0,
                "rejected": 0,
            }
            # Resume: skip records committed by an earlier, interrupted run (counted by position).
            remaining = _skip(records, done)
            if budget is not None:
                remaining = islice(remaining, budget)
            chunks = _chunks(remaining, max(1, batch_size // max(workers, 1)))
            args = ((chunk, fhash, label, path.name) for chunk in chunks)
            if chunk_mapper is not None:
                parsed_iter = chunk_mapper(args, factory, mark)
            elif pool is not None:
                parsed_iter = _run_pool(pool, args, mark, ahead=workers + 1)
            else:
                assert parser is not None
                parsed_iter = _run_serial(parser, args, mark)
            pending: list[ParsedItem] = []
            pending_dups: list[bool] = []
            for parsed, duplicates in parsed_iter:
                pending.extend(parsed)
                pending_dups.extend(duplicates)
                if budget is not None:
                    budget -= len(parsed)
                if len(pending) >= batch_size:
                    state, seq = _write(writer.write, state, pending, pending_dups, seq, summary, file_counts)
                    pending, pending_dups = [], []
                    if on_progress:
                        on_progress(ProgressEvent(str(path), int(file_counts["read"]), fraction()))
            # The budget ran out here when the file has records left (the next one is read to know).
            finished = budget is None or budget > 0 or next(records, None) is None
            records.close()
            if pending:
                state, seq = _write(writer.write, state, pending, pending_dups, seq, summary, file_counts)
            summary.files.append(file_counts)
            if finished:
                writer.write(IngestBatch(replace(state, complete=True), [], [], []))
                writer.flush()
                if on_progress:
                    on_progress(ProgressEvent(str(path), int(file_counts["read"]), 1.0))
            else:
                break
        writer.flush()
    finally:
        writer.close()
        if pool is not None:
            pool.terminate()
    return summary


class _BatchWriter:
    """Writes batches on one background thread, in order and one at a time, so that reading and
    parsing go on while the store compresses and syncs the previous batch (DuckDB and Arrow release
    the GIL). Each batch is still one transaction with its file progress: resuming is unchanged."""

    def __init__(self, store: PostingStore) -> None:
        self._store = store
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="careerpath-writer")
        self._pending: Future[None] | None = None

    def write(self, batch: IngestBatch) -> None:
        self.flush()  # one batch in flight: memory stays bounded and a failed write stops the run
        self._pending = self._thread.submit(self._store.write_batch, batch)

    def flush(self) -> None:
        """Waits for the batch in flight; raises its error, if any."""
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        self._thread.shutdown(wait=True)  # an error still pending was already raised, or is moot


def _skip(records: Iterator[RawRecord], count: int) -> Iterator[RawRecord]:
    for number, record in enumerate(records):
        if number >= count:
            yield record


def _write(
    write: Callable[[IngestBatch], None],
    state: FileState,
    items: list[ParsedItem],
    duplicates: list[bool],
    seq: int,
    summary: IngestSummary,
    counts: dict[str, object],
) -> tuple[FileState, int]:
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    stored: list[StoredPosting] = []
    new_keys: list[int] = []
    for (_, posting, keys, _), is_dup in zip(items, duplicates, strict=True):
        if posting is None:
            continue
        stored.append(StoredPosting(posting, seq, state.file_hash, str(keys.content_key) if keys else "", is_dup, now))
        seq += 1
        if keys is not None:
            new_keys.extend(keys.all)
    rejections = [Rejection(state.path, line, reason or "") for line, posting, _, reason in items if posting is None]
    state = replace(state, records_done=state.records_done + len(items))
    write(IngestBatch(state, stored, new_keys, rejections))
    n_dup = sum(1 for s in stored if s.is_duplicate)
    summary.read += len(items)
    summary.new += len(stored) - n_dup
    summary.duplicates += n_dup
    summary.rejected += len(rejections)
    summary.rejections.extend(rejections)
    for key, value in (
        ("read", len(items)),
        ("new", len(stored) - n_dup),
        ("duplicates", n_dup),
        ("rejected", len(rejections)),
    ):
        counts[key] = int(counts[key]) + value  # type: ignore[call-overload]
    return state, seq


def default_parser(taxonomy_files: Sequence[str] = (), role_files: Sequence[str] = ()) -> PostingParser:
    """Returns a parser over the bundled role catalogue and the lexical skill extractor.

    ``taxonomy_files``/``role_files`` are the user's files merged over the bundled ones (paths as
    strings, so that ``partial(default_parser, ...)`` pickles into workers; see careerpath.app).
    """
    from careerpath.roles.catalogue import load_roles
    from careerpath.skills.extraction import SkillExtractor
    from careerpath.skills.taxonomy import load_taxonomy

    taxonomy = load_taxonomy([Path(p) for p in taxonomy_files])
    return PostingParser(load_roles(taxonomy, [Path(p) for p in role_files]), SkillExtractor(taxonomy))


def esco_parser(
    esco_dir: str,
    design: str,
    cache_dir: str | None = None,
    onnx_dir: str | None = None,
    taxonomy_files: Sequence[str] = (),
    role_files: Sequence[str] = (),
) -> PostingParser:
    """Returns the default parser with the ESCO second tier: the release in ``esco_dir``, a named design.

    Module-level so that ``functools.partial(esco_parser, ...)`` pickles into worker processes
    and Spark executors (see ``esco_parser_factory``).
    """
    from careerpath.esco import load_esco
    from careerpath.linking import build_skill_linker

    parser = default_parser(taxonomy_files, role_files)
    parser.esco_linker = build_skill_linker(load_esco(esco_dir), design, cache_dir=cache_dir, onnx_dir=onnx_dir)
    return parser


def esco_parser_factory(
    esco_dir: str | Path,
    design: str,
    *,
    cache_dir: str | Path | None = None,
    onnx_dir: str | Path | None = None,
    taxonomy_files: Sequence[str] = (),
    role_files: Sequence[str] = (),
) -> Callable[[], PostingParser]:
    """Returns a picklable ``parser_factory`` for ``ingest_files`` that also links ESCO skills.

    Checks the folder, the design name and (for a dense design) the model now, so a mistake is
    one error here rather than a failure inside every worker. With a ``cache_dir``, a dense
    design's ESCO embeddings are computed (or read) once here, so that parallel workers find
    them cached instead of each embedding the release.
    """
    from careerpath.esco import load_esco, release_files
    from careerpath.linking import build_skill_linker, design_config
    from careerpath.linking.encoders import default_model_path

    release_files(esco_dir)
    dense = design_config(design).dense
    folder, cache = str(Path(esco_dir).resolve()), None if cache_dir is None else str(cache_dir)
    if dense and cache is not None:
        build_skill_linker(load_esco(folder), design, cache_dir=cache).prepare()
    elif dense:
        default_model_path()  # BackendUnavailable with the install command when the model is missing
    onnx = None if onnx_dir is None else str(onnx_dir)
    return partial(esco_parser, folder, design, cache, onnx, tuple(taxonomy_files), tuple(role_files))

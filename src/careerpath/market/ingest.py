"""The ingest pipeline: files → records → parsed postings → dedup → skills → store, idempotent and resumable.

A file is identified by the hash of its bytes. Each batch of records is written in one store
transaction together with the file's progress (``records_done``), so:

- re-ingesting a fully ingested file reads nothing and adds nothing;
- an ingest killed midway resumes after the last committed record, and since duplicates are
  decided for the run's files as a whole before anything is written (``plan_duplicates``, the
  keep rule of ``dedup``: the same on every engine), the store ends exactly as after one clean run.

New (non-duplicate) postings get their curated skills and, with ``esco_parser_factory`` (``market
ingest --esco DIR``), ESCO skills for the sentences those skills leave unexplained. Parsing itself
is ``market.parsing``; the parsers are wired in ``market.parsers``.

Example::

    from careerpath.storage import open_store
    store = open_store("market.duckdb")
    summary = ingest_files([Path("glassdoor_jobs.csv.gz")], store)
    print(summary.read, summary.new, summary.duplicates, summary.rejected)
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.errors import PostingFileDamaged
from careerpath.market import DEFAULT_BATCH_SIZE
from careerpath.market.dedup import DuplicateDecision, Signature, SignedPosting, decide_duplicates
from careerpath.market.parsers import default_parser, esco_parser, esco_parser_factory  # noqa: F401 (old home)
from careerpath.market.parsing import (
    ChunkArgs,
    ParsedItem,
    PostingParser,
    SkillResult,
    attach_skills,
    extract_chunk_skills,
    parse_chunk,
    skill_requests,
)
from careerpath.market.postings import (
    FileState,
    IngestBatch,
    PostingStore,
    Rejection,
    StoredPosting,
    StoredSignature,
)
from careerpath.market.readers import RawRecord, detect_format, read_postings_file


@dataclass
class IngestSummary:
    """Counts of one ingest run: records read, new postings, duplicates, rejected records, and
    stored postings the run un-kept."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    rejected: int = 0
    # Stored postings this run turned from kept into duplicates (a near-duplicate ranking before
    # them arrived): the store's kept postings grow by ``new - unkept``.
    unkept: int = 0
    files_skipped: list[str] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    files: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "read": self.read,
            "new": self.new,
            "duplicates": self.duplicates,
            "rejected": self.rejected,
            "unkept": self.unkept,
            "files": self.files,
            "files_skipped": self.files_skipped,
            "rejections": [{"file": r.file, "line": r.line, "reason": r.reason} for r in self.rejections],
        }


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


MarkFn = Callable[[list[ParsedItem]], list[bool]]


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
    try:
        for record in records:
            chunk.append((record.line, record.fields, record.error))
            if len(chunk) >= size:
                yield chunk
                chunk = []
    except PostingFileDamaged:
        if chunk:  # the complete records before the damage are still ingested
            yield chunk
        raise
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
    damage: PostingFileDamaged | None = None  # raised once the chunks read before it are through
    while True:
        while not exhausted and len(parsing) < ahead:
            try:
                args = next(chunks, None)
            except PostingFileDamaged as exc:
                damage, args = exc, None
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
            if damage is not None:
                raise damage
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
    encoding: str | None = None,
) -> IngestSummary:
    """Returns the counts of ingesting ``paths`` into ``store``.

    ``parser_factory`` (a picklable zero-argument callable) is needed for ``workers > 1``; without
    a parser the bundled taxonomy and roles are used (``esco_parser_factory`` adds ESCO links).
    ``source`` defaults to the detected schema.
    ``max_records`` stops after that many records (used by tests to simulate a killed ingest).
    A store that has its own compute runs the whole ingest itself (``store.ingest_paths``: the
    Spark store reads, parses, deduplicates and writes on its executors; ``workers`` and
    ``batch_size`` do not apply), so one call ingests into either engine.
    ``encoding`` overrides the detected text encoding of CSV/JSONL files.
    A file that ends early or is corrupt part-way (PostingFileDamaged) keeps the records read before
    the damage (committed with the file's progress), then the error is raised.

    Records are parsed in chunks in two stages: titles, salaries and dedup keys first; then, once
    the duplicates are known, skills for the new postings only: the skills of a duplicate are never
    stored, so they are never extracted. The duplicates are known up front: a first pass over the
    run's unfinished files computes every posting's signature (``plan_duplicates``), so the keep
    rule sees the whole run, whatever its order, batch size or interruptions.
    """
    for path in paths:  # fail on a wrong path or format before any work
        if not Path(path).is_file():
            read_postings_file(Path(path))
        detect_format(Path(path))
    if hasattr(store, "ingest_paths"):
        # A store with its own compute ingests on it (Spark: every step on the executors).
        return store.ingest_paths(
            paths,
            parser_factory=parser_factory,
            source=source,
            max_records=max_records,
            encoding=encoding,
            on_progress=on_progress,
        )
    factory = parser_factory or default_parser
    summary = IngestSummary()
    hashes = {Path(path): file_hash(Path(path)) for path in paths}
    unfinished: dict[str, Path] = {}
    for path in paths:
        state = store.file_state(hashes[Path(path)])
        if state is None or not state.complete:
            unfinished.setdefault(hashes[Path(path)], Path(path))
    plan = plan_duplicates([(p, h) for h, p in unfinished.items()], store, encoding=encoding)
    flags = plan.flags()
    # Counted before they are written: a resumed run's earlier part already un-kept its share.
    summary.unkept = store.count_kept(sorted(plan.unkept)) if plan.unkept else 0
    seq = store.next_seq()
    pool = None
    if workers > 1:
        import multiprocessing

        pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_init_worker, initargs=(factory,))
    elif parser is None:
        parser = factory()  # parsing happens here: build the parser once

    def mark(items: list[ParsedItem]) -> list[bool]:
        return [flags[posting.posting_id] if posting is not None else False for _, posting, _, _ in items]

    budget = max_records
    writer = _BatchWriter(store, unkept=sorted(plan.unkept))
    try:
        for path in paths:
            path = Path(path)
            if not path.is_file():
                read_postings_file(path)  # raises the user-facing error
            fhash = hashes[path]
            state = store.file_state(fhash)
            if state is not None and state.complete:
                summary.files_skipped.append(str(path))
                continue
            schema, records, fraction = read_postings_file(path, with_progress=True, encoding=encoding)
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
            if pool is not None:
                parsed_iter = _run_pool(pool, args, mark, ahead=workers + 1)
            else:
                assert parser is not None
                parsed_iter = _run_serial(parser, args, mark)
            pending: list[ParsedItem] = []
            pending_dups: list[bool] = []
            try:
                for parsed, duplicates in parsed_iter:
                    pending.extend(parsed)
                    pending_dups.extend(duplicates)
                    if budget is not None:
                        budget -= len(parsed)
                    if len(pending) >= batch_size:
                        state, seq = write_parsed(writer.write, state, pending, pending_dups, seq, summary, file_counts)
                        pending, pending_dups = [], []
                        if on_progress:
                            on_progress(ProgressEvent(str(path), int(file_counts["read"]), fraction()))
            except PostingFileDamaged:
                if pending:  # commit the good prefix, then report where the file broke
                    write_parsed(writer.write, state, pending, pending_dups, seq, summary, file_counts)
                writer.flush()
                raise
            # The budget ran out here when the file has records left (the next one is read to know).
            finished = budget is None or budget > 0 or next(records, None) is None
            records.close()
            if pending:
                state, seq = write_parsed(writer.write, state, pending, pending_dups, seq, summary, file_counts)
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

    def __init__(self, store: PostingStore, *, unkept: list[str] | None = None) -> None:
        self._store = store
        self._unkept = unkept or []  # stored postings the run un-keeps: written with its first batch
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="careerpath-writer")
        self._pending: Future[None] | None = None

    def write(self, batch: IngestBatch) -> None:
        self.flush()  # one batch in flight: memory stays bounded and a failed write stops the run
        if self._unkept:
            batch, self._unkept = replace(batch, unkept=[*batch.unkept, *self._unkept]), []
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


def plan_duplicates(
    files: Sequence[tuple[Path, str]], store: PostingStore, *, encoding: str | None = None
) -> DuplicateDecision:
    """Returns the keep rule's verdict on the postings of ``files`` (path, content hash) against the store.

    Reads the files whole (the part an interrupted run already stored too: its flags were planned
    the same way, so a resumed run plans them again identically and excludes them from the stored
    side) and computes title, date and signature of each record with the first parse stage, which
    rejects exactly the records the ingest rejects. About 1 KB of memory per posting.
    """
    parser = PostingParser([], None)  # no roles or skills: only ids, dates and signatures matter here
    signed: list[SignedPosting] = []
    for path, fhash in files:
        _, records = read_postings_file(path, encoding=encoding)
        try:
            for chunk in _chunks(records, DEFAULT_BATCH_SIZE):
                items = parse_chunk(parser, chunk, fhash=fhash, source="", source_file="", with_skills=False)
                signed.extend(_signed(items))
        except PostingFileDamaged:
            pass  # the ingest stops at the same record (and reports it); the prefix is planned
        finally:
            records.close()
    return decide_against_store(signed, store, exclude_files=[fhash for _, fhash in files])


def _signed(items: list[ParsedItem]) -> list[SignedPosting]:
    return [
        SignedPosting(posting.posting_id, posting.posted_on, keys.signature() if keys is not None else None)
        for _, posting, keys, _ in items
        if posting is not None
    ]


def decide_against_store(
    signed: Sequence[SignedPosting], store: PostingStore, *, exclude_files: Sequence[str] = ()
) -> DuplicateDecision:
    """Returns the keep rule's verdict on ``signed`` against the postings stored (except those of
    ``exclude_files``, which are being planned again)."""
    keys = np.array(
        [key for p in signed if p.signature for key in (p.signature.dedup_key, *p.signature.band_keys)], dtype=np.int64
    )
    existing = [
        SignedPosting(s.posting_id, s.posted_on, Signature(s.dedup_key, s.band_keys, s.minhash))
        for s in store.stored_signatures(keys, exclude_files)
    ]
    return decide_duplicates(signed, existing)


def duplicate_flags(items: list[ParsedItem], store: PostingStore) -> tuple[list[bool], list[str]]:
    """Returns the duplicate flag of each item (a micro-batch decided as a whole against the
    store) and the stored postings the items un-keep."""
    decision = decide_against_store(_signed(items), store)
    flags = decision.flags()
    return [flags[posting.posting_id] if posting is not None else False for _, posting, _, _ in items], sorted(
        decision.unkept
    )


def write_parsed(
    write: Callable[[IngestBatch], None],
    state: FileState,
    items: list[ParsedItem],
    duplicates: list[bool],
    seq: int,
    summary: IngestSummary,
    counts: dict[str, object],
    *,
    records_done: int | None = None,
    unkept: Sequence[str] = (),
) -> tuple[FileState, int]:
    """Writes parsed items as one batch with the source's progress (``records_done``: default, the
    items counted on from the state's; a Kafka partition passes its next offset) and counts them.
    Returns the new progress and the next sequence number."""
    now = datetime.now(timezone.utc).replace(tzinfo=None, microsecond=0)
    stored: list[StoredPosting] = []
    new_keys: list[int] = []
    signatures: list[StoredSignature] = []
    for (_, posting, keys, _), is_dup in zip(items, duplicates, strict=True):
        if posting is None:
            continue
        stored.append(StoredPosting(posting, seq, state.file_hash, str(keys.content_key) if keys else "", is_dup, now))
        seq += 1
        if keys is not None:
            new_keys.extend(keys.all)
            signatures.append(
                StoredSignature(
                    posting.posting_id,
                    state.file_hash,
                    posting.posted_on,
                    keys.content_key,
                    keys.band_keys,
                    keys.minhash,
                )
            )
    rejections = [Rejection(state.path, line, reason or "") for line, posting, _, reason in items if posting is None]
    done = state.records_done + len(items) if records_done is None else records_done
    state = replace(state, records_done=done)
    write(IngestBatch(state, stored, new_keys, rejections, signatures, list(unkept)))
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

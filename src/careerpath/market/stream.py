"""Postings through Kafka: ``produce_file`` publishes a postings file, ``consume_postings`` ingests a topic.

Messages are JSON objects, one posting each, in any schema ``market ingest`` accepts (JobSpy,
Glassdoor, aijobs.net, generic), detected per message; ``produce_file`` publishes a file's rows as
read, so a consumer maps them exactly as ``market ingest`` maps the file.

Assignment. The consumer assigns itself every partition of the topic (no group rebalancing: the
store, not the group, is the source of truth for offsets) and resumes each partition at the offset
the store holds, else at the group's committed offset, else at the beginning. One consumer
process per topic and store; ``--group`` names the committed offsets lag monitors read.

Delivery. The consumer reads micro-batches, parses, deduplicates (the keep rule of file ingest,
``market.dedup``, applied to each micro-batch as a whole against the store: a stream has no end,
so the unit is the micro-batch; a stored posting that a new one ranks before is un-kept, as in file
ingest, and counted in ``unkept``) and writes each
partition's part of a batch as one store batch
*together with that partition's next offset* (the store's ``files`` progress, keyed
``kafka:<topic>:<partition>``). Only after the batch is durable does it commit the offsets to Kafka.
Kafka delivers at least once; a message it delivers again (a consumer killed between the store
write and the commit) is below the stored offset and skipped, so a replay adds
nothing: the store ends as after one clean run. Posting ids are ``<hash of topic:partition>:<offset>``,
stable across restarts.

Poison messages (not JSON, not an object, unknown columns, no title, a value the parser rejects)
never stop the consumer: each goes to the dead-letter topic (``<topic>.dead-letter`` by default) with
the reason in the ``careerpath-reason`` header, flushed before the batch is written (so a replay
may publish one twice: at least once), and into the store's rejections with its offset.

Needs ``pip install 'careerpath[stream]'`` (confluent-kafka).
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from careerpath.errors import BackendError, BackendUnavailable, InputError
from careerpath.market import DEFAULT_BATCH_SIZE
from careerpath.market.ingest import IngestSummary, duplicate_flags, write_parsed
from careerpath.market.parsers import default_parser
from careerpath.market.parsing import (
    ParsedItem,
    PostingParser,
    attach_skills,
    extract_chunk_skills,
    parse_chunk,
    skill_requests,
)
from careerpath.market.postings import FileState, PostingStore
from careerpath.market.readers import read_raw_rows, record_from_row

INSTALL_HINT = "pip install 'careerpath[stream]'"
REASON_HEADER = "careerpath-reason"


def _kafka() -> Any:
    try:
        import confluent_kafka
    except ImportError as exc:
        raise BackendUnavailable(f"Kafka ingestion needs confluent-kafka. Install it with: {INSTALL_HINT}") from exc
    return confluent_kafka


def partition_source(topic: str, partition: int) -> FileState:
    """Returns the progress entry of a partition as the store keeps it (offsets as ``records_done``)."""
    key = f"kafka:{topic}:{partition}"
    return FileState(hashlib.sha256(key.encode()).hexdigest(), f"kafka://{topic}/{partition}", "kafka", 0, False)


# --- producing -----------------------------------------------------------------------------------
@dataclass
class ProduceSummary:
    """Messages published from a file, rows the reader could not split (not sent), and seconds taken."""

    topic: str
    schema: str
    sent: int = 0
    unreadable: int = 0
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        rate = self.sent / self.seconds if self.seconds else 0.0
        return {
            "topic": self.topic,
            "schema": self.schema,
            "sent": self.sent,
            "unreadable": self.unreadable,
            "seconds": round(self.seconds, 3),
            "messages_per_s": round(rate, 1),
        }


def produce_file(
    path: Path, *, bootstrap_servers: str, topic: str, partitions: int = 1, timeout_s: float = 60.0
) -> ProduceSummary:
    """Publishes each row of a postings file as one JSON message on ``topic``, in file order.

    A missing topic is created with ``partitions`` partitions (one keeps the file's order for the
    consumer, so it keeps the same postings as ``market ingest``).
    """
    kafka = _kafka()
    schema, rows = read_raw_rows(Path(path))
    ensure_topic(bootstrap_servers, topic, partitions, timeout_s=timeout_s)
    summary = ProduceSummary(topic, schema)
    failures: list[str] = []

    def delivered(error: Any, _message: Any) -> None:
        if error is not None:
            failures.append(str(error))

    producer = kafka.Producer(
        {
            "bootstrap.servers": bootstrap_servers,
            "acks": "all",
            "linger.ms": 20,
            "message.timeout.ms": int(timeout_s * 1000),
        }
    )
    start = time.perf_counter()
    for _, row in rows:
        if "__error__" in row:
            summary.unreadable += 1
            continue
        value = json.dumps(row, ensure_ascii=False, default=str).encode("utf-8")
        while True:
            try:
                producer.produce(topic, value, on_delivery=delivered)
                break
            except BufferError:  # the local queue is full: let deliveries drain it
                producer.poll(0.1)
        summary.sent += 1
        producer.poll(0)
    left = producer.flush(timeout_s)
    summary.seconds = time.perf_counter() - start
    if left or failures:
        detail = failures[0] if failures else f"{left} messages still queued after {timeout_s:.0f}s"
        raise BackendError(f"Publishing to Kafka topic {topic!r} at {bootstrap_servers} failed: {detail}")
    return summary


def ensure_topic(bootstrap_servers: str, topic: str, partitions: int = 1, *, timeout_s: float = 30.0) -> bool:
    """Creates ``topic`` with ``partitions`` partitions unless it exists; returns whether it created it."""
    kafka = _kafka()
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": bootstrap_servers})
    try:
        existing = admin.list_topics(timeout=timeout_s).topics
    except kafka.KafkaException as exc:
        raise BackendError(f"Cannot reach Kafka at {bootstrap_servers}: {exc}") from exc
    if topic in existing and existing[topic].error is None:
        return False
    future = admin.create_topics([NewTopic(topic, num_partitions=partitions, replication_factor=1)])[topic]
    try:
        future.result(timeout_s)
    except kafka.KafkaException as exc:
        if exc.args and exc.args[0].code() == kafka.KafkaError.TOPIC_ALREADY_EXISTS:
            return False
        raise BackendError(f"Creating Kafka topic {topic!r} failed: {exc}") from exc
    return True


# --- consuming -----------------------------------------------------------------------------------
@dataclass
class ConsumeSummary(IngestSummary):
    """``IngestSummary`` counts plus stream figures: messages skipped as already stored (replays),
    dead-lettered messages, batches, seconds, throughput and the lag left per partition."""

    replayed: int = 0
    dead_lettered: int = 0
    batches: int = 0
    seconds: float = 0.0
    lag: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        out = super().as_dict()
        out.pop("files_skipped")
        out.update(
            {
                "replayed": self.replayed,
                "dead_lettered": self.dead_lettered,
                "batches": self.batches,
                "seconds": round(self.seconds, 3),
                "postings_per_s": round(self.read / self.seconds, 1) if self.seconds else 0.0,
                "lag": self.lag,
            }
        )
        return out


@dataclass
class _Partition:
    state: FileState
    counts: dict[str, object]


def consume_postings(
    store: PostingStore,
    *,
    bootstrap_servers: str,
    topic: str,
    group: str = "careerpath",
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_records: int | None = None,
    idle_timeout: float | None = None,
    dead_letter_topic: str | None = None,
    parser_factory: Callable[[], PostingParser] | None = None,
    stop: threading.Event | None = None,
    on_batch: Callable[[ConsumeSummary], None] | None = None,
    kafka_config: dict[str, Any] | None = None,
) -> ConsumeSummary:
    """Consumes postings from ``topic`` into ``store`` until ``stop`` is set, ``max_records`` messages
    were handled or none arrived for ``idle_timeout`` seconds; returns the counts and figures.

    Each micro-batch (up to ``batch_size`` messages, or what arrived before a quiet poll) is stored,
    then its offsets are committed (see the module docstring for the delivery guarantees).
    """
    kafka = _kafka()
    stop = stop or threading.Event()
    dead_letter_topic = dead_letter_topic or f"{topic}.dead-letter"
    parser = (parser_factory or default_parser)()
    summary = ConsumeSummary()
    partitions: dict[int, _Partition] = {}
    seq = store.next_seq()
    config = {
        "bootstrap.servers": bootstrap_servers,
        "group.id": group,
        "enable.auto.commit": False,
        "auto.offset.reset": "earliest",
        **(kafka_config or {}),
    }
    consumer = kafka.Consumer(config)
    dead_letters = kafka.Producer({"bootstrap.servers": bootstrap_servers, "acks": "all"})
    try:
        numbers = _partitions(kafka, consumer, topic, bootstrap_servers)
        # Explicit assignment, resuming where the store says (it holds the offsets with the data);
        # the group's committed offsets are the fallback (a new store) and what lag monitors read.
        committed = {
            tp.partition: tp.offset
            for tp in consumer.committed([kafka.TopicPartition(topic, n) for n in numbers], timeout=10)
        }
    except BaseException:
        consumer.close()
        raise

    dead_letter_ready: list[bool] = []

    def partition(number: int) -> _Partition:
        if number not in partitions:
            fresh = partition_source(topic, number)
            stored = store.file_state(fresh.file_hash)
            counts: dict[str, object] = {"path": fresh.path, "read": 0, "new": 0, "duplicates": 0, "rejected": 0}
            partitions[number] = _Partition(stored or fresh, counts)
        return partitions[number]

    def process(messages: list[Any]) -> None:
        nonlocal seq
        by_partition: dict[int, list[Any]] = {}
        for message in messages:
            by_partition.setdefault(message.partition(), []).append(message)
        # Parse every partition's share, then decide the micro-batch's duplicates as a whole (the
        # keep rule of market.dedup, against the store), then extract the new postings' skills.
        read: list[tuple[_Partition, list[Any], list[ParsedItem]]] = []
        for number, batch in by_partition.items():
            part = partition(number)
            fresh = [m for m in batch if m.offset() >= part.state.records_done]
            summary.replayed += len(batch) - len(fresh)
            if not fresh:
                continue
            decoded = [_decode(m.offset(), m.value()) for m in fresh]
            read.append((part, fresh, _parse(parser, decoded, part.state.file_hash, part.state.path)))
        all_flags, unkept = duplicate_flags([item for _, _, items in read for item in items], store)
        summary.unkept += store.count_kept(unkept) if unkept else 0
        flags = iter(all_flags)
        parsed: list[tuple[_Partition, list[ParsedItem], list[bool], int]] = []
        poisoned: list[tuple[Any, str]] = []
        for part, fresh, items in read:
            duplicates = [next(flags) for _ in items]
            items = attach_skills(items, extract_chunk_skills(parser, skill_requests(items, duplicates)))
            poisoned.extend(
                (m, reason or "rejected")
                for m, (_, posting, _, reason) in zip(fresh, items, strict=True)
                if posting is None
            )
            parsed.append((part, items, duplicates, fresh[-1].offset() + 1))
        if poisoned and not dead_letter_ready:
            ensure_topic(bootstrap_servers, dead_letter_topic, 1)  # one partition: dead letters in order
            dead_letter_ready.append(True)
        for message, reason in poisoned:
            dead_letters.produce(
                dead_letter_topic,
                message.value(),
                key=message.key(),
                headers=[
                    (REASON_HEADER, reason.encode("utf-8")),
                    ("careerpath-source", f"{message.topic()}/{message.partition()}@{message.offset()}".encode()),
                ],
            )
        if poisoned and dead_letters.flush(30):
            raise BackendError(f"Publishing to the dead-letter topic {dead_letter_topic!r} timed out.")
        summary.dead_lettered += len(poisoned)
        for part, items, duplicates, next_offset in parsed:
            part.state, seq = write_parsed(
                store.write_batch,
                part.state,
                items,
                duplicates,
                seq,
                summary,
                part.counts,
                records_done=next_offset,
                unkept=unkept,
            )
            unkept = []  # with the first partition's batch
        # Durable in the store: now tell Kafka (a failure here only means a harmless replay later).
        offsets = [kafka.TopicPartition(topic, n, partitions[n].state.records_done) for n in by_partition]
        try:
            consumer.commit(offsets=offsets, asynchronous=False)
        except kafka.KafkaException as exc:
            if not _retriable_commit(exc):
                raise BackendError(f"Committing Kafka offsets failed: {exc}") from exc
        summary.batches += 1

    assignment = []
    for number in numbers:
        done = partition(number).state.records_done
        offset = done if done > 0 else committed.get(number, -1)
        assignment.append(kafka.TopicPartition(topic, number, offset if offset >= 0 else kafka.OFFSET_BEGINNING))
    consumer.assign(assignment)
    start = time.perf_counter()
    last_message = time.monotonic()
    handled = 0
    pending: list[Any] = []
    try:
        while not stop.is_set():
            want = batch_size - len(pending)
            if max_records is not None:
                want = min(want, max_records - handled - len(pending))
            messages = consumer.consume(num_messages=max(want, 1), timeout=0.5) if want > 0 else []
            for message in messages:
                error = message.error()
                if error is None:
                    pending.append(message)
                elif error.fatal():
                    raise BackendError(f"Kafka consumer failed: {error}")
            if messages:
                last_message = time.monotonic()
            full = len(pending) >= batch_size or (max_records is not None and handled + len(pending) >= max_records)
            if pending and (full or not messages):
                process(pending)
                handled += len(pending)
                pending = []
                summary.seconds = time.perf_counter() - start
                if on_batch is not None:
                    on_batch(summary)
                last_message = time.monotonic()  # idle means no message while waiting, not while working
            if max_records is not None and handled >= max_records:
                break
            if idle_timeout is not None and time.monotonic() - last_message >= idle_timeout:
                break
        if pending:  # stopped (SIGTERM) with messages read: store them before leaving
            process(pending)
        summary.lag = _lag(kafka, consumer, topic)
    finally:
        summary.seconds = time.perf_counter() - start
        summary.files = [p.counts for _, p in sorted(partitions.items())]
        consumer.close()
    return summary


def _decode(offset: int, value: bytes | None) -> tuple[int, dict[str, Any] | None, str | None, str]:
    """Returns (offset, canonical fields or None, reason, schema) of one message."""
    try:
        row = json.loads(value) if value is not None else None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return offset, None, f"not JSON: {exc}", "kafka"
    if not isinstance(row, dict):
        return offset, None, "a message must be a JSON object", "kafka"
    schema, record = record_from_row(offset, row)
    return offset, record.fields, record.error, schema or "kafka"


def _parse(
    parser: PostingParser, decoded: list[tuple[int, dict[str, Any] | None, str | None, str]], fhash: str, path: str
) -> list[ParsedItem]:
    """Parses decoded messages; their schema (the posting's ``source``, as in file ingest) may vary."""
    items: list[ParsedItem] = []
    start = 0
    while start < len(decoded):
        end = start
        while end < len(decoded) and decoded[end][3] == decoded[start][3]:
            end += 1
        chunk = [(offset, fields, error) for offset, fields, error, _ in decoded[start:end]]
        # Stage 1 only, as file ingest: skills come after the duplicates are known, for new postings.
        items.extend(
            parse_chunk(parser, chunk, fhash=fhash, source=decoded[start][3], source_file=path, with_skills=False)
        )
        start = end
    return items


def _retriable_commit(exc: Exception) -> bool:
    error = exc.args[0] if exc.args else None
    return bool(getattr(error, "retriable", lambda: False)())


def _partitions(kafka: Any, consumer: Any, topic: str, servers: str) -> list[int]:
    """Returns the topic's partition numbers; a missing topic is the user's mistake."""
    try:
        metadata = consumer.list_topics(topic, timeout=15)
    except kafka.KafkaException as exc:
        raise BackendError(f"Cannot reach Kafka at {servers}: {exc}") from exc
    found = metadata.topics.get(topic)
    if found is None or found.error is not None or not found.partitions:
        raise InputError(f"Kafka topic {topic!r} does not exist at {servers}.")
    return sorted(found.partitions)


def _lag(kafka: Any, consumer: Any, topic: str) -> dict[str, int]:
    """Returns messages left per partition: the broker's high watermark minus the consumer's position."""
    lag: dict[str, int] = {}
    try:
        for tp in consumer.position(consumer.assignment()):
            _, high = consumer.get_watermark_offsets(kafka.TopicPartition(topic, tp.partition), timeout=5, cached=False)
            lag[str(tp.partition)] = max(int(high) - max(int(tp.offset), 0), 0)
    except kafka.KafkaException:
        return lag
    return lag

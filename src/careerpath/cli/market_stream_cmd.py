"""`careerpath market produce` / `market consume`: postings through Kafka (``careerpath[stream]``).

Registered on ``market_app`` (imported at the end of ``market_cmd``); the work is in
``careerpath.market.stream``.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Annotated

import typer

from careerpath.cli.common import ListFormat, emit_json, err_console, handle_errors
from careerpath.cli.market_cmd import (
    Engine,
    FormatOption,
    MasterOption,
    StoreOption,
    _table,
    market_app,
    open_store,
)
from careerpath.market import DEFAULT_BATCH_SIZE

BootstrapOption = Annotated[
    str,
    typer.Option(
        "--bootstrap-servers", envvar="CAREERPATH_KAFKA_BOOTSTRAP_SERVERS", help="Kafka brokers, HOST:PORT[,HOST:PORT]"
    ),
]
TopicOption = Annotated[str, typer.Option("--topic", help="Kafka topic of the postings")]


@market_app.command("produce")
@handle_errors
def produce_command(
    file: Annotated[Path, typer.Argument(help="Postings file (CSV/TSV/JSON Lines, also .gz, or Parquet)")],
    topic: TopicOption,
    bootstrap_servers: BootstrapOption = "localhost:9092",
    partitions: Annotated[int, typer.Option(help="Partitions of the topic if it must be created")] = 1,
    format: FormatOption = ListFormat.text,
) -> None:
    """Publish a postings file to a Kafka topic, one JSON message per row (for tests and demos)."""
    from careerpath.market.stream import produce_file

    summary = produce_file(file, bootstrap_servers=bootstrap_servers, topic=topic, partitions=partitions)
    if format is ListFormat.json:
        emit_json(summary.as_dict())
        return
    figures = summary.as_dict()
    _table(
        f"Published to {topic}",
        ["schema", "sent", "unreadable", "seconds", "messages/s"],
        [[figures["schema"], figures["sent"], figures["unreadable"], figures["seconds"], figures["messages_per_s"]]],
    )


@market_app.command("consume")
@handle_errors
def consume_command(
    topic: TopicOption,
    bootstrap_servers: BootstrapOption = "localhost:9092",
    group: Annotated[str, typer.Option("--group", help="Consumer group id")] = "careerpath",
    store: StoreOption = None,
    engine: Annotated[Engine | None, typer.Option("--engine", help="duckdb or spark [default: inferred]")] = None,
    master: MasterOption = None,
    batch_size: Annotated[int, typer.Option(help="Messages per micro-batch (one store write each)")] = (
        DEFAULT_BATCH_SIZE
    ),
    max_records: Annotated[int | None, typer.Option(help="Stop after this many messages")] = None,
    idle_timeout: Annotated[
        float | None, typer.Option(help="Stop after this many seconds without a message (default: run until SIGTERM)")
    ] = None,
    dead_letter_topic: Annotated[
        str | None, typer.Option(help="Topic for messages that cannot be ingested [default: TOPIC.dead-letter]")
    ] = None,
    format: FormatOption = ListFormat.text,
) -> None:
    """Consume postings from Kafka into the store in micro-batches (offsets committed once stored)."""
    from careerpath.market.stream import ConsumeSummary, consume_postings

    stop = threading.Event()
    previous = {sig: signal.signal(sig, lambda *_: stop.set()) for sig in (signal.SIGTERM, signal.SIGINT)}

    def on_batch(summary: ConsumeSummary) -> None:
        if format is not ListFormat.json:
            err_console.print(
                f"batch {summary.batches}: {summary.read} read, {summary.new} new, {summary.duplicates} duplicates, "
                f"{summary.rejected} rejected, {summary.read / max(summary.seconds, 1e-9):.0f} postings/s",
                highlight=False,
            )

    try:
        with open_store(store, engine, master, must_exist=False) as opened:
            summary = consume_postings(
                opened,
                bootstrap_servers=bootstrap_servers,
                topic=topic,
                group=group,
                batch_size=batch_size,
                max_records=max_records,
                idle_timeout=idle_timeout,
                dead_letter_topic=dead_letter_topic,
                stop=stop,
                on_batch=on_batch,
            )
            from careerpath.cli.jobs_cmd import refresh_index_after_ingest

            refresh_index_after_ingest(opened, store, None if engine is None else engine.value)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if format is ListFormat.json:
        emit_json(summary.as_dict())
        return
    figures = summary.as_dict()
    _table(
        f"Consumed from {topic}",
        ["read", "new", "duplicates", "rejected", "replayed", "dead-lettered", "postings/s", "lag"],
        [
            [
                summary.read,
                summary.new,
                summary.duplicates,
                summary.rejected,
                summary.replayed,
                summary.dead_lettered,
                figures["postings_per_s"],
                sum(summary.lag.values()),
            ]
        ],
    )

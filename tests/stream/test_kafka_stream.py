"""Postings through a real Kafka-protocol broker (Tansu): produce, consume, replay, kill, poison."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from careerpath.cli.market_cmd import market_app
from careerpath.market.ingest import ingest_files
from careerpath.market.stream import REASON_HEADER, consume_postings, produce_file
from careerpath.storage import open_store

REPO = Path(__file__).resolve().parents[2]
FAKES = str(REPO / "tests" / "unit" / "market")
runner = CliRunner()


@pytest.fixture(scope="module")
def glassdoor(shared_data: Path) -> Path:
    return shared_data / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"


def _contents(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Everything a store holds that does not depend on when it was written."""
    with duckdb.connect(str(path), read_only=True) as con:
        return {
            "postings": con.execute("SELECT * EXCLUDE (ingested_at, seq) FROM postings ORDER BY posting_id").fetchall(),
            "seq": con.execute("SELECT posting_id FROM postings ORDER BY seq").fetchall(),
            "skills": con.execute("SELECT * FROM posting_skills ORDER BY ALL").fetchall(),
            "signatures": con.execute("SELECT * FROM dedup_signatures ORDER BY posting_id").fetchall(),
            "rejections": con.execute("SELECT * FROM rejections ORDER BY ALL").fetchall(),
        }


def _cli(*args: str) -> dict[str, object] | list[object]:
    result = runner.invoke(market_app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_consumed_topic_gives_the_same_counts_and_skills_as_ingesting_the_file(kafka_broker, glassdoor, tmp_path):
    topic, consumed, ingested = "glassdoor", tmp_path / "consumed.duckdb", tmp_path / "ingested.duckdb"
    produced = _cli("produce", str(glassdoor), "--topic", topic, "--bootstrap-servers", kafka_broker)
    assert produced["sent"] == 956  # type: ignore[index]
    counts = _cli(
        "consume",
        "--topic",
        topic,
        "--bootstrap-servers",
        kafka_broker,
        "--store",
        str(consumed),
        "--idle-timeout",
        "3",
    )
    reference = _cli("ingest", str(glassdoor), "--store", str(ingested))
    for key in ("read", "new", "duplicates", "rejected"):
        assert counts[key] == reference[key], key  # type: ignore[index]
    assert counts["new"] > 500 and counts["duplicates"] > 300  # type: ignore[index]
    for command in (["skills", "--top", "200"], ["roles"], ["salaries", "--min-count", "1"]):
        assert _cli(*command, "--store", str(consumed)) == _cli(*command, "--store", str(ingested)), command

    # The same postings published again (a producer retrying, a replayed feed) add no posting:
    # every one is a duplicate by its dedup keys, and no figure moves.
    produce_file(glassdoor, bootstrap_servers=kafka_broker, topic=topic)
    with open_store(consumed) as store:
        again = consume_postings(store, bootstrap_servers=kafka_broker, topic=topic, idle_timeout=2)
    assert (again.read, again.new, again.duplicates) == (956, 0, 956)
    for command in (["skills", "--top", "200"], ["roles"]):
        assert _cli(*command, "--store", str(consumed)) == _cli(*command, "--store", str(ingested)), command


def _consume_process(broker: str, topic: str, store: Path, *extra: str, output: bool = True) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO / "src"), FAKES, os.environ.get("PYTHONPATH", "")])}
    command = [sys.executable, "-m", "careerpath", "market", "consume", "--topic", topic]
    command += ["--bootstrap-servers", broker, "--store", str(store), "--format", "json", *extra]
    pipe = subprocess.PIPE if output else subprocess.DEVNULL
    return subprocess.Popen(command, env=env, stdout=pipe, stderr=pipe, text=True)


@pytest.mark.slow
def test_a_consumer_killed_at_random_points_ends_with_exactly_the_clean_store(kafka_broker, glassdoor, tmp_path):
    topic = "glassdoor-kill"
    produce_file(glassdoor, bootstrap_servers=kafka_broker, topic=topic)
    clean, killed = tmp_path / "clean.duckdb", tmp_path / "killed.duckdb"
    with open_store(clean) as store:
        consume_postings(store, bootstrap_servers=kafka_broker, topic=topic, group="clean", idle_timeout=3)
    # Kill times scale with how long one whole run takes on this machine (start-up, consumption, then
    # the 3 s idle wait), so a fast or a loaded machine both kill mid-run rather than after the end.
    started = time.perf_counter()
    timing = _consume_process(
        kafka_broker,
        topic,
        tmp_path / "timing.duckdb",
        "--batch-size",
        "60",
        "--idle-timeout",
        "3",
        "--group",
        "timing",
    )
    timing.communicate(timeout=300)
    working = max(time.perf_counter() - started - 3.0, 1.0)
    rng = random.Random(13)
    kills = 0
    for _ in range(4):  # SIGKILL mid-run: before, during or after batches are written and committed
        process = _consume_process(
            kafka_broker, topic, killed, "--batch-size", "60", "--idle-timeout", "3", output=False
        )
        time.sleep(rng.uniform(0.4, 0.9) * working)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait(30)
    final = _consume_process(kafka_broker, topic, killed, "--batch-size", "60", "--idle-timeout", "3")
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert kills >= 1, "the consumer finished before it could be killed"
    assert _contents(killed) == _contents(clean)  # nothing lost, nothing doubled
    assert json.loads(out)["read"] < 956  # the last run resumed: earlier runs had stored some batches


def test_sigterm_stores_what_was_read_and_exits_cleanly(kafka_broker, tmp_path):
    topic, store = "sigterm", tmp_path / "s.duckdb"
    source = tmp_path / "postings.jsonl"
    rows = [
        {"title": "Data Engineer", "company": f"C{i}", "description": f"Spark and SQL pipelines number {i} " * 3}
        for i in range(30)
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    produce_file(source, bootstrap_servers=kafka_broker, topic=topic)
    process = _consume_process(kafka_broker, topic, store)  # no idle timeout: runs until signalled
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.5)
        if store.exists() and _stored(store) == 30:
            break
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert json.loads(out)["read"] == 30
    assert _stored(store) == 30


def test_an_earlier_repost_unkeeps_the_stored_posting_and_is_counted(kafka_broker, tmp_path):
    from fakes import fake_parser

    topic = "reposts"
    text = "Build Spark and SQL pipelines in Python on AWS for the analytics team, with tests and reviews. " * 2
    posting = {"title": "Data Engineer", "company": "Acme", "location": "Remote", "description": text}
    other = {**posting, "company": "Beta", "description": "Excel and Tableau dashboards for finance teams. " * 3}
    feed = tmp_path / "feed.jsonl"
    with open_store(tmp_path / "s.duckdb") as store:
        counts = []
        for rows in ([{**posting, "posted_on": "2024-05-01"}, other], [{**posting, "posted_on": "2020-01-01"}]):
            feed.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
            produce_file(feed, bootstrap_servers=kafka_broker, topic=topic)
            summary = consume_postings(
                store, bootstrap_servers=kafka_broker, topic=topic, idle_timeout=2, parser_factory=fake_parser
            )
            counts.append((summary.new, summary.duplicates, summary.unkept, store.count_postings()))
        kept = [p.posted_on.isoformat() for p in store.iter_postings() if p.company == "Acme"]  # type: ignore[union-attr]
    # The re-post dated earlier is kept and the stored copy becomes its duplicate: the store still
    # holds two distinct postings (2 + new - unkept), and the JSON says one was un-kept.
    assert counts == [(2, 0, 0, 2), (1, 0, 1, 2)]
    assert kept == ["2020-01-01"]


def _stored(path: Path) -> int:
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            return int(con.execute("SELECT count(*) FROM postings").fetchone()[0])  # type: ignore[index]
    except duckdb.Error:
        return -1  # still locked by the writer


def test_poison_messages_go_to_the_dead_letter_topic_and_never_stop_the_consumer(kafka_broker, tmp_path):
    from confluent_kafka import Consumer, Producer, TopicPartition
    from fakes import fake_parser

    from careerpath.market.stream import ensure_topic

    topic = "poison"
    ensure_topic(kafka_broker, topic)
    good = {"title": "ML Engineer", "company": "Beta", "description": "PyTorch and Python models in production " * 3}
    messages = [
        json.dumps(good).encode(),
        b"{not json",
        b"[1, 2, 3]",
        json.dumps({"company": "NoTitle", "title": ""}).encode(),
        json.dumps({"unknown": "columns only"}).encode(),
        b"\xff\xfe binary",
        json.dumps({**good, "company": "Gamma", "description": "Excel and Tableau dashboards " * 4}).encode(),
    ]
    producer = Producer({"bootstrap.servers": kafka_broker})
    for value in messages:
        producer.produce(topic, value)
    assert producer.flush(30) == 0
    with open_store(tmp_path / "p.duckdb") as store:
        summary = consume_postings(
            store, bootstrap_servers=kafka_broker, topic=topic, idle_timeout=2, parser_factory=fake_parser
        )
        rejections = store.rejections()  # type: ignore[attr-defined]
    assert (summary.read, summary.new, summary.rejected, summary.dead_lettered) == (7, 2, 5, 5)
    assert [r["line"] for r in rejections] == [1, 2, 3, 4, 5]
    assert "not JSON" in str(rejections[0]["reason"]) and "JSON object" in str(rejections[1]["reason"])
    assert "missing job title" in str(rejections[2]["reason"])

    reader = Consumer({"bootstrap.servers": kafka_broker, "group.id": "dlq-check", "enable.auto.commit": False})
    reader.assign([TopicPartition(f"{topic}.dead-letter", 0, 0)])  # created with one partition: in order
    dead: list[tuple[bytes, str]] = []
    deadline = time.monotonic() + 20
    while len(dead) < 5 and time.monotonic() < deadline:
        for message in reader.consume(10, 0.5):
            if message.error() is None:
                dead.append((message.value(), dict(message.headers())[REASON_HEADER].decode()))
    reader.close()
    assert [value for value, _ in dead] == messages[1:6]
    assert all(reason for _, reason in dead)


def test_ingest_and_consume_need_the_same_parse_of_a_generic_file(kafka_broker, tmp_path):
    """A JSON Lines file of the generic schema round-trips with the same postings as file ingest."""
    from fakes import fake_parser

    topic = "generic"
    source = tmp_path / "g.jsonl"
    rows = [
        {"title": "Senior Data Scientist", "company": "Acme", "posted_on": "2024-03-01", "salary": "$120K-$150K"},
        {"title": "Data Analyst", "company": "Delta", "remote": "true", "description": "Excel and Tableau."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    produce_file(source, bootstrap_servers=kafka_broker, topic=topic)
    with open_store(tmp_path / "c.duckdb") as consumed, open_store(tmp_path / "i.duckdb") as ingested:
        consume_postings(
            consumed, bootstrap_servers=kafka_broker, topic=topic, idle_timeout=2, parser_factory=fake_parser
        )
        ingest_files([source], ingested, parser=fake_parser())
        fields = ["title", "role_id", "seniority", "company", "remote", "posted_on", "salary_usd_yearly", "source"]
        got = [[getattr(p, f) for f in fields] for p in consumed.iter_postings()]
        want = [[getattr(p, f) for f in fields] for p in ingested.iter_postings()]
    assert got == want and len(got) == 2


def test_a_batch_slower_than_the_idle_timeout_does_not_end_the_run(kafka_broker, tmp_path):
    """Idle means no message while waiting: time spent storing a batch does not count."""
    import threading

    from confluent_kafka import Producer
    from fakes import fake_parser

    topic, source = "slow-batches", tmp_path / "slow.jsonl"
    rows = [{"title": "Data Analyst", "company": f"C{i}", "description": f"Excel report {i} " * 5} for i in range(20)]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows[:10]), encoding="utf-8")
    produce_file(source, bootstrap_servers=kafka_broker, topic=topic)

    def publish_rest() -> None:
        producer = Producer({"bootstrap.servers": kafka_broker})
        for row in rows[10:]:
            producer.produce(topic, json.dumps(row).encode())
        producer.flush(10)

    def slow_batch(summary: object) -> None:
        time.sleep(2.5)  # the batch outlasts the idle timeout; more postings arrive just after it
        if not later.is_alive() and summary.batches == 1:  # type: ignore[attr-defined]
            later.start()

    later = threading.Timer(0.6, publish_rest)
    with open_store(tmp_path / "slow.duckdb") as store:
        summary = consume_postings(
            store,
            bootstrap_servers=kafka_broker,
            topic=topic,
            batch_size=10,
            idle_timeout=2,
            parser_factory=fake_parser,
            on_batch=slow_batch,
        )
    later.join()
    assert summary.read == 20


@pytest.mark.slow
def test_consuming_into_a_spark_store_uses_the_layout_file_ingest_reads(kafka_broker, tmp_path, monkeypatch):
    """The consumer's micro-batches land in the Spark store's partitioned layout: the aggregates are
    file ingest's, and a later file ingest on the executors sees those postings as stored."""
    pytest.importorskip("pyspark", reason="pip install 'careerpath[spark]'")
    from fakes import fake_parser

    from careerpath.market.demand import role_demand, skill_demand

    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([FAKES, os.environ.get("PYTHONPATH", "")]))  # Spark's workers
    source = tmp_path / "postings.csv"
    source.write_text(
        "title,company,posted_on,description\n"
        "Data Engineer,Gamma,2024-01-15,Spark and SQL pipelines in Python on AWS for the ingestion team today.\n"
        "Data Engineer,Gamma,2024-01-16,Spark and SQL pipelines in Python on AWS for the ingestion team today!\n"
        "ML Engineer,Beta,2024-02-01,Deploy PyTorch models with Docker and Kubernetes; Python every day here.\n",
        encoding="utf-8",
    )
    produce_file(source, bootstrap_servers=kafka_broker, topic="to-spark")
    with (
        open_store(tmp_path / "spark", "spark", master="local[1]") as consumed,
        open_store(tmp_path / "i.duckdb") as ingested,
    ):
        summary = consume_postings(
            consumed, bootstrap_servers=kafka_broker, topic="to-spark", idle_timeout=2, parser_factory=fake_parser
        )
        assert (summary.read, summary.new, summary.duplicates) == (3, 2, 1)
        assert list((tmp_path / "spark" / "postings").glob("source=generic/batch=*/*.parquet"))
        ingest_files([source], ingested, parser=fake_parser())
        assert skill_demand(consumed) == skill_demand(ingested) and role_demand(consumed) == role_demand(ingested)
        again = ingest_files([source], consumed, parser_factory=fake_parser)  # Spark's executors, same store
        assert (again.read, again.new + again.duplicates) == (3, 3)
        assert consumed.count_postings() == 2  # each file posting paired with its consumed copy: none doubled
        assert skill_demand(consumed) == skill_demand(ingested)

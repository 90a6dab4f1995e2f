"""Hostile postings files (issue 16): damaged archives keep their good prefix, bad lines are
rejected rows with a reason, encodings are detected, oversized fields are bounded."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from careerpath.errors import PostingFileDamaged
from careerpath.market import readers
from careerpath.market.ingest import ingest_files
from careerpath.market.readers import read_postings_file
from careerpath.storage.duckdb_store import DuckDBPostingStore

ROWS = 3_000
CSV_TEXT = "title,company,description\n" + "".join(
    f"Data Scientist {i},Acme {i},Python and SQL for forecasting {i}\n" for i in range(ROWS)
)


def _records(path: Path, **kw: object) -> list[readers.RawRecord]:
    _, records = read_postings_file(path, **kw)  # type: ignore[arg-type]
    return list(records)


def _count(store: DuckDBPostingStore) -> int:
    row = store.con.execute("select count(*) from postings").fetchone()
    return int(row[0]) if row else 0


@pytest.mark.parametrize("workers", [1, 2])
def test_truncated_gzip_keeps_the_good_prefix_and_says_where(tmp_path: Path, workers: int) -> None:
    # It printed only "Aborted." (click's reading of EOFError), and re-running never completed it.
    whole = gzip.compress(CSV_TEXT.encode())
    truncated = tmp_path / "postings.csv.gz"
    truncated.write_bytes(whole[: len(whole) // 2])
    with DuckDBPostingStore(tmp_path / "market.duckdb") as store:
        with pytest.raises(PostingFileDamaged) as caught:
            ingest_files([truncated], store, workers=workers, batch_size=500)
        last = caught.value.details["last_good_line"]
        assert isinstance(last, int) and 100 < last < ROWS
        assert "postings.csv.gz" in caught.value.message and f"{last:,}" in caught.value.message
        assert _count(store) == last - 1  # every complete record before the damage (line 1 is the header)
        with pytest.raises(PostingFileDamaged):  # re-running resumes, and stops at the same place
            ingest_files([truncated], store, workers=1, batch_size=500)
        assert _count(store) == last - 1
        complete = tmp_path / "fixed.csv.gz"
        complete.write_bytes(whole)
        summary = ingest_files([complete], store, workers=1, batch_size=500)
        # The whole file adds the rest; the prefix is recognised as already there (duplicates).
        assert summary.new == ROWS - (last - 1) and summary.duplicates == last - 1


def test_mislabelled_compression_is_read_by_its_bytes(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv.gz"  # a plain CSV named .gz: was gzip.BadGzipFile
    plain.write_text(CSV_TEXT, encoding="utf-8")
    packed = tmp_path / "packed.csv"  # and gzip bytes named .csv
    packed.write_bytes(gzip.compress(CSV_TEXT.encode()))
    for path in (plain, packed):
        assert len(_records(path)) == ROWS


def test_bad_json_lines_are_rejected_rows_not_the_end_of_the_file(tmp_path: Path) -> None:
    lines = [json.dumps({"title": f"ML Engineer {i}", "description": "PyTorch"}) for i in range(10)]
    lines[3] = '{"title": ' + "[" * 100_000 + "]" * 100_000 + "}"  # was RecursionError for the whole file
    lines[5] = '{"title": "ML Engineer", "salary_min": ' + "9" * 5_000 + "}"  # was ValueError
    lines[7] = '{"title": "ML Engineer", "description": '
    path = tmp_path / "postings.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = _records(path)
    rejected = {r.line: r.error for r in records if r.error}
    assert set(rejected) == {4, 6, 8}
    assert "nested too deeply" in str(rejected[4])
    assert "digits" in str(rejected[6]) and len(str(rejected[6])) < 200
    assert sum(r.fields is not None for r in records) == 7


def test_oversized_json_line_is_skipped_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(readers, "MAX_FIELD_CHARS", 1_000)
    path = tmp_path / "postings.jsonl"
    big = json.dumps({"title": "ML Engineer", "description": "x" * 5_000})
    path.write_text('{"title": "A"}\n' + big + '\n{"title": "B"}\n', encoding="utf-8")
    records = _records(path)
    assert [r.fields["title"] if r.fields else r.error for r in records] == [
        "A",
        "line longer than 1,000 characters",
        "B",
    ]


def test_latin1_csv_is_detected_not_stored_with_replacement_characters(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("title,company\nIngénieur données,Société Générale\n".encode("latin-1"))
    (record,) = _records(path)
    assert record.fields is not None and record.fields["title"] == "Ingénieur données"
    (forced,) = _records(path, encoding="utf-8")  # --encoding overrides the detection
    assert forced.fields is not None and "\ufffd" in forced.fields["title"]


def test_nul_bytes_giant_fields_and_huge_numbers_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(
        b"title,salary_min,description\n"
        b"Data\x00 Scientist,,Py\x00thon\n"
        + b"Data Scientist,"
        + b"9" * 5_000
        + b",x\n"  # float('9' * 5000) is inf
        + b"Data Scientist Python " * 100_000
        + b",,x\n"  # a 2 MB title took 29 s for one row
        + b"ML Engineer,,"
        + b"Python " * 200_000
        + b"\n"
    )
    records = _records(path)
    assert records[0].fields is not None and records[0].fields["title"] == "Data Scientist"
    assert records[0].fields["description"] == "Python"
    assert "not a finite number" in str(records[1].error) and len(str(records[1].error)) < 200
    assert "title is 2,199,999 characters" in str(records[2].error)
    assert records[3].fields is not None and len(records[3].fields["description"]) == readers.MAX_DESCRIPTION_CHARS


def test_truncated_parquet_is_a_damaged_file_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    pq.write_table(pa.table({"title": [f"ML {i}" for i in range(100)]}), buffer)
    path = tmp_path / "postings.parquet"
    path.write_bytes(buffer.getvalue()[:-200])  # was pyarrow.lib.ArrowInvalid
    with pytest.raises(PostingFileDamaged) as caught:
        _records(path)
    assert "postings.parquet" in caught.value.message

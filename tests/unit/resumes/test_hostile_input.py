"""Issue 16 reproducers: each hostile file is read, cut by a budget or refused with a stable code.

None of these may raise anything but a ResumeParseError, and none may take minutes or gigabytes
(they used to: the comments say what each one did before).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import hostile_inputs as hostile
from careerpath.budgets import Budgets
from careerpath.errors import CareerpathWarning, InputError, ResumeParseError
from careerpath.navigator import Navigator
from careerpath.reports.serialize import assessment_dict
from careerpath.resumes import parse_profile, read_resume, read_resume_bytes


@pytest.fixture(scope="module")
def navigator() -> Navigator:
    return Navigator()


def _code(data: bytes, name: str, **kw: object) -> str:
    with pytest.raises(ResumeParseError) as caught:
        read_resume_bytes(data, name, **kw)  # type: ignore[arg-type]
    message = str(caught.value)
    assert name[:20] in message and "\n" not in message
    return caught.value.code


@pytest.mark.parametrize(
    ("make", "name", "code"),
    [
        (hostile.docx_corrupt_deflate, "deflate.docx", "docx_corrupt"),  # was zlib.error
        (hostile.docx_unknown_method, "method99.docx", "docx_corrupt"),  # was NotImplementedError
        (hostile.docx_encrypted_flag, "encrypted.docx", "docx_corrupt"),  # was RuntimeError
        (hostile.pdf_startxref_overflow, "xref.pdf", "pdf_corrupt"),  # was OverflowError
        (hostile.pdf_unknown_filter, "filter.pdf", "pdf_corrupt"),  # was NotImplementedError
        (hostile.json_big_int, "bigint.json", "invalid_json_resume"),  # was ValueError
        (hostile.json_deep, "deep.json", "invalid_json_resume"),
        (hostile.docx_zip_bomb, "bomb.docx", "docx_too_large"),  # 48 MB part; was inflated in full
    ],
)
def test_broken_files_are_one_clear_error(make: Callable[[], bytes], name: str, code: str) -> None:
    assert _code(make(), name) == code


def test_pdf_over_the_page_budget_is_refused() -> None:
    # A 20,000-page PDF took 10.5 s to extract; past max_pdf_pages it is refused up front.
    assert _code(hostile.pdf_many_pages(150), "pages.pdf") == "pdf_too_large"
    document = read_resume_bytes(hostile.pdf_many_pages(3), "three.pdf")
    assert document.text.count("Python and SQL") == 3


def test_pdf_stream_over_the_stream_budget_is_refused() -> None:
    # pypdf's LimitReachedError escaped; the stream limit is now ours and it is a clear code.
    budgets = Budgets(max_pdf_stream_bytes=1024 * 1024)
    assert _code(hostile.pdf_deflate_bomb(4 * 1024 * 1024), "bomb.pdf", budgets=budgets) == "pdf_too_large"


def test_docx_grid_span_is_read_once_not_expanded() -> None:
    # gridSpan 1,000,000 took 37 s; 2,000,000,000 reached 2.6 GB.
    for span in (1_000_000, 2_000_000_000):
        document = read_resume_bytes(hostile.docx_grid_span(span), "span.docx")
        assert document.text.count("Python") == 2  # the cell and the paragraph after the table


def test_docx_vertical_merges_are_linear() -> None:
    # 20,000 vertically merged rows grew quadratically; a continuation cell holds no text.
    document = read_resume_bytes(hostile.docx_vmerge_rows(20_000), "merged.docx")
    assert document.text.count("PyTorch") == 1


def test_docx_tables_over_the_cell_budget_are_refused() -> None:
    data = hostile.docx_vmerge_rows(2_000)
    assert _code(data, "cells.docx", budgets=Budgets(max_table_cells=1_000)) == "docx_too_large"


def test_text_over_the_character_budget_is_cut_with_a_warning() -> None:
    data = hostile.repeated_sample(300_000)
    with pytest.warns(CareerpathWarning, match="only the first 100,000"):
        document = read_resume_bytes(data, "long.md", budgets=Budgets(max_text_chars=100_000))
    assert len(document.text) <= 100_000


def test_ten_mebibyte_text_resume_is_read_within_the_budget() -> None:
    data = hostile.repeated_sample(10 * 1024 * 1024 - 4096)
    with pytest.warns(CareerpathWarning, match="CAREERPATH_MAX_TEXT_CHARS"):
        document = read_resume_bytes(data, "huge.txt")
    assert len(document.text) <= Budgets().max_text_chars


def test_word_flood_output_is_bounded_by_the_number_of_skills(navigator: Navigator) -> None:
    # "Python " x 43k gave a 681 MB API response: every mention was an evidence item in 22 roles.
    profile = parse_profile(read_resume_bytes(hostile.word_flood(count=43_000), "flood.txt"))
    result = navigator.assess(profile)
    body = json.dumps(assessment_dict(result))
    assert len(body) < 200_000
    python = next(s for s in assessment_dict(result)["skills"] if s["id"] == "python")
    assert len(python["evidence"]) == Budgets().max_evidence_per_skill
    assert python["evidence_count"] == 43_000


def test_long_resume_lists_are_capped_in_the_assessment(navigator: Navigator) -> None:
    profile = parse_profile(read_resume_bytes(hostile.repeated_sample(400_000), "long.md"))
    assert len(profile.experience) > 50
    shown = assessment_dict(navigator.assess(profile))["profile"]
    assert len(shown["experience"]) == Budgets().max_listed_items


def test_assessment_past_its_deadline_is_a_timeout_error() -> None:
    slow = Navigator(budgets=Budgets(assessment_seconds=1e-9))
    with pytest.raises(InputError) as caught:
        slow.assess(parse_profile(read_resume_bytes(hostile.SAMPLE_RESUME, "sample.md")))
    assert caught.value.code == "timeout"


def test_odd_paths_are_path_errors(tmp_path: Path) -> None:
    with pytest.raises(ResumeParseError) as caught:
        read_resume(tmp_path / ("x" * 5_000 + ".pdf"))  # was OSError: File name too long
    assert caught.value.code == "path_invalid"
    assert len(str(caught.value)) < 400

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/null")):  # both were "does not exist"
        with pytest.raises(ResumeParseError) as caught:
            read_resume(path)
        assert caught.value.code == "path_invalid"
        assert "not a regular file" in str(caught.value)


def test_damaged_pdf_in_the_cli_is_one_line_without_pypdf_log_noise(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(hostile.pdf_bytes()[:-200] + b"garbage")
    env = {**os.environ, "CAREERPATH_HOME": str(tmp_path / "home"), "PYTHONWARNINGS": "default"}
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parents[3] / "src"), env.get("PYTHONPATH", "")])
    done = subprocess.run(
        [sys.executable, "-m", "careerpath", "assess", str(path)], capture_output=True, text=True, env=env, timeout=120
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    # pypdf used to log "EOF marker not found" above the error line.
    assert done.returncode == 2, done.stderr
    assert len(lines) == 1 and "[pdf_corrupt]" in lines[0], done.stderr


def test_no_reader_warning_leaks_as_a_python_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("always", CareerpathWarning)
        for make in (hostile.pdf_startxref_overflow, hostile.pdf_unknown_filter):
            with pytest.raises(ResumeParseError):
                read_resume_bytes(make(), "x.pdf")


@pytest.mark.parametrize(
    "unit",
    [
        "x",  # the e-mail pattern rescanned a run of letters from each position
        ".",  # … and a run of dots
        " ",  # sentence splitting rescanned a run of spaces from each position
        "2019 - ",  # every date range on one line copied the whole line
        "Jan 2019 - Present ",
        "R, Go, Spark, ",  # each ambiguous name scanned the whole line and every other mention
    ],
)
def test_degenerate_texts_are_assessed_within_the_deadline(tmp_path: Path, unit: str) -> None:
    # Each took minutes at this size before (quadratic); now well under a second. The deadline
    # turns a regression into a `timeout` failure instead of a hung test run.
    path = tmp_path / "degenerate.txt"
    path.write_text("Jordan Lee\n" + unit * (200_000 // len(unit)) + " Python\n", encoding="utf-8")
    navigator = Navigator(budgets=Budgets(assessment_seconds=30))
    result = navigator.assess(path)
    assert "python" in {s.skill_id for s in result.skills}

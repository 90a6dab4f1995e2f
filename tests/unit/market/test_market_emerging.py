"""Candidate new skills: tool-like phrases that several employers use and the taxonomy lacks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from fakes import fake_parser

from careerpath.linking.span_tagger import span_tagger_available
from careerpath.market.emerging import candidate_skills
from careerpath.market.ingest import ingest_files
from careerpath.market.postings import JobPosting, PostingFilter
from careerpath.storage.duckdb_store import DuckDBPostingStore

KNOWN = ["Python", "PyTorch", "Power BI", "Google Vertex AI", "SQL"]

# Boilerplate that no candidate may contain (all of it is stop-listed or fails a rule).
BOILERPLATE = {
    "equal",
    "opportunity",
    "employer",
    "affirmative",
    "veteran",
    "veterans",
    "disability",
    "benefits",
    "experience",
    "develop",
    "provide",
    "responsibilities",
    "qualifications",
    "location",
    "senior",
    "degree",
}


def _posting(n: int, company: str, text: str, posted_on: date | None = None) -> JobPosting:
    return JobPosting(
        posting_id=str(n),
        title="Data Engineer",
        company=company,
        location="Austin, TX",
        posted_on=posted_on,
        posted_precision="day" if posted_on else None,
        description=text,
    )


def _synthetic() -> list[JobPosting]:
    """Acme repeats its own boilerplate; a new tool, Zephyrflow, is used by four employers."""
    acme = (
        "Develop pipelines in Python and PyTorch. Join the Rocket Guild Program and our Starlight "
        "Mentoring Circle. Acme Rocketworks is an Equal Opportunity Employer."
    )
    postings = [_posting(i, "Acme Rocketworks", acme) for i in range(6)]
    for i, company in enumerate(["Beta", "Gamma", "Delta", "Epsilon"]):
        postings.append(
            _posting(
                10 + i,
                company,
                "Provide insight with Zephyrflow and PowerBI dashboards. Deploy on Vertex with "
                "Pytorch models. Degree in Computer Science. We are an Equal Opportunity Employer.",
            )
        )
    postings.append(_posting(20, "Zeta", "Build Quarkbase jobs with Zephyrflow. Write SQL."))
    postings.append(_posting(21, "Eta", "We need Quarkbase and Zephyrflow."))
    return postings


def test_candidate_skills_proposes_a_tool_used_by_several_employers():
    result = candidate_skills(_synthetic(), KNOWN)
    assert [c.phrase for c in result] == ["Zephyrflow"]
    assert (result[0].postings, result[0].companies) == (6, 6)
    assert result[0].share == pytest.approx(6 / 12)


def test_candidate_skills_min_companies_decides_for_a_two_employer_tool():
    assert "Quarkbase" not in {c.phrase for c in candidate_skills(_synthetic(), KNOWN)}
    two = candidate_skills(_synthetic(), KNOWN, min_companies=2)
    assert {c.phrase for c in two} == {"Zephyrflow", "Quarkbase"}


def test_candidate_skills_one_employer_boilerplate_is_not_proposed_even_when_frequent():
    assert not {"Rocket Guild", "Starlight Mentoring Circle"} & {
        c.phrase for c in candidate_skills(_synthetic(), KNOWN)
    }
    # ... whereas counting postings instead of employers would propose it.
    single = {c.phrase for c in candidate_skills(_synthetic(), KNOWN, min_companies=1)}
    assert {"Rocket Guild", "Starlight Mentoring Circle"} <= single
    unlabelled = [p.description for p in _synthetic()]
    assert "Starlight Mentoring Circle" in {c.phrase for c in candidate_skills(unlabelled, KNOWN)}


@pytest.mark.parametrize(
    "variant",
    ["PowerBI", "Power-BI", "Power-Bi", "Vertex", "Vertex AI", "Pytorch", "PYTORCH", "Python Developer", "AWS"],
)
def test_candidate_skills_known_terms_and_their_variants_are_not_proposed(variant):
    postings = [_posting(i, f"Company {i}", f"We use {variant} and Zephyrflow every day.") for i in range(4)]
    phrases = {c.phrase for c in candidate_skills(postings, [*KNOWN, "Amazon Web Services (AWS)"])}
    assert phrases == {"Zephyrflow"}


def test_candidate_skills_boilerplate_and_headings_are_not_proposed():
    text = (
        "Responsibilities: Develop models on data you can trust. Senior Data Scientist role. Location: Austin, TX. "
        "Equal Opportunity Employer - Minorities/Females/Veterans/Disability. WHAT WE CAN OFFER: "
        "Benefits. Degree in Electrical Engineering. Experience with Zephyrflow."
    )
    postings = [_posting(i, f"Company {i}", text) for i in range(5)]
    assert [c.phrase for c in candidate_skills(postings, KNOWN)] == ["Zephyrflow"]


def test_candidate_skills_ranks_rising_phrases_first_with_dates():
    texts = ["We use Oldtool."] * 5 + ["We use Oldtool."] * 2 + ["We use Newtool."] * 2 + ["We use Python."]
    dated = [_posting(i, f"Company {i}", t, date(2023 if i < 5 else 2024, 3, 1)) for i, t in enumerate(texts)]
    result = candidate_skills(dated, KNOWN, min_companies=2)
    # Ranked by the 2024 share plus its gain: Newtool 0.4 + 0.4 before Oldtool 0.4 + 0 (it fell from 1.0).
    assert [c.phrase for c in result] == ["Newtool", "Oldtool"]
    rising, fading = result
    assert (rising.share_before, rising.share_after, rising.growth) == (0.0, 0.4, 0.4)
    assert (fading.share_before, fading.share_after) == (1.0, 0.4)
    assert fading.growth == pytest.approx(-0.6)
    undated = [_posting(i, f"Company {i}", t) for i, t in enumerate(texts)]
    assert [c.phrase for c in candidate_skills(undated, KNOWN, min_companies=2)] == ["Oldtool", "Newtool"]
    absent = candidate_skills(dated, KNOWN, min_companies=2, before="2022", after="2024")
    assert [(c.phrase, c.growth) for c in absent] == [("Oldtool", None), ("Newtool", None)]


def test_candidate_skills_without_dates_have_no_growth():
    result = candidate_skills(_synthetic(), KNOWN)
    assert (result[0].share_before, result[0].share_after, result[0].growth) == (None, None, None)


def test_candidate_skills_marks_esco_labels_only_when_given():
    postings = [_posting(i, f"Company {i}", "We run Zephyrflow, SQL Server and Quarkbase on Linux.") for i in range(3)]
    assert {c.esco for c in candidate_skills(postings, KNOWN)} == {None}
    marked = {c.phrase: c.esco for c in candidate_skills(postings, KNOWN, esco_labels=["SQL server", "Linux"])}
    assert marked == {"SQL Server": True, "Zephyrflow": False, "Quarkbase": False, "Linux": True}


def test_candidate_skills_of_no_postings_is_empty():
    assert candidate_skills([], KNOWN) == []


def _known_terms() -> list[str]:
    from careerpath.skills.taxonomy import load_taxonomy

    terms: list[str] = []
    for skill in load_taxonomy():
        terms.extend([skill.id.replace("_", " "), skill.name, *skill.aliases, *skill.ambiguous_aliases])
    return terms


def test_candidate_skills_on_real_glassdoor_postings_are_tools_not_boilerplate(shared_data: Path):
    path = shared_data / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz"
    if not path.exists():
        pytest.skip(f"{path} not found")
    with DuckDBPostingStore(":memory:") as store:
        ingest_files([path], store, parser=fake_parser())
        postings = list(store.iter_postings(PostingFilter(with_description=True)))
    known = _known_terms()
    top = candidate_skills(postings, known, top=20)
    words = {w.lower() for c in top for w in c.phrase.replace("/", " ").split()}
    assert not words & BOILERPLATE
    assert all(c.companies >= 3 for c in top)
    # Tools the taxonomy lacks, which the old capitalised-word counter buried under "Develop", "Provide"...
    assert {"SQL Server", "HBase", "Presto"} <= {c.phrase for c in top}
    assert not {"Python", "Tableau", "AWS", "Spark", "PowerBI"} & {c.phrase for c in top}


def test_market_emerging_command_and_report_show_candidates_with_employers(postings_csv, parser, tmp_path):
    import json

    from typer.testing import CliRunner

    from careerpath.cli.market_cmd import market_app
    from careerpath.market.report import market_report_data

    path = tmp_path / "m.duckdb"
    with DuckDBPostingStore(path) as opened:
        ingest_files([postings_csv], opened, parser=parser)
        report = market_report_data(opened, None, KNOWN)
    args = ["emerging", "--store", str(path), "--phrases", "rules", "--format", "json"]
    result = CliRunner().invoke(market_app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["phrases"] == "capitalisation-rules.v1"
    candidates = json.loads(result.output)["candidates"]
    # The CLI knows the bundled taxonomy, which has every tool of these postings; the small KNOWN
    # list lacks AWS, which three employers ask for.
    assert candidates == []
    assert [(c["phrase"], c["companies"]) for c in report["candidates"]] == [("AWS", 3)]
    result = CliRunner().invoke(market_app, ["emerging", "--store", str(path), "--phrases", "rules"])
    assert result.exit_code == 0 and "employers" in result.output


def test_market_emerging_auto_falls_back_to_the_rules_without_the_tagger(postings_csv, parser, tmp_path, monkeypatch):
    import json

    from typer.testing import CliRunner

    from careerpath.cli.market_cmd import market_app
    from careerpath.linking import span_tagger

    monkeypatch.setattr(span_tagger, "int8_span_tagger_available", lambda: False)  # as without the semantic extra
    path = tmp_path / "m.duckdb"
    with DuckDBPostingStore(path) as opened:
        ingest_files([postings_csv], opened, parser=parser)
    result = CliRunner().invoke(market_app, ["emerging", "--store", str(path), "--phrases", "auto", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["phrases"] == "capitalisation-rules.v1"
    result = CliRunner().invoke(market_app, ["emerging", "--store", str(path), "--format", "json"])
    assert json.loads(result.output)["phrases"] == "capitalisation-rules.v1"  # the default


def test_confirmed_phrases_keep_only_the_rules_phrases_the_tagger_also_tags():
    from careerpath.market.emerging import confirmed_phrases

    def tag_many(sentences):  # a tagger that knows Zephyrflow, Quarkbase and "insight" (lower case)
        tagged = {"Zephyrflow", "Quarkbase", "insight"}
        return [[(i, i + 1, "Knowledge") for i, word in enumerate(words) if word in tagged] for words in sentences]

    postings = _synthetic()
    rules_only = {c.phrase for c in candidate_skills(postings, KNOWN, min_companies=1)}
    assert {"Zephyrflow", "Quarkbase", "Starlight Mentoring Circle"} <= rules_only  # and Acme's programme
    finder = confirmed_phrases(tag_many)
    both = {c.phrase for c in candidate_skills(postings, KNOWN, min_companies=1, finder=finder, case_check=True)}
    assert both == {"Zephyrflow", "Quarkbase"}  # the programme is not tagged; "insight" is not a rules phrase


needs_tagger = pytest.mark.skipif(
    not span_tagger_available(),
    reason="the span tagger needs the semantic extra (pip install 'careerpath[semantic]') and its weights",
)


@needs_tagger
def test_candidate_skills_with_the_span_tagger_propose_tools_and_skip_known_terms_and_boilerplate():
    from careerpath.linking.span_tagger import shared_span_tagger
    from careerpath.market.emerging import tagged_phrases

    top = candidate_skills(_synthetic(), KNOWN, finder=tagged_phrases(shared_span_tagger().tag_many))
    phrases = {c.phrase for c in top}
    assert "Zephyrflow" in phrases  # a tool of six employers
    assert not {"Python", "PyTorch", "Pytorch", "PowerBI", "SQL"} & phrases  # known terms and their variants
    words = {w.lower() for phrase in phrases for w in phrase.split()}
    assert not words & BOILERPLATE
    assert all(c.companies >= 3 for c in top)


@needs_tagger
def test_market_emerging_with_the_span_tagger_and_a_bad_phrases_choice(postings_csv, parser, tmp_path):
    import json

    from typer.testing import CliRunner

    from careerpath.cli.market_cmd import market_app

    path = tmp_path / "m.duckdb"
    with DuckDBPostingStore(path) as opened:
        ingest_files([postings_csv], opened, parser=parser)
    result = CliRunner().invoke(
        market_app, ["emerging", "--store", str(path), "--phrases", "span-tagger", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    # The bundled taxonomy knows every tool of these postings, whichever finder proposes them.
    assert json.loads(result.output)["candidates"] == []
    assert json.loads(result.output)["phrases"] == "span-tagger.v3"
    result = CliRunner().invoke(market_app, ["emerging", "--store", str(path), "--phrases", "magic"])
    assert result.exit_code == 2 and "--phrases" in result.output


@needs_tagger
@pytest.mark.slow  # auto exports the tagger to ONNX int8 once (about a CPU-minute)
def test_market_emerging_auto_confirms_the_rules_with_the_int8_tagger_when_installed(
    postings_csv, parser, tmp_path, monkeypatch
):
    import json

    from typer.testing import CliRunner

    from careerpath.cli.market_cmd import market_app

    monkeypatch.setenv("CAREERPATH_HOME", str(tmp_path / "home"))  # the export goes into this home's cache
    path = tmp_path / "m.duckdb"
    with DuckDBPostingStore(path) as opened:
        ingest_files([postings_csv], opened, parser=parser)
    args = ["emerging", "--store", str(path), "--phrases", "auto", "--format", "json"]
    result = CliRunner().invoke(market_app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["phrases"] == "capitalisation-rules.v1+span-tagger-int8.v2"  # rules, confirmed
    assert json.loads(result.output)["candidates"] == []  # the bundled taxonomy knows every tool here
    assert (tmp_path / "home" / "cache" / "models" / "span-tagger-int8-v2" / "model.int8.onnx").is_file()

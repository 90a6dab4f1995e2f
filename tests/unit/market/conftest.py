from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the fakes module, whatever pytest's import mode

from fakes import fake_parser

from careerpath.market.parsing import PostingParser
from careerpath.storage.duckdb_store import DuckDBPostingStore

CSV = """title,company,location,remote,posted_on,salary,description
Senior Data Scientist,Acme,"Austin, TX",false,2023-03-01,$120K-$150K,"We use Python and SQL for machine learning models. Build forecasting pipelines on AWS with our analytics team every day."
ML Engineer,Beta,Remote,true,2023-05-02,,"Deploy PyTorch models with Docker and Kubernetes. Python required. Salary: $150,000 - $180,000 per year. No Excel."
Data Engineer,Gamma,"Boston, MA",false,2024-01-15,$60-$70 per hour,"Spark, Hadoop and SQL pipelines in Python on AWS. You will own ingestion jobs and data quality checks end to end."
Data Engineer,Gamma,"Boston, MA",false,2024-01-16,$60-$70 per hour,"Spark, Hadoop and SQL pipelines in Python on AWS. You will own ingestion jobs and data quality checks end to end!"
,NoTitle,Nowhere,false,2024-02-01,,"missing title"
Data Analyst,Delta,"New York, NY",maybe,2024-02-01,,"Excel and Tableau dashboards."
Machine Learning Engineer,Epsilon,Remote,true,2024-03-01,$170K-$200K,"Build LLM applications with PyTorch and Python. Kubernetes, Docker and AWS in production for our agents platform."
"""  # noqa: E501


@pytest.fixture
def parser() -> PostingParser:
    return fake_parser()


@pytest.fixture
def postings_csv(tmp_path):
    path = tmp_path / "postings.csv"
    path.write_text(CSV, encoding="utf-8")
    return path


@pytest.fixture
def store():
    with DuckDBPostingStore(":memory:") as opened:
        yield opened

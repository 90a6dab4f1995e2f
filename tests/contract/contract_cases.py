"""What every engine is checked on: a small postings file and the aggregates compared across engines."""

from __future__ import annotations

import os

import pytest

from careerpath.market.analytics import salary_bands
from careerpath.market.demand import role_demand, skill_cooccurrence, skill_demand
from careerpath.market.emerging import emerging_skills
from careerpath.market.postings import PostingStore
from careerpath.market.trends import market_trends

CSV = """title,company,location,remote,posted_on,salary,description
Senior Data Scientist,Acme,"Austin, TX",false,2023-03-01,$120K-$150K,"Python and SQL for machine learning models on AWS with the forecasting team."
ML Engineer,Beta,Remote,true,2023-05-02,$150K-$180K,"Deploy PyTorch models with Docker and Kubernetes. Python required every day."
Data Engineer,Gamma,"Boston, MA",false,2024-01-15,$60-$70 per hour,"Spark, Hadoop and SQL pipelines in Python on AWS for the ingestion team."
Data Engineer,Gamma,"Boston, MA",false,2024-01-16,$60-$70 per hour,"Spark, Hadoop and SQL pipelines in Python on AWS for the ingestion team!"
Machine Learning Engineer,Epsilon,Remote,true,2024-03-01,$170K-$200K,"Build LLM applications with PyTorch and Python, Docker and AWS in production."
Machine Learning Engineer,Zeta,Remote,true,2024-04-01,$160K-$210K,"LLM agents with PyTorch, Python and Kubernetes for a search product team."
"""  # noqa: E501


def run_slow(config: pytest.Config) -> bool:
    return bool(os.environ.get("CAREERPATH_SLOW")) or bool(getattr(config.option, "slow", False))


def aggregates(store: PostingStore) -> dict[str, object]:
    return {
        "n": store.count_postings(),
        "roles": role_demand(store),
        "skills": skill_demand(store),
        "ml_skills": skill_demand(store, "ml_engineer"),
        "pairs": skill_cooccurrence(store, min_postings=1),
        "salaries": salary_bands(store, ["role_id"], min_count=1),
        "trends": market_trends(store, "quarter"),
        "emerging": emerging_skills(store, "year", min_postings=1),
    }

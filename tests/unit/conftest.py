"""Small, real fixtures built in code: a 30-skill taxonomy and a handful of roles."""

from __future__ import annotations

import pytest

from careerpath.roles.catalogue import RoleCatalogue
from careerpath.roles.models import Role
from careerpath.skills.models import Skill
from careerpath.skills.taxonomy import Taxonomy


def _skill(id: str, name: str, category: str, hours: int = 40, **kw: object) -> Skill:
    return Skill.model_validate({"id": id, "name": name, "category": category, "hours": hours, **kw})


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    skills = [
        _skill("python", "Python", "programming_languages", 80, aliases=["python3"]),
        _skill("r_lang", "R", "programming_languages", 80, aliases=["R programming"], ambiguous_aliases=["R"]),
        _skill("go_lang", "Go", "programming_languages", 80, aliases=["Golang"], ambiguous_aliases=["Go"]),
        _skill("c_lang", "C", "programming_languages", 100, ambiguous_aliases=["C"]),
        _skill("cpp", "C++", "programming_languages", 120, aliases=["cpp"]),
        _skill("sql", "SQL", "programming_languages", 40),
        _skill("linear_algebra", "Linear algebra", "math_statistics", 60),
        _skill("calculus", "Calculus", "math_statistics", 60),
        _skill("probability", "Probability theory", "math_statistics", 40, aliases=["probability"]),
        _skill("statistics", "Statistics", "math_statistics", 60, prerequisites=["probability"]),
        _skill(
            "machine_learning",
            "Machine learning",
            "ml_techniques",
            120,
            prerequisites=["python", "linear_algebra", "statistics"],
            ambiguous_aliases=["ML"],
        ),
        _skill("pandas", "pandas", "ml_techniques", 30, prerequisites=["python"]),
        _skill(
            "scikit_learn",
            "scikit-learn",
            "ml_techniques",
            30,
            aliases=["sklearn", "scikit learn"],
            prerequisites=["machine_learning"],
        ),
        _skill(
            "deep_learning",
            "Deep learning",
            "deep_learning",
            150,
            prerequisites=["machine_learning", "calculus"],
        ),
        _skill("pytorch", "PyTorch", "deep_learning", 60, prerequisites=["deep_learning"], related=["tensorflow"]),
        _skill("tensorflow", "TensorFlow", "deep_learning", 60, aliases=["tf2"], prerequisites=["deep_learning"]),
        _skill("tensorflow_lite", "TensorFlow Lite", "edge_ai", 30, prerequisites=["tensorflow"]),
        _skill(
            "nlp",
            "Natural language processing",
            "nlp",
            100,
            aliases=["NLP"],
            prerequisites=["machine_learning"],
        ),
        _skill(
            "large_language_models",
            "Large language models",
            "generative_ai",
            60,
            aliases=["LLM", "LLMs"],
            prerequisites=["deep_learning", "nlp"],
        ),
        _skill(
            "rag",
            "Retrieval-augmented generation",
            "generative_ai",
            40,
            aliases=["RAG"],
            prerequisites=["large_language_models"],
        ),
        _skill(
            "apache_spark",
            "Apache Spark",
            "data_engineering",
            60,
            aliases=["PySpark"],
            ambiguous_aliases=["Spark"],
            prerequisites=["sql"],
        ),
        _skill("apache_airflow", "Apache Airflow", "data_engineering", 30, aliases=["Airflow"]),
        _skill("docker", "Docker", "mlops_cloud", 30),
        _skill("kubernetes", "Kubernetes", "mlops_cloud", 60, aliases=["k8s"], prerequisites=["docker"]),
        _skill("aws", "Amazon Web Services", "mlops_cloud", 60, aliases=["AWS"], related=["gcp"]),
        _skill("gcp", "Google Cloud Platform", "mlops_cloud", 60, aliases=["GCP", "Google Cloud"]),
        _skill("mlops", "MLOps", "mlops_cloud", 60, prerequisites=["machine_learning", "docker"]),
        _skill("communication", "Communication", "soft_skills_leadership", 20),
        _skill("leadership", "Leadership", "soft_skills_leadership", 40),
        _skill("ai_ethics", "AI ethics", "ai_ethics_governance", 30),
    ]
    return Taxonomy(version="test", skills={s.id: s for s in skills})


def _role(
    id: str,
    name: str,
    required: dict[str, float],
    nice: dict[str, float] | None = None,
    min_degree: str = "bachelor",
    min_years: float = 0,
    related: tuple[str, ...] = (),
) -> Role:
    return Role.model_validate(
        {
            "id": id,
            "name": name,
            "family": "ml",
            "summary": f"{name}.",
            "responsibilities": ["Work."],
            "title_aliases": [name],
            "required_skills": [{"skill": k, "weight": v, "level": "intermediate"} for k, v in required.items()],
            "nice_to_have_skills": [{"skill": k, "weight": v, "level": "basic"} for k, v in (nice or {}).items()],
            "education": {"min_degree": min_degree, "fields": ["computer science"]},
            "experience": [{"seniority": "junior", "min_years": 0, "max_years": 2}],
            "min_years_experience": min_years,
            "related_roles": list(related),
        }
    )


@pytest.fixture(scope="session")
def roles(taxonomy: Taxonomy) -> RoleCatalogue:
    return RoleCatalogue(
        version="test",
        roles={
            r.id: r
            for r in [
                _role(
                    "data_scientist",
                    "Data Scientist",
                    {"python": 1.0, "sql": 0.8, "statistics": 1.0, "machine_learning": 1.0, "pandas": 0.8},
                    {"scikit_learn": 0.6, "communication": 0.5},
                    related=("ml_engineer",),
                ),
                _role(
                    "ml_engineer",
                    "ML Engineer",
                    {
                        "python": 1.0,
                        "machine_learning": 1.0,
                        "deep_learning": 0.9,
                        "pytorch": 0.9,
                        "docker": 0.7,
                        "kubernetes": 0.6,
                    },
                    {"mlops": 0.6, "aws": 0.5},
                    related=("data_scientist",),
                ),
                _role(
                    "data_engineer",
                    "Data Engineer",
                    {"python": 0.9, "sql": 1.0, "apache_spark": 0.9, "apache_airflow": 0.8},
                    {"aws": 0.5, "docker": 0.5},
                ),
                _role(
                    "ai_engineering_manager",
                    "AI Engineering Manager",
                    {"leadership": 1.0, "communication": 1.0, "machine_learning": 0.8},
                    min_degree="master",
                    min_years=5,
                ),
            ]
        },
        taxonomy=taxonomy,
    )

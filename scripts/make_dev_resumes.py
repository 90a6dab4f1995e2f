"""Write the development resumes of tests/data/dev_resumes in every format careerpath reads.

The resumes are fictional, written for this set (no real person). Text and Markdown resumes are
kept as written; the PDF, DOCX and JSON Resume files are rendered from the sources below, so the
set can be rebuilt (pip install fpdf2 python-docx). Annotations live in expected.json.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "dev_resumes"

PDF_SOURCES: dict[str, str] = {
    "r04_staff_platform.pdf": """Tomasz Wieczorek
Staff Platform Engineer | Warsaw, Poland | tomasz.w@example.org

SUMMARY
Staff engineer who runs the GPU platform that 40 ML teams train and serve on. Eleven years building
infrastructure, the last five for machine learning workloads.

EXPERIENCE
Staff Platform Engineer, Vistula Analytics    Mar 2020 - Oct 2026
- Own the Kubernetes platform (EKS and GKE, 30 clusters) that serves 400 models; wrote the operators.
- Built the whole AWS and GCP footprint as code with Terraform and Helm; cut provisioning from days to minutes.
- Designed the model serving layer on Triton Inference Server and Ray Serve with canary releases.
- Set up Prometheus and Grafana observability and on-call runbooks; led incident reviews.
Senior Site Reliability Engineer, Baltic Payments    Jan 2015 - Feb 2020
- Ran Linux fleets and CI/CD (Jenkins, GitLab CI) for 200 services; Go and Python tooling.
- Migrated batch jobs to Docker containers and a distributed scheduler.

EDUCATION
MSc Computer Science, Warsaw University of Technology, 2014

SKILLS
Kubernetes, Terraform, AWS, GCP, Docker, Helm, Go, Python, Bash, Prometheus, Grafana, NVIDIA GPUs, CUDA drivers
""",
    "r06_edge_ai.pdf": """Keiko Tanaka
Edge AI Engineer - Osaka, Japan

PROFILE
Embedded ML engineer who makes vision models run on small devices.

EXPERIENCE
Senior Edge AI Engineer, Hikari Devices    Apr 2021 - Sep 2026
- Shrunk detection networks 6x for NVIDIA Jetson and ARM boards using structured
pruning, INT8 quantization and knowledge distillation.
- Converted PyTorch models to ONNX and TensorRT engines; wrote the C++ inference runtime.
- Ported a keyword-spotting model to TensorFlow Lite Micro on a Cortex-M4 microcontroller.
Embedded Software Engineer, Nakamura Robotics    Jun 2017 - Mar 2021
- Embedded C and C++ firmware for camera modules on embedded Linux; OpenCV image pipelines.

EDUCATION
B.Eng. Electronic Engineering, Osaka University, 2017

SKILLS
C++, C, Python, PyTorch, ONNX Runtime, TensorRT, TensorFlow Lite, OpenCV, Linux, Yocto
""",
    "r14_governance.pdf": """Anna Schmidt, LL.M., CIPP/E
AI Governance and Data Protection Counsel - Berlin

RESEARCH INTERESTS
Accountability of automated decision-making; conformity assessment under the EU AI Act.

EXPERIENCE
AI Governance Lead, Rheinland Insurance Group    Feb 2021 - Aug 2026
- Built the AI governance framework and model risk register for 60 underwriting models.
- Led EU AI Act readiness: classified high-risk systems, wrote the conformity assessment process.
- Ran algorithmic impact assessments and fairness reviews with the data science team.
- Chaired the responsible AI committee; briefed the board and the C-suite quarterly.
Data Protection Associate, Keller & Vogt LLP    Sep 2017 - Jan 2021
- Advised clients on GDPR compliance, DPIAs and data subject requests; drafted privacy policies.

EDUCATION
LL.M. in Information Technology Law, University of Edinburgh, 2017
First State Examination in Law, Humboldt University of Berlin, 2016

CERTIFICATIONS
CIPP/E (IAPP), 2018
""",
    "r21_research_eng.pdf": """Samuel  Okafor
Research  Engineer

EXPERIENCE
Research Engineer, Tessellate AI Lab    Jan 2022 - Jul 2026
- Wrote custom CUDA kernels for fused attention and a Triton kernel for sparse MoE routing; 1.8x
faster training.
- Scaled pretraining to 512 GPUs with PyTorch FSDP and DeepSpeed; mixed precision and activation
checkpointing.
- Trained transformer language models daily and built the evaluation harness the lab reports with.
Software Engineer, Quanta Systems    Jul 2019 - Dec 2021
- C++ and Python services; profiling and performance tuning of numerical code.

EDUCATION
BSc Mathematics and Computer Science, University of Lagos, 2019

SKILLS
PyTorch,  CUDA,  C++,  Python,  Weights & Biases,  Slurm,  Linux,  Git
""",
    "r29_director_ml.pdf": """Grace Whitfield
Director of Machine Learning

SUMMARY
Engineering leader who has built and grown ML teams from 3 to 45 people across two companies.

EXPERIENCE
Director of Machine Learning, Lumen Retail    2019 - 2026
- Managed a team of 45 across four squads: recommendations, search, forecasting and ML platform.
- Hired 20 engineers and scientists; mentor eight managers and tech leads.
- Set the ML roadmap and strategy with the CPO; owned a 6M budget.
- Introduced MLOps practices (feature store, model registry, monitoring) across teams.
Engineering Manager, Search, Corvid Labs    2014 - 2019
- Led a team of 9 building ranking models and the search backend (Java, Elasticsearch).
- Ran agile planning with product and design; partnered with sales on enterprise launches.
Senior Software Engineer, Corvid Labs    2010 - 2014

EDUCATION
MSc Artificial Intelligence, University of Edinburgh, 2010
""",
}

DOCX_SOURCES: dict[str, str] = {
    "r05_cpa_analyst.docx": """Maria Lopez, CPA
Financial analyst moving into data analytics

# Summary
Certified public accountant with seven years in audit and FP&A who now spends most days in SQL and
Power BI.

# Experience
Senior Financial Analyst, Cascade Outdoor Co.    Jan 2022 - Jun 2026
- Built the monthly revenue dashboard in Power BI used by the CFO and 12 regional managers.
- Wrote SQL queries against the Snowflake warehouse to reconcile sales and inventory.
- Automated variance reports in Excel with Power Query and pivot tables.
Audit Associate, Pierce & Lane CPAs    Sep 2018 - Dec 2021
- Audited financial statements of retail and manufacturing clients; sampled and tested controls.

# Education
B.S. Accounting, Portland State University, 2018

# Certifications
Certified Public Accountant (Oregon), 2019
Google Data Analytics Professional Certificate, 2023
""",
    "r12_rl.docx": """Lucas Ferreira
PhD candidate in reinforcement learning

# Experience
Graduate Researcher, Robotics & RL Lab, University of São Paulo    Mar 2021 - Nov 2026
- Developed model-based RL agents for quadruped locomotion; trained PPO and SAC policies in MuJoCo.
- Implemented actor-critic and deep Q-network baselines in PyTorch for the lab's benchmark.
- Wrote custom Gymnasium environments and ran 2,000 GPU-hour sweeps.
Research Intern, Orbital Games    Summer 2022
- Trained agents for game testing with Stable-Baselines3 and reward shaping.

# Education
PhD in Computer Science (Reinforcement Learning), University of São Paulo, expected 2027
MSc Electrical Engineering, University of Campinas, 2020

# Publications
Ferreira, L. et al. "Sample-efficient locomotion with learned dynamics." CoRL 2024.
""",
    "r17_pm.docx": """Daniel Kim
AI Product Manager

# Summary
Product manager who ships ML features: five years in product, two on LLM products.

# Experience
Senior Product Manager, AI Assistant, Nimbus CRM    Mar 2023 - Oct 2026
- Own the roadmap for the generative AI assistant used by 30k sales reps; launched email drafting with GPT-4.
- Defined LLM evaluation criteria with the ML team and ran A/B tests on answer quality.
- Ran user research with 40 customers; wrote PRDs and aligned sales, legal and engineering.
Product Manager, Nimbus CRM    Jan 2020 - Feb 2023
- Launched lead scoring built on a gradient boosting model; worked with data scientists on metrics.
- Tracked adoption in SQL and Looker.

# Education
MBA, University of Michigan, 2019
BA Economics, UCLA, 2014
""",
    "r25_ds_senior.docx": """Fatima  Al-Sayed
Senior Data Scientist

# Experience
Senior Data Scientist, Meridian Telecom    May 2020 - Aug 2026
- Designed and analysed 60+ A/B tests on pricing and onboarding; built the team's experimentation
  guidelines (power analysis, CUPED, sequential testing).
- Built churn prediction models with XGBoost and scikit-learn; feature engineering on billing data.
- Presented findings to executives; known for data  storytelling and clear visualisations.
Data Analyst, Meridian Telecom    Jun 2017 - Apr 2020
- SQL and Python (pandas) analyses of network usage; Tableau dashboards.

# Education
MSc Statistics, American University of Beirut, 2017

# Skills
Python, pandas, NumPy, scikit-learn, XGBoost, SQL, statsmodels, Tableau, causal inference
""",
    "r27_bcl_policy.docx": """Oluwaseun Adeyemi
AI Policy Analyst

# Experience
AI Policy Analyst, Centre for Digital Governance    Oct 2022 - Sep 2026
- Wrote policy briefs on the EU AI Act, the NIST AI RMF and algorithmic accountability for regulators.
- Led stakeholder consultations with industry, civil society and two ministries.
- Co-authored the centre's AI risk management guide for public-sector buyers.
Trainee Solicitor, Hart & Bennett    Sep 2020 - Sep 2022
- Data protection and technology contracts; GDPR advice to health-tech clients.

# Education
BCL (Bachelor of Civil Law), University of Oxford, 2020
LLB Law, University of Lagos, 2018
""",
}

JSON_SOURCES: dict[str, dict[str, object]] = {
    "r11_cv.json": {
        "basics": {
            "name": "Chen Wei",
            "label": "Computer Vision Engineer",
            "summary": "Computer vision engineer building detection and segmentation models for retail shelves.",
        },
        "work": [
            {
                "name": "ShelfSense",
                "position": "Computer Vision Engineer",
                "startDate": "2021-02",
                "endDate": "2026-06",
                "highlights": [
                    "Trained YOLOv8 and Mask R-CNN models in PyTorch for product detection and instance segmentation.",
                    "Built image preprocessing and augmentation pipelines with OpenCV and Albumentations.",
                    "Fine-tuned a ViT image classifier for 4,000 product classes; 94% top-1 accuracy.",
                ],
            },
            {
                "name": "Pixel Foundry",
                "position": "Junior Software Engineer",
                "startDate": "2019-07",
                "endDate": "2021-01",
                "highlights": ["C++ image processing filters for a photo editing app."],
            },
        ],
        "education": [
            {
                "institution": "Zhejiang University",
                "studyType": "Bachelor",
                "area": "Computer Science",
                "endDate": "2019",
            }
        ],
        "skills": [{"name": "Tools", "keywords": ["Python", "C++", "PyTorch", "OpenCV", "CUDA", "Docker"]}],
    },
    "r19_mlops.json": {
        "basics": {
            "name": "Ingrid Halvorsen",
            "label": "MLOps Engineer",
            "summary": "MLOps engineer who keeps 120 models healthy in production.",
        },
        "work": [
            {
                "name": "Nordlys Bank",
                "position": "MLOps Engineer",
                "startDate": "2022-01",
                "endDate": "2026-09",
                "highlights": [
                    "Built drift monitoring and alerting for 120 credit models with Evidently and Prometheus.",
                    "Run the MLflow tracking server and model registry; CI/CD for models with GitHub Actions.",
                    "Orchestrated training pipelines with Kubeflow Pipelines on Kubernetes (AKS).",
                    "Wrote Terraform modules for the Azure ML workspaces.",
                ],
            },
            {
                "name": "Fjord Analytics",
                "position": "Data Engineer",
                "startDate": "2019-08",
                "endDate": "2021-12",
                "highlights": ["Python and SQL ETL jobs; Docker images for batch scoring on Linux."],
            },
        ],
        "education": [{"institution": "NTNU", "studyType": "Master", "area": "Computer Science", "endDate": "2019"}],
        "skills": [{"name": "Stack", "keywords": ["Python", "Docker", "Kubernetes", "MLflow", "Azure", "Bash", "Git"]}],
    },
    "r26_analyst_json.json": {
        "basics": {
            "name": "Emily Carter",
            "label": "Junior Data Analyst",
            "summary": "Junior analyst who turns messy spreadsheets into clear reports.",
        },
        "work": [
            {
                "name": "Greenleaf Grocers",
                "position": "Data Analyst",
                "startDate": "2024-07",
                "endDate": "2026-10",
                "highlights": [
                    "Built a weekly sales dashboard in Tableau for 40 store managers.",
                    "Cleaned and joined point-of-sale data in SQL and Excel; documented data quality issues.",
                    "Ran exploratory analyses of basket size by region and presented them to the ops team.",
                ],
            }
        ],
        "education": [
            {"institution": "University of Leeds", "studyType": "Bachelor", "area": "Economics", "endDate": "2024"}
        ],
        "skills": [{"name": "Tools", "keywords": ["SQL", "Excel", "Tableau", "Google Sheets"]}],
    },
    "r32_ml_json.json": {
        "basics": {
            "name": "Ravi Shankar",
            "label": "Machine Learning Engineer",
            "summary": "ML engineer on ranking and recommendations.",
        },
        "work": [
            {
                "name": "Kirana Commerce",
                "position": "Machine Learning Engineer",
                "startDate": "2021-04",
                "endDate": "2026-08",
                "highlights": [
                    "Trained two-tower retrieval and LightGBM ranking models for product recommendations.",
                    "Deployed models as FastAPI services in Docker on GCP; batch features in BigQuery.",
                    "Built offline evaluation (NDCG, recall@k) and online A/B tests for every release.",
                ],
            },
            {
                "name": "Kirana Commerce",
                "position": "Software Engineer",
                "startDate": "2019-06",
                "endDate": "2021-03",
                "highlights": ["Backend services in Python and Go; PostgreSQL; Git and code review."],
            },
        ],
        "education": [
            {"institution": "IIT Madras", "studyType": "Bachelor", "area": "Computer Science", "endDate": "2019"}
        ],
        "skills": [{"name": "ML", "keywords": ["Python", "PyTorch", "LightGBM", "scikit-learn", "SQL", "Docker"]}],
    },
}


def _write_pdf(path: Path, text: str) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in text.splitlines():
        line = line.replace("–", "-").replace("’", "'")
        # Body lines are justified, as word processors export them; headings stay left.
        pdf.multi_cell(0, 5, line or " ", align="J" if len(line) > 60 else "L", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _write_docx(path: Path, text: str) -> None:
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if line.startswith("# "):
            document.add_heading(line[2:], level=1)
        elif line.strip():
            document.add_paragraph(line)
    document.core_properties.author = "careerpath dev set"
    document.save(str(path))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in PDF_SOURCES.items():
        _write_pdf(OUT / name, text)
    for name, text in DOCX_SOURCES.items():
        _write_docx(OUT / name, text)
    for name, resume in JSON_SOURCES.items():
        (OUT / name).write_text(json.dumps(resume, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()

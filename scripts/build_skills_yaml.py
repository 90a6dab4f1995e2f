#!/usr/bin/env python3
# ruff: noqa: E501  (authored data: long alias lists are kept on one line each)
"""Build ``src/careerpath/data/skills.yaml``, the bundled AI/ML skills taxonomy.

The skill ids, names and categories come from ``docs/skill_ids.txt`` (the canonical list other
data files reference). Everything else (descriptions, aliases, prerequisites, related skills,
hours, ESCO and O*NET links) is authored below by the careerpath project.

ESCO and O*NET links are written only where they were checked against the public releases in
``shared/data`` (ESCO v1.1.1 ``skills_en.csv.gz``; O*NET 29.0 ``Content_Model_Reference.txt`` and
``Technology_Skills.txt.gz``). With ``--data DIR`` (default: ``/work/shared/data`` when present)
the script re-checks every URI against its expected preferred label and every O*NET element id and
technology example before writing.

Usage::

    python scripts/build_skills_yaml.py            # build and verify
    python scripts/build_skills_yaml.py --check    # verify the data only, write nothing
"""

from __future__ import annotations

import argparse
import csv
import gzip
import sys
from collections import defaultdict
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
IDS_FILE = ROOT / "docs" / "skill_ids.txt"
OUT_FILE = ROOT / "src" / "careerpath" / "data" / "skills.yaml"
VERSION = "2026.11.0"
ESCO_PREFIX = "http://data.europa.eu/esco/skill/"

SKILLS: dict[str, dict] = {}


def S(sid: str, desc: str, hours: int, pre: str = "", rel: str = "", al: str = "", amb: str = "") -> None:
    """Author one skill: aliases and ambiguous aliases are '|'-separated, ids space-separated."""
    if sid in SKILLS:
        raise SystemExit(f"skill {sid} authored twice")
    SKILLS[sid] = {
        "description": desc,
        "hours": hours,
        "prerequisites": pre.split(),
        "related": rel.split(),
        "aliases": [a.strip() for a in al.split("|") if a.strip()],
        "ambiguous_aliases": [a.strip() for a in amb.split("|") if a.strip()],
    }


# --------------------------------------------------------------------------- programming_languages
S(
    "python",
    "General-purpose programming language that is the default for data science and machine learning.",
    100,
    rel="r_lang julia_lang",
    al="Python 3|Python3|Python 2|Python programming|Python language|CPython",
)
S(
    "r_lang",
    "Statistical programming language and environment for data analysis, modeling and visualization.",
    100,
    rel="python sas julia_lang",
    al="R programming|R language|RStudio|R Studio|tidyverse|ggplot2|dplyr|R Shiny|CRAN",
    amb="R",
)
S(
    "sql",
    "Declarative language for querying, joining and aggregating data in relational databases.",
    60,
    al="Structured Query Language|T-SQL|Transact-SQL|PL/SQL|ANSI SQL|SQL queries|SQL querying|SQL scripting",
)
S(
    "java",
    "Object-oriented JVM language widely used for backend services and big-data systems.",
    120,
    rel="scala kotlin",
    al="Java SE|Java EE|J2EE|Core Java|Java 8|Java 11|Java 17|Java 21|JVM",
)
S(
    "scala",
    "JVM language mixing functional and object-oriented programming, common in Spark data engineering.",
    100,
    rel="java kotlin",
    al="Scala programming|Scala 2|Scala 3",
)
S(
    "cpp",
    "Compiled systems language used for high-performance, low-latency ML and robotics code.",
    150,
    rel="c_lang rust_lang",
    al="cpp|C plus plus|C++11|C++14|C++17|C++20|Modern C++",
)
S(
    "c_lang",
    "Low-level procedural language used for systems, embedded and performance-critical code.",
    120,
    rel="cpp",
    al="C programming|C language|ANSI C|C99|Embedded C",
    amb="C",
)
S(
    "go_lang",
    "Statically typed compiled language popular for cloud infrastructure and backend services.",
    80,
    rel="rust_lang java",
    al="Golang|Go programming|Go language|Go lang",
    amb="Go",
)
S(
    "rust_lang",
    "Memory-safe systems language increasingly used for fast data and ML tooling.",
    120,
    rel="cpp go_lang",
    al="Rust programming|Rust language|Rustlang|Rust lang",
    amb="Rust",
)
S(
    "julia_lang",
    "High-performance dynamic language for scientific and numerical computing.",
    80,
    rel="python matlab",
    al="Julia programming|Julia language|JuliaLang|Julia lang",
    amb="Julia",
)
S(
    "javascript",
    "Scripting language of the web, used in browsers and in Node.js services.",
    100,
    rel="typescript",
    al="ECMAScript|ES6|ES2015|Vanilla JS|Vanilla JavaScript",
    amb="JS",
)
S("typescript", "Typed superset of JavaScript for building large, maintainable web applications.", 40, pre="javascript")
S(
    "bash_shell",
    "Automating tasks and gluing tools together with Bash and other Unix shell scripts.",
    30,
    rel="linux",
    al="Bash scripting|shell scripting|shell scripts|shell script|Unix shell|Bash shell|Zsh|command line|command-line",
    amb="Bash",
)
S(
    "matlab",
    "Numerical computing environment and language common in engineering and signal processing.",
    60,
    rel="python julia_lang numpy",
    al="Simulink|MATLAB programming|MATLAB/Simulink",
)
S(
    "cuda_programming",
    "Writing GPU kernels with NVIDIA CUDA to accelerate numerical and deep learning workloads.",
    80,
    pre="cpp gpu_computing",
    al="CUDA|CUDA C++|CUDA C|CUDA kernels|GPU programming|GPU kernel programming|OpenAI Triton|Triton kernels",
)
S(
    "kotlin",
    "Modern JVM language used for Android apps and backend services.",
    60,
    rel="java swift_lang",
    al="Kotlin/JVM|Kotlin programming",
)
S(
    "swift_lang",
    "Apple's programming language for iOS, iPadOS and macOS applications.",
    80,
    rel="kotlin",
    al="Swift programming|Swift language|SwiftUI|Swift 5",
    amb="Swift",
)
S(
    "csharp",
    "Microsoft's object-oriented language for .NET services, desktop apps and Unity games.",
    100,
    pre="object_oriented_programming",
    rel="java dotnet",
    al="C Sharp|C#.NET|CSharp",
)
S(
    "sas",
    "Commercial statistical software and language used in analytics, pharma and banking.",
    60,
    rel="r_lang spss",
    al="SAS programming|Base SAS|SAS Base|SAS/STAT|SAS Enterprise Guide|SAS Enterprise Miner|SAS Viya",
)

# --------------------------------------------------------------------------- math_statistics
S(
    "linear_algebra",
    "Vectors, matrices, decompositions and linear maps: the language of ML models.",
    80,
    al="matrix algebra|matrix computations",
)
S(
    "calculus",
    "Limits, derivatives and integrals of single-variable functions.",
    80,
    al="differential calculus|integral calculus|single-variable calculus",
)
S(
    "multivariable_calculus",
    "Partial derivatives, gradients, Jacobians and multiple integrals used in optimization and backprop.",
    60,
    pre="calculus linear_algebra",
    al="vector calculus|multivariate calculus|matrix calculus",
)
S(
    "probability",
    "Random variables, distributions, expectation and conditional probability.",
    60,
    pre="calculus",
    al="probability distributions|applied probability|probabilistic reasoning",
    amb="Probability",
)
S(
    "statistics",
    "Descriptive and inferential statistics for summarizing data and reasoning under uncertainty.",
    100,
    pre="probability",
    al="statistical analysis|statistical modeling|statistical modelling|inferential statistics|descriptive statistics|applied statistics|statistical methods",
)
S(
    "bayesian_statistics",
    "Inference with priors and posteriors, including MCMC and hierarchical models.",
    60,
    pre="statistics",
    rel="probabilistic_programming",
    al="Bayesian inference|Bayesian methods|Bayesian modeling|Bayesian modelling|Bayesian analysis|MCMC|Markov chain Monte Carlo|hierarchical Bayesian models",
)
S(
    "hypothesis_testing",
    "Using null hypotheses, test statistics, p-values and confidence intervals to weigh evidence.",
    30,
    pre="statistics",
    rel="ab_testing",
    al="significance testing|statistical testing|statistical significance|t-test|t-tests|chi-square test|p-values|ANOVA",
)
S(
    "ab_testing",
    "Designing, running and analyzing controlled experiments that measure the effect of product changes.",
    40,
    pre="hypothesis_testing",
    rel="causal_inference bandits web_analytics",
    al="A/B testing|A/B tests|A/B test|AB testing|split testing|online experiments|online experimentation|controlled experiments|experiment design|multivariate testing",
    amb="Experimentation",
)
S(
    "causal_inference",
    "Estimating cause and effect from experimental or observational data (DiD, IV, matching, DAGs).",
    80,
    pre="statistics",
    rel="econometrics ab_testing",
    al="causal analysis|causal modeling|causal modelling|causal ML|uplift modeling|uplift modelling|difference-in-differences|propensity score matching",
)
S(
    "optimization",
    "Formulating and solving minimization problems, from linear programming to gradient methods.",
    60,
    pre="calculus linear_algebra",
    al="mathematical optimisation|linear programming|integer programming|mixed-integer programming|MILP|operations research|numerical optimization|gradient descent",
)
S(
    "convex_optimization",
    "Theory and algorithms for convex problems: duality, KKT conditions, interior-point and first-order methods.",
    60,
    pre="optimization multivariable_calculus",
    al="convex optimisation|convex analysis|CVXPY",
)
S(
    "information_theory",
    "Entropy, mutual information and KL divergence, which underpin losses and compression.",
    30,
    pre="probability",
    al="Shannon entropy|KL divergence|Kullback-Leibler divergence|mutual information",
)
S(
    "time_series_analysis",
    "Analyzing temporally ordered data: trend, seasonality, autocorrelation and stationarity.",
    40,
    pre="statistics",
    rel="time_series_forecasting econometrics stochastic_processes",
    al="time-series analysis|time series|time-series|temporal data analysis",
)
S(
    "stochastic_processes",
    "Random processes such as Markov chains, Poisson processes and Brownian motion.",
    60,
    pre="probability",
    al="Markov chains|Markov chain|random processes|Brownian motion|Poisson processes",
)
S(
    "numerical_methods",
    "Algorithms for numerical solutions: root finding, quadrature, ODE solvers and numerical linear algebra.",
    60,
    pre="calculus linear_algebra",
    al="numerical analysis|numerical computing|scientific computing|numerical linear algebra",
)
S(
    "discrete_mathematics",
    "Logic, sets, combinatorics and proofs used throughout computer science.",
    60,
    al="discrete math|discrete maths|combinatorics",
)
S(
    "graph_theory",
    "Properties and algorithms of graphs: paths, connectivity, centrality and spectral methods.",
    40,
    pre="discrete_mathematics",
    rel="graph_ml",
    al="social network analysis|network science|graph algorithms",
)
S(
    "econometrics",
    "Statistical methods for economic data: panel data, instrumental variables and structural models.",
    80,
    pre="regression",
    rel="causal_inference time_series_analysis",
    al="econometric modeling|econometric modelling|applied econometrics|panel data analysis|instrumental variables",
)
S(
    "survival_analysis",
    "Modeling time-to-event data with censoring: Kaplan-Meier curves, Cox models and hazards.",
    30,
    pre="regression",
    al="time-to-event analysis|Kaplan-Meier|Cox regression|Cox proportional hazards",
)

# --------------------------------------------------------------------------- ml_techniques
S(
    "machine_learning",
    "Building models that learn patterns from data to make predictions or decisions.",
    120,
    pre="python linear_algebra statistics",
    al="machine-learning|statistical learning|artificial intelligence|AI/ML|ML/AI|AI & ML|AI and ML|machine learning algorithms|machine learning models|ML models|ML algorithms",
    amb="ML",
)
S(
    "supervised_learning",
    "Learning mappings from labeled examples for regression and classification.",
    40,
    pre="machine_learning",
    al="supervised machine learning|supervised ML|supervised models",
)
S(
    "unsupervised_learning",
    "Finding structure in unlabeled data with clustering, density estimation and embeddings.",
    30,
    pre="machine_learning",
    al="unsupervised machine learning|unsupervised ML|unsupervised methods",
)
S(
    "regression",
    "Modeling continuous outcomes with linear, generalized linear and regularized regression.",
    40,
    pre="statistics linear_algebra",
    rel="classification",
    al="linear regression|logistic regression|regression models|regression modeling|regression modelling|GLM|GLMs|generalized linear models|ridge regression|lasso regression",
)
S(
    "classification",
    "Predicting discrete categories with models such as logistic regression, trees and neural networks.",
    30,
    pre="supervised_learning",
    rel="regression",
    al="classification models|classifiers|binary classification|multi-class classification|multiclass classification|multi-label classification",
)
S(
    "clustering",
    "Grouping similar observations with k-means, hierarchical, DBSCAN and mixture models.",
    20,
    pre="unsupervised_learning",
    al="cluster analysis|k-means|kmeans|k-means clustering|hierarchical clustering|DBSCAN|HDBSCAN|Gaussian mixture models",
)
S(
    "dimensionality_reduction",
    "Compressing features into fewer dimensions with PCA, t-SNE, UMAP and related methods.",
    20,
    pre="unsupervised_learning",
    rel="autoencoders",
    al="principal component analysis|t-SNE|tSNE|UMAP|singular value decomposition|feature reduction",
    amb="PCA",
)
S(
    "feature_engineering",
    "Creating, transforming and selecting input variables to improve model performance.",
    40,
    pre="machine_learning",
    rel="data_cleaning",
    al="feature extraction|feature selection|feature creation|feature transformation|feature crosses",
)
S(
    "model_evaluation",
    "Measuring model quality with sound data splits, cross-validation and task-appropriate metrics.",
    30,
    pre="machine_learning",
    al="model evaluation|model validation|cross-validation|cross validation|k-fold cross-validation|evaluation metrics|ROC AUC|AUC-ROC|precision and recall|confusion matrix",
)
S(
    "hyperparameter_tuning",
    "Searching model settings with grid, random and Bayesian search to maximize validation performance.",
    20,
    pre="model_evaluation",
    rel="automl",
    al="hyperparameter optimization|hyperparameter optimisation|hyper-parameter tuning|HPO|grid search|random search|Bayesian optimization|Optuna|Hyperopt",
)
S(
    "ensemble_methods",
    "Combining several models through bagging, boosting or stacking for more accurate predictions.",
    20,
    pre="decision_trees",
    al="ensemble learning|ensembling|model ensembles|model stacking|bootstrap aggregating",
)
S(
    "gradient_boosting",
    "Boosted tree ensembles (GBMs) that dominate prediction on tabular data.",
    20,
    pre="ensemble_methods",
    rel="random_forests",
    al="gradient boosted trees|gradient-boosted trees|gradient boosting machines|GBM|GBMs|GBDT|boosted trees",
)
S(
    "decision_trees",
    "Tree-structured models that split on feature thresholds; the base of forests and boosting.",
    15,
    pre="supervised_learning",
    al="decision tree|classification and regression trees|tree-based models",
    amb="CART",
)
S(
    "random_forests",
    "Bagged ensembles of decorrelated decision trees.",
    10,
    pre="ensemble_methods",
    rel="gradient_boosting",
    al="random forest|random forest classifier|random forest regression|random forest models",
)
S(
    "svm",
    "Max-margin classifiers and kernel methods for classification and regression.",
    15,
    pre="supervised_learning",
    al="SVM|SVMs|support vector machine|support vector classifier|SVR|kernel methods",
)
S(
    "recommender_systems",
    "Predicting user preferences with collaborative filtering, content-based and sequence models.",
    60,
    pre="machine_learning",
    rel="information_retrieval embeddings",
    al="recommendation systems|recommendation system|recommender system|recommendation engines|recommendation engine|RecSys|collaborative filtering|matrix factorization",
)
S(
    "anomaly_detection",
    "Identifying rare or abnormal observations such as fraud, faults or intrusions.",
    30,
    pre="machine_learning",
    rel="time_series_analysis",
    al="outlier detection|novelty detection|fraud detection|isolation forest|anomaly-detection",
)
S(
    "time_series_forecasting",
    "Predicting future values of temporal data with statistical and machine learning models.",
    40,
    pre="time_series_analysis machine_learning",
    rel="predictive_modeling",
    al="time-series forecasting|time series forecasting models|demand forecasting|sales forecasting|ARIMA|SARIMA|exponential smoothing|Facebook Prophet",
    amb="Forecasting|Prophet",
)
S(
    "scikit_learn",
    "The standard Python library for classical machine learning models and pipelines.",
    30,
    pre="python machine_learning",
    rel="statsmodels",
    al="sklearn|scikit learn|scikitlearn|sci-kit learn|sci-kit-learn|scikit",
)
S(
    "xgboost",
    "Optimized gradient boosting library widely used for tabular machine learning.",
    15,
    pre="gradient_boosting python",
    rel="lightgbm catboost",
    al="XG Boost|XGBClassifier|XGBRegressor",
)
S(
    "lightgbm",
    "Microsoft's fast histogram-based gradient boosting library.",
    10,
    pre="gradient_boosting python",
    rel="xgboost catboost",
    al="Light GBM|LGBM|LGBMClassifier",
)
S(
    "catboost",
    "Gradient boosting library with native handling of categorical features.",
    10,
    pre="gradient_boosting python",
    rel="xgboost lightgbm",
    al="Cat Boost",
)
S(
    "statsmodels",
    "Python library for statistical models, hypothesis tests and econometrics.",
    20,
    pre="python statistics",
    rel="scipy r_lang",
    al="stats models",
)
S(
    "pandas",
    "Python library for tabular data manipulation with DataFrames.",
    30,
    pre="python numpy",
    rel="polars",
    al="Pandas DataFrame|pandas dataframes|Python pandas",
)
S(
    "numpy",
    "Core Python library for n-dimensional arrays and vectorized numerical computing.",
    20,
    pre="python",
    rel="matlab",
    al="Numerical Python|NumPy arrays",
)
S(
    "scipy",
    "Python library of scientific algorithms: optimization, integration, statistics and signal processing.",
    20,
    pre="numpy",
    rel="statsmodels",
    al="scipy.stats|scipy.optimize|Sci Py",
)
S(
    "polars",
    "Fast Rust-based DataFrame library for Python with a lazy query engine.",
    15,
    pre="python",
    rel="pandas duckdb",
    al="Polars DataFrame|py-polars",
)
S(
    "data_visualization",
    "Turning data into clear charts and graphics that reveal patterns and support decisions.",
    40,
    rel="dashboards data_storytelling",
    al="data visualisation|data viz|dataviz|data visualizations|data visualisations|visual analytics",
)
S(
    "matplotlib",
    "Foundational Python plotting library.",
    15,
    pre="python",
    rel="seaborn plotly",
    al="pyplot|matplotlib.pyplot",
)
S("seaborn", "Statistical plotting library built on Matplotlib.", 8, pre="matplotlib", rel="plotly", al="seaborn plots")
S(
    "plotly",
    "Interactive plotting library for Python and JavaScript, including Dash apps.",
    15,
    pre="python",
    rel="matplotlib",
    al="Plotly Express|Plotly Dash",
    amb="Dash",
)
S(
    "jupyter",
    "Interactive notebooks for exploratory coding, analysis and sharing results.",
    5,
    pre="python",
    al="Jupyter Notebook|Jupyter Notebooks|JupyterLab|Jupyter Lab|IPython|Google Colab|Colab|ipynb",
)
S(
    "automl",
    "Automating model selection, feature preprocessing and tuning.",
    20,
    pre="hyperparameter_tuning",
    al="automated machine learning|Auto-ML|AutoGluon|H2O AutoML|auto-sklearn|TPOT|Google AutoML",
)
S(
    "active_learning",
    "Choosing which unlabeled examples to label next so models learn with fewer labels.",
    20,
    pre="supervised_learning",
    rel="semi_supervised_learning",
    al="active learning strategies|uncertainty sampling|human-in-the-loop labeling|human-in-the-loop labelling",
)
S(
    "semi_supervised_learning",
    "Training with a small labeled set plus abundant unlabeled data.",
    20,
    pre="supervised_learning unsupervised_learning",
    rel="self_supervised_learning active_learning",
    al="semi-supervised|semi supervised learning|pseudo-labeling|pseudo-labelling|weak supervision|weakly supervised learning",
)
S(
    "graph_ml",
    "Machine learning on graph-structured data: node classification, link prediction and graph embeddings.",
    40,
    pre="machine_learning graph_theory",
    rel="graph_neural_networks",
    al="machine learning on graphs|graph learning|node embeddings|link prediction|node2vec|knowledge graph embeddings",
)
S(
    "federated_learning",
    "Training models across devices or data silos without centralizing the raw data.",
    30,
    pre="deep_learning",
    rel="differential_privacy edge_ai",
    al="federated ML|federated training|Flower framework|TensorFlow Federated",
)
S(
    "probabilistic_programming",
    "Writing probabilistic models as programs and running automated inference (PyMC, Stan, Pyro).",
    40,
    pre="bayesian_statistics python",
    al="PyMC|PyMC3|Pyro|NumPyro|TensorFlow Probability|Turing.jl|probabilistic programming languages",
    amb="Stan",
)
S(
    "explainable_ai",
    "Techniques that explain model predictions, such as feature attributions, LIME and counterfactuals.",
    30,
    pre="machine_learning",
    rel="interpretability model_auditing",
    al="Explainable AI|XAI|explainable artificial intelligence|explainability|model explainability|interpretable machine learning|interpretable ML|model interpretability|LIME explanations|counterfactual explanations",
    amb="LIME",
)
S(
    "shap",
    "Shapley-value-based library for explaining individual model predictions.",
    10,
    pre="explainable_ai python",
    al="SHAP values|Shapley values|Shapley additive explanations",
)
S(
    "data_cleaning",
    "Detecting and fixing missing, inconsistent or erroneous records so data is usable.",
    30,
    rel="feature_engineering data_quality",
    al="data cleaning|data cleansing|data wrangling|data munging|data preparation|data prep|data preprocessing|data pre-processing|data scrubbing",
)
S(
    "exploratory_data_analysis",
    "Investigating a dataset's distributions, relationships and quirks before modeling.",
    30,
    pre="statistics data_visualization",
    rel="data_analysis",
    al="exploratory analysis|data exploration",
    amb="EDA",
)
S(
    "predictive_modeling",
    "Building models that forecast outcomes or behavior from historical data.",
    40,
    pre="supervised_learning",
    rel="time_series_forecasting",
    al="predictive modelling|predictive analytics|predictive models|data mining|propensity modeling|propensity modelling",
)

# --------------------------------------------------------------------------- deep_learning
S(
    "deep_learning",
    "Training multi-layer neural networks for perception, language and generative tasks.",
    150,
    pre="neural_networks backpropagation",
    al="deep-learning|deep neural networks|deep neural network|DNN|DNNs|deep learning models",
    amb="DL",
)
S(
    "neural_networks",
    "Layered models of artificial neurons trained by gradient descent.",
    40,
    pre="machine_learning multivariable_calculus",
    al="neural network|artificial neural networks|artificial neural network|ANNs|multilayer perceptron|multilayer perceptrons|MLP|MLPs|feedforward neural networks",
    amb="ANN",
)
S(
    "backpropagation",
    "Computing gradients through a network with the chain rule in order to train it.",
    10,
    pre="neural_networks",
    al="backprop|back-propagation|automatic differentiation|autodiff|autograd",
)
S(
    "cnn",
    "Networks with convolutional layers for images, audio and other grid-structured data.",
    40,
    pre="deep_learning",
    al="CNNs|ConvNet|ConvNets|convolutional neural network|convolutional networks|convolutional layers|ResNet|ResNets|EfficientNet",
    amb="CNN",
)
S(
    "rnn",
    "Recurrent networks that process sequences by carrying a hidden state across steps.",
    25,
    pre="deep_learning",
    al="RNN|RNNs|recurrent neural network|recurrent networks|GRU|GRUs|seq2seq|sequence-to-sequence models",
)
S(
    "lstm",
    "Gated recurrent networks that capture long-range dependencies in sequences.",
    15,
    pre="rnn",
    al="LSTMs|long short-term memory|long short term memory|BiLSTM|Bi-LSTM",
)
S(
    "transformers_architecture",
    "Self-attention encoder/decoder architecture behind modern language and vision models.",
    60,
    pre="deep_learning attention_mechanisms",
    al="transformer models|transformer model|transformer networks|transformer-based models|transformer neural networks",
    amb="Transformers|Transformer",
)
S(
    "attention_mechanisms",
    "Weighting inputs by learned relevance, including self-attention and multi-head attention.",
    20,
    pre="deep_learning",
    al="attention mechanism|self-attention|multi-head attention|cross-attention|scaled dot-product attention|FlashAttention|flash attention",
)
S(
    "autoencoders",
    "Networks that learn compressed representations by reconstructing their input, including VAEs.",
    20,
    pre="deep_learning",
    rel="representation_learning dimensionality_reduction",
    al="autoencoder|auto-encoders|auto-encoder|variational autoencoders|variational autoencoder|VAE|VAEs|denoising autoencoders",
)
S(
    "gans",
    "Generator and discriminator networks trained adversarially to synthesize data.",
    30,
    pre="cnn",
    rel="diffusion_models",
    al="GAN|GANs|generative adversarial network|StyleGAN|CycleGAN|DCGAN",
)
S(
    "pytorch",
    "Dominant Python deep learning framework with eager execution and dynamic graphs.",
    60,
    pre="python deep_learning",
    rel="tensorflow jax keras",
    al="Py Torch|PyTorch 2|torch.nn|TorchScript|libtorch|torchvision|torchaudio",
    amb="Torch",
)
S(
    "tensorflow",
    "Google's deep learning framework with a production ecosystem (TF Serving, TFX, LiteRT).",
    60,
    pre="python deep_learning",
    rel="pytorch keras jax",
    al="TensorFlow 2|TensorFlow 2.x|TensorFlow 1.x|TF2|TFX|TensorFlow Extended",
    amb="TF",
)
S(
    "keras",
    "High-level neural network API for quickly building and training models.",
    25,
    pre="python deep_learning",
    rel="tensorflow pytorch",
    al="Keras 3|tf.keras",
)
S(
    "jax",
    "NumPy-like library with autodiff, JIT compilation and vectorization for accelerator research.",
    40,
    pre="numpy deep_learning",
    rel="pytorch tensorflow",
    al="Google JAX|Optax|jax.numpy",
    amb="Flax",
)
S(
    "pytorch_lightning",
    "Lightweight PyTorch wrapper that structures training loops and scales them out.",
    15,
    pre="pytorch",
    rel="keras",
    al="PyTorch-Lightning|Lightning AI|Lightning Fabric",
    amb="Lightning",
)
S(
    "transfer_learning",
    "Adapting models pretrained on large datasets to new tasks with little data.",
    30,
    pre="deep_learning",
    al="pretrained models|pre-trained models|pretrained model|pre-trained model|model fine-tuning|domain adaptation",
    amb="Fine-tuning",
)
S(
    "self_supervised_learning",
    "Learning representations from unlabeled data through pretext tasks such as contrastive or masked prediction.",
    40,
    pre="representation_learning",
    al="self-supervised|self supervised learning|contrastive learning|SimCLR|masked image modeling|self-supervised pretraining",
)
S(
    "representation_learning",
    "Learning useful features or embeddings automatically from raw data.",
    30,
    pre="deep_learning",
    rel="embeddings autoencoders",
    al="feature learning|learned representations|latent representations|metric learning",
)
S(
    "graph_neural_networks",
    "Neural networks that pass messages over graph structure (GCN, GAT, GraphSAGE).",
    40,
    pre="deep_learning graph_ml",
    al="GNN|GNNs|graph neural network|GCN|GCNs|graph convolutional networks|GraphSAGE|PyTorch Geometric|PyG|DGL|Deep Graph Library",
)
S(
    "distributed_training",
    "Scaling training across GPUs and nodes with data, tensor and pipeline parallelism.",
    60,
    pre="pytorch gpu_computing",
    rel="mixed_precision_training distributed_systems ray",
    al="multi-GPU training|multi-node training|data parallelism|model parallelism|tensor parallelism|pipeline parallelism|DDP|DistributedDataParallel|FSDP|DeepSpeed|Megatron-LM|Horovod",
)
S(
    "mixed_precision_training",
    "Training with FP16/BF16 arithmetic to save memory and time while preserving accuracy.",
    10,
    pre="deep_learning gpu_computing",
    rel="quantization",
    al="mixed precision|automatic mixed precision|FP16 training|BF16 training|bfloat16|half-precision training",
    amb="AMP",
)
S(
    "gpu_computing",
    "Using GPUs and other accelerators efficiently: memory, profiling and libraries such as cuDNN and RAPIDS.",
    40,
    pre="python",
    rel="cuda_programming distributed_training",
    al="GPGPU|GPU acceleration|GPU-accelerated computing|accelerated computing|NVIDIA RAPIDS|cuDF|cuML|cuDNN|TPU|TPUs",
    amb="RAPIDS",
)
S(
    "regularization_techniques",
    "Preventing overfitting with dropout, weight decay, early stopping and normalization.",
    10,
    pre="neural_networks",
    al="regularization|regularisation|weight decay|L1 regularization|L2 regularization|L1/L2 regularization|early stopping|batch normalization|batchnorm",
    amb="Dropout",
)

# --------------------------------------------------------------------------- nlp
S(
    "nlp",
    "Computational methods for understanding and generating human language.",
    100,
    pre="machine_learning",
    al="NLP|natural language understanding|NLU|natural language generation|NLG|computational linguistics|text mining|text analytics",
)
S(
    "text_classification",
    "Assigning labels to documents, such as spam, intent or topic detection.",
    20,
    pre="nlp classification",
    al="document classification|text categorization|text categorisation|intent classification|intent detection|spam detection",
)
S(
    "named_entity_recognition",
    "Finding and typing mentions of people, organizations, places and other entities in text.",
    20,
    pre="nlp",
    rel="information_extraction",
    al="NER|named-entity recognition|entity recognition|entity extraction|entity linking",
)
S(
    "sentiment_analysis",
    "Detecting opinion polarity and emotion in text.",
    15,
    pre="text_classification",
    al="opinion mining|sentiment classification|emotion detection|emotion recognition",
)
S(
    "machine_translation",
    "Automatically translating text between languages, today mostly with neural sequence models.",
    40,
    pre="nlp transformers_architecture",
    al="neural machine translation|NMT|statistical machine translation|automatic translation",
)
S(
    "question_answering",
    "Systems that answer natural-language questions from documents or knowledge bases.",
    30,
    pre="nlp information_retrieval",
    rel="rag",
    al="question-answering|question answering systems|extractive QA|open-domain QA|open-domain question answering|KBQA",
)
S(
    "text_summarization",
    "Producing concise summaries of documents, extractive or abstractive.",
    20,
    pre="nlp",
    al="summarization|summarisation|text summarisation|abstractive summarization|extractive summarization|document summarization",
)
S(
    "information_extraction",
    "Pulling structured facts such as entities, relations and events out of unstructured text.",
    30,
    pre="named_entity_recognition",
    al="relation extraction|event extraction|document parsing|key information extraction",
)
S(
    "information_retrieval",
    "Indexing and ranking documents for search, from BM25 to learned rankers.",
    40,
    rel="semantic_search elasticsearch recommender_systems",
    al="search ranking|learning to rank|learning-to-rank|BM25|TF-IDF|search relevance|ranking models|document retrieval",
)
S(
    "topic_modeling",
    "Discovering latent themes in document collections (LDA, NMF, BERTopic).",
    15,
    pre="nlp unsupervised_learning",
    al="topic modelling|topic models|latent Dirichlet allocation|LDA|BERTopic",
)
S(
    "word_embeddings",
    "Dense vector representations of words such as word2vec, GloVe and fastText.",
    15,
    pre="nlp",
    rel="sentence_embeddings gensim",
    al="word2vec|fastText|word vectors|word embedding|distributed word representations",
    amb="GloVe",
)
S(
    "tokenization",
    "Splitting text into words or subword units with BPE, WordPiece or SentencePiece.",
    10,
    pre="nlp",
    al="tokenisation|tokenizers|tokenizer|subword tokenization|BPE|byte-pair encoding|WordPiece|SentencePiece",
)
S(
    "language_modeling",
    "Modeling the probability of token sequences, the basis of generative text models.",
    30,
    pre="nlp probability",
    rel="large_language_models",
    al="language models|language model|language modelling|n-gram models|causal language modeling|masked language modeling",
)
S(
    "speech_recognition",
    "Converting spoken audio into text (ASR).",
    60,
    pre="deep_learning",
    rel="text_to_speech",
    al="ASR|automatic speech recognition|speech-to-text|speech to text|voice recognition|Kaldi|wav2vec|OpenAI Whisper",
    amb="Whisper",
)
S(
    "text_to_speech",
    "Synthesizing natural-sounding speech audio from text.",
    40,
    pre="deep_learning",
    rel="speech_recognition",
    al="TTS|speech synthesis|voice synthesis|neural TTS|voice cloning",
)
S(
    "spacy",
    "Industrial-strength Python NLP library for tagging, parsing, NER and pipelines.",
    15,
    pre="python nlp",
    rel="nltk",
    al="spaCy v3|spacy-transformers",
)
S(
    "nltk",
    "Classic Python toolkit for teaching and prototyping NLP.",
    10,
    pre="python nlp",
    rel="spacy gensim",
    al="Natural Language Toolkit",
)
S(
    "hugging_face_transformers",
    "Library and model hub for loading, fine-tuning and sharing pretrained transformer models.",
    30,
    pre="pytorch transformers_architecture",
    al="Hugging Face|HuggingFace|Hugging Face Hub|HF Transformers|HuggingFace Transformers|transformers library|Hugging Face Datasets",
    amb="HF",
)
S("gensim", "Python library for topic modeling and word vectors.", 10, pre="python nlp", rel="nltk")
S(
    "bert",
    "Bidirectional transformer encoders (BERT, RoBERTa, DistilBERT) for language understanding.",
    20,
    pre="transformers_architecture nlp",
    rel="sentence_embeddings hugging_face_transformers",
    al="RoBERTa|DistilBERT|DeBERTa|BioBERT|BERT models|BERT-based models|bidirectional encoder representations from transformers",
)
S(
    "sentence_embeddings",
    "Fixed-size vectors for sentences or passages, used for similarity and retrieval.",
    15,
    pre="word_embeddings transformers_architecture",
    rel="embeddings semantic_search",
    al="Sentence-BERT|SBERT|sentence-transformers|sentence transformers|text embeddings|sentence embedding|sentence vectors",
)
S(
    "regex",
    "Pattern language for matching, validating and extracting text.",
    10,
    al="regular expression|regexp|regexes|regex patterns",
)

# --------------------------------------------------------------------------- computer_vision
S(
    "computer_vision",
    "Algorithms that let machines interpret images and video.",
    100,
    pre="machine_learning image_processing",
    al="machine vision|computer-vision|visual recognition|image understanding|vision AI",
)
S(
    "image_classification",
    "Assigning a label to a whole image, typically with CNNs or vision transformers.",
    20,
    pre="computer_vision cnn",
    al="image recognition|image classifiers|visual classification",
)
S(
    "object_detection",
    "Locating and classifying objects in images with bounding boxes.",
    30,
    pre="computer_vision cnn",
    rel="instance_segmentation",
    al="object recognition|bounding box detection|Faster R-CNN|R-CNN|DETR|RetinaNet",
)
S(
    "image_segmentation",
    "Assigning a class to every pixel of an image (semantic segmentation).",
    30,
    pre="computer_vision cnn",
    al="semantic segmentation|pixel-wise classification|U-Net|UNet|DeepLab|Segment Anything",
)
S(
    "instance_segmentation",
    "Separating and masking each individual object instance in an image.",
    20,
    pre="image_segmentation object_detection",
    al="Mask R-CNN|panoptic segmentation|instance masks",
)
S(
    "pose_estimation",
    "Estimating human keypoints or an object's 6-DoF pose from images.",
    30,
    pre="computer_vision cnn",
    al="human pose estimation|keypoint detection|OpenPose|6DoF pose estimation|6D pose estimation|MediaPipe Pose",
)
S(
    "object_tracking",
    "Following objects across video frames, including multi-object tracking.",
    25,
    pre="object_detection",
    rel="video_analytics kalman_filters",
    al="multi-object tracking|visual tracking|DeepSORT|ByteTrack",
)
S(
    "ocr",
    "Recognizing printed or handwritten text in images and documents.",
    20,
    pre="computer_vision",
    al="OCR|Tesseract|Tesseract OCR|text recognition|handwriting recognition|handwritten text recognition|document AI",
)
S(
    "image_processing",
    "Filtering, transforming and enhancing images with classical signal-processing operations.",
    40,
    pre="linear_algebra",
    rel="opencv",
    al="digital image processing|image analysis|image enhancement|image filtering",
)
S(
    "video_analytics",
    "Extracting events and insights from video: action recognition, counting and monitoring.",
    30,
    pre="computer_vision",
    rel="object_tracking",
    al="video analysis|video understanding|action recognition|activity recognition|video processing|video AI",
)
S(
    "three_d_vision",
    "Recovering 3D structure from images: stereo, multi-view geometry, depth estimation and NeRFs.",
    60,
    pre="computer_vision",
    rel="point_clouds slam camera_calibration",
    al="3D vision|3D reconstruction|stereo vision|depth estimation|multi-view geometry|structure from motion|NeRF|NeRFs|Gaussian splatting|photogrammetry",
)
S(
    "slam",
    "Simultaneously building a map and localizing a robot or camera within it.",
    60,
    pre="localization_mapping three_d_vision",
    al="simultaneous localization and mapping|simultaneous localisation and mapping|visual SLAM|vSLAM|LiDAR SLAM|ORB-SLAM",
    amb="SLAM",
)
S(
    "opencv",
    "Open-source computer vision library for image processing and classic vision algorithms.",
    20,
    pre="python image_processing",
    al="OpenCV-Python|cv2|Open CV",
)
S(
    "yolo",
    "Family of real-time single-stage object detectors (Ultralytics YOLO and successors).",
    15,
    pre="object_detection pytorch",
    al="YOLOv3|YOLOv4|YOLOv5|YOLOv7|YOLOv8|YOLOv9|YOLOv10|YOLO11|YOLOv11|YOLOX|Ultralytics|Ultralytics YOLO|You Only Look Once",
)
S(
    "vision_transformers",
    "Transformer models applied to image patches (ViT, Swin, DINOv2).",
    25,
    pre="transformers_architecture computer_vision",
    al="ViT|ViTs|vision transformer|Swin Transformer|DeiT|DINOv2",
)
S(
    "diffusion_models",
    "Generative models that learn to reverse a noising process to synthesize images, audio or video.",
    50,
    pre="deep_learning probability",
    rel="gans image_generation",
    al="diffusion model|denoising diffusion|DDPM|DDIM|latent diffusion|score-based generative models|Hugging Face Diffusers",
)
S(
    "image_generation",
    "Creating images from text or other conditions with generative models.",
    30,
    pre="diffusion_models",
    rel="gans stable_diffusion",
    al="text-to-image|text to image|image synthesis|AI image generation|Midjourney|DALL-E|DALL·E",
)
S(
    "medical_imaging",
    "Applying image analysis and ML to CT, MRI, X-ray and digital pathology data.",
    60,
    pre="computer_vision",
    rel="image_segmentation",
    al="medical imaging|medical image segmentation|radiology AI|DICOM|digital pathology|MONAI",
)
S(
    "camera_calibration",
    "Estimating camera intrinsics, lens distortion and extrinsics for accurate geometric vision.",
    15,
    pre="linear_algebra image_processing",
    rel="three_d_vision",
    al="intrinsic calibration|extrinsic calibration|camera intrinsics|lens distortion correction|stereo calibration|hand-eye calibration",
)
S(
    "point_clouds",
    "Processing 3D point data from LiDAR or depth sensors: registration, segmentation and detection.",
    30,
    pre="three_d_vision",
    rel="lidar",
    al="point cloud|3D point clouds|PointNet|Open3D|Point Cloud Library|ICP registration",
)

# --------------------------------------------------------------------------- reinforcement_learning
S(
    "reinforcement_learning",
    "Learning behavior from rewards through interaction with an environment.",
    100,
    pre="machine_learning markov_decision_processes",
    rel="control_theory bandits",
    al="deep reinforcement learning|deep RL|reinforcement-learning",
    amb="RL",
)
S(
    "markov_decision_processes",
    "Formal framework of states, actions, transitions and rewards for sequential decisions.",
    20,
    pre="probability",
    al="MDP|MDPs|Markov decision process|POMDP|POMDPs|Bellman equation|Bellman equations",
)
S(
    "q_learning",
    "Value-based RL that learns action values with temporal-difference updates.",
    15,
    pre="reinforcement_learning",
    al="Q learning|temporal difference learning|TD learning|SARSA",
)
S(
    "deep_q_networks",
    "Q-learning with neural network function approximation (DQN and its variants).",
    20,
    pre="q_learning deep_learning",
    al="DQN|DQNs|Double DQN|deep Q-learning|Rainbow DQN",
)
S(
    "policy_gradients",
    "Optimizing a parameterized policy directly with gradient estimates such as REINFORCE.",
    20,
    pre="reinforcement_learning deep_learning",
    al="policy gradient|policy gradient algorithms|policy optimization|TRPO",
    amb="REINFORCE",
)
S(
    "ppo",
    "Clipped-objective policy-gradient algorithm widely used in RL and RLHF.",
    15,
    pre="actor_critic",
    al="proximal policy optimisation|PPO algorithm",
    amb="PPO",
)
S(
    "actor_critic",
    "Methods that learn a policy (actor) and a value function (critic) together, e.g. A2C, SAC, TD3.",
    20,
    pre="policy_gradients",
    al="actor critic|A2C|A3C|soft actor-critic|TD3|DDPG",
)
S(
    "multi_agent_rl",
    "Learning in environments with several interacting agents, cooperative or competitive.",
    40,
    pre="reinforcement_learning",
    al="MARL|multi-agent RL|multiagent reinforcement learning|multi-agent reinforcement learning",
)
S(
    "model_based_rl",
    "RL that learns or uses a model of the environment's dynamics for planning.",
    40,
    pre="reinforcement_learning deep_learning",
    rel="control_theory",
    al="model-based RL|model-based reinforcement learning|MBRL|world models|MuZero",
)
S(
    "offline_rl",
    "Learning policies from fixed logged datasets without further environment interaction.",
    30,
    pre="reinforcement_learning",
    rel="imitation_learning",
    al="offline RL|offline reinforcement learning|batch reinforcement learning|batch RL|conservative Q-learning",
)
S(
    "bandits",
    "Balancing exploration and exploitation in repeated choices (UCB, Thompson sampling, contextual bandits).",
    20,
    pre="probability",
    rel="ab_testing reinforcement_learning",
    al="multi-armed bandit|multi armed bandits|contextual bandits|contextual bandit|Thompson sampling|upper confidence bound|bandit algorithms",
)
S(
    "rlhf",
    "Aligning language models with human preference data via reward models and RL or DPO-style methods.",
    40,
    pre="reward_modeling ppo",
    rel="instruction_tuning ai_alignment",
    al="RLHF|RLAIF|direct preference optimization|preference optimization|preference tuning|learning from human feedback",
    amb="DPO",
)
S(
    "gymnasium",
    "Standard Python API and environment suite for RL experiments (formerly OpenAI Gym).",
    8,
    pre="reinforcement_learning python",
    rel="stable_baselines3 simulation",
    al="OpenAI Gym|Gym environments|Farama Gymnasium|PettingZoo",
    amb="Gymnasium",
)
S(
    "stable_baselines3",
    "PyTorch library of reliable reinforcement learning algorithm implementations.",
    10,
    pre="reinforcement_learning pytorch",
    rel="gymnasium",
    al="SB3|Stable Baselines|Stable Baselines 3|stable-baselines",
)
S(
    "reward_modeling",
    "Training models that score outputs from learned preferences to provide reward signals.",
    25,
    pre="reinforcement_learning large_language_models",
    al="reward models|reward model|preference modeling|preference modelling|preference models|reward shaping",
)
S(
    "imitation_learning",
    "Learning policies from expert demonstrations (behavior cloning, inverse RL).",
    30,
    pre="reinforcement_learning supervised_learning",
    rel="offline_rl manipulation",
    al="behavior cloning|behaviour cloning|learning from demonstration|learning from demonstrations|LfD|inverse reinforcement learning",
)

# --------------------------------------------------------------------------- generative_ai
S(
    "generative_ai",
    "Building applications and models that generate text, images, code or audio.",
    60,
    pre="deep_learning",
    rel="large_language_models diffusion_models",
    al="GenAI|Gen AI|generative artificial intelligence|generative models|AIGC",
)
S(
    "large_language_models",
    "Very large transformer language models (GPT, Llama, Claude), how they are trained and used.",
    60,
    pre="transformers_architecture language_modeling",
    al="LLM|LLMs|large language model|foundation models|foundation model|GPT|GPT-3|GPT-3.5|GPT-4|GPT-4o|ChatGPT|Llama 2|Llama 3|Mixtral|Qwen|DeepSeek",
    amb="Llama|Mistral|Gemini",
)
S(
    "prompt_engineering",
    "Designing prompts, instructions and few-shot examples that get reliable LLM outputs.",
    20,
    pre="large_language_models",
    rel="llm_evaluation",
    al="prompt design|prompt engineer|few-shot prompting|chain-of-thought prompting|chain-of-thought|in-context learning|prompt optimization",
    amb="Prompting",
)
S(
    "rag",
    "Grounding LLM answers in retrieved documents via embeddings, search and context assembly.",
    30,
    pre="large_language_models semantic_search",
    rel="question_answering vector_databases",
    al="RAG|retrieval augmented generation|RAG pipelines|RAG pipeline|RAG systems|GraphRAG|retrieval-augmented LLMs",
)
S(
    "llm_fine_tuning",
    "Adapting pretrained LLMs to tasks or domains with supervised fine-tuning and related methods.",
    40,
    pre="large_language_models transfer_learning",
    rel="peft_lora instruction_tuning",
    al="LLM finetuning|LLM fine tuning|fine-tuning large language models|supervised fine-tuning|SFT|Unsloth|TRL",
)
S(
    "peft_lora",
    "Fine-tuning large models by training small adapters such as LoRA or QLoRA.",
    15,
    pre="llm_fine_tuning",
    al="PEFT|parameter-efficient fine-tuning|parameter efficient fine-tuning|LoRA fine-tuning|LoRA adapters|QLoRA|low-rank adaptation|adapter tuning|prefix tuning",
    amb="LoRA",
)
S(
    "llm_evaluation",
    "Measuring LLM quality, safety and regressions with benchmarks, evals and LLM-as-judge.",
    30,
    pre="large_language_models model_evaluation",
    rel="red_teaming",
    al="LLM evals|evals|LLM-as-a-judge|LLM as a judge|LLM benchmarking|RAG evaluation|RAGAS",
)
S(
    "ai_agents",
    "Building LLM systems that plan, call tools and APIs, and act over multiple steps.",
    40,
    pre="large_language_models prompt_engineering",
    rel="langchain rag",
    al="AI agents|LLM agents|agentic AI|agentic workflows|tool use|function calling|tool calling|multi-agent systems|autonomous agents|AutoGen|CrewAI|LangGraph|Model Context Protocol",
)
S(
    "langchain",
    "Framework for composing LLM applications from prompts, tools, retrievers and chains.",
    15,
    pre="large_language_models python",
    rel="llamaindex",
    al="LangChain.js|LangSmith|LCEL",
)
S(
    "llamaindex",
    "Data framework for connecting LLMs to documents and building retrieval pipelines.",
    15,
    pre="large_language_models python",
    rel="langchain",
    al="Llama Index|llama_index|GPT Index",
)
S(
    "vector_databases",
    "Databases that index embeddings for fast similarity search (Pinecone, Weaviate, Milvus, FAISS).",
    20,
    pre="embeddings",
    rel="elasticsearch semantic_search",
    al="vector database|vector DB|vector DBs|vector store|vector stores|Pinecone vector database|Weaviate|Milvus|Qdrant|ChromaDB|FAISS|pgvector|approximate nearest neighbor search|ANN search|HNSW",
    amb="Chroma|Pinecone",
)
S(
    "embeddings",
    "Vector representations of text, images or items used for similarity, search and clustering.",
    15,
    pre="representation_learning",
    rel="sentence_embeddings word_embeddings",
    al="embedding models|embedding model|vector embeddings|text embedding models",
)
S(
    "openai_api",
    "Calling OpenAI models (chat, embeddings, assistants) from applications.",
    10,
    pre="large_language_models",
    rel="anthropic_api",
    al="OpenAI|OpenAI SDK|Azure OpenAI|GPT API|GPT-4 API|ChatGPT API|OpenAI Assistants API",
)
S(
    "anthropic_api",
    "Building with Anthropic's Claude models through the Messages API and SDKs.",
    10,
    pre="large_language_models",
    rel="openai_api",
    al="Anthropic|Claude API|Anthropic API|Anthropic SDK|Claude 3|Claude 3.5|Claude Sonnet|Claude Opus|Claude Haiku",
    amb="Claude",
)
S(
    "semantic_search",
    "Retrieving content by meaning using embeddings rather than keywords.",
    20,
    pre="embeddings information_retrieval",
    rel="vector_databases",
    al="vector search|vector similarity search|dense retrieval|neural search|semantic retrieval|similarity search|hybrid search|embedding-based retrieval",
)
S(
    "llm_inference_optimization",
    "Making LLM serving fast and cheap: batching, KV caching, speculative decoding and kernels.",
    40,
    pre="large_language_models gpu_computing model_serving",
    rel="quantization vllm",
    al="LLM inference|LLM serving|inference optimization|inference optimisation|KV cache|KV caching|speculative decoding|continuous batching|PagedAttention|TensorRT-LLM|text-generation-inference|llama.cpp|SGLang",
)
S(
    "vllm",
    "High-throughput open-source LLM serving engine built around PagedAttention.",
    10,
    pre="large_language_models model_serving",
    al="vLLM serving",
)
S(
    "quantization",
    "Reducing weights and activations to low-bit formats (INT8, INT4, GPTQ, AWQ) to speed up inference.",
    20,
    pre="deep_learning",
    rel="model_compression pruning knowledge_distillation",
    al="quantisation|model quantisation|quantized models|INT8 quantization|4-bit quantization|post-training quantization|quantization-aware training|GPTQ|AWQ|GGUF|bitsandbytes",
)
S(
    "multimodal_models",
    "Models that jointly process text, images, audio or video (CLIP, LLaVA, GPT-4V).",
    40,
    pre="large_language_models vision_transformers",
    al="multimodal AI|multi-modal models|multimodal LLMs|vision-language models|vision language models|VLM|VLMs|LLaVA",
    amb="CLIP",
)
S(
    "instruction_tuning",
    "Fine-tuning models on instruction-response data so they follow user requests.",
    15,
    pre="llm_fine_tuning",
    rel="rlhf",
    al="instruction fine-tuning|instruction-tuned models|instruction following|chat fine-tuning",
)
S(
    "guardrails",
    "Constraining LLM inputs and outputs for safety, policy and format with filters and validators.",
    15,
    pre="large_language_models prompt_engineering",
    rel="ai_safety red_teaming",
    al="Guardrails AI|NeMo Guardrails|prompt injection defense|jailbreak prevention|LLM safety filters",
)
S(
    "llmops",
    "Operating LLM applications in production: prompt and version management, evaluation, monitoring and cost.",
    30,
    pre="mlops large_language_models",
    rel="llm_evaluation model_monitoring",
    al="LLM Ops|LLM operations|GenAIOps|prompt management",
)
S(
    "stable_diffusion",
    "Open latent diffusion text-to-image models and their tooling (SDXL, ComfyUI, ControlNet).",
    20,
    pre="diffusion_models",
    rel="image_generation",
    al="SDXL|Stable Diffusion XL|SD 1.5|ComfyUI|Automatic1111|ControlNet|DreamBooth|textual inversion",
)

# --------------------------------------------------------------------------- data_engineering
S(
    "data_engineering",
    "Designing and building systems that collect, store and move data reliably at scale.",
    120,
    pre="etl python",
    rel="data_warehousing",
    al="data pipelines|data pipeline|data infrastructure|data platform|data platform engineering",
)
S(
    "etl",
    "Extracting, transforming and loading data between systems in batch or incremental pipelines.",
    40,
    pre="sql",
    al="ETL|ELT|ETL pipelines|ELT pipelines|ETL/ELT|data integration|extract transform load|Informatica|Talend|SSIS|Fivetran|Airbyte",
)
S(
    "data_modeling",
    "Structuring data into entities, relationships and schemas (normalized, star and snowflake models).",
    40,
    pre="sql",
    al="data modelling|dimensional modeling|dimensional modelling|star schema|snowflake schema|schema design|entity-relationship modeling|Kimball methodology|Data Vault",
)
S(
    "data_warehousing",
    "Designing analytical stores optimized for reporting and BI queries.",
    40,
    pre="data_modeling",
    rel="data_lakes snowflake bigquery",
    al="data warehouse|data warehouses|DWH|EDW|enterprise data warehouse|OLAP",
)
S(
    "data_lakes",
    "Keeping raw data in object storage and layering table formats on it for lakehouse analytics.",
    30,
    pre="data_warehousing",
    rel="delta_lake apache_iceberg databricks",
    al="data lake|data lakehouse|lakehouse|lakehouse architecture|medallion architecture|Amazon S3|S3|ADLS|object storage",
)
S(
    "apache_spark",
    "Distributed engine for large-scale batch and streaming data processing.",
    60,
    pre="sql python",
    rel="apache_flink hadoop databricks",
    al="Spark SQL|Spark Streaming|Spark Structured Streaming|Spark MLlib|MLlib|Spark 3",
    amb="Spark",
)
S(
    "pyspark",
    "Python API for Apache Spark DataFrames and jobs.",
    20,
    pre="apache_spark",
    rel="pandas",
    al="Py Spark|PySpark SQL",
)
S(
    "hadoop",
    "Ecosystem for distributed storage (HDFS) and processing (MapReduce, YARN) on commodity clusters.",
    40,
    pre="linux",
    rel="apache_spark hive",
    al="Apache Hadoop|HDFS|MapReduce|Map Reduce|Hadoop ecosystem|Cloudera|Hortonworks",
)
S(
    "apache_kafka",
    "Distributed event-streaming platform for pub/sub messaging and real-time pipelines.",
    40,
    pre="stream_processing",
    rel="apache_flink",
    al="Kafka|Confluent|Confluent Kafka|Kafka Streams|Kafka Connect|ksqlDB",
)
S(
    "apache_airflow",
    "Python workflow orchestrator that schedules and monitors data pipelines as DAGs.",
    25,
    pre="python etl",
    rel="kubeflow ml_pipelines dbt",
    al="Airflow DAGs|Cloud Composer|Amazon MWAA|MWAA",
    amb="Airflow",
)
S(
    "dbt",
    "SQL-first transformation framework for building tested, documented analytics models.",
    20,
    pre="sql data_modeling",
    rel="data_warehousing",
    al="data build tool|dbt Core|dbt Cloud|dbt models",
)
S(
    "apache_flink",
    "Stateful stream-processing engine for low-latency, event-time computations.",
    40,
    pre="stream_processing",
    rel="apache_kafka apache_spark",
    al="Flink|PyFlink|Flink SQL",
)
S(
    "stream_processing",
    "Processing unbounded event streams continuously with windows, state and delivery guarantees.",
    30,
    pre="data_engineering",
    rel="batch_processing",
    al="real-time data processing|real-time streaming|event streaming|streaming data|data streaming|streaming pipelines|Amazon Kinesis|Kinesis|Google Pub/Sub",
)
S(
    "batch_processing",
    "Processing bounded datasets in scheduled jobs for ETL, reporting and training data.",
    15,
    pre="etl",
    rel="stream_processing",
    al="batch jobs|batch pipelines|batch data processing|batch ETL",
)
S(
    "postgresql",
    "Advanced open-source relational database with rich SQL and extensions.",
    25,
    pre="sql",
    rel="mysql",
    al="Postgres|PostgresSQL|Postgres SQL|psql|PL/pgSQL",
)
S(
    "mysql",
    "Popular open-source relational database for web applications.",
    20,
    pre="sql",
    rel="postgresql",
    al="MariaDB|My SQL",
)
S(
    "nosql",
    "Non-relational databases: document, key-value, wide-column and graph stores.",
    30,
    pre="data_modeling",
    rel="mongodb cassandra redis",
    al="NoSQL|non-relational databases|document databases|key-value stores|graph databases|Neo4j|DynamoDB|Amazon DynamoDB|Couchbase|Firestore",
)
S(
    "mongodb",
    "Document database storing JSON-like records with flexible schemas.",
    20,
    pre="nosql",
    al="Mongo|Mongo DB|MongoDB Atlas",
)
S(
    "cassandra",
    "Wide-column distributed database for high write throughput across data centers.",
    25,
    pre="nosql",
    rel="mongodb",
    al="Cassandra DB|Cassandra database|ScyllaDB|DataStax",
    amb="Cassandra",
)
S(
    "redis",
    "In-memory key-value store used for caching, queues and fast lookups.",
    15,
    pre="nosql",
    al="Redis Cache|ElastiCache|Valkey",
)
S(
    "elasticsearch",
    "Distributed search and analytics engine built on Lucene.",
    25,
    pre="information_retrieval",
    rel="vector_databases",
    al="Elastic Search|Elastic Stack|ELK|ELK stack|OpenSearch|Kibana|Logstash|Lucene|Apache Solr|Solr",
)
S(
    "snowflake",
    "Cloud data warehouse with separate storage and compute.",
    20,
    pre="data_warehousing",
    rel="bigquery redshift databricks",
    al="Snowflake Data Cloud|Snowflake DB|Snowflake data warehouse|SnowSQL|Snowpark",
    amb="Snowflake",
)
S(
    "bigquery",
    "Google Cloud's serverless data warehouse queried with SQL.",
    20,
    pre="data_warehousing gcp",
    rel="snowflake redshift",
    al="BigQuery|Big Query|GBQ|BigQuery ML|BQML",
)
S(
    "redshift",
    "AWS's columnar cloud data warehouse.",
    20,
    pre="data_warehousing aws",
    rel="snowflake bigquery",
    al="AWS Redshift|Redshift Spectrum",
    amb="Redshift",
)
S(
    "databricks",
    "Spark-based lakehouse platform for data engineering, analytics and ML.",
    25,
    pre="apache_spark",
    rel="snowflake",
    al="Databricks Lakehouse|Azure Databricks|Databricks SQL|Unity Catalog|Databricks notebooks",
)
S(
    "delta_lake",
    "Open table format adding ACID transactions and time travel to data lakes.",
    15,
    pre="data_lakes apache_spark",
    rel="apache_iceberg",
    al="Delta tables|Delta table|Delta Live Tables",
)
S(
    "apache_iceberg",
    "Open table format for huge analytic tables with schema evolution and snapshots.",
    15,
    pre="data_lakes",
    rel="delta_lake",
    al="Iceberg tables|Iceberg table format",
    amb="Iceberg",
)
S("duckdb", "Embedded, in-process analytical SQL database.", 8, pre="sql", rel="polars", al="Duck DB|MotherDuck")
S(
    "data_quality",
    "Keeping data accurate, complete, consistent and timely through checks and monitoring.",
    20,
    pre="data_cleaning",
    rel="data_governance",
    al="data validation|data quality checks|data observability|data profiling",
    amb="Great Expectations",
)
S(
    "data_governance",
    "Policies, ownership, lineage and cataloging that make data trustworthy and compliant.",
    30,
    pre="data_quality",
    rel="data_privacy ai_governance",
    al="data stewardship|data catalog|data catalogue|data catalogs|data lineage|metadata management|master data management|Collibra|Alation",
)
S(
    "hive",
    "SQL-on-Hadoop data warehouse system queried with HiveQL.",
    15,
    pre="hadoop sql",
    rel="apache_spark",
    al="HiveQL|Hive SQL|Hive metastore",
    amb="Hive",
)

# --------------------------------------------------------------------------- data_analysis
S(
    "data_analysis",
    "Inspecting, transforming and modeling data to answer questions and support decisions.",
    80,
    pre="statistics",
    rel="exploratory_data_analysis business_intelligence",
    al="data analytics|analyzing data|analysing data|quantitative analysis|data-driven analysis",
)
S(
    "excel",
    "Spreadsheet software for analysis with formulas, pivot tables and quick models.",
    30,
    rel="power_bi",
    al="MS Excel|Microsoft Office Excel|Excel spreadsheets|Excel VBA|VBA|pivot tables|Power Query|spreadsheets|Google Sheets|advanced Excel",
    amb="Excel",
)
S(
    "tableau",
    "Visual analytics tool for building interactive dashboards.",
    25,
    pre="data_visualization",
    rel="power_bi looker",
    al="Tableau Desktop|Tableau Server|Tableau Public|Tableau Prep",
)
S(
    "power_bi",
    "Microsoft's BI tool for data modeling, DAX measures and dashboards.",
    25,
    pre="data_visualization",
    rel="tableau excel",
    al="PowerBI|Power-BI|MS Power BI|Microsoft Power BI|Power BI Desktop",
    amb="DAX",
)
S(
    "looker",
    "Google's BI platform with a semantic modeling layer (LookML).",
    20,
    pre="sql data_visualization",
    rel="tableau power_bi",
    al="LookML|Google Looker|Looker Studio|Google Data Studio|Data Studio",
    amb="Looker",
)
S(
    "business_intelligence",
    "Turning business data into reports, KPIs and dashboards that inform decisions.",
    40,
    pre="data_analysis sql",
    rel="dashboards",
    al="BI reporting|BI tools|business intelligence tools|KPI reporting|Qlik|QlikView|Qlik Sense|MicroStrategy|SSRS",
    amb="BI",
)
S(
    "dashboards",
    "Designing dashboards that surface the right metrics clearly for their audience.",
    20,
    pre="data_visualization",
    rel="tableau power_bi",
    al="dashboards|dashboarding|dashboard development|KPI dashboards|reporting dashboards",
)
S(
    "data_storytelling",
    "Communicating insights as clear narratives with visuals tailored to the audience.",
    20,
    pre="data_visualization communication",
    al="storytelling with data|data narratives|insight communication|data communication",
)
S(
    "web_analytics",
    "Measuring site and app behavior with tools like Google Analytics to improve products.",
    20,
    pre="data_analysis",
    rel="ab_testing",
    al="Google Analytics|GA4|Adobe Analytics|digital analytics|product analytics|Mixpanel|Google Tag Manager",
)
S(
    "spss",
    "IBM's statistical analysis package common in social science and market research.",
    20,
    pre="statistics",
    rel="sas r_lang",
    al="IBM SPSS|SPSS Statistics|IBM SPSS Statistics|SPSS Modeler|PASW",
)

# --------------------------------------------------------------------------- mlops_cloud
S(
    "mlops",
    "Practices and tooling for reliably building, deploying and operating ML systems.",
    80,
    pre="model_deployment ci_cd",
    rel="llmops data_engineering",
    al="ML Ops|ML operations|machine learning operations|ML platform|ML infrastructure",
)
S(
    "model_deployment",
    "Shipping trained models into production services, batch jobs or devices.",
    30,
    pre="machine_learning docker",
    rel="model_serving",
    al="deploying models|deploying ML models|deploying machine learning models|ML deployment|model productionization|productionizing models|productionising models|deployed models|deploy models|deployed ML models|models in production",
)
S(
    "model_serving",
    "Exposing models behind low-latency, scalable inference endpoints.",
    25,
    pre="model_deployment rest_apis",
    rel="bentoml triton_inference_server fastapi",
    al="model inference|inference serving|online inference|real-time inference|inference endpoints|TorchServe|TensorFlow Serving|TF Serving|KServe|Seldon Core",
)
S(
    "model_monitoring",
    "Tracking production model performance, drift and data quality over time.",
    20,
    pre="model_deployment model_evaluation",
    rel="observability",
    al="ML monitoring|drift detection|data drift|concept drift|model drift|Evidently AI|Arize|WhyLabs",
)
S(
    "ml_pipelines",
    "Automating data preparation, training, evaluation and deployment as reproducible pipelines.",
    30,
    pre="machine_learning",
    rel="apache_airflow kubeflow",
    al="ML pipeline|machine learning pipelines|training pipelines|ZenML|Metaflow|Flyte|Kedro",
)
S(
    "experiment_tracking",
    "Logging parameters, metrics and artifacts so ML experiments are comparable and reproducible.",
    10,
    pre="machine_learning",
    rel="mlflow weights_and_biases",
    al="ML experiment tracking|experiment management|Neptune.ai|Comet ML|Comet.ml|TensorBoard",
)
S(
    "mlflow",
    "Open-source platform for experiment tracking, model registry and model packaging.",
    15,
    pre="experiment_tracking python",
    rel="weights_and_biases",
    al="ML Flow|MLflow Tracking|MLflow Model Registry|model registry",
)
S(
    "kubeflow",
    "Kubernetes-native toolkit for ML pipelines, training and serving.",
    30,
    pre="kubernetes ml_pipelines",
    rel="vertex_ai",
    al="Kubeflow Pipelines|KFP",
)
S(
    "weights_and_biases",
    "Hosted platform for experiment tracking, sweeps and artifact management.",
    10,
    pre="experiment_tracking",
    rel="mlflow",
    al="W&B|wandb|Weights and Biases|W&B Sweeps",
)
S(
    "feature_stores",
    "Systems that manage and serve ML features consistently for training and inference.",
    15,
    pre="feature_engineering data_engineering",
    al="feature store|online feature store|Tecton|Hopsworks|Feast feature store",
    amb="Feast",
)
S(
    "data_versioning",
    "Versioning datasets and models alongside code (DVC, lakeFS).",
    10,
    pre="git",
    al="data versioning|DVC|data version control|dataset versioning|lakeFS",
)
S(
    "docker",
    "Packaging applications and their dependencies into portable containers.",
    20,
    pre="linux",
    al="containerization|containerisation|Docker Compose|docker-compose|Dockerfile|Dockerfiles|Docker containers|Podman",
)
S(
    "kubernetes",
    "Orchestrating containerized workloads across clusters.",
    50,
    pre="docker",
    al="k8s|EKS|Amazon EKS|GKE|AKS|Helm charts|OpenShift|kubectl|k3s",
)
S(
    "terraform",
    "HashiCorp's declarative infrastructure-as-code tool.",
    25,
    pre="infrastructure_as_code",
    al="HashiCorp Terraform|Terraform Cloud|OpenTofu",
)
S(
    "infrastructure_as_code",
    "Defining and provisioning infrastructure through versioned code.",
    20,
    pre="cloud_computing",
    rel="ci_cd",
    al="IaC|infrastructure-as-code|CloudFormation|AWS CloudFormation|Pulumi|AWS CDK|Ansible",
)
S(
    "ci_cd",
    "Automating build, test and deployment with continuous integration and delivery pipelines.",
    25,
    pre="git",
    rel="infrastructure_as_code",
    al="CI/CD pipelines|continuous integration|continuous delivery|continuous deployment|CI pipelines|GitHub Actions|GitLab CI|Jenkins CI|Jenkins pipelines|CircleCI|Azure DevOps|DevOps",
    amb="Jenkins",
)
S(
    "aws",
    "Amazon's cloud platform (EC2, S3, Lambda, IAM and many managed services).",
    60,
    pre="cloud_computing",
    rel="azure gcp",
    al="AWS|Amazon AWS|AWS cloud|Amazon EC2|EC2|AWS IAM",
)
S(
    "azure",
    "Microsoft's cloud platform and its managed services.",
    60,
    pre="cloud_computing",
    rel="aws gcp",
    al="Azure|Azure cloud|MS Azure|Azure Data Factory|Azure Synapse",
)
S(
    "gcp",
    "Google's cloud platform and its managed services.",
    60,
    pre="cloud_computing",
    rel="aws azure",
    al="GCP|Google Cloud|Google Compute Engine|Google Cloud Storage|GCS|Cloud Run",
)
S(
    "sagemaker",
    "AWS's managed service for building, training and deploying ML models.",
    20,
    pre="aws machine_learning",
    rel="vertex_ai azure_ml",
    al="SageMaker|AWS SageMaker|SageMaker Studio|SageMaker Pipelines|Amazon SageMaker AI",
)
S(
    "vertex_ai",
    "Google Cloud's unified ML platform for training, tuning and serving models.",
    20,
    pre="gcp machine_learning",
    rel="sagemaker azure_ml",
    al="Vertex AI|Vertex AI Pipelines|Vertex AI Workbench|Google AI Platform",
)
S(
    "azure_ml",
    "Microsoft's managed platform for ML training, MLOps and deployment on Azure.",
    20,
    pre="azure machine_learning",
    rel="sagemaker vertex_ai",
    al="Azure ML|AzureML|Azure Machine Learning Studio|Azure AI Foundry|Azure AI Studio",
)
S(
    "cloud_computing",
    "On-demand compute, storage and managed services delivered over the internet.",
    40,
    al="cloud platforms|cloud services|cloud infrastructure|cloud technologies|cloud architecture|cloud native|cloud-native",
)
S(
    "linux",
    "Working on Linux systems: shell, filesystems, processes, permissions and packages.",
    40,
    rel="bash_shell",
    al="Unix|Ubuntu|Red Hat|RHEL|CentOS|Debian|GNU/Linux|Linux administration|Unix/Linux",
)
S(
    "ray",
    "Python framework for distributed computing, tuning (Ray Tune), training and serving (Ray Serve).",
    25,
    pre="python",
    rel="apache_spark distributed_training",
    al="Ray framework|Ray Tune|Ray Serve|Ray Train|Ray Data|RLlib|Anyscale|Ray cluster",
    amb="Ray",
)
S(
    "onnx",
    "Open format for representing ML models so they can move between frameworks and runtimes.",
    10,
    pre="deep_learning",
    rel="tensorrt",
    al="Open Neural Network Exchange|ONNX export|ONNX models",
)
S(
    "triton_inference_server",
    "NVIDIA's multi-framework inference server for high-throughput GPU model serving.",
    20,
    pre="model_serving gpu_computing",
    rel="tensorrt bentoml",
    al="Triton Inference Server|NVIDIA Triton|Triton server",
    amb="Triton",
)
S(
    "bentoml",
    "Framework for packaging models into production-ready API services.",
    10,
    pre="model_serving",
    rel="triton_inference_server",
    al="Bento ML|BentoCloud",
)
S(
    "serverless",
    "Running code on managed, event-driven compute without managing servers.",
    15,
    pre="cloud_computing",
    al="serverless|AWS Lambda|Lambda functions|Azure Functions|Google Cloud Functions|Cloud Functions|FaaS|function as a service",
)
S(
    "observability",
    "Instrumenting systems with metrics, logs and traces to understand and debug production.",
    20,
    pre="linux",
    rel="model_monitoring",
    al="observability|monitoring and observability|logging and monitoring|distributed tracing|OpenTelemetry|Prometheus|Grafana|Datadog|New Relic|Splunk",
)

# --------------------------------------------------------------------------- edge_ai
S(
    "edge_ai",
    "Running ML inference on devices close to the data: phones, cameras, gateways and embedded boards.",
    60,
    pre="deep_learning model_compression",
    rel="federated_learning",
    al="edge computing|on-device AI|on-device ML|on-device inference|edge inference|edge ML|AI at the edge|embedded AI|embedded ML",
)
S(
    "tinyml",
    "Machine learning on microcontrollers with only kilobytes of memory.",
    30,
    pre="edge_ai microcontrollers",
    al="TensorFlow Lite Micro|TFLite Micro|TFLM|LiteRT Micro|Edge Impulse|microcontroller ML",
)
S(
    "tensorflow_lite",
    "Google's runtime for on-device inference on mobile and embedded hardware, now called LiteRT.",
    15,
    pre="tensorflow",
    rel="core_ml onnx_runtime",
    al="TensorFlow Lite|TF Lite|TFLite|LiteRT",
)
S(
    "tensorrt",
    "NVIDIA SDK that optimizes and compiles networks for fast GPU inference.",
    20,
    pre="deep_learning gpu_computing",
    rel="openvino onnx_runtime",
    al="NVIDIA TensorRT|Torch-TensorRT",
)
S(
    "openvino",
    "Intel's toolkit for optimizing and deploying inference on Intel CPUs, GPUs and NPUs.",
    15,
    pre="deep_learning",
    rel="tensorrt",
    al="Intel OpenVINO|OpenVINO toolkit",
)
S(
    "model_compression",
    "Shrinking models for faster, cheaper inference via quantization, pruning, distillation and factorization.",
    30,
    pre="deep_learning",
    rel="quantization pruning knowledge_distillation",
    al="network compression|neural network compression|model optimisation for inference|efficient inference",
)
S(
    "knowledge_distillation",
    "Training a small student model to mimic a larger teacher model.",
    15,
    pre="deep_learning",
    rel="model_compression",
    al="model distillation|teacher-student training|student-teacher models",
)
S(
    "pruning",
    "Removing redundant weights, neurons or channels to make networks smaller and faster.",
    10,
    pre="deep_learning",
    al="weight pruning|network pruning|structured pruning|neural network pruning",
    amb="Pruning",
)
S(
    "embedded_systems",
    "Writing software for resource-constrained hardware with real-time constraints.",
    100,
    pre="microcontrollers",
    rel="edge_ai",
    al="embedded software|embedded programming|embedded development|firmware|firmware development|RTOS|real-time operating systems|FreeRTOS|embedded Linux",
)
S(
    "microcontrollers",
    "Programming MCUs such as ARM Cortex-M, STM32, ESP32 and Arduino boards.",
    40,
    pre="c_lang",
    al="microcontroller|MCUs|Arduino|STM32|ESP32|ARM Cortex-M|Raspberry Pi Pico|AVR microcontrollers|PIC microcontrollers",
    amb="MCU",
)
S(
    "nvidia_jetson",
    "NVIDIA's embedded GPU modules (Jetson Nano, Xavier, Orin) for edge AI.",
    20,
    pre="edge_ai",
    rel="tensorrt",
    al="Jetson|Jetson Nano|Jetson Xavier|Jetson Orin|Jetson AGX|JetPack",
)
S(
    "fpga",
    "Designing custom digital logic and accelerators on programmable hardware with HDLs.",
    100,
    pre="embedded_systems",
    al="FPGAs|field-programmable gate array|field-programmable gate arrays|field programmable gate arrays|Verilog|VHDL|SystemVerilog|high-level synthesis|Xilinx|Vivado",
)
S(
    "core_ml",
    "Apple's framework for running ML models on iOS and macOS devices.",
    15,
    pre="mobile_development",
    rel="tensorflow_lite",
    al="CoreML|Apple Core ML|coremltools",
    amb="Core ML",
)
S(
    "onnx_runtime",
    "Cross-platform engine for running ONNX models on CPUs, GPUs and accelerators.",
    10,
    pre="onnx",
    rel="tensorrt openvino",
    al="ONNXRuntime",
)

# --------------------------------------------------------------------------- robotics
S(
    "robotics",
    "Designing and programming robots that sense, plan and act in the physical world.",
    150,
    pre="linear_algebra python",
    al="robot programming|robotic systems|robotics engineering|robot software",
)
S(
    "ros",
    "Robot Operating System middleware for building modular robot software.",
    60,
    pre="robotics linux",
    rel="simulation",
    al="ROS|ROS 2|ROS2|ROS1|Robot Operating System|rclpy|rospy|roscpp",
)
S(
    "motion_planning",
    "Computing feasible, collision-free paths and trajectories (RRT, A*, trajectory optimization).",
    50,
    pre="robotics algorithms_data_structures",
    rel="manipulation",
    al="path planning|trajectory planning|trajectory optimization|RRT|RRT*|A* search|MoveIt|OMPL",
)
S(
    "control_theory",
    "Designing feedback controllers (PID, LQR, MPC) that keep dynamic systems stable and on target.",
    100,
    pre="linear_algebra multivariable_calculus",
    al="control systems|control engineering|controls engineering|feedback control|PID control|PID controllers|MPC|model predictive control|LQR|optimal control",
)
S(
    "kinematics",
    "Forward and inverse kinematics and dynamics of robot arms and mobile bases.",
    40,
    pre="linear_algebra calculus",
    rel="manipulation",
    al="robot kinematics|robot dynamics|kinematics|inverse kinematics|forward kinematics|rigid body dynamics",
)
S(
    "sensor_fusion",
    "Combining camera, LiDAR, IMU and GPS data into one consistent state estimate.",
    40,
    pre="kalman_filters",
    rel="localization_mapping",
    al="multi-sensor fusion|sensor data fusion|IMU fusion|state estimation|data fusion",
)
S(
    "kalman_filters",
    "Recursive estimators (KF, EKF, UKF) and particle filters for tracking state from noisy measurements.",
    25,
    pre="probability linear_algebra",
    rel="object_tracking",
    al="Kalman filter|Kalman filtering|extended Kalman filter|EKF|unscented Kalman filter|UKF|particle filters|particle filter|Bayesian filtering",
)
S(
    "localization_mapping",
    "Estimating a robot's pose and building maps of its surroundings.",
    40,
    pre="robotics kalman_filters",
    rel="sensor_fusion",
    al="robot localization|robot localisation|occupancy grid mapping|Monte Carlo localization|AMCL|odometry|visual odometry",
)
S(
    "autonomous_vehicles",
    "Perception, prediction, planning and control for self-driving cars and drones.",
    120,
    pre="robot_perception motion_planning",
    rel="lidar sensor_fusion",
    al="self-driving cars|self-driving|autonomous driving|driverless cars|ADAS|autonomous systems|AV stack",
)
S(
    "robot_perception",
    "Using cameras, depth sensors and LiDAR to detect, segment and track objects for robots.",
    50,
    pre="robotics computer_vision",
    rel="point_clouds",
    al="robotic perception|perception systems|perception stack|robot vision",
)
S(
    "simulation",
    "Simulating robots, sensors and environments for development and training (Gazebo, Isaac Sim, MuJoCo).",
    30,
    pre="robotics",
    rel="gymnasium ros",
    al="robotics simulation|robot simulation|Isaac Sim|NVIDIA Isaac|MuJoCo|PyBullet|Webots|CoppeliaSim|sim-to-real|sim2real|Gazebo simulator",
    amb="Gazebo|CARLA",
)
S(
    "lidar",
    "Working with LiDAR sensors and their 3D range data.",
    20,
    pre="point_clouds",
    rel="sensor_fusion",
    al="LiDAR sensors|LiDAR data|laser scanning|Velodyne|Velodyne LiDAR",
)
S(
    "manipulation",
    "Grasping and manipulating objects with robot arms, including grasp planning and control.",
    60,
    pre="kinematics motion_planning",
    rel="imitation_learning",
    al="robot manipulation|grasp planning|pick and place|pick-and-place|robot arms|robotic arms|dexterous manipulation",
)

# --------------------------------------------------------------------------- quantum_ml
S(
    "quantum_computing",
    "Computing with qubits, superposition and entanglement on quantum hardware or simulators.",
    100,
    pre="linear_algebra probability",
    rel="quantum_information",
    al="quantum computation|quantum computers|quantum programming|quantum software",
)
S(
    "quantum_machine_learning",
    "Using quantum circuits or algorithms for ML tasks, and ML for quantum systems.",
    60,
    pre="variational_quantum_algorithms machine_learning",
    al="quantum ML|quantum neural networks|quantum kernels|quantum machine learning models",
    amb="QML",
)
S(
    "quantum_algorithms",
    "Algorithms such as Grover, Shor, QFT, phase estimation and amplitude amplification.",
    60,
    pre="quantum_circuits",
    al="Shor's algorithm|Grover's algorithm|quantum Fourier transform|QFT|quantum phase estimation|HHL algorithm",
)
S(
    "quantum_circuits",
    "Building and analyzing gate-based quantum circuits and compiling them to hardware.",
    30,
    pre="quantum_computing",
    al="quantum circuit|quantum gates|quantum logic gates|quantum circuit design",
)
S(
    "variational_quantum_algorithms",
    "Hybrid quantum-classical methods like VQE and QAOA that optimize parameterized circuits.",
    40,
    pre="quantum_circuits optimization",
    al="VQE|variational quantum eigensolver|QAOA|quantum approximate optimization algorithm|parameterized quantum circuits",
)
S(
    "qiskit",
    "IBM's open-source SDK for building and running quantum circuits.",
    20,
    pre="quantum_circuits python",
    rel="cirq pennylane",
    al="IBM Qiskit|Qiskit Runtime|Qiskit Machine Learning",
)
S(
    "pennylane",
    "Xanadu's library for differentiable quantum programming and quantum ML.",
    15,
    pre="quantum_circuits python",
    rel="qiskit cirq",
    al="Xanadu PennyLane",
)
S(
    "cirq",
    "Google's Python framework for writing and simulating quantum circuits.",
    15,
    pre="quantum_circuits python",
    rel="qiskit pennylane",
    al="Google Cirq|TensorFlow Quantum",
)
S(
    "quantum_information",
    "Qubits, entanglement, density matrices, quantum channels and quantum entropy.",
    60,
    pre="quantum_computing information_theory",
    al="quantum information science|quantum entanglement|quantum error correction",
)

# --------------------------------------------------------------------------- ai_ethics_governance
S(
    "ai_ethics",
    "Reasoning about the societal impact, fairness, accountability and transparency of AI systems.",
    30,
    rel="responsible_ai ai_fairness",
    al="ethical AI|ethics of AI|ethics in AI|AI ethics frameworks|trustworthy AI|machine ethics",
)
S(
    "responsible_ai",
    "Putting ethical AI principles into practice across the model lifecycle.",
    30,
    pre="ai_ethics machine_learning",
    rel="ai_governance",
    al="responsible AI practices|responsible machine learning|trustworthy ML",
)
S(
    "ai_fairness",
    "Measuring and mitigating bias across groups in data and models.",
    30,
    pre="ai_ethics model_evaluation",
    al="AI fairness|algorithmic fairness|fairness in machine learning|fairness in ML|ML fairness|model fairness|bias mitigation|bias detection|algorithmic bias|Fairlearn|AI Fairness 360|AIF360",
)
S(
    "ai_safety",
    "Preventing harmful or unintended behavior of AI systems, from robustness to misuse.",
    60,
    pre="machine_learning ai_ethics",
    rel="ai_alignment red_teaming",
    al="AI safety research|ML safety|safety evaluations|frontier AI safety",
)
S(
    "ai_alignment",
    "Making AI systems pursue intended goals and values, including scalable oversight.",
    80,
    pre="ai_safety large_language_models",
    rel="rlhf interpretability",
    al="alignment research|value alignment|LLM alignment|scalable oversight|constitutional AI",
)
S(
    "interpretability",
    "Reverse-engineering the internal mechanisms of neural networks (circuits, features, probing).",
    80,
    pre="transformers_architecture",
    rel="explainable_ai ai_alignment",
    al="mech interp|mechinterp|circuit analysis|sparse autoencoders|SAEs|probing classifiers|activation patching|TransformerLens",
)
S(
    "ai_governance",
    "Organizational policies, roles and controls for how AI is built, bought and used.",
    40,
    pre="responsible_ai",
    rel="ai_risk_management data_governance ai_policy",
    al="AI governance frameworks|model governance|ML governance|AI compliance|ISO/IEC 42001|ISO 42001|AI management system",
)
S(
    "ai_risk_management",
    "Identifying, assessing and mitigating risks from AI systems across their lifecycle.",
    30,
    pre="ai_governance",
    rel="model_auditing",
    al="AI risk|AI risk assessment|model risk management|algorithmic impact assessment|AI impact assessment",
)
S(
    "eu_ai_act",
    "The EU regulation that classifies AI systems by risk and sets obligations for providers and deployers.",
    20,
    pre="ai_governance",
    rel="gdpr nist_ai_rmf",
    al="AI Act|European AI Act|Artificial Intelligence Act|EU Artificial Intelligence Act|Regulation (EU) 2024/1689",
)
S(
    "nist_ai_rmf",
    "NIST's voluntary framework for governing, mapping, measuring and managing AI risk.",
    15,
    pre="ai_risk_management",
    rel="eu_ai_act",
    al="NIST AI RMF|AI RMF|NIST AI 100-1",
)
S(
    "data_privacy",
    "Protecting personal data through minimization, consent, access control and privacy engineering.",
    25,
    rel="gdpr differential_privacy",
    al="data protection|information privacy|privacy engineering|privacy by design|PII protection|PII handling|CCPA|HIPAA|HIPAA compliance",
)
S(
    "gdpr",
    "The EU General Data Protection Regulation and its rules for processing personal data.",
    15,
    pre="data_privacy",
    rel="eu_ai_act",
    al="General Data Protection Regulation|EU GDPR|UK GDPR|DSGVO|RGPD",
)
S(
    "differential_privacy",
    "Mathematical privacy guarantees from calibrated noise (DP-SGD, privacy budgets).",
    30,
    pre="probability data_privacy",
    rel="federated_learning",
    al="DP-SGD|differentially private|differentially private training|privacy-preserving machine learning|PPML|Opacus",
)
S(
    "model_auditing",
    "Independently assessing models for performance, bias, robustness and compliance.",
    30,
    pre="model_evaluation ai_fairness",
    rel="ai_risk_management model_cards",
    al="AI auditing|AI audit|AI audits|algorithmic auditing|algorithmic audits|model audits|model audit",
)
S(
    "red_teaming",
    "Adversarially probing AI systems to find harmful, unsafe or exploitable behavior.",
    30,
    pre="large_language_models ai_safety",
    rel="adversarial_ml llm_evaluation",
    al="red teaming|red-teaming|LLM red teaming|red team testing|adversarial testing|jailbreak testing",
)
S(
    "adversarial_ml",
    "Attacks and defenses around adversarial examples, data poisoning, evasion and model extraction.",
    40,
    pre="deep_learning",
    rel="security_engineering red_teaming",
    al="adversarial attacks|adversarial examples|adversarial robustness|data poisoning|model robustness|AI security|ML security",
)
S(
    "ai_policy",
    "Analyzing and shaping public policy and regulation on AI.",
    40,
    pre="ai_ethics",
    rel="ai_governance eu_ai_act",
    al="AI regulation|AI public policy|AI policy analysis|technology policy|tech policy",
)
S(
    "model_cards",
    "Documenting a model's intended use, data, evaluation results and limitations.",
    8,
    pre="responsible_ai",
    rel="technical_writing",
    al="model cards|model card|datasheets for datasets|data cards|system cards|AI documentation",
)

# --------------------------------------------------------------------------- software_engineering
S(
    "software_engineering",
    "Designing, building, testing and maintaining reliable software systems.",
    200,
    pre="algorithms_data_structures",
    rel="backend_development",
    al="software development|software engineering practices|computer programming|software design|SDLC|software development lifecycle|software development life cycle|software engineer|software engineers|software developer|software developers",
    amb="Programming|Coding",
)
S(
    "algorithms_data_structures",
    "Core data structures and algorithm design and analysis: complexity, sorting, graphs, dynamic programming.",
    120,
    rel="discrete_mathematics",
    al="data structures and algorithms|data structures|algorithm design|dynamic programming|Big O|complexity analysis|LeetCode",
    amb="Algorithms|DSA",
)
S(
    "object_oriented_programming",
    "Structuring code with classes, encapsulation, inheritance and polymorphism.",
    30,
    rel="design_patterns",
    al="OOP|object oriented programming|object-oriented design|object oriented design|SOLID principles",
)
S(
    "system_design",
    "Architecting scalable services: components, data stores, caching, queues and trade-offs.",
    80,
    pre="software_engineering distributed_systems",
    rel="microservices",
    al="systems design|system architecture|software architecture|scalable systems design|large-scale system design|solution architecture",
)
S(
    "distributed_systems",
    "Building systems of networked machines that handle consistency, partitioning and failure.",
    100,
    pre="software_engineering concurrency",
    rel="microservices",
    al="distributed computing|distributed architectures|consensus algorithms|Paxos|CAP theorem",
)
S(
    "microservices",
    "Structuring applications as small, independently deployable services.",
    30,
    pre="rest_apis docker",
    rel="system_design",
    al="microservice|micro-services|microservices architecture|service-oriented architecture|SOA",
)
S(
    "rest_apis",
    "Building and consuming HTTP/JSON APIs that follow REST conventions.",
    20,
    rel="graphql grpc",
    al="RESTful|RESTful APIs|RESTful API|REST API|RESTful services|RESTful web services|REST services|web APIs|HTTP APIs",
    amb="REST",
)
S(
    "fastapi",
    "Modern async Python web framework for building typed APIs.",
    15,
    pre="python rest_apis",
    rel="flask django",
    al="Fast API",
)
S(
    "flask",
    "Lightweight Python web micro-framework.",
    15,
    pre="python",
    rel="fastapi django",
    al="Flask framework|Python Flask|Flask-RESTful|Flask API",
    amb="Flask",
)
S(
    "django",
    "Batteries-included Python web framework with an ORM and admin.",
    40,
    pre="python web_development",
    rel="flask fastapi",
    al="Django REST Framework|DRF|Django framework|Django ORM",
)
S(
    "git",
    "Distributed version control for tracking and collaborating on code.",
    15,
    al="GitHub|GitLab|Bitbucket|version control|source control|version control systems|Git workflows",
)
S(
    "unit_testing",
    "Writing automated tests for small units of code to catch regressions early.",
    20,
    rel="code_review ci_cd",
    al="unit tests|pytest|JUnit|unittest|test-driven development|TDD|automated testing|software testing|integration testing",
)
S(
    "code_review",
    "Reviewing teammates' changes for correctness, readability and design.",
    10,
    pre="git",
    rel="unit_testing",
    al="code reviews|peer code review|pull request reviews|PR reviews",
)
S(
    "design_patterns",
    "Reusable object-oriented solutions such as factory, observer and strategy.",
    25,
    pre="object_oriented_programming",
    rel="system_design",
    al="software design patterns|GoF design patterns|Gang of Four patterns",
)
S(
    "agile",
    "Iterative, incremental delivery of software in short cycles with frequent feedback.",
    15,
    rel="scrum",
    al="Agile methodology|Agile development|agile software development|Agile practices|Kanban|Lean software development",
    amb="Agile",
)
S(
    "scrum",
    "Agile framework of sprints, roles and ceremonies for team delivery.",
    10,
    pre="agile",
    rel="project_management",
    al="Scrum Master|ScrumMaster|Scrum methodology|Scrum framework|sprint planning",
)
S(
    "web_development",
    "Building websites and web apps with HTML, CSS, JavaScript and server frameworks.",
    80,
    pre="javascript",
    rel="backend_development",
    al="web dev|web programming|web applications|web app development|HTML|HTML5|CSS|CSS3|front-end development|frontend development|full-stack development|full stack development",
)
S(
    "react",
    "JavaScript library for building component-based user interfaces.",
    40,
    pre="javascript",
    al="React.js|ReactJS|React JS|React Native|React Hooks|Redux|Next.js|NextJS",
    amb="React",
)
S(
    "nodejs",
    "JavaScript runtime for server-side applications.",
    30,
    pre="javascript",
    al="NodeJS|Node JS|Express.js|ExpressJS|npm",
    amb="Node",
)
S(
    "grpc",
    "High-performance RPC framework using Protocol Buffers over HTTP/2.",
    10,
    pre="api_design",
    rel="graphql",
    al="Protocol Buffers|protobuf|protobufs",
)
S(
    "graphql",
    "Query language and runtime for flexible, strongly typed APIs.",
    15,
    pre="api_design",
    rel="grpc",
    al="GraphQL APIs|Apollo GraphQL|Apollo Server",
)
S(
    "performance_optimization",
    "Profiling and speeding up code, queries and systems to meet latency and cost targets.",
    40,
    pre="software_engineering",
    rel="concurrency",
    al="performance tuning|performance engineering|code optimization|code optimisation|latency optimization|query optimization|performance profiling",
)
S(
    "concurrency",
    "Writing correct concurrent and parallel code with threads, async I/O and multiprocessing.",
    40,
    pre="software_engineering",
    rel="distributed_systems",
    al="concurrency|parallel programming|parallel computing|multithreading|multi-threading|multiprocessing|asynchronous programming|async programming|asyncio|concurrent programming|OpenMP|MPI",
)
S(
    "security_engineering",
    "Building secure systems: threat modeling, authentication, encryption and secure coding.",
    80,
    pre="software_engineering",
    rel="adversarial_ml data_privacy",
    al="application security|AppSec|cybersecurity|cyber security|secure coding|information security|InfoSec|threat modeling|threat modelling|OWASP|DevSecOps",
)
S(
    "api_design",
    "Designing clear, consistent, versioned interfaces for services and libraries.",
    20,
    pre="rest_apis",
    al="API development|API architecture|OpenAPI|OpenAPI specification|API-first design|API versioning",
)
S(
    "backend_development",
    "Building the server-side logic, data access and APIs behind applications.",
    80,
    pre="rest_apis sql",
    rel="web_development microservices",
    al="back-end development|backend engineering|back-end engineering|server-side development|server-side programming|backend services|backend engineer|back-end engineer|backend developer|back-end developer",
)
S(
    "mobile_development",
    "Building native or cross-platform apps for iOS and Android.",
    100,
    rel="kotlin swift_lang",
    al="mobile app development|mobile apps|mobile applications|iOS development|Android development|cross-platform mobile development",
    amb="Flutter",
)

S(
    "dotnet",
    "Microsoft's runtime and libraries for building web services and applications (ASP.NET, .NET Core).",
    60,
    pre="csharp",
    rel="java",
    al=".NET|.NET Core|.NET Framework|ASP.NET|ASP.NET Core|Dot Net|dotnet",
)

# --------------------------------------------------------------------------- soft_skills_leadership
S(
    "communication",
    "Conveying ideas clearly to technical and non-technical audiences, in speech and writing.",
    40,
    al="communication skills|verbal communication|written communication|oral communication|interpersonal communication",
)
S(
    "technical_writing",
    "Writing clear documentation, design docs and guides for technical readers.",
    30,
    pre="communication",
    al="technical documentation|writing technical documentation|design documents|design docs|API documentation|docs-as-code",
)
S(
    "presentation_skills",
    "Presenting work and ideas confidently to an audience, with clear slides and narrative.",
    20,
    pre="communication",
    al="public speaking|presentations|conference talks|speaking at conferences|slide decks",
)
S(
    "teamwork",
    "Working effectively with others toward shared goals.",
    20,
    al="teamwork|team work|team player|collaboration|collaborative work|working in teams|team collaboration",
)
S(
    "leadership",
    "Setting direction, motivating people and taking ownership of outcomes.",
    100,
    pre="communication",
    al="team leadership|technical leadership|tech lead|thought leadership|leading teams|team lead|leadership skills",
)
S(
    "people_management",
    "Managing direct reports: goals, feedback, performance reviews and growth.",
    80,
    pre="leadership",
    al="team management|managing teams|line management|managing people|staff management|direct reports|engineering management",
)
S(
    "mentoring",
    "Guiding less experienced colleagues to grow their skills and careers.",
    20,
    pre="communication",
    al="mentorship|coaching|mentored|mentoring junior engineers|mentoring junior developers",
)
S(
    "project_management",
    "Planning scope, schedule, resources and risks to deliver projects on time.",
    60,
    al="program management|programme management|project planning|project delivery|project coordination|PMP|PRINCE2|Jira|Microsoft Project",
)
S(
    "product_management",
    "Deciding what to build and why: user problems, priorities, requirements and success metrics.",
    80,
    rel="stakeholder_management user_research",
    al="product manager|product ownership|product owner|product strategy|product discovery|product requirements|PRDs",
)
S(
    "stakeholder_management",
    "Aligning expectations and keeping the trust of the people affected by your work.",
    30,
    pre="communication",
    al="stakeholder engagement|stakeholder communication|managing stakeholders|stakeholder relations|expectation management",
)
S(
    "problem_solving",
    "Breaking down ill-defined problems and finding workable solutions.",
    40,
    al="problem-solving|complex problem solving|analytical problem solving|solution-oriented|troubleshooting",
)
S(
    "critical_thinking",
    "Weighing evidence and arguments rigorously before drawing conclusions.",
    30,
    al="analytical thinking|critical reasoning|logical reasoning|analytical reasoning|analytical skills",
)
S(
    "research_methodology",
    "Designing rigorous studies: questions, hypotheses, experiments, baselines and analysis.",
    60,
    pre="statistics",
    al="research methods|scientific method|experimental design|design of experiments|research design|empirical research|scientific research",
)
S(
    "scientific_writing",
    "Writing and publishing research papers and handling peer review.",
    60,
    pre="research_methodology",
    al="scientific writing|academic writing|research papers|writing research papers|scientific publishing|academic publishing|peer-reviewed publications|peer review|LaTeX",
)
S(
    "business_acumen",
    "Understanding how the business makes money and linking technical work to value.",
    60,
    al="commercial awareness|commercial acumen|business sense|business understanding|business strategy|ROI analysis",
)
S(
    "domain_expertise",
    "Deep knowledge of an application domain such as finance, healthcare or retail.",
    200,
    rel="business_acumen",
    al="subject matter expertise|subject-matter expertise|domain knowledge|industry knowledge|industry expertise",
)
S(
    "hiring",
    "Recruiting, interviewing and building effective teams.",
    30,
    pre="people_management",
    al="technical interviewing|hiring engineers|team building|building teams|hiring and onboarding",
)
S(
    "strategic_planning",
    "Setting long-term goals and choosing the initiatives and investments that reach them.",
    60,
    pre="business_acumen",
    al="strategic thinking|technology strategy|AI strategy|data strategy|long-term planning|OKRs|strategic roadmap",
)
S(
    "roadmapping",
    "Turning strategy into a sequenced, communicated product or technical roadmap.",
    20,
    pre="product_management strategic_planning",
    al="roadmapping|roadmaps|product roadmaps|product roadmap|roadmap planning|technical roadmap|technology roadmap",
)
S(
    "user_research",
    "Learning user needs through interviews, usability tests and surveys.",
    40,
    al="UX research|usability testing|user interviews|customer interviews|user studies|user testing|design research|customer discovery",
)
S(
    "cross_functional_collaboration",
    "Working across engineering, product, design, data and business teams to deliver outcomes.",
    20,
    pre="teamwork communication",
    al="cross-functional teams|cross-functional team|cross functional teams|cross-team collaboration|interdisciplinary collaboration|multidisciplinary teams",
)
S(
    "time_management",
    "Prioritizing and organizing work to meet deadlines.",
    15,
    al="prioritization|prioritisation|organizational skills|organisational skills|meeting deadlines|deadline management",
)
S(
    "adaptability",
    "Adjusting quickly to new tools, priorities and environments.",
    10,
    al="adaptable|fast learner|quick learner|learning agility|adapting to change|adaptability and flexibility",
)
S(
    "attention_to_detail",
    "Producing careful, accurate work and catching small errors.",
    10,
    al="detail-oriented|detail oriented|eye for detail|meticulous|thoroughness",
)
S(
    "teaching",
    "Explaining concepts and designing learning experiences for students or colleagues.",
    40,
    pre="communication",
    al="teaching|lecturing|tutoring|teaching assistant|instructional design|curriculum development|course development|corporate training|training delivery",
)

# --------------------------------------------------------------------------- ESCO v1.1.1 links
# id -> (concept UUID, preferredLabel expected in skills_en.csv.gz). Only close matches are linked.
ESCO: dict[str, tuple[str, str]] = {
    "python": ("ccd0a1d9-afda-43d9-b901-96344886e14d", "Python (computer programming)"),
    "r_lang": ("51586df8-1c46-4b47-8583-773cb63bf00b", "R"),
    "sql": ("598de5b0-5b58-4ea7-8058-a4bc4d18c742", "SQL"),
    "java": ("19a8293b-8e95-4de3-983f-77484079c389", "Java (computer programming)"),
    "scala": ("ffddfc7c-a9dd-449f-9e96-882dc447c8b6", "Scala"),
    "cpp": ("b633eb55-8f1f-4ae6-ab4c-2022ffe2cb7f", "C++"),
    "csharp": ("4c016b68-4116-468c-9dc6-42710c239e4a", "C#"),
    "dotnet": ("56a7f561-1d55-43c9-9cd7-36a0a9bc6c50", "ASP.NET"),
    "javascript": ("3cd569a2-4f88-4c1e-9995-8dce8c5e51a7", "JavaScript"),
    "typescript": ("867137fb-ff1b-4ca3-99f3-cb6969aa2c68", "TypeScript"),
    "matlab": ("c3a03c5a-c260-4c26-9b9a-873abb396f4d", "MATLAB"),
    "swift_lang": ("be80acfc-b6f2-4411-9b8d-b19d9cd2556a", "Swift (computer programming)"),
    "sas": ("04f1b938-d4d4-4cb1-a863-982af76b9d93", "SAS language"),
    "probability": ("b758675a-b03b-4e4b-897c-57ca14b1a3d0", "probability theory"),
    "statistics": ("7ee4c2ea-b349-4bd2-81a3-ec31475d4833", "statistics"),
    "machine_learning": ("3a2d5b45-56e4-4f5a-a55a-4a4a65afdc43", "machine learning"),
    "dimensionality_reduction": ("3e2ab38a-4519-4bef-b762-a8bf4836a775", "perform dimensionality reduction"),
    "recommender_systems": ("505e4ef3-7ce4-437d-b7b4-5c608f71c258", "build recommender systems"),
    "time_series_forecasting": ("be727774-46d7-43d7-aee9-1a51b5cd8c71", "carry out statistical forecasts"),
    "data_visualization": ("c3e36d05-8ae8-447f-bb2b-6f9409f85389", "deliver visual presentation of data"),
    "data_cleaning": ("50b100ea-74fd-4706-99db-3e4ca55e51b8", "perform data cleansing"),
    "predictive_modeling": ("38d49d88-9069-467b-b29e-3cae739bdd4d", "build predictive models"),
    "deep_learning": ("ecc4552a-92c5-4222-b18d-faf5ac841080", "deep learning"),
    "neural_networks": ("5608d5a0-6d5e-43b7-be37-616501729bb4", "artificial neural networks"),
    "nlp": ("fff0e2cd-d0bd-4b02-9daf-158b79d9688a", "natural language processing"),
    "machine_translation": ("32a2c63d-2d13-4784-abb8-678ef2cd8a46", "machine translation"),
    "information_extraction": ("696e3b5b-8b61-45af-ae4c-3ab700f197ec", "information extraction"),
    "speech_recognition": ("2af29864-c941-40a5-ae7b-2b6c4b92c0d7", "speech recognition"),
    "computer_vision": ("7b0d5000-00da-4864-b776-6de49a87a669", "computer vision"),
    "ocr": ("12c82224-6394-4c3c-9831-2a8198ed1274", "optical character recognition software"),
    "image_processing": ("945b8655-5577-4c3a-946a-842d4527afa8", "digital image processing"),
    "etl": ("9d0d89be-bffa-4393-b6f6-8d05bea49051", "data extraction, transformation and loading tools"),
    "data_modeling": ("fecf8a0d-62c4-4e71-9b03-0f4fc2ad7bf5", "data models"),
    "data_warehousing": ("3ec2e4d6-7000-4905-bf1a-c5b1679416de", "data warehouse"),
    "hadoop": ("e46291c7-52b9-4174-bd59-178884861038", "Hadoop"),
    "postgresql": ("a8d07b5a-c1a1-42c6-9d53-db9c7a2ca996", "PostgreSQL"),
    "mysql": ("4da171e5-779c-4983-a76f-91c16751e99f", "MySQL"),
    "nosql": ("76ef6ed3-1658-4a1a-9593-204d799c6d0c", "NoSQL"),
    "data_quality": ("cc7370dd-69fa-4c67-a96f-d4d135d38700", "data quality assessment"),
    "data_governance": ("9a0d0abc-010d-440b-8242-7e31510471ba", "information governance compliance"),
    "data_analysis": ("2b92a5b2-6758-4ee3-9fb4-b6387a55cc8f", "perform data analysis"),
    "excel": ("1973c966-f236-40c9-b2d4-5d71a89019be", "use spreadsheets software"),
    "business_intelligence": ("143769cb-b61e-47d8-a61e-eedfbec1016c", "business intelligence"),
    "web_analytics": ("1605025e-a179-421f-8f35-5b07d182a6b2", "web analytics"),
    "cloud_computing": ("bd14968e-e409-45af-b362-3495ed7b10e0", "cloud technologies"),
    "embedded_systems": ("2180bd8c-86de-4889-8165-adac902eee9d", "embedded systems"),
    "fpga": ("fb601189-afa9-4a7b-8430-21a906483072", "field-programmable gate arrays"),
    "robotics": ("e87ec79a-c9ff-46f5-84fa-7a0f394cdf40", "robotics"),
    "control_theory": ("3c42d13b-d6e4-4ed9-bdc4-991251461dc4", "engineering control theory"),
    "data_privacy": ("a4346013-a967-4a58-a533-6b32ad1364c5", "data protection"),
    "gdpr": ("d3e9b00a-0891-4fa8-836d-8240ec3d2758", "GDPR"),
    "software_engineering": ("21d2f96d-35f7-4e3f-9745-c533d2dd6e97", "computer programming"),
    "algorithms_data_structures": ("54924a2c-daca-40d3-9716-4b38ceb04f38", "algorithms"),
    "object_oriented_programming": ("5b9cde20-f1b9-4adc-bfb3-dbf70b14138d", "use object-oriented programming"),
    "system_design": ("f7e2eb04-3e50-4561-bce1-7e51a1fec308", "define software architecture"),
    "distributed_systems": ("897b393f-e7e0-4248-a40d-d77119694e83", "distributed computing"),
    "git": ("9d2e926f-53d9-41f5-98f3-19dfaa687f3f", "tools for software configuration management"),
    "unit_testing": ("7961413f-61d0-4722-9cd9-20a050a29899", "perform software unit testing"),
    "code_review": ("9d1b08b3-ba1e-41f6-a466-1ac1e62eb5f0", "conduct ICT code review"),
    "design_patterns": ("2b7a79e5-84d8-4880-be66-3d9bb05bea17", "use software design patterns"),
    "agile": ("dba46f87-0831-49cd-a1c7-340a653c0221", "Agile development"),
    "scrum": ("bec4359e-cb92-468f-a997-8fb28e32fba9", "ICT project management methodologies"),
    "web_development": ("69bbd53f-fbb0-4476-b4b2-ef7844464e28", "web programming"),
    "concurrency": ("25b291b5-8245-4d9d-b391-86a8a31d7109", "use concurrent programming"),
    "security_engineering": ("8088750d-8388-4170-a76f-48354c469c44", "cyber security"),
    "api_design": ("b0096dc5-2e2d-4bc1-8172-05bf486c3968", "design application interfaces"),
    "mobile_development": ("b8c01891-e3df-4a4b-948d-95b45e1788f5", "mobile device software frameworks"),
    "communication": ("15d76317-c71a-4fa2-aadc-2ecc34e627b7", "communication"),
    "technical_writing": ("04dfd9fb-e0cf-40f6-96c6-9d2280c4347e", "provide technical documentation"),
    "presentation_skills": ("c55caed2-de9e-4a25-819e-a0b0e83fba1b", "give live presentation"),
    "teamwork": ("60c78287-22eb-4103-9c8c-28deaa460da0", "work in teams"),
    "leadership": ("d5145a9a-602e-40bf-b3e1-f04cf9c3ef86", "leadership principles"),
    "people_management": ("339ac029-066a-4985-9f9d-b3d7c8fea0bb", "manage staff"),
    "mentoring": ("a584a638-a2c0-4b3c-bdf3-a64f87225be9", "mentor individuals"),
    "project_management": ("7111b95d-0ce3-441a-9d92-4c75d05c4388", "project management"),
    "stakeholder_management": ("1af2db15-2af9-44dd-9639-bf1fc69d4c34", "manage relationships with stakeholders"),
    "problem_solving": ("adc6dc11-3376-467b-96c5-9b0a21edc869", "solve problems"),
    "critical_thinking": ("7dd94ad3-13d6-43fe-8b94-51fcbf67ced9", "think critically"),
    "research_methodology": ("ed3f3dba-3a35-4ed5-b113-67f4d10ef4c8", "scientific research methodology"),
    "scientific_writing": (
        "00b9a3aa-7070-4bb5-8020-f228a97cf42f",
        "draft scientific or academic papers and technical documentation",
    ),
    "business_acumen": ("4ddf5204-95f5-4be2-ad35-571e2f493ae5", "apply business acumen"),
    "hiring": ("496932f1-0b6b-4f73-9432-d95c7ddcd43b", "recruit employees"),
    "strategic_planning": ("949ced5f-7536-4614-ac60-563ffc91a2f2", "strategic planning"),
    "user_research": ("a4c2aa71-086f-4a46-b481-2619673c9dfe", "execute ICT user research activities"),
    "time_management": ("d9013e0e-e937-43d5-ab71-0e917ee882b8", "manage time"),
    "adaptability": ("49de9958-2aa4-4eef-a89d-fe5d5bcd28c4", "adapt to change"),
    "attention_to_detail": ("83e6510b-ffeb-4aec-959c-4265fd0ff7b7", "attend to detail"),
    "teaching": ("4cd85845-f31c-4306-994d-e12d45114d83", "teach in academic or vocational contexts"),
}

# --------------------------------------------------------------------------- O*NET 29.0 links
# id -> (content-model element id or None, Technology Skills "Example" or None).
ONET: dict[str, tuple[str | None, str | None]] = {
    # Programming (2.B.3.e) with the Technology Skills example name
    "python": ("2.B.3.e", "Python"),
    "r_lang": ("2.B.3.e", "R"),
    "sql": ("2.B.3.e", "Structured query language SQL"),
    "java": ("2.B.3.e", "Oracle Java"),
    "scala": ("2.B.3.e", "Scala"),
    "cpp": ("2.B.3.e", "C++"),
    "c_lang": ("2.B.3.e", "C"),
    "go_lang": ("2.B.3.e", "Go"),
    "rust_lang": ("2.B.3.e", "Rust programming language"),
    "julia_lang": ("2.B.3.e", "Julia"),
    "javascript": ("2.B.3.e", "JavaScript"),
    "typescript": ("2.B.3.e", "TypeScript"),
    "bash_shell": ("2.B.3.e", "Bash"),
    "matlab": ("2.B.3.e", "The MathWorks MATLAB"),
    "kotlin": ("2.B.3.e", "Kotlin"),
    "swift_lang": ("2.B.3.e", "Swift"),
    "sas": ("2.B.3.e", "SAS"),
    "software_engineering": ("2.B.3.e", None),
    "algorithms_data_structures": ("2.B.3.e", None),
    # Mathematics knowledge (2.C.4.a)
    "linear_algebra": ("2.C.4.a", None),
    "calculus": ("2.C.4.a", None),
    "multivariable_calculus": ("2.C.4.a", None),
    "probability": ("2.C.4.a", None),
    "statistics": ("2.C.4.a", None),
    "optimization": ("2.C.4.a", None),
    "numerical_methods": ("2.C.4.a", None),
    "discrete_mathematics": ("2.C.4.a", None),
    "econometrics": ("2.C.1.c", None),  # Economics and Accounting
    "kinematics": ("2.C.4.b", None),  # Physics
    # Technology Skills examples
    "scikit_learn": (None, "Scikit-learn"),
    "xgboost": (None, "XGBoost"),
    "pandas": (None, "pandas"),
    "numpy": (None, "NumPy"),
    "scipy": (None, "SciPy"),
    "jupyter": (None, "Jupyter Notebook"),
    "pytorch": (None, "PyTorch"),
    "tensorflow": (None, "TensorFlow"),
    "keras": (None, "Keras"),
    "spacy": (None, "spaCy"),
    "apache_spark": (None, "Apache Spark"),
    "pyspark": (None, "PySpark"),
    "hadoop": (None, "Apache Hadoop"),
    "apache_kafka": (None, "Apache Kafka"),
    "apache_airflow": (None, "Apache Airflow"),
    "postgresql": (None, "PostgreSQL"),
    "mysql": (None, "MySQL"),
    "nosql": (None, "NoSQL"),
    "mongodb": (None, "MongoDB"),
    "cassandra": (None, "Apache Cassandra"),
    "redis": (None, "Redis"),
    "elasticsearch": (None, "Elasticsearch"),
    "bigquery": (None, "BigQuery"),
    "redshift": (None, "Amazon Redshift"),
    "hive": (None, "Apache Hive"),
    "excel": (None, "Microsoft Excel"),
    "tableau": (None, "Tableau"),
    "power_bi": (None, "Microsoft Power BI"),
    "looker": (None, "Google Looker Analytics"),
    "spss": (None, "IBM SPSS Statistics"),
    "mlflow": (None, "Mlflow"),
    "docker": (None, "Docker"),
    "kubernetes": (None, "Kubernetes"),
    "terraform": (None, "IBM Terraform"),
    "ci_cd": (None, "Jenkins CI"),
    "aws": (None, "Amazon Web Services AWS software"),
    "azure": (None, "Microsoft Azure software"),
    "gcp": (None, "Google Cloud software"),
    "sagemaker": (None, "Amazon Web Services AWS SageMaker"),
    "linux": (None, "Linux"),
    "git": (None, "Git"),
    "django": (None, "Django"),
    "flask": (None, "Flask"),
    "react": (None, "React"),
    "nodejs": (None, "Node.js"),
    "graphql": (None, "GraphQL"),
    "microservices": (None, "Microservices Architecture"),
    "project_management": (None, "Atlassian JIRA"),
    # Knowledge, skills and work styles
    "data_analysis": ("4.A.2.a.4", None),  # Analyzing Data or Information
    "data_quality": ("2.B.3.m", None),  # Quality Control Analysis
    "unit_testing": ("2.B.3.m", None),
    "system_design": ("2.B.4.g", None),  # Systems Analysis
    "embedded_systems": ("2.C.3.a", None),  # Computers and Electronics
    "microcontrollers": ("2.C.3.a", None),
    "fpga": ("2.C.3.a", None),
    "robotics": ("2.C.3.b", None),  # Engineering and Technology
    "control_theory": ("2.C.3.b", None),
    "gdpr": ("2.C.8.b", None),  # Law and Government
    "eu_ai_act": ("2.C.8.b", None),
    "ai_policy": ("2.C.8.b", None),
    "communication": ("2.A.1.d", None),  # Speaking
    "presentation_skills": ("2.A.1.d", None),
    "technical_writing": ("2.A.1.c", None),  # Writing
    "scientific_writing": ("2.A.1.c", None),
    "research_methodology": ("2.A.1.f", None),  # Science
    "critical_thinking": ("2.A.2.a", None),
    "problem_solving": ("2.B.2.i", None),  # Complex Problem Solving
    "time_management": ("2.B.5.a", None),
    "people_management": ("2.B.5.d", None),  # Management of Personnel Resources
    "teaching": ("2.B.1.e", None),  # Instructing
    "cross_functional_collaboration": ("2.B.1.b", None),  # Coordination
    "hiring": ("2.C.1.f", None),  # Personnel and Human Resources
    "business_acumen": ("2.C.1.a", None),  # Administration and Management
    "strategic_planning": ("4.A.2.b.4", None),  # Developing Objectives and Strategies
    "leadership": ("1.C.2.b", None),  # Work style: Leadership
    "teamwork": ("1.C.3.a", None),  # Work style: Cooperation
    "adaptability": ("1.C.4.c", None),  # Work style: Adaptability/Flexibility
    "attention_to_detail": ("1.C.5.b", None),  # Work style: Attention to Detail
}

# Names fixed relative to docs/skill_ids.txt (none so far: the canonical names are used as is).
NAME_FIXES: dict[str, str] = {}


def read_ids(path: Path) -> list[tuple[str, str, str]]:
    """Return (id, name, category) from docs/skill_ids.txt, in file order."""
    rows, category = [], None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            category = line[1:-1]
            continue
        sid, name = (part.strip() for part in line.split("|", 1))
        rows.append((sid, name, category))
    return rows


def build() -> dict:
    rows = read_ids(IDS_FILE)
    ids = [r[0] for r in rows]
    missing = [i for i in ids if i not in SKILLS]
    extra = [i for i in SKILLS if i not in ids]
    if missing or extra or len(set(ids)) != len(ids):
        raise SystemExit(f"id mismatch: missing={missing} extra={extra}")
    skills = []
    for sid, name, category in rows:
        entry = SKILLS[sid]
        name = NAME_FIXES.get(sid, name)
        seen = {name.casefold()}
        aliases = []
        for alias in entry["aliases"]:
            if alias.casefold() not in seen:
                seen.add(alias.casefold())
                aliases.append(alias)
        skill: dict = {"id": sid, "name": name, "category": category, "description": entry["description"]}
        if aliases:
            skill["aliases"] = aliases
        if entry["ambiguous_aliases"]:
            skill["ambiguous_aliases"] = entry["ambiguous_aliases"]
        if entry["prerequisites"]:
            skill["prerequisites"] = entry["prerequisites"]
        if entry["related"]:
            skill["related"] = entry["related"]
        skill["hours"] = entry["hours"]
        if sid in ESCO:
            skill["esco_uri"] = ESCO_PREFIX + ESCO[sid][0]
        if sid in ONET:
            element, tech = ONET[sid]
            link = {}
            if element:
                link["element_id"] = element
            if tech:
                link["technology"] = tech
            skill["onet"] = link
        skills.append(skill)
    return {"version": VERSION, "skills": skills}


def _norm(label: str) -> str:
    sys.path.insert(0, str(ROOT / "src"))
    from careerpath.skills.normalize import normalize_name

    return normalize_name(label)


def verify(doc: dict, data_dir: Path | None) -> list[str]:
    """Return a list of problems (empty when the document is sound)."""
    problems: list[str] = []
    sys.path.insert(0, str(ROOT / "src"))
    from careerpath.skills.models import TaxonomyFile

    model = TaxonomyFile.model_validate(doc)
    by_id = {s.id: s for s in model.skills}
    if len(by_id) != len(model.skills):
        problems.append("duplicate ids")
    for s in model.skills:
        for ref in (*s.prerequisites, *s.related):
            if ref not in by_id:
                problems.append(f"{s.id}: unknown reference {ref}")
            if ref == s.id:
                problems.append(f"{s.id}: refers to itself")
        if set(s.prerequisites) & set(s.related):
            problems.append(f"{s.id}: skill both prerequisite and related: {set(s.prerequisites) & set(s.related)}")
    try:
        tuple(TopologicalSorter({s.id: set(s.prerequisites) for s in model.skills}).static_order())
    except CycleError as exc:
        problems.append(f"prerequisite cycle: {exc.args[1]}")
    owners: dict[str, set[str]] = defaultdict(set)
    normalized: dict[str, set[str]] = defaultdict(set)
    for s in model.skills:
        for label in (s.name, *s.aliases):
            owners[label.casefold()].add(s.id)
            normalized[_norm(label)].add(s.id)
        normalized[_norm(s.id)].add(s.id)
        for label in s.ambiguous_aliases:
            owners["amb:" + label].add(s.id)
            if label.casefold() in {a.casefold() for a in s.aliases}:
                problems.append(f"{s.id}: {label!r} is both an alias and an ambiguous alias")
    for label, ids in owners.items():
        if len(ids) > 1:
            problems.append(f"label {label!r} shared by {sorted(ids)}")
    for label, ids in normalized.items():
        if len(ids) > 1:
            problems.append(f"normalized label {label!r} shared by {sorted(ids)}")
    for s in model.skills:
        others = {a.casefold() for s2 in model.skills if s2.id != s.id for a in s2.ambiguous_aliases}
        for label in (s.name, *s.aliases):
            if label.casefold() in others:
                problems.append(f"{s.id}: label {label!r} is another skill's ambiguous alias")
    if data_dir is not None:
        problems += verify_external(model, data_dir)
    return problems


def verify_external(model, data_dir: Path) -> list[str]:
    problems: list[str] = []
    esco_path = data_dir / "esco_v1_1_1" / "skills_en.csv.gz"
    with gzip.open(esco_path, "rt", encoding="utf-8", newline="") as handle:
        labels = {row["conceptUri"]: row["preferredLabel"] for row in csv.DictReader(handle)}
    for sid, (uuid, label) in ESCO.items():
        uri = ESCO_PREFIX + uuid
        if labels.get(uri) != label:
            problems.append(f"{sid}: ESCO {uri} has label {labels.get(uri)!r}, expected {label!r}")
    onet = data_dir / "onet_29_0"
    with (onet / "Content_Model_Reference.txt").open(encoding="utf-8") as handle:
        elements = {row["Element ID"] for row in csv.DictReader(handle, delimiter="\t")}
    with gzip.open(onet / "Technology_Skills.txt.gz", "rt", encoding="utf-8") as handle:
        examples = {row["Example"] for row in csv.DictReader(handle, delimiter="\t")}
    for sid, (element, tech) in ONET.items():
        if element and element not in elements:
            problems.append(f"{sid}: O*NET element {element} not in Content_Model_Reference.txt")
        if tech and tech not in examples:
            problems.append(f"{sid}: O*NET technology {tech!r} not in Technology_Skills.txt.gz")
    return problems


HEADER = """\
# careerpath bundled skills taxonomy. Generated by scripts/build_skills_yaml.py: edit the script, not this file.
# Format: docs/taxonomy.md. Ids, names and categories: docs/skill_ids.txt.
# esco_uri values identify ESCO v1.1.1 skill concepts (ESCO (c) European Union, reused under the
# Commission reuse policy, attribution to ESCO / European Commission).
# onet values name O*NET 29.0 content-model elements and Technology Skills examples: this file includes
# information from the O*NET 29.0 Database by the U.S. Department of Labor, Employment and Training
# Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET(R) is a trademark of USDOL/ETA.
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify only; do not write")
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"), help="shared data dir")
    parser.add_argument("--out", type=Path, default=OUT_FILE)
    args = parser.parse_args()
    doc = build()
    data_dir = args.data if args.data and args.data.exists() else None
    if data_dir is None:
        print("note: shared data not found; ESCO/O*NET identifiers not re-checked", file=sys.stderr)
    problems = verify(doc, data_dir)
    for problem in problems:
        print("problem:", problem, file=sys.stderr)
    if problems:
        return 1
    skills = doc["skills"]
    print(
        f"{len(skills)} skills; {sum('esco_uri' in s for s in skills)} with ESCO URI; "
        f"{sum('onet' in s for s in skills)} with O*NET link"
    )
    if not args.check:
        text = HEADER + yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=120)
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

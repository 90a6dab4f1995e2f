"""Re-ranking a linker's top candidates with a learned model over per-candidate features (issue 15, item 3).

A base design ranks all ESCO skills; only each sentence's top ``k`` are re-scored, so the model sees a few dozen
rows per sentence and a skill outside the top ``k`` keeps its base order below every candidate. Features per
(sentence, candidate), from the linker's separate score terms (``careerpath.linking.fusion.component_scores``):

- every score term (label max, preferred label, description cosines, lexical coverage, occupation prior, ESCO
  skill-kind indicators) as is, and the dense ones relative to the sentence's best candidate;
- the base score, its gap to the sentence's top score, and the base rank (log);
- ESCO hierarchy: the share of the other candidates under the same broader concept (a sentence about databases
  pulls several database skills into its top ``k``; an isolated candidate is more often a stray match).

Feature set "v2" (session 8) appends skill-intrinsic ESCO facts of each candidate (``SKILL_FEATURES``, one
``skill_features`` row per skill): how many occupations list it as essential / optional, digital- and
transversal-collection membership, hierarchy depth, narrower skills, alternative labels, words in its label.
Feature set "v3" (session 9, a development option; no shipped model uses it) appends where each candidate stands
among the sentence's top ``k`` (``CANDIDATE_SET_FEATURES``). A stored model names its feature set; a file without one
is "v1" and is scored exactly as before.

The model is any classifier with ``predict_proba`` (scripts/train_linking_reranker.py selects one by nested
cross-validation grouped by sentence); its probability orders the candidates. A trained model ships as JSON
(``RerankerModel``: logistic weights or boosted trees as plain arrays, scored with numpy; nothing is unpickled),
and ``RerankedSkillLinker`` applies it to a design (``alt-max+desc+lex+rerank.vN`` in linking/designs.py; v3 is
the default). On a shortlist design (``alt-max+desc+lex+trained+rerank.vN``, the fast one) the terms are computed
for the top ``k`` only.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from careerpath.esco.tables import EscoTaxonomy
from careerpath.linking.fusion import component_scores, kind_indicators
from careerpath.linking.linker import LinkerConfig, SkillLinker

RELATIVE = ("label", "preferred", "description", "lexical")  # terms that also enter relative to the sentence's best
FEATURE_SETS = ("v1", "v2", "v3")
# v2's skill-intrinsic columns, appended after v1's (so v1's features are a prefix of v2's).
SKILL_FEATURES = (
    "essential-occupations",
    "optional-occupations",
    "digital",
    "transversal-collection",
    "depth",
    "narrower",
    "alt-labels",
    "label-words",
)
# v3's candidate-set columns (session 9), appended after v2's: how each candidate stands among the sentence's top k
# by each of three terms (a stray lexical hit ranks high on one term only), whether a higher-ranked candidate sits
# under the same broader concept (sibling competition: the better-placed sibling usually is the gold one), and the
# sentence's length (long sentences name several skills; short ones one).
CANDIDATE_SET_FEATURES = ("label-rank", "description-rank", "lexical-rank", "sibling-above", "sentence-words")
RANKED_TERMS = ("label", "description", "lexical")


def sentence_words(sentences: Sequence[str]) -> np.ndarray:
    """(n,) log(1 + words) per sentence: v3's sentence-length column."""
    return np.log1p(np.asarray([len(s.split()) for s in sentences], dtype=np.float32))


class ProbabilisticClassifier(Protocol):
    def predict_proba(self, features: np.ndarray) -> np.ndarray: ...


def broader_groups(taxonomy: EscoTaxonomy) -> np.ndarray:
    """Per skill (taxonomy order), an integer id of its first broader concept; skills without one get unique ids."""
    first: dict[str, str] = {}
    for relation in taxonomy.skill_broader:
        first.setdefault(relation.uri, relation.broader_uri)
    ids: dict[str, int] = {}
    groups = np.empty(len(taxonomy.skills), dtype=np.int64)
    for row, skill in enumerate(taxonomy.skills):
        key = first.get(skill.uri, f"self:{skill.uri}")
        groups[row] = ids.setdefault(key, len(ids))
    return groups


def skill_features(taxonomy: EscoTaxonomy) -> np.ndarray:
    """(skills, len(SKILL_FEATURES)) skill-intrinsic ESCO facts per skill (taxonomy order), in SKILL_FEATURES order.

    Occupation counts are log(1 + n) / log(1 + max n) per relation type; depth counts broader steps (through skill
    groups) up to a top concept; narrower counts skills directly below, log(1 + n); alt-labels is log(1 + n).
    """
    counts = {"essential": dict[str, int](), "optional": dict[str, int]()}
    for relation in taxonomy.relations:
        table = counts.get(relation.relation_type)
        if table is not None:
            table[relation.skill_uri] = table.get(relation.skill_uri, 0) + 1
    parent: dict[str, str] = {}
    narrower: dict[str, int] = {}
    for link in taxonomy.skill_broader:
        parent.setdefault(link.uri, link.broader_uri)
        narrower[link.broader_uri] = narrower.get(link.broader_uri, 0) + 1
    depths: dict[str, int] = {}

    def depth(uri: str) -> int:
        chain = []
        while uri in parent and uri not in depths and uri not in chain:  # a cycle stops the walk
            chain.append(uri)
            uri = parent[uri]
        level = depths.get(uri, 0)  # a top concept (or the cycle's entry) is 0
        for node in reversed(chain):
            level += 1
            depths[node] = level
        return level

    collections = [taxonomy.collections.get(name, frozenset()) for name in ("digital", "transversal")]
    columns = []
    for kind in ("essential", "optional"):
        values = np.log1p([counts[kind].get(s.uri, 0) for s in taxonomy.skills])
        columns.append(values / max(float(values.max(initial=0.0)), 1e-6))
    columns += [
        *(np.asarray([s.uri in members for s in taxonomy.skills], dtype=np.float64) for members in collections),
        np.asarray([depth(s.uri) for s in taxonomy.skills], dtype=np.float64),
        np.log1p([narrower.get(s.uri, 0) for s in taxonomy.skills]),
        np.log1p([len(s.alt_labels) for s in taxonomy.skills]),
        np.asarray([len(s.label.split()) for s in taxonomy.skills], dtype=np.float64),
    ]
    return np.stack(columns, axis=1).astype(np.float32).reshape(len(taxonomy.skills), len(SKILL_FEATURES))


def top_candidates(base: np.ndarray, k: int) -> np.ndarray:
    """(n, k) skill indices of each row's ``k`` best base scores, best first."""
    k = min(k, base.shape[1])
    top = np.argpartition(-base, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(base, top, axis=1), axis=1, kind="stable")
    return np.take_along_axis(top, order, axis=1)


def known_feature_set(feature_set: str) -> str:
    """``feature_set`` itself; ValueError names the known ones for any other."""
    if feature_set not in FEATURE_SETS:
        raise ValueError(f"unknown re-ranker feature set {feature_set!r}; known: {', '.join(FEATURE_SETS)}")
    return feature_set


def feature_names(components: Sequence[str], feature_set: str = "v1") -> list[str]:
    known_feature_set(feature_set)
    names = list(components)
    names += [f"{n}-gap" for n in RELATIVE if n in components]
    names += ["base", "base-gap", "log-rank", "siblings"]
    if feature_set == "v1":
        return names
    names += SKILL_FEATURES
    return [*names, *CANDIDATE_SET_FEATURES] if feature_set == "v3" else names


def candidate_features(
    components: Mapping[str, np.ndarray],
    base: np.ndarray,
    candidates: np.ndarray,
    groups: np.ndarray,
    skills: np.ndarray | None = None,
    words: np.ndarray | None = None,
) -> np.ndarray:
    """(n, k, f) features of each sentence's candidates, in ``feature_names(components)`` order.

    ``skills``: ``skill_features(taxonomy)`` for feature sets v2 and v3 (appended per candidate); None for v1.
    ``words``: ``sentence_words(sentences)`` for feature set v3 (then v3's candidate-set columns follow); else None.
    """
    gathered = {
        name: np.take_along_axis(np.asarray(m, dtype=np.float32), candidates, axis=1) for name, m in components.items()
    }
    return features_of_candidates(
        gathered,
        np.take_along_axis(base, candidates, axis=1),
        groups[candidates],
        None if skills is None else skills[candidates],
        words,
    )


def features_of_candidates(
    terms: Mapping[str, np.ndarray],
    base_top: np.ndarray,
    group_of: np.ndarray,
    skill_of: np.ndarray | None = None,
    words: np.ndarray | None = None,
) -> np.ndarray:
    """(n, k, f) features from the candidates' own (n, k) score terms, base scores and broader-concept ids
    (and, for feature sets v2/v3, their (n, k, len(SKILL_FEATURES)) ``skill_features`` rows as ``skill_of``; for
    v3 also the sentences' (n,) ``sentence_words`` as ``words``).

    Every feature depends only on the ``k`` candidates, so a design that scores only a shortlist exactly can
    compute the terms for its candidates alone (``RerankedSkillLinker`` on a ``+trained`` base).
    """
    n, k = base_top.shape
    columns = [np.asarray(m, dtype=np.float32) for m in terms.values()]
    named = dict(zip(terms, columns, strict=True))
    columns += [named[name] - named[name].max(axis=1, keepdims=True) for name in RELATIVE if name in named]
    base_top = base_top.astype(np.float32)
    columns += [base_top, base_top - base_top[:, :1], np.broadcast_to(np.log1p(np.arange(k, dtype=np.float32)), (n, k))]
    same = (group_of[:, :, None] == group_of[:, None, :]).sum(axis=2) - 1  # other candidates in the same group
    columns.append(same.astype(np.float32) / max(k - 1, 1))
    if skill_of is not None:
        columns += list(np.moveaxis(np.asarray(skill_of, dtype=np.float32), 2, 0))
    if words is not None:
        if skill_of is None:
            raise ValueError("feature set v3 needs the skill features too")
        columns += candidate_set_columns(named, group_of, words)
    return np.stack(columns, axis=2)


def candidate_set_columns(terms: Mapping[str, np.ndarray], group_of: np.ndarray, words: np.ndarray) -> list[np.ndarray]:
    """v3's CANDIDATE_SET_FEATURES for (n, k) candidates in base order (best first), as (n, k) columns."""
    n, k = group_of.shape
    columns = []
    for name in RANKED_TERMS:  # log(1 + rank) among the k by that term, best = 0 (ties keep base order)
        order = np.argsort(-np.asarray(terms[name], dtype=np.float32), axis=1, kind="stable")
        ranks = np.argsort(order, axis=1, kind="stable")
        columns.append(np.log1p(ranks).astype(np.float32))
    same = group_of[:, :, None] == group_of[:, None, :]
    above = np.tril(same, k=-1).any(axis=2)  # some better-ranked candidate (column index < row index) shares it
    columns.append(above.astype(np.float32))
    columns.append(np.broadcast_to(np.asarray(words, dtype=np.float32)[:, None], (n, k)).astype(np.float32))
    return columns


def reranked_scores(base: np.ndarray, candidates: np.ndarray, candidate_scores: np.ndarray) -> np.ndarray:
    """A score matrix ranking each row's candidates by ``candidate_scores``, all other skills below in base order."""
    low, high = base.min(axis=1, keepdims=True), base.max(axis=1, keepdims=True)
    out = (base - low) / np.maximum(high - low, 1e-9)  # [0, 1]: the non-candidates keep their order
    ranks = np.argsort(np.argsort(-candidate_scores, axis=1, kind="stable"), axis=1)
    np.put_along_axis(out, candidates, 3.0 - ranks / candidates.shape[1], axis=1)  # (2, 3]: above every other
    return out


def rerank(
    model: ProbabilisticClassifier,
    components: Mapping[str, np.ndarray],
    base: np.ndarray,
    groups: np.ndarray,
    *,
    k: int = 50,
    skills: np.ndarray | None = None,
    words: np.ndarray | None = None,
) -> np.ndarray[Any, Any]:
    """The base ranking with each sentence's top ``k`` re-ordered by ``model``'s probability of being gold."""
    candidates = top_candidates(base, k)
    features = candidate_features(components, base, candidates, groups, skills, words)
    n, width, f = features.shape
    probability = model.predict_proba(features.reshape(n * width, f))[:, 1].reshape(n, width)
    return reranked_scores(base, candidates, probability)


# --- A trained re-ranker stored as data (JSON: no pickle, nothing executed on load) ---------------------------

RERANKER_FORMAT = "careerpath-linking-reranker"


@dataclass(frozen=True)
class _Tree:
    feature: np.ndarray  # (nodes,) feature index tested at each node
    threshold: np.ndarray  # (nodes,) go left when value <= threshold
    missing_left: np.ndarray  # (nodes,) bool: a NaN goes left
    left: np.ndarray
    right: np.ndarray
    leaf: np.ndarray  # (nodes,) bool
    value: np.ndarray  # (nodes,) leaf value (raw score)

    def predict(self, x: np.ndarray) -> np.ndarray:
        node = np.zeros(len(x), dtype=np.int64)
        rows = np.arange(len(x))
        for _ in range(len(self.leaf)):  # at most one step per node; stops once every row sits on a leaf
            inner = ~self.leaf[node]
            if not inner.any():
                break
            at = node[inner]
            values = x[rows[inner], self.feature[at]]
            go_left = np.where(np.isnan(values), self.missing_left[at], values <= self.threshold[at])
            node[inner] = np.where(go_left, self.left[at], self.right[at])
        return np.asarray(self.value[node], dtype=np.float64)


@dataclass(frozen=True)
class RerankerModel:
    """A fitted binary classifier over ``feature_names`` (logistic regression or boosted trees), numpy only.

    scripts/train_linking_reranker.py exports scikit-learn's fitted model into this form (the same
    probabilities to float precision; tests/unit/linking/test_rerank.py checks it against scikit-learn).
    """

    name: str
    base_design: str
    k: int
    feature_names: tuple[str, ...]
    kind: str  # "logistic" | "trees"
    weights: np.ndarray | None = None  # logistic: coefficients on standardised features
    mean: np.ndarray | None = None
    scale: np.ndarray | None = None
    intercept: float = 0.0  # logistic intercept, or the trees' baseline raw score
    trees: tuple[_Tree, ...] = ()
    provenance: Mapping[str, Any] = field(default_factory=dict)
    feature_set: str = "v1"  # "v2": + the candidates' skill_features (SKILL_FEATURES); "v3": + CANDIDATE_SET_FEATURES

    def raw_scores(self, features: np.ndarray) -> np.ndarray:
        x = np.asarray(features, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != len(self.feature_names):
            raise ValueError(f"re-ranker {self.name} takes {len(self.feature_names)} features, got shape {x.shape}")
        if self.kind == "logistic":
            assert self.weights is not None and self.mean is not None and self.scale is not None
            return np.asarray(((x - self.mean) / self.scale) @ self.weights + self.intercept)
        return self.intercept + sum((tree.predict(x) for tree in self.trees), np.zeros(len(x)))

    def predict_proba(self, features: np.ndarray) -> np.ndarray:
        positive = 1.0 / (1.0 + np.exp(-self.raw_scores(features)))
        return np.stack([1.0 - positive, positive], axis=1)


def _array(entry: Mapping[str, Any], key: str, dtype: Any) -> np.ndarray:
    return np.asarray(entry[key], dtype=dtype)


def reranker_from_dict(data: Mapping[str, Any]) -> RerankerModel:
    """Build a RerankerModel from its JSON form; ValueError names what is wrong with a malformed one."""
    if data.get("format") != RERANKER_FORMAT or data.get("version") != 1:
        raise ValueError(
            f"not a {RERANKER_FORMAT} v1 file (format {data.get('format')!r}, version {data.get('version')!r})"
        )
    try:
        model = data["model"]
        names = tuple(str(n) for n in data["feature_names"])
        feature_set = known_feature_set(str(data.get("feature_set", "v1")))
        common = RerankerModel(
            name=str(data["name"]),
            base_design=str(data["base_design"]),
            k=int(data["k"]),
            feature_names=names,
            kind="",
            provenance=dict(data.get("provenance", {})),
            feature_set=feature_set,
        )
        if model["kind"] == "logistic":
            weights, mean, scale = (_array(model, key, np.float64) for key in ("weights", "mean", "scale"))
            if not weights.shape == mean.shape == scale.shape == (len(names),):
                raise ValueError("logistic weights, mean and scale must each have one value per feature")
            return replace(
                common, kind="logistic", weights=weights, mean=mean, scale=scale, intercept=float(model["intercept"])
            )  # fmt: skip
        if model["kind"] == "trees":
            trees = []
            for tree in model["trees"]:
                built = _Tree(
                    feature=_array(tree, "feature", np.int64),
                    threshold=_array(tree, "threshold", np.float64),
                    missing_left=_array(tree, "missing_left", bool),
                    left=_array(tree, "left", np.int64),
                    right=_array(tree, "right", np.int64),
                    leaf=_array(tree, "leaf", bool),
                    value=_array(tree, "value", np.float64),
                )
                size = len(built.leaf)
                inner = ~built.leaf
                if not all(
                    len(a) == size for a in (built.feature, built.threshold, built.left, built.right, built.value)
                ):
                    raise ValueError("every node array of a tree must have one entry per node")
                if inner.any() and (
                    built.feature[inner].max() >= len(names)
                    or built.feature[inner].min() < 0
                    or max(built.left[inner].max(), built.right[inner].max()) >= size
                    or min(built.left[inner].min(), built.right[inner].min()) < 1
                ):
                    raise ValueError("a tree node points outside its tree or its features")
                trees.append(built)
            return replace(common, kind="trees", intercept=float(model["baseline"]), trees=tuple(trees))
        raise ValueError(f"unknown re-ranker model kind {model['kind']!r}")
    except (KeyError, TypeError) as error:
        raise ValueError(f"malformed re-ranker file: missing or bad {error}") from error


def sklearn_model_as_dict(model: Any, kind: str) -> dict[str, object]:
    """A fitted scikit-learn model as plain numbers for ``reranker_from_dict`` (reads attributes; no sklearn import).

    ``kind`` "logistic": a StandardScaler + LogisticRegression pipeline; "hgb": a binary
    HistGradientBoostingClassifier with numeric splits (its trees, node by node).
    """
    if kind == "logistic":
        scaler, logistic = model.named_steps["standardscaler"], model.named_steps["logisticregression"]
        return {
            "kind": "logistic",
            "weights": logistic.coef_[0].tolist(),
            "intercept": float(logistic.intercept_[0]),
            "mean": scaler.mean_.tolist(),
            "scale": scaler.scale_.tolist(),
        }
    trees = []
    for (predictor,) in model._predictors:  # binary: one tree per boosting iteration
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not exported")
        trees.append(
            {
                "feature": nodes["feature_idx"].tolist(),
                "threshold": nodes["num_threshold"].tolist(),
                "missing_left": nodes["missing_go_to_left"].astype(bool).tolist(),
                "left": nodes["left"].tolist(),
                "right": nodes["right"].tolist(),
                "leaf": nodes["is_leaf"].astype(bool).tolist(),
                "value": nodes["value"].tolist(),
            }
        )
    return {"kind": "trees", "baseline": float(np.ravel(model._baseline_prediction)[0]), "trees": trees}


def load_reranker(path: str | Path) -> RerankerModel:
    return reranker_from_dict(json.loads(Path(path).read_text(encoding="utf-8")))


def shipped_reranker_path(filename: str) -> Path:
    """A re-ranker shipped with careerpath (``careerpath/data/models``)."""
    return Path(str(resources.files("careerpath") / "data" / "models" / filename))


# --- Features and base scores from one encoding, and the linker that applies a shipped model ------------------


def score_terms(linker: SkillLinker, sentences: Sequence[str], vectors: np.ndarray) -> dict[str, np.ndarray]:
    """The base design's separate score terms for encoded sentences (the re-ranker's raw features).

    scripts/train_linking_reranker.py trains on exactly these, so training and inference share one definition.
    """
    if linker.config.encode_alt_labels and linker.config.description_weight:
        found = component_scores(linker, sentences, vectors, lexical_power=1.0)
    else:  # pref+lex designs (one vector per skill), or every label without descriptions: the design's own terms
        shape = (len(sentences), len(linker.labels_))
        assert linker.priors is not None
        found = {
            **linker.dense_terms(vectors),
            "lexical": linker.lexical_.coverage_matrix(sentences),
            "prior": np.broadcast_to(linker.priors, shape),
        }
        found.update({k: np.broadcast_to(v, shape) for k, v in kind_indicators(linker).items()})
    found["lexical^2"] = found["lexical"] ** 2
    return found


def base_scores(linker: SkillLinker, terms: Mapping[str, np.ndarray]) -> np.ndarray:
    """``linker.score_matrix`` rebuilt from ``score_terms``' matrices: no second encoding and no second
    (sentences x labels) product, the bulk of a sentence's time.

    Only for designs that score every label exactly (no shortlist, no clause views); the re-ranked designs are such.
    The sums are ``SkillLinker.score_matrix``' own (``fused_dense``, ``add_lexical_and_priors``), so the scores are
    the same; "lexical" is the plain coverage (``score_terms`` takes it to the power 1).
    """
    return np.asarray(linker.add_lexical_and_priors(linker.fused_dense(terms), terms["lexical"]))


def shortlisted_base(
    linker: SkillLinker, sentences: Sequence[str], vectors: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A shortlist design's ``score_matrix`` from encoded sentences, and the lexical coverage it used (reused below)."""
    coverage = linker.lexical_.coverage_matrix(sentences)
    scores = linker.add_lexical_and_priors(linker._bounded_dense_scores(vectors), coverage)
    linker._rescore_shortlist(scores, vectors)
    return scores, coverage


def candidate_terms(
    linker: SkillLinker,
    vectors: np.ndarray,
    candidates: np.ndarray,
    coverage: np.ndarray,
    kinds: Mapping[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """``score_terms`` of an alt-max+desc design, computed for each sentence's (n, k) candidates only.

    The same cosines as the full matrices (a few hundred label rows per sentence instead of 99,190), which is
    what keeps a re-ranked shortlist design fast.
    """
    labels, descriptions = linker._embeddings()
    assert descriptions is not None and linker.priors is not None
    n, k = candidates.shape
    counts = np.diff(np.append(linker.label_offsets_, len(labels)))
    label_max = np.empty((n, k), dtype=np.float32)
    preferred = np.empty((n, k), dtype=np.float32)
    for row, skills in enumerate(candidates):
        sizes = counts[skills]
        firsts = np.cumsum(sizes) - sizes  # where each skill's labels start in the gathered block
        label_rows = np.repeat(linker.label_offsets_[skills] - firsts, sizes) + np.arange(int(sizes.sum()))
        cosines = labels[label_rows] @ vectors[row]
        label_max[row] = np.maximum.reduceat(cosines, firsts)
        preferred[row] = cosines[firsts]  # the preferred label is first in each skill's group
    lexical = np.take_along_axis(coverage, candidates, axis=1).astype(np.float32)
    terms = {
        "label": label_max,
        "preferred": preferred,
        "description": np.einsum("nkd,nd->nk", descriptions[candidates], vectors).astype(np.float32),
        "lexical": lexical,
        "prior": linker.priors[candidates].astype(np.float32),
        **{name: row[candidates] for name, row in kinds.items()},
    }
    terms["lexical^2"] = lexical**2
    return terms


@dataclass
class RerankedSkillLinker(SkillLinker):
    """A SkillLinker whose ranking is its design's, with each sentence's top ``k`` re-ordered by ``reranker``."""

    reranker: RerankerModel | None = None
    batch_size: int = 128  # bounded memory: a few (batch x 13,896) score terms at a time

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.reranker is None:
            raise ValueError("RerankedSkillLinker needs a reranker")
        if self.config.split_clauses:
            raise ValueError("a re-ranked design cannot use clause views")
        if self.config.candidates and not (self.config.encode_alt_labels and self.config.description_weight):
            raise ValueError("a re-ranked shortlist design must be an alt-max+desc design")
        self.groups_ = broader_groups(self.taxonomy)
        self.kinds_ = kind_indicators(self)
        self.skills_ = skill_features(self.taxonomy) if self.reranker.feature_set in ("v2", "v3") else None

    def score_matrix(self, sentences: Sequence[str]) -> np.ndarray[Any, Any]:
        assert self.reranker is not None
        if not sentences:
            return np.zeros((0, len(self.labels_)), dtype=np.float32)
        vectors = self.encoder.encode(list(sentences))
        blocks = []
        for start in range(0, len(sentences), self.batch_size):
            block, block_vectors = (
                list(sentences[start : start + self.batch_size]),
                vectors[start : start + self.batch_size],
            )
            words = sentence_words(block) if self.reranker.feature_set == "v3" else None
            if self.config.candidates:  # shortlist base: terms for the top k only (the fast design)
                base, coverage = shortlisted_base(self, block, block_vectors)
                candidates = top_candidates(base, self.reranker.k)
                terms = candidate_terms(self, block_vectors, candidates, coverage, self.kinds_)
                self._check_features(terms)
                features = features_of_candidates(
                    terms,
                    np.take_along_axis(base, candidates, axis=1),
                    self.groups_[candidates],
                    None if self.skills_ is None else self.skills_[candidates],
                    words,
                )
                n, width, f = features.shape
                probability = self.reranker.predict_proba(features.reshape(n * width, f))[:, 1].reshape(n, width)
                blocks.append(reranked_scores(base, candidates, probability))
                continue
            terms = score_terms(self, block, block_vectors)
            self._check_features(terms)
            blocks.append(
                rerank(
                    self.reranker,
                    terms,
                    base_scores(self, terms),
                    self.groups_,
                    k=self.reranker.k,
                    skills=self.skills_,
                    words=words,
                )
            )
        return np.concatenate(blocks).astype(np.float32)

    def _check_features(self, terms: Mapping[str, np.ndarray]) -> None:
        assert self.reranker is not None
        names = tuple(feature_names(list(terms), self.reranker.feature_set))
        if names != self.reranker.feature_names:
            raise ValueError(
                f"re-ranker {self.reranker.name} expects features {self.reranker.feature_names}, got {names}"
            )


def reranked_linker(base: SkillLinker, config: LinkerConfig, model_file: str) -> RerankedSkillLinker:
    """``base``'s encoder, caches and weights under the re-ranked design's ``config``, with the shipped model."""
    model = load_reranker(shipped_reranker_path(model_file))
    if model.base_design != base.config.name:
        raise ValueError(f"{model_file} was trained on {model.base_design}, not {base.config.name}")
    return RerankedSkillLinker(
        base.taxonomy,
        base.encoder,
        config,
        cache_dir=base.cache_dir,
        priors=base.priors,
        taxonomy_encoder=base.taxonomy_encoder,
        reranker=model,
    )

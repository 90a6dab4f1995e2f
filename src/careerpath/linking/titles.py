"""Job title → ranked ESCO occupations (dense label similarity fused with lexical coverage).

score(title, occupation) = max cosine(title, any label of the occupation)
                         + lexical_weight * coverage(title, best label) ** 2
                         + exact_bonus   if the cleaned title equals one of the labels
The careerpath role and seniority come from ``careerpath.roles.titles`` when a role catalogue is given.

Designs (``TITLE_DESIGNS``, versioned): ``titles.v1`` scores the cleaned title as written; ``titles.v2`` first
rewrites it (``TitleRewriter``: job-ad shorthand expanded, employment-type and seniority words dropped, from
``data/title_words.yaml``) and, with ``views``, also scores each part of a compound title ("Coating
Executive / Planner") and keeps each occupation's best view. ``titles.v3`` maps the title vectors of the
distilled student by a linear adapter trained on ESCO occupation labels (``data/models/
title-adapter-distilled.npz``, scripts/train_title_adapter.py); it needs ``--encoder distilled``.
``titles.v4`` scores like ``titles.v1`` with careerpath's own title encoder (the distilled student fully
fine-tuned on ESCO and O*NET title pairs, ``data/models/title-encoder-v4.safetensors``,
scripts/train_title_encoder.py), which encodes titles and occupation labels alike. ``titles.v5`` (opt-in)
averages, label by label, that encoder's cosine with
all-mpnet-base-v2's (``partner``) and strips places and pay from the title (``strip_title_noise``);
scripts/select_title_ensemble.py picked it on JobBERT validation half A and confirmed it on half B.
``titles.v6`` re-orders titles.v4's top 50 occupations with a boosted-tree re-ranker trained on O*NET titles
(``careerpath.linking.title_rerank``, ``data/models/title-reranker-v6.json``, scripts/train_title_reranker.py).
``titles.v7`` (the default, DEFAULT_TITLE_DESIGN) does the same with a re-ranker trained on O*NET titles and on ESCO
alternative labels left out of the index, over more features (``data/models/title-reranker-v7.json``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.esco.tables import EscoOccupation, EscoTaxonomy
from careerpath.linking.cache import EmbeddingCache
from careerpath.linking.encoders import ConcatEncoder, TextEncoder, normalise_rows
from careerpath.linking.lexical import LexicalIndex, tokenize
from careerpath.registry import Registry


@dataclass(frozen=True)
class OccupationMatch:
    uri: str
    label: str
    isco_group: str
    score: float


@dataclass(frozen=True)
class TitleNormalization:
    """A raw title's ESCO occupations (best first) and, when roles were given, its careerpath role."""

    title: str
    occupations: tuple[OccupationMatch, ...]
    role_id: str | None = None
    seniority: str | None = None


_NOISE = re.compile(r"[(\[].*?[)\]]|\b(?:urgent|hiring|immediate|vacancy|wanted|position|job)\b", re.I)


def clean_title(title: str) -> str:
    """The title lower-cased, without bracketed notes and recruiting noise ("URGENT", "(Remote)")."""
    text = _NOISE.sub(" ", title.lower())
    text = re.sub(r"[^\w+#&/ -]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


_VIEW_SPLIT = re.compile(r"\s*(?:/|\||,|\s-\s|\bcum\b|\bor\b)\s*")


@dataclass(frozen=True)
class TitleRewriter:
    """Expands shorthand ("sr", "exec", "mgr") and drops words about the offer, not the job ("intern", "senior")."""

    abbreviations: dict[str, str]
    drop: tuple[str, ...]

    @classmethod
    def bundled(cls) -> TitleRewriter:
        from careerpath.data_files import bundled_path, read_yaml

        data = read_yaml(bundled_path("title_words.yaml"))
        return cls({str(k): str(v) for k, v in data["abbreviations"].items()}, tuple(map(str, data["drop"])))

    def __call__(self, cleaned: str) -> str:
        words = [self.abbreviations.get(word, word) for word in cleaned.split()]
        text = f" {' '.join(words)} "
        for phrase in self.drop:
            text = text.replace(f" {phrase} ", " ")
        return re.sub(r"\s+", " ", text).strip() or cleaned


_PAY = re.compile(
    r"\b(?:rm|myr|usd|sgd|\$)\s?\d[\d,.]*k?\b.*$|\b\d[\d,.]*k?\s?(?:rm|myr)\b.*$|\bsalary\b.*$|\bup to\b.*$"
)
_EDGES = re.compile(r"^[\s&/+-]+|[\s&/+-]+$")


@lru_cache(maxsize=1)
def _place_pattern() -> re.Pattern[str]:
    """Places at the end of a title, with what "in"/"at"/"@"/" - " put before them; a place that leads the title."""
    from careerpath.data_files import bundled_path, read_yaml

    places = sorted(map(str, read_yaml(bundled_path("title_words.yaml"))["places"]), key=len, reverse=True)
    names = "|".join(re.escape(place) for place in places)
    # The words between a separator and the place go too ("- ioi city mall putrajaya"), up to four of them.
    tail = rf"(?<!bahasa)(?:\s(?:in|at|@|-)\s(?:\S+\s){{0,4}}?|\s)(?:(?:{names})\b[\s/&-]*)+$"
    return re.compile(rf"{tail}|^(?:{names})\s+-\s+")


def strip_title_noise(cleaned: str) -> str:
    """A cleaned title without the pay, location and stray punctuation that job boards add; never empty.

    "supervisor cum patrolling officer in batu kawan penang" -> "supervisor cum patrolling officer";
    "apprentice for web developer-rm1000 foc monthly activitie" -> "apprentice for web developer";
    "- rov supervisor" -> "rov supervisor".
    """
    text = _PAY.sub(" ", cleaned.replace("-rm", " rm"))
    text = _place_pattern().sub(" ", re.sub(r"\s+", " ", text).strip())
    text = _EDGES.sub("", re.sub(r"\s+", " ", text)).strip()
    return text or cleaned


def title_views(title: str) -> list[str]:
    """The parts of a compound title, split at "/", "|", ",", " - ", "cum", "or" (none if it has one part)."""
    parts = [p for p in _VIEW_SPLIT.split(title) if len(p.strip()) >= 2]
    return parts if len(parts) > 1 else []


@dataclass(frozen=True)
class TitleTerms:
    """The separate terms of a title's score against every occupation, each (n_titles, n_occupations)."""

    cosine: np.ndarray  # best label cosine
    cosine_preferred: np.ndarray  # cosine to the preferred label
    coverage: np.ndarray  # lexical coverage of the best-covered label
    exact: np.ndarray  # 1 where the title equals one of the occupation's labels

    def base(self, lexical_weight: float, exact_bonus: float) -> np.ndarray:
        """The score of ``titles.v1``/``v4``: cosine + lexical_weight * coverage² + exact_bonus * exact."""
        return self.cosine + lexical_weight * self.coverage**2 + exact_bonus * self.exact


@dataclass
class OccupationLinker:
    """Ranks all occupations of an ESCO release for job titles; build once, reuse."""

    taxonomy: EscoTaxonomy
    encoder: TextEncoder
    lexical_weight: float = 0.3
    exact_bonus: float = 0.3
    cache_dir: str | Path | None = None
    rewriter: TitleRewriter | None = None  # titles.v2: rewrite cleaned titles before matching
    views: bool = False  # titles.v2: also score the parts of compound titles, keep each occupation's best
    query_transform: np.ndarray | None = None  # titles.v3: title vectors -> normalise(vector @ W.T)
    # titles.v5: a second encoder; each label's cosine is (1 - w) * encoder's + w * partner's (``scoring_encoder``),
    # then max per occupation.
    partner: TextEncoder | None = None
    partner_weight: float = 0.5
    strip_noise: bool = False  # also drop pay, places and stray punctuation (strip_title_noise)
    # titles.v6/v7: a trained re-ranker (careerpath.linking.rerank.RerankerModel) re-orders the top ``k`` occupations
    reranker: Any | None = None
    _matrix: np.ndarray | None = field(default=None, repr=False)
    _reranked: Any | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.partner is not None and self.query_transform is not None:
            raise ValueError("a title design blends a partner encoder or adapts its title vectors, not both")
        if self.reranker is not None and self.views:
            raise ValueError("a re-ranked title design scores the whole title, not its views")
        texts: list[str] = []
        owners: list[int] = []
        offsets: list[int] = []
        self.exact_: dict[str, int] = {}
        for index, occupation in enumerate(self.taxonomy.occupations):
            offsets.append(len(texts))
            for label in occupation.all_labels:
                texts.append(label)
                owners.append(index)
                self.exact_.setdefault(clean_title(label), index)
        self.label_texts_ = texts
        self.label_counts_ = [len(o.all_labels) for o in self.taxonomy.occupations]
        self.offsets_ = np.asarray(offsets, dtype=np.int64)
        self.lexical_ = LexicalIndex(texts, owners, len(self.taxonomy.occupations))
        self.uris_ = [o.uri for o in self.taxonomy.occupations]

    @cached_property
    def label_tokens_(self) -> list[list[str]]:
        """Each label's distinct tokens, as ``LexicalIndex`` weighs them (for leave-one-out coverage)."""
        return [sorted(set(tokenize(label))) for label in self.label_texts_]

    @property
    def scoring_encoder(self) -> TextEncoder:
        """The encoder whose cosines rank the labels: ``encoder``, or its blend with ``partner`` (titles.v5).

        The blend is the skill linker's ensemble encoder (``ConcatEncoder``): the dot product of its vectors is the
        weighted mean of the two cosines, and its label matrix joins each encoder's own cached one.
        """
        if self.partner is None:
            return self.encoder
        return ConcatEncoder([(self.encoder, 1.0 - self.partner_weight), (self.partner, self.partner_weight)])

    def _labels(self) -> np.ndarray:
        if self._matrix is None:
            key = f"esco-{self.taxonomy.version}-{self.taxonomy.fingerprint}"
            cache = EmbeddingCache(self.cache_dir)
            self._matrix = cache.encoder_matrix(self.scoring_encoder, key, "occupation_labels", self.label_texts_)
        return self._matrix

    def _label_cosines(self, texts: Sequence[str]) -> np.ndarray:
        """(n_texts, n_labels) cosines of ``scoring_encoder``."""
        if not texts:
            return np.zeros((0, len(self.label_texts_)), dtype=np.float32)
        vectors = self.scoring_encoder.encode(list(texts))
        if self.query_transform is not None:
            vectors = normalise_rows(vectors @ self.query_transform.T)
        return np.asarray(vectors @ self._labels().T)

    def prepare_title(self, title: str) -> str:
        """The text that is matched: cleaned, stripped of places and pay (titles.v5), rewritten (titles.v2)."""
        cleaned = clean_title(title) or title
        if self.strip_noise:
            cleaned = strip_title_noise(cleaned)
        return self.rewriter(cleaned) if self.rewriter else cleaned

    def score_terms(self, texts: Sequence[str], left_out: Sequence[int] | None = None) -> TitleTerms:
        """The separate score terms of prepared titles: ``base`` sums them, the re-ranker reads them as features.

        ``left_out`` (training only): per title, the index of one label (in ``label_texts_``) scored as if it were
        not in the taxonomy, so that an occupation's own alternative label can be a query for it (leave one out).
        """
        cosines = self._label_cosines(texts)
        exact = np.zeros((len(texts), len(self.offsets_)), dtype=np.float32)
        for row, text in enumerate(texts):
            hit = self.exact_.get(text)
            if hit is not None:
                exact[row, hit] = 1.0
        coverage = self.lexical_.coverage_matrix(texts)
        if left_out is not None:
            self._leave_out(texts, left_out, cosines, coverage, exact)
        return TitleTerms(
            cosine=np.maximum.reduceat(cosines, self.offsets_, axis=1),
            cosine_preferred=cosines[:, self.offsets_],
            coverage=coverage,
            exact=exact,
        )

    def _leave_out(
        self,
        texts: Sequence[str],
        left_out: Sequence[int],
        cosines: np.ndarray,
        coverage: np.ndarray,
        exact: np.ndarray,
    ) -> None:
        """Remove each title's left-out label from its terms, in place (its owner keeps its other labels)."""
        lexical = self.lexical_
        for row, (text, entry) in enumerate(zip(texts, left_out, strict=True)):
            owner = int(lexical.owners[entry])
            cosines[row, entry] = -1.0
            others = [
                e for e in range(self.offsets_[owner], self.offsets_[owner] + self.label_counts_[owner]) if e != entry
            ]
            tokens = set(tokenize(text))
            coverage[row, owner] = max(
                (
                    sum(lexical.idf[t] for t in self.label_tokens_[e] if t in tokens) / lexical.weight_total[e]
                    for e in others
                ),
                default=0.0,
            )
            if exact[row, owner] and all(clean_title(self.label_texts_[e]) != text for e in others):
                exact[row, owner] = 0.0

    def _score_texts(self, texts: Sequence[str]) -> np.ndarray:
        return self.score_terms(texts).base(self.lexical_weight, self.exact_bonus)

    def score_matrix(self, titles: Sequence[str]) -> np.ndarray:
        """(n_titles, n_occupations) scores; higher is better."""
        prepared = [self.prepare_title(t) for t in titles]
        if self.reranker is not None:
            if self._reranked is None:
                from careerpath.linking.title_rerank import RerankedScorer

                self._reranked = RerankedScorer(self, self.reranker)
            return np.asarray(self._reranked(prepared))
        scores = self._score_texts(prepared)
        if self.views:
            views = [title_views(clean_title(t) or t) for t in titles]
            if self.rewriter:
                views = [[self.rewriter(v) for v in parts] for parts in views]
            flat = [v for parts in views for v in parts]
            if flat:
                view_scores = self._score_texts(flat)
                start = 0
                for row, parts in enumerate(views):
                    if parts:
                        best = view_scores[start : start + len(parts)].max(axis=0)
                        scores[row] = np.maximum(scores[row], best)
                    start += len(parts)
        return scores

    def normalize_titles(self, titles: Sequence[str], *, top_k: int = 5) -> list[list[OccupationMatch]]:
        """For each title, the ``top_k`` ESCO occupations, best first."""
        results = []
        occupations: list[EscoOccupation] = self.taxonomy.occupations
        for row in self.score_matrix(titles):
            top = np.argsort(-row)[:top_k]
            results.append(
                [
                    OccupationMatch(occupations[i].uri, occupations[i].label, occupations[i].isco_group, float(row[i]))
                    for i in top
                ]
            )
        return results


# Versioned title designs: keyword arguments of OccupationLinker beyond taxonomy, encoder and cache.
TITLE_DESIGNS: dict[str, dict[str, Any]] = {
    "titles.v1": {},
    "titles.v2": {"rewrite": True, "views": True},
    "titles.v2-rewrite": {"rewrite": True, "views": False},
    "titles.v2-views": {"rewrite": False, "views": True},
    "titles.v3": {"adapter": "title-adapter-distilled.npz"},
    "titles.v4": {"own_encoder": "title-encoder-v4.safetensors"},
    # Weight 0.5 fixed before measuring (0.25 and 0.75 did worse on half A); noise stripping picked on half A.
    "titles.v5": {
        "own_encoder": "title-encoder-v4.safetensors",
        "partner": "mpnet.v1",
        "partner_weight": 0.5,
        "strip_noise": True,
    },
    # titles.v4's top 50 re-ordered by a boosted-tree re-ranker (linking/title_rerank.py), trained on O*NET titles.
    "titles.v6": {"own_encoder": "title-encoder-v4.safetensors", "reranker": "title-reranker-v6.json"},
    # titles.v6's recipe with ESCO alternative labels as extra training queries (their own label left out of the
    # index) and the re-ranker's choice of shortlist and features (session 10, scripts/train_title_reranker.py).
    "titles.v7": {"own_encoder": "title-encoder-v4.safetensors", "reranker": "title-reranker-v7.json"},
}
# titles.v7 is the default since session 10: +0.6 MRR [+0.3, +1.0] over titles.v6 on JobBERT validation half B under
# the rule committed before that run (benchmarks/titles_dev/RULE-S10.md). titles.v6 was the default in session 9
# (+1.3 [+1.0, +1.6] over titles.v4, RULE-S9.md). titles.v5 stays opt-in: +0.3 MRR for ~30x the CPU and an optional
# 440 MB model, and a default that changed with the installed packages would make results depend on the machine.
DEFAULT_TITLE_DESIGN = "titles.v7"
# Designs that bring their own encoder (the one passed to build_occupation_linker is not used).
OWN_ENCODER_DESIGNS = frozenset(name for name, settings in TITLE_DESIGNS.items() if settings.get("own_encoder"))

_SUMMARIES = {
    "titles.v1": "max cosine over occupation labels + lexical coverage + exact-label bonus",
    "titles.v2": "titles.v1 after rewriting shorthand and offer words, best view of compound titles",
    "titles.v3": "titles.v1 with a linear adapter on the distilled student's title vectors (--encoder distilled)",
    "titles.v4": "titles.v1 with careerpath's fine-tuned title encoder for titles and occupation labels",
    "titles.v5": "titles.v4's encoder and all-mpnet-base-v2 (mpnet.v1), label cosines averaged; places and pay "
    "stripped from titles",
    "titles.v6": "titles.v4's top 50 occupations re-ordered by a re-ranker trained on O*NET titles (v4's terms, "
    "preferred-label cosine, IDF overlap, head word, ISCO siblings)",
    "titles.v7": "titles.v6's re-ranker trained on O*NET titles and on ESCO alternative labels left out of the index",
}
TITLE_DESIGN_VERSIONS = Registry()
for _name, _summary in _SUMMARIES.items():
    TITLE_DESIGN_VERSIONS.add("title-design", _name, TITLE_DESIGNS[_name], summary=_summary)


def build_occupation_linker(
    taxonomy: EscoTaxonomy,
    encoder: TextEncoder | None,
    design: str = DEFAULT_TITLE_DESIGN,
    *,
    model_cache: str | Path | None = None,
    **options: Any,
) -> OccupationLinker:
    """An ``OccupationLinker`` for a named title design; InputError naming the known ones otherwise.

    ``titles.v4`` and ``titles.v5`` ignore ``encoder`` and build their own (int8 ONNX under ``model_cache``,
    by default the ``models`` folder beside ``cache_dir``); ``titles.v5`` also needs all-mpnet-base-v2
    (``careerpath.linking.mpnet``; BackendUnavailable with the install command when its parts are absent).
    """
    from careerpath.errors import InputError

    if design not in TITLE_DESIGNS:
        raise InputError(f"Unknown title design {design!r}; choose from: {', '.join(sorted(TITLE_DESIGNS))}.")
    settings = dict(TITLE_DESIGNS[design])
    rewriter = TitleRewriter.bundled() if settings.pop("rewrite", False) else None
    if model_cache is None:
        cache_dir = options.get("cache_dir")
        base = Path(cache_dir).parent if cache_dir else Path.home() / ".cache" / "careerpath"
        model_cache = base / "models"
    partner = settings.pop("partner", None)
    if partner:  # first: BackendUnavailable naming the install command before anything is built
        from careerpath.linking.sentence_encoders import QUERY_ENCODERS

        settings["partner"] = QUERY_ENCODERS[partner][0](Path(model_cache))
    own_weights = settings.pop("own_encoder", None)
    if own_weights:
        from careerpath.data_files import bundled_path

        encoder = title_encoder(model_cache, Path(bundled_path(f"models/{own_weights}")))
    if encoder is None:
        raise InputError(f"Title design {design!r} needs an encoder.")
    reranker = settings.pop("reranker", None)
    if reranker:
        from careerpath.linking.rerank import load_reranker, shipped_reranker_path

        settings["reranker"] = load_reranker(shipped_reranker_path(reranker))
    adapter = settings.pop("adapter", None)
    if adapter:
        settings["query_transform"] = load_title_adapter(adapter, encoder.name, design)
    return OccupationLinker(taxonomy, encoder, rewriter=rewriter, **settings, **options)


TITLE_ENCODER_FILE = TITLE_DESIGNS[DEFAULT_TITLE_DESIGN]["own_encoder"]  # the default design's weights


def title_encoder(
    model_cache: str | Path, layers_file: Path | None = None, *, threads: int | None = None
) -> TextEncoder:
    """careerpath's fine-tuned title encoder (``titles.v4``), int8 ONNX built on first use under ``model_cache``.

    The three layers (``data/models/title-encoder-v4.safetensors``, scripts/train_title_encoder.py) sit on
    all-MiniLM-L6-v2's token embeddings, like the distilled student they were fine-tuned from; it encodes
    both the titles and the occupation labels. The name carries the weights' fingerprint, so label vectors
    cached for other weights are never reused.
    """
    from careerpath.data_files import bundled_path
    from careerpath.linking.query_encoder import fine_tuned_encoder

    layers = Path(layers_file) if layers_file else Path(bundled_path(f"models/{TITLE_ENCODER_FILE}"))
    return fine_tuned_encoder(model_cache, layers, "title-encoder", threads=threads)


def load_title_adapter(name: str, encoder_name: str, design: str) -> np.ndarray:
    """The bundled adapter matrix; InputError when it was trained for another encoder than ``encoder_name``."""
    from careerpath.data_files import bundled_path
    from careerpath.errors import InputError

    with np.load(bundled_path(f"models/{name}")) as data:
        trained_for = str(data["encoder"])
        if trained_for != encoder_name:
            raise InputError(
                f"Title design {design!r} adapts vectors of {trained_for!r}, not {encoder_name!r}; "
                "use it with --encoder distilled."
            )
        return np.asarray(data["weights"], dtype=np.float32)


def normalize_title_to_esco(
    title: str,
    linker: OccupationLinker,
    *,
    top_k: int = 5,
    roles: Iterable[Any] | None = None,
) -> TitleNormalization:
    """A raw job title → ranked ESCO occupations, plus careerpath role and seniority when ``roles`` is given.

    >>> normalize_title_to_esco("Sr. Data Scientist (Remote)", linker).occupations[0].label  # doctest: +SKIP
    'data scientist'
    """
    occupations = tuple(linker.normalize_titles([title], top_k=top_k)[0])
    role_id = seniority = None
    if roles is not None:
        from careerpath.roles.titles import normalize_title

        match = normalize_title(title, roles)
        role_id, seniority = match.role_id, match.seniority
    return TitleNormalization(title, occupations, role_id, seniority)

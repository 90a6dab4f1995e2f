"""Sentence encoders for ESCO linking, interleaved in one process: the distilled student against MiniLM.

    nice python benchmarks/bench_query_encoders.py [--teacher-onnx /tmp/minilm-onnx] [--extra NAME=DIR ...]

Every configuration links the 136 Decorte validation sentences (TECH + HOUSE) to all 13,896 ESCO
skills with the default design's weights and a 200-skill shortlist; only the sentence encoder differs.
Rounds alternate between configurations, so drift on a shared machine hits all of them alike; the
figures are process CPU time with one thread: best and median of ``--rounds``, and the ratio to the
teacher's int8 graph. Quality: RP@5 on both splits. Taxonomy vectors: the PyTorch MiniLM cache.

``--teacher-onnx`` is a ``scripts/export_onnx_encoder.py`` folder (exported there when missing);
``--extra`` adds other ONNX folders, e.g. a student from ``scripts/train_query_encoder.py --layers 0,5``.
"""

from __future__ import annotations

import argparse
import json
import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # per-core figures: no BLAS thread pool
os.environ.setdefault("OMP_NUM_THREADS", "1")
import statistics
import time
from pathlib import Path

from careerpath.esco import load_esco
from careerpath.evaluation.readers import read_linking_examples
from careerpath.evaluation.runs import evaluate_skill_linking
from careerpath.linking.designs import DESIGNS
from careerpath.linking.encoders import OnnxEncoder, SentenceTransformerEncoder
from careerpath.linking.linker import SkillLinker
from careerpath.linking.query_encoder import distilled_query_encoder

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teacher-onnx", type=Path, default=Path("/tmp/minilm-onnx"))
    parser.add_argument("--extra", action="append", default=[], help="NAME=DIR of another ONNX export")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "careerpath" / "embeddings")
    args = parser.parse_args()
    if not (args.teacher_onnx / "model.int8.onnx").is_file():
        from careerpath.linking.onnx_export import export_bert_folder

        export_bert_folder(args.teacher_onnx)
    taxonomy = load_esco(SHARED / "esco_v1_1_1")
    splits = {
        name: read_linking_examples(
            SHARED / "decorte_skill_extraction_benchmark" / f"{name}_validation_annotations.csv"
        )
        for name in ("tech", "house")
    }
    sentences = [example.sentence for examples in splits.values() for example in examples]
    encoders = {
        "MiniLM-L6 int8 (teacher)": OnnxEncoder(args.teacher_onnx, threads=1, batch_size=16, max_seq_length=64),
        "distilled 3-layer int8 (shipped)": distilled_query_encoder(args.cache.parent / "models", threads=1),
    }
    for extra in args.extra:
        name, folder = extra.split("=", 1)
        encoders[name] = OnnxEncoder(folder, threads=1, batch_size=16, max_seq_length=64)
    config = DESIGNS["alt-max+desc+lex+distilled"]  # the default's weights, 200-skill shortlist
    teacher_vectors = SentenceTransformerEncoder()
    linkers = {
        name: SkillLinker(taxonomy, encoder, config, cache_dir=args.cache, taxonomy_encoder=teacher_vectors).prepare()
        for name, encoder in encoders.items()
    }
    quality = {}
    for name, linker in linkers.items():
        linker.link_skills(sentences[:16])  # load the session before timing
        rp5 = {
            split: evaluate_skill_linking(ex, linker.score_matrix, linker.labels_).metrics["rp@5"]
            for split, ex in splits.items()
        }
        quality[name] = rp5
    link_seconds: dict[str, list[float]] = {name: [] for name in linkers}
    encode_seconds: dict[str, list[float]] = {name: [] for name in linkers}
    for _ in range(args.rounds):
        for name, linker in linkers.items():
            began = time.process_time()
            linker.link_skills(sentences, top_k=10)
            link_seconds[name].append(time.process_time() - began)
            began = time.process_time()
            linker.encoder.encode(sentences)
            encode_seconds[name].append(time.process_time() - began)
    teacher = next(iter(linkers))
    rows = []
    for name in linkers:
        best = len(sentences) / min(link_seconds[name])
        rows.append(
            {
                "encoder": name,
                "sentences_per_s": round(best, 1),
                "median_sentences_per_s": round(len(sentences) / statistics.median(link_seconds[name]), 1),
                "encode_only_sentences_per_s": round(len(sentences) / min(encode_seconds[name]), 1),
                "speedup_vs_teacher": round(min(link_seconds[teacher]) / min(link_seconds[name]), 2),
                "tech_rp@5": round(quality[name]["tech"], 1),
                "house_rp@5": round(quality[name]["house"], 1),
                "macro_rp@5": round((quality[name]["tech"] + quality[name]["house"]) / 2, 1),
            }
        )
    header = list(rows[0])
    print(" | ".join(header))
    for row in rows:
        print(" | ".join(str(row[column]) for column in header))
    print(json.dumps({"sentences": len(sentences), "rounds": args.rounds, "results": rows}))


if __name__ == "__main__":
    main()

"""Speed and quality of ESCO skill linking, side by side, on one CPU core.

    nice python benchmarks/bench_linking.py [--designs zeroshot,alt-max+desc+lex] [--postings 50]

Prints, per design: sentences/s and postings/s per CPU core (one thread, measured in process CPU time so
other users of a shared machine do not count; taxonomy embeddings already cached) and
RP@5 on the Decorte validation splits; also the lexical tier (careerpath's extractor) for reference.
Data: $CAREERPATH_SHARED_DATA (default ../shared/data).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import os
import time
from pathlib import Path

from careerpath.esco import load_esco
from careerpath.evaluation.readers import read_linking_examples
from careerpath.evaluation.runs import evaluate_skill_linking
from careerpath.linking.designs import DEFAULT_DESIGN, DESIGNS
from careerpath.linking.documents import link_document_skills, split_sentences
from careerpath.linking.encoders import OnnxEncoder, SentenceTransformerEncoder, TextEncoder
from careerpath.linking.linker import SkillLinker

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
DECORTE = SHARED / "decorte_skill_extraction_benchmark"


def load_postings(count: int) -> list[str]:
    with gzip.open(SHARED / "glassdoor_ds_jobs_2020" / "glassdoor_jobs.csv.gz", "rt", encoding="utf-8") as handle:
        rows = csv.DictReader(handle)
        return [row["Job Description"] for _, row in zip(range(count), rows, strict=False)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--designs", default=f"zeroshot,{DEFAULT_DESIGN}")
    parser.add_argument("--postings", type=int, default=30)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--onnx", default="", help="folder from scripts/export_onnx_encoder.py: int8 queries")
    parser.add_argument("--cache", default=os.path.expanduser("~/.cache/careerpath/embeddings"))
    args = parser.parse_args()
    import torch

    torch.set_num_threads(args.threads)
    taxonomy = load_esco(SHARED / "esco_v1_1_1")
    encoder: TextEncoder = SentenceTransformerEncoder(threads=args.threads)
    if args.onnx:
        # Same model, int8 runtime; the taxonomy embeddings come from the PyTorch model's cache.
        encoder = OnnxEncoder(args.onnx, threads=args.threads, name=encoder.name)
    splits = {
        name: read_linking_examples(
            SHARED / "decorte_skill_extraction_benchmark" / f"{name}_validation_annotations.csv"
        )
        for name in ("tech", "house")
    }
    postings = load_postings(args.postings)
    n_sentences = sum(len(split_sentences(p)) for p in postings)
    results = []
    for name in args.designs.split(","):
        linker = SkillLinker(taxonomy, encoder, DESIGNS[name], cache_dir=args.cache).prepare()
        linker.score_matrix(["warm up the model"])
        quality = {}
        for split, examples in splits.items():
            quality[split] = evaluate_skill_linking(examples, linker.score_matrix, linker.labels_).metrics["rp@5"]
        sentences = [e.sentence for examples in splits.values() for e in examples]
        began = time.process_time()
        linker.link_skills(sentences, top_k=10)
        sentences_per_s = len(sentences) / (time.process_time() - began)
        began = time.process_time()
        link_document_skills(postings, linker)
        seconds = time.process_time() - began
        results.append(
            {
                "design": name,
                "encoder": encoder.name,
                "sentences_per_s": round(sentences_per_s, 1),
                "postings_per_s": round(len(postings) / seconds, 2),
                "posting_sentences_per_s": round(n_sentences / seconds, 1),
                "tech_rp@5": round(quality["tech"], 1),
                "house_rp@5": round(quality["house"], 1),
                "macro_rp@5": round((quality["tech"] + quality["house"]) / 2, 1),
            }
        )
    try:
        from careerpath.skills.extraction import SkillExtractor
        from careerpath.skills.taxonomy import load_taxonomy

        extractor = SkillExtractor(load_taxonomy())
        sentences = [e.sentence for examples in splits.values() for e in examples]
        began = time.process_time()
        for sentence in sentences:
            extractor.extract(sentence)
        lexical_sentences = len(sentences) / (time.process_time() - began)
        began = time.process_time()
        for posting in postings:
            extractor.extract(posting)
        results.append(
            {
                "design": "lexical tier (careerpath extractor, AI/ML taxonomy; not ESCO-linked)",
                "sentences_per_s": round(lexical_sentences, 1),
                "postings_per_s": round(len(postings) / (time.process_time() - began), 2),
            }
        )
    except ImportError:
        pass
    header = ["design", "encoder", "sentences_per_s", "postings_per_s", "tech_rp@5", "house_rp@5", "macro_rp@5"]
    print(" | ".join(header))
    for row in results:
        print(" | ".join(str(row.get(column, "")) for column in header))
    print(json.dumps({"threads": args.threads, "postings": len(postings), "results": results}))


if __name__ == "__main__":
    main()

"""Train careerpath's skill query encoder (``skill-query-trained.v1``): sentences -> ESCO skills, contrastively.

    python scripts/train_skill_encoder.py --out src/careerpath/data/models/skill-query-trained.v1.safetensors
    python scripts/train_skill_encoder.py --evaluate FILE.safetensors     # only the held-out ESCO check below

What is trained: the sentence (query) side only. The base is careerpath's distilled 3-layer MiniLM student
(``data/models/minilm-query-distilled.safetensors``) on all-MiniLM-L6-v2's token embeddings, which stay frozen,
so the shipped file holds only the three layers (+ the unused pooler), float16, like the student's. The ESCO side
stays FIXED: the designs keep reading all-MiniLM-L6-v2's cached label and description vectors, so nothing in
the taxonomy cache changes and the encoder can be swapped into any distilled design.

Loss: a full softmax over all 13,896 ESCO skills (every skill a negative, so ESCO siblings and the skills the
linker confuses are all in it): logits = 20 * cos(query, MiniLM vector of each skill's preferred label), and
-log of the summed probability of the example's gold skills (one or two); plus ``--keep`` (0.5) x (1 - cosine
between the query vector and the base student's vector of the same text), so the sentence stays in MiniLM's
space, where the alternative-label and description terms of the designs are computed.

Examples, drawn afresh each step in fixed proportions (licences: ESCO (c) European Union, reuse policy Decision
2011/833/EU; SkillSpan, MIT):
- ``label`` 15%: an ESCO alternative label alone -> its skill;
- ``template`` 35%: one label (preferred or alternative) in a job-ad or resume sentence ("Experience with X.",
  "Proficient in X.", "Built a booking system using X.", "Ability to X." for skills/competences, ...);
- ``pair`` 15%: two skills' labels in one sentence ("Experience with X and Y.") -> both;
- ``description`` 20%: the ESCO description of a skill (without its label) -> the skill;
- ``silver`` 15%: a SkillSpan TRAIN sentence -> its skills linked by the silver procedure of
  scripts/build_linking_devset.py (exact label match of an annotated span). Never trained on: SkillSpan dev
  sentences (the silver dev set), the Decorte validation sentences and the human-annotated dev sentences
  (``--exclude``; SkillSpan train repeats a few of them).
A seeded 10% of ESCO skills is held out entirely (none of its labels, descriptions or silver sentences is
trained on); their descriptions and templated alternative labels are the held-out ESCO check (``--evaluate``:
MRR of the dense preferred-label ranking, base student vs trained, paired bootstrap). Nothing from Decorte is
read; the Decorte validation files and the silver dev files are only read by ``careerpath eval skill-linking``.

Settings (fixed before the first full run from the measured step cost, never tuned on any evaluation file):
``--steps`` 300 of ``--batch`` 32 examples, AdamW lr 1e-4, 20 warm-up steps, linear decay, 64 tokens, seed 0,
one thread. A checkpoint every ``--save-every`` steps (``OUT.stepN.safetensors``) keeps a stopped run usable;
the shipped file is the last step.

Ship rule (fixed before any evaluation; docs/benchmarks.md, "Trained skill encoder"): the design
``alt-max+desc+lex+trained.v1`` is registered only if its paired RP@5 difference against
``alt-max+desc+lex+distilled.v1`` on the silver DEV sentences (SkillSpan dev part of build_linking_devset.py;
macro of tech and house, each split resampled on its own) has a point estimate above zero, and also on the
human-annotated dev set of /work/coord/devset.ready when that exists at evaluation time; the encoder must keep
>= 200 sentences/s per core (benchmarks/bench_linking.py, best of 7) and be <= 25 MB. The same rule against
``pref+lex+distilled.v1`` decides ``pref+lex+trained.v1``. It becomes ``BEST_DESIGN`` only if its paired
difference against the default ``alt-max+desc+lex.v2`` has a 95% interval above zero on the Decorte validation
macro AND on the dev macro.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
SCALE = 20.0
MAX_TOKENS = 64


@dataclass(frozen=True)
class Example:
    text: str
    skills: tuple[int, ...]  # rows of the fixed skill matrix (taxonomy order)


# Job-ad and resume phrasings. {x} takes a label; the noun set suits knowledge labels ("Python",
# "project management"), the verb set suits the verb phrases of skills/competences ("manage budgets").
NOUN_TEMPLATES = [
    "Experience with {x}.",
    "Proficient in {x}.",
    "Strong knowledge of {x}.",
    "Familiarity with {x} is a plus.",
    "Hands-on experience in {x} required.",
    "Solid understanding of {x}.",
    "Background in {x} preferred.",
    "Built a booking system using {x}.",
    "Built internal reporting tools using {x}.",
    "You will work with {x} every day.",
    "3+ years of {x}",
    "Skills: {x}",
    "Working knowledge of {x} and related tools.",
    "Certified in {x}.",
    "Trained new staff in {x}.",
]
VERB_TEMPLATES = [
    "Ability to {x}.",
    "You will {x} as part of a small team.",
    "In this role you will {x}.",
    "Able to {x} independently.",
    "Responsibilities include the need to {x}.",
    "The successful candidate will {x}.",
    "Must be able to {x} under pressure.",
    "Day to day, I had to {x}.",
    "Experience: {x}",
    "- {x}",
]
PAIR_TEMPLATES = [
    "Experience with {x} and {y}.",
    "Knowledge of {x}, {y} is required.",
    "Skills: {x}, {y}",
    "Proficient in {x} as well as {y}.",
    "We expect {x} and {y}.",
]
BUILT_THINGS = ["a booking system", "the customer portal", "an inventory tracker", "data pipelines"]


def fill(template: str, x: str, y: str = "") -> str:
    return template.replace("{x}", x).replace("{y}", y)


class Sampler:
    """Draws training examples in fixed proportions from the trainable skills."""

    KINDS = (("label", 0.15), ("template", 0.35), ("pair", 0.15), ("description", 0.20), ("silver", 0.15))

    def __init__(self, skills: Sequence, trainable: Sequence[int], silver: Sequence[Example], seed: int) -> None:
        self.skills = skills
        self.rng = random.Random(seed)
        self.trainable = list(trainable)
        self.with_alt = [i for i in self.trainable if skills[i].alt_labels]
        self.with_description = [i for i in self.trainable if skills[i].description]
        self.silver = list(silver)

    def template(self, index: int, label: str) -> str:
        verbs = self.skills[index].skill_type == "skill/competence" and self.rng.random() < 0.7
        template = self.rng.choice(VERB_TEMPLATES if verbs else NOUN_TEMPLATES)
        return fill(template, label if self.rng.random() < 0.5 else label.lower())

    def label(self, index: int) -> str:
        skill = self.skills[index]
        return self.rng.choice(skill.alt_labels) if skill.alt_labels and self.rng.random() < 0.6 else skill.label

    def draw(self) -> Example:
        rng = self.rng
        kind = rng.choices([k for k, _ in self.KINDS], [w for _, w in self.KINDS])[0]
        if kind == "silver" and self.silver:
            return rng.choice(self.silver)
        if kind == "label":
            index = rng.choice(self.with_alt)
            return Example(rng.choice(self.skills[index].alt_labels), (index,))
        if kind == "description":
            index = rng.choice(self.with_description)
            return Example(self.skills[index].description, (index,))
        if kind == "pair":
            first, second = rng.sample(self.trainable, 2)
            text = fill(rng.choice(PAIR_TEMPLATES), self.label(first), self.label(second))
            return Example(text, (first, second))
        index = rng.choice(self.trainable)
        return Example(self.template(index, self.label(index)), (index,))


def held_out_skills(n_skills: int, fraction: float, seed: int) -> set[int]:
    order = list(range(n_skills))
    random.Random(seed).shuffle(order)
    return set(order[: round(fraction * n_skills)])


def evaluation_sentences(skillspan: Path, files: Sequence[Path]) -> set[str]:
    """Normalised sentences that must never be trained on: SkillSpan dev (the silver dev set) and ``files``."""
    sys.path.insert(0, str(Path(__file__).parent))
    from build_linking_devset import normalise

    from careerpath.evaluation.readers import read_conll, read_linking_examples

    found = {
        normalise(" ".join(t.tokens))
        for s in ("tech", "house")
        for t in read_conll(skillspan / f"skillspan_{s}_dev.conll")
    }
    for path in files:
        found |= {normalise(example.sentence) for example in read_linking_examples(path)}
    return found


def silver_examples(
    skills: Sequence, held_out: set[int], esco: Path, skillspan: Path, excluded: set[str]
) -> list[Example]:
    """SkillSpan TRAIN sentences linked by exact label match (build_linking_devset's rule).

    Dropped: sentences with a held-out skill, and ``excluded`` ones (SkillSpan train repeats some Decorte
    validation and SkillSpan dev sentences; 5 of them would otherwise be trained on).
    """
    sys.path.insert(0, str(Path(__file__).parent))
    from build_linking_devset import label_index, normalise

    from careerpath.evaluation.metrics import bio_spans
    from careerpath.evaluation.readers import read_conll

    labels = label_index(esco)
    row_of = {skill.label: row for row, skill in enumerate(skills)}
    examples = []
    for subset in ("tech", "house"):
        for tagged in read_conll(skillspan / f"skillspan_{subset}_train.conll"):
            if len(tagged.tokens) < 4 or normalise(" ".join(tagged.tokens)) in excluded:
                continue
            linked = set()
            for layer in tagged.layers:
                for start, end, _ in bio_spans(layer):
                    label = labels.get(normalise(" ".join(tagged.tokens[start:end])))
                    if label:
                        linked.add(row_of[label])
            if linked and not linked & held_out:
                examples.append(Example(" ".join(tagged.tokens), tuple(sorted(linked))))
    return examples


def skill_matrix(taxonomy, cache: Path) -> np.ndarray:
    """all-MiniLM-L6-v2's preferred-label vectors (the fixed side), from the designs' embeddings cache."""
    from careerpath.linking.cache import EmbeddingCache
    from careerpath.linking.encoders import SentenceTransformerEncoder

    encoder = SentenceTransformerEncoder(threads=1)
    key = f"esco-{taxonomy.version}-{taxonomy.fingerprint}"
    labels = [s.label for s in taxonomy.skills]
    return EmbeddingCache(cache).get_or_compute(encoder.name, key, "skill_preferred_labels", labels, encoder.encode)


class Trainer:
    def __init__(self, layers_file: Path, threads: int, lr: float, seed: int) -> None:
        import copy

        import torch
        from safetensors import safe_open
        from transformers import AutoTokenizer

        from careerpath.linking.encoders import default_model_path
        from careerpath.linking.query_encoder import _assemble_student

        torch.set_num_threads(threads)
        torch.manual_seed(seed)
        self.torch = torch
        self.model = _assemble_student(layers_file)
        self.base = copy.deepcopy(self.model).eval()  # the start point, for the keep-in-space term
        self.keys = list(safe_open(str(layers_file), "pt").keys())
        for name, parameter in self.model.named_parameters():
            parameter.requires_grad = name.startswith("encoder.")
        self.tokenizer = AutoTokenizer.from_pretrained(str(default_model_path()))
        trainable = [p for p in self.model.parameters() if p.requires_grad]
        self.optimiser = torch.optim.AdamW(trainable, lr=lr, weight_decay=0.01)

    def embed(self, model, texts: Sequence[str]):
        encoded = self.tokenizer(list(texts), padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt")
        hidden = model(**encoded).last_hidden_state
        mask = encoded["attention_mask"].unsqueeze(-1).float()
        return self.torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1)

    def step(self, batch: Sequence[Example], targets, lr: float, keep: float) -> tuple[float, float]:
        torch = self.torch
        self.model.train()
        for group in self.optimiser.param_groups:
            group["lr"] = lr
        texts = [e.text for e in batch]
        queries = self.embed(self.model, texts)
        logits = SCALE * queries @ targets.T
        positive = torch.full_like(logits, float("-inf"))
        for row, example in enumerate(batch):
            positive[row, list(example.skills)] = 0.0
        ranking = (torch.logsumexp(logits, 1) - torch.logsumexp(logits + positive, 1)).mean()
        with torch.no_grad():
            anchors = self.embed(self.base, texts)
        drift = (1.0 - (queries * anchors).sum(1)).mean()
        loss = ranking + keep * drift
        self.optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.optimiser.step()
        return float(ranking.detach()), float(drift.detach())

    def save(self, path: Path) -> None:
        from safetensors.torch import save_file

        state = self.model.state_dict()
        save_file({k: state[k].detach().to(self.torch.float16).contiguous() for k in self.keys}, str(path))


def held_out_check(skills: Sequence, held_out: set[int], seed: int, limit: int) -> list[Example]:
    """Descriptions and one templated alternative label per held-out skill (seeded), at most ``limit`` of each."""
    sampler = Sampler(skills, sorted(held_out), [], seed + 1)
    rows = sorted(held_out)
    descriptions = [Example(skills[i].description, (i,)) for i in rows if skills[i].description][:limit]
    templated = [Example(sampler.template(i, sampler.label(i)), (i,)) for i in rows][:limit]
    return descriptions + templated


def reciprocal_ranks(layers_file: Path, examples: Sequence[Example], targets: np.ndarray) -> list[float]:
    """1 / rank of the gold skill among all skills by cosine to the preferred-label vectors (int8 ONNX, as shipped)."""
    from careerpath.linking.encoders import OnnxEncoder
    from careerpath.linking.query_encoder import query_encoder_dir

    models = Path(os.environ.get("CAREERPATH_HOME", Path.home() / ".cache" / "careerpath")) / "cache" / "models"
    encoder = OnnxEncoder(query_encoder_dir(models, layers_file), threads=1, batch_size=16, max_seq_length=MAX_TOKENS)
    scores = encoder.encode([e.text for e in examples]) @ targets.T
    gold = np.asarray([e.skills[0] for e in examples])
    ranks = (scores > scores[np.arange(len(examples)), gold][:, None]).sum(1) + 1
    return (1.0 / ranks).tolist()


def evaluate(layers_file: Path, base_file: Path, examples: Sequence[Example], targets: np.ndarray) -> None:
    """MRR of the held-out ESCO check, base student vs ``layers_file``, per kind of text, paired."""
    from careerpath.evaluation.bootstrap import bootstrap_mean, paired_difference

    base = reciprocal_ranks(base_file, examples, targets)
    trained = reciprocal_ranks(layers_file, examples, targets)
    half = len(examples) // 2  # descriptions first, then as many templated labels
    for kind, rows in (("descriptions", slice(0, half)), ("templated labels", slice(half, None))):
        print(
            f"held-out ESCO check, {kind} (n={len(base[rows])}): MRR base {bootstrap_mean(base[rows]).scaled(100)}, "
            f"trained {bootstrap_mean(trained[rows]).scaled(100)}; "
            f"paired Δ {paired_difference(base[rows], trained[rows]).scaled(100)}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--esco", type=Path, default=SHARED / "esco_v1_1_1")
    parser.add_argument("--skillspan", type=Path, default=SHARED / "skillspan" / "conll")
    home = Path(os.environ.get("CAREERPATH_HOME", Path.home() / ".cache" / "careerpath"))
    parser.add_argument("--cache", type=Path, default=home / "cache" / "embeddings")
    decorte = SHARED / "decorte_skill_extraction_benchmark"
    human_dev = Path(__file__).resolve().parents[1] / "benchmarks" / "linking_dev"  # issue 15's annotated dev set
    parser.add_argument(
        "--exclude",
        type=Path,
        nargs="*",
        default=[
            decorte / "tech_validation_annotations.csv",
            decorte / "house_validation_annotations.csv",
            human_dev / "tech_dev_annotations.csv",
            human_dev / "house_dev_annotations.csv",
        ],
        help="Decorte-format files whose sentences are never trained on (missing files are skipped)",
    )
    parser.add_argument("--out", type=Path, default=Path("/tmp/skill-query-trained.v1.safetensors"))
    parser.add_argument("--evaluate", type=Path, help="skip training; run the held-out ESCO check on this file")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--keep", type=float, default=0.5, help="weight of the stay-near-the-base-student term")
    parser.add_argument("--heldout-fraction", type=float, default=0.10)
    parser.add_argument("--check-limit", type=int, default=300, help="held-out texts per kind in the ESCO check")
    parser.add_argument("--save-every", type=int, default=50)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-eval", action="store_true")
    args = parser.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)

    from careerpath.esco import load_esco
    from careerpath.linking.query_encoder import shipped_query_layers

    taxonomy = load_esco(args.esco)
    skills = taxonomy.skills
    targets = skill_matrix(taxonomy, args.cache)
    held_out = held_out_skills(len(skills), args.heldout_fraction, args.seed)
    check = held_out_check(skills, held_out, args.seed, args.check_limit)
    if args.evaluate:
        evaluate(args.evaluate, shipped_query_layers(), check, targets)
        return
    excluded = evaluation_sentences(args.skillspan, [p for p in args.exclude if p.is_file()])
    silver = silver_examples(skills, held_out, args.esco, args.skillspan, excluded)
    trainable = [i for i in range(len(skills)) if i not in held_out]
    print(
        f"{len(trainable)} skills trained, {len(held_out)} held out; {len(silver)} silver train sentences", flush=True
    )
    sampler = Sampler(skills, trainable, silver, args.seed)
    trainer = Trainer(shipped_query_layers(), args.threads, args.lr, args.seed)
    matrix = trainer.torch.from_numpy(np.ascontiguousarray(targets, dtype=np.float32))
    started, cpu_started, losses = time.perf_counter(), time.process_time(), []
    for step in range(1, args.steps + 1):
        batch = [sampler.draw() for _ in range(args.batch)]
        warm = min(1.0, step / args.warmup)
        decay = (args.steps - step + 1) / args.steps
        losses.append(trainer.step(batch, matrix, args.lr * warm * decay, args.keep))
        if step % 10 == 0:
            ranking, drift = np.mean(losses[-10:], axis=0)
            wall = (time.perf_counter() - started) / step
            cpu = (time.process_time() - cpu_started) / step
            print(
                f"step {step}/{args.steps}: ranking loss {ranking:.3f}, drift {drift:.4f} "
                f"({wall:.2f} s/step wall, {cpu:.2f} s/step CPU)",
                flush=True,
            )
        if step % args.save_every == 0 or step == args.steps:
            trainer.save(args.out.with_name(f"{args.out.stem}.step{step}{args.out.suffix}"))
    trainer.save(args.out)
    cpu_minutes = (time.process_time() - cpu_started) / 60
    print(f"trained {args.steps} steps in {(time.perf_counter() - started) / 60:.1f} min wall, {cpu_minutes:.1f} CPU")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)", flush=True)
    if not args.no_eval:
        evaluate(args.out, shipped_query_layers(), check, targets)


if __name__ == "__main__":
    main()

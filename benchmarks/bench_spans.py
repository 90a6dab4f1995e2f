"""Speed of the span taggers on one CPU core: SkillSpan dev sentences per second (best of N).

    nice python benchmarks/bench_spans.py [--taggers span-tagger,careerpath] [--sentences 1000] [--repeat 5]

Each tagger tags the first ``--sentences`` sentences of SkillSpan tech + house dev (alternating, so both
styles are in the sample) ``--repeat`` times; the figure is sentences / process CPU seconds (one thread,
so other users of a shared machine do not count), best and median of the repeats. Loading is not timed.
The trained tagger runs batched (``tag_many``, batches of 32 windows sorted by length), as ``eval spans``
and the emerging-skills finder call it. Data: $CAREERPATH_SHARED_DATA (default ../shared/data).
"""

from __future__ import annotations

import argparse
import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import statistics
import time
from collections.abc import Callable, Sequence
from itertools import chain, zip_longest
from pathlib import Path

from careerpath.components import registry
from careerpath.evaluation.readers import read_conll

SHARED = Path(os.environ.get("CAREERPATH_SHARED_DATA", Path(__file__).resolve().parents[1] / "../shared/data"))
CONLL = SHARED / "skillspan" / "conll"


def sample(count: int) -> list[tuple[str, ...]]:
    tech = read_conll(CONLL / "skillspan_tech_dev.conll")
    house = read_conll(CONLL / "skillspan_house_dev.conll")
    mixed = [s.tokens for s in chain.from_iterable(zip_longest(tech, house)) if s is not None]
    return mixed[:count]


def runner(name: str) -> Callable[[Sequence[Sequence[str]]], object]:
    component = registry().resolve("tagger", name)
    if component.alias.startswith("span-tagger"):
        return component.value(threads=1).tag_many
    if component.alias == "esco-labels":
        from careerpath.esco import load_esco

        labels = [label for s in load_esco(SHARED / "esco_v1_1_1").skills for label in s.all_labels]
        tagger = component.value(labels)
    else:
        tagger = component.value()
    return lambda sentences: [tagger.tag(tokens) for tokens in sentences]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--taggers", default="span-tagger,careerpath")
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    import torch

    torch.set_num_threads(1)
    sentences = sample(args.sentences)
    words = sum(len(s) for s in sentences)
    print(f"{len(sentences)} SkillSpan dev sentences ({words} words), one thread, load {os.getloadavg()[0]:.1f}")
    for name in args.taggers.split(","):
        run = runner(name)
        run(sentences[:32])  # warm up outside the timed part
        rates = []
        for _ in range(args.repeat):
            started = time.process_time()
            run(sentences)
            rates.append(len(sentences) / (time.process_time() - started))
        print(
            f"{registry().resolve('tagger', name).name:>16}: best {max(rates):,.0f} sentences/s per core, "
            f"median {statistics.median(rates):,.0f} (of {args.repeat})"
        )


if __name__ == "__main__":
    main()

"""The registry of versioned components: its contents are pinned (as spaCy pins its registries).

Adding a design or bumping a version changes this snapshot on purpose: update it in the same commit,
and keep the old version listed (runnable, or retired with the reason) so stored names still resolve.
"""

from __future__ import annotations

import pytest

from careerpath.components import registry
from careerpath.errors import InputError
from careerpath.linking import design_config
from careerpath.registry import DEFAULT_DESIGN, Registry
from careerpath.settings import Settings

SNAPSHOT = {
    "design": {
        "alt-max": ("alt-max.v1", []),
        "alt-max+desc": ("alt-max+desc.v1", []),
        "alt-max+desc+lex": ("alt-max+desc+lex.v2", ["alt-max+desc+lex.v1"]),
        "alt-max+desc+lex+rerank": ("alt-max+desc+lex+rerank.v3", []),
        "alt-max+desc+lex+distilled": ("alt-max+desc+lex+distilled.v1", []),
        "alt-max+desc+lex+ens": ("alt-max+desc+lex+ens.v1", []),
        "alt-max+desc+lex+int8": ("alt-max+desc+lex+int8.v1", []),
        "alt-max+desc+lex+mpnet": ("alt-max+desc+lex+mpnet.v1", []),
        "alt-max+desc+lex+shortlist": ("alt-max+desc+lex+shortlist.v1", []),
        "alt-max+desc+lex+trained": ("alt-max+desc+lex+trained.v1", []),
        "alt-max+desc+lex+trained+rerank": ("alt-max+desc+lex+trained+rerank.v2", []),
        "alt-max+lex": ("alt-max+lex.v2", ["alt-max+lex.v1"]),
        "alt-max+lex+clauses": ("alt-max+lex+clauses.v2", ["alt-max+lex+clauses.v1"]),
        "alt-max+lex+prior": ("alt-max+lex+prior.v2", ["alt-max+lex+prior.v1"]),
        "lexical": ("lexical.v2", ["lexical.v1"]),
        "pref+lex": ("pref+lex.v1", []),
        "pref+lex+distilled": ("pref+lex+distilled.v1", []),
        "pref+lex+mpnet": ("pref+lex+mpnet.v1", []),
        "pref+lex+trained": ("pref+lex+trained.v1", []),
        "zeroshot": ("zeroshot.v1", []),
    },
    "encoder": {
        "minilm": ("minilm.v1", []),
        "minilm-distilled": ("minilm-distilled.v1", []),
        "minilm-int8": ("minilm-int8.v1", []),
        "minilm+mpnet": ("minilm+mpnet.v1", []),
        "mpnet": ("mpnet.v1", []),
        "skill-query-trained": ("skill-query-trained.v1", []),
    },
    "extractor": {"keyword-match": ("keyword-match.v3", ["keyword-match.v1"])},
    "fit": {"weighted-coverage": ("weighted-coverage.v1", [])},
    "matcher": {
        "match-fusion": ("match-fusion.v1", []),
        "match-score": ("match-score.v2", ["match-score.v1"]),
    },
    "planner": {
        "level-aware": ("level-aware.v2", []),
        "prerequisite-order": (None, ["prerequisite-order.v1"]),
    },
    "tagger": {
        "careerpath": ("careerpath.v1", []),
        "esco-labels": ("esco-labels.v1", []),
        "span-tagger": ("span-tagger.v3", []),
        "span-tagger-ensemble": ("span-tagger-ensemble.v1", []),
        "span-tagger-int8": ("span-tagger-int8.v2", []),
    },
    "title-design": {"role-titles": ("role-titles.v4", []), "titles": ("titles.v7", [])},
}


def test_the_registry_holds_exactly_the_pinned_components() -> None:
    actual = {
        kind: {alias: (entry["latest"], entry["retired"]) for alias, entry in aliases.items()}
        for kind, aliases in registry().snapshot().items()
    }
    assert actual == SNAPSHOT


def test_aliases_resolve_to_the_latest_and_versioned_names_to_themselves() -> None:
    assert design_config("lexical") is design_config("lexical.v2")
    assert design_config("alt-max+desc+lex").name == "alt-max+desc+lex.v2"
    assert registry().resolve("extractor", "keyword-match").name == "keyword-match.v3"
    assert registry().resolve("extractor", "keyword-match.v2").retired is None  # older behaviour stays selectable
    assert registry().resolve("matcher", "match-score").name == "match-score.v2"  # the default ranking
    assert registry().resolve("matcher", "match-fusion").name == "match-fusion.v1"


def test_every_design_names_a_registered_encoder() -> None:
    for component in registry().components("design"):
        if component.retired is None:
            assert registry().resolve("encoder", component.value.query_encoder).retired is None, component.name


def test_a_stored_retired_version_is_recognised_but_not_run() -> None:
    with pytest.raises(InputError, match=r"'lexical.v1' is retired: .*Use 'lexical' \(lexical.v2\)"):
        design_config("lexical.v1")
    with pytest.raises(InputError, match=r"Unknown ESCO linking design 'nope'; choose from: alt-max, "):
        design_config("nope")


def test_the_default_design_is_defined_once() -> None:
    assert Settings.model_fields["esco_design"].default == DEFAULT_DESIGN
    assert design_config(DEFAULT_DESIGN).dense is False  # the default needs no model


def test_a_new_version_becomes_the_alias_target_and_the_old_one_stays_selectable() -> None:
    reg = Registry()
    reg.add("fit", "demo.v1", "first")
    reg.add("fit", "demo.v2", "second")
    assert reg.get("fit", "demo") == "second" and reg.get("fit", "demo.v1") == "first"
    with pytest.raises(ValueError, match="registered twice"):
        reg.add("fit", "demo.v2", "again")
    with pytest.raises(ValueError, match="not a versioned name"):
        reg.add("fit", "demo", "unversioned")

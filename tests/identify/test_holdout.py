"""The held-out benchmark's bookkeeping: which rules a fold switches off, and its
scores on a slice of the real corpus (skipped when the corpus is absent)."""
from __future__ import annotations

import pytest

from benchmarks import identify_holdout as holdout
from benchmarks.corpus_score import CORPUS, load


def line(source: str) -> dict:
    return {"source": f"{source}:tests.py", "input": "x", "title": "x", "kind": "movie"}


def test_a_fold_switches_off_rules_with_no_evidence_outside_the_held_out_source() -> None:
    ev = {
        "only-a": holdout.Evidence(needs=[line("a/a"), line("a/a")], hurts=[]),
        "a-and-b": holdout.Evidence(needs=[line("a/a"), line("b/b")], hurts=[]),
        "a-b-c": holdout.Evidence(needs=[line("a/a"), line("b/b"), line("c/c")], hurts=[]),
        "none": holdout.Evidence(needs=[], hurts=[line("c/c")]),
    }
    assert holdout.held_out_rules(ev, "a/a") == {"only-a"}
    assert holdout.held_out_rules(ev, "c/c") == frozenset()
    assert holdout.held_out_rules(ev, "a/a", at_least=2) == {"only-a", "a-and-b"}


def test_lineages_count_as_one_source() -> None:
    assert holdout.source_of(line("dreulavelle/PTT")) == holdout.source_of(line("platelminto/parse-torrent-title"))


@pytest.mark.skipif(not CORPUS.exists(), reason="shared corpus not present")
def test_held_out_scores_on_a_slice_of_the_corpus() -> None:
    lines = load()[::6]
    base = holdout.vocabulary()
    ev = holdout.evidence(lines, base)
    table, misses = holdout.cross_validate(lines, base, ev)
    for fold in table.values():
        assert fold.held.scored == fold.full.scored and fold.held.lines == fold.full.lines
        assert fold.held.right <= fold.kept.right <= fold.full.right
        if not fold.off:                    # nothing switched off: the same parser, the same score
            assert (fold.held.right, fold.held.kind) == (fold.full.right, fold.full.kind)
    assert sum(f.held.lines for f in table.values()) == len(lines)
    assert all(not holdout.right(o) for o in misses)


def test_structural_rules_stay_on_when_kept() -> None:
    ev = {"only-a": holdout.Evidence(needs=[line("a/a")], hurts=[]),
          "inner-aside": holdout.Evidence(needs=[line("a/a")], hurts=[])}
    assert holdout.held_out_rules(ev, "a/a") == {"only-a", "inner-aside"}
    assert holdout.held_out_rules(ev, "a/a", keep=holdout.STRUCTURAL) == {"only-a"}
    assert set(holdout.STRUCTURAL) <= set(holdout.RULES)

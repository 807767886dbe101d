"""Held-out accuracy of the filename parser: each corpus source scored with
only the rules that the other sources justify.

    python -m benchmarks.identify_holdout [--rules] [--misses]

The parser's heuristics are named rules (`identify/rules/switches.py`), each
one switchable. A rule's *evidence* is the corpus lines it is needed for:
right (title, year and kind) with every rule on, wrong with that rule alone
off. When a source is held out, every rule with no evidence outside it is
switched off and the source is scored with what is left: the parser as it
would stand had it been tuned on the other sources only. The strict column
also switches off rules whose evidence outside the source spans fewer than
two sources, the bar the project sets for admitting a new rule. The
"structural kept" column keeps the rules of `STRUCTURAL` on in every fold:
rules stated from a name's structure or a documented naming convention, which
tuning on any subset would have written too. Rules with no
evidence in the corpus stay on: nothing in the corpus argues for them, so
nothing was tuned to it (they answer cases written for the project's tests).

What this does not undo: the vocabularies (tag words such as "BluRay") and
the rules' shapes were written with the whole corpus in view; and a rule's
evidence is found by switching it off alone, so two rules that cover for
each other show no evidence. The held-out figure is an upper bound in those
respects, and the figure on names from outside the corpus is the real test.

Sources are the corpus's repositories, except that parse-torrent-title and
its port PTT count as one (PTT carries many of the same cases).
"""
from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Callable, Iterable

from benchmarks.corpus_score import CORPUS, Outcome, load, score_one
from movievault_build.identify.filename import parse
from movievault_build.identify.rules.switches import RULES, STRUCTURAL
from movievault_build.identify.rules.vocab import Vocabulary, vocabulary

# Repositories that share a lineage (and test cases) count as one source.
FAMILY = {"dreulavelle/PTT": "platelminto/parse-torrent-title"}
MIN_SOURCES = 2          # the bar for admitting a new rule


def source_of(line: dict) -> str:
    repo = line["source"].split(":", 1)[0]
    return FAMILY.get(repo, repo)


def outcome(line: dict, vocab: Vocabulary) -> Outcome:
    g = parse(line["input"], vocab)
    return score_one(line, g.title, g.year, g.kind)


def right(o: Outcome) -> bool:
    return o.ok and o.kind_ok


@dataclass
class Evidence:
    needs: list[dict]        # lines right with the rule, wrong without
    hurts: list[dict]        # lines wrong with the rule, right without

    def sources(self, leaving_out: str | None = None) -> set[str]:
        return {source_of(line) for line in self.needs} - {leaving_out}


def evidence(lines: list[dict], base: Vocabulary) -> dict[str, Evidence]:
    full = [right(outcome(line, base)) for line in lines]
    found: dict[str, Evidence] = {}
    for rule in RULES:
        off = replace(base, off=frozenset({rule}))
        without = [right(outcome(line, off)) for line in lines]
        found[rule] = Evidence(
            needs=[line for line, a, b in zip(lines, full, without) if a and not b],
            hurts=[line for line, a, b in zip(lines, full, without) if b and not a])
    return found


def held_out_rules(ev: dict[str, Evidence], source: str, at_least: int = 1,
                   keep: Iterable[str] = ()) -> frozenset[str]:
    """Rules the corpus argues for, but not from `at_least` sources other than
    `source`; the rules in `keep` stay on."""
    return frozenset(r for r, e in ev.items()
                     if e.needs and len(e.sources(source)) < at_least and r not in keep)


@dataclass
class Score:
    lines: int = 0
    scored: int = 0
    right: int = 0          # title+year, over scored lines
    kind: int = 0           # over all lines

    def add(self, outcomes: Iterable[Outcome]) -> None:
        for o in outcomes:
            self.lines += 1
            self.kind += o.kind_ok
            if o.title_ok is not None or o.year_ok is not None:
                self.scored += 1
                self.right += o.ok

    def merge(self, other: "Score") -> None:
        self.lines += other.lines
        self.scored += other.scored
        self.right += other.right
        self.kind += other.kind

    @property
    def accuracy(self) -> float:
        return self.right / max(1, self.scored)

    @property
    def kind_accuracy(self) -> float:
        return self.kind / max(1, self.lines)


@dataclass
class Fold:
    full: Score              # every rule on
    held: Score              # rules with evidence outside the source
    strict: Score            # rules with evidence from two sources outside it
    kept: Score              # as `held`, the structural rules on
    off: frozenset[str]      # the rules off for `held`


def cross_validate(lines: list[dict], base: Vocabulary, ev: dict[str, Evidence]
                   ) -> tuple[dict[str, Fold], list[Outcome]]:
    """One fold per source, and the held-out misses."""
    by_source: dict[str, list[dict]] = defaultdict(list)
    for line in lines:
        by_source[source_of(line)].append(line)
    table: dict[str, Fold] = {}
    misses: list[Outcome] = []
    for source, group in sorted(by_source.items()):
        off = held_out_rules(ev, source)
        held = replace(base, off=off)
        strict = replace(base, off=held_out_rules(ev, source, MIN_SOURCES))
        kept = replace(base, off=held_out_rules(ev, source, keep=STRUCTURAL))
        fold = Fold(Score(), Score(), Score(), Score(), off)
        fold.full.add(outcome(line, base) for line in group)
        held_outcomes = [outcome(line, held) for line in group]
        fold.held.add(held_outcomes)
        fold.strict.add(outcome(line, strict) for line in group)
        fold.kept.add(outcome(line, kept) for line in group)
        misses += [o for o in held_outcomes if not right(o)]
        table[source] = fold
    return table, misses


def guessit_by_source(lines: list[dict]) -> dict[str, Score] | None:
    """guessit's score per source: on sources other than its own it is held out too."""
    try:
        from benchmarks.parse_bench import guessit_guesser
    except ImportError:
        return None
    guess: Callable | None = guessit_guesser()
    if guess is None:
        return None
    scores: dict[str, Score] = defaultdict(Score)
    for line in lines:
        title, year, kind = guess(line["input"])
        scores[source_of(line)].add([score_one(line, title, year, kind)])
    return scores


def _pct(s: Score) -> str:
    return f"{s.accuracy:.1%} ({s.right}/{s.scored})"


def report(lines: list[dict], show_rules: bool, show_misses: bool) -> str:
    base = vocabulary()
    ev = evidence(lines, base)
    table, misses = cross_validate(lines, base, ev)
    theirs = guessit_by_source(lines)
    out = [f"Corpus: {len(lines)} names from {len(table)} sources; {len(RULES)} named rules, "
           f"{sum(1 for e in ev.values() if e.needs)} with evidence in the corpus.\n",
           "| held-out source | title+year, all rules | title+year, held out | kind, held out "
           "| rules off | title+year, strict | title+year, structural kept | guessit title+year |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]
    totals = {name: Score() for name in ("full", "held", "strict", "kept", "guessit")}
    for source, fold in table.items():
        gi = theirs[source] if theirs else None
        out.append(f"| {source} | {_pct(fold.full)} | {_pct(fold.held)} | {fold.held.kind_accuracy:.1%} "
                   f"| {len(fold.off)} | {_pct(fold.strict)} | {_pct(fold.kept)} | {_pct(gi) if gi else '-'} |")
        for name, s in (("full", fold.full), ("held", fold.held), ("strict", fold.strict),
                        ("kept", fold.kept), ("guessit", gi)):
            if s is not None:
                totals[name].merge(s)
    gi_cell = _pct(totals["guessit"]) if theirs else "-"
    out.append(f"| **all, pooled** | {_pct(totals['full'])} | **{_pct(totals['held'])}** "
               f"| **{totals['held'].kind_accuracy:.1%}** | | {_pct(totals['strict'])} "
               f"| {_pct(totals['kept'])}, kind {totals['kept'].kind_accuracy:.1%} | {gi_cell} |")
    if theirs:
        own = theirs.get("guessit-io/guessit")
        rest = Score()
        for source, s in theirs.items():
            if source != "guessit-io/guessit":
                rest.merge(s)
        out.append(f"\nguessit on its own suite: {_pct(own) if own else '-'}; on the other sources "
                   f"(held out for it): {_pct(rest)}, kind {rest.kind_accuracy:.1%}.")
    if show_rules:
        out += ["", "| rule | needed by (lines) | sources | lines it gets wrong |", "|---|---:|---|---:|"]
        for rule, e in sorted(ev.items(), key=lambda kv: (-len(kv[1].needs), kv[0])):
            flag = "" if not e.needs or len(e.sources()) >= MIN_SOURCES else " (one source)"
            flag += " (structural)" if rule in STRUCTURAL else ""
            out.append(f"| {rule} | {len(e.needs)} | {', '.join(sorted(s.split('/')[0] for s in e.sources()))}"
                       f"{flag} | {len(e.hurts)} |")
    if show_misses:
        out += ["", "Held-out misses:"]
        out += [f"- [{source_of(o.line).split('/')[0]}] `{o.line['input']}`: want {o.line['title']!r} / "
                f"{o.line['year'] if o.line.get('year_asserted') else '-'} {o.line['kind']}, "
                f"got {o.title!r} / {o.year} {o.kind}" for o in misses]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rules", action="store_true", help="list each rule's evidence")
    ap.add_argument("--misses", action="store_true", help="list the held-out misses")
    args = ap.parse_args(argv)
    if not CORPUS.exists():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 1
    print(report(load(), args.rules, args.misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

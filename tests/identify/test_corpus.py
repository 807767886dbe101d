"""The filename parser against the shared real-world corpus
(`<repo>/../shared/corpus/filenames.jsonl`), scored as its README says."""
from __future__ import annotations

import pytest

from benchmarks.corpus_score import CORPUS, Report, evaluate, load, normalise
from movievault_build.identify.filename import parse

MIN_ACCURACY = 0.95     # title+year over scored lines
MAX_SWAPS = 0.01        # movie<->episode confusions, share of all lines


@pytest.fixture(scope="module")
def report() -> Report:
    if not CORPUS.exists():
        pytest.skip(f"corpus not found: {CORPUS}")

    def guess(name: str) -> tuple:
        g = parse(name)
        return g.title, g.year, g.kind
    return evaluate(load(), guess)


def _show(outcomes) -> str:
    return "\n".join(f"{o.line['input']!r}: want {o.line['title']!r}/{o.line.get('year')} "
                     f"{o.line['kind']}, got {o.title!r}/{o.year} {o.kind}" for o in outcomes)


def test_title_and_year_accuracy(report: Report) -> None:
    assert report.accuracy >= MIN_ACCURACY, _show(report.misses)


def test_episodes_and_movies_are_not_confused(report: Report) -> None:
    total = len(report.outcomes)
    as_movie = report.crossed("movie", "episode")
    as_episode = report.crossed("episode", "movie")
    assert len(as_movie) / total <= MAX_SWAPS, _show(as_movie)
    assert len(as_episode) / total <= MAX_SWAPS, _show(as_episode)


@pytest.mark.parametrize("title, key", [
    ("R.I.P.D.", "ripd"),
    ("V H S 2", "vhs 2"),
    ("Amélie & Co.", "amelie and co"),
    ("Howl's Moving Castle", "howls moving castle"),
    ("Crouching.Tiger.Hidden.Dragon", "crouching tiger hidden dragon"),
    ("Trон: Наследие", "trон наследие"),
    (None, ""),
])
def test_normalise(title: str | None, key: str) -> None:
    assert normalise(title) == key

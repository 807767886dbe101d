"""Genres suggested for films that have none, from the films that read most like them.

The model is the library itself: a film's text neighbours (recommend/text.py) that have
genres vote for them, each vote weighed by how alike the two read; a genre's confidence is
its share of the votes. Suggestions are only ever shown as such (the movie page, `movievault
suggest`); they become a film's genres when the user accepts them into the user block.

    >>> films = {"a": ("Drama",), "b": ("Drama", "Crime"), "c": ()}
    >>> suggest_genres({"c": [("a", 0.6), ("b", 0.2)]}, films)["c"]
    [('Drama', 1.0), ('Crime', 0.25)]
"""
from __future__ import annotations

from collections import defaultdict
from typing import Mapping, Sequence

MIN_CONFIDENCE = 0.25   # a genre with less of the votes is not suggested
MIN_EVIDENCE = 0.15     # the voters' summed likeness below this: too little to go on
MOST = 3


def suggest_genres(near: Mapping[str, Sequence[tuple[str, float]]],
                   genres: Mapping[str, Sequence[str]]) -> dict[str, list[tuple[str, float]]]:
    """slug -> [(genre, confidence 0-1)], best first, for each film in `genres` that has
    none and whose neighbours in `near` say enough."""
    out: dict[str, list[tuple[str, float]]] = {}
    for slug, own in genres.items():
        if own:
            continue
        votes: dict[str, float] = defaultdict(float)
        total = 0.0
        for other, score in near.get(slug, ()):
            theirs = genres.get(other) or ()
            if theirs:
                total += score
                for g in dict.fromkeys(theirs):
                    votes[g] += score
        if total < MIN_EVIDENCE:
            continue
        ranked = sorted(((g, round(v / total, 2)) for g, v in votes.items()), key=lambda gv: (-gv[1], gv[0]))
        found = [(g, c) for g, c in ranked if c >= MIN_CONFIDENCE][:MOST]
        if found:
            out[slug] = found
    return out

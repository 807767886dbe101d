"""How long a scan would take, from what a dry run found it would do. Rough by design:
the costs are typical figures, not measurements of this machine (benchmarks/README.md
has those); it tells a ten-second scan from an hour-long one.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

REQUEST_SECONDS = 0.35     # one provider request, answer included
SEARCH_FOLLOW_UPS = 1      # a search that finds a film is followed by its details request
PROBE_SECONDS = 0.4        # one ffprobe run on a real file
MOVIE_SECONDS = 0.02       # identify, merge and write one movie


@dataclass(frozen=True)
class Estimate:
    requests: int
    probes: int
    movies: int
    seconds: float

    def __str__(self) -> str:
        return (f"about {_duration(self.seconds)} ({self.requests} requests, {self.probes} files to "
                f"probe, {self.movies} movies to write)")


def estimate(unsent: list[str], probes: int, movies: int, *, workers: int, rate_limit: float) -> Estimate:
    searches = sum(1 for r in unsent if "/search/" in r)
    requests = len(unsent) + SEARCH_FOLLOW_UPS * searches
    per_request = max(REQUEST_SECONDS / max(workers, 1), 1 / rate_limit if rate_limit > 0 else 0.0)
    seconds = (requests * per_request + probes * PROBE_SECONDS / (os.cpu_count() or 1)
               + movies * MOVIE_SECONDS)
    return Estimate(requests, probes, movies, seconds)


def _duration(seconds: float) -> str:
    """
    >>> _duration(4.2), _duration(125), _duration(7300)
    ('4 s', '2 min 5 s', '2 h 1 min')
    """
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s"
    return f"{s // 3600} h {s % 3600 // 60} min"

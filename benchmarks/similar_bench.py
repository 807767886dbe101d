"""CPU time of the plot and keyword likeness (recommend/text.py) against scikit-learn's
TfidfVectorizer with a sparse top-k, at two library sizes.

    python -m benchmarks.similar_bench [--n 1000,10000] [--runs 3] [--no-sklearn]

Beside the time, the pairs our inner loop scores per film, counted: the work itself, which
stays under TERMS_KEPT × POSTINGS_KEPT however large the library.

Plots are drawn from a Zipf-distributed vocabulary of 30,000 words (40–120 words each, as
TMDB overviews run), 0–8 keywords from 4,000, a third of the films in one of 300 "topics"
that share a few rare words (so some pairs really read alike). Each variant is timed with
the process's CPU clock (user + system): the median of `--runs` with their min–max beside
it, and the 1-minute load average before and after each size. scikit-learn's side:
`TfidfVectorizer(sublinear_tf, min_df=2)` and the rows' products with the whole matrix taken
500 rows at a time (sparse), each row cut to its best 20 — the usual way, and the one whose
cost grows with the square of the library when common words link most films.
"""
from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from movievault_build.model import movie_from_metadata  # noqa: E402
from movievault_build.recommend.analysis import analyse, document  # noqa: E402
from movievault_build.recommend.text import NEIGHBOURS, POSTINGS_KEPT, STOP, vectors  # noqa: E402

GENRES = "Drama Comedy Thriller Action Horror Romance Documentary Animation Crime Western".split()


def library(n: int, seed: int = 7) -> list:
    rnd = random.Random(seed)
    vocab = [f"w{chr(97 + i % 26)}{i:05d}x" for i in range(30_000)]
    weights = [1 / (r + 1) for r in range(len(vocab))]
    keywords = [f"keyword {i}" for i in range(4_000)]
    kw_weights = [1 / (r + 1) for r in range(len(keywords))]
    topics = [rnd.sample(vocab[5_000:], 6) for _ in range(300)]
    films = []
    for i in range(n):
        words = rnd.choices(vocab, weights, k=rnd.randint(40, 120))
        if i % 3 == 0:
            words += topics[i % len(topics)]
        meta = {"title": f"Film {i}", "year": 1950 + i % 70, "plot": " ".join(words),
                "tags": rnd.sample(rnd.choices(keywords, kw_weights, k=12), rnd.randint(0, 8)),
                "genres": rnd.sample(GENRES, rnd.randint(1, 3)) if i % 20 else []}
        films.append(movie_from_metadata(f"film-{i}", meta))
    return films


def cpu() -> float:
    t = os.times()
    return t.user + t.system


def ours(films) -> int:
    return len(analyse(films).near)


def with_sklearn(films) -> int:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    docs = [document(m) for m in films]
    texts = [text + " " + " ".join("kw_" + k.replace(" ", "_") for k in kws) for _, text, kws in docs]
    vec = TfidfVectorizer(sublinear_tf=True, min_df=2, stop_words=list(STOP), token_pattern=r"(?u)\b\w{3,}\b")
    x = vec.fit_transform(texts).tocsr()
    xt = x.T.tocsr()
    kept = 0
    for start in range(0, x.shape[0], 500):
        block = (x[start:start + 500] @ xt).tocsr()
        for row in range(block.shape[0]):
            lo, hi = block.indptr[row], block.indptr[row + 1]
            data = block.data[lo:hi]
            if len(data) > NEIGHBOURS:
                data = data[np.argpartition(-data, NEIGHBOURS)[:NEIGHBOURS]]
            kept += len(data)
    return kept


def pairs_scored(films) -> int:
    """The inner loop's additions (a film's term × a film in that term's capped postings):
    the work, counted, which no load changes."""
    vecs = vectors([document(m) for m in films])
    df: dict[str, int] = {}
    for vec in vecs:
        for t in vec:
            df[t] = df.get(t, 0) + 1
    return sum(min(df[t], POSTINGS_KEPT) for vec in vecs for t in vec)


def measure(fn, films, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = cpu()
        fn(films)
        times.append(cpu() - start)
    return times


def spread(times: list[float]) -> str:
    """'median (min–max)' of CPU seconds: the spread says how far one run can be trusted."""
    return f"{statistics.median(times):6.2f} s CPU ({min(times):.2f}–{max(times):.2f})"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", default="1000,10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-sklearn", action="store_true")
    args = ap.parse_args()
    for n in (int(x) for x in args.n.split(",")):
        films = library(n)
        load_before = os.getloadavg()[0]
        line = (f"{n:>6} films  ours {spread(measure(ours, films, args.runs))}, "
                f"{pairs_scored(films) / n:6.0f} pairs scored a film")
        if not args.no_sklearn:
            line += f"   scikit-learn {spread(measure(with_sklearn, films, args.runs))}"
        print(f"{line}   (median (min–max) of {args.runs} runs; load {load_before:.2f}–{os.getloadavg()[0]:.2f}; "
              f"{time.strftime('%H:%M')})", flush=True)


if __name__ == "__main__":
    main()

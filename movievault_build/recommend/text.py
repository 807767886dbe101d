"""Plot and keyword similarity: TF-IDF vectors scored through a capped inverted index.

Each film becomes a bag of terms — the words of its plot, outline and tagline, and its
keywords (TMDB's, the NFO's and the user's tags) as whole terms that weigh double — with
sublinear term frequency, smoothed IDF and unit length, as scikit-learn's TfidfVectorizer
makes them. A film is compared only with films sharing one of its strongest terms, and a
term's postings are cut to its strongest films: the work per film is bounded, so the whole
library costs linear time, never a films × films matrix (benchmarks/similar_bench.py
compares this with scikit-learn and measures both at 1,000 and 10,000 films).

    >>> films = [("a", "A heist crew robs a bank vault.", ("heist",)),
    ...          ("b", "The crew plans one last heist of a vault.", ("heist",)),
    ...          ("c", "Two lovers meet in Paris.", ())]
    >>> [n for n, _ in neighbours(films)["a"]]
    ['b']
"""
from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from typing import Iterable, Sequence

# (slug, text, keywords)
Document = tuple[str, str, Sequence[str]]

WORD = re.compile(r"[^\W\d_]{3,}")
TERMS_KEPT = 24       # a film's strongest terms: what it is compared by
POSTINGS_KEPT = 48    # a term's strongest films: whom it is compared with
NEIGHBOURS = 20       # kept per film (the related list takes a few, genre suggestions all)
MIN_SCORE = 0.05      # cosine below this is no likeness
KEYWORD_WEIGHT = 2.0
# Words that say nothing of what a film is about (English; other languages' common words
# are weighed down by the IDF alone).
STOP = frozenset("""
about after again against all also among and another any are around back became become becomes
been before begin begins being between both but can cannot come comes could did does doing down
during each even ever every find finds first for from gets getting give gives goes going had has
have having her here hers herself him himself his how however into its itself just last later
life like made make makes many meet meets more most much must never new not now off once one only
other others our out over own same she should since some soon still such take takes than that
the their them themselves then there these they this those though through time together too two
under until upon very was way well were what when where which while who whom whose why will with
within without world would year years yet you young your
""".split())


def terms(text: str, keywords: Iterable[str]) -> Counter[str]:
    """The film's terms and their counts; keywords are whole terms of their own."""
    found: Counter[str] = Counter(w for w in (m.group().casefold() for m in WORD.finditer(text or ""))
                                  if w not in STOP)
    for kw in keywords:
        kw = " ".join(str(kw).casefold().split())
        if kw:
            found["#" + kw] += 1
    return found


def vectors(docs: Sequence[Document]) -> list[dict[str, float]]:
    """Each document's TF-IDF vector (unit length), cut to its TERMS_KEPT strongest terms;
    terms only one film has are left out (they make no pair)."""
    counts = [terms(text, kws) for _, text, kws in docs]
    df: Counter[str] = Counter(t for c in counts for t in c)
    n = len(docs)
    idf = {t: math.log((1 + n) / (1 + f)) + 1.0 for t, f in df.items() if f > 1}
    out = []
    for c in counts:
        vec = {t: (1.0 + math.log(k)) * idf[t] * (KEYWORD_WEIGHT if t[0] == "#" else 1.0)
               for t, k in c.items() if t in idf}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        strongest = heapq.nlargest(TERMS_KEPT, vec.items(), key=lambda kv: (kv[1], kv[0]))
        out.append({t: v / norm for t, v in strongest})
    return out


def neighbours(docs: Sequence[Document], k: int = NEIGHBOURS) -> dict[str, list[tuple[str, float]]]:
    """slug -> up to `k` (slug, cosine) of the films that read most alike, best first
    (ties by library order); films with no likeness above MIN_SCORE get none."""
    vecs = vectors(docs)
    postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for i, vec in enumerate(vecs):
        for t, w in vec.items():
            postings[t].append((w, i))
    capped = {t: heapq.nlargest(POSTINGS_KEPT, found) for t, found in postings.items()}
    out: dict[str, list[tuple[str, float]]] = {}
    for i, vec in enumerate(vecs):
        scores: dict[int, float] = {}
        get = scores.get
        for t, w in vec.items():
            for v, j in capped[t]:
                scores[j] = get(j, 0.0) + w * v
        scores.pop(i, None)
        best = heapq.nlargest(k, ((s, -j) for j, s in scores.items() if s >= MIN_SCORE))
        out[docs[i][0]] = [(docs[-neg][0], round(s, 4)) for s, neg in best]   # -neg: its position
    return out

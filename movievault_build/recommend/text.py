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
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping, Sequence

from ..cache.keys import digest
from ..cache.memo import PerEntry, per_entry

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


def _idf(n: int, f: int) -> float:
    """Smoothed IDF of a term `f` of `n` films have (only for f > 1)."""
    return math.log((1 + n) / (1 + f)) + 1.0


def _vector(c: dict[str, int], idf) -> dict[str, float]:
    """One film's TF-IDF vector from its term counts (`idf`: term -> weight, or None when
    only one film has it): unit length, cut to its TERMS_KEPT strongest terms."""
    vec = {}
    for t, k in c.items():
        if (w := idf(t)) is not None:
            vec[t] = (1.0 + math.log(k)) * w * (KEYWORD_WEIGHT if t[0] == "#" else 1.0)
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    strongest = heapq.nlargest(TERMS_KEPT, vec.items(), key=lambda kv: (kv[1], kv[0]))
    return {t: v / norm for t, v in strongest}


def vectors(docs: Sequence[Document]) -> list[dict[str, float]]:
    """Each document's TF-IDF vector (unit length), cut to its TERMS_KEPT strongest terms;
    terms only one film has are left out (they make no pair)."""
    return TextIndex.build(docs).vecs


def neighbours(docs: Sequence[Document], k: int = NEIGHBOURS) -> dict[str, list[tuple[str, float]]]:
    """slug -> up to `k` (slug, cosine) of the films that read most alike, best first
    (ties by library order); films with no likeness above MIN_SCORE get none."""
    return TextIndex.build(docs, k).by_slug()


def _nearest(i: int, vec: dict[str, float], capped: dict[str, list[tuple[float, int]]],
             k: int) -> list[tuple[float, int]]:
    """Film `i`'s neighbours as (cosine, -position), best first: every film sharing one of
    its terms' capped postings, scored; depends on its vector and those postings alone."""
    scores: dict[int, float] = {}
    get = scores.get
    for t, w in vec.items():
        for v, j in capped[t]:
            scores[j] = get(j, 0.0) + w * v
    scores.pop(i, None)
    return heapq.nlargest(k, ((s, -j) for j, s in scores.items() if s >= MIN_SCORE))   # -j: ties by position


def _listed(found: list[tuple[float, int]], slugs: Sequence[str]) -> list[tuple[str, float]]:
    return [(slugs[-neg], round(s, 4)) for s, neg in found]


def _rescored(i: int, vec: dict[str, float], weights: dict[str, dict[int, float]], last: list[tuple[float, int]],
              moved: set[int], k: int) -> list[tuple[float, int]] | None:
    """Film `i`'s neighbours when only the films in `moved` changed in the postings it reads
    (`weights`: term -> film -> weight, as capped), from its `last` ones: each moved film
    scored again, summed in `_nearest`'s order, so to the same float. None when that cannot
    be exact: a neighbour fell out of a full list, and a film never listed might take its place."""
    found = [(s, neg) for s, neg in last if -neg not in moved]
    for j in moved:
        if j == i:
            continue
        score, shared = 0.0, False
        for t, w in vec.items():
            if (v := weights[t].get(j)) is not None:
                score, shared = score + w * v, True
        if shared and score >= MIN_SCORE:
            found.append((score, -j))
    best = heapq.nlargest(k, found)
    # A film never listed scored below the last list's worst: it cannot beat a full list
    # that still ends at least as high; a list that was not full listed every candidate.
    if len(last) < k or (len(best) == k and best[-1] >= last[-1]):
        return best
    return None


def _mark(doc: Document) -> str:
    """What a film's terms are made from, digested: an unchanged mark, unchanged terms."""
    _, text, kws = doc
    return digest(repr((text or "", [str(kw) for kw in kws])))


# The share of the library an edit may touch before the whole analysis is done instead: a
# word most films use whose document frequency moves changes nearly every vector (its IDF is
# in each one's norm), and then the incremental bookkeeping only adds to the whole pass.
MOST_TOUCHED = 4        # at most 1/4 of the films' vectors redone


@dataclass
class TextIndex:
    """Everything `neighbours` works out, kept between builds so that an edit redoes only
    what it reaches: the vectors of the films whose terms or whose terms' document
    frequencies changed, the postings of the terms those vectors weigh, and the neighbours
    of the films reading any changed posting. Each part is worked out by the same code as
    the whole pass, so `updated` equals `build` exactly (tests/recommend/)."""
    k: int
    slugs: list[str]
    marks: list[str]                            # per film: _mark of its document
    counts: list[dict[str, int]]                # per film: its terms and their counts
    df: dict[str, int]                          # term -> films with it
    vecs: list[dict[str, float]]
    capped: dict[str, list[tuple[float, int]]]  # term -> its strongest (weight, film)
    near: Sequence[list[tuple[float, int]]]     # per film: (cosine, -position), best first
    listed: Sequence[list[tuple[str, float]]]   # per film: `near` as `neighbours` gives it
    # the positions whose `listed` entry `updated` made again (None: not made by `updated`)
    relisted: frozenset[int] | None = field(default=None, compare=False, repr=False)

    def by_slug(self) -> Mapping[str, list[tuple[str, float]]]:
        """slug -> its neighbours as `neighbours` gives them; kept as read from a memo
        (cache/memo.py PerEntry), an entry is read when it is asked for."""
        if isinstance(self.listed, list):
            return dict(zip(self.slugs, self.listed))
        return _ByPosition(self.slugs, self.listed)

    @classmethod
    def build(cls, docs: Sequence[Document], k: int = NEIGHBOURS) -> "TextIndex":
        counts = [dict(terms(text, kws)) for _, text, kws in docs]
        df: Counter[str] = Counter(t for c in counts for t in c)
        n = len(docs)
        idf = {t: _idf(n, f) for t, f in df.items() if f > 1}
        vecs = [_vector(c, idf.get) for c in counts]
        postings: dict[str, list[tuple[float, int]]] = defaultdict(list)
        for i, vec in enumerate(vecs):
            for t, w in vec.items():
                postings[t].append((w, i))
        capped = {t: heapq.nlargest(POSTINGS_KEPT, found) for t, found in postings.items()}
        slugs = [d[0] for d in docs]
        near = [_nearest(i, vec, capped, k) for i, vec in enumerate(vecs)]
        return cls(k, slugs, [_mark(d) for d in docs], counts, dict(df), vecs, capped, near,
                   [_listed(found, slugs) for found in near])

    def updated(self, docs: Sequence[Document], k: int = NEIGHBOURS) -> "TextIndex | None":
        """This index brought up to `docs`, equal to `build(docs, k)`; None when the whole
        pass is due instead: another film count (every IDF moves with it), other films or
        another order (positions break ties), or an edit reaching too much (MOST_TOUCHED)."""
        n = len(docs)
        slugs = [d[0] for d in docs]
        if k != self.k or slugs != self.slugs:
            return None
        marks = [_mark(d) for d in docs]
        changed = [i for i, (a, b) in enumerate(zip(marks, self.marks)) if a != b]
        if not changed:
            return self
        if len(changed) * MOST_TOUCHED > n:
            return None
        counts, df = list(self.counts), dict(self.df)
        for i in changed:
            _, text, kws = docs[i]
            counts[i] = dict(terms(text, kws))
            for t in self.counts[i]:
                df[t] -= 1
            for t in counts[i]:
                df[t] = df.get(t, 0) + 1
        moved = {t for i in changed for c in (self.counts[i], counts[i]) for t in c
                 if df.get(t, 0) != self.df.get(t, 0)}
        for t in moved:
            if not df.get(t):
                df.pop(t, None)
        # Vectors: the edited films', and those of every film with a term whose frequency moved.
        revec = set(changed)
        if moved:
            revec.update(i for i, c in enumerate(counts) if not moved.isdisjoint(c))
        if len(revec) * MOST_TOUCHED > n:
            return None
        idf = lambda t: _idf(n, f) if (f := df.get(t, 0)) > 1 else None   # noqa: E731
        vecs = list(self.vecs)
        reweighed: set[str] = set()          # terms whose postings gained, lost or changed a weight
        revised = []
        for i in revec:
            vecs[i] = _vector(counts[i], idf)
            old = self.vecs[i]
            if list(vecs[i].items()) != list(old.items()):    # order too: it orders the sums
                revised.append(i)
                reweighed.update(t for t in {*old, *vecs[i]} if old.get(t) != vecs[i].get(t))
        capped = dict(self.capped)
        if reweighed:
            postings: dict[str, list[tuple[float, int]]] = {t: [] for t in reweighed}
            for j, vec in enumerate(vecs):
                for t in reweighed.intersection(vec):
                    postings[t].append((vec[t], j))
            for t, found in postings.items():
                if found:
                    capped[t] = heapq.nlargest(POSTINGS_KEPT, found)
                else:
                    capped.pop(t, None)
        # Postings that changed: which films' entries in them did (came, went or reweighed).
        shifted: dict[str, set[int]] = {}
        for t in reweighed:
            was, now = set(self.capped.get(t, ())), set(capped.get(t, ()))
            if was != now:
                shifted[t] = {j for _, j in was ^ now}
        near = _copied(self.near)
        touched = set(revised)
        for i in revised:
            near[i] = _nearest(i, vecs[i], capped, k)
        if shifted:
            # A film whose vector stayed reads a changed posting: only the films that moved in
            # it score differently, so they are scored again and merged into its last list.
            weights: dict[str, dict[int, float]] = {}
            done = set(revised)
            for i, vec in enumerate(vecs):
                if i in done or shifted.keys().isdisjoint(vec):
                    continue
                moved = set().union(*(shifted[t] for t in vec if t in shifted))
                for t in vec:
                    if t not in weights:
                        weights[t] = {j: v for v, j in capped[t]}
                found = _rescored(i, vec, weights, self.near[i], moved, k)
                near[i] = found if found is not None else _nearest(i, vec, capped, k)
                touched.add(i)
        listed, relisted = _copied(self.listed), set()
        for i in touched:               # the others' lists are last index's, unread
            if near[i] != self.near[i]:
                listed[i] = _listed(near[i], slugs)
                relisted.add(i)
        return TextIndex(k, slugs, marks, counts, df, vecs, capped, near, listed, frozenset(relisted))

    def to_plain(self) -> tuple:
        """Plain values for a memo; each film's neighbours as their own marshal bytes
        (cache/memo.py PerEntry), so the next edit reads and writes only those it reaches."""
        return (self.k, self.slugs, self.marks, self.counts, self.df, self.vecs, self.capped,
                per_entry(self.near), per_entry(self.listed))

    @classmethod
    def from_plain(cls, plain: object) -> "TextIndex | None":
        """The index `to_plain` gave, or None when `plain` is not one (damaged, or another
        version's): its parts' shapes and lengths are checked, the rest is read as kept."""
        if not (isinstance(plain, tuple) and len(plain) == 9):
            return None
        k, slugs, marks, counts, df, vecs, capped, near, listed = plain
        near, listed = PerEntry.of(near), PerEntry.of(listed)
        lists = (slugs, marks, counts, vecs)
        if not (isinstance(k, int) and all(isinstance(x, list) for x in lists)
                and near is not None and listed is not None
                and isinstance(df, dict) and isinstance(capped, dict)
                and len({len(x) for x in (*lists, near, listed)}) == 1):
            return None
        return cls(k, slugs, marks, counts, df, vecs, capped, near, listed)


def _copied(values: Sequence) -> list | PerEntry:
    return values.copy() if isinstance(values, PerEntry) else list(values)


class _ByPosition(Mapping):
    """slug -> the entry at its position, read when asked for."""

    def __init__(self, slugs: list[str], values: Sequence) -> None:
        self._at = {s: i for i, s in enumerate(slugs)}
        self._values = values

    def __getitem__(self, slug: str):
        return self._values[self._at[slug]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)

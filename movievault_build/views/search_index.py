"""The site's search index: static JSON files the browser fetches a few at a time.

A pure function of the movies (no MkDocs here). A query downloads `search/meta.json`,
one `terms-<key>.json` shard per query word (words are sharded by their first two
characters) and the `docs-<n>.json` chunks holding its top results — never the whole
library. `site/theme/assets/movievault/search.js` tokenises exactly as `tokenize` does here.

    >>> tokenize("Le Fabuleux Destin d'Amélie Poulain")
    ['le', 'fabuleux', 'destin', 'd', 'amelie', 'poulain']
    >>> tokenize("千と千尋")
    ['千と', 'と千', '千尋']
    >>> shard_key("matrix"), shard_file("千尋")
    ('ma', 'search/terms-_5343_5c0b.json')
"""
from __future__ import annotations

import bisect
import json
import re
import unicodedata
from typing import Any, Callable, Collection, Iterator, Mapping, Sequence

from ..fields import FIELDS
from ..model import Movie

INDEX_VERSION = 1
DOC_CHUNK = 16          # docs per chunk: a top-20 list touches few small files
KEY_LENGTH = 2

# Field weights (fields.py `search`): a word in the title outranks the same word in a plot.
WEIGHTS = {**{f.name: f.search for f in FIELDS.values() if f.search}, "folder": 2}
# Only plots lose these: a title such as "The Thing" or "It" must stay findable.
PLOT_STOP_WORDS = frozenset("""
a about after against all also an and any are as at be because been before being between both
but by can could did do does during each even for from had has have he her hers him his how i
if in into is it its just me more most my no nor not of off on once only or other our out over
own same she should so some such than that the their them then there these they this those
through to too under until up very was we were what when where which while who whom why will
with would you your
""".split())

_WORD = re.compile(r"[^\W_]+")
# Scripts written without spaces: indexed as overlapping character pairs.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+")
_SAFE_KEY_CHAR = re.compile(r"[a-z0-9]")


def normalise(text: str) -> str:
    """Accents off (NFKD, marks dropped), case folded, composed again (Hangul)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return unicodedata.normalize("NFC", bare.casefold())


def tokenize(text: str) -> list[str]:
    """Words of letters and digits; CJK runs become character bigrams."""
    text = normalise(text)
    words = _WORD.findall(text)
    if text.isascii() or not _CJK.search(text):     # most text: no word to split
        return words
    tokens: list[str] = []
    for word in words:
        if not _CJK.search(word):
            tokens.append(word)
            continue
        for part in _split_cjk(word):
            tokens.extend(part)
    return tokens


def _split_cjk(word: str) -> Iterator[list[str]]:
    pos = 0
    for m in _CJK.finditer(word):
        if m.start() > pos:
            yield [word[pos:m.start()]]
        run = m.group()
        yield [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
        pos = m.end()
    if pos < len(word):
        yield [word[pos:]]


def shard_key(token: str) -> str:
    return token[:KEY_LENGTH]


def shard_file(token_or_key: str) -> str:
    """File of a key: ASCII letters and digits as they are, others as _<hex code point>."""
    key = shard_key(token_or_key)
    name = "".join(c if _SAFE_KEY_CHAR.fullmatch(c) else f"_{ord(c):x}" for c in key)
    return f"search/terms-{name}.json"


def doc_file(chunk: int) -> str:
    return f"search/docs-{chunk}.json"


def movie_fields(movie: Movie) -> Iterator[tuple[str, str]]:
    """(field, text) pairs that are searched: each declared field with a search weight, and
    the folders the movie is filed under."""
    for name in WEIGHTS:
        texts = _TEXTS[name](movie) if name in _TEXTS else _texts(getattr(movie, name))
        yield from ((name, text) for text in texts if text)


def _texts(value: Any) -> list[str]:
    if isinstance(value, (tuple, list)):
        return [str(v) for v in value]
    return [str(value)] if value not in (None, "") else []


# Fields whose searched text is not simply their value.
_TEXTS: dict[str, Callable[[Movie], list[str]]] = {
    "collection": lambda m: [m.collection.name] if m.collection else [],
    "cast": lambda m: [p.name for p in m.cast],
    "tags": lambda m: [str(t) for t in (*m.tags, *(m.user.get("tags") or ()))],
    "plot": lambda m: [m.plot or m.outline or ""],
    "folder": lambda m: grouping_folders(m),
}


def grouping_folders(movie: Movie) -> list[str]:
    """Folders the user filed the movie under ("Movies/Hitchcock/Psycho (1960).mkv" ->
    Hitchcock): not the top one (a section such as "Movies") nor the movie's own folder."""
    title = normalise(movie.title)
    out: list[str] = []
    for f in movie.files:
        parts = f.path.split("/")[:-1]
        for name in parts[1:] if len(parts) > 1 else parts:
            if title not in normalise(name) and name not in out:
                out.append(name)
    return out


def movie_terms(movie: Movie) -> dict[str, int]:
    """Each term of a movie with the weight of the best field it appears in."""
    terms: dict[str, int] = {}
    for name, text in movie_fields(movie):
        weight = WEIGHTS[name]
        for token in tokenize(text):
            if name == "plot" and token in PLOT_STOP_WORDS:
                continue
            if terms.get(token, 0) < weight:
                terms[token] = weight
    return terms


def doc_entry(movie: Movie, url: str, poster: str | None = None) -> list[Any]:
    entry: list[Any] = [movie.slug, movie.title, movie.year, url]
    if poster:
        entry.append(poster)
    return entry


def build_search_index(movies: Sequence[Movie], urls: Mapping[str, str],
                       posters: Mapping[str, str] | None = None) -> dict[str, bytes]:
    """Relative output path -> bytes of every index file. Movies without a page are left out.

    Doc numbers follow the library's order, so the output depends on the movies alone.
    """
    indexed = _indexed(movies, urls)
    postings: dict[str, list[int]] = {}
    for doc, movie in enumerate(indexed):
        for term, weight in movie_terms(movie).items():
            found = postings.get(term)
            if found is None:
                postings[term] = [doc, weight]
            else:
                found += (doc, weight)
    shards: dict[str, dict[str, list[int]]] = {}
    for term, found in postings.items():
        shards.setdefault(shard_key(term), {})[term] = found
    out = {shard_file(key): _dump(terms) for key, terms in shards.items()}
    return _with_docs(out, indexed, urls, posters or {}, sorted(shards))


def updated_search_index(last: Mapping[str, bytes], movies: Sequence[Movie], urls: Mapping[str, str],
                         posters: Mapping[str, str] | None, changed: Collection[str]) -> dict[str, bytes] | None:
    """`build_search_index(movies, urls, posters)` from `last`, the files it gave when only
    the movies of the `changed` slugs were otherwise: their postings taken out of every
    shard and their terms indexed again; the shards they touch dumped again, the rest as
    they were. None when `last` indexed other movies or another order (doc numbers)."""
    indexed = _indexed(movies, urls)
    try:
        meta = json.loads(last["search/meta.json"])
        chunks = range(0, len(indexed), DOC_CHUNK)
        listed = [entry[0] for n in range(len(chunks)) for entry in json.loads(last[doc_file(n)])]
        shards = {key: json.loads(last[shard_file(key)]) for key in meta["shards"]}
    except (KeyError, ValueError, TypeError, IndexError):
        return None
    if meta.get("version") != INDEX_VERSION or meta.get("docs") != len(indexed) or listed != [m.slug for m in indexed]:
        return None
    docs = {doc: movie for doc, movie in enumerate(indexed) if movie.slug in changed}
    touched = set()
    for key, terms in shards.items():
        for term, found in list(terms.items()):
            if not docs.keys().isdisjoint(found[::2]):
                kept = [x for d, w in zip(found[::2], found[1::2]) if d not in docs for x in (d, w)]
                terms[term] = kept
                touched.add(key)
    for doc, movie in docs.items():
        for term, weight in movie_terms(movie).items():
            key = shard_key(term)
            found = shards.setdefault(key, {}).setdefault(term, [])
            at = bisect.bisect(found[::2], doc) * 2         # postings stay in doc order
            found[at:at] = (doc, weight)
            touched.add(key)
    out = {rel: data for rel, data in last.items() if rel.startswith("search/terms-")}
    for key in touched:
        terms = {t: found for t, found in shards[key].items() if found}
        out.pop(shard_file(key), None)
        if terms:
            out[shard_file(key)] = _dump(terms)
        else:
            del shards[key]
    return _with_docs(out, indexed, urls, posters or {}, sorted(shards))


def _indexed(movies: Sequence[Movie], urls: Mapping[str, str]) -> list[Movie]:
    return sorted((m for m in movies if m.slug in urls), key=lambda m: (m.display_sort, m.year or 0, m.slug))


def _with_docs(out: dict[str, bytes], indexed: Sequence[Movie], urls: Mapping[str, str],
               posters: Mapping[str, str], shards: list[str]) -> dict[str, bytes]:
    """The term shards `out` with the doc chunks and the meta file, in path order."""
    docs = [doc_entry(m, urls[m.slug], posters.get(m.slug)) for m in indexed]
    for chunk, start in enumerate(range(0, len(docs), DOC_CHUNK)):
        out[doc_file(chunk)] = _dump(docs[start:start + DOC_CHUNK])
    out["search/meta.json"] = _dump({"version": INDEX_VERSION, "docs": len(docs), "chunk": DOC_CHUNK,
                                     "key": KEY_LENGTH, "shards": shards})
    return dict(sorted(out.items()))


def _dump(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def index_size(files: Mapping[str, bytes]) -> int:
    return sum(len(b) for b in files.values())


def fetch_plan_shards(query: str) -> list[str]:
    """The shard files a query needs, in the order the browser asks for them."""
    return list(dict.fromkeys(shard_file(t) for t in tokenize(query)))


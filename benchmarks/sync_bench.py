"""The sync against each fake service with a 10,000-movie library and 50 ms per request.

    python benchmarks/sync_bench.py [--movies 10000] [--latency 0.05] [--user owner|bob]
                                    [--services jellyfin,plex,trakt] [--runs 1] [--no-write]

For each service, on a fresh content/ and sync state: the service holds 3,000 plays and
1,000 ratings of the user's that MovieVault lacks, MovieVault 1,000 plays the service
lacks. Run 1 pulls 4,000 changes and pushes 1,000 (and, for Trakt, adds the library to
the collection); run 2, with nothing changed anywhere, shows what an idle sync costs.
Reports wall time and the requests the fake received, by kind. With `--user bob` the
user's state is content/users/bob.yml (one file) instead of the movies' `user:` blocks.
Writes the "## Sync" section of benchmarks/README.md unless --no-write.
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from movievault_build.path_mapping import PathMapping  # noqa: E402
from movievault_build.settings import ScanSettings, UserInfo, Users  # noqa: E402
from movievault_build.sync import make_services  # noqa: E402
from movievault_build.sync.runner import run  # noqa: E402
from movievault_build.sync.settings import Account, JellyfinSettings, PlexSettings, SyncSettings, TraktSettings
from movievault_build.sync.trakt_auth import Token, save_token  # noqa: E402
from tests.fakes.jellyfin_server import API_KEY, FakeJellyfin  # noqa: E402
from tests.fakes.media_library import library  # noqa: E402
from tests.fakes.plex_server import ADMIN_TOKEN, FakePlex  # noqa: E402
from tests.fakes.trakt_server import CLIENT_ID, CLIENT_SECRET, FakeTrakt  # noqa: E402

SECTION = "## Sync"
ROOT_REMOTE = "/media/movies"


def write_content(content: Path, films, local_plays: range) -> None:
    """Content files as a scan writes them (front matter only), fast: plain text."""
    movies = content / "movies"
    movies.mkdir(parents=True)
    for i, f in enumerate(films):
        played = "  watched: true\n  playcount: 1\n  lastplayed: '2023-03-01T20:00:00Z'\n" if i in local_plays \
            else "  watched: false\n"
        (movies / f"{f.slug}.md").write_text(
            f"---\nschema: 1\ntitle: {f.title}\nyear: {f.year}\nids:\n  imdb: {f.imdb}\n  tmdb: '{f.tmdb}'\n"
            f"files:\n  - library: lib\n    path: {f.path[len(ROOT_REMOTE) + 1:]}\n    size: 1\n"
            f"# Yours: the scanner never changes anything below this line.\nuser:\n  tags: []\n{played}"
            f"  favorite: false\n  rating:\n  notes: ''\n---\n", "utf-8")


def seed(service: str, fake, films, user: str) -> None:
    plays, rated = films[1000:4000], films[4000:5000]
    for n, f in enumerate(plays):
        when = 1_700_000_000 + n * 60
        if service == "jellyfin":
            fake.set_user_data(user, f, played=True, play_count=1, last_played=when)
        elif service == "plex":
            fake.set_watch("admin", f, view_count=1, last_viewed=when)
        else:
            fake.add_play(user, f, when)
    for n, f in enumerate(rated):
        if service == "jellyfin":
            fake.set_user_data(user, f, rating=7.0)
        elif service == "plex":
            fake.set_watch("admin", f, rating=7.0, rated_at=1_700_000_000 + n)
        else:
            fake.rate(user, f, 7, 1_700_000_000 + n)


def one_service(service: str, n: int, latency: float, user: str) -> list[dict]:
    films = library(n, ROOT_REMOTE)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "lib").mkdir()
        write_content(tmp / "content", films, range(0, 1000))
        users = Users((UserInfo("owner"), UserInfo("bob")))
        settings = ScanSettings(roots=(tmp / "lib",), content_dir=tmp / "content", cache_dir=tmp / "cache",
                                users=users)
        if user != "owner":         # the same plays, held by the second user instead
            from movievault_build.model import WatchState, parse_stamp
            from movievault_build.store.users import write_user
            write_user(tmp / "content", user, {f.slug: WatchState(True, 1, parse_stamp("2023-03-01T20:00:00Z"))
                                               for f in films[:1000]})
        fake_cls = {"jellyfin": FakeJellyfin, "plex": FakePlex, "trakt": FakeTrakt}[service]
        kwargs = {"users": (user,)} if service == "jellyfin" else {}
        with fake_cls(films, latency=latency, **kwargs) as fake:
            seed(service, fake, films, user)
            account = (Account(user, name=user),)
            sync = SyncSettings(
                state_dir=tmp / "state", path_mappings=(PathMapping(ROOT_REMOTE, str(tmp / "lib")),), rate_limit=0,
                jellyfin=JellyfinSettings(fake.url, API_KEY, account) if service == "jellyfin" else None,
                plex=PlexSettings(fake.url, ADMIN_TOKEN, (Account(user),)) if service == "plex" else None,
                trakt=TraktSettings(CLIENT_ID, CLIENT_SECRET, (Account(user),), fake.url, fake.url)
                if service == "trakt" else None)
            if service == "trakt":
                save_token(sync.state_dir, user, Token.from_answer(fake.grant(user), time.time()))
            rows = []
            for label in ("run 1: 4,000 in, 1,000 out", "run 2: nothing changed"):
                # as after any build or scan: content/ already read since run 1 wrote it (untimed)
                from movievault_build.store.library import load_movies
                load_movies(settings.content_dir, settings.cache_dir)
                fake.log.clear()
                services = make_services(sync, (service,))
                start = time.perf_counter()
                report = run(settings, sync, services, users=[user])
                wall = time.perf_counter() - start
                for s in services:
                    s.close()
                sr = report.services[service]
                kinds = Counter(f"{e.method} {_kind(e.path)}" for e in fake.log.entries())
                rows.append({"service": service, "run": label, "wall": wall, "requests": sum(kinds.values()),
                             "kinds": kinds, "pulled": sr.pulled, "pushed": sr.pushed, "errors": len(sr.errors),
                             "collected": sr.collected})
            return rows


def _kind(path: str) -> str:
    parts = [p for p in path.split("/") if p]
    if parts and parts[0] in ("UserItems",):
        return "/UserItems/{id}/UserData"
    if parts[:2] == ["library", "metadata"]:
        return "/library/metadata/{keys}"
    if parts[:2] == ["library", "sections"] and len(parts) > 2:
        return "/library/sections/{id}/" + parts[-1]
    return path


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--movies", type=int, default=10000)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--services", default="jellyfin,plex,trakt")
    ap.add_argument("--user", default="owner")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    results: list[dict] = []
    for service in args.services.split(","):
        runs = [one_service(service, args.movies, args.latency, args.user) for _ in range(args.runs)]
        for i in range(2):
            row = dict(runs[0][i])
            row["wall"] = statistics.median(r[i]["wall"] for r in runs)
            results.append(row)
    lines = table(results, args)
    print("\n".join(lines))
    if not args.no_write:
        write_section(lines)
    return 0


def table(results: list[dict], args) -> list[str]:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    out = [SECTION, "",
           f"`python benchmarks/sync_bench.py --movies {args.movies} --latency {args.latency} --user {args.user}"
           f" --runs {args.runs}` — each service alone against its fake with {args.latency * 1000:.0f} ms per request, "
           f"a fresh content/ and sync state: the service holds 3,000 plays and 1,000 ratings MovieVault lacks, "
           f"MovieVault 1,000 plays the service lacks. Before each run content/ has been read once (untimed), as any "
           f"build or scan since leaves it. Python {platform.python_version()}, load average "
           f"{load:.1f} on the shared 2-core machine; wall time is the median of {args.runs} run(s).", "",
           "| service | run | wall time (s) | requests | changed in MovieVault | changed there | by kind |",
           "|---|---|---:|---:|---:|---:|---|"]
    for r in results:
        kinds = ", ".join(f"{k} ×{v}" for k, v in sorted(r["kinds"].items(), key=lambda kv: -kv[1]))
        pushed = f"{r['pushed']}" + (f" (+{r['collected']} collected)" if r["collected"] else "")
        out.append(f"| {r['service']} | {r['run']} | {r['wall']:.1f} | {r['requests']} | {r['pulled']} | {pushed} "
                   f"| {kinds} |")
    return out


def write_section(lines: list[str]) -> None:
    readme = ROOT / "benchmarks" / "README.md"
    text = readme.read_text("utf-8")
    block = "\n".join(lines) + "\n"
    if SECTION in text:
        start = text.index(SECTION)
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + block + (text[end:] if end != -1 else "")
    else:
        text = text.rstrip("\n") + "\n\n" + block
    readme.write_text(text, "utf-8")


if __name__ == "__main__":
    sys.exit(main())

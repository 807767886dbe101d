"""`movievault suggest`: genres suggested for films without any, listed with a confidence;
`--accept` writes them into the film's user block and nowhere else (`--dry-run`: a diff,
nothing written)."""
from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from movievault_build.cli import main
from movievault_build.store.document import load_plain
from movievault_build.store.library import load_movies

HEIST = "The crew of thieves cracks a casino vault in a heist; the safecracker double-crosses them."
NOGENRE = textwrap.dedent(f"""\
    ---
    schema: 1
    title: Casino Job
    year: 2015
    plot: "{HEIST}"
    tags: [heist]
    sources:
      title: nfo
    # Yours: the scanner never changes anything below this line.
    user:
      tags: [mine]  # a comment kept
      watched: true
    ---
    Notes in the body stay.
    """)


def film(slug: str, title: str, genres: list[str], plot: str, tags=()) -> str:
    return f"---\n{json.dumps({'schema': 1, 'title': title, 'genres': genres, 'plot': plot, 'tags': list(tags)})}\n---\n"


@pytest.fixture
def content(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    movies = tmp_path / "content" / "movies"
    movies.mkdir(parents=True)
    (movies / "casino-job-2015.md").write_text(NOGENRE, encoding="utf-8")
    (movies / "oceans-2001.md").write_text(film("oceans-2001", "Ocean's Eleven", ["Crime", "Thriller"],
                                                "Thieves plan a heist on a casino vault in Las Vegas.", ["heist"]))
    (movies / "vault-2021.md").write_text(film("vault-2021", "The Vault", ["Crime"],
                                               "A safecracker joins the crew of thieves for a bank vault heist.",
                                               ["heist"]))
    for i, animal in enumerate(("sheep", "goats", "horses")):
        (movies / f"farm-{i}.md").write_text(film(f"farm-{i}", f"Farm {i}", ["Drama"], f"A farmer raises {animal}."))
    return tmp_path / "content"


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["suggest", *args])
    return code, capsys.readouterr().out


def test_suggest_lists_films_without_genres_with_a_confidence(content, capsys):
    code, out = run(capsys)
    assert code == 0
    (line,) = out.strip().splitlines()
    assert line.startswith("Casino Job (2015)  [casino-job-2015]: Crime 100%")
    assert "Drama" not in line
    code, out = run(capsys, "--json", "vault-2021", "casino-job-2015")     # a film with genres has none
    (doc,) = [json.loads(x) for x in out.strip().splitlines()]
    assert doc["slug"] == "casino-job-2015" and doc["genres"][0] == {"genre": "Crime", "confidence": 1.0}
    assert main(["suggest", "no-such-film"]) != 0


def test_accept_dry_run_shows_a_diff_and_writes_nothing(content, capsys):
    before = (content / "movies" / "casino-job-2015.md").read_bytes()
    code, out = run(capsys, "--accept", "casino-job-2015", "--dry-run")
    assert code == 0 and "would set user.overrides.genres to Crime, Thriller" in out
    assert "+  overrides:\n+    genres:\n+      - Crime\n+      - Thriller\n" in out
    assert not [line for line in out.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert (content / "movies" / "casino-job-2015.md").read_bytes() == before


def test_accept_writes_only_the_user_block(content, capsys):
    path = content / "movies" / "casino-job-2015.md"
    before = path.read_text("utf-8")
    code, out = run(capsys, "--accept", "casino-job-2015", "--genre", "crime")
    assert code == 0 and "set user.overrides.genres to Crime" in out
    after = path.read_text("utf-8")
    head = before.split("# Yours:", 1)[0]
    assert after.startswith(head)                                   # the scanner's part: byte for byte
    assert after.endswith("---\nNotes in the body stay.\n") and "tags: [mine]  # a comment kept" in after
    front = load_plain(after, str(path))[0]
    assert "genres" not in {k for k in front if k != "user"}        # never written as the film's own
    assert front["user"]["overrides"] == {"genres": ["Crime"]} and front["user"]["watched"] is True
    movies, _ = load_movies(content)
    assert next(m for m in movies if m.slug == "casino-job-2015").genres == ("Crime",)
    code, out = run(capsys)                                          # accepted: no longer suggested
    assert "casino-job-2015" not in out


def test_accept_refuses_a_genre_not_suggested_and_a_film_with_genres(content, capsys):
    path = content / "movies" / "casino-job-2015.md"
    before = path.read_bytes()
    assert main(["suggest", "--accept", "casino-job-2015", "--genre", "Western"]) != 0
    assert main(["suggest", "--accept", "vault-2021"]) != 0
    assert path.read_bytes() == before
    assert "it has genres" in capsys.readouterr().err

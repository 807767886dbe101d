"""Class: one bad file never stops a build. NFOs declaring codecs that are not text
encodings, and content files that are hostile or broken in every way the audit tried (and
more): each is one line naming the file, the rest builds, nothing is overwritten."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from movievault_build.scan import pipeline
from movievault_build.cli import main
from movievault_build.errors import ReadError
from movievault_build.identify.nfo import parse_nfo, read_nfo
from movievault_build.settings import ScanSettings
from movievault_build.store.library import load_movies, read_stored
from tests.helpers import make_site, mkdocs_build, write

from .conftest import one_line, snapshot

CODECS = ["base64", "rot13", "zlib_codec", "bz2_codec", "hex", "uu", "quopri", "punycode", "undefined",
          "unicode_escape", "raw_unicode_escape", "idna", "utf-7", "cp037", "utf_16", "utf-32", "nonsense-9"]


def _nfo(codec: str, title: str = "Heat") -> bytes:
    return f"<?xml version='1.0' encoding='{codec}'?>\n<movie><title>{title}</title><year>1995</year></movie>".encode()


@pytest.mark.parametrize("codec", CODECS)
def test_an_nfo_declaring_a_non_text_codec_is_read_as_text_with_a_warning(codec):
    result = parse_nfo(_nfo(codec), "movie.nfo")
    assert result.metadata["title"] == "Heat" and result.metadata["year"] == 1995
    assert any(codec in w or "encoding" in w for w in result.warnings) or codec in ("utf_16", "utf-32")


def test_real_encodings_still_count():
    text = "<?xml version='1.0' encoding='iso-8859-15'?><movie><title>Am\xe9lie \u20ac</title></movie>"
    assert parse_nfo(text.encode("iso-8859-15")).metadata["title"] == "Am\xe9lie \u20ac"
    assert parse_nfo("<?xml version='1.0' encoding='shift_jis'?><movie><title>七人の侍</title></movie>"
                     .encode("shift_jis")).metadata["title"] == "七人の侍"


def test_scan_and_every_nfo_command_survive_codec_nfos(tmp_path, capsys):
    lib = tmp_path / "lib"
    for codec in CODECS[:9]:
        write(lib, f"Film {codec} (2001)/movie.mkv")
        write(lib, f"Film {codec} (2001)/movie.nfo", _nfo(codec, f"Film {codec}"))
    write(lib, "Good (1999)/movie.mkv")
    report = pipeline.scan(ScanSettings(roots=(lib,), content_dir=tmp_path / "content"))
    assert report.found == 10 and len(report.new) == 10
    nfo = str(lib / "Film base64 (2001)" / "movie.nfo")
    cfg = str(make_site(tmp_path, [lib]))
    for args in (["nfo", "show", nfo], ["nfo", "show", "--json", nfo], ["nfo", "validate", str(lib)],
                 ["nfo", "repair", "--dry-run", str(lib)], ["nfo", "enrich", "--dry-run", "--config", cfg, str(lib)]):
        code = main(args)
        captured = capsys.readouterr()
        assert code in (0, 1), (args, captured.err)
        assert "Traceback" not in captured.err and "LookupError" not in captured.err


# -- content files ---------------------------------------------------------------------------
def _bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels)]
    return "---\ntitle: Bomb\n" + "\n".join(lines) + f"\ntags: *a{levels - 1}\n---\n"


HOSTILE_CONTENT: dict[str, bytes | str | None] = {
    "alias-bomb": _bomb(),
    "merge-bomb": "---\ntitle: M\nb: &b {" + ", ".join(f"k{i}: [1,2,3,4,5,6,7,8,9,10]" for i in range(40))
                  + "}\n" + "\n".join(f"c{i}: &c{i} [*b, *b, *b, *b, *b, *b, *b, *b]" if i == 0 else
                                       f"c{i}: &c{i} [*c{i - 1}, *c{i - 1}, *c{i - 1}, *c{i - 1}, *c{i - 1}, "
                                       f"*c{i - 1}, *c{i - 1}, *c{i - 1}]" for i in range(7)) + "\n---\n",
    "deep-flow": "---\ntitle: Deep\nx: " + "[" * 100_000 + "]" * 100_000 + "\n---\n",
    "deep-mapping": "---\ntitle: Deep\nx: " + "{a: " * 60_000 + "1" + "}" * 60_000 + "\n---\n",
    "deep-block": "---\ntitle: Deep\nx:\n" + "".join(" " * i + "-\n" for i in range(3000)) + "---\n",
    "images-int": "---\ntitle: Img\nimages: 42\n---\n",
    "cast-int": "---\ntitle: Cast\ncast: 42\n---\n",
    "cast-nameless": "---\ntitle: Cast\ncast: [{role: Hanna}]\n---\n",
    "title-list": "---\ntitle: [a, b]\n---\n",
    "year-text": "---\ntitle: Y\nyear: nineteen\n---\n",
    "rating-nan": "---\ntitle: R\nrating: .nan\n---\n",
    "runtime-inf": "---\ntitle: R\nruntime: .inf\n---\n",
    "streams-int": "---\ntitle: S\nstreams: {video: 5, audio: 7}\n---\n",
    "user-list": "---\ntitle: U\nuser: [1, 2]\n---\n",
    "user-tags-map": "---\ntitle: U\nuser: {tags: {a: 1}}\n---\n",
    "override-images": "---\ntitle: O\nuser: {overrides: {images: 7}}\n---\n",
    "files-int": "---\ntitle: F\nfiles: [1, 2]\n---\n",
    "collection-list": "---\ntitle: C\ncollection: [1]\n---\n",
    "ids-int": "---\ntitle: I\nids: 5\n---\n",
    "front-list": "---\n- a\n- b\n---\n",
    "bad-yaml": "---\ntitle: [unclosed\n---\n",
    "no-front-matter": "just a body\n",
    "invalid-utf8": b"---\ntitle: Bad \xff\xfe bytes\n---\n",
    "latin1": "---\ntitle: Amélie\n---\n".encode("latin-1"),
    "utf16": "---\ntitle: U16\n---\n".encode("utf-16"),
    "nul-bytes": b"---\ntitle: N\x00ul\n---\n",
    "binary-tag": "---\ntitle: !!binary aGVsbG8=\n---\n",
    "python-tag": "---\ntitle: !!python/object/apply:os.system ['touch /tmp/pwned-mv']\n---\n",
    "empty": "",
    "fifo": None,
    "folder": None,
    "dev-zero": None,
    "dangling": None,
}
FINE = {"bom": b"\xef\xbb\xbf---\ntitle: Bom\nyear: 2001\n---\n", "good": "---\ntitle: Good\nyear: 2000\n---\nBody.\n",
        "lenient": "---\ntitle: 1984\nyear: '1984'\ngenres: Drama\nids: {tmdb: 841}\n---\n"}


def _plant(movies: Path) -> None:
    movies.mkdir(parents=True, exist_ok=True)
    for name, data in {**HOSTILE_CONTENT, **FINE}.items():
        path = movies / f"{name}.md"
        if name == "fifo":
            os.mkfifo(path)
        elif name == "folder":
            path.mkdir()
        elif name == "dev-zero":
            path.symlink_to("/dev/zero")
        elif name == "dangling":
            path.symlink_to(movies / "nowhere.md")
        else:
            path.write_bytes(data if isinstance(data, bytes) else data.encode())


def test_each_hostile_content_file_is_one_problem_naming_it(tmp_path):
    content = tmp_path / "content"
    _plant(content / "movies")
    for cache in (None, tmp_path / "cache"):
        movies, problems = load_movies(content, cache)
        assert sorted(m.slug for m in movies) == sorted(FINE)
        named = {Path(p.split(": ", 1)[0]).stem for p in problems}
        assert named == set(HOSTILE_CONTENT), named ^ set(HOSTILE_CONTENT)
        assert all("\n" not in p and len(p) < 400 for p in problems)
    stored, problems = read_stored(content)
    assert sorted(stored) == sorted(FINE) and len(problems) == len(HOSTILE_CONTENT)
    assert not Path("/tmp/pwned-mv").exists()
    lenient = next(m for m in load_movies(content)[0] if m.slug == "lenient")
    assert (lenient.title, lenient.year, lenient.genres, dict(lenient.ids)) == ("1984", 1984, ("Drama",), {"tmdb": "841"})


def test_the_build_and_the_commands_go_on_past_hostile_content(tmp_path, capsys, monkeypatch):
    cfg = make_site(tmp_path, "[]", extra="")
    cfg.write_text(cfg.read_text().replace("library: []", "library: []\n      scan: never"))
    _plant(tmp_path / "content" / "movies")
    before = snapshot(tmp_path / "content")
    result = mkdocs_build(cfg)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    for name in HOSTILE_CONTENT:
        assert sum(f"/{name}.md:" in line for line in result.stderr.splitlines()) == 1, name
    for name in FINE:
        assert (tmp_path / "site" / "movies" / name / "index.html").is_file()
    monkeypatch.chdir(tmp_path)
    for args in (["ls"], ["index", "update"], ["stats"], ["cleanup"], ["search", "Good"], ["tag", "good", "x"],
                 ["export", str(tmp_path / "out.json"), "--format", "json"], ["subtitles", "check", "--languages", "en"]):
        code = main(args)
        err = capsys.readouterr().err
        assert code in (0, 1), (args, err)
        assert "Traceback" not in err
    for name in HOSTILE_CONTENT:
        rel = f"movies/{name}.md"
        assert snapshot(tmp_path / "content").get(rel) == before.get(rel), f"{rel} was changed"


def test_a_scan_never_writes_over_a_broken_content_file(tmp_path):
    lib, content = tmp_path / "lib", tmp_path / "content"
    for folder in ("Heat (1995)", "Alien (1979)", "Brazil (1985)", "Dune (1984)"):
        write(lib, f"{folder}/movie.mkv")
    settings = ScanSettings(roots=(lib,), content_dir=content)
    pipeline.scan(settings)
    movies = content / "movies"
    (movies / "heat-1995.md").write_text("---\ntitle: [unclosed\n---\n")
    (movies / "alien-1979.md").write_text("---\ntitle: Alien\nimages: 42\n---\nMy notes.\n")
    (movies / "brazil-1985.md").unlink()
    (movies / "brazil-1985.md").mkdir()
    (movies / "dune-1984.md").write_bytes(b"\xef\xbb\xbf" + (movies / "dune-1984.md").read_bytes())
    before = snapshot(content)
    for full in (False, True):
        report = pipeline.scan(settings, full=full)
        for slug in ("heat-1995", "alien-1979", "brazil-1985"):
            assert sum(f"/{slug}.md: " in p for p in report.problems) == 1, report.problems
        assert snapshot(content) == before
        assert sorted(p.name for p in movies.iterdir()) == sorted(before_name.split("/")[-1] for before_name in before
                                                                  if before_name.startswith("movies/"))


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder", "huge"])
def test_the_nfo_tools_treat_special_files_as_the_scan_does(tmp_path, capsys, kind):
    lib = tmp_path / "lib"
    write(lib, "Heat (1995)/movie.mkv")
    write(lib, "Heat (1995)/Heat (1995).nfo", "<movie><title>Heat</title></movie>")
    odd = lib / "Heat (1995)" / "movie.nfo"
    if kind == "fifo":
        os.mkfifo(odd)
    elif kind == "dev-zero":
        odd.symlink_to("/dev/zero")
    elif kind == "folder":
        odd.mkdir()
    else:
        with open(odd, "wb") as fh:
            fh.truncate(64 * 1024 * 1024)
    report = pipeline.scan(ScanSettings(roots=(lib,), content_dir=tmp_path / "content"))
    assert report.found == 1
    for args in (["nfo", "validate", str(lib)], ["nfo", "repair", "--dry-run", str(lib)]):
        assert main(args) in (0, 1)
        out = capsys.readouterr()
        assert "Traceback" not in out.err
        assert ("movie.nfo" in out.out) == (kind == "huge")    # the scan reads (and refuses) only a regular file
    assert main(["nfo", "show", str(odd)]) == (2 if kind == "folder" else 1)    # a folder: click's usage error
    err = capsys.readouterr().err
    assert "movie.nfo" in err and "Traceback" not in err
    assert kind == "folder" or one_line(err)
    with pytest.raises(ReadError):
        read_nfo(odd)

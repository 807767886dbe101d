"""The deploy files are part of the product. Their commands are read from netlify.toml and
.github/workflows/pages.yml, never retyped, and run as written on a fresh copy of the
repository; the package works from a wheel in a site that has nothing of this repository;
and a redeploy that kept only what the hosts' cache steps keep redoes only what changed."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from tests.helpers import REPO, jpeg, mkdocs_build, write

SITE_URL = "https://films.example.org/vault"
# The expressions pages.yml may use, and what GitHub would put there.
EXPRESSIONS = {"steps.pages.outputs.base_url": SITE_URL}
pytestmark = pytest.mark.slow


def fresh_copy(dest: Path) -> Path:
    """What a fresh clone holds: the tracked files, as they are in the work tree now."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    for rel in filter(None, tracked.decode().split("\0")):
        source = REPO / rel
        if source.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    return dest


def new_venv(folder: Path) -> Path:
    venv.EnvBuilder(with_pip=True).create(folder)
    return folder / "bin"


def clean_env(bin_dir: Path | None = None, **extra: str) -> dict[str, str]:
    """The environment of a host's build: no PYTHONPATH pointing at this checkout, no keys."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV") and not re.match(r"(?i)(TMDB|OMDB|SITE_URL|URL$)", k)}
    if bin_dir is not None:
        env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    return {**env, "NO_MKDOCS_2_WARNING": "1", **extra}


def netlify() -> dict:
    return tomllib.loads((REPO / "netlify.toml").read_text())


def pages_steps() -> list[dict]:
    workflow = YAML(typ="safe").load((REPO / ".github" / "workflows" / "pages.yml").read_text())
    return workflow["jobs"]["build"]["steps"]


def expand(text: str) -> str:
    """GitHub's ${{ … }} expressions, from EXPRESSIONS; an unknown one fails the test."""
    def value(match: re.Match) -> str:
        name = match.group(1).strip()
        assert name in EXPRESSIONS, f"pages.yml uses ${{{{ {name} }}}}: give it a test value"
        return EXPRESSIONS[name]
    return re.sub(r"\$\{\{(.*?)\}\}", value, text)


def run(command: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-o", "pipefail", "-c", command], cwd=cwd, env=env,
                          capture_output=True, text=True)


def test_the_netlify_build_command_passes_as_written_and_a_redeploy_redoes_one_page(host_venv, tmp_path):
    """The first deploy of a fresh clone, then a redeploy of a new clone with one NFO changed
    that kept only what the hosts' cache steps keep: no image encoded, one page rendered."""
    config = netlify()
    checkout = fresh_copy(tmp_path / "clone")
    bin_dir, _wheel = host_venv
    env = clean_env(bin_dir, URL="https://films.example.org", **config["build"].get("environment", {}))
    result = run(config["build"]["command"], checkout, env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    site = checkout / config["build"]["publish"]
    assert (site / "movies" / "heat-1995" / "index.html").is_file()
    assert "known problem" in result.stderr                       # the demo's planted NFO, accepted
    assert 'content="https://films.example.org/' in (site / "movies" / "heat-1995" / "index.html").read_text()

    second = fresh_copy(tmp_path / "second")                              # a new checkout: new mtimes
    for rel in cached_paths():
        shutil.copytree(checkout / rel, second / rel)
    nfo = second / "demo" / "library" / "Movies" / "Heat (1995)" / "movie.nfo"
    nfo.write_text(nfo.read_text("utf-8").replace("<plot>", "<plot>Edited for the redeploy. "), "utf-8")
    build = config["build"]["command"].split("&&")[-1].strip()      # the build, minus the install
    again = run(build + " -v", second, env)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "0 variants encoded" in again.stderr
    assert re.search(r"pages: 1 rendered, \d+ reused", again.stderr), again.stderr[-3000:]
    assert "Edited for the redeploy." in (second / config["build"]["publish"] / "movies" / "heat-1995" / "index.html").read_text()


def test_the_pages_workflow_steps_pass_as_written(host_venv, tmp_path):
    checkout = fresh_copy(tmp_path / "clone")
    bin_dir, _wheel = host_venv
    ran = []
    for step in pages_steps():
        if "run" not in step:
            continue               # actions (checkout, setup-python, cache, upload) are GitHub's
        env = clean_env(bin_dir, **{k: expand(str(v)) for k, v in (step.get("env") or {}).items()})
        result = run(expand(step["run"]), checkout, env)
        assert result.returncode == 0, f"{step.get('name')}: " + result.stdout[-3000:] + result.stderr[-3000:]
        ran.append(step["run"])
    assert any("mkdocs build" in command for command in ran)
    page = (checkout / "site" / "movies" / "heat-1995" / "index.html").read_text()
    assert f'content="{SITE_URL}/' in page


def cached_paths() -> list[str]:
    """What the hosts keep between deploys: the same folder in both files."""
    netlify_paths = next(p["inputs"]["paths"] for p in netlify()["plugins"] if p["package"] == "netlify-plugin-cache")
    pages_path = next(s["with"]["path"] for s in pages_steps() if s.get("uses", "").startswith("actions/cache@"))
    assert netlify_paths == [pages_path]
    return netlify_paths


def test_netlify_installs_the_cache_plugin_it_names():
    lock = (REPO / "package-lock.json").read_text()
    for plugin in netlify()["plugins"]:
        assert f'"node_modules/{plugin["package"]}"' in lock


# --- the package on its own -----------------------------------------------------------------

@pytest.fixture(scope="module")
def host_venv(tmp_path_factory) -> tuple[Path, Path]:
    """One fresh venv for the module, with MovieVault and its dependencies installed from a
    wheel built from a fresh copy: (its bin folder, the wheel). A worker process makes its
    own (module scope), so no two processes install into one venv and no lock is needed;
    `dev.py test` hands each test file to one worker (`--dist loadfile`), so one worker
    makes it. The hosts' own `pip install .` then reinstalls the package from their
    checkout: the dependencies the wheel declared are in place, so each of those tests
    builds the package but downloads and installs nothing else."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = fresh_copy(tmp / "source")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp / "dist"), "."],
                   cwd=source, check=True, env=clean_env())
    wheel = next((tmp / "dist").glob("movievault-*.whl"))
    bin_dir = new_venv(tmp / "venv")
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", str(wheel)], check=True, env=clean_env(bin_dir))
    return bin_dir, wheel


@pytest.fixture
def installed(host_venv) -> Path:
    """The venv with the wheel's MovieVault in place (a host's `pip install .` may have put
    its checkout's build there since): a site that has nothing of this repository."""
    bin_dir, wheel = host_venv
    subprocess.run([str(bin_dir / "pip"), "install", "--quiet", "--force-reinstall", "--no-deps", str(wheel)],
                   check=True, env=clean_env(bin_dir))
    return bin_dir


def small_library(root: Path) -> Path:
    write(root, "Heat (1995)/Heat (1995).mkv", b"\x1a\x45\xdf\xa3")
    write(root, "Heat (1995)/movie.nfo", "<movie><title>Heat</title><year>1995</year>"
                                         "<genre>Crime</genre><plot>A heist.</plot></movie>")
    write(root, "Heat (1995)/poster.jpg", jpeg(200, 300))
    write(root, "Alien (1979)/Alien (1979).mkv", b"\x1a\x45\xdf\xa3")
    return root


def test_a_new_mkdocs_site_builds_with_the_installed_plugin_alone(installed, tmp_path):
    env = clean_env(installed)
    subprocess.run([str(installed / "mkdocs"), "new", "films"], cwd=tmp_path, check=True, env=env,
                   capture_output=True)
    site_dir = tmp_path / "films"
    library = small_library(tmp_path / "library")
    (site_dir / "mkdocs.yml").write_text(
        "site_name: My films\ntheme:\n  name: material\nplugins:\n  - search\n"
        f"  - movievault:\n      library: [{library}]\n")
    build = subprocess.run([str(installed / "mkdocs"), "build", "--strict"], cwd=site_dir, env=env,
                           capture_output=True, text=True)
    assert build.returncode == 0, build.stderr[-3000:]
    site = site_dir / "site"
    heat = (site / "movies" / "heat-1995" / "index.html").read_text()
    assert "A heist." in heat and "assets/movievault/movievault.css" in heat
    for shipped in ("assets/movievault/library.js", "assets/movievault/icons/icon-192.png",
                    "api/schema/movie.schema.json", "manifest.webmanifest", "robots.txt"):
        assert (site / shipped).is_file(), shipped
    assert (site / "library" / "index.html").is_file() and (site / "genres" / "crime" / "index.html").is_file()

    # the same site from content/ alone, on a machine with no library
    alone = tmp_path / "alone"
    alone.mkdir()
    shutil.copytree(site_dir / "content", alone / "content")
    shutil.copytree(site_dir / "docs", alone / "docs")
    (alone / "mkdocs.yml").write_text((site_dir / "mkdocs.yml").read_text().replace(str(library), str(tmp_path / "gone")))
    again = subprocess.run([str(installed / "mkdocs"), "build", "--strict"], cwd=alone, env=env,
                           capture_output=True, text=True)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "A heist." in (alone / "site" / "movies" / "heat-1995" / "index.html").read_text()


def test_the_installed_package_exports_the_browser_extension(installed, tmp_path):
    from movievault_build.extension import shipped
    out = subprocess.run([str(installed / "movievault"), "extension", "export", str(tmp_path / "ext"), "--zip"],
                         cwd=tmp_path, env=clean_env(installed), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    written = {str(p.relative_to(tmp_path / "ext")): p.read_bytes() for p in (tmp_path / "ext").rglob("*") if p.is_file()}
    assert written == shipped() and (tmp_path / "ext.zip").is_file()


def test_strict_fails_on_a_new_library_problem_naming_the_file_and_passes_once_it_is_known(tmp_path):
    library = small_library(tmp_path / "library")
    bad = write(library, "Alien (1979)/movie.nfo", "<movie><title>Alien</title><year>1979 &</movie>")
    cfg = tmp_path / "mkdocs.yml"
    (tmp_path / "docs").mkdir()
    cfg.write_text(f"site_name: Films\ntheme:\n  name: material\nplugins:\n  - movievault:\n      library: [{library}]\n")
    failed = mkdocs_build(cfg, "--strict")
    assert failed.returncode == 1 and f"{bad}:" in failed.stderr
    cfg.write_text(cfg.read_text() + f"      scan: {{known_problems: [\"{bad.relative_to(tmp_path)}\"]}}\n")
    passed = mkdocs_build(cfg, "--strict")
    assert passed.returncode == 0, passed.stderr
    assert f"known problem (accepted in scan.known_problems): {bad}:" in passed.stderr

"""Deploy files for a user's site, from the copies shipped in this package. They match the
MovieVault repository's own netlify.toml and GitHub Pages workflow (a test keeps them in
step), except that the site installs MovieVault from requirements.txt."""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..fsutil import atomic_write_text

FILES = {
    "netlify": {"netlify.toml": "netlify.toml", "package.json": "package.json",
                "package-lock.json": "package-lock.json"},
    "github": {".github/workflows/pages.yml": "github/pages.yml"},
}


@dataclass
class Written:
    written: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)     # the user's own, different: left alone


def requirements() -> str:
    try:
        return f"movievault=={version('movievault')}\n"
    except PackageNotFoundError:
        return "movievault\n"


def files_for(target: str) -> dict[str, str]:
    """Relative path -> text of every file a deploy target needs."""
    if target == "none":
        return {}
    shipped = resources.files(__package__).joinpath("files")
    out = {rel: shipped.joinpath(src).read_text("utf-8") for rel, src in FILES[target].items()}
    out["requirements.txt"] = requirements()
    return out


def write(folder: Path, files: dict[str, str], replace: bool = False) -> Written:
    """Write each file unless it is there already: identical (nothing to do) or the user's
    own (kept, unless `replace`)."""
    done = Written()
    for rel, text in files.items():
        path = folder / rel
        current = path.read_text("utf-8") if path.is_file() else None
        if current == text:
            done.same.append(rel)
        elif current is not None and not replace:
            done.kept.append(rel)
        else:
            atomic_write_text(path, text)
            done.written.append(rel)
    return done

"""Scan profiles: named sets of scan switches, chosen with `--profile NAME` (CLI) or
`MOVIEVAULT_PROFILE=NAME mkdocs build` (MkDocs has no custom flags).

Built in: `quick` looks nothing up online and runs no ffprobe (cached answers and last
scan's facts are kept; what is missing waits for the next scan that allows it), and
`full` redoes every movie with everything on. mkdocs.yml's `profiles:` adds profiles or
changes these.

>>> from pathlib import Path
>>> apply_profile(ScanSettings(roots=(), content_dir=Path("c")), "quick").probe_new
False
"""
from __future__ import annotations

import os
from dataclasses import replace

from .errors import UserError
from .settings import Profile, ScanSettings

ENV = "MOVIEVAULT_PROFILE"
BUILTIN: dict[str, Profile] = {
    "quick": Profile(online=False, probe=False),
    "full": Profile(online=True, probe=True, full=True),
}


def known(settings: ScanSettings) -> dict[str, Profile]:
    return {**BUILTIN, **settings.profiles}


def apply_profile(settings: ScanSettings, name: str | None) -> ScanSettings:
    """The settings with profile `name` applied (None: as configured). An unknown name is
    an error listing the known ones."""
    if not name:
        return settings
    profiles = known(settings)
    if name not in profiles:
        raise UserError(f"unknown profile {name!r}; known: {', '.join(sorted(profiles))}")
    p = profiles[name]
    providers = settings.online.providers
    if p.online is not None:
        providers = replace(providers, offline=not p.online)
    return replace(
        settings, profile=name, online=replace(settings.online, providers=providers),
        probe_new=settings.probe_new if p.probe is None else p.probe,
        redo_all=settings.redo_all if p.full is None else p.full,
        write_nfo=settings.write_nfo if p.write_nfo is None else p.write_nfo)


def from_environment(settings: ScanSettings) -> ScanSettings:
    """The profile MOVIEVAULT_PROFILE names, for builds (`mkdocs build` takes no flags)."""
    return apply_profile(settings, os.environ.get(ENV, "").strip() or None)

"""The scan's online-metadata flags applied over the settings from mkdocs.yml."""
from __future__ import annotations

from dataclasses import replace

from ..settings import ScanSettings


def with_online_flags(settings: ScanSettings, workers: int | None, offline: bool) -> ScanSettings:
    providers = settings.online.providers
    if workers:
        providers = replace(providers, workers=workers)
    if offline:
        providers = replace(providers, offline=True)
    return replace(settings, online=replace(settings.online, providers=providers))

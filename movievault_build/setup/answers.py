"""What `movievault init` asks, and the defaults an existing mkdocs.yml gives."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

DEPLOY_TARGETS = ("none", "netlify", "github")


@dataclass
class Answers:
    site_name: str
    libraries: list[str] = field(default_factory=list)
    content_dir: str = "content"
    online: bool = True             # TMDB (and OMDb) metadata
    tmdb_key: str | None = None     # goes to .env, never to mkdocs.yml
    omdb_key: str | None = None
    artwork: bool = True            # copy local artwork, download TMDB's
    probe: bool = True              # ffprobe every file
    write_nfo: bool = False         # write NFO sidecars for media servers
    deploy: str = "none"            # none | netlify | github


def from_config(folder: Path, plugin: Mapping[str, Any] | None, site_name: str | None) -> Answers:
    """Defaults: what mkdocs.yml says now, else ours."""
    p = dict(plugin or {})
    online, artwork, media, nfo = (p.get(group) if isinstance(p.get(group), Mapping) else {}
                                   for group in ("online", "artwork", "media", "nfo"))
    order = [str(x) for x in online.get("fallback_order") or ("nfo", "tmdb", "omdb")]
    deploy = ("netlify" if (folder / "netlify.toml").is_file()
              else "github" if (folder / ".github" / "workflows" / "pages.yml").is_file() else "none")
    return Answers(
        site_name=str(site_name or folder.resolve().name or "My films"),
        libraries=[str(x) for x in p.get("library") or ()],
        content_dir=str(p.get("content_dir") or "content"),
        online=any(n != "nfo" for n in order),
        artwork=bool(artwork.get("copy_local", True)),
        probe=media.get("probe", "auto") != "off",
        write_nfo=bool(nfo.get("write", False)),
        deploy=deploy)

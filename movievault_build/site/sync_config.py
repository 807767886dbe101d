"""The plugin's `users:` and `sync:` blocks, typed with MkDocs' config options like the rest
of the schema (an unknown key or a wrong type is an error naming it), and turned into
plain settings (settings.Users, sync/settings.py). Secrets come in with `!ENV`."""
from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..path_mapping import PathMapping
from ..settings import DEFAULT_USER, UserInfo, Users
from ..store.users import NAME
from ..sync.settings import Account, JellyfinSettings, PlexSettings, SyncSettings, TraktSettings
from .events_config import PathMapConfig, _Checked

_NUMBER = (int, float)


class UserConfig(base.Config):
    name = c.Type(str)
    display_name = c.Optional(c.Type(str))


class AccountConfig(base.Config):
    user = c.Type(str)                     # the MovieVault user
    name = c.Optional(c.Type(str))         # Jellyfin: the user's name (or id) there
    token = c.Optional(c.Type(str))        # Plex: that user's token, `!ENV PLEX_TOKEN_BOB`


class _Service(_Checked):
    users = c.ListOfItems(c.SubConfig(AccountConfig), default=[])

    def check(self) -> None:
        seen = set()
        for account in self.users:
            if account.user in seen:
                self.fail("users", f"{account.user!r} is listed twice")
            seen.add(account.user)
        if self.url is not None and not str(self.url).startswith(("http://", "https://")):
            self.fail("url", f"{self.url!r} is not an http(s) URL")


class JellyfinConfig(_Service):
    url = c.Optional(c.Type(str))
    api_key = c.Optional(c.Type(str))      # `!ENV JELLYFIN_API_KEY`
    refresh = c.Type(bool, default=True)
    page_size = c.Type(int, default=500)

    def check(self) -> None:
        super().check()
        if self.url and not self.api_key:
            self.fail("api_key", "Jellyfin needs an API key (Dashboard → API Keys); use !ENV JELLYFIN_API_KEY")
        if self.url and not self.users:
            self.fail("users", "name the Jellyfin user of each MovieVault user: [{user: owner, name: Alice}]")
        if any(not a.name for a in self.users):
            self.fail("users", "each entry needs `name:`, the user's name (or id) in Jellyfin")


class PlexConfig(_Service):
    url = c.Optional(c.Type(str))
    token = c.Optional(c.Type(str))        # `!ENV PLEX_TOKEN`: the server owner's
    sections = c.ListOfItems(c.Type(str), default=[])
    refresh = c.Type(bool, default=True)
    page_size = c.Type(int, default=500)

    def check(self) -> None:
        super().check()
        if self.url and not self.token:
            self.fail("token", "Plex needs the server owner's token; use !ENV PLEX_TOKEN")


class TraktConfig(_Service):
    url = c.Optional(c.Type(str))          # the API; default https://api.trakt.tv
    auth_url = c.Optional(c.Type(str))     # OAuth; default the API's host
    client_id = c.Optional(c.Type(str))    # `!ENV TRAKT_CLIENT_ID`
    client_secret = c.Optional(c.Type(str))
    collection = c.Type(bool, default=True)
    batch = c.Type(int, default=1000)

    def check(self) -> None:
        super().check()
        if bool(self.client_id) != bool(self.client_secret):
            self.fail("client_secret" if self.client_id else "client_id",
                      "Trakt needs both the app's client id and client secret")


class SyncConfig(_Checked):
    after_scan = c.Type(bool, default=False)
    state_dir = c.Dir(exists=False, default=".movievault")
    path_mappings = c.ListOfItems(c.SubConfig(PathMapConfig), default=[])
    timeout = c.Type(_NUMBER, default=30)
    retries = c.Type(int, default=4)
    rate_limit = c.Type(_NUMBER, default=20)
    jellyfin = c.SubConfig(JellyfinConfig)
    plex = c.SubConfig(PlexConfig)
    trakt = c.SubConfig(TraktConfig)

    def check(self) -> None:
        if self.timeout <= 0:
            self.fail("timeout", "must be a positive number of seconds")
        if not 0 <= self.retries <= 10:
            self.fail("retries", "must be between 0 and 10")


def users_settings(users: list[UserConfig]) -> Users:
    from mkdocs.exceptions import PluginError
    names = []
    for u in users:
        if not NAME.match(u.name):
            raise PluginError(f"movievault: users: {u.name!r} is not a user name (a-z, 0-9, '-', '_'; "
                              "it names a file and a URL)")
        if u.name in names:
            raise PluginError(f"movievault: users: {u.name!r} is listed twice")
        names.append(u.name)
    return Users(tuple(UserInfo(u.name, u.display_name) for u in users) or (UserInfo(DEFAULT_USER),))


def sync_settings(cfg: SyncConfig, users: Users, *, content_dir: str, site_dir: str | None) -> SyncSettings:
    """Plain settings; a service block without its credentials is not configured."""
    from mkdocs.exceptions import PluginError
    state_dir = Path(cfg.state_dir)
    for name, folder in (("content_dir", content_dir), ("site_dir", site_dir)):
        if folder and _inside(state_dir, Path(folder)):
            raise PluginError(f"movievault: sync.state_dir: {state_dir} is inside {name} {folder}: "
                              "tokens must never be committed or published")

    def accounts(block: _Service, service: str, default: bool = True) -> tuple[Account, ...]:
        out = tuple(Account(a.user, a.name, a.token) for a in block.users)
        for a in out:
            if a.user not in users.names:
                raise PluginError(f"movievault: sync.{service}.users: {a.user!r} is not one of `users:` "
                                  f"({', '.join(users.names)})")
        return out or ((Account(users.default),) if default else ())

    j, p, t = cfg.jellyfin, cfg.plex, cfg.trakt
    return SyncSettings(
        state_dir=state_dir, after_scan=cfg.after_scan,
        path_mappings=tuple(PathMapping(m.remote, m.local) for m in cfg.path_mappings),
        timeout=float(cfg.timeout), retries=cfg.retries, rate_limit=float(cfg.rate_limit),
        jellyfin=JellyfinSettings(j.url, j.api_key or "", accounts(j, "jellyfin", False), j.refresh,
                                  max(1, j.page_size)) if j.url else None,
        plex=PlexSettings(p.url, p.token or "", accounts(p, "plex"), tuple(p.sections), p.refresh,
                          max(1, p.page_size)) if p.url else None,
        trakt=TraktSettings(t.client_id, t.client_secret or "", accounts(t, "trakt"),
                            (t.url or "https://api.trakt.tv").rstrip("/"),
                            (t.auth_url or t.url or "https://api.trakt.tv").rstrip("/"), t.collection,
                            max(1, t.batch)) if t.client_id else None)


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents

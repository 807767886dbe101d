"""Trakt sign-in: the OAuth device-code flow, and the tokens it yields.

`movievault trakt login` asks `/oauth/device/code` for a code, prints where to enter it,
and polls `/oauth/device/token` every `interval` seconds — slower after a 429 "slow down"
— until the user approves, denies, or `expires_in` runs out. The tokens are kept in
`<state_dir>/trakt/<user>.json`, written owner-only (0600) from the first byte, outside
content/ and site/; they are refreshed (`/oauth/token`, refresh tokens are single-use)
a day before they expire, or at once when Trakt answers 401.
"""
from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ..errors import ProviderError, UserError
from .service import ServiceHttp
from .settings import TraktSettings
from .state import private_dir

REFRESH_BEFORE = 86400            # seconds before expiry a token is refreshed
REDIRECT = "urn:ietf:wg:oauth:2.0:oob"
_POLL_ANSWERS = (400, 404, 409, 410, 418, 429)


@dataclass(frozen=True)
class Token:
    access_token: str = field(repr=False)
    refresh_token: str = field(repr=False)
    expires_in: int
    created_at: int

    @property
    def expires_at(self) -> int:
        return self.created_at + self.expires_in

    def due(self, now: float) -> bool:
        """Time to refresh: within a day of expiry (or a tenth of a short lifetime)."""
        return now >= self.expires_at - min(REFRESH_BEFORE, self.expires_in // 10)

    @classmethod
    def from_answer(cls, data: Any, now: float) -> "Token":
        if not isinstance(data, dict) or not data.get("access_token") or not data.get("refresh_token"):
            raise ProviderError("Trakt", "the token answer is incomplete")
        return cls(str(data["access_token"]), str(data["refresh_token"]), int(data.get("expires_in") or 0),
                   int(data.get("created_at") or now))


def token_file(state_dir: Path, user: str) -> Path:
    return Path(state_dir) / "trakt" / f"{user}.json"


def load_token(state_dir: Path, user: str) -> Token | None:
    path = token_file(state_dir, user)
    try:
        data = json.loads(path.read_text("utf-8"))
        return Token(data["access_token"], data["refresh_token"], int(data["expires_in"]), int(data["created_at"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        raise UserError(f"{path}: not a Trakt token file; run `movievault trakt login --user {user}` again") from None


def save_token(state_dir: Path, user: str, token: Token) -> Path:
    """Owner-only from creation (never readable by others, not even for an instant)."""
    folder = private_dir(Path(state_dir)) / "trakt"
    folder.mkdir(mode=0o700, exist_ok=True)
    path = folder / f"{user}.json"
    tmp = folder / f".{user}.json.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"access_token": token.access_token, "refresh_token": token.refresh_token,
                       "expires_in": token.expires_in, "created_at": token.created_at}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def forget_token(state_dir: Path, user: str) -> bool:
    path = token_file(state_dir, user)
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed


def device_login(settings: TraktSettings, http: ServiceHttp, show: Callable[[str, str, int], None], *,
                 sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
                 now: Callable[[], float] = time.time) -> Token:
    """Run the device flow to the end: a Token, or a UserError saying why not."""
    reply = http.call("POST", "/oauth/device/code", json={"client_id": settings.client_id})
    code = reply.data if isinstance(reply.data, dict) else {}
    try:
        device, interval, lifetime = str(code["device_code"]), float(code["interval"]), float(code["expires_in"])
        show(str(code["verification_url"]), str(code["user_code"]), int(lifetime))
    except (KeyError, TypeError, ValueError):
        raise ProviderError("Trakt", "the device-code answer is incomplete") from None
    deadline = clock() + lifetime
    body = {"code": device, "client_id": settings.client_id, "client_secret": settings.client_secret}
    while clock() + interval <= deadline:
        sleep(interval)
        answer = http.call("POST", "/oauth/device/token", json=body, allow=_POLL_ANSWERS, expect_json=False)
        if answer.status == 200:
            return Token.from_answer(answer.data, now())
        if answer.status == 429:
            interval += 1                 # "slow down": polling faster than `interval`
        elif answer.status != 400:        # 400: not approved yet
            raise UserError({404: "Trakt does not know this code", 409: "this code was already used",
                             410: "the code expired before it was approved",
                             418: "the sign-in was denied on Trakt"}.get(answer.status, f"HTTP {answer.status}"))
    raise UserError("the code expired before it was approved; run the login again")


def refresh_token(settings: TraktSettings, http: ServiceHttp, token: Token, now: float) -> Token:
    reply = http.call("POST", "/oauth/token", allow=(400, 401), json={
        "refresh_token": token.refresh_token, "client_id": settings.client_id,
        "client_secret": settings.client_secret, "redirect_uri": REDIRECT, "grant_type": "refresh_token"})
    if reply.status != 200:
        raise ProviderError("Trakt", "the saved sign-in is no longer valid; run `movievault trakt login` again",
                            fatal=True)
    return Token.from_answer(reply.data, now)

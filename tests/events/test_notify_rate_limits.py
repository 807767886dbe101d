"""A 429 from Discord or Slack: the next attempt reaches the fake server no sooner than the
server asked (arrival times recorded by the server; a lower bound only, never an upper one)."""
from __future__ import annotations

import logging
import threading
from email.utils import formatdate

import pytest

from movievault_build.events import chat_post, messages
from movievault_build.events.batch import Outcome
from movievault_build.events.notify import Notifier
from movievault_build.events.settings import NotifySettings, NotifyTarget
from movievault_build.events.work import Batch
from tests.events.helpers import wait_until

HEAT = {"slug": "heat-1995", "title": "Heat", "year": 1995, "url": "movies/heat-1995/"}


def added():
    return messages.movie_message("added", [HEAT], {}, {}, 10)


def notifier(tmp_path, server, **kw) -> Notifier:
    settings = NotifySettings(targets=(NotifyTarget(server.apprise_url, ("added",)),),
                              **{"retry_wait": 0.01, "retries": 2, **kw})
    return Notifier(settings, "https://films.example.org/", tmp_path)


def gap(server) -> float:
    first, second = server.attempts[:2]
    return second.time - first.time


@pytest.mark.parametrize("which", ["discord", "slack"])
def test_the_next_attempt_waits_what_a_429_asks(tmp_path, chat, which):
    server = dict(zip(("discord", "slack"), chat))[which]
    server.fail_next(1, 429, retry_after=1.0)
    n = notifier(tmp_path, server)
    assert n.deliver(n.targets[0][0], n.targets[0][1], added())
    assert len(server.attempts) == 2 and len(server.posts) == 1     # no second request in the same attempt
    assert gap(server) >= 1.0


def test_discord_decimal_retry_after_is_honoured(tmp_path, chat):
    discord, _ = chat
    discord.fail_next(1, 429, retry_after=1.6)       # Retry-After says "2"; JSON and Reset-After say 1.6
    n = notifier(tmp_path, discord)
    assert n.deliver(n.targets[0][0], n.targets[0][1], added())
    assert gap(discord) >= 1.6


def test_discord_asks_longer_than_its_whole_second_header(tmp_path, chat):
    discord, _ = chat
    discord.fail_next(1, 429, retry_after=2.4)       # Retry-After rounds down to "2"
    n = notifier(tmp_path, discord)
    assert n.deliver(n.targets[0][0], n.targets[0][1], added())
    assert gap(discord) >= 2.4


def test_a_huge_ask_is_capped_and_reported_once(tmp_path, chat, caplog):
    discord, _ = chat
    discord.fail_next(1, 429, retry_after=86400.0)
    caplog.set_level(logging.DEBUG)
    n = notifier(tmp_path, discord, retry_max_wait=0.5)
    assert n.deliver(n.targets[0][0], n.targets[0][1], added())
    assert gap(discord) >= 0.5
    lines = [r.getMessage() for r in caplog.records if "asks for" in r.getMessage()]
    assert lines == ["notify: discord #1: rate limited; the server asks for 86400.0s, "
                     "waiting retry_max_wait (0.5s)"]
    assert discord.WEBHOOK[1] not in caplog.text and discord.WEBHOOK[0] not in caplog.text


def test_stopping_cuts_a_rate_limit_wait_short(tmp_path, chat):
    _, slack = chat
    slack.fail_next(1, 429, retry_after=3600.0)
    n = notifier(tmp_path, slack, retry_max_wait=3600.0)
    result = []
    sender = threading.Thread(target=lambda: result.append(n.deliver(n.targets[0][0], n.targets[0][1], added())))
    sender.start()
    wait_until(lambda: slack.attempts, what="the first attempt")
    n.close()                                   # what SIGTERM does in the daemon
    sender.join(60)
    assert not sender.is_alive() and result == [False]
    assert len(slack.attempts) == 1 and slack.posts == []


def test_a_rate_limited_target_never_fails_the_scan(tmp_path, chat, caplog):
    discord, slack = chat
    discord.fail_next(100, 429, retry_after=0.2)
    slack.fail_next(100, 429, retry_after=0.2)
    settings = NotifySettings(targets=(NotifyTarget(discord.apprise_url), NotifyTarget(slack.apprise_url)),
                              retries=1, retry_wait=0.01, retry_max_wait=0.2)
    n = Notifier(settings, None, tmp_path)
    n.batch_done(Batch(), Outcome(scanned=True, built=True, summary="", library={"movies": 1}, new=[HEAT]))
    wait_until(lambda: n.failed["added"] == 2 and n.failed["scan"] == 2, what="both targets given up on")
    n.close()
    assert n.delivered == {}
    for secret in (*discord.WEBHOOK, *slack.TOKENS):
        assert secret not in caplog.text


@pytest.mark.parametrize("headers, body, expected", [
    ({"Retry-After": "2", "X-RateLimit-Reset-After": "1.25"}, {"retry_after": 1.25}, 2.0),
    ({"X-RateLimit-Reset-After": "0.75"}, None, 0.75),
    ({}, {"retry_after": 3.5, "global": True}, 3.5),
    ({"Retry-After": "1.5"}, None, 1.5),
    ({"X-RateLimit-Reset": "1000010.5"}, None, 10.5),            # an epoch, read against `now`
    ({"Retry-After": formatdate(1000030.0, usegmt=True)}, None, None),   # a date: checked below
    ({}, None, None),
    ({"Retry-After": "soon", "X-RateLimit-Reset-After": "nan"}, {"retry_after": "x"}, None),
    ({"Retry-After": "-5"}, {"retry_after": True}, 0.0),
])
def test_asked_wait_reads_every_signal_and_takes_the_longest(headers, body, expected):
    got = chat_post.asked_wait(headers, body, now=1000000.0)
    if "GMT" in headers.get("Retry-After", ""):
        assert got is not None and got >= 0.0                     # an HTTP date in the past or future
    else:
        assert got == expected


def test_other_webhook_forms_are_left_to_apprise():
    import apprise

    assert chat_post.webhook_url(apprise.Apprise.instantiate("discord://1234567890/tok/?thread=42")) is None
    assert chat_post.webhook_url(apprise.Apprise.instantiate("slack://xoxb-1234-1234-abc4/#general")) is None
    assert chat_post.webhook_url(apprise.Apprise.instantiate("ntfy://localhost/topic")) is None
    service, url = chat_post.webhook_url(apprise.Apprise.instantiate("slack://T1/B1/XXXXXXXXXXXXXXXXXXXXXXXX"))
    assert service == "slack" and url.endswith("/T1/B1/XXXXXXXXXXXXXXXXXXXXXXXX")

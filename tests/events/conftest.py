"""Fake Discord and Slack webhooks on 127.0.0.1, with Apprise's Discord and Slack plugins
pointed at them (their base URLs are class attributes: the only change to Apprise)."""
from __future__ import annotations

import pytest

from tests.fakes.chat_servers import FakeDiscord, FakeSlack


@pytest.fixture
def chat(monkeypatch):
    from apprise.plugins.discord import NotifyDiscord
    from apprise.plugins.slack import NotifySlack

    with FakeDiscord() as discord, FakeSlack() as slack:
        monkeypatch.setattr(NotifyDiscord, "notify_url", discord.base_url)
        monkeypatch.setattr(NotifySlack, "webhook_url", slack.base_url)
        monkeypatch.setattr(NotifyDiscord, "request_rate_per_sec", 0)
        monkeypatch.setattr(NotifySlack, "request_rate_per_sec", 0)
        yield discord, slack


@pytest.fixture(autouse=True)
def _logging_as_it_was():
    """The CLI's logging setup (`main([...])` in a test) replaces MovieVault's handlers and
    stops propagation; put them back so later tests in this process capture as usual."""
    import logging

    from movievault_build.log import ROOT

    logger = logging.getLogger(ROOT)
    saved = (list(logger.handlers), logger.propagate, logger.level)
    yield
    logger.handlers[:], logger.propagate, logger.level = saved[0], saved[1], saved[2]
    logger.setLevel(saved[2])

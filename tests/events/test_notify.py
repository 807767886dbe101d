"""Notifications through Apprise to fake Discord and Slack webhooks on 127.0.0.1."""
from __future__ import annotations

import json
import logging

import pytest

from movievault_build.errors import UserError
from movievault_build.events import messages
from movievault_build.events.batch import Outcome
from movievault_build.events.notify import Notifier, last_due
from movievault_build.events.settings import NotifySettings, NotifyTarget
from movievault_build.events.work import Batch
from tests.events.helpers import wait_until
from tests.fakes.chat_servers import slack_blocks

SITE = "https://films.example.org/"
HEAT = {"slug": "heat-1995", "title": "Heat", "year": 1995, "rating": 8.3, "genres": ["Crime", "Drama"],
        "plot": "A group of professional bank robbers…", "url": "movies/heat-1995/",
        "poster": "img/heat-1995/poster-342.webp"}


def notifier(tmp_path, chat, events=None, **kw) -> Notifier:
    discord, slack = chat
    targets = (NotifyTarget(discord.apprise_url, events or messages.FIELDS.keys() - {"test"}),
               NotifyTarget(slack.apprise_url, events or messages.FIELDS.keys() - {"test"}))
    settings = NotifySettings(targets=targets, **{"retry_wait": 0.05, **kw})
    return Notifier(settings, SITE, tmp_path)


def outcome(**kw) -> Outcome:
    return Outcome(scanned=True, built=True, summary="1 movies found", library={"movies": 12}, **kw)


def test_a_new_movie_reaches_discord_with_an_embed_and_slack_with_blocks(tmp_path, chat):
    discord, slack = chat
    n = notifier(tmp_path, chat, events=("added",))
    n.batch_done(Batch(), outcome(new=[HEAT]))
    wait_until(lambda: discord.posts and slack.posts, what="both messages")
    embed = discord.posts[0].body["embeds"][0]
    assert embed["title"] == "Heat (1995)" and embed["url"] == SITE + "movies/heat-1995/"
    assert embed["thumbnail"]["url"] == SITE + "img/heat-1995/poster-342.webp"
    assert {f["name"]: f["value"] for f in embed["fields"]} == {"Rating": "8.3", "Genres": "Crime, Drama"}
    assert discord.posts[0].body["allowed_mentions"] == {"parse": []}
    blocks = slack_blocks(slack.posts[0].body)
    assert blocks[0]["type"] == "header" and "Heat (1995)" in blocks[1]["text"]["text"]
    assert blocks[1]["accessory"]["image_url"] == SITE + "img/heat-1995/poster-342.webp"
    assert "★ 8.3 · Crime, Drama" in blocks[1]["text"]["text"]
    assert "Added to the library" in json.dumps(slack.posts[0].body)
    n.close()


def test_per_target_filters_and_templates(tmp_path, chat):
    discord, slack = chat
    targets = (NotifyTarget(discord.apprise_url, ("scan",)), NotifyTarget(slack.apprise_url, ("added",)))
    n = Notifier(NotifySettings(targets=targets, templates={"scan": "{movies} films, {new} new"}), SITE, tmp_path)
    n.batch_done(Batch(), outcome(new=[HEAT]))
    wait_until(lambda: discord.posts and slack.posts, what="one message each")
    n.close()
    assert [p.body["embeds"][0]["description"] for p in discord.posts] == ["12 films, 1 new"]
    assert len(slack.posts) == 1 and "Heat (1995)" in json.dumps(slack.posts[0].body)


def test_a_failed_batch_is_an_error_message(tmp_path, chat):
    discord, _ = chat
    n = notifier(tmp_path, chat, events=("error",))
    n.batch_done(Batch(), Outcome(ok=False, error="mkdocs.yml: bad config"))
    wait_until(lambda: discord.posts, what="the error message")
    n.close()
    assert discord.posts[0].body["embeds"][0]["description"] == "mkdocs.yml: bad config"


def test_rate_limits_and_server_errors_are_retried_within_limits(tmp_path, chat):
    discord, slack = chat
    discord.fail_next(2, 429, retry_after=0.2)
    slack.fail_next(1, 500)
    n = notifier(tmp_path, chat, events=("added",), retries=3)
    assert n.deliver("discord #1", n.targets[0][1], messages.movie_message("added", [HEAT], {}, {}, 10))
    assert n.deliver("slack #2", n.targets[1][1], messages.movie_message("added", [HEAT], {}, {}, 10))
    assert len(discord.posts) == 1 and len(discord.attempts) == 3
    assert len(slack.posts) == 1 and len(slack.attempts) == 2


def test_a_target_that_keeps_failing_is_given_up_on_without_raising(tmp_path, chat, caplog):
    discord, _ = chat
    discord.fail_next(100, 500)
    caplog.set_level(logging.DEBUG)
    n = notifier(tmp_path, chat, events=("added",), retries=2)
    assert not n.deliver("discord #1", n.targets[0][1], messages.movie_message("added", [HEAT], {}, {}, 10))
    assert len(discord.attempts) == 3 and discord.posts == []
    assert "could not be delivered after 3 attempts" in caplog.text
    assert discord.WEBHOOK[1] not in caplog.text        # the webhook's token never logged


def test_invalid_urls_and_templates_are_config_errors(tmp_path):
    with pytest.raises(UserError, match=r"targets\[1\]"):
        Notifier(NotifySettings(targets=(NotifyTarget("nosuchservice://x"),)), None, tmp_path)
    with pytest.raises(messages.TemplateError, match="unknown placeholder {nope}"):
        messages.check_template("added", "{title} {nope}")
    with pytest.raises(messages.TemplateError, match="plain names"):
        messages.check_template("added", "{title.__class__}")


def test_discord_limits_are_respected():
    many = [{**HEAT, "slug": f"m{i}", "plot": "x" * 5000, "title": "T" * 400} for i in range(15)]
    body = messages.discord_body(messages.movie_message("added", many, {}, {}, 15), SITE)
    assert len(body["embeds"]) <= 10
    assert all(len(e["title"]) <= 256 and len(e.get("description", "")) <= 4096 for e in body["embeds"])
    assert sum(len(e["title"]) + len(e.get("description", "")) for e in body["embeds"]) <= 6000


def test_no_site_url_means_no_links_or_posters():
    body = messages.discord_body(messages.movie_message("added", [HEAT], {}, {}, 10), None)
    assert "url" not in body["embeds"][0] and "thumbnail" not in body["embeds"][0]


def test_slack_control_characters_are_escaped():
    evil = {**HEAT, "title": "<!channel> & friends"}
    body = messages.slack_body(messages.movie_message("added", [evil], {}, {}, 10), SITE)
    assert "&lt;!channel&gt; &amp; friends" in body["blocks"][1]["text"]["text"]


def test_the_weekly_summary_is_sent_once_when_due(tmp_path, chat, monkeypatch):
    import datetime as dt
    discord, _ = chat
    n = notifier(tmp_path, chat, events=("summary",))
    monkeypatch.setattr(n, "summary_message", lambda scan: messages.text_message(
        "summary", {"added": 3, "movies": 12}, {}))
    n.scan = object()
    n.tick()                                    # first start: remembered, not sent
    state = n._state()
    due = dt.datetime.fromisoformat(state["summary_sent"])
    n._save_state({"summary_sent": (due - dt.timedelta(days=7)).isoformat()})
    n._summary_checked = ""                      # as after a restart
    n.tick()
    n.tick()
    wait_until(lambda: discord.posts, what="the summary")
    n.close()
    assert len(discord.posts) == 1 and "3 movies added this week" in discord.posts[0].body["embeds"][0]["description"]


@pytest.mark.parametrize("now, expected", [
    ("2025-06-09T10:00", "2025-06-09T09:00"),     # a Monday after nine
    ("2025-06-09T08:00", "2025-06-02T09:00"),     # a Monday before nine: last week's
    ("2025-06-12T00:00", "2025-06-09T09:00"),     # a Thursday
])
def test_last_due(now, expected):
    import datetime as dt
    assert last_due(dt.datetime.fromisoformat(now), "monday", "09:00").isoformat(timespec="minutes") == expected


def test_the_notify_test_command_reaches_every_target(tmp_path, chat, capsys, monkeypatch):
    from movievault_build.cli import main
    from tests.helpers import site_with_plugin

    discord, slack = chat
    monkeypatch.setenv("MV_DISCORD", discord.apprise_url)
    cfg = site_with_plugin(tmp_path, f"""library: [films]
notify:
  targets:
    - url: !ENV MV_DISCORD
    - url: {slack.apprise_url}
      events: [added]
""")
    assert main(["notify", "test", "--config", str(cfg)]) == 0
    assert "delivered to 2 of 2 targets" in capsys.readouterr().out
    assert "MovieVault test" in json.dumps(discord.posts[0].body) and slack.posts

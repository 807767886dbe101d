"""The `watch:`, `webhooks:`, `notify:` and `mqtt:` blocks: validated like the rest of the
plugin's options (a bad key names itself), secrets by !ENV and never shown."""
from __future__ import annotations

import textwrap

import pytest

from movievault_build.cli import main
from movievault_build.errors import UserError
from movievault_build.site.settings import events_from_mkdocs
from tests.helpers import site_with_plugin


def site(tmp_path, block: str):
    return site_with_plugin(tmp_path, "library: [films]\n" + textwrap.dedent(block), site_name="Test")


@pytest.mark.parametrize("block, words", [
    ("watch:\n  debounse: 3\n", "debounse"),
    ("watch:\n  debounce: -1\n", "debounce: must be a positive"),
    ("webhooks:\n  prot: 1\n", "prot"),
    ("webhooks:\n  port: 70000\n", "port: must be between"),
    ("webhooks:\n  username: radarr\n", "basic auth needs both"),
    ("webhooks:\n  path_mappings:\n    - remote: /movies\n      local: /srv\n      locale: x\n", "locale"),
    ("webhooks:\n  path_mappings:\n    - remote: /movies\n", "local"),
    ("notify:\n  targets:\n    - url: discord://a/b\n      events: [added, birthday]\n", "birthday"),
    ("notify:\n  targets:\n    - events: [added]\n", "url"),
    ("notify:\n  templates:\n    added: '{title} {nope}'\n", "unknown placeholder {nope}"),
    ("notify:\n  templates:\n    lunch: 'x'\n", "unknown event 'lunch'"),
    ("notify:\n  summary_time: '25:00'\n", "summary_time"),
    ("notify:\n  summary_day: someday\n", "summary_day"),
    ("mqtt:\n  node_id: 'my vault'\n", "node_id"),
    ("mqtt:\n  base_topic: 'a/#'\n", "base_topic"),
    ("mqtt:\n  hots: x\n", "hots"),
])
def test_a_bad_key_or_value_is_an_error_naming_it(tmp_path, block, words):
    with pytest.raises(UserError) as exc:
        events_from_mkdocs(site(tmp_path, block))
    assert words in str(exc.value)


def test_the_cli_refuses_to_start_on_a_bad_block(tmp_path, capsys):
    cfg = site(tmp_path, "mqtt:\n  hots: x\n")
    assert main(["watch", "--config", str(cfg)]) == 2
    assert "hots" in capsys.readouterr().err


def test_defaults_and_secrets_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("HOOK_TOKEN", "tok-123456")
    monkeypatch.setenv("DISCORD_URL", "discord://111/secret-token/")
    monkeypatch.setenv("MQTT_PASSWORD", "mqtt-pw-987")
    cfg = site(tmp_path, """\
        webhooks:
          enabled: true
          token: !ENV HOOK_TOKEN
          path_mappings:
            - remote: /movies
              local: /srv/films
        notify:
          targets:
            - url: !ENV DISCORD_URL
              events: [added]
        mqtt:
          enabled: true
          username: movievault
          password: !ENV MQTT_PASSWORD
        """)
    scan, events = events_from_mkdocs(cfg)
    assert events.webhooks.token == "tok-123456" and events.webhooks.host == "127.0.0.1"
    assert events.webhooks.path_mappings[0].local == "/srv/films"
    assert events.notify.targets[0].url == "discord://111/secret-token/" and events.notify.targets[0].events == ("added",)
    assert events.mqtt.password == "mqtt-pw-987" and events.watch.debounce == 5.0
    shown = repr(events)
    assert "tok-123456" not in shown and "secret-token" not in shown and "mqtt-pw-987" not in shown

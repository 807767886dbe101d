"""The whole chain as a user sets it up: the daemon beside a fake Radarr (the test posting
its real payloads), fake Discord and Slack webhooks and a real Mosquitto. A Radarr
"Download" makes the movie appear on the site, a Discord and a Slack message arrive, and
Home Assistant's topics show the new count; the broker dying mid-run stops nothing."""
from __future__ import annotations

import json
import threading
import urllib.request

import pytest

from movievault_build.events.mqtt import HomeAssistant
from movievault_build.events.webhooks import WebhookServer
from tests.events.helpers import DaemonThread, free_port, wait_until
from tests.fakes import radarr_payloads as radarr
from tests.fakes.chat_servers import slack_blocks
from tests.fakes.mosquitto import Broker, Subscriber
from tests.helpers import make_site, write

pytestmark = pytest.mark.slow
TOKEN = "hook-secret-1234"
NFO = ("<movie><title>{title}</title><year>{year}</year><rating>{rating}</rating><genre>Drama</genre>"
       "<genre>War</genre><plot>A warlord divides his realm.</plot></movie>")


def config(tmp_path, lib, mqtt_port: int, hook_port: int, discord, slack, debounce: float = 600) -> str:
    return f"""
      watch:
        debounce: {debounce}
      webhooks:
        enabled: true
        port: {hook_port}
        token: !ENV MOVIEVAULT_TEST_HOOK_TOKEN
        path_mappings:
          - remote: /movies
            local: {lib}
      notify:
        retry_wait: 0.1
        targets:
          - url: !ENV MOVIEVAULT_TEST_DISCORD
            events: [added, removed, error]
          - url: {slack.apprise_url}
            events: [added]
      mqtt:
        enabled: true
        port: {mqtt_port}
"""


def post(port: int, body: dict) -> int:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/hooks/radarr?token={TOKEN}", json.dumps(body).encode(),
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status


def add_movie(lib, title: str, year: int, rating: float = 8.2) -> None:
    """What Radarr's import leaves on disk before it posts the webhook."""
    write(lib, f"{title} ({year})/{title} ({year}) Bluray-1080p.mkv", b"video" * 10)
    write(lib, f"{title} ({year})/movie.nfo", NFO.format(title=title, year=year, rating=rating))


def test_a_radarr_download_reaches_the_site_chat_and_home_assistant(tmp_path, chat, monkeypatch):
    discord, slack = chat
    monkeypatch.setenv("MOVIEVAULT_TEST_HOOK_TOKEN", TOKEN)
    monkeypatch.setenv("MOVIEVAULT_TEST_DISCORD", discord.apprise_url)
    lib = tmp_path / "films"
    add_movie(lib, "Heat", 1995)
    broker = Broker(tmp_path, free_port()).start()
    hook_port = free_port()
    cfg = make_site(tmp_path, [lib], config(tmp_path, lib, broker.port, hook_port, discord, slack)
                    + "site_url: https://films.example.org/\n")
    sub = Subscriber(broker.port)
    try:
        with DaemonThread(cfg) as running:
            daemon = running.daemon
            wait_until(lambda: daemon.batches_done >= 1, what="the first scan")
            state = wait_until(lambda: (s := sub.json("movievault/movievault/state")) and s["movies"] == 1 and s,
                               what="the first count")
            # the first scan found Heat: its messages come first
            wait_until(lambda: discord.posts and slack.posts, what="the first scan's messages")
            discord.posts.clear(), slack.posts.clear()

            add_movie(lib, "Ran", 1985, rating=8.2)
            assert post(hook_port, radarr.download("Ran", 1985, "/movies")) == 202
            page = tmp_path / "site" / "movies" / "ran-1985" / "index.html"
            wait_until(page.exists, what="the movie's page")
            wait_until(lambda: discord.posts and slack.posts, what="the Discord and Slack messages")
            embed = discord.posts[0].body["embeds"][0]
            assert embed["title"] == "Ran (1985)" and embed["url"] == "https://films.example.org/movies/ran-1985/"
            assert {"name": "Genres", "value": "Drama, War", "inline": True} in embed["fields"]
            assert "Ran (1985)" in json.dumps(slack_blocks(slack.posts[0].body))
            state = wait_until(lambda: (s := sub.json("movievault/movievault/state")) and s["movies"] == 2 and s,
                               what="the new count in Home Assistant")
            assert state["last_added"] == "Ran (1985)" and state["state"] == "idle"
            assert sub.json("homeassistant/sensor/movievault_movies/config")["state_topic"] == \
                "movievault/movievault/state"

            # the broker dies mid-run: scans go on, and the state is back once it is
            broker.kill()
            add_movie(lib, "Ikiru", 1952)
            assert post(hook_port, radarr.download("Ikiru", 1952, "/movies")) == 202
            wait_until((tmp_path / "site" / "movies" / "ikiru-1952" / "index.html").exists, what="a scan without broker")
            broker.start()                 # a fresh broker holds nothing: what a new subscriber
            sub.close()                    # reads is what MovieVault published again
            sub = Subscriber(broker.port)
            wait_until(lambda: (s := sub.json("movievault/movievault/state")) and s["movies"] == 3,
                       what=lambda: f"the state republished after the broker came back (last seen: "
                                    f"{sub.get('movievault/movievault/state')})")
            assert running.part(HomeAssistant).connects >= 2

            # Radarr deletes a movie: it is marked missing and Discord hears of it
            discord.posts.clear()
            for f in (lib / "Heat (1995)").iterdir():
                f.unlink()
            assert post(hook_port, radarr.movie_delete("Heat", 1995, "/movies")) == 202
            wait_until(lambda: any(p.body["content"].startswith("Gone from the library") for p in discord.posts),
                       what="the removal message")
        log_text = (tmp_path / ".cache" / "movievault" / "events" / "last-batch.log").read_text()
        assert TOKEN not in log_text and discord.WEBHOOK[1] not in log_text
        for path in [*(tmp_path / "site").rglob("*.*"), *(tmp_path / "content").rglob("*.*")]:
            if path.suffix in (".html", ".json", ".md", ".xml", ".txt", ".js"):
                text = path.read_text(errors="replace")
                assert TOKEN not in text and discord.WEBHOOK[1] not in text, path
    finally:
        sub.close()
        broker.kill()


def test_500_webhooks_in_a_burst_fold_into_a_handful_of_scans(tmp_path, chat):
    discord, slack = chat
    lib = tmp_path / "films"
    films = [(f"Film {n}", 1950 + n) for n in range(50)]
    for title, year in films:
        write(lib, f"{title} ({year})/{title} ({year}).mkv", f"{title}".encode())
    hook_port = free_port()
    cfg = make_site(tmp_path, [lib], f"""
      watch:
        debounce: 600
      webhooks:
        enabled: true
        port: {hook_port}
        path_mappings:
          - remote: /movies
            local: {lib}
""")
    answers: list[int] = []
    lock = threading.Lock()

    def sender(k: int) -> None:
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", hook_port, timeout=60)
        for i in range(50):
            title, year = films[(k * 50 + i) % len(films)]
            body = json.dumps(radarr.download(title, year, "/movies")).encode()
            conn.request("POST", "/hooks/radarr", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            with lock:
                answers.append(r.status)
        conn.close()

    with DaemonThread(cfg, scan_on_start=False) as running:
        wait_until(lambda: running.part(WebhookServer).httpd is not None, what="the receiver")
        threads = [threading.Thread(target=sender, args=(k,)) for k in range(10)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        assert answers.count(202) == 500
        pages = [tmp_path / "site" / "movies" / f"film-{n}-{1950 + n}" / "index.html" for n in range(50)]
        wait_until(lambda: all(p.exists() for p in pages) and not running.daemon.queue.pending(),
                   timeout=300, what="every movie on the site")
        assert 1 <= running.daemon.batches_done <= 5
        assert running.part(WebhookServer).answered == 500

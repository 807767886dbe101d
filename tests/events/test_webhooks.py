"""The webhook receiver over real HTTP on 127.0.0.1: what it answers, what it queues."""
from __future__ import annotations

import base64
import http.client
import json
from pathlib import Path

import pytest

from movievault_build.errors import UserError
from movievault_build.events.settings import PathMapping, WebhookSettings
from movievault_build.events.webhooks import WebhookServer
from movievault_build.events.work import WorkQueue
from tests.fakes import radarr_payloads as radarr

TOKEN = "s3cret-token"


@pytest.fixture
def server(tmp_path):
    servers = []

    def start(**kw) -> WebhookServer:
        settings = WebhookSettings(enabled=True, port=0, path_mappings=(PathMapping("/movies", str(tmp_path)),), **kw)
        s = WebhookServer(settings, [tmp_path], WorkQueue(limit=kw.get("queue_limit", 10_000)))
        s.start()
        servers.append(s)
        return s

    yield start
    for s in servers:
        s.stop()


def post(server: WebhookServer, path: str, body: bytes | dict | list, headers: dict | None = None,
         method: str = "POST") -> tuple[int, dict]:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=data, headers={"Content-Type": "application/json", **(headers or {})})
        r = conn.getresponse()
        return r.status, json.loads(r.read() or b"{}")
    finally:
        conn.close()


def test_a_download_is_queued_as_its_folder(server, tmp_path):
    s = server()
    status, body = post(s, "/hooks/radarr", radarr.download("Heat", 1995, "/movies"))
    assert (status, body["status"]) == (202, "queued")
    batch = s.queue.take(timeout=1)
    assert batch.folders == {tmp_path / "Heat (1995)": True}
    assert "radarr Download: Heat (1995)" in batch.reasons


def test_a_folder_outside_the_library_asks_for_a_path_mapping(server):
    s = server()
    status, body = post(s, "/hooks/radarr", radarr.download("Heat", 1995, "/elsewhere"))
    assert status == 422 and "add a path mapping" in body["reason"]
    assert not s.queue.pending()


def test_test_and_sonarr_events_are_acknowledged_without_work(server):
    s = server()
    assert post(s, "/hooks/radarr", radarr.test_event())[0] == 200
    assert post(s, "/hooks/sonarr", radarr.sonarr_download()) == (200, {
        "status": "ignored", "reason": "Sonarr events are acknowledged and ignored: episodes are not MovieVault's"})
    assert not s.queue.pending()


def test_a_shared_secret_in_the_url_or_a_header(server):
    s = server(token=TOKEN)
    body = radarr.download("Heat", 1995, "/movies")
    assert post(s, "/hooks/radarr", body)[0] == 401
    assert post(s, "/hooks/radarr?token=wrong", body)[0] == 401
    assert post(s, f"/hooks/radarr?token={TOKEN}", body)[0] == 202
    assert post(s, "/hooks/radarr", body, {"X-MovieVault-Token": TOKEN})[0] == 202


def test_radarr_basic_auth(server):
    s = server(username="radarr", password="pw")
    body = radarr.test_event()
    good = {"Authorization": "Basic " + base64.b64encode(b"radarr:pw").decode()}
    bad = {"Authorization": "Basic " + base64.b64encode(b"radarr:nope").decode()}
    assert post(s, "/hooks/radarr", body, bad)[0] == 401
    assert post(s, "/hooks/radarr", body, good)[0] == 200


@pytest.mark.parametrize("path, body, headers, status, reason", [
    ("/hooks/lidarr", {}, {}, 404, "no such hook"),
    ("/hooks/radarr", b"{not json", {}, 400, "not JSON"),
    ("/hooks/radarr", b"\xff\xfe", {}, 400, "not JSON"),
    ("/hooks/radarr", b"[]", {}, 422, "JSON object"),
    ("/hooks/radarr", {"eventType": "Download", "movie": {"folderPath": "/movies/../../etc"}}, {}, 422, "plain"),
    ("/hooks/radarr", {"eventType": "Download"}, {"Content-Type": "text/plain"}, 415, "application/json"),
    ("/hooks/radarr", b"x" * 5000, {}, 413, "body over"),
])
def test_bad_requests_get_a_4xx_with_the_reason(server, path, body, headers, status, reason):
    s = server(max_body=4096)
    got, answer = post(s, path, body, headers)
    assert got == status and reason in answer["reason"]
    # and the receiver goes on answering
    assert post(s, "/hooks/radarr", radarr.test_event())[0] == 200


def test_no_content_length_and_chunked_bodies_are_refused(server):
    s = server()
    for headers in ({}, {"Transfer-Encoding": "chunked"}):
        conn = http.client.HTTPConnection("127.0.0.1", s.port, timeout=30)
        conn.putrequest("POST", "/hooks/radarr")
        conn.putheader("Content-Type", "application/json")
        for k, v in headers.items():
            conn.putheader(k, v)
        conn.endheaders()
        if headers:
            conn.send(b"2\r\n{}\r\n0\r\n\r\n")
        r = conn.getresponse()
        assert r.status == 411
        conn.close()


def test_get_and_health(server):
    s = server()
    assert post(s, "/hooks/radarr", b"", method="GET")[0] == 405
    assert post(s, "/healthz", b"", method="GET") == (200, {"status": "ok", "pending": False})


def test_a_full_queue_turns_into_one_whole_library_scan(server):
    s = server(queue_limit=3)
    for n in range(5):
        assert post(s, "/hooks/radarr", radarr.download(f"Film {n}", 2000 + n, "/movies"))[0] == 202
    batch = s.queue.take(timeout=1)
    assert batch.full and batch.items() is None and batch.asked == 5


def test_listening_beyond_loopback_needs_credentials(tmp_path):
    with pytest.raises(UserError, match="needs a `token`"):
        WebhookServer(WebhookSettings(enabled=True, host="0.0.0.0"), [tmp_path], WorkQueue())
    WebhookServer(WebhookSettings(enabled=True, host="0.0.0.0", token=TOKEN), [tmp_path], WorkQueue())


def test_the_token_never_reaches_the_log(server, caplog):
    s = server(token=TOKEN)
    caplog.set_level("DEBUG", logger="mkdocs.plugins.movievault")
    post(s, f"/hooks/radarr?token={TOKEN}", radarr.test_event())
    post(s, "/hooks/radarr?token=wrong-" + TOKEN, radarr.test_event())
    assert "webhooks: POST /hooks/radarr" in caplog.text and TOKEN not in caplog.text
    assert TOKEN not in repr(s.settings)

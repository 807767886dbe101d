"""Home Assistant over MQTT against a real Mosquitto on 127.0.0.1."""
from __future__ import annotations

import pytest

from movievault_build.events.batch import Outcome
from movievault_build.events.mqtt import HomeAssistant
from movievault_build.events.settings import MqttSettings
from movievault_build.events.work import Batch, WorkQueue
from tests.events.helpers import free_port, wait_until
from tests.fakes.mosquitto import Broker, Subscriber

pytestmark = pytest.mark.slow
HEAT = {"title": "Heat", "year": 1995, "rating": 8.3, "genres": ["Crime"], "added": "2025-01-02"}


@pytest.fixture
def broker(tmp_path):
    b = Broker(tmp_path, free_port()).start()
    yield b
    b.kill()


@pytest.fixture
def bridge(broker):
    queue = WorkQueue()
    ha = HomeAssistant(MqttSettings(enabled=True, port=broker.port, node_id="vault1"), queue, version="1.0")
    ha.start()
    yield ha
    ha.stop()


def done(movies: int) -> Outcome:
    return Outcome(scanned=True, library={"movies": movies, "average_rating": 7.5, "last_added": HEAT})


def test_discovery_state_and_availability(broker, bridge):
    sub = Subscriber(broker.port)
    try:
        config = wait_until(lambda: sub.json("homeassistant/sensor/vault1_movies/config"), what="discovery")
        assert config["state_topic"] == "movievault/vault1/state"
        assert config["value_template"] == "{{ value_json.movies }}"
        assert config["availability_topic"] == "movievault/vault1/availability"
        assert config["device"]["identifiers"] == ["movievault_vault1"]
        for key in ("average_rating", "last_added", "last_scan", "state"):
            assert sub.json(f"homeassistant/sensor/vault1_{key}/config")["unique_id"] == f"vault1_{key}"
        assert sub.json("homeassistant/button/vault1_scan/config")["command_topic"] == "movievault/vault1/scan"
        wait_until(lambda: sub.get("movievault/vault1/availability") == "online", what="online")
        bridge.batch_started(Batch())
        wait_until(lambda: (sub.json("movievault/vault1/state") or {}).get("state") == "scanning", what="scanning")
        bridge.batch_done(Batch(), done(3))
        state = wait_until(lambda: (s := sub.json("movievault/vault1/state")) and s["movies"] == 3 and s,
                           what="the new count")
        assert state["state"] == "idle" and state["average_rating"] == 7.5 and state["last_added"] == "Heat (1995)"
        assert state["last_scan"].endswith("+00:00")
        bridge.stop()
        wait_until(lambda: sub.get("movievault/vault1/availability") == "offline", what="offline")
    finally:
        sub.close()


def test_the_button_asks_for_a_scan(broker, bridge):
    sub = Subscriber(broker.port)
    try:
        wait_until(lambda: bridge.listening, what="the broker acknowledged the bridge's subscriptions")
        wait_until(lambda: sub.client.is_connected(), what="the subscriber connected")
        sub.publish("movievault/vault1/scan", "SCAN")
        batch = bridge.queue.take(timeout=60)
        assert batch is not None and batch.full and batch.reasons == ["home assistant"]
    finally:
        sub.close()


def test_home_assistant_coming_online_gets_discovery_again(broker, bridge):
    sub = Subscriber(broker.port)
    try:
        topic = "homeassistant/sensor/vault1_movies/config"
        wait_until(lambda: sub.get(topic), what="discovery")
        before = sum(1 for t, _ in sub.history if t == topic)
        sub.publish("homeassistant/status", "online")
        wait_until(lambda: sum(1 for t, _ in sub.history if t == topic) > before, what="discovery again")
    finally:
        sub.close()


def test_a_broker_restart_is_survived_and_state_republished(broker, bridge):
    wait_until(lambda: bridge.connects == 1, what="connected")
    broker.kill()
    bridge.batch_done(Batch(), done(5))        # while the broker is away: no error, no wait
    broker.start()                             # a fresh broker: nothing retained
    sub = Subscriber(broker.port)
    try:
        state = wait_until(lambda: (s := sub.json("movievault/vault1/state")) and s, timeout=120,
                           what=lambda: f"state republished after the restart (bridge connects: {bridge.connects}, "
                                        f"connected: {bridge.client.is_connected()}, topics seen: {sorted(sub.messages)}, "
                                        f"broker log: {(broker.folder / 'mosquitto.log').read_text()[-1500:]!r})")
        assert state["movies"] == 5
        assert sub.json("homeassistant/sensor/vault1_movies/config") is not None
        assert bridge.connects >= 2
    finally:
        sub.close()


def test_the_broker_says_offline_for_a_movievault_that_vanished(broker, tmp_path):
    import os
    import signal
    import subprocess
    import sys

    from tests.helpers import REPO

    code = ("import time\nfrom movievault_build.events.mqtt import HomeAssistant\n"
            "from movievault_build.events.settings import MqttSettings\n"
            "from movievault_build.events.work import WorkQueue\n"
            f"HomeAssistant(MqttSettings(enabled=True, port={broker.port}, node_id='gone'), WorkQueue()).start()\n"
            "time.sleep(600)\n")
    sub = Subscriber(broker.port)
    proc = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        wait_until(lambda: sub.get("movievault/gone/availability") == "online", what="online")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        wait_until(lambda: sub.get("movievault/gone/availability") == "offline", what="the last will")
    finally:
        proc.kill()
        sub.close()

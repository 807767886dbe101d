"""A real Mosquitto broker on 127.0.0.1, started by the test on a free port with its own
config (no persistence, anonymous), and a subscriber that remembers the last message per topic."""
from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import pytest

# Debian installs the broker in /usr/sbin, which is not on every user's PATH.
CANDIDATES = ("/usr/sbin/mosquitto", "/usr/local/sbin/mosquitto")


def mosquitto_binary() -> str:
    found = shutil.which("mosquitto") or next((p for p in CANDIDATES if Path(p).is_file()), None)
    if not found:
        pytest.fail("the MQTT tests need Mosquitto (`python3 dev.py test` installs the Debian package)")
    return found


class Broker:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.conf = folder / "mosquitto.conf"
        self.conf.write_text(f"listener {port} 127.0.0.1\nallow_anonymous true\npersistence false\n")
        self.proc: subprocess.Popen | None = None

    def start(self) -> "Broker":
        """Start and wait until *this* broker listens: its own log says so and the port answers.
        A port probe alone could be answered by another test's server that took the port
        while this broker was down."""
        log_path = self.folder / "mosquitto.log"
        log = log_path.open("a")
        seen = log_path.stat().st_size
        self.proc = subprocess.Popen([mosquitto_binary(), "-v", "-c", str(self.conf)], stdout=log, stderr=log)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"mosquitto exited: {log_path.read_text()[seen:]}")
            if f"listen socket on port {self.port}" in log_path.read_text()[seen:]:
                try:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                    return self
                except OSError:
                    pass
            time.sleep(0.05)
        raise RuntimeError("mosquitto did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Subscriber:
    """Subscribes to everything and keeps the last payload of each topic."""

    def __init__(self, port: int, topics=("#",)) -> None:
        import paho.mqtt.client as mqtt

        self.messages: dict[str, str] = {}
        self.history: list[tuple[str, str]] = []
        self._lock = threading.Lock()
        self.client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"test-sub-{port}-{time.monotonic_ns()}")
        self.client.on_connect = lambda c, u, f, rc, p: c.subscribe([(t, 1) for t in topics])
        self.client.on_message = self._on_message
        self.client.reconnect_delay_set(min_delay=1, max_delay=2)
        self.client.connect_async("127.0.0.1", port)
        self.client.loop_start()

    def _on_message(self, client, userdata, message) -> None:
        with self._lock:
            text = message.payload.decode("utf-8", "replace")
            self.messages[message.topic] = text
            self.history.append((message.topic, text))

    def get(self, topic: str) -> str | None:
        with self._lock:
            return self.messages.get(topic)

    def json(self, topic: str):
        text = self.get(topic)
        return json.loads(text) if text else None

    def publish(self, topic: str, payload: str) -> None:
        self.client.publish(topic, payload, qos=1).wait_for_publish(timeout=10)

    def close(self) -> None:
        self.client.disconnect()
        self.client.loop_stop()

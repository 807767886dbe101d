"""Home Assistant over MQTT (paho-mqtt): the library as sensors, and a button to scan.

Discovery configs go to `<prefix>/sensor/<node>_<name>/config` and
`<prefix>/button/<node>_scan/config`, retained, so Home Assistant finds the entities
after its own restarts too; one retained JSON state message feeds every sensor through
its value_template. `<base>/<node>/availability` says `online` once connected, and the
broker says `offline` for us if we vanish (the last will). When Home Assistant announces
itself (`online` on `<prefix>/status`) or the connection comes back after the broker
restarted, discovery and state are published again. paho reconnects on its own; the
daemon never waits for the broker, and a broker that is away never stops a scan.
"""
from __future__ import annotations

import datetime as _dt
import json
import threading
from typing import Any

from ..log import get_logger
from .settings import MqttSettings
from .work import WorkQueue

log = get_logger("mqtt")
SCAN_PAYLOAD = "SCAN"
# sensor -> (name, value template, extra discovery keys)
SENSORS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "movies": ("Movies", "{{ value_json.movies }}",
               {"unit_of_measurement": "movies", "state_class": "measurement", "icon": "mdi:movie-open"}),
    "average_rating": ("Average rating", "{{ value_json.average_rating }}",
                       {"state_class": "measurement", "icon": "mdi:star"}),
    "last_added": ("Last added", "{{ value_json.last_added }}",
                   {"icon": "mdi:movie-plus", "json_attributes_template": "{{ value_json.last_added_details | tojson }}"}),
    "last_scan": ("Last scan", "{{ value_json.last_scan }}", {"device_class": "timestamp", "icon": "mdi:clock"}),
    "state": ("State", "{{ value_json.state }}", {"icon": "mdi:sync"}),
}


class HomeAssistant:
    def __init__(self, settings: MqttSettings, queue: WorkQueue, version: str = "") -> None:
        import paho.mqtt.client as mqtt

        self.s, self.queue = settings, queue
        self.version = version or _version()
        node, base = settings.node_id, f"{settings.base_topic}/{settings.node_id}"
        self.state_topic, self.availability = f"{base}/state", f"{base}/availability"
        self.command_topic, self.ha_status = f"{base}/scan", f"{settings.discovery_prefix}/status"
        self.state: dict[str, Any] = {"state": "idle", "movies": None, "average_rating": None,
                                      "last_added": None, "last_added_details": {}, "last_scan": None}
        self._lock = threading.Lock()
        self.connects = 0
        self.listening = 0     # subscriptions the broker has acknowledged: the button works from then on
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"movievault-{node}",
                             protocol=mqtt.MQTTv311)
        client.will_set(self.availability, "offline", qos=1, retain=True)
        if settings.username:
            client.username_pw_set(settings.username, settings.password)
        if settings.tls:
            client.tls_set()
        client.reconnect_delay_set(min_delay=1, max_delay=30)
        client.on_connect, client.on_message, client.on_disconnect = self._on_connect, self._on_message, self._on_disconnect
        client.on_subscribe = self._on_subscribe
        self.client = client

    # -- lifecycle (a daemon part and a sink) -------------------------------------------------------
    def start(self) -> None:
        self.client.connect_async(self.s.host, self.s.port, keepalive=self.s.keepalive)
        self.client.loop_start()

    def stop(self) -> None:
        if self.client.is_connected():
            info = self.client.publish(self.availability, "offline", qos=1, retain=True)
            try:
                info.wait_for_publish(timeout=5)
            except (RuntimeError, ValueError):
                pass
        self.client.disconnect()
        self.client.loop_stop()

    def close(self) -> None:
        pass      # stop() did it

    def tick(self) -> None:
        pass

    def batch_started(self, batch) -> None:
        self._update(state="scanning")

    def batch_done(self, batch, outcome) -> None:
        lib = outcome.library or {}
        last = lib.get("last_added") or {}
        changes: dict[str, Any] = {"state": "idle" if outcome.ok else "error",
                                   "last_scan": _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0).isoformat()}
        if lib:
            changes.update(movies=lib.get("movies"), average_rating=lib.get("average_rating"),
                           last_added=_label(last) if last else None,
                           last_added_details={k: last.get(k) for k in ("title", "year", "rating", "genres", "added")})
        self._update(**changes)

    # -- MQTT ------------------------------------------------------------------------------------------
    def _update(self, **changes: Any) -> None:
        with self._lock:
            self.state.update(changes)
        self._publish_state()

    def _publish_state(self) -> None:
        if self.client.is_connected():
            with self._lock:
                payload = json.dumps(self.state)
            # QoS 0: paho resends unacknowledged QoS 1 messages after a reconnect, *after*
            # on_connect has published the current state, so an old state would win; every
            # (re)connect publishes the state again instead.
            self.client.publish(self.state_topic, payload, qos=0, retain=True)

    def _on_subscribe(self, client, userdata, mid, reason_codes, properties) -> None:
        self.listening += 1

    def _on_connect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            log.warning("mqtt: %s:%d refused the connection (%s)", self.s.host, self.s.port, reason_code)
            return
        self.connects += 1
        log.info("mqtt: connected to %s:%d%s", self.s.host, self.s.port, " again" if self.connects > 1 else "")
        client.subscribe([(self.command_topic, 1), (self.ha_status, 1)])
        self._announce()

    def _on_disconnect(self, client, userdata, flags, reason_code, properties) -> None:
        if reason_code.is_failure:
            log.warning("mqtt: connection to %s:%d lost (%s); reconnecting", self.s.host, self.s.port, reason_code)

    def _on_message(self, client, userdata, message) -> None:
        payload = message.payload.decode("utf-8", "replace").strip()
        if message.topic == self.command_topic and payload.upper() == SCAN_PAYLOAD:
            log.info("mqtt: scan asked for from Home Assistant")
            self.queue.add_full("home assistant")
        elif message.topic == self.ha_status and payload == "online":
            self._announce()          # Home Assistant restarted: it wants discovery again

    def _announce(self) -> None:
        for topic, config in self.discovery().items():
            self.client.publish(topic, json.dumps(config), qos=1, retain=True)
        self.client.publish(self.availability, "online", qos=1, retain=True)
        self._publish_state()

    def discovery(self) -> dict[str, dict[str, Any]]:
        """Discovery topic -> config, for every sensor and the scan button."""
        node, prefix = self.s.node_id, self.s.discovery_prefix
        device = {"identifiers": [f"movievault_{node}"], "name": "MovieVault" + ("" if node == "movievault" else f" {node}"),
                  "manufacturer": "MovieVault", "model": "Movie library", "sw_version": self.version}
        common = {"availability_topic": self.availability, "payload_available": "online",
                  "payload_not_available": "offline", "device": device,
                  "origin": {"name": "MovieVault", "sw": self.version}}
        out: dict[str, dict[str, Any]] = {}
        for key, (name, template, extra) in SENSORS.items():
            uid = f"{node}_{key}"
            out[f"{prefix}/sensor/{uid}/config"] = {
                "name": name, "unique_id": uid, "object_id": uid, "state_topic": self.state_topic,
                "value_template": template, **({"json_attributes_topic": self.state_topic}
                                               if "json_attributes_template" in extra else {}),
                **extra, **common}
        uid = f"{node}_scan"
        out[f"{prefix}/button/{uid}/config"] = {
            "name": "Scan library", "unique_id": uid, "object_id": uid, "command_topic": self.command_topic,
            "payload_press": SCAN_PAYLOAD, "icon": "mdi:magnify-scan", **common}
        return out


def _label(movie: dict[str, Any]) -> str:
    return f"{movie.get('title')} ({movie['year']})" if movie.get("year") else str(movie.get("title"))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("movievault")
    except PackageNotFoundError:
        return "0"

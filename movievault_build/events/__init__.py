"""Events: the watch daemon and what it listens to and tells.

- watcher.py   library roots watched natively (watchdog): debounced, moves followed, roots that go and come back
- work.py      the one queue of folders to scan: bursts fold into one batch, nothing lost, one scan at a time
- batch.py     one batch in a child process (site/watch_batch.py): targeted scan, `mkdocs build`, publish
- webhooks.py  the HTTP receiver (auth, size limit, JSON checks); arr.py turns Radarr payloads into folders
- notify.py    Apprise notifications: filters, templates, retries; messages.py builds their text
- mqtt.py      Home Assistant over MQTT (paho-mqtt): discovery, state, a scan button, availability
- daemon.py    wires them together and stops cleanly on SIGTERM/SIGINT
"""

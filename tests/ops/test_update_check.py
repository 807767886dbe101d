"""The opt-in update check against a package-index JSON API on 127.0.0.1."""
from __future__ import annotations

import json
import textwrap

import pytest

from movievault_build.cli import main
from movievault_build.update_check import installed
from tests.fakes import FakeApiServer
from tests.helpers import site_with_plugin


class FakeIndex(FakeApiServer):
    latest = "99.0.0"

    def route(self, path, query, headers):
        if path == "/pypi/movievault/json":
            return 200, {}, {"info": {"name": "movievault", "version": self.latest}, "releases": {}}
        return 404, {}, {"message": "Not Found"}


@pytest.fixture
def index():
    with FakeIndex() as server:
        yield server


@pytest.fixture
def configure(tmp_path, monkeypatch, index):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "lib").mkdir()

    def configure(enabled="true", path="/pypi/movievault/json"):
        site_with_plugin(tmp_path, textwrap.dedent(f"""\
            library: [lib]
            update_check: {{enabled: {enabled}, url: "{index.url}{path}"}}
            """))
    configure()
    return configure




def test_one_line_when_newer_at_most_once_a_day(configure, tmp_path, index, capsys):
    site = tmp_path
    assert main(["unmatched"]) == 0
    err = capsys.readouterr().err
    assert err.strip() == f"MovieVault 99.0.0 is out (you have {installed()}): pip install -U movievault"
    assert index.log.count("/pypi") == 1
    assert main(["unmatched"]) == 0                      # checked today: no request, no line
    assert "is out" not in capsys.readouterr().err and index.log.count("/pypi") == 1
    stamp = site / ".cache" / "movievault" / "update-check.json"
    data = json.loads(stamp.read_text())
    stamp.write_text(json.dumps({**data, "checked": data["checked"] - 86401}))
    index.latest = installed()
    assert main(["unmatched"]) == 0                      # a day later: asked again, up to date
    assert "is out" not in capsys.readouterr().err and index.log.count("/pypi") == 2


@pytest.mark.parametrize("how", ["ci", "offline", "off", "server error"])
def test_silent(configure, index, capsys, monkeypatch, how):
    if how == "ci":
        monkeypatch.setenv("CI", "true")
    elif how == "off":
        configure(enabled="false")
    elif how == "server error":
        configure(path="/nope")
    args = ["scan", "-q", "--offline"] if how == "offline" else ["unmatched"]
    assert main(args) == 0
    assert "is out" not in capsys.readouterr().err
    assert index.log.count("/pypi") == 0 and index.log.count("/nope") == (how == "server error")


def test_the_short_form_and_a_bad_value(configure, tmp_path, capsys):
    site = tmp_path
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text().replace(
        (site / "mkdocs.yml").read_text().split("update_check:")[1].splitlines()[0], " true"))
    assert main(["unmatched"]) == 0
    (site / "mkdocs.yml").write_text((site / "mkdocs.yml").read_text().replace("update_check: true", "update_check: sometimes"))
    assert main(["unmatched"]) == 2
    assert "update_check" in capsys.readouterr().err

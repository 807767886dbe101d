"""User templates: the body of new content files and `export --format html`, looked up in
`templates.dir` before ours; a broken template is one line naming it, and nothing written."""
from __future__ import annotations

import textwrap

import pytest

from movievault_build.cli import main
from tests.helpers import site_with_plugin, write


@pytest.fixture
def site(tmp_path, monkeypatch, no_provider_env):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "lib", "Heat (1995)/Heat (1995).mkv")
    write(tmp_path / "lib", "Heat (1995)/movie.nfo",
          "<movie><title>Heat</title><year>1995</year><plot>Thief & cop.</plot><director>Michael Mann</director></movie>")
    (tmp_path / "templates").mkdir()
    site_with_plugin(tmp_path, textwrap.dedent("""\
        library: [lib]
        content_dir: content
        templates:
          dir: templates
        """))
    return tmp_path


def test_ours_write_no_body_and_the_same_table(site):
    assert main(["scan", "-q"]) == 0
    assert (site / "content/movies/heat-1995.md").read_text().endswith("---\n")
    assert main(["export", str(site / "out.html"), "--format", "html"]) == 0
    html = (site / "out.html").read_text()
    assert "<p>1 movies</p>" in html and "<td>Thief &amp; cop.</td>" in html


def test_the_user_s_templates_come_first(site):
    (site / "templates/content.md").write_text(
        "## {{ movie.title }} ({{ movie.year }})\n\nDirected by {{ movie.directors | join(', ') }}. [{{ slug }}]\n")
    (site / "templates/export.html").write_text(
        "<ul>{% for m in movies %}<li>{{ m.title }}: {{ m.plot }}</li>{% endfor %}</ul> {{ count }}\n")
    assert main(["scan", "-q"]) == 0
    text = (site / "content/movies/heat-1995.md").read_text()
    assert text.endswith("---\n\n## Heat (1995)\n\nDirected by Michael Mann. [heat-1995]\n")
    assert main(["scan", "--full", "-q"]) == 0             # a body is only written once, when new
    assert (site / "content/movies/heat-1995.md").read_text() == text
    assert main(["export", str(site / "out.html"), "--format", "html"]) == 0
    assert (site / "out.html").read_text() == "<ul><li>Heat: Thief &amp; cop.</li></ul> 1\n"


@pytest.mark.parametrize("template, reason", [
    ("{% for m in movies %}", "templates/export.html: line 1: Unexpected end of template"),
    ("{{ nope.title }}", "export.html: 'nope' is undefined"),
])
def test_a_broken_template_is_one_line_and_writes_nothing(site, capsys, template, reason):
    (site / "templates/export.html").write_text(template)
    assert main(["scan", "-q"]) == 0
    capsys.readouterr()
    assert main(["export", str(site / "out.html"), "--format", "html"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("movievault: template ") and reason in err and "\n" not in err
    assert not (site / "out.html").exists()


def test_a_missing_templates_folder_is_a_config_error(site, capsys):
    (site / "templates").rmdir()
    assert main(["scan", "-q"]) == 2
    assert "templates" in capsys.readouterr().err

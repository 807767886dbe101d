"""Rendered pages lose the indentation their templates leave, and nothing else."""
from __future__ import annotations

import random
import re

from movievault_build.site.render import squeeze

# What squeeze does, as one regular expression (slower: it is tried at every character).
_REFERENCE = re.compile(r"(<(pre|textarea|script|style)\b.*?</\2\s*>)|[ \t\r]*\n\s*", re.S | re.I)


def test_indentation_and_blank_lines_between_tags_go():
    assert squeeze("<ul>\n    <li>a</li>\n\n    <li>b</li>  \n</ul>\n") == "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"


def test_inline_text_keeps_a_separator():
    # "Heat" and "1995" must not run together: the line break is still whitespace.
    assert squeeze("<h1>Heat\n      <span>1995</span></h1>") == "<h1>Heat\n<span>1995</span></h1>"


def test_pre_textarea_script_and_style_are_kept_as_written():
    for block in ("<pre>\n    code\n\n  more</pre>", "<textarea>\n  typed\n</textarea>",
                  "<script>\n  var x = `\n    y`;\n</script>", "<STYLE>\n  a { b: c }\n</STYLE>",
                  '<script type="application/json">\n  {"a": 1}\n</script >'):
        assert squeeze(f"<div>\n  {block}\n  </div>") == f"<div>\n{block}\n</div>"


def test_spaces_within_a_line_are_left_alone():
    assert squeeze('<p class="a  b">one  two</p>') == '<p class="a  b">one  two</p>'


def test_equals_the_regular_expression_on_random_markup():
    pieces = [" ", "\t", "\n", "\r", "\xa0", "\x0c", "\u2003", "a", "<b>", "<pre>", "</pre>", "<PRE x>",
              "</pre >", "<script>", "</script>", "<style>", "</stylex>", "<textarea>", "</textarea>", " \n "]
    rng = random.Random(7)
    for _ in range(20_000):
        html = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 40)))
        assert squeeze(html) == _REFERENCE.sub(lambda m: m.group(1) or "\n", html), repr(html)

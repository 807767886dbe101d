"""The repository itself: no file is committed half-merged."""
from __future__ import annotations

import re
import subprocess

from tests.helpers import REPO

MARKER = re.compile(rb"^(<{7} |>{7} |={7}$)", re.M)


def test_no_tracked_file_holds_a_merge_conflict_marker():
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True).stdout
    marked = [name for name in listed.decode().split("\0") if name and (REPO / name).is_file()
              and MARKER.search((REPO / name).read_bytes())]
    assert not marked, marked

"""How this machine's file system takes a site's folders removed and made again.

A clean `mkdocs build` removes site/ (MkDocs' clean) and makes its folders again: at
10,000 movies about 11,000 folders, one a page. Some file systems make that dearer build
after build: ext4 without a journal will not reuse an inode freed in the last minute or
so, and scans past every such inode for each new one, so a second build soon after the
first pays for the first one's removals. This makes and removes `--folders` folders,
each with one small file, `--rounds` times back to back in a folder of `--dir`'s file
system, and prints the kernel time of each making and removal:

    python benchmarks/folder_churn.py --dir /tmp --rounds 6

Rising figures mean build-to-build drift: benchmark builds on another file system
(TMPDIR for compare_checkouts.py and scale_bench.py) or read only side-by-side rows.
"""
from __future__ import annotations

import argparse
import os
import shutil
import tempfile


def churn(root: str, folders: int) -> tuple[float, float]:
    """System CPU seconds to make `folders` folders with a file each, then to remove them."""
    top = os.path.join(root, "movies")
    before = os.times()
    for i in range(folders):
        folder = os.path.join(top, f"m{i:06d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "index.html"), "w") as f:
            f.write("x")
    made = os.times()
    shutil.rmtree(top)
    removed = os.times()
    return made.system - before.system, removed.system - made.system


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dir", default=None, help="a folder on the file system to try (default: TMPDIR)")
    ap.add_argument("--folders", type=int, default=11_000)
    ap.add_argument("--rounds", type=int, default=6)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="mv-churn-", dir=args.dir) as root:
        for n in range(args.rounds):
            make, remove = churn(root, args.folders)
            print(f"round {n + 1}: made in {make:.2f} s, removed in {remove:.2f} s of system time", flush=True)


if __name__ == "__main__":
    main()

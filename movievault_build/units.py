"""Numbers for people to read. A leaf: imports nothing internal."""
from __future__ import annotations


def human_size(n: int | float) -> str:
    """Binary units, one decimal.

    >>> human_size(512), human_size(1536), human_size(3 * 1024 ** 3)
    ('512 B', '1.5 KiB', '3.0 GiB')
    """
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024:
            return f"{int(value)} B" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"

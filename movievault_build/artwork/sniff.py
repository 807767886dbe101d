"""Is this download an image, and is it whole? Byte checks only (no decoding), so the
scan can refuse an HTML error page or a cut-off body before it becomes a master."""
from __future__ import annotations


def image_format(data: bytes) -> str | None:
    """The file extension the bytes' signature says, or None when it is no image we keep."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[4:8] == b"ftyp" and data[8:12] in (b"avif", b"avis"):
        return "avif"
    return None


def image_problem(data: bytes) -> str | None:
    """Why `data` must not become a master, or None.

    >>> image_problem(b"<!doctype html><title>404</title>")
    'not an image (starts with "<!doctype html><")'
    >>> image_problem(b"\\xff\\xd8\\xff\\xe0" + b"x" * 40)
    'truncated jpg (no end marker)'
    """
    if not data:
        return "empty (0 bytes)"
    fmt = image_format(data)
    if fmt is None:
        head = data[:16].decode("ascii", "replace").replace("\n", " ")
        return f'not an image (starts with "{head}")'
    if fmt == "jpg" and b"\xff\xd9" not in data[-4096:]:
        return "truncated jpg (no end marker)"
    if fmt == "png" and b"IEND" not in data[-64:]:
        return "truncated png (no IEND chunk)"
    if fmt == "webp" and len(data) < int.from_bytes(data[4:8], "little") + 8:
        return "truncated webp (shorter than its RIFF size)"
    return None

"""`movievault backup|restore|history|diff|rollback`: keeping the library safe."""
from __future__ import annotations

COMMANDS = ()

"""The user's cache folder (XDG): what kanslist keeps between runs that it can always make again.

The Swedish dictionary's answers, the LibreOffice profiles and what granska read from a
workspace's own templates. Standard library only: `kanslist granska` reads it before its
other imports (granska.forhand).
"""

from __future__ import annotations

import os
from pathlib import Path


def user_cache(name: str) -> Path:
    """Return kanslist's folder ``name`` in the user's cache ($XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative value is to be ignored
        base = os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "kanslist" / name

"""What a benchmark needs beyond `make install`, checked before it starts.

Every benchmark says at its top which extra it needs; `make bench-deps` installs all of them
(the `bench` and `postgres` extras).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

INSTALL = "make bench-deps (or: .venv/bin/pip install -e '.[bench,postgres]')"


def require(script: str, extra: str, *modules: str) -> None:
    """Stop with one line naming the install command when a module of EXTRA is missing."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    if missing:
        sys.exit(f"{Path(script).name}: needs {', '.join(missing)} from the `{extra}` extra; "
                 f"install it with {INSTALL}")


def shared_dir() -> Path | None:
    """../shared beside the repository, or beside the folder of worktrees."""
    root = Path(__file__).resolve().parents[1]
    for base in (root.parent, root.parents[1]):
        if (base / "shared").is_dir():
            return base / "shared"
    return None

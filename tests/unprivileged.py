"""Run `prov` so that the inputs it reads are read without root's powers, also when the tests run as root.

Root reads any file whatever its mode, so a test of an unreadable input needs another user. Only the
reading of the inputs (walking folders, reading files) is done as the unprivileged user, and only for its
duration, in the reading thread alone (its file-system ids): everything else the command needs (the
interpreter, the project's own files, the database) is used as root, so the test also works from a
checkout in a folder only root may enter (/root/..., a `mktemp -d` folder).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

NOBODY = 65534

CHILD = f"""
import ctypes, functools, sys
import provenance.ingest as ingest
from provenance.cli import cli

# The file-system ids are the calling thread's own (Linux): the other threads (extracting, importing a
# module from a checkout only root may enter, writing the database) go on as root meanwhile. Leaving
# uid 0 also drops root's power to read and enter anything, for this thread.
libc = ctypes.CDLL(None, use_errno=True)

def unprivileged(read):
    @functools.wraps(read)
    def wrapper(*args, **kwargs):
        libc.setfsgid({NOBODY}); libc.setfsuid({NOBODY})
        try:
            return read(*args, **kwargs)
        finally:
            libc.setfsuid(0); libc.setfsgid(0)
    return wrapper

ingest.read_file = unprivileged(ingest.read_file)
ingest.walk_folder = unprivileged(ingest.walk_folder)
cli(sys.argv[1:], prog_name="prov")
"""


def is_root() -> bool:
    return os.geteuid() == 0


def run_ingest_unprivileged(db_url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`prov --db DB_URL ingest ARGS` in a child process as root whose reads of the inputs run as nobody.

    The inputs must sit in a folder nobody may enter (see `world_enterable_dir`).
    """
    return subprocess.run([sys.executable, "-c", CHILD, "--db", db_url, "ingest", *args],
                          capture_output=True, text=True, cwd=cwd, check=False)


def world_enterable_dir() -> Path:
    """A new temporary folder everyone may enter (pytest's own are root-only when run as root)."""
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="prov-perm-"))
    folder.chmod(0o777)
    return folder

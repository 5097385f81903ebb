"""Write a report or an export whole, to a regular file or a new path, or not at all."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from provenance.errors import OutputError

ONLY = "output goes only to a regular file or a new path"
KINDS = [
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
]


def existing_mode(path: str) -> int | None:
    """The permission bits of the regular file at PATH, None when nothing is there.

    Raises:
        OutputError: PATH is a symbolic link, a directory, a FIFO, a socket or a device.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise OutputError(path, f"cannot write there ({exc.strerror or exc})") from None
    if stat.S_ISLNK(info.st_mode):
        raise OutputError(path, f"is a symbolic link: {ONLY}")
    for test, kind in KINDS:
        if test(info.st_mode):
            raise OutputError(path, f"is {kind}: {ONLY}")
    return stat.S_IMODE(info.st_mode)


def default_mode() -> int:
    """What a newly created file gets: rw for all, less the umask."""
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


@contextmanager
def output_file(path: str, *, what: str, binary: bool = False) -> Iterator[IO[Any]]:
    """A file object whose contents replace PATH when the block ends without an error.

    The writing goes to a new file beside PATH (created exclusively, with a random name, so
    nothing already there is followed or overwritten), renamed over PATH at the end: an
    error or an interrupt leaves PATH as it was. PATH itself must be a regular file or not
    exist yet; a device, FIFO, socket, directory or symbolic link is refused, never replaced.

    Args:
        path: where to write.
        what: what is written, for the message of a failed write ("the report").
        binary: a binary file object instead of UTF-8 text.

    Raises:
        OutputError: PATH is not a regular file, or writing fails (disk full, no permission...).
    """
    mode = existing_mode(path)
    target = Path(path)
    try:
        fd, partial = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".partial")
    except OSError as exc:
        raise OutputError(path, f"cannot write {what} ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8") as fh:
            yield fh
        os.chmod(partial, default_mode() if mode is None else mode)
        existing_mode(path)  # again just before the rename: it may have been replaced meanwhile
        os.replace(partial, path)
    except OSError as exc:
        Path(partial).unlink(missing_ok=True)
        raise OutputError(path, f"cannot write {what} ({exc.strerror or exc})") from None
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise

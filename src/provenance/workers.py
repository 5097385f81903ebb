"""Worker processes for CPU-bound steps (extraction, fingerprints, alignment).

Workers start from the forkserver (a clean process, not a fork of one running
threads) where the platform has it. A pool may name modules the forkserver imports
before it forks any worker (`preload`): what they load and warm (imports, models,
word lists) is then paid once, not once per worker. Each watches the process that started it: if
that one is killed outright (SIGKILL, the OOM killer), the workers would otherwise
wait forever on a queue nobody writes to, holding their memory.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

WATCH_SECONDS = 1.0


def process_pool(processes: int, *, preload: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """A pool of PROCESSES workers that exit by themselves once this process is gone.

    PRELOAD: modules the forkserver imports before forking workers, when it is not running yet (it
    lives as long as this process: a later pool uses the one started first, whatever it preloaded).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=watch_owner, initargs=(os.getpid(),))
    context = multiprocessing.get_context("forkserver")
    if preload:
        # ("__main__" is what the forkserver preloads by default: kept)
        context.set_forkserver_preload(["__main__", *preload])
    return ProcessPoolExecutor(processes, mp_context=context, initializer=watch_owner, initargs=(os.getpid(),))


def watch_owner(owner: int) -> None:
    """In a worker: end this process once OWNER no longer runs."""
    def watch() -> None:
        while True:
            time.sleep(WATCH_SECONDS)
            try:
                os.kill(owner, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass  # (a process of another user took the number: ours is gone too, but leave it to the queue)

    threading.Thread(target=watch, name="watch-owner", daemon=True).start()

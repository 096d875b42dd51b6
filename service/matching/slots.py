"""One index directory per process: worker processes sharing FACTCHECK_INDEX_DIR each take a slot.

tantivy allows one writer per directory, and every process keeps its own index in step with
the store. Each process locks the first free `slot-N` folder (an flock held for its lifetime,
released by the kernel even on kill -9), so restarts reuse a warm index instead of rebuilding.
"""

import fcntl
import os
from pathlib import Path
from typing import IO

MAX_SLOTS = 64


class IndexSlot:
    def __init__(self, path: Path, lock: IO[bytes]) -> None:
        self.path = path
        self._lock = lock

    def release(self) -> None:
        fcntl.flock(self._lock, fcntl.LOCK_UN)
        self._lock.close()


def claim_slot(root: str) -> IndexSlot:
    """Lock and return the first free slot folder under `root`."""
    base = Path(root)
    base.mkdir(parents=True, exist_ok=True)
    for number in range(MAX_SLOTS):
        lock = (base / f"slot-{number}.lock").open("ab")
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock.close()
            continue
        lock.truncate(0)
        lock.write(str(os.getpid()).encode())
        lock.flush()
        return IndexSlot(base / f"slot-{number}", lock)
    raise RuntimeError(f"all {MAX_SLOTS} index slots under {root} are in use")

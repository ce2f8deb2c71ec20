"""Where an export's temporary files go: a directory per request, removed whatever happens.

XlsxWriter in constant-memory mode writes each sheet's rows to a named temporary file and the workbook's parts to
more of them when it assembles the zip (about 5 MB for 20,000 rows). An export that fails half-way (a full disk,
a client gone, a bug) would leave them behind, and after a disk-full they keep the disk full. So each export gets
its own directory under TRACKER_EXPORT_TMPDIR, removed when the export ends; and at start-up, directories left by
processes that no longer run (a killed worker) are swept.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

PREFIX = "export-"


@contextmanager
def scratch_dir(root: str) -> Iterator[str]:
    """A new directory named after this process, removed with everything in it when the block ends."""
    os.makedirs(root, mode=0o700, exist_ok=True)
    path = tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=root)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: running
        return True
    return True


def sweep_scratch(root: str) -> None:
    """Remove the export directories of processes that are gone (the directory is per host, so are the pids)."""
    try:
        names = os.listdir(root)
    except FileNotFoundError:
        return
    for name in names:
        owner = name.removeprefix(PREFIX).split("-", 1)[0]
        if name.startswith(PREFIX) and owner.isdigit() and not _running(int(owner)):
            shutil.rmtree(os.path.join(root, name), ignore_errors=True)

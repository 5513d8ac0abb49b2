"""Writing a file so that it is either complete or not there: a temporary file beside the
target, flushed to disk, then renamed over it. A failure leaves any previous file unchanged and
no partial file behind, and says in plain words what stopped it (full disk, missing folder,
permission denied). Used for bundles and for saving a document's original file.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import tempfile
from pathlib import Path

from desktop_app.core.errors import KnownError

TEMPORARY_SUFFIX = ".tmp"


def _read_umask() -> int:
    # Reading the umask means setting it and putting it back; done once, at import, before
    # any worker thread could be creating files under the wrong mask.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_USUAL_MODE = 0o666 & ~_read_umask() if os.name == "posix" else 0o666


def give_usual_mode(name: str) -> None:
    """Give a temporary file the permissions any new file would get (``mkstemp`` makes it
    readable by its owner only, which would carry over to the bundle after the rename)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        os.chmod(name, _USUAL_MODE)


def write_failure(path: Path, error: OSError) -> KnownError:
    """A message naming the file and, in plain words, what stopped it being written."""
    folder = path.parent
    if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        reason = "the disk is full"
    elif error.errno == errno.ENOENT:
        reason = (
            "its temporary file was removed while it was written (another program "
            "writing the same file at the same time?)"
            if folder.is_dir()
            else f"the folder {folder} does not exist (any more)"
        )
    elif error.errno in (errno.EACCES, errno.EPERM):
        reason = (
            "permission denied (the folder is not writable, or the file is read-only or "
            "open in another program)"
        )
    elif error.errno == errno.EROFS:
        reason = "the disk is read-only"
    else:
        reason = error.strerror or str(error)
    return KnownError(f"{path}: not written, {reason}; a previous file there is unchanged")


def remove_leftovers(path: Path) -> None:
    """Remove temporary files of earlier exports to ``path`` that were killed before they
    could clean up (a file another export still writes makes that one fail, not this)."""
    pattern = f".{glob.escape(path.name)}.*{TEMPORARY_SUFFIX}"
    for leftover in path.parent.glob(pattern):
        with contextlib.suppress(OSError):  # not ours to insist on: only tidying up
            leftover.unlink()


def sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; Windows cannot open a folder this way)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):  # the bundle is complete either way
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` complete or not at all; ``KnownError`` naming the problem."""
    target = path.resolve()
    try:
        remove_leftovers(target)
        descriptor, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX
        )
    except OSError as error:
        raise write_failure(path, error) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        give_usual_mode(name)
        os.replace(name, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            Path(name).unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise write_failure(path, error) from None
        raise
    sync_folder(target.parent)

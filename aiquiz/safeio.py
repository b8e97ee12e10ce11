"""Reading and writing files aiquiz does not fully control: its data and cache dirs (anything
may have been put there) and bank folders (a stranger's repository).

- `read_regular` opens without following a symbolic link (optionally), never blocks on a FIFO
  or device (`O_NONBLOCK`, then `fstat`: only regular files are read) and reads at most `limit`
  bytes;
- `write_all` writes every byte or raises: `os.write` may write only part of its buffer (a
  nearly full disk), and a short count taken as success loses data silently;
- `loads` is `json.loads` that cannot exhaust the stack: 100,000 nested `[` are a damaged file
  (ValueError), not an uncaught RecursionError.
"""

from __future__ import annotations

import errno
import json
import os
import stat

NOT_A_LINK = "it is a symbolic link, and aiquiz does not follow links in its data folders"


class NotRegularError(OSError):
    """The path is a FIFO, a device, a folder or (with follow=False) a symbolic link."""


def _open_flags(follow: bool) -> int:
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    return flags if follow else flags | os.O_NOFOLLOW


def open_regular(path, *, follow: bool = False) -> int:
    """An fd open for reading on a regular file; NotRegularError for anything else (never
    blocks: a FIFO named like a bank or a progress file is refused, not waited on)."""
    try:
        fd = os.open(path, _open_flags(follow))
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow:
            raise NotRegularError(errno.ELOOP, NOT_A_LINK) from None
        raise
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise NotRegularError(errno.EINVAL, "not a regular file")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_regular(path, *, limit: int | None = None, follow: bool = False
                 ) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (at most `limit`) and its stat, from one open file."""
    fd = open_regular(path, follow=follow)
    try:
        st = os.fstat(fd)
        want = st.st_size if limit is None else min(limit, st.st_size + 1)
        chunks = []
        got = 0
        while limit is None or got < limit:
            chunk = os.read(fd, max(65536, want - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        data = b"".join(chunks)
        return (data if limit is None else data[:limit]), st
    finally:
        os.close(fd)


def is_link(path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def write_all(fd: int, data: bytes) -> None:
    """Write every byte of `data`; OSError (ENOSPC for a write that makes no progress) if not."""
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        if n <= 0:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        view = view[n:]


def loads(data: bytes | str):
    """json.loads; ValueError (never RecursionError) for JSON nested too deeply to read."""
    try:
        return json.loads(data)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def drop_partial_line(fd: int) -> None:
    """Truncate a JSON-lines file after its last newline: a line without one can only be a
    write that a crash cut short."""
    size = os.fstat(fd).st_size
    if not size or os.pread(fd, 1, size - 1) == b"\n":
        return
    pos = size
    while pos > 0:
        start = max(0, pos - 65536)
        chunk = os.pread(fd, pos - start, start)
        nl = chunk.rfind(b"\n")
        if nl >= 0:
            os.ftruncate(fd, start + nl + 1)
            return
        pos = start
    os.ftruncate(fd, 0)

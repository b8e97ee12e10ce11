"""A real `aiquiz` session in a subprocess, driven line by line through pipes, for tests that
need a separate process: signals, a full disk, huge input."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time

from .conftest import ROOT


class LiveSession:
    def __init__(self, args: list[str], home, tmpdir=None, env: dict | None = None):
        self.env = dict(os.environ, AIQUIZ_HOME=str(home), COLUMNS="100", NO_COLOR="1",
                        TERM="dumb", PYTHONPATH=str(ROOT), **(env or {}))
        if tmpdir is not None:
            self.env["TMPDIR"] = str(tmpdir)
        self.proc = subprocess.Popen([sys.executable, "-m", "aiquiz", *args], env=self.env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.output = b""

    def send(self, *lines: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write("".join(line + "\n" for line in lines).encode())
        self.proc.stdin.flush()

    def expect(self, text: str, timeout: float = 60) -> str:
        """Read output until `text` appears; everything read so far is in `self.output`."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while text.encode() not in self.output:
            left = deadline - time.monotonic()
            assert left > 0, f"{text!r} never came; output so far:\n{self.text[-2000:]}"
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                assert chunk, f"{text!r} never came (end of output):\n{self.text[-2000:]}"
                self.output += chunk
        return self.text

    def finish(self, timeout: float = 60) -> int:
        """Close input, read the rest of the output, return the exit code."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"the session did not end; output so far:\n{self.text[-2000:]}"
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    break
                self.output += chunk
        self.proc.stdout.close()
        return self.proc.wait(timeout=max(1.0, deadline - time.monotonic()))

    @property
    def text(self) -> str:
        return self.output.decode("utf-8", "replace")

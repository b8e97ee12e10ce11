"""Helper processes that run what must not run in the learner's process: SymPy (whose
simplification can run for minutes in code no signal interrupts) and, later, learner code.

One runner for all of them, so every helper gets the same protection:
- an isolated interpreter (`python -I`: no current directory, PYTHONPATH or user site on
  `sys.path`) started in a safe working directory, so a `sympy.py` or `json.py` in the folder
  where aiquiz runs is never imported;
- its own session and process group (Ctrl-C in the terminal does not reach it; a kill takes its
  children too), resource limits (address space, optionally CPU time, processes, file size);
- death with its parent: the kernel's parent-death signal where there is one, and a watchdog
  thread that exits when the parent is gone;
- a deadline per request, measured from when the request is sent: start-up (importing SymPy on a
  busy machine) is waited for separately and never counts against an answer.

Protocol: JSON lines. The helper prints `ready` once set up, then answers one line per request.
A helper module provides `setup()` (optional) and `handle(request) -> reply`.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

_BOOT = ("import sys; sys.path.insert(int(sys.argv[2]), sys.argv[1]); "
         "from aiquiz.workers import _child_main; _child_main(sys.argv[3:])")


@dataclass(frozen=True)
class Limits:
    memory: int = 2 * 1024**3      # bytes of address space
    cpu: int | None = None          # seconds of CPU time
    processes: int | None = None    # RLIMIT_NPROC (counts the user's processes: use with care)
    file_size: int | None = None    # bytes any one written file may reach
    spawn: bool = True              # False: no new processes or programs (seccomp, after setup)


def _package_parent() -> str:
    return os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _insert_at() -> int:
    """Where the package's folder goes on the helper's sys.path: after the standard library,
    before site-packages, so neither the stdlib nor our own code can be shadowed."""
    for i, entry in enumerate(sys.path):
        if "site-packages" in entry or "dist-packages" in entry:
            return i
    return len(sys.path)


def helper_command(module: str, limits: Limits, once: bool = False,
                   own_pid_space: bool = False) -> list[str]:
    """The command line of a helper. In its own PID namespace (bubblewrap) the helper cannot
    see aiquiz's pid: it watches whatever parent it starts with."""
    spec = json.dumps({"module": module, "parent": None if own_pid_space else os.getpid(),
                       "limits": limits.__dict__, "once": once})
    return [sys.executable, "-I", "-c", _BOOT, _package_parent(), str(_insert_at()), spec]


def safe_cwd() -> str:
    """A working directory no stranger controls: the filesystem root."""
    return os.path.abspath(os.sep)


class Worker:
    """A long-lived helper process; `ask` sends one request and waits for its reply."""

    def __init__(self, module: str, limits: Limits = Limits(), startup_timeout: float = 60.0):
        self.module = module
        self.limits = limits
        self.startup_timeout = startup_timeout
        self.proc: subprocess.Popen | None = None
        self.ready = False
        self.lock = threading.Lock()

    def start(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            return
        self.proc = subprocess.Popen(
            helper_command(self.module, self.limits), stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
            cwd=safe_cwd(), env=_minimal_env())
        self.ready = False

    def prestart(self) -> None:
        """Start now, so the helper's imports overlap the learner's reading time."""
        with self.lock:
            try:
                self.start()
            except OSError:
                pass

    def kill(self) -> None:
        proc, self.proc, self.ready = self.proc, None, False
        if proc is not None:
            kill_group(proc)

    def _readline(self, deadline: float) -> bytes | None:
        assert self.proc is not None and self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        buf = b""
        while not buf.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            readable, _, _ = select.select([fd], [], [], remaining)
            if not readable:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                return None
            buf += chunk
        return buf

    def ask(self, payload: dict, timeout: float) -> dict | None:
        """The helper's reply, or None if it failed, or did not answer within `timeout`
        seconds of receiving the request (it is then killed; the next request starts anew)."""
        with self.lock:
            try:
                self.start()
                assert self.proc is not None and self.proc.stdin is not None
                if not self.ready:
                    line = self._readline(time.monotonic() + self.startup_timeout)
                    if line is None or line.strip() != b"ready":
                        self.kill()
                        return None
                    self.ready = True
                self.proc.stdin.write(json.dumps(payload).encode() + b"\n")
                self.proc.stdin.flush()
                line = self._readline(time.monotonic() + timeout)
                if line is None:
                    self.kill()
                    return None
                reply = json.loads(line)
                return reply if isinstance(reply, dict) else None
            except (OSError, ValueError):
                self.kill()
                return None


def kill_group(proc: subprocess.Popen, wait: float = 1.0) -> None:
    """Kill a helper and its whole process group (its children too), reap it, close its pipes."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        pass
    try:
        proc.wait(timeout=wait)
    except Exception:  # noqa: BLE001 - already gone or unkillable: nothing more to do
        pass
    for stream in (proc.stdin, proc.stdout):
        try:
            if stream is not None:
                stream.close()
        except OSError:
            pass


def _minimal_env() -> dict[str, str]:
    """What a helper needs from the environment, and nothing that changes what it imports."""
    keep = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "SYSTEMROOT")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env["OPENBLAS_NUM_THREADS"] = env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = "1"
    return env


# ------------------------------------------------------------------------------- helper side

def _set_limits(limits: dict) -> None:
    import resource

    table = {"memory": resource.RLIMIT_AS, "cpu": resource.RLIMIT_CPU,
             "processes": resource.RLIMIT_NPROC, "file_size": resource.RLIMIT_FSIZE}
    for key, which in table.items():
        value = limits.get(key)
        if value is None:
            continue
        try:
            resource.setrlimit(which, (int(value), int(value)))
        except (ValueError, OSError):
            pass


def _die_with_parent(parent: int) -> None:
    try:  # Linux: the kernel kills us when the parent dies
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _child_main(argv: list[str]) -> None:  # pragma: no cover - runs in the helper process
    import importlib

    spec = json.loads(argv[0])
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent(os.getppid() if spec["parent"] is None else int(spec["parent"]))
    _set_limits(spec["limits"])
    module = importlib.import_module(spec["module"])
    if hasattr(module, "setup"):
        module.setup()
    if spec.get("once"):
        from .sandbox import child_once

        child_once(module, spec["limits"])
        return
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    for line in sys.stdin:
        try:
            if len(line) > 1_000_000:
                raise ValueError("request too large")
            reply = module.handle(json.loads(line))
        except Exception as exc:  # noqa: BLE001 - any failure is a reply, never a crash
            reply = {"error": type(exc).__name__}
        out.write(json.dumps(reply) + "\n")
        out.flush()

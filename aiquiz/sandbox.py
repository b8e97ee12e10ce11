"""One-shot sandboxed runs of code aiquiz does not trust: a learner's solution and a bank's
reference and input generators (the `code` question type).

`run_once` starts a fresh helper (the same isolated interpreter as `workers.Worker`: `python -I`,
minimal environment, its own process group, death with its parent) for one request and collects
the JSON lines it sends back until it says it is done, the wall-clock deadline passes, or it dies.
On top of what every helper gets:

- a fresh temporary working directory per run, which is also $HOME and $TMPDIR, deleted after;
- limits: address space (default 1 GiB), CPU seconds, file size, and, once the helper has imported
  what it needs, no new processes or programs (a seccomp filter: `fork`, `vfork`, non-thread
  `clone`, `execve` fail with EPERM) — so a fork bomb fails at its first fork. RLIMIT_NPROC is
  set too when aiquiz does not run as root (root ignores it);
- bubblewrap (`bwrap`), when installed: the whole filesystem read-only, a private /tmp, only the
  run's directory writable, aiquiz's data dir hidden, and no network (new namespaces).

Whatever happens, the process group is killed and the directory removed before `run_once`
returns; the caller gets what was said plus how the run ended, in one line.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .workers import Limits, _minimal_env, _package_parent, helper_command, kill_group

MAX_REPLY = 4_000_000  # bytes of replies read from one run
_bwrap_ok: dict[str, bool] = {}


@dataclass
class Once:
    """What a one-shot run said (`lines`, one dict per JSON line) and how it ended:
    `done` (it finished), `deadline` (killed at the deadline), `died` (exited or crashed
    without finishing: `detail` says how)."""

    lines: list[dict] = field(default_factory=list)
    ended: str = "done"
    detail: str = ""
    sandbox: str = ""


def bwrap_path() -> str | None:
    """The bubblewrap binary if it is installed and works here (checked once per process)."""
    path = shutil.which("bwrap")
    if path is None or os.environ.get("AIQUIZ_NO_BWRAP"):
        return None
    if path not in _bwrap_ok:
        try:
            probe = subprocess.run([path, "--ro-bind", "/", "/", "--dev", "/dev",
                                    "--unshare-all", "--die-with-parent", "true"],
                                   capture_output=True, timeout=10)
            _bwrap_ok[path] = probe.returncode == 0
        except (OSError, subprocess.SubprocessError):
            _bwrap_ok[path] = False
    return path if _bwrap_ok[path] else None


def _bwrap_args(bwrap: str, work: str, hide: list[str]) -> list[str]:
    needed = [os.path.realpath(sys.prefix), os.path.realpath(_package_parent()),
              os.path.realpath(sys.executable)]
    args = [bwrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"]
    for h in hide:
        real = os.path.realpath(h)
        if os.path.isdir(real) and not real.startswith("/tmp") and not any(
                n == real or n.startswith(real + os.sep) for n in needed):
            args += ["--tmpfs", real]
    return args + ["--bind", work, work, "--unshare-all", "--die-with-parent",
                   "--chdir", work, "--"]


def _user_tasks() -> int:
    """How many processes and threads this user runs now (RLIMIT_NPROC counts them all)."""
    uid, n = os.getuid(), 0
    try:
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    if entry.stat().st_uid == uid:
                        n += len(os.listdir(f"/proc/{entry.name}/task"))
                except OSError:
                    continue
    except OSError:
        return 0
    return n


def _signal_name(code: int) -> str:
    try:
        return signal.Signals(-code).name
    except ValueError:
        return f"signal {-code}"


def run_once(module: str, request: dict, limits: Limits, deadline: float = 10.0,
             hide: list[str] | None = None) -> Once:
    """Run `module.run(request, emit)` in a fresh sandboxed helper; see the module docstring."""
    work = tempfile.mkdtemp(prefix="aiquiz-run-")
    os.chmod(work, 0o700)
    if os.geteuid() != 0 and limits.processes is None:
        tasks = _user_tasks()
        if tasks:
            limits = Limits(**{**limits.__dict__, "processes": tasks + 32})
    bwrap = bwrap_path()
    cmd = helper_command(module, limits, once=True, own_pid_space=bwrap is not None)
    out = Once(sandbox="bubblewrap" if bwrap else "limits")
    if bwrap:
        cmd = _bwrap_args(bwrap, work, hide or []) + cmd
    env = {**_minimal_env(), "HOME": work, "TMPDIR": work}
    proc = None
    try:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                    stderr=subprocess.DEVNULL, start_new_session=True, cwd=work,
                                    env=env)
        except OSError as exc:
            return Once([], "died", f"could not start the checker: {exc.strerror}", out.sandbox)
        threading.Thread(target=_send, args=(proc, request), daemon=True).start()
        _collect(proc, out, time.monotonic() + deadline)
        if out.ended == "died":
            code = proc.wait(timeout=5) if proc.poll() is None else proc.returncode
            out.detail = out.detail or (f"killed by {_signal_name(code)}" if code < 0
                                        else f"exited with code {code}")
        return out
    finally:
        if proc is not None:
            kill_group(proc, wait=5.0)
        shutil.rmtree(work, ignore_errors=True)


def _send(proc: subprocess.Popen, request: dict) -> None:
    try:
        assert proc.stdin is not None
        proc.stdin.write(json.dumps(request).encode() + b"\n")
        proc.stdin.close()
    except (OSError, ValueError):
        pass


def _collect(proc: subprocess.Popen, out: Once, deadline: float) -> None:
    assert proc.stdout is not None
    fd = proc.stdout.fileno()
    buf, total = b"", 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            out.ended = "deadline"
            return
        readable, _, _ = select.select([fd], [], [], remaining)
        if not readable:
            out.ended = "deadline"
            return
        chunk = os.read(fd, 65536)
        if not chunk:
            out.ended = "died"
            return
        total += len(chunk)
        if total > MAX_REPLY:
            out.ended, out.detail = "died", "it printed too much"
            return
        buf += chunk
        *lines, buf = buf.split(b"\n")
        for line in lines:
            try:
                item = json.loads(line)
            except ValueError:
                continue
            if isinstance(item, dict) and item.get("done") is True:
                out.ended = "done"
                return
            if isinstance(item, dict):
                out.lines.append(item)


# ------------------------------------------------------------------------------- helper side

def child_once(module, limits: dict) -> None:  # pragma: no cover - runs in the helper process
    """Read one request, run it with `module.run(request, emit)`, say done. Replies go to a
    private copy of stdout: what the code under test prints goes nowhere."""
    reply = os.fdopen(os.dup(1), "w")
    devnull = os.open(os.devnull, os.O_RDWR)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = open(os.devnull, "w")
    request = json.loads(sys.stdin.readline())
    if not limits.get("spawn", True):
        deny_spawn()

    def emit(item: dict) -> None:
        reply.write(json.dumps(item) + "\n")
        reply.flush()

    try:
        module.run(request, emit)
    except BaseException as exc:  # noqa: BLE001 - whatever happens, say so and finish
        emit({"error": f"{type(exc).__name__}: {str(exc)[:300]}"})
    emit({"done": True})
    reply.flush()
    os._exit(0)


_SECCOMP = {  # machine -> (AUDIT_ARCH, syscall numbers)
    "x86_64": (0xC000003E, {"fork": 57, "vfork": 58, "execve": 59, "execveat": 322,
                            "clone": 56, "clone3": 435}),
    "aarch64": (0xC00000B7, {"execve": 221, "execveat": 281, "clone": 220, "clone3": 435}),
}


def seccomp_program(machine: str) -> list[tuple[int, int, int, int]] | None:
    """A classic-BPF seccomp program (code, jt, jf, k) that lets threads be created but makes
    fork, vfork, process clones and exec fail with EPERM (clone3 with ENOSYS, so thread
    libraries fall back to clone). None on machines it does not know."""
    if machine not in _SECCOMP:
        return None
    arch, nr = _SECCOMP[machine]
    ld, jeq, jge, jset, ret = 0x20, 0x15, 0x35, 0x45, 0x06
    allow, eperm, enosys = 0x7FFF0000, 0x00050000 | 1, 0x00050000 | 38
    prog: list[tuple] = [(ld, 0, 0, 4), (jeq, 1, 0, arch), (ret, 0, 0, eperm), (ld, 0, 0, 0)]
    if machine == "x86_64":
        prog.append((jge, "deny", 0, 0x40000000))  # the x32 ABI's numbers
    for name in ("fork", "vfork", "execve", "execveat"):
        if name in nr:
            prog.append((jeq, "deny", 0, nr[name]))
    prog += [(jeq, "nosys", 0, nr["clone3"]), (jeq, 0, "allow", nr["clone"]),
             (ld, 0, 0, 16), (jset, "allow", "deny", 0x00010000)]  # CLONE_THREAD
    labels = {"allow": len(prog), "deny": len(prog) + 1, "nosys": len(prog) + 2}
    prog += [(ret, 0, 0, allow), (ret, 0, 0, eperm), (ret, 0, 0, enosys)]
    out = []
    for i, (code, jt, jf, k) in enumerate(prog):
        jt = labels[jt] - i - 1 if isinstance(jt, str) else jt
        jf = labels[jf] - i - 1 if isinstance(jf, str) else jf
        out.append((code, jt, jf, k))
    return out


def deny_spawn() -> bool:
    """Install the seccomp filter in this process; False where that is not possible."""
    import ctypes
    import platform

    prog = seccomp_program(platform.machine())
    if prog is None:
        return False

    class Filter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte),
                    ("k", ctypes.c_uint32)]

    class Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Filter))]

    filters = (Filter * len(prog))(*[Filter(*ins) for ins in prog])
    fprog = Prog(len(prog), filters)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        ul = ctypes.c_ulong
        if libc.prctl(38, ul(1), ul(0), ul(0), ul(0)) != 0:  # PR_SET_NO_NEW_PRIVS
            return False
        return libc.prctl(22, ul(2), ctypes.byref(fprog), ul(0), ul(0)) == 0  # SECCOMP_FILTER
    except (OSError, AttributeError):
        return False


def data_dirs_to_hide() -> list[str]:
    """aiquiz's data and cache folders: hidden from sandboxed code where bubblewrap runs."""
    from .paths import cache_dir, data_dir

    out = [str(data_dir())]
    cache = cache_dir()
    if cache is not None:
        out.append(str(cache))
    return [p for p in out if Path(p).is_dir()]

"""A real ``redis-server`` for tests and benchmarks: loopback only, bounded in time, restartable.

>>> with RedisServer(tmp_dir) as server:          # doctest: +SKIP
...     url = server.url(db=0)

The server listens on 127.0.0.1 at a free port chosen when it first starts; :meth:`RedisServer.stop`
and :meth:`RedisServer.start` bring it down and up again on the same port with the same data
directory, so a test can restart Redis in the middle of a crawl (with ``appendonly=True`` the
data survives the restart, as in production). The process dies with the test process (Linux
parent-death signal) and in any case after ``lifetime`` seconds.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path
from types import TracebackType

SKIP_ENV = "NEWSCRAWL_SKIP_REDIS"
HOST = "127.0.0.1"
DEFAULT_LIFETIME = 3600.0
# Settings the Redis ledger is documented to want (compact bucketed hashes); see README.
LEDGER_CONFIG = {"hash-max-listpack-value": "1024", "hash-max-listpack-entries": "512"}
_PR_SET_PDEATHSIG = 1


class RedisNotInstalled(RuntimeError):
    """``redis-server`` is not on PATH."""


def redis_server_binary() -> str:
    """Path of ``redis-server``; :class:`RedisNotInstalled` with the way to install it otherwise."""
    found = shutil.which("redis-server")
    if found is None:
        raise RedisNotInstalled(
            "redis-server is not installed: `make test` installs it (apt-get install -y redis-server);"
            f" set {SKIP_ENV}=1 to skip the Redis tests explicitly"
        )
    return found


def free_port() -> int:
    """A TCP port free on the loopback interface right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _die_with_parent() -> None:
    """In the child before exec: get SIGKILL when the process that started it dies (Linux)."""
    with contextlib.suppress(OSError):  # not Linux: the lifetime timer still bounds the server
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


class RedisServer:
    """One ``redis-server`` process on ``127.0.0.1:<port>`` with its data in ``directory``."""

    def __init__(
        self,
        directory: str | Path,
        *,
        appendonly: bool = False,
        config: dict[str, str] | None = None,
        lifetime: float = DEFAULT_LIFETIME,
    ) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.appendonly = appendonly
        self.config = dict(LEDGER_CONFIG if config is None else config)
        self.lifetime = lifetime
        self.port: int | None = None
        self.process: subprocess.Popen[bytes] | None = None
        self._timer: threading.Timer | None = None
        self._log = self.directory / "redis.log"

    def url(self, db: int = 0) -> str:
        if self.port is None:
            raise RuntimeError("the server was never started")
        return f"redis://{HOST}:{self.port}/{db}"

    def _command(self, binary: str, port: int) -> list[str]:
        command = [
            binary,
            "--bind", HOST,
            "--port", str(port),
            "--daemonize", "no",
            "--protected-mode", "yes",
            "--dir", str(self.directory),
            "--logfile", str(self._log),
            "--save", "",
            "--appendonly", "yes" if self.appendonly else "no",
            "--appendfsync", "everysec",
        ]  # fmt: skip
        for name, value in self.config.items():
            command += [f"--{name}", value]
        return command

    def start(self, timeout: float = 20.0) -> RedisServer:
        """Start the server (on the port of its first start, if any) and wait until it answers."""
        if self.process is not None and self.process.poll() is None:
            return self
        binary = redis_server_binary()
        for _attempt in range(5):
            port = self.port or free_port()
            self.process = subprocess.Popen(
                self._command(binary, port),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                preexec_fn=_die_with_parent,
            )
            if self._wait_ready(port, timeout):
                self.port = port
                self._timer = threading.Timer(self.lifetime, self.kill)
                self._timer.daemon = True
                self._timer.start()
                return self
            self.kill()
            if self.port is not None:  # a restart must keep its port: retrying elsewhere would not help
                break
        raise RuntimeError(f"redis-server did not start; see {self._log}:\n{self.log_tail()}")

    def _wait_ready(self, port: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            try:
                with socket.create_connection((HOST, port), timeout=1.0) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(64).startswith(b"+PONG"):
                        return True
            except OSError:
                pass
            time.sleep(0.05)
        return False

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self._log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self, timeout: float = 20.0) -> None:
        """Shut the server down cleanly (SIGTERM: with AOF on, everything acknowledged is kept)."""
        self._end(signal.SIGTERM, timeout)

    def kill(self) -> None:
        """Kill the server at once (SIGKILL), as a crash would."""
        self._end(signal.SIGKILL, 20.0)

    def _end(self, sig: signal.Signals, timeout: float) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(sig)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)

    def restart(self) -> None:
        """Stop and start again on the same port and data directory."""
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.kill()


def redis_skipped() -> bool:
    """Whether the Redis tests were switched off explicitly (``NEWSCRAWL_SKIP_REDIS=1``)."""
    return os.environ.get(SKIP_ENV, "").strip().lower() in ("1", "true", "yes")

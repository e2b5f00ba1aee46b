"""Worker processes for the text UDFs, so that cleaning uses every core.

Why: DuckDB calls a Python UDF with the GIL held, so however many threads DuckDB and dbt run,
only one core cleans text (2 ms a report, 200 s for 100,000 reports). The UDF hands slices of
each chunk of rows to these worker processes instead, and waits for them with the GIL released.

How, and why not multiprocessing: the dbt process runs many threads (dbt's, DuckDB's), and a
plain fork() of a multithreaded process can copy a lock some other thread holds, and deadlock.
The workers are started with subprocess (fork immediately followed by exec of a fresh Python,
with nothing run in between but async-signal-safe code), running `_serve` in this module: a
fresh interpreter that imports only this package and pyarrow — not the parent's `__main__`
(dbt's or Airflow's command line), which multiprocessing's spawn and forkserver would import
again in every worker, for a second or two each. They talk over their stdin and stdout with
pickle: the parent writes (function, payload), the worker writes back (ok, result).

- Lazy: the pool starts at the first chunk of at least `MIN_ROWS` rows and `MIN_BYTES` of
  text, so tests and the demo (a handful of reports) never start a process, nor do short
  strings (titles), which cost less to convert in-process than to send; it is reused by every
  later call.
- Bounded: GOVREPORTS_UDF_WORKERS workers (default: the CPUs this process may run on; 0 or 1
  cleans in-process).
- Clean exit: at exit the parent closes the workers' stdin and they end; if the parent dies
  without that (kill -9), the closed pipe ends them all the same. A worker ignores Ctrl-C,
  which is the parent's to handle.
- Never wrong, at worst slow: if a worker cannot start or dies, the pool is given up for the
  rest of the process and the caller cleans in-process (same function, same result).
"""

from __future__ import annotations

import atexit
import logging
import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

WORKERS_ENV = "GOVREPORTS_UDF_WORKERS"
# A chunk with fewer rows or bytes is done in-process (DuckDB passes up to 2048 rows a call; a
# report is some 9 KB of UTF-8).
MIN_ROWS = 256
MIN_BYTES = 1 << 20

_PROJECT_ROOT = Path(__file__).resolve().parents[2]     # holds the `warehouse` package
_log = logging.getLogger(__name__)


def worker_count() -> int:
    """How many worker processes to use (0 or 1: none, clean in-process)."""
    value = os.environ.get(WORKERS_ENV, "").strip()
    if value:
        try:
            return max(0, int(value))
        except ValueError:
            _log.warning("%s=%r is not a number; using one worker per CPU", WORKERS_ENV, value)
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class _Worker:
    def __init__(self) -> None:
        env = dict(os.environ)
        env[WORKERS_ENV] = "0"       # a worker never starts workers of its own
        env["PYTHONPATH"] = os.pathsep.join(
            [str(_PROJECT_ROOT), *([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])]
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from warehouse.udfs.pool import _serve; _serve()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            cwd=_PROJECT_ROOT,
            env=env,
        )
        for stream in (self.process.stdin, self.process.stdout):
            _widen_pipe(stream.fileno())

    def send(self, function: Callable[[Any], Any], payload: Any) -> None:
        pickle.dump((function, payload), self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.flush()

    def receive(self) -> Any:
        ok, result = pickle.load(self.process.stdout)   # blocks with the GIL released
        if not ok:
            raise RuntimeError(f"UDF worker {self.process.pid} failed:\n{result}")
        return result

    def close(self, timeout: float = 10.0) -> None:
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _widen_pipe(fd: int) -> None:
    """A 1 MiB pipe buffer instead of 64 KiB: a slice of reports is megabytes, and every time the
    buffer fills the writer sleeps until the reader wakes up (Linux only; harmless elsewhere)."""
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (ImportError, AttributeError, OSError):
        pass


class WorkerPool:
    """`size` worker processes; `map` runs one payload on each, in parallel."""

    def __init__(self, size: int) -> None:
        self.pid = os.getpid()
        self.size = size
        # One call at a time: a call uses every worker. DuckDB calls the UDF from two threads at
        # once, so one thread's next chunk waits here while the other thread hands its cleaned
        # chunk back to DuckDB, and the workers are rarely idle.
        self._lock = threading.Lock()
        self._workers: list[_Worker] = []
        try:
            for _ in range(size):
                self._workers.append(_Worker())
        except BaseException:
            self.close()
            raise

    def map(self, function: Callable[[Any], Any], payloads: Sequence[Any]) -> list[Any]:
        """[function(payload) for payload in payloads], each in its own worker (at most `size`)."""
        if len(payloads) > len(self._workers):
            raise ValueError(f"{len(payloads)} payloads for {len(self._workers)} workers")
        with self._lock:
            workers = self._workers[: len(payloads)]
            for worker, payload in zip(workers, payloads, strict=True):
                worker.send(function, payload)
            return [worker.receive() for worker in workers]

    def close(self) -> None:
        workers, self._workers = self._workers, []
        for worker in workers:
            worker.close()


_pool: WorkerPool | None = None
_pool_lock = threading.Lock()
_given_up_in: int | None = None      # pid of a process where the pool failed: no second try


def shared_pool(rows: int, data_bytes: int | None = None) -> WorkerPool | None:
    """The process's pool for a chunk of `rows` rows (`data_bytes` of text), started on first
    use; None when the chunk is small, workers are turned off, or the pool failed earlier in
    this process."""
    global _pool, _given_up_in
    size = worker_count()
    if size <= 1 or rows < MIN_ROWS or (data_bytes is not None and data_bytes < MIN_BYTES):
        return None
    with _pool_lock:
        if _pool is not None and _pool.pid != os.getpid():
            _pool = None              # inherited through a fork: the parent's workers, not ours
        if _given_up_in == os.getpid():
            return None
        if _pool is not None and _pool.size != size:
            _pool.close()
            _pool = None
        if _pool is None:
            try:
                _pool = WorkerPool(size)
            except Exception:
                _log.warning("cannot start UDF worker processes; cleaning text in-process", exc_info=True)
                _given_up_in = os.getpid()
                return None
        return _pool


def run(function: Callable[[Any], Any], payloads: Sequence[Any], pool: WorkerPool) -> list[Any] | None:
    """`pool.map(function, payloads)`, or None (and the pool given up) when a worker fails: the
    caller then does the work in-process, where a real error in `function` shows as itself."""
    global _pool, _given_up_in
    try:
        return pool.map(function, payloads)
    except Exception:
        _log.warning("a UDF worker process failed; cleaning text in-process from now on", exc_info=True)
        with _pool_lock:
            _given_up_in = os.getpid()
            if _pool is pool:
                _pool = None
        pool.close()
        return None


def shutdown() -> None:
    """Stop the workers (at exit; also for tests). A later call starts a new pool."""
    global _pool, _given_up_in
    with _pool_lock:
        pool, _pool = _pool, None
        _given_up_in = None
    if pool is not None and pool.pid == os.getpid():
        pool.close()


atexit.register(shutdown)


def _serve() -> None:
    """A worker: read (function, payload) from stdin, write (ok, result) to stdout, until EOF."""
    import signal
    import traceback

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    requests, replies = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr           # a stray print must not corrupt the replies
    while True:
        try:
            function, payload = pickle.load(requests)
        except EOFError:
            return
        try:
            reply = (True, function(payload))
        except Exception as error:
            reply = (False, "".join(traceback.format_exception(error)))
        try:
            pickle.dump(reply, replies, protocol=pickle.HIGHEST_PROTOCOL)
            replies.flush()
        except BrokenPipeError:
            return

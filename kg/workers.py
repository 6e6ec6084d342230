"""Forked worker processes that run queries with a deadline.

Oxigraph cannot interrupt a running query and a thread cannot be killed, so a query
that must stop runs in a process, which is killed when its time is up and frees its
core at once. ``run_in_fork`` forks one process for one task (``kg query``);
``WorkerPool`` keeps forked processes that answer one request after another, and
replaces one that was killed or is out of date (``kg serve``: a fork costs tens of
milliseconds, more than most queries).

A worker is a fork of the process that made it: it sees the store as it was then,
shares its memory until either side writes, and needs nothing pickled. A task
returns a JSON-able header and a body of bytes; a worker closes the sockets and
pipes it inherited (client connections must close when the server closes them),
dies with its parent (Linux) and on Ctrl-C. Where there is no fork (Windows), tasks
run in the calling process, with no deadline.
"""
from __future__ import annotations

import contextlib
import json
import os
import queue
import selectors
import signal
import stat
import struct
import threading
import time
from typing import Callable

from kg.errors import QueryTimeout, StoreError

HAS_FORK = hasattr(os, "fork")
_LENGTH = struct.Struct(">Q")

Task = Callable[[], tuple[dict, bytes]]


def timeout_error(timeout: float) -> QueryTimeout:
    """The error of a query stopped after timeout seconds."""
    return QueryTimeout(f"the query ran longer than {timeout:g} s and was stopped "
                        "(--timeout; narrow it down with more specific patterns or a LIMIT)")


def run_in_fork(task: Task, timeout: float = 0, fork_lock=None) -> tuple[dict, bytes]:
    """task() in a forked process, killed after timeout seconds (0: none) with QueryTimeout."""
    if not HAS_FORK:
        return task()
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    with fork_lock or contextlib.nullcontext():
        pid = os.fork()
    if pid == 0:
        _become_worker(parent, keep={write_fd})
        _exit_after(lambda: _write_frame(write_fd, _frame(*_guarded(task))))
    os.close(write_fd)
    done = False
    try:
        answer = _read_frame(read_fd, _deadline(timeout), timeout)
        done = True
    finally:
        os.close(read_fd)
        _end(pid, kill=not done)
    if answer is None:
        raise StoreError("the query worker ended without an answer (out of memory?)")
    return _unframe(answer)


class _Worker:
    """A worker process and the two pipe ends this process talks to it through."""

    def __init__(self, pid: int, to_fd: int, from_fd: int, generation: int):
        self.pid, self.to_fd, self.from_fd, self.generation = pid, to_fd, from_fd, generation


class WorkerPool:
    """Forked processes that run ``run(request)`` for one request after another.

    ``call`` hands a request (a JSON-able dict) to an idle worker, forking one when
    none is idle, so there are never more workers than calls at once. A worker that
    passes the deadline is killed and forgotten. ``renew`` (after an update) retires
    the workers forked before it, so later calls see the change. Workers are forked
    by one thread of the pool's own, because a worker is told to die with the thread
    that forked it (Linux), and that thread lives as long as the pool.
    """

    def __init__(self, run: Callable[[dict], tuple[dict, bytes]], *, fork_lock=None):
        self._run, self._fork_lock = run, fork_lock or threading.Lock()
        self._lock, self._idle, self._all, self.generation = threading.Lock(), [], {}, 0
        self._orders: queue.Queue = queue.Queue()
        self._forker = threading.Thread(target=self._fork_loop, name="kg-query-forker", daemon=True)
        self._forker.start()

    def call(self, request: dict, timeout: float = 0) -> tuple[dict, bytes]:
        """run(request) in a worker; QueryTimeout (and the worker killed) after timeout seconds (0: none)."""
        if not HAS_FORK:
            return self._run(request)
        deadline, data = _deadline(timeout), json.dumps(request).encode("utf-8")
        for attempt in range(2):
            worker = self._checkout()
            try:
                _write_frame(worker.to_fd, data)
                break
            except OSError:                     # it died while idle (out of memory?): another one
                self._discard(worker)
                if attempt:
                    raise StoreError("cannot hand the query to a worker process") from None
        try:
            answer = _read_frame(worker.from_fd, deadline, timeout)
        except BaseException:
            self._discard(worker)
            raise
        if answer is None:
            self._discard(worker)
            raise StoreError("the query worker ended without an answer (out of memory?)")
        self._checkin(worker)
        return _unframe(answer)

    def renew(self) -> None:
        """Retire the workers forked so far: later calls go to workers that see the store as it is now."""
        with self._lock:
            self.generation += 1
            stale, self._idle = self._idle, []
        for worker in stale:
            self._discard(worker)

    def close(self) -> None:
        """Kill every worker and stop forking."""
        with self._lock:
            workers, self._idle = list(self._all.values()), []
        for worker in workers:
            self._discard(worker)
        self._orders.put(None)

    def pids(self) -> set[int]:
        """The process ids of the workers alive now."""
        with self._lock:
            return set(self._all)

    def _checkout(self) -> _Worker:
        with self._lock:
            if self._idle:
                return self._idle.pop()
        reply: queue.Queue = queue.Queue()
        self._orders.put(reply)
        worker = reply.get()
        if isinstance(worker, BaseException):
            raise worker
        return worker

    def _checkin(self, worker: _Worker) -> None:
        with self._lock:
            if worker.generation == self.generation and worker.pid in self._all:
                self._idle.append(worker)
                return
        self._discard(worker)

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            if self._all.pop(worker.pid, None) is None:
                return
        for fd in (worker.to_fd, worker.from_fd):
            with contextlib.suppress(OSError):
                os.close(fd)
        _end(worker.pid, kill=True)

    def _fork_loop(self) -> None:
        while True:
            reply = self._orders.get()
            if reply is None:
                return
            try:
                reply.put(self._fork())
            except BaseException as err:       # noqa: BLE001 -- the caller raises it
                reply.put(err)

    def _fork(self) -> _Worker:
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        parent = os.getpid()
        with self._fork_lock:
            generation = self.generation
            pid = os.fork()
        if pid == 0:
            _become_worker(parent, keep={request_read, answer_write})
            _exit_after(lambda: self._serve(request_read, answer_write))
        os.close(request_read)
        os.close(answer_write)
        worker = _Worker(pid, request_write, answer_read, generation)
        with self._lock:
            self._all[pid] = worker
        return worker

    def _serve(self, request_fd: int, answer_fd: int) -> None:
        """The worker's loop: answer requests until the pool closes its pipe."""
        while True:
            frame = _read_frame(request_fd, None, 0)
            if frame is None:
                return
            request = json.loads(frame)
            _write_frame(answer_fd, _frame(*_guarded(lambda: self._run(request))))


# --- in the worker ---

def _become_worker(parent: int, keep: set[int]) -> None:
    """Right after the fork: default Ctrl-C, die with the forking thread, drop inherited sockets and pipes."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _die_with_parent()
    if os.getppid() != parent:          # the parent died before the line above: nobody would be told
        os._exit(1)
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in fds:
        if fd > 2 and fd not in keep:
            try:
                mode = os.fstat(fd).st_mode
            except OSError:
                continue
            if stat.S_ISSOCK(mode) or stat.S_ISFIFO(mode):
                os.close(fd)


def _die_with_parent() -> None:
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        PR_SET_PDEATHSIG = 1
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):       # not Linux: a worker outlives a parent killed with -9
        pass


def _exit_after(body: Callable[[], None]) -> None:
    code = 0
    try:
        body()
    except BaseException:                    # noqa: BLE001 -- the parent sees a missing answer
        code = 1
    finally:
        os._exit(code)


def _guarded(task: Task) -> tuple[dict, bytes]:
    """task(), or a header naming the exception it raised (the task should report expected errors itself)."""
    try:
        return task()
    except Exception as err:                 # noqa: BLE001
        return {"error": "", "message": f"{type(err).__name__} in the query worker"}, b""


# --- frames: an 8-byte length, then a JSON header line and the body ---

def _frame(header: dict, body: bytes) -> bytes:
    return json.dumps(header).encode("utf-8") + b"\n" + body


def _unframe(frame: bytes) -> tuple[dict, bytes]:
    line, _, body = frame.partition(b"\n")
    return json.loads(line), body


def _write_frame(fd: int, data: bytes) -> None:
    view = memoryview(_LENGTH.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _deadline(timeout: float) -> float | None:
    return time.monotonic() + timeout if timeout > 0 else None


def _read_frame(fd: int, deadline: float | None, timeout: float) -> bytes | None:
    """One frame from fd, None when it ends first; QueryTimeout when the deadline passes."""
    head = _read_exactly(fd, _LENGTH.size, deadline, timeout)
    if head is None:
        return None
    return _read_exactly(fd, _LENGTH.unpack(head)[0], deadline, timeout)


def _read_exactly(fd: int, size: int, deadline: float | None, timeout: float) -> bytes | None:
    chunks, got = [], 0
    with selectors.DefaultSelector() as selector:
        selector.register(fd, selectors.EVENT_READ)
        while got < size:
            if deadline is not None:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not selector.select(remaining):
                    raise timeout_error(timeout)
            chunk = os.read(fd, min(size - got, 1 << 20))
            if not chunk:
                return None
            chunks.append(chunk)
            got += len(chunk)
    return b"".join(chunks)


def _end(pid: int, *, kill: bool) -> None:
    """Kill (when asked) and reap a worker."""
    if kill:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)

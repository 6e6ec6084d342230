"""Running a function over many items in worker processes: workers, forking, Ctrl-C, batches.

``Workers`` maps a function over items, one item at a time as the caller sees it,
in batches sent to a pool of processes (or run here when a pool is not worth it);
results come back in the items' order, so any number of workers gives the same
results. It knows nothing of what the function does: what the workers need loaded
(the extraction's resources, jieba's dictionary) is a ``Warmup`` its caller gives.
``forked`` runs one function in a forked process (graph.ttl's parts, graph.html),
``ctrl_c_held`` keeps Ctrl-C from a process being forked, and ``timed`` adds a
block's wall time to a build's timings.

The query server's processes (``kg serve``, ``kg query``) are ``kg.workers``: they
answer one request after another, with timeouts, which this pool does not.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Callable, Iterator

from kg.collector import gc_paused

CHUNK = 8               # items per task: enough to amortise pickling, few enough that workers end together
MIN_PER_WORKER = 8      # fewer items than this per worker are not worth a process


def _nothing() -> None:
    return None


def _always() -> bool:
    return True


@dataclass(frozen=True)
class Warmup:
    """What a pool's processes need loaded before they work, and when to load it.

    ``load`` is loaded here before the pool forks and by each worker as it starts
    (a no-op after fork, where it is inherited). ``heavy`` is loaded here before a
    large job forks, so the workers share it; a small job while ``heavy_ready()``
    is false forks a few workers that load it for themselves, while this process
    goes on (reading a cache, say)."""

    load: Callable[[], object] = _nothing
    heavy: Callable[[], object] = _nothing
    heavy_ready: Callable[[], bool] = _always


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _worker_start(load: Callable[[], object]) -> None:
    """Worker initialiser: load what the warmup names (a no-op after fork, where it is inherited)."""
    # Ctrl-C reaches the whole process group: the parent stops the pool, a worker
    # must not die printing a traceback of its own
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    load()


def _each(fn: Callable, batch: list) -> list:
    """Worker: fn on each item of a batch."""
    return [fn(item) for item in batch]


def _each_shared(fn: Callable, task: tuple) -> list:
    """Worker: fn(shared, item) on each item of a batch sent with its shared data."""
    shared, batch = task
    return [fn(shared, item) for item in batch]


class Workers:
    """A pool of processes, or none: ``map`` gives fn over items in order either way.

    ``count`` None or 0 means one per core. The pool starts on the first ``map`` of
    enough items to share (MIN_PER_WORKER per worker): a re-run that finds nearly
    everything in a cache never forks. What the warmup names is loaded before the
    pool forks, so workers share it instead of loading their own.
    """

    def __init__(self, count: int | None, items: int, warmup: Warmup = Warmup()):
        """Plan count workers for a job of about that many items (started when first needed)."""
        wanted = count or default_workers()
        self.count = max(1, min(wanted, items // MIN_PER_WORKER))
        self.warmup = warmup
        self.size = 0           # processes in the pool, once started
        self._pool = None

    def __enter__(self) -> "Workers":
        return self

    def _start(self, items: int) -> None:
        """Start the pool for a job of that many items, if it is worth processes.

        A large job: the warmup's heavy part is loaded here first, so the workers
        share it. A small one (a re-run with a few new articles) while this process
        has not loaded it: one worker per MIN_PER_WORKER items loads it for itself,
        while this process goes on.
        """
        if self._pool is not None or self.count < 2:
            return
        if items >= MIN_PER_WORKER * self.count:
            size, share = self.count, True
        elif "fork" in multiprocessing.get_all_start_methods() and not self.warmup.heavy_ready():
            size, share = min(self.count, -(-items // MIN_PER_WORKER)), False
        else:
            return
        self.warmup.load()
        if share:
            self.warmup.heavy()
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        gc.freeze()         # forked children then never touch (and so copy) the parent's objects
        try:
            with ctrl_c_held():
                self._pool = context.Pool(size, initializer=_worker_start, initargs=(self.warmup.load,))
        finally:
            gc.unfreeze()
        self.size = size

    def __exit__(self, *exc) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if exc[0] is None:
            pool.close()
            pool.join()
            return
        # terminate() can hang for ever joining the thread that feeds the workers, when
        # it is stuck sending a batch no worker will read (Ctrl-C during extraction);
        # the workers are stopped before that join, so wait briefly and go on
        stopper = threading.Thread(target=lambda: (pool.terminate(), pool.join()), daemon=True)
        stopper.start()
        stopper.join(timeout=3)

    def map(self, fn: Callable, items: list, progress: Callable[[int], None] | None = None, *,
            shared=None, size: int = CHUNK) -> list:
        """fn(item) for each item, in the items' order, run in batches of at most size.

        With ``shared``, fn(shared, item): data every item needs, sent once per batch.
        fn must be a module-level function (it is sent to the workers by name).
        """
        return list(self.map_async(fn, items, progress, shared=shared, size=size)())

    def map_async(self, fn: Callable, items: list, progress: Callable[[int], None] | None = None, *,
                  shared=None, size: int = CHUNK) -> Callable[[], Iterator]:
        """``map`` started now in the workers (if any); returns the function that gives its
        results, one item at a time, as they arrive (so a caller can keep them compactly).
        ``progress`` is told how many items each finished batch held."""
        if not items:
            return lambda: iter(())
        self._start(len(items))
        batches = list(_batches(items, self._batch_size(len(items), size)))
        if shared is None:
            run, tasks = partial(_each, fn), batches
        else:
            run, tasks = partial(_each_shared, fn), [(shared, b) for b in batches]
        if self._pool is None:
            def run_here() -> Iterator:
                for batch, result in zip(batches, map(run, tasks)):
                    yield from result
                    if progress:
                        progress(len(batch))
            return run_here
        results = self._pool.imap(run, tasks)

        def collect() -> Iterator:
            # here results are only unpickled: many objects, no cycles, nothing for the collector
            with gc_paused():
                for batch, result in zip(batches, results):
                    yield from result
                    if progress:
                        progress(len(batch))
        return collect

    def _batch_size(self, n: int, size: int) -> int:
        if self._pool is None:
            return size
        # at least four batches per worker, so a slow batch does not leave a core idle
        return max(1, min(size, -(-n // (4 * self.size))))


def _batches(items: list, size: int) -> Iterator[list]:
    for k in range(0, len(items), size):
        yield items[k:k + size]


@contextmanager
def ctrl_c_held():
    """Hold Ctrl-C back while forking: a child starts with SIGINT blocked (and then
    ignores it), so it never dies printing a traceback; the parent gets it after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


class Forked:
    """fn() started now in a forked process: ``wait()`` gives its result (re-raising its
    exception), ``close()`` ends the process (``forked`` is the same as a block)."""

    def __init__(self, fn: Callable[[], object]):
        context = multiprocessing.get_context("fork")
        self._receive, send = context.Pipe(duplex=False)

        def child() -> None:
            signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle
            # the read end is the parent's: held open here too, a send to a parent that has gone
            # would wait forever on a full pipe instead of failing (BrokenPipeError)
            self._receive.close()
            try:
                try:
                    send.send((True, fn()))
                except BaseException as err:     # noqa: BLE001 - handed to the parent, which raises it
                    try:
                        send.send((False, err))
                    except Exception:            # an exception that does not pickle: its text
                        send.send((False, RuntimeError(f"{type(err).__name__}: {err}")))
            except OSError:         # the parent has gone (Ctrl-C, an error): nobody to tell
                pass

        gc.freeze()          # the child only reads the graph: spare it copying every object for the GC
        try:
            with ctrl_c_held():
                self._process = context.Process(target=child, daemon=True)
                self._process.start()
        finally:
            gc.unfreeze()
        send.close()

    def wait(self):
        """fn's result, once the process sends it; its exception raised here."""
        try:
            ok, value = self._receive.recv()
        except EOFError:
            self._process.join()
            raise RuntimeError(f"a worker process ended with exit code {self._process.exitcode}") from None
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """End the process (at once, if it is still working)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._receive.close()


@contextmanager
def forked(fn: Callable[[], object]):
    """Start fn() in a forked process; the block gets a function that waits for its
    result (re-raising its exception). Leaving the block ends the process."""
    process = Forked(fn)
    try:
        yield process.wait
    finally:
        process.close()


def can_fork() -> bool:
    """Whether this platform can fork processes (``forked`` needs it)."""
    return "fork" in multiprocessing.get_all_start_methods()


@contextmanager
def timed(timings: dict[str, float], stage: str):
    """Add the block's wall time to timings[stage]."""
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - start

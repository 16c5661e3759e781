"""A second process for the build: work that the pages do not wait for.

Checking the sources, making the Word and calendar files and segmenting the search texts
take about as long as rendering the pages, and none of them changes a page. On a machine
with more than one core they run in one forked worker process while the pages render;
the build collects the results at its end. Elsewhere (one core, no ``fork``, or
``KB_SERIAL=1``) each task runs at once, in the build's own process, with the same result.

A task must be a module-level function with picklable arguments and result. If the worker
dies (killed, out of memory), a task's result is computed again in the build's process.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from concurrent.futures import Future

# multiprocessing and concurrent.futures.process are imported when a worker is started: a
# build that needs none (the sources passed, nothing to make) does without them.


def can_fork() -> bool:
    """Fork when there is a core to spare; ``KB_SERIAL=1`` never, ``KB_SERIAL=0`` always
    (where ``fork`` exists)."""
    wish = os.environ.get("KB_SERIAL", "")
    if wish == "1" or not hasattr(os, "fork"):
        return False
    return wish == "0" or (os.cpu_count() or 1) > 1


def _forking(pool, fn: Callable, args: tuple) -> Future:
    """The first task, which forks the worker: with the build's objects frozen out of the
    garbage collector meanwhile, so the worker's collections never walk (and so copy) the
    memory it shares with the build — which cost it more than its tasks."""
    gc.freeze()
    try:
        return pool.submit(fn, *args)
    finally:
        gc.unfreeze()


class Background:
    """Submit tasks, collect their results; ``close`` when the build ends."""

    def __init__(self, parallel: bool | None = None):
        self.parallel = can_fork() if parallel is None else parallel
        self.pool = None                  # a ProcessPoolExecutor of one worker, once needed
        self.calls: dict[Future, tuple[Callable, tuple]] = {}

    def submit(self, fn: Callable, *args) -> Future:
        if self.parallel:
            future = self._start(fn, args)
            if future is not None:
                return future
            self.parallel = False                 # no process to be had: work here
        future = Future()
        try:
            future.set_result(fn(*args))
        except Exception as err:
            future.set_exception(err)
        return future

    def _start(self, fn: Callable, args: tuple) -> Future | None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        for _ in range(2):                        # a worker that died is replaced once
            try:
                if self.pool is None:
                    self.pool = ProcessPoolExecutor(
                        1, mp_context=multiprocessing.get_context("fork"))
                    future = _forking(self.pool, fn, args)
                else:
                    future = self.pool.submit(fn, *args)
            except BrokenProcessPool:
                self.pool = None
                continue
            except (OSError, RuntimeError):
                return None
            self.calls[future] = (fn, args)
            return future
        return None

    def forget(self) -> None:
        """Drop what earlier builds submitted (``mkdocs serve`` keeps one worker)."""
        self.calls.clear()

    def collect(self, future: Future):
        """The task's result (its exception is raised here, in the build's process)."""
        try:
            return future.result()
        except Exception as err:
            from concurrent.futures.process import BrokenProcessPool

            if future not in self.calls or not isinstance(err, BrokenProcessPool):
                raise
            fn, args = self.calls[future]      # the worker died: compute it here
            return fn(*args)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.forget()

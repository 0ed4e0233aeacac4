"""Worker processes for a parallel build.

Each worker makes one PDF at a time and is handed the next when it is done, so the parent
always knows which PDF each worker holds. A worker that dies (killed for using too much memory,
``kill -9``) fails only the PDF it held; a new worker takes its place and the rest are built.
Workers die with their parent: the kernel is asked to kill them when it goes (Linux), and a
worker waiting for work sees its parent's end of the pipe close. Workers are started with
``spawn``, so none inherits another's pipe and keeps it open after the parent is gone.

Ctrl-C and ``kill`` are for the parent (workers ignore SIGINT and SIGTERM, which a terminal
or ``kill`` may send to the whole process group): the parent stops handing out work, lets the
PDFs in progress finish, reports them, and then stops its workers.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import time
from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait

from .diagnostics import Diagnostic, Location
from .jobs import Job, Result

_CONTEXT = multiprocessing.get_context("spawn")
_PR_SET_PDEATHSIG = 1


def _serve(conn: Connection, work: Callable[[Job], Result], parent: int) -> None:
    # Ctrl-C and kill reach the whole process group; the parent decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the closed pipe below still ends idle workers
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        return
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        conn.send(work(job))


class _Worker:
    def __init__(self, work: Callable[[Job], Result]):
        self.conn, child = _CONTEXT.Pipe()
        self.process = _CONTEXT.Process(target=_serve, args=(child, work, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.job: Job | None = None  # the PDF it is making

    def give(self, job: Job) -> None:
        self.job = job
        self.conn.send(job)


def _stop(workers: list[_Worker], patience: float = 120.0) -> None:
    """Ask every worker to stop once its PDF is done; kill those still busy after ``patience``."""
    for worker in workers:
        try:
            worker.conn.send(None)
        except OSError:
            pass
    deadline = time.monotonic() + patience
    for worker in workers:
        worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.conn.close()


def _died(worker: _Worker) -> Result:
    job = worker.job
    code = worker.process.exitcode
    how = f"was stopped by signal {-code}" if code is not None and code < 0 else f"stopped (exit status {code})"
    hint = " (signal 9 is often the system running out of memory)" if code == -signal.SIGKILL else ""
    return Result(job.source, job.layout.name, job.output, errors=[Diagnostic(
        Location(str(job.source.path), 1, 1),
        f"the worker making {job.output.name} {how}{hint}; this PDF was not made, the others were")])


def run_jobs(todo: list[Job], jobs: int, work: Callable[[Job], Result]) -> Iterator[Result]:
    """``work(job)`` for every job in ``jobs`` worker processes, yielding results as they come."""
    pending = deque(todo)
    workers = [_Worker(work) for _ in range(min(jobs, len(todo)))]
    interrupted = False
    try:
        while True:
            for worker in workers:
                if worker.job is None and pending and not interrupted:
                    worker.give(pending.popleft())
            busy = [w for w in workers if w.job is not None]
            if not busy:
                break
            try:
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
            except KeyboardInterrupt:
                interrupted = True  # finish what the workers hold, hand out nothing more
                continue
            for worker in busy:
                result = None
                if worker.conn in ready:
                    try:
                        result = worker.conn.recv()
                    except (EOFError, OSError):
                        pass
                if result is not None:
                    worker.job = None
                    yield result
                elif worker.process.sentinel in ready:
                    worker.process.join()
                    worker.conn.close()
                    workers.remove(worker)
                    if pending and not interrupted:
                        workers.append(_Worker(work))
                    yield _died(worker)
        if interrupted:
            raise KeyboardInterrupt
    finally:
        _stop(workers)

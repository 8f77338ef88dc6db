"""How busy the machine is, and how much of it was someone else's work while a page was
measured: on a shared two-core machine another process's test run shows up as latency,
so every figure carries the share of CPU that other processes took meanwhile."""

from __future__ import annotations

import os
import resource
import time
from collections.abc import Callable, Iterable
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
CPUS = os.cpu_count() or 1


def _busy_and_total() -> tuple[float, float]:
    """Seconds of busy and of all CPU time since boot, summed over the CPUs."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    total = sum(fields[:8])  # guest time is already counted in user
    return (total - idle) / TICKS, total / TICKS


def busy_share(seconds: float = 1.0) -> float:
    """The share of the machine's CPU in use over ``seconds``, 0 to 1."""
    busy0, total0 = _busy_and_total()
    time.sleep(seconds)
    busy1, total1 = _busy_and_total()
    return (busy1 - busy0) / (total1 - total0) if total1 > total0 else 0.0


def wait_for_quiet(limit: float, threshold: float = 0.15) -> float:
    """Wait up to ``limit`` seconds for the machine to be mostly idle; the last share."""
    deadline = time.monotonic() + limit
    share = busy_share()
    while share > threshold and time.monotonic() < deadline:
        share = busy_share()
    return share


def _process_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def children_of(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


class Window:
    """CPU accounting over one measurement: ``ours`` are the processes serving and driving
    the load (gunicorn, the PostgreSQL backends of the benchmark's database, wrk, this
    process); the rest of the busy time was someone else's. ``pids`` is asked at the start
    and at the end, since Django reopens its connections (CONN_MAX_AGE) meanwhile."""

    def __init__(self, pids: Callable[[], list[int]]) -> None:
        self.pids = pids
        self.busy = self.total = self.ours = 0.0
        self._start: dict[int, float] = {}

    @staticmethod
    def _own() -> float:
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it has ended
        return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime

    def __enter__(self) -> Window:
        self.busy, self.total = _busy_and_total()
        self._start = {pid: _process_seconds(pid) for pid in self.pids()}
        self.ours = self._own()
        return self

    def __exit__(self, *exc: object) -> None:
        busy, total = _busy_and_total()
        self.busy, self.total = busy - self.busy, total - self.total
        end = {pid: _process_seconds(pid) for pid in self.pids()}
        # A process born meanwhile counts whole; one that ended counts until the start.
        served = sum(seconds - self._start.get(pid, 0.0) for pid, seconds in end.items())
        self.ours = self._own() - self.ours + served

    @property
    def others_share(self) -> float:
        """Other processes' CPU time as a share of the machine's capacity meanwhile."""
        return max(0.0, self.busy - self.ours) / self.total if self.total else 0.0


def wait_idle(pids: list[int], limit: float = 30.0) -> None:
    """Until these processes stop working: after wrk stops, gunicorn still answers the
    requests already queued, which would slow whatever is timed next."""
    deadline = time.monotonic() + limit
    before = sum(_process_seconds(pid) for pid in pids)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = sum(_process_seconds(pid) for pid in pids)
        if now - before < 0.01:
            return
        before = now


def pids_serving(gunicorn_master: int, backend_pids: Iterable[int]) -> list[int]:
    return [gunicorn_master, *children_of(gunicorn_master), *backend_pids]

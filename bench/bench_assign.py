"""End to end `match-file --mode assign`: wall time, CPU time and peak memory of a fresh
process and the worker processes it starts.

    python bench/bench_assign.py bench/data/10k bench/data/30k bench/data/100k
    python bench/bench_assign.py --raw bench/data/100k     # raw text only
    python bench/bench_assign.py --pss bench/data/100k     # memory as summed PSS (slower)
    python bench/bench_assign.py --budget-seconds=3000 bench/data/100k  # a longer budget

Runs each data directory twice: cold (raw free text) and with cached text vectors.

Peak memory is sampled every 20 ms as the sum of the resident sets of the whole process tree
(`peak_mib`; pages that forked workers share with the main process count once per process, so
this is an upper bound), and also reported as the largest single resident set
(`peak_rss_mib`). Resident sets come from /proc/<pid>/statm, which costs the measured
processes nothing (reading smaps would lock their memory maps). With `--pss` the sum is of
proportional set sizes instead (shared pages split between the processes sharing them: the
real footprint), read from /proc/<pid>/smaps_rollup, which slows the run; use it for memory,
not for time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path


def _tree(pid: int) -> list[int]:
    """The process and all its descendants (from /proc)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return out


PAGE_KIB = os.sysconf("SC_PAGE_SIZE") // 1024


def _pss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_KIB
    except (OSError, IndexError, ValueError):
        return 0


class TreeMemory(threading.Thread):
    """Samples the summed resident set of a process tree until stopped; keeps the peak."""

    def __init__(self, pid: int, pss: bool = False) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kib, self.done = pid, 0, threading.Event()
        self.size = _pss_kib if pss else _rss_kib

    def run(self) -> None:
        while not self.done.is_set():
            total = sum(self.size(p) for p in _tree(self.pid))
            self.peak_kib = max(self.peak_kib, total)
            self.done.wait(0.02)


def run(
    folder: Path, people: str, pss: bool = False, budget: str | None = None
) -> dict[str, object]:
    out = folder / f"out-{people.split('.')[0]}.jsonl"
    command = [
        sys.executable,
        "-m",
        "bridgeway.matching.engine",
        "match-file",
        "--spec",
        str(folder / "spec.json"),
        "--participants",
        str(folder / people),
        "--mode",
        "assign",
        "--out",
        str(out),
    ]
    if budget is not None:
        command += ["--budget-seconds", budget]
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    memory = TreeMemory(process.pid, pss)
    memory.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    memory.done.set()
    memory.join()
    assert process.stderr is not None
    err = process.stderr.read()
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{err}")
    summary = json.loads(out.read_text().rsplit("\n", 2)[-2])
    return {
        "data": folder.name,
        "people": people,
        "mentees": summary["mentees"],
        "mentors": summary["mentors"],
        "seconds": round(wall, 2),
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mib": round(memory.peak_kib / 1024),
        "memory": "summed PSS" if pss else "summed RSS (upper bound)",
        "peak_rss_mib": round(usage.ru_maxrss / 1024),
        "matched": summary["matched"],
        "total_score": summary["total_score"],
        "stats": summary["stats"],
    }


def main() -> int:
    args = sys.argv[1:]
    files = ("people.jsonl", "people-cached.jsonl")
    pss = "--pss" in args
    # --budget-seconds=N: the engine's time budget for proving (on a loaded machine the
    # default 600 s can stop a 100k program before its proof).
    budget = next((a.split("=", 1)[1] for a in args if a.startswith("--budget-seconds=")), None)
    if "--raw" in args:
        files = files[:1]
    for name in (a for a in args if not a.startswith("--")):
        for people in files:
            print(json.dumps(run(Path(name), people, pss, budget)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

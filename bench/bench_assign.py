"""End to end `match-file --mode assign`: wall time and peak memory of a fresh process.

    python bench/bench_assign.py bench/data/10k bench/data/30k bench/data/100k
    python bench/bench_assign.py --raw bench/data/100k     # raw text only

Runs each data directory twice: cold (raw free text) and with cached text vectors.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path


def run(folder: Path, people: str) -> dict[str, object]:
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
    started = time.perf_counter()
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
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
        "peak_mib": round(usage.ru_maxrss / 1024),
        "matched": summary["matched"],
        "total_score": summary["total_score"],
        "stats": summary["stats"],
    }


def main() -> int:
    args = sys.argv[1:]
    files = ("people.jsonl", "people-cached.jsonl")
    if args[:1] == ["--raw"]:
        args, files = args[1:], files[:1]
    for name in args:
        for people in files:
            print(json.dumps(run(Path(name), people)), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""`bridgeway match-file`: match participants from files (docs/matching-format.md).

Exit status: 0 done, 2 bad input (the message names the file, the line and the field; no
output file is written), 1 anything else unexpected.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from .budget import parse_memory
from .engine import Engine, PairScore, Reason
from .errors import FormatError
from .participants import gc_paused, load_participants
from .spec import FORMAT_VERSION, ProgramSpec


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bridgeway match-file",
        description="Suggest mentors or assign a cohort from a program spec and participants.",
    )
    parser.add_argument("--spec", required=True, help="program spec (JSON)")
    parser.add_argument("--participants", required=True, help="participants (JSON Lines)")
    parser.add_argument("--mode", choices=("assign", "suggest"), default="assign")
    parser.add_argument("--out", required=True, help="where to write the results (JSON Lines)")
    parser.add_argument("--top", type=int, default=5, help="suggestions per mentee (suggest)")
    parser.add_argument("--objective", choices=("score", "count"), default="score")
    parser.add_argument("--algorithm", choices=("flow", "stable", "greedy"), default="flow")
    parser.add_argument(
        "--candidates",
        type=int,
        default=0,
        help="mentors kept per mentee before the "
        "optimality check (0: chosen from the number of places)",
    )
    parser.add_argument(
        "--budget-seconds",
        type=float,
        default=DEFAULT_BUDGET_SECONDS,
        help="stop proving the assignment optimal after this many seconds of assigning and "
        "report how much it could still improve (default %(default)s; 0: one round)",
    )
    parser.add_argument(
        "--budget-memory",
        default=DEFAULT_BUDGET_MEMORY,
        help="stop proving when the process and its workers use this much memory, e.g. 4G, "
        "512M (default %(default)s)",
    )
    return parser


# Generous: a national cohort is proved in well under a minute on two cores.
DEFAULT_BUDGET_SECONDS = 600.0
DEFAULT_BUDGET_MEMORY = "4G"


class _Lines:
    """JSON Lines writer that serialises each shared reason only once."""

    def __init__(self, handle: TextIO) -> None:
        self.handle = handle
        # id(reason) -> its JSON; the reasons themselves are kept too, so that no id is
        # reused by another reason while this writer lives.
        self._reasons: dict[int, str] = {}
        self._kept: list[Reason] = []

    def reasons(self, reasons: Iterable[Reason]) -> str:
        known = self._reasons
        parts = []
        for reason in reasons:
            text = known.get(id(reason))
            if text is None:
                text = json.dumps(reason.to_dict(), ensure_ascii=False)
                known[id(reason)] = text
                self._kept.append(reason)
            parts.append(text)
        return "[" + ",".join(parts) + "]"

    def pair(self, kind: str, pair: PairScore, extra: str = "") -> str:
        return (
            f'{{"type":"{kind}","mentee":{_string(pair.mentee)},'
            f'"mentor":{_string(pair.mentor)},"score":{pair.score},{extra}'
            f'"reasons":{self.reasons(pair.reasons)}}}'
        )

    def write(self, line: str) -> None:
        self.handle.write(line + "\n")


_string = json.encoder.encode_basestring_ascii  # type: ignore[attr-defined]  # = json.dumps(str)


def _assign_lines(engine: Engine, out: _Lines, args: argparse.Namespace) -> Iterator[str]:
    result = engine.assign(
        objective=args.objective,
        algorithm=args.algorithm,
        candidates=args.candidates,
        budget_seconds=args.budget_seconds,
        budget_memory=args.budget_memory_bytes,
    )
    for pair in result.pairs:
        yield out.pair("pair", pair)
    for unmatched in result.unmatched:
        yield (
            f'{{"type":"unmatched","mentee":{_string(unmatched.mentee)},'
            f'"reasons":{out.reasons(unmatched.reasons)}}}'
        )
    for group in engine.recruitment_gap(result):
        data = group.to_dict()
        del data["mentee_ids"]
        yield json.dumps({"type": "gap", **data}, ensure_ascii=False)
    summary = {
        "type": "summary",
        "format_version": FORMAT_VERSION,
        "mode": "assign",
        "objective": args.objective,
        "algorithm": args.algorithm,
        "mentees": len(engine.mentees),
        "mentors": len(engine.mentors),
        "matched": result.matched,
        "unmatched": len(result.unmatched),
        "total_score": result.total_score,
        "stats": result.stats,
    }
    yield json.dumps(summary)


def _suggest_lines(engine: Engine, out: _Lines, args: argparse.Namespace) -> Iterator[str]:
    for mentee in engine.mentees:
        items = [
            out.pair("suggestion", s.pair, f'"rank":{s.rank},"penalty":{s.penalty},')
            for s in engine.suggest(mentee.id, args.top)
        ]
        yield (
            f'{{"type":"suggestions","mentee":{_string(mentee.id)},'
            f'"suggestions":[{",".join(items)}]}}'
        )
    yield json.dumps(
        {
            "type": "summary",
            "format_version": FORMAT_VERSION,
            "mode": "suggest",
            "mentees": len(engine.mentees),
            "mentors": len(engine.mentors),
        }
    )


def run(args: argparse.Namespace) -> None:
    """Read, match, and write the output atomically (a temp file renamed at the end)."""
    started = time.perf_counter()
    spec = ProgramSpec.load(args.spec)
    people = load_participants(args.participants, spec)
    engine = Engine.from_participants(spec, people, validate=False)  # checked line by line
    engine_built = time.perf_counter()
    target = Path(args.out)
    fd, temp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            out = _Lines(handle)
            lines = _assign_lines if args.mode == "assign" else _suggest_lines
            with gc_paused():  # many short strings, no cycles
                for line in lines(engine, out, args):
                    out.write(line)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    print(
        f"{args.mode}: {len(engine.mentees)} mentees, {len(engine.mentors)} mentors; "
        f"read in {engine_built - started:.2f} s, total {time.perf_counter() - started:.2f} s; "
        f"wrote {target}",
        file=sys.stderr,
    )


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["match-file"]:
        argv = argv[1:]
    args = _parser().parse_args(argv)
    if args.top < 1:
        print("bridgeway match-file: error: --top must be at least 1", file=sys.stderr)
        return 2
    if args.budget_seconds < 0:
        print("bridgeway match-file: error: --budget-seconds cannot be negative", file=sys.stderr)
        return 2
    try:
        args.budget_memory_bytes = parse_memory(args.budget_memory)
    except ValueError as error:
        print(f"bridgeway match-file: error: --budget-memory: {error}", file=sys.stderr)
        return 2
    try:
        run(args)
    except FormatError as error:
        print(f"bridgeway match-file: error: {error}", file=sys.stderr)
        return 2
    return 0

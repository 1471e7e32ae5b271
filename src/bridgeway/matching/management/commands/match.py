"""`bridgeway match --program AGENCY/PROGRAM [--objective score|count] [--out FILE.jsonl]
[--propose]`: the proposed assignment for a program in the database.

Prints a summary, or writes the JSON Lines of `bridgeway match-file` (docs/matching-format.md).
Nothing is proposed unless --propose is given; then every pair becomes a match proposal,
audited as the system."""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from bridgeway.core.services import DomainError
from bridgeway.matching import services
from bridgeway.matching.engine import FORMAT_VERSION
from bridgeway.matching.reasons import gap_text, render_reasons
from bridgeway.matching.selectors import OBJECTIVES, MatchContext, enrollment_id_of
from bridgeway.programs.models import Program


class Command(BaseCommand):
    help = "Run the proposed assignment for a program; --propose saves it as match proposals."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="AGENCY/PROGRAM short names")
        parser.add_argument("--objective", choices=OBJECTIVES, default="score")
        parser.add_argument("--out", help="write the result as JSON Lines to this file")
        parser.add_argument(
            "--propose", action="store_true", help="save every pair as a match proposal"
        )
        parser.add_argument("--language", default="", help="language of the reasons (en, fr)")

    def handle(self, *args: Any, **options: Any) -> None:
        program = _program(options["program"])
        with translation.override(options["language"] or None):
            self._run(program, options)

    def _run(self, program: Program, options: dict[str, Any]) -> None:
        started = time.perf_counter()
        try:
            run = services.assignment_run(program=program, by=None, objective=options["objective"])
        except DomainError as error:
            raise CommandError(error.message) from None
        seconds = time.perf_counter() - started
        lines = list(_lines(run, seconds))
        if options["out"]:
            _write(Path(options["out"]), lines)
            self.stdout.write(
                f"matched: {run.assignment.matched}  unmatched: {len(run.assignment.unmatched)}"
                f"  total score: {run.assignment.total_score}  time: {seconds:.2f} s;"
                f" wrote {options['out']}"
            )
            self.stdout.write(_proof_line(run.assignment.stats))
        else:
            self._summary(run, seconds)
        if options["propose"] and run.assignment.pairs:
            pairs = [
                services.PairChoice(enrollment_id_of(p.mentee), enrollment_id_of(p.mentor))
                for p in run.assignment.pairs
            ]
            proposed = {p.mentee_id: p.mentor_id for p in pairs}
            try:
                created = services.proposals_accept(
                    program=program, by=None, pairs=pairs, proposed=proposed
                )
            except DomainError as error:
                raise CommandError(error.message) from None
            self.stdout.write(f"proposed: {len(created)} pairs saved as match proposals")
        elif not options["propose"]:
            self.stdout.write("nothing proposed (add --propose to save the pairs)")

    def _summary(self, run: services.Run, seconds: float) -> None:
        context, assignment = run.context, run.assignment
        self.stdout.write(
            f"{context.program.organization.slug}/{context.program.slug}: "
            f"{len(context.mentees)} mentees, {len(context.mentors)} mentors, "
            f"objective {assignment.objective}"
        )
        self.stdout.write(
            f"matched: {assignment.matched}  unmatched: {len(assignment.unmatched)}  "
            f"total score: {assignment.total_score}  time: {seconds:.2f} s"
        )
        self.stdout.write(_proof_line(assignment.stats))
        for unmatched in assignment.unmatched:
            mentee = context.mentees[unmatched.mentee]
            reasons = render_reasons(unmatched.reasons, context.questions)
            why = " ".join(r.text for r in reasons) or "no mentor with a free place"
            self.stdout.write(f"  unmatched {unmatched.mentee} ({mentee.person.name}): {why}")


def _proof_line(stats: dict[str, Any]) -> str:
    if stats.get("proved_optimal", True):
        return "proved optimal"
    percent = stats.get("duality_gap_percent")
    share = f" ({percent} %)" if percent is not None else ""
    return (
        f"NOT proved optimal (stopped by its {stats.get('stopped_by', 'time')} budget): the total "
        f"score could improve by at most {stats['duality_gap']} points{share}"
    )


def _program(value: str) -> Program:
    agency, _sep, slug = value.partition("/")
    program = (
        Program.objects.filter(organization__slug=agency, slug=slug)
        .select_related("organization")
        .first()
    )
    if program is None:
        raise CommandError(f"No program {value!r}: give AGENCY/PROGRAM short names.")
    return program


def _reasons(context: MatchContext, reasons: Any) -> list[dict[str, Any]]:
    shown = render_reasons(reasons, context.questions)
    return [{**r.to_dict(), "text": s.text} for r, s in zip(reasons, shown, strict=True)]


def _lines(run: services.Run, seconds: float) -> list[str]:
    """The lines `bridgeway match-file --mode assign` writes, with reasons in words."""
    context, assignment = run.context, run.assignment
    out = []
    for pair in assignment.pairs:
        out.append(
            {
                "type": "pair",
                "mentee": pair.mentee,
                "mentor": pair.mentor,
                "score": pair.score,
                "reasons": _reasons(context, pair.reasons),
            }
        )
    for unmatched in assignment.unmatched:
        out.append(
            {
                "type": "unmatched",
                "mentee": unmatched.mentee,
                "reasons": _reasons(context, unmatched.reasons),
            }
        )
    for group in context.gap(assignment) if context.engine and context.mentees else []:
        data = group.to_dict()
        del data["mentee_ids"]
        data["text"] = gap_text(data, context.questions)
        out.append({"type": "gap", **data})
    out.append(
        {
            "type": "summary",
            "format_version": FORMAT_VERSION,
            "mode": "assign",
            "objective": assignment.objective,
            "algorithm": assignment.algorithm,
            "mentees": len(context.mentees),
            "mentors": len(context.mentors),
            "matched": assignment.matched,
            "unmatched": len(assignment.unmatched),
            "total_score": assignment.total_score,
            "seconds": round(seconds, 3),
            "stats": assignment.stats,
        }
    )
    return [json.dumps(line, ensure_ascii=False) for line in out]


def _write(target: Path, lines: list[str]) -> None:
    """Written to a temporary file renamed at the end: a failure leaves no half file."""
    directory = target.parent if str(target.parent) else Path(".")
    fd, temp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for line in lines:
                handle.write(line + "\n")
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise

"""Language levels on the Canadian Language Benchmarks (CLB, in French NCLC) beside CEFR.

The CLB scale runs from 1 to 12; NCLC (Niveaux de compétence linguistique canadiens) is the
same scale for French. CEFR levels are compared with it through the commonly published
alignment, which is approximate (the two frameworks were not built on each other):

    CLB/NCLC 1-2 ~ A1, 3-4 ~ A2, 5-6 ~ B1, 7-8 ~ B2, 9-10 ~ C1, 11-12 ~ C2

A CEFR level read on the CLB scale counts as the lowest benchmark of its band (B2 is CLB 7),
so a CEFR answer never claims more than it says; "native" counts as CLB 12. A benchmark read
on a CEFR scale counts as the CEFR level of its band (NCLC 8 is B2).
"""

from __future__ import annotations

import re
from typing import Any

from .errors import FormatError

CLB_TOP = 12
CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
# The lowest benchmark of each CEFR band.
CLB_FOR_CEFR = {name: 2 * rank + 1 for rank, name in enumerate(CEFR)}
NATIVE = "native"
_BENCHMARK = re.compile(r"^\s*(CLB|NCLC)[\s-]*(\d{1,2})\s*$", re.IGNORECASE)

# How a person wrote their levels, kept to name a level back in the same way.
STYLE_NUMBER, STYLE_CLB, STYLE_NCLC, STYLE_CEFR = 0, 1, 2, 3


def parse_benchmark(raw: Any) -> tuple[str, int] | None:
    """("CLB" or "NCLC", level) for a text such as "CLB 7", "nclc7" or "NCLC-10"; None
    otherwise (also for a level outside 1-12)."""
    if not isinstance(raw, str):
        return None
    match = _BENCHMARK.match(raw)
    if match is None:
        return None
    level = int(match.group(2))
    if not 1 <= level <= CLB_TOP:
        return None
    return match.group(1).upper(), level


def cefr_for_clb(level: int) -> str:
    """The CEFR band of a benchmark: CLB 7 and 8 are B2."""
    return CEFR[(min(max(level, 1), CLB_TOP) - 1) // 2]


def clb_level(raw: Any, field_name: str) -> float:
    """A level on the CLB scale (1-12) from a benchmark ("CLB 7", "NCLC 7", 7), a CEFR level
    ("B2": the lowest benchmark of its band) or "native" (12)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if 1 <= raw <= CLB_TOP:
            return float(raw)
        raise FormatError(f"a CLB level is from 1 to {CLB_TOP} (got {raw!r})", field=field_name)
    benchmark = parse_benchmark(raw)
    if benchmark is not None:
        return float(benchmark[1])
    if isinstance(raw, str):
        name = raw.strip()
        if name.upper() in CLB_FOR_CEFR:
            return float(CLB_FOR_CEFR[name.upper()])
        if name.lower() == NATIVE:
            return float(CLB_TOP)
    raise FormatError(
        f"unknown level {raw!r} (use CLB 1-12, NCLC 1-12, A1-C2 or native)", field=field_name
    )


def level_style(answer: Any) -> int:
    """Which way a person wrote their language levels: the first level given in words."""
    if not isinstance(answer, dict):
        return STYLE_NUMBER
    for raw in answer.values():
        benchmark = parse_benchmark(raw)
        if benchmark is not None:
            return STYLE_NCLC if benchmark[0] == "NCLC" else STYLE_CLB
        if isinstance(raw, str) and raw.strip().upper() in CLB_FOR_CEFR:
            return STYLE_CEFR
    return STYLE_NUMBER


def level_name(level: float, style: int, languages: tuple[str, ...]) -> str:
    """A CLB level in the scale the person used: "B2" for CEFR levels (when the level is where
    a CEFR band starts), else the benchmark under its name for the language: NCLC for French,
    CLB for the others, "CLB/NCLC" when French and another language are both shared. A person
    who wrote NCLC levels reads NCLC unless French is not among the languages."""
    if style == STYLE_CEFR and level in CLB_FOR_CEFR.values():
        return cefr_for_clb(int(level))
    if "fr" in languages and len(languages) > 1:
        return f"CLB/NCLC {level:g}"
    if languages == ("fr",):
        return f"NCLC {level:g}"
    return f"CLB {level:g}"

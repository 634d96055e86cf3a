"""Medians, ratios, the speed and memory targets, the stdout table, and RESULTS.md with its chart."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Tuple

Summary = Dict[str, Dict[str, Dict[str, Any]]]
Raw = Dict[str, Dict[str, List[Dict[str, Any]]]]

# scenario -> [(metric, label, kind)]; kind: "time" (lower is better), "rate" (higher is better),
# "flag" (true in how many rounds), "info" (shown, never compared).
METRICS: Dict[str, List[Tuple[str, str, str]]] = {
    "cold": [("wall_ms", "wall ms", "time"), ("peak_rss_mb", "peak RSS MB", "time")],
    "import": [("import_ms", "import ms", "time"), ("process_ms", "process ms", "time")],
    "steady": [("us_per_request", "µs/request", "time"), ("sockets", "sockets", "info")],
    "stream": [("chunks_per_s", "chunks/s", "rate"), ("final_ms", "final ms", "time")],
    "reasoning": [("chunks_per_s", "chunks/s", "rate"), ("plain_chunks_per_s", "plain chunks/s", "rate"),
                  ("slowdown", "÷ plain", "info")],
    "ttfc": [("chunked_ms", "chunked ms", "time"), ("chunked_before_pause", "chunked early", "flag"),
             ("close_ms", "close ms", "time"), ("close_before_pause", "close early", "flag")],
    "embeddings": [("float_ms", "float ms", "time"), ("default_ms", "default ms", "time")],
    "logprobs": [("request_ms", "request ms", "time"), ("decode_ms", "decode ms", "time")],
    "concurrency": [("rps_1", "1 thread rps", "rate"), ("rps_many", "N threads rps", "rate"),
                    ("speedup", "speedup", "info"), ("errors", "errors", "info"), ("sockets", "sockets", "info")],
    "upload": [("mb_per_s", "MiB/s", "rate"), ("rss_growth_mb", "RSS growth MiB", "time")],
    "download": [("mb_per_s", "MiB/s", "rate"), ("rss_growth_mb", "RSS growth MiB", "time")],
    "bulk": [("physical_s", "limits allow s", "info"), ("threads_s", "threads s", "info"),
             ("threads_ratio", "threads ÷ limits", "info"), ("threads_429_pct", "threads 429 %", "info"),
             ("dask_s", "2-worker Dask s", "info"), ("dask_ratio", "Dask ÷ limits", "info"),
             ("dask_429_pct", "Dask 429 %", "info"), ("kill_exactly_once", "kill+rerun exactly once", "flag")],
}
TITLES = {
    "cold": "1 cold start", "import": "2 import", "steady": "3 steady state", "stream": "4 streaming",
    "ttfc": "5 first chunk", "embeddings": "6 embeddings", "logprobs": "7 logprobs", "concurrency": "8 concurrency",
    "upload": "9 upload", "download": "10 download", "reasoning": "4b reasoning stream",
    "bulk": "11 bulk",
}
CLIENT_COLUMNS = ("ours", "ours-urllib3", "openai", "floor-requests", "floor-urllib3", "floor-httpclient")
# The ratios shown: (numerator, denominator, column title, chart series)
PAIRS = (("ours", "openai", "ours/oai", 0), ("ours", "floor-requests", "ours/flr", 1),
         ("ours-urllib3", "openai", "u3/oai", 2), ("ours-urllib3", "floor-urllib3", "u3/flu3", 3))


def summarize(raw: Raw) -> Summary:
    """Per scenario and client: the median of each number over the rounds; flags as "k/n"."""
    summary: Summary = {}
    for scenario, by_client in raw.items():
        summary[scenario] = {}
        for client, rounds in by_client.items():
            merged: Dict[str, Any] = {}
            for key in rounds[0]:
                values = [r[key] for r in rounds]
                if isinstance(values[0], bool):
                    merged[key] = f"{sum(values)}/{len(values)}"
                elif key == "errors":
                    merged[key] = sum(values)
                elif key == "sockets":
                    merged[key] = max(values)
                elif isinstance(values[0], (int, float)):
                    merged[key] = statistics.median(values)
                else:
                    merged[key] = values[0]
            summary[scenario][client] = merged
    return summary


def value(summary: Summary, scenario: str, client: str, metric: str) -> Optional[Any]:
    return summary.get(scenario, {}).get(client, {}).get(metric)


def time_ratio(summary: Summary, scenario: str, metric: str, *, kind: str, mine: str, theirs: str) -> Optional[float]:
    """ours ÷ theirs as a time ratio (for a rate: theirs ÷ ours), None when either is missing."""
    a, b = value(summary, scenario, mine, metric), value(summary, scenario, theirs, metric)
    if not isinstance(a, (int, float)) or not isinstance(b, (int, float)) or not a or not b:
        return None
    return a / b if kind == "time" else b / a


# -- targets ---------------------------------------------------------------------------------------


@dataclass
class Verdict:
    scenario: str
    client: str  # the client to profile when missed
    target: str
    measured: str
    met: Optional[bool]  # None: not judged (smoke run, or no data)
    reference: str = ""  # what a floor reaches on the same measure, to tell a hard limit from a slow client


def _check(verdicts: List[Verdict], scenario: str, client: str, target: str, got: Optional[float], *,
           limit: float, at_most: bool, smoke: bool, reference: str = "") -> None:
    if got is None:
        verdicts.append(Verdict(scenario, client, target, "no data", None))
        return
    met = got <= limit if at_most else got >= limit
    verdicts.append(Verdict(scenario, client, target, f"{got:.3g}x", None if smoke else met, reference))


def _x(got: Optional[float]) -> str:
    return "-" if got is None else f"{got:.3g}x"


def evaluate(summary: Summary, *, smoke: bool) -> List[Verdict]:
    """Every speed and memory target, measured; ``met`` stays None on a smoke run."""
    out: List[Verdict] = []

    def ratio(scenario: str, metric: str, mine: str, theirs: str) -> Optional[float]:
        a, b = value(summary, scenario, mine, metric), value(summary, scenario, theirs, metric)
        return a / b if isinstance(a, (int, float)) and isinstance(b, (int, float)) and b else None

    def ref(scenario: str, metric: str, mine: str, theirs: str) -> str:
        names = {"openai": "openai-python"}
        got = ratio(scenario, metric, mine, theirs)
        return f"{names.get(mine, mine)} ÷ {names.get(theirs, theirs)} {_x(got)}"

    kw: Dict[str, Any] = {"smoke": smoke}
    _check(out, "cold", "ours", "wall: ours ÷ openai-python ≤ 0.30x", ratio("cold", "wall_ms", "ours", "openai"),
           limit=0.30, at_most=True, **kw,
           reference=ref("cold", "wall_ms", "floor-requests", "openai"))
    _check(out, "cold", "ours", "wall: ours ÷ floor-requests ≤ 1.15x",
           ratio("cold", "wall_ms", "ours", "floor-requests"), limit=1.15, at_most=True, **kw)
    _check(out, "cold", "ours", "peak RSS: ours ÷ openai-python ≤ 0.6x",
           ratio("cold", "peak_rss_mb", "ours", "openai"), limit=0.6, at_most=True, **kw,
           reference=ref("cold", "peak_rss_mb", "floor-requests", "openai"))
    _check(out, "import", "ours", "import openai_compat ÷ import requests, msgspec ≤ 1.15x",
           ratio("import", "import_ms", "ours", "floor-requests"), limit=1.15, at_most=True, **kw)
    _check(out, "steady", "ours", "ours ÷ floor-requests ≤ 1.15x",
           ratio("steady", "us_per_request", "ours", "floor-requests"), limit=1.15, at_most=True, **kw)
    _check(out, "steady", "ours-urllib3", "ours-urllib3 ÷ floor-urllib3 ≤ 1.25x",
           ratio("steady", "us_per_request", "ours-urllib3", "floor-urllib3"), limit=1.25, at_most=True, **kw)
    _check(out, "steady", "ours-urllib3", "ours-urllib3 ÷ openai-python ≤ 0.35x",
           ratio("steady", "us_per_request", "ours-urllib3", "openai"), limit=0.35, at_most=True, **kw,
           reference=ref("steady", "us_per_request", "floor-urllib3", "openai"))
    _check(out, "stream", "ours", "chunks/s: ours ÷ openai-python ≥ 25x",
           ratio("stream", "chunks_per_s", "ours", "openai"), limit=25, at_most=False, **kw,
           reference=", ".join(ref("stream", "chunks_per_s", floor, "openai")
                               for floor in ("floor-requests", "floor-urllib3", "floor-httpclient")))
    _check(out, "stream", "ours", "chunks/s: ours ÷ floor-requests ≥ 0.5x",
           ratio("stream", "chunks_per_s", "ours", "floor-requests"), limit=0.5, at_most=False, **kw)
    _check(out, "stream", "ours-urllib3", "chunks/s: ours-urllib3 ÷ floor-urllib3 ≥ 0.5x",
           ratio("stream", "chunks_per_s", "ours-urllib3", "floor-urllib3"), limit=0.5, at_most=False, **kw)
    for client in ("ours", "ours-urllib3"):
        slowdown = value(summary, "reasoning", client, "slowdown")
        _check(out, "reasoning", client, f"{client}: time with reasoning_content ÷ the same stream without ≤ 1.3x",
               slowdown if isinstance(slowdown, (int, float)) else None, limit=1.3, at_most=True, **kw)
    _check(out, "reasoning", "ours", "time: ours ÷ openai-python ≤ 0.04x",
           ratio("reasoning", "chunks_per_s", "openai", "ours"), limit=0.04, at_most=True, **kw,
           reference="ours-urllib3 ÷ openai-python " + _x(ratio("reasoning", "chunks_per_s", "openai",
                                                                "ours-urllib3")))
    for client in ("ours", "ours-urllib3"):
        for variant in ("chunked", "close"):
            flag = value(summary, "ttfc", client, f"{variant}_before_pause")
            ms = value(summary, "ttfc", client, f"{variant}_ms")
            target = f"{client}, {'chunked' if variant == 'chunked' else 'close-delimited'}: first chunk before " \
                     "the pause ends"
            if flag is None:
                out.append(Verdict("ttfc", client, target, "no data", None))
                continue
            hits, total = (int(part) for part in str(flag).split("/"))
            met = None if smoke else hits == total
            out.append(Verdict("ttfc", client, target, f"{flag} rounds, median {ms:.1f} ms", met))
    _check(out, "embeddings", "ours", 'encoding_format="float": openai-python ÷ ours ≥ 15x',
           ratio("embeddings", "float_ms", "openai", "ours"), limit=15, at_most=False, **kw,
           reference=ref("embeddings", "float_ms", "openai", "floor-requests"))
    _check(out, "embeddings", "ours", "default paths (ours floats on loopback, openai-python base64): "
           "openai-python ÷ ours ≥ 1.3x", ratio("embeddings", "default_ms", "openai", "ours"), limit=1.3,
           at_most=False, **kw, reference="different bodies: ours reads floats, openai-python base64 (about 4x "
           "fewer bytes); on base64 " + ref("embeddings", "default_ms", "openai", "floor-requests"))
    _check(out, "logprobs", "ours", "decode (in-memory transport): openai-python ÷ ours ≥ 10x",
           ratio("logprobs", "decode_ms", "openai", "ours"), limit=10, at_most=False, **kw,
           reference=ref("logprobs", "decode_ms", "openai", "floor-requests"))
    for client in ("ours", "ours-urllib3"):
        row = summary.get("concurrency", {}).get(client)
        if row is None:
            out.append(Verdict("concurrency", client, f"{client}: N threads", "no data", None))
            continue
        pool = str(row["pool_size"])
        floor = "floor-requests" if client == "ours" else "floor-urllib3"
        floor_speedup = value(summary, "concurrency", floor, "speedup")
        ok = row["speedup"] >= 25 and row["errors"] == 0 and (not pool.isdigit() or row["sockets"] <= int(pool))
        out.append(Verdict(
            "concurrency", client,
            f"{client}: {row['threads']:.0f} threads ≥ 25x one thread, no errors, sockets ≤ pool size",
            f"{row['speedup']:.1f}x, {row['errors']} errors, {row['sockets']} sockets (pool {pool})",
            None if smoke else ok,
            "" if floor_speedup is None else f"{floor} {floor_speedup:.1f}x",
        ))
    for scenario in ("upload", "download"):
        for client in ("ours", "ours-urllib3"):
            growth = value(summary, scenario, client, "rss_growth_mb")
            if growth is None:
                continue
            theirs = value(summary, scenario, "openai", "rss_growth_mb")
            out.append(Verdict(
                scenario, client, f"{client}: peak RSS < 64 MiB above the baseline while moving the file",
                f"{growth:.1f} MiB", None if smoke else growth < 64,
                "" if theirs is None else f"openai-python {theirs:.1f} MiB",
            ))
    from benchmarks import bulk

    return out + bulk.verdicts(summary, smoke=smoke)


def profile_targets(verdicts: List[Verdict]) -> List[Tuple[str, str]]:
    """(scenario, client) pairs to profile: one per scenario and client with a missed target."""
    wanted: List[Tuple[str, str]] = []
    for verdict in verdicts:
        if verdict.met is False and (verdict.scenario, verdict.client) not in wanted:
            wanted.append((verdict.scenario, verdict.client))
    return wanted


def _status(met: Optional[bool]) -> str:
    return "n/a" if met is None else ("met" if met else "MISSED")


# -- tables ------------------------------------------------------------------------------------


def _num(x: Any) -> str:
    if isinstance(x, bool) or not isinstance(x, (int, float)):
        return "-" if x is None else str(x)
    if abs(x) >= 10000:
        return f"{x / 1000:.0f}k"
    if abs(x) >= 100 or float(x).is_integer():
        return f"{x:.0f}"
    return f"{x:.1f}" if abs(x) >= 10 else f"{x:.2f}"


def _rows(summary: Summary) -> List[List[str]]:
    rows: List[List[str]] = []
    for scenario, metrics in METRICS.items():
        if scenario not in summary:
            continue
        for metric, label, kind in metrics:
            cells = [TITLES[scenario], label]
            cells += [_num(value(summary, scenario, client, metric)) for client in CLIENT_COLUMNS]
            for mine, theirs, _, _ in PAIRS:
                got = None
                if kind in ("time", "rate"):
                    got = time_ratio(summary, scenario, metric, kind=kind, mine=mine, theirs=theirs)
                cells.append("-" if got is None else f"{got:.2f}")
            rows.append(cells)
    return rows


HEADER = ["scenario", "metric", *CLIENT_COLUMNS, *(title for _, _, title, _ in PAIRS)]


def text_table(summary: Summary, verdicts: List[Verdict]) -> str:
    rows = [HEADER, *_rows(summary)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = ["  ".join(cell.rjust(w) if i > 1 else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.append("")
    lines.append("ratios are time ratios (ours ÷ theirs; for rates theirs ÷ ours): below 1 = ours faster")
    lines.append("")
    lines += [f"[{_status(v.met):>6}] {TITLES[v.scenario]}: {v.target}: {v.measured}"
              + (f"  (reference: {v.reference})" if v.reference else "") for v in verdicts]
    return "\n".join(lines)


def markdown_table(summary: Summary) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(row) + " |" for row in _rows(summary)]
    return "\n".join(lines)


def chart_groups(summary: Summary) -> List[Tuple[str, List[Tuple[int, float]]]]:
    groups: List[Tuple[str, List[Tuple[int, float]]]] = []
    for scenario, metrics in METRICS.items():
        for metric, label, kind in metrics:
            if kind not in ("time", "rate") or scenario == "ttfc" or metric in ("process_ms", "rps_1"):
                continue
            bars = []
            for mine, theirs, _, series in PAIRS:
                got = time_ratio(summary, scenario, metric, kind=kind, mine=mine, theirs=theirs)
                if got is not None:
                    bars.append((series, got))
            if bars:
                groups.append((f"{TITLES[scenario]}: {label}", bars))
    return groups

"""RESULTS.md, ratios.svg and results.json for one run, with the machine they ran on."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path
from typing import Any, Dict, List

from benchmarks import chart
from benchmarks.report import TITLES, Raw, Summary, Verdict, chart_groups, markdown_table

# Variables that change what a client does at start-up (CA bundles are loaded, proxies looked up).
ENV_NAMES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE", "SSL_CERT_FILE", "SSL_CERT_DIR", "HTTP_PROXY", "HTTPS_PROXY",
             "ALL_PROXY", "NO_PROXY")
PACKAGES = ("openai-compat", "openai", "httpx2", "httpx", "httpcore", "pydantic", "pydantic-core", "requests",
            "urllib3", "msgspec")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def git_state() -> str:
    """The commit measured, and whether the work tree had changes to the library on top of it."""
    root = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True,
                                check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "openai_compat"], cwd=root,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit} with uncommitted changes to openai_compat/" if dirty else commit


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_info(*, command: str, rounds: int, sizes: Dict[str, Any], elapsed_s: float,
                 load_start: str, commit: str) -> Dict[str, Any]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": command,
        "commit": commit,
        "cpu": _cpu_model(),
        "cores": os.cpu_count(),
        "load": load_average(),
        "load_start": load_start,
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "env": [name for name in ENV_NAMES if os.environ.get(name)],
        "os": platform.platform(),
        "versions": versions,
        "rounds": rounds,
        "sizes": sizes,
        "elapsed_s": round(elapsed_s, 1),
    }


NOTES = """\
## How to read this

- Every number is the **median over the rounds**. Rounds are interleaved: each round runs every
  client once, in a fresh process, in a rotated order, against the same loopback server
  (`benchmarks/server.py`: raw sockets, responses built as bytes at start-up).
- Streaming, embeddings and logprobs time `repeats` repetitions inside each measurement and keep
  their median; the table shows the median of those over the rounds.
- `.venv-bench` holds this package as an editable install in setuptools' compat mode (a path in a
  `.pth` file, so no import hook runs at start-up) and the pinned openai-python. `scripts/bench`
  compiles this package to bytecode and lets Python write .pyc files even where the environment sets
  `PYTHONDONTWRITEBYTECODE`: pip compiles openai-python at install, so otherwise only ours would be
  compiled from source in every fresh process.
- Clients: `ours` = `openai_compat.Client` on its default (requests) transport; `ours-urllib3` =
  `Client(transport=Urllib3Transport())`; `openai` = openai-python `OpenAI(base_url=..., api_key=...,
  max_retries=2)`; `floor-*` = hand-written loops (`benchmarks/floors.py`) on requests, urllib3 and
  http.client, decoding into msgspec Structs (`benchmarks/floor_types.py`). Typed results on every side.
- Ratio columns are **time ratios**: `ours/oai` = ours ÷ openai-python, `ours/flr` = ours ÷
  floor-requests, `u3/oai` = ours-urllib3 ÷ openai-python, `u3/flu3` = ours-urllib3 ÷ floor-urllib3.
  For rates (chunks/s, requests/s) the ratio is theirs ÷ ours, so **below 1 always means ours is faster**.
- 1 cold start: a new process imports the client, builds it, sends one chat completion and prints the
  answer; wall time from spawn to exit, peak RSS of that child (`os.wait4`).
- 2 import: `import openai_compat` (ours), `import openai`, `import requests, msgspec` (floor-requests),
  `import urllib3, msgspec`, `import http.client, msgspec`, each timed inside a fresh interpreter
  (median of 5 interpreters per round); `process ms` is the whole interpreter's wall time. Nothing is
  subtracted. `import openai_compat` loads neither requests nor urllib3: its transports load when a
  client is built (that cost is in the cold start).
- 3 steady state: small chat completions on one keep-alive connection after one warm-up call; `sockets`
  is what the server accepted for the warm-up and the loop (1 = one connection throughout).
- 4 streaming: one stream iterated as typed chunks (`chunk.choices[0].delta.content` read on each);
  `final ms` is a second stream folded into one completion: ours `get_final_completion()`,
  openai-python's `client.chat.completions.stream(...)` helper and its `get_final_completion()`
  (the helper builds a snapshot per chunk, as it documents); the floors join the content pieces into a
  typed completion.
- 4b reasoning stream: the stream of 4 with a piece of `reasoning_content` added to every content delta
  (the field DeepSeek, vLLM and Ollama reasoning models send), iterated reading `delta.content` and
  `delta.reasoning_content`, alternated in one process with the plain stream: `chunks/s` is the
  reasoning stream's, `plain chunks/s` the plain one's, `÷ plain` how much longer the reasoning stream
  takes. openai-python keeps the field as a pydantic extra.
- 5 first chunk: the server sends one event and pauses until the client, on seeing its first chunk,
  calls `/release` (or 2 s pass). `early` counts the rounds where the pause was still running, that is
  the first chunk reached the caller before the pause ended; `ms` is the time from the call to the
  first chunk, on a connection already open, after one untimed stream of each kind (the one-off
  set-up of a first stream belongs to the cold start).
- 6 embeddings: `float ms` asks `encoding_format="float"` on every side. `default ms` is each client's
  default path: openai-python asks for base64 and decodes it; ours asks for base64 only from OpenAI and
  Azure hosts, so against this loopback server it asks nothing and gets floats (the server honours the
  request like the real API). That is the honest default-path comparison, not the same bytes. The
  floors' default path asks for base64 and decodes it with `array`.
- 7 logprobs: `request ms` is the whole call; `decode ms` is the same call through each library's
  in-memory transport (ours `openai_compat.testing.MockTransport`, openai-python an `httpx2.MockTransport`
  http_client; the floors decode the bytes alone): request building plus decoding, no network.
- 8 concurrency: one client shared by N threads, each making the same number of calls to a route that
  answers after 20 ms; `speedup` = N-thread throughput ÷ one-thread throughput; `sockets` = sockets
  the server accepted over both phases; the floors' pools are sized to N.
- 11 bulk (ours only: openai-python has no bulk runner, so the yardstick is the limits themselves):
  `bulk.run` sends chat requests to a server in its own process that enforces a requests- and a
  tokens-per-minute limit (token buckets holding one second's worth; 429 with `retry-after-ms` and
  `x-ratelimit-*` headers over either) and answers after 50 ms. Prompts run from 100 to 700
  characters; the server counts a request's tokens as characters / 4 + `max_tokens`, the client
  estimates them on its own. `limits allow s` is the least time the limits permit after one
  second's burst; `threads s` is `bulk.run` on its thread pool, `2-worker Dask s` `bulk.run_dask` over
  a bag of 16 partitions on a `LocalCluster` started beforehand (the up-front check of every request
  included); `429 %` is the share of answers that were 429. The kill test runs
  `python -m openai_compat.bulk`, kills it with SIGKILL at a random point and runs it again.
"""


def write(directory: Path, *, summary: Summary, verdicts: List[Verdict], raw: Raw, profiles: Dict[str, str],
          meta: Dict[str, Any]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    title = f"openai-compat ÷ openai-python and floors, {meta['date']}"
    (directory / "ratios.svg").write_text(chart.render(title, chart_groups(summary)), encoding="utf-8")
    everything = {"meta": meta, "rounds": raw, "profiles": profiles}
    (directory / "results.json").write_text(json.dumps(everything, indent=1) + "\n")
    missed = [v for v in verdicts if v.met is False]
    judged = [v for v in verdicts if v.met is not None]
    lines = [
        "# Benchmark results",
        "",
        "Written by `benchmarks/run.py`; do not edit by hand. Quote ratios from this file only.",
        "",
        f"- Command: `{meta['command']}`",
        f"- Commit (when the run started): {meta['commit']}",
        f"- Date: {meta['date']}; {meta['rounds']} rounds; the whole run took {meta['elapsed_s']:.0f} s",
        f"- Machine: {meta['cpu']}, {meta['cores']} cores; {meta['os']}",
        f"- Load average (1 / 5 / 15 min) at the start {meta['load_start']}, at the end {meta['load']}: other work "
        "on the machine shows up in the numbers",
        f"- Python: {meta['python']}; CA and proxy variables set: {', '.join(meta['env']) or 'none'}",
        "- Packages: " + ", ".join(f"{name} {version}" for name, version in meta["versions"].items()),
        "- Sizes: " + ", ".join(f"{key} {value}" for key, value in meta["sizes"].items()),
        "",
        "## Targets",
        "",
    ]
    if judged:
        lines.append(f"{len(judged) - len(missed)} of {len(judged)} targets met"
                     + (f"; **{len(missed)} missed** (see Profile below)." if missed else "."))
    else:
        lines.append("Not judged: a smoke run makes no claim about speed.")
    lines += ["", "| scenario | target | measured | verdict | reference: a floor on the same measure |",
              "|---|---|---|---|---|"]
    for v in verdicts:
        verdict = "n/a" if v.met is None else ("met" if v.met else "**MISSED**")
        lines.append(f"| {TITLES[v.scenario]} | {v.target} | {v.measured} | {verdict} | {v.reference} |")
    lines += ["", "## Medians", "", markdown_table(summary), "", "![time ratios](ratios.svg)", "",
              _concurrency_notes(summary), _bulk_notes(summary), NOTES, "## Profile", "",
              "Each scenario with a missed target, run once more in-process for the client that missed it.", ""]
    if not profiles:
        lines.append("No target was missed, so nothing was profiled." if not missed else
                     "Targets were missed but profiles were not taken (`--no-profile`).")
    for name, text in profiles.items():
        scenario, client = name.split("/")
        how = "`python -X importtime`, 20 slowest imports by cumulative time" if scenario in ("cold", "import") \
            else "cProfile of the scenario run in-process, top 20 by cumulative time"
        lines += [f"### {TITLES[scenario]} — {client} ({how})", "", "```", text.rstrip(), "```", ""]
    (directory / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _bulk_notes(summary: Summary) -> str:
    row = summary.get("bulk", {}).get("ours")
    if not row:
        return ""
    lines = [f"Bulk jobs: {row['requests']:.0f} chat requests against a server enforcing "
             f"{row.get('rpm', 0):,.0f} requests and {row.get('tpm', 0):,.0f} tokens per minute, medians:", "",
             "| run | seconds | the limits allow | ratio | answered 429 |", "|---|---|---|---|---|"]
    for name, label in (("threads", "threads (`bulk.run`)"), ("dask", "2-worker LocalCluster (`bulk.run_dask`)")):
        lines.append(f"| {label} | {row[name + '_s']:.1f} | {row['physical_s']:.1f} | {row[name + '_ratio']:.3f}x | "
                     f"{row[name + '_429_pct']:.2f}% |")
    lines += ["", f"Killed with SIGKILL at a random point (median {row['kill_at_lines']:.0f} lines written), then "
              f"rerun: every custom_id exactly once in {row['kill_exactly_once']} rounds; requests sent twice "
              f"(in flight at the kill): median {row['kill_sent_twice']:.0f}."]
    return "\n".join(lines) + "\n"


def _concurrency_notes(summary: Summary) -> str:
    rows = summary.get("concurrency")
    if not rows:
        return ""
    lines = ["Concurrency, side by side (pool size as each client is built by default; floors sized to N):", "",
             "| client | threads | speedup | errors | sockets | pool size |", "|---|---|---|---|---|---|"]
    for client, row in rows.items():
        lines.append(f"| {client} | {row['threads']:.0f} | {row['speedup']:.1f}x | {row['errors']} | "
                     f"{row['sockets']} | {row['pool_size']} |")
        if row.get("first_error"):
            lines.append(f"|  | first error: {row['first_error'][:150]} | | | | |")
    return "\n".join(lines) + "\n"

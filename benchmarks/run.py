"""The benchmark run: ``./scripts/bench [--smoke] [--scenario NAME]... [--rounds N] [--output DIR]``.

Starts the loopback server, then for each scenario runs every client in a fresh process
(``measure.py``), interleaved: round 1 runs each client once, then round 2, and so on, with the
client order rotated each round. Prints the table of medians and ratios; a full run (every
scenario, not a smoke run) also writes ``benchmarks/RESULTS.md``, ``ratios.svg`` and
``results.json``, with a cProfile (or ``-X importtime``) top 20 for each scenario whose target
was missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

from benchmarks import document, report
from benchmarks.server import BenchServer, Sizes

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ALL = ("ours", "ours-urllib3", "openai", "floor-requests", "floor-urllib3", "floor-httpclient")
CLIENTS: Dict[str, Tuple[str, ...]] = {
    "cold": ALL,
    "import": ("ours", "openai", "floor-requests", "floor-urllib3", "floor-httpclient"),
    "steady": ALL,
    "stream": ALL,
    "reasoning": ("ours", "ours-urllib3", "openai"),
    "ttfc": ALL,
    "embeddings": ALL,
    "logprobs": ALL,
    "concurrency": ALL,
    "upload": ("ours", "ours-urllib3", "openai"),
    "download": ("ours", "ours-urllib3", "openai"),
    "bulk": ("ours",),  # openai-python has no bulk runner: measured against the limits instead
}
# repeats: timed repetitions inside one measurement of streaming, embeddings and logprobs (median taken).
FULL = {"steady_requests": 2000, "embeddings": 1000, "logprob_tokens": 4000, "repeats": 3,
        "threads": 32, "per_thread": 16, "stream_chunks": 20_000, "pause_s": 2.0, "transfer_bytes": 1 << 30,
        "bulk_requests": 5000, "bulk_rpm": 20_000, "bulk_tpm": 2_400_000, "bulk_delay_ms": 50}
SMOKE = {"steady_requests": 20, "embeddings": 4, "logprob_tokens": 40, "repeats": 1,
         "threads": 4, "per_thread": 2, "stream_chunks": 50, "pause_s": 1.0, "transfer_bytes": 4 << 20,
         "bulk_requests": 60, "bulk_rpm": 1200, "bulk_tpm": 240_000, "bulk_delay_ms": 50}
# Seconds one measurement may take (full run, smoke run): a hang fails the run instead of blocking it.
MEASURE_TIMEOUT = {"full": 300, "smoke": 60}


def measure(scenario: str, client: str, config: Dict[str, Any], *, profile: bool = False) -> Dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.measure", scenario, client, json.dumps(config)]
    if profile:
        command.append("--profile")
    timeout = MEASURE_TIMEOUT["smoke" if config["smoke"] else "full"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{scenario}/{client} failed (exit {done.returncode}):\n{done.stderr[-4000:]}")
    result: Dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true", help="each scenario once, tiny sizes, no speed verdicts")
    parser.add_argument("--scenario", action="append", choices=list(CLIENTS), help="run only this one (repeatable)")
    parser.add_argument("--rounds", type=int, help="rounds per scenario (default 5; 1 with --smoke)")
    parser.add_argument("--output", type=Path, help="where RESULTS.md goes (default: benchmarks/ for a full run "
                        "of every scenario; partial and smoke runs write nothing unless given)")
    parser.add_argument("--no-profile", action="store_true", help="skip the profiles of missed targets")
    args = parser.parse_args(argv)
    if args.rounds is not None and args.rounds < 1:
        parser.error("--rounds must be at least 1")
    return args


def main(argv: Optional[List[str]] = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    started = time.perf_counter()
    load_start, commit = document.load_average(), document.git_state()
    sizes = dict(SMOKE if args.smoke else FULL)
    rounds = args.rounds or (1 if args.smoke else 5)
    scenarios = args.scenario or list(CLIENTS)
    output: Optional[Path] = args.output
    if output is None and not args.smoke and not args.scenario:
        output = HERE
    command = " ".join([os.environ.get("OC_BENCH_LAUNCHER", "python -m benchmarks.run"), *argv])
    print(f"building payloads and starting the server ({'smoke' if args.smoke else 'full'} sizes) ...",
          file=sys.stderr)
    server_sizes = Sizes(stream_chunks=sizes["stream_chunks"], embeddings=sizes["embeddings"],
                         logprob_tokens=sizes["logprob_tokens"], pause_s=sizes["pause_s"],
                         transfer_bytes=sizes["transfer_bytes"])
    with BenchServer(server_sizes) as server:
        config: Dict[str, Any] = {
            "root": server.url, "smoke": args.smoke, **sizes,
            "stream_text_len": len(server.routes.stream_text), "pause_text": server.routes.pause_text,
        }
        raw: Dict[str, Dict[str, List[Dict[str, Any]]]] = {}
        for scenario in scenarios:
            phase = time.perf_counter()
            clients = CLIENTS[scenario]
            raw[scenario] = {client: [] for client in clients}
            if scenario in ("cold", "import") and not args.smoke:
                for client in clients:  # a discarded warm-up: .pyc files and the page cache
                    measure(scenario, client, config)
            for index in range(rounds):
                order = clients[index % len(clients):] + clients[:index % len(clients)]
                for client in order:
                    raw[scenario][client].append(measure(scenario, client, config))
            print(f"  {scenario}: {rounds} round(s) x {len(clients)} clients in {time.perf_counter() - phase:.1f} s",
                  file=sys.stderr)

        summary = report.summarize(raw)
        verdicts = report.evaluate(summary, smoke=args.smoke)
        print()
        print(report.text_table(summary, verdicts))
        profiles: Dict[str, str] = {}
        if output is not None or args.smoke:
            wanted = report.profile_targets(verdicts)
            if args.smoke:
                wanted = [("steady", "ours")]  # exercise the profiler so it never rots
            if not args.no_profile:
                for scenario, client in wanted:
                    if scenario in raw:
                        print(f"  profiling {scenario}/{client} ...", file=sys.stderr)
                        profiles[f"{scenario}/{client}"] = measure(scenario, client, config, profile=True)["profile"]
        elapsed = time.perf_counter() - started
        meta = document.machine_info(command=command, rounds=rounds, sizes=sizes, elapsed_s=elapsed,
                                     load_start=load_start, commit=commit)
        if args.smoke and output is None:
            with tempfile.TemporaryDirectory() as tmp:
                document.write(Path(tmp), summary=summary, verdicts=verdicts, raw=raw, profiles=profiles, meta=meta)
                if not (Path(tmp) / "RESULTS.md").is_file() or not (Path(tmp) / "ratios.svg").is_file():
                    raise RuntimeError("the smoke run did not produce RESULTS.md and ratios.svg")
        elif output is not None:
            document.write(output, summary=summary, verdicts=verdicts, raw=raw, profiles=profiles, meta=meta)
            print(f"wrote {output / 'RESULTS.md'} and {output / 'ratios.svg'}", file=sys.stderr)
    print(f"total {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

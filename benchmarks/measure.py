"""One measurement in a fresh process: ``python -m benchmarks.measure SCENARIO CLIENT CONFIG_JSON``.

Prints one JSON line of metrics. ``--profile`` runs the same work under cProfile (or, for the
start-up scenarios, ``-X importtime``) and adds the top 20 entries as ``profile``. The run
(``run.py``) starts the server, calls this once per client per round and takes the medians.
"""

from __future__ import annotations

import cProfile
import http.client
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import sysconfig
import threading
import time
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple
from urllib.parse import urlsplit

from benchmarks import bulk, transfer
from benchmarks.adapters import make
from benchmarks.payloads import SMALL_ANSWER

Metrics = Dict[str, Any]
ROOT = Path(__file__).resolve().parent.parent
IMPORTS = {
    "ours": "import openai_compat",
    "openai": "import openai",
    "floor-requests": "import requests, msgspec",
    "floor-urllib3": "import urllib3, msgspec",
    "floor-httpclient": "import http.client, msgspec",
}
IMPORT_SPAWNS = 5  # fresh interpreters per import measurement (their median is reported)
# While PROFILING is set, the concurrency scenario profiles each worker thread into THREAD_PROFILERS.
PROFILING = threading.Event()
THREAD_PROFILERS: List[cProfile.Profile] = []


def server_get(root: str, path: str) -> Any:
    """A GET to the benchmark server's control routes, on its own connection."""
    url = urlsplit(root)
    conn = http.client.HTTPConnection(url.hostname or "127.0.0.1", url.port, timeout=10)
    try:
        conn.request("GET", path)
        return json.loads(conn.getresponse().read())
    finally:
        conn.close()


def accepted(root: str) -> int:
    """Sockets the server accepted before this question (which opens one more)."""
    return int(server_get(root, "/stats")["accepted"]) - 1


# -- start-up scenarios: child processes ---------------------------------------------------------


def cold(client: str, config: Metrics) -> Metrics:
    command = [sys.executable, "-m", "benchmarks.cold_start", client, config["root"] + "/v1"]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    out, err = child.communicate()
    if child.returncode != 0 or out.decode().strip() != SMALL_ANSWER:
        raise RuntimeError(f"cold start of {client} failed: {err.decode()[-2000:]}")
    return {"wall_ms": wall * 1000, "peak_rss_mb": usage.ru_maxrss / 1024}


def import_(client: str, config: Metrics) -> Metrics:
    statement = IMPORTS[client]
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    imports: List[float] = []
    walls: List[float] = []
    for _ in range(IMPORT_SPAWNS):
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
        walls.append(time.perf_counter() - started)
        imports.append(float(out))
    return {"import_ms": statistics.median(imports) * 1000, "process_ms": statistics.median(walls) * 1000}


def importtime_profile(client: str, config: Metrics) -> str:
    """The 20 slowest imports (cumulative) of a start-up, from ``python -X importtime``."""
    if config["scenario"] == "cold":
        command = [sys.executable, "-X", "importtime", "-m", "benchmarks.cold_start", client, config["root"] + "/v1"]
    else:
        command = [sys.executable, "-X", "importtime", "-c", IMPORTS[client]]
    err = subprocess.run(command, check=True, capture_output=True, text=True).stderr
    rows: List[Tuple[int, int, str]] = []
    for line in err.splitlines():
        parts = line.split("|")
        if len(parts) == 3 and parts[0].startswith("import time:") and parts[1].strip().isdigit():
            rows.append((int(parts[1]), int(parts[0].split(":")[1]), parts[2].rstrip()))
    rows.sort(reverse=True)
    lines = ["cumulative_us   self_us  module", *(f"{c:>13} {s:>9}  {m}" for c, s, m in rows[:20])]
    return "\n".join(lines)


# -- scenarios in this process -----------------------------------------------------------------------


def steady(client: str, config: Metrics) -> Metrics:
    adapter = make(client, config["root"])
    count = config["steady_requests"]
    before = accepted(config["root"])
    adapter.chat()  # connect, and load what the first call loads
    started = time.perf_counter()
    for _ in range(count):
        adapter.chat()
    elapsed = time.perf_counter() - started
    sockets = accepted(config["root"]) - before - 1  # the first stats question's own socket
    adapter.close()
    return {"us_per_request": elapsed / count * 1e6, "sockets": sockets}


def stream(client: str, config: Metrics) -> Metrics:
    adapter = make(client, config["root"])
    adapter.chat()
    iterate: List[float] = []
    final: List[float] = []
    for _ in range(config["repeats"]):
        started = time.perf_counter()
        chunks = adapter.stream_iter()
        iterate.append(time.perf_counter() - started)
        started = time.perf_counter()
        text = adapter.stream_final()
        final.append(time.perf_counter() - started)
        if chunks != config["stream_chunks"] or len(text) != config["stream_text_len"]:
            raise RuntimeError(f"{client}: {chunks} chunks, {len(text)} characters of text: not what was sent")
    adapter.close()
    seconds = statistics.median(iterate)
    return {"chunks_per_s": chunks / seconds, "iterate_ms": seconds * 1000, "final_ms": statistics.median(final) * 1000}


def reasoning(client: str, config: Metrics) -> Metrics:
    """The plain stream and the same stream with ``reasoning_content`` in its deltas, alternated in one
    process: chunks/s of each, and how much slower the provider field makes the stream."""
    adapter = make(client, config["root"])
    times: Dict[str, List[float]] = {"stream": [], "stream-reasoning": []}
    for model in times:  # untimed: the first stream of each kind pays one-off set-up (decoders, imports)
        adapter.stream_iter(model)
    for _ in range(config["repeats"]):
        for model, seconds in times.items():
            started = time.perf_counter()
            chunks = adapter.stream_iter(model)
            seconds.append(time.perf_counter() - started)
            if chunks != config["stream_chunks"]:
                raise RuntimeError(f"{client}: {chunks} chunks of {model}: not what was sent")
    adapter.close()
    plain, extended = (statistics.median(times[model]) for model in ("stream", "stream-reasoning"))
    count = config["stream_chunks"]
    return {"chunks_per_s": count / extended, "plain_chunks_per_s": count / plain, "slowdown": extended / plain}


def ttfc(client: str, config: Metrics) -> Metrics:
    """Time to the first chunk of a paused stream, chunked and close-delimited, on a connection
    already open. Both variants run once untimed first: the first stream of a process pays one-off
    set-up (lazy imports, decoders), which the cold start measures; this measures the streaming path."""
    adapter = make(client, config["root"])
    result: Metrics = {}

    def first_chunk(variant: str) -> Dict[str, Any]:
        seen: Dict[str, Any] = {}

        def on_first() -> None:
            seen["at"] = time.perf_counter()
            seen["released"] = server_get(config["root"], "/release")["released"]

        started = time.perf_counter()
        text = adapter.first_chunk(f"pause-{variant}", on_first)
        if text != config["pause_text"]:
            raise RuntimeError(f"{client}: the paused stream's text came back wrong: {text!r}")
        return {"ms": (seen["at"] - started) * 1000, "before_pause": bool(seen["released"])}

    adapter.chat()
    first_chunk("chunked")
    first_chunk("close")  # the server closes this connection at the end of the body
    adapter.chat()  # so open one again
    for variant in ("chunked", "close"):
        seen = first_chunk(variant)
        result[f"{variant}_ms"] = seen["ms"]
        result[f"{variant}_before_pause"] = seen["before_pause"]
    adapter.close()
    return result


def embeddings(client: str, config: Metrics) -> Metrics:
    adapter = make(client, config["root"])
    adapter.chat()
    count = config["embeddings"]
    adapter.embeddings(count, "float")  # untimed: the first big body grows the heap, for every client alike
    times: Dict[str, List[float]] = {"float": [], "default": []}
    for _ in range(config["repeats"]):
        for name, encoding_format in (("float", "float"), ("default", None)):
            started = time.perf_counter()
            adapter.embeddings(count, encoding_format)
            times[name].append(time.perf_counter() - started)
    adapter.close()
    return {f"{name}_ms": statistics.median(values) * 1000 for name, values in times.items()}


def logprobs(client: str, config: Metrics) -> Metrics:
    adapter = make(client, config["root"])
    adapter.chat()
    tokens = config["logprob_tokens"]
    raw = config_body(config)
    adapter.decode_logprobs(raw)  # build the in-memory client once, untimed
    request_times: List[float] = []
    decode_times: List[float] = []
    for _ in range(config["repeats"]):
        started = time.perf_counter()
        if adapter.logprobs() != tokens:
            raise RuntimeError(f"{client}: wrong number of logprob tokens")
        request_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        if adapter.decode_logprobs(raw) != tokens:
            raise RuntimeError(f"{client}: wrong number of logprob tokens (in-memory)")
        decode_times.append(time.perf_counter() - started)
    adapter.close()
    return {"request_ms": statistics.median(request_times) * 1000,
            "decode_ms": statistics.median(decode_times) * 1000}


def config_body(config: Metrics) -> bytes:
    from benchmarks.payloads import logprobs_completion

    return logprobs_completion(config["logprob_tokens"])


def concurrency(client: str, config: Metrics) -> Metrics:
    threads, per_thread = config["threads"], config["per_thread"]
    adapter = make(client, config["root"], pool_size=threads)
    before = accepted(config["root"])
    adapter.chat()  # connect, and load what the first call loads
    started = time.perf_counter()
    for _ in range(per_thread):
        adapter.chat("slow")
    one_thread = per_thread / (time.perf_counter() - started)

    errors: List[str] = []
    barrier = threading.Barrier(threads + 1)

    def work() -> None:
        profiler = None
        if PROFILING.is_set():
            profiler = cProfile.Profile()
            THREAD_PROFILERS.append(profiler)
        barrier.wait()
        if profiler is not None:
            profiler.enable()
        for _ in range(per_thread):
            try:
                if adapter.chat("slow") != SMALL_ANSWER:
                    errors.append("wrong answer")
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
        if profiler is not None:
            profiler.disable()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    barrier.wait()
    started = time.perf_counter()
    for worker in workers:
        worker.join()
    many = threads * per_thread / (time.perf_counter() - started)
    sockets = accepted(config["root"]) - before - 1
    adapter.close()
    return {"threads": threads, "rps_1": one_thread, "rps_many": many, "speedup": many / one_thread,
            "errors": len(errors), "first_error": errors[0] if errors else "", "sockets": sockets,
            "pool_size": adapter.pool_size}


SCENARIOS: Dict[str, Callable[[str, Metrics], Metrics]] = {
    "cold": cold,
    "import": import_,
    "steady": steady,
    "stream": stream,
    "reasoning": reasoning,
    "ttfc": ttfc,
    "embeddings": embeddings,
    "logprobs": logprobs,
    "concurrency": concurrency,
    "upload": transfer.upload,
    "download": transfer.download,
    "bulk": bulk.measure,
}


def profile(scenario: str, client: str, config: Metrics) -> str:
    """The top 20 functions by cumulative time while ``scenario`` runs in this process, and the
    top 15 by own time. The concurrency scenario's worker threads are profiled and merged in."""
    if scenario in ("cold", "import"):
        return importtime_profile(client, config)
    PROFILING.set()
    profiler = cProfile.Profile()
    profiler.runcall(SCENARIOS[scenario], client, config)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    for extra in THREAD_PROFILERS:
        stats.add(extra)
    stats.sort_stats("cumulative").print_stats(20)
    out.write("\n--- top 15 by own time (tottime) ---\n")
    stats.sort_stats("tottime").print_stats(15)
    text = out.getvalue()
    prefixes = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["stdlib"], str(ROOT)}
    for prefix in sorted(prefixes, key=len, reverse=True):
        text = text.replace(prefix + "/", "")
    return "\n".join(line for line in text.splitlines() if line.strip() and not line.startswith(("   Ordered by",
                                                                                                   "   List reduced")))


def main() -> None:
    scenario, client, config_json = sys.argv[1:4]
    config: Metrics = json.loads(config_json)
    config["scenario"] = scenario
    if "--profile" in sys.argv[4:]:
        result: Metrics = {"profile": profile(scenario, client, config)}
    else:
        result = SCENARIOS[scenario](client, config)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""``import openai_compat`` stays cheap: no asyncio, no HTTP library, no network work."""

from __future__ import annotations

import subprocess
import sys
import time


def _import_seconds(statement: str, runs: int = 5) -> float:
    """Best-of-N wall time of a fresh interpreter running ``statement`` (startup included)."""
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True)
        best = min(best, time.perf_counter() - started)
    return best


def test_import_loads_no_asyncio_and_no_http_library() -> None:
    code = (
        "import sys, openai_compat; from openai_compat import Client, Stream, RateLimitError; "
        "bad = [m for m in ('asyncio', 'anyio', 'sniffio', 'httpx', 'requests', 'urllib3', 'websocket', 'numpy')"
        " if m in sys.modules]; print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == ""


def test_client_construction_loads_no_asyncio() -> None:
    code = (
        "import sys; from openai_compat import Client; Client(api_key='k', base_url='http://127.0.0.1:9'); "
        "print('asyncio' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.strip() == "False"


def test_import_costs_at_most_about_requests_plus_msgspec() -> None:
    # A generous bound: the benchmark command measures this precisely; here we only catch regressions
    # such as an eager import of a transport or a heavy module.
    ours = _import_seconds("import openai_compat; from openai_compat import Client")
    baseline = _import_seconds("import requests, msgspec")
    assert ours <= baseline * 1.5, f"import openai_compat took {ours:.3f}s vs {baseline:.3f}s for requests+msgspec"

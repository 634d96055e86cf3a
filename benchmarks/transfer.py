"""The upload and download scenarios: one large file each way, peak memory and speed.

Each runs in a fresh process (``measure.py``), so ``ru_maxrss`` is this process's own peak: the
baseline is read once the client is built and has made one small call, and the metric is how far
the peak rose above it while moving ``transfer_bytes``. The upload sends a sparse file (no disk
reads to speak of); the download writes a real file in a temporary directory and checks its size.
openai-python uploads through ``files.create`` (it reads the file into memory; it has no other
way) and downloads through ``with_streaming_response`` + ``stream_to_file``, its streaming path.
"""

from __future__ import annotations

import resource
import tempfile
import time
from pathlib import Path
from typing import Any, Dict

Metrics = Dict[str, Any]
API_KEY = "sk-bench-not-a-real-key"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _client(client: str, root: str) -> Any:
    if client == "openai":
        from openai import OpenAI

        return OpenAI(base_url=root + "/v1", api_key=API_KEY, max_retries=0)
    from openai_compat import Client

    kwargs: Dict[str, Any] = {}
    if client == "ours-urllib3":
        from openai_compat import Urllib3Transport

        kwargs["transport"] = Urllib3Transport()
    return Client(base_url=root + "/v1", api_key=API_KEY, max_retries=0, **kwargs)


def upload(client: str, config: Metrics) -> Metrics:
    size = config["transfer_bytes"]
    api = _client(client, config["root"])
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "upload.jsonl"
        with open(source, "wb") as handle:
            handle.truncate(size)  # sparse: the page cache, not the disk, serves it
        warm = Path(tmp) / "warm.jsonl"  # a first small upload keeps one-off costs out of the peak
        warm.write_bytes(b"{}\n")
        api.files.create(file=warm, purpose="batch")
        baseline = _peak_mb()
        started = time.perf_counter()
        created = api.files.create(file=source, purpose="batch")
        elapsed = time.perf_counter() - started
        peak = _peak_mb()
    if not size < created.bytes < size + 4096:  # the file plus the multipart framing
        raise RuntimeError(f"{client}: the server counted {created.bytes} bytes for a file of {size}")
    api.close()
    return {"mb_per_s": size / elapsed / 2**20, "rss_growth_mb": peak - baseline}


def download(client: str, config: Metrics) -> Metrics:
    size = config["transfer_bytes"]
    api = _client(client, config["root"])
    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "download.bin"
        _fetch(client, api, "file-small", target)  # a 1 KiB warm-up keeps one-off costs out of the peak
        baseline = _peak_mb()
        started = time.perf_counter()
        _fetch(client, api, "file-bench", target)
        elapsed = time.perf_counter() - started
        peak = _peak_mb()
        got = target.stat().st_size
    if got != size:
        raise RuntimeError(f"{client}: wrote {got} bytes, the server sent {size}")
    api.close()
    return {"mb_per_s": size / elapsed / 2**20, "rss_growth_mb": peak - baseline}


def _fetch(client: str, api: Any, file_id: str, target: Path) -> None:
    if client == "openai":
        with api.files.with_streaming_response.content(file_id) as response:
            response.stream_to_file(target)
    else:
        with api.files.content(file_id) as response:
            response.write_to_file(target)

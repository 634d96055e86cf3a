"""One big chat stream in a fresh interpreter, for ``test_stream_memory.py``: prints one JSON line.

Usage: ``python _stream_memory_child.py BASE_URL TRANSPORT MODEL [MAX_SNAPSHOT_SIZE]``. A warm-up
stream first (imports, buffers, the connection), then the stream the server serves for ``MODEL``,
read to its end keeping nothing; ``MODEL`` ending in ``-final`` also asks for the final completion.
Reports the growth of the peak RSS over the warm-up's and the time, after reading the stream
(``read_...``) and at the end (after the final completion or the error), the chunks read and how
it ended.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any, Dict

from openai_compat import APIStreamError, Client, RequestsTransport, SnapshotTooLargeError, Urllib3Transport

USER = [{"role": "user", "content": "Repeat yourself."}]


def peak_kib() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS, KiB on Linux


def main() -> None:
    base_url, kind, model = sys.argv[1:4]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 32 * 1024 * 1024
    transport = RequestsTransport() if kind == "requests" else Urllib3Transport()
    client = Client(api_key="sk-test", base_url=base_url, transport=transport, max_retries=0,
                    max_snapshot_size=limit)
    warm = client.chat.completions.create(model="warm", messages=USER, stream=True)
    warm.get_final_completion()
    before = peak_kib()
    started = time.monotonic()
    report: Dict[str, Any] = {"chunks": 0}
    stream = client.chat.completions.create(model=model, messages=USER, stream=True)
    try:
        for _ in stream:
            report["chunks"] += 1
        report["outcome"] = "end"
        report["read_seconds"] = round(time.monotonic() - started, 2)
        report["read_rss_growth_mib"] = round((peak_kib() - before) / 1024, 1)
        if model.endswith("-final"):
            completion = stream.get_final_completion()
            report["outcome"] = f"final of {len(completion.choices[0].message.content or '')} characters"
    except SnapshotTooLargeError as exc:
        kept = exc.snapshot.choices[0].message.content if exc.snapshot is not None else ""
        report["outcome"] = f"SnapshotTooLargeError, snapshot of {len(kept or '')} characters"
    except APIStreamError as exc:
        kept = exc.snapshot.choices[0].message.content if exc.snapshot is not None else ""
        report["outcome"] = (
            f"APIStreamError {exc.message!r}, {len(exc.items)} items, snapshot of {len(kept or '')} characters"
        )
    report["seconds"] = round(time.monotonic() - started, 2)
    report["rss_growth_mib"] = round((peak_kib() - before) / 1024, 1)
    print(json.dumps(report))


if __name__ == "__main__":
    main()

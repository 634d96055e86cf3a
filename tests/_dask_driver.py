"""Run by tests/test_distributed.py in a fresh interpreter: a Dask LocalCluster maps chat completions
over a pickled client against the test's loopback server.

Importing distributed changes process-wide state (it installs tblib's exception pickling for every
exception class, and configures logging), so it runs here rather than inside the pytest process.

Usage: python _dask_driver.py BASE_URL TRANSPORT[,TRANSPORT...] TASKS PARENT_KEY WORKER_KEY.
This process builds the client with PARENT_KEY; the workers' environment holds WORKER_KEY as
OPENAI_API_KEY. Prints one JSON line: for each transport, what each task returned.
"""

from __future__ import annotations

import json
import os
import pickle
import sys
from typing import Any, Dict, List, Tuple

import distributed

from openai_compat import ChatCompletion, Client, RequestsTransport, Urllib3Transport

TRANSPORTS = {"requests": RequestsTransport, "urllib3": Urllib3Transport}


def complete(client: Client, index: int) -> Tuple[int, ChatCompletion]:
    """Runs in a worker: one chat completion; the typed result travels back by pickle."""
    result = client.chat.completions.create(model="m", messages=[{"role": "user", "content": f"n{index}"}])
    return os.getpid(), result


def main(base_url: str, transports: List[str], tasks: int, parent_key: str, worker_key: str) -> None:
    report: Dict[str, Any] = {}
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        env={"OPENAI_API_KEY": worker_key},
    ) as cluster, distributed.Client(cluster) as dask:
        for name in transports:
            client = Client(api_key=parent_key, base_url=base_url, transport=TRANSPORTS[name](), max_retries=0,
                            timeout=30)
            assert parent_key.encode() not in pickle.dumps(client)
            futures = dask.map(complete, [client] * tasks, range(tasks), pure=False)
            rows = []
            for future in futures:
                pid, result = future.result(timeout=60)
                message = result.choices[0].message
                rows.append({
                    "remote": pid != os.getpid(),
                    "type": type(result).__name__ if type(result) is ChatCompletion else repr(type(result)),
                    "content": message.content,
                    "reasoning_content": message.reasoning_content,
                    "request_id": result._request_id,
                })
            report[name] = rows
    print(json.dumps(report))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2].split(","), int(sys.argv[3]), sys.argv[4], sys.argv[5])

"""Run by tests/test_bulk_dask.py in a fresh interpreter (importing distributed changes process-wide
state): a bulk job on a 2-worker ``LocalCluster`` against the test's loopback server.

Usage: python _bulk_dask_driver.py MODE BASE_URL OUTPUT COUNT RPM
MODE is ``bag`` (``bulk.run_dask`` over a bag of 4 partitions) or ``executor`` (``bulk.run`` with
the cluster's executor). Prints the summary as one JSON line, with the process ids that ran requests.
"""

from __future__ import annotations

import dataclasses
import json
import sys

import dask.bag
import distributed

from openai_compat import Client, bulk


def request(index: int) -> dict:
    return {"custom_id": f"row-{index}", "method": "POST", "url": "/v1/chat/completions",
            "body": {"model": "m", "messages": [{"role": "user", "content": f"row-{index}"}]}}


def main(mode: str, base_url: str, output: str, count: int, rpm: float) -> None:
    client = Client(api_key="sk-test-bulk-dask", base_url=base_url, pickle_api_key=True, max_retries=2)
    requests = [request(index) for index in range(count)]
    with distributed.LocalCluster(n_workers=2, threads_per_worker=2, processes=True, host="127.0.0.1",
                                  dashboard_address=None) as cluster, distributed.Client(cluster) as dask_client:
        if mode == "bag":
            bag = dask.bag.from_sequence(requests, npartitions=4)
            summary = bulk.run_dask(client, bag, output=output, max_requests_per_minute=rpm, concurrency=8,
                                    progress=False, dask_client=dask_client)
        else:
            summary = bulk.run(client, requests, output=output, max_requests_per_minute=rpm, concurrency=8,
                               executor=dask_client, progress=False)
    print(json.dumps(dataclasses.asdict(summary)))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))

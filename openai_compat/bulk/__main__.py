"""``python -m openai_compat.bulk requests.jsonl results.jsonl --rpm 500 --tpm 200000``

Runs a bulk job from a shell: every request of a Batch-API input file, at the rate limits, into a
results file in the Batch API's output format. Rerun the same command to go on after a stop.
The client is configured from the environment (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ...),
with ``--base-url`` and ``--max-retries`` on top.

Exit status: 0 when every request has a line in the results (some may be error lines: see the
summary), 1 when the input or output cannot be used, 3 when the job stopped early and can be
resumed by running it again, 130 when interrupted.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from typing import Callable, List, Optional

from .. import Client, OpenAIError
from . import BulkInputError, OutputInUseError, Summary, run

EXIT_INCOMPLETE = 3


def _positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value > 0:
            raise argparse.ArgumentTypeError(f"must be above 0, got {text}")
        return value

    return parse


def parse_args(argv: List[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m openai_compat.bulk",
        description="Send every request of a Batch-API input file (JSONL) at your rate limits and write the "
                    "results in the Batch API's output format. Rerun to resume: requests already in the "
                    "results file are skipped.",
    )
    parser.add_argument("requests", help="input JSONL: one {custom_id, method, url, body} per line")
    parser.add_argument("output", help="results JSONL (appended to; created if missing)")
    parser.add_argument("--rpm", type=_positive(float), help="requests per minute (default: learned from the "
                        "server's x-ratelimit headers)")
    parser.add_argument("--tpm", type=_positive(float), help="tokens per minute (default: learned likewise)")
    parser.add_argument("--concurrency", type=_positive(int), default=32, help="requests in flight at most "
                        "(default 32)")
    parser.add_argument("--via", choices=("live", "batch"), default="live",
                        help="live requests (default), or the Batch API: half the price, within 24 hours")
    parser.add_argument("--base-url", help="the API's base URL (default: OPENAI_BASE_URL, else OpenAI's)")
    parser.add_argument("--max-retries", type=int, default=2, help="retries of a failed request (default 2)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar or progress lines")
    parser.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    return parser.parse_args(argv)


def report(summary: Summary, as_json: bool) -> None:
    if as_json:
        fields = dataclasses.asdict(summary)
        fields.update(complete=summary.complete, remaining=summary.remaining)
        print(json.dumps(fields))
    else:
        print(summary)


def main(argv: Optional[List[str]] = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        client = Client(base_url=args.base_url, max_retries=args.max_retries)
    except OpenAIError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    try:
        with client:
            summary = run(client, args.requests, output=args.output, max_requests_per_minute=args.rpm,
                          max_tokens_per_minute=args.tpm, concurrency=args.concurrency, via=args.via,
                          progress=not args.no_progress)
    except (BulkInputError, OutputInUseError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: run the same command again to go on where this stopped", file=sys.stderr)
        return 130
    report(summary, args.json)
    if not summary.complete:
        print(f"the job stopped before the end ({summary.stopped or 'requests remain'}); run the same command "
              "again to go on", file=sys.stderr)
        return EXIT_INCOMPLETE
    return 0


if __name__ == "__main__":
    sys.exit(main())
